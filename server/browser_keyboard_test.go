package server_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samskap/samskap/workshops"
)

// TestBrowserKeyboardOnly takes part in a workshop with key events alone:
// from the join link, Tab to the name field, type a name, Enter; Tab to
// "new note", Enter, type, Enter; move the note with the arrow keys (and a
// larger step with Shift), resize it with Alt, recolour it from its
// toolbar; then, when the facilitator
// opens a dot vote, Tab to the note's vote button and press Enter. Every
// step is checked against what the server holds, through a facilitator's
// WebSocket connection, not only against the page.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fride")
	fac := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	// boardNow is the board as the server has it, seen by the facilitator.
	boardNow := func() workshops.View {
		c := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
		defer c.conn.Close()
		return c.next().Board
	}
	ctx := newContext()
	const wait = 10 * time.Second

	do, poll := tab{t, ctx, wait}.do, tab{t, ctx, wait}.poll
	active := func() string {
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement; return a ? (a.id || a.className || a.tagName) : ''; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	// tabTo presses Tab (Shift+Tab when back) until the focused element
	// matches css, and fails after limit presses: it is reachable by
	// keyboard in at most that many steps, or the test fails.
	tabTo := func(css string, limit int, back bool) {
		t.Helper()
		var opts []chromedp.KeyOption
		if back {
			opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		var seen []string
		if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches(`+jsString(css)+`)`)); ok {
			return
		}
		for range limit {
			do("Tab", chromedp.KeyEvent(kb.Tab, opts...))
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches(`+jsString(css)+`)`))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				return
			}
			seen = append(seen, active())
		}
		t.Fatalf("%s not reached in %d Tab presses; focus went %v", css, limit, seen)
	}
	type box struct{ X, Y, W, H float64 }
	// serverNote is the note as the facilitator's connection last heard of
	// it: each keyboard action must reach the server.
	serverNote := func(what string, want func(b box) bool) box {
		t.Helper()
		deadline := time.Now().Add(wait)
		for {
			var b box
			for _, n := range boardNow().Notes {
				b = box{n.X, n.Y, n.W, n.H}
			}
			if want(b) {
				return b
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the server has the note at %+v", what, b)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	do("open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	poll("the join page", `!!document.getElementById('join-name')`)
	tabTo("#join-name", 6, false)
	do("type a name and press Enter", chromedp.KeyEvent("Kari Tastatur"), chromedp.KeyEvent(kb.Enter))
	poll("on the board", `!!document.querySelector('#conn-state[data-state="online"]')`)

	// Back to the skip link at the top of the page; it jumps to the board.
	tabTo("#skip-link", 10, true)
	do("follow the skip link", chromedp.KeyEvent(kb.Enter))
	if err := waitJS(ctx, `document.activeElement && document.activeElement.id === 'board'`, wait); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([document.activeElement.id, document.activeElement.tagName, document.getElementById('skip-link').href, location.href])`))
		t.Fatalf("the skip link did not take focus to the board: %s: %v", got, err)
	}
	tabTo("#new-note", 15, true)
	do("a new note", chromedp.KeyEvent(kb.Enter))
	poll("the editor has focus", `document.activeElement && document.activeElement.matches('textarea.note-editor')`)
	do("write and save", chromedp.KeyEvent("Benker langs elva"), chromedp.KeyEvent(kb.Enter))
	poll("the note is saved and focused", `document.activeElement && document.activeElement.classList.contains('note')
		&& document.activeElement.textContent.includes('Benker langs elva')`)
	start := serverNote("the note reaches the server", func(b box) bool { return b.W > 0 })

	do("move right", chromedp.KeyEvent(kb.ArrowRight))
	right := serverNote("one step right", func(b box) bool { return b.X > start.X })
	step := right.X - start.X
	do("a larger step down with Shift", chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(chromedp.ModifierShift)))
	down := serverNote("a larger step down", func(b box) bool { return b.Y > start.Y })
	if big := down.Y - start.Y; big <= step {
		t.Fatalf("Shift+arrow moved %v, a plain arrow %v: want a larger step", big, step)
	}
	do("wider with Alt+Right", chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierAlt)))
	serverNote("resized", func(b box) bool { return b.W > start.W })
	// Recolour: Tab into the note's toolbar (one Tab stop), arrow keys to
	// the blue swatch, Enter.
	tabTo(".note-toolbar .tool", 3, false)
	for range 10 {
		if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches('.swatch--blue')`)); ok {
			break
		}
		do("next tool", chromedp.KeyEvent(kb.ArrowRight))
	}
	do("recolour", chromedp.KeyEvent(kb.Enter))
	deadline := time.Now().Add(wait)
	for color := ""; color != "blue"; {
		for _, n := range boardNow().Notes {
			color = string(n.Color)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the note is %q on the server, want blue", color)
		}
		time.Sleep(20 * time.Millisecond)
	}
	do("back to the note", chromedp.KeyEvent(kb.Escape))
	poll("focus on the note", `document.activeElement && document.activeElement.classList.contains('note')`)

	// The facilitator opens a dot vote; Kari votes from the keyboard.
	fac.do("v", `{"kind":"vote.open","vote":"v1","budget":2}`)
	poll("the vote shows", `!!document.querySelector('.note-vote-cast') && !document.getElementById('votes-left').hidden`)
	tabTo(".note-vote-cast", 40, false)
	do("vote", chromedp.KeyEvent(kb.Enter))
	poll("one dot left", `document.getElementById('votes-left').dataset.left === '1'`)
	// The dot reached the server: facilitators see the totals.
	deadline = time.Now().Add(wait)
	for {
		total := 0
		for _, v := range boardNow().Votes {
			for _, n := range v.Totals {
				total += n
			}
		}
		if total == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server counted %d dots, want 1", total)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Escape leaves a note for the board; no keyboard trap.
	tabTo(".note", 40, true)
	do("Escape", chromedp.KeyEvent(kb.Escape))
	poll("focus on the board", `document.activeElement && document.activeElement.id === 'board'`)
}
