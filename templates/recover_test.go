package templates_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// richParams are realistic values for every parameter of the presets,
// with names that make the same slug as others would not.
func richParams() templates.Params {
	return templates.Params{
		Text: map[string]string{"municipality": "Lebesby", "challenge": "Flere unge skal ville bo i Kjøllefjord.\nHva skal til?"},
		Lists: map[string][]templates.Item{
			"target_groups":  {{Name: "Unge utflyttere"}, {Name: "Eldre", Key: "eldre-i-sentrum"}, {Name: "Småbarnsforeldre"}},
			"followers":      {{Name: "Gamvik"}, {Name: "Berlevåg"}},
			"municipalities": {{Name: "Lebesby"}, {Name: "Høylandet"}, {Name: "Åfjord"}},
			"themes": {{Name: "Møteplasser", Theme: "Hvor møtes vi, året rundt?"}, {Name: "Jobb", Theme: "Hva slags jobber, {og} hvor?"},
				{Name: "Bolig", Theme: "Hvor bor vi – og hvordan?"}, {Name: "Unge", Theme: "Hva trenger de unge: 1, 2, 3?"}},
			"personas": {
				{Name: "Sara", Age: 34, Situation: "Flyttet hjem med to barn.\nJobber i Honningsvåg.", Quote: "Jeg vil at ungene skal ha noe å gjøre"},
				{Name: "Per, pensjonist", Age: 78, Situation: "Bor alene på Dyfjord.", Quote: "Bussen går to ganger i uka."},
				{Name: "Aisha", Age: 19, Situation: "Går på videregående i Kirkenes.", Quote: "Det er ingen steder å være: år, 34 år"},
			},
		},
	}
}

// paramsFor keeps of p what the template asks for.
func paramsFor(tpl *templates.Template, p templates.Params) templates.Params {
	out := templates.Params{Text: map[string]string{}, Lists: map[string][]templates.Item{}}
	for _, d := range tpl.Parameters {
		if d.Type == templates.ParamText {
			out.Text[d.Key] = p.Text[d.Key]
		} else if items, ok := p.Lists[d.Key]; ok {
			n := min(len(items), d.Max)
			out.Lists[d.Key] = items[:n]
		}
	}
	return out
}

// TestRecoverRoundTrip sets every preset up in every language with the
// fewest values, with realistic ones, and with the most and longest, and
// reads the parameters back from the board: they must be what setup
// used, item for item.
func TestRecoverRoundTrip(t *testing.T) {
	c := mustLoad(t)
	for _, tpl := range c.Templates() {
		for _, lang := range allLangs {
			for name, raw := range map[string]templates.Params{
				"minimal": tpl.MinimalParams(),
				"rich":    paramsFor(tpl, richParams()),
			} {
				want, err := tpl.CheckParams(raw)
				if err != nil {
					t.Fatalf("%s %s %s: %v", tpl.Key, lang, name, err)
				}
				b, err := templates.Preview(tpl, lang, raw)
				if err != nil {
					t.Fatalf("%s %s %s: %v", tpl.Key, lang, name, err)
				}
				got, err := tpl.CheckParams(tpl.Recover(b, lang))
				if err != nil {
					t.Errorf("%s %s %s: the recovered parameters are refused: %v", tpl.Key, lang, name, err)
					continue
				}
				if !reflect.DeepEqual(got, want) {
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					t.Errorf("%s %s %s: recovered\n%s\nwant\n%s", tpl.Key, lang, name, g, w)
				}
			}
		}
	}
}

