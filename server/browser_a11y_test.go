package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samskap/samskap/templates"
)

// findAxe returns the source of axe-core (the npm package, installed with
// `npm ci --prefix tools/a11y`), or skips the test; with
// SAMSKAP_REQUIRE_BROWSER=1 a missing axe-core fails it.
func findAxe(t *testing.T) string {
	t.Helper()
	path := os.Getenv("SAMSKAP_AXE_JS")
	if path == "" {
		path = filepath.Join("..", "tools", "a11y", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("SAMSKAP_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core not found at %s and SAMSKAP_REQUIRE_BROWSER=1 (npm ci --prefix tools/a11y): %v", path, err)
		}
		t.Skipf("accessibility test skipped: axe-core not found at %s (npm ci --prefix tools/a11y, or set SAMSKAP_AXE_JS)", path)
	}
	return string(src)
}

// axeViolation is one failed axe rule with the elements it failed on.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// wcagTags are the axe rule tags of WCAG 2.0 and 2.1, levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// checkAxe loads axe-core into the page (once) and fails the test with a
// readable list if any WCAG 2.1 A or AA rule is violated; it returns how
// many rules passed, so a caller can see axe really looked at something.
func checkAxe(t *testing.T, ctx context.Context, axeSrc, what string) int {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSrc+"\n;undefined")); err != nil {
			t.Fatalf("%s: load axe-core: %v", what, err)
		}
	}
	tags, _ := json.Marshal(wcagTags)
	js := `axe.run(document, {runOnly: {type: 'tag', values: ` + string(tags) + `}, resultTypes: ['violations']})
		.then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", what, err)
	}
	var res struct {
		Violations []axeViolation `json:"violations"`
		Passes     int            `json:"passes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%s: axe result: %v", what, err)
	}
	if len(res.Violations) > 0 {
		var b strings.Builder
		for _, v := range res.Violations {
			fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
			for i, n := range v.Nodes {
				if i == 5 {
					fmt.Fprintf(&b, "\n    … %d more", len(v.Nodes)-5)
					break
				}
				fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
			}
		}
		t.Errorf("%s: %d WCAG 2.1 A/AA violations:%s", what, len(res.Violations), b.String())
	}
	if res.Passes == 0 {
		t.Errorf("%s: axe-core passed no rule at all; did it see the page?", what)
	}
	return res.Passes
}

