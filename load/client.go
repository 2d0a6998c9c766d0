package load

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// client is one participant with one WebSocket to its board, acting as the
// real client does: hello (with lastSeq and epoch when it resumes), apply
// what arrives in seq order, resend unanswered ops after a reconnect.
//
// Its reader goroutine owns the connection's life and everything it
// receives; its writer goroutine (senders only) sends what the scheduler
// queues; wmu serialises writes between the two.
type client struct {
	r           *runner
	idx         int
	b           *board
	base        *url.URL
	sess        session
	facilitator bool
	sendq       chan outMsg       // nil: never sends
	dialer      *websocket.Dialer // nil: the runner's

	wmu   sync.Mutex
	conn  *websocket.Conn // nil while disconnected
	ready bool            // hello written on conn
	wbuf  []byte
	text  []byte

	pmu     sync.Mutex
	pending map[int64][]byte // ops written or queued, not yet answered

	// Owned by the reader goroutine.
	seq         seqTracker
	epoch       string
	welcomeSeq  uint64
	catching    bool // between welcome and holding the head it announced
	resuming    bool // this connection is a resume (hello had lastSeq)
	sawSnapshot bool
	helloLast   uint64
	caughtFrom  int64 // when this connection's attempt started (ns)
	replayed    uint64
	wasLive     bool
	curSec      int64
	curCount    int64
	localMax    int64
	gen         int64
	buf         []byte

	lastSeen  atomic.Uint64 // seq.last, for others to read
	fpsMax    atomic.Int64  // most frames in one second, this step
	connected atomic.Bool   // caught up and live
	ups       atomic.Int64  // times it caught up (connections that went live)
	retired   atomic.Bool   // gone for good: do not reconnect
	excluded  atomic.Bool   // its deliveries stay out of the latency figures
	dropDelay atomic.Int64  // ns to wait before the next reconnect (once)
	selfClose atomic.Bool   // the tool closed this connection on purpose
	inStorm   atomic.Bool   // reconnect scenario: waiting to resume
	churnBack atomic.Bool   // churn: left, will come back
	joinStart int64         // churn newcomer: when its join began (set before it starts)
	pause     atomic.Pointer[chan struct{}]
	lastClose atomic.Int64 // the last close code the server sent, or -1 for none

	// Owned by the scheduler.
	notes    []string
	voted    []bool
	reacted  []bool
	nextNote int
	madeN    int
	commentN int
	connectN int
}

func (c *client) participantID() string { return c.sess.Participant.ID }

// loop connects, reads until the connection ends, and reconnects (resuming)
// until the run ends or the client is retired.
func (c *client) loop() {
	r := c.r
	defer r.wg.Done()
	first := true
	for r.ctx.Err() == nil && !c.retired.Load() {
		err := c.session(first)
		if err == errDial {
			sleep(r.ctx, 500*time.Millisecond+time.Duration(rand.Int64N(int64(500*time.Millisecond))))
			continue
		}
		first = false
		c.noteClose(err)
		if r.ctx.Err() != nil || c.retired.Load() {
			return
		}
		delay := time.Duration(c.dropDelay.Swap(0))
		if delay == 0 {
			if !r.cfg.Reconnect && !c.selfClose.Load() {
				return
			}
			delay = 100*time.Millisecond + time.Duration(rand.Int64N(int64(200*time.Millisecond)))
		}
		c.selfClose.Store(false)
		sleep(r.ctx, delay)
	}
}

var errDial = errors.New("dial failed")

// noteClose records why a connection ended.
func (c *client) noteClose(err error) {
	r := c.r
	if r.ctx.Err() != nil {
		return
	}
	var ce *websocket.CloseError
	switch {
	case c.selfClose.Load():
		r.closes.add("closed-by-tool")
	case errors.As(err, &ce):
		c.lastClose.Store(int64(ce.Code))
		r.closes.add(strconv.Itoa(ce.Code))
	default:
		c.lastClose.Store(-1)
		r.closes.add("1006-no-close-frame")
	}
}

