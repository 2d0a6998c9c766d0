package redisbus_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/samskap/samskap/server/redisbus"
	"github.com/samskap/samskap/server/redisbus/redistest"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/bustest"
)

// wait bounds every wait for something that must happen.
const wait = 10 * time.Second

func TestBus(t *testing.T) {
	url, _, _ := redistest.Start(t)
	bustest.Run(t, func(t *testing.T, n int) []workshops.Bus {
		prefix := redistest.Prefix(t)
		nodes := make([]workshops.Bus, n)
		for i := range nodes {
			nodes[i] = mustOpen(t, url, redisbus.WithPrefix(prefix))
		}
		return nodes
	})
}

// TestRestart kills Redis under two nodes and starts it again on the same
// port: without any action by the caller, messages flow again.
func TestRestart(t *testing.T) {
	url, restart, stop := redistest.Start(t)
	prefix := redistest.Prefix(t)
	pub := mustOpen(t, url, redisbus.WithPrefix(prefix))
	sub := mustOpen(t, url, redisbus.WithPrefix(prefix))
	got := map[string]*inbox{"publisher's node": newInbox(), "other node": newInbox()}
	mustSubscribe(t, pub, "b", got["publisher's node"].handle)
	mustSubscribe(t, sub, "b", got["other node"].handle)

	if err := pub.Publish(t.Context(), "b", []byte("before")); err != nil {
		t.Fatal(err)
	}
	for name, in := range got {
		if !in.waitFor(func(m string) bool { return m == "before" }) {
			t.Fatalf("%s: no message before the restart", name)
		}
	}

	stop()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	if err := sub.Ping(ctx); err == nil {
		t.Error("Ping with Redis down returned no error")
	}
	cancel()
	restart()
	start := time.Now()

	// Publish until a message gets through: the first ones after the
	// restart may find the links still broken.
	var arrived atomic.Bool
	go func() {
		for _, in := range got {
			in.waitFor(func(m string) bool { return strings.HasPrefix(m, "after ") })
		}
		arrived.Store(true)
	}()
	ticker := time.NewTicker(50 * time.Millisecond)
	defer ticker.Stop()
	for i := 0; !arrived.Load(); i++ {
		if time.Since(start) > wait {
			t.Fatalf("no message got through within %v of the restart; stats: publisher %+v, other %+v",
				wait, pub.Stats(), sub.Stats())
		}
		pub.Publish(t.Context(), "b", []byte("after "+strconv.Itoa(i))) // fails while the links are down
		<-ticker.C
	}
	t.Logf("delivery resumed %v after the restart", time.Since(start).Round(time.Millisecond))
	if err := sub.Ping(t.Context()); err != nil {
		t.Errorf("Ping after the restart: %v", err)
	}
	for _, node := range []*redisbus.Bus{pub, sub} {
		if s := node.Stats(); s.Resubscribed == 0 {
			t.Errorf("Stats = %+v: no resubscription counted", s)
		}
	}
}

// TestSubscribeWhileDown subscribes while Redis is down, which fails at once
// and leaves nothing behind, and again once it is back.
func TestSubscribeWhileDown(t *testing.T) {
	url, restart, stop := redistest.Start(t)
	prefix := redistest.Prefix(t)
	pub := mustOpen(t, url, redisbus.WithPrefix(prefix))
	sub := mustOpen(t, url, redisbus.WithPrefix(prefix), redisbus.WithSubscribeTimeout(2*time.Second))

	stop()
	start := time.Now()
	if cancel, err := sub.Subscribe(t.Context(), "b", func([]byte) {}); err == nil {
		cancel()
		t.Fatal("Subscribe with Redis down returned no error")
	} else {
		t.Logf("Subscribe with Redis down: %v (after %v)", err, time.Since(start).Round(time.Millisecond))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Subscribe with Redis down took %v", d)
	}
	restart()

	in := newInbox()
	deadline := time.Now().Add(wait)
	for {
		_, err := sub.Subscribe(t.Context(), "b", in.handle)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Subscribe after the restart: %v", err)
		}
		t.Logf("Subscribe right after the restart: %v", err)
		time.Sleep(50 * time.Millisecond) // pace the retries
	}
	if err := pub.Publish(t.Context(), "b", []byte("hello")); err != nil {
		// The publisher's pooled connections died with the server;
		// go-redis retries on a new one, so this should not fail.
		t.Fatalf("Publish after the restart: %v", err)
	}
	if !in.waitFor(func(m string) bool { return m == "hello" }) {
		t.Fatal("no message after subscribing again")
	}
	numsub := admin(t, url).PubSubNumSub(t.Context(), prefix+"b").Val()[prefix+"b"]
	if numsub != 1 {
		t.Errorf("PUBSUB NUMSUB = %d, want 1", numsub)
	}
}

