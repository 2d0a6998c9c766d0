package workshops_test

import (
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestCategoryAtJoin: a person may say what they take part as; only the
// four categories are taken; the facilitators and the person see it, the
// others do not, neither in a view nor in the join event; a rejoin
// without a category keeps the one said.
func TestCategoryAtJoin(t *testing.T) {
	b := workshops.NewBoard("b", "Verkstad")
	mustApply(t, b, "", joinOp(facID, "Fasilitator", workshops.RoleFacilitator))
	mustApply(t, b, "", joinOp(bobID, "Bob", workshops.RoleParticipant))
	join := func(cat workshops.Category) workshops.Op {
		op := joinOp(aliceID, "Alice", workshops.RoleParticipant)
		op.Participant.Category = cat
		return op
	}
	for _, bad := range []workshops.Category{"leverandør", "Supplier", "admin"} {
		err := workshops.Apply(b, event(b, "", join(bad)))
		wantCode(t, err, workshops.EINVALID)
		if _, ok := b.Participants[aliceID]; ok {
			t.Fatalf("a refused join with category %q added the person", bad)
		}
	}
	e := mustApply(t, b, "", join(workshops.CategorySupplier))
	if got := b.Participants[aliceID].Category; got != workshops.CategorySupplier {
		t.Fatalf("category on the board = %q", got)
	}
	category := func(view workshops.View, id string) workshops.Category {
		for _, p := range view.Participants {
			if p.ID == id {
				return p.Category
			}
		}
		t.Fatalf("%s is not in the view", id)
		return ""
	}
	for viewer, want := range map[string]workshops.Category{facID: workshops.CategorySupplier, aliceID: workshops.CategorySupplier, bobID: ""} {
		if got := category(b.ViewFor(viewer), aliceID); got != want {
			t.Errorf("%s's view: Alice's category %q, want %q", viewer, got, want)
		}
		got, ok := b.EventFor(e, viewer)
		if !ok || got.Op.Participant.Category != want {
			t.Errorf("%s's join event: category %q (sent %v), want %q", viewer, got.Op.Participant.Category, ok, want)
		}
	}
	if e.Op.Participant.Category != workshops.CategorySupplier {
		t.Error("EventFor changed the stored event's participant")
	}
	mustApply(t, b, "", join(""))
	if got := b.Participants[aliceID].Category; got != workshops.CategorySupplier {
		t.Errorf("after a rejoin without a category: %q", got)
	}
}
