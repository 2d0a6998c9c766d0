package load

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// fanout plays the workload at each rate in turn on the same connections.
// With several -url it is the two-nodes scenario; the room size is
// -clients / -boards.
func (r *runner) fanout(res *Result) error {
	parts := r.participants()
	senders := pickSenders(parts, r.cfg.Senders)
	for _, rate := range r.cfg.Rates {
		if err := r.checkRate(rate, len(senders), len(parts)); err != nil {
			return err
		}
	}
	for i, rate := range r.cfg.Rates {
		if i > 0 {
			sleep(r.ctx, r.cfg.Settle)
		}
		r.step(stepOpts{name: fmt.Sprintf("%.0f/s", rate), rate: rate, cursorRate: r.cfg.Cursors,
			senders: senders, cursorClients: parts})
		if r.ctx.Err() != nil {
			return r.ctx.Err()
		}
	}
	return nil
}

// idle holds every connection open, doing nothing, for -duration and
// reads what they cost the server.
func (r *runner) idle(res *Result) error {
	before := res.Setup.ServersBefore
	hold0 := r.scrapeAll()
	t0 := time.Now()
	r.logf("holding %d idle connections for %s", len(r.clients), r.cfg.Duration)
	sleep(r.ctx, r.cfg.Duration)
	after := r.scrapeAll()
	el := time.Since(t0).Seconds()
	n := float64(len(r.clients))
	idle := &IdleResult{Connections: len(r.clients), ToolRSSPerConnKB: round3((selfRSS() - r.toolRSS0) / n / 1024)}
	for i := range r.urls {
		if i >= len(before) || !before[i].OK || !after[i].OK {
			res.Warnings = append(res.Warnings, "no /metrics from "+r.urls[i].String())
			continue
		}
		idle.RSSPerConnKB += (after[i].RSS - before[i].RSS) / n / 1024
		idle.HeapPerConnKB += (after[i].HeapInuse - before[i].HeapInuse) / n / 1024
		idle.StackPerConnKB += (after[i].StackInuse - before[i].StackInuse) / n / 1024
		idle.GoroutinesDelta += after[i].Goroutines - before[i].Goroutines
		if hold0[i].OK {
			idle.ServerCPUCores += (after[i].CPU - hold0[i].CPU) / el
		}
	}
	idle.RSSPerConnKB = round3(idle.RSSPerConnKB)
	idle.HeapPerConnKB = round3(idle.HeapPerConnKB)
	idle.StackPerConnKB = round3(idle.StackPerConnKB)
	idle.ServerCPUCores = round3(idle.ServerCPUCores)
	res.Idle = idle
	return r.ctx.Err()
}