// TestOnePubSubPerNode checks what Redis sees: one subscriber connection per
// node, one subscription per board and node however many local handlers
// the board has, and none once they are cancelled.
func TestOnePubSubPerNode(t *testing.T) {
	const boards = 50
	url, _, _ := redistest.Start(t)
	prefix := redistest.Prefix(t)
	name := strings.NewReplacer(":", "-").Replace(strings.TrimSuffix(prefix, ":"))
	withName := func(node int) string {
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		return fmt.Sprintf("%s%sclient_name=%s-%d", url, sep, name, node)
	}
	nodes := []*redisbus.Bus{
		mustOpen(t, withName(1), redisbus.WithPrefix(prefix)),
		mustOpen(t, withName(2), redisbus.WithPrefix(prefix)),
	}
	rdb := admin(t, url)
	ctx := t.Context()

	channels := make([]string, boards)
	cancels := make([][]func(), len(nodes))
	for i := range boards {
		board := fmt.Sprintf("board-%d", i)
		channels[i] = prefix + board
		handlers := 1
		if i%5 == 0 {
			handlers = 3 // several handlers of one board on one node
		}
		for range handlers {
			cancel, err := nodes[0].Subscribe(ctx, board, func([]byte) {})
			if err != nil {
				t.Fatal(err)
			}
			cancels[0] = append(cancels[0], cancel)
		}
	}
	// Subscribe waits for Redis's confirmation, so Redis knows already.
	checkChannels(t, rdb, prefix, channels, 1)
	checkSubscriberConns(t, rdb, name+"-1", boards)

	for i := range boards {
		cancel, err := nodes[1].Subscribe(ctx, fmt.Sprintf("board-%d", i), func([]byte) {})
		if err != nil {
			t.Fatal(err)
		}
		cancels[1] = append(cancels[1], cancel)
	}
	checkChannels(t, rdb, prefix, channels, 2)
	checkSubscriberConns(t, rdb, name+"-2", boards)

	for _, cancel := range cancels[0] {
		cancel()
	}
	waitFor(t, "node 1's UNSUBSCRIBEs", func() bool {
		n := rdb.PubSubNumSub(ctx, channels...).Val()
		for _, ch := range channels {
			if n[ch] != 1 {
				return false
			}
		}
		return true
	})
	checkSubscriberConns(t, rdb, name+"-1", 0)
	for _, cancel := range cancels[1] {
		cancel()
	}
	waitFor(t, "node 2's UNSUBSCRIBEs", func() bool {
		return len(rdb.PubSubChannels(ctx, prefix+"*").Val()) == 0
	})
	checkSubscriberConns(t, rdb, name+"-2", 0)
}

// checkChannels checks that Redis has exactly the given channels under the
// prefix, each with the given number of subscribers.
func checkChannels(t *testing.T, rdb *redis.Client, prefix string, want []string, subscribers int64) {
	t.Helper()
	got, err := rdb.PubSubChannels(t.Context(), prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("PUBSUB CHANNELS %s* lists %d channels, want %d", prefix, len(got), len(want))
	}
	n, err := rdb.PubSubNumSub(t.Context(), want...).Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range want {
		if n[ch] != subscribers {
			t.Errorf("PUBSUB NUMSUB %s = %d, want %d", ch, n[ch], subscribers)
		}
	}
}

