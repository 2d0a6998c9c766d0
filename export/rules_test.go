package export_test

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/internal/scenariofile"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// The content rules of doc.go, one test each, on the Lebesby process.

func lebesby(t *testing.T) (*scenario, *templates.Catalog, []export.Input) {
	t.Helper()
	sc := loadScenario(t)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	var inputs []export.Input
	for wi := range sc.Process {
		inputs = append(inputs, replay(t, cat, sc, &sc.Process[wi]))
	}
	return sc, cat, inputs
}

// items returns every list item of a section and its subsections, with the
// list's title.
func items(s *export.Section) map[string][]export.Item {
	out := map[string][]export.Item{}
	var w func(*export.Section)
	w = func(s *export.Section) {
		for _, b := range s.Blocks {
			if b.Kind == export.KindList {
				out[b.Text] = append(out[b.Text], b.Items...)
			}
		}
		for i := range s.Sections {
			w(&s.Sections[i])
		}
	}
	w(s)
	return out
}

func hasItem(s *export.Section, text string) bool {
	for _, its := range items(s) {
		if slices.ContainsFunc(its, func(it export.Item) bool { return it.Text == text }) {
			return true
		}
	}
	return false
}

type scExercise = scenariofile.Exercise

var testTime = time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC)

func scenarioExercise(sc *scenario, key string) (*scWorkshop, *scExercise) {
	for wi := range sc.Process {
		for ei := range sc.Process[wi].Exercises {
			if sc.Process[wi].Exercises[ei].Key == key {
				return &sc.Process[wi], &sc.Process[wi].Exercises[ei]
			}
		}
	}
	return nil, nil
}

// TestRulePersonasInB1: each persona's name, age, situation and quote, and
// the frustrations and needs the group wrote, under the persona in B1.
func TestRulePersonasInB1(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	d := export.Build(cat, "", inputs...)
	_, ex := scenarioExercise(sc, "personas")
	if len(ex.Personas) == 0 {
		t.Fatal("the scenario has no personas")
	}
	for i, p := range ex.Personas {
		s := d.Section(fmt.Sprintf("b1-persona-%d", i+1))
		if s == nil {
			t.Fatalf("no section for persona %s", p.Name)
		}
		text := s.Text()
		for _, want := range []string{p.Name, strconv.Itoa(p.Age), p.Situation, p.Quote} {
			if !strings.Contains(text, want) {
				t.Errorf("persona %s: B1 lacks %q", p.Name, want)
			}
		}
		for _, n := range ex.Notes {
			if strings.HasPrefix(n.Frame, p.Key+"-frustrasjoner") || strings.HasPrefix(n.Frame, p.Key+"-behov-ideer") {
				if !hasItem(s, n.Text) {
					t.Errorf("persona %s: B1 lacks the note %q as an item of its own", p.Name, n.Text)
				}
			}
		}
	}
}

// TestRuleNoRepeatedHeadings: no heading or list title repeats a word of
// its own or of the heading it sits under ("Frustrasjonane til
// personaane: Sara: frustrasjonar").
func TestRuleNoRepeatedHeadings(t *testing.T) {
	_, cat, inputs := lebesby(t)
	for _, lang := range []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN} {
		d := export.Build(cat, lang, inputs...)
		stem := func(w string) string { // frustrasjoner, frustrasjonar -> frustrasjon
			w = strings.ToLower(w)
			for _, suf := range []string{"ane", "ene", "ar", "er", "en", "a", "e", "s"} {
				if len(w) > 6 {
					if s, ok := strings.CutSuffix(w, suf); ok {
						return s
					}
				}
			}
			return w
		}
		words := func(s string) []string {
			var out []string
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if len([]rune(w)) >= 5 {
					out = append(out, stem(w))
				}
			}
			return out
		}
		check := func(parent, title string) {
			ws := words(title)
			for i, w := range ws {
				if slices.Contains(ws[:i], w) {
					t.Errorf("%s: %q repeats %q", lang, title, w)
				}
				if slices.Contains(words(parent), w) {
					t.Errorf("%s: %q repeats %q of the heading %q above it", lang, title, w, parent)
				}
			}
		}
		var walk func(parent string, ss []export.Section)
		walk = func(parent string, ss []export.Section) {
			for _, s := range ss {
				if !strings.HasPrefix(s.ID, "appendix-") { // workshop titles are the boards'
					check(parent, s.Title)
				}
				for _, b := range s.Blocks {
					if b.Kind == export.KindList && b.Text != "" {
						check(s.Title, b.Text)
					}
				}
				walk(s.Title, s.Sections)
			}
		}
		walk("", d.Sections)
	}
}

