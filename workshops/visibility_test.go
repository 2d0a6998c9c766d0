package workshops_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func viewNoteIDs(v workshops.View) []string {
	var ids []string
	for _, n := range v.Notes {
		ids = append(ids, n.ID)
	}
	slices.Sort(ids)
	return ids
}

func viewFrameIDs(v workshops.View) []string {
	var ids []string
	for _, f := range v.Frames {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	return ids
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// ---- ViewFor ----

func TestViewForBreakout(t *testing.T) {
	b := workshopBoard(t)
	tests := []struct {
		viewer         string
		notes, frames  []string
		breakoutOffAll bool // in plenary the viewer sees everything live
	}{
		{facID, []string{"n-a", "n-a2", "n-b", "n-plen"}, []string{"f-a", "f-b", "f-plen"}, true},
		{aliceID, []string{"n-a", "n-a2", "n-plen"}, []string{"f-a", "f-plen"}, true},
		{carolID, []string{"n-a", "n-a2", "n-plen"}, []string{"f-a", "f-plen"}, true},
		{bobID, []string{"n-b", "n-plen"}, []string{"f-b", "f-plen"}, true},
		{obsID, []string{"n-plen"}, []string{"f-plen"}, true},
		{"stranger", []string{"n-plen"}, []string{"f-plen"}, true},
		{rexID, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.viewer, func(t *testing.T) {
			v := b.ViewFor(tt.viewer)
			if got := viewNoteIDs(v); !reflect.DeepEqual(got, tt.notes) {
				t.Errorf("notes = %v, want %v", got, tt.notes)
			}
			if got := viewFrameIDs(v); !reflect.DeepEqual(got, tt.frames) {
				t.Errorf("frames = %v, want %v", got, tt.frames)
			}
			if v.Seq != b.Seq || !v.Breakout && tt.viewer != rexID {
				t.Errorf("seq %d, breakout %v", v.Seq, v.Breakout)
			}
			p := b.Clone()
			mustApply(t, p, facID, op(workshops.OpBreakoutEnd))
			pv := p.ViewFor(tt.viewer)
			if tt.breakoutOffAll && (len(pv.Notes) != 4 || len(pv.Frames) != 3) {
				t.Errorf("in plenary: %d notes, %d frames; want all", len(pv.Notes), len(pv.Frames))
			}
		})
	}
	if rv := b.ViewFor(rexID); len(rv.Participants) != 0 || len(rv.Groups) != 0 || rv.Title != b.Title {
		t.Errorf("a removed person's view = %+v", rv)
	}
	if !reflect.DeepEqual(b.View(), b.ViewFor("stranger")) {
		t.Errorf("View() is not the view of someone in no group")
	}
	// Groups and people are public: everyone may see who is in which group.
	av := b.ViewFor(aliceID)
	if len(av.Groups) != 2 || len(av.Participants) != 7 {
		t.Errorf("alice sees %d groups, %d people", len(av.Groups), len(av.Participants))
	}
}

func TestViewForVotes(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withFrames("f-a", "f-b")))
	mustApply(t, b, aliceID, castOp("v1", "n-a"))
	mustApply(t, b, carolID, castOp("v1", "n-a"))
	mustApply(t, b, carolID, castOp("v1", "n-a2"))
	mustApply(t, b, bobID, castOp("v1", "n-b"))

	vote := func(v workshops.View) workshops.VoteView {
		t.Helper()
		if len(v.Votes) != 1 {
			t.Fatalf("%d votes in view", len(v.Votes))
		}
		return v.Votes[0]
	}
	av := vote(b.ViewFor(aliceID))
	if want := (workshops.VoteView{ID: "v1", Frames: []string{"f-a"}, Budget: 3, Open: true, OpenedAt: av.OpenedAt,
		Mine: map[string]int{"n-a": 1}, Left: 2}); !reflect.DeepEqual(av, want) {
		t.Errorf("alice's vote before the reveal = %+v, want %+v", av, want)
	}
	fv := vote(b.ViewFor(facID))
	if want := map[string]int{"n-a": 2, "n-a2": 1, "n-b": 1}; !reflect.DeepEqual(fv.Totals, want) || fv.Voters != 3 || fv.Mine != nil || fv.Left != 0 {
		t.Errorf("facilitator's vote = %+v", fv)
	}
	if ov := b.ViewFor(obsID); len(ov.Votes) != 0 {
		t.Errorf("the observer (no group) sees a vote on group frames: %+v", ov.Votes)
	}
	// Nobody's view names who voted for what.
	for _, viewer := range []string{facID, aliceID, bobID, carolID, obsID} {
		js := mustJSON(t, b.ViewFor(viewer))
		if strings.Contains(js, "ballots") {
			t.Errorf("%s's view holds ballots", viewer)
		}
	}

	mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
	av = vote(b.ViewFor(aliceID))
	if want := map[string]int{"n-a": 2, "n-a2": 1}; !reflect.DeepEqual(av.Totals, want) || av.Left != 0 || av.Open || !av.Revealed {
		t.Errorf("alice's vote after the reveal = %+v", av)
	}
	bv := vote(b.ViewFor(bobID))
	if want := map[string]int{"n-b": 1}; !reflect.DeepEqual(bv.Totals, want) || !reflect.DeepEqual(bv.Frames, []string{"f-b"}) {
		t.Errorf("bob's vote after the reveal = %+v", bv)
	}
	mustApply(t, b, facID, op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a", "n-b")))
	if got := vote(b.ViewFor(aliceID)).Top; !reflect.DeepEqual(got, []string{"n-a"}) {
		t.Errorf("alice's top = %v", got)
	}
	if got := vote(b.ViewFor(facID)).Top; !reflect.DeepEqual(got, []string{"n-a", "n-b"}) {
		t.Errorf("facilitator's top = %v", got)
	}
}

func TestViewForHiddenPrivateFocus(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpNoteHide, withNote("n-plen"), withOn(true), withReason("navn og adresse")))
	for _, viewer := range []string{aliceID, bobID, obsID} {
		if js := mustJSON(t, b.ViewFor(viewer)); strings.Contains(js, "n-plen") || strings.Contains(js, "navn og adresse") {
			t.Errorf("%s sees the hidden note: %s", viewer, js)
		}
	}
	if js := mustJSON(t, b.ViewFor(fac2ID)); !strings.Contains(js, `"hiddenReason":"navn og adresse"`) {
		t.Errorf("a facilitator does not see the hidden note and its reason")
	}

	for _, sealed := range []bool{false, true} {
		p := b.Clone()
		mustApply(t, p, facID, op(workshops.OpPrivateStart, withSealed(sealed)))
		mustApply(t, p, carolID, createOp("n-secret", "carol's own pick", workshops.ColorGreen, 2500, 500))
		sees := func(viewer string) bool { return slices.Contains(viewNoteIDs(p.ViewFor(viewer)), "n-secret") }
		if !sees(carolID) || sees(aliceID) || sees(bobID) || sees(obsID) || sees(facID) == sealed {
			t.Errorf("sealed %v: carol %v, alice %v, bob %v, obs %v, facilitator %v", sealed,
				sees(carolID), sees(aliceID), sees(bobID), sees(obsID), sees(facID))
		}
		if pv := p.ViewFor(aliceID).Private; pv == nil || pv.Sealed != sealed {
			t.Errorf("alice's private step = %+v", pv)
		}
		mustApply(t, p, facID, op(workshops.OpPrivateReveal))
		if !sees(aliceID) || !sees(facID) || sees(bobID) {
			t.Errorf("after the reveal: alice %v, facilitator %v, bob (other group) %v", sees(aliceID), sees(facID), sees(bobID))
		}
	}

	mustApply(t, b, facID, op(workshops.OpBoardFocus, withFrame("f-b")))
	if b.ViewFor(aliceID).Focus != nil || b.ViewFor(bobID).Focus == nil || b.ViewFor(facID).Focus == nil {
		t.Errorf("focus on group B's frame reaches: alice %v, bob %v", b.ViewFor(aliceID).Focus, b.ViewFor(bobID).Focus)
	}
	mustApply(t, b, facID, op(workshops.OpPrivateStart, withFrames("f-b")))
	if b.ViewFor(aliceID).Private != nil || b.ViewFor(bobID).Private == nil {
		t.Errorf("a private step on group B's frame reaches alice")
	}
}

