package load

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

func TestParseFrames(t *testing.T) {
	ev := `{"type":"event","event":{"seq":42,"opId":"Labc-17","actor":"p1","at":1,"op":{"kind":"note.move","note":"n","x":1,"y":2}}}`
	if kindOf([]byte(ev)) != kEvent {
		t.Fatal("event kind")
	}
	seq, id, ok := parseEvent([]byte(ev))
	if !ok || seq != 42 || string(id) != "Labc-17" {
		t.Fatalf("fast event: %d %q %v", seq, id, ok)
	}
	// Another field order takes the slow path.
	slow := `{"event":{"opId":"x","seq":7,"op":{}},"type":"event"}`
	if kindOf([]byte(slow)) != kEvent {
		t.Fatal("slow event kind")
	}
	if seq, id, ok := parseEvent([]byte(slow)); !ok || seq != 7 || string(id) != "x" {
		t.Fatalf("slow event: %d %q %v", seq, id, ok)
	}
	if _, _, ok := parseEvent([]byte(`{"type":"event"}`)); ok {
		t.Fatal("an event without seq parsed")
	}
	id, seq, ok = parseAck([]byte(`{"type":"ack","id":"Labc-3","seq":9}`))
	if !ok || seq != 9 || string(id) != "Labc-3" {
		t.Fatalf("ack: %q %d %v", id, seq, ok)
	}
	if id, seq, ok := parseAck([]byte(`{"seq":9,"id":"q","type":"ack"}`)); !ok || seq != 9 || string(id) != "q" {
		t.Fatalf("slow ack: %q %d %v", id, seq, ok)
	}
	for frame, want := range map[string]frameKind{
		`{"type":"welcome","you":{}}`: kWelcome, `{"type":"snapshot","board":{"seq":3}}`: kSnapshot,
		`{"type":"presence","people":[]}`: kPresence, `{"type":"cursors","cursors":[]}`: kCursors,
		`{"type":"error","code":"x"}`: kError, `{"type":"nonsense"}`: kUnknown, `not json`: kUnknown,
	} {
		if got := kindOf([]byte(frame)); got != want {
			t.Errorf("%s: kind %d, want %d", frame, got, want)
		}
	}
	if s, ok := snapshotSeq([]byte(`{"type":"snapshot","board":{"seq":3,"notes":{}}}`)); !ok || s != 3 {
		t.Fatalf("snapshot seq %d %v", s, ok)
	}
}

func TestOpIDs(t *testing.T) {
	ids := opIDs{prefix: "Lrun1-"}
	if ids.id(12345) != "Lrun1-12345" || string(ids.appendID(nil, 7)) != "Lrun1-7" {
		t.Fatal("id format")
	}
	if n, ok := ids.num([]byte("Lrun1-12345")); !ok || n != 12345 {
		t.Fatalf("num %d %v", n, ok)
	}
	for _, bad := range []string{"", "Lrun1-", "Lrun2-5", "Lrun1-5x", "x", "550e8400-e29b-41d4-a716-446655440000"} {
		if _, ok := ids.num([]byte(bad)); ok {
			t.Errorf("%q taken for one of ours", bad)
		}
	}
	if !workshops.ValidID(ids.id(1 << 40)) {
		t.Fatal("op ids must be valid protocol ids")
	}
}

// TestMessagesAreValidProtocol: every message the tool builds decodes
// strictly as the server decodes it, and texts have the asked length.
func TestMessagesAreValidProtocol(t *testing.T) {
	ids := opIDs{prefix: "Lrun1-"}
	text := noteText(nil, 200, 123)
	if len(text) != 200 || !strings.HasPrefix(string(text), "op 123 ") {
		t.Fatalf("text %q (%d)", text, len(text))
	}
	if got := noteText(nil, 5, 99999); len(got) != 5 {
		t.Fatalf("short text %q", got)
	}
	for _, m := range []outMsg{
		{n: 1, kind: opCreate, note: "nrun-1-0", x: 10, y: 20},
		{n: 2, kind: opEdit, note: "nrun-1-0"},
		{n: 3, kind: opMove, note: "nrun-1-0", x: 3999, y: 0},
		{n: 7, kind: opBatch, notes: []string{"nrun-1-0", "nrun-1-1", "nrun-1-2"}, x: 100, y: 200},
		{n: 8, kind: opComment, note: "nrun-1-0", item: "krun-1-0"},
		{n: 9, kind: opReact, note: "nrun-1-0", on: true},
		{n: 10, kind: opReact, note: "nrun-1-0"},
		{n: 11, kind: opConnect, notes: []string{"nrun-1-0", "nrun-1-1"}, item: "crun-1-0"},
		{n: 4, kind: opVoteCast, note: "nrun-1-0"},
		{n: 5, kind: opVoteRetract, note: "nrun-1-0"},
		{n: 6, kind: opVoteOpen},
	} {
		data := appendOp(nil, ids, m, text, "vrun")
		var msg struct {
			Type string          `json:"type"`
			ID   string          `json:"id"`
			Op   json.RawMessage `json:"op"`
		}
		if err := json.Unmarshal(data, &msg); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if msg.Type != "op" || msg.ID != ids.id(m.n) {
			t.Fatalf("%s: type %q id %q", data, msg.Type, msg.ID)
		}
		op, err := workshops.DecodeOp(msg.Op)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if string(op.Kind) != m.kind.String() {
			t.Fatalf("kind %s, want %s", op.Kind, m.kind)
		}
	}
	var cur map[string]any
	if err := json.Unmarshal(appendCursor(nil, 5, -7), &cur); err != nil || cur["type"] != "cursor" || cur["y"] != -7.0 {
		t.Fatalf("cursor %v %v", cur, err)
	}
}

