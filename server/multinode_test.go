package server_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// Multi-node tests run several real Mains in one process. The same
// scenarios run on an in-process store and bus (always) and on a real
// PostgreSQL and Redis (when found; .ci/run requires them).

// fastNodes makes nodes notice each other quickly in tests.
func fastNodes(h *server.Hub) { h.Heartbeat = 200 * time.Millisecond }

// boardFromView rebuilds a board from a snapshot so a test client can apply
// later events to it exactly as a replica does.
func boardFromView(v workshops.View) *workshops.Board {
	b := workshops.NewBoard("", v.Title)
	b.Seq = v.Seq
	for _, n := range v.Notes {
		b.Notes[n.ID] = n
	}
	b.LiveNotes = len(v.Notes)
	for _, p := range v.Participants {
		b.Participants[p.ID] = p
	}
	return b
}

func viewHash(v workshops.View) string {
	data, _ := json.Marshal(v)
	return string(data)
}

// liveClient is a scripted participant: it keeps its own replica from the
// events it receives and sends random ops, each retried with its op id
// until acknowledged (or refused for good).
type liveClient struct {
	t       *testing.T
	name    string
	join    joined
	ws      workshops.Workshop
	node    *server.Main
	nodes   []*server.Main // where to go when node is gone
	ws1     *wsClient
	board   *workshops.Board
	acked   map[string]uint64
	refused map[string]string
	mine    []string
	rnd     *rand.Rand
}

func newLiveClient(t *testing.T, node *server.Main, ws workshops.Workshop, name string, seed uint64) *liveClient {
	c := &liveClient{t: t, name: name, ws: ws, node: node, acked: map[string]uint64{}, refused: map[string]string{},
		rnd: rand.New(rand.NewPCG(seed, 7))}
	c.join = MustJoin(t, node, ws.JoinCode, name)
	c.connect(node)
	return c
}

// connect (re)connects to node, resuming from the last seq it applied.
func (c *liveClient) connect(node *server.Main) {
	c.t.Helper()
	c.node = node
	var last uint64
	if c.board != nil {
		last = c.board.Seq
	}
	c.ws1 = MustConnect(c.t, node, c.ws.ID, c.join.Token, c.ws.Epoch, last)
}

// handle applies one message to the client's replica.
func (c *liveClient) handle(m msg) error {
	switch m.Type {
	case "snapshot":
		c.board = boardFromView(m.Board)
	case "event":
		if m.Event.Seq <= c.board.Seq {
			return fmt.Errorf("%s: event %d again (have %d)", c.name, m.Event.Seq, c.board.Seq)
		}
		if err := workshops.Apply(c.board, m.Event); err != nil {
			return fmt.Errorf("%s: event %d does not apply: %v", c.name, m.Event.Seq, err)
		}
	case "ack":
		c.acked[m.ID] = m.Seq
	case "error":
		if m.Code == workshops.EUNAVAILABLE || m.Code == workshops.ERATELIMITED {
			return nil // retried by the caller
		}
		c.refused[m.ID] = m.Code
	}
	return nil
}

// randomOp picks an op: mostly on the client's own notes, sometimes a move
// of anyone's, sometimes a delete.
func (c *liveClient) randomOp(i int) workshops.Op {
	x, y := float64(c.rnd.IntN(2000)), float64(c.rnd.IntN(2000))
	if len(c.mine) == 0 || c.rnd.IntN(5) == 0 {
		id := fmt.Sprintf("%s-n%d", c.name, i)
		c.mine = append(c.mine, id)
		return createOp(id, fmt.Sprintf("idé %d fra %s", i, c.name), x, y)
	}
	note := c.mine[c.rnd.IntN(len(c.mine))]
	switch c.rnd.IntN(6) {
	case 0:
		return workshops.Op{Kind: workshops.OpNoteEdit, Note: note, Text: ptr(fmt.Sprintf("endret %d", i))}
	case 1:
		return workshops.Op{Kind: workshops.OpNoteRecolor, Note: note, Color: ptr(workshops.Colors[c.rnd.IntN(len(workshops.Colors))])}
	case 2:
		if c.board != nil {
			for id, n := range c.board.Notes { // someone else's note
				if !n.Deleted {
					note = id
					break
				}
			}
		}
		return workshops.Op{Kind: workshops.OpNoteMove, Note: note, X: ptr(x), Y: ptr(y)}
	case 3:
		return workshops.Op{Kind: workshops.OpNoteDelete, Note: note}
	default:
		return workshops.Op{Kind: workshops.OpNoteMove, Note: note, X: ptr(x), Y: ptr(y)}
	}
}

// run sends n ops, one at a time, each until it is acknowledged or refused
// for good; between ops it applies whatever arrived.
func (c *liveClient) run(n int, hook func(i int)) error {
	for i := range n {
		if hook != nil {
			hook(i)
		}
		id := fmt.Sprintf("%s-op%d", c.name, i)
		op := c.randomOp(i)
		if err := c.settle(id, op); err != nil {
			return err
		}
	}
	return nil
}

// settle sends op until it is acked or refused, reconnecting when the node
// goes away.
func (c *liveClient) settle(id string, op workshops.Op) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if err := c.ws1.conn.WriteJSON(map[string]any{"type": "op", "id": id, "op": op}); err != nil {
			if err := c.reconnect(); err != nil {
				return err
			}
			continue
		}
		for {
			m, err := c.ws1.read(3 * time.Second)
			if err == errTimeout {
				break // resend with the same id
			}
			if err != nil {
				if err := c.reconnect(); err != nil {
					return err
				}
				break
			}
			if err := c.handle(m); err != nil {
				return err
			}
			if _, ok := c.acked[id]; ok {
				return nil
			}
			if _, ok := c.refused[id]; ok {
				return nil
			}
			if m.Type == "error" && m.ID == id { // retryable: pause, resend
				time.Sleep(100 * time.Millisecond)
				break
			}
		}
	}
	return fmt.Errorf("%s: op %s never settled", c.name, id)
}