// session runs one connection: dial, hello, resend, read until it ends.
func (c *client) session(first bool) error {
	r := c.r
	if first {
		select {
		case r.dialSem <- struct{}{}:
		case <-r.ctx.Done():
			return r.ctx.Err()
		}
	}
	released := !first
	release := func() {
		if !released {
			released = true
			<-r.dialSem
		}
	}
	defer release()
	c.caughtFrom = r.now()
	dctx, cancel := context.WithTimeout(r.ctx, 15*time.Second)
	dialer := r.dialer
	if c.dialer != nil {
		dialer = c.dialer
	}
	ws, _, err := dialer.DialContext(dctx, wsURL(c.base, c.b.ws.Workshop.ID), nil)
	cancel()
	if err != nil {
		if r.ctx.Err() == nil {
			r.errs.add("dial: " + shortErr(err))
		}
		return errDial
	}
	c.resuming = !first && c.seq.last > 0 && !(r.cfg.StormFresh && c.inStorm.Load())
	c.helloLast = 0
	hello := append(make([]byte, 0, 256), `{"type":"hello","token":"`...)
	hello = append(hello, c.sess.Token...)
	if c.resuming {
		c.helloLast = c.seq.last
		hello = append(hello, `","epoch":"`...)
		hello = append(hello, c.epoch...)
		hello = append(hello, `","lastSeq":`...)
		hello = strconv.AppendUint(hello, c.seq.last, 10)
		hello = append(hello, '}')
	} else {
		c.seq.base(0)
		hello = append(hello, `"}`...)
	}
	c.catching, c.sawSnapshot, c.replayed, c.welcomeSeq = true, false, 0, 0
	c.wmu.Lock()
	ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	err = ws.WriteMessage(websocket.TextMessage, hello)
	if err == nil {
		c.conn, c.ready = ws, true
		c.resendLocked(ws)
	}
	c.wmu.Unlock()
	if err != nil {
		ws.Close()
		return err
	}
	err = c.read(ws, release)
	c.connected.Store(false)
	c.wmu.Lock()
	c.conn, c.ready = nil, false
	c.wmu.Unlock()
	ws.Close()
	if c.wasLive {
		c.wasLive = false
		c.b.live.Add(-1)
	}
	return err
}

