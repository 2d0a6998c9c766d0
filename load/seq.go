package load

// seqTracker follows the seqs one connection receives and records what
// does not follow: a gap (seqs skipped) or a repeat (a seq at or below one
// already applied). A snapshot sets the position without a check. Owned by
// one goroutine.
type seqTracker struct {
	last    uint64     // the last seq applied; 0: none yet
	gaps    []seqRange // skipped seqs, to be explained (or not) at the end
	repeats uint64     // events at or below last: duplicates or out of order
}

// seqRange is the seqs from first to last, both included.
type seqRange struct{ first, last uint64 }

func (r seqRange) len() uint64 { return r.last - r.first + 1 }

// base sets the position: after a welcome (lastSeq the client resumed
// from) or a snapshot (its board seq).
func (t *seqTracker) base(seq uint64) { t.last = seq }

// event records an event with seq. It returns false if the event is a
// repeat (and should not be counted as a delivery).
func (t *seqTracker) event(seq uint64) bool {
	switch {
	case t.last != 0 && seq <= t.last:
		t.repeats++
		return false
	case t.last != 0 && seq > t.last+1:
		t.gaps = append(t.gaps, seqRange{t.last + 1, seq - 1})
	}
	t.last = seq
	return true
}

// unexplained counts the skipped seqs that invisible does not excuse (an
// event this receiver may not see, such as another person's vote). With no
// votes in the workload nothing is invisible, and every skipped seq is a bug.
func unexplained(gaps []seqRange, invisible func(seq uint64) bool) uint64 {
	var n uint64
	for _, g := range gaps {
		if invisible == nil {
			n += g.len()
			continue
		}
		for s := g.first; s <= g.last; s++ {
			if !invisible(s) {
				n++
			}
		}
	}
	return n
}
