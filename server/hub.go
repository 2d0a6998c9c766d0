package server

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/workshops"
)

// Hub knows this node's open boards and their connections. A board is loaded
// when the first person needs it and unloaded a while after the last one
// leaves.
type Hub struct {
	store  workshops.Store
	bus    workshops.Bus // nil on a single node
	nodeID string
	log    zerolog.Logger
	now    func() time.Time

	// SnapshotEvery is how many events lie between two snapshots.
	SnapshotEvery int
	// ReplayLimit is how far behind a resuming client may be and still be
	// sent the events it missed instead of a snapshot.
	ReplayLimit int
	// DedupeWindow is how many recent op ids a board remembers for retries.
	DedupeWindow int
	// IdleUnload is how long a board with nobody on it stays loaded.
	IdleUnload time.Duration
	// SessionTTL is how long a session stays valid after it was made.
	SessionTTL time.Duration
	// NotesPerMinute limits how many notes one participant may create in a
	// minute (in bursts of as many); facilitators are not limited.
	NotesPerMinute int
	// Heartbeat is how often a node tells the others, per board, who is
	// here and how far its replica is. A node silent for three heartbeats
	// is taken for gone.
	Heartbeat time.Duration
	// SlowAfter is how old a client's oldest unsent message may get (plus
	// time for its size on a thin link) before the client is cut as slow.
	SlowAfter time.Duration
	// FrameInterval is the least time between two frames to one client of a
	// paced board: a paced client gets at most 1/FrameInterval frames a
	// second, each holding everything queued for it. 0 never paces.
	FrameInterval time.Duration
	// PaceAbove paces a board while it sends more than this many messages a
	// second to its connections in all (a second's count; it stops below
	// half of it). 0 paces every board, a negative value none. A client of
	// an unpaced board gets a frame as soon as its link is free, holding
	// whatever queued meanwhile; pacing adds up to FrameInterval of latency.
	PaceAbove int
	// SendBuffer caps each WebSocket's kernel send buffer (SO_SNDBUF, in
	// bytes; Linux doubles it), so that a client that stops reading is
	// seen by its messages waiting, within SlowAfter, instead of after
	// megabytes went into the kernel. 0 leaves the system's autotuning.
	SendBuffer int
	// PingPeriod is how often a connection is pinged, and PongWait how long
	// it may go without a pong before it is closed (and gone from
	// presence). PongWait must exceed PingPeriod by a round trip.
	PingPeriod, PongWait time.Duration
	// BusyPing: a connection being written to is pinged at least this
	// often, and cut as slow when it leaves a ping unanswered for SlowAfter
	// (plus time to read what came before the ping at 64 KiB/s): a client
	// that stops reading on a moderately busy board is cut within a few
	// seconds, while what it has not read still fits in the kernel's
	// buffers. 0 turns this off.
	BusyPing time.Duration
	// PresenceBudget is about the most presence bytes a second a board
	// queues to its connections in all (see board.presenceSpacing): on a
	// board of a thousand people every presence message is a list of a
	// thousand to a thousand connections. 0 leaves presence unpaced.
	PresenceBudget int

	mu       sync.Mutex
	boards   map[string]*boardRef
	deleting map[string]bool // boards being deleted: nobody may load them
	closing  bool

	metrics *metrics
}

type boardRef struct {
	b     *board
	refs  int
	ready chan struct{} // closed when loaded (b or err set)
	err   error
	idle  *time.Timer
}

// NewHub returns a hub over store. bus connects it to the other nodes; nil
// means this is the only node. nodeID names this node on the bus. now is
// the clock that stamps events.
func NewHub(store workshops.Store, bus workshops.Bus, nodeID string, log zerolog.Logger, now func() time.Time) *Hub {
	return &Hub{
		store: store, bus: bus, nodeID: nodeID, log: log, now: now,
		SnapshotEvery:  defaultSnapshotEvery,
		ReplayLimit:    defaultReplayLimit,
		DedupeWindow:   defaultDedupeWindow,
		IdleUnload:     time.Minute,
		Heartbeat:      2 * time.Second,
		SessionTTL:     30 * 24 * time.Hour,
		NotesPerMinute: 30,
		SlowAfter:      defaultSlowAfter,
		FrameInterval:  defaultFrameInterval,
		PaceAbove:      defaultPaceAbove,
		SendBuffer:     defaultSendBuffer,
		PingPeriod:     defaultPingPeriod,
		PongWait:       defaultPongWait,
		BusyPing:       defaultBusyPing,
		PresenceBudget: defaultPresenceBudget,
		boards:         map[string]*boardRef{},
		deleting:       map[string]bool{},
		metrics:        newMetrics(),
	}
}