// reconnect drops every connection but -keep per board at once, a third
// into the step, while the kept ones go on sending; the dropped ones all
// reconnect -drop-delay later with lastSeq and epoch, and must each get
// exactly the events they missed (or a snapshot).
func (r *runner) reconnect(res *Result) error {
	parts := r.participants()
	keepN := r.cfg.Boards * max(1, r.cfg.KeepPerRoom)
	if keepN >= len(parts) {
		return fmt.Errorf("reconnect: -keep %d per board leaves nobody to drop", r.cfg.KeepPerRoom)
	}
	keep, dropped := parts[:keepN], parts[keepN:]
	senders := pickSenders(keep, r.cfg.Senders)
	rate := r.cfg.Rates[0]
	if err := r.checkRate(rate, len(senders), len(keep)); err != nil {
		return err
	}
	storm := &StormResult{Dropped: len(dropped), AllResumedSec: -1, DropDelaySec: r.cfg.DropDelay.Seconds()}
	var (
		stormAt  atomic.Int64
		resumed  atomic.Int64
		last     atomic.Int64
		hist     Hist
		replays  atomic.Uint64
		snaps    atomic.Uint64
		inexact  atomic.Uint64
		replayed atomic.Uint64
	)
	var allUps atomic.Int64 // every resume after the drop, repeats included
	hook := func(c *client, now int64, first bool) {
		if !first && stormAt.Load() != 0 {
			allUps.Add(1)
		}
		if first || !c.inStorm.CompareAndSwap(true, false) {
			return
		}
		hist.Record(time.Duration(now - stormAt.Load()))
		if c.sawSnapshot {
			snaps.Add(1)
		} else {
			replays.Add(1)
			replayed.Add(c.replayed)
			if c.replayed != c.welcomeSeq-c.helloLast {
				inexact.Add(1)
			}
		}
		// The latest, not the last recorded: hooks of different clients
		// may run out of order.
		for prev := last.Load(); now > prev && !last.CompareAndSwap(prev, now); prev = last.Load() {
		}
		resumed.Add(1)
	}
	r.onUp.Store(&hook)
	during := func(ctx context.Context, st *stepStats) {
		sleep(ctx, r.cfg.Duration/3)
		if ctx.Err() != nil {
			return
		}
		for _, c := range dropped {
			c.inStorm.Store(true)
			c.dropDelay.Store(int64(r.cfg.DropDelay))
		}
		m0 := r.scrapeAll()
		stormAt.Store(r.now())
		r.logf("dropping %d connections at once; they reconnect in %s", len(dropped), r.cfg.DropDelay)
		for _, c := range dropped {
			c.drop()
		}
		for resumed.Load() < int64(len(dropped)) && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		m1 := r.scrapeAll()
		r.logf("%d of %d resumed", resumed.Load(), len(dropped))
		storm.Server = perResume(m0, m1, int(allUps.Load()), float64(r.now()-stormAt.Load())/1e9)
	}
	r.step(stepOpts{name: "storm", rate: rate, cursorRate: r.cfg.Cursors, senders: senders, cursorClients: keep,
		during: during, noExpect: true})
	r.onUp.Store(nil)
	storm.Resumed = int(resumed.Load())
	if storm.Resumed == storm.Dropped && storm.Dropped > 0 {
		storm.AllResumedSec = round3(float64(last.Load()-stormAt.Load()) / 1e9)
	}
	storm.ResumeLatency = hist.Summary()
	storm.Replays, storm.Snapshots, storm.Inexact, storm.MissedEvents = replays.Load(), snaps.Load(), inexact.Load(), replayed.Load()
	res.Storm = storm
	return r.ctx.Err()
}

// perResume is what one node did per resume between two scrapes, or nil
// with several nodes or without their metrics.
func perResume(m0, m1 []serverMetrics, resumes int, window float64) *StormServer {
	if len(m0) != 1 || len(m1) != 1 || !m0[0].OK || !m1[0].OK || resumes == 0 {
		return nil
	}
	a, b, n := m0[0], m1[0], float64(resumes)
	per := func(x, y float64) float64 { return round3((y - x) / n) }
	return &StormServer{
		Resumes: resumes, WindowSec: round3(window),
		CPUMs:          round3((b.CPU - a.CPU) * 1000 / n),
		AllocatedKB:    round3((b.Allocated - a.Allocated) / 1024 / n),
		Mallocs:        per(a.Mallocs, b.Mallocs),
		Messages:       per(a.Messages, b.Messages),
		Frames:         per(a.Frames, b.Frames),
		PresenceLists:  per(a.Presence, b.Presence),
		PresenceKB:     round3((b.PresenceBytes - a.PresenceBytes) / 1024 / n),
		SlowCloses:     b.SlowCut - a.SlowCut,
		StepsOver100ms: (b.Steps - b.StepsIn100ms) - (a.Steps - a.StepsIn100ms),
	}
}

