package server_test

import (
	"encoding/json"
	"testing"

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
		// Up to the load event: the board's code fetched in the background
		// afterwards is not what the join page waits for.
		const res = performance.getEntriesByType('resource').filter((e) => e.startTime <= nav.loadEventEnd);
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
