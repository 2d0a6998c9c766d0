package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

var jsonUnmarshal = json.Unmarshal

// board is one workshop of the run.
type board struct {
	idx     int
	ws      createdWorkshop
	members []*client
	head    atomic.Uint64 // highest seq anyone saw on it
	live    atomic.Int64  // members connected and caught up
	voteID  string
	notes   int // scheduler-owned: notes the tool created on it
	// connectors the tool created on it (scheduler-owned)
	connectors int
	joined     int // participants the tool joined (churn keeps it under the cap)
}

func (b *board) noteHead(seq uint64) {
	for {
		h := b.head.Load()
		if seq <= h || b.head.CompareAndSwap(h, seq) {
			return
		}
	}
}

// opRec is one op of the run, found by the number in its id.
type opRec struct {
	sentAt    atomic.Int64  // ns since the run began; 0: not written yet
	ackSeq    atomic.Uint64 // its seq, once acked
	delivered atomic.Int32  // other clients that received its event
	status    atomic.Int32  // opWaiting, opAcked, opRefused, opNotSent
	// Set by the scheduler before the op is queued; read by others only
	// after they saw sentAt set (which orders them after these writes).
	planned int64
	sender  int32
	board   int32
	step    int32
	kind    opKind
}

const (
	opWaiting int32 = iota
	opAcked
	opRefused
	opNotSent
)

// stepStats collects one measured step.
type stepStats struct {
	idx        int
	name       string
	rate       float64
	cursorRate float64
	noExpect   bool // membership changes during the step: no delivery count check

	ack, deliv, lag Hist

	sent, acked, refused, notSent  atomic.Uint64
	deliveries, replayed, expected atomic.Uint64
	snapshots, cursorFrames        atomic.Uint64
	cursorsSent, cursorDrops       atomic.Uint64
	lastDelivery, lastAck          atomic.Int64
	firstOp, endOp                 int64
	start, sendEnd, end            int64
	before, after                  sample
	maxFPS                         int64 // most frames one client got in one second
	clients                        int
	secs                           []secStats // by second since the step began
}

// secStats is one second of a step, by when things were received.
type secStats struct{ ack, deliv Hist }

func (st *stepStats) sec(now int64) *secStats {
	i := int((now - st.start) / int64(time.Second))
	if i < 0 {
		i = 0
	}
	if i >= len(st.secs) {
		i = len(st.secs) - 1
	}
	return &st.secs[i]
}

// counter counts by name.
type counter struct {
	mu sync.Mutex
	m  map[string]uint64
}

func (c *counter) add(k string) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]uint64{}
	}
	c.m[k]++
	c.mu.Unlock()
}

func (c *counter) get() map[string]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]uint64, len(c.m))
	for k, v := range c.m {
		out[k] = v
	}
	return out
}

// runner is one run of the tool.
type runner struct {
	cfg    Config
	urls   []*url.URL
	log    io.Writer
	api    *api
	mhc    *http.Client
	dialer *websocket.Dialer
	start  time.Time
	runID  string
	ids    opIDs
	ctx    context.Context
	cancel context.CancelFunc

	cmu     sync.Mutex
	clients []*client
	boards  []*board

	ops     []opRec
	nextOp  int64 // scheduler-owned
	steps   []*stepStats
	nsteps  int
	cur     atomic.Pointer[stepStats]
	gen     atomic.Int64
	rng     *rand.Rand // scheduler-owned
	noteCap int
	dialSem chan struct{}
	wg      sync.WaitGroup
	upCount atomic.Int64
	watch   atomic.Pointer[func(c *client, data []byte, now int64)]
	onUp    atomic.Pointer[func(c *client, now int64, first bool)]

	afterFinish []func(*Result)
	toolRSS0    float64

	errs, closes              counter
	framesIn, msgsIn, bytesIn atomic.Uint64
	parseErrs, resent         atomic.Uint64
	opTableFull               atomic.Uint64
	connectHist               Hist
	resumeHist                Hist
	resumeReplay              atomic.Uint64
	resumeSnapshot            atomic.Uint64
	resumeInexact             atomic.Uint64
	everUp                    sync.Map // *client -> true once first caught up
}

// now is the time since the run began, monotonic.
func (r *runner) now() int64 { return int64(time.Since(r.start)) }

