package workshops_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// ---- helpers for the facilitation ops ----

// The cast of the workshop fixture, besides facID, aliceID, bobID and obsID.
const (
	fac2ID  = "fac2"
	carolID = "carol"
	rexID   = "rex" // a participant the facilitator removed
	groupA  = "ga"
	groupB  = "gb"
)

func op(kind workshops.OpKind, set ...func(*workshops.Op)) workshops.Op {
	o := workshops.Op{Kind: kind}
	for _, s := range set {
		s(&o)
	}
	return o
}

func withPerson(id string) func(*workshops.Op) { return func(o *workshops.Op) { o.Person = id } }
func withName(s string) func(*workshops.Op)    { return func(o *workshops.Op) { o.Name = &s } }
func withGroup(id string) func(*workshops.Op)  { return func(o *workshops.Op) { o.Group = &id } }
func withFrame(id string) func(*workshops.Op)  { return func(o *workshops.Op) { o.Frame = id } }
func withFrames(ids ...string) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Frames = ids }
}
func withNote(id string) func(*workshops.Op)      { return func(o *workshops.Op) { o.Note = id } }
func withNotes(ids ...string) func(*workshops.Op) { return func(o *workshops.Op) { o.Notes = ids } }
func withVote(id string) func(*workshops.Op)      { return func(o *workshops.Op) { o.Vote = id } }
func withOn(on bool) func(*workshops.Op)          { return func(o *workshops.Op) { o.On = &on } }
func withMs(ms int64) func(*workshops.Op)         { return func(o *workshops.Op) { o.Ms = &ms } }
func withText(s string) func(*workshops.Op)       { return func(o *workshops.Op) { o.Text = &s } }
func withTitle(s string) func(*workshops.Op)      { return func(o *workshops.Op) { o.Title = &s } }
func withReason(s string) func(*workshops.Op)     { return func(o *workshops.Op) { o.Reason = &s } }
func withXY(x, y float64) func(*workshops.Op)     { return func(o *workshops.Op) { o.X, o.Y = &x, &y } }
func withWH(w, h float64) func(*workshops.Op)     { return func(o *workshops.Op) { o.W, o.H = &w, &h } }
func withBudget(n int) func(*workshops.Op)        { return func(o *workshops.Op) { o.Budget = &n } }
func withCap(n int) func(*workshops.Op)           { return func(o *workshops.Op) { o.Cap = &n } }
func withSealed(s bool) func(*workshops.Op)       { return func(o *workshops.Op) { o.Sealed = &s } }
func withAssign(m map[string]string) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Assign = m }
}

func frameOp(id, title string, x, y, w, h float64, group string) workshops.Op {
	o := op(workshops.OpFrameCreate, withFrame(id), withTitle(title), withXY(x, y), withWH(w, h))
	if group != "" {
		o.Group = &group
	}
	return o
}

func groupOp(id, name string) workshops.Op {
	return op(workshops.OpGroupCreate, withGroup(id), withName(name))
}

func voteOpenOp(id string, budget int, frames ...string) workshops.Op {
	return op(workshops.OpVoteOpen, withVote(id), withBudget(budget), withFrames(frames...))
}

func castOp(vote, note string) workshops.Op {
	return op(workshops.OpVoteCast, withVote(vote), withNote(note))
}

func retractOp(vote, note string) workshops.Op {
	return op(workshops.OpVoteRetract, withVote(vote), withNote(note))
}

func hideOp(note string, on bool) workshops.Op {
	return op(workshops.OpNoteHide, withNote(note), withOn(on))
}

