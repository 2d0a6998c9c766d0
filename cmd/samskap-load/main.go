// Command samskap-load drives a running Samskap server (or several nodes)
// with real WebSocket clients on loopback and measures it: acks, delivery
// to every other client, throughput, seq gaps, errors, resumes, memory.
// See load/ and BENCHMARKS.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/samskap/samskap/load"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "hub":
			hubMain(os.Args[2:])
			return
		case "harness":
			harnessMain(os.Args[2:])
			return
		}
	}
	cfg := load.DefaultConfig()
	fs := flag.NewFlagSet("samskap-load", flag.ExitOnError)
	cfg.RegisterFlags(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	fs.Parse(os.Args[1:])
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "samskap-load: unexpected arguments %v\n", fs.Args())
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := load.Run(ctx, cfg, os.Stderr)
	if res != nil {
		res.Print(os.Stdout)
		if cfg.JSONPath != "" {
			if werr := res.WriteJSON(cfg.JSONPath); werr != nil {
				fmt.Fprintln(os.Stderr, "samskap-load:", werr)
				os.Exit(1)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "samskap-load:", err)
		os.Exit(1)
	}
}

// hubMain serves the minimal broadcast hub the harness compares against.
func hubMain(args []string) {
	fs := flag.NewFlagSet("samskap-load hub", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:18090", "listen address (loopback only)")
	fs.Parse(args)
	host, _, err := net.SplitHostPort(*addr)
	if err == nil {
		err = load.CheckLoopback(host)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "samskap-load hub:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "broadcast hub on %s (ws://%s/room/{name})\n", *addr, *addr)
	if err := http.ListenAndServe(*addr, load.NewBroadcastHub()); err != nil {
		fmt.Fprintln(os.Stderr, "samskap-load hub:", err)
		os.Exit(1)
	}
}

// harnessMain runs the outside harness's shape against Samskap and the hub.
func harnessMain(args []string) {
	fs := flag.NewFlagSet("samskap-load harness", flag.ExitOnError)
	cfg := load.HarnessConfig{Clients: 1000, Boards: 20, TextBytes: 200, Duration: 10 * time.Second,
		Settle: 2 * time.Second, Drain: 3 * time.Second, Rounds: 1, PerPublisher: 55}
	fs.StringVar(&cfg.SamskapURL, "url", "", "Samskap server base URL (loopback); empty: hub only")
	fs.StringVar(&cfg.Token, "token", os.Getenv("SAMSKAP_ORGANISER_TOKEN"), "Samskap's organiser token")
	fs.StringVar(&cfg.HubURL, "hub", "", "base URL of a running 'samskap-load hub'; empty: Samskap only")
	fs.IntVar(&cfg.Clients, "clients", cfg.Clients, "connections on each target")
	fs.IntVar(&cfg.Boards, "boards", cfg.Boards, "rooms (boards); room size is clients/boards")
	rates := fs.String("rate", "10000d,50000d,100000d", "deliveries a second, one step per rate (the d is optional)")
	fs.IntVar(&cfg.TextBytes, "text", cfg.TextBytes, "note text bytes of each edit")
	fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "length of each step")
	fs.DurationVar(&cfg.Settle, "settle", cfg.Settle, "pause between steps")
	fs.DurationVar(&cfg.Drain, "drain", cfg.Drain, "longest wait for late deliveries after a step")
	fs.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "rounds; each runs every rate on each target, alternating which goes first")
	fs.Float64Var(&cfg.PerPublisher, "per-publisher", cfg.PerPublisher, "most ops a second one publisher sends (Samskap allows 60)")
	fs.IntVar(&cfg.SamskapPID, "samskap-pid", 0, "Samskap's process id on this machine: count its system calls per delivery (/proc/<pid>/io)")
	fs.IntVar(&cfg.HubPID, "hub-pid", 0, "the hub's process id on this machine, likewise")
	jsonPath := fs.String("json", "", "write the result as JSON to this file")
	fs.Parse(args)
	r, err := load.ParseRates(*rates, 1, 1)
	if err != nil {
		fmt.Fprintln(os.Stderr, "samskap-load harness:", err)
		os.Exit(2)
	}
	cfg.Rates = r
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	res, err := load.RunHarness(ctx, cfg, logf)
	if res != nil {
		res.Print(os.Stdout)
		if *jsonPath != "" {
			data, _ := json.MarshalIndent(res, "", "  ")
			if werr := os.WriteFile(*jsonPath, data, 0o644); werr != nil {
				fmt.Fprintln(os.Stderr, "samskap-load harness:", werr)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "samskap-load harness:", err)
		os.Exit(1)
	}
}

var usage = strings.TrimLeft(`
samskap-load: open N participants on M boards of a running Samskap server
(loopback only) and measure it with an open-loop workload.

  samskap-load -url http://127.0.0.1:8080 -token TOKEN -scenario fanout \
      -clients 1000 -boards 20 -rate 10000d,50000d -duration 20s -json out.json

-rate is durable ops a second in all (204,1020) or, with a d suffix, deliveries
a second (an event written to one other client: ops x (room size - 1)).

Scenarios:
  idle       N connections doing nothing: the server's memory per connection
  fanout     note.create/edit/move (and vote.cast with -mix vote=N) at -rate ops/s
             in all, open loop, one step per rate; plus -cursors cursor moves/s
  room       the same; the room size is -clients / -boards (5, 50, 500...)
  two-nodes  fanout with clients spread over two or more -url (nodes)
  reconnect  all but -keep per board dropped at once, reconnecting -drop-delay
             later with lastSeq and epoch: time until all resumed, exactness
  slow       a baseline step, then a step where one client stops reading:
             the others' p99, when the server cuts it (4001), its resume
  churn      clients leave (-churn a second); half come back and resume,
             half are replaced by new participants

Sub-commands:
  samskap-load hub -addr 127.0.0.1:18090
             a minimal gorilla/websocket broadcast hub (the reference)
  samskap-load harness -url SAMSKAP -token T -hub HUB -rate 10000d,50000d
             the outside harness's shape (one publisher per room, note.edit of
             its own note, latency from the planned send time) against Samskap
             and the hub in turn, with the ratio Samskap/hub; see load/harness.sh

Every run stops by itself after its steps, or at -timeout. Each client sends
at most -client-rate messages a second (the server allows 60), so a rate of
R ops/s needs at least R/50 sending clients.

Flags:
`, "\n")
