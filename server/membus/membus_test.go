package membus_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samskap/samskap/server/membus"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/bustest"
)

func TestBus(t *testing.T) {
	bustest.Run(t, func(t *testing.T, n int) []workshops.Bus {
		backend := membus.NewBackend()
		nodes := make([]workshops.Bus, n)
		for i := range nodes {
			node := backend.Node()
			t.Cleanup(func() { node.Close() })
			nodes[i] = node
		}
		return nodes
	})
}

// TestNew checks the single-node bus: its own subscribers get what it
// publishes.
func TestNew(t *testing.T) {
	bus := membus.New()
	t.Cleanup(func() { bus.Close() })
	got := make(chan string, 1)
	if _, err := bus.Subscribe(t.Context(), "b", func(msg []byte) { got <- string(msg) }); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(t.Context(), "b", []byte("hei")); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-got:
		if msg != "hei" {
			t.Errorf("got %q, want %q", msg, "hei")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5s")
	}
	if s := bus.Stats(); s.Published != 1 || s.Delivered != 1 || s.Dropped != 0 {
		t.Errorf("Stats = %+v, want 1 published, 1 delivered, 0 dropped", s)
	}
}

// TestSlowHandler blocks one handler: Publish still returns at once, the
// blocked handler's queue fills and the rest is dropped and counted, and a
// handler of the same board on another node gets everything.
func TestSlowHandler(t *testing.T) {
	const queue, n = 4, 100
	backend := membus.NewBackend()
	slowNode, fastNode, pubNode := backend.Node(membus.WithQueueSize(queue)), backend.Node(), backend.Node()
	for _, node := range []*membus.Bus{slowNode, fastNode, pubNode} {
		t.Cleanup(func() { node.Close() })
	}
	release := make(chan struct{})
	var releaseOnce sync.Once
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) }) // before Close, which waits for the handler

	entered := make(chan struct{}, 1)
	var slowGot atomic.Int64
	slowDone := make(chan struct{}) // closed when the slow handler has had every message it can get
	if _, err := slowNode.Subscribe(t.Context(), "b", func([]byte) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
		if slowGot.Add(1) == 1+queue {
			close(slowDone)
		}
	}); err != nil {
		t.Fatal(err)
	}
	fastDone := make(chan struct{})
	var fastGot atomic.Int64
	if _, err := fastNode.Subscribe(t.Context(), "b", func([]byte) {
		if fastGot.Add(1) == n {
			close(fastDone)
		}
	}); err != nil {
		t.Fatal(err)
	}

	// The first message holds the slow handler; then the queue fills.
	if err := pubNode.Publish(t.Context(), "b", []byte("0")); err != nil {
		t.Fatal(err)
	}
	<-entered
	start := time.Now()
	for i := 1; i < n; i++ {
		if err := pubNode.Publish(t.Context(), "b", fmt.Appendf(nil, "%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("publishing %d messages to a blocked handler took %v", n-1, d)
	}
	select {
	case <-fastDone:
	case <-time.After(5 * time.Second):
		t.Fatalf("the fast handler got %d of %d messages", fastGot.Load(), n)
	}
	if got := slowNode.Stats().Dropped; got != n-1-queue {
		t.Errorf("slow node dropped %d messages, want %d", got, n-1-queue)
	}
	if got := fastNode.Stats().Dropped; got != 0 {
		t.Errorf("fast node dropped %d messages", got)
	}
	releaseOnce.Do(func() { close(release) })
	select {
	case <-slowDone:
	case <-time.After(5 * time.Second):
	}
	if s := slowNode.Stats(); s.Delivered != 1+queue || slowGot.Load() != 1+queue {
		t.Errorf("slow handler got %d messages, Stats = %+v; want %d delivered", slowGot.Load(), s, 1+queue)
	}
	if s := pubNode.Stats(); s.Published != n {
		t.Errorf("publisher Stats = %+v, want %d published", s, n)
	}
}

// TestCancelFromHandler cancels a subscription from its own handler, which
// must not deadlock, and then closes the bus.
func TestCancelFromHandler(t *testing.T) {
	bus := membus.New()
	var cancel func()
	called := make(chan struct{}, 10)
	cancel, err := bus.Subscribe(t.Context(), "b", func([]byte) {
		cancel()
		called <- struct{}{}
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := bus.Publish(t.Context(), "b", []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-called:
	case <-time.After(5 * time.Second):
		t.Fatal("handler not called")
	}
	if err := bus.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(called); n != 0 {
		t.Errorf("handler called %d more times after it cancelled", n)
	}
}

// BenchmarkFanout publishes on one node of an in-process backend and waits
// for every message at a subscriber on another node.
func BenchmarkFanout(b *testing.B) {
	backend := membus.NewBackend()
	pub, sub := backend.Node(), backend.Node()
	defer pub.Close()
	defer sub.Close()
	var got atomic.Int64
	done := make(chan struct{})
	target := int64(b.N)
	if _, err := sub.Subscribe(b.Context(), "b", func([]byte) {
		if got.Add(1) == target {
			close(done)
		}
	}); err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Stay within the queue, as a real publisher's pace would.
		for int64(i)-got.Load() >= membus.DefaultQueueSize/2 {
			time.Sleep(10 * time.Microsecond)
		}
		if err := pub.Publish(b.Context(), "b", msg); err != nil {
			b.Fatal(err)
		}
	}
	<-done
	if d := sub.Stats().Dropped; d != 0 {
		b.Fatalf("%d messages dropped", d)
	}
}