// An empty board's view encodes as before facilitation existed.
func TestViewForEmptyJSON(t *testing.T) {
	b := workshops.NewBoard("ws-1", "T")
	mustApply(t, b, "", joinOp(facID, "F", workshops.RoleFacilitator))
	if got, want := mustJSON(t, b.ViewFor(facID)), `{"seq":1,"title":"T","notes":[],"participants":[{"id":"fac","name":"F","role":"facilitator","joinedAt":1700000001000}]}`; got != want {
		t.Errorf("view = %s, want %s", got, want)
	}
}

// ---- EventFor ----

func TestEventFor(t *testing.T) {
	const (
		full     = "full"
		none     = "none"
		redacted = "redacted" // sent, but not equal to the event
	)
	tests := []struct {
		name  string
		setup func(t testing.TB, b *workshops.Board) // before the event
		actor string
		op    workshops.Op
		want  map[string]string // viewer -> full, none or redacted
		check func(t *testing.T, viewer string, ev workshops.Event)
	}{
		{name: "note.create in group A's frame", actor: aliceID, op: createOp("n-x", "x", workshops.ColorBlue, 2500, 500),
			want: map[string]string{facID: full, aliceID: full, carolID: full, bobID: none, obsID: none, "stranger": none, rexID: none}},
		{name: "note.create in plenary", actor: bobID, op: createOp("n-x", "x", workshops.ColorBlue, 500, 500),
			want: map[string]string{facID: full, aliceID: full, bobID: full, obsID: full, "stranger": full, rexID: none}},
		{name: "note.edit of a note in group B", actor: bobID, op: editOp("n-b", "new words"),
			want: map[string]string{facID: full, aliceID: none, bobID: full, obsID: none}},
		{name: "vote.cast", setup: func(t testing.TB, b *workshops.Board) { mustApply(t, b, facID, voteOpenOp("v1", 3)) },
			actor: aliceID, op: castOp("v1", "n-a"),
			want: map[string]string{aliceID: full, facID: redacted, fac2ID: redacted, carolID: none, bobID: none, obsID: none},
			check: func(t *testing.T, viewer string, ev workshops.Event) {
				if viewer != aliceID && (ev.Actor != "" || ev.OpID != "") {
					t.Errorf("%s learns who voted: actor %q, op %q", viewer, ev.Actor, ev.OpID)
				}
			}},
		{name: "vote.retract", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, voteOpenOp("v1", 3))
			mustApply(t, b, bobID, castOp("v1", "n-b"))
		}, actor: bobID, op: retractOp("v1", "n-b"),
			want: map[string]string{bobID: full, facID: redacted, aliceID: none}},
		{name: "note.hide with a reason", actor: facID, op: op(workshops.OpNoteHide, withNote("n-plen"), withOn(true), withReason("reason#1")),
			want: map[string]string{facID: full, aliceID: redacted, bobID: redacted, obsID: redacted, rexID: none},
			check: func(t *testing.T, viewer string, ev workshops.Event) {
				if viewer != facID && ev.Op.Reason != nil {
					t.Errorf("%s gets the reason", viewer)
				}
			}},
		{name: "note.hide of group A's note", actor: facID, op: hideOp("n-a", true),
			want: map[string]string{facID: full, aliceID: full, bobID: none}},
		{name: "note.hide off", setup: func(t testing.TB, b *workshops.Board) { mustApply(t, b, facID, hideOp("n-a", true)) },
			actor: facID, op: hideOp("n-a", false),
			want: map[string]string{facID: full, aliceID: full, bobID: none}},
		{name: "note.delete with a reason", actor: facID, op: op(workshops.OpNoteDelete, withNote("n-a"), withReason("reason#2")),
			want: map[string]string{facID: full, fac2ID: full, aliceID: redacted, carolID: redacted, bobID: none}},
		{name: "vote.open on two groups' frames", actor: facID, op: voteOpenOp("v1", 3, "f-a", "f-b"),
			want: map[string]string{facID: full, aliceID: redacted, bobID: redacted, obsID: none},
			check: func(t *testing.T, viewer string, ev workshops.Event) {
				want := map[string][]string{facID: {"f-a", "f-b"}, aliceID: {"f-a"}, bobID: {"f-b"}}[viewer]
				if !reflect.DeepEqual(ev.Op.Frames, want) {
					t.Errorf("%s gets frames %v, want %v", viewer, ev.Op.Frames, want)
				}
			}},
		{name: "vote.open on the whole board", actor: facID, op: voteOpenOp("v1", 3),
			want: map[string]string{facID: full, aliceID: full, obsID: full}},
		{name: "vote.close of a vote on group B's frame", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, voteOpenOp("v1", 3, "f-b"))
		}, actor: facID, op: op(workshops.OpVoteClose, withVote("v1")),
			want: map[string]string{facID: full, bobID: full, aliceID: none}},
		{name: "vote.top", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, voteOpenOp("v1", 3, "f-a", "f-b"))
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
		}, actor: facID, op: op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a", "n-b")),
			want: map[string]string{facID: full, aliceID: redacted, bobID: redacted},
			check: func(t *testing.T, viewer string, ev workshops.Event) {
				want := map[string][]string{facID: {"n-a", "n-b"}, aliceID: {"n-a"}, bobID: {"n-b"}}[viewer]
				if !reflect.DeepEqual(ev.Op.Notes, want) {
					t.Errorf("%s gets top %v, want %v", viewer, ev.Op.Notes, want)
				}
			}},
		{name: "private.start on group B's frame", actor: facID, op: op(workshops.OpPrivateStart, withFrames("f-b")),
			want: map[string]string{facID: full, bobID: full, aliceID: none}},
		{name: "a private note", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, op(workshops.OpPrivateStart))
		}, actor: aliceID, op: createOp("n-p", "mine", workshops.ColorBlue, 2500, 500),
			want: map[string]string{aliceID: full, facID: full, carolID: none, bobID: none}},
		{name: "a private note in a sealed step", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, op(workshops.OpPrivateStart, withSealed(true)))
		}, actor: aliceID, op: createOp("n-p", "mine", workshops.ColorBlue, 2500, 500),
			want: map[string]string{aliceID: full, facID: none, carolID: none}},
		{name: "board.focus on group B's frame", actor: facID, op: op(workshops.OpBoardFocus, withFrame("f-b")),
			want: map[string]string{facID: full, bobID: full, aliceID: none, obsID: none}},
		{name: "board.focus on a point", actor: facID, op: op(workshops.OpBoardFocus, withXY(1, 2)),
			want: map[string]string{aliceID: full, bobID: full, obsID: full, rexID: none}},
		{name: "frame.create for group B", actor: facID, op: frameOp("f-b2", "B2", 6000, 0, 500, 500, groupB),
			want: map[string]string{facID: full, bobID: full, aliceID: none}},
		{name: "frame.update moving group A's frame", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(2000, 100)),
			want: map[string]string{facID: full, aliceID: full, bobID: none}},
		{name: "frame.copy", actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, 2000)),
			want: map[string]string{facID: full, aliceID: none, bobID: none}},
		{name: "participant.remove", actor: facID, op: op(workshops.OpParticipantRemove, withPerson(bobID)),
			want: map[string]string{facID: full, aliceID: full, bobID: full}},
		{name: "anything, to a removed person", actor: facID, op: renameOp("Ny tittel"),
			want: map[string]string{facID: full, aliceID: full, rexID: none}},
		{name: "group.assign", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupB})),
			want: map[string]string{facID: full, aliceID: full, bobID: full, obsID: full}},
		{name: "timer.start", actor: facID, op: op(workshops.OpTimerStart, withMs(60000)),
			want: map[string]string{aliceID: full, obsID: full}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := workshopBoard(t)
			if tt.setup != nil {
				tt.setup(t, b)
			}
			e := mustApply(t, b, tt.actor, tt.op)
			orig := mustJSON(t, e)
			for viewer, want := range tt.want {
				ev, ok := b.EventFor(e, viewer)
				got := none
				if ok {
					got = redacted
					if reflect.DeepEqual(ev, e) {
						got = full
					}
				}
				if got != want {
					t.Errorf("%s gets %s, want %s (%s)", viewer, got, want, mustJSON(t, ev))
				}
				if ok && ev.Seq != e.Seq {
					t.Errorf("%s gets seq %d", viewer, ev.Seq)
				}
				if ok && tt.check != nil {
					tt.check(t, viewer, ev)
				}
			}
			if mustJSON(t, e) != orig {
				t.Errorf("EventFor changed the event")
			}
		})
	}
}

