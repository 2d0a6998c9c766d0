package workshops_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// ---- helpers shared by the test files of this package ----

func ptr[T any](v T) *T { return &v }

// The cast of the fixture board.
const (
	facID   = "fac"
	aliceID = "alice"
	bobID   = "bob"
	obsID   = "obs"
)

// atOf is the server time the helpers stamp on the event with the given seq.
func atOf(seq uint64) int64 { return 1_700_000_000_000 + int64(seq)*1000 }

// event returns the next event of b: actor sends op.
func event(b *workshops.Board, actor string, op workshops.Op) workshops.Event {
	seq := b.Seq + 1
	return workshops.Event{Seq: seq, OpID: fmt.Sprintf("op-%d", seq), Actor: actor, At: atOf(seq), Op: op}
}

// mustApply applies op by actor as b's next event and fails the test if it
// is refused.
func mustApply(t testing.TB, b *workshops.Board, actor string, op workshops.Op) workshops.Event {
	t.Helper()
	e := event(b, actor, op)
	if err := workshops.Apply(b, e); err != nil {
		t.Fatalf("Apply(seq %d, %s by %q): %v", e.Seq, op.Kind, actor, err)
	}
	return e
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := workshops.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

func joinOp(id, name string, role workshops.Role) workshops.Op {
	return workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: id, Name: name, Role: role}}
}

func createOp(id, text string, c workshops.Color, x, y float64) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: &text, Color: &c, X: &x, Y: &y}
}

func createSizedOp(id, text string, c workshops.Color, x, y, w, h float64) workshops.Op {
	op := createOp(id, text, c, x, y)
	op.W, op.H = &w, &h
	return op
}

func editOp(id, text string) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteEdit, Note: id, Text: &text}
}

func moveOp(id string, x, y float64) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteMove, Note: id, X: &x, Y: &y}
}

func resizeOp(id string, w, h float64) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteResize, Note: id, W: &w, H: &h}
}

func recolorOp(id string, c workshops.Color) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteRecolor, Note: id, Color: &c}
}

func deleteOp(id string) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteDelete, Note: id}
}

func renameOp(title string) workshops.Op {
	return workshops.Op{Kind: workshops.OpBoardRename, Title: &title}
}

