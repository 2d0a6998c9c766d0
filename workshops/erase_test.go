package workshops_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func eraseOp(person string) workshops.Op {
	return workshops.Op{Kind: workshops.OpParticipantErase, Person: person}
}

func endOp() workshops.Op { return workshops.Op{Kind: workshops.OpBoardEnd} }

// TestEraseDeletesTheirNotes: participant.erase makes tombstones of every
// note the person wrote (hidden and private ones too), hands back dots on
// them, empties their name and removes them; nobody else's notes change.
func TestEraseDeletesTheirNotes(t *testing.T) {
	b := fixtureBoard(t)
	mustApply(t, b, aliceID, createOp("n-alice2", "ring meg på 99 88 77 66", workshops.ColorGreen, 50, 400))
	mustApply(t, b, facID, op(workshops.OpNoteHide, withNote("n-alice2"), withOn(true)))
	mustApply(t, b, facID, voteOpenOp("v1", 3))
	mustApply(t, b, bobID, op(workshops.OpVoteCast, withVote("v1"), withNote("n-alice")))
	mustApply(t, b, aliceID, op(workshops.OpParticipantRename, withPerson(aliceID), withName("Alice Ålesund")))
	live := b.LiveNotes

	e := mustApply(t, b, "", eraseOp(aliceID))
	for _, id := range []string{"n-alice", "n-alice2", "n-gone"} {
		n := b.Notes[id]
		if !n.Deleted || n.Text != "" || n.HiddenReason != "" {
			t.Errorf("note %s after erase: %+v", id, n)
		}
	}
	if n := b.Notes["n-bob"]; n.Deleted || n.Text != "bob's idea" {
		t.Errorf("bob's note changed: %+v", n)
	}
	if b.LiveNotes != live-2 || liveCount(b) != b.LiveNotes {
		t.Errorf("LiveNotes = %d (counted %d), want %d", b.LiveNotes, liveCount(b), live-2)
	}
	if spent := b.Votes["v1"].Spent(bobID); spent != 0 {
		t.Errorf("bob's dot on alice's note was not handed back: %d spent", spent)
	}
	p := b.Participants[aliceID]
	if !p.Removed || !p.Erased || p.Name != "" {
		t.Errorf("alice after erase: %+v", p)
	}
	if b.ViewSeq != e.Seq {
		t.Errorf("ViewSeq = %d, want %d: a resume from before must get a snapshot", b.ViewSeq, e.Seq)
	}
	data, _ := json.Marshal(b)
	for _, s := range []string{"alice's idea", "99 88 77 66", "Alice"} {
		if strings.Contains(string(data), s) {
			t.Errorf("the board still holds %q", s)
		}
	}
	// She can do nothing more, and cannot come back under the same ID.
	wantCode(t, workshops.Apply(b, event(b, aliceID, createOp("n-back", "x", workshops.ColorBlue, 0, 0))), workshops.EFORBIDDEN)
	wantCode(t, workshops.Apply(b, event(b, "", joinOp(aliceID, "Alice", workshops.RoleParticipant))), workshops.EFORBIDDEN)
	// Erasing twice says so and changes nothing.
	before := b.Hash()
	wantCode(t, workshops.Apply(b, event(b, "", eraseOp(aliceID))), workshops.EDELETED)
	if b.Hash() != before {
		t.Error("a refused erase changed the board")
	}
}

func TestEraseRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		actor string
		op    workshops.Op
		want  string
	}{
		{"sent by a client", aliceID, eraseOp(aliceID), workshops.ESERVERONLY},
		{"sent by a facilitator's client", facID, eraseOp(bobID), workshops.ESERVERONLY},
		{"of a facilitator", "", eraseOp(facID), workshops.EFORBIDDEN},
		{"of nobody", "", eraseOp("nobody"), workshops.ENOTFOUND},
		{"without a person", "", workshops.Op{Kind: workshops.OpParticipantErase}, workshops.EINVALID},
		{"end sent by a client", facID, endOp(), workshops.ESERVERONLY},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := fixtureBoard(t)
			before := b.Hash()
			err := workshops.Apply(b, event(b, tc.actor, tc.op))
			if got := workshops.ErrorCode(err); got != tc.want {
				t.Fatalf("code %q (%v), want %q", got, err, tc.want)
			}
			if b.Hash() != before {
				t.Error("a refused op changed the board")
			}
		})
	}
	// A removed person's data can still be erased, and an observer's.
	b := fixtureBoard(t)
	mustApply(t, b, facID, op(workshops.OpParticipantRemove, withPerson(bobID)))
	mustApply(t, b, "", eraseOp(bobID))
	mustApply(t, b, "", eraseOp(obsID))
	if !b.Notes["n-bob"].Deleted || !b.Participants[obsID].Erased {
		t.Error("erasing a removed person or an observer did not take")
	}
}