// ---- NeedsResync and CanReplay ----

func TestNeedsResync(t *testing.T) {
	viewers := []string{facID, fac2ID, aliceID, carolID, bobID, obsID}
	tests := []struct {
		name  string
		setup func(t testing.TB, b *workshops.Board)
		actor string
		op    workshops.Op
		want  []string // who needs a snapshot
	}{
		{name: "note.create", actor: aliceID, op: createOp("n-x", "x", workshops.ColorBlue, 2500, 500)},
		{name: "participant.group during breakout", actor: facID, op: op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup(groupB)),
			want: []string{aliceID}},
		{name: "participant.group in plenary", setup: func(t testing.TB, b *workshops.Board) {
			mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
		}, actor: facID, op: op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup(groupB))},
		{name: "breakout.end", actor: facID, op: op(workshops.OpBreakoutEnd), want: []string{aliceID, carolID, bobID, obsID}},
		{name: "group.assign during breakout", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{bobID: groupA})),
			want: []string{aliceID, carolID, bobID, obsID}},
		{name: "group.delete during breakout", actor: facID, op: op(workshops.OpGroupDelete, withGroup(groupB)),
			want: []string{aliceID, carolID, bobID, obsID}},
		{name: "frame.update to another group", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("f-a"), withGroup(groupB)),
			want: []string{aliceID, carolID, bobID, obsID}},
		{name: "frame.update title", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("f-a"), withTitle("T"))},
		{name: "frame.delete of a group frame", actor: facID, op: op(workshops.OpFrameDelete, withFrame("f-a")),
			want: []string{aliceID, carolID, bobID, obsID}},
		{name: "frame.copy", actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, 2000)), want: viewers},
		{name: "vote.reveal", setup: func(t testing.TB, b *workshops.Board) { mustApply(t, b, facID, voteOpenOp("v1", 1)) },
			actor: facID, op: op(workshops.OpVoteReveal, withVote("v1")), want: []string{aliceID, carolID, bobID, obsID}},
		{name: "private.reveal", setup: func(t testing.TB, b *workshops.Board) { mustApply(t, b, facID, op(workshops.OpPrivateStart)) },
			actor: facID, op: op(workshops.OpPrivateReveal), want: viewers},
		{name: "note.hide", actor: facID, op: hideOp("n-a", true)},
		{name: "note.hide off", setup: func(t testing.TB, b *workshops.Board) { mustApply(t, b, facID, hideOp("n-a", true)) },
			actor: facID, op: hideOp("n-a", false), want: []string{aliceID, carolID}},
		{name: "a facilitator moves a note from group A to B", actor: facID, op: moveOp("n-a", 4500, 500),
			want: []string{aliceID, carolID, bobID, obsID}},
		{name: "a re-join with another role", actor: "", op: joinOp(aliceID, "Alice", workshops.RoleObserver), want: []string{aliceID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := workshopBoard(t)
			if tt.setup != nil {
				tt.setup(t, b)
			}
			e := mustApply(t, b, tt.actor, tt.op)
			var got []string
			for _, v := range viewers {
				if b.NeedsResync(e, v) {
					got = append(got, v)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("resync for %v, want %v", got, tt.want)
			}
			if b.NeedsResync(e, rexID) {
				t.Errorf("a removed person is to get a snapshot")
			}
			if len(tt.want) > 0 && b.CanReplay(e.Seq-1) {
				t.Errorf("CanReplay(%d) after a view change at %d", e.Seq-1, e.Seq)
			}
			// A later event does not ask for it again.
			later := mustApply(t, b, facID, op(workshops.OpBoardMessage, withText("hei")))
			for _, v := range viewers {
				if b.NeedsResync(later, v) || b.NeedsResync(e, v) && e.Seq != b.ViewSeq {
					t.Errorf("%s: resync asked for an event that changed no view", v)
				}
			}
		})
	}
}