// workshopBoard is a board ready for facilitation: two facilitators, alice
// and carol in group A, bob in group B, an observer, and rex, removed. It
// has a plenary frame f-plen at (0,0), group frames f-a at (2000,0) and f-b
// at (4000,0), all 1000 x 1000, with a note in each (n-plen by alice, n-a by
// alice, n-b by bob); a note by carol (n-a2) in f-a. Breakout is on.
func workshopBoard(t testing.TB) *workshops.Board {
	t.Helper()
	b := workshops.NewBoard("ws-1", "Visjonsverksted")
	mustApply(t, b, "", joinOp(facID, "Fran", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(fac2ID, "Frode", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(bobID, "Bob", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(carolID, "Carol", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(obsID, "Olav", workshops.RoleObserver))
	mustApply(t, b, "", joinOp(rexID, "Rex", workshops.RoleParticipant))
	mustApply(t, b, facID, groupOp(groupA, "Bolig"))
	mustApply(t, b, facID, groupOp(groupB, "Jobb"))
	mustApply(t, b, facID, op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupA, carolID: groupA, bobID: groupB})))
	mustApply(t, b, facID, frameOp("f-plen", "Plenum", 0, 0, 1000, 1000, ""))
	mustApply(t, b, facID, frameOp("f-a", "Bolig-rammen", 2000, 0, 1000, 1000, groupA))
	mustApply(t, b, facID, frameOp("f-b", "Jobb-rammen", 4000, 0, 1000, 1000, groupB))
	mustApply(t, b, aliceID, createOp("n-plen", "plenary idea", workshops.ColorYellow, 100, 100))
	mustApply(t, b, aliceID, createOp("n-a", "group A idea", workshops.ColorYellow, 2100, 100))
	mustApply(t, b, carolID, createOp("n-a2", "carol's A idea", workshops.ColorPink, 2400, 100))
	mustApply(t, b, bobID, createOp("n-b", "group B idea", workshops.ColorBlue, 4100, 100))
	mustApply(t, b, facID, op(workshops.OpParticipantRemove, withPerson(rexID)))
	mustApply(t, b, facID, op(workshops.OpBreakoutStart))
	for id, want := range map[string]string{"n-plen": "f-plen", "n-a": "f-a", "n-a2": "f-a", "n-b": "f-b"} {
		if got := b.Notes[id].Frame; got != want {
			t.Fatalf("fixture: note %s in frame %q, want %q", id, got, want)
		}
	}
	return b
}

// applyAt applies op by actor as b's next event at server time at.
func applyAt(t testing.TB, b *workshops.Board, actor string, at int64, o workshops.Op) error {
	t.Helper()
	e := event(b, actor, o)
	e.At = at
	return workshops.Apply(b, e)
}

// refused applies op and checks it is refused with code and changes nothing.
func refused(t testing.TB, b *workshops.Board, actor string, o workshops.Op, code string) {
	t.Helper()
	before, hash := b.Clone(), b.Hash()
	err := workshops.Apply(b, event(b, actor, o))
	wantCode(t, err, code)
	if msg := workshops.ErrorMessage(err); msg == "" || msg == "internal error" {
		t.Errorf("error message = %q; want a domain message", msg)
	}
	if b.Hash() != hash || !reflect.DeepEqual(b, before) {
		t.Errorf("refused %s changed the board", o.Kind)
	}
}

// ---- role x operation ----

// TestFacilitationRoles is the table of who may send each facilitation op:
// for every op kind, what a facilitator, a participant, an observer and a
// removed participant get. "" means accepted.
func TestFacilitationRoles(t *testing.T) {
	const ok, no = "", workshops.EFORBIDDEN
	type byRole struct{ fac, part, obs, removed string }
	onlyFac := byRole{ok, no, no, no}
	withVoteOpen := func(t testing.TB) *workshops.Board {
		b := workshopBoard(t)
		mustApply(t, b, facID, voteOpenOp("v1", 3))
		return b
	}
	tests := []struct {
		name  string
		setup func(t testing.TB) *workshops.Board // nil: workshopBoard
		// op builds the op for the actor (some ops name the sender).
		op   func(actor string) workshops.Op
		want byRole
	}{
		{name: "participant.rename someone else", op: func(string) workshops.Op {
			return op(workshops.OpParticipantRename, withPerson(bobID), withName("Robert"))
		}, want: onlyFac},
		{name: "participant.rename oneself", op: func(a string) workshops.Op {
			return op(workshops.OpParticipantRename, withPerson(a), withName("New Name"))
		}, want: byRole{ok, ok, no, no}},
		{name: "participant.remove", op: func(string) workshops.Op {
			return op(workshops.OpParticipantRemove, withPerson(bobID))
		}, want: onlyFac},
		{name: "participant.group someone else", op: func(string) workshops.Op {
			return op(workshops.OpParticipantGroup, withPerson(bobID), withGroup(groupA))
		}, want: onlyFac},
		{name: "participant.group oneself, picking not allowed", op: func(a string) workshops.Op {
			return op(workshops.OpParticipantGroup, withPerson(a), withGroup(groupB))
		}, want: onlyFac},
		{name: "participant.group oneself, picking allowed", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpGroupPick, withOn(true)))
			return b
		}, op: func(a string) workshops.Op {
			return op(workshops.OpParticipantGroup, withPerson(a), withGroup(groupB))
		}, want: byRole{ok, ok, no, no}},
		{name: "participant.group someone else, picking allowed", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpGroupPick, withOn(true)))
			return b
		}, op: func(string) workshops.Op {
			return op(workshops.OpParticipantGroup, withPerson(bobID), withGroup(groupA))
		}, want: onlyFac},
		{name: "board.lock", op: func(string) workshops.Op { return op(workshops.OpBoardLock, withOn(true)) }, want: onlyFac},
		{name: "board.joining", op: func(string) workshops.Op { return op(workshops.OpBoardJoining, withOn(false)) }, want: onlyFac},
		{name: "board.message", op: func(string) workshops.Op { return op(workshops.OpBoardMessage, withText("Fem minutter igjen")) }, want: onlyFac},
		{name: "board.focus on a frame", op: func(string) workshops.Op { return op(workshops.OpBoardFocus, withFrame("f-plen")) }, want: onlyFac},
		{name: "board.focus on a point", op: func(string) workshops.Op { return op(workshops.OpBoardFocus, withXY(10, 10)) }, want: onlyFac},
		{name: "board.focus cleared", op: func(string) workshops.Op { return op(workshops.OpBoardFocus) }, want: onlyFac},
		{name: "note.hide", op: func(string) workshops.Op { return hideOp("n-plen", true) }, want: onlyFac},
		{name: "note.hide off", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, hideOp("n-plen", true))
			return b
		}, op: func(string) workshops.Op { return hideOp("n-plen", false) }, want: onlyFac},
		{name: "frame.create", op: func(string) workshops.Op { return frameOp("f-new", "Ny", 0, 3000, 500, 500, "") }, want: onlyFac},
		{name: "frame.update", op: func(string) workshops.Op {
			return op(workshops.OpFrameUpdate, withFrame("f-plen"), withTitle("Plenum 2"))
		}, want: onlyFac},
		{name: "frame.lock", op: func(string) workshops.Op { return op(workshops.OpFrameLock, withFrame("f-plen"), withOn(true)) }, want: onlyFac},
		{name: "frame.delete", op: func(string) workshops.Op { return op(workshops.OpFrameDelete, withFrame("f-plen")) }, want: onlyFac},
		{name: "frame.choose", op: func(string) workshops.Op { return op(workshops.OpFrameChoose, withFrame("f-plen"), withOn(true)) }, want: onlyFac},
		{name: "frame.copy", op: func(string) workshops.Op {
			return op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, 2000))
		}, want: onlyFac},
		{name: "group.create", op: func(string) workshops.Op { return groupOp("gc", "Helse") }, want: onlyFac},
		{name: "group.rename", op: func(string) workshops.Op { return op(workshops.OpGroupRename, withGroup(groupA), withName("Bo")) }, want: onlyFac},
		{name: "group.delete", op: func(string) workshops.Op { return op(workshops.OpGroupDelete, withGroup(groupA)) }, want: onlyFac},
		{name: "group.assign", op: func(string) workshops.Op {
			return op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupB}))
		}, want: onlyFac},
		{name: "group.pick", op: func(string) workshops.Op { return op(workshops.OpGroupPick, withOn(true)) }, want: onlyFac},
		{name: "breakout.end", op: func(string) workshops.Op { return op(workshops.OpBreakoutEnd) }, want: onlyFac},
		{name: "breakout.start", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
			return b
		}, op: func(string) workshops.Op { return op(workshops.OpBreakoutStart) }, want: onlyFac},
		{name: "vote.open", op: func(string) workshops.Op { return voteOpenOp("v-new", 3, "f-a", "f-b") }, want: onlyFac},
		{name: "vote.cast", setup: withVoteOpen, op: func(string) workshops.Op { return castOp("v1", "n-plen") },
			want: byRole{no, ok, no, no}},
		{name: "vote.retract", setup: func(t testing.TB) *workshops.Board {
			b := withVoteOpen(t)
			mustApply(t, b, aliceID, castOp("v1", "n-plen"))
			return b
		}, op: func(string) workshops.Op { return retractOp("v1", "n-plen") }, want: byRole{no, ok, no, no}},
		{name: "vote.close", setup: withVoteOpen, op: func(string) workshops.Op { return op(workshops.OpVoteClose, withVote("v1")) }, want: onlyFac},
		{name: "vote.reveal", setup: withVoteOpen, op: func(string) workshops.Op { return op(workshops.OpVoteReveal, withVote("v1")) }, want: onlyFac},
		{name: "vote.top", setup: func(t testing.TB) *workshops.Board {
			b := withVoteOpen(t)
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
			return b
		}, op: func(string) workshops.Op { return op(workshops.OpVoteTop, withVote("v1"), withNotes("n-plen")) }, want: onlyFac},
		{name: "private.start", op: func(string) workshops.Op { return op(workshops.OpPrivateStart) }, want: onlyFac},
		{name: "private.reveal", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpPrivateStart, withFrames("f-a")))
			return b
		}, op: func(string) workshops.Op { return op(workshops.OpPrivateReveal) }, want: onlyFac},
		{name: "timer.start", op: func(string) workshops.Op { return op(workshops.OpTimerStart, withMs(40*60*1000)) }, want: onlyFac},
		{name: "timer.pause", setup: withTimer, op: func(string) workshops.Op { return op(workshops.OpTimerPause) }, want: onlyFac},
		{name: "timer.resume", setup: func(t testing.TB) *workshops.Board {
			b := withTimer(t)
			mustApply(t, b, facID, op(workshops.OpTimerPause))
			return b
		}, op: func(string) workshops.Op { return op(workshops.OpTimerResume) }, want: onlyFac},
		{name: "timer.add", setup: withTimer, op: func(string) workshops.Op { return op(workshops.OpTimerAdd, withMs(5*60*1000)) }, want: onlyFac},
		{name: "timer.reset", setup: withTimer, op: func(string) workshops.Op { return op(workshops.OpTimerReset) }, want: onlyFac},

		// The note ops, for the removed participant and the locks.
		{name: "note.create in the plenary frame", op: func(a string) workshops.Op {
			return createOp("n-"+a, "x", workshops.ColorGreen, 500, 500)
		}, want: byRole{ok, ok, no, no}},
		{name: "note.create on a locked board", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
			return b
		}, op: func(a string) workshops.Op {
			return createOp("n-"+a, "x", workshops.ColorGreen, 500, 500)
		}, want: byRole{ok, workshops.ELOCKED, no, no}},
	}
	actors := []struct {
		role string
		id   string
		want func(byRole) string
	}{
		{"facilitator", facID, func(r byRole) string { return r.fac }},
		{"participant", aliceID, func(r byRole) string { return r.part }},
		{"observer", obsID, func(r byRole) string { return r.obs }},
		{"removed", rexID, func(r byRole) string { return r.removed }},
	}
	for _, tt := range tests {
		for _, a := range actors {
			t.Run(tt.name+"/"+a.role, func(t *testing.T) {
				setup := tt.setup
				if setup == nil {
					setup = workshopBoard
				}
				b := setup(t)
				o := tt.op(a.id)
				if code := a.want(tt.want); code != "" {
					refused(t, b, a.id, o, code)
					return
				}
				hash := b.Hash()
				mustApply(t, b, a.id, o)
				if b.Hash() == hash {
					t.Errorf("accepted %s left the hash unchanged", o.Kind)
				}
			})
		}
	}
	// Every facilitation op kind is in the table.
	seen := map[workshops.OpKind]bool{}
	for _, tt := range tests {
		seen[tt.op(aliceID).Kind] = true
	}
	for _, k := range facilitationKinds {
		if !seen[k] {
			t.Errorf("%s is missing from the role table", k)
		}
	}
}

var facilitationKinds = []workshops.OpKind{
	workshops.OpNoteHide, workshops.OpParticipantRename, workshops.OpParticipantRemove, workshops.OpParticipantGroup,
	workshops.OpBoardLock, workshops.OpBoardJoining, workshops.OpBoardMessage, workshops.OpBoardFocus,
	workshops.OpFrameCreate, workshops.OpFrameUpdate, workshops.OpFrameLock, workshops.OpFrameDelete, workshops.OpFrameCopy, workshops.OpFrameChoose,
	workshops.OpGroupCreate, workshops.OpGroupRename, workshops.OpGroupDelete, workshops.OpGroupAssign, workshops.OpGroupPick,
	workshops.OpBreakoutStart, workshops.OpBreakoutEnd,
	workshops.OpVoteOpen, workshops.OpVoteCast, workshops.OpVoteRetract, workshops.OpVoteClose, workshops.OpVoteReveal, workshops.OpVoteTop,
	workshops.OpPrivateStart, workshops.OpPrivateReveal,
	workshops.OpTimerStart, workshops.OpTimerPause, workshops.OpTimerResume, workshops.OpTimerAdd, workshops.OpTimerReset,
}

func withTimer(t testing.TB) *workshops.Board {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpTimerStart, withMs(30*60*1000)))
	return b
}

// ---- refusals that depend on the state ----

