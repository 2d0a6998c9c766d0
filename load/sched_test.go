package load

import (
	"context"
	"testing"
	"time"
)

func TestSchedulePlan(t *testing.T) {
	start := time.Unix(1000, 0)
	s := NewSchedule(1000, start, 2*time.Second)
	if s.Count != 2000 {
		t.Fatalf("count %d", s.Count)
	}
	if got := s.Planned(0); !got.Equal(start) {
		t.Fatalf("op 0 at %v", got)
	}
	if got := s.Planned(1500); !got.Equal(start.Add(1500 * time.Millisecond)) {
		t.Fatalf("op 1500 at %v", got)
	}
	for _, c := range []struct {
		at   time.Duration
		want int64
	}{{-time.Second, 0}, {0, 1}, {999 * time.Microsecond, 1}, {time.Millisecond, 2}, {time.Second, 1001}, {time.Hour, 2000}} {
		if got := s.Due(start.Add(c.at)); got != c.want {
			t.Errorf("due at %v: %d, want %d", c.at, got, c.want)
		}
	}
}

// TestScheduleIsOpenLoop: ops leave at their planned times whatever
// happens to earlier ones (nobody ever answers here); when the dispatcher
// is held up, the overdue ops go at once and the later ones keep their
// times, so the rate over the run is the planned one.
func TestScheduleIsOpenLoop(t *testing.T) {
	const rate = 500.0
	start := time.Now().Add(20 * time.Millisecond)
	s := NewSchedule(rate, start, 400*time.Millisecond)
	type sent struct{ planned, actual time.Time }
	var got []sent
	n := s.Run(context.Background(), time.Millisecond, func(k int64, planned time.Time) {
		got = append(got, sent{planned, time.Now()})
		if k == 50 {
			time.Sleep(60 * time.Millisecond) // a stall: 30 ops fall due meanwhile
		}
	})
	if n != 200 || len(got) != 200 {
		t.Fatalf("dispatched %d (%d), want 200", n, len(got))
	}
	for k, g := range got {
		if want := s.Planned(int64(k)); !g.planned.Equal(want) {
			t.Fatalf("op %d planned %v, want %v", k, g.planned, want)
		}
		if g.actual.Before(g.planned) {
			t.Fatalf("op %d left %v before its time", k, g.planned.Sub(g.actual))
		}
	}
	// The ops due during the stall left together right after it...
	if lag := got[60].actual.Sub(got[60].planned); lag < 30*time.Millisecond {
		t.Errorf("op 60 was due during the stall but left only %v late", lag)
	}
	// ...and the schedule did not shift: the last op left near its time.
	if lag := got[199].actual.Sub(got[199].planned); lag > 30*time.Millisecond {
		t.Errorf("the last op left %v late: the stall shifted the schedule", lag)
	}
	if total := got[199].actual.Sub(start); total < 390*time.Millisecond || total > 450*time.Millisecond {
		t.Errorf("200 ops at 500/s took %v", total)
	}
}

func TestScheduleStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	s := NewSchedule(100, time.Now(), time.Hour)
	n := s.Run(ctx, time.Millisecond, func(int64, time.Time) {})
	if n < 3 || n > 10 {
		t.Fatalf("dispatched %d in 50ms at 100/s", n)
	}
}

// TestSpreadKeepsEachSenderUnderItsLimit: round robin gives each sender an
// op exactly every senders/rate seconds, so no one-second window holds more
// than the per-sender rate (+1 for the window's edge).
func TestSpreadKeepsEachSenderUnderItsLimit(t *testing.T) {
	const rate, limit = 10_000.0, 50.0
	senders := SendersNeeded(rate, limit)
	if senders != 200 {
		t.Fatalf("senders %d, want 200", senders)
	}
	s := NewSchedule(rate, time.Unix(0, 0), 3*time.Second)
	times := make([][]time.Time, senders)
	for k := int64(0); k < s.Count; k++ {
		i := Spread(k, senders)
		times[i] = append(times[i], s.Planned(k))
	}
	for i, ts := range times {
		for j := 1; j < len(ts); j++ {
			if gap := ts[j].Sub(ts[j-1]); gap < 19*time.Millisecond || gap > 21*time.Millisecond {
				t.Fatalf("sender %d: ops %v apart, want 20ms", i, gap)
			}
		}
		for j := range ts {
			end := ts[j].Add(time.Second)
			n := 0
			for _, t2 := range ts[j:] {
				if t2.Before(end) {
					n++
				}
			}
			if float64(n) > limit+1 {
				t.Fatalf("sender %d: %d ops in one second", i, n)
			}
		}
	}
	if SendersNeeded(0, limit) != 0 || SendersNeeded(51, 50) != 2 {
		t.Fatal("SendersNeeded rounds wrong")
	}
}
