package workshops_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func withAgenda(steps ...workshops.AgendaStep) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Agenda = steps }
}
func withStep(step, from int) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Step, o.FromStep = &step, &from }
}
func withURL(s string) func(*workshops.Op) { return func(o *workshops.Op) { o.URL = &s } }

// sampleAgenda is a small run of show over the workshop fixture's frames.
func sampleAgenda() []workshops.AgendaStep {
	return []workshops.AgendaStep{
		{Part: "intro", Title: "Velkommen", Say: "Ønsk velkommen.", Ops: []workshops.Op{op(workshops.OpBoardFocus, withFrame("f-plen"))}},
		{Part: "ide", Title: "Idémyldring", Say: "Skriv ideer.", Minutes: 12, Ops: []workshops.Op{
			op(workshops.OpBreakoutStart), op(workshops.OpTimerStart, withMs(12*60_000))}},
		{Part: "ide", Title: "Idémyldring", Say: "Stem.", Minutes: 5, Ops: []workshops.Op{
			voteOpenOp("v-ide", 3, "f-a", "f-b"), op(workshops.OpTimerStart, withMs(5*60_000))}},
		{Part: "ide", Title: "Idémyldring", Say: "Vis resultatet.", Top: 1, TopVote: "v-ide", TopPerGroup: true,
			Ops: []workshops.Op{op(workshops.OpVoteReveal, withVote("v-ide")), op(workshops.OpBreakoutEnd)}},
		{Title: "Avslutning", Say: "Takk for i dag.", Ops: []workshops.Op{op(workshops.OpPrivateStart), op(workshops.OpPrivateReveal)}},
	}
}

func TestAgendaSetAndGo(t *testing.T) {
	b := workshopBoard(t)
	set := op(workshops.OpAgendaSet, withAgenda(sampleAgenda()...))
	refused(t, b, aliceID, set, workshops.EFORBIDDEN)
	bad := sampleAgenda()
	bad[1].Ops = append(bad[1].Ops, createOp("sneaky", "x", workshops.ColorYellow, 0, 0))
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(bad...)), workshops.EINVALID)
	bad = sampleAgenda()
	bad[0].Title = "  "
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(bad...)), workshops.EINVALID)
	bad = sampleAgenda()
	bad[0].Minutes = -1
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(bad...)), workshops.EINVALID)
	bad = sampleAgenda()
	bad[0].Top = 2 // without a vote
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(bad...)), workshops.EINVALID)
	bad = sampleAgenda()
	bad[0].Ops = append(bad[0].Ops, workshops.Op{Kind: workshops.OpTimerStart}) // no ms
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(bad...)), workshops.EINVALID)
	many := make([]workshops.AgendaStep, workshops.MaxAgendaSteps+1)
	for i := range many {
		many[i] = workshops.AgendaStep{Title: "x"}
	}
	refused(t, b, facID, op(workshops.OpAgendaSet, withAgenda(many...)), workshops.ELIMIT)
	refused(t, b, facID, op(workshops.OpAgendaGo, withStep(1, 0)), workshops.ENOTFOUND)

	mustApply(t, b, facID, set)
	if b.Agenda == nil || len(b.Agenda.Steps) != 5 || b.Agenda.Current != 0 {
		t.Fatalf("agenda = %+v", b.Agenda)
	}
	if item, items := b.Agenda.ItemOf(3); item != 2 || items != 3 {
		t.Errorf("step 3 is item %d of %d, want 2 of 3", item, items)
	}
	refused(t, b, aliceID, op(workshops.OpAgendaGo, withStep(1, 0)), workshops.EFORBIDDEN)
	refused(t, b, facID, op(workshops.OpAgendaGo, withStep(2, 1)), workshops.ECONFLICT)
	refused(t, b, facID, op(workshops.OpAgendaGo, withStep(6, 0)), workshops.EINVALID)
	refused(t, b, facID, op(workshops.OpAgendaGo, withStep(-1, 0)), workshops.EINVALID)
	if err := applyAt(t, b, facID, 5000, op(workshops.OpAgendaGo, withStep(1, 0))); err != nil {
		t.Fatal(err)
	}
	if b.Agenda.Current != 1 || b.Agenda.StepAt != 5000 {
		t.Fatalf("after go: %+v", b.Agenda)
	}
	// Two facilitators pressing "Next step" at once: the second is stale.
	mustApply(t, b, fac2ID, op(workshops.OpAgendaGo, withStep(2, 1)))
	refused(t, b, facID, op(workshops.OpAgendaGo, withStep(2, 1)), workshops.ECONFLICT)

	// A shorter agenda keeps the step in range.
	mustApply(t, b, facID, op(workshops.OpAgendaSet, withAgenda(sampleAgenda()[:1]...)))
	if b.Agenda.Current != 1 {
		t.Errorf("current after a shorter agenda = %d, want 1", b.Agenda.Current)
	}
	mustApply(t, b, facID, op(workshops.OpAgendaSet))
	if b.Agenda != nil {
		t.Errorf("agenda.set without steps kept %+v", b.Agenda)
	}
}

