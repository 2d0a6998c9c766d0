package server

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/samskap/samskap/workshops"
)

// Several nodes can serve one board. Each keeps its own replica (a board
// runner with committed state) and learns of the others' events through the
// bus; the store is the truth and fills every gap. See docs/ARCHITECTURE.md.

// Kinds of bus message.
const (
	busEvents   = "events"   // events this node committed, in seq order
	busPresence = "presence" // this node's people on the board, and its head
	busCursors  = "cursors"  // cursors of this node's people
	busDeleted  = "deleted"  // the workshop was deleted: stop serving it
	busWorkshop = "workshop" // the workshop changed (join code, deletion date): read it again
)

// busMsg is what nodes say to each other about one board.
type busMsg struct {
	Node    string            `json:"n"`
	Kind    string            `json:"k"`
	Events  []workshops.Event `json:"e,omitempty"`
	People  []person          `json:"p,omitempty"`
	Cursors []cursor          `json:"c,omitempty"`
	Head    uint64            `json:"h,omitempty"`
}

// peer is what another node last said of its people on this board.
type peer struct {
	people  []person
	expires time.Time
}

type busRequest struct{ msg []byte }

// Backoff of the subscriber goroutine between failed subscriptions.
const (
	subscribeRetryMin = 100 * time.Millisecond
	subscribeRetryMax = 5 * time.Second
)

// subscribedRequest tells the board its subscription holds now.
type subscribedRequest struct{}

// subscription is a board's subscription to the bus, made by a goroutine of
// its own and ended by stopBus, whichever comes first.
type subscription struct {
	mu      sync.Mutex
	cancel  func() // ends the subscription once it holds
	stopped bool
	stop    func() // ends the subscriber goroutine's attempts
}

// hold keeps cancel as the board's subscription; if the board stopped
// meanwhile, it cancels it and reports false.
func (s *subscription) hold(cancel func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		cancel()
		return false
	}
	s.cancel = cancel
	return true
}

// end stops the attempts and cancels the subscription if it holds.
func (s *subscription) end() {
	s.mu.Lock()
	s.stopped = true
	cancel := s.cancel
	s.cancel = nil
	s.mu.Unlock()
	s.stop()
	if cancel != nil {
		cancel()
	}
}

// startBus starts the goroutine that publishes this node's messages, in
// order, without blocking the board, and the one that subscribes to the
// board's channel: at once if the bus answers, else again and again with
// backoff until it does. Loading a board never waits for the bus. Until the
// subscription holds, and while publishing fails, the board follows the
// store at every heartbeat instead (see heartbeat).
func (b *board) startBus() {
	bus := b.hub.bus
	if bus == nil {
		return
	}
	b.publishQ = make(chan []byte, 1024)
	go func(q <-chan []byte) {
		for msg := range q {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := bus.Publish(ctx, b.ws.ID, msg); err != nil {
				b.hub.metrics.busErrors.Inc()
				b.busFailing.Store(true)
			} else {
				b.busFailing.Store(false)
			}
			cancel()
		}
	}(b.publishQ)

	ctx, stop := context.WithCancel(context.Background())
	b.sub.stop = stop
	handle := func(msg []byte) {
		cp := append([]byte(nil), msg...)
		select {
		case b.in <- busRequest{msg: cp}:
		default:
			// The board is busy. Events are refetched from the store on the
			// next gap or heartbeat; presence is resent every heartbeat.
			b.hub.metrics.busDropped.Inc()
		}
	}
	go func() {
		wait := subscribeRetryMin
		for {
			cancel, err := bus.Subscribe(ctx, b.ws.ID, handle)
			if err == nil {
				if b.sub.hold(cancel) {
					select {
					case b.in <- subscribedRequest{}:
					case <-ctx.Done():
					}
				}
				return
			}
			if ctx.Err() != nil {
				return
			}
			b.log.Warn().Err(err).Dur("retry", wait).Msg("subscribing to the bus failed; following the store meanwhile")
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
			wait = min(2*wait, subscribeRetryMax)
		}
	}()
}

// subscribed reads what other nodes committed before the subscription
// held; from now on the bus tells of their events.
func (b *board) subscribed() {
	b.catchUp()
	b.listening = true
}

// stopBus says goodbye to the other nodes and ends the subscription.
func (b *board) stopBus() {
	if b.publishQ == nil {
		return
	}
	b.sub.end()
	b.listening = false
	b.publish(busMsg{Kind: busPresence}) // nobody here any more
	close(b.publishQ)
	b.publishQ = nil
}

func (b *board) publish(m busMsg) {
	if b.publishQ == nil {
		return
	}
	m.Node = b.hub.nodeID
	data, err := json.Marshal(m)
	if err != nil {
		b.log.Error().Err(err).Msg("bus message does not encode")
		return
	}
	select {
	case b.publishQ <- data:
	default:
		b.hub.metrics.busDropped.Inc() // others catch up from the store
	}
}

