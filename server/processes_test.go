package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// apiCall sends a request with an optional JSON body and bearer token and
// decodes the answer into out (if not nil); it returns the status.
func apiCall(t *testing.T, c *http.Client, method, url, token, body string, out any) int {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil && resp.StatusCode < 300 && len(data) > 0 {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
	return resp.StatusCode
}

// doOp sends an op and waits for its ack.
func doOp(c *wsClient, id string, op workshops.Op) {
	c.tb.Helper()
	c.op(id, op)
	c.expect("ack", id)
}

// noteIn puts a note by c in the middle of a frame of the board.
func noteIn(c *wsClient, b workshops.View, id, frame, text string) {
	c.tb.Helper()
	for _, f := range b.Frames {
		if f.ID == frame {
			doOp(c, id, createOp(id, text, f.X+f.W/2-90, f.Y+f.H/2-70))
			return
		}
	}
	c.tb.Fatalf("no frame %s on the board", frame)
}

type prefillAnswer struct {
	Params  templates.Params
	Sources []struct{ Param, Workshop, From string }
	Goals   *struct {
		Recorded bool
		Area     string
		Items    []templates.Item
	}
}

func listNames(items []templates.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Name)
	}
	return out
}

// TestProcessCarriesForward runs a municipality's process through the
// API: oppstart, then felles, then a visjon and a samskaping workshop, each
// created in the process from what the earlier boards hold now.
func TestProcessCarriesForward(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	base := m.URL() + "/api"

	var proc struct{ Process workshops.Process }
	if st := apiCall(t, org, "POST", base+"/processes", "", `{"municipality":"  Lebesby "}`, &proc); st != http.StatusCreated {
		t.Fatalf("create process: %d", st)
	}
	p := proc.Process
	if p.Title != "Lebesby" || p.Municipality != "Lebesby" || p.ID == "" {
		t.Fatalf("process %+v", p)
	}
	if st := apiCall(t, org, "POST", base+"/processes", "", `{"municipality":""}`, nil); st != http.StatusBadRequest {
		t.Errorf("a process without a municipality: %d", st)
	}
	if st := apiCall(t, http.DefaultClient, "GET", base+"/processes", "", "", nil); st != http.StatusUnauthorized {
		t.Errorf("processes without signing in: %d", st)
	}

	prefill := func(tpl string) prefillAnswer {
		t.Helper()
		var out prefillAnswer
		if st := apiCall(t, org, "GET", base+"/processes/"+p.ID+"/prefill?template="+tpl+"&lang=nb", "", "", &out); st != http.StatusOK {
			t.Fatalf("prefill %s: %d", tpl, st)
		}
		return out
	}
	create := func(tpl string, params templates.Params) created {
		t.Helper()
		pj, _ := json.Marshal(params)
		var c created
		if st := apiCall(t, org, "POST", base+"/workshops", "", `{"lang":"nb","template":"`+tpl+`","process":"`+p.ID+`","params":`+string(pj)+`}`, &c); st != http.StatusCreated {
			t.Fatalf("create %s in the process: %d", tpl, st)
		}
		return c
	}

	// 1. Oppstart: the form starts with the municipality only.
	first := prefill("oppstart")
	if first.Params.Text["municipality"] != "Lebesby" || len(first.Params.Lists) != 0 || first.Goals != nil {
		t.Errorf("prefill of the first workshop: %+v", first)
	}
	opp := create("oppstart", templates.Params{
		Text: map[string]string{"municipality": "Lebesby", "challenge": "Flere unge skal bo i Kjøllefjord."},
		Lists: map[string][]templates.Item{
			"target_groups": {{Name: "Unge utflyttere"}, {Name: "Eldre"}, {Name: "Småbarnsforeldre"}},
			"followers":     {{Name: "Gamvik"}},
		},
	})
	if opp.Workshop.Process != p.ID || opp.Workshop.ProcessPos != 1 {
		t.Errorf("the oppstart workshop is at %q/%d", opp.Workshop.Process, opp.Workshop.ProcessPos)
	}
	// During the workshop the facilitator drops one target group and
	// renames another.
	fj := MustFacilitate(t, m, opp, "Fasilitator")
	f := MustConnect(t, m, opp.Workshop.ID, fj.Token, "", 0)
	f.next()
	doOp(f, "d1", workshops.Op{Kind: workshops.OpFrameDelete, Frame: "brukerbehov_eldre"})
	doOp(f, "u1", workshops.Op{Kind: workshops.OpFrameUpdate, Frame: "brukerbehov_smabarnsforeldre", Title: ptr("Barnefamilier")})

	// 2. Felles: the municipality and its følgekommune share the board.
	fel := prefill("felles")
	if got := listNames(fel.Params.Lists["municipalities"]); !slices.Equal(got, []string{"Lebesby", "Gamvik"}) {
		t.Errorf("felles municipalities = %v", got)
	}
	fw := create("felles", fel.Params)
	if fw.Workshop.ProcessPos != 2 {
		t.Errorf("felles at place %d", fw.Workshop.ProcessPos)
	}
	ffj := MustFacilitate(t, m, fw, "Fasilitator")
	ff := MustConnect(t, m, fw.Workshop.ID, ffj.Token, "", 0)
	board := ff.next().Board
	pj := MustJoin(t, m, fw.Workshop.JoinCode, "Per")
	pc := MustConnect(t, m, fw.Workshop.ID, pj.Token, "", 0)
	pc.next()
	noteIn(pc, board, "n1", "malbilder_lebesby_attraktive", "Et sentrum folk vil bo i")
	noteIn(pc, board, "n2", "malbilder_lebesby_effektive", "Felles bilpool")
	noteIn(pc, board, "n3", "malbilder_gamvik_helsefremmende", "Turstier")

	// Until the facilitator records the choice, it is a guess from the notes.
	vis := prefill("visjon")
	if vis.Goals == nil || vis.Goals.Recorded || vis.Goals.Area != "lebesby" || !slices.Equal(listNames(vis.Goals.Items), []string{"Attraktive", "Effektive"}) {
		t.Errorf("goals guessed: %+v", vis.Goals)
	}
	doOp(ff, "c1", workshops.Op{Kind: workshops.OpFrameChoose, Frame: "malbilder_lebesby_attraktive", On: ptr(true)})
	doOp(ff, "c2", workshops.Op{Kind: workshops.OpFrameChoose, Frame: "malbilder_lebesby_klimavennlige", On: ptr(true)})
	doOp(ff, "c3", workshops.Op{Kind: workshops.OpFrameChoose, Frame: "malbilder_lebesby_inkluderende", On: ptr(true)})

	// 3. Visjon: the themes start as the chosen målbilder.
	vis = prefill("visjon")
	if vis.Goals == nil || !vis.Goals.Recorded || !slices.Equal(listNames(vis.Goals.Items), []string{"Attraktive", "Inkluderende", "Klimavennlige"}) {
		t.Fatalf("goals recorded: %+v", vis.Goals)
	}
	themes := vis.Params.Lists["themes"]
	if !slices.Equal(listNames(themes), []string{"Attraktive", "Inkluderende", "Klimavennlige"}) || themes[0].Theme == "" || themes[0].Key != "attraktive" {
		t.Errorf("visjon themes = %+v", themes)
	}
	if vis.Params.Text["municipality"] != "Lebesby" || vis.Params.Text["challenge"] != "Flere unge skal bo i Kjøllefjord." {
		t.Errorf("visjon texts = %v", vis.Params.Text)
	}
	from := map[string]string{}
	for _, s := range vis.Sources {
		from[s.Param] = s.From + "@" + s.Workshop
	}
	if from["themes"] != "goals@"+fw.Workshop.ID || from["challenge"] != "board@"+opp.Workshop.ID {
		t.Errorf("sources = %v", from)
	}
	// The form needs four themes; the organiser adds one and creates it.
	vp := vis.Params
	vp.Lists["themes"] = append(vp.Lists["themes"], templates.Item{Name: "Unge", Theme: "Hva trenger de unge?"})
	vw := create("visjon", vp)

	// 4. Samskaping: the target groups and the challenge come along; the
	// personas are new (no earlier samskaping board).
	sam := prefill("samskaping")
	if sam.Params.Text["challenge"] == "" || len(sam.Params.Lists["personas"]) != 0 {
		t.Errorf("samskaping prefill = %+v", sam.Params)
	}
	opp2 := prefill("oppstart") // a second oppstart would take the groups as they are now
	if got := listNames(opp2.Params.Lists["target_groups"]); !slices.Equal(got, []string{"Unge utflyttere", "Barnefamilier"}) {
		t.Errorf("target groups carried = %v", got)
	}

	// The list shows each workshop's place.
	var list struct{ Workshops []workshops.Workshop }
	apiCall(t, org, "GET", base+"/workshops", "", "", &list)
	places := map[string]int{}
	for _, w := range list.Workshops {
		if w.Process == p.ID {
			places[w.ID] = w.ProcessPos
		}
	}
	if places[opp.Workshop.ID] != 1 || places[fw.Workshop.ID] != 2 || places[vw.Workshop.ID] != 3 {
		t.Errorf("places = %v", places)
	}

	// A workshop made outside joins later, last; and leaves again.
	lone := MustCreateWorkshop(t, m)
	var moved struct{ Workshop workshops.Workshop }
	if st := apiCall(t, org, "PUT", base+"/workshops/"+lone.Workshop.ID+"/process", "", `{"process":"`+p.ID+`"}`, &moved); st != http.StatusOK || moved.Workshop.ProcessPos != 4 {
		t.Errorf("move in: %d %+v", st, moved.Workshop)
	}
	var out struct{ Workshop workshops.Workshop }
	if st := apiCall(t, org, "PUT", base+"/workshops/"+lone.Workshop.ID+"/process", "", `{"process":""}`, &out); st != http.StatusOK || out.Workshop.Process != "" || out.Workshop.ID != lone.Workshop.ID {
		t.Errorf("move out: %d %+v", st, out.Workshop)
	}
	if st := apiCall(t, org, "PUT", base+"/workshops/"+lone.Workshop.ID+"/process", "", `{"process":"nope"}`, nil); st != http.StatusNotFound {
		t.Errorf("move into no process: %d", st)
	}

	// Creating in a process that does not exist creates nothing.
	before := len(list.Workshops)
	if st := apiCall(t, org, "POST", base+"/workshops", "", `{"title":"Ny","process":"nope"}`, nil); st != http.StatusNotFound {
		t.Errorf("create in no process: %d", st)
	}
	var after struct{ Workshops []workshops.Workshop }
	apiCall(t, org, "GET", base+"/workshops", "", "", &after)
	if len(after.Workshops) != before+1 { // the lone one only
		t.Errorf("%d workshops after a refused create, want %d", len(after.Workshops), before+1)
	}
	if st := apiCall(t, org, "GET", base+"/processes/nope/prefill?template=visjon", "", "", nil); st != http.StatusNotFound {
		t.Errorf("prefill of no process: %d", st)
	}
	if st := apiCall(t, org, "GET", base+"/processes/"+p.ID+"/prefill?template=nope", "", "", nil); st != http.StatusNotFound {
		t.Errorf("prefill of no template: %d", st)
	}

	// Deleting the process keeps its workshops.
	if st := apiCall(t, org, "DELETE", base+"/processes/"+p.ID, "", "", nil); st != http.StatusNoContent {
		t.Fatalf("delete process: %d", st)
	}
	var kept struct{ Workshops []workshops.Workshop }
	apiCall(t, org, "GET", base+"/workshops", "", "", &kept)
	if len(kept.Workshops) != before+1 {
		t.Errorf("%d workshops after deleting the process, want %d", len(kept.Workshops), before+1)
	}
	for _, w := range kept.Workshops {
		if w.Process != "" {
			t.Errorf("%s is still in a process after it was deleted", w.ID)
		}
	}
	var procs struct{ Processes []workshops.Process }
	if apiCall(t, org, "GET", base+"/processes", "", "", &procs); len(procs.Processes) != 0 {
		t.Errorf("processes after delete: %+v", procs.Processes)
	}
}

// TestProcessFull: a process holds at most MaxProcessWorkshops workshops.
func TestProcessFull(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	var proc struct{ Process workshops.Process }
	apiCall(t, org, "POST", m.URL()+"/api/processes", "", `{"municipality":"Gamvik","title":"Gamvik 2026"}`, &proc)
	if proc.Process.Title != "Gamvik 2026" {
		t.Fatalf("process %+v", proc.Process)
	}
	for i := range workshops.MaxProcessWorkshops {
		if st := apiCall(t, org, "POST", m.URL()+"/api/workshops", "", `{"title":"Verksted","process":"`+proc.Process.ID+`"}`, nil); st != http.StatusCreated {
			t.Fatalf("workshop %d: %d", i+1, st)
		}
	}
	var e struct{ Error struct{ Code string } }
	if st := apiCall(t, org, "POST", m.URL()+"/api/workshops", "", `{"title":"En for mye","process":"`+proc.Process.ID+`"}`, &e); st != http.StatusConflict || e.Error.Code != workshops.ELIMIT {
		t.Errorf("one workshop too many: %d %+v", st, e)
	}
}
