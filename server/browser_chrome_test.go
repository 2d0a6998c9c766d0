package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/workshops"
)

// boardShare is how much of the window a person's canvas gets: the top of
// the board, and the share of the window's area and height the visible
// board covers (what is beside or above it is chrome).
type boardShare struct {
	Top    float64 `json:"top"`
	Area   float64 `json:"area"`
	Height float64 `json:"height"`
	Width  float64 `json:"width"`
}

const boardShareJS = `(() => {
	const r = document.querySelector('#board').getBoundingClientRect();
	const w = innerWidth, h = innerHeight;
	const vw = Math.max(0, Math.min(r.right, w) - Math.max(r.left, 0));
	const vh = Math.max(0, Math.min(r.bottom, h) - Math.max(r.top, 0));
	return JSON.stringify({ top: r.top, area: (vw * vh) / (w * h), height: vh / h, width: vw / w });
})()`

// TestBrowserLaptopChrome measures the chrome around the canvas at
// 1280x800, the way a Miro user judges a board: a facilitator running the
// visjonsverksted's agenda into its first breakout (a timer, a message, the
// groups, the step line and the facilitator's tools and panel all showing)
// and a participant in that breakout. The canvas must get most of the
// window: the chrome above it is one slim header, one row of tools and one
// status line, not a stack of toolbars and forms.
func TestBrowserLaptopChrome(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowserFor(t, 5*time.Minute)
	m := MustStart(t, t.TempDir())
	ws, steps := createVisjon(t, m)
	breakout := slices.IndexFunc(steps, func(s workshops.AgendaStep) bool {
		return slices.ContainsFunc(s.Ops, func(o workshops.Op) bool { return o.Kind == workshops.OpBreakoutStart })
	})
	if breakout < 0 {
		t.Fatal("the visjon agenda has no breakout")
	}
	do, poll := tabFuncs(t, 30*time.Second)

	fac, ann := newContext(), newContext()
	for _, ctx := range []context.Context{fac, ann} {
		do(ctx, "1280x800", chromedp.EmulateViewport(1280, 800))
	}
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+ws.Workshop.ID+"#key="+ws.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#agenda-next`)),
	)
	do(ann, "Ann joins",
		chromedp.Navigate(m.URL()+"/j/"+ws.Workshop.JoinCode),
		chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
		chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ann"),
		chromedp.Click(chromedp.CSS(`#join-submit`)),
		chromedp.WaitReady(chromedp.CSS(`#conn-state[data-state="online"]`)),
	)
	for i := 0; i <= breakout; i++ {
		s := steps[i]
		do(fac, fmt.Sprintf("next step %d", i+1), chromedp.Click(chromedp.CSS(`#agenda-next`)))
		poll(fac, fmt.Sprintf("at step %d", i+1), fmt.Sprintf(`document.querySelector('#agenda-result').textContent.startsWith('Nå på steg %d.')`, i+1))
		if slices.ContainsFunc(s.Ops, func(o workshops.Op) bool { return o.Kind == workshops.OpGroupPick && *o.On }) {
			poll(ann, "Ann may pick a group", `document.querySelector('#pick-group') && document.querySelector('#pick-group').options.length > 2`)
			if _, err := chromedp.Run(ann, chromedp.Evaluate[string](`(() => { const s = document.querySelector('#pick-group'); s.value = s.options[1].value; document.querySelector('#pick-group-save').click(); return ''; })()`)); err != nil {
				t.Fatal(err)
			}
			poll(ann, "Ann is in a group", `!document.querySelector('#my-group').hidden`)
		}
	}
	poll(ann, "Ann is in breakout", `!document.querySelector('#breakout-notice').hidden`)
	poll(fac, "the facilitator sees the breakout", `!document.querySelector('#breakout-notice').hidden`)

	dir := screenshotDir(t)
	measure := func(ctx context.Context, who, file string) boardShare {
		t.Helper()
		// Let the layout settle: the same figure twice in a row.
		var got boardShare
		prev := ""
		deadline := time.Now().Add(30 * time.Second)
		for {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](boardShareJS))
			if err != nil {
				t.Fatal(err)
			}
			if s == prev || time.Now().After(deadline) {
				if err := json.Unmarshal([]byte(s), &got); err != nil {
					t.Fatal(err)
				}
				break
			}
			prev = s
			do(ctx, "a frame", chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`))
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s at 1280x800: the board starts at %.0f px and gets %.1f %% of the window (%.1f %% of its height, %.1f %% of its width); screenshot %s",
			who, got.Top, got.Area*100, got.Height*100, got.Width*100, file)
		return got
	}
	f := measure(fac, "facilitator", "chrome-facilitator-1280.png")
	a := measure(ann, "participant", "chrome-participant-1280.png")
	// The goals: the participant's canvas starts below one header row, one
	// tools row and one status line; the facilitator's has a side panel
	// too, and the same rows above it.
	if a.Top > 170 || a.Height < 0.78 {
		t.Errorf("participant: board starts at %.0f px, %.1f %% of the height; want <= 170 px and >= 78 %%", a.Top, a.Height*100)
	}
	if f.Top > 215 || f.Area < 0.55 {
		t.Errorf("facilitator: board starts at %.0f px, %.1f %% of the window; want <= 215 px and >= 55 %%", f.Top, f.Area*100)
		logChromeRows(t, fac)
	}
	if t.Failed() {
		logChromeRows(t, ann)
	}
	// The run of show, after five steps, with no scrolling by the person:
	// its heading, where it stands and "Next step" with its neighbours
	// all in sight in its part of the side panel, none under another.
	// The step's event may still be on its way: wait (frame by frame)
	// until all are in sight, and say what is not if they never are.
	const runOfShowJS = `(() => {
		const r = (id) => document.getElementById(id).getBoundingClientRect();
		const p = r('agenda-panel'), h = r('agenda-h'), pos = r('agenda-position'), row = document.getElementById('agenda-next').parentElement.getBoundingClientRect();
		const out = [];
		if (h.top < p.top - 1 || h.bottom > pos.top + 1) out.push('heading ' + h.top + '-' + h.bottom);
		if (pos.top < h.bottom - 1 || pos.bottom > row.top + 1) out.push('position ' + pos.top + '-' + pos.bottom);
		if (row.top < p.top || row.bottom > p.bottom + 1) out.push('controls ' + row.top + '-' + row.bottom);
		return out.length ? 'panel ' + p.top + '-' + p.bottom + ': ' + out.join(', ') : '';
	})()`
	for deadline := time.Now().Add(30 * time.Second); ; {
		runOfShow, err := chromedp.Run(fac, chromedp.Evaluate[string](runOfShowJS))
		if err != nil {
			t.Fatal(err)
		}
		if runOfShow == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("run of show at step 5: %s", runOfShow)
			break
		}
		do(fac, "a frame", chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`))
	}

	// Names that fit are not faded; when they do not all fit, the row's
	// end fades (and the heading's count says how many are here).
	const presenceFadeJS = `(() => { const l = document.querySelector('#presence'); return JSON.stringify({ over: l.scrollWidth > l.clientWidth + 1, marked: l.hasAttribute('data-overflow'), mask: getComputedStyle(l).maskImage || getComputedStyle(l).webkitMaskImage || 'none' }); })()`
	type fade struct {
		Over   bool   `json:"over"`
		Marked bool   `json:"marked"`
		Mask   string `json:"mask"`
	}
	fadeOf := func(ctx context.Context) fade {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](presenceFadeJS))
		if err != nil {
			t.Fatal(err)
		}
		var f fade
		if err := json.Unmarshal([]byte(s), &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := fadeOf(ann); f.Over || f.Marked || f.Mask != "none" {
		t.Errorf("participant at 1280x800, two names present: %+v, want them all shown and none faded", f)
	}
	do(ann, "a narrow laptop window", chromedp.EmulateViewport(660, 800))
	poll(ann, "the names no longer fit, and the row says so", `(() => { const l = document.querySelector('#presence'); return l.scrollWidth > l.clientWidth + 1 && l.hasAttribute('data-overflow'); })()`)
	if f := fadeOf(ann); f.Mask == "none" {
		t.Errorf("participant at 660x800, names cut: %+v, want the row's end faded", f)
	}
	do(ann, "back to 1280x800", chromedp.EmulateViewport(1280, 800))
	poll(ann, "all names fit again, unfaded", `!document.querySelector('#presence').hasAttribute('data-overflow')`)

	// The facilitator folds the side panel away: the canvas gets the width,
	// and the choice outlasts a reload.
	do(fac, "fold the side panel", chromedp.Click(chromedp.CSS(`#side-toggle[aria-expanded="true"]`)))
	poll(fac, "the panel is folded", `document.querySelector('#side-toggle').getAttribute('aria-expanded') === 'false' && document.querySelector('#agenda-next').offsetParent === null`)
	folded := measure(fac, "facilitator, panel folded", "chrome-facilitator-folded-1280.png")
	if folded.Area < 0.72 || folded.Width < 0.9 {
		t.Errorf("facilitator with the panel folded: %.1f %% of the window, %.1f %% of its width; want >= 72 %% and >= 90 %%", folded.Area*100, folded.Width*100)
	}
	do(fac, "reload", chromedp.Reload())
	poll(fac, "still folded after a reload", `(() => { const b = document.querySelector('#side-toggle'); return !!b && b.getAttribute('aria-expanded') === 'false' && b.textContent === 'Vis panelet'; })()`)
	do(fac, "unfold", chromedp.Click(chromedp.CSS(`#side-toggle`)))
	poll(fac, "the panel is back", `document.querySelector('#agenda-next').offsetParent !== null && document.querySelector('#side-toggle').textContent === 'Skjul panelet'`)
}

// chromeRowsJS lists what stands above the board, row by row: each visible
// child of the header, the tools row and the status band with its box and
// text, so a failing layout says which part took the extra row.
const chromeRowsJS = `(() => {
	const out = [];
	for (const sel of ['.site-header', '.board-head', '.board-tools', '.status-line-host', '#news-bands', '#board-status']) {
		const host = document.querySelector(sel);
		if (!host) continue;
		const h = host.getBoundingClientRect();
		out.push(sel + ': top ' + Math.round(h.top) + ', height ' + Math.round(h.height) + ', width ' + Math.round(h.width));
		for (const c of host.children) {
			const r = c.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			out.push('  ' + c.tagName.toLowerCase() + (c.id ? '#' + c.id : '') + ' at ' + Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' ' + JSON.stringify((c.textContent || '').trim().slice(0, 80)));
		}
	}
	return out.join('\n');
})()`

// logChromeRows logs chromeRowsJS's answer.
func logChromeRows(t *testing.T, ctx context.Context) {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](chromeRowsJS))
	if err != nil {
		t.Logf("the chrome's rows: %v", err)
		return
	}
	t.Logf("the chrome's rows:\n%s", s)
}
