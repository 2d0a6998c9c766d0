package server

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"

	"github.com/samskap/samskap/workshops"
)

// Tuning of a board runner. They are variables of the Hub so tests can
// shrink them.
const (
	defaultSnapshotEvery = 500    // events between snapshots
	defaultReplayLimit   = 1000   // most events a resuming client is sent instead of a snapshot
	defaultDedupeWindow  = 10_000 // op ids remembered for retries
	cursorFlushInterval  = 50 * time.Millisecond
	paceCheck            = 100 * time.Millisecond // least time pacing is decided over
	presenceFlushDelay   = 100 * time.Millisecond
	// A presence message lists everyone connected and goes to everyone
	// connected, so its bytes grow with the square of the board: 1,000
	// people are ~70 KB to each of 1,000 connections, 70 MB a message. At
	// one every presenceFlushDelay, 990 people resuming on such a board at
	// once were queued 1 MB of presence each (14 lists), 7 times their
	// snapshot, and the server wrote 0.9-1.6 GB in the storm. After a
	// presence message the next waits until the board's connections had
	// that message's bytes at defaultPresenceBudget a second, but at most
	// presenceMaxDelay: boards up to ~150 people are not affected, one of
	// 1,000 sees presence change every 3 s (1.9 lists per resume).
	defaultPresenceBudget = 16 << 20
	presenceMaxDelay      = 3 * time.Second
)

// opKey names an op for deduplication: op ids are chosen by clients, so they
// are unique only per person.
type opKey struct{ actor, id string }

// waiter is someone waiting for an op to become durable: a connection to ack,
// or an HTTP handler (participant joins) waiting on done.
type waiter struct {
	conn *conn
	id   string
	done chan error
}

// pendingOp is an accepted op not yet durable.
type pendingOp struct {
	event   workshops.Event
	waiters []waiter
}

// Requests a board runner serves, sent on board.in.
type (
	opRequest struct {
		waiter
		actor string
		op    workshops.Op
	}
	helloRequest struct {
		conn    *conn
		epoch   string
		lastSeq uint64
	}
	leaveRequest  struct{ conn *conn }
	cursorRequest struct {
		conn *conn
		x, y float64
	}
)

// board runs one board: a single goroutine owns its state, so ops are
// checked and ordered without locks.
//
// It keeps two states. spec holds every accepted op, durable or not, and is
// what new ops are checked against, so that a burst of ops is validated in
// order while earlier ones are still being written. committed holds only
// durable ops; it is what resuming clients and snapshots are built from, so
// nobody is ever shown a change a crash could take back. Writes are
// pipelined: while one batch is in the store, the next accumulates.
type board struct {
	hub      *Hub
	ws       workshops.Workshop
	log      zerolog.Logger
	in       chan any
	quit     chan struct{}
	finished chan struct{}

	committed *workshops.Board
	spec      *workshops.Board
	ring      recentEvents      // the last committed events, for resume
	writing   []workshops.Event // the events of inflight, as handed to the store
	opSeq     map[opKey]uint64  // op -> seq, for pending and recent committed ops
	opOrder   []opKey           // opSeq's keys in seq order, for trimming
	pending   []*pendingOp      // accepted, not yet sent to the store
	inflight  []*pendingOp      // in the store right now
	byKey     map[opKey]*pendingOp
	writeDone chan error
	lastSnap  uint64

	// specStale is set when another node's event entered committed while
	// this node had ops pending: spec no longer follows committed and must
	// be rebuilt once the pending ops are settled.
	specStale bool

	localPresenceDirty bool

	// views holds the snapshots encoded for the committed state (see
	// snapshotFor).
	views viewCache

	conns          map[*conn]struct{}
	cursors        map[string]cursor
	cursorTicker   *time.Ticker
	presenceTimer  *time.Timer
	presenceTimerC <-chan time.Time
	presenceNext   time.Time // the next presence message no earlier (presenceSpacing)

	noteLimits map[string]*rate.Limiter // per participant, see mayCreateNote

	// paced is read by the connections' write goroutines: while it is set
	// they send at most one frame per Hub.FrameInterval (see pace).
	paced     atomic.Bool
	delivered int       // messages queued to connections since paceFrom
	paceFrom  time.Time // start of the current count

	// Multi-node state; unused when the hub has no bus.
	peers       map[string]peer // other nodes' people on this board
	sub         subscription    // this board's subscription to the bus (board_bus.go)
	listening   bool            // the subscription holds and the board caught up after it
	busFailing  atomic.Bool     // the last publish failed: follow the store
	publishQ    chan []byte
	lastCatchUp time.Time
}

