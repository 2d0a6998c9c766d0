package export_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/internal/scenariofile"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// The scenario's types and the template parameters of its workshops are
// shared with the other scenario tests (internal/scenariofile).
type (
	scenario   = scenariofile.Scenario
	scWorkshop = scenariofile.Workshop
)

func loadScenario(t *testing.T) *scenario { return scenariofile.MustLoad(t) }

func params(sc *scenario, w *scWorkshop) templates.Params { return scenariofile.Params(sc, w) }

// recorder applies ops to a board and keeps the log, with times that
// grow one second per event from start.
type recorder struct {
	t      *testing.T
	b      *workshops.Board
	events []workshops.Event
	start  int64
}

func (r *recorder) apply(actor string, op workshops.Op) {
	r.t.Helper()
	e := workshops.Event{Seq: r.b.Seq + 1, OpID: fmt.Sprint("op-", r.b.Seq+1), Actor: actor, At: r.start + int64(r.b.Seq)*1000, Op: op}
	if err := workshops.Apply(r.b, e); err != nil {
		r.t.Fatalf("%s by %q: %v", op.Kind, actor, err)
	}
	r.events = append(r.events, e)
}

func (r *recorder) place(author, id, text, frame string) {
	r.t.Helper()
	f, ok := r.b.Frames[frame]
	if !ok {
		r.t.Fatalf("no frame %q", frame)
	}
	x, y := f.X+f.W/2-workshops.DefaultNoteW/2, f.Y+f.H/2-workshops.DefaultNoteH/2+40
	c := workshops.ColorYellow
	r.apply(author, workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: &text, Color: &c, X: &x, Y: &y})
	if got := r.b.Notes[id].Frame; got != frame {
		r.t.Fatalf("note %s landed in %q, want %q", id, got, frame)
	}
}