// TestEndedBoardIsReadOnly: after board.end nothing changes any more but a
// facilitator joining and an erasure; joining is closed.
func TestEndedBoardIsReadOnly(t *testing.T) {
	b := fixtureBoard(t)
	mustApply(t, b, "", endOp())
	if !b.Ended || !b.JoinClosed {
		t.Fatalf("after end: Ended %v, JoinClosed %v", b.Ended, b.JoinClosed)
	}
	if v := b.ViewFor(facID); !v.Ended {
		t.Error("the view does not say the workshop ended")
	}
	before := b.Hash()
	for _, tc := range []struct {
		actor string
		op    workshops.Op
	}{
		{aliceID, createOp("n-late", "late", workshops.ColorYellow, 0, 0)},
		{aliceID, editOp("n-alice", "changed")},
		{facID, deleteOp("n-bob")},
		{facID, renameOp("New title")},
		{facID, op(workshops.OpBoardJoining, withOn(true))},
		{"", joinOp("newbie", "Nina", workshops.RoleParticipant)},
		{"", joinOp("watcher", "Wenche", workshops.RoleObserver)},
		{"", endOp()},
	} {
		if err := workshops.Apply(b, event(b, tc.actor, tc.op)); workshops.ErrorCode(err) != workshops.ECLOSED {
			t.Errorf("%s by %q after the end: %v, want closed", tc.op.Kind, tc.actor, err)
		}
	}
	if b.Hash() != before {
		t.Fatal("a refused op changed the ended board")
	}
	mustApply(t, b, "", joinOp("fac-2", "Frida", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(facID, "Fran", workshops.RoleFacilitator))
	mustApply(t, b, "", eraseOp(bobID))
	if !b.Notes["n-bob"].Deleted {
		t.Error("an erasure after the end did not take")
	}
}

func TestEraseAndEndEvents(t *testing.T) {
	b := fixtureBoard(t)
	erase := mustApply(t, b, "", eraseOp(aliceID))
	for _, viewer := range []string{facID, bobID, obsID, aliceID} {
		if b.NeedsResync(erase, viewer) {
			t.Errorf("%s: the erase event needs a resync; it says everything itself", viewer)
		}
		if _, ok := b.EventFor(erase, viewer); !ok {
			t.Errorf("%s does not receive the erase event", viewer)
		}
	}
	if b.CanReplay(erase.Seq - 1) {
		t.Error("a client from before the erasure may replay events")
	}
	end := mustApply(t, b, "", endOp())
	for _, viewer := range []string{facID, bobID, obsID} {
		if _, ok := b.EventFor(end, viewer); !ok || b.NeedsResync(end, viewer) {
			t.Errorf("%s: the end event is not sent as it is", viewer)
		}
	}
}

// TestErasedEventsReplay: the redacted log holds no text of the erased
// person's notes and not their name, touches nobody else's, replays to
// the same board, and a second pass finds nothing left.
func TestErasedEventsReplay(t *testing.T) {
	b := workshops.NewBoard("ws-1", "Retro")
	var log []workshops.Event
	do := func(actor string, o workshops.Op) {
		t.Helper()
		log = append(log, mustApply(t, b, actor, o))
	}
	do("", joinOp(facID, "Fran", workshops.RoleFacilitator))
	do("", joinOp(aliceID, "Alice Hemmelig", workshops.RoleParticipant))
	do("", joinOp(bobID, "Bob", workshops.RoleParticipant))
	do(aliceID, op(workshops.OpParticipantRename, withPerson(aliceID), withName("Alice Enda Hemmeligere")))
	do(aliceID, createOp("a1", "Alice bor i Storgata 7", workshops.ColorYellow, 0, 0))
	do(aliceID, createOp("a2", "andre lapp", workshops.ColorPink, 200, 0))
	do(bobID, createOp("b1", "Bobs lapp", workshops.ColorBlue, 400, 0))
	do(facID, editOp("a1", "Alice bor i Storgata 7 (rettet av Fran)"))
	do(aliceID, editOp("a2", "andre lapp, endret"))
	reason := "telefonnummer 12345678"
	do(facID, workshops.Op{Kind: workshops.OpNoteHide, Note: "a2", On: ptr(true), Reason: &reason})
	do(aliceID, deleteOp("a1"))
	do(bobID, editOp("b1", "Bobs lapp, endret"))
	do("", eraseOp(aliceID))
	do(bobID, createOp("b2", "etter", workshops.ColorGreen, 600, 0))

	redacted := workshops.ErasedEvents(log, aliceID)
	if len(redacted) != 7 {
		t.Errorf("%d events redacted, want 7 (join, rename, 2 creates, 2 edits, a hide)", len(redacted))
	}
	fixed := append([]workshops.Event(nil), log...)
	for _, r := range redacted {
		if r.OpID != log[r.Seq-1].OpID || r.Actor != log[r.Seq-1].Actor || r.At != log[r.Seq-1].At {
			t.Errorf("event %d changed more than its op", r.Seq)
		}
		fixed[r.Seq-1] = r
	}
	data, _ := json.Marshal(fixed)
	for _, s := range []string{"Hemmelig", "Storgata", "andre lapp", "12345678"} {
		if strings.Contains(string(data), s) {
			t.Errorf("the redacted log still holds %q", s)
		}
	}
	for _, s := range []string{"Bobs lapp, endret", "Fran", "Bob"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("the redacted log lost %q, which is not alice's", s)
		}
	}
	// The original log was not touched.
	if *log[4].Op.Text != "Alice bor i Storgata 7" || log[1].Op.Participant.Name != "Alice Hemmelig" {
		t.Error("ErasedEvents changed the events it was given")
	}
	replayed := workshops.NewBoard("ws-1", "Retro")
	for _, e := range fixed {
		if err := workshops.Apply(replayed, e); err != nil {
			t.Fatalf("the redacted log does not replay at %d: %v", e.Seq, err)
		}
	}
	if replayed.Hash() != b.Hash() {
		t.Error("the redacted log replays to another board")
	}
	if again := workshops.ErasedEvents(fixed, aliceID); len(again) != 0 {
		t.Errorf("a second pass redacts %d events", len(again))
	}
}
