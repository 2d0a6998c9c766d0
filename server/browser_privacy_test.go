package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/workshops"
)

// TestBrowserPrivacy drives the privacy controls as people would: a
// participant signs up for the citizen panel (with labelled fields) and
// later deletes their notes and leaves; the facilitator sees the signup,
// moves the deletion date, makes a new join code, deletes another
// participant's data from the people list and ends the workshop, after
// which the remaining participant is told the workshop ended.
func TestBrowserPrivacy(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	joinURL := m.URL() + "/j/" + w.Workshop.JoinCode
	const wait = 15 * time.Second
	do, poll := tabFuncs(t, wait)
	eval := func(ctx context.Context, what, js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return s
	}
	// Dialogs are answered yes, as a person would click.
	yes := func(ctx context.Context) {
		eval(ctx, "confirm", `window.confirm = () => true, ''`)
	}
	confirmDialog := func(ctx context.Context, what string) {
		t.Helper()
		do(ctx, what, chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)), chromedp.Click(chromedp.CSS(`#confirm-yes`)))
	}

	fac := newContext()
	do(fac, "facilitator opens the board",
		chromedp.Navigate(m.URL()+"/w/"+w.Workshop.ID+"#key="+w.FacilitatorKey),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-panel`)),
	)
	if n := eval(fac, "facilitator has no 'your data'", `String(document.querySelector('#my-data').hidden)`); n != "true" {
		t.Fatal("the facilitator is offered to leave with their notes")
	}
	ctxs := map[string]context.Context{}
	for _, name := range []string{"Ann", "Bo", "Cato"} {
		ctx := newContext()
		ctxs[name] = ctx
		do(ctx, name+" joins",
			chromedp.Navigate(joinURL),
			chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
			chromedp.SendKeys(chromedp.CSS(`#join-name`), name),
			chromedp.Click(chromedp.CSS(`#join-submit`)),
			chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		)
		do(ctx, name+" writes a note",
			chromedp.Click(chromedp.CSS(`#new-note`)),
			chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
			chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), "Lapp fra "+name),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea.note-editor').blur()`),
		)
	}
	ann, bo, cato := ctxs["Ann"], ctxs["Bo"], ctxs["Cato"]
	poll(fac, "three notes", `document.querySelectorAll('#canvas .note').length === 3`)

	// Ann signs up for the citizen panel; every field has a label.
	do(ann, "Ann opens 'your data'", chromedp.Click(chromedp.CSS(`#my-data summary`)), chromedp.WaitVisible(chromedp.CSS(`#panel-name`)))
	for _, id := range []string{"panel-name", "panel-email", "panel-phone", "panel-consent"} {
		if eval(ann, "label of "+id, `(document.querySelector('#`+id+`').labels[0] || {}).textContent || ''`) == "" {
			t.Errorf("#%s has no label", id)
		}
	}
	do(ann, "Ann submits without consent",
		chromedp.SendKeys(chromedp.CSS(`#panel-name`), "Ann Annesen"),
		chromedp.SendKeys(chromedp.CSS(`#panel-email`), "ann@example.no"),
		chromedp.Click(chromedp.CSS(`#panel-submit`)),
	)
	poll(ann, "the consent is asked for", `!document.querySelector('#panel-consent-error').hidden && document.activeElement.id === 'panel-consent'`)
	do(ann, "Ann consents", chromedp.Click(chromedp.CSS(`#panel-consent`)), chromedp.Click(chromedp.CSS(`#panel-submit`)))
	poll(ann, "Ann is in the panel", `!document.querySelector('#panel-withdraw').hidden`)

	// The facilitator sees the signup; it is nowhere on the board.
	do(fac, "show the panel", chromedp.Click(chromedp.CSS(`#panel-show`)))
	poll(fac, "the signup is listed", `document.querySelector('#panel-list').textContent.includes('ann@example.no')`)

	// A new deletion date, and a new join code.
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	eval(fac, "date", `(() => { const e = document.querySelector('#delete-after-date'); e.value = '`+day+`'; e.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`)
	do(fac, "save the date", chromedp.Click(chromedp.CSS(`#delete-after-save`)))
	poll(fac, "the date is saved", `document.querySelector('#privacy-status').dataset.i18n === 'fac.privacy.dateSaved'`)
	var list struct{ Workshops []workshops.Workshop }
	resp, err := MustOrganiser(t, m).Get(m.URL() + "/api/workshops")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	for _, x := range list.Workshops {
		if left := time.Until(x.DeleteAfter); x.ID == w.Workshop.ID && (left < 9*24*time.Hour || left > 11*24*time.Hour) {
			t.Fatalf("the stored deletion date is %v, want the end of %s", x.DeleteAfter, day)
		}
	}
	do(fac, "new code", chromedp.Click(chromedp.CSS(`#join-code-new`)))
	confirmDialog(fac, "confirm the new code")
	poll(fac, "the header shows another code", `document.querySelector('.board-code .code').textContent.replace('-', '') !== `+jsString(w.Workshop.JoinCode))
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", `{"code":"`+w.Workshop.JoinCode+`","name":"Sen"}`, nil); status != http.StatusNotFound {
		t.Fatalf("the old code after a new one: %d", status)
	}

	// The facilitator deletes Bo's data from the people list.
	poll(fac, "Bo in the people list", `[...document.querySelectorAll('#people-list li')].some(li => li.textContent.includes('Bo'))`)
	do(fac, "erase Bo", chromedp.Click(chromedp.CSS(`#people-list li:nth-child(`+eval(fac, "Bo's row", `String([...document.querySelectorAll('#people-list li')].findIndex(li => li.textContent.includes('Bo')) + 1)`)+`) button[data-k^="pe-"]`)))
	confirmDialog(fac, "confirm erasing Bo")
	poll(fac, "Bo's note is gone", `document.querySelectorAll('#canvas .note').length === 2`)
	poll(bo, "Bo is told", `document.title.length > 0 && !document.querySelector('#board') && document.querySelector('h1').textContent.length > 0`)

	// Ann deletes her notes and leaves.
	yes(ann)
	do(ann, "Ann leaves", chromedp.Click(chromedp.CSS(`#leave`)))
	poll(ann, "Ann has left", `!document.querySelector('#board') && !localStorage.getItem('samskap.session.`+w.Workshop.ID+`')`)
	poll(fac, "Ann's note is gone", `document.querySelectorAll('#canvas .note').length === 1`)
	poll(cato, "Cato sees only his own note", `document.querySelectorAll('#canvas .note').length === 1`)
	do(fac, "show the panel again", chromedp.Click(chromedp.CSS(`#panel-show`)))
	poll(fac, "Ann's signup left with her", `!document.querySelector('#panel-list').textContent.includes('ann@example.no')`)

	// The facilitator ends the workshop: Cato is told, the board stays
	// readable for the facilitator.
	do(fac, "end", chromedp.Click(chromedp.CSS(`#workshop-end`)))
	confirmDialog(fac, "confirm the end")
	poll(cato, "Cato is told the workshop ended", `!document.querySelector('#board') && document.title.length > 0`)
	poll(fac, "the facilitator sees it ended", `!document.querySelector('#ended-notice').hidden && document.querySelector('#new-note').disabled`)
	title := eval(cato, "Cato's page", `document.querySelector('h1').textContent`)
	if !strings.Contains(strings.ToLower(title), "avslutt") {
		t.Fatalf("Cato's page says %q", title)
	}
	if b, ok := m.Hub().BoardState(w.Workshop.ID); !ok || !b.Ended || b.LiveNotes != 1 {
		t.Fatalf("the board after the end: %+v", b)
	}

	// After the end Cato may still withdraw: delete her notes and leave.
	poll(cato, "the withdraw button", `!!document.querySelector('#leave-after-end')`)
	checkAxe(t, cato, findAxe(t), "the ended page with its withdraw button")
	yes(cato)
	do(cato, "delete my notes after the end", chromedp.Click(chromedp.CSS(`#leave-after-end`)))
	poll(cato, "Cato is told she left", `!document.querySelector('#leave-after-end') && document.querySelector('h1').textContent.length > 0`)
	if b, ok := m.Hub().BoardState(w.Workshop.ID); !ok || b.LiveNotes != 0 {
		t.Fatalf("after Cato withdrew, the board still has %d live notes", b.LiveNotes)
	}
}
