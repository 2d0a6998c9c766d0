// Package bustest checks that an implementation of [workshops.Bus] keeps the
// contract written on the interface, the way testing/slogtest checks a
// slog.Handler. Every bus adapter runs the same suite from its own tests,
// with n Bus values that share one backend, as n nodes of a cluster would:
//
//	func TestBus(t *testing.T) {
//		bustest.Run(t, func(t *testing.T, n int) []workshops.Bus {
//			backend := membus.NewBackend()
//			nodes := make([]workshops.Bus, n)
//			for i := range nodes {
//				node := backend.Node()
//				t.Cleanup(func() { node.Close() })
//				nodes[i] = node
//			}
//			return nodes
//		})
//	}
//
// The suite checks what a node relies on: a message reaches every subscriber
// of its board on every node, the publisher's own node included, and no
// other board; one publisher's messages arrive in order; cancel and Close
// stop delivery; a handler sees exactly the bytes that were published, even
// when the publisher reuses its buffer. A Bus may lose messages (the broker
// restarts, a queue overflows), but not in the calm conditions of the suite:
// a subtest fails if a message does not arrive within ten seconds.
//
// Every wait has a deadline; the suite never sleeps to let a message
// arrive. To show that a message did not reach a handler, it waits until
// later messages on the same board have reached the other handlers, and
// then a tenth of a second more for a stray message to show.
package bustest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

const (
	// timeout bounds every wait for a message that must arrive.
	timeout = 10 * time.Second
	// quiet is how long the suite waits, once the messages that must
	// arrive have, for one that must not.
	quiet = 100 * time.Millisecond
	// window is how far one publisher in the suite may run ahead of the
	// slowest subscriber: it publishes message i only once every
	// subscriber has received message i-window. A bus that queues at
	// least window messages per publisher and subscription loses none.
	window = 32
)

// Run runs the conformance suite against the buses that newNodes returns,
// one subtest per behaviour. newNodes is called once per subtest, from that
// subtest's goroutine, one subtest at a time; it returns n new Bus values
// (n is at most 3) that share one backend and nothing else: a message
// published on any of them reaches the subscribers of every one. It should
// register each node's Close with t.Cleanup; the suite closes some nodes
// itself, so Close may be called twice.
//
// Board IDs are random per subtest, so nodes of different subtests may share
// a backend (one Redis server, say). The suite reads the Bus documentation
// this way where it leaves room:
//   - "from now on" means from when Subscribe returns: a message published
//     on any node after that must arrive;
//   - a "publisher" is a goroutine that calls Publish on one Bus, one call
//     after the other; a Bus value may be used from several goroutines at
//     once;
//   - a message is any bytes, empty or 64 KiB, and Publish does not keep
//     msg after it returns: the caller may then reuse it;
//   - Close returns nil the first time, and a closed node refuses Publish,
//     Subscribe and Ping with an error; cancel after Close does nothing.
//
// A few of the suite's handler calls wait up to a fifth of a second for the
// publisher to go on, to catch a bus that reuses a buffer under a handler.
func Run(t *testing.T, newNodes func(t *testing.T, n int) []workshops.Bus) {
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) {
			nodes := newNodes(t, tc.nodes)
			if len(nodes) != tc.nodes {
				t.Fatalf("newNodes(t, %d) returned %d buses", tc.nodes, len(nodes))
			}
			tc.test(t, nodes)
		})
	}
}

var suite = []struct {
	name  string
	nodes int
	test  func(*testing.T, []workshops.Bus)
}{
	{"FanOut", 3, testFanOut},
	{"SubscribeThenPublish", 2, testSubscribeThenPublish},
	{"BoardsApart", 2, testBoardsApart},
	{"PublisherOrder", 3, testPublisherOrder},
	{"ConcurrentPublishers", 3, testConcurrentPublishers},
	{"Cancel", 2, testCancel},
	{"SubscribeAgainAfterCancel", 2, testSubscribeAgainAfterCancel},
	{"TwoHandlersOneNode", 2, testTwoHandlersOneNode},
	{"PublisherReusesBuffer", 2, testPublisherReusesBuffer},
	{"PayloadsExact", 2, testPayloadsExact},
	{"Ping", 2, testPing},
	{"Close", 3, testClose},
}