// TestBrowserAccessibility runs axe-core on the join page, the board, the
// list view, the facilitator's panel, the QR code dialog and the
// accessibility statement, in bokmål and in nynorsk, with
// content on the board (frames, notes in every colour, an open vote, a
// timer), and
// fails on any violation of a WCAG 2.1 A or AA rule.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	axeSrc := findAxe(t)
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	catalog, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, ok := catalog.Get("visjon")
	if !ok {
		t.Fatal("no visjon template")
	}
	params, _ := json.Marshal(tpl.MinimalParams())
	const wait = 15 * time.Second

	for _, lang := range []string{"nb", "nn"} {
		t.Run(lang, func(t *testing.T) {
			// A board of its own per language: one vote may be open at a time.
			var w created
			if status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":`+string(params)+`}`, &w); status != http.StatusCreated {
				t.Fatalf("create a workshop from the visjon template: %d", status)
			}
			do, poll := tabFuncs(t, wait)
			// chooseLang stores the language as the picker does and
			// reloads, so the page starts in it.
			chooseLang := func(ctx context.Context) {
				t.Helper()
				do(ctx, "choose "+lang,
					chromedp.Evaluate[chromedp.Void](`localStorage.setItem('samskap.lang', `+jsString(lang)+`)`),
					chromedp.Reload(),
				)
				poll(ctx, "page in "+lang, `document.documentElement.lang === `+jsString(lang))
			}

			// A note in every colour, so axe checks the contrast of each.
			fws := MustConnect(t, m, w.Workshop.ID, MustFacilitate(t, m, w, "Co "+lang).Token, "", 0)
			for i, c := range []string{"yellow", "pink", "blue", "green", "orange", "purple"} {
				fws.do("c-"+c, fmt.Sprintf(`{"kind":"note.create","note":"n-%s","text":"Idé i %s","color":"%s","x":%d,"y":900}`, c, c, c, 40+i*220))
			}
			// Every canvas item (issue 15): a text label, shapes, a cluster,
			// a connector with a label, a comment and a reaction.
			fws.do("i-text", `{"kind":"shape.create","shape":"s-text","form":"text","x":40,"y":820,"w":400,"h":50,"text":"Sentrum"}`)
			fws.do("i-rect", `{"kind":"shape.create","shape":"s-rect","form":"rect","x":20,"y":1080,"w":420,"h":200,"text":"Område"}`)
			fws.do("i-ell", `{"kind":"shape.create","shape":"s-ell","form":"ellipse","x":480,"y":1080,"w":300,"h":200,"color":"blue"}`)
			fws.do("i-clu", `{"kind":"cluster.create","cluster":"k-1","name":"Grønt","x":20,"y":860,"w":440,"h":200}`)
			fws.do("i-con", `{"kind":"connector.create","connector":"c-1","from":{"type":"note","id":"n-yellow"},"to":{"type":"note","id":"n-pink"},"text":"henger sammen"}`)
			fws.do("i-com", `{"kind":"comment.create","comment":"m-1","note":"n-blue","text":"Gjelder dette hele byen?"}`)
			fws.do("i-rea", `{"kind":"reaction.set","note":"n-blue","reaction":"idea","on":true}`)
			fws.conn.Close()

			// The facilitator first, so the board has something on it.
			fac := newContext()
			do(fac, "facilitator opens the board", chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey))
			chooseLang(fac)
			do(fac, "facilitator signs in",
				chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
				chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride "+lang),
				chromedp.Click(chromedp.CSS(`#fac-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#fac-panel`)),
			)

			// The join page, as a citizen first sees it.
			p := newContext()
			do(p, "open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			chooseLang(p)
			do(p, "join page shows", chromedp.WaitVisible(chromedp.CSS(`#join-name`)))
			checkAxe(t, p, axeSrc, "join page ("+lang+")")
			// An error shown on the join page is part of it too.
			do(p, "submit without a name", chromedp.Click(chromedp.CSS(`#join-submit`)))
			poll(p, "the missing name is reported", `document.getElementById('join-name').getAttribute('aria-invalid') === 'true'`)
			checkAxe(t, p, axeSrc, "join page with an error ("+lang+")")

			do(p, "join",
				chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ask "+lang),
				chromedp.Click(chromedp.CSS(`#join-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
			)
			do(p, "write a note",
				chromedp.Click(chromedp.CSS(`#new-note`)),
				chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
				chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), "Benker ved elva"),
				chromedp.KeyEvent("\r"),
				chromedp.WaitNotPresent(chromedp.CSS(`textarea.note-editor`)),
			)
			poll(fac, "the facilitator sees the note", `[...document.querySelectorAll('.note .note-text')].some(e => e.textContent === 'Benker ved elva')`)

			// The facilitator opens a vote and starts a timer, so the
			// participant's board shows both.
			// One at a time: each changes the panel's layout, which would
			// move the next button from under a click already aimed.
			if _, err := chromedp.Run(fac, chromedp.Evaluate[bool](openToolJS("timer"))); err != nil {
				t.Fatal(err)
			}
			do(fac, "start a timer", chromedp.Click(chromedp.CSS(`#timer-start`)))
			poll(p, "the participant sees the timer", `!document.getElementById('timer').hidden`)
			if _, err := chromedp.Run(fac, chromedp.Evaluate[bool](openToolJS("vote"))); err != nil {
				t.Fatal(err)
			}
			do(fac, "open a vote", chromedp.Click(chromedp.CSS(`#vote-open`)))
			poll(p, "the participant sees the vote", `!document.getElementById('votes-left').hidden && !!document.querySelector('.note-vote-cast')`)
			checkAxe(t, fac, axeSrc, "board with the facilitator's panel ("+lang+")")

			// The QR code for the room: a modal dialog with the code, axe-clean,
			// the image drawn, and Escape gives focus back to its button.
			do(fac, "show the QR code", chromedp.Click(chromedp.CSS(`#qr-show`)))
			poll(fac, "the QR code is drawn", `document.getElementById('qr-dialog').open && document.getElementById('qr-img').complete
				&& document.getElementById('qr-img').naturalWidth > 0
				&& document.getElementById('qr-img').alt.includes('/j/`+w.Workshop.JoinCode+`')
				&& document.getElementById('qr-code').textContent.replace(/[^A-Z0-9]/g, '') === `+jsString(w.Workshop.JoinCode))
			checkAxe(t, fac, axeSrc, "QR code dialog ("+lang+")")
			do(fac, "close it with Escape", chromedp.KeyEvent(kb.Escape))
			poll(fac, "closed, focus back on its button", `!document.getElementById('qr-dialog').open && document.activeElement.id === 'qr-show'`)
			checkAxe(t, p, axeSrc, "board ("+lang+")")
			// The canvas's own UI: a note's panel, a selection of several,
			// search hits; in a new tab of the same person, since each tab
			// has a deadline of its own.
			token, err := chromedp.Run(p, chromedp.Evaluate[string](`localStorage.getItem('samskap.session.' + `+jsString(w.Workshop.ID)+`)`))
			if err != nil || token == "" {
				t.Fatalf("the participant's session: %q %v", token, err)
			}
			p = openBoard(t, newContext(), m, w.Workshop.ID, token).ctx
			chooseLang(p)
			poll(p, "online again", `document.getElementById('conn-state').dataset.state === 'online'`)
			poll(p, "the items are drawn", `!!document.querySelector('line.connector') && !!document.querySelector('.cluster') && !!document.querySelector('.shape--text')`)
			do(p, "open a note's panel", chromedp.Click(chromedp.CSS(`.note[data-id="n-blue"] .note-open`)))
			poll(p, "the panel shows the comment", `document.getElementById('note-panel').open && document.querySelectorAll('.comment').length === 1`)
			checkAxe(t, p, axeSrc, "note panel ("+lang+")")
			do(p, "close it", chromedp.Click(chromedp.CSS(`#note-panel-close`)))
			// Canvas editing: an item's handles, "connect to ..." from a shape,
			// the name dialog, and a connector's dialog.
			// Handles show on :focus-within, which needs the page to have
			// the browser's focus (this tab is one of three), and the shape
			// to hold it: focused again on each try, should a redraw have
			// taken it.
			do(p, "this tab in front", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Call(ctx, page.BringToFront, cdp.Empty{})
				return err
			}))
			poll(p, "the rectangle focused, its handles show", `(() => {
				const s = document.querySelector('.shape[data-id="s-rect"]');
				if (!s.contains(document.activeElement)) s.focus();
				return document.hasFocus() && getComputedStyle(s.querySelector('.item-connect')).display !== 'none';
			})()`)
			checkAxe(t, p, axeSrc, "board with a shape's handles ("+lang+")")
			poll(p, "open connect to ... from the rectangle", `(document.querySelector('.shape[data-id="s-rect"] .item-connect').click(), true)`)
			poll(p, "the connect dialog lists items by kind", `document.getElementById('connect-dialog').open && document.querySelectorAll('#connect-to optgroup').length >= 3`)
			checkAxe(t, p, axeSrc, "connect dialog ("+lang+")")
			do(p, "close it with Escape", chromedp.KeyEvent(kb.Escape))
			poll(p, "closed", `!document.getElementById('connect-dialog')`)
			do(p, "rename the cluster", chromedp.Focus(chromedp.CSS(`.cluster`)), chromedp.KeyEvent(kb.F2))
			poll(p, "the name dialog is open", `!!document.getElementById('cluster-dialog') && document.getElementById('cluster-dialog').open`)
			checkAxe(t, p, axeSrc, "cluster name dialog ("+lang+")")
			do(p, "cancel it with Escape", chromedp.KeyEvent(kb.Escape))
			poll(p, "cancelled, focus back on the cluster", `!document.getElementById('cluster-dialog') && document.activeElement.classList.contains('cluster')`)
			poll(p, "open the connector's dialog", `(document.querySelector('.connector-label').click(), true)`)
			poll(p, "the connector dialog is open", `!!document.getElementById('connector-dialog') && document.getElementById('connector-dialog').open`)
			checkAxe(t, p, axeSrc, "connector dialog ("+lang+")")
			do(p, "close it with Escape", chromedp.KeyEvent(kb.Escape))
			poll(p, "closed", `!document.getElementById('connector-dialog')`)
			do(p, "select all in view", chromedp.Focus(chromedp.CSS(`.note[data-id="n-blue"]`)), chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
			poll(p, "the selection toolbar shows", `!document.getElementById('selection-bar').hidden`)
			do(p, "search", chromedp.Focus(chromedp.CSS(`#board-search`)), chromedp.SendKeys(chromedp.CSS(`#board-search`), "ide"))
			poll(p, "hits are listed", `document.querySelectorAll('#search-results .search-hit').length >= 6`)
			checkAxe(t, p, axeSrc, "board with a selection and search hits ("+lang+")")
			do(p, "list view", chromedp.Click(chromedp.CSS(`#view-toggle`)))
			poll(p, "list view shows", `!document.getElementById('note-list').hidden`)
			checkAxe(t, p, axeSrc, "list view ("+lang+")")

			// The accessibility statement, reached from the footer's link,
			// in a tab of its own: each tab has a deadline of its own.
			p = newContext()
			do(p, "open the site", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			chooseLang(p)
			do(p, "the accessibility statement", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll(p, "join page again", `!!document.getElementById('a11y-link')`)
			do(p, "follow the footer link", chromedp.Click(chromedp.CSS(`#a11y-link`)))
			poll(p, "the statement shows", `location.pathname === '/tilgjengelighet' && !!document.querySelector('.statement h2')
				&& document.documentElement.lang === `+jsString(lang))
			checkAxe(t, p, axeSrc, "accessibility statement ("+lang+")")
		})
	}
}

