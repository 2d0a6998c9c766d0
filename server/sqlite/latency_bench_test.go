package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// BenchmarkAppendLatency is the store's share of issue 19's 10,000
// deliveries/s step (20 boards, one publisher each, rooms of 50): 20
// boards, each appending one note.edit with a 200-byte text every 98 ms
// (204 appends/s in all, a board runner has one Append in flight at a
// time), open loop for 10 s per iteration. It reports each Append's
// latency at p50, p99, p99.9 and its maximum, and the Appends per commit.
// Run it with -benchtime 1x on a quiet machine.
func BenchmarkAppendLatency(b *testing.B) {
	s := MustOpen(b, tempPath(b))
	const boards, every, length = 20, 98 * time.Millisecond, 10 * time.Second
	text := strings.Repeat("x", 200)
	var all []time.Duration
	commits := s.Commits()
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
					e := workshops.Event{Seq: seq, OpID: fmt.Sprintf("op-%d", seq), Actor: "participant-1", At: 1_741_940_000_000 + int64(seq),
						Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "note-1", Text: &text}}
					t0 := time.Now()
					if err := s.Append(context.Background(), board, []workshops.Event{e}, nil); err != nil {
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
	slices.Sort(all)
	q := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(q(0.999), "p99.9-ms")
	b.ReportMetric(q(1), "max-ms")
	b.ReportMetric(float64(len(all))/(float64(b.N)*length.Seconds()), "appends/s")
	if n := s.Commits() - commits; n > 0 {
		b.ReportMetric(float64(len(all))/float64(n), "appends/commit")
	}
}
