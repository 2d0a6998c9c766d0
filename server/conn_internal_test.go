package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// pair returns a server-side conn, made by upgrade, whose write goroutine
// is held back (as if one were running) until release is called, and the
// client's end. query is the socket URL's query ("v=2" for batching).
func pair(t testing.TB, query string) (c *conn, client *websocket.Conn, release func()) {
	t.Helper()
	accepted := make(chan *conn, 1)
	u := newUpgrader(func(*http.Request) bool { return true })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (*Hub)(nil).upgrade(&u, w, r)
		if err != nil {
			t.Error(err)
			return
		}
		c.writing = true // hold the writer back until release
		accepted <- c
	}))
	t.Cleanup(srv.Close)
	client, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	c = <-accepted
	release = func() {
		c.mu.Lock()
		c.writing = false
		c.startWriterLocked()
		c.mu.Unlock()
	}
	return c, client, release
}

// readFrame reads one frame from the client's end.
func readFrame(t *testing.T, client *websocket.Conn) string {
	t.Helper()
	client.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := client.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestQueuedMessagesGoInOneFrame: everything queued when the writer runs
// goes out in one frame, newline-separated, to a client that asked for
// version 2; a version 1 client gets a frame per message.
func TestQueuedMessagesGoInOneFrame(t *testing.T) {
	msgs := []string{`{"type":"ack","id":"a","seq":1}`, `{"type":"ack","id":"b","seq":2}`, `{"type":"ack","id":"c","seq":3}`}
	t.Run("v2", func(t *testing.T) {
		c, client, release := pair(t, "v=2")
		for _, m := range msgs {
			if !c.enqueue([]byte(m)) {
				t.Fatal("enqueue refused")
			}
		}
		release()
		if got, want := readFrame(t, client), strings.Join(msgs, "\n"); got != want {
			t.Fatalf("frame %q, want %q", got, want)
		}
	})
	t.Run("v1", func(t *testing.T) {
		c, client, release := pair(t, "")
		for _, m := range msgs {
			c.enqueue([]byte(m))
		}
		release()
		for _, want := range msgs {
			if got := readFrame(t, client); got != want {
				t.Fatalf("frame %q, want %q", got, want)
			}
		}
	})
}

// TestFrameLengths: frames of every length encoding (RFC 6455: 7 bits, 16
// bits, 64 bits) reach a standard client whole, alone or as a batch.
func TestFrameLengths(t *testing.T) {
	for _, query := range []string{"v=2", ""} {
		c, client, release := pair(t, query)
		var want []string
		for _, n := range []int{0, 1, 125, 126, 127, 65535, 65536, 200_000} {
			m := `"` + strings.Repeat("x", n) + `"`
			c.enqueue([]byte(m))
			want = append(want, m)
		}
		release()
		if query != "" {
			if got := readFrame(t, client); got != strings.Join(want, "\n") {
				t.Fatalf("batched: a frame of %d bytes, want %d", len(got), len(strings.Join(want, "\n")))
			}
			continue
		}
		for _, w := range want {
			if got := readFrame(t, client); got != w {
				t.Fatalf("version 1: a frame of %d bytes, want %d", len(got), len(w))
			}
		}
	}
}

// TestEphemeralMessagesCoalesce: while a presence or cursors message waits,
// a newer one takes its place (presence) or is merged into it (cursors,
// the newer position of each person winning), so a lagging client never
// holds more than one of each; durable messages keep their order.
func TestEphemeralMessagesCoalesce(t *testing.T) {
	c, client, release := pair(t, "v=2")
	curs := func(list ...cursor) []byte { return encode(cursorsMsg{Type: msgCursors, Cursors: list}) }
	pres := func(names ...string) []byte {
		var people []person
		for _, n := range names {
			people = append(people, person{ID: n, Name: n})
		}
		return encode(presenceMsg{Type: msgPresence, People: people})
	}
	first := []cursor{{ID: "a", X: 1, Y: 1}, {ID: "b", X: 2, Y: 2}}
	second := []cursor{{ID: "a", X: 3, Y: 3}, {ID: "c", X: 4, Y: 4}}
	c.enqueue([]byte(`{"type":"ack","id":"one","seq":1}`))
	c.enqueuePresence(pres("a"))
	c.enqueueCursors(curs(first...), first)
	c.enqueue([]byte(`{"type":"ack","id":"two","seq":2}`))
	c.enqueuePresence(pres("a", "b"))
	c.enqueueCursors(curs(second...), second)
	if first[0].X != 1 || second[0].X != 3 {
		t.Fatal("merging changed a list it was given (lists are shared between connections)")
	}
	release()
	lines := strings.Split(readFrame(t, client), "\n")
	want := []string{
		`{"type":"ack","id":"one","seq":1}`,
		string(pres("a", "b")),
		string(curs(cursor{ID: "a", X: 3, Y: 3}, cursor{ID: "b", X: 2, Y: 2}, cursor{ID: "c", X: 4, Y: 4})),
		`{"type":"ack","id":"two","seq":2}`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not JSON: %q", l)
		}
	}
}

