package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// faultyStore fails Append on demand: before storing (a clean failure) or
// after storing (the outcome a caller cannot tell from a lost connection).
type faultyStore struct {
	workshops.Store
	mu         sync.Mutex
	failBefore int // fail this many next appends without storing
	failAfter  int // store, then report failure, this many times
}

func (s *faultyStore) Append(ctx context.Context, id string, events []workshops.Event, snap *workshops.Snapshot) error {
	s.mu.Lock()
	before, after := s.failBefore > 0, s.failAfter > 0 && s.failBefore == 0
	if before {
		s.failBefore--
	} else if after {
		s.failAfter--
	}
	s.mu.Unlock()
	if before {
		return errors.New("disk on fire")
	}
	err := s.Store.Append(ctx, id, events, snap)
	if after && err == nil {
		return errors.New("connection lost after commit")
	}
	return err
}

func (s *faultyStore) set(before, after int) {
	s.mu.Lock()
	s.failBefore, s.failAfter = before, after
	s.mu.Unlock()
}

func newTestHub(t *testing.T, store workshops.Store) (*server.Hub, workshops.Workshop, string) {
	t.Helper()
	hub := server.NewHub(store, nil, "test-node", zerolog.New(io.Discard), time.Now)
	hub.NotesPerMinute = 1_000_000 // tests write faster than people
	t.Cleanup(hub.Close)
	ws := storetest.NewWorkshop("board-1")
	storetest.MustCreateWorkshop(t, store, ws)
	p := workshops.Participant{ID: "p1", Name: "Aud", Role: workshops.RoleParticipant}
	if err := hub.Submit(t.Context(), ws, "", "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &p}); err != nil {
		t.Fatal(err)
	}
	return hub, ws, p.ID
}

func TestWriteFailureRefusesAndRecovers(t *testing.T) {
	store := &faultyStore{Store: storetest.NewMemStore()}
	hub, ws, p := newTestHub(t, store)
	ctx := t.Context()

	store.set(1, 0)
	err := hub.Submit(ctx, ws, p, "op1", createOp("n1", "a", 0, 0))
	if workshops.ErrorCode(err) != workshops.EUNAVAILABLE {
		t.Fatalf("failed write: got %v, want unavailable", err)
	}
	st, _ := hub.BoardState(ws.ID)
	if _, ok := st.Notes["n1"]; ok || st.Seq != 1 {
		t.Fatalf("a refused op is on the board: seq %d", st.Seq)
	}
	// The same op retried now succeeds, once.
	if err := hub.Submit(ctx, ws, p, "op1", createOp("n1", "a", 0, 0)); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if err := hub.Submit(ctx, ws, p, "op1", createOp("n1", "a", 0, 0)); err != nil {
		t.Fatalf("second retry: %v", err)
	}
	st, _ = hub.BoardState(ws.ID)
	if _, ok := st.Notes["n1"]; !ok || st.Seq != 2 {
		t.Fatalf("after retry: seq %d, notes %v", st.Seq, st.Notes)
	}
}

func TestWriteWithUnknownOutcomeIsAckedFromTheLog(t *testing.T) {
	store := &faultyStore{Store: storetest.NewMemStore()}
	hub, ws, p := newTestHub(t, store)
	ctx := t.Context()
	store.set(0, 1)
	// The store kept the op but said it failed: the hub reads the log back
	// and acknowledges it rather than refusing something that is durable.
	if err := hub.Submit(ctx, ws, p, "op1", createOp("n1", "a", 0, 0)); err != nil {
		t.Fatalf("op stored despite the error: got %v, want ack", err)
	}
	if err := hub.Submit(ctx, ws, p, "op2", workshops.Op{Kind: workshops.OpNoteMove, Note: "n1", X: ptr(1.0), Y: ptr(2.0)}); err != nil {
		t.Fatalf("next op: %v", err)
	}
	st, _ := hub.BoardState(ws.ID)
	events := storetest.MustEvents(t, store, ws.ID, 0, 100)
	if st.Seq != 3 || len(events) != 3 {
		t.Fatalf("board seq %d, log has %d events; want 3 and 3", st.Seq, len(events))
	}
	if fresh := storetest.MustLoad(t, store, ws.ID, ws.Title); fresh.Hash() != st.Hash() {
		t.Fatal("the hub's board differs from a fresh load of the log")
	}
}

