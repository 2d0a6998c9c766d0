package load

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// BroadcastHub is the reference the harness measures Samskap against: the
// minimal gorilla/websocket broadcast hub (the library's chat example, in
// essence). A client opens /room/{name}; every text message it sends is
// written to every other client of the room. No durability, no history,
// no order across senders, no checks: whatever Samskap costs above this
// is what its guarantees cost. Each connection has a write goroutine with
// a 256-message queue that writes what is queued as one frame, messages
// separated by newlines (as Samskap's protocol version 2 does); a client
// whose queue is full is dropped. /metrics reports the process's CPU
// seconds, so the harness reads both servers the same way.
type BroadcastHub struct {
	mu    sync.Mutex
	rooms map[string]map[*hubConn]struct{}
	up    websocket.Upgrader
}

type hubConn struct {
	ws   *websocket.Conn
	send chan []byte
}

// NewBroadcastHub returns an empty hub.
func NewBroadcastHub() *BroadcastHub {
	return &BroadcastHub{rooms: map[string]map[*hubConn]struct{}{},
		up: websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 4096}}
}

// ServeHTTP serves /room/{name} and /metrics.
func (h *BroadcastHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/metrics" {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(w, "process_cpu_seconds_total %f\nprocess_resident_memory_bytes %f\ngo_memstats_alloc_bytes_total %d\ngo_gc_duration_seconds_count %d\n",
			processCPU(), selfRSS(), ms.TotalAlloc, ms.NumGC)
		return
	}
	room, ok := strings.CutPrefix(r.URL.Path, "/room/")
	if !ok || room == "" {
		http.NotFound(w, r)
		return
	}
	ws, err := h.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &hubConn{ws: ws, send: make(chan []byte, 256)}
	h.mu.Lock()
	if h.rooms[room] == nil {
		h.rooms[room] = map[*hubConn]struct{}{}
	}
	h.rooms[room][c] = struct{}{}
	h.mu.Unlock()
	go c.writeLoop()
	defer func() {
		h.mu.Lock()
		if _, ok := h.rooms[room][c]; ok {
			delete(h.rooms[room], c)
			close(c.send)
		}
		h.mu.Unlock()
		ws.Close()
	}()
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		h.mu.Lock()
		for o := range h.rooms[room] {
			if o == c {
				continue
			}
			select {
			case o.send <- msg:
			default: // too slow: drop it
				delete(h.rooms[room], o)
				close(o.send)
			}
		}
		h.mu.Unlock()
	}
}

func (c *hubConn) writeLoop() {
	defer c.ws.Close()
	for msg := range c.send {
		w, err := c.ws.NextWriter(websocket.TextMessage)
		if err != nil {
			return
		}
		w.Write(msg)
		for n := len(c.send); n > 0; n-- {
			w.Write([]byte{'\n'})
			w.Write(<-c.send)
		}
		if w.Close() != nil {
			return
		}
	}
}