func (h *Hub) newBoard(ctx context.Context, ws workshops.Workshop) (*board, error) {
	b := &board{
		hub: h, ws: ws,
		log:        h.log.With().Str("board", ws.ID).Logger(),
		in:         make(chan any, 256),
		quit:       make(chan struct{}),
		finished:   make(chan struct{}),
		opSeq:      map[opKey]uint64{},
		byKey:      map[opKey]*pendingOp{},
		writeDone:  make(chan error, 1),
		conns:      map[*conn]struct{}{},
		cursors:    map[string]cursor{},
		peers:      map[string]peer{},
		noteLimits: map[string]*rate.Limiter{},
		paceFrom:   time.Now(),
	}
	b.paced.Store(h.PaceAbove == 0 && h.FrameInterval > 0)
	// A replay of more than half the send queue is sent as a snapshot
	// (hello), so the list need not hold more than the queue's length for
	// resumes; one further behind, whose events are mostly hidden from
	// them, reads them from the store.
	b.ring.keep = min(h.ReplayLimit, sendQueueSize)
	if err := b.load(ctx); err != nil {
		return nil, err
	}
	// Listening to the other nodes never holds up the load: the bus may be
	// down. Until the subscription holds, the board follows the store
	// (see startBus).
	b.startBus()
	return b, nil
}

// remember records a committed event for resume and deduplication.
func (b *board) remember(e workshops.Event) {
	b.ring.add(e)
	if e.Actor == "" || e.OpID == "" {
		return
	}
	k := opKey{e.Actor, e.OpID}
	if _, ok := b.opSeq[k]; !ok {
		b.opOrder = append(b.opOrder, k)
	}
	b.opSeq[k] = e.Seq
	if over := len(b.opOrder) - b.hub.DedupeWindow; over > b.hub.DedupeWindow/4 {
		for _, old := range b.opOrder[:over] {
			if _, pending := b.byKey[old]; !pending {
				delete(b.opSeq, old)
			}
		}
		b.opOrder = slices.Clone(b.opOrder[over:])
	}
}

// run is the board's goroutine. It ends when quit is closed and no write is
// in flight, after which nothing may be sent on in.
func (b *board) run() {
	defer close(b.finished)
	defer b.stopBus()
	b.cursorTicker = time.NewTicker(cursorFlushInterval)
	defer b.cursorTicker.Stop()
	var heartbeat <-chan time.Time
	if b.hub.bus != nil {
		t := time.NewTicker(b.hub.Heartbeat)
		defer t.Stop()
		heartbeat = t.C
	}
	quit := b.quit
	step := b.hub.metrics.boardStep
	for {
		var start time.Time
		select {
		case req := <-b.in:
			start = time.Now()
			b.handle(req)
		case <-heartbeat:
			b.heartbeat()
		case err := <-b.writeDone:
			start = time.Now()
			b.written(err)
		case now := <-b.cursorTicker.C:
			b.flushCursors()
			b.pace(now)
		case <-b.presenceTimerC:
			start = time.Now()
			b.presenceTimerC = nil
			b.flushPresence()
		case <-quit:
			quit = nil // stop selecting it; drain below
		}
		if !start.IsZero() {
			step.Observe(time.Since(start).Seconds())
		}
		if quit == nil && b.inflight == nil && len(b.pending) == 0 && len(b.in) == 0 {
			return
		}
	}
}

func (b *board) handle(req any) {
	switch r := req.(type) {
	case opRequest:
		b.accept(r)
	case helloRequest:
		b.hello(r)
	case leaveRequest:
		if _, ok := b.conns[r.conn]; ok {
			delete(b.conns, r.conn)
			b.markPresence(true)
		}
	case cursorRequest:
		b.cursors[r.conn.participant.ID] = cursor{ID: r.conn.participant.ID, X: r.x, Y: r.y}
	case stateRequest:
		r.reply <- b.committed.Clone()
	case workshopRequest:
		b.workshopChanged(r)
	case busRequest:
		b.fromBus(r.msg)
	case subscribedRequest:
		b.subscribed()
	case evictRequest:
		if r.tell {
			b.publish(busMsg{Kind: busDeleted})
		}
		for c := range b.conns {
			c.kick(CloseNotFound, "the workshop was deleted")
		}
		clear(b.conns)
	}
}

