package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserBigBoardKeyboard: on a board too big to mount every note (300
// notes, 20 to a row 12,000 px long), the board mounts only those near the
// view (issue 19), and still the keyboard reaches every note: Tab goes from
// each note to the next, off screen or not, and brings it into view, for
// the first 60; Shift+Tab goes back; "show on the board" in the list
// focuses a far note and shows it.
func TestBrowserBigBoardKeyboard(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	p := MustJoin(t, m, w.Workshop.JoinCode, "Skriver")
	const total, n = 300, 60 // notes on the board, notes tabbed through
	for i := range total {
		op := createOp(fmt.Sprintf("n%03d", i), fmt.Sprintf("Lapp %d", i), float64(i%20*600), float64(i/20*400))
		if err := m.Hub().Submit(context.Background(), w.Workshop, p.Participant.ID, "", op); err != nil {
			t.Fatal(err)
		}
	}
	ctx := newContext()
	b := tab{t, ctx, 20 * time.Second}
	b.do("join", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode),
		chromedp.WaitVisible(chromedp.CSS(`#join-name`)), chromedp.SendKeys(chromedp.CSS(`#join-name`), "Tastatur"),
		chromedp.Click(chromedp.CSS(`#join-submit`)))
	b.poll("the board", fmt.Sprintf(`Number((document.getElementById('canvas') || {dataset: {}}).dataset.notes) === %d`, total))
	mounted, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#canvas .note').length`))
	if err != nil {
		t.Fatal(err)
	}
	if mounted >= total/2 {
		t.Fatalf("%d of %d notes mounted: the board does not cull", mounted, total)
	}
	t.Logf("%d of %d notes mounted", mounted, total)

	// focused is the focused note's ID if it is a note and on screen.
	focused := func() string {
		t.Helper()
		var id string
		deadline := time.Now().Add(3 * time.Second)
		for {
			id, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
				const a = document.activeElement;
				if (!a || !a.classList.contains('note')) return '';
				const r = document.getElementById('board').getBoundingClientRect(), q = a.getBoundingClientRect();
				return q.left >= r.left - 1 && q.right <= r.right + 1 && q.top >= r.top - 1 && q.bottom <= r.bottom + 1 ? a.dataset.id
					: 'off screen: ' + a.dataset.id + ' ' + JSON.stringify([q.left, q.top, q.right, q.bottom]) + ' in ' + JSON.stringify([r.left, r.top, r.right, r.bottom]);
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			// Not a note: no wait. A note off screen: wait for the pan.
			if id == "" || id[0] == 'n' || time.Now().After(deadline) {
				return id
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById('board').focus(), true)`)); err != nil {
		t.Fatal(err)
	}
	b.do("Tab", chromedp.KeyEvent(kb.Tab))
	order0 := focused()
	seen := map[string]bool{}
	var order []string
	// next presses Tab (or Shift+Tab) until a note has focus, past the
	// selected note's toolbar (one Tab stop), at most three times.
	next := func(back bool) string {
		t.Helper()
		var opts []chromedp.KeyOption
		if back {
			opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		var trail []string
		for range 4 {
			b.do("Tab", chromedp.KeyEvent(kb.Tab, opts...))
			if id := focused(); id != "" {
				return id
			}
			a, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement; const n = a && a.closest('.note'); return (a ? a.tagName + '.' + a.className : '') + (n ? ' in ' + n.dataset.id : ''); })()`))
			trail = append(trail, a)
		}
		return fmt.Sprint("no note: ", trail)
	}
	for i := range n {
		id := order0
		if i > 0 {
			id = next(false)
		}
		if id[0] != 'n' || seen[id] {
			t.Fatalf("Tab %d: focus on %q (after %v)", i, id, order)
		}
		seen[id] = true
		order = append(order, id)
	}
	for i := n - 2; i >= n-5; i-- {
		if id := next(true); id != order[i] {
			dom, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#canvas .note')].map(e => e.dataset.id).join(' ')`))
			t.Fatalf("Shift+Tab: focus on %q, want %q (forward: %v; mounted: %s)", id, order[i], order, dom)
		}
	}

	// From the list: "show on the board" for a note far from where the view is.
	far := order[n/2]
	b.do("open the list", chromedp.Click(chromedp.CSS(`#view-toggle`)))
	b.poll("the list", fmt.Sprintf(`!!document.querySelector('[data-key="show:%s"]')`, far))
	b.do("show on the board", chromedp.Focus(chromedp.CSS(fmt.Sprintf(`[data-key="show:%s"]`, far))), chromedp.KeyEvent(kb.Enter))
	if id := focused(); id != far {
		a, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement; return a ? a.tagName + '.' + a.className + ' ' + (a.dataset.key || '') : ''; })()`))
		t.Fatalf("show on the board: focus on %q (%s), want %q", id, a, far)
	}
}