// TestAgendaVisibility: participants see each step's title and minutes,
// never the script or the actions; the agenda.set event goes to
// facilitators only, and participants get a snapshot instead.
func TestAgendaVisibility(t *testing.T) {
	b := workshopBoard(t)
	e := event(b, facID, op(workshops.OpAgendaSet, withAgenda(sampleAgenda()...)))
	if err := workshops.Apply(b, e); err != nil {
		t.Fatal(err)
	}
	fv := b.ViewFor(facID)
	if fv.Agenda == nil || fv.Agenda.Steps[1].Say == "" || len(fv.Agenda.Steps[1].Ops) != 2 {
		t.Fatalf("facilitator's agenda = %+v", fv.Agenda)
	}
	for _, who := range []string{aliceID, obsID, "stranger"} {
		v := b.ViewFor(who)
		if v.Agenda == nil || len(v.Agenda.Steps) != 5 {
			t.Fatalf("%s sees agenda %+v", who, v.Agenda)
		}
		for i, s := range v.Agenda.Steps {
			if s.Say != "" || s.Ops != nil || s.Top != 0 || s.TopVote != "" {
				t.Errorf("%s sees step %d's script or actions: %+v", who, i+1, s)
			}
			if s.Title != sampleAgenda()[i].Title || s.Minutes != sampleAgenda()[i].Minutes {
				t.Errorf("%s: step %d = %+v", who, i+1, s)
			}
		}
		if _, ok := b.EventFor(e, who); ok {
			t.Errorf("%s got the agenda.set event", who)
		}
		if !b.NeedsResync(e, who) {
			t.Errorf("%s gets no snapshot after agenda.set", who)
		}
	}
	if _, ok := b.EventFor(e, facID); !ok || b.NeedsResync(e, facID) {
		t.Errorf("a facilitator should get the agenda.set event as it is")
	}
	g := event(b, facID, op(workshops.OpAgendaGo, withStep(1, 0)))
	mustApply(t, b, facID, g.Op)
	if _, ok := b.EventFor(g, aliceID); !ok {
		t.Errorf("participants do not get agenda.go")
	}
}

