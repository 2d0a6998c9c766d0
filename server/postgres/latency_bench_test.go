package postgres_test

import (
	"slices"
	"testing"
	"time"

	"github.com/samskap/samskap/server/postgres"
	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// BenchmarkAppendLatency is the store's share of issue 19's target (ack
// p99 <= 25 ms at 2,000 ops/s over 100 boards): 100 boards, each appending
// one event every 50 ms (a board runner has one Append in flight at a
// time), open loop for 5 s per iteration; it reports the latency of each
// Append at p50 and p99, and the Appends per statement (each statement is
// one round trip and one commit). Run it with -benchtime 1x.
func BenchmarkAppendLatency(b *testing.B) {
	s := MustOpen(b, pgtest.NewSchemaURL(b))
	const boards, every, length = 100, 50 * time.Millisecond, 5 * time.Second
	move := func(seq uint64) workshops.Event { return moveEvent(seq)[0] }
	var all []time.Duration
	groups0, grouped0, alone0 := postgres.GroupStats(s)
	for range b.N {
		all = append(all, storetest.AppendLatency(b, s, boards, every, length, move)...)
	}
	groups, grouped, alone := postgres.GroupStats(s)
	groups, grouped, alone = groups-groups0, grouped-grouped0, alone-alone0
	slices.Sort(all)
	b.ReportMetric(storetest.Quantile(all, 0.5), "p50-ms")
	b.ReportMetric(storetest.Quantile(all, 0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/(float64(b.N)*length.Seconds()), "appends/s")
	// What does not depend on the machine's speed: each statement is one
	// round trip and one transaction (one flush of the write-ahead log).
	b.ReportMetric(float64(grouped+alone)/float64(groups+alone), "appends/stmt")
	b.ReportMetric(float64(groups+alone)/float64(grouped+alone), "stmts/append")
}