// accept checks an op against the speculative state and queues it for the
// store. A retry of an op already accepted is answered, not applied again.
func (b *board) accept(r opRequest) {
	key := opKey{r.actor, r.id}
	if r.id != "" {
		if p, ok := b.byKey[key]; ok { // still on its way to the store
			p.waiters = append(p.waiters, r.waiter)
			return
		}
		if seq, ok := b.opSeq[key]; ok {
			b.reply(r.waiter, seq, nil)
			return
		}
	}
	if n := newNotes(&r.op); n > 0 {
		if err := b.mayCreateNotes(r.actor, n); err != nil {
			b.reply(r.waiter, 0, err)
			return
		}
	}
	e := workshops.Event{Seq: b.spec.Seq + 1, OpID: r.id, Actor: r.actor, At: b.hub.now().UnixMilli(), Op: r.op}
	err := workshops.Apply(b.spec, e)
	if err != nil && b.mayBeStale(err) {
		// Another node may have written what this op needs (the note it
		// moves, say) and this replica has not heard yet: read the store
		// and decide on the true state, as every node would.
		before := b.committed.Seq
		b.catchUp()
		if b.committed.Seq != before {
			e.Seq = b.spec.Seq + 1
			err = workshops.Apply(b.spec, e)
		}
	}
	if err != nil {
		b.hub.metrics.rejected.Inc()
		b.reply(r.waiter, 0, err)
		return
	}
	p := &pendingOp{event: e, waiters: []waiter{r.waiter}}
	b.pending = append(b.pending, p)
	if r.id != "" {
		b.byKey[key] = p
	}
	b.startWrite()
}

// mayCreateNotes refuses n new notes by actor (one note.create, or the
// creates in a batch) when they are more than a participant's allowance:
// NotesPerMinute a minute, in bursts of as many, which a person writing by
// hand never reaches and a script spamming a citizen workshop soon does.
// Facilitators (setting up a board) are not limited. The check only admits
// ops; it is no rule of Apply, so it needs no log.
func (b *board) mayCreateNotes(actor string, n int) error {
	if p, ok := b.spec.Participants[actor]; !ok || p.Role == workshops.RoleFacilitator {
		return nil
	}
	per := max(b.hub.NotesPerMinute, 1)
	if n > per {
		return workshops.Errorf(workshops.ETOOLARGE, "at most %d new notes at once", per)
	}
	lim, ok := b.noteLimits[actor]
	if !ok {
		lim = rate.NewLimiter(rate.Every(time.Minute/time.Duration(per)), per)
		b.noteLimits[actor] = lim
	}
	if !lim.AllowN(b.hub.now(), n) {
		return workshops.Errorf(workshops.ERATELIMITED, "that is many new notes in a short time; wait a little")
	}
	return nil
}

// newNotes counts the notes op creates.
func newNotes(op *workshops.Op) int {
	n := 0
	for _, k := range op.Kinds() {
		if k == workshops.OpNoteCreate {
			n++
		}
	}
	return n
}

// mayBeStale reports whether a refusal could be due to this replica being
// behind the store: the error depends on the state, and spec equals
// committed (nothing of ours pending), so a catch-up can settle it.
func (b *board) mayBeStale(err error) bool {
	if b.inflight != nil || len(b.pending) > 0 {
		return false
	}
	switch workshops.ErrorCode(err) {
	case workshops.ENOTFOUND, workshops.EDELETED, workshops.ECONFLICT, workshops.EFORBIDDEN, workshops.ELIMIT,
		workshops.ESTALE, workshops.EEDITING: // an undo naming a seq, or a lock released, on another node
		return true
	}
	return false
}