// TestRuleOneNotePerLine: every note on a chosen målbilde and on an agreed
// principle is an item of its own, never run together with another, and
// a note of two lines keeps them in every rendering.
func TestRuleOneNotePerLine(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	d := export.Build(cat, "", inputs...)
	for _, key := range []string{"malbilder", "prinsipper"} {
		_, ex := scenarioExercise(sc, key)
		section := map[string]string{"malbilder": "a2", "prinsipper": "b2"}[key]
		for _, n := range ex.Notes {
			if !hasItem(d.Section(section), n.Text) {
				t.Errorf("%s: %q is not an item of its own", section, n.Text)
			}
		}
	}
	for _, b := range d.Blocks(export.KindList) {
		for _, it := range b.Items {
			if strings.Contains(it.Text, " · ") || strings.Contains(it.Detail, " · ") && !strings.Contains(it.Detail, export.T(workshops.LangNB, "vote1")[2:]) && !strings.Contains(it.Detail, "stemmer") {
				t.Errorf("list %q runs notes together: %q (%q)", b.Text, it.Text, it.Detail)
			}
		}
	}
	// An actor's note is "actor\nwhat they can contribute": in the
	// appendix it keeps its line break in the .docx (w:br), Markdown (a
	// hard break in a table: <br>) and HTML (pre-line).
	_, ex := scenarioExercise(sc, "aktorkartlegging")
	n := ex.Notes[0]
	docx, err := export.Docx(d, testTime)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(docxText(t, docx), n.Actor+"\n"+n.Text) {
		t.Errorf("the .docx lost the line break of %q", n.Actor)
	}
	if !strings.Contains(string(export.Markdown(d)), n.Actor+"<br>") {
		t.Errorf("the Markdown lost the line break of %q", n.Actor)
	}
	html, _ := export.HTML(d)
	if !strings.Contains(string(html), "white-space: pre-line") || !strings.Contains(string(html), n.Actor+"\n") {
		t.Errorf("the HTML lost the line break of %q", n.Actor)
	}
}

// TestRuleCriteriaTable: B4 is a table with one criterion per agreed
// principle and per chosen målbilde, proposed weights that add up to 100 %,
// and a traffic-light scale.
func TestRuleCriteriaTable(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	lang := workshops.Lang(sc.Language)
	d := export.Build(cat, lang, inputs...)
	var crit, scale *export.Table
	for _, b := range d.Section("b4").Blocks {
		switch {
		case b.Kind == export.KindTable && b.Text == export.T(lang, "crit.list"):
			crit = b.Table
		case b.Kind == export.KindTable && b.Text == export.T(lang, "crit.scale"):
			scale = b.Table
		}
	}
	if crit == nil || scale == nil {
		t.Fatal("B4 has no criteria table or no scale")
	}
	want := map[string]bool{}
	roadmap := map[string]string{}
	for _, c := range append(slices.Clone(cat.Roadmap.Goals), cat.Roadmap.Principles...) {
		roadmap[c.Key] = c.Title.In(lang)
	}
	_, pr := scenarioExercise(sc, "prinsipper")
	for _, ag := range pr.Agreed {
		for _, c := range ag.Choices {
			want[roadmap[c]] = true
		}
	}
	// The målbilder the draft lists as chosen (the boards here do not
	// mark them, so those with notes: see rule.goals).
	chosen := items(d.Section("a2"))[export.T(lang, "goals.chosen")]
	if len(chosen) < 3 {
		t.Fatalf("%d målbilder chosen", len(chosen))
	}
	for _, it := range chosen {
		want[it.Text] = true
	}
	sum := 0
	wcol := slices.Index(crit.Header, export.T(lang, "col.weight"))
	for _, r := range crit.Rows {
		if !want[r[0]] {
			t.Errorf("criterion %q was neither agreed nor chosen", r[0])
		}
		delete(want, r[0])
		w, err := strconv.Atoi(strings.TrimSuffix(r[wcol], " %"))
		if err != nil || w <= 0 {
			t.Errorf("criterion %q has weight %q", r[0], r[wcol])
		}
		sum += w
	}
	if len(want) > 0 {
		t.Errorf("no criterion for %v", want)
	}
	if sum != 100 {
		t.Errorf("the weights add up to %d %%", sum)
	}
	if len(scale.Rows) != 3 || scale.Rows[0][0] != export.T(lang, "scale.green") || scale.Rows[2][0] != export.T(lang, "scale.red") {
		t.Errorf("scale %v", scale.Rows)
	}
	if strings.Count(d.Section("b4").Text(), "Hvordan løsningen følger") > 0 {
		t.Error("B4 still repeats the old sentence per principle")
	}
}