func TestFacilitationRejects(t *testing.T) {
	voting := func(t testing.TB) *workshops.Board {
		b := workshopBoard(t)
		mustApply(t, b, facID, voteOpenOp("v1", 2, "f-plen", "f-a"))
		return b
	}
	tests := []struct {
		name  string
		setup func(t testing.TB) *workshops.Board // nil: workshopBoard
		actor string
		op    workshops.Op
		code  string
	}{
		// People.
		{name: "a removed person joins again", op: joinOp(rexID, "Rex", workshops.RoleParticipant), code: workshops.EFORBIDDEN},
		{name: "a join that sets a group", op: func() workshops.Op {
			o := joinOp("p-new", "New", workshops.RoleParticipant)
			o.Participant.Group = groupA
			return o
		}(), code: workshops.EINVALID},
		{name: "a join that sets removed", op: func() workshops.Op {
			o := joinOp("p-new", "New", workshops.RoleParticipant)
			o.Participant.Removed = true
			return o
		}(), code: workshops.EINVALID},
		{name: "remove a facilitator", actor: facID, op: op(workshops.OpParticipantRemove, withPerson(fac2ID)), code: workshops.EFORBIDDEN},
		{name: "remove oneself as facilitator", actor: facID, op: op(workshops.OpParticipantRemove, withPerson(facID)), code: workshops.EFORBIDDEN},
		{name: "remove a removed person", actor: facID, op: op(workshops.OpParticipantRemove, withPerson(rexID)), code: workshops.EDELETED},
		{name: "remove a stranger", actor: facID, op: op(workshops.OpParticipantRemove, withPerson("nobody")), code: workshops.ENOTFOUND},
		{name: "rename a removed person", actor: facID, op: op(workshops.OpParticipantRename, withPerson(rexID), withName("R")), code: workshops.EDELETED},
		{name: "rename to a blank name", actor: aliceID, op: op(workshops.OpParticipantRename, withPerson(aliceID), withName("  ")), code: workshops.EINVALID},
		{name: "rename to a long name", actor: facID, op: op(workshops.OpParticipantRename, withPerson(aliceID), withName(strings.Repeat("n", 41))), code: workshops.ETOOLARGE},
		{name: "move to a missing group", actor: facID, op: op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup("nope")), code: workshops.ENOTFOUND},
		{name: "move to a deleted group", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpGroupDelete, withGroup(groupB)))
			return b
		}, actor: facID, op: op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup(groupB)), code: workshops.EDELETED},

		// Groups.
		{name: "group.create with a taken ID", actor: facID, op: groupOp(groupA, "Again"), code: workshops.ECONFLICT},
		{name: "group.create with a bad ID", actor: facID, op: groupOp("g a", "A"), code: workshops.EINVALID},
		{name: "group.create with a blank name", actor: facID, op: groupOp("gc", " "), code: workshops.EINVALID},
		{name: "group.rename a missing group", actor: facID, op: op(workshops.OpGroupRename, withGroup("nope"), withName("X")), code: workshops.ENOTFOUND},
		{name: "group.delete twice", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpGroupDelete, withGroup(groupB)))
			return b
		}, actor: facID, op: op(workshops.OpGroupDelete, withGroup(groupB)), code: workshops.EDELETED},
		{name: "group.assign a stranger", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{"nobody": groupA})), code: workshops.ENOTFOUND},
		{name: "group.assign a removed person", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{rexID: groupA})), code: workshops.EDELETED},
		{name: "group.assign to a missing group", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: "nope"})), code: workshops.ENOTFOUND},
		{name: "group.assign with an empty map", actor: facID, op: op(workshops.OpGroupAssign, withAssign(map[string]string{})), code: workshops.EINVALID},
		{name: "breakout.start during breakout", actor: facID, op: op(workshops.OpBreakoutStart), code: workshops.EINVALID},

		// Frames.
		{name: "frame.create with a taken ID", actor: facID, op: frameOp("f-a", "X", 0, 0, 500, 500, ""), code: workshops.ECONFLICT},
		{name: "frame.create too small", actor: facID, op: frameOp("f-new", "X", 0, 0, 50, 500, ""), code: workshops.EINVALID},
		{name: "frame.create too large", actor: facID, op: frameOp("f-new", "X", 0, 0, 500, 30000, ""), code: workshops.EINVALID},
		{name: "frame.create off the board", actor: facID, op: frameOp("f-new", "X", workshops.MaxCoord+1, 0, 500, 500, ""), code: workshops.EINVALID},
		{name: "frame.create for a missing group", actor: facID, op: frameOp("f-new", "X", 0, 0, 500, 500, "nope"), code: workshops.ENOTFOUND},
		{name: "frame.create with a blank title", actor: facID, op: frameOp("f-new", " ", 0, 0, 500, 500, ""), code: workshops.EINVALID},
		{name: "frame.update with nothing", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("f-a")), code: workshops.EINVALID},
		{name: "frame.update with x only", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("f-a"), func(o *workshops.Op) { o.X = ptr(1.0) }), code: workshops.EINVALID},
		{name: "frame.update pushing its notes off the board", actor: facID,
			op: op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(workshops.MaxCoord-10, 0)), code: workshops.EINVALID},
		{name: "frame.update of a missing frame", actor: facID, op: op(workshops.OpFrameUpdate, withFrame("nope"), withTitle("T")), code: workshops.ENOTFOUND},
		{name: "frame.lock of a deleted frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpFrameDelete, withFrame("f-a")))
			return b
		}, actor: facID, op: op(workshops.OpFrameLock, withFrame("f-a"), withOn(true)), code: workshops.EDELETED},
		{name: "frame.copy with no groups", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpGroupDelete, withGroup(groupA)))
			mustApply(t, b, facID, op(workshops.OpGroupDelete, withGroup(groupB)))
			return b
		}, actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, 2000)), code: workshops.EINVALID},
		{name: "frame.copy listing a frame twice", actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen", "f-plen"), withXY(0, 2000)), code: workshops.EINVALID},
		{name: "frame.copy off the board", actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, workshops.MaxCoord)), code: workshops.EINVALID},
		{name: "frame.copy onto a taken ID", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, frameOp(workshops.CopyFrameID(b.Seq+2, 1, 0), "Squatter", 0, 5000, 500, 500, ""))
			return b
		}, actor: facID, op: op(workshops.OpFrameCopy, withFrames("f-plen"), withXY(0, 2000)), code: workshops.ECONFLICT},

		// Notes: locks, groups, moderation.
		{name: "note.create in a locked frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-a"), withOn(true)))
			return b
		}, actor: aliceID, op: createOp("n-new", "x", workshops.ColorBlue, 2500, 500), code: workshops.ELOCKED},
		{name: "note.move out of a locked frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-plen"), withOn(true)))
			mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
			return b
		}, actor: aliceID, op: moveOp("n-plen", 2500, 500), code: workshops.ELOCKED},
		{name: "note.move into a locked frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-plen"), withOn(true)))
			mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
			return b
		}, actor: aliceID, op: moveOp("n-a", 300, 300), code: workshops.ELOCKED},
		{name: "note.edit in a locked frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-a"), withOn(true)))
			return b
		}, actor: aliceID, op: editOp("n-a", "changed"), code: workshops.ELOCKED},
		{name: "note.delete on a locked board", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
			return b
		}, actor: aliceID, op: deleteOp("n-a"), code: workshops.ELOCKED},
		{name: "note.recolor on a locked board", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
			return b
		}, actor: bobID, op: recolorOp("n-plen", workshops.ColorPink), code: workshops.ELOCKED},
		{name: "move another group's note", actor: bobID, op: moveOp("n-a", 2200, 200), code: workshops.ENOTFOUND},
		{name: "edit another group's note as a facilitator would", actor: carolID, op: editOp("n-b", "mine"), code: workshops.ENOTFOUND},
		{name: "move one's group's note out to plenary during breakout", actor: aliceID, op: moveOp("n-a", 100, 600), code: workshops.EFORBIDDEN},
		{name: "move a plenary note into one's group during breakout", actor: aliceID, op: moveOp("n-plen", 2100, 600), code: workshops.EFORBIDDEN},
		{name: "write on another group's frame during breakout", actor: aliceID, op: createOp("n-new", "x", workshops.ColorBlue, 4200, 200), code: workshops.EFORBIDDEN},
		{name: "move a loose note onto another group's frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, aliceID, createOp("n-loose", "x", workshops.ColorBlue, 7000, 200))
			return b
		}, actor: aliceID, op: moveOp("n-loose", 4200, 200), code: workshops.EFORBIDDEN},
		{name: "resize a note out of its group frame", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, aliceID, createOp("n-edge", "x", workshops.ColorBlue, 2850, 100)) // centre x 2940, in f-a
			return b
		}, actor: aliceID, op: resizeOp("n-edge", 400, 140), code: workshops.EFORBIDDEN}, // centre x 3050
		{name: "act on a hidden note", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, hideOp("n-a", true))
			return b
		}, actor: aliceID, op: editOp("n-a", "mine still"), code: workshops.ENOTFOUND},
		{name: "hide a hidden note", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, hideOp("n-a", true))
			return b
		}, actor: facID, op: hideOp("n-a", true), code: workshops.ECONFLICT},
		{name: "show a note that is not hidden", actor: facID, op: hideOp("n-a", false), code: workshops.ECONFLICT},
		{name: "show with a reason", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, hideOp("n-a", true))
			return b
		}, actor: facID, op: op(workshops.OpNoteHide, withNote("n-a"), withOn(false), withReason("why")), code: workshops.EINVALID},
		{name: "hide with a long reason", actor: facID, op: op(workshops.OpNoteHide, withNote("n-a"), withOn(true), withReason(strings.Repeat("r", 201))), code: workshops.ETOOLARGE},
		{name: "hide a deleted note", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, deleteOp("n-a"))
			return b
		}, actor: facID, op: hideOp("n-a", true), code: workshops.EDELETED},
		{name: "delete with a long reason", actor: facID, op: op(workshops.OpNoteDelete, withNote("n-a"), withReason(strings.Repeat("r", 201))), code: workshops.ETOOLARGE},

		// The flow.
		{name: "a message too long", actor: facID, op: op(workshops.OpBoardMessage, withText(strings.Repeat("m", 501))), code: workshops.ETOOLARGE},
		{name: "focus on a frame and a point", actor: facID, op: op(workshops.OpBoardFocus, withFrame("f-a"), withXY(1, 1)), code: workshops.EINVALID},
		{name: "focus on x only", actor: facID, op: op(workshops.OpBoardFocus, func(o *workshops.Op) { o.X = ptr(1.0) }), code: workshops.EINVALID},
		{name: "focus on a missing frame", actor: facID, op: op(workshops.OpBoardFocus, withFrame("nope")), code: workshops.ENOTFOUND},

		// Votes.
		{name: "vote.open while one is open", setup: voting, actor: facID, op: voteOpenOp("v2", 3), code: workshops.ECONFLICT},
		{name: "vote.open with a taken ID", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteClose, withVote("v1")))
			return b
		}, actor: facID, op: voteOpenOp("v1", 3), code: workshops.ECONFLICT},
		{name: "vote.open with no budget", actor: facID, op: voteOpenOp("v1", 0), code: workshops.EINVALID},
		{name: "vote.open with a huge budget", actor: facID, op: voteOpenOp("v1", workshops.MaxBudget+1), code: workshops.EINVALID},
		{name: "vote.open with a cap over the budget", actor: facID, op: op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(4)), code: workshops.EINVALID},
		{name: "vote.open with a zero cap", actor: facID, op: op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(0)), code: workshops.EINVALID},
		{name: "vote.open on a missing frame", actor: facID, op: voteOpenOp("v1", 3, "nope"), code: workshops.ENOTFOUND},
		{name: "vote.open listing a frame twice", actor: facID, op: voteOpenOp("v1", 3, "f-a", "f-a"), code: workshops.EINVALID},
		{name: "vote.cast in a missing vote", setup: voting, actor: aliceID, op: castOp("nope", "n-a"), code: workshops.ENOTFOUND},
		{name: "vote.cast when closed", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteClose, withVote("v1")))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a"), code: workshops.ECLOSED},
		{name: "vote.cast after the reveal", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a"), code: workshops.ECLOSED},
		{name: "vote.cast on a note outside the vote", setup: voting, actor: bobID, op: castOp("v1", "n-b"), code: workshops.EINVALID},
		{name: "vote.cast on another group's note", setup: voting, actor: bobID, op: castOp("v1", "n-a"), code: workshops.ENOTFOUND},
		{name: "vote.cast on a hidden note", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, hideOp("n-a", true))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a"), code: workshops.ENOTFOUND},
		{name: "vote.cast on a deleted note", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, deleteOp("n-a"))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a"), code: workshops.EDELETED},
		{name: "vote.cast over the budget", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, aliceID, castOp("v1", "n-a"))
			mustApply(t, b, aliceID, castOp("v1", "n-plen"))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a2"), code: workshops.EOVERBUDGET},
		{name: "vote.cast over the cap", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(1)))
			mustApply(t, b, aliceID, castOp("v1", "n-a"))
			return b
		}, actor: aliceID, op: castOp("v1", "n-a"), code: workshops.EOVERBUDGET},
		{name: "vote.retract with no dot", setup: voting, actor: aliceID, op: retractOp("v1", "n-a"), code: workshops.EINVALID},
		{name: "vote.retract someone else's dot", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, aliceID, castOp("v1", "n-a"))
			return b
		}, actor: carolID, op: retractOp("v1", "n-a"), code: workshops.EINVALID},
		{name: "vote.retract on a note no longer in sight", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, aliceID, castOp("v1", "n-a"))
			mustApply(t, b, facID, op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup(groupB)))
			return b
		}, actor: aliceID, op: retractOp("v1", "n-a"), code: workshops.ENOTFOUND},
		{name: "vote.close twice", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteClose, withVote("v1")))
			return b
		}, actor: facID, op: op(workshops.OpVoteClose, withVote("v1")), code: workshops.ECLOSED},
		{name: "vote.reveal twice", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
			return b
		}, actor: facID, op: op(workshops.OpVoteReveal, withVote("v1")), code: workshops.EINVALID},
		{name: "vote.top before the reveal", setup: voting, actor: facID, op: op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a")), code: workshops.EINVALID},
		{name: "vote.top with a note outside the vote", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
			return b
		}, actor: facID, op: op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a", "n-b")), code: workshops.EINVALID},
		{name: "vote.top listing a note twice", setup: func(t testing.TB) *workshops.Board {
			b := voting(t)
			mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
			return b
		}, actor: facID, op: op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a", "n-a")), code: workshops.EINVALID},

		// Private writing.
		{name: "private.start twice", setup: func(t testing.TB) *workshops.Board {
			b := workshopBoard(t)
			mustApply(t, b, facID, op(workshops.OpPrivateStart))
			return b
		}, actor: facID, op: op(workshops.OpPrivateStart), code: workshops.ECONFLICT},
		{name: "private.start on a missing frame", actor: facID, op: op(workshops.OpPrivateStart, withFrames("nope")), code: workshops.ENOTFOUND},
		{name: "private.reveal with no step", actor: facID, op: op(workshops.OpPrivateReveal), code: workshops.ECLOSED},

		// The timer.
		{name: "timer.start too short", actor: facID, op: op(workshops.OpTimerStart, withMs(999)), code: workshops.EINVALID},
		{name: "timer.start too long", actor: facID, op: op(workshops.OpTimerStart, withMs(workshops.MaxTimerMs+1)), code: workshops.EINVALID},
		{name: "timer.pause with no timer", actor: facID, op: op(workshops.OpTimerPause), code: workshops.EINVALID},
		{name: "timer.resume while running", setup: withTimer, actor: facID, op: op(workshops.OpTimerResume), code: workshops.EINVALID},
		{name: "timer.pause twice", setup: func(t testing.TB) *workshops.Board {
			b := withTimer(t)
			mustApply(t, b, facID, op(workshops.OpTimerPause))
			return b
		}, actor: facID, op: op(workshops.OpTimerPause), code: workshops.EINVALID},
		{name: "timer.add with no timer", actor: facID, op: op(workshops.OpTimerAdd, withMs(60000)), code: workshops.EINVALID},
		{name: "timer.add a negative time", setup: withTimer, actor: facID, op: op(workshops.OpTimerAdd, withMs(-60000)), code: workshops.EINVALID},
		{name: "timer.add past a day", setup: withTimer, actor: facID, op: op(workshops.OpTimerAdd, withMs(workshops.MaxTimerMs)), code: workshops.EINVALID},
		{name: "timer.reset with no timer", actor: facID, op: op(workshops.OpTimerReset), code: workshops.EINVALID},

		// Shapes.
		{name: "vote.cast without a note", actor: aliceID, op: op(workshops.OpVoteCast, withVote("v1")), code: workshops.EINVALID},
		{name: "frame.copy with an empty list", actor: facID, op: op(workshops.OpFrameCopy, withFrames(), withXY(0, 1)), code: workshops.EINVALID},
		{name: "breakout.end with a note", actor: facID, op: op(workshops.OpBreakoutEnd, withNote("n-a")), code: workshops.EINVALID},
		{name: "timer.pause with ms", actor: facID, op: op(workshops.OpTimerPause, withMs(1)), code: workshops.EINVALID},
		{name: "note.edit with a reason", actor: aliceID, op: op(workshops.OpNoteEdit, withNote("n-a"), withText("t"), withReason("r")), code: workshops.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := tt.setup
			if setup == nil {
				setup = workshopBoard
			}
			refused(t, setup(t), tt.actor, tt.op, tt.code)
		})
	}
}