func TestCanReplay(t *testing.T) {
	b := workshopBoard(t)
	vs := b.ViewSeq // breakout.start
	if b.CanReplay(vs-1) || !b.CanReplay(vs) || !b.CanReplay(b.Seq) || b.CanReplay(b.Seq+1) {
		t.Errorf("CanReplay around ViewSeq %d, head %d is wrong", vs, b.Seq)
	}
	mustApply(t, b, aliceID, createOp("n-x", "x", workshops.ColorBlue, 2500, 500))
	if !b.CanReplay(vs) {
		t.Errorf("a note changed the views")
	}
}

func TestCursorVisible(t *testing.T) {
	b := workshopBoard(t)
	tests := []struct {
		viewer, other string
		want          bool
	}{
		{aliceID, carolID, true}, // same group
		{aliceID, bobID, false},  // another group
		{bobID, aliceID, false},
		{obsID, aliceID, false}, // no group
		{facID, bobID, true},    // facilitators see everyone
		{bobID, facID, true},    // and are seen by everyone
		{rexID, facID, false},   // removed
		{facID, rexID, false},
	}
	for _, tt := range tests {
		if got := b.CursorVisible(tt.viewer, tt.other); got != tt.want {
			t.Errorf("CursorVisible(%s, %s) = %v, want %v", tt.viewer, tt.other, got, tt.want)
		}
	}
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	if !b.CursorVisible(aliceID, bobID) || !b.CursorVisible(obsID, aliceID) || b.CursorVisible(rexID, aliceID) {
		t.Errorf("in plenary every cursor is shared, but a removed person's")
	}
}

// ---- the property: nothing leaks, and clients stay consistent ----

// oracleSeesNote is the visibility rule written out again, plainly, from
// the product's description, to check the package's against.
func oracleSeesNote(b *workshops.Board, viewer string, n workshops.Note) bool {
	p, known := b.Participants[viewer]
	if known && p.Removed {
		return false
	}
	fac := known && p.Role == workshops.RoleFacilitator
	if n.Hidden && !fac {
		return false
	}
	if n.Private && n.Author != viewer && (!fac || b.Private != nil && b.Private.Sealed) {
		return false
	}
	if fac || !b.Breakout || n.Frame == "" {
		return true
	}
	return oracleSeesFrame(b, viewer, b.Frames[n.Frame])
}

func oracleSeesFrame(b *workshops.Board, viewer string, f workshops.Frame) bool {
	p, known := b.Participants[viewer]
	if known && p.Removed {
		return false
	}
	if known && p.Role == workshops.RoleFacilitator || !b.Breakout || f.Group == "" {
		return true
	}
	return known && p.Group == f.Group
}