// fixtureBoard is a board after a few events: a facilitator, two
// participants and an observer have joined; alice and bob each wrote a note
// (n-alice, n-bob) and alice wrote and deleted n-gone.
func fixtureBoard(t testing.TB) *workshops.Board {
	t.Helper()
	b := workshops.NewBoard("ws-1", "Retro")
	mustApply(t, b, "", joinOp(facID, "Fran", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(bobID, "Bob", workshops.RoleParticipant))
	mustApply(t, b, "", joinOp(obsID, "Olav", workshops.RoleObserver))
	mustApply(t, b, aliceID, createOp("n-alice", "alice's idea", workshops.ColorYellow, 10, 20))
	mustApply(t, b, bobID, createOp("n-bob", "bob's idea", workshops.ColorBlue, 300, 20))
	mustApply(t, b, aliceID, createOp("n-gone", "gone soon", workshops.ColorPink, 600, 20))
	mustApply(t, b, aliceID, deleteOp("n-gone"))
	return b
}

// liveCount counts the notes of b that are not tombstones.
func liveCount(b *workshops.Board) int {
	n := 0
	for _, note := range b.Notes {
		if !note.Deleted {
			n++
		}
	}
	return n
}

// fullBoard returns a board holding MaxLiveNotes live notes by alice, built
// directly rather than by 5000 applies.
func fullBoard(t testing.TB) *workshops.Board {
	t.Helper()
	b := fixtureBoard(t)
	for i := b.LiveNotes; i < workshops.MaxLiveNotes; i++ {
		id := fmt.Sprintf("bulk-%04d", i)
		b.Notes[id] = workshops.Note{ID: id, Text: "x", Color: workshops.ColorGreen,
			W: workshops.DefaultNoteW, H: workshops.DefaultNoteH, Author: aliceID, Z: b.Seq}
		b.LiveNotes++
	}
	if got := liveCount(b); got != workshops.MaxLiveNotes || b.LiveNotes != got {
		t.Fatalf("fullBoard: %d live notes, LiveNotes %d", got, b.LiveNotes)
	}
	return b
}

// fullOfPeople returns the fixture board with MaxParticipant participants.
func fullOfPeople(t testing.TB) *workshops.Board {
	t.Helper()
	b := fixtureBoard(t)
	for i := len(b.Participants); i < workshops.MaxParticipant; i++ {
		id := fmt.Sprintf("p-%04d", i)
		b.Participants[id] = workshops.Participant{ID: id, Name: "Someone", Role: workshops.RoleParticipant, JoinedAt: 1}
	}
	return b
}

// ---- Apply: accepted operations ----

func TestApplyAccepts(t *testing.T) {
	aeo := strings.Repeat("æøå", 333) + "æ" // exactly 1000 characters, 2000 bytes
	tests := []struct {
		name  string
		setup func(t testing.TB) *workshops.Board // nil: fixtureBoard
		actor string
		op    workshops.Op
		// want turns a clone of the board before into the board expected
		// after; e is the event applied. It need not set Seq.
		want func(b *workshops.Board, e workshops.Event)
	}{
		{
			name: "note.create without w/h gets the default size", actor: bobID,
			op: createOp("n-new", "hello", workshops.ColorGreen, -5.5, 7.25),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Notes["n-new"] = workshops.Note{ID: "n-new", Text: "hello", Color: workshops.ColorGreen, X: -5.5, Y: 7.25,
					W: workshops.DefaultNoteW, H: workshops.DefaultNoteH, Author: bobID, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
				b.LiveNotes++
			},
		},
		{
			name: "note.create with w/h", actor: aliceID,
			op: createSizedOp("n-new", "sized", workshops.ColorPurple, 1, 2, 250, 90.5),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Notes["n-new"] = workshops.Note{ID: "n-new", Text: "sized", Color: workshops.ColorPurple, X: 1, Y: 2,
					W: 250, H: 90.5, Author: aliceID, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
				b.LiveNotes++
			},
		},
		{
			name: "note.create by a facilitator at the limits of position and size", actor: facID,
			op: createSizedOp(strings.Repeat("Z", 64), "", workshops.ColorOrange, -workshops.MaxCoord, workshops.MaxCoord,
				workshops.MinNoteSize, workshops.MaxNoteSize),
			want: func(b *workshops.Board, e workshops.Event) {
				id := strings.Repeat("Z", 64)
				b.Notes[id] = workshops.Note{ID: id, Color: workshops.ColorOrange, X: -workshops.MaxCoord, Y: workshops.MaxCoord,
					W: workshops.MinNoteSize, H: workshops.MaxNoteSize, Author: facID, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
				b.LiveNotes++
			},
		},
		{
			name: "note.create with exactly 1000 multi-byte characters", actor: aliceID,
			op: createOp("n-long", aeo, workshops.ColorYellow, 0, 0),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Notes["n-long"] = workshops.Note{ID: "n-long", Text: aeo, Color: workshops.ColorYellow,
					W: workshops.DefaultNoteW, H: workshops.DefaultNoteH, Author: aliceID, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
				b.LiveNotes++
			},
		},
		{
			name: "note.create on a full board whose tombstones do not count",
			setup: func(t testing.TB) *workshops.Board {
				b := fullBoard(t)
				mustApply(t, b, aliceID, deleteOp("bulk-0100"))
				return b
			},
			actor: bobID, op: createOp("n-new", "fits", workshops.ColorBlue, 0, 0),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Notes["n-new"] = workshops.Note{ID: "n-new", Text: "fits", Color: workshops.ColorBlue,
					W: workshops.DefaultNoteW, H: workshops.DefaultNoteH, Author: bobID, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
				b.LiveNotes++
			},
		},
		{
			name: "note.edit by the author", actor: aliceID, op: editOp("n-alice", "better idea"),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.Text, n.UpdatedAt = "better idea", e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.edit to 1000 multi-byte characters", actor: aliceID, op: editOp("n-alice", aeo),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.Text, n.UpdatedAt = aeo, e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.edit of anyone's note by a facilitator", actor: facID, op: editOp("n-bob", ""),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-bob"]
				n.Text, n.UpdatedAt = "", e.At
				b.Notes["n-bob"] = n
			},
		},
		{
			name: "note.move puts the note on top (Z = seq)", actor: aliceID, op: moveOp("n-alice", 99.5, -42),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.X, n.Y, n.Z, n.UpdatedAt = 99.5, -42, e.Seq, e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.move of someone else's note by a participant", actor: bobID, op: moveOp("n-alice", workshops.MaxCoord, -workshops.MaxCoord),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.X, n.Y, n.Z, n.UpdatedAt = workshops.MaxCoord, -workshops.MaxCoord, e.Seq, e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.resize of someone else's note by a participant", actor: bobID, op: resizeOp("n-alice", 80, 1200),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.W, n.H, n.UpdatedAt = 80, 1200, e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.recolor of someone else's note by a participant", actor: bobID, op: recolorOp("n-alice", workshops.ColorPink),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.Color, n.UpdatedAt = workshops.ColorPink, e.At
				b.Notes["n-alice"] = n
			},
		},
		{
			name: "note.delete by the author leaves a tombstone", actor: bobID, op: deleteOp("n-bob"),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-bob"]
				n.Deleted, n.Text, n.UpdatedAt = true, "", e.At
				b.Notes["n-bob"] = n
				b.LiveNotes--
			},
		},
		{
			name: "note.delete of anyone's note by a facilitator", actor: facID, op: deleteOp("n-alice"),
			want: func(b *workshops.Board, e workshops.Event) {
				n := b.Notes["n-alice"]
				n.Deleted, n.Text, n.UpdatedAt = true, "", e.At
				b.Notes["n-alice"] = n
				b.LiveNotes--
			},
		},
		{
			name: "board.rename by a facilitator trims the title", actor: facID, op: renameOp("  Sprint 42 — læring \t"),
			want: func(b *workshops.Board, e workshops.Event) { b.Title = "Sprint 42 — læring" },
		},
		{
			name: "board.rename to 120 characters", actor: facID, op: renameOp(strings.Repeat("å", 120)),
			want: func(b *workshops.Board, e workshops.Event) { b.Title = strings.Repeat("å", 120) },
		},
		{
			name: "participant.join of someone new", op: func() workshops.Op {
				op := joinOp("new-person", "  Kari Nordmann ", workshops.RoleParticipant)
				op.Participant.JoinedAt = 12345 // not the server's to choose
				return op
			}(),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Participants["new-person"] = workshops.Participant{ID: "new-person", Name: "Kari Nordmann", Role: workshops.RoleParticipant, JoinedAt: e.At}
			},
		},
		{
			name: "participant.join again keeps JoinedAt, takes the new name and role", op: joinOp(aliceID, "Alice B.", workshops.RoleFacilitator),
			want: func(b *workshops.Board, e workshops.Event) {
				p := b.Participants[aliceID]
				p.Name, p.Role = "Alice B.", workshops.RoleFacilitator
				b.Participants[aliceID] = p
				b.ViewSeq = e.Seq // a new role sees other things: her client needs a snapshot
			},
		},
		{
			name: "participant.join again on a board full of people", setup: fullOfPeople, op: joinOp(obsID, "Olav", workshops.RoleObserver),
			want: func(b *workshops.Board, e workshops.Event) {},
		},
		{
			// A workshop's facilitators are always let in, however full.
			name: "participant.join of a new facilitator on a board full of people", setup: fullOfPeople, op: joinOp("fac-late", "Kari", workshops.RoleFacilitator),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Participants["fac-late"] = workshops.Participant{ID: "fac-late", Name: "Kari", Role: workshops.RoleFacilitator, JoinedAt: e.At}
			},
		},
		{
			name: "participant.join of an observer", op: joinOp("watcher", strings.Repeat("ø", 40), workshops.RoleObserver),
			want: func(b *workshops.Board, e workshops.Event) {
				b.Participants["watcher"] = workshops.Participant{ID: "watcher", Name: strings.Repeat("ø", 40), Role: workshops.RoleObserver, JoinedAt: e.At}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := tt.setup
			if setup == nil {
				setup = fixtureBoard
			}
			b := setup(t)
			want := b.Clone()
			e := event(b, tt.actor, tt.op)
			if err := workshops.Apply(b, e); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			tt.want(want, e)
			want.Seq = e.Seq
			switch tt.op.Kind { // the note an op changes takes its seq
			case workshops.OpNoteCreate, workshops.OpNoteEdit, workshops.OpNoteMove, workshops.OpNoteResize,
				workshops.OpNoteRecolor, workshops.OpNoteDelete:
				n := want.Notes[tt.op.Note]
				n.Seq = e.Seq
				want.Notes[tt.op.Note] = n
			}
			if !reflect.DeepEqual(b, want) {
				t.Errorf("board after Apply:\n got %+v\nwant %+v", b, want)
			}
			if b.Hash() != want.Hash() {
				t.Errorf("Hash differs from the expected board's")
			}
			if b.LiveNotes != liveCount(b) {
				t.Errorf("LiveNotes = %d, %d notes are live", b.LiveNotes, liveCount(b))
			}
		})
	}
}

