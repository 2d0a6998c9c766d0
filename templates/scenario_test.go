package templates_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/samskap/samskap/internal/scenariofile"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// The scenario's types and the template parameters of its workshops are
// shared with the other scenario tests (internal/scenariofile).
type (
	scenario   = scenariofile.Scenario
	scWorkshop = scenariofile.Workshop
	scExercise = scenariofile.Exercise
)

func loadScenario(t *testing.T) *scenario { return scenariofile.MustLoad(t) }

func scenarioParams(sc *scenario, w *scWorkshop) templates.Params { return scenariofile.Params(sc, w) }

// scenarioFrameIDs returns, for one scenario frame, the board frames the
// template must have made for it: one, or in an exercise whose areas are
// the breakout groups (the principle cards), one per group.
func scenarioFrameIDs(tpl *templates.Template, w *scWorkshop, ex *scExercise, frameKey string) []string {
	tex := tpl.Exercise(ex.Key)
	switch {
	case tex.Areas != nil && tex.Areas.Each == templates.EachGroups:
		var ids []string
		for _, g := range w.Groups {
			ids = append(ids, templates.FrameID(ex.Key, g.Key, frameKey))
		}
		return ids
	case tex.Areas != nil:
		return []string{templates.FrameID(ex.Key, templates.Slug(w.Area), frameKey)}
	default:
		return []string{templates.FrameID(ex.Key, "", frameKey)}
	}
}

// TestScenarioSetup sets up every workshop of the Lebesby scenario from its
// template in bokmål, nynorsk and English, and checks that the board has a
// frame for every frame of the scenario, in the right group, and that
// applying the setup ops one by one gives Preview's board.
func TestScenarioSetup(t *testing.T) {
	sc := loadScenario(t)
	c := mustLoad(t)
	for wi := range sc.Process {
		w := &sc.Process[wi]
		tpl := mustGet(t, c, w.Kind)
		params := scenarioParams(sc, w)
		var exKeys []string
		for _, ex := range tpl.Exercises {
			exKeys = append(exKeys, ex.Key)
		}
		var scKeys []string
		for _, ex := range w.Exercises {
			scKeys = append(scKeys, ex.Key)
		}
		if !slices.Equal(exKeys, scKeys) {
			t.Errorf("%s: template exercises %v, scenario %v", w.Kind, exKeys, scKeys)
		}
		for _, lang := range allLangs {
			t.Run(fmt.Sprintf("%s/%s", w.Kind, lang), func(t *testing.T) {
				plan, err := tpl.Plan(lang, params)
				if err != nil {
					t.Fatal(err)
				}
				b, err := templates.Preview(tpl, lang, params)
				if err != nil {
					t.Fatal(err)
				}
				ops, err := tpl.Setup(lang, params)
				if err != nil {
					t.Fatal(err)
				}
				if byHand := applyAll(t, ops); !reflect.DeepEqual(untimed(byHand.Frames), untimed(b.Frames)) || len(byHand.Groups) != len(b.Groups) {
					t.Error("applying Setup's ops by hand gives other frames or groups than Preview")
				}
				if len(b.Frames) != len(plan.Frames) || len(b.Groups) != len(plan.Groups) {
					t.Errorf("board has %d frames and %d groups; plan %d and %d", len(b.Frames), len(b.Groups), len(plan.Frames), len(plan.Groups))
				}
				if plan.Title != "" && b.Title != plan.Title {
					t.Errorf("board title %q, want %q", b.Title, plan.Title)
				}
				for _, g := range w.Groups {
					if _, ok := b.Groups[g.Key]; !ok {
						t.Errorf("no group %q", g.Key)
					}
				}
				for ei := range w.Exercises {
					ex := &w.Exercises[ei]
					if _, ok := b.Frames[templates.FrameID(ex.Key, "", "")]; !ok {
						t.Errorf("no section frame for %s", ex.Key)
					}
					for _, sf := range ex.Frames {
						for _, id := range scenarioFrameIDs(tpl, w, ex, sf.Key) {
							f, ok := b.Frames[id]
							if !ok {
								t.Errorf("%s: no frame %q for the scenario's %q", ex.Key, id, sf.Key)
								continue
							}
							ref, _ := tpl.FrameRef(id)
							if ref.Key != sf.Key || ref.Exercise != ex.Key {
								t.Errorf("FrameRef(%q) = %+v", id, ref)
							}
							if sf.Group != "" && f.Group != sf.Group {
								t.Errorf("frame %s is in group %q, want %q", id, f.Group, sf.Group)
							}
							// Frames named after what the facilitator typed
							// carry the scenario's own titles.
							if lang == workshops.LangNB && (ex.Key == "brukerbehov" || ex.Key == "idemyldring") && f.Title != sf.Title {
								t.Errorf("frame %s titled %q, want %q", id, f.Title, sf.Title)
							}
						}
					}
				}
			})
		}
	}
}