// checkSubscriberConns checks that of the connections named name, exactly
// one is subscribed to channels, to the given number of them (or none is,
// when the number is 0).
func checkSubscriberConns(t *testing.T, rdb *redis.Client, name string, channels int) {
	t.Helper()
	list, err := rdb.ClientList(t.Context()).Result()
	if err != nil {
		t.Fatal(err)
	}
	var subscribed []string
	var conns int
	for line := range strings.Lines(list) {
		fields := map[string]string{}
		for f := range strings.FieldsSeq(line) {
			k, v, _ := strings.Cut(f, "=")
			fields[k] = v
		}
		if fields["name"] != name {
			continue
		}
		conns++
		if fields["sub"] != "0" {
			subscribed = append(subscribed, fields["sub"])
		}
	}
	switch {
	case conns == 0:
		t.Errorf("CLIENT LIST has no connection named %s", name)
	case channels == 0 && len(subscribed) != 0:
		t.Errorf("connections of %s subscribed to %v channels, want none", name, subscribed)
	case channels > 0 && (len(subscribed) != 1 || subscribed[0] != strconv.Itoa(channels)):
		t.Errorf("connections of %s subscribed to %v channels, want one connection with %d", name, subscribed, channels)
	}
}

// TestSlowHandler blocks one handler: its queue fills and the rest is
// dropped and counted, while another handler of the same board and a
// handler of another board, on the same node, get every message.
func TestSlowHandler(t *testing.T) {
	const queue, n = 4, 50
	url, _, _ := redistest.Start(t)
	prefix := redistest.Prefix(t)
	pub := mustOpen(t, url, redisbus.WithPrefix(prefix))
	node := mustOpen(t, url, redisbus.WithPrefix(prefix), redisbus.WithQueueSize(queue))

	release := make(chan struct{})
	var releaseOnce sync.Once
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) }) // before Close, which waits for the handler
	entered := make(chan struct{}, 1)
	var slowGot atomic.Int64
	mustSubscribe(t, node, "b", func([]byte) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
		slowGot.Add(1)
	})
	// The fast handlers keep up with a queue of 4 because the publisher
	// waits for each message to reach them.
	fast, other := newInbox(), newInbox()
	mustSubscribe(t, node, "b", fast.handle)
	mustSubscribe(t, node, "other", other.handle)

	for i := range n {
		msg := strconv.Itoa(i)
		if err := pub.Publish(t.Context(), "b", []byte(msg)); err != nil {
			t.Fatal(err)
		}
		if err := pub.Publish(t.Context(), "other", []byte(msg)); err != nil {
			t.Fatal(err)
		}
		if !fast.waitFor(func(m string) bool { return m == msg }) || !other.waitFor(func(m string) bool { return m == msg }) {
			t.Fatalf("message %d did not reach the fast handlers", i)
		}
		if i == 0 {
			<-entered
		}
	}
	// Message 0 is in the slow handler, 1 to 4 in its queue; 5 to 49 were
	// dropped.
	if s := node.Stats(); s.Dropped != n-1-queue || s.Received != 2*n {
		t.Errorf("Stats = %+v, want %d received, %d dropped", s, 2*n, n-1-queue)
	}
	releaseOnce.Do(func() { close(release) })
	waitFor(t, "the slow handler", func() bool { return slowGot.Load() == 1+queue })
	if s := node.Stats(); s.Delivered != 2*n+1+queue {
		t.Errorf("Stats = %+v, want %d delivered", s, 2*n+1+queue)
	}
}

