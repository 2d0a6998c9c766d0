package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestScenarioDraftThroughTheServer runs the Lebesby process through a real
// server: the organiser creates the process; each replayed workshop's log
// is restored from its archive (POST /api/workshops/import, which replays
// it through Apply and stores it) with its planned date, times and place
// and its place in the process, restored in the wrong order to show the
// places are kept; then the organiser exports the whole process, naming no
// municipality: the server takes the process's. The server's draft, built
// from what it stored and loaded, must equal the draft built here from the
// same boards, and hold what the scenario expects.
func TestScenarioDraftThroughTheServer(t *testing.T) {
	sc := loadScenario(t)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := server.NewMain()
	m.Config.Addr, m.Config.DataDir, m.Config.LogLevel = "127.0.0.1:0", t.TempDir(), "error"
	m.Config.OrganiserToken = "golden-organiser-token-0123456789"
	m.Stdout, m.Stderr = io.Discard, io.Discard
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	jar, _ := cookiejar.New(nil)
	org := &http.Client{Jar: jar}
	if resp, err := org.Get(m.URL() + "/signin?token=" + m.Config.OrganiserToken); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}

	lang := workshops.Lang(sc.Language)
	var proc struct{ Process workshops.Process }
	resp, err := org.Post(m.URL()+"/api/processes", "application/json", strings.NewReader(`{"municipality":"`+sc.Kommune+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(resp.Body).Decode(&proc); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create process: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	local := make([]export.Input, len(sc.Process))
	ids := make([]string, len(sc.Process))
	for _, wi := range []int{2, 0, 3, 1} { // restored out of order
		w := &sc.Process[wi]
		in := replay(t, cat, sc, w)
		created := in.Date.Add(-30 * 24 * time.Hour) // made a month before it was held
		ws := workshops.Workshop{ID: fmt.Sprintf("lebesby-%d-%s", wi+1, w.Kind), Title: w.Title, Lang: lang,
			CreatedAt: created, Epoch: fmt.Sprint("epoch-", wi), Process: proc.Process.ID, ProcessPos: wi + 1,
			Schedule: workshops.Schedule{Date: w.Date, Start: w.Start, End: w.End, Place: w.Place}}
		archive, err := export.NewArchive(ws, in.Template, in.Events, false, time.Now()).JSON()
		if err != nil {
			t.Fatal(err)
		}
		resp, err := org.Post(m.URL()+"/api/workshops/import", "application/json", strings.NewReader(string(archive)))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("import %s: %d %s", w.Kind, resp.StatusCode, body)
		}
		ids[wi] = ws.ID
		// What the server will build: the board titled as on the board,
		// dated by its schedule, the whole process filtered to Lebesby's
		// area of shared boards.
		title := in.Board.Title
		if title == "" {
			title = ws.Title
		}
		local[wi] = export.Input{Board: in.Board, Template: export.InferTemplate(cat, in.Board), Title: title,
			Date: in.Date, Start: w.Start, End: w.End, Lang: lang, Area: "lebesby", Municipality: sc.Kommune, Events: in.Events}
	}
	// The restored workshops are back in their places in the process.
	for wi, id := range ids {
		var got struct{ Workshop workshops.Workshop }
		resp, err := org.Get(m.URL() + "/api/workshops")
		if err != nil {
			t.Fatal(err)
		}
		var list struct{ Workshops []workshops.Workshop }
		json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		for _, ws := range list.Workshops {
			if ws.ID == id {
				got.Workshop = ws
			}
		}
		w := sc.Process[wi]
		if got.Workshop.Process != proc.Process.ID || got.Workshop.ProcessPos != wi+1 ||
			got.Workshop.Schedule != (workshops.Schedule{Date: w.Date, Start: w.Start, End: w.End, Place: w.Place}) {
			t.Errorf("restored %s: process %q place %d schedule %+v; want place %d and the archive's schedule",
				id, got.Workshop.Process, got.Workshop.ProcessPos, got.Workshop.Schedule, wi+1)
		}
	}
	resp, err = org.Get(m.URL() + "/api/export/md?workshops=" + strings.Join(ids, ","))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("process export: %d %s", resp.StatusCode, got)
	}
	d := export.Build(cat, lang, local...)
	// The draft is dated the day it was made: take the server's date,
	// after checking it is today's (or yesterday's, past midnight).
	for _, line := range strings.Split(string(got), "\n") {
		if date, ok := strings.CutPrefix(line, "**"+export.T(lang, "tp.date")+":** "); ok {
			day, err := time.ParseInLocation("02.01.2006", date, time.UTC)
			if err != nil || time.Since(day) < -24*time.Hour || time.Since(day) > 48*time.Hour {
				t.Fatalf("the draft is dated %q", date)
			}
			d.Date = date
		}
	}
	if d.Date == "" {
		t.Fatal("the server's draft has no date on its title page")
	}
	want := export.Markdown(d)
	if string(got) != string(want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("the server's draft differs from the local one at line %d:\n server: %s\n local:  %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("the server's draft has %d lines, the local one %d", len(gl), len(wl))
	}
	text := string(got)
	// The title page names the municipality and the challenge; the process
	// table dates each workshop by its plan, not by when it was made.
	if !strings.Contains(text, "# "+fmt.Sprintf(export.T(lang, "doc.title.of"), sc.Kommune)) || !strings.Contains(text, "**"+export.T(lang, "tp.challenge")+":** "+sc.Challenge.Summary[:40]) {
		t.Errorf("the title page lacks the municipality or the challenge:\n%.600s", text)
	}
	for wi, w := range sc.Process {
		day, _ := time.Parse(time.DateOnly, w.Date)
		row := "| " + local[wi].Title + " | " + day.Format("02.01.2006") + " | " + w.Start + "–" + w.End + " |"
		if !strings.Contains(text, row) {
			t.Errorf("the process table lacks %q", row)
		}
	}
	for _, s := range []string{"Fremdrift og prosess", "Problemstillinger", "Premisser", "Jury"} {
		if !strings.Contains(text, s) {
			t.Errorf("the draft lacks %q", s)
		}
	}
	for _, p := range sc.Process {
		for _, person := range p.Participants {
			if len(person.Alias) > 3 && strings.Contains(text, person.Alias) {
				t.Fatalf("the draft names %q", person.Alias)
			}
		}
	}
}
