package server

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// TestPresenceOfABigBoardIsSpaced: a presence message lists everyone to
// everyone, so on a big board the next one waits until the last one's
// bytes (its size times the connections) had the hub's PresenceBudget; a
// small board's changes still go out after presenceFlushDelay. Each
// connection holds the newest list either way.
func TestPresenceOfABigBoardIsSpaced(t *testing.T) {
	hub := &Hub{PresenceBudget: defaultPresenceBudget, metrics: newMetrics()}
	b := &board{hub: hub, conns: map[*conn]struct{}{}}
	var conns []*conn
	grow := func(n int) {
		for i := len(conns); i < n; i++ {
			c := newConn(nil, hub)
			c.writing = true // no write goroutine: the test reads the queue
			c.participantID = fmt.Sprintf("participant-%04d", i)
			c.participant = workshops.Participant{ID: c.participantID, Name: fmt.Sprintf("Person number %d", i), Role: workshops.RoleParticipant}
			conns = append(conns, c)
			b.conns[c] = struct{}{}
		}
	}
	newest := func(c *conn) []person {
		t.Helper()
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.presence == 0 {
			t.Fatal("a connection has no presence queued")
		}
		var m presenceMsg
		if err := json.Unmarshal(c.queue[c.presence-1].data, &m); err != nil {
			t.Fatal(err)
		}
		return m.People
	}

	grow(50)
	b.flushPresence()
	if d := b.presenceDelay(time.Now()); d != presenceFlushDelay {
		t.Fatalf("after a presence message of 50 people the next waits %v, want %v", d, presenceFlushDelay)
	}
	if got := newest(conns[0]); len(got) != 50 {
		t.Fatalf("presence lists %d people, want 50", len(got))
	}

	grow(1000)
	b.flushPresence()
	// ~60 KB to each of 1,000 connections: ~60 MB, more than the budget
	// allows in presenceMaxDelay.
	if d := b.presenceDelay(time.Now()); d < presenceMaxDelay-time.Second || d > presenceMaxDelay {
		t.Fatalf("after a presence message of 1,000 people the next waits %v, want about %v", d, presenceMaxDelay)
	}
	for _, c := range []*conn{conns[0], conns[999]} {
		if got := newest(c); len(got) != 1000 {
			t.Fatalf("presence lists %d people, want 1000", len(got))
		}
	}
	if c := conns[0]; len(c.queue) != 1 {
		t.Fatalf("a connection that was not written to holds %d messages, want one presence (the newer replaces the older)", len(c.queue))
	}

	// In between: the wait grows with the bytes.
	mid := &board{hub: hub}
	small, big := mid.presenceSpacing(3_000, 300), mid.presenceSpacing(20_000, 300)
	if !(small < big && big < presenceMaxDelay) {
		t.Fatalf("spacing of 3 KB and 20 KB to 300 connections: %v and %v", small, big)
	}
	if d := (&board{hub: &Hub{}}).presenceSpacing(1<<20, 1000); d != 0 {
		t.Fatalf("with no budget presence is spaced by %v", d)
	}
}
