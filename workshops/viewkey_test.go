package workshops_test

import (
	"math/rand/v2"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestViewKeysShareOnlyEqualViews drives random workshops (breakout, private
// steps, hidden notes, votes, removals) and checks after every accepted op
// that viewers with the same view key get byte-identical snapshots, which
// is what lets a server encode one snapshot for all of them.
func TestViewKeysShareOnlyEqualViews(t *testing.T) {
	steps, seeds := 600, 3
	if testing.Short() {
		steps, seeds = 250, 2
	}
	shared, personal := 0, 0
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 19))
		b := workshops.NewBoard("ws-k", "Keys")
		g := &randomWorkshop{r: r, b: b}
		apply := func(actor string, o workshops.Op) error { return workshops.Apply(b, event(b, actor, o)) }
		for _, id := range randomFacs {
			apply("", joinOp(id, "Fasilitator", workshops.RoleFacilitator))
		}
		for i, id := range randomPeople {
			// Some declare a category at join, which only they and the
			// facilitators see: their view is their own.
			join := joinOp(id, "Deltaker", workshops.RoleParticipant)
			if i%2 == 1 {
				join.Participant.Category = workshops.CategoryCitizen
			}
			apply("", join)
		}
		apply("", joinOp(obsID, "Observatør", workshops.RoleObserver))
		apply(facID, groupOp("g1", "Bolig"))
		apply(facID, groupOp("g2", "Jobb"))
		for step := range steps {
			actor, o := g.next()
			if apply(actor, o) != nil {
				continue
			}
			keys := b.ViewKeys()
			byKey := map[string]string{} // key -> the first viewer's encoded view
			for _, v := range randomViewers {
				k, ok := keys.Key(v)
				if !ok {
					personal++
					continue
				}
				view := mustJSON(t, b.ViewFor(v))
				if first, seen := byKey[k]; seen {
					shared++
					if first != view {
						t.Fatalf("seed %d step %d (%s by %s): %s shares key %q but sees\n%s\nwhere another with that key sees\n%s",
							seed, step, o.Kind, actor, v, k, view, first)
					}
					continue
				}
				byKey[k] = view
			}
		}
	}
	// The test means something only if both cases came up often.
	if shared < 100 || personal < 100 {
		t.Fatalf("too few cases: %d viewers shared a key, %d had their own view", shared, personal)
	}
	t.Logf("%d shared a key, %d had their own view", shared, personal)
}