// reconnect connects again to c.node (which a fault hook may have changed,
// as a load balancer would) and resumes from the last seq applied.
func (c *liveClient) reconnect() error {
	c.ws1.conn.Close()
	for try := range 50 {
		if try > 0 && try%10 == 0 && len(c.nodes) > 0 { // this node is gone: try another
			c.node = c.nodes[(try/10)%len(c.nodes)]
		}
		conn, _, err := websocket.DefaultDialer.Dial(socketURL(c.node, c.ws.ID), nil)
		if err == nil {
			c.ws1 = newWSClient(c.t, conn)
			c.ws1.sendJSON(map[string]any{"type": "hello", "token": c.join.Token, "epoch": c.ws.Epoch, "lastSeq": c.board.Seq})
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s: cannot reconnect to %s", c.name, c.node.Addr())
}

// drain applies messages until the client's replica reaches head.
func (c *liveClient) drain(head uint64) error {
	deadline := time.Now().Add(20 * time.Second)
	for c.board.Seq < head {
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: stuck at seq %d of %d", c.name, c.board.Seq, head)
		}
		m, err := c.ws1.read(time.Until(deadline))
		if err == errTimeout {
			return fmt.Errorf("%s: %v at seq %d of %d", c.name, err, c.board.Seq, head)
		}
		if err != nil {
			// Its node may have stopped after this client's last op (a
			// client that finished early never met the fault): go on from
			// another, as the real client does.
			if err := c.reconnect(); err != nil {
				return fmt.Errorf("%s: %v at seq %d of %d", c.name, err, c.board.Seq, head)
			}
			continue
		}
		if err := c.handle(m); err != nil {
			return err
		}
	}
	return nil
}

// runOpts shape a cluster run.
type runOpts struct {
	clients, ops int
	// during runs in each client's goroutine before each op (faults).
	during func(c *liveClient, client, i int)
	// converge lists the nodes whose replicas must match the store at the
	// end; nil means all.
	converge []*server.Main
}

// clusterRun is the scenario of the issue: clients spread over the nodes
// make concurrent random ops; then every replica, every client and a fresh
// load from the store agree, and every acknowledged op is in the log once.
func clusterRun(t *testing.T, nodes []*server.Main, store workshops.Store, o runOpts) {
	t.Helper()
	w := MustCreateWorkshop(t, nodes[0])
	var live []*liveClient
	for i := range o.clients {
		c := newLiveClient(t, nodes[i%len(nodes)], w.Workshop, fmt.Sprint("p", i), uint64(i))
		c.nodes = nodes
		live = append(live, c)
	}
	var wg sync.WaitGroup
	errs := make(chan error, o.clients)
	for i, c := range live {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var hook func(int)
			if o.during != nil {
				hook = func(n int) { o.during(c, i, n) }
			}
			if err := c.run(o.ops, hook); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	fresh, err := workshops.Load(t.Context(), store, w.Workshop.ID, w.Workshop.Title)
	if err != nil {
		t.Fatal(err)
	}
	// Every acknowledged op is in the log once, at the seq it was acked with.
	events, err := store.Events(t.Context(), w.Workshop.ID, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	inLog := map[string]uint64{}
	for _, e := range events {
		if e.OpID != "" {
			key := e.Actor + "/" + e.OpID
			if _, dup := inLog[key]; dup {
				t.Fatalf("op %s applied twice", e.OpID)
			}
			inLog[key] = e.Seq
		}
	}
	acked := 0
	for _, c := range live {
		for id, seq := range c.acked {
			acked++
			if got := inLog[c.join.Participant.ID+"/"+id]; got != seq {
				t.Fatalf("%s: op %s acked at %d, log has %d", c.name, id, seq, got)
			}
		}
	}
	if acked < o.clients*o.ops/2 {
		t.Fatalf("only %d of %d ops acknowledged", acked, o.clients*o.ops)
	}
	// Every replica converges on the store's board.
	converge := o.converge
	if converge == nil {
		converge = nodes
	}
	want := fresh.Hash()
	deadline := time.Now().Add(20 * time.Second)
	for i, n := range converge {
		for {
			st, ok := n.Hub().BoardState(w.Workshop.ID)
			if ok && st.Hash() == want {
				break
			}
			if time.Now().After(deadline) {
				seq := uint64(0)
				if ok {
					seq = st.Seq
				}
				t.Fatalf("node %d never converged: seq %d, store %d", i, seq, fresh.Seq)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// Every client's replica shows the same board.
	wantView := viewHash(fresh.View())
	for _, c := range live {
		if err := c.drain(fresh.Seq); err != nil {
			t.Fatal(err)
		}
		if got := viewHash(c.board.View()); got != wantView {
			t.Fatalf("%s's board differs from the store's", c.name)
		}
	}
	t.Logf("%d nodes, %d clients: %d events in the log, %d ops acknowledged", len(nodes), o.clients, fresh.Seq, acked)
}

// checkPresence waits until node's presence, as a client there sees it,
// lists exactly want.
func checkPresence(t *testing.T, c *wsClient, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last []string
	for time.Now().Before(deadline) {
		m, err := c.read(time.Until(deadline))
		if err != nil {
			break
		}
		if m.Type != "presence" {
			continue
		}
		last = last[:0]
		for _, p := range m.People {
			last = append(last, p.Name)
		}
		if strings.Join(last, ",") == strings.Join(want, ",") {
			return
		}
	}
	t.Fatalf("presence %v, want %v", last, want)
}
