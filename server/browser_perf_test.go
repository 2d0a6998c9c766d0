package server_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/workshops"
)

// Issue 19's client goals, on a big board: 2,000 notes (and, once the
// canvas has them, 300 connectors: see seedConnectors) with 50 people
// present, in Chromium with its CPU slowed down 4x (a mid-range phone):
//
//   - panning and zooming at >= 50 frames a second (frame times from
//     requestAnimationFrame while the board is panned or zoomed every frame),
//   - a person joining sees the whole board within 2 s (from pressing
//     "join" to every note drawn),
//   - the list view scrolls through the 2,000 notes without long tasks over
//     50 ms (PerformanceObserver "longtask").
//
// It is a measurement, not a timed unit test: it logs the figures
// (BENCHMARKS.md has them) and fails on them only when SAMSKAP_PERF_ASSERT=1
// asks it to, on a machine quiet enough to mean it. It always fails if the
// board does not show everything.
const (
	perfNotes      = 2000
	perfPeople     = 50 // present, the browser's person included
	perfConnectors = 300
	perfThrottle   = 4
)

// seedConnectors adds n connectors between neighbouring notes of the grid
// (each from a note to the one right of it or below it, every fifth a plain
// line with a label), as the notes' authors; it returns how many it made.
var seedConnectors = func(t *testing.T, submit func(actor string, op workshops.Op), authors func(note int) string, notes []string, n int) int {
	made := 0
	for i := 0; made < n && i < len(notes); i++ {
		to := i + 1 // the note to the right, or at a row's end the one below
		if (i+1)%50 == 0 {
			to = i + 50
		}
		if to >= len(notes) || i%6 != 0 {
			continue
		}
		op := workshops.Op{Kind: workshops.OpConnectorCreate, Connector: fmt.Sprintf("c%d", made),
			From: &workshops.Ref{Type: workshops.RefNote, ID: notes[i]}, To: &workshops.Ref{Type: workshops.RefNote, ID: notes[to]}}
		if made%5 == 0 {
			op.Style = workshops.StyleLine
			op.Text = ptr(fmt.Sprintf("fører til %d", made))
		}
		submit(authors(i), op)
		made++
	}
	return made
}

