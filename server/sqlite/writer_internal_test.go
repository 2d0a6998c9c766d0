package sqlite

import (
	"context"
	"path/filepath"
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
