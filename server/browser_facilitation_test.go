package server_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFacilitation runs a small session in three browsers: the
// facilitator makes two groups with a frame each, spreads two participants
// over them and starts breakout; each writes a note in their group's frame
// and does not see the other's; back in plenary both see both; a dot vote
// with budget 2, a reveal, and the top note marked.
func TestBrowserFacilitation(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	joinURL := m.URL() + "/j/" + w.Workshop.JoinCode
	const wait = 15 * time.Second

	do, poll := tabFuncs(t, wait)
	eval := func(ctx context.Context, what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// setValue sets an input's value as typing would.
	setValue := func(sel, v string) string {
		return `(() => { const e = document.querySelector(` + jsString(sel) + `); e.value = ` + jsString(v) + `; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`
	}
	noteWith := func(text string) string {
		return `[...document.querySelectorAll('.note')].find(n => n.querySelector('.note-text').textContent === ` + jsString(text) + `)`
	}
	hasNote := func(text string) string { return `!!` + noteWith(text) }

	// The facilitator opens the board with the key.
	fac := newContext()
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-panel`)),
	)

	// Two participants join.
	ann, bo := newContext(), newContext()
	for _, p := range []struct {
		name string
		ctx  context.Context
	}{{"Ann", ann}, {"Bo", bo}} {
		do(p.ctx, p.name+" joins",
			chromedp.Navigate(joinURL),
			chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
			chromedp.SendKeys(chromedp.CSS(`#join-name`), p.name),
			chromedp.Click(chromedp.CSS(`#join-submit`)),
			chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		)
		if n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#fac-panel').length`)); err != nil || n != 0 {
			t.Fatalf("%s sees the facilitator's panel (%d), %v", p.name, n, err)
		}
	}
	poll(fac, "facilitator sees both participants", `document.querySelectorAll('#people-list li').length === 2`)

	// Two groups, one frame for each.
	eval(fac, "open the groups tool", openToolJS("groups"))
	for i, g := range []string{"Sentrum", "Havna"} {
		eval(fac, "group name", setValue(`#group-name`, g))
		do(fac, "create group "+g, chromedp.Click(chromedp.CSS(`#group-create`)))
		poll(fac, "group "+g+" exists", `document.querySelectorAll('#group-list li').length === `+string(rune('1'+i)))
	}
	eval(fac, "close the tools", closeToolsJS)
	for i, g := range []string{"Sentrum", "Havna"} {
		eval(fac, "frame title", setValue(`#frame-title`, "Ideer "+g))
		eval(fac, "frame prompt", setValue(`#frame-prompt`, "Hva trenger "+g+"?"))
		eval(fac, "frame group", `(() => { const s = document.querySelector('#frame-group'); s.value = [...s.options].find(o => o.textContent === `+jsString(g)+`).value; return true; })()`)
		do(fac, "create frame for "+g, chromedp.Click(chromedp.CSS(`#frame-create`)))
		poll(fac, "frame for "+g+" drawn", `document.querySelectorAll('#canvas .frame').length === `+string(rune('1'+i)))
	}

	// Evenly at random: one in each group; then breakout.
	eval(fac, "open the groups tool", openToolJS("groups"))
	do(fac, "assign evenly", chromedp.Click(chromedp.CSS(`#group-assign`)))
	poll(ann, "Ann has a group", `!document.querySelector('#my-group').hidden`)
	poll(bo, "Bo has a group", `!document.querySelector('#my-group').hidden`)
	groupOf := func(ctx context.Context) string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#my-group').textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if ga, gb := groupOf(ann), groupOf(bo); ga == gb {
		t.Fatalf("both in one group: %q, %q", ga, gb)
	}
	do(fac, "start breakout", chromedp.Click(chromedp.CSS(`#breakout-start`)))
	for name, ctx := range map[string]context.Context{"Ann": ann, "Bo": bo} {
		poll(ctx, name+" sees one frame only", `!document.querySelector('#breakout-notice').hidden && document.querySelectorAll('#canvas .frame').length === 1`)
	}

	// Each writes a note in their group's frame.
	texts := map[string]string{"Ann": "Benker langs elva", "Bo": "Flere ferjeavganger"}
	for name, ctx := range map[string]context.Context{"Ann": ann, "Bo": bo} {
		do(ctx, name+" writes a note in the frame",
			chromedp.Click(chromedp.CSS(`#canvas .frame .frame-add`)),
			chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
			chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), texts[name]),
			chromedp.KeyEvent("\r"),
			chromedp.WaitNotPresent(chromedp.CSS(`textarea.note-editor`)),
		)
		poll(ctx, name+"'s note is saved in the frame", hasNote(texts[name]))
	}
	poll(fac, "the facilitator sees both notes", hasNote(texts["Ann"])+` && `+hasNote(texts["Bo"]))
	// The groups do not see each other's notes.
	for _, c := range []struct {
		name  string
		ctx   context.Context
		other string
	}{{"Ann", ann, texts["Bo"]}, {"Bo", bo, texts["Ann"]}} {
		leaked, err := chromedp.Run(c.ctx, chromedp.Evaluate[bool](`document.body.textContent.includes(`+jsString(c.other)+`)`))
		if err != nil || leaked {
			t.Fatalf("%s sees the other group's note during breakout (%v), %v", c.name, leaked, err)
		}
	}

	// Back to plenary: everyone sees both.
	do(fac, "end breakout", chromedp.Click(chromedp.CSS(`#breakout-end`)))
	for name, ctx := range map[string]context.Context{"Ann": ann, "Bo": bo} {
		poll(ctx, name+" sees both notes in plenary", hasNote(texts["Ann"])+` && `+hasNote(texts["Bo"])+` && document.querySelectorAll('#canvas .frame').length === 2`)
	}

	// A dot vote with budget 2 on all frames.
	eval(fac, "open the vote tool", openToolJS("vote"))
	eval(fac, "budget", setValue(`#vote-budget`, "2"))
	do(fac, "open the vote", chromedp.Click(chromedp.CSS(`#vote-open`)))
	vote := func(ctx context.Context, who, text, left string) {
		t.Helper()
		poll(ctx, who+" can vote on "+text, `(() => { const n = `+noteWith(text)+`; const b = n && n.querySelector('.note-vote-cast'); return !!b && !b.disabled; })()`)
		eval(ctx, who+" votes", `(`+noteWith(text)+`.querySelector('.note-vote-cast').click(), true)`)
		poll(ctx, who+" has "+left+" dots left", `document.querySelector('#votes-left').dataset.left === `+jsString(left))
	}
	vote(ann, "Ann", texts["Bo"], "1")
	vote(ann, "Ann", texts["Ann"], "0")
	vote(bo, "Bo", texts["Bo"], "1")
	vote(bo, "Bo", texts["Bo"], "0")
	poll(ann, "Ann cannot vote more", `[...document.querySelectorAll('.note-vote-cast')].every(b => b.disabled)`)

	// The facilitator reveals, and marks the top note.
	do(fac, "reveal", chromedp.Click(chromedp.CSS(`#vote-reveal`)))
	for name, ctx := range map[string]context.Context{"Fride": fac, "Ann": ann, "Bo": bo} {
		poll(ctx, name+" sees the totals", `!document.querySelector('#vote-result').hidden && document.querySelectorAll('#result-list .result-row').length === 2 && `+
			`document.querySelector('#result-list .result-row').dataset.note === `+noteWith(texts["Bo"])+`.dataset.id && `+
			noteWith(texts["Bo"])+`.querySelector('.note-badge--dots').textContent.includes('3')`)
	}
	eval(fac, "top N", setValue(`#vote-topn`, "1"))
	do(fac, "mark the top note", chromedp.Click(chromedp.CSS(`#vote-top`)))
	for name, ctx := range map[string]context.Context{"Fride": fac, "Ann": ann, "Bo": bo} {
		poll(ctx, name+" sees the top badge", noteWith(texts["Bo"])+`.querySelector('.note-badge--top')?.textContent === 'Topp 1' && !`+noteWith(texts["Ann"])+`.querySelector('.note-badge--top')`)
	}

	// Screenshots: the facilitator, and a participant on a phone.
	png, err := chromedp.Run(fac, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dir := screenshotDir(t)
	if err := os.WriteFile(filepath.Join(dir, "facilitation.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	do(ann, "phone size", chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	poll(ann, "layout settles", `document.querySelector('#board').clientWidth <= 360`)
	png, err = chromedp.Run(ann, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "facilitation-phone.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
}
