package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/workshops"
)

// TestBrowserPhone takes full part in a workshop on a 360 x 640 touch
// screen, by taps alone: join, write a note in the list view (where a
// phone starts), change it, vote, and see another person's note arrive.
// Nothing is wider than the screen, and every control tapped is at least
// 44 px high. The same again at 320 CSS px, the width WCAG 1.4.10 asks
// content to reflow to (and what 1280 px at 400 % zoom leaves). Screenshots
// of the join page and the board at 360 x 640, 320 x 640 and 1280 x 800
// are saved (phone-*.png, narrow-*.png, desktop-*.png).
func TestBrowserPhone(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fride")
	fac := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	fac.do("f", `{"kind":"frame.create","frame":"f1","title":"Hva liker du best?","text":"Skriv en ting per lapp.","x":0,"y":0,"w":800,"h":600}`)
	const wait = 10 * time.Second
	boardNow := func() workshops.View {
		c := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
		defer c.conn.Close()
		return c.next().Board
	}

	for _, size := range []struct {
		name string
		w, h int64
		// touch: a phone, driven by taps; else a laptop, only looked at.
		touch bool
	}{{"phone", 360, 640, true}, {"narrow", 320, 640, true}, {"desktop", 1280, 800, false}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := newContext()
			do, poll := tab{t, ctx, wait}.do, tab{t, ctx, wait}.poll
			shot := func(name string) {
				t.Helper()
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(screenshotDir(t), fmt.Sprintf("%s-%s-%dx%d.png", size.name, name, size.w, size.h))
				if err := os.WriteFile(path, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot: %s", path)
			}
			// fits: nothing scrolls sideways.
			fits := func(what string) {
				t.Helper()
				sw, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if sw > int(size.w) {
					t.Errorf("%s: the page is %d px wide on a %d px screen", what, sw, size.w)
				}
			}
			var opts []chromedp.EmulateViewportOption
			if size.touch {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			do("screen size", chromedp.EmulateViewport(size.w, size.h, opts...))
			// press taps (or clicks) sel once it has stood still for 300 ms:
			// the same element, in the same place. A person aims at what
			// they see; a test that fires at a node being redrawn tests
			// nothing.
			press := func(sel string) chromedp.Action[chromedp.Void] {
				return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
					still := `(() => { const e = document.querySelector(` + jsString(sel) + `); if (!e) return false;
						const r = e.getBoundingClientRect(), at = r.x + ',' + r.y + ',' + r.width;
						const w = window.__still || {}; const now = performance.now();
						if (w.e !== e || w.at !== at) { window.__still = {e, at, since: now}; return false; }
						return now - w.since >= 300; })()`
					if err := waitJS(ctx, still, wait); err != nil {
						return chromedp.Void{}, fmt.Errorf("%s never stood still: %w", sel, err)
					}
					if size.touch {
						return chromedp.Tap(chromedp.CSS(sel))(ctx, tg)
					}
					return chromedp.Click(chromedp.CSS(sel))(ctx, tg)
				}
			}
			// bigEnough: a control a finger taps is at least 44 px high.
			bigEnough := func(sel string) {
				t.Helper()
				if !size.touch {
					return
				}
				h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector(`+jsString(sel)+`).getBoundingClientRect().height`))
				if err != nil {
					t.Fatal(err)
				}
				if h < 44 {
					t.Errorf("%s is %.0f px high; a finger needs 44", sel, h)
				}
			}

			do("open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll("join page", `!!document.getElementById('join-name')`)
			fits("join page")
			shot("join")
			bigEnough("#join-submit")
			do("join", press(`#join-name`), chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ola "+size.name), press(`#join-submit`))
			poll("online", `!!document.querySelector('#conn-state[data-state="online"]')`)

			if !size.touch {
				poll("the board shows the frame", `[...document.querySelectorAll('#canvas [role=region]')].length === 1`)
				fits("board")
				shot("board")
				return
			}
			// A phone starts in the list view, with the frame and its prompt.
			poll("the list view is the default on a phone", `!document.getElementById('note-list').hidden && document.getElementById('board').hidden`)
			poll("the frame and its prompt", `document.querySelector('.list-frame-prompt') && document.querySelector('.list-frame-prompt').textContent === 'Skriv en ting per lapp.'`)
			// The form appears once the server has said who Ola is; wait for
			// it, so the layout does not move under the tap.
			poll("the form to write", `!document.getElementById('composer').hidden`)
			fits("list view")
			bigEnough(`.list-frame-head .button`)
			do("new note in the frame", press(`.list-frame-head .button`))
			if err := waitJS(ctx, `document.activeElement.id === 'composer-text' && document.getElementById('composer-frame').value === 'f1'`, wait); err != nil {
				got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([document.activeElement.id, document.activeElement.className, document.activeElement.textContent.slice(0, 40), document.getElementById('composer-frame').value, document.getElementById('composer').hidden, scrollY])`))
				t.Fatalf("the form has no focus in the frame: focus and state %s: %v", got, err)
			}
			do("write", chromedp.SendKeys(chromedp.CSS(`#composer-text`), "Benken ved kaia"), press(`#composer-save`))
			poll("the note is in the list", `[...document.querySelectorAll('.list-note-text')].some(e => e.textContent === 'Benken ved kaia')`)
			deadline := time.Now().Add(wait)
			var mine workshops.Note
			for mine.ID == "" {
				for _, n := range boardNow().Notes {
					if n.Text == "Benken ved kaia" {
						mine = n
					}
				}
				if time.Now().After(deadline) {
					t.Fatal("the note never reached the server")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if mine.X < 0 || mine.Y < 0 || mine.X+mine.W > 800 || mine.Y+mine.H > 600 {
				t.Errorf("the note was written in frame f1 but lies at %v,%v (%vx%v), outside it", mine.X, mine.Y, mine.W, mine.H)
			}

			// Change it.
			editBtn := `[data-key="edit:` + mine.ID + `"]`
			bigEnough(editBtn)
			do("change", press(editBtn))
			poll("the form holds the text", `document.getElementById('composer-text').value === 'Benken ved kaia'`)
			do("new text", chromedp.Evaluate[chromedp.Void](`document.getElementById('composer-text').select()`),
				chromedp.SendKeys(chromedp.CSS(`#composer-text`), "Benken ved kaia, med tak"), press(`#composer-save`))
			poll("changed in the list", `[...document.querySelectorAll('.list-note-text')].some(e => e.textContent === 'Benken ved kaia, med tak')`)

			// Someone else's note arrives while Ola is in the list.
			other := "n-fac-" + size.name
			fac.do("n2-"+size.name, `{"kind":"note.create","note":"`+other+`","text":"Lys langs stien","color":"blue","x":300,"y":100}`)
			poll("the other note arrives", `!!document.querySelector('[data-key="show:`+other+`"]')`)

			// A dot vote: Ola votes on the facilitator's note by tapping.
			fac.do("v-"+size.name, `{"kind":"vote.open","vote":"v-`+size.name+`","budget":1}`)
			defer fac.do("vc-"+size.name, `{"kind":"vote.close","vote":"v-`+size.name+`"}`)
			voteBtn := `[data-key="vote:` + other + `"]`
			poll("a vote button", `!!document.querySelector(`+jsString(voteBtn)+`)`)
			bigEnough(voteBtn)
			do("vote", press(voteBtn))
			poll("no dots left", `document.getElementById('votes-left').dataset.left === '0'`)
			deadline = time.Now().Add(wait)
			for {
				got := 0
				for _, v := range boardNow().Votes {
					if v.ID == "v-"+size.name {
						got += v.Totals[other]
					}
				}
				if got == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the server has %d dots on the note, want 1", got)
				}
				time.Sleep(20 * time.Millisecond)
			}
			// The facilitator records the frame as chosen; the list says so in words.
			fac.do("ch-"+size.name, `{"kind":"frame.choose","frame":"f1","on":true}`)
			poll("the frame is marked chosen", `!!document.querySelector('.list-frame .frame-tag--chosen') && document.querySelector('.list-frame .frame-tag--chosen').textContent === 'Valgt'`)
			fac.do("unch-"+size.name, `{"kind":"frame.choose","frame":"f1","on":false}`)
			poll("and no longer", `!document.querySelector('.list-frame .frame-tag--chosen')`)
			fits("list view with a vote")
			shot("board")

			// The board itself is one tap away, and fits too.
			do("show the board", press(`#view-toggle`))
			poll("board shown", `!document.getElementById('board').hidden`)
			fits("board")
			shot("board-canvas")
		})
	}
}
