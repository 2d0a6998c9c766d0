// Package redisbus is a [workshops.Bus] over Redis pub/sub, for a server of
// several nodes: each node opens one Bus on the same Redis server, and a
// board is the channel prefix+boardID ("samskap:board:<id>" by default).
//
// # One subscriber connection per node
//
// A Bus holds a client (a pool of connections) for PUBLISH and PING, and one
// go-redis PubSub, a single connection, for all its subscriptions. The first
// local handler of a board SUBSCRIBEs its channel on that connection, the
// last one to cancel UNSUBSCRIBEs it, so Redis sees one subscriber per node
// and board however many handlers the node has. One goroutine reads the
// connection and hands each message to the board's handlers through a
// bounded queue per handler, drained by a goroutine of its own: a slow
// handler holds up neither the connection nor the other boards. When a
// handler's queue is full, further messages for it are dropped and counted
// ([Stats.Dropped]).
//
// # When Redis goes away
//
// go-redis redials a broken subscriber connection and SUBSCRIBEs every
// channel again, so delivery resumes by itself when Redis is back, with no
// action by the caller. Messages published meanwhile are lost, as the Bus
// contract allows: Publish fails while Redis is down, and [Stats.Resubscribed]
// counts the channels subscribed again, each of which may have missed
// messages. A node fills such gaps from the store.
package redisbus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/samskap/samskap/workshops"
)

// Defaults of the options.
const (
	DefaultPrefix           = "samskap:board:"
	DefaultQueueSize        = 1024
	DefaultSubscribeTimeout = 5 * time.Second
)

// unsubscribeTimeout bounds the UNSUBSCRIBE that the last cancel of a board
// sends; cancel has no context of its own.
const unsubscribeTimeout = 5 * time.Second

// ErrClosed is returned by the methods of a Bus after Close.
var ErrClosed = errors.New("redisbus: the bus is closed")

// Option configures a Bus.
type Option func(*options)

type options struct {
	prefix           string
	queueSize        int
	subscribeTimeout time.Duration
	allowDown        bool
}

// AllowDown makes Open succeed when the server does not answer its PING,
// as long as the URL is valid: the Bus then connects when Redis is back
// (Publish and Subscribe fail until then). A node started during a Redis
// outage serves its boards through the store meanwhile.
func AllowDown() Option {
	return func(o *options) { o.allowDown = true }
}

// WithPrefix sets the prefix of the boards' channel names. Nodes that serve
// the same boards must use the same prefix; tests that share a server use
// one each.
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = prefix }
}

// WithQueueSize sets how many messages each subscription holds for its
// handler before it drops new ones. Values below 1 mean 1.
func WithQueueSize(n int) Option {
	return func(o *options) { o.queueSize = max(n, 1) }
}

// WithSubscribeTimeout bounds how long Subscribe waits for Redis to confirm
// a new channel, when the caller's context allows longer.
func WithSubscribeTimeout(d time.Duration) Option {
	return func(o *options) { o.subscribeTimeout = d }
}

// Bus is one node's link to Redis pub/sub. It is safe for concurrent use.
type Bus struct {
	opts   options
	client *redis.Client
	pubsub *redis.PubSub

	// subMu serialises Subscribe, cancel and Close, and so the SUBSCRIBE
	// and UNSUBSCRIBE commands they send.
	subMu sync.Mutex

	mu     sync.RWMutex
	boards map[string]*board // by channel
	// pending holds, by channel, the boards whose SUBSCRIBE Redis has not
	// confirmed yet, oldest first: confirmations come in the order the
	// commands were sent.
	pending map[string][]*board

	closed atomic.Bool   // set under subMu
	done   chan struct{} // closed by Close
	wg     sync.WaitGroup

	published, received, delivered, dropped, resubscribed atomic.Uint64
}

var _ workshops.Bus = (*Bus)(nil)

// board is a channel this node is subscribed to, and its local handlers.
type board struct {
	channel string
	subs    []*subscription // guarded by Bus.mu
	ready   chan struct{}   // closed when Redis has confirmed the SUBSCRIBE
}

// Stats counts what a node has carried since it was opened.
type Stats struct {
	Published    uint64 // messages this node published
	Received     uint64 // messages Redis delivered to this node
	Delivered    uint64 // handler calls on this node
	Dropped      uint64 // messages for a handler dropped because its queue was full
	Resubscribed uint64 // channels subscribed again after the link to Redis broke
}