func isFacilitator(b *workshops.Board, viewer string) bool {
	p, ok := b.Participants[viewer]
	return ok && p.Role == workshops.RoleFacilitator && !p.Removed
}

// held is what a client holds of the notes and frames: their place and
// membership, kept up from a snapshot by the events it is sent with the
// rules PROTOCOL.md gives the client (a note's frame is the innermost live
// frame holding its centre; a moved frame carries its notes; a deleted one
// leaves them in no frame).
type held struct {
	notes  map[string]heldNote
	frames map[string]workshops.Frame
}

type heldNote struct {
	X, Y, W, H float64
	Z          uint64
	Frame      string
}

func heldFrom(v workshops.View) held {
	h := held{notes: map[string]heldNote{}, frames: map[string]workshops.Frame{}}
	for _, n := range v.Notes {
		h.notes[n.ID] = heldNote{n.X, n.Y, n.W, n.H, n.Z, n.Frame}
	}
	for _, f := range v.Frames {
		h.frames[f.ID] = workshops.Frame{ID: f.ID, X: f.X, Y: f.Y, W: f.W, H: f.H, Group: f.Group, Z: f.Z}
	}
	return h
}

func (h held) clone() held {
	c := held{notes: map[string]heldNote{}, frames: map[string]workshops.Frame{}}
	for k, v := range h.notes {
		c.notes[k] = v
	}
	for k, v := range h.frames {
		c.frames[k] = v
	}
	return c
}

// frameAt is the client's copy of the rule that places a note.
func (h held) frameAt(n heldNote) string {
	cx, cy := n.X+n.W/2, n.Y+n.H/2
	best := ""
	var bf workshops.Frame
	for _, id := range sortedKeys(h.frames) {
		f := h.frames[id]
		if f.X > cx || cx > f.X+f.W || f.Y > cy || cy > f.Y+f.H {
			continue
		}
		if best == "" || f.W*f.H < bf.W*bf.H || f.W*f.H == bf.W*bf.H && f.Z > bf.Z {
			best, bf = id, f
		}
	}
	return best
}

// apply is the part of a client's reducer that places things.
func (h held) apply(ev workshops.Event, facilitator bool) {
	o := ev.Op
	switch o.Kind {
	case workshops.OpNoteCreate:
		n := heldNote{X: *o.X, Y: *o.Y, W: workshops.DefaultNoteW, H: workshops.DefaultNoteH, Z: ev.Seq}
		if o.W != nil {
			n.W, n.H = *o.W, *o.H
		}
		n.Frame = h.frameAt(n)
		h.notes[o.Note] = n
	case workshops.OpNoteMove, workshops.OpNoteResize:
		n, ok := h.notes[o.Note]
		if !ok {
			return
		}
		if o.Kind == workshops.OpNoteMove {
			n.X, n.Y, n.Z = *o.X, *o.Y, ev.Seq
		} else {
			n.W, n.H = *o.W, *o.H
		}
		n.Frame = h.frameAt(n)
		h.notes[o.Note] = n
	case workshops.OpNoteDelete:
		delete(h.notes, o.Note)
	case workshops.OpNoteHide:
		if *o.On && !facilitator {
			delete(h.notes, o.Note)
		}
	case workshops.OpFrameCreate:
		h.frames[o.Frame] = workshops.Frame{ID: o.Frame, X: *o.X, Y: *o.Y, W: *o.W, H: *o.H, Z: ev.Seq, Group: ptrOr(o.Group)}
	case workshops.OpFrameUpdate:
		f, ok := h.frames[o.Frame]
		if !ok {
			return
		}
		if o.X != nil {
			dx, dy := *o.X-f.X, *o.Y-f.Y
			for id, n := range h.notes {
				if n.Frame == f.ID {
					n.X, n.Y = n.X+dx, n.Y+dy
					h.notes[id] = n
				}
			}
			f.X, f.Y = *o.X, *o.Y
		}
		if o.W != nil {
			f.W, f.H = *o.W, *o.H
		}
		if o.Group != nil {
			f.Group = *o.Group
		}
		h.frames[o.Frame] = f
	case workshops.OpFrameDelete:
		delete(h.frames, o.Frame)
		for id, n := range h.notes {
			if n.Frame == o.Frame {
				n.Frame = ""
				h.notes[id] = n
			}
		}
	}
}

func ptrOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (h held) equal(o held) bool {
	return reflect.DeepEqual(h.notes, o.notes) && reflect.DeepEqual(h.frames, o.frames)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// leakCheck fails if out, sent to viewer, names a note or frame the viewer
// could see neither before nor after (allowed adds exceptions), quotes a
// note's text or a frame's title the viewer may not see now, carries a
// moderation reason to a non-facilitator, or holds ballots.
func leakCheck(t *testing.T, what, out string, before, after *workshops.Board, viewer string, allowed map[string]bool) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s for %s leaks %s\n%s", what, viewer, fmt.Sprintf(format, args...), out)
	}
	for _, id := range sortedKeys(after.Notes) {
		n := after.Notes[id]
		now := oracleSeesNote(after, viewer, n)
		was := false
		if before != nil {
			if bn, ok := before.Notes[id]; ok {
				was = oracleSeesNote(before, viewer, bn)
			}
		}
		if !now && !was && !allowed[id] && strings.Contains(out, `"`+id+`"`) {
			fail("note %s (%+v)", id, n)
		}
		if !now && n.Text != "" && strings.Contains(out, `"`+n.Text+`"`) {
			fail("the text of note %s (%+v)", id, n)
		}
	}
	titles := map[string]int{}
	for _, f := range after.Frames {
		titles[f.Title]++
	}
	for _, id := range sortedKeys(after.Frames) {
		f := after.Frames[id]
		now := oracleSeesFrame(after, viewer, f)
		was := false
		if before != nil {
			if bf, ok := before.Frames[id]; ok {
				was = oracleSeesFrame(before, viewer, bf)
			}
		}
		if !now && !was && !allowed[id] && strings.Contains(out, `"`+id+`"`) {
			fail("frame %s (%+v)", id, f)
		}
		if !now && f.Title != "" && titles[f.Title] == 1 && strings.Contains(out, `"`+f.Title+`"`) {
			fail("the title of frame %s", id)
		}
	}
	if !isFacilitator(after, viewer) && strings.Contains(out, "reason#") {
		fail("a moderation reason")
	}
	if strings.Contains(out, `"ballots"`) {
		fail("ballots")
	}
}

