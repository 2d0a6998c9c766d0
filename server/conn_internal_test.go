package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestSlowClientIsClosedWith4001 fills a connection whose client reads
// nothing until the bounded queue overflows; the client must then see the
// documented close code, not a hang and not unbounded memory.
func TestSlowClientIsClosedWith4001(t *testing.T) {
	accepted := make(chan *conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			t.Error(err)
			return
		}
		c := newConn(ws, nil)
		go c.writeLoop()
		accepted <- c
	}))
	defer srv.Close()
	client, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	c := <-accepted

	frame := []byte(`"` + strings.Repeat("x", 64<<10) + `"`)
	sent := 0
	for c.enqueue(frame) {
		sent++
		if sent > 100_000 {
			t.Fatal("queue never overflowed")
		}
	}
	if sent < sendQueueSize {
		t.Fatalf("overflowed after %d frames, queue holds %d", sent, sendQueueSize)
	}
	if c.enqueue(frame) {
		t.Fatal("a kicked connection accepted another frame")
	}
	client.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		if _, _, err = client.ReadMessage(); err != nil {
			break
		}
	}
	if !websocket.IsCloseError(err, CloseSlow) {
		t.Fatalf("want close %d, got %v", CloseSlow, err)
	}
}
