package load

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Scenarios the tool runs.
const (
	ScenarioIdle      = "idle"      // N idle connections: memory per connection
	ScenarioFanout    = "fanout"    // the open-loop workload, one step per -rate
	ScenarioRoom      = "room"      // = fanout; room size is -clients / -boards
	ScenarioTwoNodes  = "two-nodes" // = fanout over two or more -url
	ScenarioReconnect = "reconnect" // drop connections at once, all resume
	ScenarioSlow      = "slow"      // one client stops reading
	ScenarioChurn     = "churn"     // clients leave and join all the time
)

// Scenarios lists every scenario name.
var Scenarios = []string{ScenarioIdle, ScenarioFanout, ScenarioRoom, ScenarioTwoNodes, ScenarioReconnect, ScenarioSlow, ScenarioChurn}

// Config is one run of the tool. Every field has a flag (RegisterFlags).
type Config struct {
	URLs     string // comma-separated base URLs; clients are spread over them
	Token    string // the server's organiser token
	Scenario string

	Clients int // participants (WebSocket connections)
	Boards  int // workshops; client i is on board i % Boards

	Rates        []float64     // ops a second in all; one step per rate
	RateSpec     string        // -rate as given; Validate turns it into Rates
	Cursors      float64       // cursor messages a second in all
	Mix          Mix           // op kinds, in percent
	TextBytes    int           // length of note texts
	Duration     time.Duration // of each measured step
	Settle       time.Duration // pause after connecting and between steps
	Drain        time.Duration // longest wait for answers after a step
	Timeout      time.Duration // hard cap on the whole run; 0: derived
	ClientRate   float64       // most messages one client sends a second
	Senders      int           // clients that send ops; 0: all that may
	JoinConc     int           // concurrent HTTP joins
	DialConc     int           // concurrent WebSocket dials
	SetupWait    time.Duration // longest time to join and connect everyone
	Reconnect    bool          // reconnect (and resume) after an unexpected close
	Tick         time.Duration // scheduler granularity
	DropDelay    time.Duration // reconnect: pause between the drop and the reconnect
	KeepPerRoom  int           // reconnect: clients per board that stay (and send)
	StormFresh   bool          // reconnect: the dropped come back as a fresh page load (no lastSeq): all by snapshot
	ChurnRate    float64       // churn: clients leaving (and as many joining) a second
	ChurnAway    time.Duration // churn: how long one who rejoins stays away
	SlowRcvBuf   int           // slow: the slow clients' socket receive buffer (0: the system's, autotuned)
	SlowClients  int           // slow: how many clients stop reading, one per board on the first boards
	SlowReadRate float64       // slow: 0, they stop reading; else they read this many bytes a second
	JSONPath     string
	Quiet        bool
}

// Mix is the share of each op kind in percent. Batch is a multi-move of
// up to three of the sender's notes (one op), Comment a comment on one,
// React a reaction on one (or taking it back), Connect a connector between
// two of them.
type Mix struct{ Create, Edit, Move, Vote, Batch, Comment, React, Connect int }

func (m Mix) String() string {
	s := fmt.Sprintf("create=%d,edit=%d,move=%d,vote=%d", m.Create, m.Edit, m.Move, m.Vote)
	if m.Batch+m.Comment+m.React+m.Connect > 0 {
		s += fmt.Sprintf(",batch=%d,comment=%d,react=%d,connect=%d", m.Batch, m.Comment, m.React, m.Connect)
	}
	return s
}

// roomShare is the share of ops that reach everyone in a room: all but
// votes.
func (m Mix) roomShare() float64 {
	return float64(m.Create+m.Edit+m.Move+m.Batch+m.Comment+m.React+m.Connect) / 100
}

// ParseMix reads "create=10,edit=30,move=60,vote=0" (and batch, comment,
// react, connect).
func ParseMix(s string) (Mix, error) {
	var m Mix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || err != nil || n < 0 {
			return m, fmt.Errorf("mix %q: want kind=percent", part)
		}
		switch strings.TrimSpace(k) {
		case "create":
			m.Create = n
		case "edit":
			m.Edit = n
		case "move":
			m.Move = n
		case "vote":
			m.Vote = n
		case "batch":
			m.Batch = n
		case "comment":
			m.Comment = n
		case "react":
			m.React = n
		case "connect":
			m.Connect = n
		default:
			return m, fmt.Errorf("mix: unknown kind %q (create, edit, move, vote, batch, comment, react, connect)", k)
		}
	}
	if m.Create+m.Edit+m.Move+m.Vote+m.Batch+m.Comment+m.React+m.Connect != 100 {
		return m, fmt.Errorf("mix %q: the shares must add up to 100", s)
	}
	return m, nil
}

