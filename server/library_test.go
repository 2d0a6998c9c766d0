package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

type templateList struct {
	Templates []struct {
		Key    string
		Custom bool
		Name   templates.Text
	}
}

func listedTemplates(t *testing.T, org *http.Client, m node) map[string]bool {
	t.Helper()
	var l templateList
	if st := apiCall(t, org, "GET", m.URL()+"/api/templates", "", "", &l); st != http.StatusOK {
		t.Fatalf("list templates: %d", st)
	}
	out := map[string]bool{}
	for _, x := range l.Templates {
		out[x.Key] = x.Custom
	}
	return out
}

// getFile downloads a template file as the organiser.
func getFile(t *testing.T, org *http.Client, url string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := org.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, data
}

// TestTemplateFiles: the organiser exports a preset, imports it under a new
// key, uses it, and deletes it; a broken file is refused with the file and
// the field named, and nothing is kept.
func TestTemplateFiles(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir)
	org := MustOrganiser(t, m)
	base := m.URL() + "/api/templates"

	st, h, data := getFile(t, org, base+"/visjon/file")
	if st != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), `filename="visjon.json"`) {
		t.Fatalf("export visjon: %d %v", st, h)
	}
	if _, err := templates.Parse("visjon.json", data); err != nil {
		t.Fatalf("the exported file does not parse: %v", err)
	}
	if st, _, _ := getFile(t, http.DefaultClient, base+"/visjon/file"); st != http.StatusUnauthorized {
		t.Errorf("export without signing in: %d", st)
	}

	// Import under a new key.
	mine := bytes.Replace(data, []byte(`"key": "visjon"`), []byte(`"key": "visjon-lebesby"`), 1)
	mine = bytes.Replace(mine, []byte(`"process_step": 3,`), nil, 1)
	var got struct{ Template struct{ Key string } }
	if st := apiCall(t, org, "POST", base+"?file=visjon-lebesby.json", "", string(mine), &got); st != http.StatusCreated || got.Template.Key != "visjon-lebesby" {
		t.Fatalf("import: %d %+v", st, got)
	}
	if l := listedTemplates(t, org, m); !l["visjon-lebesby"] || l["visjon"] {
		t.Errorf("listed after import: %v", l)
	}
	// A workshop from it.
	var c created
	if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nn","template":"visjon-lebesby","params":`+visjonParams+`}`, &c); st != http.StatusCreated {
		t.Fatalf("create from the imported template: %d", st)
	}

	// The same key again, a preset's key: conflicts, nothing changes.
	var e struct {
		Error    struct{ Code, Message string }
		File     string
		Problems []templates.Problem
	}
	if st := apiCall(t, org, "POST", base, "", string(mine), &e); st != http.StatusConflict {
		t.Errorf("import the same key again: %d %+v", st, e)
	}
	if st := apiCall(t, org, "POST", base, "", string(data), &e); st != http.StatusConflict {
		t.Errorf("import a preset's key: %d %+v", st, e)
	}

	// A broken file: the answer names the file and the field.
	broken := bytes.Replace(mine, []byte(`"key": "visjon-lebesby"`), []byte(`"key": "ødelagt"`), 1)
	broken = bytes.Replace(broken, []byte(`"nn": "Visjonsverkstad"`), []byte(`"nn": ""`), 1)
	e.Problems = nil
	if st := apiCall(t, org, "POST", base+"?file=../../min-mal.json", "", string(broken), &e); st != http.StatusBadRequest || e.Error.Code != workshops.EINVALID {
		t.Fatalf("broken file: %d %+v", st, e)
	}
	fields := ""
	for _, p := range e.Problems {
		fields += p.Field + "|"
	}
	if e.File != "min-mal.json" || !strings.Contains(fields, "key|") || !strings.Contains(fields, "name.nn|") ||
		!strings.Contains(e.Error.Message, "min-mal.json: name.nn: empty") {
		t.Errorf("broken file: file %q, fields %q, message %q", e.File, fields, e.Error.Message)
	}
	if st := apiCall(t, org, "POST", base, "", `{"format": 1, "key": "x",`, &e); st != http.StatusBadRequest || !strings.Contains(e.Error.Message, "template.json: line 1") {
		t.Errorf("malformed JSON: %d %q", st, e.Error.Message)
	}
	if st := apiCall(t, http.DefaultClient, "POST", base, "", string(mine), nil); st != http.StatusUnauthorized {
		t.Errorf("import without signing in: %d", st)
	}
	// Kept in the store, not in a folder of the node.
	if _, err := os.Stat(filepath.Join(dir, "templates")); !os.IsNotExist(err) {
		t.Errorf("the node wrote a template folder: %v", err)
	}

	// It survives a restart. Files an older version kept in the data
	// directory move into the store then; a broken one is left out.
	m.Close()
	old := bytes.Replace(data, []byte(`"key": "visjon"`), []byte(`"key": "visjon-gammel"`), 1)
	old = bytes.Replace(old, []byte(`"process_step": 3,`), nil, 1)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o700)
	os.WriteFile(filepath.Join(dir, "templates", "visjon-gammel.json"), old, 0o600)
	os.WriteFile(filepath.Join(dir, "templates", "ugyldig.json"), []byte(`{"format": 1}`), 0o600)
	m2 := MustStart(t, dir)
	org2 := MustOrganiser(t, m2)
	if l := listedTemplates(t, org2, m2); !l["visjon-lebesby"] {
		t.Errorf("after a restart: %v", l)
	}
	base2 := m2.URL() + "/api/templates"
	if st := apiCall(t, org2, "DELETE", base2+"/visjon", "", "", nil); st != http.StatusForbidden {
		t.Errorf("delete a preset: %d", st)
	}
	if l := listedTemplates(t, org2, m2); !l["visjon-gammel"] || l["ugyldig"] {
		t.Errorf("after moving the old files: %v, want visjon-gammel and no ugyldig", l)
	}
	if _, err := os.Stat(filepath.Join(dir, "templates.moved", "ugyldig.json")); err != nil {
		t.Errorf("the old files are not kept aside: %v", err)
	}
	if st := apiCall(t, org2, "DELETE", base2+"/visjon-lebesby", "", "", nil); st != http.StatusNoContent {
		t.Errorf("delete: %d", st)
	}
	if st := apiCall(t, org2, "DELETE", base2+"/visjon-lebesby", "", "", nil); st != http.StatusNotFound {
		t.Errorf("delete again: %d", st)
	}
	if l := listedTemplates(t, org2, m2); l["visjon-lebesby"] {
		t.Errorf("listed after delete: %v", l)
	}
}