func (r *runner) logf(format string, args ...any) {
	if !r.cfg.Quiet {
		fmt.Fprintf(r.log, "%6.1fs  "+format+"\n", append([]any{time.Since(r.start).Seconds()}, args...)...)
	}
}

// Run runs the configured scenario against the servers and returns what
// it measured. The run ends by itself after its steps, or at cfg.Timeout.
// Progress goes to log.
func Run(ctx context.Context, cfg Config, log io.Writer) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	urls, _ := ParseURLs(cfg.URLs)
	need := uint64(cfg.Clients) + uint64(cfg.JoinConc) + 64
	if cfg.Scenario == ScenarioChurn {
		need += uint64(cfg.ChurnRate*cfg.Duration.Seconds()) + 64
	}
	limit, err := RaiseFileLimit(need)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	r := &runner{
		cfg: cfg, urls: urls, log: log, start: time.Now(), ctx: ctx, cancel: cancel,
		api:     newAPI(cfg.JoinConc),
		mhc:     &http.Client{Timeout: 5 * time.Second},
		dialSem: make(chan struct{}, cfg.DialConc),
		rng:     rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)),
	}
	defer cancel()
	r.runID = randomID(6)
	r.ids = opIDs{prefix: "L" + r.runID + "-"}
	bufSize := 4096
	if cfg.Scenario == ScenarioIdle {
		bufSize = 1024
	}
	r.dialer = &websocket.Dialer{
		NetDialContext:   (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		HandshakeTimeout: 15 * time.Second,
		ReadBufferSize:   bufSize, WriteBufferSize: 1024,
		WriteBufferPool: &sync.Pool{},
	}
	res := &Result{
		Tool: "samskap-load", Scenario: cfg.Scenario, URLs: cfg.URLs, RunID: r.runID,
		Started: time.Now().UTC().Format(time.RFC3339), Config: cfg.public(),
		Machine: machineInfo{CPUs: runtime.NumCPU(), GoMaxProcs: runtime.GOMAXPROCS(0), LoadBefore: loadAvg(),
			GoVersion: runtime.Version(), FileLimit: limit},
		Errors: map[string]uint64{}, Disconnects: map[string]uint64{}, Steps: []StepResult{},
	}
	r.plan()
	err = r.scenario(res)
	capped := ctx.Err()
	r.finish(res)
	for _, f := range r.afterFinish {
		f(res)
	}
	if errors.Is(capped, context.DeadlineExceeded) {
		err = fmt.Errorf("the run hit its hard cap (-timeout %s)", cfg.Timeout)
	} else if capped != nil && err == nil {
		err = capped
	}
	if err != nil {
		res.Aborted = err.Error()
	}
	return res, err
}

// plan sizes the op table and the steps.
func (r *runner) plan() {
	cfg := r.cfg
	steps := len(cfg.Rates)
	switch cfg.Scenario {
	case ScenarioSlow:
		steps = 2
	case ScenarioReconnect, ScenarioChurn:
		steps = 1
	case ScenarioIdle:
		steps = 0
	}
	total := int64(cfg.Boards) + 16 // setup ops (vote.open)
	for i := 0; i < steps; i++ {
		rate := cfg.Rates[min(i, len(cfg.Rates)-1)]
		total += int64(rate*cfg.Duration.Seconds()) + 1
	}
	r.ops = make([]opRec, total)
	r.steps = make([]*stepStats, steps+1)
	for i := range r.steps {
		r.steps[i] = &stepStats{idx: i, secs: make([]secStats, 1)}
	}
	r.steps[0].name = "setup"
	room := max(1, (cfg.Clients+cfg.Boards-1)/cfg.Boards)
	r.noteCap = max(1, min(20, 4000/room))
}

func randomID(n int) string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}

// scenario sets up and runs the configured scenario.
func (r *runner) scenario(res *Result) error {
	if err := r.setup(res); err != nil {
		return err
	}
	switch r.cfg.Scenario {
	case ScenarioIdle:
		return r.idle(res)
	case ScenarioFanout, ScenarioTwoNodes:
		return r.fanout(res)
	case ScenarioReconnect:
		return r.reconnect(res)
	case ScenarioSlow:
		return r.slow(res)
	case ScenarioChurn:
		return r.churn(res)
	}
	return nil
}