// testFanOut publishes one message from each node in turn; every node's
// subscriber gets all of them, its own node's included.
func testFanOut(t *testing.T, nodes []workshops.Bus) {
	board := newBoardID(t, "fan-out")
	recs := subscribeAll(t, nodes, board)
	var want []string
	for i, node := range nodes {
		msg := fmt.Sprintf("from node %d", i)
		mustPublish(t, node, board, msg)
		want = append(want, msg)
		for _, r := range recs {
			r.mustReceive(t, len(want))
		}
	}
	for _, r := range recs {
		r.check(t, want)
	}
}

// testSubscribeThenPublish checks that a subscription is in force when
// Subscribe returns: a message published right after it, from another node,
// arrives; one published before it does not. It does so on several fresh
// boards, since a bus that confirms a subscription too early loses such a
// message only now and then.
func testSubscribeThenPublish(t *testing.T, nodes []workshops.Bus) {
	const boards = 20
	recs := make([]*recorder, boards)
	for i := range recs {
		board := newBoardID(t, fmt.Sprintf("from-now-%d", i))
		mustPublish(t, nodes[1], board, "before subscribe")
		recs[i] = mustSubscribe(t, nodes[0], board, fmt.Sprintf("node 0, board %d", i))
		mustPublish(t, nodes[1], board, "after subscribe")
	}
	for _, r := range recs {
		r.mustReceive(t, 1)
		r.check(t, []string{"after subscribe"})
	}
}

// testBoardsApart publishes on boards whose IDs share a prefix, from both
// nodes, and checks that each handler gets only its own board's messages. A
// board without subscribers takes messages too.
func testBoardsApart(t *testing.T, nodes []workshops.Bus) {
	base := newBoardID(t, "apart")
	boards := []string{base, base + "-2", base + ":x", base + "*"}
	recs := make([][]*recorder, len(boards))
	for i, board := range boards {
		recs[i] = subscribeAll(t, nodes, board)
	}
	const rounds = 10
	for round := range rounds {
		for n, node := range nodes {
			for _, board := range boards {
				mustPublish(t, node, board, fmt.Sprintf("%s from node %d, round %d", board, n, round))
			}
			mustPublish(t, node, base+"-nobody", "no one listens")
		}
	}
	for i, board := range boards {
		for _, r := range recs[i] {
			got := r.mustReceive(t, rounds*len(nodes))
			for _, msg := range got {
				if !strings.HasPrefix(string(msg), board+" from node ") {
					t.Errorf("%s on board %q got %q, published on another board", r.name, board, msg)
				}
			}
		}
	}
	// One more round, waited for, gives a message that leaked to another
	// board time to show.
	for i, board := range boards {
		mustPublish(t, nodes[0], board, board+" from node 0, last round")
		for _, r := range recs[i] {
			r.mustReceive(t, rounds*len(nodes)+1)
		}
	}
	for i := range boards {
		for _, r := range recs[i] {
			r.staysAt(t, rounds*len(nodes)+1)
		}
	}
}

// testPublisherOrder publishes 1000 numbered messages from one node and
// checks that every subscriber, on every node, gets them all in order.
func testPublisherOrder(t *testing.T, nodes []workshops.Bus) {
	const n = 1000
	board := newBoardID(t, "order")
	recs := subscribeAll(t, nodes, board)
	if err := publishNumbered(t, nodes[0], board, "p", n, recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		r.mustReceive(t, n)
		r.checkNumbered(t, "p", n)
	}
}

