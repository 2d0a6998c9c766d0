package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// viewCenterJS is the board point in the middle of the view, from the
// canvas transform: "x,y".
const viewCenterJS = `(() => {
  const m = document.querySelector('#canvas').style.transform.match(/translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([\d.e]+)\)/);
  const b = document.querySelector('#board');
  if (!m) return '';
  return ((b.clientWidth / 2 - +m[1]) / +m[3]).toFixed(0) + ',' + ((b.clientHeight / 2 - +m[2]) / +m[3]).toFixed(0);
})()`

// TestBrowserFollowMe: with "Follow me" on, a participant's view follows
// the facilitator's pans; after panning themselves they stop following
// (the facilitator's next pan does not move them) until they press
// "Follow again". Also the room around the board: a meeting link reaches
// the participant and opens in a new tab, a bad one is refused in the form,
// and a raised hand reaches the facilitator.
func TestBrowserFollowMe(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowserFor(t, 3*time.Minute)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	const wait = 20 * time.Second
	do, poll := tabFuncs(t, wait)
	str := func(ctx context.Context, js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	center := func(ctx context.Context) (float64, float64) {
		t.Helper()
		var x, y float64
		if _, err := fmt.Sscanf(str(ctx, viewCenterJS), "%g,%g", &x, &y); err != nil {
			t.Fatalf("view centre: %v", err)
		}
		return x, y
	}
	// near is JS that is true when the page's view centre is within 2
	// board units of (x, y).
	near := func(x, y float64) string {
		return fmt.Sprintf(`(() => { const [a, b] = %s.split(',').map(Number); return Math.abs(a - %g) <= 2 && Math.abs(b - %g) <= 2; })()`, viewCenterJS, x, y)
	}

	fac := newContext()
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#follow-me`)),
	)
	ann := newContext()
	do(ann, "Ann joins",
		chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode),
		chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
		chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ann"),
		chromedp.Click(chromedp.CSS(`#join-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
	)
	if n, _ := chromedp.Run(ann, chromedp.Evaluate[int](`document.querySelectorAll('#fac-toolbar:not([hidden])').length`)); n != 0 {
		t.Fatal("a participant sees the facilitator's toolbar")
	}

	pan := func(ctx context.Context, who string, keys string) {
		t.Helper()
		do(ctx, who+" pans", chromedp.Focus(chromedp.CSS(`#board`)), chromedp.SendKeys(chromedp.CSS(`#board`), keys))
	}
	do(fac, "follow me on", chromedp.Click(chromedp.CSS(`#follow-me`)))
	poll(fac, "follow me is pressed", `document.querySelector('#follow-me').getAttribute('aria-pressed') === 'true'`)
	pan(fac, "the facilitator", kb.ArrowRight+kb.ArrowRight+kb.ArrowDown)
	fx, fy := center(fac)
	poll(ann, "Ann follows the facilitator's view", `!document.querySelector('#following').hidden && `+near(fx, fy))
	pan(fac, "the facilitator again", kb.ArrowLeft+kb.ArrowLeft+kb.ArrowLeft+kb.ArrowLeft)
	fx2, fy2 := center(fac)
	if math.Abs(fx2-fx) < 10 {
		t.Fatalf("the facilitator's pan did not move the view: %g -> %g", fx, fx2)
	}
	poll(ann, "Ann follows the next pan", near(fx2, fy2))

	// Ann pans herself: she stops following.
	pan(ann, "Ann", kb.ArrowDown+kb.ArrowDown+kb.ArrowDown)
	poll(ann, "Ann is offered to follow again", `!document.querySelector('#follow-again').hidden && document.querySelector('#following').hidden`)
	ax, ay := center(ann)
	pan(fac, "the facilitator a third time", kb.ArrowUp+kb.ArrowUp+kb.ArrowUp+kb.ArrowUp)
	fx3, fy3 := center(fac)
	// Wait until the server holds that view as the one to follow, then until
	// it has reached Ann's board (#follow-again carries the time of the
	// latest follow event), then check she stayed where she was.
	var at int64
	deadline := time.Now().Add(wait)
	for {
		if b, ok := m.Hub().BoardState(w.Workshop.ID); ok && b.Follow != nil &&
			math.Abs(b.Follow.X+b.Follow.W/2-fx3) <= 2 && math.Abs(b.Follow.Y+b.Follow.H/2-fy3) <= 2 {
			at = b.Follow.At
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the facilitator's view (%g,%g) never reached the server", fx3, fy3)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not a wait for an outcome
	}
	poll(ann, "the facilitator's latest view reached Ann", fmt.Sprintf(`document.querySelector('#follow-again').dataset.at === '%d'`, at))
	if x, y := center(ann); math.Abs(x-ax) > 2 || math.Abs(y-ay) > 2 {
		t.Fatalf("Ann moved with the facilitator after panning away: (%g,%g) -> (%g,%g)", ax, ay, x, y)
	}
	do(ann, "follow again", chromedp.Click(chromedp.CSS(`#follow-again`)))
	poll(ann, "Ann follows again", `!document.querySelector('#following').hidden && `+near(fx3, fy3))

	// Follow me off: the line goes.
	do(fac, "follow me off", chromedp.Click(chromedp.CSS(`#follow-me`)))
	poll(ann, "Ann no longer follows", `document.querySelector('#following').hidden && document.querySelector('#follow-again').hidden`)

	// A meeting link: a bad one is refused in the form, a good one reaches Ann.
	do(fac, "open the links", chromedp.Click(chromedp.CSS(`#links-open`)), chromedp.WaitVisible(chromedp.CSS(`#link-0`)))
	do(fac, "a bad link", chromedp.SendKeys(chromedp.CSS(`#link-0`), "http://meet.example/x"), chromedp.Click(chromedp.CSS(`#links-save`)))
	poll(fac, "the bad link is marked", `document.querySelector('#link-0').getAttribute('aria-invalid') === 'true'`)
	str(fac, `(document.querySelector('#link-0').value = '', '')`)
	do(fac, "a good link", chromedp.SendKeys(chromedp.CSS(`#link-0`), "https://meet.example/verksted"), chromedp.Click(chromedp.CSS(`#links-save`)))
	poll(ann, "Ann sees the meeting link", `(() => { const a = document.querySelector('#meeting-link'); return !document.querySelector('#meeting').hidden && a.href === 'https://meet.example/verksted' && a.target === '_blank' && a.rel.includes('noopener'); })()`)
	do(fac, "close the links with Escape", chromedp.Focus(chromedp.CSS(`#link-0`)), chromedp.KeyEvent(kb.Escape))
	poll(fac, "the popover closed and focus is back", `document.querySelector('#links-pop').hidden && document.activeElement.id === 'links-open'`)

	// A raised hand.
	do(ann, "Ann raises her hand", chromedp.Click(chromedp.CSS(`#raise-hand`)))
	poll(ann, "Ann's hand is up", `document.querySelector('#raise-hand').getAttribute('aria-pressed') === 'true'`)
	poll(fac, "the facilitator sees one hand", `document.querySelector('#hands-open').textContent === 'Hender oppe: 1'`)
	do(fac, "open the hands", chromedp.Click(chromedp.CSS(`#hands-open`)))
	poll(fac, "Ann's name in the hands", `document.querySelector('#hands-list').textContent.includes('Ann')`)
	png, err := chromedp.Run(fac, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(screenshotDir(t), "room-facilitator.png"), png, 0o644)
	do(fac, "lower Ann's hand", chromedp.Click(chromedp.CSS(`#hands-list button`)))
	poll(ann, "Ann's hand is down", `document.querySelector('#raise-hand').getAttribute('aria-pressed') === 'false'`)

	// The presentation view: read-only, with the join code.
	pres := newContext()
	do(pres, "the presentation view",
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Storskjerm"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-toolbar`)),
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#present-anon"),
	)
	poll(pres, "the join code is on screen", `document.body.classList.contains('is-present-anon') && document.querySelector('#present-code')?.textContent.length > 4 && document.querySelector('#present-qr').getAttribute('src').endsWith('/qr.svg')`)
	poll(pres, "no tools", `getComputedStyle(document.querySelector('.board-tools')).display === 'none' && getComputedStyle(document.querySelector('#fac-host')).display === 'none'`)
	png, err = chromedp.Run(pres, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(screenshotDir(t), "present.png"), png, 0o644)
}

// TestBrowserGettingBackIn: from the organiser's list, "Open as
// facilitator" opens the board as facilitator without the link, and "New
// facilitator link" shows a new link; the old one stops working.
func TestBrowserGettingBackIn(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	do, poll := tabFuncs(t, 20*time.Second)
	org := newContext()
	do(org, "sign in", chromedp.Navigate(m.URL()+"/signin?token="+organiserToken))
	poll(org, "the list shows the workshop", `!!document.querySelector('[data-open-fac="`+w.Workshop.ID+`"]')`)
	do(org, "open as facilitator",
		chromedp.Click(chromedp.CSS(`[data-open-fac="`+w.Workshop.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Olga"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-toolbar`)),
	)
	poll(org, "on the board as facilitator", `[...document.querySelectorAll('#presence li')].some(li => li.textContent.includes('Olga') && li.textContent.includes('fasilitator'))`)

	do(org, "back to the list", chromedp.Navigate(m.URL()+"/"))
	poll(org, "the list again", `!!document.querySelector('[data-new-fac-link="`+w.Workshop.ID+`"]')`)
	if _, err := chromedp.Run(org, chromedp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	do(org, "new facilitator link", chromedp.Click(chromedp.CSS(`[data-new-fac-link="`+w.Workshop.ID+`"]`)))
	poll(org, "the new link is shown", `document.querySelector('#fac-link-`+w.Workshop.ID+`')?.href.includes('#key=')`)
	link, err := chromedp.Run(org, chromedp.Evaluate[string](`document.querySelector('#fac-link-`+w.Workshop.ID+`').href`))
	if err != nil {
		t.Fatal(err)
	}
	_, newKey, _ := strings.Cut(link, "#key=")
	if newKey == "" || newKey == w.FacilitatorKey {
		t.Fatalf("new link %q", link)
	}
	body, _ := json.Marshal(map[string]string{"key": w.FacilitatorKey, "name": "Gammel"})
	if st := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops/"+w.Workshop.ID+"/facilitate", string(body), nil); st != http.StatusUnauthorized {
		t.Fatalf("the old link still works: %d", st)
	}
	renewed := w
	renewed.FacilitatorKey = newKey
	MustFacilitate(t, m, renewed, "Ny")
}
