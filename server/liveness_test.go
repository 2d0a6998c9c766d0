package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
)

// presenceWatch reads a's messages and reports whether person is present,
// once a presence message has named them.
type presenceWatch struct {
	t          *testing.T
	a          *wsClient
	person     string
	seen, gone bool
}

func (w *presenceWatch) handle(got msg) {
	if got.Type != "presence" {
		return
	}
	here := slices.ContainsFunc(got.People, func(p struct{ ID, Name string }) bool { return p.ID == w.person })
	w.seen = w.seen || here
	w.gone = w.seen && !here
}

// TestStoppedReaderOnBusyBoardIsCutAndResumes: on a board sending a steady
// stream of events (25 a second), a client that stops reading is cut,
// although everything sent to it still fits in the kernel's socket
// buffers (no small receive buffer here, so nothing ever waits in its
// queue): it leaves a ping unanswered. Then it resumes with nothing lost.
// The hub's timings are shortened; the test waits on conditions, and fails
// only if the client is still connected after 250 events (10 s of the
// stream, about 100 KB: less than the buffers hold, so only the ping can
// tell), which the default settings (a 1 s busy ping, 3 s to answer) also
// stay far below.
func TestStoppedReaderOnBusyBoardIsCutAndResumes(t *testing.T) {
	cutOnBusyBoardAndResume(t, false)
}

// TestSlowReaderOnBusyBoardIsCutAndResumes: the same, but the client goes
// on reading, one frame for every two events sent to it, so it answers
// pings, only ever later: ones written further and further back. Its
// answer to an old ping must not count for the newest (each ping carries
// its own count, which the pong echoes). Before pings did, every late
// pong cleared the newest ping and such a reader stayed connected, ever
// further behind, until the buffers filled: this test then fails ("still
// connected after 250 events"); the outside harness's slow receivers were
// cut after 13 s. The reader keeps pace with the sender, not the clock,
// so a busy machine changes nothing.
func TestSlowReaderOnBusyBoardIsCutAndResumes(t *testing.T) {
	cutOnBusyBoardAndResume(t, true)
}

// cutOnBusyBoardAndResume runs the two tests above: Bo stops reading, or
// (slowly) reads one frame for every two events.
func cutOnBusyBoardAndResume(t *testing.T, slowly bool) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) {
		h.SlowAfter = 300 * time.Millisecond
		h.BusyPing = 100 * time.Millisecond
	})
	w := MustCreateWorkshop(t, m)
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	a.next() // snapshot

	conn, _, err := websocket.DefaultDialer.Dial(socketURL(m, w.Workshop.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.WriteJSON(map[string]any{"type": "hello", "token": bo.Token}); err != nil {
		t.Fatal(err)
	}
	for snapshot := false; !snapshot; {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, frame, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		snapshot = strings.Contains(string(frame), `{"type":"snapshot"`)
	}
	// Bo stops reading here (and so stops answering pings), or reads on
	// slowly (and answers them late).
	stopReading := make(chan struct{})
	readOne := make(chan struct{}, 1000)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for slowly {
			select {
			case <-stopReading:
				return
			case <-readOne:
			}
			select {
			case <-stopReading:
				return
			default:
			}
			if _, _, err := conn.NextReader(); err != nil {
				return
			}
		}
	}()

	watch := &presenceWatch{t: t, a: a, person: bo.Participant.ID}
	text := strings.Repeat("x", 200)
	sent := 0
	send := func() {
		t.Helper()
		id := fmt.Sprint("n", sent)
		a.op(id, createOp(id, text, float64(sent), 0))
		sent++
		for {
			got, err := a.read(10 * time.Second)
			if err != nil {
				t.Fatalf("Aud: %v", err)
			}
			watch.handle(got)
			if got.Type == "error" {
				t.Fatalf("Aud: %+v", got)
			}
			if got.Type == "ack" && got.ID == id {
				return
			}
		}
	}
	tick := time.NewTicker(40 * time.Millisecond) // 25 events a second
	defer tick.Stop()
	for !watch.gone {
		if sent >= 250 {
			t.Fatalf("Bo (reading slowly: %v) is still connected after %d events", slowly, sent)
		}
		<-tick.C
		send()
		if sent%2 == 0 {
			readOne <- struct{}{}
		}
	}
	t.Logf("Bo cut after %d events", sent)
	close(stopReading)
	<-readerDone
	for range 20 { // what Bo misses while away
		send()
	}

	// Bo reads again: whatever reached him, then the end of the connection.
	b := newWSClient(t, conn)
	var last uint64
	for {
		got, err := b.read(10 * time.Second)
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
			if got.Board.Seq != st.Seq || len(got.Board.Notes) != sent {
				t.Fatalf("resumed from %d: snapshot at %d with %d notes, want %d with %d", last, got.Board.Seq, len(got.Board.Notes), st.Seq, sent)
			}
			seq = got.Board.Seq
		default:
			t.Fatalf("resuming: %+v", got)
		}
	}
}

// TestSilentClientLeavesPresence: on a quiet board (nothing to send), a
// client that stops answering pings is closed after Hub.PongWait and
// everyone else sees it gone from presence. The timings are shortened;
// the product's defaults (pings every 10 s, 14 s to answer) make that
// within 15 s.
func TestSilentClientLeavesPresence(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) {
		h.PingPeriod = 200 * time.Millisecond
		h.PongWait = 700 * time.Millisecond
	})
	w := MustCreateWorkshop(t, m)
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	a.next() // snapshot

	// Bo reads everything but never answers a ping: the network lost his
	// side of the connection, say.
	conn, _, err := websocket.DefaultDialer.Dial(socketURL(m, w.Workshop.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetPingHandler(func(string) error { return nil })
	if err := conn.WriteJSON(map[string]any{"type": "hello", "token": bo.Token}); err != nil {
		t.Fatal(err)
	}
	b := newWSClient(t, conn)

	watch := &presenceWatch{t: t, a: a, person: bo.Participant.ID}
	deadline := time.Now().Add(60 * time.Second) // generous: the check is that it happens at all
	for !watch.gone {
		got, err := a.read(time.Until(deadline))
		if err != nil {
			t.Fatalf("Aud: %v (Bo seen: %v); Bo, silent, was never dropped from presence", err, watch.seen)
		}
		watch.handle(got)
	}
	// And his connection was closed.
	for {
		if _, err := b.read(10 * time.Second); err != nil {
			if err == errTimeout {
				t.Fatal("Bo's connection stayed open")
			}
			break
		}
	}
	// A client that does answer stays.
	a.quiet(1500 * time.Millisecond)
}
