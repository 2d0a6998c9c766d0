//go:build unix

package server_test

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
)

// TestSlowConsumerIsCutByAgeAndResumes: a client that stops reading, on a
// socket whose buffers are small, is cut once its oldest unsent message is
// older than Hub.SlowAfter, long before its queue (sendQueueSize) could
// fill; the others go on; and when it reads again and resumes from the
// last seq it holds, it gets exactly what it missed.
func TestSlowConsumerIsCutByAgeAndResumes(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) {
		h.SlowAfter = 300 * time.Millisecond
		h.SendBuffer = 4 << 10
	})
	w := MustCreateWorkshop(t, m)
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	a.next() // snapshot

	// Bo, with a small receive buffer, reads up to the snapshot and stops.
	d := websocket.Dialer{NetDialContext: (&net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var err error
		rc.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10) })
		return err
	}}).DialContext}
	conn, _, err := d.DialContext(context.Background(), socketURL(m, w.Workshop.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.WriteJSON(map[string]any{"type": "hello", "token": bo.Token}); err != nil {
		t.Fatal(err)
	}
	for snapshot := false; !snapshot; {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, frame, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		snapshot = strings.Contains(string(frame), `{"type":"snapshot"`)
	}

	// Aud writes 100 notes of 1000 characters (~1.2 KB events): far more
	// than the small buffers hold, far fewer than Bo's queue holds.
	// Bo is cut when everyone's presence, once it showed him, loses him.
	seen, cut := false, false
	read := func(d time.Duration) msg {
		t.Helper()
		got, err := a.read(d)
		if err != nil {
			t.Fatalf("Aud: %v (Bo seen: %v, cut: %v)", err, seen, cut)
		}
		if got.Type == "presence" {
			here := slices.ContainsFunc(got.People, func(p struct{ ID, Name string }) bool { return p.ID == bo.Participant.ID })
			seen = seen || here
			cut = seen && !here
		}
		return got
	}
	const n = 100
	text := strings.Repeat("x", 1000)
	for i := range n {
		id := fmt.Sprint("n", i)
		a.op(id, createOp(id, text, float64(i), 0))
		for got := read(5 * time.Second); got.Type != "ack" || got.ID != id; got = read(5 * time.Second) {
			if got.Type == "error" {
				t.Fatalf("Aud: %+v", got)
			}
		}
	}
	for !cut {
		read(20 * time.Second) // fails if Bo, not reading, is never cut
	}

	// Bo reads again: whatever whole messages reached him, then the end.
	b := newWSClient(t, conn)
	var last uint64
	for {
		got, err := b.read(5 * time.Second)
		if err != nil {
			if err == errTimeout {
				t.Fatal("the cut connection stayed open")
			}
			break
		}
		if got.Type == "event" {
			last = got.Event.Seq
		}
	}
	st, _ := m.Hub().BoardState(w.Workshop.ID)
	if last >= st.Seq {
		t.Fatalf("Bo received everything (seq %d of %d) before the cut; the buffers were not small", last, st.Seq)
	}
	// He resumes from there and gets exactly what he missed.
	r := MustConnect(t, m, w.Workshop.ID, bo.Token, w.Workshop.Epoch, last)
	for seq := last; seq < st.Seq; {
		got := r.next()
		switch got.Type {
		case "event":
			if got.Event.Seq != seq+1 {
				t.Fatalf("resumed from %d: event %d after %d", last, got.Event.Seq, seq)
			}
			seq = got.Event.Seq
		case "snapshot":
			if got.Board.Seq != st.Seq || len(got.Board.Notes) != n {
				t.Fatalf("resumed from %d: snapshot at %d with %d notes, want %d with %d", last, got.Board.Seq, len(got.Board.Notes), st.Seq, n)
			}
			seq = got.Board.Seq
		default:
			t.Fatalf("resuming: %+v", got)
		}
	}
	r.quiet(200 * time.Millisecond)
}
