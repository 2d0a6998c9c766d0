package templates_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestFromBoardPresets saves the board of every preset, set up in every
// language, as a template: it validates like a file, keeps every frame's
// title and layout, and set up again gives a board with the same frames.
func TestFromBoardPresets(t *testing.T) {
	c := mustLoad(t)
	for _, tpl := range c.Templates() {
		for _, lang := range allLangs {
			b, err := templates.Preview(tpl, lang, paramsFor(tpl, richParams()))
			if err != nil {
				t.Fatal(err)
			}
			saved, data, err := templates.FromBoard(b, lang, tpl, templates.BoardInfo{Name: "Lagret «" + tpl.Key + "» {x}"})
			if err != nil {
				t.Errorf("%s %s: %v", tpl.Key, lang, err)
				continue
			}
			if saved.Key != templates.Slug("Lagret «"+tpl.Key+"» {x}") || saved.Name.NN != "Lagret «"+tpl.Key+"» (x)" || len(saved.Parameters) != 0 {
				t.Errorf("%s: key %q, name %+v, %d parameters", tpl.Key, saved.Key, saved.Name, len(saved.Parameters))
			}
			if _, err := templates.Parse("again.json", data); err != nil {
				t.Errorf("%s %s: the file does not parse again: %v", tpl.Key, lang, err)
			}
			again, err := templates.Preview(saved, lang, templates.Params{})
			if err != nil {
				t.Fatalf("%s %s: %v", tpl.Key, lang, err)
			}
			// Every frame where notes go is there again, with its title
			// and size.
			want := map[string]int{}
			for _, f := range b.Frames {
				if ref, ok := tpl.FrameRef(f.ID); ok && (ref.Kind == templates.KindFrame || ref.Kind == templates.KindIntro) {
					// Braces become parentheses (they would be placeholders).
					want[strings.NewReplacer("{", "(", "}", ")").Replace(f.Title)+"|"+size(f)]++
				}
			}
			got := map[string]int{}
			for _, f := range again.Frames {
				if ref, ok := saved.FrameRef(f.ID); ok && (ref.Kind == templates.KindFrame || ref.Kind == templates.KindIntro) {
					got[f.Title+"|"+size(f)]++
				}
			}
			for k, n := range want {
				if got[k] != n {
					t.Errorf("%s %s: frame %q %d times on the board, %d times from the saved template", tpl.Key, lang, k, n, got[k])
				}
			}
			// A section that is the preset's keeps all three languages.
			if len(tpl.Exercises) > 0 && saved.Exercises[0].Title != tpl.Exercises[0].Title {
				t.Errorf("%s %s: the first exercise's title %+v, want the preset's %+v", tpl.Key, lang, saved.Exercises[0].Title, tpl.Exercises[0].Title)
			}
		}
	}
}

func size(f workshops.Frame) string {
	return strconv.FormatFloat(f.W, 'f', -1, 64) + "x" + strconv.FormatFloat(f.H, 'f', -1, 64)
}

// TestFromBoardHandMade: a board of frames made by hand, one with a vote,
// becomes a template of one exercise per frame; frames that overlap give
// an error naming the field.
func TestFromBoardHandMade(t *testing.T) {
	b := workshops.NewBoard("b", "Kveldsmøte {1}")
	fac := "fac"
	mustApply(t, b, "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: fac, Name: "F", Role: workshops.RoleFacilitator}})
	frame := func(id, title string, x, y, w, h float64) {
		mustApply(t, b, fac, workshops.Op{Kind: workshops.OpFrameCreate, Frame: id, Title: ptr(title), Text: ptr("Skriv {her}"), X: &x, Y: &y, W: &w, H: &h})
	}
	frame("ideer", "Idéer", 0, 0, 800, 600)
	frame("tiltak", "Tiltak", 1000, 0, 800, 600)
	frame("tiltak_store", "Store tiltak", 1000, 200, 300, 300)
	frame("tiltak_sma", "Små tiltak", 1400, 200, 300, 300)
	mustApply(t, b, fac, workshops.Op{Kind: workshops.OpVoteOpen, Vote: "v", Budget: ptr(3), Frames: []string{"ideer"}})
	tpl, _, err := templates.FromBoard(b, workshops.LangNN, nil, templates.BoardInfo{Name: "Kveldsmøte"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Exercises) != 2 || tpl.Exercises[0].Key != "ideer" || tpl.Exercises[1].Key != "tiltak" {
		t.Fatalf("exercises %+v", tpl.Exercises)
	}
	if v := tpl.Exercises[0].Vote; v == nil || v.Budget != 3 || tpl.Exercises[1].Vote != nil {
		t.Errorf("votes: %+v %+v", v, tpl.Exercises[1].Vote)
	}
	if fs := tpl.Exercises[1].Frames; len(fs) != 2 || fs[0].Key != "store" || fs[0].Layout.X != 0 || fs[1].Layout.X != 400 || fs[0].Prompt.NB != "Skriv (her)" {
		t.Errorf("frames of tiltak: %+v", fs)
	}
	if tpl.Description.NN != "Laga av tavla «Kveldsmøte (1)»." || tpl.DurationMin != 2*templates.DefaultExerciseMin {
		t.Errorf("description %q, %d min", tpl.Description.NN, tpl.DurationMin)
	}

	// Two frames of one section that overlap.
	frame("tiltak_midt", "Midt", 1200, 300, 300, 300)
	_, _, err = templates.FromBoard(b, workshops.LangNB, nil, templates.BoardInfo{Name: "Kveldsmøte"})
	var fe *templates.FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "kveldsmote.json: exercises[1].frames[") || !strings.Contains(err.Error(), "overlaps") {
		t.Errorf("overlapping frames: %v", err)
	}
	// No name, no key.
	if _, _, err = templates.FromBoard(b, workshops.LangNB, nil, templates.BoardInfo{}); !errors.As(err, &fe) {
		t.Errorf("no name: %v", err)
	}
}