// acquire returns the running board of the workshop, loading it if needed.
// Every successful acquire must be paired with a release.
func (h *Hub) acquire(ctx context.Context, ws workshops.Workshop) (*board, error) {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return nil, workshops.Errorf(workshops.EUNAVAILABLE, "the server is shutting down")
	}
	if h.deleting[ws.ID] {
		h.mu.Unlock()
		return nil, workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
	}
	ref, ok := h.boards[ws.ID]
	if ok {
		ref.refs++
		if ref.idle != nil {
			ref.idle.Stop()
			ref.idle = nil
		}
		h.mu.Unlock()
		<-ref.ready
		if ref.err != nil {
			h.release(ws.ID)
			return nil, ref.err
		}
		return ref.b, nil
	}
	ref = &boardRef{refs: 1, ready: make(chan struct{})}
	h.boards[ws.ID] = ref
	h.mu.Unlock()

	// Load outside the lock; others wanting the same board wait on ready.
	ref.b, ref.err = h.newBoard(ctx, ws)
	if ref.err == nil {
		h.metrics.boards.Inc()
		go ref.b.run()
	} else {
		h.log.Error().Err(ref.err).Str("board", ws.ID).Msg("loading board failed")
	}
	close(ref.ready)
	if ref.err != nil {
		h.release(ws.ID)
		return nil, ref.err
	}
	return ref.b, nil
}

// release gives back what acquire gave. The last release starts the idle
// timer that unloads the board.
func (h *Hub) release(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ref, ok := h.boards[id]
	if !ok { // the hub closed meanwhile
		return
	}
	ref.refs--
	if ref.refs > 0 {
		return
	}
	if ref.err != nil {
		delete(h.boards, id)
		return
	}
	ref.idle = time.AfterFunc(h.IdleUnload, func() { h.unload(id, ref) })
}

func (h *Hub) unload(id string, ref *boardRef) {
	h.mu.Lock()
	if h.boards[id] != ref || ref.refs > 0 {
		h.mu.Unlock()
		return
	}
	delete(h.boards, id)
	h.mu.Unlock()
	close(ref.b.quit)
	<-ref.b.finished
	h.metrics.boards.Dec()
}

// DeleteWorkshop deletes a workshop and everything of it from the store,
// after stopping its board here (its connections are closed with 4004)
// and telling the other nodes to do the same. While it runs nobody can
// load the board, so no write can follow the delete on this node.
func (h *Hub) DeleteWorkshop(ctx context.Context, id string) error {
	h.mu.Lock()
	h.deleting[id] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.deleting, id)
		h.mu.Unlock()
	}()
	h.evict(id, true)
	return h.store.DeleteWorkshop(ctx, id)
}

// evict stops a loaded board at once: its connections are closed with
// CloseNotFound, its writes in flight finish, and it is forgotten. With
// tell, the other nodes are told to evict it too.
func (h *Hub) evict(id string, tell bool) {
	h.mu.Lock()
	ref, ok := h.boards[id]
	if ok {
		delete(h.boards, id)
		if ref.idle != nil {
			ref.idle.Stop()
		}
	}
	h.mu.Unlock()
	if !ok {
		if tell && h.bus != nil {
			msg, _ := json.Marshal(busMsg{Node: h.nodeID, Kind: busDeleted})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			h.bus.Publish(ctx, id, msg)
			cancel()
		}
		return
	}
	<-ref.ready
	if ref.b == nil {
		return
	}
	ref.b.submit(evictRequest{tell: tell})
	close(ref.b.quit)
	<-ref.b.finished
	h.metrics.boards.Dec()
}

type evictRequest struct{ tell bool }

// Submit runs an op on a board on behalf of actor ("" for the server) and
// waits until it is durable or refused.
func (h *Hub) Submit(ctx context.Context, ws workshops.Workshop, actor, opID string, op workshops.Op) error {
	b, err := h.acquire(ctx, ws)
	if err != nil {
		return err
	}
	defer h.release(ws.ID)
	done := make(chan error, 1)
	select {
	case b.in <- opRequest{waiter: waiter{id: opID, done: done}, actor: actor, op: op}:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once accepted, the op's fate is decided by the board; wait for it even
	// if ctx ends, so the caller never acts on an unknown outcome.
	return <-done
}

// BoardState returns a copy of a loaded board's committed state, for tests
// and diagnostics. It is false if the board is not loaded.
func (h *Hub) BoardState(id string) (*workshops.Board, bool) {
	h.mu.Lock()
	ref, ok := h.boards[id]
	h.mu.Unlock()
	if !ok {
		return nil, false
	}
	<-ref.ready
	if ref.err != nil {
		return nil, false
	}
	reply := make(chan *workshops.Board, 1)
	select {
	case ref.b.in <- stateRequest{reply: reply}:
		return <-reply, true
	case <-ref.b.finished:
		return nil, false
	}
}

type stateRequest struct{ reply chan *workshops.Board }

// Close stops every board after its writes in flight are durable. New
// acquires fail from now on.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closing = true
	refs := make([]*boardRef, 0, len(h.boards))
	for id, ref := range h.boards {
		if ref.idle != nil {
			ref.idle.Stop()
		}
		delete(h.boards, id)
		refs = append(refs, ref)
	}
	h.mu.Unlock()
	for _, ref := range refs {
		<-ref.ready
		if ref.b != nil {
			close(ref.b.quit)
			<-ref.b.finished
		}
	}
}