// TestRuleJuryByKind: stakeholders as jury candidates by kind, never a
// business; the independence note and the qualification reminder.
func TestRuleJuryByKind(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	lang := workshops.Lang(sc.Language)
	d := export.Build(cat, lang, inputs...)
	b5 := d.Section("b5")
	lists := items(b5)
	kind := map[string]string{"innbyggere": "jury.users", "uvanlige": "jury.users", "organisasjoner": "jury.users",
		"akademia": "jury.experts", "offentlig": "jury.partners"}
	_, ex := scenarioExercise(sc, "aktorkartlegging")
	for _, n := range ex.Notes {
		k, ok := kind[n.Frame]
		in := func(list string) bool {
			return slices.ContainsFunc(lists[export.T(lang, list)], func(it export.Item) bool { return it.Text == n.Actor })
		}
		switch {
		case n.Frame == "naeringsliv":
			for _, l := range []string{"jury.users", "jury.experts", "jury.partners"} {
				if in(l) {
					t.Errorf("the business %q is a jury candidate", n.Actor)
				}
			}
		case ok && !in(k):
			t.Errorf("%q (%s) is not among %s", n.Actor, n.Frame, export.T(lang, k))
		}
	}
	var notes []string
	for _, b := range b5.Blocks {
		if b.Kind == export.KindNote {
			notes = append(notes, b.Text)
		}
	}
	if !slices.Contains(notes, export.T(lang, "jury.independence")) || !slices.Contains(notes, export.T(lang, "jury.qualification")) {
		t.Errorf("B5's marked notes: %q", notes)
	}
}

// TestRuleSuppliersSayWhy: every business in E says why it is there, with
// what the stakeholder map says it can contribute.
func TestRuleSuppliersSayWhy(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	lang := workshops.Lang(sc.Language)
	d := export.Build(cat, lang, inputs...)
	list := items(d.Section("e"))[export.T(lang, "e.list")]
	_, ex := scenarioExercise(sc, "aktorkartlegging")
	n := 0
	for _, note := range ex.Notes {
		if note.Frame != "naeringsliv" {
			continue
		}
		n++
		i := slices.IndexFunc(list, func(it export.Item) bool { return it.Text == note.Actor })
		if i < 0 {
			t.Errorf("E lacks %q", note.Actor)
			continue
		}
		if want := fmt.Sprintf(export.T(lang, "e.why"), note.Text); list[i].Detail != want {
			t.Errorf("E says of %q: %q, want %q", note.Actor, list[i].Detail, want)
		}
	}
	if n == 0 || !strings.Contains(d.Section("e").Text(), export.T(lang, "rule.e")) {
		t.Errorf("%d businesses; E's rule %v", n, strings.Contains(d.Section("e").Text(), export.T(lang, "rule.e")))
	}
}