// ---- votes ----

// Two dots that race for the last one of a budget: whichever the log puts
// first wins, on every replica alike.
func TestVoteBudgetInLogOrder(t *testing.T) {
	for _, order := range [][]string{{"n-a", "n-a2"}, {"n-a2", "n-a"}} {
		t.Run(strings.Join(order, "-first-"), func(t *testing.T) {
			b1 := workshopBoard(t)
			mustApply(t, b1, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(2), withCap(2)))
			mustApply(t, b1, aliceID, castOp("v1", "n-plen"))
			b2 := b1.Clone()
			// Two nodes received one dot each; the sequencer put them in
			// this order. A refused one is not logged, so the next event
			// takes its seq.
			var codes []string
			for _, note := range order {
				e := event(b1, aliceID, castOp("v1", note))
				e.OpID = "from-" + note
				c1 := workshops.ErrorCode(workshops.Apply(b1, e))
				if c2 := workshops.ErrorCode(workshops.Apply(b2, e)); c1 != c2 {
					t.Fatalf("replicas disagree on the dot on %s: %q vs %q", note, c1, c2)
				}
				codes = append(codes, c1)
			}
			if want := []string{"", workshops.EOVERBUDGET}; !reflect.DeepEqual(codes, want) {
				t.Errorf("codes = %v, want %v", codes, want)
			}
			if b1.Hash() != b2.Hash() {
				t.Errorf("replicas differ")
			}
			if got := b1.Votes["v1"].Ballots[aliceID]; !reflect.DeepEqual(got, map[string]int{"n-plen": 1, order[0]: 1}) {
				t.Errorf("alice's ballot = %v", got)
			}
			// Taking one back makes room again.
			mustApply(t, b1, aliceID, retractOp("v1", order[0]))
			mustApply(t, b1, aliceID, castOp("v1", order[1]))
			refused(t, b1, aliceID, castOp("v1", order[1]), workshops.EOVERBUDGET)
		})
	}
}

