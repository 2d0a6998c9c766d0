package server

import (
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestRecentEventsKeepsTheLastAndReusesItsArray: the list answers every
// resume within keep events of the head, refuses one further back, and
// once grown it takes events without allocating.
func TestRecentEventsKeepsTheLastAndReusesItsArray(t *testing.T) {
	const keep = 8
	r := recentEvents{keep: keep}
	var seq uint64
	add := func() {
		seq++
		if !r.add(workshops.Event{Seq: seq}) {
			t.Fatalf("event %d not added", seq)
		}
	}
	for range 5 * keep {
		add()
		for back := uint64(0); back <= min(seq, keep); back++ {
			got, ok := r.since(seq-back, seq)
			if !ok || len(got) != int(back) || !consecutive(got, seq-back) {
				t.Fatalf("at %d, since %d: %v, %v", seq, seq-back, got, ok)
			}
		}
		if back := uint64(2*keep + 1); seq > back {
			if _, ok := r.since(seq-back, seq); ok {
				t.Fatalf("at %d, since %d answered: more than 2*keep held", seq, seq-back)
			}
		}
	}
	if r.add(workshops.Event{Seq: seq}) {
		t.Error("an event held already was added again")
	}
	cycle := func() { // enough events to move the newest to the front
		for range 2 * keep {
			add()
		}
	}
	if allocs := testing.AllocsPerRun(20, cycle); allocs != 0 {
		t.Errorf("%d events allocate %v times once the list is grown", 2*keep, allocs)
	}
	// A gap starts the list afresh.
	seq += 2
	add()
	if _, ok := r.since(seq-2, seq); ok {
		t.Error("answered across a gap")
	}
	if got, ok := r.since(seq-1, seq); !ok || len(got) != 1 || got[0].Seq != seq {
		t.Errorf("after a gap: %v, %v", got, ok)
	}
}
