package load_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/load"
	"github.com/samskap/samskap/server"
)

const token = "load-test-organiser-token-0123"

// startServer runs the real server in-process on a free loopback port;
// configure, if given, sets the hub up instead of the default below.
func startServer(t *testing.T, configure ...func(*server.Hub)) string {
	t.Helper()
	m := server.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.OrganiserToken = token
	m.Config.LogLevel = "error"
	m.Stdout, m.Stderr = io.Discard, io.Discard
	// The tool's clients share the test process and two cores with the
	// race detector: a pause of seconds there is the machine, not a slow
	// reader, and a cut reader resumes by snapshot, so the events between
	// count as missing. The server's own tests cover the slow-reader cut.
	m.ConfigureHub = func(h *server.Hub) { h.SlowAfter = time.Minute }
	if len(configure) > 0 {
		m.ConfigureHub = configure[0]
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m.URL()
}

// run plays cfg and logs the tool's report, which it returns with the result.
func run(t *testing.T, cfg load.Config) (*load.Result, string) {
	t.Helper()
	res, err := load.Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	res.Print(&out)
	t.Log(out.String())
	return res, out.String()
}

func smallConfig(url, scenario string) load.Config {
	cfg := load.DefaultConfig()
	cfg.URLs, cfg.Token, cfg.Scenario = url, token, scenario
	cfg.Clients, cfg.Boards = 20, 2
	cfg.Rates = []float64{100}
	cfg.Duration, cfg.Settle, cfg.Drain = 2*time.Second, 200*time.Millisecond, 3*time.Second
	cfg.Timeout = 30 * time.Second
	cfg.Quiet = true
	return cfg
}

// TestFanoutEndToEnd plays the workload against the real server: every op
// is acked, every other client of the board receives it exactly once, in
// seq order, and nothing is refused or lost.
func TestFanoutEndToEnd(t *testing.T) {
	url := startServer(t)
	cfg := smallConfig(url, load.ScenarioFanout)
	cfg.Cursors = 20
	res, _ := run(t, cfg)
	if len(res.Steps) != 1 {
		t.Fatalf("%d steps", len(res.Steps))
	}
	s := res.Steps[0]
	const room = 10
	if s.OpsSent != 200 || s.OpsAcked != s.OpsSent || s.OpsRefused != 0 || s.OpsNotSent != 0 {
		t.Errorf("ops: sent %d acked %d refused %d not sent %d, want 200 all acked", s.OpsSent, s.OpsAcked, s.OpsRefused, s.OpsNotSent)
	}
	if want := s.OpsAcked * (room - 1); s.Deliveries != want || s.ExpectedDeliveries != want || s.MissingDeliveries != 0 {
		t.Errorf("deliveries %d (expected %d, missing %d), want %d = ops x (room - 1)", s.Deliveries, s.ExpectedDeliveries, s.MissingDeliveries, want)
	}
	if s.Ack.Count != s.OpsAcked || s.Delivery.Count != s.Deliveries || s.Ack.P50 <= 0 || s.Delivery.Max < s.Delivery.P50 {
		t.Errorf("latency: ack %+v delivery %+v", s.Ack, s.Delivery)
	}
	ck := res.Checks
	if ck.Gaps != 0 || ck.SkippedSeqs != 0 || ck.Repeats != 0 || ck.StaleClients != 0 || ck.ParseErrors != 0 || ck.ConnectedAtEnd != 20 {
		t.Errorf("checks %+v", ck)
	}
	if len(res.Errors) != 0 || len(res.Disconnects) != 0 {
		t.Errorf("errors %v disconnects %v", res.Errors, res.Disconnects)
	}
	if s.CursorsSent == 0 || s.CursorFrames == 0 {
		t.Errorf("cursors sent %d, cursor frames received %d", s.CursorsSent, s.CursorFrames)
	}
	if len(s.Servers) != 1 || !s.Servers[0].OK || s.Servers[0].Committed < float64(s.OpsAcked) {
		t.Errorf("server metrics %+v", s.Servers)
	}
}

// TestReconnectEndToEnd drops all but one client per board and checks that
// each resumes with exactly the events it missed.
func TestReconnectEndToEnd(t *testing.T) {
	url := startServer(t)
	cfg := smallConfig(url, load.ScenarioReconnect)
	cfg.Rates = []float64{60} // two senders (one kept per board), 30/s each
	cfg.Duration = 1500 * time.Millisecond
	cfg.DropDelay = 300 * time.Millisecond
	res, _ := run(t, cfg)
	st := res.Storm
	if st == nil || st.Dropped != 18 || st.Resumed != 18 || st.AllResumedSec < 0.3 || st.Inexact != 0 {
		t.Fatalf("storm %+v", st)
	}
	if st.Replays != 18 || st.MissedEvents == 0 {
		t.Errorf("want 18 replays of what was missed: %+v", st)
	}
	// The server's figures per resume: every resume was sent at least its
	// welcome and what it missed.
	if v := st.Server; v == nil || v.Resumes < 18 || v.Messages < 2 || v.Frames <= 0 || v.Mallocs <= 0 || v.AllocatedKB <= 0 {
		t.Errorf("server per resume %+v", v)
	}
	ck := res.Checks
	if ck.Gaps != 0 || ck.Repeats != 0 || ck.StaleClients != 0 || ck.ConnectedAtEnd != 20 {
		t.Errorf("checks %+v", ck)
	}
	if s := res.Steps[0]; s.OpsAcked != s.OpsSent || s.OpsSent == 0 {
		t.Errorf("ops sent %d acked %d", s.OpsSent, s.OpsAcked)
	}
	if len(res.Errors) != 0 {
		t.Errorf("errors %v", res.Errors)
	}
}

// TestVotesEndToEnd mixes dot votes into the workload: a facilitator per
// board opens a vote, participants cast and take back dots. Others' votes
// never reach a participant, so their seqs are skipped, and every skip
// must be such a vote.
func TestVotesEndToEnd(t *testing.T) {
	url := startServer(t)
	cfg := smallConfig(url, load.ScenarioFanout)
	cfg.Mix = load.Mix{Create: 10, Edit: 20, Move: 30, Vote: 40}
	res, _ := run(t, cfg)
	s := res.Steps[0]
	if s.OpsSent != 200 || s.OpsAcked != s.OpsSent {
		t.Errorf("ops sent %d acked %d", s.OpsSent, s.OpsAcked)
	}
	ck := res.Checks
	if ck.Gaps != 0 || ck.SkippedSeqs == 0 || ck.Repeats != 0 || ck.StaleClients != 0 || ck.ConnectedAtEnd != 22 {
		t.Errorf("checks %+v", ck)
	}
	if s.MissingDeliveries != 0 || s.ExtraDeliveries != 0 || len(res.Errors) != 0 {
		t.Errorf("missing %d extra %d errors %v", s.MissingDeliveries, s.ExtraDeliveries, res.Errors)
	}
}

// TestSlowEndToEnd stops two clients reading at once, one on each board,
// as the outside harness's slow receivers do: the tool sees each cut
// (gone from the presence its board's others get), each resume, and
// each end at its board's head with no gap.
func TestSlowEndToEnd(t *testing.T) {
	// A short allowance, so the stopped readers are cut within the step;
	// a reader of this test process that a busy machine holds up may be
	// cut too, and resumes like any other.
	url := startServer(t, func(h *server.Hub) { h.SlowAfter = 500 * time.Millisecond })
	cfg := smallConfig(url, load.ScenarioSlow)
	cfg.SlowClients = 2
	cfg.SlowRcvBuf = 4096
	cfg.Duration = 10 * time.Second
	cfg.Timeout = time.Minute
	res, out := run(t, cfg)
	s := res.Slow
	if s == nil || s.Clients != 2 || len(s.CutAfterAll) != 2 || s.CutAfterSec <= 0 || s.Resumed != 2 || s.ResumedSec < 0 {
		t.Fatalf("slow %+v, want both cut and both resumed", s)
	}
	if !s.AllAtHead || s.SlowGaps != 0 {
		t.Errorf("slow %+v, want both at their board's head with no gap", s)
	}
	if !strings.Contains(out, "slow consumers (2, one a board)") {
		t.Errorf("the report does not say how many were slow:\n%s", out)
	}
	// One slow client a board at most.
	cfg.SlowClients = 3
	if _, err := load.Run(context.Background(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "-slow-clients 3") {
		t.Errorf("three slow clients on two boards: %v, want a refusal", err)
	}
}