func TestVoteLifecycle(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(2), withFrames("f-a", "f-b")))
	mustApply(t, b, aliceID, castOp("v1", "n-a"))
	mustApply(t, b, aliceID, castOp("v1", "n-a"))
	mustApply(t, b, aliceID, castOp("v1", "n-a2"))
	mustApply(t, b, carolID, castOp("v1", "n-a2"))
	mustApply(t, b, bobID, castOp("v1", "n-b"))
	mustApply(t, b, carolID, castOp("v1", "n-a"))
	mustApply(t, b, carolID, retractOp("v1", "n-a"))
	v := b.Votes["v1"]
	if got, want := v.Totals(), map[string]int{"n-a": 2, "n-a2": 2, "n-b": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("totals = %v, want %v", got, want)
	}
	if v.Spent(aliceID) != 3 || v.Spent(carolID) != 1 || v.Spent(bobID) != 1 || v.Spent(facID) != 0 {
		t.Errorf("spent: alice %d, carol %d, bob %d", v.Spent(aliceID), v.Spent(carolID), v.Spent(bobID))
	}
	// Deleting a note hands its dots back while the vote is open.
	mustApply(t, b, carolID, deleteOp("n-a2"))
	if v := b.Votes["v1"]; v.Spent(aliceID) != 2 || v.Spent(carolID) != 0 {
		t.Errorf("after the delete: alice spent %d, carol %d; want 2, 0", v.Spent(aliceID), v.Spent(carolID))
	}
	if _, ok := b.Votes["v1"].Ballots[carolID]; ok {
		t.Errorf("carol's empty ballot was kept")
	}
	mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
	v = b.Votes["v1"]
	if v.Open || !v.Revealed || v.ClosedAt == 0 {
		t.Errorf("after reveal: %+v", v)
	}
	rank := b.Ranking("v1")
	if want := []workshops.Tally{{Note: "n-a", Group: groupA, Dots: 2}, {Note: "n-b", Group: groupB, Dots: 1}}; !reflect.DeepEqual(rank, want) {
		t.Errorf("ranking = %+v, want %+v", rank, want)
	}
	mustApply(t, b, facID, op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a", "n-b")))
	if got := b.Votes["v1"].Top; !reflect.DeepEqual(got, []string{"n-a", "n-b"}) {
		t.Errorf("top = %v", got)
	}
	// Hiding after the reveal keeps the tally (hand-backs are for open votes).
	mustApply(t, b, facID, hideOp("n-b", true))
	if b.Votes["v1"].Totals()["n-b"] != 1 {
		t.Errorf("hiding after the reveal changed the tally")
	}
	// A new vote may open now.
	mustApply(t, b, facID, voteOpenOp("v2", 1))
	mustApply(t, b, bobID, castOp("v2", "n-plen"))
	mustApply(t, b, facID, hideOp("n-plen", true))
	if b.Votes["v2"].Spent(bobID) != 0 {
		t.Errorf("hiding a note in an open vote kept its dots")
	}
}

// ---- the timer ----

func TestTimer(t *testing.T) {
	b := workshopBoard(t)
	const t0 = int64(1_800_000_000_000)
	steps := []struct {
		at        int64
		op        workshops.Op
		nowOffset int64 // Remaining is asked at t0+nowOffset
		want      int64
		running   bool
	}{
		{0, op(workshops.OpTimerStart, withMs(60_000)), 10_000, 50_000, true},
		{20_000, op(workshops.OpTimerPause), 90_000, 40_000, false},
		{30_000, op(workshops.OpTimerAdd, withMs(30_000)), 90_000, 70_000, false},
		{100_000, op(workshops.OpTimerResume), 110_000, 60_000, true},
		// It runs out at t0+170000; five minutes added later count from then.
		{300_000, op(workshops.OpTimerAdd, withMs(5_000)), 300_000, 5_000, true},
		{301_000, op(workshops.OpTimerStart, withMs(40*60_000)), 301_000, 40 * 60_000, true},
	}
	for i, s := range steps {
		if err := applyAt(t, b, facID, t0+s.at, s.op); err != nil {
			t.Fatalf("step %d (%s): %v", i, s.op.Kind, err)
		}
		tm := *b.Timer
		if got := tm.Remaining(t0 + s.nowOffset); got != s.want {
			t.Errorf("step %d (%s): remaining at +%d = %d, want %d (%+v)", i, s.op.Kind, s.nowOffset, got, s.want, tm)
		}
		if tm.Running != s.running {
			t.Errorf("step %d: running = %v", i, tm.Running)
		}
	}
	// Never below zero; a clock that went back counts as no time.
	tm := *b.Timer
	if tm.Remaining(t0+1e12) != 0 || tm.Remaining(0) != 40*60_000 {
		t.Errorf("remaining far later = %d, far earlier = %d", tm.Remaining(t0+1e12), tm.Remaining(0))
	}
	// Run out, then resume: refused until time is added.
	if err := applyAt(t, b, facID, t0+10_000_000, op(workshops.OpTimerPause)); err != nil {
		t.Fatal(err)
	}
	refused(t, b, facID, op(workshops.OpTimerResume), workshops.EINVALID)
	mustApply(t, b, facID, op(workshops.OpTimerReset))
	if b.Timer != nil {
		t.Errorf("reset left a timer")
	}
}

// ---- frames ----

func TestFrameMembership(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	// A frame nested in f-plen wins for notes inside it (innermost).
	mustApply(t, b, facID, frameOp("f-inner", "Inner", 500, 500, 400, 400, ""))
	frameOf := func(id string) string { return b.Notes[id].Frame }
	mustApply(t, b, aliceID, createOp("n-in", "inside", workshops.ColorBlue, 550, 550))
	mustApply(t, b, aliceID, createOp("n-out", "outside", workshops.ColorBlue, 50, 700))
	mustApply(t, b, aliceID, createOp("n-loose", "nowhere", workshops.ColorBlue, 10_000, 10_000))
	for id, want := range map[string]string{"n-in": "f-inner", "n-out": "f-plen", "n-loose": ""} {
		if got := frameOf(id); got != want {
			t.Errorf("note %s in %q, want %q", id, got, want)
		}
	}
	// The centre decides: a note whose corner is in the frame but whose
	// centre is not, is not in it.
	mustApply(t, b, aliceID, moveOp("n-loose", 950, 950))
	if got := frameOf("n-loose"); got != "" {
		t.Errorf("note with its centre outside lies in %q", got)
	}
	mustApply(t, b, aliceID, moveOp("n-loose", 800, 800))
	if got := frameOf("n-loose"); got != "f-inner" {
		t.Errorf("moved note lies in %q, want f-inner", got)
	}
	// Resizing moves the centre too: (550,550) + (800,300)/2 is out of
	// f-inner (500..900) but in f-plen.
	mustApply(t, b, aliceID, resizeOp("n-in", 800, 300))
	if got := frameOf("n-in"); got != "f-plen" {
		t.Errorf("resized note lies in %q, want f-plen", got)
	}
	// Moving a frame carries its notes; other notes stay.
	x0, y0 := b.Notes["n-a"].X, b.Notes["n-a"].Y
	mustApply(t, b, facID, op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(2000, 3000)))
	if n := b.Notes["n-a"]; n.X != x0 || n.Y != y0+3000 || n.Frame != "f-a" {
		t.Errorf("note after its frame moved: %+v", n)
	}
	if n := b.Notes["n-b"]; n.Y != 100 {
		t.Errorf("a note of another frame moved: %+v", n)
	}
	// Resizing a frame does not change membership.
	mustApply(t, b, facID, op(workshops.OpFrameUpdate, withFrame("f-inner"), withWH(100, 100)))
	if got := frameOf("n-loose"); got != "f-inner" {
		t.Errorf("resizing the frame moved its note to %q", got)
	}
	// Deleting a frame leaves its notes loose, and a tombstone.
	mustApply(t, b, facID, op(workshops.OpFrameDelete, withFrame("f-inner")))
	if got := frameOf("n-loose"); got != "" {
		t.Errorf("note of a deleted frame lies in %q", got)
	}
	if f := b.Frames["f-inner"]; !f.Deleted || f.Title != "" {
		t.Errorf("tombstone = %+v", f)
	}
	refused(t, b, facID, frameOp("f-inner", "Again", 0, 0, 200, 200, ""), workshops.ECONFLICT)

	// During breakout a participant's note never lands in a frame they
	// cannot see: alice (group A) may not write on f-b's area.
	mustApply(t, b, facID, op(workshops.OpBreakoutStart))
	refused(t, b, aliceID, createOp("n-blind", "blind", workshops.ColorBlue, 4200, 200), workshops.EFORBIDDEN)
	mustApply(t, b, aliceID, createOp("n-blind", "blind", workshops.ColorBlue, 7000, 200))
	// A facilitator's move across groups is allowed, and changes who sees it.
	mustApply(t, b, facID, moveOp("n-blind", 4300, 300))
	if got := frameOf("n-blind"); got != "f-b" || b.ViewSeq != b.Seq {
		t.Errorf("facilitator's move: frame %q, ViewSeq %d at seq %d", got, b.ViewSeq, b.Seq)
	}
}

