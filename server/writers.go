package server

import (
	"errors"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The write path of connections, fast and slow.
//
// Fast: a connection with something to write is put on a list that a few
// writer goroutines (at most GOMAXPROCS at start, started on demand, ended after
// writerLinger idle) serve in turn. A writer takes what the connection has
// queued, builds its frames, and writes them with one non-blocking
// write(2). A fan-out to 50 connections thus costs one goroutine wake-up
// and 50 system calls, not 50 wake-ups and 50 parks, and the burst of a
// group commit is written in one loop.
//
// Slow: when the socket cannot take a whole batch at once (the client
// reads slowly, or its buffers are full), when the board is paced, when
// the connection closes, or where there is no socket to write to without
// blocking, the connection gets a goroutine of its own (conn.writeLoop),
// which blocks on the socket with a deadline and cuts the client when it
// is too slow. It lingers writerLinger and ends, and the connection goes
// back to the fast path.

// writerPool is the list of connections ready to write and its writers.
type writerPool struct {
	mu        sync.Mutex
	ready     []*conn // in the order they became ready
	spare     []*conn
	workers   int  // running
	idle      int  // waiting for work
	signalled bool // a wake is on its way to an idle writer
	wake      chan struct{}
}

// writers serves every hub's connections in this process.
var writers = &writerPool{wake: make(chan struct{}, 1)}

// maxWriters is how many writer goroutines may run: one per P, as the
// process started (reading GOMAXPROCS on every add takes the scheduler's
// lock).
var maxWriters = max(1, runtime.GOMAXPROCS(0))

// slowHandoffs counts batches the fast path handed to the slow one
// because the socket was full.
var slowHandoffs atomic.Int64

// add puts c on the list; c.pooled was set by the caller (under c.mu),
// so c is on it at most once.
func (p *writerPool) add(c *conn) {
	p.mu.Lock()
	p.ready = append(p.ready, c)
	signal, start := false, false
	switch {
	case p.idle > 0:
		if !p.signalled {
			p.signalled, signal = true, true
		}
	case p.workers < maxWriters:
		p.workers++
		start = true
	}
	p.mu.Unlock()
	if signal {
		select {
		case p.wake <- struct{}{}:
		default:
		}
	}
	if start {
		go p.work()
	}
}

// work serves ready connections until there have been none for
// writerLinger.
func (p *writerPool) work() {
	linger := time.NewTimer(writerLinger)
	defer linger.Stop()
	var again []*conn
	p.mu.Lock()
	for {
		if len(p.ready) == 0 {
			p.idle++
			p.mu.Unlock()
			if !linger.Stop() {
				select {
				case <-linger.C:
				default:
				}
			}
			linger.Reset(writerLinger)
			timedOut := false
			select {
			case <-p.wake:
			case <-linger.C:
				timedOut = true
			}
			p.mu.Lock()
			p.idle--
			if !timedOut {
				p.signalled = false
			}
			if timedOut && len(p.ready) == 0 {
				p.workers--
				p.mu.Unlock()
				return
			}
			continue
		}
		batch := p.ready
		p.ready, p.spare = p.spare[:0], nil
		p.mu.Unlock()
		again = again[:0]
		for i, c := range batch {
			batch[i] = nil
			if c.serveReady() {
				again = append(again, c)
			}
		}
		p.mu.Lock()
		if p.spare == nil {
			p.spare = batch[:0]
		}
		// Those with more to write go to the back, behind whoever became
		// ready meanwhile.
		p.ready = append(p.ready, again...)
		clear(again)
	}
}

// serveReady writes what c has queued, on the fast path if it can. It
// reports whether c has more to write and stays on the list.
func (c *conn) serveReady() bool {
	c.mu.Lock()
	now := time.Now()
	if c.closing || c.raw == nil || (len(c.queue) > 0 && c.paceWaitLocked(now) > 0) {
		c.pooled, c.writing = false, true
		c.mu.Unlock()
		go c.writeLoop(nil, time.Time{})
		return false
	}
	if len(c.queue) == 0 && !c.pingDue {
		c.pooled = false
		c.mu.Unlock()
		return false
	}
	batch := c.queue
	c.queue, c.spare = c.spare, nil
	c.durable, c.presence, c.cursors, c.curList = 0, 0, 0, nil
	ping := c.pingDue
	c.pingDue = false
	c.inflight = true
	c.mu.Unlock()

	rest, off, held, deadline, err := c.writeFast(batch, ping, now)
	clear(batch)

	c.mu.Lock()
	c.inflight = false
	if cap(batch) <= 2*sendQueueSize && c.spare == nil {
		c.spare = batch[:0]
	}
	switch {
	case err != nil:
		c.broken = true
		c.pooled, c.writing = false, true
		c.mu.Unlock()
		go c.failed(err)
		return false
	case rest != nil:
		// The socket took part of it, or someone else was writing: the
		// rest, and what follows, go on the slow path, which holds the
		// write lock the fast path took, if it took it.
		slowHandoffs.Add(1)
		if c.hub != nil {
			c.hub.metrics.handoffs.Inc()
		}
		c.pooled, c.writing = false, true
		c.mu.Unlock()
		go c.writeLoop(&pendingWrite{bp: rest, off: off, held: held}, deadline)
		return false
	case len(c.queue) > 0 || c.pingDue || c.closing:
		c.mu.Unlock()
		return true
	}
	c.pooled = false
	c.mu.Unlock()
	return false
}

// pendingWrite is the part of a batch's bytes, (*bp)[off:], that the fast
// path could not write without waiting.
type pendingWrite struct {
	bp   *[]byte
	off  int
	held bool // the write lock is held for it (part of a frame is written)
}

// writeFast writes a ping (if due) and the batch without blocking. If the
// socket took all of it, rest is nil; if it took only part (or nothing),
// (*rest)[off:] is what is left, which must be written by deadline; held
// says the socket's write lock is still held for it (see lockedConn).
func (c *conn) writeFast(batch []outMsg, ping bool, now time.Time) (rest *[]byte, off int, held bool, deadline time.Time, err error) {
	if err := c.checkPong(); err != nil {
		return nil, 0, false, time.Time{}, err
	}
	pingAfter := ping || len(batch) > 0 && c.busyPing > 0 && now.Sub(c.lastPing) >= c.busyPing
	bp, _ := batchBuffers.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	buf, frames := (*bp)[:0], 0
	if len(batch) > 0 {
		buf, frames = appendFrames(buf, batch, c.batched)
	}
	if pingAfter {
		buf = appendPing(buf, c.written+int64(len(buf))+pingFrameLen)
	}
	*bp = buf
	c.written += int64(len(buf))
	if pingAfter {
		c.pinged(now) // before the write (see pinged)
	}
	if len(batch) > 0 {
		c.lastFrame = now
	}
	n, held, err := c.raw.tryWrite(buf)
	if n == 0 && errors.Is(err, os.ErrDeadlineExceeded) && !c.cut.Load() {
		// A deadline the slow path or gorilla/websocket set has passed;
		// the fast path needs none.
		c.raw.SetWriteDeadline(time.Time{})
		c.wdeadline = time.Time{}
		n, held, err = c.raw.tryWrite(buf)
	}
	if c.hub != nil && len(batch) > 0 {
		c.hub.metrics.frames.Add(float64(frames))
		c.hub.metrics.messages.Add(float64(len(batch)))
	}
	if err != nil || n == len(buf) {
		putBatchBuffer(bp)
		return nil, 0, false, time.Time{}, err
	}
	return bp, n, held, batchDeadline(batch, now, c.slowAfter), nil
}

// putBatchBuffer gives a frame buffer back for the next batch unless it
// grew beyond ordinary sizes.
func putBatchBuffer(bp *[]byte) {
	if cap(*bp) <= 256<<10 {
		*bp = (*bp)[:0]
		batchBuffers.Put(bp)
	}
}

// failed ends a connection whose write failed, as the write loop would.
func (c *conn) failed(err error) {
	c.kick(writeErrorCode(err), "too slow, resume from your last seq")
	c.finish()
}

// lockedConn is a connection's TCP socket with a write lock of its own
// around every Write, gorilla/websocket's (pings, pongs, close frames)
// and the slow path's alike. The fast path takes it for its non-blocking
// write and, when the socket took only part of a frame, leaves it held
// for the slow path to finish the frame, so nothing is ever written into
// the middle of one.
type lockedConn struct {
	// net.Conn, not *net.TCPConn, so that no unexported method of the
	// socket (net.Buffers' writev) is promoted past the lock.
	net.Conn
	tc  *net.TCPConn
	wmu sync.Mutex
	rc  syscall.RawConn

	// The fast path's write in progress (under wmu).
	buf  []byte
	n    int
	werr error
	step func(fd uintptr) bool
}

func newLockedConn(tc *net.TCPConn) *lockedConn {
	l := &lockedConn{Conn: tc, tc: tc}
	if rc, err := tc.SyscallConn(); err == nil && canWriteRaw {
		l.rc = rc
		l.step = l.writeStep
	}
	return l
}

// Write implements net.Conn, under the write lock.
func (l *lockedConn) Write(p []byte) (int, error) {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	return l.tc.Write(p)
}

// tryWrite writes as much of buf as the socket takes now, without
// waiting. When it returns n < len(buf) and no error, held says whether
// it holds the write lock (it wrote part of a frame), which the caller
// must then pass on to finishWrite; if someone else holds the lock (a
// pong or close frame blocked on a full socket), it writes nothing and
// does not wait, so one stuck client never holds up a writer.
func (l *lockedConn) tryWrite(buf []byte) (n int, held bool, err error) {
	if !l.wmu.TryLock() {
		return 0, false, nil
	}
	l.buf, l.n, l.werr = buf, 0, nil
	err = l.rc.Write(l.step)
	n, werr := l.n, l.werr
	l.buf, l.werr = nil, nil
	if err == nil {
		err = werr
	}
	if err != nil || n == len(buf) {
		l.wmu.Unlock()
		return n, false, err
	}
	return n, true, nil
}

// finishWrite writes the rest of a frame tryWrite began, blocking until
// the socket's write deadline, and lets go of the write lock.
func (l *lockedConn) finishWrite(rest []byte) error {
	defer l.wmu.Unlock()
	_, err := l.tc.Write(rest)
	return err
}