// reply tells a waiter how its op ended: durable at seq, or refused.
func (b *board) reply(w waiter, seq uint64, err error) {
	if w.done != nil {
		w.done <- err // buffered by the sender
	}
	if w.conn == nil {
		return
	}
	if err != nil {
		w.conn.enqueue(errorFrame(w.id, err))
		return
	}
	w.conn.enqueue(encode(ackMsg{Type: msgAck, ID: w.id, Seq: seq}))
}

// startWrite sends the pending ops to the store unless a write is in flight.
func (b *board) startWrite() {
	if b.inflight != nil || len(b.pending) == 0 {
		return
	}
	batch := b.pending
	b.pending, b.inflight = nil, batch
	// The in-flight batch's events, in a buffer of the board's: only one
	// write is in flight, and the store keeps nothing of them once Append
	// has returned.
	events := b.writing[:0]
	for _, p := range batch {
		events = append(events, p.event)
	}
	b.writing = events
	var snapState *workshops.Board
	last := events[len(events)-1].Seq
	if last-b.lastSnap >= uint64(b.hub.SnapshotEvery) {
		// spec holds exactly the events up to last right now (pending was
		// just emptied), and the snapshot is stored in the same transaction
		// as those events, so it is never ahead of the log. A copy is
		// encoded in the write goroutine: encoding a big board takes
		// milliseconds (7 ms for 1,000 people and 4,000 notes), during
		// which the runner would fan out nothing; the copy takes a tenth
		// of a millisecond (notes, frames and people hold no references).
		snapState = b.spec.Clone()
	}
	go func() {
		var snap *workshops.Snapshot
		if snapState != nil {
			if state, err := json.Marshal(snapState); err == nil {
				snap = &workshops.Snapshot{BoardID: b.ws.ID, Seq: last, State: state}
			}
		}
		// Not cancelled by a caller: once handed to the store a batch is
		// finished, so the board knows whether it is durable.
		start := time.Now()
		err := b.hub.store.Append(context.Background(), b.ws.ID, events, snap)
		b.hub.metrics.storeAppend.Observe(time.Since(start).Seconds())
		b.writeDone <- err
	}()
}

// written handles the end of a write.
func (b *board) written(err error) {
	batch := b.inflight
	b.inflight = nil
	if err != nil {
		b.writeFailed(batch, err)
		return
	}
	if last := batch[len(batch)-1].event.Seq; last-b.lastSnap >= uint64(b.hub.SnapshotEvery) {
		b.lastSnap = last
	}
	for _, p := range batch {
		if p.event.Seq > b.committed.Seq { // else a catch-up applied it already
			b.commit(p.event)
		}
		delete(b.byKey, opKey{p.event.Actor, p.event.OpID})
		for _, w := range p.waiters {
			b.reply(w, p.event.Seq, nil)
		}
		b.hub.metrics.fanout.Observe(b.hub.now().Sub(time.UnixMilli(p.event.At)).Seconds())
	}
	b.hub.metrics.ops.Add(float64(len(batch)))
	b.publishEvents(b.writing) // the batch's events, as written
	clear(b.writing)           // let go of their texts
	b.settleSpec()
	b.startWrite()
}

// commit applies a durable event to the committed state and sends it to
// every connection.
func (b *board) commit(e workshops.Event) {
	if err := workshops.Apply(b.committed, e); err != nil {
		// spec accepted it against the same history; this is a bug. Keep
		// serving the durable truth: reload from the store.
		b.log.Error().Err(err).Uint64("seq", e.Seq).Msg("committed event does not apply; reloading board")
		b.reload()
		return
	}
	b.remember(e)
	b.views = viewCache{} // for an older state: let it go
	if e.Op.Kind == workshops.OpParticipantJoin {
		b.markPresence(false)
	}
	b.fanout(e)
}

