package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/workshops"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), pgtest.NewSchemaURL(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func event(seq uint64) workshops.Event {
	x, y := float64(seq), 1.5
	return workshops.Event{Seq: seq, OpID: fmt.Sprintf("op-%d", seq), Actor: "participant-1", At: int64(seq),
		Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "note-1", X: &x, Y: &y}}
}

// request builds the request Append would queue for events first..last.
func request(board string, first, last uint64) *appendReq {
	r := newReq()
	for seq := first; seq <= last; seq++ {
		e := event(seq)
		r.events = append(r.events, e)
		op, _ := json.Marshal(e.Op)
		r.ops = append(r.ops, string(op))
	}
	r.board, r.first, r.last = board, int64(first), int64(last)
	r.take()
	return r
}

// TestGroupKeepsEachBoardsOrder: one append_group statement with several
// Appends of each board, boards interleaved, stores every board's Appends
// in the order they came (a group sorts by board and must keep that
// order), and an Append whose seq does not follow moves nothing while the
// rest of its group is stored.
func TestGroupKeepsEachBoardsOrder(t *testing.T) {
	s := openInternal(t)
	const boards, each = 30, 3
	var group []*appendReq
	next := make([]uint64, boards)
	for len(group) < boards*each {
		b := rand.IntN(boards)
		if next[b] == each {
			continue
		}
		first := 2*next[b] + 1 // two events an Append
		group = append(group, request(fmt.Sprintf("board-%02d", b), first, first+1))
		next[b]++
	}
	gap := request("board-gap", 5, 5) // the board has no event 4
	group = append(group, gap)
	want := map[*appendReq]bool{}
	for _, r := range group {
		want[r] = r != gap
	}
	groups0, _, alone0 := GroupStats(s)
	var buf groupArgs
	s.group.write(group, &buf)
	for r, moved := range want {
		if res := <-r.done; res.err != nil || res.moved != moved {
			t.Errorf("Append of %s at %d: moved %v, err %v; want moved %v", r.board, r.first, res.moved, res.err, moved)
		}
	}
	if groups, _, alone := GroupStats(s); groups != groups0+1 || alone != alone0 {
		t.Fatalf("%d statements of append_group and %d alone, want 1 and none", groups-groups0, alone-alone0)
	}
	for b := range boards {
		got, err := s.Events(t.Context(), fmt.Sprintf("board-%02d", b), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2*each {
			t.Fatalf("board %d holds %d events, want %d", b, len(got), 2*each)
		}
		for i, e := range got {
			if w := event(uint64(i + 1)); e.Seq != w.Seq || e.OpID != w.OpID || *e.Op.X != *w.Op.X {
				t.Fatalf("board %d event %d is %+v, want %+v", b, i, e, w)
			}
		}
	}
	if got, _ := s.Events(t.Context(), "board-gap", 0, 100); len(got) != 0 {
		t.Fatalf("the Append that left a gap stored %d events", len(got))
	}
}

// TestDroppedAppendIsNotWritten: an Append whose context ends while it is
// queued returns the context's error, and the group that later finds it
// in the queue leaves it out.
func TestDroppedAppendIsNotWritten(t *testing.T) {
	s := openInternal(t)
	// A committer with no worker yet, so the Append stays queued.
	s.group.close()
	c := &committer{pool: s.pool, in: make(chan *appendReq, 8), quit: make(chan struct{})}
	s.group = c
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- s.Append(ctx, "dropped", []workshops.Event{event(1)}, nil) }()
	for deadline := time.Now().Add(30 * time.Second); len(c.in) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the Append was never queued")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the dropped Append returned %v, want context.Canceled", err)
	}
	c.wg.Add(1)
	go c.run()
	// One worker takes the queue in order: once this Append is stored,
	// the dropped one has been passed over.
	if err := s.Append(t.Context(), "after", []workshops.Event{event(1)}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Events(t.Context(), "dropped", 0, 10); err != nil || len(got) != 0 {
		t.Fatalf("the dropped Append's board holds %d events (%v), want none", len(got), err)
	}
}

// TestFailedGroupFailsOnlyItsOwn: when append_group fails (one Append's
// snapshot exists already), nothing of the group is stored by it, each
// Append is run alone, and only the one at fault gets an error.
func TestFailedGroupFailsOnlyItsOwn(t *testing.T) {
	s := openInternal(t)
	snap := &workshops.Snapshot{BoardID: "x", Seq: 1, State: []byte(`{}`)}
	if err := s.Append(t.Context(), "x", []workshops.Event{event(1)}, snap); err != nil {
		t.Fatal(err)
	}
	bad := request("x", 2, 2)
	bad.snap = &workshops.Snapshot{BoardID: "x", Seq: 1, State: []byte(`{}`)} // taken
	group := []*appendReq{request("a", 1, 2), bad, request("b", 1, 1), request("c", 1, 3)}
	groups0, grouped0, alone0 := GroupStats(s)
	var buf groupArgs
	s.group.write(group, &buf)
	for _, r := range group {
		res := <-r.done
		if r == bad {
			if constraint, ok := violates(res.err, uniqueViolation); !ok || constraint != "snapshots_pkey" {
				t.Errorf("the Append with a taken snapshot got %v, want a unique violation of snapshots_pkey", res.err)
			}
			continue
		}
		if res.err != nil || !res.moved {
			t.Errorf("Append of %s: moved %v, err %v", r.board, res.moved, res.err)
		}
	}
	if groups, grouped, alone := GroupStats(s); groups != groups0+1 || grouped != grouped0 || alone != alone0+uint64(len(group)) {
		t.Fatalf("statements: %d groups writing %d Appends, %d alone; want 1 group that wrote none, %d alone",
			groups-groups0, grouped-grouped0, alone-alone0, len(group))
	}
	if got, _ := s.Events(t.Context(), "x", 0, 10); len(got) != 1 {
		t.Fatalf("board x holds %d events, want 1", len(got))
	}
	for board, n := range map[string]int{"a": 2, "b": 1, "c": 3} {
		if got, _ := s.Events(t.Context(), board, 0, 10); len(got) != n {
			t.Fatalf("board %s holds %d events, want %d", board, len(got), n)
		}
	}
}