func TestApplyDeleteTombstone(t *testing.T) {
	b := fixtureBoard(t)
	live := b.LiveNotes
	mustApply(t, b, aliceID, deleteOp("n-alice"))
	n, ok := b.Notes["n-alice"]
	if !ok {
		t.Fatal("deleted note is gone from Notes; want a tombstone")
	}
	if !n.Deleted || n.Text != "" {
		t.Errorf("tombstone = %+v; want Deleted and empty text", n)
	}
	if b.LiveNotes != live-1 {
		t.Errorf("LiveNotes = %d, want %d", b.LiveNotes, live-1)
	}
	// The ID stays taken.
	err := workshops.Apply(b, event(b, aliceID, createOp("n-alice", "again", workshops.ColorBlue, 0, 0)))
	wantCode(t, err, workshops.ECONFLICT)
}

// Apply must not keep pointers into the op it was given.
func TestApplyDoesNotAliasOp(t *testing.T) {
	b := fixtureBoard(t)
	join := joinOp("p-x", "Xena", workshops.RoleParticipant)
	mustApply(t, b, "", join)
	create := createOp("n-x", "text", workshops.ColorBlue, 1, 2)
	mustApply(t, b, aliceID, create)
	h := b.Hash()
	join.Participant.Name, join.Participant.Role = "Mallory", workshops.RoleFacilitator
	*create.Color, *create.X, *create.Text = workshops.ColorPink, 77, "changed"
	if b.Hash() != h {
		t.Errorf("changing an applied op changed the board")
	}
}

// ---- Apply: refused operations ----

