package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// A job that fails after it has written must not be committed half way: the
// writer fails its whole group, and the other jobs must not be told the
// failed job's code.
func TestJobFailingAfterWriteFailsGroup(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "samskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	held, gate := make(chan struct{}), make(chan struct{})
	first := true
	s.SetBeforeCommit(func() {
		if first {
			first = false
			close(held)
			<-gate
		}
	})
	holdErr := make(chan error, 1)
	go func() { holdErr <- s.Append(ctx, "hold", storetest.Script(1), nil) }()
	<-held

	good, bad := make(chan error, 1), make(chan error, 1)
	go func() { good <- s.Append(ctx, "good", storetest.Script(2), nil) }()
	waitQueued(t, s, 1)
	go func() {
		bad <- s.do(ctx, 1, func(t *tx) error {
			if _, err := t.exec(s.insertEvent, "bad", 1, "op", "", 0, `{"kind":"x"}`); err != nil {
				return err
			}
			return workshops.Errorf(workshops.ECONFLICT, "refused after writing")
		})
	}()
	waitQueued(t, s, 2)
	close(gate)

	if err := <-holdErr; err != nil {
		t.Fatalf("held write: %v", err)
	}
	for name, errc := range map[string]chan error{"good": good, "bad": bad} {
		if err := <-errc; err == nil || workshops.ErrorCode(err) == workshops.ECONFLICT {
			t.Errorf("%s job: %v, want a failure that is not a conflict", name, err)
		}
	}
	for _, board := range []string{"good", "bad"} {
		if got := storetest.MustEvents(t, s, board, 0, 10); len(got) != 0 {
			t.Errorf("board %s holds %d events after the failed group", board, len(got))
		}
	}
	// The writer goes on.
	storetest.MustAppend(t, s, "good", storetest.Script(2), nil)
}

func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); s.Queued() < n; time.Sleep(100 * time.Microsecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", s.Queued(), n)
		}
	}
}

// A caller whose context ends while the writer runs its job waits for the
// job's outcome: the job may set the caller's variables (DeleteSessions'
// count did), and must never do so after its caller has returned (the
// race detector caught the sweep's DeleteSessions reading its count while
// the writer still wrote it, the server shutting down). A job still queued
// when its caller gives up is never run.
func TestCallerWaitsForTheJobTheWriterTook(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "samskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	running, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	defer letGo() // before Close: the writer must finish the job
	var set int   // written by the job, read by the caller
	result := make(chan error, 1)
	go func() {
		err := s.do(ctx, 1, func(*tx) error {
			close(running)
			<-release
			set = 1
			return nil
		})
		if err == nil && set != 1 {
			err = context.DeadlineExceeded // impossible: the job had run
		}
		result <- err
	}()
	<-running
	cancel()
	// The caller must not come back while its job runs. (Before, it came
	// back at once with context.Canceled; a slow machine can only make
	// this pass without showing anything, never fail.)
	select {
	case err := <-result:
		t.Fatalf("the caller came back while the writer ran its job: %v", err)
	case <-time.After(time.Second):
	}
	letGo()
	if err := <-result; err != nil {
		t.Fatalf("the job ran and committed, so its caller gets its outcome: %v, want nil", err)
	}

	// Given up while queued: never run.
	held, gate := make(chan struct{}), make(chan struct{})
	s.SetBeforeCommit(func() { close(held); <-gate; s.SetBeforeCommit(nil) })
	go s.do(context.Background(), 1, func(*tx) error { return nil }) // holds the writer before its transaction
	<-held
	ctx2, cancel2 := context.WithCancel(context.Background())
	ran := make(chan struct{}, 1)
	queued := make(chan error, 1)
	go func() { queued <- s.do(ctx2, 1, func(*tx) error { ran <- struct{}{}; return nil }) }()
	waitQueued(t, s, 1)
	cancel2()
	if err := <-queued; err != context.Canceled {
		t.Fatalf("given up while queued: %v, want context.Canceled", err)
	}
	close(gate)
	// A write after it goes through the same writer, so once it is done
	// the dropped job would have run if it were going to.
	if err := s.do(context.Background(), 1, func(*tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
		t.Fatal("a job given up while queued ran")
	default:
	}
}