// TestRoadmapCardsMatchScenario: the bokmål card titles are those the
// scenario shows on its målbilder and principle frames.
func TestRoadmapCardsMatchScenario(t *testing.T) {
	sc := loadScenario(t)
	r := mustLoad(t).Roadmap
	titles := map[string]string{}
	for _, card := range append(slices.Clone(r.Goals), r.Principles...) {
		titles[card.Key] = card.Title.NB
	}
	n := 0
	for _, w := range sc.Process {
		for _, ex := range w.Exercises {
			if ex.Key != "malbilder" && ex.Key != "prinsipper" {
				continue
			}
			for _, f := range ex.Frames {
				n++
				if titles[f.Key] != f.Title {
					t.Errorf("card %s: %q, scenario %q", f.Key, titles[f.Key], f.Title)
				}
			}
		}
	}
	if n != 14 {
		t.Errorf("found %d cards in the scenario, want 14", n)
	}
}

// TestSetupDeterministic: the same parameters give the same operations and
// the same board, byte for byte; other parameters give another board.
func TestSetupDeterministic(t *testing.T) {
	c := mustLoad(t)
	for _, key := range presets {
		tpl := mustGet(t, c, key)
		for _, lang := range allLangs {
			ops1, err1 := tpl.Setup(lang, sampleParams(key))
			ops2, err2 := tpl.Setup(lang, sampleParams(key))
			if err1 != nil || err2 != nil {
				t.Fatalf("%s/%s: %v %v", key, lang, err1, err2)
			}
			if !reflect.DeepEqual(ops1, ops2) {
				t.Errorf("%s/%s: Setup gave different ops", key, lang)
			}
			b1, err1 := templates.Preview(tpl, lang, sampleParams(key))
			b2, err2 := templates.Preview(tpl, lang, sampleParams(key))
			if err1 != nil || err2 != nil {
				t.Fatalf("%s/%s: %v %v", key, lang, err1, err2)
			}
			if b1.Hash() != b2.Hash() {
				t.Errorf("%s/%s: two previews hash differently", key, lang)
			}
			if byHand := applyAll(t, ops1); len(byHand.Frames) != len(b1.Frames) {
				t.Errorf("%s/%s: by hand %d frames, preview %d", key, lang, len(byHand.Frames), len(b1.Frames))
			}
			if key == "blank" {
				if len(ops1) != 0 {
					t.Errorf("blank board: %d setup ops, want none", len(ops1))
				}
				continue
			}
			other := sampleParams(key)
			for k := range other.Text {
				other.Text[k] += "x"
			}
			for k, items := range other.Lists {
				items[0].Name += " II"
				other.Lists[k] = items
			}
			b3, err := templates.Preview(tpl, lang, other)
			if err != nil {
				t.Fatal(err)
			}
			if b3.Hash() == b1.Hash() {
				t.Errorf("%s/%s: other parameters, same board", key, lang)
			}
		}
	}
}