// TestBrowserLanguagePicker: choosing nynorsk in the picker turns the page
// into nynorsk at once (the <html lang> too, for screen readers' voices),
// and the choice is remembered across a reload and on the next page.
func TestBrowserLanguagePicker(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	ctx := newContext()
	heading := `document.getElementById('join-h').textContent`
	if err := chromedp.Do(ctx, chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode), chromedp.WaitVisible(chromedp.CSS(`#join-h`))); err != nil {
		t.Fatal(err)
	}
	nb, err := chromedp.Run(ctx, chromedp.Evaluate[string](heading))
	if err != nil {
		t.Fatal(err)
	}
	// Pick with the keyboard, as a person would: focus the picker, then
	// the arrow key moves to the next language (nynorsk follows bokmål).
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#lang-picker`)), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.documentElement.lang === 'nn' && document.getElementById('lang-picker').value === 'nn'`, 5*time.Second); err != nil {
		t.Fatalf("nynorsk chosen: %v", err)
	}
	nn, _ := chromedp.Run(ctx, chromedp.Evaluate[string](heading))
	if nn == "" || nn == nb {
		t.Fatalf("the heading is %q in nynorsk and %q in bokmål: the page did not change language", nn, nb)
	}
	for _, next := range []string{m.URL() + "/j/" + w.Workshop.JoinCode, m.URL() + "/tilgjengelighet"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(next)); err != nil {
			t.Fatal(err)
		}
		if err := waitJS(ctx, `document.readyState === 'complete' && document.documentElement.lang === 'nn' && document.getElementById('lang-picker').value === 'nn'
			&& !!document.querySelector('main h1') && document.querySelector('main h1').textContent.length > 0`, 5*time.Second); err != nil {
			t.Fatalf("%s: the choice of nynorsk was not remembered: %v", next, err)
		}
	}
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main h1').textContent`)); got != "Tilgjengelegheitserklæring" {
		t.Fatalf("the statement's heading is %q, want the nynorsk one", got)
	}
}

