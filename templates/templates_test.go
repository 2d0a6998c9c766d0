package templates_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

var allLangs = []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN}

// presets are the keys of the embedded templates, in catalog order.
var presets = []string{"oppstart", "felles", "visjon", "samskaping", "blank"}

func mustLoad(t testing.TB) *templates.Catalog {
	t.Helper()
	c, err := templates.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func mustGet(t testing.TB, c *templates.Catalog, key string) *templates.Template {
	t.Helper()
	tpl, ok := c.Get(key)
	if !ok {
		t.Fatalf("no template %q", key)
	}
	return tpl
}

// applyAll builds a fresh board with one facilitator and applies ops one by
// one with workshops.Apply, failing the test at the first refused op. It is
// Preview done by hand, so the test does not trust Preview.
func applyAll(t testing.TB, ops []workshops.Op) *workshops.Board {
	t.Helper()
	b := workshops.NewBoard("test-board", "Test")
	mustApply(t, b, "", workshops.Op{Kind: workshops.OpParticipantJoin,
		Participant: &workshops.Participant{ID: "fac", Name: "Fasilitator", Role: workshops.RoleFacilitator}})
	for _, op := range ops {
		mustApply(t, b, "fac", op)
	}
	return b
}

// mustApply applies op by actor as b's next event.
func mustApply(t testing.TB, b *workshops.Board, actor string, op workshops.Op) {
	t.Helper()
	e := workshops.Event{Seq: b.Seq + 1, OpID: fmt.Sprintf("op-%d", b.Seq+1), Actor: actor, At: 1_700_000_000_000 + int64(b.Seq)*1000, Op: op}
	if err := workshops.Apply(b, e); err != nil {
		who := actor
		if who == "" {
			who = "the server"
		}
		t.Fatalf("Apply(seq %d, %s %s%s by %s): %v", e.Seq, op.Kind, op.Frame, op.Note, who, err)
	}
}

func TestLoadPresets(t *testing.T) {
	c := mustLoad(t)
	var keys []string
	for _, tpl := range c.Templates() {
		keys = append(keys, tpl.Key)
	}
	if !slices.Equal(keys, presets) {
		t.Fatalf("catalog = %v, want %v", keys, presets)
	}
	for _, key := range presets {
		tpl := mustGet(t, c, key)
		if tpl.Format != templates.Format {
			t.Errorf("%s: format %d", key, tpl.Format)
		}
		for _, l := range allLangs {
			if tpl.Name.In(l) == "" || tpl.Description.In(l) == "" {
				t.Errorf("%s: no name or description in %s", key, l)
			}
		}
	}
	if _, ok := c.Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
}

// TestPresetsMatchIssue checks what issue 5 fixes about each preset.
func TestPresetsMatchIssue(t *testing.T) {
	c := mustLoad(t)
	exercises := map[string][]string{
		"oppstart":   {"attraktivt-sentrum-2030", "brukerbehov"},
		"felles":     {"malbilder", "aktorkartlegging"},
		"visjon":     {"idemyldring", "sluttrefleksjon"},
		"samskaping": {"personas", "prinsipper"},
		"blank":      nil,
	}
	for key, want := range exercises {
		tpl := mustGet(t, c, key)
		var got []string
		for _, ex := range tpl.Exercises {
			got = append(got, ex.Key)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: exercises %v, want %v", key, got, want)
		}
	}
	opp := mustGet(t, c, "oppstart")
	if d := opp.Exercise("attraktivt-sentrum-2030").DurationMin; d != 40 {
		t.Errorf("attraktivt-sentrum-2030 takes %d min, want 40", d)
	}
	if d := opp.Exercise("brukerbehov").DurationMin; d != 30 {
		t.Errorf("brukerbehov takes %d min, want 30", d)
	}
	vis := mustGet(t, c, "visjon")
	if v := vis.Exercise("idemyldring").Vote; v == nil || v.Top != 3 || !v.PerGroup || v.Budget < 1 {
		t.Errorf("idemyldring vote = %+v, want top 3 per group", v)
	}
	if vis.CitizenPanel == nil || !vis.Exercise("idemyldring").Breakout {
		t.Error("visjon: want a citizen panel and breakout brainstorming")
	}
	sam := mustGet(t, c, "samskaping")
	pr := sam.Exercise("prinsipper")
	if pr.Private == nil || !pr.Breakout || len(pr.Choose) != 2 || pr.Choose[0].Min != 3 || pr.Choose[0].Max != 4 || !pr.Choose[0].Private {
		t.Errorf("prinsipper: want a private pick of 3-4 then a group choice; got %+v %+v", pr.Private, pr.Choose)
	}
	fel := mustGet(t, c, "felles")
	if ch := fel.Exercise("malbilder").Choose; len(ch) != 1 || ch[0].By != templates.ByArea || ch[0].Min != 3 {
		t.Errorf("malbilder: want each area to choose at least 3, got %+v", ch)
	}
	// Every text of every preset is in all three languages (validation
	// checks it too; this guards the walk used by the language tests).
	for _, key := range presets {
		for _, tx := range texts(mustGet(t, c, key)) {
			if tx.NB == "" || tx.NN == "" || tx.EN == "" {
				t.Errorf("%s: a text lacks a language: %+v", key, tx)
			}
		}
	}
}

func TestRoadmap(t *testing.T) {
	r := mustLoad(t).Roadmap
	goals := []string{"attraktive", "inkluderende", "effektive", "klimavennlige", "tilpasningsdyktige", "helsefremmende"}
	principles := []string{"innbyggerne-i-sentrum", "tenk-helhetlig", "klima-og-miljo", "inkludering-og-samskaping",
		"neste-generasjons-naeringsliv", "apne-data", "kompetanse-og-innovasjon", "begynn-lokalt"}
	for _, set := range []struct {
		name  string
		cards []templates.Card
		want  []string
	}{{"goals", r.Goals, goals}, {"principles", r.Principles, principles}} {
		var keys []string
		for _, c := range set.cards {
			keys = append(keys, c.Key)
			if !c.Review {
				t.Errorf("%s %s: description not marked for review", set.name, c.Key)
			}
		}
		if !slices.Equal(keys, set.want) {
			t.Errorf("%s = %v, want %v", set.name, keys, set.want)
		}
	}
	// The nynorsk forms DOMAIN.md asks for.
	if got := r.Principles[1].Title.NN; got != "Tenk heilskapleg" {
		t.Errorf("tenk-helhetlig in nynorsk = %q", got)
	}
	if got := r.Principles[5].Title.NN; got != "Del og ta i bruk opne data" {
		t.Errorf("apne-data in nynorsk = %q", got)
	}
}

func TestFrameRef(t *testing.T) {
	c := mustLoad(t)
	for _, key := range presets {
		tpl := mustGet(t, c, key)
		plan, err := tpl.Plan(workshops.LangNB, sampleParams(key))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		for _, f := range plan.Frames {
			ref, ok := tpl.FrameRef(f.ID)
			if !ok || ref != f.FrameRef {
				t.Errorf("%s: FrameRef(%q) = %+v, %v; want %+v", key, f.ID, ref, ok, f.FrameRef)
			}
			if f.Kind == templates.KindFrame && templates.FrameID(f.Exercise, f.Area, f.Key) != f.ID {
				t.Errorf("%s: FrameID(%+v) != %q", key, f.FrameRef, f.ID)
			}
		}
	}
	tpl := mustGet(t, c, "felles")
	for _, id := range []string{"", "nope", "malbilder_a_b_c", "malbilder__x", "malbilder_X", "intro_x"} {
		if ref, ok := tpl.FrameRef(id); ok {
			t.Errorf("FrameRef(%q) = %+v, want none", id, ref)
		}
	}
}

// TestEncodeRoundTrip: a preset written out (export) parses back (import)
// to the same template.
func TestEncodeRoundTrip(t *testing.T) {
	c := mustLoad(t)
	for _, key := range presets {
		tpl := mustGet(t, c, key)
		data, err := tpl.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := templates.Parse(key+".json", data)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if !reflect.DeepEqual(back, tpl) {
			t.Errorf("%s: round trip changed the template", key)
		}
	}
}

func TestParamsJSON(t *testing.T) {
	in := `{"municipality":"Lebesby","personas":[{"key":"p1","name":"Sara","age":23,"situation":"S","quote":"Q"}]}`
	var p templates.Params
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.Text["municipality"] != "Lebesby" || len(p.Lists["personas"]) != 1 || p.Lists["personas"][0].Age != 23 {
		t.Fatalf("decoded %+v", p)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back templates.Params
	if err := json.Unmarshal(out, &back); err != nil || !reflect.DeepEqual(back, p) {
		t.Fatalf("round trip: %s -> %+v (%v)", out, back, err)
	}
	for _, bad := range []string{`{"x": 3}`, `{"x": [{"nam": "typo"}]}`, `[1]`} {
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("Unmarshal(%s) took it", bad)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Høylandet":                     "hoylandet",
		"Årdal":                         "ardal",
		"Næringsliv":                    "naeringsliv",
		"  Unge utflyttere! ":           "unge-utflyttere",
		"Tilflyttere og fjernarbeidere": "tilflyttere-og-fjern",
		"Guovdageaidnu – Kautokeino":    "guovdageaidnu-kautok",
		"Unjárga":                       "unjarga",
		"???":                           "",
	} {
		if got := templates.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// sampleParams are small valid parameters for each preset.
func sampleParams(key string) templates.Params {
	p := templates.Params{Text: map[string]string{}, Lists: map[string][]templates.Item{}}
	switch key {
	case "oppstart":
		p.Text["municipality"] = "Vang"
		p.Lists["target_groups"] = []templates.Item{{Name: "Unge voksne"}, {Name: "Hytteeiere"}}
		p.Lists["followers"] = []templates.Item{{Name: "Bygland"}}
	case "felles":
		p.Lists["municipalities"] = []templates.Item{{Name: "Vang"}, {Name: "Lund"}}
	case "visjon":
		p.Text["municipality"] = "Lund"
		for _, n := range []string{"Bo", "Jobb", "Fritid", "Reise"} {
			p.Lists["themes"] = append(p.Lists["themes"], templates.Item{Name: n, Theme: n + " i Lund"})
		}
	case "samskaping":
		p.Text["municipality"] = "Lund"
		for i, n := range []string{"Ola", "Kari", "Per"} {
			p.Lists["personas"] = append(p.Lists["personas"], templates.Item{Name: n, Age: 30 + i, Situation: "Bor i Lund.", Quote: "Det går bra."})
		}
	}
	return p
}

// texts returns every Text in v (a template or the roadmap), found by
// walking its fields.
func texts(v any) []templates.Text {
	var out []templates.Text
	var walk func(reflect.Value)
	walk = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.Pointer:
			if !x.IsNil() {
				walk(x.Elem())
			}
		case reflect.Slice:
			for i := range x.Len() {
				walk(x.Index(i))
			}
		case reflect.Struct:
			if tx, ok := x.Interface().(templates.Text); ok {
				out = append(out, tx)
				return
			}
			for i := range x.NumField() {
				if x.Type().Field(i).IsExported() {
					walk(x.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// wantErrorNaming checks err is a *templates.FileError with code EINVALID
// whose message holds every want.
func wantErrorNaming(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %q", want)
	}
	var fe *templates.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T (%v) is not a *FileError", err, err)
	}
	if code := workshops.ErrorCode(err); code != workshops.EINVALID {
		t.Errorf("code %q, want %q", code, workshops.EINVALID)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not name %q:\n%v", w, err)
		}
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestStepOps(t *testing.T) {
	c := mustLoad(t)
	vis := mustGet(t, c, "visjon")
	p := sampleParams("visjon")
	ops, err := vis.StepOps(workshops.LangNB, p, templates.IntroFrameID, 0)
	if err != nil || len(ops) != 1 || ops[0].Kind != workshops.OpBoardFocus || ops[0].Frame != templates.IntroFrameID {
		t.Fatalf("intro step 0 = %+v, %v", ops, err)
	}
	ops, err = vis.StepOps(workshops.LangNN, p, "idemyldring", 3)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []workshops.OpKind
	for _, op := range ops {
		kinds = append(kinds, op.Kind)
	}
	if want := []workshops.OpKind{workshops.OpVoteOpen, workshops.OpTimerStart, workshops.OpBoardMessage}; !slices.Equal(kinds, want) {
		t.Fatalf("idemyldring step 3 = %v, want %v", kinds, want)
	}
	open := ops[0]
	if open.Vote != "idemyldring" || *open.Budget != 3 || *open.Cap != 2 || len(open.Frames) != 5 {
		t.Errorf("vote.open = vote %q budget %d cap %d frames %v", open.Vote, *open.Budget, *open.Cap, open.Frames)
	}
	if *ops[1].Ms != 5*60_000 {
		t.Errorf("timer = %d ms, want 5 minutes", *ops[1].Ms)
	}
	if !strings.Contains(*ops[2].Text, "prikkar") {
		t.Errorf("message not in nynorsk: %q", *ops[2].Text)
	}
	// A step whose timer has no minutes of its own runs for the exercise.
	sam := mustGet(t, c, "samskaping")
	for s, step := range sam.Exercise("prinsipper").Script {
		if slices.Contains(step.Do, templates.DoPrivateStart) {
			ops, _ := sam.StepOps(workshops.LangEN, sampleParams("samskaping"), "prinsipper", s)
			if ops[0].Kind != workshops.OpPrivateStart || len(ops[0].Frames) != 1+3+3*8 || ops[0].Sealed != nil {
				t.Errorf("private.start = %+v", ops[0])
			}
		}
	}
	if _, err := vis.StepOps(workshops.LangNB, p, "nope", 0); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("unknown exercise: %v", err)
	}
	if _, err := vis.StepOps(workshops.LangNB, p, "idemyldring", 99); workshops.ErrorCode(err) != workshops.EINVALID {
		t.Errorf("step 99: %v", err)
	}
	if _, err := mustGet(t, c, "blank").StepOps(workshops.LangNB, templates.Params{}, templates.IntroFrameID, 0); err == nil {
		t.Error("the blank board has no intro, yet StepOps gave one")
	}
}