// writeFailed handles a failed write: the batch and everything accepted
// after it were checked against a state that is not durable, so all of it
// is dropped and spec goes back to committed. Whatever did reach the store
// (a write that failed after committing, or another node's events) is read
// back and committed; ops found there are acked, the rest refused.
//
// A conflict means another node took those seqs first: the ops are then
// checked again, in their order, against the caught-up board and queued
// anew, so concurrent writers on several nodes all get through.
func (b *board) writeFailed(batch []*pendingOp, err error) {
	conflict := workshops.ErrorCode(err) == workshops.ECONFLICT
	if !conflict {
		b.log.Error().Err(err).Int("ops", len(batch)).Msg("writing ops failed")
	}
	dropped := append(batch, b.pending...)
	b.pending = nil
	for _, p := range dropped {
		delete(b.byKey, opKey{p.event.Actor, p.event.OpID})
	}
	b.reload()
	for _, p := range dropped {
		key := opKey{p.event.Actor, p.event.OpID}
		if seq, ok := b.opSeq[key]; ok && p.event.OpID != "" { // it did reach the store
			for _, w := range p.waiters {
				b.reply(w, seq, nil)
			}
			continue
		}
		if !conflict {
			for _, w := range p.waiters {
				b.reply(w, 0, workshops.Errorf(workshops.EUNAVAILABLE, "the change could not be saved; try again"))
			}
			continue
		}
		b.hub.metrics.conflicts.Inc()
		e := p.event
		e.Seq = b.spec.Seq + 1
		if err := workshops.Apply(b.spec, e); err != nil {
			for _, w := range p.waiters {
				b.reply(w, 0, err)
			}
			continue
		}
		p.event = e
		b.pending = append(b.pending, p)
		if e.OpID != "" {
			b.byKey[key] = p
		}
	}
	b.startWrite()
}

// reload catches committed up with the store and resets spec to it.
func (b *board) reload() {
	b.catchUp()
	b.spec = b.committed.Clone()
	b.specStale = false
}

// hello answers a connection's hello: welcome, then what the client
// missed (events or a snapshot), then it receives live events.
func (b *board) hello(r helloRequest) {
	c := r.conn
	p, ok := b.committed.Participants[c.participantID]
	if !ok && b.hub.bus != nil {
		// The join may have been made durable by another node a moment ago.
		b.catchUp()
		p, ok = b.committed.Participants[c.participantID]
	}
	if !ok || p.Removed {
		c.kick(CloseUnauthorized, "not a participant of this board")
		return
	}
	if b.committed.Ended && p.Role != workshops.RoleFacilitator {
		c.kick(CloseUnauthorized, "the workshop has ended")
		return
	}
	c.participant = p
	c.setPaced(&b.paced)
	c.enqueue(encode(welcomeMsg{Type: msgWelcome, You: p, Workshop: b.ws, Seq: b.committed.Seq, ServerTime: b.hub.now().UnixMilli()}))
	// Replay only while what this person may see has not changed since
	// lastSeq (CanReplay); each missed event is filtered for them as a live
	// one would be, and one that would need a resync means a snapshot.
	missed, ok := b.missed(r.epoch, r.lastSeq)
	ok = ok && b.committed.CanReplay(r.lastSeq)
	var frames [][]byte
	for _, e := range missed {
		if !ok {
			break
		}
		if b.committed.NeedsResync(e, p.ID) {
			ok = false
			break
		}
		if ev, visible := b.committed.EventFor(e, p.ID); visible {
			frames = append(frames, encode(eventMsg{Type: msgEvent, Event: ev}))
		}
	}
	// A replay longer than half the send queue would overflow it before the
	// write loop could drain it (and close the client as slow, over and
	// over): a snapshot is one frame.
	if ok && len(frames) <= sendQueueSize/2 {
		for _, f := range frames {
			c.enqueue(f)
		}
	} else {
		c.enqueue(b.snapshotFor(p.ID))
	}
	b.conns[c] = struct{}{}
	b.markPresence(true)
}

// snapshotFor is the snapshot message for one person: only what they may
// see (workshops.Board.ViewFor). It is encoded once per state for everyone
// who sees the same (workshops.ViewKeys): a thousand people resuming by
// snapshot at one seq cost one encoding, not a thousand (10 ms each on a
// board of 1,000 people and 4,000 notes), so the runner does not stall.
func (b *board) snapshotFor(participantID string) []byte {
	v := &b.views
	if v.state != b.committed || v.seq != b.committed.Seq {
		*v = viewCache{state: b.committed, seq: b.committed.Seq, keys: b.committed.ViewKeys(), enc: map[string][]byte{}}
	}
	key, shared := v.keys.Key(participantID)
	if shared {
		if data, ok := v.enc[key]; ok {
			b.hub.metrics.snapshotShared.Inc()
			return data
		}
	}
	data := encode(snapshotMsg{Type: msgSnapshot, Board: b.committed.ViewFor(participantID)})
	if shared {
		v.enc[key] = data
	}
	return data
}

