package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// AppendLatency appends to s as the board runners of a loaded server do:
// boards boards, each appending one event every `every` (a runner has one
// Append in flight at a time), open loop, their starts spread over one
// period, for length. event makes a board's event at seq. It returns every
// Append's latency, sorted, and fails tb on an error.
func AppendLatency(tb testing.TB, s workshops.Store, boards int, every, length time.Duration, event func(seq uint64) workshops.Event) []time.Duration {
	tb.Helper()
	var (
		mu  sync.Mutex
		all []time.Duration
		wg  sync.WaitGroup
	)
	start := time.Now()
	for i := range boards {
		wg.Go(func() {
			board := fmt.Sprintf("board-%d-%d", i, start.UnixNano())
			next := start.Add(time.Duration(i) * every / time.Duration(boards))
			var mine []time.Duration
			for seq := uint64(1); time.Since(start) < length; seq++ {
				time.Sleep(time.Until(next))
				t0 := time.Now()
				if err := s.Append(context.Background(), board, []workshops.Event{event(seq)}, nil); err != nil {
					tb.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
				next = next.Add(every)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(all)
	return all
}

// Quantile returns the q quantile (0 to 1) of sorted latencies in
// milliseconds, for b.ReportMetric; 0 when there are none.
func Quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(q*float64(len(sorted)-1))]) / 1e6
}
