package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// HarnessConfig is one run of the harness (samskap-load harness): the
// outside harness's shape, against Samskap and the BroadcastHub in turn,
// on the same machine in the same sitting, so every figure has a ratio to
// the hub that compares across machines.
//
// The shape: rooms of Clients/Boards people; in each room the fewest
// publishers that keep each under 50 messages a second (one at up to
// 50*(room-1) deliveries a second a room) send note.edit ops of their own
// note with a TextBytes-long text; everyone else in the room receives
// (protocol version 2). Latency runs from the planned send time of the
// open-loop schedule to receipt, so a tool that falls behind shows up in
// the figures instead of hiding them.
type HarnessConfig struct {
	SamskapURL   string    // base URL of a Samskap server; "" skips it
	Token        string    // its organiser token
	HubURL       string    // base URL of a BroadcastHub; "" skips it
	Clients      int       // people in all
	Boards       int       // rooms
	Rates        []float64 // deliveries a second in all, one step each
	TextBytes    int
	Duration     time.Duration // of each measured step
	Settle       time.Duration // pause between steps
	Drain        time.Duration // wait for late deliveries after a step
	Rounds       int           // each step is run Rounds times on each target, interleaved
	PerPublisher float64       // most ops a second one publisher sends
	Quiet        bool
	// SamskapPID and HubPID, when the servers run on this machine, let the
	// harness count their system calls per delivery (/proc/<pid>/io).
	SamskapPID, HubPID int
}

// HarnessStep is one step on one target.
type HarnessStep struct {
	Target      string  `json:"target"` // samskap or hub
	Round       int     `json:"round"`
	Rate        float64 `json:"deliveriesPerSecTarget"`
	OpsPerSec   float64 `json:"opsPerSec"`
	Publishers  int     `json:"publishers"`
	Delivered   float64 `json:"deliveriesPerSec"`
	Missing     uint64  `json:"missing"`
	Latency     Latency `json:"latencyFromPlanned"`
	FromWrite   Latency `json:"latencyFromWrite"`
	Ack         Latency `json:"ackFromPlanned"` // Samskap only
	SendLag     Latency `json:"sendLag"`
	Gaps        uint64  `json:"seqGaps"`          // Samskap only: a receiver skipped a seq
	Cut         uint64  `json:"connectionsEnded"` // closed by the server (e.g. as too slow) during the step
	Errors      uint64  `json:"errors"`
	ServerCPU   float64 `json:"serverCores"`
	ToolCPU     float64 `json:"toolCores"`
	MachineCPU  float64 `json:"machineCores"`
	ServerRSSMB float64 `json:"serverRssMB"`
	// AllocPerDelivery is what the server allocated (Go heap bytes) per
	// delivery in the step, and GCPerSec its collections a second: both
	// hardly depend on how busy the machine is.
	AllocPerDelivery float64 `json:"serverAllocBytesPerDelivery"`
	GCPerSec         float64 `json:"serverGCPerSec"`
	// CPUPerDelivery is the server's CPU time (user and system) per
	// delivery in microseconds; WritesPerDelivery and ReadsPerDelivery its
	// write and read system calls per delivery (with -samskap-pid and
	// -hub-pid). Like allocation, these hardly depend on other load on
	// the machine.
	CPUPerDelivery    float64 `json:"serverCPUMicrosPerDelivery"`
	WritesPerDelivery float64 `json:"serverWritesPerDelivery,omitempty"`
	ReadsPerDelivery  float64 `json:"serverReadsPerDelivery,omitempty"`
}

// HarnessResult is the whole run, with the ratios Samskap/hub.
type HarnessResult struct {
	Started string         `json:"started"`
	Config  map[string]any `json:"config"`
	Steps   []HarnessStep  `json:"steps"`
	Ratios  []HarnessRatio `json:"ratios"`
}

