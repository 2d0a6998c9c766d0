package load_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/load"
)

// TestHarnessAgainstServerAndHub runs the harness's shape against the real
// server and the broadcast hub, both in-process: every planned edit reaches
// every other person of its room on both, in order on Samskap, and the
// ratios are computed from the two. (Timings are not checked: that is what
// the tool measures.)
func TestHarnessAgainstServerAndHub(t *testing.T) {
	url := startServer(t)
	hub := httptest.NewServer(load.NewBroadcastHub())
	t.Cleanup(hub.Close)
	cfg := load.HarnessConfig{SamskapURL: url, Token: token, HubURL: hub.URL, Clients: 40, Boards: 2,
		Rates: []float64{380, 3000}, TextBytes: 200, Duration: 2 * time.Second, Settle: 100 * time.Millisecond,
		Drain: 10 * time.Second, Rounds: 1, PerPublisher: 55}
	res, err := load.RunHarness(context.Background(), cfg, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	res.Print(&out)
	t.Log(out.String())
	if len(res.Steps) != 4 {
		t.Fatalf("%d steps, want 2 rates x 2 targets", len(res.Steps))
	}
	for _, s := range res.Steps {
		if s.Missing != 0 || s.Errors != 0 || s.Gaps != 0 || s.Latency.Count == 0 {
			t.Errorf("%s at %.0f/s: %d missing, %d errors, %d gaps, %d timed", s.Target, s.Rate, s.Missing, s.Errors, s.Gaps, s.Latency.Count)
		}
		// 3,000 deliveries a second in rooms of 20 is 79 ops a second a
		// room: two publishers each.
		if want := map[float64]int{380: 2, 3000: 4}[s.Rate]; s.Publishers != want {
			t.Errorf("%s at %.0f/s: %d publishers, want %d", s.Target, s.Rate, s.Publishers, want)
		}
		if s.Target == "samskap" && s.Ack.Count == 0 {
			t.Errorf("no acks timed on Samskap")
		}
	}
	if len(res.Ratios) != 2 || res.Ratios[0].P50Ratio <= 0 || res.Ratios[1].CPURatio <= 0 {
		t.Errorf("ratios %+v", res.Ratios)
	}
}