// slow runs the workload twice: a baseline, then with -slow-clients
// clients (one per board, on the first boards) that stop reading at once.
// It measures the others' delivery p99 in both, how soon the server cuts
// each slow one (seen as it leaving the presence its board's others get),
// and whether each then resumes with nothing lost.
func (r *runner) slow(res *Result) error {
	parts := r.participants()
	n := max(1, r.cfg.SlowClients)
	if n > len(r.boards) {
		return fmt.Errorf("slow: -slow-clients %d is more than the %d boards (one slow client a board)", n, len(r.boards))
	}
	slowOf := map[*board]*client{} // the last participant of each of the first n boards
	for _, c := range parts {
		for _, b := range r.boards[:n] {
			if c.b == b {
				slowOf[b] = c
			}
		}
	}
	var slows, others []*client
	for _, b := range r.boards[:n] {
		if c := slowOf[b]; c != nil {
			slows = append(slows, c)
		}
	}
	isSlow := map[*client]int{}
	for i, c := range slows {
		isSlow[c] = i
	}
	for _, c := range parts {
		if _, ok := isSlow[c]; !ok {
			others = append(others, c)
		}
	}
	if len(slows) < n || len(others) == 0 {
		return fmt.Errorf("slow: need %d boards with at least two participants each", n)
	}
	senders := pickSenders(others, r.cfg.Senders)
	rate := r.cfg.Rates[0]
	if err := r.checkRate(rate, len(senders), len(others)); err != nil {
		return err
	}
	for _, c := range slows {
		c.excluded.Store(true)
	}
	if r.cfg.SlowRcvBuf > 0 {
		d := *r.dialer
		size := r.cfg.SlowRcvBuf
		d.NetDialContext = (&net.Dialer{Timeout: 10 * time.Second, Control: func(_, _ string, rc syscall.RawConn) error {
			var serr error
			rc.Control(func(fd uintptr) { serr = setRcvBuf(fd, size) })
			return serr
		}}).DialContext
		// Reconnect them now so the small buffer is in force from the start.
		for _, c := range slows {
			c.dialer = &d
			ups := c.ups.Load()
			c.dropDelay.Store(int64(time.Millisecond))
			c.drop()
			for deadline := time.Now().Add(10 * time.Second); c.ups.Load() == ups; {
				if time.Now().After(deadline) {
					return fmt.Errorf("slow: slow client %d did not reconnect with its small buffer", c.idx)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	base := r.step(stepOpts{name: "baseline", rate: rate, cursorRate: r.cfg.Cursors, senders: senders, cursorClients: others})
	sleep(r.ctx, r.cfg.Settle)
	if r.ctx.Err() != nil {
		return r.ctx.Err()
	}

	ids := make([][]byte, len(slows))
	for i, c := range slows {
		ids[i] = []byte(c.participantID())
	}
	cutAt := make([]atomic.Int64, len(slows))
	resumedAt := make([]atomic.Int64, len(slows))
	resumeKinds := make([]atomic.Value, len(slows))
	var pauseAt, unpauseAt, cuts, resumes atomic.Int64
	watch := func(c *client, data []byte, now int64) {
		if pauseAt.Load() == 0 {
			return
		}
		s := slowOf[c.b]
		if s == nil || s == c {
			return
		}
		i := isSlow[s]
		if cutAt[i].Load() == 0 && !bytes.Contains(data, ids[i]) && cutAt[i].CompareAndSwap(0, now) {
			cuts.Add(1)
		}
	}
	r.watch.Store(&watch)
	hook := func(c *client, now int64, first bool) {
		i, ok := isSlow[c]
		if !ok || first || unpauseAt.Load() == 0 {
			return
		}
		kind := "replay"
		if c.sawSnapshot {
			kind = "snapshot"
		}
		resumeKinds[i].Store(kind)
		if resumedAt[i].CompareAndSwap(0, now) {
			resumes.Add(1)
		}
	}
	r.onUp.Store(&hook)
	during := func(ctx context.Context, st *stepStats) {
		ch := make(chan struct{})
		for _, c := range slows {
			c.pause.Store(&ch)
		}
		pauseAt.Store(r.now())
		r.logf("%d client(s) stop reading", len(slows))
		end := time.Now().Add(r.cfg.Duration)
		for cuts.Load() < int64(len(slows)) && time.Now().Before(end) && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		if c := cuts.Load(); c > 0 {
			r.logf("the server cut %d of %d", c, len(slows))
			sleep(ctx, 500*time.Millisecond)
		}
		unpauseAt.Store(r.now())
		for _, c := range slows {
			c.pause.Store(nil)
		}
		close(ch)
		for resumes.Load() < int64(len(slows)) && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	slowStep := r.step(stepOpts{name: "slow", rate: rate, cursorRate: r.cfg.Cursors, senders: senders, cursorClients: others,
		during: during, noExpect: true})
	r.watch.Store(nil)
	r.onUp.Store(nil)
	out := &SlowResult{Clients: len(slows), CutAfterSec: -1, ResumedSec: -1, BaselineP99: base.deliv.Summary().P99, SlowP99: slowStep.deliv.Summary().P99}
	if out.BaselineP99 > 0 {
		out.IncreasePct = round3((out.SlowP99 - out.BaselineP99) / out.BaselineP99 * 100)
	}
	// The figures are the last slow client's: when the server had cut
	// them all, when all of them had resumed.
	for i := range slows {
		if c := cutAt[i].Load(); c > 0 {
			sec := round3(float64(c-pauseAt.Load()) / 1e9)
			out.CutAfterAll = append(out.CutAfterAll, sec)
			out.CutAfterSec = max(out.CutAfterSec, sec)
		}
		if ra := resumedAt[i].Load(); ra > 0 {
			out.Resumed++
			out.ResumedSec = max(out.ResumedSec, round3(float64(ra-unpauseAt.Load())/1e9))
			kind, _ := resumeKinds[i].Load().(string)
			if out.ResumeKind == "" || out.ResumeKind == kind {
				out.ResumeKind = kind
			} else {
				out.ResumeKind = "replay and snapshot"
			}
		}
	}
	if len(out.CutAfterAll) < len(slows) {
		out.CutAfterSec = -1 // not all were cut
	}
	if out.Resumed < len(slows) {
		out.ResumedSec = -1
	}
	res.Slow = out
	r.afterFinish = append(r.afterFinish, func(res *Result) {
		out.AllAtHead = true
		for i, c := range slows {
			if i == 0 {
				out.CloseCode = c.lastClose.Load()
				out.SlowFinalSeq = c.seq.last
				out.BoardHead = c.b.head.Load()
			}
			if c.seq.last != c.b.head.Load() {
				out.AllAtHead = false
			}
			out.SlowGaps += unexplained(c.seq.gaps, nil)
		}
	})
	return r.ctx.Err()
}

// churn plays the workload while clients leave all the time: half of them
// come back after -churn-away and resume, half are replaced by a new
// participant who joins (HTTP) and connects (snapshot).
func (r *runner) churn(res *Result) error {
	parts := r.participants()
	nSend := r.cfg.Senders
	if nSend == 0 {
		nSend = max(1, len(parts)/2)
	}
	if nSend >= len(parts) {
		return fmt.Errorf("churn: -senders %d leaves nobody to churn", nSend)
	}
	senders, churners := parts[:nSend], append([]*client(nil), parts[nSend:]...)
	rate := r.cfg.Rates[0]
	if err := r.checkRate(rate, len(senders), len(parts)); err != nil {
		return err
	}
	out := &ChurnResult{}
	var rejoin, newJoin Hist
	var cameBack atomic.Int64
	hook := func(c *client, now int64, first bool) {
		switch {
		case first && c.joinStart > 0:
			newJoin.Record(time.Duration(now - c.joinStart))
		case !first && c.churnBack.CompareAndSwap(true, false):
			rejoin.Record(time.Duration(now - c.caughtFrom))
			cameBack.Add(1)
		}
	}
	r.onUp.Store(&hook)
	var mu sync.Mutex
	var joinWG sync.WaitGroup
	during := func(ctx context.Context, st *stepStats) {
		every := time.Duration(float64(time.Second) / r.cfg.ChurnRate)
		t := time.NewTicker(every)
		defer t.Stop()
		end := time.Now().Add(r.cfg.Duration)
		next := 0
		for k := 0; time.Now().Before(end); k++ {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			var c *client
			for tries := 0; tries < len(churners) && c == nil; tries++ {
				cand := churners[next%len(churners)]
				next++
				if cand.connected.Load() && !cand.retired.Load() {
					c = cand
				}
			}
			mu.Unlock()
			if c == nil {
				continue
			}
			out.Left++
			b := c.b
			if k%2 == 0 || b.joined >= 1900 {
				c.churnBack.Store(true)
				c.dropDelay.Store(int64(r.cfg.ChurnAway))
				c.leave()
				continue
			}
			c.retired.Store(true)
			c.leave()
			b.joined++
			joinWG.Add(1)
			go func(b *board, base, nth int) {
				defer joinWG.Done()
				start := r.now()
				sess, err := r.api.join(ctx, r.urls[base], b.ws.Workshop.JoinCode, "Newcomer "+strconv.Itoa(nth))
				if err != nil {
					if ctx.Err() == nil {
						r.errs.add("join: " + shortErr(err))
						mu.Lock()
						out.JoinErrors++
						mu.Unlock()
					}
					return
				}
				nc := r.newClient(b, r.urls[base])
				nc.sess, nc.joinStart = sess, start
				mu.Lock()
				out.NewJoined++
				churners = append(churners, nc)
				mu.Unlock()
				r.startClient(nc)
			}(b, k%len(r.urls), out.Left)
		}
	}
	r.step(stepOpts{name: "churn", rate: rate, cursorRate: r.cfg.Cursors, senders: senders, cursorClients: senders,
		during: during, noExpect: true})
	joinWG.Wait()
	r.onUp.Store(nil)
	mu.Lock()
	out.CameBack = int(cameBack.Load())
	out.Rejoin, out.NewJoin = rejoin.Summary(), newJoin.Summary()
	mu.Unlock()
	res.Churn = out
	return r.ctx.Err()
}