// TestBrowserAccessibilityRunOfShow runs axe-core on the run of show and
// the facilitator's toolbar (issue 16): the agenda panel mid-workshop with
// its progress, the toolbar with the meeting-link and hands popovers open,
// the participant's step line, meeting link, raised hand and "follow
// again", and the presentation view, at 1280x800 and at 360x640, in bokmål
// and nynorsk.
func TestBrowserAccessibilityRunOfShow(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	axeSrc := findAxe(t)
	newContext := newBrowserFor(t, 4*time.Minute)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	catalog, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := catalog.Get("visjon")
	params, _ := json.Marshal(tpl.MinimalParams())
	for _, lang := range []string{"nb", "nn"} {
		t.Run(lang, func(t *testing.T) {
			var w created
			if status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"`+lang+`","template":"visjon","params":`+string(params)+`}`, &w); status != http.StatusCreated {
				t.Fatalf("create: %d", status)
			}
			do, poll := tabFuncs(t, 20*time.Second)
			setLang := func(ctx context.Context) {
				do(ctx, "choose "+lang, chromedp.Evaluate[chromedp.Void](`localStorage.setItem('samskap.lang', `+jsString(lang)+`)`), chromedp.Reload())
				poll(ctx, "page in "+lang, `document.documentElement.lang === `+jsString(lang))
			}
			// Into the workshop through the server, as a co-facilitator would
			// press "Next step": intro, then idémyldring with breakout and a
			// timer; a meeting link for everyone.
			co := MustFacilitate(t, m, w, "Co")
			for n := 0; n < 5; n++ {
				if st, ans := agendaPost(t, m, w.Workshop.ID, co.Token, "next", fmt.Sprintf(`{"from":%d}`, n)); st != http.StatusOK {
					t.Fatalf("next step %d: %d %+v", n+1, st, ans)
				}
			}
			cws := MustConnect(t, m, w.Workshop.ID, co.Token, "", 0)
			cws.do("link", `{"kind":"board.link","url":"https://meet.example/verksted"}`)
			cws.conn.Close()

			fac := newContext()
			do(fac, "facilitator opens the board", chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey))
			setLang(fac)
			do(fac, "facilitator signs in",
				chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
				chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
				chromedp.Click(chromedp.CSS(`#fac-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#agenda-next`)),
			)
			p := newContext()
			do(p, "open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			setLang(p)
			do(p, "join",
				chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
				chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ask"),
				chromedp.Click(chromedp.CSS(`#join-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
			)
			poll(p, "the step line and the meeting link", `!document.querySelector('#agenda-line').hidden && !document.querySelector('#meeting').hidden`)
			poll(fac, "progress shows", `!!document.querySelector('#progress-wrote')`)
			do(fac, "follow me on", chromedp.Click(chromedp.CSS(`#follow-me`)))
			do(fac, "open the links", chromedp.Click(chromedp.CSS(`#links-open`)), chromedp.WaitVisible(chromedp.CSS(`#link-0`)))
			do(p, "raise a hand", chromedp.Click(chromedp.CSS(`#raise-hand`)))
			poll(fac, "the hand is seen", `document.querySelector('#hands-open').classList.contains('button--alert')`)
			do(fac, "open the hands", chromedp.Click(chromedp.CSS(`#hands-open`)))
			poll(p, "Ann follows", `!document.querySelector('#following').hidden`)
			do(p, "pan away", chromedp.Focus(chromedp.CSS(`#board`)), chromedp.SendKeys(chromedp.CSS(`#board`), kb.ArrowDown+kb.ArrowDown))
			poll(p, "follow again is offered", `!document.querySelector('#follow-again').hidden`)

			for _, size := range []struct {
				name string
				w, h int64
			}{{"1280x800", 1280, 800}, {"360x640", 360, 640}} {
				for _, ctx := range []context.Context{fac, p} {
					do(ctx, "size "+size.name, chromedp.EmulateViewport(size.w, size.h))
				}
				poll(fac, "layout settles", fmt.Sprintf(`document.documentElement.clientWidth === %d`, size.w))
				checkAxe(t, fac, axeSrc, "agenda panel and toolbar, popovers open ("+lang+", "+size.name+")")
				checkAxe(t, p, axeSrc, "participant with step line, link, hand and follow again ("+lang+", "+size.name+")")
				png, err := chromedp.Run(fac, chromedp.CaptureScreenshot())
				if err == nil {
					os.WriteFile(filepath.Join(screenshotDir(t), "runofshow-"+lang+"-"+size.name+".png"), png, 0o644)
				}
			}
			pres := newContext()
			do(pres, "the presentation view", chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey))
			setLang(pres)
			do(pres, "sign in for the big screen",
				chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
				chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Storskjerm"),
				chromedp.Click(chromedp.CSS(`#fac-submit`)),
				chromedp.WaitVisible(chromedp.CSS(`#agenda-next`)),
				chromedp.Navigate("about:blank"),
				chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#present-anon"),
			)
			poll(pres, "the join code shows", `document.querySelector('#present-code')?.textContent.length > 4`)
			checkAxe(t, pres, axeSrc, "presentation view ("+lang+", 1280x800)")
			do(pres, "phone size", chromedp.EmulateViewport(360, 640))
			checkAxe(t, pres, axeSrc, "presentation view ("+lang+", 360x640)")
		})
	}
}