// ParseRates reads "1000" or "204,1020,2041" (ops a second) or, with a d
// suffix, deliveries a second: "10000d,50000d" is turned into ops a second
// by dividing by the other people in a room (roomOthers) and by the share
// of ops that reach them (note ops: votes reach only the facilitator).
func ParseRates(s string, roomOthers float64, noteShare float64) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		num, perDelivery := strings.CutSuffix(part, "d")
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("rate %q: want ops a second, or deliveries a second with a d suffix", part)
		}
		if perDelivery {
			if roomOthers <= 0 || noteShare <= 0 {
				return nil, fmt.Errorf("rate %q: deliveries need rooms of two or more and note ops", part)
			}
			v = math.Round(v/roomOthers/noteShare*100) / 100
		}
		out = append(out, v)
	}
	return out, nil
}

// DefaultConfig is the configuration with every default.
func DefaultConfig() Config {
	return Config{
		URLs: "http://127.0.0.1:8080", Scenario: ScenarioFanout,
		Clients: 1000, Boards: 20, Rates: []float64{1000}, Mix: Mix{Create: 10, Edit: 30, Move: 60},
		TextBytes: 200, Duration: 20 * time.Second, Settle: 2 * time.Second, Drain: 5 * time.Second,
		ClientRate: 50, JoinConc: 32, DialConc: 200, SetupWait: 3 * time.Minute, Reconnect: true,
		Tick: time.Millisecond, DropDelay: time.Second, KeepPerRoom: 1, ChurnRate: 20, ChurnAway: time.Second,
	}
}

// RegisterFlags defines the flags on fs, writing into c.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.URLs, "url", c.URLs, "server base URL; several, comma-separated, spread the clients over several nodes (loopback hosts only)")
	fs.StringVar(&c.Token, "token", c.Token, "the server's organiser token (-organiser-token); default $SAMSKAP_ORGANISER_TOKEN")
	fs.StringVar(&c.Scenario, "scenario", c.Scenario, "one of: "+strings.Join(Scenarios, ", "))
	fs.IntVar(&c.Clients, "clients", c.Clients, "participants, one WebSocket each")
	fs.IntVar(&c.Boards, "boards", c.Boards, "workshops (rooms); room size is clients/boards")
	fs.Func("rate", "durable ops a second in all, open loop; a comma-separated list runs one step per rate; "+
		"with a d suffix, deliveries a second (10000d: ops = 10000 / (room size - 1)) (default 1000)", func(s string) error {
		if _, err := ParseRates(s, 1, 1); err != nil {
			return err
		}
		c.RateSpec = s
		return nil
	})
	fs.Float64Var(&c.Cursors, "cursors", c.Cursors, "cursor moves a second in all, spread over every client")
	fs.Func("mix", "op kinds in percent (default "+c.Mix.String()+"); vote>0 adds a facilitator per board who opens a vote", func(s string) error {
		m, err := ParseMix(s)
		c.Mix = m
		return err
	})
	fs.IntVar(&c.TextBytes, "text", c.TextBytes, "note text length in bytes (create and edit), at most 1000")
	fs.DurationVar(&c.Duration, "duration", c.Duration, "length of each measured step (each rate; each phase of slow)")
	fs.DurationVar(&c.Settle, "settle", c.Settle, "pause after everyone is connected and between steps")
	fs.DurationVar(&c.Drain, "drain", c.Drain, "longest wait after a step for outstanding acks and deliveries")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "hard cap on the whole run; 0: setup-wait + steps x (duration+settle+drain) + 30s")
	fs.Float64Var(&c.ClientRate, "client-rate", c.ClientRate, "most messages (ops + cursors) one client sends a second; the server allows 60, burst 120")
	fs.IntVar(&c.Senders, "senders", c.Senders, "clients that send ops; 0: all participants (reconnect: -keep per board)")
	fs.IntVar(&c.JoinConc, "join-concurrency", c.JoinConc, "concurrent POST /api/join")
	fs.IntVar(&c.DialConc, "dial-concurrency", c.DialConc, "concurrent WebSocket dials during setup")
	fs.DurationVar(&c.SetupWait, "setup-wait", c.SetupWait, "longest time to create, join and connect everyone")
	fs.BoolVar(&c.Reconnect, "reconnect", c.Reconnect, "reconnect and resume (lastSeq, epoch) after an unexpected close, as the real client does")
	fs.DurationVar(&c.Tick, "tick", c.Tick, "scheduler granularity")
	fs.DurationVar(&c.DropDelay, "drop-delay", c.DropDelay, "reconnect: time between dropping the connections and all of them reconnecting at once")
	fs.BoolVar(&c.StormFresh, "storm-snapshot", c.StormFresh, "reconnect: the dropped reconnect without lastSeq, as a reloaded page does, so every one of them gets a snapshot")
	fs.IntVar(&c.KeepPerRoom, "keep", c.KeepPerRoom, "reconnect: clients per board that stay connected and send the ops the others miss")
	fs.Float64Var(&c.ChurnRate, "churn", c.ChurnRate, "churn: clients leaving a second; half come back (resume), half are replaced by new participants")
	fs.DurationVar(&c.ChurnAway, "churn-away", c.ChurnAway, "churn: how long a client that comes back stays away")
	fs.IntVar(&c.SlowRcvBuf, "slow-rcvbuf", c.SlowRcvBuf, "slow: SO_RCVBUF of the slow clients' sockets in bytes, like a phone on a thin link (0: the system default, autotuned up to net.ipv4.tcp_rmem)")
	fs.Float64Var(&c.SlowReadRate, "slow-read", 0, "slow: 0, the slow clients stop reading; else they go on reading this many bytes a second (and answer pings that late)")
	fs.IntVar(&c.SlowClients, "slow-clients", 1, "slow: how many clients stop reading at once, one per board on the first boards (the outside harness: 20)")
	fs.StringVar(&c.JSONPath, "json", c.JSONPath, "write the full result as JSON to this file")
	fs.BoolVar(&c.Quiet, "quiet", c.Quiet, "print only the result table")
}