// TestRulePrivatePicks: the private picks are out of the appendix and the
// CSV unless asked for.
func TestRulePrivatePicks(t *testing.T) {
	_, cat, inputs := lebesby(t)
	count := func(in []export.Input) (int, int) {
		d := export.Build(cat, "", in...)
		return strings.Count(d.Section("appendix").Text(), "Valgt"), strings.Count(string(export.NotesCSV(cat, in...)), "Valgt")
	}
	if a, c := count(inputs); a != 0 || c != 0 {
		t.Errorf("private picks in the appendix %d times, in the CSV %d times", a, c)
	}
	for i := range inputs {
		inputs[i].PrivatePicks = true
	}
	if a, c := count(inputs); a == 0 || c == 0 {
		t.Errorf("asked for, the private picks are in the appendix %d times, in the CSV %d times", a, c)
	}
}

// TestRuleCategories: participation by declared category in A3, and the
// marked prior-involvement note in B2 and B4 because suppliers took part
// in the samskapingsverksted where the premises were written; without
// suppliers, no such note.
func TestRuleCategories(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	lang := workshops.Lang(sc.Language)
	d := export.Build(cat, lang, inputs...)
	var table *export.Table
	for _, b := range d.Section("a3").Blocks {
		if b.Kind == export.KindTable && b.Text == export.T(lang, "cat.table") {
			table = b.Table
		}
	}
	if table == nil {
		t.Fatal("A3 has no table of participation by category")
	}
	for wi, w := range sc.Process {
		want := map[string]int{}
		for _, p := range w.Participants {
			if p.Role == "participant" {
				want[p.Category]++
			}
		}
		row := table.Rows[wi]
		for ci, c := range workshops.Categories {
			if row[ci+1] != strconv.Itoa(want[string(c)]) {
				t.Errorf("%s: %s %s, want %d", w.Title, export.T(lang, "cat."+string(c)), row[ci+1], want[string(c)])
			}
		}
	}
	prior := func(d *export.Document, section string) bool {
		for _, b := range d.Section(section).Blocks {
			if b.Kind == export.KindNote && (strings.HasPrefix(b.Text, strings.Split(export.T(lang, "prior"), "%s")[0]) || b.Text == export.T(lang, "prior.crit")) {
				return true
			}
		}
		return false
	}
	if !prior(d, "b2") || !prior(d, "b4") {
		t.Errorf("no prior-involvement note: B2 %v, B4 %v", prior(d, "b2"), prior(d, "b4"))
	}
	if !strings.Contains(d.Section("b2").Text(), "9") {
		t.Error("the note does not say how many suppliers took part")
	}
	// The same boards with every supplier said to be staff: no note.
	for _, in := range inputs {
		for id, p := range in.Board.Participants {
			if p.Category == workshops.CategorySupplier {
				p.Category = workshops.CategoryStaff
				in.Board.Participants[id] = p
			}
		}
	}
	if d := export.Build(cat, lang, inputs...); prior(d, "b2") || prior(d, "b4") {
		t.Error("a prior-involvement note without suppliers")
	}
}

// TestRuleFollowerNeeds: a følgekommune's needs are credited to it (the
// area column of the CSV) and reach B1 only once the facilitator marks
// its area chosen (frame.choose), under the følgekommune's name.
func TestRuleFollowerNeeds(t *testing.T) {
	sc, cat, inputs := lebesby(t)
	lang := workshops.Lang(sc.Language)
	_, ex := scenarioExercise(sc, "brukerbehov")
	var follower, followerName string
	var notes []string
	for _, f := range ex.Frames {
		if f.Area != "" && follower == "" {
			follower, followerName = f.Key, f.Title
		}
	}
	for _, n := range ex.Notes {
		if n.Frame == follower {
			notes = append(notes, n.Text)
		}
	}
	if len(notes) == 0 {
		t.Fatal("no notes in a følgekommune's area")
	}
	d := export.Build(cat, lang, inputs...)
	for _, n := range notes {
		if strings.Contains(d.Section("b1").Text(), n) {
			t.Errorf("B1 holds the unmarked følgekommune's need %q", n)
		}
	}
	rows := strings.Split(string(export.NotesCSV(cat, inputs...)), "\n")
	for _, n := range notes {
		i := slices.IndexFunc(rows, func(r string) bool { return strings.Contains(r, n) })
		if i < 0 || !strings.Contains(rows[i], ","+followerName+",") {
			t.Errorf("the CSV does not credit %q to its følgekommune: %q", n, rows[max(i, 0)])
		}
	}
	// The facilitator marks the area; the needs reach B1, under its name.
	b := inputs[0].Board
	on := true
	frame := templates.FrameID("brukerbehov", "", follower)
	if err := workshops.Apply(b, workshops.Event{Seq: b.Seq + 1, OpID: "mark", Actor: "setup", At: 1, Op: workshops.Op{Kind: workshops.OpFrameChoose, Frame: frame, On: &on}}); err != nil {
		t.Fatal(err)
	}
	d = export.Build(cat, lang, inputs...)
	s := d.Section("b1-followers")
	if s == nil {
		t.Fatal("no section for the følgekommuner's needs")
	}
	for _, n := range notes {
		if !slices.ContainsFunc(items(s)[b.Frames[frame].Title], func(it export.Item) bool { return it.Text == n }) {
			t.Errorf("B1 lacks the marked need %q under %q", n, b.Frames[frame].Title)
		}
		if strings.Contains(d.Section("b1-needs").Text(), n) {
			t.Errorf("the følgekommune's need %q is among the municipality's own", n)
		}
	}
}