// TestScenarioReplay runs each workshop of the scenario on its template's
// board: the people join and go to their groups, the facilitator runs the
// script step by step with StepOps, and the participants write the
// scenario's notes, cast its dots and make its private picks at the steps
// where the script opens for them. Every operation must be accepted; every
// note must land in its frame; the vote's top three per group must be the
// scenario's; the picks must stay private until the reveal.
func TestScenarioReplay(t *testing.T) {
	sc := loadScenario(t)
	c := mustLoad(t)
	lang := workshops.Lang(sc.Language)
	for wi := range sc.Process {
		w := &sc.Process[wi]
		t.Run(w.Kind, func(t *testing.T) {
			tpl := mustGet(t, c, w.Kind)
			params := scenarioParams(sc, w)
			b, err := templates.Preview(tpl, lang, params)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := tpl.Plan(lang, params)
			if err != nil {
				t.Fatal(err)
			}
			const fac = templates.PreviewFacilitator
			ids := map[string]string{} // alias -> participant ID
			assign := map[string]string{}
			for i, p := range w.Participants {
				id := fmt.Sprintf("p%d", i)
				ids[p.Alias] = id
				mustApply(t, b, "", workshops.Op{Kind: workshops.OpParticipantJoin,
					Participant: &workshops.Participant{ID: id, Name: p.Alias, Role: workshops.Role(p.Role)}})
				if p.Group != "" {
					assign[id] = p.Group
				}
			}
			steps := func(ex string, n int) {
				for s := range n {
					ops, err := tpl.StepOps(lang, params, ex, s)
					if err != nil {
						t.Fatal(err)
					}
					for _, op := range ops {
						mustApply(t, b, fac, op)
					}
				}
			}
			if tpl.Intro != nil {
				steps(templates.IntroFrameID, len(tpl.Intro.Script))
			}
			if len(assign) > 0 {
				mustApply(t, b, fac, workshops.Op{Kind: workshops.OpGroupAssign, Assign: assign})
			}
			for ei := range w.Exercises {
				ex := &w.Exercises[ei]
				tex := tpl.Exercise(ex.Key)
				notesWritten := false
				noteID := func(i int) string { return fmt.Sprintf("%s-%d", ex.Key, i) }
				writeNotes := func() {
					notesWritten = true
					for i, n := range ex.Notes {
						id := templates.FrameID(ex.Key, "", n.Frame)
						if tex.Areas != nil && tex.Areas.Each == templates.EachGroups {
							id = templates.FrameID(ex.Key, n.Group, n.Frame)
						} else if tex.Areas != nil {
							id = templates.FrameID(ex.Key, templates.Slug(w.Area), n.Frame)
						}
						place(t, b, ids[n.Author], noteID(i), n.Text, id)
					}
				}
				for s, step := range tex.Script {
					ops, err := tpl.StepOps(lang, params, ex.Key, s)
					if err != nil {
						t.Fatal(err)
					}
					for _, op := range ops {
						mustApply(t, b, fac, op)
					}
					switch {
					case slices.Contains(step.Do, templates.DoPrivateStart):
						k := 0
						for _, pk := range ex.Picks {
							for _, choice := range pk.Choices {
								id := fmt.Sprintf("pick-%d", k)
								k++
								place(t, b, ids[pk.By], id, "Valgt", templates.FrameID(ex.Key, pk.Group, choice))
								if !b.Notes[id].Private {
									t.Errorf("pick %s by %s is not private during the private step", id, pk.By)
								}
							}
						}
					case slices.Contains(step.Do, templates.DoPrivateReveal):
						for id, n := range b.Notes {
							if n.Private {
								t.Errorf("note %s still private after the reveal", id)
							}
						}
						writeNotes()
					case slices.Contains(step.Do, templates.DoVoteOpen):
						for _, bl := range ex.Votes.Ballots {
							for range bl.Count {
								mustApply(t, b, ids[bl.Voter], workshops.Op{Kind: workshops.OpVoteCast, Vote: templates.VoteID(ex.Key), Note: noteID(bl.NoteIndex)})
							}
						}
					case slices.Contains(step.Do, templates.DoVoteReveal):
						top := templates.TopNotes(b, templates.VoteID(ex.Key), tex.Vote.Top, plan.GroupIDs())
						var want []string
						for _, i := range ex.Top {
							want = append(want, noteID(i))
						}
						if !slices.Equal(top, want) {
							t.Errorf("top notes %v, scenario %v", top, want)
						}
						mustApply(t, b, fac, workshops.Op{Kind: workshops.OpVoteTop, Vote: templates.VoteID(ex.Key), Notes: top})
					case slices.Contains(step.Do, templates.DoTimer) && tex.Private == nil && !notesWritten:
						writeNotes()
					}
				}
				if !notesWritten {
					t.Errorf("%s: the script never gave the participants time to write", ex.Key)
				}
				if ex.Votes != nil {
					v := b.Votes[templates.VoteID(ex.Key)]
					if !v.Revealed || v.Open || v.Budget != ex.Votes.Budget || v.Cap != ex.Votes.CapPerNote {
						t.Errorf("vote %s: %+v; scenario budget %d cap %d", ex.Key, v, ex.Votes.Budget, ex.Votes.CapPerNote)
					}
				}
			}
			if b.Breakout || b.Private != nil {
				t.Errorf("at the end: breakout %v, private step %v; want both over", b.Breakout, b.Private)
			}
		})
	}
}

// place writes a note by author centred in the frame with the given ID and
// checks that it lands there.
func place(t *testing.T, b *workshops.Board, author, id, text, frame string) {
	t.Helper()
	f, ok := b.Frames[frame]
	if !ok {
		t.Fatalf("note %s: no frame %q", id, frame)
	}
	x, y := f.X+f.W/2-workshops.DefaultNoteW/2, f.Y+f.H/2-workshops.DefaultNoteH/2+40
	color := workshops.ColorYellow
	mustApply(t, b, author, workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: &text, Color: &color, X: &x, Y: &y})
	if got := b.Notes[id].Frame; got != frame {
		t.Errorf("note %s landed in frame %q, want %q", id, got, frame)
	}
}

// untimed returns the frames without their times (applyAll and Preview
// stamp different server times).
func untimed(frames map[string]workshops.Frame) map[string]workshops.Frame {
	out := map[string]workshops.Frame{}
	for id, f := range frames {
		f.CreatedAt, f.UpdatedAt = 0, 0
		out[id] = f
	}
	return out
}