// Validate checks c and fills what is derived.
func (c *Config) Validate() error {
	if c.Token == "" {
		c.Token = os.Getenv("SAMSKAP_ORGANISER_TOKEN")
	}
	if c.Token == "" {
		return fmt.Errorf("give -token (the server's -organiser-token)")
	}
	if c.Scenario == ScenarioRoom {
		c.Scenario = ScenarioFanout
	}
	urls, err := ParseURLs(c.URLs)
	if err != nil {
		return err
	}
	switch c.Scenario {
	case ScenarioTwoNodes:
		if len(urls) < 2 {
			return fmt.Errorf("two-nodes: give two -url, comma-separated")
		}
	case ScenarioIdle, ScenarioFanout, ScenarioReconnect, ScenarioSlow, ScenarioChurn:
	default:
		return fmt.Errorf("unknown scenario %q (%s)", c.Scenario, strings.Join(Scenarios, ", "))
	}
	if c.Clients < 1 || c.Boards < 1 || c.Boards > c.Clients {
		return fmt.Errorf("need 1 <= -boards <= -clients")
	}
	if c.Clients > 100_000 {
		return fmt.Errorf("-clients at most 100000")
	}
	if per := (c.Clients + c.Boards - 1) / c.Boards; per > 1900 {
		return fmt.Errorf("%d clients a board: a board holds at most 2000 participants; add boards", per)
	}
	if c.Boards > 2000 {
		return fmt.Errorf("-boards at most 2000")
	}
	if c.TextBytes < 1 || c.TextBytes > 1000 {
		return fmt.Errorf("-text must be 1 to 1000")
	}
	if c.Duration <= 0 || c.Duration > 10*time.Minute {
		return fmt.Errorf("-duration must be above 0 and at most 10m")
	}
	if c.RateSpec != "" {
		room := float64(c.Clients) / float64(c.Boards)
		share := c.Mix.roomShare()
		if c.Mix.Vote > 0 {
			room++ // the facilitator receives note ops too
		}
		r, err := ParseRates(c.RateSpec, room-1, share)
		if err != nil {
			return err
		}
		c.Rates = r
	}
	if len(c.Rates) == 0 {
		c.Rates = []float64{0}
	}
	if len(c.Rates) > 20 {
		return fmt.Errorf("at most 20 rates")
	}
	if c.ClientRate <= 0 || c.ClientRate > 60 {
		return fmt.Errorf("-client-rate must be above 0 and at most the server's 60")
	}
	if c.Mix.Vote > 0 && c.Scenario != ScenarioFanout && c.Scenario != ScenarioTwoNodes {
		return fmt.Errorf("votes are in the fanout and two-nodes workloads only")
	}
	if c.JoinConc < 1 || c.DialConc < 1 || c.Tick <= 0 {
		return fmt.Errorf("concurrencies and -tick must be positive")
	}
	if c.Scenario == ScenarioChurn && (c.ChurnRate <= 0 || c.ChurnRate > 1000) {
		return fmt.Errorf("-churn must be above 0 and at most 1000")
	}
	if c.Timeout == 0 {
		steps := time.Duration(len(c.Rates))
		if c.Scenario == ScenarioSlow {
			steps = 2
		}
		c.Timeout = c.SetupWait + steps*(c.Duration+c.Settle+c.Drain) + 30*time.Second
	}
	return nil
}