// TestPlanStepProperty: whatever order a facilitator goes through the
// agenda in (next, repeat, skip, back, at random), the operations PlanStep
// gives are all accepted by Apply on the real board, and re-running a step
// never opens a vote twice.
func TestPlanStepProperty(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		b := workshopBoard(t)
		mustApply(t, b, facID, op(workshops.OpAgendaSet, withAgenda(sampleAgenda()...)))
		for range 30 {
			cur := b.Agenda.Current
			n := len(b.Agenda.Steps)
			var to int
			perform := false
			switch r.IntN(4) {
			case 0, 1: // next
				if cur == n {
					continue
				}
				to, perform = cur+1, true
			case 2: // repeat
				if cur == 0 {
					continue
				}
				to, perform = cur, true
			case 3: // back or skip
				to = cur - 1 + 2*r.IntN(2)
				if to < 0 || to > n {
					continue
				}
			}
			mustApply(t, b, facID, op(workshops.OpAgendaGo, withStep(to, cur)))
			if !perform {
				continue
			}
			hash := b.Hash()
			ops, _ := b.PlanStep(b.Agenda.Steps[to-1], facID, r.Shuffle)
			if b.Hash() != hash {
				t.Fatalf("seed %d: PlanStep changed the board", seed)
			}
			for _, o := range ops {
				if err := workshops.Apply(b, event(b, facID, o)); err != nil {
					t.Fatalf("seed %d: step %d: planned %s refused: %v", seed, to, o.Kind, err)
				}
			}
		}
		if len(b.Votes) > 1 {
			t.Fatalf("seed %d: %d votes, want at most the agenda's one", seed, len(b.Votes))
		}
	}
}

// TestPlanStepSkips: actions already done are left out with a reason, a
// vote opened while another is open closes that one first, and top notes
// are the best of each group.
func TestPlanStepSkips(t *testing.T) {
	b := workshopBoard(t) // breakout is on
	steps := sampleAgenda()
	ops, skipped := b.PlanStep(steps[1], facID, nil)
	if len(ops) != 1 || ops[0].Kind != workshops.OpTimerStart || len(skipped) != 1 || skipped[0].Kind != workshops.OpBreakoutStart {
		t.Fatalf("breakout on already: ops %v skipped %v", ops, skipped)
	}
	mustApply(t, b, facID, voteOpenOp("other", 2))
	ops, _ = b.PlanStep(steps[2], facID, nil)
	if len(ops) < 2 || ops[0].Kind != workshops.OpVoteClose || ops[0].Vote != "other" || ops[1].Kind != workshops.OpVoteOpen {
		t.Fatalf("a second vote: ops %v", ops)
	}
	for _, o := range ops {
		mustApply(t, b, facID, o)
	}
	mustApply(t, b, aliceID, castOp("v-ide", "n-a"))
	mustApply(t, b, bobID, castOp("v-ide", "n-b"))
	mustApply(t, b, carolID, castOp("v-ide", "n-a2"))
	mustApply(t, b, aliceID, castOp("v-ide", "n-a2"))
	ops, skipped = b.PlanStep(steps[3], facID, nil)
	if len(skipped) != 0 {
		t.Fatalf("reveal step skipped %v", skipped)
	}
	for _, o := range ops {
		mustApply(t, b, facID, o)
	}
	if top := b.Votes["v-ide"].Top; strings.Join(top, ",") != "n-a2,n-b" {
		t.Errorf("top per group = %v, want n-a2 (group A) and n-b (group B)", top)
	}
	// The same step again: nothing left to do but what is not done.
	ops, skipped = b.PlanStep(steps[3], facID, nil)
	for _, o := range ops {
		if o.Kind == workshops.OpVoteReveal || o.Kind == workshops.OpBreakoutEnd {
			t.Errorf("repeat planned %s again", o.Kind)
		}
	}
	if len(skipped) < 2 {
		t.Errorf("repeat skipped %v, want the reveal and the breakout end", skipped)
	}
}