func TestFrameLockAndBoardLock(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-a"), withOn(true)))
	refused(t, b, aliceID, moveOp("n-a", 2200, 200), workshops.ELOCKED)
	mustApply(t, b, facID, moveOp("n-a", 2200, 200)) // facilitators are never locked out
	mustApply(t, b, aliceID, createOp("n-free", "free", workshops.ColorBlue, 100, 100))
	mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-a"), withOn(false)))
	mustApply(t, b, aliceID, moveOp("n-a", 2300, 200))
	mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
	refused(t, b, aliceID, createOp("n-x", "x", workshops.ColorBlue, 100, 100), workshops.ELOCKED)
	// Votes are not note changes: they go on while the board is locked.
	mustApply(t, b, facID, voteOpenOp("v1", 1))
	mustApply(t, b, aliceID, castOp("v1", "n-free"))
	mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(false)))
	mustApply(t, b, aliceID, createOp("n-x", "x", workshops.ColorBlue, 100, 100))
}

func TestFrameCopy(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, groupOp("gc", "Helse"))
	mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-plen"), withOn(true)))
	mustApply(t, b, facID, frameOp("f-card", "Kort", 0, 1200, 300, 200, ""))
	e := mustApply(t, b, facID, op(workshops.OpFrameCopy, withFrames("f-plen", "f-card"), withXY(0, 5000)))
	groups := []string{groupA, groupB, "gc"} // in ID order
	for gi, g := range groups {
		for fi, src := range []string{"f-plen", "f-card"} {
			id := workshops.CopyFrameID(e.Seq, gi, fi)
			f, ok := b.Frames[id]
			if !ok {
				t.Fatalf("copy %s of %s for %s is missing", id, src, g)
			}
			s := b.Frames[src]
			want := workshops.Frame{ID: id, Title: s.Title, Prompt: s.Prompt, X: s.X, Y: s.Y + 5000*float64(gi+1), W: s.W, H: s.H,
				Group: g, Locked: s.Locked, Z: e.Seq, CreatedAt: e.At, UpdatedAt: e.At}
			if f != want {
				t.Errorf("copy = %+v, want %+v", f, want)
			}
		}
	}
	if b.ViewSeq != e.Seq {
		t.Errorf("frame.copy does not ask for a resync")
	}
	// The same op on a replica gives the same IDs.
	b2 := workshopBoard(t)
	mustApply(t, b2, facID, groupOp("gc", "Helse"))
	mustApply(t, b2, facID, op(workshops.OpFrameLock, withFrame("f-plen"), withOn(true)))
	mustApply(t, b2, facID, frameOp("f-card", "Kort", 0, 1200, 300, 200, ""))
	if err := workshops.Apply(b2, e); err != nil {
		t.Fatal(err)
	}
	if b2.Hash() != b.Hash() {
		t.Errorf("replicas differ after frame.copy")
	}
}

// ---- groups and people ----

func TestGroups(t *testing.T) {
	b := workshopBoard(t)
	for i := range 7 {
		mustApply(t, b, "", joinOp(fmt.Sprintf("p%d", i), fmt.Sprintf("Person %d", i), workshops.RoleParticipant))
	}
	mustApply(t, b, facID, groupOp("gc", "Helse"))
	// A shuffle that reverses: deterministic, but not the identity.
	reverse := func(n int, swap func(i, j int)) {
		for i := 0; i < n/2; i++ {
			swap(i, n-1-i)
		}
	}
	assign, err := b.AssignEvenly(reverse)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := assign[rexID]; ok {
		t.Errorf("the removed person was assigned")
	}
	if assign[facID] != "" || assign[obsID] != "" {
		t.Errorf("facilitator or observer moved: %v", assign)
	}
	mustApply(t, b, facID, op(workshops.OpGroupAssign, withAssign(assign)))
	if b.ViewSeq != b.Seq {
		t.Errorf("group.assign during breakout does not ask for a resync")
	}
	sizes := map[string]int{}
	for _, p := range b.Participants {
		if p.Role == workshops.RoleParticipant && !p.Removed {
			sizes[p.Group]++
		}
	}
	if len(sizes) != 3 || sizes[""] != 0 {
		t.Fatalf("group sizes = %v", sizes)
	}
	for g, n := range sizes {
		if n < 3 || n > 4 { // 10 people over 3 groups
			t.Errorf("group %s has %d people", g, n)
		}
	}
	// The full mapping: whoever is left out has no group.
	mustApply(t, b, facID, op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupB})))
	for id, p := range b.Participants {
		want := ""
		if id == aliceID {
			want = groupB
		}
		if p.Group != want {
			t.Errorf("%s in %q after the full mapping, want %q", id, p.Group, want)
		}
	}
	// Picking one's own group when allowed.
	refused(t, b, bobID, op(workshops.OpParticipantGroup, withPerson(bobID), withGroup("gc")), workshops.EFORBIDDEN)
	mustApply(t, b, facID, op(workshops.OpGroupPick, withOn(true)))
	mustApply(t, b, bobID, op(workshops.OpParticipantGroup, withPerson(bobID), withGroup("gc")))
	mustApply(t, b, bobID, op(workshops.OpParticipantGroup, withPerson(bobID), withGroup("")))
	if b.Participants[bobID].Group != "" {
		t.Errorf("bob could not leave his group")
	}
	// Deleting a group empties it; it stays as a tombstone.
	mustApply(t, b, facID, op(workshops.OpGroupDelete, withGroup(groupB)))
	if b.Participants[aliceID].Group != "" || !b.Groups[groupB].Deleted {
		t.Errorf("after group.delete: alice in %q, group %+v", b.Participants[aliceID].Group, b.Groups[groupB])
	}
	refused(t, b, facID, groupOp(groupB, "Again"), workshops.ECONFLICT)
	// In plenary a group change does not change what anyone sees.
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	vs := b.ViewSeq
	mustApply(t, b, facID, op(workshops.OpParticipantGroup, withPerson(aliceID), withGroup(groupA)))
	if b.ViewSeq != vs {
		t.Errorf("a group change in plenary asks for a resync")
	}
	// With no groups there is nothing to assign.
	empty := workshops.NewBoard("ws-2", "T")
	if _, err := empty.AssignEvenly(nil); workshops.ErrorCode(err) != workshops.EINVALID {
		t.Errorf("AssignEvenly with no groups: %v", err)
	}
}

func TestParticipantRenameAndRemove(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, aliceID, op(workshops.OpParticipantRename, withPerson(aliceID), withName("  Alice Ås  ")))
	if got := b.Participants[aliceID].Name; got != "Alice Ås" {
		t.Errorf("name = %q", got)
	}
	mustApply(t, b, facID, op(workshops.OpParticipantRename, withPerson(bobID), withName("B.")))
	// A re-join keeps the group and takes the new name.
	mustApply(t, b, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	if p := b.Participants[aliceID]; p.Group != groupA || p.Name != "Alice" {
		t.Errorf("after re-join: %+v", p)
	}
	// Removal: every later op is refused, the notes stay.
	mustApply(t, b, facID, op(workshops.OpParticipantRemove, withPerson(bobID)))
	if !b.Participants[bobID].Removed || b.Notes["n-b"].Deleted {
		t.Errorf("after removal: %+v, note %+v", b.Participants[bobID], b.Notes["n-b"])
	}
	for _, o := range []workshops.Op{
		createOp("n-new", "x", workshops.ColorBlue, 0, 0), moveOp("n-b", 4100, 200), editOp("n-b", "x"),
		op(workshops.OpParticipantRename, withPerson(bobID), withName("Bob")),
	} {
		refused(t, b, bobID, o, workshops.EFORBIDDEN)
	}
	refused(t, b, "", joinOp(bobID, "Bob", workshops.RoleParticipant), workshops.EFORBIDDEN)
	refused(t, b, "", joinOp(bobID, "Bob", workshops.RoleFacilitator), workshops.EFORBIDDEN)
}

// ---- moderation ----

func TestNoteHide(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpNoteHide, withNote("n-plen"), withOn(true), withReason("  personopplysninger  ")))
	n := b.Notes["n-plen"]
	if !n.Hidden || n.HiddenReason != "personopplysninger" || n.Text != "plenary idea" {
		t.Errorf("hidden note = %+v", n)
	}
	if b.ViewSeq != b.Seq {
		t.Errorf("note.hide does not stamp ViewSeq")
	}
	// Facilitators still act on it; its author cannot see it.
	refused(t, b, aliceID, moveOp("n-plen", 0, 0), workshops.ENOTFOUND)
	mustApply(t, b, fac2ID, editOp("n-plen", "plenary idea (edited)"))
	mustApply(t, b, facID, hideOp("n-plen", false))
	if n := b.Notes["n-plen"]; n.Hidden || n.HiddenReason != "" {
		t.Errorf("shown note = %+v", n)
	}
	// A deletion with a reason keeps no content.
	mustApply(t, b, facID, op(workshops.OpNoteHide, withNote("n-a"), withOn(true), withReason("spam")))
	mustApply(t, b, facID, op(workshops.OpNoteDelete, withNote("n-a"), withReason("spam")))
	if n := b.Notes["n-a"]; !n.Deleted || n.Text != "" || n.HiddenReason != "" {
		t.Errorf("tombstone = %+v", n)
	}
}