func TestApplyRejects(t *testing.T) {
	long := strings.Repeat("a", 1001)
	longAeo := strings.Repeat("æøå", 333) + "æø" // 1001 characters
	withW := createOp("n-new", "t", workshops.ColorBlue, 0, 0)
	withW.W = ptr(200.0)
	withH := createOp("n-new", "t", workshops.ColorBlue, 0, 0)
	withH.H = ptr(200.0)
	without := func(op workshops.Op, clear func(*workshops.Op)) workshops.Op { clear(&op); return op }
	with := func(op workshops.Op, set func(*workshops.Op)) workshops.Op { set(&op); return op }

	tests := []struct {
		name  string
		setup func(t testing.TB) *workshops.Board // nil: fixtureBoard
		seq   func(b *workshops.Board) uint64     // nil: b.Seq+1
		actor string
		op    workshops.Op
		code  string
	}{
		// Sequence numbers.
		{name: "seq skips one", seq: func(b *workshops.Board) uint64 { return b.Seq + 2 }, actor: aliceID, op: moveOp("n-alice", 0, 0), code: workshops.ECONFLICT},
		{name: "seq repeats the last", seq: func(b *workshops.Board) uint64 { return b.Seq }, actor: aliceID, op: moveOp("n-alice", 0, 0), code: workshops.ECONFLICT},
		{name: "seq zero", seq: func(b *workshops.Board) uint64 { return 0 }, actor: aliceID, op: moveOp("n-alice", 0, 0), code: workshops.ECONFLICT},
		{name: "seq max", seq: func(b *workshops.Board) uint64 { return math.MaxUint64 }, actor: aliceID, op: moveOp("n-alice", 0, 0), code: workshops.ECONFLICT},
		{name: "wrong seq wins over a bad op", seq: func(b *workshops.Board) uint64 { return b.Seq + 5 }, actor: aliceID, op: workshops.Op{Kind: "nope"}, code: workshops.ECONFLICT},

		// Kinds.
		{name: "unknown kind", actor: aliceID, op: workshops.Op{Kind: "note.explode", Note: "n-alice"}, code: workshops.EUNKNOWNOP},
		{name: "empty kind", actor: aliceID, op: workshops.Op{Note: "n-alice"}, code: workshops.EUNKNOWNOP},
		{name: "kind in the wrong case", actor: aliceID, op: workshops.Op{Kind: "Note.Delete", Note: "n-alice"}, code: workshops.EUNKNOWNOP},

		// Missing fields.
		{name: "note.create without note", actor: aliceID, op: createOp("", "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "note.create without text", actor: aliceID, op: without(createOp("n-new", "t", workshops.ColorBlue, 0, 0), func(o *workshops.Op) { o.Text = nil }), code: workshops.EINVALID},
		{name: "note.create without color", actor: aliceID, op: without(createOp("n-new", "t", workshops.ColorBlue, 0, 0), func(o *workshops.Op) { o.Color = nil }), code: workshops.EINVALID},
		{name: "note.create without x", actor: aliceID, op: without(createOp("n-new", "t", workshops.ColorBlue, 0, 0), func(o *workshops.Op) { o.X = nil }), code: workshops.EINVALID},
		{name: "note.create without y", actor: aliceID, op: without(createOp("n-new", "t", workshops.ColorBlue, 0, 0), func(o *workshops.Op) { o.Y = nil }), code: workshops.EINVALID},
		{name: "note.edit without text", actor: aliceID, op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n-alice"}, code: workshops.EINVALID},
		{name: "note.move without y", actor: aliceID, op: without(moveOp("n-alice", 0, 0), func(o *workshops.Op) { o.Y = nil }), code: workshops.EINVALID},
		{name: "note.resize without w", actor: aliceID, op: without(resizeOp("n-alice", 100, 100), func(o *workshops.Op) { o.W = nil }), code: workshops.EINVALID},
		{name: "note.recolor without color", actor: aliceID, op: workshops.Op{Kind: workshops.OpNoteRecolor, Note: "n-alice"}, code: workshops.EINVALID},
		{name: "note.delete without note", actor: aliceID, op: workshops.Op{Kind: workshops.OpNoteDelete}, code: workshops.EINVALID},
		{name: "board.rename without title", actor: facID, op: workshops.Op{Kind: workshops.OpBoardRename}, code: workshops.EINVALID},
		{name: "participant.join without participant", op: workshops.Op{Kind: workshops.OpParticipantJoin}, code: workshops.EINVALID},

		// Extra fields.
		{name: "note.move with text", actor: aliceID, op: with(moveOp("n-alice", 0, 0), func(o *workshops.Op) { o.Text = ptr("x") }), code: workshops.EINVALID},
		{name: "note.move with w", actor: aliceID, op: with(moveOp("n-alice", 0, 0), func(o *workshops.Op) { o.W = ptr(100.0) }), code: workshops.EINVALID},
		{name: "note.edit with color", actor: aliceID, op: with(editOp("n-alice", "x"), func(o *workshops.Op) { o.Color = ptr(workshops.ColorBlue) }), code: workshops.EINVALID},
		{name: "note.resize with x", actor: aliceID, op: with(resizeOp("n-alice", 100, 100), func(o *workshops.Op) { o.X = ptr(1.0) }), code: workshops.EINVALID},
		{name: "note.recolor with title", actor: aliceID, op: with(recolorOp("n-alice", workshops.ColorBlue), func(o *workshops.Op) { o.Title = ptr("t") }), code: workshops.EINVALID},
		{name: "note.delete with text", actor: aliceID, op: with(deleteOp("n-alice"), func(o *workshops.Op) { o.Text = ptr("") }), code: workshops.EINVALID},
		{name: "note.create with participant", actor: aliceID, op: with(createOp("n-new", "t", workshops.ColorBlue, 0, 0), func(o *workshops.Op) {
			o.Participant = &workshops.Participant{ID: "x", Name: "x", Role: workshops.RoleParticipant}
		}), code: workshops.EINVALID},
		{name: "board.rename with note", actor: facID, op: with(renameOp("t"), func(o *workshops.Op) { o.Note = "n-alice" }), code: workshops.EINVALID},
		{name: "participant.join with note", op: with(joinOp("p-new", "P", workshops.RoleParticipant), func(o *workshops.Op) { o.Note = "n-alice" }), code: workshops.EINVALID},

		// Numbers that are not finite.
		{name: "note.create with NaN x", actor: aliceID, op: createOp("n-new", "t", workshops.ColorBlue, math.NaN(), 0), code: workshops.EINVALID},
		{name: "note.create with +Inf y", actor: aliceID, op: createOp("n-new", "t", workshops.ColorBlue, 0, math.Inf(1)), code: workshops.EINVALID},
		{name: "note.create with NaN w", actor: aliceID, op: createSizedOp("n-new", "t", workshops.ColorBlue, 0, 0, math.NaN(), 100), code: workshops.EINVALID},
		{name: "note.move with -Inf x", actor: aliceID, op: moveOp("n-alice", math.Inf(-1), 0), code: workshops.EINVALID},
		{name: "note.move with NaN y", actor: aliceID, op: moveOp("n-alice", 0, math.NaN()), code: workshops.EINVALID},
		{name: "note.resize with +Inf w", actor: aliceID, op: resizeOp("n-alice", math.Inf(1), 100), code: workshops.EINVALID},
		{name: "note.resize with NaN h", actor: aliceID, op: resizeOp("n-alice", 100, math.NaN()), code: workshops.EINVALID},

		// Who sends it.
		{name: "participant.join from a client", actor: facID, op: joinOp("p-new", "P", workshops.RoleParticipant), code: workshops.ESERVERONLY},
		{name: "participant.join from a stranger", actor: "mallory", op: joinOp("mallory", "M", workshops.RoleFacilitator), code: workshops.ESERVERONLY},
		{name: "note.create without actor", op: createOp("n-new", "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "board.rename without actor", op: renameOp("t"), code: workshops.EINVALID},
		{name: "note.delete without actor", op: deleteOp("n-alice"), code: workshops.EINVALID},
		{name: "actor is not a participant", actor: "mallory", op: createOp("n-new", "t", workshops.ColorBlue, 0, 0), code: workshops.EFORBIDDEN},
		{name: "actor is not a participant, moving", actor: "mallory", op: moveOp("n-alice", 0, 0), code: workshops.EFORBIDDEN},
		{name: "observer creates", actor: obsID, op: createOp("n-new", "t", workshops.ColorBlue, 0, 0), code: workshops.EFORBIDDEN},
		{name: "observer moves", actor: obsID, op: moveOp("n-alice", 0, 0), code: workshops.EFORBIDDEN},
		{name: "observer recolors", actor: obsID, op: recolorOp("n-alice", workshops.ColorPink), code: workshops.EFORBIDDEN},
		{name: "observer renames", actor: obsID, op: renameOp("t"), code: workshops.EFORBIDDEN},
		{name: "observer deletes a missing note", actor: obsID, op: deleteOp("nope"), code: workshops.EFORBIDDEN},
		{name: "participant edits someone else's note", actor: bobID, op: editOp("n-alice", "mine now"), code: workshops.EFORBIDDEN},
		{name: "participant deletes someone else's note", actor: bobID, op: deleteOp("n-alice"), code: workshops.EFORBIDDEN},
		{name: "participant renames the board", actor: aliceID, op: renameOp("Mine"), code: workshops.EFORBIDDEN},

		// Note IDs.
		{name: "duplicate note ID", actor: bobID, op: createOp("n-alice", "t", workshops.ColorBlue, 0, 0), code: workshops.ECONFLICT},
		{name: "note ID of a tombstone", actor: aliceID, op: createOp("n-gone", "t", workshops.ColorBlue, 0, 0), code: workshops.ECONFLICT},
		{name: "note ID with a space", actor: aliceID, op: createOp("n new", "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "note ID of 65 characters", actor: aliceID, op: createOp(strings.Repeat("a", 65), "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "note ID with a slash", actor: aliceID, op: createOp("a/b", "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "note ID not ASCII", actor: aliceID, op: createOp("blåbær", "t", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},

		// Notes that are not there.
		{name: "edit of a missing note", actor: facID, op: editOp("nope", "t"), code: workshops.ENOTFOUND},
		{name: "move of a missing note", actor: aliceID, op: moveOp("nope", 0, 0), code: workshops.ENOTFOUND},
		{name: "resize of a missing note", actor: aliceID, op: resizeOp("nope", 100, 100), code: workshops.ENOTFOUND},
		{name: "recolor of a missing note", actor: aliceID, op: recolorOp("nope", workshops.ColorBlue), code: workshops.ENOTFOUND},
		{name: "delete of a missing note", actor: aliceID, op: deleteOp("nope"), code: workshops.ENOTFOUND},
		{name: "move of a note with an invalid ID", actor: aliceID, op: moveOp("no pe", 0, 0), code: workshops.ENOTFOUND},
		{name: "edit of a deleted note", actor: aliceID, op: editOp("n-gone", "back"), code: workshops.EDELETED},
		{name: "edit of a deleted note by a facilitator", actor: facID, op: editOp("n-gone", "back"), code: workshops.EDELETED},
		{name: "move of a deleted note", actor: bobID, op: moveOp("n-gone", 0, 0), code: workshops.EDELETED},
		{name: "resize of a deleted note", actor: bobID, op: resizeOp("n-gone", 100, 100), code: workshops.EDELETED},
		{name: "recolor of a deleted note", actor: bobID, op: recolorOp("n-gone", workshops.ColorBlue), code: workshops.EDELETED},
		{name: "delete of a deleted note", actor: aliceID, op: deleteOp("n-gone"), code: workshops.EDELETED},

		// Text.
		{name: "note.create with 1001 characters", actor: aliceID, op: createOp("n-new", long, workshops.ColorBlue, 0, 0), code: workshops.ETOOLARGE},
		{name: "note.edit with 1001 multi-byte characters", actor: aliceID, op: editOp("n-alice", longAeo), code: workshops.ETOOLARGE},
		{name: "note.create with invalid UTF-8", actor: aliceID, op: createOp("n-new", "ok\xffno", workshops.ColorBlue, 0, 0), code: workshops.EINVALID},
		{name: "note.edit with invalid UTF-8", actor: aliceID, op: editOp("n-alice", "\xc3"), code: workshops.EINVALID},

		// Colours.
		{name: "note.create with an unknown colour", actor: aliceID, op: createOp("n-new", "t", "red", 0, 0), code: workshops.EINVALID},
		{name: "note.create with an empty colour", actor: aliceID, op: createOp("n-new", "t", "", 0, 0), code: workshops.EINVALID},
		{name: "note.recolor with a capitalised colour", actor: aliceID, op: recolorOp("n-alice", "Yellow"), code: workshops.EINVALID},
		{name: "note.recolor with a hex colour", actor: aliceID, op: recolorOp("n-alice", "#ffff00"), code: workshops.EINVALID},

		// Geometry.
		{name: "note.create right of the board", actor: aliceID, op: createOp("n-new", "t", workshops.ColorBlue, workshops.MaxCoord+0.001, 0), code: workshops.EINVALID},
		{name: "note.create above the board", actor: aliceID, op: createOp("n-new", "t", workshops.ColorBlue, 0, -workshops.MaxCoord-1), code: workshops.EINVALID},
		{name: "note.move left of the board", actor: aliceID, op: moveOp("n-alice", -1e6, 0), code: workshops.EINVALID},
		{name: "note.move below the board", actor: aliceID, op: moveOp("n-alice", 0, workshops.MaxCoord+1), code: workshops.EINVALID},
		{name: "note.create too narrow", actor: aliceID, op: createSizedOp("n-new", "t", workshops.ColorBlue, 0, 0, workshops.MinNoteSize-0.1, 100), code: workshops.EINVALID},
		{name: "note.create too tall", actor: aliceID, op: createSizedOp("n-new", "t", workshops.ColorBlue, 0, 0, 100, workshops.MaxNoteSize+1), code: workshops.EINVALID},
		{name: "note.resize too wide", actor: aliceID, op: resizeOp("n-alice", workshops.MaxNoteSize+1, 100), code: workshops.EINVALID},
		{name: "note.resize to zero height", actor: aliceID, op: resizeOp("n-alice", 100, 0), code: workshops.EINVALID},
		{name: "note.resize to negative size", actor: aliceID, op: resizeOp("n-alice", -100, -100), code: workshops.EINVALID},
		{name: "note.create with w but not h", actor: aliceID, op: withW, code: workshops.EINVALID},
		{name: "note.create with h but not w", actor: aliceID, op: withH, code: workshops.EINVALID},

		// Limits.
		{name: "note.create on a full board", setup: fullBoard, actor: facID, op: createOp("n-new", "t", workshops.ColorBlue, 0, 0), code: workshops.ELIMIT},
		{name: "participant.join on a full board", setup: fullOfPeople, op: joinOp("p-late", "Late", workshops.RoleParticipant), code: workshops.ELIMIT},

		// board.rename titles.
		{name: "board.rename to blank", actor: facID, op: renameOp(" \t\n "), code: workshops.EINVALID},
		{name: "board.rename to 121 characters", actor: facID, op: renameOp(strings.Repeat("å", 121)), code: workshops.ETOOLARGE},
		{name: "board.rename with a control character", actor: facID, op: renameOp("a\x07b"), code: workshops.EINVALID},
		{name: "board.rename with invalid UTF-8", actor: facID, op: renameOp("a\xffb"), code: workshops.EINVALID},

		// participant.join contents.
		{name: "participant with an empty ID", op: joinOp("", "P", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with an invalid ID", op: joinOp("p 1", "P", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with a 65-character ID", op: joinOp(strings.Repeat("p", 65), "P", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with an empty name", op: joinOp("p-new", "", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with a blank name", op: joinOp("p-new", "   ", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with a 41-character name", op: joinOp("p-new", strings.Repeat("æ", 41), workshops.RoleParticipant), code: workshops.ETOOLARGE},
		{name: "participant with a control character in the name", op: joinOp("p-new", "Ann\x00e", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with invalid UTF-8 in the name", op: joinOp("p-new", "Ann\xfe", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "participant with an unknown role", op: joinOp("p-new", "P", "admin"), code: workshops.EINVALID},
		{name: "participant with an empty role", op: joinOp("p-new", "P", ""), code: workshops.EINVALID},
		{name: "re-join with a bad name", op: joinOp(aliceID, "", workshops.RoleParticipant), code: workshops.EINVALID},
		{name: "re-join with a bad role", op: joinOp(aliceID, "Alice", "owner"), code: workshops.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := tt.setup
			if setup == nil {
				setup = fixtureBoard
			}
			b := setup(t)
			before := b.Clone()
			hash := b.Hash()
			e := event(b, tt.actor, tt.op)
			if tt.seq != nil {
				e.Seq = tt.seq(b)
			}
			err := workshops.Apply(b, e)
			wantCode(t, err, tt.code)
			if msg := workshops.ErrorMessage(err); msg == "" || msg == "internal error" {
				t.Errorf("error message = %q; want a domain message", msg)
			}
			if b.Hash() != hash {
				t.Errorf("board changed by a refused op (half-applied)")
			}
			if !reflect.DeepEqual(b, before) {
				t.Errorf("board changed by a refused op:\n got %+v\nwant %+v", b, before)
			}
		})
	}
}

// ---- Conflicts and determinism ----

func TestApplyLastWriterWinsPerField(t *testing.T) {
	b := fixtureBoard(t)
	// bob wrote n-bob; alice is another participant.
	moveA := mustApply(t, b, aliceID, moveOp("n-bob", 1, 1))
	_ = moveA
	editB := mustApply(t, b, bobID, editOp("n-bob", "bob's better idea"))
	moveB := mustApply(t, b, bobID, moveOp("n-bob", 2, 3))
	recolorA := mustApply(t, b, aliceID, recolorOp("n-bob", workshops.ColorOrange))

	n := b.Notes["n-bob"]
	tests := []struct {
		field     string
		got, want any
	}{
		{"text (B's edit)", n.Text, "bob's better idea"},
		{"x (B's later move)", n.X, 2.0},
		{"y (B's later move)", n.Y, 3.0},
		{"z (seq of B's move)", n.Z, moveB.Seq},
		{"color (A's recolor)", n.Color, workshops.ColorOrange},
		{"w (untouched)", n.W, workshops.DefaultNoteW},
		{"h (untouched)", n.H, workshops.DefaultNoteH},
		{"author (untouched)", n.Author, bobID},
		{"updatedAt (last event)", n.UpdatedAt, recolorA.At},
		{"createdAt (untouched)", n.CreatedAt, atOf(6)},
		{"deleted", n.Deleted, false},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %v, want %v", tt.field, tt.got, tt.want)
			}
		})
	}
	if editB.Seq >= moveB.Seq {
		t.Fatalf("test set-up: edit seq %d should precede move seq %d", editB.Seq, moveB.Seq)
	}
}

func TestApplyLastWriterWinsSameField(t *testing.T) {
	b := fixtureBoard(t)
	mustApply(t, b, facID, editOp("n-alice", "facilitator's words"))
	mustApply(t, b, aliceID, editOp("n-alice", "alice's words"))
	mustApply(t, b, bobID, resizeOp("n-alice", 300, 300))
	mustApply(t, b, facID, resizeOp("n-alice", 400, 200))
	mustApply(t, b, bobID, recolorOp("n-alice", workshops.ColorGreen))
	n := b.Notes["n-alice"]
	if n.Text != "alice's words" || n.W != 400 || n.H != 200 || n.Color != workshops.ColorGreen {
		t.Errorf("note = %+v; want the last writer of each field", n)
	}
	// A late edit of a deleted note loses, the same way everywhere.
	mustApply(t, b, facID, deleteOp("n-alice"))
	wantCode(t, workshops.Apply(b, event(b, aliceID, editOp("n-alice", "late"))), workshops.EDELETED)
}

// scriptedEvents is a fixed log exercising every kind.
func scriptedEvents(t testing.TB) []workshops.Event {
	t.Helper()
	b := workshops.NewBoard("ws-1", "Retro")
	var log []workshops.Event
	add := func(actor string, op workshops.Op) { log = append(log, mustApply(t, b, actor, op)) }
	add("", joinOp(facID, "Fran", workshops.RoleFacilitator))
	add("", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	add("", joinOp(bobID, "Bob", workshops.RoleParticipant))
	add(aliceID, createOp("a", "one", workshops.ColorYellow, 0.1, 0.2))
	add(bobID, createSizedOp("b", "two", workshops.ColorBlue, -10, 10, 300, 200))
	add(bobID, moveOp("a", 33.3, 44.4))
	add(aliceID, editOp("a", "one, revised"))
	add(aliceID, recolorOp("b", workshops.ColorPink))
	add(bobID, resizeOp("a", 90, 95))
	add(facID, renameOp("Retro, week 2"))
	add(facID, deleteOp("b"))
	add("", joinOp(bobID, "Robert", workshops.RoleObserver))
	return log
}

func TestApplyDeterministic(t *testing.T) {
	log := scriptedEvents(t)
	b1 := workshops.NewBoard("ws-1", "Retro")
	b2 := workshops.NewBoard("ws-1", "Retro")
	for _, e := range log {
		if err := workshops.Apply(b1, e); err != nil {
			t.Fatalf("b1: event %d: %v", e.Seq, err)
		}
		if err := workshops.Apply(b2, e); err != nil {
			t.Fatalf("b2: event %d: %v", e.Seq, err)
		}
		if h1, h2 := b1.Hash(), b2.Hash(); h1 != h2 {
			t.Fatalf("after event %d: hashes differ: %s vs %s", e.Seq, h1, h2)
		}
	}
	if !reflect.DeepEqual(b1, b2) {
		t.Errorf("boards differ:\n%+v\n%+v", b1, b2)
	}
	// Replaying from the middle (a snapshot) reaches the same board.
	mid := workshops.NewBoard("ws-1", "Retro")
	for _, e := range log[:5] {
		if err := workshops.Apply(mid, e); err != nil {
			t.Fatal(err)
		}
	}
	snap := mid.Clone()
	for _, e := range log[5:] {
		if err := workshops.Apply(snap, e); err != nil {
			t.Fatal(err)
		}
	}
	if snap.Hash() != b1.Hash() {
		t.Errorf("replay from a mid-log clone gives a different board")
	}
	// A different log gives a different board.
	other := workshops.NewBoard("ws-1", "Retro")
	for _, e := range log[:len(log)-1] {
		if err := workshops.Apply(other, e); err != nil {
			t.Fatal(err)
		}
	}
	if other.Hash() == b1.Hash() {
		t.Errorf("boards one event apart have the same hash")
	}
	// Applying the whole log again is refused at the first event.
	wantCode(t, workshops.Apply(b1, log[0]), workshops.ECONFLICT)
}

// TestApplyRandom applies thousands of random, often invalid, operations from
// several actors to two boards and checks that they stay identical, that
// refused events change nothing, and that LiveNotes stays true.
func TestApplyRandom(t *testing.T) {
	steps := 3000
	if testing.Short() {
		steps = 500
	}
	r := rand.New(rand.NewPCG(20240917, 7))
	// Actors, weighted: mostly people who may write, some who may not.
	actors := []string{facID, facID, "p1", "p1", "p1", "p2", "p2", "p2", "p3", "p3", obsID, "", "stranger"}
	colors := append(append([]workshops.Color{}, workshops.Colors...), "red")
	kinds := []workshops.OpKind{
		workshops.OpNoteCreate, workshops.OpNoteCreate, workshops.OpNoteEdit, workshops.OpNoteEdit, workshops.OpNoteEdit,
		workshops.OpNoteMove, workshops.OpNoteMove, workshops.OpNoteMove, workshops.OpNoteResize, workshops.OpNoteRecolor,
		workshops.OpNoteRecolor, workshops.OpNoteDelete, workshops.OpBoardRename, workshops.OpParticipantJoin, "note.unknown",
	}
	roles := []workshops.Role{workshops.RoleFacilitator, workshops.RoleParticipant, workshops.RoleParticipant, workshops.RoleParticipant, workshops.RoleObserver, "admin"}
	var created []string // note IDs in creation order (not map order, to stay reproducible)
	fresh := 0

	// noteID picks a note for an op: mostly one that was created (perhaps
	// since deleted), sometimes a new, a missing or an invalid ID.
	noteID := func(forCreate bool) string {
		switch k := r.IntN(20); {
		case k == 0:
			return "bad id"
		case k == 1:
			return "never-created"
		case forCreate && k < 18 || len(created) == 0:
			fresh++
			return fmt.Sprintf("n%d", fresh)
		}
		// Favour recent notes, which are more likely to be live.
		if r.IntN(2) == 0 && len(created) > 8 {
			return created[len(created)-1-r.IntN(8)]
		}
		return created[r.IntN(len(created))]
	}
	coord := func() float64 {
		switch r.IntN(25) {
		case 0:
			return workshops.MaxCoord + 1
		case 1:
			return math.NaN()
		}
		return math.Round((r.Float64()*2-1)*workshops.MaxCoord*100) / 100
	}
	size := func() float64 {
		if r.IntN(25) == 0 {
			return workshops.MaxNoteSize + r.Float64()*100
		}
		return workshops.MinNoteSize + math.Floor(r.Float64()*(workshops.MaxNoteSize-workshops.MinNoteSize))
	}
	text := func() string {
		switch r.IntN(25) {
		case 0:
			return strings.Repeat("å", 1001)
		case 1:
			return "bad\xff"
		}
		return strings.Repeat("idé ", r.IntN(10))
	}
	randomOp := func() workshops.Op {
		op := workshops.Op{Kind: kinds[r.IntN(len(kinds))]}
		switch op.Kind {
		case workshops.OpNoteCreate:
			op = createOp(noteID(true), text(), colors[r.IntN(len(colors))], coord(), coord())
			switch r.IntN(4) {
			case 0:
				op.W, op.H = ptr(size()), ptr(size())
			case 1:
				if r.IntN(5) == 0 {
					op.W = ptr(size()) // w without h
				}
			}
		case workshops.OpNoteEdit:
			op = editOp(noteID(false), text())
		case workshops.OpNoteMove:
			op = moveOp(noteID(false), coord(), coord())
		case workshops.OpNoteResize:
			op = resizeOp(noteID(false), size(), size())
		case workshops.OpNoteRecolor:
			op = recolorOp(noteID(false), colors[r.IntN(len(colors))])
		case workshops.OpNoteDelete:
			op = deleteOp(noteID(false))
		case workshops.OpBoardRename:
			op = renameOp([]string{"Retro", "  Plan  ", "", strings.Repeat("t", 121)}[r.IntN(4)])
		case workshops.OpParticipantJoin:
			id := actors[r.IntN(len(actors))]
			op = joinOp(id, []string{"Ada", " Bo ", "Cy", "", "x\x01"}[r.IntN(5)], roles[r.IntN(len(roles))])
		default:
			op.Note = noteID(false)
		}
		if r.IntN(40) == 0 { // an extra field
			op.Title = ptr("extra")
		}
		return op
	}

	b1 := workshops.NewBoard("ws-r", "Random")
	b2 := workshops.NewBoard("ws-r", "Random")
	var log []workshops.Event
	for _, p := range []workshops.Participant{{ID: facID, Role: workshops.RoleFacilitator}, {ID: "p1"}, {ID: "p2"}, {ID: "p3"}, {ID: obsID, Role: workshops.RoleObserver}} {
		if p.Role == "" {
			p.Role = workshops.RoleParticipant
		}
		op := joinOp(p.ID, "Person "+p.ID, p.Role)
		log = append(log, mustApply(t, b1, "", op))
		mustApply(t, b2, "", op)
	}
	codes := map[string]int{}
	before := b1.Hash()
	for i := range steps {
		actor := actors[r.IntN(len(actors))]
		op := randomOp()
		if op.Kind == workshops.OpParticipantJoin && r.IntN(5) != 0 {
			actor = "" // mostly sent by the server, as it should be
		}
		e := event(b1, actor, op)
		if r.IntN(50) == 0 {
			e.Seq += uint64(r.IntN(3)) // 0 or +1 or +2: mostly wrong
			if r.IntN(2) == 0 {
				e.Seq--
			}
		}
		seqBefore := b1.Seq
		err1 := workshops.Apply(b1, e)
		err2 := workshops.Apply(b2, e)
		c1, c2 := workshops.ErrorCode(err1), workshops.ErrorCode(err2)
		codes[c1]++
		if c1 != c2 {
			t.Fatalf("step %d: replicas disagree: %q vs %q", i, c1, c2)
		}
		if c1 == workshops.EINTERNAL {
			t.Fatalf("step %d: internal error %v", i, err1)
		}
		h1, h2 := b1.Hash(), b2.Hash()
		if h1 != h2 {
			t.Fatalf("step %d (%s by %q): hashes differ", i, e.Op.Kind, e.Actor)
		}
		if err1 != nil {
			if h1 != before || b1.Seq != seqBefore {
				t.Fatalf("step %d: refused %s (%v) changed the board", i, e.Op.Kind, err1)
			}
		} else {
			if b1.Seq != e.Seq {
				t.Fatalf("step %d: Seq = %d after applying event %d", i, b1.Seq, e.Seq)
			}
			if h1 == before { // Seq at least has changed
				t.Fatalf("step %d: accepted %s left the hash unchanged", i, e.Op.Kind)
			}
			log = append(log, e)
			if e.Op.Kind == workshops.OpNoteCreate {
				created = append(created, e.Op.Note)
			}
		}
		if b1.LiveNotes != liveCount(b1) {
			t.Fatalf("step %d: LiveNotes = %d, %d notes are live", i, b1.LiveNotes, liveCount(b1))
		}
		for id, n := range b1.Notes {
			if n.Deleted && n.Text != "" {
				t.Fatalf("step %d: tombstone %s keeps its text", i, id)
			}
		}
		before = h1
	}
	t.Logf("%d of %d events accepted; codes %v", len(log), steps, codes)
	if len(log) < steps/4 {
		t.Errorf("only %d of %d random events were accepted; the generator is too hostile to test much", len(log), steps)
	}
	for _, c := range []string{"", workshops.EINVALID, workshops.EFORBIDDEN, workshops.ENOTFOUND, workshops.EDELETED,
		workshops.ECONFLICT, workshops.EUNKNOWNOP, workshops.ESERVERONLY, workshops.ETOOLARGE} {
		if codes[c] == 0 {
			t.Errorf("no random event got code %q", c)
		}
	}

	// The log of accepted events alone rebuilds the same board, as Load does.
	b3 := workshops.NewBoard("ws-r", "Random")
	for _, e := range log {
		if err := workshops.Apply(b3, e); err != nil {
			t.Fatalf("replaying event %d: %v", e.Seq, err)
		}
	}
	if b3.Hash() != b1.Hash() {
		t.Errorf("replaying the accepted log gives a different board")
	}
}
