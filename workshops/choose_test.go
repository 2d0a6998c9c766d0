package workshops_test

import (
	"slices"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func TestFrameChoose(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpFrameChoose, withFrame("f-a"), withOn(true)))
	if !b.Frames["f-a"].Chosen || b.Frames["f-b"].Chosen {
		t.Fatalf("after choosing f-a: %+v %+v", b.Frames["f-a"], b.Frames["f-b"])
	}
	if got := b.ChosenFrames(); !slices.Equal(got, []string{"f-a"}) {
		t.Errorf("ChosenFrames = %v", got)
	}
	// Everyone who sees the frame learns of the choice; group B does not
	// see group A's frame during breakout.
	e := workshops.Event{Seq: b.Seq, Actor: facID, Op: op(workshops.OpFrameChoose, withFrame("f-a"), withOn(true))}
	if _, ok := b.EventFor(e, aliceID); !ok {
		t.Error("alice (group A) does not get the choice of her group's frame")
	}
	if _, ok := b.EventFor(e, bobID); ok {
		t.Error("bob (group B) gets the choice of group A's frame during breakout")
	}
	if !slices.ContainsFunc(b.ViewFor(aliceID).Frames, func(f workshops.Frame) bool { return f.ID == "f-a" && f.Chosen }) {
		t.Error("alice's view does not show f-a chosen")
	}

	mustApply(t, b, facID, op(workshops.OpFrameChoose, withFrame("f-a"), withOn(false)))
	if b.Frames["f-a"].Chosen || len(b.ChosenFrames()) != 0 {
		t.Error("taking the choice back left it chosen")
	}
	refused(t, b, aliceID, op(workshops.OpFrameChoose, withFrame("f-a"), withOn(true)), workshops.EFORBIDDEN)
	refused(t, b, facID, op(workshops.OpFrameChoose, withFrame("nope"), withOn(true)), workshops.ENOTFOUND)
	mustApply(t, b, facID, op(workshops.OpFrameChoose, withFrame("f-b"), withOn(true)))
	mustApply(t, b, facID, op(workshops.OpFrameDelete, withFrame("f-b")))
	if len(b.ChosenFrames()) != 0 {
		t.Errorf("a deleted frame counts as chosen: %v", b.ChosenFrames())
	}
	refused(t, b, facID, op(workshops.OpFrameChoose, withFrame("f-b"), withOn(true)), workshops.EDELETED)
}