// testConcurrentPublishers has two goroutines on every node publish
// numbered messages on one board at once: every subscriber gets all of them,
// each publisher's in its order.
func testConcurrentPublishers(t *testing.T, nodes []workshops.Bus) {
	const perNode, n = 2, 250
	board := newBoardID(t, "concurrent")
	recs := subscribeAll(t, nodes, board)
	var wg sync.WaitGroup
	var pubs []string
	for i, node := range nodes {
		for j := range perNode {
			pub := fmt.Sprintf("node%d.%d", i, j)
			pubs = append(pubs, pub)
			wg.Go(func() {
				if err := publishNumbered(t, node, board, pub, n, recs); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, r := range recs {
		r.mustReceive(t, n*len(pubs))
		for _, pub := range pubs {
			r.checkNumbered(t, pub, n)
		}
	}
}

// testCancel cancels one of two handlers of a board on one node, twice, and
// checks that it gets nothing published afterwards while the other handlers
// do.
func testCancel(t *testing.T, nodes []workshops.Bus) {
	board := newBoardID(t, "cancel")
	gone := newRecorder("node 0, cancelled handler")
	cancel, err := nodes[0].Subscribe(t.Context(), board, gone.handle)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	stays := mustSubscribe(t, nodes[0], board, "node 0, other handler")
	remote := mustSubscribe(t, nodes[1], board, "node 1")

	mustPublish(t, nodes[1], board, "before cancel")
	for _, r := range []*recorder{gone, stays, remote} {
		r.mustReceive(t, 1)
	}
	cancel()
	cancel() // cancel is idempotent

	const n = 50
	for i := 1; i <= n; i++ {
		mustPublish(t, nodes[1], board, fmt.Sprintf("from node 1: %d", i))
		mustPublish(t, nodes[0], board, fmt.Sprintf("from node 0: %d", i))
	}
	stays.mustReceive(t, 1+2*n)
	remote.mustReceive(t, 1+2*n)
	gone.staysAt(t, 1)
	gone.check(t, []string{"before cancel"})
}

// testSubscribeAgainAfterCancel cancels every handler of a board on every
// node, then subscribes again: the board works as before. A bus that leaves
// the broker when a board's last handler goes must come back to it.
func testSubscribeAgainAfterCancel(t *testing.T, nodes []workshops.Bus) {
	board := newBoardID(t, "again")
	for round := range 3 {
		var recs []*recorder
		var cancels []func()
		for i, node := range nodes {
			r := newRecorder(fmt.Sprintf("node %d, round %d", i, round))
			cancel, err := node.Subscribe(t.Context(), board, r.handle)
			if err != nil {
				t.Fatalf("round %d: Subscribe on node %d: %v", round, i, err)
			}
			recs, cancels = append(recs, r), append(cancels, cancel)
		}
		msg := fmt.Sprintf("round %d", round)
		mustPublish(t, nodes[round%len(nodes)], board, msg)
		for _, r := range recs {
			r.mustReceive(t, 1)
			r.check(t, []string{msg})
		}
		for _, cancel := range cancels {
			cancel()
		}
	}
}

// testTwoHandlersOneNode subscribes twice to one board on one node: both
// handlers get every message, and cancelling one leaves the other.
func testTwoHandlersOneNode(t *testing.T, nodes []workshops.Bus) {
	board := newBoardID(t, "two-handlers")
	first := newRecorder("node 0, first handler")
	cancelFirst, err := nodes[0].Subscribe(t.Context(), board, first.handle)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	second := mustSubscribe(t, nodes[0], board, "node 0, second handler")

	const n = 10
	if err := publishNumbered(t, nodes[1], board, "a", n, []*recorder{first, second}); err != nil {
		t.Fatal(err)
	}
	first.mustReceive(t, n)
	second.mustReceive(t, n)
	first.checkNumbered(t, "a", n)
	second.checkNumbered(t, "a", n)

	cancelFirst()
	if err := publishNumbered(t, nodes[1], board, "b", n, []*recorder{second}); err != nil {
		t.Fatal(err)
	}
	second.mustReceive(t, 2*n)
	second.checkNumbered(t, "b", n)
	first.staysAt(t, n)
}

// testPublisherReusesBuffer publishes different payloads from one buffer
// that the publisher overwrites as soon as Publish returns. Every handler
// must see each payload exactly, from when it is called until it returns,
// while later messages are being published: the bus copies what it is given
// and does not reuse a buffer that a handler still holds. The handlers
// neither keep nor change msg.
func testPublisherReusesBuffer(t *testing.T, nodes []workshops.Bus) {
	const n = 64
	const held = 8 // the first handler calls wait for the next Publish
	board := newBoardID(t, "reuse")
	payload := func(i int) []byte {
		p := make([]byte, 1+(i*37)%300)
		for j := range p {
			p[j] = byte(i*7 + j)
		}
		return p
	}

	var mu sync.Mutex
	published := 0 // messages whose Publish has returned
	next := make(chan struct{})
	waitPublished := func(k int) {
		deadline := time.After(200 * time.Millisecond)
		for {
			mu.Lock()
			done, wake := published >= k, next
			mu.Unlock()
			if done {
				return
			}
			select {
			case <-wake:
			case <-deadline:
				return // a bus may call handlers from Publish; do not wait for it
			}
		}
	}

	var recMu sync.Mutex
	counts := make([]int, len(nodes))
	done := make([]chan struct{}, len(nodes)) // closed when a node's handler has had n calls
	for i, node := range nodes {
		done[i] = make(chan struct{})
		name := fmt.Sprintf("node %d", i)
		handle := func(msg []byte) {
			recMu.Lock()
			k := counts[i]
			counts[i]++
			if counts[i] == n {
				close(done[i])
			}
			recMu.Unlock()
			want := payload(k)
			if !bytes.Equal(msg, want) {
				t.Errorf("%s: message %d = %s, want %s", name, k, short(msg), short(want))
				return
			}
			if k < held {
				waitPublished(k + 2)
				if !bytes.Equal(msg, want) {
					t.Errorf("%s: message %d changed while its handler held it: now %s, was %s", name, k, short(msg), short(want))
				}
			}
		}
		cancel, err := node.Subscribe(t.Context(), board, handle)
		if err != nil {
			t.Fatalf("Subscribe on %s: %v", name, err)
		}
		t.Cleanup(cancel)
	}

	buf := make([]byte, 0, 512)
	for i := range n {
		buf = append(buf[:0], payload(i)...)
		if err := nodes[0].Publish(t.Context(), board, buf); err != nil {
			t.Fatalf("Publish %d: %v", i, err)
		}
		full := buf[:cap(buf)]
		for j := range full {
			full[j] = 0xAA
		}
		mu.Lock()
		published++
		close(next)
		next = make(chan struct{})
		mu.Unlock()
	}

	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for i := range nodes {
		select {
		case <-done[i]:
		case <-deadline.C:
			recMu.Lock()
			got := counts[i]
			recMu.Unlock()
			t.Fatalf("node %d got %d of %d messages within %v", i, got, n, timeout)
		}
	}
}

// testPayloadsExact publishes payloads that a text-minded bus could mangle:
// empty, NUL and 0xFF bytes, invalid UTF-8, CR LF, and 64 KiB.
func testPayloadsExact(t *testing.T, nodes []workshops.Bus) {
	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i * 31)
	}
	payloads := [][]byte{
		{},
		{0},
		{0xff, 0xfe, 0x00, 0x80},
		[]byte("\xc3\x28 invalid UTF-8"),
		[]byte("line\r\nnext line\r\n"),
		[]byte(`{"seq":1,"op":{"kind":"note.create","text":"Blåbær 🫐"}}`),
		[]byte("$5\r\nhello\r\n*1\r\n"), // looks like RESP
		big,
	}
	board := newBoardID(t, "payloads")
	recs := subscribeAll(t, nodes, board)
	for _, p := range payloads {
		if err := nodes[0].Publish(t.Context(), board, p); err != nil {
			t.Fatalf("Publish(%s): %v", short(p), err)
		}
	}
	for _, r := range recs {
		got := r.mustReceive(t, len(payloads))
		if len(got) != len(payloads) {
			t.Errorf("%s got %d messages, want %d", r.name, len(got), len(payloads))
			continue
		}
		for i, p := range payloads {
			if !bytes.Equal(got[i], p) {
				t.Errorf("%s: message %d = %s, want %s", r.name, i, short(got[i]), short(p))
			}
		}
	}
}

func testPing(t *testing.T, nodes []workshops.Bus) {
	for i, node := range nodes {
		if err := node.Ping(t.Context()); err != nil {
			t.Errorf("Ping on node %d: %v", i, err)
		}
	}
}

// testClose closes one node of three: its handlers get nothing more, it
// refuses Publish, Subscribe and Ping, cancelling one of its subscriptions
// afterwards is harmless, and the other nodes carry on.
func testClose(t *testing.T, nodes []workshops.Bus) {
	board := newBoardID(t, "close")
	closed := newRecorder("node 0 (closed)")
	cancel, err := nodes[0].Subscribe(t.Context(), board, closed.handle)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	others := []*recorder{
		mustSubscribe(t, nodes[1], board, "node 1"),
		mustSubscribe(t, nodes[2], board, "node 2"),
	}
	mustPublish(t, nodes[2], board, "before close")
	for _, r := range append([]*recorder{closed}, others...) {
		r.mustReceive(t, 1)
	}

	if err := nodes[0].Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := nodes[0].Publish(t.Context(), board, []byte("after close")); err == nil {
		t.Error("Publish on a closed bus returned no error")
	}
	if cancel2, err := nodes[0].Subscribe(t.Context(), board, closed.handle); err == nil {
		t.Error("Subscribe on a closed bus returned no error")
		cancel2()
	}
	if err := nodes[0].Ping(t.Context()); err == nil {
		t.Error("Ping on a closed bus returned no error")
	}
	cancel() // after Close: a no-op, not a panic

	mustPublish(t, nodes[1], board, "after close, from node 1")
	mustPublish(t, nodes[2], board, "after close, from node 2")
	for _, r := range others {
		r.mustReceive(t, 3)
	}
	if err := nodes[1].Ping(t.Context()); err != nil {
		t.Errorf("Ping on node 1 after node 0 closed: %v", err)
	}
	closed.staysAt(t, 1)
	closed.check(t, []string{"before close"})
}

// newBoardID returns a board ID that no other subtest, and no other run of
// the suite against the same backend, uses.
func newBoardID(t *testing.T, name string) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "bustest-" + name + "-" + hex.EncodeToString(b[:])
}

func mustPublish(t *testing.T, bus workshops.Bus, board, msg string) {
	t.Helper()
	if err := bus.Publish(t.Context(), board, []byte(msg)); err != nil {
		t.Fatalf("Publish(%q, %q): %v", board, msg, err)
	}
}

// mustSubscribe subscribes a new recorder to the board and cancels the
// subscription when the test ends.
func mustSubscribe(t *testing.T, bus workshops.Bus, board, name string) *recorder {
	t.Helper()
	r := newRecorder(name)
	cancel, err := bus.Subscribe(t.Context(), board, r.handle)
	if err != nil {
		t.Fatalf("Subscribe(%q) for %s: %v", board, name, err)
	}
	t.Cleanup(cancel)
	return r
}

// subscribeAll subscribes one recorder per node to the board.
func subscribeAll(t *testing.T, nodes []workshops.Bus, board string) []*recorder {
	t.Helper()
	recs := make([]*recorder, len(nodes))
	for i, node := range nodes {
		recs[i] = mustSubscribe(t, node, board, fmt.Sprintf("node %d", i))
	}
	return recs
}

// publishNumbered publishes the messages "pub/1" to "pub/n" in order, each
// once every recorder in recs has received message i-window of pub. It
// returns an error rather than failing the test, so that it can run in a
// goroutine of its own.
func publishNumbered(t *testing.T, bus workshops.Bus, board, pub string, n int, recs []*recorder) error {
	for i := 1; i <= n; i++ {
		if i > window {
			for _, r := range recs {
				if !r.waitCount(pub, i-window) {
					return fmt.Errorf("publisher %s: %s has %d of its messages, want %d within %v",
						pub, r.name, r.count(pub), i-window, timeout)
				}
			}
		}
		if err := bus.Publish(t.Context(), board, []byte(pub+"/"+strconv.Itoa(i))); err != nil {
			return fmt.Errorf("publisher %s: Publish %d: %w", pub, i, err)
		}
	}
	return nil
}

// recorder is a handler that keeps a copy of every message it gets, and
// lets the test wait, with a deadline, until enough have come.
type recorder struct {
	name string

	mu     sync.Mutex
	msgs   [][]byte
	counts map[string]int // messages per publisher, for "pub/i" messages
	wake   chan struct{}  // closed and replaced on every message
}

func newRecorder(name string) *recorder {
	return &recorder{name: name, counts: map[string]int{}, wake: make(chan struct{})}
}

// handle is the Bus handler. It copies msg: a handler may not keep it.
func (r *recorder) handle(msg []byte) {
	c := bytes.Clone(msg)
	if c == nil {
		c = []byte{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, c)
	if pub, _, ok := strings.Cut(string(c), "/"); ok {
		r.counts[pub]++
	}
	close(r.wake)
	r.wake = make(chan struct{})
}

func (r *recorder) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

func (r *recorder) count(pub string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[pub]
}

// waitUntil waits until ok holds, checked under the recorder's lock after
// every message, and reports whether it did within the timeout.
func (r *recorder) waitUntil(ok func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		done, wake := ok(), r.wake
		r.mu.Unlock()
		if done {
			return true
		}
		select {
		case <-wake:
		case <-deadline.C:
			return false
		}
	}
}

// waitCount waits until r has at least n messages of publisher pub.
func (r *recorder) waitCount(pub string, n int) bool {
	return r.waitUntil(func() bool { return r.counts[pub] >= n })
}

// mustReceive waits until r has at least n messages and returns them.
func (r *recorder) mustReceive(t *testing.T, n int) [][]byte {
	t.Helper()
	if !r.waitUntil(func() bool { return len(r.msgs) >= n }) {
		t.Fatalf("%s got %d messages within %v, want %d; last: %s", r.name, r.len(), timeout, n, r.last())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.msgs...)
}

// staysAt fails the test if r gets more than n messages, waiting quiet for
// a stray one. The messages that r must get have come already.
func (r *recorder) staysAt(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(quiet)
	for {
		r.mu.Lock()
		got, wake := len(r.msgs), r.wake
		r.mu.Unlock()
		if got > n {
			t.Errorf("%s got %d messages, want %d; last: %s", r.name, got, n, r.last())
			return
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return
		}
		select {
		case <-wake:
		case <-time.After(wait):
		}
	}
}

// check fails the test unless r has received exactly want, in order.
func (r *recorder) check(t *testing.T, want []string) {
	t.Helper()
	r.mu.Lock()
	got := make([]string, len(r.msgs))
	for i, m := range r.msgs {
		got[i] = string(m)
	}
	r.mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("%s got %q, want %q", r.name, got, want)
	}
}

// checkNumbered fails the test unless the messages of publisher pub that r
// has received are exactly pub/1 to pub/n, in order.
func (r *recorder) checkNumbered(t *testing.T, pub string, n int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	want := 1
	for _, m := range r.msgs {
		p, num, ok := strings.Cut(string(m), "/")
		if !ok || p != pub {
			continue
		}
		i, err := strconv.Atoi(num)
		if err != nil || i != want {
			t.Errorf("%s: message %d of publisher %s is %q, want %q (out of order, lost or repeated)",
				r.name, want, pub, m, pub+"/"+strconv.Itoa(want))
			return
		}
		want++
	}
	if want-1 != n {
		t.Errorf("%s got %d messages of publisher %s, want %d", r.name, want-1, pub, n)
	}
}

// last describes the last few messages, for a failure message.
func (r *recorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	from := max(0, len(r.msgs)-3)
	parts := make([]string, 0, 3)
	for _, m := range r.msgs[from:] {
		parts = append(parts, short(m))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// short shows a message in a failure message without flooding it.
func short(msg []byte) string {
	if len(msg) <= 48 {
		return fmt.Sprintf("%q", msg)
	}
	return fmt.Sprintf("%q... (%d bytes)", msg[:48], len(msg))
}
