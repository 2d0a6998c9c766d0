package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTextAndZoom: the join page and the list view with text at
// 200 % (WCAG 1.4.4) on a 360 x 640 phone and a 1280 x 800 laptop, and at
// 400 % zoom (WCAG 1.4.10: 1280 x 1024 CSS px at 400 % is 320 x 256):
// nothing scrolls sideways, no text is cut off (no element hides text it
// overflows), and the name field, the form for a note and the notes can
// still be reached. Screenshots: zoom-*.png.
func TestBrowserTextAndZoom(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustConnect(t, m, w.Workshop.ID, MustFacilitate(t, m, w, "Fride").Token, "", 0)
	fac.do("f1", `{"kind":"frame.create","frame":"f1","title":"Hva liker du best ved sentrum i dag?","x":0,"y":0,"w":1000,"h":600}`)
	fac.do("n1", `{"kind":"note.create","note":"n1","text":"Benken ved kaia, der sola står på om ettermiddagen","color":"yellow","x":40,"y":80}`)
	fac.do("ts", `{"kind":"timer.start","ms":600000}`)
	fac.do("vo", `{"kind":"vote.open","vote":"v1","budget":3}`)
	fac.conn.Close()

	// cut lists elements whose text is cut off: content wider or taller
	// than the box where the box hides what overflows.
	const cut = `JSON.stringify([...document.querySelectorAll('main *, #status-line *')].filter(e => {
		if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') return false;
		if (e.closest('.visually-hidden') || e.classList.contains('visually-hidden') || e.id === 'note-list-h' || e.id === 'composer-h') return false;
		const s = getComputedStyle(e);
		// Text for screen readers only, hidden by the same clip pattern in a
		// media query (the roles in the laptop's presence row), is not cut off.
		if (s.position === 'absolute' && s.clip === 'rect(0px, 0px, 0px, 0px)') return false;
		const hides = (v) => v === 'hidden' || v === 'clip';
		const closed = e.closest('details:not([open])');
		if (closed && !e.closest('summary')) return false;
		if (['SELECT', 'TEXTAREA', 'INPUT', 'OL', 'UL', 'SECTION', 'DIV', 'FORM', 'LI'].includes(e.tagName)) return false;
		// Text that sticks out of its box, hidden or drawn over its neighbours.
		return e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
			|| (hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
	}).map(e => e.tagName + '.' + e.className + '#' + e.id + ' «' + e.textContent.slice(0, 30) + '» ' + e.scrollWidth + '>' + e.clientWidth).slice(0, 10))`
	for _, c := range []struct {
		name  string
		w, h  int64
		text  string // the root font size
		touch bool
	}{
		{"text200-phone", 360, 640, "200%", true},
		{"text200-laptop", 1280, 800, "200%", false},
		{"zoom400", 320, 256, "100%", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := newContext()
			do, poll := tab{t, ctx, 20 * time.Second}.do, tab{t, ctx, 20 * time.Second}.poll
			var opts []chromedp.EmulateViewportOption
			if c.touch {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			do("screen", chromedp.EmulateViewport(c.w, c.h, opts...))
			big := chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = '` + c.text + `'`)
			check := func(what string) {
				t.Helper()
				got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([document.documentElement.scrollWidth, innerWidth])`))
				if err != nil {
					t.Fatal(err)
				}
				var wh [2]int
				_ = jsonUnmarshal(got, &wh)
				if wh[0] > wh[1] {
					t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls sideways", what, wh[0], wh[1])
				}
				clipped, err := chromedp.Run(ctx, chromedp.Evaluate[string](cut))
				if err != nil {
					t.Fatal(err)
				}
				if clipped != "[]" {
					t.Errorf("%s: text cut off in %s", what, clipped)
				}
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err == nil {
					path := filepath.Join(screenshotDir(t), fmt.Sprintf("zoom-%s-%s.png", c.name, what))
					_ = os.WriteFile(path, png, 0o644)
					t.Logf("screenshot: %s", path)
				}
			}
			do("join page", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll("join page", `!!document.getElementById('join-name')`)
			do("bigger", big)
			check("join")
			do("join", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ola Nordmann"), chromedp.Click(chromedp.CSS(`#join-submit`)))
			poll("on the board", `!!document.getElementById('view-toggle')`)
			do("bigger", big)
			poll("online", `!!document.querySelector('#conn-state[data-state="online"]')`)
			poll("the board's content", `document.querySelectorAll('.note, .list-note').length >= 1`)
			do("the list", chromedp.Evaluate[chromedp.Void](`document.getElementById('note-list').hidden && document.getElementById('view-toggle').click()`))
			poll("list view with the note", `!document.getElementById('note-list').hidden && document.querySelectorAll('.list-note').length >= 1 && !document.getElementById('composer').hidden`)
			check("list")
			// The form and the note's vote button can be reached and used.
			do("write", chromedp.SendKeys(chromedp.CSS(`#composer-text`), "Mer lys "+c.name), chromedp.Click(chromedp.CSS(`#composer-save`)))
			poll("written", `[...document.querySelectorAll('.list-note-text')].some(e => e.textContent === 'Mer lys `+c.name+`')`)
			// The list redraws as the note arrives: click the button there is now.
			poll("the vote button", `!!document.querySelector('[data-key="vote:n1"]')`)
			do("vote", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-key="vote:n1"]').click()`))
			poll("voted", `!!document.querySelector('[data-key="unvote:n1"]')`)
			check("list-after")
		})
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
