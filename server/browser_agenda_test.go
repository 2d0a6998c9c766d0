package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestBrowserAgendaVisjon: a facilitator runs the whole visjonsverksted
// with "Next step" alone while two participants' screens follow. At every
// step the participants' step line matches the facilitator's and the
// agenda; each step's timer, group picking, breakout, vote and reveal reach
// the participants' screens in order. A screenshot of each step is saved
// (the facilitator at 1280x800, a participant).
func TestBrowserAgendaVisjon(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowserFor(t, 5*time.Minute)
	m := MustStart(t, t.TempDir())
	ws, steps := createVisjon(t, m)
	const wait = 20 * time.Second
	do, poll := tabFuncs(t, wait)
	text := func(ctx context.Context, js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	dir := screenshotDir(t)
	shot := func(ctx context.Context, name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	fac := newContext()
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+ws.Workshop.ID+"#key="+ws.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#agenda-next`)),
	)
	ann, bo := newContext(), newContext()
	people := []struct {
		name string
		ctx  context.Context
	}{{"Ann", ann}, {"Bo", bo}}
	for _, p := range people {
		do(p.ctx, p.name+" joins",
			chromedp.Navigate(m.URL()+"/j/"+ws.Workshop.JoinCode),
			chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
			chromedp.SendKeys(chromedp.CSS(`#join-name`), p.name),
			chromedp.Click(chromedp.CSS(`#join-submit`)),
			chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		)
		if n, _ := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#agenda-panel:not([hidden])').length`)); n != 0 {
			t.Fatalf("%s sees the facilitator's agenda panel", p.name)
		}
	}
	poll(fac, "the agenda has not started", `document.querySelector('#agenda-position').textContent.includes(`+jsString(fmt.Sprintf("%d steg", len(steps)))+`)`)

	// The item numbers participants see: consecutive steps of one part.
	item, items := make([]int, len(steps)), 0
	for i, s := range steps {
		if i == 0 || s.Part == "" || s.Part != steps[i-1].Part {
			items++
		}
		item[i] = items
	}
	has := func(s workshops.AgendaStep, k workshops.OpKind) bool {
		return slices.ContainsFunc(s.Ops, func(o workshops.Op) bool { return o.Kind == k })
	}
	annWrote := false
	for i, s := range steps {
		n := i + 1
		do(fac, fmt.Sprintf("next step %d", n), chromedp.Click(chromedp.CSS(`#agenda-next`)))
		poll(fac, fmt.Sprintf("facilitator at step %d", n), `document.querySelector('#agenda-position').textContent === `+jsString(fmt.Sprintf("Steg %d av %d: %s", n, len(steps), s.Title))+
			` && document.querySelector('#agenda-result').textContent.startsWith(`+jsString(fmt.Sprintf("Nå på steg %d.", n))+`)`)
		if r := text(fac, `document.querySelector('#agenda-result').textContent`); strings.Contains(r, "Ikke gjort") && !strings.Contains(r, "de beste") {
			t.Errorf("step %d: %q", n, r)
		}
		want := fmt.Sprintf("Steg %d av %d: %s", item[i], items, s.Title)
		for _, p := range people {
			poll(p.ctx, fmt.Sprintf("%s's step line at step %d", p.name, n), `(() => { const l = document.querySelector('#agenda-line'); return !l.hidden && l.textContent.startsWith(`+jsString(want)+`); })()`)
		}
		facLine := text(fac, `document.querySelector('#agenda-line').textContent`)
		for _, p := range people {
			// The same server state, the same line (the minutes may tick over between reads).
			if got := text(p.ctx, `document.querySelector('#agenda-line').textContent`); strings.SplitN(got, ",", 2)[0] != strings.SplitN(facLine, ",", 2)[0] {
				t.Errorf("step %d: %s's line %q, the facilitator's %q", n, p.name, got, facLine)
			}
		}
		if has(s, workshops.OpTimerStart) {
			// A fresh timer of the step's minutes (allow a few seconds of test time).
			js := fmt.Sprintf(`(() => { const e = document.querySelector('#timer'); const l = +e.dataset.left; return !e.hidden && l <= %d && l > %d; })()`, s.Minutes*60, s.Minutes*60-30)
			for _, p := range people {
				poll(p.ctx, fmt.Sprintf("%s sees the %d min timer of step %d", p.name, s.Minutes, n), js)
			}
			if !strings.Contains(facLine, fmt.Sprintf("%d min igjen", s.Minutes)) {
				t.Errorf("step %d: the line %q does not say %d min left", n, facLine, s.Minutes)
			}
		}
		if slices.ContainsFunc(s.Ops, func(o workshops.Op) bool { return o.Kind == workshops.OpGroupPick && *o.On }) {
			for k, p := range people {
				poll(p.ctx, p.name+" may pick a group", `!document.querySelector('#group-picker').hidden && document.querySelector('#pick-group').options.length > 2`)
				text(p.ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#pick-group'); s.value = s.options[%d].value; return ''; })()`, k+1))
				do(p.ctx, p.name+" picks a group", chromedp.Click(chromedp.CSS(`#pick-group-save`)))
				poll(p.ctx, p.name+" is in a group", `!document.querySelector('#my-group').hidden`)
			}
		}
		if has(s, workshops.OpBreakoutStart) {
			for _, p := range people {
				poll(p.ctx, p.name+" is in breakout", `!document.querySelector('#breakout-notice').hidden && document.querySelector('#breakout-notice').textContent.includes('gruppen deres')`)
			}
			poll(fac, "the facilitator's breakout notice is not the participants'", `!document.querySelector('#breakout-notice').hidden && !document.querySelector('#breakout-notice').textContent.includes('gruppen deres')`)
			if !annWrote {
				text(ann, `([...document.querySelectorAll('#canvas .frame')].find(f => f.dataset.id.startsWith('idemyldring_') && f.querySelector('.frame-add')).querySelector('.frame-add').click(), '')`)
				do(ann, "Ann writes an idea in her group's frame",
					chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
					chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), "Benker langs elva"),
					chromedp.KeyEvent("\r"),
					chromedp.WaitNotPresent(chromedp.CSS(`textarea.note-editor`)),
				)
				annWrote = true
			}
		}
		if has(s, workshops.OpBreakoutEnd) {
			for _, p := range people {
				poll(p.ctx, p.name+" is back in plenary", `document.querySelector('#breakout-notice').hidden`)
			}
		}
		if has(s, workshops.OpVoteOpen) {
			poll(ann, "Ann has 3 dots", `!document.querySelector('#votes-left').hidden && document.querySelector('#votes-left').dataset.left === '3'`)
			poll(ann, "Ann can vote on her idea", `[...document.querySelectorAll('.note-vote-cast')].some(b => !b.disabled)`)
			text(ann, `([...document.querySelectorAll('.note-vote-cast')].find(b => !b.disabled).click(), '')`)
			poll(ann, "Ann has 2 dots left", `document.querySelector('#votes-left').dataset.left === '2'`)
		}
		if has(s, workshops.OpVoteReveal) {
			for _, p := range people {
				poll(p.ctx, p.name+" sees the result", `!document.querySelector('#vote-result').hidden`)
			}
			poll(ann, "Ann's idea is top of her group", `!!document.querySelector('.note-badge--top')`)
		}
		shot(fac, fmt.Sprintf("agenda-%02d-facilitator.png", n))
		shot(ann, fmt.Sprintf("agenda-%02d-participant.png", n))
	}
	poll(fac, "the end", `document.querySelector('#agenda-next').disabled && document.querySelector('#agenda-next-title').textContent === 'Siste steg er gjort.'`)
	b, _ := m.Hub().BoardState(ws.Workshop.ID)
	if b.Agenda.Current != len(steps) || b.Breakout || b.Votes["idemyldring"].Revealed != true {
		t.Fatalf("board after the run: agenda at %d, breakout %v, votes %+v", b.Agenda.Current, b.Breakout, b.Votes)
	}
	t.Logf("screenshots in %s", dir)
}

