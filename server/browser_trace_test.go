package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceMain records a Chromium trace while run runs and returns, per event
// name, the total time (ms) of the complete events on the page's main
// thread (CrRendererMain), and how many frames it drew (ms per frame is
// what the Performance panel shows as Scripting, Rendering, Painting).
// Nested events count in their own name and their parent's.
func traceMain(t *testing.T, ctx context.Context, run func()) (map[string]float64, error) {
	return traceMainWith(t, ctx, detailedTrace, run)
}

// detailedTrace is what traceMain records: DevTools' timeline and Blink's
// and the compositor's own events (Layerize, paint chunks). Recording them
// costs the main thread itself: panning the big board runs at a few frames
// a second fewer while it records, even with nothing on the page drawn.
var detailedTrace = []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink", "cc", "gpu", "__metadata"}

// devtoolsTrace is about what DevTools' Performance panel records (its
// timeline, frames, script and input latency, without the sampling
// profiler and screenshots): the trace a person measuring frame times
// with DevTools would take.
var devtoolsTrace = []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
	"v8.execute", "blink.user_timing", "latencyInfo", "__metadata"}

// traceMainWith is traceMain recording the given trace categories.
func traceMainWith(t *testing.T, ctx context.Context, categories []string, run func()) (map[string]float64, error) {
	type event struct {
		Name string          `json:"name"`
		Ph   string          `json:"ph"`
		Dur  float64         `json:"dur"` // us
		Pid  int             `json:"pid"`
		Tid  int             `json:"tid"`
		Args json.RawMessage `json:"args"`
	}
	var mu sync.Mutex
	var events []event
	done := make(chan struct{})
	var once sync.Once
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := chromedp.Listen(lctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				var x event
				if json.Unmarshal([]byte(v), &x) == nil {
					events = append(events, x)
				}
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	}); err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: categories},
		})
		return err
	})); err != nil {
		return nil, err
	}
	run()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, tracing.End, cdp.Empty{})
		return err
	})); err != nil {
		return nil, err
	}
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		return nil, fmt.Errorf("the trace did not complete")
	}
	mu.Lock()
	defer mu.Unlock()
	// The main thread: the thread named CrRendererMain (of the page's
	// renderer, the one with the most events when there are several).
	type thread struct{ pid, tid int }
	mains := map[thread]int{}
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" && strings.Contains(string(e.Args), "CrRendererMain") {
			mains[thread{e.Pid, e.Tid}] = 0
		}
	}
	for _, e := range events {
		if _, ok := mains[thread{e.Pid, e.Tid}]; ok && e.Ph == "X" {
			mains[thread{e.Pid, e.Tid}]++
		}
	}
	var main thread
	best := -1
	for th, n := range mains {
		if n > best {
			main, best = th, n
		}
	}
	out := map[string]float64{}
	paints := map[string]float64{}
	paintCount := map[string]int{}
	for _, e := range events {
		if e.Pid == main.pid && e.Tid == main.tid && e.Ph == "X" {
			out[e.Name] += e.Dur / 1000
			if e.Name == "Paint" && os.Getenv("SAMSKAP_TRACE_PAINTS") != "" {
				paints[string(e.Args)] += e.Dur / 1000
				paintCount[string(e.Args)]++
			}
		}
	}
	for k, v := range paints {
		if v > 5 {
			t.Logf("paint %.1f ms in %d paints: %s", v, paintCount[k], k)
		}
	}
	return out, nil
}

// topEvents formats the n biggest totals of a trace, per frame.
func topEvents(totals map[string]float64, frames, n int) string {
	names := make([]string, 0, len(totals))
	for k := range totals {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return totals[names[i]] > totals[names[j]] })
	var b strings.Builder
	for i, k := range names {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "%s %.2f, ", k, totals[k]/float64(max(frames, 1)))
	}
	return strings.TrimSuffix(b.String(), ", ")
}
