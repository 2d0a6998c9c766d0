package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// TestGroupCommitKeepsEachAppendsOutcome: Appends of many boards at once
// are committed in groups; one of them that must fail (a snapshot at a seq
// that has one) fails alone with its own error, stores nothing, and every
// other is stored whole.
func TestGroupCommitKeepsEachAppendsOutcome(t *testing.T) {
	s := MustOpen(t, pgtest.NewSchemaURL(t))
	ctx := context.Background()
	script := storetest.Script(5)
	if err := s.Append(ctx, "x", script[:3], &workshops.Snapshot{BoardID: "x", Seq: 3, State: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		const n = 40
		errs := make([]error, n)
		var bad error
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = s.Append(ctx, fmt.Sprintf("r%d-b%d", round, i), storetest.Script(2), nil)
			})
		}
		wg.Go(func() {
			<-start
			bad = s.Append(ctx, "x", script[3:], &workshops.Snapshot{BoardID: "x", Seq: 3, State: []byte(`{}`)})
		})
		close(start)
		wg.Wait()
		if workshops.ErrorCode(bad) != workshops.ECONFLICT {
			t.Fatalf("round %d: the conflicting Append returned %v, want ECONFLICT", round, bad)
		}
		if got := storetest.MustEvents(t, s, "x", 0, 10); len(got) != 3 {
			t.Fatalf("round %d: board x holds %d events after its refused Append, want 3", round, len(got))
		}
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: Append %d: %v", round, i, err)
			}
			storetest.CheckEvents(t, storetest.MustEvents(t, s, fmt.Sprintf("r%d-b%d", round, i), 0, 10), storetest.Script(2))
		}
	}
}
