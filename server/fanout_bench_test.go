package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/server/sqlite"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// BenchmarkHubFanout measures the whole path of a durable op to K open
// WebSockets on one board: check, sequence, group commit in SQLite, apply,
// the runner's fan-out, each connection's write loop, loopback TCP, and a
// reader per socket in this process (which competes for the same two
// cores, as the load tool does). Writers submit through Hub.Submit with at
// most 64 ops in flight beyond what every reader has received, so no send
// queue overflows; the figure is the saturated rate. ns/op is per op;
// deliveries/s counts one event read from one socket. The readers ask for
// several messages per frame (protocol version 2); msgs/frame is how many
// they got in one on average. Pacing is off (PaceAbove -1): with at most
// 64 ops in flight, a paced board would be held to 64 ops a frame interval
// by this closed loop; the load tool measures pacing, open loop.
//
//	go test -run '^$' -bench HubFanout -benchtime 3s ./server/
func BenchmarkHubFanout(b *testing.B) {
	for _, k := range []int{1, 50, 500} {
		b.Run(fmt.Sprint("K=", k), func(b *testing.B) { benchHubFanout(b, k) })
	}
}

func benchHubFanout(b *testing.B, k int) {
	ctx := context.Background()
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	log := zerolog.Nop()
	hub := server.NewHub(store, nil, "bench", log, time.Now)
	hub.PaceAbove = -1
	defer hub.Close()
	srv := server.NewServer(server.DefaultConfig(), store, hub, log, "bench-organiser-token-0123456789", bytes.Repeat([]byte{7}, 32), nil)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.CloseConnections()

	ws := storetest.NewWorkshop("fanout")
	storetest.MustCreateWorkshop(b, store, ws)
	join := func(id string) {
		p := workshops.Participant{ID: id, Name: id, Role: workshops.RoleParticipant}
		if err := hub.Submit(ctx, ws, "", "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &p}); err != nil {
			b.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := 0; i < k; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			id := fmt.Sprint("r", i)
			join(id)
			sum := sha256.Sum256([]byte("token-" + id))
			if err := store.CreateSession(ctx, workshops.Session{TokenHash: sum[:], WorkshopID: ws.ID, ParticipantID: id,
				Role: workshops.RoleParticipant, CreatedAt: time.Now()}); err != nil {
				b.Error(err)
			}
		}(i)
	}
	wg.Wait()

	// K readers: hello, wait for the snapshot, then count note.move events.
	var moves, frames atomic.Int64
	var failed atomic.Value
	wsURL := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/" + ws.ID + "?v=2"
	conns := make([]*websocket.Conn, k)
	for i := range conns {
		c, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
		if err != nil {
			b.Fatal(err)
		}
		conns[i] = c
		if err := c.WriteJSON(map[string]string{"type": "hello", "token": fmt.Sprint("token-r", i)}); err != nil {
			b.Fatal(err)
		}
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				b.Fatal(err)
			}
			if bytes.Contains(data, []byte(`{"type":"snapshot"`)) {
				break
			}
		}
	}
	var readers sync.WaitGroup
	moveKind := []byte(`"kind":"note.move"`)
	for _, c := range conns {
		readers.Add(1)
		go func(c *websocket.Conn) {
			defer readers.Done()
			buf := make([]byte, 0, 4096)
			for {
				_, r, err := c.NextReader()
				if err != nil {
					if ce, ok := err.(*websocket.CloseError); ok && ce.Code != websocket.CloseGoingAway {
						failed.Store(err)
					}
					return
				}
				buf = buf[:0]
				for {
					if len(buf) == cap(buf) {
						buf = append(buf, 0)[:len(buf)]
					}
					n, err := r.Read(buf[len(buf):cap(buf)])
					buf = buf[:len(buf)+n]
					if err != nil {
						break
					}
				}
				frames.Add(1)
				for msg := range bytes.SplitSeq(buf, []byte{'\n'}) {
					if bytes.HasPrefix(msg, []byte(`{"type":"event"`)) && bytes.Contains(msg, moveKind) {
						moves.Add(1)
					}
				}
			}
		}(c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		readers.Wait()
	}()

	const window = 64 // ops submitted but not yet at every reader
	var submitted atomic.Int64
	var writers atomic.Int64
	b.SetParallelism(8) // 16 writers on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		actor := fmt.Sprint("w", writers.Add(1))
		join(actor)
		note := actor + "-note"
		text, color := "x", workshops.Color("yellow")
		x, y := 0.0, 0.0
		if err := hub.Submit(ctx, ws, actor, "c", workshops.Op{Kind: workshops.OpNoteCreate, Note: note, Text: &text, Color: &color, X: &x, Y: &y}); err != nil {
			b.Error(err)
			return
		}
		for i := 0; pb.Next(); i++ {
			for submitted.Load()-moves.Load()/int64(k) >= window {
				if failed.Load() != nil {
					return // a reader was closed; reported below
				}
				time.Sleep(20 * time.Microsecond)
			}
			submitted.Add(1)
			x := float64(i % 1000)
			if err := hub.Submit(ctx, ws, actor, fmt.Sprint("m", i), workshops.Op{Kind: workshops.OpNoteMove, Note: note, X: &x, Y: &y}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	want := int64(b.N) * int64(k)
	deadline := time.Now().Add(30 * time.Second)
	for moves.Load() < want && time.Now().Before(deadline) && failed.Load() == nil {
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	if err := failed.Load(); err != nil {
		b.Fatalf("a reader was closed: %v", err)
	}
	if got := moves.Load(); got != want {
		b.Fatalf("readers got %d events, want %d", got, want)
	}
	b.ReportMetric(float64(want)/b.Elapsed().Seconds(), "deliveries/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	if f := frames.Load(); f > 0 {
		b.ReportMetric(float64(moves.Load())/float64(f), "msgs/frame")
	}
}
