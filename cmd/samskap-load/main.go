// Command samskap-load drives a running Samskap server (or several nodes)
// with real WebSocket clients on loopback and measures it: acks, delivery
// to every other client, throughput, seq gaps, errors, resumes, memory.
// See load/ and BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/samskap/samskap/load"
)

func main() {
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

Every run stops by itself after its steps, or at -timeout. Each client sends
at most -client-rate messages a second (the server allows 60), so a rate of
R ops/s needs at least R/50 sending clients.

Flags:
`, "\n")
