package export_test

import (
	"strings"
	"testing"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestChosenGoalsRecorded: once the facilitator marks the målbilder a
// municipality chose (frame.choose), the draft's a2 lists those, notes or
// not, and no longer every card with a note.
func TestChosenGoalsRecorded(t *testing.T) {
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	fel, _ := cat.Get("felles")
	params := templates.Params{Lists: map[string][]templates.Item{"municipalities": {{Name: "Lebesby"}, {Name: "Gamvik"}}}}
	b, err := templates.Preview(fel, workshops.LangNB, params)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(actor string, op workshops.Op) {
		t.Helper()
		if err := templates.ApplyOps(b, actor, []workshops.Op{op}); err != nil {
			t.Fatal(err)
		}
	}
	apply("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: "p", Name: "P", Role: workshops.RoleParticipant}})
	note := func(id, frame, text string) {
		f := b.Frames[frame]
		x, y := f.X+10, f.Y+10
		apply("p", workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: &text, Color: ptrColor(workshops.ColorYellow), X: &x, Y: &y})
	}
	note("n1", "malbilder_lebesby_attraktive", "Et levende sentrum")
	note("n2", "malbilder_lebesby_effektive", "Felles bil for kommunen")
	note("n3", "malbilder_gamvik_inkluderende", "Gamvik sitt bidrag")
	a2 := func(area string) string {
		in := export.Input{Board: b, Template: "felles", Title: "Fellesverksted", Lang: workshops.LangNB, Area: area}
		return string(export.Markdown(&export.Document{Lang: workshops.LangNB, Sections: []export.Section{*export.Build(cat, workshops.LangNB, in).Section("a2")}}))
	}
	if got := a2("lebesby"); !strings.Contains(got, "Effektive") || !strings.Contains(got, "minst én lapp") {
		t.Fatalf("before recording, a2 guesses from the notes:\n%s", got)
	}
	on := true
	for _, id := range []string{"malbilder_lebesby_attraktive", "malbilder_lebesby_klimavennlige"} {
		apply(templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpFrameChoose, Frame: id, On: &on})
	}
	got := a2("lebesby")
	for _, want := range []string{"Attraktive", "Et levende sentrum", "Klimavennlige", "merket som valgt"} {
		if !strings.Contains(got, want) {
			t.Errorf("a2 lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"Effektive", "Felles bil", "Inkluderende", "minst én lapp"} {
		if strings.Contains(got, not) {
			t.Errorf("a2 has %q, which Lebesby did not choose:\n%s", not, got)
		}
	}
	// The whole board: Gamvik chose nothing that is marked.
	if got := a2(""); strings.Contains(got, "Inkluderende") || !strings.Contains(got, "Klimavennlige") {
		t.Errorf("a2 of the whole board:\n%s", got)
	}
}

func ptrColor(c workshops.Color) *workshops.Color { return &c }
