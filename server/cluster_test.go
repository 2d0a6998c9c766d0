package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// backend is what the nodes of a test cluster share.
type backend struct {
	store   workshops.Store                         // the shared store, for reading back
	newNode func() (workshops.Store, workshops.Bus) // one node's store and bus
	restart func()                                  // restarts the bus's server
	cutDB   func(down bool)                         // makes the store unreachable, or reachable again
}

// cluster is a set of nodes, each with a switch that silences its bus (a
// crashed node says nothing more).
type cluster struct {
	nodes []*server.Main
	buses []*switchBus
}

func startCluster(t *testing.T, be backend, n int) cluster {
	t.Helper()
	var c cluster
	for range n {
		store, bus := be.newNode()
		sb := &switchBus{Bus: bus}
		c.buses = append(c.buses, sb)
		c.nodes = append(c.nodes, MustStartWith(t, t.TempDir(), func(m *server.Main) {
			m.Store, m.Bus = store, sb
		}, fastNodes))
	}
	return c
}

// switchBus is a Bus that can be silenced: nothing is published and
// nothing delivered, as if the node had crashed.
type switchBus struct {
	workshops.Bus
	off atomic.Bool
}

func (b *switchBus) Publish(ctx context.Context, board string, msg []byte) error {
	if b.off.Load() {
		return nil
	}
	return b.Bus.Publish(ctx, board, msg)
}

func (b *switchBus) Subscribe(ctx context.Context, board string, handle func([]byte)) (func(), error) {
	return b.Bus.Subscribe(ctx, board, func(msg []byte) {
		if !b.off.Load() {
			handle(msg)
		}
	})
}

// eachBackend runs f on the in-process backend, and on real PostgreSQL and
// Redis (skipped when they are missing, unless required).
func eachBackend(t *testing.T, f func(t *testing.T, be backend)) {
	t.Run("inprocess", func(t *testing.T) { f(t, memBackend(t)) })
	t.Run("postgres+redis", func(t *testing.T) { f(t, realBackend(t)) })
}

func TestClusterConverges(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 3)
		clusterRun(t, c.nodes, be.store, runOpts{clients: 6, ops: 100})
	})
}

func TestClusterSurvivesBusRestart(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		var once sync.Once
		clusterRun(t, c.nodes, be.store, runOpts{clients: 4, ops: 80, during: func(_ *liveClient, client, i int) {
			if client == 0 && i == 30 {
				once.Do(be.restart)
			}
		}})
	})
}

func TestClusterNodeStopsClientsMoveOn(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		var stopped atomic.Bool
		var once sync.Once
		clusterRun(t, c.nodes, be.store, runOpts{clients: 4, ops: 80, converge: c.nodes[:1],
			during: func(lc *liveClient, client, i int) {
				if client == 1 && i == 30 {
					once.Do(func() {
						c.nodes[1].Close() // its sockets close with 1001
						stopped.Store(true)
					})
				}
				if stopped.Load() && lc.node == c.nodes[1] {
					lc.node = c.nodes[0] // as the load balancer would
				}
			}})
	})
}

func TestClusterStoreUnreachable(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		w := MustCreateWorkshop(t, c.nodes[0])
		a := MustJoin(t, c.nodes[0], w.Workshop.JoinCode, "Aud")
		ws := MustConnect(t, c.nodes[1], w.Workshop.ID, a.Token, "", 0)
		seq := ws.next().Board.Seq

		if code := getStatus(t, c.nodes[1].URL()+"/readyz"); code != http.StatusOK {
			t.Fatalf("/readyz before the outage: %d", code)
		}
		be.cutDB(true)
		if code := getStatus(t, c.nodes[1].URL()+"/readyz"); code != http.StatusServiceUnavailable {
			t.Fatalf("/readyz with the store cut off: %d", code)
		}
		ws.op("while-down", createOp("n1", "x", 0, 0))
		got := ws.next()
		if got.Type != "error" || got.ID != "while-down" || got.Code != workshops.EUNAVAILABLE {
			t.Fatalf("op while the store is down: %+v, want error unavailable", got)
		}
		be.cutDB(false)
		// The same op, retried, goes through once the store is back.
		deadline := time.Now().Add(30 * time.Second)
		for {
			ws.op("while-down", createOp("n1", "x", 0, 0))
			got = ws.next()
			for got.Type == "event" {
				got = ws.next()
			}
			if got.Type == "ack" {
				break
			}
			if got.Code != workshops.EUNAVAILABLE || time.Now().After(deadline) {
				t.Fatalf("after the store is back: %+v", got)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if code := getStatus(t, c.nodes[1].URL()+"/readyz"); code != http.StatusOK {
			t.Fatalf("/readyz after the outage: %d", code)
		}
		metrics := getBody(t, c.nodes[1].URL()+"/metrics")
		for _, name := range []string{"samskap_connections 1", "samskap_boards_loaded 1", "samskap_ops_committed_total", "samskap_fanout_seconds_count", "samskap_store_append_seconds_count", "samskap_bus_lag_seconds_count"} {
			if !strings.Contains(metrics, name) {
				t.Errorf("/metrics lacks %q", name)
			}
		}
		events, err := be.store.Events(t.Context(), w.Workshop.ID, seq, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].OpID != "while-down" || got.Seq != events[0].Seq {
			t.Fatalf("log after the outage: %d events (ack %d)", len(events), got.Seq)
		}
	})
}

func TestClusterPresenceAndCursors(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		w := MustCreateWorkshop(t, c.nodes[0])
		a := MustJoin(t, c.nodes[0], w.Workshop.JoinCode, "Aud")
		b := MustJoin(t, c.nodes[1], w.Workshop.JoinCode, "Bo")
		ca := MustConnect(t, c.nodes[0], w.Workshop.ID, a.Token, "", 0)
		cb := MustConnect(t, c.nodes[1], w.Workshop.ID, b.Token, "", 0)
		checkPresence(t, ca, "Aud", "Bo")
		checkPresence(t, cb, "Aud", "Bo")
		cb.sendJSON(map[string]any{"type": "cursor", "x": 12.0, "y": 34.0})
		deadline := time.Now().Add(5 * time.Second)
		for {
			m, err := ca.read(time.Until(deadline))
			if err != nil {
				t.Fatalf("Bo's cursor never reached Aud's node: %v", err)
			}
			if m.Type == "cursors" && len(m.Cursors) > 0 && m.Cursors[0].ID == b.Participant.ID && m.Cursors[0].X == 12 {
				break
			}
		}
		// A node that goes silent (crashed, cut off) loses its people from
		// everyone's presence within seconds: its heartbeats stop.
		c.buses[1].off.Store(true)
		start := time.Now()
		checkPresence(t, ca, "Aud")
		t.Logf("a silent node's people left presence after %v", time.Since(start).Round(10*time.Millisecond))
	})
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return string(data)
}
