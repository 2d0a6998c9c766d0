package server

import (
	"testing"
	"time"
)

func TestCoarseDeadline(t *testing.T) {
	base := time.Unix(1000, 0)
	cases := []struct {
		name      string
		set, want time.Time
		ok        bool
	}{
		{"none set yet", time.Time{}, base, true},
		{"set deadline is earlier than wanted: never cut early", base.Add(-time.Millisecond), base, true},
		{"set deadline a little later: kept", base.Add(100 * time.Millisecond), base, false},
		{"set deadline exactly as wanted: kept", base, base, false},
		{"set deadline far later: reset", base.Add(2 * deadlineSlack), base, true},
	}
	for _, tc := range cases {
		got, ok := coarseDeadline(tc.set, tc.want)
		if ok != tc.ok {
			t.Errorf("%s: reset = %v, want %v", tc.name, ok, tc.ok)
		}
		if got.Before(tc.want) || got.Sub(tc.want) >= 2*deadlineSlack {
			t.Errorf("%s: deadline %v is outside [want, want+%v)", tc.name, got.Sub(tc.want), 2*deadlineSlack)
		}
	}
	// A busy connection: the wanted deadline moves forward 20 ms a frame;
	// the socket's is set about once per deadlineSlack, not per frame.
	var set time.Time
	sets := 0
	for i := 0; i < 500; i++ {
		want := base.Add(time.Duration(i) * 20 * time.Millisecond)
		d, ok := coarseDeadline(set, want)
		if ok {
			sets++
			set = d
		}
		if set.Before(want) {
			t.Fatalf("frame %d: deadline before the wanted one", i)
		}
	}
	if sets > 40 {
		t.Errorf("%d deadlines set for 500 frames over 10 s; want about one per %v", sets, deadlineSlack)
	}
}