// TestFullQueueIsClosedWith4001: a client whose queue holds sendQueueSize
// durable messages is closed as slow; nothing more is queued, and (its
// link being free) it is told why with 4001.
func TestFullQueueIsClosedWith4001(t *testing.T) {
	c, client, release := pair(t, "v=2")
	for i := range sendQueueSize {
		if !c.enqueue([]byte(`{"type":"ack","id":"x","seq":1}`)) {
			t.Fatalf("refused message %d of a queue of %d", i+1, sendQueueSize)
		}
	}
	// Ephemeral messages take no room of their own.
	if !c.enqueuePresence([]byte(`{"type":"presence","people":[]}`)) {
		t.Fatal("presence refused before the queue was full")
	}
	if c.enqueue([]byte(`{"type":"ack","id":"x","seq":1}`)) {
		t.Fatal("a full queue took another message")
	}
	if c.enqueue([]byte(`{"type":"ack","id":"x","seq":1}`)) || c.enqueuePresence([]byte(`{}`)) {
		t.Fatal("a kicked connection took another message")
	}
	release()
	client.SetReadDeadline(time.Now().Add(10 * time.Second))
	var err error
	for err == nil {
		_, _, err = client.ReadMessage()
	}
	if !websocket.IsCloseError(err, CloseSlow) {
		t.Fatalf("want close %d, got %v", CloseSlow, err)
	}
}

