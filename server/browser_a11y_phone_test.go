package server_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccessibilitySizes runs axe-core on every page a citizen and
// an organiser meet (start, the organiser's start page, join, statement,
// the board as a list, with the status sheet open, and as a board) at
// 360 x 640, 320 x 640 (touch) and 1280 x 800, in bokmål and nynorsk, with
// the board mid-exercise: breakout, a timer, a revealed vote (its band), a
// message and notes. One tab per size and language walks the pages, so the
// run stays bounded.
func TestBrowserAccessibilitySizes(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	axeSrc := findAxe(t)
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	facJ := MustFacilitate(t, m, w, "Fride")
	fac := MustConnect(t, m, w.Workshop.ID, facJ.Token, "", 0)
	setUpPhoneWorkshop(t, m, w, fac)
	fac.do("n1", `{"kind":"note.create","note":"n1","text":"Benken ved kaia","color":"yellow","x":40,"y":600}`)
	fac.do("n2", `{"kind":"note.create","note":"n2","text":"Lys langs stien","color":"pink","x":300,"y":600}`)
	fac.do("msg", `{"kind":"board.message","text":"Ti minutter igjen."}`)
	fac.do("ts", `{"kind":"timer.start","ms":600000}`)
	const wait = 20 * time.Second
	do, poll := tabFuncs(t, wait)

	type size struct {
		name  string
		w, h  int64
		touch bool
	}
	sizes := []size{{"360x640", 360, 640, true}, {"320x640", 320, 640, true}, {"1280x800", 1280, 800, false}}
	// Breakout, a revealed vote and an open one; each person is put in
	// group A as they join (one tab at a time, so no tab outlives its
	// deadline).
	fac.do("bs", `{"kind":"breakout.start"}`)
	fac.do("vo", `{"kind":"vote.open","vote":"v1","budget":2}`)
	fac.do("vr", `{"kind":"vote.reveal","vote":"v1"}`)
	fac.do("vo2", `{"kind":"vote.open","vote":"v2","budget":2}`)
	fac.conn.Close() // a socket nobody reads for minutes is not a fair test of the server
	assign := map[string]string{}
	for _, lang := range []string{"nb", "nn"} {
		for _, sz := range sizes {
			ctx := newContext()
			tag := lang + " " + sz.name
			var opts []chromedp.EmulateViewportOption
			if sz.touch {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			do(ctx, tag+": screen", chromedp.EmulateViewport(sz.w, sz.h, opts...))
			do(ctx, tag+": join page", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll(ctx, tag+": join page", `!!document.getElementById('join-name')`)
			do(ctx, tag+": "+lang, chromedp.Evaluate[chromedp.Void](`localStorage.setItem('samskap.lang', '`+lang+`')`), chromedp.Reload())
			poll(ctx, tag+": join page in "+lang, `document.documentElement.lang === '`+lang+`' && !!document.getElementById('join-name')`)
			checkAxe(t, ctx, axeSrc, "join page, "+tag)
			name := "Ask " + tag
			do(ctx, tag+": join", chromedp.SendKeys(chromedp.CSS(`#join-name`), name), chromedp.Click(chromedp.CSS(`#join-submit`)))
			poll(ctx, tag+": online", `!!document.querySelector('#conn-state[data-state="online"]')`)
			look := MustConnect(t, m, w.Workshop.ID, facJ.Token, "", 0)
			for _, p := range look.next().Board.Participants {
				if p.Name == name {
					assign[p.ID] = "g1"
				}
			}
			a, _ := json.Marshal(assign)
			look.do(fmt.Sprintf("as-%s-%d", lang, sz.w), `{"kind":"group.assign","assign":`+string(a)+`}`)
			look.conn.Close()

			poll(ctx, tag+": the board mid-exercise", `!document.getElementById('timer').hidden && !document.getElementById('votes-left').hidden && !document.getElementById('breakout-notice').hidden && !document.getElementById('my-group').hidden`)
			// The list (a phone starts there; a laptop switches to it).
			if !sz.touch {
				checkAxe(t, ctx, axeSrc, "board, "+tag)
				do(ctx, tag+": list view", chromedp.Click(chromedp.CSS(`#view-toggle`)))
			}
			poll(ctx, tag+": list view", `!document.getElementById('note-list').hidden && document.querySelectorAll('.list-note').length === 2`)
			checkAxe(t, ctx, axeSrc, "list view, "+tag)
			if sz.touch {
				poll(ctx, tag+": the status line", `!document.getElementById('status-line').hidden && !document.getElementById('news-bands').hidden`)
				do(ctx, tag+": open the sheet", chromedp.Click(chromedp.CSS(`#status-open`)))
				poll(ctx, tag+": sheet open", `document.getElementById('status-sheet').open`)
				checkAxe(t, ctx, axeSrc, "status sheet, "+tag)
				do(ctx, tag+": close the sheet", chromedp.Click(chromedp.CSS(`#sheet-close`)))
				do(ctx, tag+": the board", chromedp.Click(chromedp.CSS(`#view-toggle`)))
				poll(ctx, tag+": board view", `!document.getElementById('board').hidden`)
				checkAxe(t, ctx, axeSrc, "board, "+tag)
			}
			// The other pages in a tab of their own (a tab's deadline is a minute).
			ctx = newContext()
			do(ctx, tag+": screen", chromedp.EmulateViewport(sz.w, sz.h, opts...))
			do(ctx, tag+": "+lang, chromedp.Navigate(m.URL()+"/tilgjengelighet"), chromedp.Evaluate[chromedp.Void](`localStorage.setItem('samskap.lang', '`+lang+`')`))
			for _, page := range []string{"/", "/tilgjengelighet"} {
				do(ctx, tag+": "+page, chromedp.Navigate(m.URL()+page))
				poll(ctx, tag+": "+page, `document.readyState === 'complete' && document.documentElement.lang === '`+lang+`' && !!document.querySelector('main h1')`)
				checkAxe(t, ctx, axeSrc, fmt.Sprintf("page %s, %s", page, tag))
			}
		}
	}
	// The organiser's start page, at each size, in each language (a tab
	// per language, each signed in).
	for _, lang := range []string{"nb", "nn"} {
		org := newContext()
		do(org, "sign in as organiser", chromedp.Navigate(m.URL()+"/signin?token="+organiserToken))
		for _, sz := range sizes {
			var opts []chromedp.EmulateViewportOption
			if sz.touch {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			do(org, "screen", chromedp.EmulateViewport(sz.w, sz.h, opts...))
			do(org, lang, chromedp.Evaluate[chromedp.Void](`localStorage.setItem('samskap.lang', '`+lang+`')`), chromedp.Navigate(m.URL()+"/"))
			poll(org, "the organiser's page", `document.documentElement.lang === '`+lang+`' && !!document.getElementById('create-lang')`)
			checkAxe(t, org, axeSrc, "organiser's start page, "+lang+" "+sz.name)
		}
	}
}