// TestRecoverFollowsTheBoard: what a facilitator changed on the board
// during the workshop is what the next workshop starts from.
func TestRecoverFollowsTheBoard(t *testing.T) {
	c := mustLoad(t)
	opp := mustGet(t, c, "oppstart")
	b, err := templates.Preview(opp, workshops.LangNB, paramsFor(opp, richParams()))
	if err != nil {
		t.Fatal(err)
	}
	// One target group's frame deleted, one renamed by hand, one følgekommune's frame too.
	mustApply(t, b, templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpFrameDelete, Frame: "brukerbehov_eldre-i-sentrum"})
	title := "Barnefamilier"
	mustApply(t, b, templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpFrameUpdate, Frame: "brukerbehov_smabarnsforeldre", Title: &title})
	got := opp.Recover(b, workshops.LangNB)
	var names, keys []string
	for _, it := range got.Lists["target_groups"] {
		names, keys = append(names, it.Name), append(keys, it.Key)
	}
	if !slices.Equal(names, []string{"Unge utflyttere", "Barnefamilier"}) || !slices.Equal(keys, []string{"unge-utflyttere", "smabarnsforeldre"}) {
		t.Errorf("target groups after the changes: %v %v", names, keys)
	}
	if f := got.Lists["followers"]; len(f) != 2 || f[1].Name != "Berlevåg" {
		t.Errorf("followers = %+v", f)
	}
	if got.Text["municipality"] != "Lebesby" || got.Text["challenge"] != richParams().Text["challenge"] {
		t.Errorf("texts = %q", got.Text)
	}

	// A board title changed by hand yields no municipality, rather than a wrong one.
	retitled := "Lebesby sitt oppstartsmøte"
	mustApply(t, b, templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpBoardRename, Title: &retitled})
	if m, ok := opp.Recover(b, workshops.LangNB).Text["municipality"]; ok && m != "Lebesby" {
		t.Errorf("municipality from a board renamed by hand: %q", m)
	}

	// A group added by hand to a visjon board is a theme (without its question).
	vis := mustGet(t, c, "visjon")
	vb, err := templates.Preview(vis, workshops.LangNN, paramsFor(vis, richParams()))
	if err != nil {
		t.Fatal(err)
	}
	g, n := "natur", "Natur og friluft"
	mustApply(t, vb, templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpGroupCreate, Group: &g, Name: &n})
	themes := vis.Recover(vb, workshops.LangNN).Lists["themes"]
	if len(themes) != 5 || themes[4].Key != "natur" || themes[4].Name != n || themes[4].Theme != "" || themes[1].Theme != "Hva slags jobber, {og} hvor?" {
		t.Errorf("themes = %+v", themes)
	}

	// A blank board, or one of another template, gives nothing.
	if p := opp.Recover(workshops.NewBoard("x", "Tom tavle"), workshops.LangNB); len(p.Text)+len(p.Lists) != 0 {
		t.Errorf("Recover of an empty board = %+v", p)
	}
}

// TestChosenCards: the felles board's choice of målbilder per
// municipality, recorded with frame.choose, or guessed from the notes
// until it is.
func TestChosenCards(t *testing.T) {
	c := mustLoad(t)
	fel := mustGet(t, c, "felles")
	b, err := templates.Preview(fel, workshops.LangNB, paramsFor(fel, richParams()))
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, b, "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: "p1", Name: "Per", Role: workshops.RoleParticipant}})
	note := func(id, frame string) {
		t.Helper()
		f := b.Frames[frame]
		x, y := f.X+20, f.Y+20
		mustApply(t, b, "p1", workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: ptr("Bidrag"), Color: ptr(workshops.ColorYellow), X: &x, Y: &y})
		if b.Notes[id].Frame != frame {
			t.Fatalf("note %s landed in %q, not %s", id, b.Notes[id].Frame, frame)
		}
	}
	note("n1", "malbilder_lebesby_klimavennlige")
	note("n2", "malbilder_lebesby_attraktive")
	note("n3", "malbilder_hoylandet_effektive")
	note("n4", "aktorkartlegging_lebesby_offentlig") // not a card

	picks, recorded := fel.ChosenCards(b, "malbilder")
	if recorded || !slices.Equal(picks["lebesby"], []string{"attraktive", "klimavennlige"}) || !slices.Equal(picks["hoylandet"], []string{"effektive"}) || len(picks) != 2 {
		t.Errorf("guessed picks = %v (recorded %v)", picks, recorded)
	}
	if got := fel.ProposeChosen(b, "malbilder"); !slices.Equal(got, []string{"malbilder_hoylandet_effektive", "malbilder_lebesby_attraktive", "malbilder_lebesby_klimavennlige"}) {
		t.Errorf("ProposeChosen = %v", got)
	}
	// Recorded: only what the facilitator marked counts, notes or not.
	for _, id := range []string{"malbilder_lebesby_klimavennlige", "malbilder_lebesby_helsefremmende"} {
		mustApply(t, b, templates.PreviewFacilitator, workshops.Op{Kind: workshops.OpFrameChoose, Frame: id, On: ptr(true)})
	}
	picks, recorded = fel.ChosenCards(b, "malbilder")
	if !recorded || !slices.Equal(picks["lebesby"], []string{"klimavennlige", "helsefremmende"}) || len(picks) != 1 {
		t.Errorf("recorded picks = %v (recorded %v)", picks, recorded)
	}
	if picks, _ := fel.ChosenCards(b, "aktorkartlegging"); len(picks) != 0 {
		t.Errorf("an exercise without cards has picks: %v", picks)
	}
}

func ptr[T any](v T) *T { return &v }