// checkVotes fails if a view's votes say more than the viewer may know.
func checkVotes(t *testing.T, b *workshops.Board, viewer string, v workshops.View) {
	t.Helper()
	for _, vv := range v.Votes {
		vote := b.Votes[vv.ID]
		for note, d := range vv.Mine {
			if vote.Ballots[viewer][note] != d {
				t.Fatalf("%s's view of vote %s: mine[%s] = %d, ballot has %d", viewer, vv.ID, note, d, vote.Ballots[viewer][note])
			}
		}
		if (vv.Totals != nil || vv.Voters != 0) && !vote.Revealed && !isFacilitator(b, viewer) {
			t.Fatalf("%s sees the totals of vote %s before the reveal: %+v", viewer, vv.ID, vv)
		}
		totals := vote.Totals()
		for note, d := range vv.Totals {
			if totals[note] != d {
				t.Fatalf("vote %s: total of %s = %d, want %d", vv.ID, note, d, totals[note])
			}
		}
	}
}

// randomWorkshop drives a board with random facilitation and note ops and
// returns the next (actor, op).
type randomWorkshop struct {
	r *rand.Rand
	b *workshops.Board
	k int
}

func (g *randomWorkshop) id(prefix string) string { g.k++; return fmt.Sprintf("%s%d", prefix, g.k) }

func (g *randomWorkshop) pick(keys []string) string {
	if len(keys) == 0 {
		return "none"
	}
	return keys[g.r.IntN(len(keys))]
}

func (g *randomWorkshop) coord(lo, hi float64) float64 {
	return lo + float64(g.r.IntN(int(hi-lo)/10))*10
}

var (
	randomFacs    = []string{facID, fac2ID}
	randomPeople  = []string{"p1", "p2", "p3", "p4", "p5"}
	randomViewers = []string{facID, fac2ID, "p1", "p2", "p3", "p4", "p5", obsID, "stranger"}
)

func (g *randomWorkshop) next() (string, workshops.Op) {
	b, r := g.b, g.r
	fac := g.pick(randomFacs)
	person := g.pick(randomPeople)
	writer := person
	if r.IntN(5) == 0 {
		writer = fac
	}
	if r.IntN(30) == 0 {
		writer = obsID
	}
	notes := sortedKeys(b.Notes)
	frames := sortedKeys(b.Frames)
	groups := append(sortedKeys(b.Groups), "")
	votes := sortedKeys(b.Votes)
	someFrames := func() []string {
		var out []string
		for range r.IntN(3) {
			out = append(out, g.pick(frames))
		}
		return slices.Compact(out)
	}
	switch k := r.IntN(100); {
	case k < 14:
		return writer, createOp(g.id("N"), g.id("T"), workshops.ColorYellow, g.coord(-300, 6500), g.coord(-300, 2500))
	case k < 18:
		return writer, editOp(g.pick(notes), g.id("T"))
	case k < 28:
		return writer, moveOp(g.pick(notes), g.coord(-300, 6500), g.coord(-300, 2500))
	case k < 30:
		return writer, resizeOp(g.pick(notes), g.coord(80, 600), g.coord(80, 600))
	case k < 32:
		o := deleteOp(g.pick(notes))
		if r.IntN(2) == 0 {
			o.Reason = ptr(g.id("reason#"))
		}
		return writer, o
	case k < 36:
		o := hideOp(g.pick(notes), r.IntN(3) != 0)
		if *o.On && r.IntN(2) == 0 {
			o.Reason = ptr(g.id("reason#"))
		}
		return fac, o
	case k < 39:
		if b.AllowPick && r.IntN(2) == 0 {
			return person, op(workshops.OpParticipantGroup, withPerson(person), withGroup(g.pick(groups)))
		}
		return fac, op(workshops.OpParticipantGroup, withPerson(person), withGroup(g.pick(groups)))
	case k < 40:
		assign, err := b.AssignEvenly(r.Shuffle)
		if err != nil {
			return fac, groupOp(g.id("G"), "Gruppe")
		}
		return fac, op(workshops.OpGroupAssign, withAssign(assign))
	case k < 41:
		return fac, op(workshops.OpGroupPick, withOn(r.IntN(2) == 0))
	case k < 42:
		return fac, groupOp(g.id("G"), "Gruppe")
	case k < 43:
		if r.IntN(3) == 0 {
			return fac, op(workshops.OpGroupDelete, withGroup(g.pick(groups)))
		}
		return fac, op(workshops.OpGroupRename, withGroup(g.pick(groups)), withName("Nytt navn"))
	case k < 47:
		if b.Breakout {
			return fac, op(workshops.OpBreakoutEnd)
		}
		return fac, op(workshops.OpBreakoutStart)
	case k < 51:
		return fac, frameOp(g.id("F"), g.id("FT"), g.coord(0, 6000), g.coord(0, 2500), g.coord(300, 2500), g.coord(300, 2000), g.pick(groups))
	case k < 55:
		f := g.pick(frames)
		switch r.IntN(3) {
		case 0:
			return fac, op(workshops.OpFrameUpdate, withFrame(f), withXY(g.coord(0, 6000), g.coord(0, 2500)))
		case 1:
			return fac, op(workshops.OpFrameUpdate, withFrame(f), withGroup(g.pick(groups)))
		}
		return fac, op(workshops.OpFrameUpdate, withFrame(f), withTitle(g.id("FT")))
	case k < 56:
		return fac, op(workshops.OpFrameDelete, withFrame(g.pick(frames)))
	case k < 57:
		return fac, op(workshops.OpFrameLock, withFrame(g.pick(frames)), withOn(r.IntN(2) == 0))
	case k < 58:
		return fac, op(workshops.OpFrameChoose, withFrame(g.pick(frames)), withOn(r.IntN(2) == 0))
	case k < 59:
		return fac, op(workshops.OpFrameCopy, withFrames(g.pick(frames)), withXY(0, 3000))
	case k < 62:
		o := voteOpenOp(g.id("V"), 1+r.IntN(4), someFrames()...)
		if r.IntN(3) == 0 {
			o.Cap = ptr(1)
		}
		return fac, o
	case k < 74:
		v := g.pick(votes)
		for _, id := range votes {
			if b.Votes[id].Open {
				v = id
			}
		}
		if r.IntN(4) == 0 {
			return person, retractOp(v, g.pick(sortedKeys(b.Votes[v].Ballots[person])))
		}
		return person, castOp(v, g.pick(notes))
	case k < 76:
		return fac, op(workshops.OpVoteClose, withVote(g.pick(votes)))
	case k < 79:
		return fac, op(workshops.OpVoteReveal, withVote(g.pick(votes)))
	case k < 81:
		return fac, op(workshops.OpVoteTop, withVote(g.pick(votes)), withNotes(slices.Compact([]string{g.pick(notes), g.pick(notes)})...))
	case k < 84:
		return fac, op(workshops.OpPrivateStart, withFrames(someFrames()...), withSealed(r.IntN(2) == 0))
	case k < 86:
		return fac, op(workshops.OpPrivateReveal)
	case k < 89:
		switch r.IntN(3) {
		case 0:
			return fac, op(workshops.OpBoardFocus, withFrame(g.pick(frames)))
		case 1:
			return fac, op(workshops.OpBoardFocus, withXY(g.coord(0, 5000), g.coord(0, 2000)))
		}
		return fac, op(workshops.OpBoardFocus)
	case k < 91:
		if r.IntN(4) == 0 {
			return fac, op(workshops.OpBoardJoining, withOn(r.IntN(2) == 0))
		}
		return fac, op(workshops.OpBoardLock, withOn(r.IntN(3) == 0))
	case k < 92:
		return fac, op(workshops.OpBoardMessage, withText(g.id("Melding ")))
	case k < 93:
		return fac, op(workshops.OpParticipantRemove, withPerson("p5"))
	case k < 94:
		return person, op(workshops.OpParticipantRename, withPerson(person), withName(g.id("Navn ")))
	case k < 96:
		return fac, op(workshops.OpTimerStart, withMs(60_000))
	case k < 98:
		return fac, op([]workshops.OpKind{workshops.OpTimerPause, workshops.OpTimerResume, workshops.OpTimerReset}[r.IntN(3)])
	}
	return fac, op(workshops.OpTimerAdd, withMs(30_000))
}