// TestOpenFails checks that Open reports a server that is not there, and a
// malformed URL.
func TestOpenFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if b, err := redisbus.Open(ctx, "redis://127.0.0.1:1/0"); err == nil {
		b.Close()
		t.Error("Open of a closed port returned no error")
	}
	if b, err := redisbus.Open(ctx, "http://127.0.0.1/"); err == nil {
		b.Close()
		t.Error("Open of an http URL returned no error")
	}
}

// BenchmarkFanout measures a message's way from Publish on one node to the
// handler on another, through the Redis server, with 200-byte messages:
// ns/op is the publisher's time per message, and the p50 and p99 latencies
// are from Publish to handler call. "serial" has one publisher; "parallel"
// has GOMAXPROCS publishers on one node.
func BenchmarkFanout(b *testing.B) {
	url, _, _ := redistest.Start(b)
	for _, bc := range []struct {
		name     string
		parallel bool
	}{{"serial", false}, {"parallel", true}} {
		b.Run(bc.name, func(b *testing.B) {
			prefix := redistest.Prefix(b)
			pub := mustOpen(b, url, redisbus.WithPrefix(prefix))
			sub := mustOpen(b, url, redisbus.WithPrefix(prefix))
			base := time.Now()
			lat := make([]time.Duration, 0, b.N)
			var got atomic.Int64
			done := make(chan struct{})
			mustSubscribe(b, sub, "b", func(msg []byte) {
				sent, _ := strconv.ParseInt(string(msg[:20]), 10, 64)
				lat = append(lat, time.Since(base)-time.Duration(sent))
				if got.Add(1) == int64(b.N) {
					close(done)
				}
			})
			var sent atomic.Int64
			publish := func(msg []byte) {
				// Stay well within the subscriber's queue, as a node's
				// real traffic would.
				for sent.Add(1)-got.Load() > redisbus.DefaultQueueSize/2 {
					sent.Add(-1)
					time.Sleep(10 * time.Microsecond)
				}
				copy(msg, fmt.Sprintf("%020d", time.Since(base)))
				if err := pub.Publish(context.Background(), "b", msg); err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			if bc.parallel {
				b.RunParallel(func(pb *testing.PB) {
					msg := make([]byte, 200)
					for pb.Next() {
						publish(msg)
					}
				})
			} else {
				msg := make([]byte, 200)
				for range b.N {
					publish(msg)
				}
			}
			select {
			case <-done:
			case <-time.After(wait):
				b.Fatalf("%d of %d messages arrived; stats %+v", got.Load(), b.N, sub.Stats())
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

func mustOpen(tb testing.TB, url string, opts ...redisbus.Option) *redisbus.Bus {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	b, err := redisbus.Open(ctx, url, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}

func mustSubscribe(tb testing.TB, b *redisbus.Bus, board string, handle func([]byte)) {
	tb.Helper()
	cancel, err := b.Subscribe(context.Background(), board, handle)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(cancel)
}

func admin(t *testing.T, url string) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// waitFor polls ok until it holds, or fails the test after a while. It is
// for state outside the process (what Redis reports), which nothing
// signals.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", wait, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// inbox is a handler that keeps the messages it gets and lets a test wait
// for one.
type inbox struct {
	mu   sync.Mutex
	msgs []string
	wake chan struct{}
}

func newInbox() *inbox { return &inbox{wake: make(chan struct{})} }

func (in *inbox) handle(msg []byte) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.msgs = append(in.msgs, string(msg))
	close(in.wake)
	in.wake = make(chan struct{})
}

// waitFor reports whether a message that satisfies ok has come, or comes
// within the wait.
func (in *inbox) waitFor(ok func(string) bool) bool {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	seen := 0
	for {
		in.mu.Lock()
		msgs, wake := in.msgs[seen:], in.wake
		seen = len(in.msgs)
		in.mu.Unlock()
		for _, m := range msgs {
			if ok(m) {
				return true
			}
		}
		select {
		case <-wake:
		case <-timer.C:
			return false
		}
	}
}