// HarnessRatio compares the medians over rounds of one rate.
type HarnessRatio struct {
	Rate                 float64 `json:"deliveriesPerSec"`
	SamskapP50, HubP50   float64
	SamskapP99, HubP99   float64
	SamskapP999, HubP999 float64
	SamskapCPU, HubCPU   float64
	P50Ratio, P99Ratio   float64
	P999Ratio, CPURatio  float64
	// CPU time and write system calls per delivery, medians over rounds.
	SamskapCPUPerDelivery, HubCPUPerDelivery       float64
	SamskapWritesPerDelivery, HubWritesPerDelivery float64
}

// hTarget is one server under test with its connections.
type hTarget struct {
	name    string
	base    *url.URL
	samskap bool
	pid     int // its process on this machine, or 0
	rooms   [][]*hClient
	pubs    [][]*hClient // per room
}

// hClient is one connection of the harness.
type hClient struct {
	h        *harness
	t        *hTarget
	room     int
	ws       *websocket.Conn
	wmu      sync.Mutex
	note     string // the note it edits (Samskap publishers)
	lastSeq  uint64
	welcome  chan struct{}
	acked    chan struct{}
	gotSnap  atomic.Bool
	sendq    chan int64
	buf, txt []byte
}

// hOp is one op of a step.
type hOp struct {
	planned  int64 // ns since the harness began
	written  atomic.Int64
	sender   *hClient
	received atomic.Int32
	acked    atomic.Bool
}

type harness struct {
	cfg   HarnessConfig
	start time.Time
	log   func(string, ...any)
	runID string
	ctx   context.Context

	cur        atomic.Pointer[hStep]
	gaps, errs atomic.Uint64
	// cut counts connections the server closed during the run (the harness
	// does not reconnect them: their deliveries show as missing).
	cut     atomic.Uint64
	closing atomic.Bool // the harness closes its connections
	notes   atomic.Int64
	dialer  *websocket.Dialer
}

type hStep struct {
	prefix         []byte // op id prefix of this step: H<run>-<step>-
	ops            []hOp
	lat, wlat, ack Hist
	lag            Hist
	delivered      atomic.Uint64
	lastRecv       atomic.Int64
}

func (h *harness) now() int64 { return int64(time.Since(h.start)) }

// RunHarness runs the harness. Progress goes to logf.
func RunHarness(ctx context.Context, cfg HarnessConfig, logf func(string, ...any)) (*HarnessResult, error) {
	if cfg.Clients < 2 || cfg.Boards < 1 || cfg.Clients/cfg.Boards < 2 {
		return nil, fmt.Errorf("need rooms of two or more")
	}
	if cfg.PerPublisher <= 0 || cfg.PerPublisher > 60 {
		cfg.PerPublisher = 55
	}
	if cfg.Rounds < 1 {
		cfg.Rounds = 1
	}
	if len(cfg.Rates) == 0 {
		return nil, fmt.Errorf("no rates")
	}
	h := &harness{cfg: cfg, start: time.Now(), log: logf, runID: randomID(5), ctx: ctx,
		dialer: &websocket.Dialer{NetDialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			HandshakeTimeout: 15 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 1024, WriteBufferPool: &sync.Pool{}}}
	if _, err := RaiseFileLimit(uint64(2*cfg.Clients + 256)); err != nil {
		return nil, err
	}
	var targets []*hTarget
	for _, spec := range []struct {
		name, u string
		pid     int
	}{{"samskap", cfg.SamskapURL, cfg.SamskapPID}, {"hub", cfg.HubURL, cfg.HubPID}} {
		if spec.u == "" {
			continue
		}
		us, err := ParseURLs(spec.u)
		if err != nil {
			return nil, err
		}
		t := &hTarget{name: spec.name, base: us[0], samskap: spec.name == "samskap", pid: spec.pid}
		if err := h.setup(t); err != nil {
			return nil, fmt.Errorf("%s: %w", spec.name, err)
		}
		targets = append(targets, t)
	}
	res := &HarnessResult{Started: h.start.UTC().Format(time.RFC3339), Config: map[string]any{
		"clients": cfg.Clients, "boards": cfg.Boards, "rates": cfg.Rates, "text": cfg.TextBytes,
		"duration": cfg.Duration.String(), "rounds": cfg.Rounds, "gomaxprocs": runtime.GOMAXPROCS(0), "cpus": runtime.NumCPU(),
	}}
	k := 0
	for round := 1; round <= cfg.Rounds; round++ {
		for _, rate := range cfg.Rates {
			// Alternate which target goes first, so neither always runs on
			// a machine warmed (or disturbed) by the other.
			order := targets
			if len(targets) == 2 && (round+k)%2 == 0 {
				order = []*hTarget{targets[1], targets[0]}
			}
			k++
			for _, t := range order {
				if ctx.Err() != nil {
					return res, ctx.Err()
				}
				st := h.step(t, rate, round, k)
				res.Steps = append(res.Steps, st)
				sleep(ctx, cfg.Settle)
			}
		}
	}
	h.closing.Store(true)
	for _, t := range targets {
		for _, room := range t.rooms {
			for _, c := range room {
				c.ws.Close()
			}
		}
	}
	res.Ratios = ratios(res.Steps, cfg.Rates)
	return res, nil
}