func TestParseMetrics(t *testing.T) {
	text := `# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 2.5165824e+07
process_cpu_seconds_total 1.25
go_memstats_heap_inuse_bytes 1.2e+07
go_goroutines 42
samskap_connections 10
samskap_fanout_seconds_bucket{le="0.001"} 5
samskap_ops_committed_total 123
samskap_board_step_seconds_bucket{le="0.05"} 7
samskap_board_step_seconds_bucket{le="0.1"} 9
samskap_board_step_seconds_count 10
samskap_presence_queued_total 4
`
	m := parseMetrics(strings.NewReader(text))
	if !m.OK || m.RSS != 25165824 || m.CPU != 1.25 || m.HeapInuse != 12e6 || m.Goroutines != 42 || m.Conns != 10 || m.Committed != 123 {
		t.Fatalf("%+v", m)
	}
	if m.Steps != 10 || m.StepsIn100ms != 9 || m.Presence != 4 {
		t.Fatalf("board steps %v (within 100 ms %v), presence lists %v", m.Steps, m.StepsIn100ms, m.Presence)
	}
}

func TestConfigChecks(t *testing.T) {
	ok := DefaultConfig()
	ok.Token = "t"
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if ok.Timeout <= ok.Duration {
		t.Fatalf("derived timeout %v", ok.Timeout)
	}
	for name, f := range map[string]func(c *Config){
		"remote":     func(c *Config) { c.URLs = "http://10.0.0.1:8080" },
		"two-nodes":  func(c *Config) { c.Scenario = ScenarioTwoNodes },
		"scenario":   func(c *Config) { c.Scenario = "everything" },
		"boards":     func(c *Config) { c.Boards = c.Clients + 1 },
		"room":       func(c *Config) { c.Clients, c.Boards = 5000, 2 },
		"text":       func(c *Config) { c.TextBytes = 1001 },
		"duration":   func(c *Config) { c.Duration = time.Hour },
		"clientRate": func(c *Config) { c.ClientRate = 61 },
		"votes":      func(c *Config) { c.Scenario, c.Mix = ScenarioReconnect, Mix{Create: 50, Vote: 50} },
	} {
		c := DefaultConfig()
		c.Token = "t"
		f(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseMix("create=10,edit=30,move=50"); err == nil {
		t.Error("a mix not adding up to 100 accepted")
	}
	if m, err := ParseMix("create=5, edit=5, move=80, vote=10"); err != nil || m.Vote != 10 {
		t.Errorf("mix %v %v", m, err)
	}
	if r, err := ParseRates("1000, 5e3", 49, 1); err != nil || len(r) != 2 || r[1] != 5000 {
		t.Errorf("rates %v %v", r, err)
	}
	if r, err := ParseRates("10000d,49", 49, 1); err != nil || len(r) != 2 || r[0] != 204.08 || r[1] != 49 {
		t.Errorf("delivery rates %v %v", r, err)
	}
	if _, err := ParseRates("10000d", 0, 1); err == nil {
		t.Error("deliveries in rooms of one accepted")
	}
	c := DefaultConfig()
	c.Token, c.RateSpec = "t", "50000d"
	if err := c.Validate(); err != nil || len(c.Rates) != 1 || c.Rates[0] != 1020.41 {
		t.Errorf("-rate 50000d with rooms of 50: %v %v", c.Rates, err)
	}
}
