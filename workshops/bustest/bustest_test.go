package bustest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/bustest"
)

// brokenEnv names, in a child test process, the fault that TestFake's bus
// should have.
const brokenEnv = "BUSTEST_FAKE_BROKEN"

// TestFake runs the suite against a small bus of its own: it passes, or,
// in a child process started by TestSuiteCatches, fails as it should.
func TestFake(t *testing.T) {
	broken := os.Getenv(brokenEnv)
	bustest.Run(t, func(t *testing.T, n int) []workshops.Bus {
		be := &fakeBackend{broken: broken}
		nodes := make([]workshops.Bus, n)
		for i := range nodes {
			node := &fakeBus{be: be}
			t.Cleanup(func() { node.Close() })
			nodes[i] = node
		}
		return nodes
	})
}

// TestSuiteCatches runs the suite against buses with one fault each, in a
// child process, and checks that the subtest meant for that fault fails.
func TestSuiteCatches(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("in a child process")
	}
	for _, tc := range []struct {
		broken, subtest string
		slow            bool // fails by timeout
	}{
		{"noself", "FanOut", true},
		{"nocopy", "PublisherReusesBuffer", false},
		{"prefix", "BoardsApart", false},
		{"nocancel", "Cancel", false},
		{"reorder", "PublisherOrder", false},
		{"lazysub", "SubscribeThenPublish", true},
		{"noclose", "Close", false},
	} {
		t.Run(tc.broken, func(t *testing.T) {
			if tc.slow && testing.Short() {
				t.Skip("fails by timeout; skipped in -short")
			}
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestFake$/^"+tc.subtest+"$", "-test.v")
			cmd.Env = append(os.Environ(), brokenEnv+"="+tc.broken)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the suite passed a bus with fault %q (err %v):\n%s", tc.broken, err, out)
			}
			// The child runs that subtest alone, so any failure is its own:
			// a "--- FAIL" line, or a panic when a handler reports the fault
			// after the subtest has ended (which happens under load).
			// Under the race detector a fault that shares a buffer may
			// also show as a data race, which ends the child the same way.
			if o := string(out); !strings.Contains(o, "FAIL") && !strings.Contains(o, "panic:") && !strings.Contains(o, "DATA RACE") {
				t.Fatalf("subtest %s did not fail on fault %q:\n%s", tc.subtest, tc.broken, out)
			}
		})
	}
}

// fakeBackend is the shared broker of fakeBus nodes: a correct Bus unless
// broken names a fault.
type fakeBackend struct {
	broken string

	mu   sync.Mutex
	subs []*fakeSub
}

type fakeBus struct {
	be     *fakeBackend
	closed bool // guarded by be.mu
}

type fakeSub struct {
	node  *fakeBus
	board string
	ch    chan []byte
	done  chan struct{}
	once  sync.Once
}

func (b *fakeBus) Publish(ctx context.Context, boardID string, msg []byte) error {
	b.be.mu.Lock()
	defer b.be.mu.Unlock()
	if b.closed && b.be.broken != "noclose" {
		return errors.New("closed")
	}
	for _, s := range b.be.subs {
		match := s.board == boardID
		if b.be.broken == "prefix" {
			match = strings.HasPrefix(s.board, boardID)
		}
		if !match || (b.be.broken == "noself" && s.node == b) {
			continue
		}
		m := append([]byte(nil), msg...)
		if b.be.broken == "nocopy" {
			m = msg
		}
		if b.be.broken == "reorder" {
			go func() { s.ch <- m }()
			continue
		}
		s.ch <- m // the queue is large enough for the suite
	}
	return nil
}

func (b *fakeBus) Subscribe(ctx context.Context, boardID string, handle func(msg []byte)) (func(), error) {
	b.be.mu.Lock()
	defer b.be.mu.Unlock()
	if b.closed && b.be.broken != "noclose" {
		return nil, errors.New("closed")
	}
	s := &fakeSub{node: b, board: boardID, ch: make(chan []byte, 4096), done: make(chan struct{})}
	if b.be.broken == "lazysub" {
		go func() {
			time.Sleep(time.Millisecond)
			b.be.mu.Lock()
			b.be.subs = append(b.be.subs, s)
			b.be.mu.Unlock()
		}()
	} else {
		b.be.subs = append(b.be.subs, s)
	}
	go func() {
		for {
			select {
			case <-s.done:
				return
			case m := <-s.ch:
				handle(m)
			}
		}
	}()
	cancel := func() {
		if b.be.broken == "nocancel" {
			return
		}
		b.be.mu.Lock()
		defer b.be.mu.Unlock()
		b.be.remove(s)
	}
	return cancel, nil
}

// remove takes s off the backend; the caller holds be.mu.
func (be *fakeBackend) remove(s *fakeSub) {
	for i, x := range be.subs {
		if x == s {
			be.subs = append(be.subs[:i:i], be.subs[i+1:]...)
			break
		}
	}
	s.once.Do(func() { close(s.done) })
}

func (b *fakeBus) Ping(ctx context.Context) error {
	b.be.mu.Lock()
	defer b.be.mu.Unlock()
	if b.closed && b.be.broken != "noclose" {
		return errors.New("closed")
	}
	return nil
}

func (b *fakeBus) Close() error {
	b.be.mu.Lock()
	defer b.be.mu.Unlock()
	b.closed = true
	if b.be.broken == "noclose" {
		return nil
	}
	for _, s := range append([]*fakeSub(nil), b.be.subs...) {
		if s.node == b {
			b.be.remove(s)
		}
	}
	return nil
}