// Open connects to the Redis server at url (redis://[user:password@]host:port/db,
// or rediss:// for TLS; query parameters as redis.ParseURL reads them) and
// checks it with PING, so a node with a wrong address fails at start
// (unless AllowDown).
func Open(ctx context.Context, url string, opts ...Option) (*Bus, error) {
	o := options{prefix: DefaultPrefix, queueSize: DefaultQueueSize, subscribeTimeout: DefaultSubscribeTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	ropts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redisbus: %w", err)
	}
	client := redis.NewClient(ropts)
	if err := client.Ping(ctx).Err(); err != nil && !o.allowDown {
		client.Close()
		return nil, fmt.Errorf("redisbus: ping %s: %w", ropts.Addr, err)
	}
	b := &Bus{
		opts:    o,
		client:  client,
		pubsub:  client.Subscribe(ctx),
		boards:  map[string]*board{},
		pending: map[string][]*board{},
		done:    make(chan struct{}),
	}
	msgs := b.pubsub.ChannelWithSubscriptions(redis.WithChannelSize(o.queueSize))
	b.wg.Add(1)
	go b.dispatch(msgs)
	return b, nil
}

// Stats returns the node's counters, for metrics.
func (b *Bus) Stats() Stats {
	return Stats{
		Published:    b.published.Load(),
		Received:     b.received.Load(),
		Delivered:    b.delivered.Load(),
		Dropped:      b.dropped.Load(),
		Resubscribed: b.resubscribed.Load(),
	}
}

// Publish implements workshops.Bus with a PUBLISH. It fails while Redis
// cannot be reached; go-redis may then send the message again, so in rare
// cases a subscriber gets it twice.
func (b *Bus) Publish(ctx context.Context, boardID string, msg []byte) error {
	if b.closed.Load() {
		return ErrClosed
	}
	if err := b.client.Publish(ctx, b.opts.prefix+boardID, msg).Err(); err != nil {
		return fmt.Errorf("redisbus: publish on board %q: %w", boardID, err)
	}
	b.published.Add(1)
	return nil
}

// Subscribe implements workshops.Bus. When the node has no handler of the
// board yet, it SUBSCRIBEs the board's channel and waits until Redis
// confirms it, so that the subscription is in force when Subscribe returns:
// for as long as ctx allows, and at most the subscribe timeout. When Redis
// cannot be reached, it fails and subscribes nothing.
//
// handle runs on a goroutine of the subscription's own, one call at a time,
// in the order the messages came from Redis. cancel may be called more than
// once, and from handle. Once it returns, no message published afterwards
// reaches handle, but it does not wait for a call of handle under way.
func (b *Bus) Subscribe(ctx context.Context, boardID string, handle func(msg []byte)) (cancel func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	channel := b.opts.prefix + boardID
	s := &subscription{node: b, handle: handle, queue: make(chan []byte, b.opts.queueSize), done: make(chan struct{})}
	cancel = func() { b.cancel(s) }

	b.subMu.Lock()
	if b.closed.Load() {
		b.subMu.Unlock()
		return nil, ErrClosed
	}
	b.mu.Lock()
	bd := b.boards[channel]
	first := bd == nil
	if first {
		bd = &board{channel: channel, ready: make(chan struct{})}
		b.boards[channel] = bd
		b.pending[channel] = append(b.pending[channel], bd)
	}
	bd.subs = append(bd.subs, s)
	s.board = bd
	b.mu.Unlock()
	b.wg.Add(1)
	go s.run()
	if first {
		err = b.pubsub.Subscribe(ctx, channel)
	}
	b.subMu.Unlock()

	if err == nil {
		timer := time.NewTimer(b.opts.subscribeTimeout)
		defer timer.Stop()
		select {
		case <-bd.ready:
			return cancel, nil
		case <-ctx.Done():
			err = ctx.Err()
		case <-timer.C:
			err = fmt.Errorf("redis did not confirm the subscription within %v", b.opts.subscribeTimeout)
		case <-b.done:
			err = ErrClosed
		}
	}
	cancel()
	return nil, fmt.Errorf("redisbus: subscribe to board %q: %w", boardID, err)
}

