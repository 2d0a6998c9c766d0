#!/bin/sh
# Runs the outside harness's shape against Samskap and the minimal broadcast
# hub in one sitting, pinned: both servers on core 0 (GOMAXPROCS as given,
# default 2), the tool on core 1. Prints the per-step table and the ratios
# Samskap/hub, and writes the JSON to $OUT (default /tmp/harness.json).
#
#   load/harness.sh                       # 10,000, 50,000, 100,000 deliveries/s, 1 round
#   ROUNDS=3 load/harness.sh              # the lead's rerun: about 4-5 minutes
#   ROUNDS=3 RATES=50000d DURATION=15s load/harness.sh
#   SERVER=/tmp/old-samskap load/harness.sh   # a server built elsewhere (e.g. git archive of main)
#
# Needs taskset (util-linux). Everything listens on 127.0.0.1 only.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-/tmp/samskap-harness}
mkdir -p "$BIN"
GOMAXPROCS_SERVER=${GOMAXPROCS_SERVER:-2}
SERVER_CPU=${SERVER_CPU:-0}
TOOL_CPU=${TOOL_CPU:-1}
RATES=${RATES:-10000d,50000d,100000d}
ROUNDS=${ROUNDS:-1}
DURATION=${DURATION:-8s}
CLIENTS=${CLIENTS:-1000}
BOARDS=${BOARDS:-20}
OUT=${OUT:-/tmp/harness.json}
PORT=${PORT:-18180}
HUBPORT=${HUBPORT:-18190}
TOKEN=harness-token-0123456789abcdef
go build -o "$BIN/samskap-load" ./cmd/samskap-load
if [ -z "${SERVER:-}" ]; then
	go build -o "$BIN/samskap" .
	SERVER=$BIN/samskap
fi
DATA=$(mktemp -d /tmp/samskap-harness-data.XXXXXX)
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true
	[ -n "${HPID:-}" ] && kill "$HPID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$DATA"
}
trap cleanup EXIT INT TERM
GOMAXPROCS=$GOMAXPROCS_SERVER taskset -c "$SERVER_CPU" "$SERVER" -addr 127.0.0.1:$PORT -data "$DATA" \
	-organiser-token $TOKEN -log-level warn -max-conns-per-addr 100000 -notes-per-minute 100000 &
SPID=$!
GOMAXPROCS=$GOMAXPROCS_SERVER taskset -c "$SERVER_CPU" "$BIN/samskap-load" hub -addr 127.0.0.1:$HUBPORT &
HPID=$!
for i in $(seq 50); do
	curl -sf http://127.0.0.1:$PORT/metrics >/dev/null 2>&1 && curl -sf http://127.0.0.1:$HUBPORT/metrics >/dev/null 2>&1 && break
	sleep 0.2
done
# Both must be ours: another program on the port would answer too.
for p in $SPID $HPID; do
	if ! kill -0 "$p" 2>/dev/null; then
		echo "harness.sh: a server did not start (port $PORT or $HUBPORT taken? set PORT=, HUBPORT=)" >&2
		exit 1
	fi
done
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
taskset -c "$TOOL_CPU" "$BIN/samskap-load" harness -url http://127.0.0.1:$PORT -token $TOKEN \
	-hub http://127.0.0.1:$HUBPORT -clients "$CLIENTS" -boards "$BOARDS" -rate "$RATES" \
	-duration "$DURATION" -rounds "$ROUNDS" -json "$OUT" -samskap-pid "$SPID" -hub-pid "$HPID" ${HARNESS_FLAGS:-}
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
