package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/templates"
)

// TestBrowserPresetBoards opens a board made from each preset as its
// facilitator, checks every frame of the template is drawn as a labelled
// region, and saves a screenshot of the whole board (preset-<key>.png).
func TestBrowserPresetBoards(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	catalog, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range catalog.Templates() {
		if tpl.Key == "blank" {
			continue
		}
		t.Run(tpl.Key, func(t *testing.T) {
			params, _ := json.Marshal(tpl.MinimalParams())
			var c created
			if status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"`+tpl.Key+`","params":`+string(params)+`}`, &c); status != http.StatusCreated {
				t.Fatalf("create: %d", status)
			}
			f := MustFacilitate(t, m, c, "Fasilitator")
			frames := len(MustConnect(t, m, c.Workshop.ID, f.Token, "", 0).next().Board.Frames)
			ctx := newContext()
			err := chromedp.Do(ctx,
				chromedp.Navigate(m.URL()+"/w/"+c.Workshop.ID+"#key="+c.FacilitatorKey),
				chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
				chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
				chromedp.Click(chromedp.CSS(`#fac-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
			)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
				fmt.Sprintf(`document.querySelectorAll('#canvas [role=region][aria-label]').length === %d`, frames),
				chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#canvas [role=region]').length`))
				t.Fatalf("%d frame regions drawn, the board has %d: %v", n, frames, err)
			}
			steps := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`#fac-toggle`))}
			for range 5 {
				steps = append(steps, chromedp.Click(chromedp.CSS(`#zoom-out`)))
			}
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(screenshotDir(t), "preset-"+tpl.Key+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
