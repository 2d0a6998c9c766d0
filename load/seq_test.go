package load

import "testing"

func TestSeqTrackerGapsAndRepeats(t *testing.T) {
	var tr seqTracker
	tr.base(10) // a snapshot at 10
	for _, s := range []uint64{11, 12, 15, 16, 16, 14, 20} {
		tr.event(s)
	}
	want := []seqRange{{13, 14}, {17, 19}}
	if len(tr.gaps) != len(want) || tr.gaps[0] != want[0] || tr.gaps[1] != want[1] {
		t.Fatalf("gaps %v, want %v", tr.gaps, want)
	}
	if tr.repeats != 2 { // 16 again, 14 late
		t.Fatalf("repeats %d, want 2", tr.repeats)
	}
	if tr.last != 20 {
		t.Fatalf("last %d", tr.last)
	}
	if n := unexplained(tr.gaps, nil); n != 5 {
		t.Fatalf("unexplained %d, want 5", n)
	}
	// 13, 14 and 18 were other people's votes: only 17 and 19 are lost.
	votes := map[uint64]bool{13: true, 14: true, 18: true}
	if n := unexplained(tr.gaps, func(s uint64) bool { return votes[s] }); n != 2 {
		t.Fatalf("unexplained with votes %d, want 2", n)
	}
}

func TestSeqTrackerResume(t *testing.T) {
	var tr seqTracker
	tr.base(0) // a first hello: the snapshot sets the base
	tr.base(5)
	tr.event(6)
	// Reconnect with lastSeq 6: the replay must start at 7.
	if !tr.event(7) || !tr.event(8) {
		t.Fatal("a following event is fresh")
	}
	if tr.event(8) {
		t.Fatal("a repeated event is not fresh")
	}
	if len(tr.gaps) != 0 || tr.repeats != 1 {
		t.Fatalf("gaps %v repeats %d", tr.gaps, tr.repeats)
	}
	// A snapshot may jump ahead without a gap.
	tr.base(100)
	tr.event(101)
	if len(tr.gaps) != 0 {
		t.Fatalf("a snapshot made a gap: %v", tr.gaps)
	}
	// The first event with no base at all is taken as it comes.
	var fresh seqTracker
	fresh.event(42)
	if fresh.last != 42 || len(fresh.gaps) != 0 {
		t.Fatalf("fresh tracker: last %d gaps %v", fresh.last, fresh.gaps)
	}
}