// replay runs one workshop of the scenario as TestScenarioReplay in
// package templates does, recording the log. Actor notes are written as
// "actor\nwhat they can contribute" (export's rule: the first line names
// the actor).
func replay(t *testing.T, cat *templates.Catalog, sc *scenario, w *scWorkshop) export.Input {
	lang := workshops.Lang(sc.Language)
	tpl, ok := cat.Get(w.Kind)
	if !ok {
		t.Fatalf("no template %s", w.Kind)
	}
	p := params(sc, w)
	plan, err := tpl.Plan(lang, p)
	if err != nil {
		t.Fatal(err)
	}
	date, err := time.ParseInLocation("2006-01-02 15:04", w.Date+" "+w.Start, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{t: t, b: workshops.NewBoard("b-"+w.Kind, tpl.Name.In(lang)), start: date.UnixMilli()}
	const fac = "setup"
	r.apply("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: fac, Name: "Samskap", Role: workshops.RoleFacilitator}})
	ops, err := tpl.Setup(lang, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		r.apply(fac, op)
	}
	ids := map[string]string{}
	assign := map[string]string{}
	for i, pp := range w.Participants {
		id := fmt.Sprintf("p%d", i)
		ids[pp.Alias] = id
		r.apply("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: id, Name: pp.Alias, Role: workshops.Role(pp.Role),
			Category: workshops.Category(pp.Category)}})
		if pp.Group != "" {
			assign[id] = pp.Group
		}
	}
	steps := func(ex string, n int) {
		for s := range n {
			ops, err := tpl.StepOps(lang, p, ex, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range ops {
				r.apply(fac, op)
			}
		}
	}
	if tpl.Intro != nil {
		steps(templates.IntroFrameID, len(tpl.Intro.Script))
	}
	if len(assign) > 0 {
		r.apply(fac, workshops.Op{Kind: workshops.OpGroupAssign, Assign: assign})
	}
	for ei := range w.Exercises {
		ex := &w.Exercises[ei]
		tex := tpl.Exercise(ex.Key)
		written := false
		noteID := func(i int) string { return fmt.Sprintf("%s-%d", ex.Key, i) }
		write := func() {
			written = true
			for i, n := range ex.Notes {
				id := templates.FrameID(ex.Key, "", n.Frame)
				if tex.Areas != nil && tex.Areas.Each == templates.EachGroups {
					id = templates.FrameID(ex.Key, n.Group, n.Frame)
				} else if tex.Areas != nil {
					id = templates.FrameID(ex.Key, templates.Slug(w.Area), n.Frame)
				}
				text := n.Text
				if n.Actor != "" {
					text = n.Actor + "\n" + n.Text
				}
				r.place(ids[n.Author], noteID(i), text, id)
			}
		}
		for s, step := range tex.Script {
			ops, err := tpl.StepOps(lang, p, ex.Key, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range ops {
				r.apply(fac, op)
			}
			switch {
			case slices.Contains(step.Do, templates.DoPrivateStart):
				k := 0
				for _, pk := range ex.Picks {
					for _, choice := range pk.Choices {
						r.place(ids[pk.By], fmt.Sprintf("pick-%d", k), "Valgt", templates.FrameID(ex.Key, pk.Group, choice))
						k++
					}
				}
			case slices.Contains(step.Do, templates.DoPrivateReveal):
				write()
			case slices.Contains(step.Do, templates.DoVoteOpen):
				for _, bl := range ex.Votes.Ballots {
					for range bl.Count {
						r.apply(ids[bl.Voter], workshops.Op{Kind: workshops.OpVoteCast, Vote: templates.VoteID(ex.Key), Note: noteID(bl.NoteIndex)})
					}
				}
			case slices.Contains(step.Do, templates.DoVoteReveal):
				top := templates.TopNotes(r.b, templates.VoteID(ex.Key), tex.Vote.Top, plan.GroupIDs())
				r.apply(fac, workshops.Op{Kind: workshops.OpVoteTop, Vote: templates.VoteID(ex.Key), Notes: top})
			case slices.Contains(step.Do, templates.DoTimer) && tex.Private == nil && !written:
				write()
			}
		}
	}
	day, _ := time.Parse(time.DateOnly, w.Date)
	in := export.Input{Board: r.b, Title: w.Title, Date: day, Start: w.Start, End: w.End, Lang: lang, Events: r.events,
		Template: export.InferTemplate(cat, r.b), Municipality: sc.Kommune}
	if in.Template != w.Kind {
		t.Errorf("InferTemplate = %q, want %q", in.Template, w.Kind)
	}
	if w.Area != "" {
		in.Area = templates.Slug(w.Area)
	}
	return in
}

// TestScenarioDraft replays the Lebesby process (four workshops) and checks
// what the draft says, section by section.
func TestScenarioDraft(t *testing.T) {
	sc := loadScenario(t)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	lang := workshops.Lang(sc.Language)
	var inputs []export.Input
	for wi := range sc.Process {
		inputs = append(inputs, replay(t, cat, sc, &sc.Process[wi]))
	}
	d := export.Build(cat, lang, inputs...)

	// The sections, in order.
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.ID)
		for _, sub := range s.Sections {
			ids = append(ids, sub.ID)
		}
	}
	want := []string{"a", "a1", "a2", "a3", "b", "b1", "b2", "b3", "b4", "b5", "c", "d", "e", "appendix",
		"appendix-1", "appendix-2", "appendix-3", "appendix-4"}
	if !slices.Equal(ids, want) {
		t.Fatalf("sections %v, want %v", ids, want)
	}
	has := func(section, s string) {
		t.Helper()
		if !strings.Contains(d.Section(section).Text(), s) {
			t.Errorf("section %s lacks %q", section, s)
		}
	}
	lacks := func(section, s string) {
		t.Helper()
		if strings.Contains(d.Section(section).Text(), s) {
			t.Errorf("section %s holds %q", section, s)
		}
	}
	roadmap := map[string]string{}
	for _, c := range append(slices.Clone(cat.Roadmap.Goals), cat.Roadmap.Principles...) {
		roadmap[c.Key] = c.Title.In(lang)
	}
	for _, w := range sc.Process {
		for _, ex := range w.Exercises {
			for i, n := range ex.Notes {
				switch {
				case ex.Key == "attraktivt-sentrum-2030":
					has("a2", n.Text)
				case ex.Key == "malbilder":
					has("a2", n.Text)
				case ex.Key == "brukerbehov" && followerFrame(&ex, n.Frame):
					// A følgekommune's needs: not this municipality's
					// problems unless the facilitator marks them
					// (TestFollowerNeeds).
					lacks("b1", n.Text)
				case ex.Key == "brukerbehov":
					has("b1", n.Text)
				case ex.Key == "personas" && strings.HasSuffix(n.Frame, "-frustrasjoner"):
					has("b1", n.Text)
				case ex.Key == "prinsipper":
					has("b2", n.Text)
				case ex.Key == "aktorkartlegging" && n.Frame == "naeringsliv":
					has("e", n.Actor)
					lacks("b5", n.Actor)
				case ex.Key == "aktorkartlegging":
					has("b5", n.Actor)
				case ex.Key == "idemyldring" && slices.Contains(ex.Top, i):
					has("b1", n.Text)
				}
				has("appendix", strings.ReplaceAll(n.Text, "\n", " "))
			}
			for _, ag := range ex.Agreed {
				for _, c := range ag.Choices {
					if ex.Key == "malbilder" {
						has("a2", roadmap[c])
						has("b4", roadmap[c])
					} else {
						has("b2", roadmap[c])
						has("b4", roadmap[c])
					}
				}
			}
		}
	}
	lacks("b2", "Valgt") // the private picks are not premises
	// Only the top ideas of the brainstorm reach the problem statements.
	for _, w := range sc.Process {
		for _, ex := range w.Exercises {
			if ex.Key != "idemyldring" {
				continue
			}
			for i, n := range ex.Notes {
				if !slices.Contains(ex.Top, i) {
					lacks("b1", n.Text)
				}
			}
		}
	}

	// The process: four workshops with date and participants.
	a3 := d.Section("a3")
	var table *export.Table
	for _, b := range a3.Blocks {
		if b.Kind == export.KindTable && table == nil {
			table = b.Table
		}
	}
	if table == nil || len(table.Rows) != 4 || table.Header[1] != export.T(lang, "col.date") {
		t.Fatalf("process table %+v", table)
	}
	for i, w := range sc.Process {
		n := 0
		for _, p := range w.Participants {
			if p.Role == "participant" {
				n++
			}
		}
		date, _ := time.Parse("2006-01-02", w.Date)
		wantRow := []string{w.Title, date.Format("02.01.2006"), w.Start + "–" + w.End, fmt.Sprint(n)}
		if !slices.Equal(table.Rows[i][:4], wantRow) {
			t.Errorf("process row %d: %v, want %v", i, table.Rows[i], wantRow)
		}
	}

	// Gaps everywhere only people can write.
	for _, key := range []string{"gap.a1", "gap.a2", "gap.a3", "gap.b3", "gap.b4", "gap.b5", "gap.c", "gap.d1", "gap.d2", "gap.e"} {
		if !slices.Contains(d.Gaps(), export.T(lang, key)) {
			t.Errorf("no gap %s", key)
		}
	}

	// No personal data, in the model or any rendering.
	html, err := export.HTML(d)
	if err != nil {
		t.Fatal(err)
	}
	docx, err := export.Docx(d, time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	docText := docxText(t, docx)
	renderings := map[string]string{"model": d.Text(), "markdown": string(export.Markdown(d)), "html": string(html),
		"docx": docText, "csv": string(export.NotesCSV(cat, inputs...)) + string(export.VotesCSV(cat, inputs...))}
	var personal []string
	for _, w := range sc.Process {
		for _, p := range w.Participants {
			personal = append(personal, p.Alias)
		}
		if w.CitizenPanel != nil {
			for _, o := range w.CitizenPanel.Optins {
				personal = append(personal, o.Alias, o.Name, o.Email)
				if o.Phone != "" {
					personal = append(personal, o.Phone)
				}
			}
		}
	}
	for name, text := range renderings {
		for _, p := range personal {
			if strings.Contains(text, p) {
				t.Errorf("%s holds personal data %q", name, p)
			}
		}
		if !strings.Contains(text, "Lebesby") || !strings.ContainsAny(text, "æøå") {
			t.Errorf("%s: Norwegian text missing", name)
		}
	}
	// Every heading of the draft is in the .docx, in order.
	pos := 0
	for _, key := range []string{"a", "a1", "a2", "a3", "b", "b1", "b2", "b3", "b4", "b5", "c", "d", "e", "appendix"} {
		i := strings.Index(docText[pos:], export.T(lang, key))
		if i < 0 {
			t.Fatalf("docx lacks heading %q after position %d", export.T(lang, key), pos)
		}
		pos += i
	}
}

// followerFrame reports whether the frame of an exercise of the scenario
// is a følgekommune's area.
func followerFrame(ex *scenariofile.Exercise, key string) bool {
	for _, f := range ex.Frames {
		if f.Key == key {
			return f.Area != ""
		}
	}
	return false
}