// TestConcurrentOpsMatchTheLog has many writers on one board through the
// pipeline; the hub's state must equal a fresh load, and every op that was
// acknowledged must be in the log exactly once.
func TestConcurrentOpsMatchTheLog(t *testing.T) {
	store := storetest.NewMemStore()
	hub, ws, _ := newTestHub(t, store)
	ctx := t.Context()
	const writers, ops = 8, 50
	for w := range writers {
		p := workshops.Participant{ID: fmt.Sprint("w", w), Name: "W", Role: workshops.RoleParticipant}
		if err := hub.Submit(ctx, ws, "", "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &p}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := 0
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := fmt.Sprint("w", w)
			for i := range ops {
				note := fmt.Sprintf("%s-%d", actor, i%5)
				op := createOp(note, "x", 0, 0)
				if i >= 5 {
					op = workshops.Op{Kind: workshops.OpNoteMove, Note: note, X: ptr(float64(i)), Y: ptr(0.0)}
				}
				if err := hub.Submit(ctx, ws, actor, fmt.Sprint("op", i), op); err != nil {
					t.Errorf("%s op %d: %v", actor, i, err)
					return
				}
				mu.Lock()
				acked++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st, _ := hub.BoardState(ws.ID)
	events := storetest.MustEvents(t, store, ws.ID, 0, 10_000)
	if want := 1 + writers + acked; len(events) != want || int(st.Seq) != want {
		t.Fatalf("log %d events, board seq %d, want %d", len(events), st.Seq, want)
	}
	if fresh := storetest.MustLoad(t, store, ws.ID, ws.Title); fresh.Hash() != st.Hash() {
		t.Fatal("the hub's board differs from a fresh load of the log")
	}
}

func TestIdleBoardUnloadsAndResumesFromStore(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) { h.IdleUnload = 50 * time.Millisecond })
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	seq := c.next().Board.Seq
	for i := range 3 {
		c.op(fmt.Sprint("o", i), createOp(fmt.Sprint("n", i), "x", 0, 0))
	}
	collect(t, c, seq+3)
	c.conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, loaded := m.Hub().BoardState(w.Workshop.ID); !loaded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("idle board was never unloaded")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Loaded again from the store, it still resumes a client with events.
	c = MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq+1)
	for i := range 2 {
		if got := c.next(); got.Type != "event" || got.Event.Seq != seq+2+uint64(i) {
			t.Fatalf("resume after reload: %+v", got)
		}
	}
	// And a retry of an op from before the unload is still recognised.
	c.op("o0", createOp("n0", "x", 0, 0))
	if got := c.next(); got.Type != "ack" || got.Seq != seq+1 {
		t.Fatalf("retry after reload: %+v", got)
	}
}

// TestConflictRequeues has two nodes on one store and no bus: the second
// node's replica is behind when it writes, the store refuses its seq, and
// the node catches up and writes the op again after the other's.
func TestConflictRequeues(t *testing.T) {
	store := storetest.NewMemStore()
	hubA, ws, p := newTestHub(t, store)
	hubB := server.NewHub(store, nil, "node-b", zerolog.New(io.Discard), time.Now)
	hubB.NotesPerMinute = 1_000_000 // tests write faster than people
	t.Cleanup(hubB.Close)
	ctx := t.Context()
	if err := hubB.Submit(ctx, ws, p, "b1", createOp("nb", "from B", 0, 0)); err != nil {
		t.Fatal(err) // B loads the board at seq 1 and writes seq 2
	}
	if err := hubA.Submit(ctx, ws, p, "a1", createOp("na", "from A", 0, 0)); err != nil {
		t.Fatal(err) // A is at seq 1: conflict on 2, catch up, write 3
	}
	if err := hubB.Submit(ctx, ws, p, "b2", workshops.Op{Kind: workshops.OpNoteMove, Note: "na", X: ptr(5.0), Y: ptr(5.0)}); err != nil {
		t.Fatalf("B moves A's note, which B has not seen: %v", err)
	}
	// An op that the caught-up state refuses is refused, not requeued.
	if err := hubA.Submit(ctx, ws, p, "a2", createOp("nb", "dup", 0, 0)); workshops.ErrorCode(err) != workshops.ECONFLICT {
		t.Fatalf("creating B's note again: %v, want conflict", err)
	}
	events := storetest.MustEvents(t, store, ws.ID, 0, 100)
	var ops []string
	for _, e := range events {
		ops = append(ops, e.OpID)
	}
	if got := fmt.Sprint(ops); got != "[ b1 a1 b2]" {
		t.Fatalf("log %s", got)
	}
	a, _ := hubA.BoardState(ws.ID)
	b, _ := hubB.BoardState(ws.ID)
	fresh := storetest.MustLoad(t, store, ws.ID, ws.Title)
	if a.Hash() != fresh.Hash() {
		t.Fatal("node A differs from the store")
	}
	if b.Seq > fresh.Seq {
		t.Fatal("node B is ahead of the store")
	}
}
