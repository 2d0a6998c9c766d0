package load_test

import (
	"testing"

	"github.com/samskap/samskap/load"
)

// TestCanvasOpsEndToEnd runs the canvas ops of the mix (multi-moves,
// comments, reactions, connectors) against the real server: every op is
// acknowledged (none refused), and reaches everyone in its room exactly
// once.
func TestCanvasOpsEndToEnd(t *testing.T) {
	url := startServer(t)
	cfg := smallConfig(url, load.ScenarioFanout)
	cfg.Mix = load.Mix{Create: 20, Move: 20, Batch: 15, Comment: 15, React: 15, Connect: 15}
	res, _ := run(t, cfg)
	s := res.Steps[0]
	if s.OpsSent != 200 || s.OpsAcked != s.OpsSent {
		t.Errorf("ops sent %d acked %d", s.OpsSent, s.OpsAcked)
	}
	ck := res.Checks
	if ck.Gaps != 0 || ck.Repeats != 0 || ck.StaleClients != 0 {
		t.Errorf("checks %+v", ck)
	}
	if s.MissingDeliveries != 0 || s.ExtraDeliveries != 0 || len(res.Errors) != 0 {
		t.Errorf("missing %d extra %d errors %v", s.MissingDeliveries, s.ExtraDeliveries, res.Errors)
	}
}