// resendLocked writes every unanswered op again, with its id, oldest first.
func (c *client) resendLocked(ws *websocket.Conn) {
	c.pmu.Lock()
	if len(c.pending) == 0 {
		c.pmu.Unlock()
		return
	}
	nums := make([]int64, 0, len(c.pending))
	for n := range c.pending {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	msgs := make([][]byte, len(nums))
	for i, n := range nums {
		msgs[i] = c.pending[n]
	}
	c.pmu.Unlock()
	for i, n := range nums {
		rec := &c.r.ops[n]
		if rec.sentAt.Load() == 0 {
			rec.sentAt.Store(c.r.now())
		}
		c.r.resent.Add(1)
		if ws.WriteMessage(websocket.TextMessage, msgs[i]) != nil {
			return
		}
	}
}

// read reads frames until the connection ends. A paused client (the slow
// scenario) stops reading until unpaused.
func (c *client) read(ws *websocket.Conn, release func()) error {
	r := c.r
	for {
		slowRate := r.cfg.SlowReadRate
		if p := c.pause.Load(); p != nil && slowRate <= 0 {
			select {
			case <-*p:
			case <-r.ctx.Done():
				return r.ctx.Err()
			}
		}
		_, rd, err := ws.NextReader()
		if err != nil {
			return err
		}
		c.buf, err = readAll(rd, c.buf[:0])
		if err != nil {
			return err
		}
		if p := c.pause.Load(); p != nil && slowRate > 0 {
			// A slow reader rather than a stopped one: it takes each frame
			// at slowRate bytes a second (and the pings among them late).
			select {
			case <-*p:
			case <-time.After(time.Duration(float64(len(c.buf)) / slowRate * float64(time.Second))):
			case <-r.ctx.Done():
				return r.ctx.Err()
			}
		}
		c.handle(c.buf, release)
	}
}

func readAll(rd io.Reader, buf []byte) ([]byte, error) {
	if cap(buf) == 0 {
		buf = make([]byte, 0, 2048)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// handle processes one frame from the server: one or more messages, one
// per line.
func (c *client) handle(frame []byte, release func()) {
	now := c.r.now()
	c.countFrame(now, len(frame))
	for len(frame) > 0 {
		data := frame
		if i := bytes.IndexByte(frame, '\n'); i >= 0 {
			data, frame = frame[:i], frame[i+1:]
		} else {
			frame = nil
		}
		c.handleMsg(data, now, release)
	}
}

// handleMsg processes one message.
func (c *client) handleMsg(data []byte, now int64, release func()) {
	r := c.r
	r.msgsIn.Add(1)
	switch kindOf(data) {
	case kEvent:
		seq, opID, ok := parseEvent(data)
		if !ok {
			r.parseErrs.Add(1)
			return
		}
		fresh := c.seq.event(seq)
		c.lastSeen.Store(c.seq.last)
		c.b.noteHead(seq)
		if fresh {
			if c.catching {
				c.replayed++
			}
			if n, ok := r.ids.num(opID); ok && n < int64(len(r.ops)) {
				r.delivered(c, n, now)
			}
		}
		if c.catching && c.welcomeSeq > 0 && c.seq.last >= c.welcomeSeq {
			c.caughtUp(now)
		}
	case kAck:
		id, seq, ok := parseAck(data)
		if !ok {
			r.parseErrs.Add(1)
			return
		}
		c.b.noteHead(seq)
		if n, ok := r.ids.num(id); ok && n < int64(len(r.ops)) {
			r.acked(c, n, seq, now)
			c.unpend(n)
		}
	case kError:
		var e errorFrame
		if err := jsonUnmarshal(data, &e); err != nil {
			r.parseErrs.Add(1)
			return
		}
		r.errs.add(e.Code)
		if n, ok := r.ids.num([]byte(e.ID)); ok && n < int64(len(r.ops)) {
			r.refused(n)
			c.unpend(n)
		}
	case kWelcome:
		var w welcomeFrame
		if err := jsonUnmarshal(data, &w); err != nil {
			r.parseErrs.Add(1)
			return
		}
		release()
		c.epoch = w.Workshop.Epoch
		c.welcomeSeq = w.Seq
		c.b.noteHead(w.Seq)
		if c.resuming && c.seq.last >= w.Seq {
			c.caughtUp(now)
		}
	case kSnapshot:
		seq, ok := snapshotSeq(data)
		if !ok {
			r.parseErrs.Add(1)
			return
		}
		c.sawSnapshot = true
		c.seq.base(seq)
		c.lastSeen.Store(seq)
		c.b.noteHead(seq)
		if st := r.cur.Load(); st != nil {
			st.snapshots.Add(1)
		}
		if c.catching && seq >= c.welcomeSeq {
			c.caughtUp(now)
		}
	case kPresence:
		if w := r.watch.Load(); w != nil {
			(*w)(c, data, now)
		}
	case kCursors:
		if st := r.cur.Load(); st != nil {
			st.cursorFrames.Add(1)
		}
	default:
		r.parseErrs.Add(1)
	}
}

// caughtUp marks the client live: it holds the head its welcome named.
func (c *client) caughtUp(now int64) {
	r := c.r
	c.catching = false
	c.connected.Store(true)
	c.ups.Add(1)
	c.wasLive = true
	c.b.live.Add(1)
	r.caughtUp(c, now)
}

// countFrame counts a frame for the throughput figures and this client's
// most frames in one second.
func (c *client) countFrame(now int64, n int) {
	r := c.r
	r.framesIn.Add(1)
	r.bytesIn.Add(uint64(n))
	if g := r.gen.Load(); g != c.gen {
		c.gen, c.localMax, c.curCount = g, 0, 0
	}
	sec := now / int64(time.Second)
	if sec != c.curSec {
		c.curSec, c.curCount = sec, 0
	}
	c.curCount++
	if c.curCount > c.localMax {
		c.localMax = c.curCount
		c.fpsMax.Store(c.localMax)
	}
}

func (c *client) unpend(n int64) {
	c.pmu.Lock()
	delete(c.pending, n)
	c.pmu.Unlock()
}

// writeLoop sends what the scheduler queues until the run ends.
func (c *client) writeLoop() {
	r := c.r
	defer r.wg.Done()
	for {
		select {
		case m := <-c.sendq:
			c.write(m)
		case <-r.ctx.Done():
			return
		}
	}
}

func (c *client) write(m outMsg) {
	r := c.r
	if m.cursor {
		c.wbuf = appendCursor(c.wbuf[:0], m.x, m.y)
		c.wmu.Lock()
		if c.ready {
			c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			c.conn.WriteMessage(websocket.TextMessage, c.wbuf)
		}
		c.wmu.Unlock()
		return
	}
	var text []byte
	if m.kind == opCreate || m.kind == opEdit || m.kind == opComment {
		n := r.cfg.TextBytes
		if m.kind == opComment {
			n = min(n, 500) // a comment's limit
		}
		c.text = noteText(c.text, n, m.n)
		text = c.text
	}
	msg := appendOp(make([]byte, 0, 96+len(text)), r.ids, m, text, c.b.voteID)
	c.pmu.Lock()
	c.pending[m.n] = msg
	c.pmu.Unlock()
	rec := &r.ops[m.n]
	c.wmu.Lock()
	if c.ready {
		now := r.now()
		rec.sentAt.Store(now)
		r.steps[rec.step].lag.Record(time.Duration(now - m.planned))
		c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		c.conn.WriteMessage(websocket.TextMessage, msg)
	}
	// Not connected: it stays pending and goes out after the reconnect.
	c.wmu.Unlock()
}

// drop cuts the connection without a close frame, as a lost network does.
func (c *client) drop() {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.conn != nil {
		c.selfClose.Store(true)
		c.conn.UnderlyingConn().Close()
	}
}

// leave closes the connection normally (1000), as a closed tab does.
func (c *client) leave() {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.conn != nil {
		c.selfClose.Store(true)
		c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
			time.Now().Add(time.Second))
		c.conn.UnderlyingConn().Close()
	}
}

func shortErr(err error) string {
	var ne *net.OpError
	if errors.As(err, &ne) && ne.Err != nil {
		return ne.Op + ": " + ne.Err.Error()
	}
	if errors.Is(err, websocket.ErrBadHandshake) {
		return "bad handshake"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	s := err.Error()
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
