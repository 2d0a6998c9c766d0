package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/server/postgres"
	"github.com/samskap/samskap/server/postgres/pgtest"
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
	var all []time.Duration
	groups0, grouped0, alone0 := postgres.GroupStats(s)
	for range b.N {
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		for i := range boards {
			wg.Add(1)
			go func() {
				defer wg.Done()
				board := fmt.Sprintf("board-%d-%d", i, start.UnixNano())
				var seq uint64
				next := start.Add(time.Duration(i) * every / boards)
				var mine []time.Duration
				for time.Since(start) < length {
					time.Sleep(time.Until(next))
					seq++
					t0 := time.Now()
					if err := s.Append(context.Background(), board, moveEvent(seq), nil); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
					next = next.Add(every)
				}
				mu.Lock()
				all = append(all, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	groups, grouped, alone := postgres.GroupStats(s)
	groups, grouped, alone = groups-groups0, grouped-grouped0, alone-alone0
	slices.Sort(all)
	q := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/(float64(b.N)*length.Seconds()), "appends/s")
	// What does not depend on the machine's speed: each statement is one
	// round trip and one transaction (one flush of the write-ahead log).
	b.ReportMetric(float64(grouped+alone)/float64(groups+alone), "appends/stmt")
	b.ReportMetric(float64(groups+alone)/float64(grouped+alone), "stmts/append")
}