func TestPaceWait(t *testing.T) {
	now := time.Now()
	const interval = 33 * time.Millisecond
	for _, tc := range []struct {
		name     string
		last     time.Time
		interval time.Duration
		want     time.Duration
	}{
		{"first frame", time.Time{}, interval, 0},
		{"idle link", now.Add(-time.Second), interval, 0},
		{"just after a frame", now.Add(-10 * time.Millisecond), interval, 23 * time.Millisecond},
		{"exactly one interval", now.Add(-interval), interval, 0},
		{"pacing off", now.Add(-time.Millisecond), 0, 0},
	} {
		if got := paceWait(now, tc.last, tc.interval); got != tc.want {
			t.Errorf("%s: wait %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBatchDeadline(t *testing.T) {
	now := time.Now()
	at := func(ago time.Duration) int64 { return int64(now.Add(-ago).Sub(monoBase)) }
	small := []outMsg{{data: make([]byte, 99), at: at(time.Second)}, {data: make([]byte, 99), at: at(0)}}
	// 3 s after the oldest message, plus 200 bytes at minSendRate.
	want := now.Add(2*time.Second + 200*time.Second/minSendRate)
	if got := batchDeadline(small, now, 3*time.Second); got.Sub(want).Abs() > time.Millisecond {
		t.Errorf("small batch: deadline in %v, want %v", got.Sub(now), want.Sub(now))
	}
	big := []outMsg{{data: make([]byte, 1<<20-1), at: at(0)}}
	if got := batchDeadline(big, now, 3*time.Second); got.Sub(now) < 3*time.Second+15*time.Second {
		t.Errorf("1 MB: deadline in %v, want over 18 s (a thin link is not slow)", got.Sub(now))
	}
	old := []outMsg{{data: []byte("x"), at: at(time.Minute)}}
	if got := batchDeadline(old, now, 3*time.Second); got.Sub(now) != writeGrace {
		t.Errorf("long-waiting batch: deadline in %v, want the grace %v", got.Sub(now), writeGrace)
	}
}

// TestHandoffKeepsFramesWhole: when the socket takes only part of a batch
// (the client is not reading yet), the fast path hands the rest to the
// connection's own goroutine. Every message still arrives whole and in
// order, although control frames (pongs, as the read loop writes them)
// are written to the same socket all the while.
func TestHandoffKeepsFramesWhole(t *testing.T) {
	for _, tc := range []struct{ name, query string }{{"v2", "v=2"}, {"v1", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			c, client, release := pair(t, tc.query)
			if c.raw == nil {
				t.Skip("no non-blocking writes on this platform")
			}
			release()
			handoffs := slowHandoffs.Load()
			stop := make(chan struct{})
			pongsDone := make(chan struct{})
			go func() { // as the read loop answers pings
				defer close(pongsDone)
				for {
					select {
					case <-stop:
						return
					default:
					}
					if c.ws.WriteControl(websocket.PongMessage, []byte("pong"), time.Now().Add(10*time.Second)) != nil {
						return
					}
					runtime.Gosched()
				}
			}()
			defer func() { close(stop); <-pongsDone }()
			pad := strings.Repeat("x", 8<<10)
			const n = 120 // about 1 MB: more than the socket buffers hold
			for i := range n {
				if !c.enqueue([]byte(fmt.Sprintf(`{"i":%d,"pad":"%s"}`, i, pad))) {
					t.Fatalf("message %d refused", i)
				}
			}
			var pongs atomic.Int64
			client.SetPongHandler(func(string) error { pongs.Add(1); return nil })
			next := 0
			for next < n {
				client.SetReadDeadline(time.Now().Add(20 * time.Second))
				_, data, err := client.ReadMessage()
				if err != nil {
					t.Fatalf("after %d messages: %v", next, err)
				}
				for _, line := range strings.Split(string(data), "\n") {
					var m struct {
						I   int    `json:"i"`
						Pad string `json:"pad"`
					}
					if err := json.Unmarshal([]byte(line), &m); err != nil || m.Pad != pad {
						t.Fatalf("message %d is not whole: %.80q", next, line)
					}
					if m.I != next {
						t.Fatalf("got message %d, want %d", m.I, next)
					}
					next++
				}
			}
			if slowHandoffs.Load() == handoffs {
				t.Error("the socket never filled: the hand-off was not exercised")
			}
			if pongs.Load() == 0 {
				t.Error("no pong arrived among the frames")
			}
		})
	}
}

// TestBlockedControlWriteHoldsUpNoOtherClient: while one connection's
// socket is taken by a write that cannot finish (a pong or close frame to
// a client whose buffers are full), the writers go on serving the others;
// that connection's messages follow once the socket is free.
func TestBlockedControlWriteHoldsUpNoOtherClient(t *testing.T) {
	setMax := func(n int) (old int) {
		writers.mu.Lock()
		defer writers.mu.Unlock()
		old, maxWriters = maxWriters, n
		return old
	}
	defer setMax(setMax(1)) // one writer goroutine (more may linger from other tests)
	stuck, stuckClient, releaseStuck := pair(t, "v=2")
	other, otherClient, releaseOther := pair(t, "v=2")
	if stuck.raw == nil {
		t.Skip("no non-blocking writes on this platform")
	}
	stuck.raw.wmu.Lock() // as a control frame blocked on a full socket holds it
	locked := true
	defer func() {
		if locked {
			stuck.raw.wmu.Unlock()
		}
	}()
	stuck.enqueue([]byte(`{"type":"ack","id":"s","seq":1}`))
	other.enqueue([]byte(`{"type":"ack","id":"o","seq":1}`))
	releaseStuck() // on the list first, so the writer meets it first
	releaseOther()
	if got := readFrame(t, otherClient); got != `{"type":"ack","id":"o","seq":1}` {
		t.Fatalf("other client got %q", got)
	}
	stuck.raw.wmu.Unlock()
	locked = false
	if got := readFrame(t, stuckClient); got != `{"type":"ack","id":"s","seq":1}` {
		t.Fatalf("the held-up client got %q", got)
	}
}

// TestPingIsNotedBeforeItIsWritten: when a client gets a busy ping, the
// server has already noted it as the one to answer. Noted after the
// write, a pong that came back first would be lost, the ping would stay
// "unanswered", and the client be cut as slow SlowAfter later.
func TestPingIsNotedBeforeItIsWritten(t *testing.T) {
	c, client, release := pair(t, "v=2")
	c.busyPing = time.Nanosecond // a ping after every batch
	release()
	seen := make(chan bool, 1)
	client.SetPingHandler(func(string) error {
		noted := c.pingAt.Load() != 0
		c.answered.Store(c.pingWritten.Load()) // as the server's pong handler does
		c.pingAt.Store(0)
		seen <- noted
		return nil
	})
	go func() {
		for {
			if _, _, err := client.ReadMessage(); err != nil {
				return
			}
		}
	}()
	for i := range 300 {
		if !c.enqueue([]byte(`{"type":"ack","id":"x","seq":1}`)) {
			t.Fatalf("message %d refused", i)
		}
		select {
		case noted := <-seen:
			if !noted {
				t.Fatalf("ping %d reached the client before the server noted it", i)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no ping after message %d", i)
		}
	}
}
