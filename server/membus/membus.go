// Package membus is a [workshops.Bus] inside one process: the bus of a
// single-node server, and a stand-in for Redis when tests run several nodes
// in one process.
//
// A [Backend] plays the broker; each [Bus] from [Backend.Node] is one node
// attached to it. [New] returns a node with a backend of its own, which is
// all a single-node server needs.
//
// Publish copies the message once per subscription, on every node, into
// that subscription's queue and returns; a goroutine per subscription calls
// the handler. A slow handler therefore never holds up the publisher, nor
// the other subscriptions: when its queue is full, further messages for it
// are dropped and counted ([Stats.Dropped]), as the Bus contract allows.
// The node notices the gap in seq and catches up from the store.
package membus

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/samskap/samskap/workshops"
)

// DefaultQueueSize is how many messages a subscription holds for its
// handler, unless WithQueueSize says otherwise.
const DefaultQueueSize = 1024

// ErrClosed is returned by the methods of a Bus after Close.
var ErrClosed = errors.New("membus: the bus is closed")

// Option configures a node.
type Option func(*options)

type options struct {
	queueSize int
}

// WithQueueSize sets how many messages each subscription holds for its
// handler before it drops new ones. Values below 1 mean 1.
func WithQueueSize(n int) Option {
	return func(o *options) { o.queueSize = max(n, 1) }
}

// Backend is the in-process broker that the nodes from Node share. It is
// safe for concurrent use and has nothing to close.
type Backend struct {
	mu     sync.RWMutex
	boards map[string][]*subscription // every node's subscriptions, by board
}

// NewBackend returns a backend with no nodes.
func NewBackend() *Backend {
	return &Backend{boards: map[string][]*subscription{}}
}

// Node returns a new node attached to the backend: a message published on
// any node of the backend reaches the subscribers of every node.
func (be *Backend) Node(opts ...Option) *Bus {
	o := options{queueSize: DefaultQueueSize}
	for _, opt := range opts {
		opt(&o)
	}
	return &Bus{backend: be, opts: o, subs: map[*subscription]struct{}{}}
}

// New returns a Bus on a backend of its own: the bus of a single-node
// server.
func New(opts ...Option) *Bus {
	return NewBackend().Node(opts...)
}

// Bus is one node on a Backend. It is safe for concurrent use.
type Bus struct {
	backend *Backend
	opts    options

	mu     sync.Mutex
	closed atomic.Bool                // set under mu
	subs   map[*subscription]struct{} // this node's live subscriptions
	wg     sync.WaitGroup             // the subscriptions' goroutines

	published, delivered, dropped atomic.Uint64
}

var _ workshops.Bus = (*Bus)(nil)

// Stats counts what a node has carried since it was created.
type Stats struct {
	Published uint64 // messages this node published
	Delivered uint64 // handler calls on this node
	Dropped   uint64 // messages for this node's handlers dropped because their queue was full
}

// Stats returns the node's counters, for metrics.
func (b *Bus) Stats() Stats {
	return Stats{Published: b.published.Load(), Delivered: b.delivered.Load(), Dropped: b.dropped.Load()}
}

// Publish implements workshops.Bus. It puts a copy of msg in the queue of
// every subscription to the board, on every node, and returns without
// waiting for any handler. It fails only if ctx is done or b is closed.
func (b *Bus) Publish(ctx context.Context, boardID string, msg []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.closed.Load() {
		return ErrClosed
	}
	be := b.backend
	be.mu.RLock()
	for _, s := range be.boards[boardID] {
		s.offer(msg)
	}
	be.mu.RUnlock()
	b.published.Add(1)
	return nil
}

// Subscribe implements workshops.Bus. The subscription is in force when
// Subscribe returns. handle runs on a goroutine of the subscription's own,
// one call at a time, in the order the messages were queued.
//
// cancel may be called more than once, and from handle. Once it returns, no
// message published afterwards reaches handle, but it does not wait for a
// call of handle that is under way.
func (b *Bus) Subscribe(ctx context.Context, boardID string, handle func(msg []byte)) (cancel func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &subscription{
		node:   b,
		board:  boardID,
		handle: handle,
		queue:  make(chan []byte, b.opts.queueSize),
		done:   make(chan struct{}),
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed.Load() {
		return nil, ErrClosed
	}
	b.subs[s] = struct{}{}
	be := b.backend
	be.mu.Lock()
	be.boards[boardID] = append(be.boards[boardID], s)
	be.mu.Unlock()
	b.wg.Add(1)
	go s.run()
	return func() { b.cancel(s) }, nil
}

// cancel ends s, unless Close has ended it already.
func (b *Bus) cancel(s *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[s]; !ok {
		return
	}
	delete(b.subs, s)
	b.backend.remove(s)
	close(s.done)
}

// remove takes s off its board, so that no Publish can queue for it.
func (be *Backend) remove(s *subscription) {
	be.mu.Lock()
	defer be.mu.Unlock()
	subs := slices.DeleteFunc(slices.Clone(be.boards[s.board]), func(x *subscription) bool { return x == s })
	if len(subs) == 0 {
		delete(be.boards, s.board)
	} else {
		be.boards[s.board] = subs
	}
}

// Ping implements workshops.Bus: an in-process bus can always carry
// messages, until it is closed.
func (b *Bus) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.closed.Load() {
		return ErrClosed
	}
	return nil
}

// Close implements workshops.Bus. It ends the node's subscriptions, drops
// the messages still queued for them, and waits for handler calls under way
// to return, so it must not be called from a handler. The other nodes of the
// backend carry on. Closing a closed Bus does nothing.
func (b *Bus) Close() error {
	b.mu.Lock()
	if b.closed.Load() {
		b.mu.Unlock()
		return nil
	}
	b.closed.Store(true)
	for s := range b.subs {
		b.backend.remove(s)
		close(s.done)
	}
	clear(b.subs)
	b.mu.Unlock()
	b.wg.Wait()
	return nil
}

// subscription is one handler of one board on one node.
type subscription struct {
	node   *Bus
	board  string
	handle func([]byte)
	queue  chan []byte   // never closed: Publish may be sending
	done   chan struct{} // closed by cancel or Close
}

// offer queues a copy of msg for the handler, or drops it if the queue is
// full. The caller holds the backend's read lock, so s is still on its
// board.
func (s *subscription) offer(msg []byte) {
	select {
	case s.queue <- append(make([]byte, 0, len(msg)), msg...):
	default:
		s.node.dropped.Add(1)
	}
}

// run calls the handler for each queued message until the subscription
// ends.
func (s *subscription) run() {
	defer s.node.wg.Done()
	for {
		select {
		case <-s.done:
			return
		case msg := <-s.queue:
			// A message queued before cancel may still be here; cancel
			// wins over it, so that it takes effect at once.
			select {
			case <-s.done:
				return
			default:
			}
			s.node.delivered.Add(1)
			s.handle(msg)
		}
	}
}
