package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
)

// TestPacedBoardDeliversEverything: on a paced board (every board here,
// PaceAbove 0) frames wait for the frame interval, and carry everything
// that queued meanwhile: every event still reaches everyone once, in seq
// order, with the sender's ack after its event, and cursors still arrive.
func TestPacedBoardDeliversEverything(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) {
		h.PaceAbove = 0
		h.FrameInterval = 50 * time.Millisecond
	})
	w := MustCreateWorkshop(t, m)
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	seq := a.next().Board.Seq
	b.next()
	const n = 60
	for i := range n {
		id := fmt.Sprint("n", i)
		a.op(id, createOp(id, "x", float64(i), 0))
	}
	a.sendJSON(map[string]any{"type": "cursor", "x": 5, "y": 6})
	for i := range n {
		id := fmt.Sprint("n", i)
		if ev := a.next(); ev.Type != "event" || ev.Event.Seq != seq+uint64(i)+1 || ev.Event.OpID != id {
			t.Fatalf("Aud: want event %d (%s), got %+v", seq+uint64(i)+1, id, ev)
		}
		if ack := a.next(); ack.Type != "ack" || ack.ID != id {
			t.Fatalf("Aud: want the ack of %s, got %+v", id, ack)
		}
	}
	events, cursor := 0, false
	for events < n || !cursor {
		got, err := b.read(5 * time.Second)
		if err != nil {
			t.Fatalf("Bo: %d events of %d, cursor %v: %v", events, n, cursor, err)
		}
		switch got.Type {
		case "event":
			if got.Event.Seq != seq+uint64(events)+1 {
				t.Fatalf("Bo: want event %d, got %+v", seq+uint64(events)+1, got)
			}
			events++
		case "cursors":
			cursor = cursor || len(got.Cursors) == 1 && got.Cursors[0].ID == aud.Participant.ID && got.Cursors[0].X == 5
		case "presence":
		default:
			t.Fatalf("Bo: %+v", got)
		}
	}
	b.rawMu.Lock()
	t.Logf("Bo got %d frames", b.frames)
	b.rawMu.Unlock()
}