// TestVisibilityRandom runs random workshops and checks, after every
// event, for every viewer, what the server would send them (ViewFor when
// NeedsResync, else EventFor): that it names no note or frame they may
// not see, no text of one, no moderation reason, no ballot, no early
// totals; and that a client keeping up from those messages holds exactly
// the notes and frames ViewFor says. Now and then a client is taken back
// to an earlier seq and caught up the way a resume does (CanReplay, then
// EventFor of the missed events on today's board), with the same checks.
// Two replicas apply the same log and must agree.
func TestVisibilityRandom(t *testing.T) {
	steps, seeds := 800, 3
	if testing.Short() {
		steps, seeds = 300, 2
	}
	accepted, replays, resyncs, redactions := 0, 0, 0, 0
	kindsSeen := map[workshops.OpKind]bool{}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 42))
		b := workshops.NewBoard("ws-r", "Random")
		replica := workshops.NewBoard("ws-r", "Random")
		g := &randomWorkshop{r: r, b: b}
		var log []workshops.Event
		apply := func(actor string, o workshops.Op) (workshops.Event, error) {
			e := event(b, actor, o)
			err := workshops.Apply(b, e)
			if err2 := workshops.Apply(replica, e); workshops.ErrorCode(err) != workshops.ErrorCode(err2) {
				t.Fatalf("replicas disagree on %s: %v vs %v", o.Kind, err, err2)
			}
			if err == nil {
				log = append(log, e)
			}
			return e, err
		}
		for _, id := range randomFacs {
			apply("", joinOp(id, "Fasilitator", workshops.RoleFacilitator))
		}
		for _, id := range randomPeople {
			apply("", joinOp(id, "Deltaker", workshops.RoleParticipant))
		}
		apply("", joinOp(obsID, "Observatør", workshops.RoleObserver))
		apply(facID, groupOp("g1", "Bolig"))
		apply(facID, groupOp("g2", "Jobb"))

		clients := map[string]held{}
		for _, v := range randomViewers {
			clients[v] = heldFrom(b.ViewFor(v))
		}
		type checkpoint struct {
			seq     uint64
			clients map[string]held
		}
		var checkpoints []checkpoint

		for step := range steps {
			actor, o := g.next()
			before := b.Clone()
			e, err := apply(actor, o)
			if err != nil {
				if b.Hash() != before.Hash() {
					t.Fatalf("seed %d step %d: refused %s (%v) changed the board", seed, step, o.Kind, err)
				}
				continue
			}
			accepted++
			kindsSeen[o.Kind] = true
			for _, v := range randomViewers {
				fac := isFacilitator(b, v)
				what := fmt.Sprintf("seed %d step %d: event %d %s by %s", seed, step, e.Seq, o.Kind, actor)
				if b.NeedsResync(e, v) {
					resyncs++
					view := b.ViewFor(v)
					leakCheck(t, what+" (snapshot)", mustJSON(t, view), nil, b, v, nil)
					checkVotes(t, b, v, view)
					clients[v] = heldFrom(view)
				} else if ev, ok := b.EventFor(e, v); ok {
					if !reflect.DeepEqual(ev, e) {
						redactions++
					}
					leakCheck(t, what, mustJSON(t, ev), before, b, v, nil)
					if (ev.Op.Kind == workshops.OpVoteCast || ev.Op.Kind == workshops.OpVoteRetract) && ev.Actor != v &&
						(!fac || ev.Actor != "" || ev.OpID != "") {
						t.Fatalf("%s: %s learns a ballot: %+v", what, v, ev)
					}
					clients[v].apply(ev, fac)
				}
				if p, ok := b.Participants[v]; ok && p.Removed {
					continue // the server has closed their sessions
				}
				view := b.ViewFor(v)
				if want := heldFrom(view); !clients[v].equal(want) {
					t.Fatalf("%s: %s's client holds %v, its view %v", what, v, clients[v], want)
				}
				if step%7 == 0 {
					leakCheck(t, what+" (view)", mustJSON(t, view), nil, b, v, nil)
					checkVotes(t, b, v, view)
				}
			}
			// Resume: from each recent checkpoint the board allows.
			if len(log)%10 == 0 {
				for _, cp := range checkpoints[max(0, len(checkpoints)-5):] {
					if !b.CanReplay(cp.seq) {
						continue
					}
					replays++
					for _, v := range randomViewers {
						if p, ok := b.Participants[v]; ok && p.Removed {
							continue
						}
						c := cp.clients[v].clone()
						allowed := map[string]bool{}
						for id := range c.notes {
							allowed[id] = true
						}
						for id := range c.frames {
							allowed[id] = true
						}
						for _, old := range log {
							if old.Seq <= cp.seq {
								continue
							}
							what := fmt.Sprintf("seed %d: replay of %d %s from %d", seed, old.Seq, old.Op.Kind, cp.seq)
							if b.NeedsResync(old, v) {
								t.Fatalf("%s: NeedsResync for %s though CanReplay", what, v)
							}
							if ev, ok := b.EventFor(old, v); ok {
								leakCheck(t, what, mustJSON(t, ev), nil, b, v, allowed)
								c.apply(ev, isFacilitator(b, v))
							}
						}
						if want := heldFrom(b.ViewFor(v)); !c.equal(want) {
							t.Fatalf("seed %d: %s resumed from %d holds %v, its view %v", seed, v, cp.seq, c, want)
						}
					}
				}
				cp := checkpoint{seq: b.Seq, clients: map[string]held{}}
				for v, h := range clients {
					cp.clients[v] = h.clone()
				}
				checkpoints = append(checkpoints, cp)
			}
		}
		if b.Hash() != replica.Hash() {
			t.Fatalf("seed %d: replicas differ", seed)
		}
		// The end state survives a snapshot and a clone.
		data := mustJSON(t, b)
		back, err := workshops.DecodeBoard([]byte(data))
		if err != nil || !reflect.DeepEqual(back, b) || back.Hash() != b.Hash() {
			t.Fatalf("seed %d: snapshot round trip differs (%v)", seed, err)
		}
		if c := b.Clone(); !reflect.DeepEqual(c, b) {
			t.Fatalf("seed %d: clone differs", seed)
		}
		// Replaying the accepted log alone rebuilds the board.
		again := workshops.NewBoard("ws-r", "Random")
		for _, e := range log {
			if err := workshops.Apply(again, e); err != nil {
				t.Fatalf("seed %d: replaying %d: %v", seed, e.Seq, err)
			}
		}
		if again.Hash() != b.Hash() {
			t.Fatalf("seed %d: replay differs", seed)
		}
	}
	t.Logf("%d events accepted, %d resyncs, %d redacted events, %d resumes by replay", accepted, resyncs, redactions, replays)
	if replays == 0 || resyncs == 0 || redactions == 0 {
		t.Errorf("the random workshops exercised too little: %d replays, %d resyncs, %d redactions", replays, resyncs, redactions)
	}
	for _, k := range facilitationKinds {
		if !kindsSeen[k] && !testing.Short() {
			t.Errorf("no %s was accepted in the random workshops", k)
		}
	}
}

