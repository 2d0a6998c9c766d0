package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// firstLoad is what a browser fetched to show a page the first time.
type firstLoad struct {
	Requests     int     `json:"requests"`
	Transferred  float64 `json:"transferred"`  // bytes on the wire, headers included
	Decoded      float64 `json:"decoded"`      // bytes after decompression
	RepeatWire   float64 `json:"repeatWire"`   // bytes on the wire on a second visit
	RepeatFromCS int     `json:"repeatCached"` // requests answered 304 or from cache then
}

// TestBrowserFirstLoad measures the join page's first load in a fresh
// browser, as someone following a join link on a phone would see it:
// requests, bytes on the wire and bytes decoded, and what a second visit
// costs. It fails if the first load grows past a budget; the figures are
// in BENCHMARKS.md (go test -run TestBrowserFirstLoad -v ./server/).
func TestBrowserFirstLoad(t *testing.T) {
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	ctx := newContext()
	const measure = `(() => {
		const nav = performance.getEntriesByType('navigation')[0];
		// Up to the load event, and not the board's code, which page-join.js
		// fetches in the background from the moment its form is there
		// (marked samskap:board-warm): the join page does not wait for it.
		const warm = performance.getEntriesByName('samskap:board-warm')[0];
		const res = performance.getEntriesByType('resource').filter((e) => e.startTime <= nav.loadEventEnd && (!warm || e.startTime < warm.startTime));
		const all = [nav, ...res];
		return JSON.stringify({
			requests: all.length,
			transferred: all.reduce((s, e) => s + e.transferSize, 0),
			decoded: all.reduce((s, e) => s + e.decodedBodySize, 0),
		});
	})()`
	url := m.URL() + "/j/" + w.Workshop.JoinCode
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#join-name`))); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.readyState === 'complete'`, 10e9); err != nil {
		t.Fatal(err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](measure))
	if err != nil {
		t.Fatal(err)
	}
	var first firstLoad
	if err := json.Unmarshal([]byte(out), &first); err != nil {
		t.Fatal(err)
	}
	// One language's texts, not all of them: the browser speaks bokmål.
	tables, err := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType('resource').filter(e => /\/static\/messages/.test(e.name)).map(e => e.name.replace(/^.*\/static\//, '')).join(',')`))
	if err != nil {
		t.Fatal(err)
	}
	if tables != "messages/nb.js" {
		t.Errorf("the join page fetched the texts %q, want only messages/nb.js", tables)
	}
	// A second visit: the same page again, in the same browser.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"?again"), chromedp.WaitVisible(chromedp.CSS(`#join-name`))); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.readyState === 'complete'`, 10e9); err != nil {
		t.Fatal(err)
	}
	out, err = chromedp.Run(ctx, chromedp.Evaluate[string](measure))
	if err != nil {
		t.Fatal(err)
	}
	var again firstLoad
	if err := json.Unmarshal([]byte(out), &again); err != nil {
		t.Fatal(err)
	}
	t.Logf("join page, first load: %d requests, %.1f KB on the wire, %.1f KB decoded; second visit: %.1f KB on the wire",
		first.Requests, first.Transferred/1024, first.Decoded/1024, again.Transferred/1024)
	if first.Requests == 0 || first.Decoded == 0 {
		t.Fatalf("nothing measured: %+v", first)
	}
	// The budget: what a 3G phone (about 50 KB/s) fetches in 3 seconds.
	const budget = 150 << 10
	if first.Transferred > budget {
		t.Errorf("the join page's first load is %.1f KB on the wire, over the %d KB budget", first.Transferred/1024, budget>>10)
	}
}

// slowLink is the link of TestBrowserFirstLoadThrottled: 400 kbit/s each
// way and 400 ms round trip, a weak mobile signal at the back of a hall.
const (
	slowLinkBytesPerSec = 400_000 / 8
	slowLinkLatencyMs   = 400
	joinUsableBudgetMs  = 3000
	firstNoteBudgetMs   = 6000
)