func TestBrowserBigBoardPerformance(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement of a 2,000-note board; skipped with -short")
	}
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	ctx := context.Background()

	// 49 people who write the 2,000 notes, then connect (present).
	var people []joined
	for i := range perfPeople - 1 {
		people = append(people, MustJoin(t, m, w.Workshop.JoinCode, fmt.Sprintf("Deltaker %d", i+1)))
	}
	submit := func(actor string, op workshops.Op) {
		if err := m.Hub().Submit(ctx, w.Workshop, actor, "", op); err != nil {
			t.Errorf("%s: %v", op.Kind, err)
		}
	}
	notes := make([]string, perfNotes)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < perfNotes; i = int(next.Add(1) - 1) {
				id := fmt.Sprintf("n%d", i)
				notes[i] = id
				text := fmt.Sprintf("Idé %d: flere benker langs elva, og lys om kvelden", i)
				// A grid of 50 x 40 notes, 260 px apart: 13,000 x 10,400 px.
				submit(people[i%len(people)].Participant.ID, createOp(id, text, float64(i%50)*260, float64(i/50)*260))
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	connectors := seedConnectors(t, submit, func(i int) string { return people[i%len(people)].Participant.ID }, notes, perfConnectors)
	// Each reads and throws away, cheaply, and comes back at once when the
	// server cuts it (a starved test process may fall behind), as the real
	// client does.
	stop := make(chan struct{})
	var readers sync.WaitGroup
	t.Cleanup(func() { close(stop); readers.Wait() })
	for i, p := range people {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				conn, _, err := websocket.DefaultDialer.Dial(socketURL(m, w.Workshop.ID), nil)
				if err != nil {
					time.Sleep(100 * time.Millisecond)
					continue
				}
				go func() { <-stop; conn.Close() }()
				if conn.WriteJSON(map[string]any{"type": "hello", "token": p.Token}) == nil {
					// Each moves their cursor around the part of the board
					// in view, ten times a second, until the connection ends.
					go func() {
						for k := 0; ; k++ {
							a := float64(k+i*7) / 10
							msg := map[string]any{"type": "cursor", "x": int(700 + 500*math.Cos(a)), "y": int(400 + 300*math.Sin(a))}
							if conn.WriteJSON(msg) != nil {
								return
							}
							select {
							case <-stop:
								return
							case <-time.After(100 * time.Millisecond):
							}
						}
					}()
					for {
						_, r, err := conn.NextReader()
						if err != nil {
							break
						}
						io.Copy(io.Discard, r)
					}
				}
				conn.Close()
			}
		})
	}
	tabTimeout = 5 * time.Minute // seeding and a 4x slower CPU on a shared machine
	defer func() { tabTimeout = 60 * time.Second }()
	tabCtx := newContext()
	if err := chromedp.Do(tabCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: perfThrottle})
		return err
	})); err != nil {
		t.Fatalf("CPU throttling: %v", err)
	}
	b := tab{t, tabCtx, 60 * time.Second}
	b.do("open the join page", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode),
		chromedp.WaitVisible(chromedp.CSS(`#join-name`)), chromedp.SendKeys(chromedp.CSS(`#join-name`), "Måler"))
	start := time.Now()
	b.do("join", chromedp.Click(chromedp.CSS(`#join-submit`)))
	// Seen: the view has drawn all the notes (those in view as DOM, the
	// rest counted as placed: #canvas's data-notes) and what is on screen.
	b.poll("the whole board drawn", fmt.Sprintf(`(() => {
		const c = document.getElementById('canvas');
		if (!c || Number(c.dataset.notes || 0) < %d) return false;
		const r = document.getElementById('board').getBoundingClientRect();
		return [...c.querySelectorAll('.note')].some(n => { const q = n.getBoundingClientRect(); return q.right > r.left && q.left < r.right && q.bottom > r.top && q.top < r.bottom; });
	})()`, perfNotes))
	joinSeen := time.Since(start)
	t.Logf("join to all %d notes drawn: %.2f s", perfNotes, joinSeen.Seconds())
	if err := waitJS(tabCtx, fmt.Sprintf(`document.querySelectorAll('#presence li').length >= %d`, perfPeople), 60*time.Second); err != nil {
		n, _ := chromedp.Run(tabCtx, chromedp.Evaluate[string](`document.querySelectorAll('#presence li').length + ' present, connection ' + document.getElementById('conn-state').dataset.state`))
		t.Fatalf("everyone present: %v (%s)", err, n)
	}

	counts := func() string {
		out, _ := chromedp.Run(tabCtx, chromedp.Evaluate[string](`(() => {
			const c = document.getElementById('canvas');
			return document.getElementsByTagName('*').length + ' DOM nodes, ' + c.querySelectorAll('.note').length + ' notes mounted, ' +
				c.querySelectorAll('.connector').length + ' connector lines, ' + document.querySelectorAll('.cursor').length + ' cursors, zoom ' +
				document.getElementById('zoom-reset').textContent + (document.querySelector('.board-lod:not([hidden])') ? ', notes as boxes' : '');
		})()`))
		return out
	}
	t.Logf("after joining: %s", counts())
	// The main thread's work while panning, from Chromium's own counters
	// (throttled CPU time, so 4x what the same work takes unthrottled).
	metrics := func() map[string]float64 {
		out := map[string]float64{}
		_ = chromedp.Do(tabCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			res, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
			for _, m := range res.Metrics {
				out[m.Name] = m.Value
			}
			return err
		}))
		return out
	}
	if err := chromedp.Do(tabCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{})
		return err
	})); err != nil {
		t.Fatalf("performance metrics: %v", err)
	}
	// frameLoop runs requestAnimationFrame for ms and returns the gaps
	// between frames and the main thread's work per frame (ms). With wheel,
	// each frame also sends a wheel event: a pan, or every fourth a zoom
	// (ctrlKey, as a trackpad pinch reports it). Without, it measures what
	// an idle frame costs on this machine now: the reference.
	frameLoop := func(ms int, wheel bool) ([]float64, map[string]float64) {
		before := metrics()
		frames, err := chromedp.Run(tabCtx, chromedp.Evaluate[[]float64](fmt.Sprintf(`new Promise(done => {
			const board = document.getElementById('board');
			const r = board.getBoundingClientRect();
			const gaps = [];
			let last = performance.now(), i = 0;
			const end = last + %d;
			function frame(now) {
				gaps.push(now - last);
				last = now;
				const zoom = i %% 4 === 3;
				if (%v) board.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true,
					clientX: r.left + r.width / 2, clientY: r.top + r.height / 2,
					deltaX: zoom ? 0 : 12, deltaY: zoom ? (i %% 8 < 4 ? -20 : 20) : 8, ctrlKey: zoom }));
				i++;
				if (now < end) requestAnimationFrame(frame); else done(gaps.slice(1));
			}
			requestAnimationFrame(frame);
		})`, ms, wheel), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("frames: %v", err)
		}
		after := metrics()
		per := map[string]float64{}
		for k, v := range after {
			if len(frames) > 0 {
				per[k] = (v - before[k]) / float64(len(frames))
				if k != "RecalcStyleCount" && k != "LayoutCount" {
					per[k] *= 1000
				}
			}
		}
		return frames, per
	}
	logFrames := func(what string, frames []float64, per map[string]float64) {
		fps, p95, worst := frameStats(frames)
		t.Logf("%s: %.1f fps (%d frames, p95 %.1f ms, worst %.1f ms); per frame: main thread busy %.1f ms (script %.1f, style %.1f, layout %.1f, other %.1f; "+
			"%.1f ms of its CPU time), %.2f style recalcs, %.2f layouts",
			what, fps, len(frames), p95, worst, per["TaskDuration"], per["ScriptDuration"], per["RecalcStyleDuration"], per["LayoutDuration"], per["TaskOtherDuration"],
			per["ThreadTime"], per["RecalcStyleCount"], per["LayoutCount"])
	}
	idle, idlePer := frameLoop(1000, false)
	logFrames("idle frames (the reference)", idle, idlePer)
	// Pan and zoom for 3 s while Chromium records a trace as DevTools'
	// Performance panel does: the figure held to the goal.
	var frames []float64
	var per map[string]float64
	if _, err := traceMainWith(t, tabCtx, devtoolsTrace, func() { frames, per = frameLoop(3000, true) }); err != nil {
		t.Fatalf("pan/zoom in a trace: %v", err)
	}
	logFrames("pan/zoom", frames, per)
	fps, p95, worst := frameStats(frames)
	idleFps, _, _ := frameStats(idle)
	t.Logf("pan/zoom at %.0f %% of the idle frame rate; after it: %s", 100*fps/max(idleFps, 1), counts())
	// Again for 2 s in a detailed trace (Blink's and the compositor's own
	// events): where a frame's time goes. That trace slows the frames
	// itself, so its frame rate is logged, not held to the goal.
	var dFrames []float64
	trace, err := traceMain(t, tabCtx, func() { dFrames, _ = frameLoop(2000, true) })
	if err != nil {
		t.Logf("no detailed trace: %v", err)
	} else {
		dFps, _, _ := frameStats(dFrames)
		t.Logf("pan/zoom in the detailed trace: %.1f fps; main thread per frame (ms, nested events in both): %s", dFps, topEvents(trace, len(dFrames), 14))
	}
	// This machine's ceiling now: the same wheel loop and DevTools trace
	// with the page's content hidden (display: none), so the view's
	// script still runs but nothing is drawn. The board's own cost is
	// the gap between this and the figure above; the ratio compares
	// across machines, as the load tool's reference hub does.
	// (Through the CSSOM: the page's content security policy refuses a
	// <style> element made by script.)
	b.do("hide the page", chromedp.Evaluate[chromedp.Void](`(() => { for (const e of document.body.children) { e.dataset.perfDisplay = e.style.display; e.style.display = 'none'; } })()`))
	var bare []float64
	if _, err := traceMainWith(t, tabCtx, devtoolsTrace, func() { bare, _ = frameLoop(2000, true) }); err != nil {
		t.Fatalf("the ceiling in a trace: %v", err)
	}
	b.do("show the page", chromedp.Evaluate[chromedp.Void](`(() => { for (const e of document.body.children) { e.style.display = e.dataset.perfDisplay || ''; delete e.dataset.perfDisplay; } })()`))
	bareFps, _, _ := frameStats(bare)
	t.Logf("the same loop with nothing drawn (this machine's ceiling): %.1f fps; the board's pan/zoom at %.0f %% of it", bareFps, 100*fps/max(bareFps, 1))

	// The whole board at once ("fit all", zoom ~5 %), panned and zoomed
	// for 2 s: the notes are too small to read, drawn as boxes.
	b.do("fit all", chromedp.Click(chromedp.CSS(`#fit-all`)))
	far, farPer := frameLoop(2000, true)
	logFrames("the whole board (fit all): pan/zoom", far, farPer)
	t.Logf("the whole board: %s", counts())

	// The list view, scrolled from top to bottom in 3 s.
	b.do("open the list", chromedp.Click(chromedp.CSS(`#view-toggle`)))
	b.poll("the list shows every note", fmt.Sprintf(`document.querySelectorAll('#note-list li').length >= %d || document.querySelectorAll('#note-list [data-id]').length >= %d`, perfNotes, perfNotes))
	// scrollList scrolls the list's scroller from top to bottom in 3 s and
	// returns the long tasks (ms) and how far it scrolled (px), with css
	// added to the page meanwhile when not empty (SAMSKAP_PERF_LIST_CSS:
	// to compare a change of the list's style in the same run).
	scrollList := func(css string) ([]float64, float64) {
		out, err := chromedp.Run(tabCtx, chromedp.Evaluate[[]float64](fmt.Sprintf(`new Promise(done => {
			let style = null;
			if (%q) {
				style = document.createElement('style');
				style.textContent = %q;
				document.head.append(style);
			}
			const list = document.getElementById('note-list');
			let el = list;
			while (el && !(el.scrollHeight > el.clientHeight && /auto|scroll/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
			const scroller = el || document.scrollingElement;
			scroller.scrollTop = 0;
			const tasks = [];
			const obs = new PerformanceObserver(l => { for (const e of l.getEntries()) tasks.push(e.duration); });
			obs.observe({ type: 'longtask', buffered: false });
			const t0 = performance.now();
			function step(now) {
				const f = Math.min(1, (now - t0) / 3000);
				scroller.scrollTop = f * (scroller.scrollHeight - scroller.clientHeight);
				if (f < 1) requestAnimationFrame(step);
				else setTimeout(() => { obs.disconnect(); if (style) style.remove(); done([scroller.scrollTop, ...tasks]); }, 200);
			}
			requestAnimationFrame(step);
		})`, css, css), chromedp.EvalAwaitPromise))
		if err != nil || len(out) == 0 {
			t.Fatalf("list scroll: %v", err)
		}
		return out[1:], out[0]
	}
	longestOf := func(tasks []float64) float64 {
		m := 0.0
		for _, d := range tasks {
			m = max(m, d)
		}
		return m
	}
	var long []float64
	var scrolled float64
	if x := os.Getenv("SAMSKAP_PERF_LIST_CSS"); x != "" {
		l, px := scrollList(x)
		t.Logf("list scroll with %s: %.0f px, %d long tasks, longest %.0f ms", x, px, len(l), longestOf(l))
	}
	listTrace, err := traceMain(t, tabCtx, func() { long, scrolled = scrollList("") })
	if err == nil {
		t.Logf("list scroll, main thread from the trace (ms in all, nested events in both): %s", topEvents(listTrace, 1, 16))
	}
	longest := longestOf(long)
	t.Logf("list scroll: %.0f px, %d long tasks, longest %.0f ms", scrolled, len(long), longest)
	if scrolled < 10000 {
		t.Errorf("the list scrolled %.0f px: it did not scroll through the notes", scrolled)
	}

	t.Logf("big board (%d notes, %d connectors, %d present, CPU %dx slower): join to all drawn %.2f s; "+
		"pan/zoom %.1f fps (%d frames, p95 frame %.1f ms, worst %.1f ms); list scroll: %d long tasks, longest %.0f ms",
		perfNotes, connectors, perfPeople, perfThrottle, joinSeen.Seconds(), fps, len(frames), p95, worst, len(long), longest)
	if os.Getenv("SAMSKAP_PERF_ASSERT") == "1" {
		if fps < 50 {
			t.Errorf("pan/zoom at %.1f fps, want >= 50", fps)
		}
		if joinSeen > 2*time.Second {
			t.Errorf("joining showed the board after %v, want <= 2 s", joinSeen)
		}
		if longest > 50 {
			t.Errorf("a long task of %.0f ms while scrolling the list, want none over 50 ms", longest)
		}
	}
}

// frameStats sums up frame gaps in ms: frames a second, p95 gap, worst gap.
func frameStats(gaps []float64) (fps, p95, worst float64) {
	if len(gaps) == 0 {
		return 0, 0, 0
	}
	sum := 0.0
	sorted := append([]float64(nil), gaps...)
	for _, g := range gaps {
		sum += g
		worst = max(worst, g)
	}
	for i := 1; i < len(sorted); i++ { // insertion sort: a few hundred values
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	return 1000 * float64(len(gaps)) / sum, sorted[len(sorted)*95/100], worst
}
