package server_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestPresetsEndToEnd runs every preset through the real server: the
// organiser creates the workshop from the template, a facilitator follows
// the template's script step by step (templates.StepOps, and for the
// client's actions what the client would send), and participants on their
// own WebSockets do what each step asks: pick or get a group, write, vote,
// write privately. Along the way it checks what the template declares:
// in breakout each group sees only its own frames, a vote takes dots
// within the budget and cap and no more, the totals and top ideas are
// what was cast, private notes stay hidden from the others until the
// reveal, and the cards a municipality wrote on are recorded as chosen.
func TestPresetsEndToEnd(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range cat.Templates() {
		t.Run(tpl.Key, func(t *testing.T) {
			for _, lang := range []workshops.Lang{workshops.LangNB, workshops.LangNN} {
				runPreset(t, m, org, tpl, lang)
			}
		})
	}
}

type e2ePerson struct {
	id    string
	token string
	c     *wsClient
	group string
}

func runPreset(t *testing.T, m node, org *http.Client, tpl *templates.Template, lang workshops.Lang) {
	params := tpl.MinimalParams()
	plan, err := tpl.Plan(lang, params)
	if err != nil {
		t.Fatal(err)
	}
	pj, _ := json.Marshal(params)
	var ws created
	if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"`+string(lang)+`","template":"`+tpl.Key+`","params":`+string(pj)+`}`, &ws); st != http.StatusCreated {
		t.Fatalf("%s: create: %d", lang, st)
	}
	id := ws.Workshop.ID
	fj := MustFacilitate(t, m, ws, "Fasilitator")
	f := MustConnect(t, m, id, fj.Token, "", 0)
	f.next()

	// One participant more than there are groups, so that one group has
	// two people and the rest one each; at least three.
	var people []*e2ePerson
	for i := range max(3, len(plan.Groups)+1) {
		j := MustJoin(t, m, ws.Workshop.JoinCode, fmt.Sprintf("Deltaker %d", i+1))
		c := MustConnect(t, m, id, j.Token, "", 0)
		c.next()
		people = append(people, &e2ePerson{id: j.Participant.ID, token: j.Token, c: c})
	}
	for i, p := range people {
		if len(plan.Groups) > 0 {
			p.group = plan.Groups[i%len(plan.Groups)].ID
		}
	}
	frameOf := map[string]*templates.PlannedFrame{}
	for i := range plan.Frames {
		frameOf[plan.Frames[i].ID] = &plan.Frames[i]
	}
	// view opens a new connection with token and returns its snapshot:
	// exactly what that person's board shows.
	view := func(token string) workshops.View {
		t.Helper()
		c := MustConnect(t, m, id, token, "", 0)
		defer c.conn.Close()
		s := c.next()
		if s.Type != "snapshot" {
			t.Fatalf("want a snapshot, got %+v", s)
		}
		return s.Board
	}
	n := 0
	opID := func() string { n++; return fmt.Sprintf("op-%d", n) }

	breakout := false
	written := map[string][]string{}      // person -> notes written in the exercise under way
	notesOf := map[string]string{}        // note -> its frame
	tally := map[string]map[string]int{}  // vote -> note -> dots cast
	cardsWritten := map[string]bool{}     // frames written on
	privateNotes := map[string][]string{} // person -> notes written in a private step
	check := func(what string, ok bool, format string, args ...any) {
		t.Helper()
		if !ok {
			t.Errorf("%s %s: %s: %s", tpl.Key, lang, what, fmt.Sprintf(format, args...))
		}
	}

	// write lets every participant write in the exercise's frames they may
	// use (their group's, during breakout): one note each, or as many
	// cards as a private pick asks for.
	write := func(ex *templates.Exercise) {
		t.Helper()
		count := 1
		for _, ch := range ex.Choose {
			if ch.By == templates.ByPerson && ch.Private {
				count = max(count, ch.Min)
			}
		}
		for pi, p := range people {
			var cands []*templates.PlannedFrame
			for _, id := range plan.ExerciseFrames(ex.Key) {
				pf := frameOf[id]
				if pf.Kind != templates.KindFrame || ex.Breakout && pf.Group != "" && pf.Group != p.group {
					continue
				}
				cands = append(cands, pf)
			}
			check("write", len(cands) > 0, "%s has no frame to write in", p.id)
			for k := range min(count, len(cands)) {
				pf := cands[(pi+k)%len(cands)]
				note := fmt.Sprintf("%s-%s-%d", ex.Key, p.id[:8], k)
				doOp(p.c, opID(), createOp(note, "Idé fra "+p.id[:4], pf.X+20+float64(k)*10, pf.Y+20+float64(pi)*20))
				written[p.id] = append(written[p.id], note)
				notesOf[note] = pf.ID
				cardsWritten[pf.ID] = true
			}
		}
	}

	run := func(exKey string, steps []templates.Step, ex *templates.Exercise) {
		t.Helper()
		wrote := false
		for i, step := range steps {
			ops, err := tpl.StepOps(lang, params, exKey, i)
			if err != nil {
				t.Fatalf("%s step %d: %v", exKey, i, err)
			}
			for _, op := range ops {
				doOp(f, opID(), op) // every op of the script is accepted
				switch op.Kind {
				case workshops.OpBreakoutStart:
					breakout = true
				case workshops.OpBreakoutEnd:
					breakout = false
				}
			}
			for _, do := range step.Do {
				switch do {
				case templates.DoGroupsAssign:
					assign := map[string]string{}
					for _, p := range people {
						assign[p.id] = p.group
					}
					doOp(f, opID(), workshops.Op{Kind: workshops.OpGroupAssign, Assign: assign})
				case templates.DoGroupsPickOn:
					for _, p := range people { // people pick their own group
						doOp(p.c, opID(), workshops.Op{Kind: workshops.OpParticipantGroup, Person: p.id, Group: ptr(p.group)})
					}
				case templates.DoBreakoutStart:
					checkBreakout(t, check, people, plan, view)
				case templates.DoVoteOpen:
					tally[templates.VoteID(ex.Key)] = castVotes(t, check, ex, people, plan, notesOf, view, opID)
				case templates.DoVoteReveal:
					v := findVote(view(fj.Token), templates.VoteID(ex.Key))
					want := tally[templates.VoteID(ex.Key)]
					check("vote totals", v != nil && v.Revealed && maps.Equal(v.Totals, want), "facilitator sees %+v, cast %v", v, want)
					pv := findVote(view(people[0].token), templates.VoteID(ex.Key))
					check("vote reveal", pv != nil && pv.Revealed && len(pv.Totals) > 0, "participant sees %+v", pv)
				case templates.DoVoteTop:
					top := topPerGroup(ex, tally[templates.VoteID(ex.Key)], notesOf, frameOf, plan)
					doOp(f, opID(), workshops.Op{Kind: workshops.OpVoteTop, Vote: templates.VoteID(ex.Key), Notes: top})
					v := findVote(view(fj.Token), templates.VoteID(ex.Key))
					check("vote top", v != nil && slices.Equal(v.Top, top), "top %v, want %v", v, top)
					if ex.Vote.PerGroup {
						check("vote top", len(top) >= len(plan.Groups), "%d top notes for %d groups", len(top), len(plan.Groups))
					}
				case templates.DoPrivateReveal:
					checkPrivate(t, check, people, privateNotes, view, true)
				case templates.DoChooseRecord:
					var ids []string
					for id := range cardsWritten {
						if frameOf[id].Exercise == ex.Key {
							ids = append(ids, id)
						}
					}
					slices.Sort(ids)
					for _, id := range ids {
						doOp(f, opID(), workshops.Op{Kind: workshops.OpFrameChoose, Frame: id, On: ptr(true)})
					}
					chosen := 0
					for _, fr := range view(fj.Token).Frames {
						if fr.Chosen {
							chosen++
						}
					}
					for _, ch := range ex.Choose {
						if ch.By == templates.ByArea {
							check("choose", chosen >= ch.Min && chosen <= ch.Max*max(1, len(params.Lists["municipalities"])),
								"%d cards chosen, the template asks %d to %d per area", chosen, ch.Min, ch.Max)
						}
					}
				}
			}
			// The first timed step that is not a vote is where people write.
			if ex != nil && !wrote && slices.Contains(step.Do, templates.DoTimer) && !slices.Contains(step.Do, templates.DoVoteOpen) {
				wrote = true
				clear(written)
				write(ex)
				if slices.Contains(step.Do, templates.DoPrivateStart) {
					maps.Copy(privateNotes, written)
					checkPrivate(t, check, people, privateNotes, view, false)
					fv := view(fj.Token)
					seen := 0
					for _, nt := range fv.Notes {
						if nt.Private {
							seen++
						}
					}
					check("private", ex.Private.Sealed || seen == len(notesInMap(privateNotes)), "the facilitator sees %d of %d private notes", seen, len(notesInMap(privateNotes)))
				}
			}
		}
		if ex != nil {
			check("write", wrote, "no step of %s let people write", ex.Key)
		}
	}
	if tpl.Intro != nil {
		run(templates.IntroFrameID, tpl.Intro.Script, nil)
	}
	for i := range tpl.Exercises {
		clear(privateNotes)
		run(tpl.Exercises[i].Key, tpl.Exercises[i].Script, &tpl.Exercises[i])
	}
	check("breakout", !breakout, "the script ends in breakout")
	dots := 0
	for _, tv := range tally {
		for _, d := range tv {
			dots += d
		}
	}
	t.Logf("%s %s: %d ops and %d notes accepted, %d dots cast, %d frames written in", tpl.Key, lang, n, len(notesOf), dots, len(cardsWritten))
}

func notesInMap(m map[string][]string) []string {
	var out []string
	for _, ns := range m {
		out = append(out, ns...)
	}
	return out
}

func findVote(v workshops.View, id string) *workshops.VoteView {
	for i := range v.Votes {
		if v.Votes[i].ID == id {
			return &v.Votes[i]
		}
	}
	return nil
}

// checkBreakout: each participant sees the plenary frames and their own
// group's, never another group's.
func checkBreakout(t *testing.T, check func(string, bool, string, ...any), people []*e2ePerson, plan *templates.Plan, view func(string) workshops.View) {
	t.Helper()
	for _, p := range people {
		seen := map[string]bool{}
		for _, fr := range view(p.token).Frames {
			seen[fr.ID] = true
		}
		for _, pf := range plan.Frames {
			mine := pf.Group == "" || pf.Group == p.group
			check("breakout", seen[pf.ID] == mine, "%s (group %s) sees frame %s of group %q: %v", p.id[:8], p.group, pf.ID, pf.Group, seen[pf.ID])
		}
	}
}

// checkPrivate: before the reveal nobody sees another person's private
// notes; after it everyone in a position to see the frame does.
func checkPrivate(t *testing.T, check func(string, bool, string, ...any), people []*e2ePerson, private map[string][]string, view func(string) workshops.View, revealed bool) {
	t.Helper()
	for _, p := range people {
		seen := map[string]bool{}
		for _, nt := range view(p.token).Notes {
			seen[nt.ID] = true
		}
		for _, q := range people {
			if q.group != p.group {
				continue // another group's frames are not theirs to see in breakout anyway
			}
			for _, note := range private[q.id] {
				want := revealed || q == p
				check("private", seen[note] == want, "%s sees %s's note %s: %v (revealed %v)", p.id[:8], q.id[:8], note, seen[note], revealed)
			}
		}
	}
}

// castVotes lets every participant spend their dots on the notes they see
// in the vote, within the cap, then try one dot more, which is refused.
func castVotes(t *testing.T, check func(string, bool, string, ...any), ex *templates.Exercise, people []*e2ePerson, plan *templates.Plan,
	notesOf map[string]string, view func(string) workshops.View, opID func() string) map[string]int {
	t.Helper()
	vote := templates.VoteID(ex.Key)
	inVote := map[string]bool{}
	for _, id := range plan.ExerciseFrames(ex.Key) {
		inVote[id] = true
	}
	tally := map[string]int{}
	for _, p := range people {
		v := view(p.token)
		var cands []string
		for _, nt := range v.Notes {
			if inVote[nt.Frame] && !nt.Deleted {
				cands = append(cands, nt.ID)
			}
		}
		slices.Sort(cands)
		check("vote", len(cands) > 0, "%s sees no note to vote on", p.id[:8])
		if len(cands) == 0 {
			continue
		}
		mine := map[string]int{}
		spent := 0
		for k := 0; spent < ex.Vote.Budget && k < ex.Vote.Budget*len(cands); k++ {
			note := cands[k%len(cands)]
			if ex.Vote.Cap > 0 && mine[note] >= ex.Vote.Cap {
				continue
			}
			doOp(p.c, opID(), workshops.Op{Kind: workshops.OpVoteCast, Vote: vote, Note: note})
			mine[note]++
			tally[note]++
			spent++
		}
		// One dot too many: over the budget, or over the cap.
		id := opID()
		p.c.op(id, workshops.Op{Kind: workshops.OpVoteCast, Vote: vote, Note: cands[0]})
		e := p.c.expect("error", id)
		check("vote", e.Code == workshops.EOVERBUDGET, "one dot too many: %s %s", e.Code, e.Message)
		pv := findVote(view(p.token), vote)
		check("vote", pv != nil && pv.Left == ex.Vote.Budget-spent && maps.Equal(pv.Mine, mine),
			"%s's vote shows %+v, cast %v", p.id[:8], pv, mine)
		if ex.Vote.Cap > 0 {
			for note, dots := range mine {
				check("vote", dots <= ex.Vote.Cap, "%d dots on %s, cap %d", dots, note, ex.Vote.Cap)
			}
		}
	}
	return tally
}

// topPerGroup picks the top notes as the facilitator's client proposes:
// the most dots first, per group when the vote is per group.
func topPerGroup(ex *templates.Exercise, tally map[string]int, notesOf map[string]string, frameOf map[string]*templates.PlannedFrame, plan *templates.Plan) []string {
	notes := slices.Collect(maps.Keys(tally))
	slices.SortFunc(notes, func(a, b string) int { return cmp.Or(cmp.Compare(tally[b], tally[a]), cmp.Compare(a, b)) })
	if !ex.Vote.PerGroup {
		return notes[:min(ex.Vote.Top, len(notes))]
	}
	var top []string
	for _, g := range plan.GroupIDs() {
		k := 0
		for _, n := range notes {
			if frameOf[notesOf[n]].Group == g && k < ex.Vote.Top {
				top = append(top, n)
				k++
			}
		}
	}
	return top
}