// viewCache holds the snapshots encoded for one committed state, by view
// key. Connections share the bytes (they never change them).
type viewCache struct {
	state *workshops.Board
	seq   uint64
	keys  workshops.ViewKeys
	enc   map[string][]byte
}

// fanout sends a committed event, which b.committed has just applied, to
// every connection: whole, redacted, or not at all, as that person may see
// it; or a fresh snapshot when the event changed what they may see. The
// common case, the event unchanged for everyone, is encoded once.
func (b *board) fanout(e workshops.Event) {
	var whole []byte
	for c := range b.conns {
		id := c.participantID
		if e.Op.Kind == workshops.OpParticipantRemove && e.Op.Person == id {
			c.kick(CloseUnauthorized, "removed from the workshop")
			continue
		}
		if b.committed.NeedsResync(e, id) {
			b.send(c, b.snapshotFor(id))
			continue
		}
		ev, ok := b.committed.EventFor(e, id)
		if !ok {
			continue
		}
		if workshops.Unredacted(ev, e) {
			if whole == nil {
				whole = encode(eventMsg{Type: msgEvent, Event: e})
			}
			b.send(c, whole)
			continue
		}
		b.send(c, encode(eventMsg{Type: msgEvent, Event: ev}))
	}
	b.endSessions(e)
}