func TestMeetingLinks(t *testing.T) {
	b := workshopBoard(t) // breakout on; alice and carol in A, bob in B
	for _, bad := range []string{"http://meet.example/abc", "javascript:alert(1)", "https://", "https://user:pw@meet.example/x",
		"https://meet.example/a b", "meet.example/abc", "https://meet.example/" + strings.Repeat("a", workshops.MaxURLLen), "ftp://x.example"} {
		refused(t, b, facID, op(workshops.OpBoardLink, withURL(bad)), workshops.EINVALID)
	}
	refused(t, b, aliceID, op(workshops.OpBoardLink, withURL("https://meet.example/all")), workshops.EFORBIDDEN)
	refused(t, b, facID, op(workshops.OpBoardLink, withURL("https://meet.example/x"), withGroup("nope")), workshops.ENOTFOUND)
	mustApply(t, b, facID, op(workshops.OpBoardLink, withURL(" https://meet.example/all ")))
	e := event(b, facID, op(workshops.OpBoardLink, withURL("https://teams.example/a?x=1"), withGroup(groupA)))
	if err := workshops.Apply(b, e); err != nil {
		t.Fatal(err)
	}
	mustApply(t, b, facID, op(workshops.OpBoardLink, withURL("https://zoom.example/b"), withGroup(groupB)))
	check := func(who string, want ...string) {
		t.Helper()
		links := b.ViewFor(who).Links
		if len(links) != len(want) {
			t.Errorf("%s sees links %v, want %v", who, links, want)
		}
		for _, k := range want {
			if links[k] == "" {
				t.Errorf("%s does not see link %q: %v", who, k, links)
			}
		}
	}
	check(facID, "", groupA, groupB)
	check(aliceID, "", groupA)
	check(bobID, "", groupB)
	check(obsID, "")
	if b.ViewFor(aliceID).Links[""] != "https://meet.example/all" {
		t.Errorf("the link was not trimmed")
	}
	if _, ok := b.EventFor(e, bobID); ok {
		t.Errorf("bob got group A's link")
	}
	if _, ok := b.EventFor(e, carolID); !ok {
		t.Errorf("carol did not get her group's link")
	}
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	check(aliceID, "")
	check(facID, "", groupA, groupB)
	if _, ok := b.EventFor(e, carolID); ok {
		t.Errorf("a group's link went out in plenary")
	}
	mustApply(t, b, facID, op(workshops.OpBoardLink, withURL(""), withGroup(groupA)))
	check(facID, "", groupB)
}

func TestHandsAndFollow(t *testing.T) {
	b := workshopBoard(t)
	refused(t, b, obsID, op(workshops.OpHandRaise, withOn(true)), workshops.EFORBIDDEN)
	refused(t, b, aliceID, op(workshops.OpHandRaise, withOn(false), withPerson(bobID)), workshops.EFORBIDDEN)
	if err := applyAt(t, b, aliceID, 42, op(workshops.OpHandRaise, withOn(true))); err != nil {
		t.Fatal(err)
	}
	mustApply(t, b, bobID, op(workshops.OpHandRaise, withOn(true)))
	if b.Hands[aliceID] != 42 || len(b.ViewFor(facID).Hands) != 2 {
		t.Fatalf("hands = %v", b.Hands)
	}
	refused(t, b, facID, op(workshops.OpHandRaise, withOn(true), withPerson(aliceID)), workshops.EINVALID)
	mustApply(t, b, facID, op(workshops.OpHandRaise, withOn(false), withPerson(aliceID)))
	mustApply(t, b, facID, op(workshops.OpParticipantRemove, withPerson(bobID)))
	if len(b.Hands) != 0 {
		t.Fatalf("hands after lowering and removing = %v", b.Hands)
	}

	refused(t, b, aliceID, op(workshops.OpBoardFollow, withOn(true), withXY(0, 0), withWH(100, 100)), workshops.EFORBIDDEN)
	refused(t, b, facID, op(workshops.OpBoardFollow, withOn(true)), workshops.EINVALID)
	refused(t, b, facID, op(workshops.OpBoardFollow, withOn(true), withXY(0, 0), withWH(0, 100)), workshops.EINVALID)
	refused(t, b, facID, op(workshops.OpBoardFollow, withOn(false), withXY(0, 0)), workshops.EINVALID)
	mustApply(t, b, facID, op(workshops.OpBoardFollow, withOn(true), withXY(10, 20), withWH(1280, 800)))
	if f := b.ViewFor(aliceID).Follow; f == nil || f.X != 10 || f.W != 1280 || f.By != facID {
		t.Fatalf("alice's follow = %+v", f)
	}
	mustApply(t, b, facID, op(workshops.OpBoardFollow, withOn(false)))
	if b.Follow != nil {
		t.Fatalf("follow after off = %+v", b.Follow)
	}
}