// cancel ends s; when s was its board's last handler on this node, it
// UNSUBSCRIBEs the board's channel.
func (b *Bus) cancel(s *subscription) {
	b.subMu.Lock()
	defer b.subMu.Unlock()
	if s.cancelled {
		return
	}
	s.cancelled = true
	close(s.done)

	bd := s.board
	b.mu.Lock()
	bd.subs = slices.DeleteFunc(bd.subs, func(x *subscription) bool { return x == s })
	last := len(bd.subs) == 0
	if last {
		delete(b.boards, bd.channel)
		// A confirmation still on its way would now confirm the board's
		// next SUBSCRIBE a moment early; that is better than one that
		// never comes holding up every later Subscribe of the board.
		b.pending[bd.channel] = slices.DeleteFunc(b.pending[bd.channel], func(x *board) bool { return x == bd })
		if len(b.pending[bd.channel]) == 0 {
			delete(b.pending, bd.channel)
		}
	}
	b.mu.Unlock()

	if last && !b.closed.Load() {
		ctx, cancel := context.WithTimeout(context.Background(), unsubscribeTimeout)
		defer cancel()
		// go-redis forgets the channel even if the command fails: a
		// reconnected link does not subscribe it again.
		_ = b.pubsub.Unsubscribe(ctx, bd.channel)
	}
}

// dispatch reads the subscriber connection until Close, queueing each
// message for the handlers of its channel and noting Redis's confirmations.
func (b *Bus) dispatch(msgs <-chan any) {
	defer b.wg.Done()
	for m := range msgs {
		switch m := m.(type) {
		case *redis.Message:
			b.received.Add(1)
			b.mu.RLock()
			if bd := b.boards[m.Channel]; bd != nil {
				for _, s := range bd.subs {
					s.offer(m.Payload)
				}
			}
			b.mu.RUnlock()
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				b.confirm(m.Channel)
			}
		}
	}
}

// confirm handles Redis's confirmation that the node is subscribed to the
// channel: the answer to the oldest SUBSCRIBE pending, or else to the one
// go-redis sent when it reconnected (or a late answer for a board whose
// handlers have all gone).
func (b *Bus) confirm(channel string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	q := b.pending[channel]
	if len(q) == 0 {
		if b.boards[channel] != nil {
			b.resubscribed.Add(1)
		}
		return
	}
	close(q[0].ready)
	if len(q) == 1 {
		delete(b.pending, channel)
	} else {
		b.pending[channel] = q[1:]
	}
}

// Ping implements workshops.Bus. It checks both links to Redis: a PING
// round trip on the client, and a PING written on the subscriber
// connection, which redials it if it is down.
func (b *Bus) Ping(ctx context.Context) error {
	if b.closed.Load() {
		return ErrClosed
	}
	if err := b.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisbus: ping: %w", err)
	}
	if err := b.pubsub.Ping(ctx); err != nil {
		return fmt.Errorf("redisbus: ping the subscriber connection: %w", err)
	}
	return nil
}

// Close implements workshops.Bus. It ends the node's subscriptions, drops
// the messages still queued for them, closes the subscriber connection and
// the client, and waits for handler calls under way to return, so it must
// not be called from a handler. Closing a closed Bus does nothing.
func (b *Bus) Close() error {
	b.subMu.Lock()
	if b.closed.Load() {
		b.subMu.Unlock()
		return nil
	}
	b.closed.Store(true)
	close(b.done)
	b.mu.Lock()
	for _, bd := range b.boards {
		for _, s := range bd.subs {
			s.cancelled = true
			close(s.done)
		}
	}
	clear(b.boards)
	clear(b.pending)
	b.mu.Unlock()
	b.subMu.Unlock()

	err := b.pubsub.Close() // ends dispatch: go-redis closes its channel
	b.wg.Wait()
	if cerr := b.client.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("redisbus: close: %w", err)
	}
	return nil
}

// subscription is one local handler of one board.
type subscription struct {
	node      *Bus
	board     *board
	handle    func([]byte)
	queue     chan []byte   // never closed: dispatch may be sending
	done      chan struct{} // closed by cancel or Close
	cancelled bool          // guarded by Bus.subMu
}

// offer queues a copy of payload for the handler, or drops it if the queue
// is full. The caller holds the Bus's read lock, so s is still subscribed.
func (s *subscription) offer(payload string) {
	select {
	case s.queue <- []byte(payload):
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
			// cancel wins over a message that was already queued, so
			// that it takes effect at once.
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
