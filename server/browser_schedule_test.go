package server_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/workshops"
)

// TestBrowserSchedule: the organiser plans a workshop's time and place in
// the list (a disclosure under its row) and moves it down in its process;
// a participant opening the join link on a phone sees when and where,
// with the meeting link, picks a category and joins, and the facilitator's
// board has the category. axe finds nothing on either page, at 1280 x 800
// and 360 x 640; screenshots of both.
func TestBrowserSchedule(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	axeSrc := findAxe(t)
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	base := m.URL() + "/api"
	var p struct{ Process workshops.Process }
	if st := postJSON(t, org, base+"/processes", `{"municipality":"Lebesby"}`, &p); st != http.StatusCreated {
		t.Fatal(st)
	}
	var first, second created
	for title, c := range map[string]*created{"Oppstartsverkstad": &first, "Visjonsverkstad": &second} {
		if st := postJSON(t, org, base+"/workshops", `{"title":"`+title+`","process":"`+p.Process.ID+`"}`, c); st != http.StatusCreated {
			t.Fatal(st)
		}
	}
	if first.Workshop.ProcessPos > second.Workshop.ProcessPos {
		first, second = second, first // first is first in the process
	}
	const wait = 20 * time.Second
	do, poll := tabFuncs(t, wait)
	shot := func(ctx context.Context, name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(screenshotDir(t), name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	o := newContext()
	id := first.Workshop.ID
	do(o, "sign in", chromedp.Navigate(m.URL()+"/signin?token="+organiserToken))
	poll(o, "the list", `!!document.querySelector('#workshop-list li[data-id="`+id+`"] details.schedule')`)
	do(o, "open time and place", chromedp.Click(chromedp.CSS(`#workshop-list li[data-id="`+id+`"] details.schedule summary`)))
	poll(o, "the form shows", `!!document.getElementById('sched-date-`+id+`') && document.getElementById('sched-date-`+id+`').offsetParent !== null`)
	set := func(field, value string) {
		do(o, "set "+field, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('sched-`+field+`-`+id+`');
			i.value = `+jsString(value)+`; i.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	}
	// A refused schedule first: the end before the start.
	set("date", "2026-03-18")
	set("start", "18:00")
	set("end", "17:00")
	do(o, "save", chromedp.Click(chromedp.CSS(`button[data-schedule="`+id+`"]`)))
	poll(o, "the refusal is said", `[...document.querySelectorAll('#workshop-list li[data-id="`+id+`"] .form-error')].some((e) => !e.hidden && e.textContent.length > 10)`)
	checkAxe(t, o, axeSrc, "organiser's list with a refused schedule")
	set("end", "20:30")
	set("place", "https://meet.example.invalid/lebesby")
	do(o, "save", chromedp.Click(chromedp.CSS(`button[data-schedule="`+id+`"]`)))
	poll(o, "the list shows the planned day", `(document.querySelector('#workshop-list li[data-id="`+id+`"] .workshop-meta') || {}).textContent.includes('18:00–20:30')`)
	ws, err := workshopOf(t, org, base, id)
	if err != nil || ws.Schedule != (workshops.Schedule{Date: "2026-03-18", Start: "18:00", End: "20:30", Place: "https://meet.example.invalid/lebesby"}) {
		t.Fatalf("stored schedule %+v (%v)", ws.Schedule, err)
	}
	// Move the first workshop down in its process.
	poll(o, "the process card", `!!document.querySelector('button[data-down="`+id+`"]:not([disabled])')`)
	do(o, "move down", chromedp.Click(chromedp.CSS(`button[data-down="`+id+`"]`)))
	poll(o, "moved", `(() => { const rows = [...document.querySelectorAll('.process-order li[data-id]')].map((r) => r.dataset.id);
		return rows.indexOf(`+jsString(id)+`) === 1 && rows.indexOf(`+jsString(second.Workshop.ID)+`) === 0; })()`)
	if ws, _ := workshopOf(t, org, base, id); ws.ProcessPos != 2 {
		t.Errorf("after moving down the workshop is at place %d", ws.ProcessPos)
	}
	do(o, "open the form again", chromedp.Click(chromedp.CSS(`#workshop-list li[data-id="`+id+`"] details.schedule summary`)))
	checkAxe(t, o, axeSrc, "organiser's list with the time and place form (1280 x 800)")
	shot(o, "schedule-organiser-1280x800.png")
	do(o, "phone size", chromedp.EmulateViewport(360, 640))
	checkAxe(t, o, axeSrc, "organiser's list with the time and place form (360 x 640)")
	shot(o, "schedule-organiser-360x640.png")

	// The join page on a phone.
	ph := newContext()
	do(ph, "phone size", chromedp.EmulateViewport(360, 640))
	do(ph, "open the join link", chromedp.Navigate(m.URL()+"/j/"+first.Workshop.JoinCode))
	poll(ph, "when and where", `!document.getElementById('join-when').hidden
		&& document.getElementById('join-when').textContent.includes('18:00–20:30')
		&& document.querySelector('#join-when a[href="https://meet.example.invalid/lebesby"][target="_blank"][rel~="noopener"]') !== null`)
	checkAxe(t, ph, axeSrc, "join page with time, place and category (360 x 640)")
	shot(ph, "schedule-join-360x640.png")
	var fontPx string
	fontPx, _ = chromedp.Run(ph, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#join-when dd')).fontSize`))
	t.Logf("join page at 360 x 640: the date is set in %s", fontPx)
	do(ph, "pick a category and join",
		chromedp.Click(chromedp.CSS(`#join-category-supplier`)),
		chromedp.SendKeys(chromedp.CSS(`#join-name`), "Kari"),
		chromedp.Click(chromedp.CSS(`#join-submit`)),
		chromedp.WaitReady(chromedp.CSS(`#conn-state[data-state="online"]`)), // on a phone it is in the status sheet
	)
	fac := MustFacilitate(t, m, first, "Fasilitator")
	conn := MustConnect(t, m, id, fac.Token, "", 0)
	snap := conn.next()
	found := false
	for _, pp := range snap.Board.Participants {
		if pp.Name == "Kari" {
			found = true
			if pp.Category != workshops.CategorySupplier {
				t.Errorf("Kari joined as %q", pp.Category)
			}
		}
	}
	if !found {
		t.Error("Kari is not on the board")
	}
	do(o, "desktop size", chromedp.EmulateViewport(1280, 800))
	ph2 := newContext()
	do(ph2, "open the join link at 1280 x 800", chromedp.Navigate(m.URL()+"/j/"+first.Workshop.JoinCode))
	poll(ph2, "when and where", `!document.getElementById('join-when').hidden`)
	checkAxe(t, ph2, axeSrc, "join page with time, place and category (1280 x 800)")
	shot(ph2, "schedule-join-1280x800.png")
}

// workshopOf returns a workshop as the organiser's list has it.
func workshopOf(t *testing.T, org *http.Client, base, id string) (workshops.Workshop, error) {
	t.Helper()
	var list struct{ Workshops []workshops.Workshop }
	if st := apiCall(t, org, "GET", base+"/workshops", "", "", &list); st != http.StatusOK {
		t.Fatalf("list: %d", st)
	}
	for _, w := range list.Workshops {
		if w.ID == id {
			return w, nil
		}
	}
	return workshops.Workshop{}, os.ErrNotExist
}