// ---- private writing ----

func TestPrivateStep(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpPrivateStart, withFrames("f-a")))
	mustApply(t, b, aliceID, createOp("n-pa", "alice private", workshops.ColorBlue, 2600, 600))
	mustApply(t, b, carolID, createOp("n-pc", "carol private", workshops.ColorBlue, 2700, 700))
	mustApply(t, b, aliceID, createOp("n-pub", "outside the step", workshops.ColorBlue, 300, 600))
	if !b.Notes["n-pa"].Private || !b.Notes["n-pc"].Private || b.Notes["n-pub"].Private {
		t.Fatalf("private flags: %v %v %v", b.Notes["n-pa"].Private, b.Notes["n-pc"].Private, b.Notes["n-pub"].Private)
	}
	// Carol cannot touch alice's private note; alice can.
	refused(t, b, carolID, moveOp("n-pa", 2600, 650), workshops.ENOTFOUND)
	mustApply(t, b, aliceID, editOp("n-pa", "alice private, revised"))
	// A note written before the step stays public.
	if b.Notes["n-a"].Private {
		t.Errorf("an older note became private")
	}
	mustApply(t, b, facID, op(workshops.OpPrivateReveal))
	for _, id := range []string{"n-pa", "n-pc"} {
		if b.Notes[id].Private {
			t.Errorf("%s still private after the reveal", id)
		}
	}
	if b.Private != nil || b.ViewSeq != b.Seq {
		t.Errorf("after reveal: step %+v, ViewSeq %d at %d", b.Private, b.ViewSeq, b.Seq)
	}
	mustApply(t, b, carolID, moveOp("n-pa", 2600, 650))
}

// ---- the flow ----

func TestFocusAndMessage(t *testing.T) {
	b := workshopBoard(t)
	e := mustApply(t, b, facID, op(workshops.OpBoardFocus, withFrame("f-a")))
	if want := (workshops.Focus{Frame: "f-a", At: e.At, By: facID}); b.Focus == nil || *b.Focus != want {
		t.Errorf("focus = %+v, want %+v", b.Focus, want)
	}
	e = mustApply(t, b, fac2ID, op(workshops.OpBoardFocus, withXY(-50, 70.5)))
	if want := (workshops.Focus{X: -50, Y: 70.5, At: e.At, By: fac2ID}); *b.Focus != want {
		t.Errorf("focus = %+v, want %+v", *b.Focus, want)
	}
	mustApply(t, b, facID, op(workshops.OpBoardFocus))
	if b.Focus != nil {
		t.Errorf("focus not cleared")
	}
	e = mustApply(t, b, facID, op(workshops.OpBoardMessage, withText(" 5 minutter igjen, så samles vi i plenum ")))
	if want := (workshops.Message{Text: "5 minutter igjen, så samles vi i plenum", At: e.At, By: facID}); b.Message == nil || *b.Message != want {
		t.Errorf("message = %+v", b.Message)
	}
	mustApply(t, b, facID, op(workshops.OpBoardMessage, withText("")))
	if b.Message != nil {
		t.Errorf("message not cleared")
	}
}

// ---- state: Clone, snapshots, determinism ----

// richBoard is workshopBoard with every kind of facilitation state set.
func richBoard(t testing.TB) *workshops.Board {
	t.Helper()
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(2), withFrames("f-a", "f-b")))
	mustApply(t, b, aliceID, castOp("v1", "n-a"))
	mustApply(t, b, bobID, castOp("v1", "n-b"))
	mustApply(t, b, facID, op(workshops.OpVoteReveal, withVote("v1")))
	mustApply(t, b, facID, op(workshops.OpVoteTop, withVote("v1"), withNotes("n-a")))
	mustApply(t, b, facID, voteOpenOp("v2", 2))
	mustApply(t, b, carolID, castOp("v2", "n-plen"))
	mustApply(t, b, facID, op(workshops.OpPrivateStart, withFrames("f-a"), withSealed(true)))
	mustApply(t, b, carolID, createOp("n-priv", "carol's secret", workshops.ColorGreen, 2500, 500))
	mustApply(t, b, facID, op(workshops.OpNoteHide, withNote("n-b"), withOn(true), withReason("off topic")))
	mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-b"), withOn(true)))
	mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
	mustApply(t, b, facID, op(workshops.OpGroupPick, withOn(true)))
	mustApply(t, b, facID, op(workshops.OpTimerStart, withMs(40*60_000)))
	mustApply(t, b, facID, op(workshops.OpBoardFocus, withFrame("f-plen")))
	mustApply(t, b, facID, op(workshops.OpBoardMessage, withText("Hei alle")))
	return b
}

func TestFacilitationClone(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, c *workshops.Board)
	}{
		{"change a frame", func(t *testing.T, c *workshops.Board) {
			f := c.Frames["f-a"]
			f.Title = "changed"
			c.Frames["f-a"] = f
		}},
		{"add a group", func(t *testing.T, c *workshops.Board) { c.Groups["gx"] = workshops.Group{ID: "gx"} }},
		{"change a ballot in place", func(t *testing.T, c *workshops.Board) { c.Votes["v2"].Ballots[carolID]["n-plen"] = 2 }},
		{"add a ballot in place", func(t *testing.T, c *workshops.Board) { c.Votes["v2"].Ballots[bobID] = map[string]int{"n-plen": 1} }},
		{"change a vote's frames in place", func(t *testing.T, c *workshops.Board) { c.Votes["v1"].Frames[0] = "f-plen" }},
		{"change a vote's top in place", func(t *testing.T, c *workshops.Board) { c.Votes["v1"].Top[0] = "n-b" }},
		{"change the private step in place", func(t *testing.T, c *workshops.Board) {
			c.Private.Frames[0] = "f-b"
			c.Private.Sealed = false
		}},
		{"change the timer, focus and message in place", func(t *testing.T, c *workshops.Board) {
			c.Timer.DurationMs = 1
			c.Focus.Frame = "f-a"
			c.Message.Text = "changed"
		}},
		{"change a participant's group", func(t *testing.T, c *workshops.Board) {
			p := c.Participants[aliceID]
			p.Group = groupB
			c.Participants[aliceID] = p
		}},
		{"apply facilitation events", func(t *testing.T, c *workshops.Board) {
			mustApply(t, c, carolID, castOp("v2", "n-plen"))
			mustApply(t, c, facID, op(workshops.OpPrivateReveal))
			mustApply(t, c, facID, op(workshops.OpTimerPause))
			mustApply(t, c, facID, op(workshops.OpBreakoutEnd))
			mustApply(t, c, facID, op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(2000, 500)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := richBoard(t)
			want := richBoard(t)
			hash := b.Hash()
			c := b.Clone()
			if c.Hash() != hash || !reflect.DeepEqual(c, b) {
				t.Fatal("clone differs from the original")
			}
			tt.mutate(t, c)
			if b.Hash() != hash || !reflect.DeepEqual(b, want) {
				t.Errorf("changing the clone changed the original")
			}
			if c.Hash() == hash {
				t.Errorf("the clone's hash did not change; the test changed nothing")
			}
		})
	}
}

func TestFacilitationDecodeBoardRoundTrip(t *testing.T) {
	b := richBoard(t)
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := workshops.DecodeBoard(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hash() != b.Hash() || !reflect.DeepEqual(got, b) {
		t.Fatalf("board changed over the round trip:\n got %+v\nwant %+v", got, b)
	}
	// The decoded board carries on like the original, votes included.
	for _, bb := range []*workshops.Board{b, got} {
		mustApply(t, bb, aliceID, castOp("v2", "n-plen"))
		mustApply(t, bb, facID, op(workshops.OpPrivateReveal))
		mustApply(t, bb, facID, op(workshops.OpVoteReveal, withVote("v2")))
	}
	if got.Hash() != b.Hash() {
		t.Errorf("decoded board diverges")
	}
	// Every piece of new state is in the snapshot, so in the hash.
	for _, key := range []string{`"frames"`, `"groups"`, `"votes"`, `"ballots"`, `"breakout"`, `"allowPick"`, `"locked"`,
		`"private"`, `"timer"`, `"focus"`, `"message"`, `"viewSeq"`, `"hidden"`, `"hiddenReason"`, `"group"`, `"removed"`, `"top"`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("snapshot lacks %s", key)
		}
	}
	// A board from before facilitation existed decodes with empty maps.
	old, err := workshops.DecodeBoard([]byte(`{"id":"ws-1","seq":1,"title":"T","notes":{},"participants":{"fac":{"id":"fac","name":"F","role":"facilitator","joinedAt":1}},"liveNotes":0}`))
	if err != nil {
		t.Fatal(err)
	}
	if old.Frames == nil || old.Groups == nil || old.Votes == nil {
		t.Fatalf("old snapshot left a map nil")
	}
	mustApply(t, old, "fac", groupOp("g1", "G"))
	mustApply(t, old, "fac", voteOpenOp("v1", 1))
}