// TestProgress: per part, who wrote and who did not, how many voted (as
// dots are cast), and how many cards each area has picked.
func TestProgress(t *testing.T) {
	b := workshops.NewBoard("ws-p", "Fellesverksted")
	mustApply(t, b, "", joinOp(facID, "Fran", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(bobID, "Bob", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(obsID, "Olav", workshops.RoleObserver))
	for _, f := range []workshops.Op{
		frameOp("mal", "Målbilder", 0, 0, 5000, 2000, ""),
		frameOp("mal_a", "Lebesby", 0, 300, 2400, 1600, ""),
		frameOp("mal_a_g1", "Attraktive", 100, 600, 500, 500, ""),
		frameOp("mal_a_g2", "Grønne", 700, 600, 500, 500, ""),
		frameOp("mal_b", "Gamvik", 2600, 300, 2400, 1600, ""),
		frameOp("mal_b_g1", "Attraktive", 2700, 600, 500, 500, ""),
		frameOp("ide", "Idémyldring", 0, 3000, 2000, 2000, ""),
	} {
		mustApply(t, b, facID, f)
	}
	mustApply(t, b, facID, op(workshops.OpAgendaSet, withAgenda(
		workshops.AgendaStep{Part: "mal", Title: "Målbilder", PickMin: 3},
		workshops.AgendaStep{Part: "ide", Title: "Idémyldring"})))
	mustApply(t, b, aliceID, createOp("n1", "x", workshops.ColorYellow, 200, 700))
	mustApply(t, b, facID, op(workshops.OpFrameChoose, withFrame("mal_a_g2"), withOn(true)))
	mustApply(t, b, bobID, createOp("n2", "y", workshops.ColorYellow, 100, 3100))
	mustApply(t, b, facID, voteOpenOp("ide", 2, "ide"))
	mustApply(t, b, bobID, castOp("ide", "n2"))

	p := b.Progress()
	if p.Participants != 2 || len(p.Parts) != 2 {
		t.Fatalf("progress = %+v", p)
	}
	mal, ide := p.Parts[0], p.Parts[1]
	if mal.Part != "mal" || mal.Wrote != 1 || mal.Notes != 1 || strings.Join(mal.Idle, ",") != bobID || mal.Vote != "" {
		t.Errorf("mal = %+v", mal)
	}
	if len(mal.Areas) != 2 || mal.Areas[0].Frame != "mal_a" || mal.Areas[0].Picked != 2 || mal.Areas[0].Min != 3 ||
		mal.Areas[1].Frame != "mal_b" || mal.Areas[1].Picked != 0 {
		t.Errorf("mal areas = %+v", mal.Areas)
	}
	if ide.Wrote != 1 || strings.Join(ide.Idle, ",") != aliceID || ide.Vote != "ide" || ide.Voted != 1 || ide.Areas != nil {
		t.Errorf("ide = %+v", ide)
	}
	// A second voter counts at once.
	mustApply(t, b, aliceID, castOp("ide", "n2"))
	if got := b.Progress().Parts[1].Voted; got != 2 {
		t.Errorf("voted after Alice's dot = %d, want 2", got)
	}
	// Without an agenda: the whole board is one part.
	mustApply(t, b, facID, op(workshops.OpAgendaSet))
	if p := b.Progress(); len(p.Parts) != 1 || p.Parts[0].Notes != 2 || p.Parts[0].Wrote != 2 || len(p.Parts[0].Idle) != 0 {
		t.Errorf("whole board = %+v", p)
	}
}