// TestRuleOwnAreaOnly: on a shared fellesverksted board, another
// municipality's chosen målbilde and stakeholders stay out of a draft
// with Area set, and are in one without.
func TestRuleOwnAreaOnly(t *testing.T) {
	_, cat, inputs := lebesby(t)
	in := inputs[1] // the felles board
	b := in.Board
	r := &recorder{t: t, b: b, start: 0}
	// Vang (another area of the board) marks a card chosen and maps an actor.
	var vangGoal, vangActors string
	for id, f := range b.Frames {
		ref, _ := mustTemplate(t, cat, in.Template).FrameRef(id)
		if ref.Area == "vang" && ref.Exercise == "malbilder" && ref.Key == "klimavennlige" {
			vangGoal = id
		}
		if ref.Area == "vang" && ref.Exercise == "aktorkartlegging" && ref.Key == "akademia" {
			vangActors = id
		}
		_ = f
	}
	if vangGoal == "" || vangActors == "" {
		t.Fatal("the felles board has no area for Vang")
	}
	on := true
	r.apply("setup", workshops.Op{Kind: workshops.OpFrameChoose, Frame: vangGoal, On: &on})
	r.place("setup", "vang-goal", "Vang: kortreist mat i skolen", vangGoal)
	r.place("setup", "vang-actor", "Vang vidaregåande skule\nfagfolk", vangActors)

	only := export.Build(cat, "", in)
	all := in
	all.Area = ""
	whole := export.Build(cat, "", all)
	for _, s := range []string{"Vang: kortreist mat i skolen", "Vang vidaregåande skule"} {
		if strings.Contains(only.Text(), s) {
			t.Errorf("Lebesby's draft holds Vang's %q", s)
		}
		if !strings.Contains(whole.Text(), s) {
			t.Errorf("the whole board's draft lacks %q", s)
		}
	}
	klima := cat.Roadmap.Goals[slices.IndexFunc(cat.Roadmap.Goals, func(c templates.Card) bool { return c.Key == "klimavennlige" })].Title.In(in.Lang)
	chosen := func(d *export.Document) bool {
		return slices.ContainsFunc(items(d.Section("a2"))[export.T(in.Lang, "goals.chosen")], func(it export.Item) bool { return it.Text == klima })
	}
	if chosen(only) || !chosen(whole) {
		t.Errorf("Vang's chosen målbilde %q: in Lebesby's draft %v, in the whole board's %v", klima, chosen(only), chosen(whole))
	}
	// Every note of the whole board's CSV names its area.
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(export.NotesCSV(cat, all)), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]int{}
	for _, r := range rows[1:] {
		areas[r[2]]++
	}
	if len(rows) < 20 || areas["Lebesby"]+areas["Vang"] != len(rows)-1 || areas["Vang"] != 2 {
		t.Errorf("the CSV's areas: %v of %d rows", areas, len(rows)-1)
	}
}

func mustTemplate(t *testing.T, cat *templates.Catalog, key string) *templates.Template {
	t.Helper()
	tpl, ok := cat.Get(key)
	if !ok {
		t.Fatalf("no template %s", key)
	}
	return tpl
}