// TestUnredactedAgreesWithDeepEqual: for every event and viewer of random
// workshops, the cheap check says "unchanged" exactly when the event
// EventFor returns deep-equals the event.
func TestUnredactedAgreesWithDeepEqual(t *testing.T) {
	b := fuzzBoard(t)
	viewers := []string{"", "fac", "p1", "p2", "obs"}
	events := []string{
		`{"kind":"note.create","note":"x1","text":"t","color":"yellow","x":1,"y":1}`,
		`{"kind":"vote.open","vote":"v1","budget":2}`,
		`{"kind":"vote.cast","vote":"v1","note":"x1"}`,
		`{"kind":"note.hide","note":"x1","on":true,"reason":"personopplysninger"}`,
	}
	actors := []string{"p1", "fac", "p1", "fac"}
	for i, raw := range events {
		op, err := workshops.DecodeOp([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		e := workshops.Event{Seq: b.Seq + 1, OpID: fmt.Sprint("op", i), Actor: actors[i], At: 1, Op: op}
		if err := workshops.Apply(b, e); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		for _, v := range viewers {
			ev, ok := b.EventFor(e, v)
			if !ok {
				continue
			}
			if got, want := workshops.Unredacted(ev, e), reflect.DeepEqual(ev, e); got != want {
				t.Errorf("%s for %q: Unredacted = %v, DeepEqual = %v", op.Kind, v, got, want)
			}
		}
	}
}