// TestBrowserFirstLoadThrottled times a citizen's first visit on a slow
// link (Chromium's network emulation), in a fresh browser on a 360 x 640
// phone: the join page must be usable (the name field there, the page in
// its language) within 3 s of the navigation, and from pressing "Bli med"
// to the first note on screen must take at most 6 s. The times are taken
// in the page (performance.now, marked by a script installed before the
// page loads) so polling does not blur them. It fails past its budget; the
// figures are in BENCHMARKS.md (go test -run TestBrowserFirstLoadThrottled
// -v ./server/).
func TestBrowserFirstLoadThrottled(t *testing.T) {
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustConnect(t, m, w.Workshop.ID, MustFacilitate(t, m, w, "Fride").Token, "", 0)
	fac.do("f", `{"kind":"frame.create","frame":"f1","title":"Hva liker du best?","text":"Skriv en ting per lapp.","x":0,"y":0,"w":800,"h":600}`)
	fac.do("n", `{"kind":"note.create","note":"n1","text":"Benken ved kaia","color":"yellow","x":40,"y":80}`)
	fac.conn.Close()

	// Marks, in the page's own clock (0 = the navigation's start): when
	// the name field appeared, when "Bli med" was pressed, when the first
	// note showed.
	const marks = `(() => {
		window.__marks = {};
		const mark = (k) => { if (!(k in window.__marks)) window.__marks[k] = performance.now(); };
		const look = () => {
			if (document.getElementById('join-name') && document.documentElement.lang) mark('joinUsable');
			if (document.querySelector('.list-note-text, .note .note-text')) mark('firstNote');
		};
		new MutationObserver(look).observe(document, { childList: true, subtree: true });
		document.addEventListener('submit', (e) => { if (e.target.querySelector && e.target.querySelector('#join-name')) mark('joinPressed'); }, true);
	})()`
	// The link is emulated; the machine's own speed is not, and a busy
	// machine only ever adds time. So a visit is measured up to three
	// times, each in a fresh browser context (nothing cached), and the
	// best is held to the budget: a page that needs more bytes or round
	// trips than the budget allows fails every time.
	type visit struct{ usable, toNote float64 }
	measure := func(attempt int) visit {
		ctx := newContext()
		do, poll := tab{t, ctx, 30 * time.Second}.do, tab{t, ctx, 30 * time.Second}.poll
		do("phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
		do("marks", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: marks})
			return err
		}))
		do("slow link", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{
					Latency: slowLinkLatencyMs, DownloadThroughput: slowLinkBytesPerSec, UploadThroughput: slowLinkBytesPerSec,
				}},
			})
			return err
		}))
		do("open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
		poll("the join page", `window.__marks && 'joinUsable' in window.__marks`)
		do("join", chromedp.SendKeys(chromedp.CSS(`#join-name`), fmt.Sprintf("Ola %d", attempt)), chromedp.Click(chromedp.CSS(`#join-submit`)))
		poll("the first note", `'firstNote' in window.__marks`)
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__marks)`))
		if err != nil {
			t.Fatal(err)
		}

		var got struct {
			JoinUsable, JoinPressed, FirstNote float64
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.JoinPressed == 0 {
			t.Fatalf("the join was not seen: %s", out)
		}
		v := visit{usable: got.JoinUsable, toNote: got.FirstNote - got.JoinPressed}
		t.Logf("visit %d, slow link (%d kbit/s, %d ms): join page usable after %.0f ms; join pressed to first note %.0f ms",
			attempt, slowLinkBytesPerSec*8/1000, slowLinkLatencyMs, v.usable, v.toNote)
		return v
	}
	best := visit{usable: math.Inf(1), toNote: math.Inf(1)}
	for attempt := 1; attempt <= 3; attempt++ {
		v := measure(attempt)
		best.usable, best.toNote = min(best.usable, v.usable), min(best.toNote, v.toNote)
		if best.usable <= joinUsableBudgetMs && best.toNote <= firstNoteBudgetMs {
			break
		}
	}
	if best.usable > joinUsableBudgetMs {
		t.Errorf("the join page was usable after %.0f ms at best on the slow link, over the %d ms budget", best.usable, joinUsableBudgetMs)
	}
	if best.toNote > firstNoteBudgetMs {
		t.Errorf("from joining to the first note took %.0f ms at best on the slow link, over the %d ms budget", best.toNote, firstNoteBudgetMs)
	}
}