func (b *board) publishEvents(events []workshops.Event) {
	if b.hub.bus != nil && len(events) > 0 {
		b.publish(busMsg{Kind: busEvents, Events: events})
	}
}

// fromBus handles a message from another node.
func (b *board) fromBus(data []byte) {
	var m busMsg
	if err := json.Unmarshal(data, &m); err != nil {
		b.log.Warn().Err(err).Msg("bad bus message")
		return
	}
	if m.Node == b.hub.nodeID {
		return
	}
	switch m.Kind {
	case busEvents:
		b.remoteEvents(m.Events)
	case busPresence:
		if len(m.People) == 0 {
			delete(b.peers, m.Node)
		} else {
			b.peers[m.Node] = peer{people: m.People, expires: b.hub.now().Add(3 * b.hub.Heartbeat)}
		}
		b.markPresence(false)
		if m.Head > b.committed.Seq && b.hub.now().Sub(b.lastCatchUp) > b.hub.Heartbeat/2 {
			b.catchUp() // a lost events message
		}
	case busCursors:
		b.sendCursors(m.Cursors)
	case busDeleted:
		go b.hub.evict(b.ws.ID, false) // not from the board's own goroutine: evict waits for it
	case busWorkshop:
		go b.reloadWorkshop() // not in the board's goroutine: it reads the store
	}
}

// remoteEvents applies another node's events in seq order, fetching any
// that are missing from the store first.
func (b *board) remoteEvents(events []workshops.Event) {
	for _, e := range events {
		if e.Seq <= b.committed.Seq {
			continue // known already
		}
		if e.Seq > b.committed.Seq+1 {
			b.catchUp()
			if e.Seq <= b.committed.Seq {
				continue
			}
			if e.Seq > b.committed.Seq+1 {
				b.log.Warn().Uint64("seq", e.Seq).Uint64("have", b.committed.Seq).Msg("gap the store cannot fill yet")
				return
			}
		}
		if !b.applyCommitted(e) {
			return
		}
		b.hub.metrics.busLag.Observe(b.hub.now().Sub(time.UnixMilli(e.At)).Seconds())
	}
}

// catchUp applies every event the store has beyond committed.
func (b *board) catchUp() {
	b.lastCatchUp = b.hub.now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		events, err := b.hub.store.Events(ctx, b.ws.ID, b.committed.Seq, b.hub.ReplayLimit)
		if err != nil {
			b.log.Error().Err(err).Msg("catching up from the store failed")
			return
		}
		for _, e := range events {
			if !b.applyCommitted(e) {
				return
			}
		}
		if len(events) < b.hub.ReplayLimit {
			return
		}
	}
}

// applyCommitted applies a durable event that did not come through this
// node's own write path, and sends it to this node's connections.
func (b *board) applyCommitted(e workshops.Event) bool {
	if err := workshops.Apply(b.committed, e); err != nil {
		b.log.Error().Err(err).Uint64("seq", e.Seq).Msg("durable event does not apply")
		return false
	}
	b.remember(e)
	if e.Op.Kind == workshops.OpParticipantJoin {
		b.markPresence(false)
	}
	b.fanout(e)
	p, ours := b.byKey[opKey{e.Actor, e.OpID}]
	ours = ours && e.OpID != "" && p.event.Seq == e.Seq
	switch {
	case ours:
		// Our own op, read back before its write returned; spec has it.
	case b.inflight == nil && len(b.pending) == 0:
		if err := workshops.Apply(b.spec, e); err != nil {
			b.spec = b.committed.Clone()
		}
	default:
		b.specStale = true
	}
	return true
}

// settleSpec rebuilds spec from committed once nothing is pending, if
// another node's events made it stale.
func (b *board) settleSpec() {
	if b.specStale && b.inflight == nil && len(b.pending) == 0 {
		b.spec = b.committed.Clone()
		b.specStale = false
	}
}

// heartbeat tells the other nodes who is here and how far this replica is,
// and forgets nodes that stopped saying so (a crashed node's people leave
// presence within three heartbeats). While the bus does not carry this
// board's messages it also catches up from the store, so the board follows
// the others' writes within a heartbeat.
func (b *board) heartbeat() {
	now := b.hub.now()
	if !b.listening || b.busFailing.Load() {
		// Not hearing the other nodes (not subscribed yet, or the bus is
		// down): read what they committed from the store.
		b.catchUp()
	}
	for node, p := range b.peers {
		if now.After(p.expires) {
			delete(b.peers, node)
			b.markPresence(false)
		}
	}
	b.publish(busMsg{Kind: busPresence, People: b.localPeople(), Head: b.committed.Seq})
}