// A fixed facilitation log applied to two boards gives the same board, and
// each op the server may send encodes to JSON that DecodeOp reads back.
func TestFacilitationDeterministic(t *testing.T) {
	b := workshops.NewBoard("ws-1", "T")
	rec := &recorder{b: b}
	rec.apply(t, "", joinOp(facID, "Fran", workshops.RoleFacilitator))
	rec.apply(t, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	rec.apply(t, "", joinOp(bobID, "Bob", workshops.RoleParticipant))
	rec.apply(t, facID, groupOp(groupA, "A"))
	rec.apply(t, facID, groupOp(groupB, "B"))
	rec.apply(t, facID, op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupA, bobID: groupB})))
	rec.apply(t, facID, frameOp("f-a", "A", 0, 0, 1000, 1000, groupA))
	rec.apply(t, facID, op(workshops.OpBreakoutStart))
	rec.apply(t, aliceID, createOp("n1", "one", workshops.ColorBlue, 10, 10))
	rec.apply(t, facID, op(workshops.OpVoteOpen, withVote("v1"), withBudget(2), withCap(1), withFrames("f-a")))
	rec.apply(t, aliceID, castOp("v1", "n1"))
	rec.apply(t, facID, op(workshops.OpVoteReveal, withVote("v1")))
	rec.apply(t, facID, op(workshops.OpVoteTop, withVote("v1"), withNotes("n1")))
	rec.apply(t, facID, op(workshops.OpFrameCopy, withFrames("f-a"), withXY(1500, 0)))
	rec.apply(t, facID, op(workshops.OpPrivateStart, withSealed(false)))
	rec.apply(t, bobID, createOp("n2", "two", workshops.ColorBlue, 5000, 5000))
	rec.apply(t, facID, op(workshops.OpPrivateReveal))
	rec.apply(t, facID, op(workshops.OpTimerStart, withMs(60_000)))
	rec.apply(t, facID, op(workshops.OpTimerAdd, withMs(60_000)))
	rec.apply(t, facID, op(workshops.OpNoteHide, withNote("n2"), withOn(true), withReason("r")))
	rec.apply(t, facID, op(workshops.OpNoteDelete, withNote("n2"), withReason("r")))
	rec.apply(t, facID, op(workshops.OpParticipantRemove, withPerson(bobID)))
	rec.apply(t, facID, op(workshops.OpBreakoutEnd))
	b2 := workshops.NewBoard("ws-1", "T")
	for _, e := range rec.log {
		if err := workshops.Apply(b2, e); err != nil {
			t.Fatalf("replica: event %d: %v", e.Seq, err)
		}
		data, err := json.Marshal(e.Op)
		if err != nil {
			t.Fatal(err)
		}
		back, err := workshops.DecodeOp(data)
		if err != nil {
			t.Fatalf("DecodeOp(%s): %v", data, err)
		}
		if !reflect.DeepEqual(back, e.Op) && e.Op.Kind != workshops.OpParticipantJoin {
			t.Errorf("round trip: got %s, want %s", opString(back), data)
		}
	}
	if b2.Hash() != b.Hash() || !reflect.DeepEqual(b2, b) {
		t.Errorf("replicas differ")
	}
}

type recorder struct {
	b   *workshops.Board
	log []workshops.Event
}

func (r *recorder) apply(t testing.TB, actor string, o workshops.Op) {
	t.Helper()
	r.log = append(r.log, mustApply(t, r.b, actor, o))
}

func TestDecodeFacilitationOps(t *testing.T) {
	valid := map[string]workshops.Op{
		`{"kind":"vote.open","vote":"v1","budget":3,"cap":1,"frames":["f-a","f-b"]}`: op(workshops.OpVoteOpen, withVote("v1"), withBudget(3), withCap(1), withFrames("f-a", "f-b")),
		`{"kind":"vote.cast","vote":"v1","note":"n1"}`:                               castOp("v1", "n1"),
		`{"kind":"group.assign","assign":{"alice":"ga","bob":""}}`:                   op(workshops.OpGroupAssign, withAssign(map[string]string{aliceID: groupA, bobID: ""})),
		`{"kind":"participant.group","person":"bob","group":""}`:                     op(workshops.OpParticipantGroup, withPerson(bobID), withGroup("")),
		`{"kind":"note.hide","note":"n1","on":false}`:                                hideOp("n1", false),
		`{"kind":"breakout.end"}`:                                                    op(workshops.OpBreakoutEnd),
		`{"kind":"private.start","frames":[],"sealed":true}`:                         op(workshops.OpPrivateStart, withSealed(true)),
		`{"kind":"timer.add","ms":300000}`:                                           op(workshops.OpTimerAdd, withMs(300000)),
		`{"kind":"board.focus"}`:                                                     op(workshops.OpBoardFocus),
		`{"kind":"frame.update","frame":"f","group":"","text":"Hva ser du?"}`:        op(workshops.OpFrameUpdate, withFrame("f"), withGroup(""), withText("Hva ser du?")),
	}
	for in, want := range valid {
		got, err := workshops.DecodeOp([]byte(in))
		if err != nil {
			t.Errorf("DecodeOp(%s): %v", in, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeOp(%s) = %s, want %s", in, opString(got), opString(want))
		}
	}
	invalid := map[string]string{
		`{"kind":"vote.open","vote":"v1"}`:                        workshops.EINVALID,
		`{"kind":"vote.cast","vote":"v1","note":"n1","budget":1}`: workshops.EINVALID,
		`{"kind":"group.assign","assign":{}}`:                     workshops.EINVALID,
		`{"kind":"group.assign","assign":{"a":1}}`:                workshops.EBADJSON,
		`{"kind":"timer.start","ms":1.5}`:                         workshops.EBADJSON,
		`{"kind":"note.hide","note":"n1"}`:                        workshops.EINVALID,
		`{"kind":"breakout.start","on":true}`:                     workshops.EINVALID,
		`{"kind":"frame.copy","frames":["a"],"x":1}`:              workshops.EINVALID,
		`{"kind":"vote.top","vote":"v","notes":"n1"}`:             workshops.EBADJSON,
		`{"kind":"participant.join","participant":{"id":"p","name":"P","role":"participant","removed":"yes"}}`: workshops.EBADJSON,
	}
	for in, code := range invalid {
		_, err := workshops.DecodeOp([]byte(in))
		if workshops.ErrorCode(err) != code {
			t.Errorf("DecodeOp(%s) = %v, want %s", in, err, code)
		}
	}
	for _, k := range facilitationKinds {
		if !k.Known() || k.ServerOnly() {
			t.Errorf("%s: known %v, server-only %v", k, k.Known(), k.ServerOnly())
		}
	}
}

func TestJoiningClosed(t *testing.T) {
	b := workshops.NewBoard("j", "J")
	seq := uint64(0)
	join := func(id string, role workshops.Role) error {
		seq++
		err := workshops.Apply(b, workshops.Event{Seq: seq, At: 1, Op: workshops.Op{Kind: workshops.OpParticipantJoin,
			Participant: &workshops.Participant{ID: id, Name: id, Role: role}}})
		if err != nil {
			seq--
		}
		return err
	}
	if err := join("fac", workshops.RoleFacilitator); err != nil {
		t.Fatal(err)
	}
	if err := join("p1", workshops.RoleParticipant); err != nil {
		t.Fatal(err)
	}
	seq++
	if err := workshops.Apply(b, workshops.Event{Seq: seq, Actor: "p1", At: 2, Op: workshops.Op{Kind: workshops.OpBoardJoining, On: ptrTo(false)}}); workshops.ErrorCode(err) != workshops.EFORBIDDEN {
		t.Fatalf("a participant closing joining: %v", err)
	}
	if err := workshops.Apply(b, workshops.Event{Seq: seq, Actor: "fac", At: 2, Op: workshops.Op{Kind: workshops.OpBoardJoining, On: ptrTo(false)}}); err != nil {
		t.Fatal(err)
	}
	if !b.ViewFor("p1").JoinClosed {
		t.Error("the view does not say joining is closed")
	}
	before := b.Hash()
	for _, role := range []workshops.Role{workshops.RoleParticipant, workshops.RoleObserver} {
		if err := join("new-"+string(role), role); workshops.ErrorCode(err) != workshops.ECLOSED {
			t.Fatalf("a new %s after joining closed: %v", role, err)
		}
	}
	if b.Hash() != before {
		t.Fatal("a refused join changed the board")
	}
	if err := join("p1", workshops.RoleParticipant); err != nil {
		t.Fatalf("someone already on the board comes back: %v", err)
	}
	if err := join("fac2", workshops.RoleFacilitator); err != nil {
		t.Fatalf("a co-facilitator joins: %v", err)
	}
	seq++
	if err := workshops.Apply(b, workshops.Event{Seq: seq, Actor: "fac", At: 3, Op: workshops.Op{Kind: workshops.OpBoardJoining, On: ptrTo(true)}}); err != nil {
		t.Fatal(err)
	}
	if err := join("late", workshops.RoleParticipant); err != nil {
		t.Fatalf("joining after it opened again: %v", err)
	}
}

func ptrTo[T any](v T) *T { return &v }