// TestSaveBoardAsTemplate: a facilitator saves the oppstart board, changed
// during the workshop, as a template; the organiser exports it, and a new
// workshop from it has the board's frames.
func TestSaveBoardAsTemplate(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	var c created
	body := `{"lang":"nb","template":"oppstart","params":{"municipality":"Lebesby","challenge":"Flere unge","target_groups":[{"name":"Unge utflyttere"},{"name":"Eldre"}],"followers":[]}}`
	if st := postJSON(t, org, m.URL()+"/api/workshops", body, &c); st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	fj := MustFacilitate(t, m, c, "Fasilitator")
	f := MustConnect(t, m, c.Workshop.ID, fj.Token, "", 0)
	f.next()
	doOp(f, "f1", workshops.Op{Kind: workshops.OpFrameCreate, Frame: "parkering", Title: ptr("Parkeringsplass for ideer"),
		X: ptr(-3000.0), Y: ptr(0.0), W: ptr(900.0), H: ptr(700.0)})
	url := m.URL() + "/api/workshops/" + c.Workshop.ID + "/template"

	pj := MustJoin(t, m, c.Workshop.JoinCode, "Per")
	if st := apiCall(t, http.DefaultClient, "POST", url, pj.Token, `{"name":"Oppstart, vår variant"}`, nil); st != http.StatusForbidden {
		t.Errorf("a participant saves: %d", st)
	}
	var e struct {
		Error    struct{ Code string }
		Problems []templates.Problem
	}
	if st := apiCall(t, http.DefaultClient, "POST", url, fj.Token, `{"name":"  "}`, &e); st != http.StatusBadRequest || len(e.Problems) != 1 || e.Problems[0].Field != "name" {
		t.Errorf("no name: %d %+v", st, e)
	}
	var saved struct{ Template struct{ Key string } }
	if st := apiCall(t, http.DefaultClient, "POST", url, fj.Token, `{"name":"Oppstart, vår variant"}`, &saved); st != http.StatusCreated || saved.Template.Key != "oppstart-var-variant" {
		t.Fatalf("save: %d %+v", st, saved)
	}
	if st := apiCall(t, http.DefaultClient, "POST", url, fj.Token, `{"name":"Oppstart, vår variant"}`, nil); st != http.StatusConflict {
		t.Errorf("save under the same key: %d", st)
	}
	if l := listedTemplates(t, org, m); !l["oppstart-var-variant"] {
		t.Fatalf("not listed: %v", l)
	}
	st, _, data := getFile(t, org, m.URL()+"/api/templates/oppstart-var-variant/file")
	tpl, err := templates.Parse("saved.json", data)
	if st != http.StatusOK || err != nil {
		t.Fatalf("export the saved template: %d %v", st, err)
	}
	var keys []string
	for _, ex := range tpl.Exercises {
		keys = append(keys, ex.Key)
	}
	if strings.Join(keys, ",") != "parkering,attraktivt-sentrum-2030,brukerbehov" || tpl.Intro == nil {
		t.Errorf("saved exercises %v, intro %v", keys, tpl.Intro != nil)
	}
	// A new workshop from it has the frames of the board, with the
	// target groups as they were.
	var c2 created
	if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"oppstart-var-variant"}`, &c2); st != http.StatusCreated {
		t.Fatalf("create from the saved template: %d", st)
	}
	f2j := MustFacilitate(t, m, c2, "Fasilitator")
	snap := MustConnect(t, m, c2.Workshop.ID, f2j.Token, "", 0).next()
	titles := map[string]bool{}
	for _, fr := range snap.Board.Frames {
		titles[fr.Title] = true
	}
	for _, want := range []string{"Parkeringsplass for ideer", "Unge utflyttere", "Eldre", "Brukerbehov"} {
		if !titles[want] {
			t.Errorf("the new board lacks %q: %v", want, titles)
		}
	}
	// A section still as the preset made it keeps the preset's three languages.
	cat, _ := templates.Load()
	opp, _ := cat.Get("oppstart")
	if got, want := tpl.Exercises[2].Title, opp.Exercise("brukerbehov").Title; got != want {
		g, _ := json.Marshal(got)
		t.Errorf("brukerbehov's title in the saved template: %s, want %+v", g, want)
	}
}
