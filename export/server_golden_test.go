package export_test

import (
	"context"
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
// server: each replayed workshop's log is restored from its archive (POST
// /api/workshops/import, which replays it through Apply and stores it),
// then the organiser exports the whole process. The server's draft, built
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
	var local []export.Input
	var ids []string
	for wi := range sc.Process {
		w := &sc.Process[wi]
		in := replay(t, cat, sc, w)
		ws := workshops.Workshop{ID: fmt.Sprintf("lebesby-%d-%s", wi+1, w.Kind), Title: w.Title, Lang: lang,
			CreatedAt: in.Date, Epoch: fmt.Sprint("epoch-", wi)}
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
		ids = append(ids, ws.ID)
		// What the server will build: the board titled as on the board,
		// the whole process filtered to Lebesby's area of shared boards.
		title := in.Board.Title
		if title == "" {
			title = ws.Title
		}
		local = append(local, export.Input{Board: in.Board, Template: export.InferTemplate(cat, in.Board), Title: title,
			Date: in.Date, Lang: lang, Area: "lebesby", Events: in.Events})
	}
	resp, err := org.Get(m.URL() + "/api/export/md?area=lebesby&workshops=" + strings.Join(ids, ","))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("process export: %d %s", resp.StatusCode, got)
	}
	want := export.Markdown(export.Build(cat, lang, local...))
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
