package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserExportPreview: a facilitator shows the draft konkurranseprogram
// in the panel; it has the A-E sections and no participant's name.
func TestBrowserExportPreview(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aurora Nordmann")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	c.next()
	c.do("n1", `{"kind":"note.create","note":"n1","text":"Flere møteplasser på kaia","color":"yellow","x":0,"y":0}`)

	ctx := newContext()
	err := chromedp.Do(ctx,
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		chromedp.Click(chromedp.CSS(`#export-show`)),
	)
	if err != nil {
		t.Fatalf("facilitator opens the export: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`!document.querySelector('#export-preview').hidden && document.querySelector('#export-preview').textContent.includes('Problemstillinger')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the draft never showed: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#export-preview').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"A. Innbydelse", "B. Del 1", "C. ", "D. ", "E. ", "Flere møteplasser på kaia"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if strings.Contains(text, "Aurora") || strings.Contains(text, "Fride") {
		t.Error("the draft names a person")
	}
}