// setup signs in, creates the boards, joins everyone and connects them.
func (r *runner) setup(res *Result) error {
	cfg := r.cfg
	ctx := r.ctx
	t0 := time.Now()
	if err := r.api.signIn(ctx, r.urls[0], cfg.Token); err != nil {
		return err
	}
	r.boards = make([]*board, cfg.Boards)
	if err := parallel(ctx, 8, cfg.Boards, func(i int) error {
		w, err := r.api.createWorkshop(ctx, r.urls[0], fmt.Sprintf("load %s %d", r.runID, i))
		if err != nil {
			return fmt.Errorf("creating workshop %d: %w", i, err)
		}
		r.boards[i] = &board{idx: i, ws: w}
		return nil
	}); err != nil {
		return err
	}
	r.logf("created %d workshops", cfg.Boards)

	// Participants: client i sits on board i % boards and talks to node
	// (i / boards) % nodes, so every board has people on every node.
	for i := 0; i < cfg.Clients; i++ {
		b := r.boards[i%cfg.Boards]
		c := r.newClient(b, r.urls[(i/cfg.Boards)%len(r.urls)])
		b.members = append(b.members, c)
	}
	var facilitators []*client
	if cfg.Mix.Vote > 0 {
		for _, b := range r.boards {
			c := r.newClient(b, r.urls[0])
			c.facilitator = true
			b.members = append(b.members, c)
			b.voteID = "v" + r.runID
			facilitators = append(facilitators, c)
		}
	}
	all := r.clients
	if err := parallel(ctx, cfg.JoinConc, len(all), func(i int) error {
		c := all[i]
		var err error
		name := "Load " + strconv.Itoa(c.idx)
		for attempt := 0; ; attempt++ {
			if c.facilitator {
				c.sess, err = r.api.facilitate(ctx, c.base, c.b.ws.Workshop.ID, c.b.ws.FacilitatorKey, "Facilitator "+strconv.Itoa(c.b.idx))
			} else {
				c.sess, err = r.api.join(ctx, c.base, c.b.ws.Workshop.JoinCode, name)
			}
			if ae, ok := err.(*apiError); ok && ae.Code == "unavailable" && attempt < 5 {
				sleep(ctx, 200*time.Millisecond)
				continue
			}
			break
		}
		if err != nil {
			return fmt.Errorf("joining client %d: %w", c.idx, err)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, b := range r.boards {
		b.joined = len(b.members)
	}
	res.Setup.JoinSeconds = round3(time.Since(t0).Seconds())
	r.logf("joined %d participants (%.1f/s)", len(all), float64(len(all))/time.Since(t0).Seconds())

	res.Setup.ServersBefore = r.scrapeAll()
	r.toolRSS0 = selfRSS()
	t1 := time.Now()
	for _, c := range all {
		r.startClient(c)
	}
	deadline := time.Now().Add(cfg.SetupWait)
	for r.upCount.Load() < int64(len(all)) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("setup: only %d of %d clients connected and caught up within -setup-wait %s (errors: %v)",
				r.upCount.Load(), len(all), cfg.SetupWait, r.errs.get())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res.Setup.ConnectSeconds = round3(time.Since(t1).Seconds())
	res.Setup.Connect = r.connectHist.Summary()
	res.Setup.Clients, res.Setup.Boards = len(all), cfg.Boards
	r.logf("connected %d clients in %.1fs (%.0f/s; connect p99 %.1f ms)", len(all), time.Since(t1).Seconds(),
		float64(len(all))/time.Since(t1).Seconds(), res.Setup.Connect.P99)

	for _, f := range facilitators {
		n := r.nextOp
		r.nextOp++
		rec := &r.ops[n]
		rec.sender, rec.board, rec.step, rec.kind = int32(f.idx), int32(f.b.idx), 0, opVoteOpen
		f.sendq <- outMsg{n: n, kind: opVoteOpen, planned: r.now()}
	}
	sleep(ctx, cfg.Settle)
	return ctx.Err()
}

func (r *runner) newClient(b *board, base *url.URL) *client {
	r.cmu.Lock()
	defer r.cmu.Unlock()
	c := &client{r: r, idx: len(r.clients), b: b, base: base, pending: map[int64][]byte{}}
	c.lastClose.Store(0)
	if r.cfg.Scenario != ScenarioIdle {
		c.sendq = make(chan outMsg, 256)
	}
	r.clients = append(r.clients, c)
	return c
}

func (r *runner) startClient(c *client) {
	r.wg.Add(1)
	go c.loop()
	if c.sendq != nil {
		r.wg.Add(1)
		go c.writeLoop()
	}
}

// parallel runs f(0..n-1) with at most conc at a time; the first error wins.
func parallel(ctx context.Context, conc, n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  atomic.Int64
	)
	for w := 0; w < min(conc, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

// ---- what receivers report ----

func (r *runner) delivered(c *client, n int64, now int64) {
	rec := &r.ops[n]
	sent := rec.sentAt.Load()
	if sent == 0 || int(rec.sender) == c.idx {
		return // not ours to time, or the sender's own echo
	}
	rec.delivered.Add(1)
	st := r.steps[rec.step]
	if c.catching {
		st.replayed.Add(1)
		return
	}
	st.deliveries.Add(1)
	if c.excluded.Load() {
		return
	}
	st.deliv.Record(time.Duration(now - sent))
	st.sec(now).deliv.Record(time.Duration(now - sent))
	st.lastDelivery.Store(now)
}

func (r *runner) acked(c *client, n int64, seq uint64, now int64) {
	rec := &r.ops[n]
	sent := rec.sentAt.Load()
	if sent == 0 || !rec.status.CompareAndSwap(opWaiting, opAcked) {
		return
	}
	rec.ackSeq.Store(seq)
	st := r.steps[rec.step]
	st.acked.Add(1)
	st.ack.Record(time.Duration(now - sent))
	st.sec(now).ack.Record(time.Duration(now - sent))
	st.lastAck.Store(now)
	if rec.kind.toRoom() {
		st.expected.Add(uint64(max(c.b.live.Load()-1, 0)))
	}
}

func (r *runner) refused(n int64) {
	rec := &r.ops[n]
	if rec.status.CompareAndSwap(opWaiting, opRefused) {
		r.steps[rec.step].refused.Add(1)
	}
}

func (r *runner) caughtUp(c *client, now int64) {
	if _, again := r.everUp.LoadOrStore(c, true); !again {
		r.connectHist.Record(time.Duration(now - c.caughtFrom))
		r.upCount.Add(1)
		if h := r.onUp.Load(); h != nil {
			(*h)(c, now, true)
		}
		return
	}
	r.resumeHist.Record(time.Duration(now - c.caughtFrom))
	if c.sawSnapshot {
		r.resumeSnapshot.Add(1)
	} else {
		r.resumeReplay.Add(1)
		if c.replayed != c.welcomeSeq-c.helloLast {
			r.resumeInexact.Add(1)
		}
	}
	if h := r.onUp.Load(); h != nil {
		(*h)(c, now, false)
	}
}

// ---- steps ----

// sample is what is read before and after a step.
type sample struct {
	at      int64
	toolCPU float64
	busy    uint64
	softirq uint64
	total   uint64
	frames  uint64
	msgs    uint64
	bytes   uint64
	servers []serverMetrics
}

func (r *runner) sample() sample {
	s := sample{at: r.now(), toolCPU: processCPU(), frames: r.framesIn.Load(), msgs: r.msgsIn.Load(), bytes: r.bytesIn.Load()}
	s.busy, s.softirq, s.total = machineCPU()
	s.servers = r.scrapeAll()
	return s
}

func (r *runner) scrapeAll() []serverMetrics {
	out := make([]serverMetrics, len(r.urls))
	for i, u := range r.urls {
		out[i] = scrape(r.ctx, r.mhc, u.String())
	}
	return out
}

// step runs one measured step: ops at rate from senders, cursors at
// cursorRate from cursorClients, while during (if any) does the scenario's
// part; then waits up to -drain for every answer.
type stepOpts struct {
	name          string
	rate          float64 // ops a second
	cursorRate    float64
	senders       []*client
	cursorClients []*client
	// during, if set, runs the scenario's part alongside the workload; it
	// must return when ctx ends (after the drain at the latest).
	during func(ctx context.Context, st *stepStats)
	// noExpect: people come and go, so deliveries are not counted against
	// the room size (gaps, repeats and convergence are still checked).
	noExpect bool
}

func (r *runner) step(o stepOpts) *stepStats {
	name, rate, cursorRate, senders, cursorClients, during := o.name, o.rate, o.cursorRate, o.senders, o.cursorClients, o.during
	r.nsteps++
	st := r.steps[r.nsteps]
	st.name, st.rate, st.cursorRate, st.noExpect = name, rate, cursorRate, o.noExpect
	st.secs = make([]secStats, int((r.cfg.Duration+r.cfg.Drain)/time.Second)+2)
	st.before = r.sample()
	r.gen.Add(1)
	for _, c := range r.snapshotClients() {
		c.fpsMax.Store(0)
	}
	r.cur.Store(st)
	st.start = r.now()
	st.firstOp = r.nextOp
	r.logf("step %s: %.0f ops/s, %.0f cursors/s for %s", name, rate, cursorRate, r.cfg.Duration)

	dctx, dcancel := context.WithCancel(r.ctx)
	var duringDone atomic.Bool
	var wg sync.WaitGroup
	if during != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			during(dctx, st)
			duringDone.Store(true)
		}()
	} else {
		duringDone.Store(true)
	}
	sctx, scancel := context.WithTimeout(r.ctx, r.cfg.Duration+time.Second)
	if cursorRate > 0 && len(cursorClients) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs := NewSchedule(cursorRate, time.Now(), r.cfg.Duration)
			rng := rand.New(rand.NewPCG(1, 2))
			cs.Run(sctx, r.cfg.Tick, func(k int64, _ time.Time) {
				c := cursorClients[Spread(k, len(cursorClients))]
				select {
				case c.sendq <- outMsg{cursor: true, x: rng.IntN(4000), y: rng.IntN(3000)}:
					st.cursorsSent.Add(1)
				default:
					st.cursorDrops.Add(1)
				}
			})
		}()
	}
	if rate > 0 && len(senders) > 0 {
		s := NewSchedule(rate, time.Now(), r.cfg.Duration)
		s.Run(sctx, r.cfg.Tick, func(k int64, planned time.Time) {
			r.dispatch(st, senders[Spread(k, len(senders))], planned)
		})
	} else {
		sleep(sctx, r.cfg.Duration)
	}
	scancel()
	st.sendEnd = r.now()
	st.endOp = r.nextOp

	// Drain: every op answered, every expected delivery made, the
	// scenario's part done; or -drain is up.
	deadline := time.Now().Add(r.cfg.Drain)
	for time.Now().Before(deadline) && r.ctx.Err() == nil {
		settled := st.acked.Load()+st.refused.Load() >= st.sent.Load()
		delivered := st.noExpect || st.deliveries.Load()+st.replayed.Load() >= st.expected.Load()
		if settled && delivered && duringDone.Load() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	dcancel()
	wg.Wait()
	st.end = r.now()
	st.after = r.sample()
	r.cur.Store(nil)
	n := 0
	for _, c := range r.snapshotClients() {
		if !c.excluded.Load() {
			st.maxFPS = max(st.maxFPS, c.fpsMax.Load())
			n++
		}
	}
	st.clients = n
	return st
}

// dispatch picks the sender's next op, records it and queues it without
// blocking: the schedule never waits for anyone.
func (r *runner) dispatch(st *stepStats, c *client, planned time.Time) {
	n := r.nextOp
	if n >= int64(len(r.ops)) {
		r.opTableFull.Add(1)
		return
	}
	r.nextOp++
	m := r.pick(c)
	m.n, m.planned = n, int64(planned.Sub(r.start))
	rec := &r.ops[n]
	rec.planned, rec.sender, rec.board, rec.step, rec.kind = m.planned, int32(c.idx), int32(c.b.idx), int32(st.idx), m.kind
	select {
	case c.sendq <- m:
		st.sent.Add(1)
	default:
		rec.status.Store(opNotSent)
		st.notSent.Add(1)
	}
}

// pick chooses a sender's next op from the mix: it creates notes (up to a
// cap per person and per board), edits and moves its own, and casts and
// takes back dots on them.
func (r *runner) pick(c *client) outMsg {
	mix := r.cfg.Mix
	roll := r.rng.IntN(100)
	kind := opVoteCast
	switch {
	case roll < mix.Create:
		kind = opCreate
	case roll < mix.Create+mix.Edit:
		kind = opEdit
	case roll < mix.Create+mix.Edit+mix.Move:
		kind = opMove
	case roll < mix.Create+mix.Edit+mix.Move+mix.Batch:
		kind = opBatch
	case roll < mix.Create+mix.Edit+mix.Move+mix.Batch+mix.Comment:
		kind = opComment
	case roll < mix.Create+mix.Edit+mix.Move+mix.Batch+mix.Comment+mix.React:
		kind = opReact
	case roll < mix.Create+mix.Edit+mix.Move+mix.Batch+mix.Comment+mix.React+mix.Connect:
		kind = opConnect
	}
	switch {
	case len(c.notes) == 0:
		kind = opCreate
	case kind == opCreate && (c.madeN >= r.noteCap || c.b.notes >= 4500),
		kind == opBatch && len(c.notes) < 2,
		kind == opComment && c.commentN >= 40*len(c.notes), // a note takes 50
		kind == opConnect && (len(c.notes) < 2 || c.connectN >= 20 || c.b.connectors >= 1900):
		kind = opMove
	}
	m := outMsg{kind: kind, x: r.rng.IntN(4000), y: r.rng.IntN(3000)}
	switch kind {
	case opCreate:
		m.note = "n" + r.runID + "-" + strconv.Itoa(c.idx) + "-" + strconv.Itoa(c.madeN)
		c.madeN++
		c.b.notes++
		c.notes = append(c.notes, m.note)
		c.voted = append(c.voted, false)
		c.reacted = append(c.reacted, false)
	case opEdit, opMove:
		m.note = c.notes[c.nextNote%len(c.notes)]
		c.nextNote++
	case opBatch, opConnect:
		n := min(len(c.notes), 3)
		if kind == opConnect {
			n = 2
			m.item = "c" + r.runID + "-" + strconv.Itoa(c.idx) + "-" + strconv.Itoa(c.connectN)
			c.connectN++
			c.b.connectors++
		}
		for range n {
			m.notes = append(m.notes, c.notes[c.nextNote%len(c.notes)])
			c.nextNote++
		}
	case opComment:
		m.note = c.notes[c.nextNote%len(c.notes)]
		c.nextNote++
		m.item = "k" + r.runID + "-" + strconv.Itoa(c.idx) + "-" + strconv.Itoa(c.commentN)
		c.commentN++
	case opReact:
		i := c.nextNote % len(c.notes)
		c.nextNote++
		m.note, m.on = c.notes[i], !c.reacted[i]
		c.reacted[i] = !c.reacted[i]
	default:
		i := c.nextNote % len(c.notes)
		c.nextNote++
		m.note = c.notes[i]
		if c.voted[i] {
			m.kind = opVoteRetract
		}
		c.voted[i] = !c.voted[i]
	}
	return m
}

func (r *runner) snapshotClients() []*client {
	r.cmu.Lock()
	defer r.cmu.Unlock()
	return append([]*client(nil), r.clients...)
}

// participants are the clients that may send ops (not facilitators).
func (r *runner) participants() []*client {
	var out []*client
	for _, c := range r.snapshotClients() {
		if !c.facilitator {
			out = append(out, c)
		}
	}
	return out
}

// checkRate refuses a plan that would make a client exceed the per-client
// message limit.
func (r *runner) checkRate(rate float64, senders, cursorClients int) error {
	per := 0.0
	if senders > 0 {
		per = rate / float64(senders)
	}
	cur := 0.0
	if cursorClients > 0 {
		cur = r.cfg.Cursors / float64(cursorClients)
	}
	if per+cur > r.cfg.ClientRate {
		need := SendersNeeded(rate, r.cfg.ClientRate-cur)
		return fmt.Errorf("%.0f ops/s over %d senders is %.1f ops/s each (+%.1f cursors/s): over -client-rate %.0f; "+
			"need at least %d sending clients", rate, senders, per, cur, r.cfg.ClientRate, need)
	}
	return nil
}

// senders returns the first n (all if n is 0) of the given clients, which
// are in client order and so spread evenly over the boards.
func pickSenders(from []*client, n int) []*client {
	if n <= 0 || n >= len(from) {
		return from
	}
	return from[:n]
}

// ---- the end ----

// finish waits for every connected client to hold its board's head, stops
// everything and fills in the checks.
func (r *runner) finish(res *Result) {
	clients := r.snapshotClients()
	// A skipped seq is a bug unless it is another person's vote, which
	// only the voter and facilitators receive.
	votes := map[int]map[uint64]int32{} // board -> seq -> voter
	for i := int64(0); i < r.nextOp; i++ {
		rec := &r.ops[i]
		if rec.status.Load() == opAcked && (rec.kind == opVoteCast || rec.kind == opVoteRetract) {
			m := votes[int(rec.board)]
			if m == nil {
				m = map[uint64]int32{}
				votes[int(rec.board)] = m
			}
			m[rec.ackSeq.Load()] = rec.sender
		}
	}
	invisibleTo := func(c *client) func(uint64) bool {
		m := votes[c.b.idx]
		if m == nil || c.facilitator {
			return nil
		}
		idx := int32(c.idx)
		return func(s uint64) bool { v, ok := m[s]; return ok && v != idx }
	}
	// behind: a connected client has not reached its board's head, and
	// what it lacks is not all others' votes.
	behind := func(c *client) bool {
		last, head := c.lastSeen.Load(), c.b.head.Load()
		if !c.connected.Load() || last >= head {
			return false
		}
		inv := invisibleTo(c)
		if inv == nil {
			return true
		}
		for s := last + 1; s <= head; s++ {
			if !inv(s) {
				return true
			}
		}
		return false
	}
	deadline := time.Now().Add(3 * time.Second)
	var stale int
	for {
		stale = 0
		for _, c := range clients {
			if behind(c) {
				stale++
			}
		}
		if stale == 0 || time.Now().After(deadline) || r.ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	connected := 0
	for _, c := range clients {
		if c.connected.Load() {
			connected++
		}
	}
	res.Machine.LoadAfter = loadAvg()
	res.Setup.ServersAfter = r.scrapeAll()

	// Stop: close every connection (1000) and wait for the goroutines.
	r.cancel()
	parallel(context.Background(), 64, len(clients), func(i int) error {
		clients[i].leave()
		return nil
	})
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		res.Warnings = append(res.Warnings, "some client goroutines did not stop within 10s")
	}

	ck := &res.Checks
	for _, c := range clients {
		ck.Repeats += c.seq.repeats
		for _, g := range c.seq.gaps {
			ck.SkippedSeqs += g.len()
		}
		ck.Gaps += unexplained(c.seq.gaps, invisibleTo(c))
	}
	ck.StaleClients = stale
	ck.ConnectedAtEnd = connected
	ck.ParseErrors = r.parseErrs.Load()
	ck.Resent = r.resent.Load()
	ck.OpTableFull = r.opTableFull.Load()
	res.Errors = r.errs.get()
	res.Disconnects = r.closes.get()
	res.Resume = resumeResult{
		Count: r.resumeHist.Count(), Latency: r.resumeHist.Summary(),
		Replays: r.resumeReplay.Load(), Snapshots: r.resumeSnapshot.Load(), Inexact: r.resumeInexact.Load(),
	}
	for i := 1; i <= r.nsteps; i++ {
		sr := r.steps[i].result(r)
		res.Steps = append(res.Steps, sr)
		ck.MissingDeliveries += sr.MissingDeliveries
		ck.ExtraDeliveries += sr.ExtraDeliveries
	}
	for _, s := range res.Steps {
		if s.ToolBound {
			res.Warnings = append(res.Warnings, fmt.Sprintf("step %s is tool-bound (tool CPU %.2f cores): "+
				"its latencies and rates measure the tool as much as the server", s.Name, s.ToolCPU))
		}
		if s.Late {
			res.Warnings = append(res.Warnings, fmt.Sprintf("step %s: ops left the tool late (send lag p99 %.1f ms, machine %.2f of %d cores busy): "+
				"the open-loop schedule slipped; latencies are from the actual write", s.Name, s.SendLag.P99, s.MachineCPU, res.Machine.CPUs))
		}
	}
	if ck.Gaps > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d seqs skipped without reason: events lost", ck.Gaps))
	}
	if ck.StaleClients > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d connected clients did not reach their board's head", ck.StaleClients))
	}
	sort.Strings(res.Warnings)
}