// missed returns the committed events after lastSeq, if the client is of
// this history and near enough to be sent them rather than a snapshot.
func (b *board) missed(epoch string, lastSeq uint64) ([]workshops.Event, bool) {
	head := b.committed.Seq
	if lastSeq == 0 || epoch != b.ws.Epoch || lastSeq > head || head-lastSeq > uint64(b.hub.ReplayLimit) {
		return nil, false
	}
	if events, ok := b.ring.since(lastSeq, head); ok {
		return events, true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	events, err := b.hub.store.Events(ctx, b.ws.ID, lastSeq, int(head-lastSeq))
	// Exactly lastSeq+1..head, each once, or a snapshot instead.
	if err != nil || len(events) != int(head-lastSeq) || !consecutive(events, lastSeq) {
		return nil, false
	}
	return events, true
}

// send queues a durable message for a connection, dropping the connection
// if it is too slow to keep up.
func (b *board) send(c *conn, frame []byte) {
	b.delivered++
	if !c.enqueue(frame) {
		b.drop(c)
	}
}

// sendCursorsTo queues a cursors message (holding list) for a connection; it
// is merged with one still waiting there.
func (b *board) sendCursorsTo(c *conn, frame []byte, list []cursor) {
	b.delivered++
	if !c.enqueueCursors(frame, list) {
		b.drop(c)
	}
}

// drop forgets a connection that is closing.
func (b *board) drop(c *conn) {
	if _, ok := b.conns[c]; ok {
		delete(b.conns, c)
		b.markPresence(true)
	}
}

// pace decides whether this board's connections are paced: above
// Hub.PaceAbove messages a second to them in all, each gets at most one
// frame per Hub.FrameInterval (holding everything queued meanwhile); below
// half of that, frames go out as soon as a link is free. Pacing starts
// within a tenth of a second of a rush and ends after a quieter second. A
// quiet link never waits: the interval counts from the previous frame.
func (b *board) pace(now time.Time) {
	if b.hub.PaceAbove <= 0 || b.hub.FrameInterval <= 0 {
		return // always or never, as set at the start
	}
	el := now.Sub(b.paceFrom)
	if el < paceCheck {
		return
	}
	perSec := float64(b.delivered) / el.Seconds()
	limit := float64(b.hub.PaceAbove)
	on := b.paced.Load()
	switch {
	case !on && perSec >= limit:
		b.paced.Store(true)
	case !on && el < time.Second:
		return // keep counting
	case on && el < time.Second:
		return
	case on && perSec < limit/2:
		b.paced.Store(false)
	}
	b.delivered, b.paceFrom = 0, now
}

// markPresence schedules a presence message. local means this node's own
// people changed, which the other nodes must hear of too.
func (b *board) markPresence(local bool) {
	b.localPresenceDirty = b.localPresenceDirty || local
	if b.presenceTimerC == nil {
		b.presenceTimer = time.NewTimer(b.presenceDelay(time.Now()))
		b.presenceTimerC = b.presenceTimer.C
	}
}

// presenceDelay is how long a presence change made at now waits to be
// sent: presenceFlushDelay, so changes close together go in one message,
// or longer if the last message is still within its spacing.
func (b *board) presenceDelay(now time.Time) time.Duration {
	return max(presenceFlushDelay, b.presenceNext.Sub(now))
}

// presenceSpacing is the least time from a presence message of frameBytes
// sent to conns connections to the next: the time its bytes take at the
// hub's PresenceBudget, at most presenceMaxDelay.
func (b *board) presenceSpacing(frameBytes, conns int) time.Duration {
	if b.hub.PresenceBudget <= 0 {
		return 0
	}
	bytes := float64(frameBytes) * float64(conns)
	return min(presenceMaxDelay, time.Duration(bytes/float64(b.hub.PresenceBudget)*float64(time.Second)))
}

// localPeople is who is connected to this node, each person once.
func (b *board) localPeople() []person {
	seen := map[string]bool{}
	people := []person{}
	for c := range b.conns {
		p := c.participant
		if !seen[p.ID] {
			seen[p.ID] = true
			people = append(people, person{ID: p.ID, Name: p.Name, Role: p.Role})
		}
	}
	return people
}

// flushPresence sends who is connected, on any node, once per person, to
// everyone here; and this node's people to the other nodes if they changed.
func (b *board) flushPresence() {
	local := b.localPeople()
	if b.localPresenceDirty {
		b.localPresenceDirty = false
		b.publish(busMsg{Kind: busPresence, People: local, Head: b.committed.Seq})
	}
	seen := map[string]bool{}
	people := make([]person, 0, len(local))
	for _, p := range local {
		seen[p.ID] = true
		people = append(people, p)
	}
	for _, peer := range b.peers {
		for _, p := range peer.people {
			if !seen[p.ID] {
				seen[p.ID] = true
				people = append(people, p)
			}
		}
	}
	slices.SortFunc(people, func(a, b person) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	frame := encode(presenceMsg{Type: msgPresence, People: people})
	b.presenceNext = time.Now().Add(b.presenceSpacing(len(frame), len(b.conns)))
	b.hub.metrics.presenceQueued.Add(float64(len(b.conns)))
	b.hub.metrics.presenceBytes.Add(float64(len(frame) * len(b.conns)))
	for c := range b.conns {
		b.delivered++
		if !c.enqueuePresence(frame) {
			b.drop(c)
		}
	}
}

// flushCursors sends the cursors that moved since the last flush, in one
// message, however often they moved: a busy board does not flood anyone.
func (b *board) flushCursors() {
	if len(b.cursors) == 0 {
		return
	}
	list := make([]cursor, 0, len(b.cursors))
	for _, c := range b.cursors {
		list = append(list, c)
	}
	clear(b.cursors)
	slices.SortFunc(list, func(a, b cursor) int { return strings.Compare(a.ID, b.ID) })
	b.sendCursors(list)
	if b.hub.bus != nil {
		b.publish(busMsg{Kind: busCursors, Cursors: list})
	}
}

// sendCursors sends each connection the cursors it may see: all of them in
// plenary (one shared message), during breakout only those that
// workshops.Board.CursorVisible allows.
func (b *board) sendCursors(list []cursor) {
	if !b.committed.Breakout {
		frame := encode(cursorsMsg{Type: msgCursors, Cursors: list})
		for c := range b.conns {
			b.sendCursorsTo(c, frame, list)
		}
		return
	}
	for c := range b.conns {
		var mine []cursor
		for _, cur := range list {
			if b.committed.CursorVisible(c.participantID, cur.ID) {
				mine = append(mine, cur)
			}
		}
		if len(mine) > 0 {
			b.sendCursorsTo(c, encode(cursorsMsg{Type: msgCursors, Cursors: mine}), mine)
		}
	}
}

// submit hands a request to the board's goroutine. It returns false if the
// board has stopped.
func (b *board) submit(req any) bool {
	select {
	case b.in <- req:
		return true
	case <-b.finished:
		return false
	}
}
