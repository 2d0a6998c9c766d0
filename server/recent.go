package server

import (
	"github.com/samskap/samskap/workshops"
)

// recentEvents is a board's list of its last committed events, kept so a
// resuming client can be sent what it missed. It holds consecutive seqs
// only, each once, and is indexed by seq: an event at or below the last
// one held is ignored (it is known already), and one past a gap starts the
// list afresh, so a lookup can never answer an event twice or skip one.
//
// It holds between keep and 2*keep events in one array, which grows to
// that size once and is then reused: when it is full, the newest keep are
// moved to its front. A busy board so allocates nothing per event (the
// list used to be copied anew every keep events: an eighth of the
// garbage of an op at issue 19's 50,000 deliveries/s).
type recentEvents struct {
	events []workshops.Event // events[i].Seq == events[0].Seq + i
	keep   int               // at least this many are kept
}

// add appends e if it is the next seq. It reports whether e was added.
func (r *recentEvents) add(e workshops.Event) bool {
	if n := len(r.events); n > 0 {
		last := r.events[n-1].Seq
		switch {
		case e.Seq <= last:
			return false // held already
		case e.Seq != last+1:
			r.events = r.events[:0] // a gap: what follows is not contiguous with what we hold
		}
	}
	if r.keep > 0 && len(r.events) >= 2*r.keep { // trim in chunks, not on every event
		n := copy(r.events, r.events[len(r.events)-r.keep:])
		clear(r.events[n:]) // let go of the moved events' texts
		r.events = r.events[:n]
	}
	r.events = append(r.events, e)
	return true
}

// since returns the events after lastSeq up to and including head, if the
// list holds every one of them; else false. The result must not be
// modified, and holds only until the next add.
func (r *recentEvents) since(lastSeq, head uint64) ([]workshops.Event, bool) {
	if lastSeq >= head {
		return nil, lastSeq == head
	}
	n := len(r.events)
	if n == 0 {
		return nil, false
	}
	first, last := r.events[0].Seq, r.events[n-1].Seq
	if first > lastSeq+1 || last < head {
		return nil, false
	}
	from := int(lastSeq + 1 - first)
	to := int(head - first + 1)
	out := r.events[from:to]
	if !consecutive(out, lastSeq) {
		return nil, false // cannot happen while add keeps its promise
	}
	return out, true
}

// consecutive reports whether events are exactly the seqs after, after+1,
// ... with none twice and none left out.
func consecutive(events []workshops.Event, after uint64) bool {
	for i, e := range events {
		if e.Seq != after+uint64(i)+1 {
			return false
		}
	}
	return true
}