// TestBrowserAgendaBlank: on a blank board the facilitator writes the run
// of show in the panel, runs it, and sees live progress: who has written,
// and who has not yet.
func TestBrowserAgendaBlank(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	do, poll := tabFuncs(t, 20*time.Second)
	fac := newContext()
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#agenda-write-details > summary`)),
		chromedp.Click(chromedp.CSS(`#agenda-write-details > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#agenda-w-title`)),
	)
	ann := newContext()
	do(ann, "Ann joins",
		chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode),
		chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
		chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ann"),
		chromedp.Click(chromedp.CSS(`#join-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
	)
	for i, s := range []struct{ title, say, min string }{{"Innsjekk", "Hvem er her?", "0"}, {"Ideer", "Skriv tre ideer.", "7"}} {
		do(fac, "write step "+s.title,
			chromedp.Click(chromedp.CSS(`#agenda-w-focus`)), // no frame to focus on a blank board
			chromedp.SendKeys(chromedp.CSS(`#agenda-w-title`), s.title),
			chromedp.SendKeys(chromedp.CSS(`#agenda-w-say`), s.say),
		)
		str := func(js string) {
			if _, err := chromedp.Run(fac, chromedp.Evaluate[bool](js)); err != nil {
				t.Fatal(err)
			}
		}
		str(`(document.querySelector('#agenda-w-min').value = ` + jsString(s.min) + `, document.querySelector('#agenda-w-focus').checked = false, true)`)
		do(fac, "add step "+s.title, chromedp.Click(chromedp.CSS(`#agenda-add`)))
		poll(fac, "the agenda has the step", fmt.Sprintf(`document.querySelectorAll('#agenda-steps li').length === %d`, i+1))
	}
	do(fac, "next step", chromedp.Click(chromedp.CSS(`#agenda-next`)))
	poll(ann, "Ann's line at step 1", `document.querySelector('#agenda-line').textContent === 'Steg 1 av 2: Innsjekk'`)
	do(fac, "next step", chromedp.Click(chromedp.CSS(`#agenda-next`)))
	poll(ann, "Ann's line at step 2 with the time", `document.querySelector('#agenda-line').textContent === 'Steg 2 av 2: Ideer, 7 min igjen'`)
	poll(fac, "the facilitator sees what to say", `document.querySelector('#agenda-say').textContent === 'Skriv tre ideer.'`)
	if s, _ := chromedp.Run(ann, chromedp.Evaluate[string](`document.body.textContent`)); strings.Contains(s, "Skriv tre ideer.") {
		t.Fatal("a participant sees the facilitator's script")
	}
	poll(fac, "progress: nobody has written", `document.querySelector('#progress-wrote')?.textContent === 'Har skrevet: 0 av 1' && document.querySelector('#progress-idle').textContent.includes('Ann')`)
	do(ann, "Ann writes",
		chromedp.Click(chromedp.CSS(`#new-note`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
		chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), "Benker"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitNotPresent(chromedp.CSS(`textarea.note-editor`)),
	)
	poll(fac, "progress: Ann has written", `document.querySelector('#progress-wrote').textContent === 'Har skrevet: 1 av 1' && !document.querySelector('#progress-idle').textContent.includes('Ann')`)
	png, err := chromedp.Run(fac, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(screenshotDir(t), "agenda-blank-facilitator.png"), png, 0o644)
}

// openToolJS opens one of the facilitator's toolbar popovers (tool-timer,
// tool-groups, tool-vote, tool-private, tool-board) unless it is open.
func openToolJS(id string) string {
	return `(() => { const b = document.querySelector('#tool-` + id + `'); if (!b) return false; if (b.getAttribute('aria-expanded') !== 'true') b.click(); return true; })()`
}

// closeToolsJS closes the toolbar's popovers.
const closeToolsJS = `(() => { document.querySelectorAll('.fac-toolbar [aria-expanded="true"]').forEach(b => b.click()); return true; })()`

// createVisjon creates a visjonsverksted from its template with the
// smallest parameters, in bokmål, and returns it with its agenda's steps.
func createVisjon(t *testing.T, m *server.Main) (created, []workshops.AgendaStep) {
	t.Helper()
	org := MustOrganiser(t, m)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := cat.Get("visjon")
	params := tpl.MinimalParams()
	steps, err := tpl.Agenda(workshops.LangNB, params)
	if err != nil {
		t.Fatal(err)
	}
	pj, _ := json.Marshal(params)
	var ws created
	if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":`+string(pj)+`}`, &ws); st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	return ws, steps
}
