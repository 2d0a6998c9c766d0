package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/server/membus"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// racingStore lets another node's writes land between the two reads of a
// board load: the first Events call that is not one of workshops.Load's
// pages (of 1000) runs commit first.
type racingStore struct {
	workshops.Store
	mu     sync.Mutex
	commit func()
}

func (s *racingStore) Events(ctx context.Context, id string, after uint64, limit int) ([]workshops.Event, error) {
	s.mu.Lock()
	f := s.commit
	if f != nil && limit != 1000 {
		s.commit = nil
	} else {
		f = nil
	}
	s.mu.Unlock()
	if f != nil {
		f()
	}
	return s.Store.Events(ctx, id, after, limit)
}

// A board loaded while another node writes: the events written between
// the load's reads reach every client once, both live and on resume
// (issue 14: a resume at 100 got 101..138, then 137 and 138 again).
func TestReloadedBoardResumesExactlyOnce(t *testing.T) {
	store := &racingStore{Store: storetest.NewMemStore()}
	bus := membus.NewBackend()
	start := func() *server.Main {
		return MustStartWith(t, t.TempDir(), func(m *server.Main) { m.Store, m.Bus = store, bus.Node() }, fastNodes)
	}
	first := start()
	w := MustCreateWorkshop(t, first)
	aud := MustJoin(t, first, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, first, w.Workshop.ID, aud.Token, "", 0)
	c.next() // snapshot
	const before, during = 100, 38
	var head uint64
	for i := range before - 1 { // the join was one event
		c.op(fmt.Sprint("op", i), createOp(fmt.Sprint("n", i), "idé", 0, 0))
		for m := c.next(); m.Type != "ack"; m = c.next() {
			if m.Type == "error" {
				t.Fatalf("op %d: %+v", i, m)
			}
		}
	}
	head = before
	first.Close()

	// The other node commits 38 more events right after the new node read
	// the board and before it reads the recent events.
	store.commit = func() {
		events := make([]workshops.Event, during)
		for i := range events {
			events[i] = workshops.Event{Seq: head + uint64(i) + 1, OpID: fmt.Sprint("other", i), Actor: aud.Participant.ID,
				At: time.Now().UnixMilli(), Op: createOp(fmt.Sprint("o", i), "fra den andre noden", 10, 10)}
		}
		if err := store.Store.Append(context.Background(), w.Workshop.ID, events, nil); err != nil {
			t.Error(err)
		}
	}
	second := start()
	resume := func(name string) {
		t.Helper()
		ws := MustConnect(t, second, w.Workshop.ID, aud.Token, w.Workshop.Epoch, head)
		seen := head
		deadline := time.Now().Add(20 * time.Second)
		for seen < head+during {
			m, err := ws.read(time.Until(deadline))
			if err != nil {
				t.Fatalf("%s: %v at seq %d of %d", name, err, seen, head+during)
			}
			switch m.Type {
			case "snapshot":
				t.Fatalf("%s: a snapshot, want the events after %d", name, head)
			case "event":
				if m.Event.Seq != seen+1 {
					t.Fatalf("%s: event %d after %d: repeated or out of order", name, m.Event.Seq, seen)
				}
				seen = m.Event.Seq
			}
		}
		ws.quiet(300 * time.Millisecond)
	}
	resume("the first to resume")  // loads the board: sees the load's catch-up live
	resume("the second to resume") // resumes from the list of recent events
	if store.commit != nil {
		t.Fatal("the other node's write never ran: the test did not test the race")
	}
}