// setup connects every client of a target and, on Samskap, joins them and
// has each publisher create the note it will edit.
func (h *harness) setup(t *hTarget) error {
	cfg := h.cfg
	ctx := h.ctx
	t0 := time.Now()
	room := cfg.Clients / cfg.Boards
	t.rooms = make([][]*hClient, cfg.Boards)
	var a *api
	var wss []createdWorkshop
	if t.samskap {
		a = newAPI(32)
		if err := a.signIn(ctx, t.base, cfg.Token); err != nil {
			return err
		}
		wss = make([]createdWorkshop, cfg.Boards)
		if err := parallel(ctx, 8, cfg.Boards, func(i int) error {
			w, err := a.createWorkshop(ctx, t.base, fmt.Sprintf("harness %s %d", h.runID, i))
			wss[i] = w
			return err
		}); err != nil {
			return err
		}
	}
	all := make([]*hClient, 0, room*cfg.Boards)
	for b := range cfg.Boards {
		for range room {
			c := &hClient{h: h, t: t, room: b, welcome: make(chan struct{}), acked: make(chan struct{}, 1)}
			t.rooms[b] = append(t.rooms[b], c)
			all = append(all, c)
		}
	}
	err := parallel(ctx, 32, len(all), func(i int) error {
		c := all[i]
		var u string
		var hello []byte
		if t.samskap {
			w := wss[c.room]
			s, err := a.join(ctx, t.base, w.Workshop.JoinCode, "Harness "+strconv.Itoa(i))
			if err != nil {
				return err
			}
			u = wsURL(t.base, w.Workshop.ID)
			hello = []byte(`{"type":"hello","token":"` + s.Token + `"}`)
		} else {
			v := *t.base
			v.Scheme, v.Path, v.RawQuery = "ws", "/room/"+strconv.Itoa(c.room), ""
			u = v.String()
		}
		dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		ws, _, err := h.dialer.DialContext(dctx, u, nil)
		if err != nil {
			return err
		}
		c.ws = ws
		if hello != nil {
			if err := ws.WriteMessage(websocket.TextMessage, hello); err != nil {
				return err
			}
		}
		go c.read()
		if t.samskap {
			select {
			case <-c.welcome:
			case <-time.After(30 * time.Second):
				return fmt.Errorf("no welcome and snapshot within 30s")
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	h.log("%s: %d connections in %d rooms ready in %.1fs", t.name, len(all), cfg.Boards, time.Since(t0).Seconds())
	return nil
}

// publishers picks, per room, the fewest publishers that carry opsPerRoom
// ops a second, and (Samskap) has each create its note once.
func (h *harness) publishers(t *hTarget, opsPerRoom float64) error {
	n := max(1, int(math.Ceil(opsPerRoom/h.cfg.PerPublisher)))
	t.pubs = make([][]*hClient, len(t.rooms))
	var toCreate []*hClient
	for i, room := range t.rooms {
		n := min(n, len(room)-1)
		t.pubs[i] = room[:n]
		for _, c := range room[:n] {
			if c.sendq == nil {
				c.sendq = make(chan int64, 1024)
				go c.writeLoop()
				if t.samskap {
					toCreate = append(toCreate, c)
				}
			}
		}
	}
	for _, c := range toCreate {
		c.note = "h" + h.runID + "-" + strconv.Itoa(int(h.notes.Add(1)))
		msg := `{"type":"op","id":"C` + c.note + `","op":{"kind":"note.create","note":"` + c.note +
			`","text":"x","color":"yellow","x":10,"y":10}}`
		c.wmu.Lock()
		err := c.ws.WriteMessage(websocket.TextMessage, []byte(msg))
		c.wmu.Unlock()
		if err != nil {
			return err
		}
	}
	for _, c := range toCreate {
		select {
		case <-c.acked:
		case <-time.After(30 * time.Second):
			return fmt.Errorf("a publisher's note.create was not acked within 30s")
		}
	}
	return nil
}

// step runs one rate on one target.
func (h *harness) step(t *hTarget, rate float64, round, k int) HarnessStep {
	cfg := h.cfg
	roomSize := cfg.Clients / cfg.Boards
	ops := rate / float64(roomSize-1)
	out := HarnessStep{Target: t.name, Round: round, Rate: rate, OpsPerSec: math.Round(ops*100) / 100}
	if err := h.publishers(t, ops/float64(cfg.Boards)); err != nil {
		h.log("%s: %v", t.name, err)
		out.Errors++
		return out
	}
	for _, p := range t.pubs {
		out.Publishers += len(p)
	}
	sched := NewSchedule(ops, time.Now(), cfg.Duration)
	st := &hStep{prefix: []byte("H" + h.runID + "-" + strconv.Itoa(k) + "-"), ops: make([]hOp, sched.Count)}
	h.cur.Store(st)
	gaps0, errs0, cut0 := h.gaps.Load(), h.errs.Load(), h.cut.Load()
	m0 := scrape(h.ctx, httpClient, t.base.String())
	io0 := readProcIO(t.pid)
	cpu0 := processCPU()
	b0, _, tt0 := machineCPU()
	busy0, tot0 := float64(b0), float64(tt0)
	t0 := time.Now()
	h.log("%s round %d: %.0f deliveries/s (%.1f ops/s, %d publishers) for %s", t.name, round, rate, ops, out.Publishers, cfg.Duration)
	sched.Run(h.ctx, time.Millisecond, func(n int64, planned time.Time) {
		room := int(n % int64(cfg.Boards))
		pubs := t.pubs[room]
		c := pubs[int(n/int64(cfg.Boards))%len(pubs)]
		op := &st.ops[n]
		op.planned, op.sender = int64(planned.Sub(h.start)), c
		select {
		case c.sendq <- n:
		default:
			h.errs.Add(1)
		}
	})
	sendEnd := time.Now()
	expected := uint64(sched.Count) * uint64(roomSize-1)
	for deadline := time.Now().Add(cfg.Drain); time.Now().Before(deadline) && st.delivered.Load() < expected; {
		time.Sleep(20 * time.Millisecond)
	}
	el := time.Since(t0).Seconds()
	m1 := scrape(h.ctx, httpClient, t.base.String())
	io1 := readProcIO(t.pid)
	b1, _, tt1 := machineCPU()
	h.cur.Store(nil)
	out.Delivered = math.Round(float64(st.delivered.Load()) / sendEnd.Sub(t0).Seconds())
	if d := st.delivered.Load(); d < expected {
		out.Missing = expected - d
	}
	out.Latency, out.FromWrite, out.SendLag = st.lat.Summary(), st.wlat.Summary(), st.lag.Summary()
	if t.samskap {
		out.Ack = st.ack.Summary()
	}
	out.Gaps, out.Errors, out.Cut = h.gaps.Load()-gaps0, out.Errors+h.errs.Load()-errs0, h.cut.Load()-cut0
	if m0.OK && m1.OK {
		out.ServerCPU = round3((m1.CPU - m0.CPU) / el)
		out.ServerRSSMB = round3(m1.RSS / 1e6)
		if d := st.delivered.Load(); d > 0 {
			out.AllocPerDelivery = math.Round((m1.Allocated - m0.Allocated) / float64(d))
		}
		out.GCPerSec = round3((m1.GCs - m0.GCs) / el)
		if d := st.delivered.Load(); d > 0 {
			out.CPUPerDelivery = round3((m1.CPU - m0.CPU) * 1e6 / float64(d))
		}
	}
	if d := st.delivered.Load(); io0.OK && io1.OK && d > 0 {
		out.WritesPerDelivery = round3((io1.Writes - io0.Writes) / float64(d))
		out.ReadsPerDelivery = round3((io1.Reads - io0.Reads) / float64(d))
	}
	out.ToolCPU = round3((processCPU() - cpu0) / el)
	if tt1 > uint64(tot0) {
		out.MachineCPU = round3((float64(b1) - busy0) / (float64(tt1) - tot0) * float64(runtime.NumCPU()))
	}
	h.log("  p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms (from write p99 %.2f; ack p99 %.2f); %0.f/s delivered, %d missing; server %.2f cores (%.2f µs, %.3f writes a delivery), tool %.2f",
		out.Latency.P50, out.Latency.P99, out.Latency.P999, out.Latency.Max, out.FromWrite.P99, out.Ack.P99, out.Delivered, out.Missing, out.ServerCPU,
		out.CPUPerDelivery, out.WritesPerDelivery, out.ToolCPU)
	return out
}

var httpClient = newAPI(2).hc

// writeLoop sends the ops the schedule hands this publisher.
func (c *hClient) writeLoop() {
	h := c.h
	for {
		var n int64
		select {
		case n = <-c.sendq:
		case <-h.ctx.Done():
			return
		}
		st := h.cur.Load()
		if st == nil || n >= int64(len(st.ops)) {
			continue
		}
		op := &st.ops[n]
		c.txt = noteText(c.txt, h.cfg.TextBytes, n)
		b := append(c.buf[:0], `{"type":"op","id":"`...)
		b = append(b, st.prefix...)
		b = strconv.AppendInt(b, n, 10)
		b = append(b, `","op":{"kind":"note.edit","note":"`...)
		b = append(b, c.note...)
		b = append(b, `","text":"`...)
		b = append(b, c.txt...)
		b = append(b, `"}}`...)
		c.buf = b
		now := h.now()
		op.written.Store(now)
		st.lag.Record(time.Duration(now - op.planned))
		c.wmu.Lock()
		c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
		err := c.ws.WriteMessage(websocket.TextMessage, b)
		c.wmu.Unlock()
		if err != nil {
			h.errs.Add(1)
		}
	}
}

// read reads frames until the connection ends, and times every op it
// receives from someone else.
func (c *hClient) read() {
	h := c.h
	var buf []byte
	for {
		_, rd, err := c.ws.NextReader()
		if err != nil {
			if h.ctx.Err() == nil && !h.closing.Load() {
				if n := h.cut.Add(1); n <= 3 {
					h.log("%s: a connection ended: %v", c.t.name, err)
				}
			}
			if h.ctx.Err() == nil {
				select {
				case <-c.welcome:
				default:
				}
			}
			return
		}
		buf, err = readAll(rd, buf[:0])
		if err != nil {
			return
		}
		now := h.now()
		frame := buf
		for len(frame) > 0 {
			msg := frame
			if i := bytes.IndexByte(frame, '\n'); i >= 0 {
				msg, frame = frame[:i], frame[i+1:]
			} else {
				frame = nil
			}
			c.handle(msg, now)
		}
	}
}

func (c *hClient) handle(msg []byte, now int64) {
	h := c.h
	var id []byte
	own := false
	if !c.t.samskap {
		rest, ok := cut(msg, `{"type":"op","id":"`)
		if !ok {
			return
		}
		id, _, _ = strAt(rest)
	} else {
		switch kindOf(msg) {
		case kEvent:
			seq, opID, ok := parseEvent(msg)
			if !ok {
				return
			}
			if c.lastSeq > 0 && seq != c.lastSeq+1 {
				h.gaps.Add(1)
			}
			c.lastSeq = seq
			id = opID
		case kAck:
			aid, _, ok := parseAck(msg)
			if !ok {
				return
			}
			if aid[0] == 'C' {
				select {
				case c.acked <- struct{}{}:
				default:
				}
				return
			}
			id, own = aid, true
		case kWelcome:
			return
		case kSnapshot:
			seq, _ := snapshotSeq(msg)
			c.lastSeq = seq
			if c.gotSnap.CompareAndSwap(false, true) {
				close(c.welcome)
			}
			return
		case kError:
			if h.errs.Add(1) <= 3 {
				h.log("%s error: %s", c.t.name, msg)
			}
			return
		default:
			return
		}
	}
	st := h.cur.Load()
	if st == nil {
		return
	}
	rest, ok := cut(id, string(st.prefix))
	if !ok {
		return
	}
	n, _, ok := uintAt(rest)
	if !ok || n >= uint64(len(st.ops)) {
		return
	}
	op := &st.ops[n]
	if own {
		if op.acked.CompareAndSwap(false, true) {
			st.ack.Record(time.Duration(now - op.planned))
		}
		return
	}
	if op.sender == c {
		return // the sender's own echo
	}
	st.delivered.Add(1)
	st.lastRecv.Store(now)
	st.lat.Record(time.Duration(now - op.planned))
	if w := op.written.Load(); w > 0 {
		st.wlat.Record(time.Duration(now - w))
	}
}

// ratios pairs the targets' medians over rounds, rate by rate.
func ratios(steps []HarnessStep, rates []float64) []HarnessRatio {
	med := func(v []float64) float64 {
		if len(v) == 0 {
			return 0
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return round3(a / b)
	}
	var out []HarnessRatio
	for _, rate := range rates {
		var s50, s99, s999, scpu, h50, h99, h999, hcpu, sper, hper, swr, hwr []float64
		for _, st := range steps {
			if st.Rate != rate {
				continue
			}
			if st.Target == "samskap" {
				s50, s99, s999, scpu = append(s50, st.Latency.P50), append(s99, st.Latency.P99), append(s999, st.Latency.P999), append(scpu, st.ServerCPU)
				sper, swr = append(sper, st.CPUPerDelivery), append(swr, st.WritesPerDelivery)
			} else {
				h50, h99, h999, hcpu = append(h50, st.Latency.P50), append(h99, st.Latency.P99), append(h999, st.Latency.P999), append(hcpu, st.ServerCPU)
				hper, hwr = append(hper, st.CPUPerDelivery), append(hwr, st.WritesPerDelivery)
			}
		}
		r := HarnessRatio{Rate: rate, SamskapP50: med(s50), HubP50: med(h50), SamskapP99: med(s99), HubP99: med(h99),
			SamskapP999: med(s999), HubP999: med(h999), SamskapCPU: med(scpu), HubCPU: med(hcpu)}
		r.P50Ratio, r.P99Ratio, r.P999Ratio, r.CPURatio = div(r.SamskapP50, r.HubP50), div(r.SamskapP99, r.HubP99),
			div(r.SamskapP999, r.HubP999), div(r.SamskapCPU, r.HubCPU)
		r.SamskapCPUPerDelivery, r.HubCPUPerDelivery = med(sper), med(hper)
		r.SamskapWritesPerDelivery, r.HubWritesPerDelivery = med(swr), med(hwr)
		out = append(out, r)
	}
	return out
}

// Print writes the steps and the ratios as tables.
func (res *HarnessResult) Print(w io.Writer) {
	fmt.Fprintf(w, "%-8s %5s %9s %8s %4s %10s %7s %7s %7s %7s %8s %7s %6s %5s %6s %6s %6s %7s %5s %7s %6s\n",
		"target", "round", "deliv/s", "ops/s", "pubs", "got/s", "p50", "p99", "p99.9", "max", "wr-p99", "ack99", "lag99", "gaps", "srv", "tool", "mach", "B/deliv", "gc/s", "us/deliv", "wr/dlv")
	for _, s := range res.Steps {
		fmt.Fprintf(w, "%-8s %5d %9.0f %8.1f %4d %10.0f %7.2f %7.2f %7.2f %7.2f %8.2f %7.2f %6.2f %5d %6.2f %6.2f %6.2f %7.0f %5.1f %7.2f %6.3f\n",
			s.Target, s.Round, s.Rate, s.OpsPerSec, s.Publishers, s.Delivered, s.Latency.P50, s.Latency.P99, s.Latency.P999,
			s.Latency.Max, s.FromWrite.P99, s.Ack.P99, s.SendLag.P99, s.Gaps, s.ServerCPU, s.ToolCPU, s.MachineCPU, s.AllocPerDelivery, s.GCPerSec,
			s.CPUPerDelivery, s.WritesPerDelivery)
		if s.Missing > 0 || s.Errors > 0 || s.Cut > 0 {
			fmt.Fprintf(w, "         missing %d, errors %d, connections ended by the server %d\n", s.Missing, s.Errors, s.Cut)
		}
	}
	fmt.Fprintf(w, "\nmedians over rounds, latency from the planned send time (ms); ratio = Samskap / hub\n")
	fmt.Fprintf(w, "%9s %8s %8s %7s %8s %8s %7s %8s %8s %7s %6s %6s %6s\n",
		"deliv/s", "s-p50", "hub-p50", "ratio", "s-p99", "hub-p99", "ratio", "s-p999", "hub-p999", "ratio", "s-cpu", "h-cpu", "ratio")
	for _, r := range res.Ratios {
		fmt.Fprintf(w, "%9.0f %8.2f %8.2f %7.2f %8.2f %8.2f %7.2f %8.2f %8.2f %7.2f %6.2f %6.2f %6.2f\n",
			r.Rate, r.SamskapP50, r.HubP50, r.P50Ratio, r.SamskapP99, r.HubP99, r.P99Ratio, r.SamskapP999, r.HubP999, r.P999Ratio,
			r.SamskapCPU, r.HubCPU, r.CPURatio)
	}
	fmt.Fprintf(w, "\nper delivery, medians over rounds: server CPU (µs) and write system calls\n")
	fmt.Fprintf(w, "%9s %8s %8s %7s %8s %8s\n", "deliv/s", "s-us", "hub-us", "ratio", "s-wr", "hub-wr")
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	for _, r := range res.Ratios {
		fmt.Fprintf(w, "%9.0f %8.2f %8.2f %7.2f %8.3f %8.3f\n", r.Rate, r.SamskapCPUPerDelivery, r.HubCPUPerDelivery,
			div(r.SamskapCPUPerDelivery, r.HubCPUPerDelivery), r.SamskapWritesPerDelivery, r.HubWritesPerDelivery)
	}
}
