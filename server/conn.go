package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/samskap/samskap/workshops"
)

// Connection limits (docs/PROTOCOL.md).
const (
	maxMessageSize = 16 << 10 // bytes in one client message
	sendQueueSize  = 256      // durable messages queued for one client
	// helloWait is how long a client has to send hello after connecting.
	// It only frees sockets that never say anything, so it is generous: a
	// phone on a poor network, or a loaded machine, may take seconds, and
	// a hello that came late must not be taken for none.
	helloWait = 30 * time.Second
	closeWait = time.Second // to write a close frame
	msgRate   = 60          // client messages per second, sustained
	msgBurst  = 120         // and in a burst

	// readBufferSize is each connection's read buffer. Client messages are
	// small (an op is well under 2 KB); a longer one takes a few reads.
	readBufferSize = 512
	// writeBufferSize is the buffer gorilla/websocket would borrow from
	// writeBuffers to write a data frame; it never does (writeBatch builds
	// the frames), so no connection holds one.
	writeBufferSize = 4 << 10
	// writerLinger is how long a write goroutine waits for more to write
	// before it ends; an idle connection has none.
	writerLinger = 2 * time.Second
	// minSendRate (bytes a second) is the slowest link a client may be on
	// without being cut: a frame of n bytes may take n/minSendRate on top
	// of Hub.SlowAfter, so a big snapshot on a thin link is not "slow".
	minSendRate = 64 << 10
	// writeGrace is the least time a write gets, however old its messages:
	// a server short of CPU must not cut clients that read.
	writeGrace = 250 * time.Millisecond

	// protocolParam and protocolBatched: a client that opens /ws/{id}?v=2
	// reads several messages per frame, separated by newlines; without it
	// every message is a frame of its own (version 1).
	protocolParam   = "v"
	protocolBatched = "2"

	// closeNoFrame asks the write loop to close without a close frame: the
	// peer is gone, or gorilla/websocket has sent the frame itself.
	closeNoFrame = -1
	// closeTooBig: gorilla/websocket has sent 1009 and the read loop has
	// ended; the rest of the oversized message is drained before closing so
	// the client gets the close frame rather than a TCP reset.
	closeTooBig = -2
)

// Defaults of the Hub's connection tuning (see the Hub's fields).
const (
	defaultSlowAfter     = 3 * time.Second
	defaultFrameInterval = time.Second / 30
	defaultPaceAbove     = 10_000
	defaultSendBuffer    = 64 << 10
	// A client that stops answering pings is gone within defaultPongWait
	// (and from everyone's presence 100 ms later): under the 15 s a
	// facilitator may wait to see who left. Pings every defaultPingPeriod
	// leave a healthy client 4 s for its pong to arrive.
	defaultPingPeriod = 10 * time.Second
	defaultPongWait   = 14 * time.Second
	// defaultBusyPing: a connection being written to is pinged at least
	// this often, and must answer within SlowAfter (plus time to read what
	// was written before the ping at minSendRate).
	defaultBusyPing = time.Second
)

// errNoPong is a busy connection's ping not answered in time: the client
// stopped reading, though what was sent to it still fits in the kernel's
// buffers (a quiet board, a phone whose app was put away).
var errNoPong = errors.New("ping not answered in time")

// writeBuffers would lend gorilla/websocket write buffers (see
// writeBufferSize); batchBuffers holds the buffers frames are built in.
var writeBuffers, batchBuffers sync.Pool

// newUpgrader returns the WebSocket upgrader the server uses. Read buffers
// are the connections' own (readBufferSize, see hijacker); with a write
// buffer pool, gorilla/websocket keeps no write buffer per connection.
func newUpgrader(checkOrigin func(*http.Request) bool) websocket.Upgrader {
	return websocket.Upgrader{
		ReadBufferSize:    0, // use the reader hijacker hands over
		WriteBufferSize:   writeBufferSize,
		WriteBufferPool:   &writeBuffers,
		CheckOrigin:       checkOrigin,
		EnableCompression: false,
	}
}

// monoBase and mono stamp queued messages compactly: nanoseconds on the
// monotonic clock since the process started.
var monoBase = time.Now()

func mono() int64 { return int64(time.Since(monoBase)) }

func monoTime(at int64) time.Time { return monoBase.Add(time.Duration(at)) }

// msgKind tells durable messages (events, acks, errors, snapshots, the
// welcome) from ephemeral ones, which are coalesced while they wait.
type msgKind uint8

const (
	kindDurable msgKind = iota
	kindPresence
	kindCursors
)

// outMsg is one message waiting to be written.
type outMsg struct {
	data []byte
	at   int64 // mono() when queued
}

// conn is one WebSocket connection of one person to one board. Its read
// loop runs in a goroutine of its own; a write goroutine runs only while
// there is something to write (and writerLinger after), so an idle
// connection costs one goroutine. The board never blocks on a connection.
//
// Messages wait in a queue that grows on demand. The write goroutine takes
// everything queued at once and writes it as one frame (batched clients)
// in one write; on a paced board it waits until frameInterval has passed
// since the previous frame, so a busy board sends each client at most
// 1/frameInterval frames a second while a quiet one never waits.
type conn struct {
	ws  *websocket.Conn
	hub *Hub
	// batched: the client reads several newline-separated messages per
	// frame (protocol version 2).
	batched bool
	// participantID is who this is, from the session; set before the board
	// sees the connection and never changed.
	participantID string
	// participant is the board's view of that person (name, role); only the
	// board's goroutine touches it.
	participant workshops.Participant
	limiter     *rate.Limiter

	slowAfter     time.Duration
	frameInterval time.Duration
	pingPeriod    time.Duration
	pongWait      time.Duration
	busyPing      time.Duration

	// Liveness while busy (see writeOut): pingAt is mono() of the ping the
	// client has not answered yet (0: none), pingWritten the bytes written
	// up to and with it, answered the same count for the last ping it
	// answered. Each ping carries its count (pingPayload), which the pong
	// echoes, so a pong for an older ping (a slow reader works through
	// its backlog) does not count as the answer to the newest one.
	// written and lastPing are the writer's.
	pingAt      atomic.Int64
	pingWritten atomic.Int64
	answered    atomic.Int64
	written     int64
	lastPing    time.Time

	closeOnce sync.Once
	done      chan struct{} // closed when the connection is kicked
	wake      chan struct{} // tells a running write goroutine there is more

	mu        sync.Mutex
	queue     []outMsg // unsent, oldest first
	spare     []outMsg // an emptied queue to reuse
	durable   int      // durable messages in queue
	presence  int      // 1 + index in queue of the unsent presence message, or 0
	cursors   int      // 1 + index in queue of the unsent cursors message, or 0
	curList   []cursor // the cursors of that message
	paced     *atomic.Bool
	writing   bool        // a write goroutine runs (the slow path)
	pooled    bool        // on the writers' list, or a writer serves it (the fast path)
	inflight  bool        // it is writing a batch
	cut       atomic.Bool // cutSocket was called
	broken    bool        // a write failed: the stream may end inside a frame
	pingDue   bool
	ping      *time.Timer
	closing   bool
	closeCode int
	closeText string
	lastFrame time.Time // when the last data frame was written; the writer's
	// wdeadline is the write deadline last set on the socket; the writer's.
	// pongSent says the read loop answered a ping (gorilla/websocket set a
	// deadline of its own on the socket), so wdeadline is not to be trusted.
	wdeadline time.Time
	pongSent  atomic.Bool
	// raw is the socket when the fast path can write it (writers.go); nil
	// sends every write through the slow path.
	raw *lockedConn
}

// upgrade completes the WebSocket handshake and returns the connection.
// The socket's kernel send buffer is capped (Hub.SendBuffer), so that a
// client that stops reading shows as unsent messages getting old, not as
// megabytes quietly absorbed by the kernel.
func (h *Hub) upgrade(u *websocket.Upgrader, w http.ResponseWriter, r *http.Request) (*conn, error) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		_, err := u.Upgrade(w, r, nil) // answers 500
		return nil, err
	}
	hw := &hijacker{ResponseWriter: w, hj: hj, sendBuffer: defaultSendBuffer}
	if h != nil {
		hw.sendBuffer = h.SendBuffer
	}
	ws, err := u.Upgrade(hw, r, nil)
	if err != nil {
		return nil, err
	}
	c := newConn(ws, h)
	c.batched = r.URL.Query().Get(protocolParam) == protocolBatched
	return c, nil
}

// hijacker hands gorilla/websocket a small read buffer of the connection's
// own instead of net/http's 4 KB one, so nothing of net/http's stays
// reachable once the handler returns, and caps the socket's send buffer.
type hijacker struct {
	http.ResponseWriter
	hj         http.Hijacker
	sendBuffer int
}

// Hijack implements http.Hijacker.
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := h.hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	if tc, ok := nc.(*net.TCPConn); ok {
		if h.sendBuffer > 0 {
			tc.SetWriteBuffer(h.sendBuffer)
		}
		nc = newLockedConn(tc)
	}
	if brw.Reader.Buffered() > 0 {
		return nc, brw, nil // the upgrader refuses this: data before the handshake
	}
	return nc, bufio.NewReadWriter(bufio.NewReaderSize(nc, readBufferSize), brw.Writer), nil
}

func newConn(ws *websocket.Conn, hub *Hub) *conn {
	c := &conn{
		ws: ws, hub: hub,
		limiter:       rate.NewLimiter(msgRate, msgBurst),
		done:          make(chan struct{}),
		wake:          make(chan struct{}, 1),
		slowAfter:     defaultSlowAfter,
		frameInterval: defaultFrameInterval,
		pingPeriod:    defaultPingPeriod,
		pongWait:      defaultPongWait,
		busyPing:      defaultBusyPing,
	}
	if hub != nil {
		c.slowAfter, c.frameInterval = hub.SlowAfter, hub.FrameInterval
		c.pingPeriod, c.pongWait, c.busyPing = hub.PingPeriod, hub.PongWait, hub.BusyPing
	}
	// The fast write path needs a socket it can write without blocking
	// (tests of the queues make connections without one).
	if ws != nil {
		if l, ok := ws.UnderlyingConn().(*lockedConn); ok && l.rc != nil {
			c.raw = l
		}
	}
	return c
}

// enqueue queues a durable message without blocking. If the queue is full
// the client is too slow: it is closed with CloseSlow and enqueue returns
// false, as it does once the connection is closing.
func (c *conn) enqueue(data []byte) bool { return c.push(data, kindDurable, nil) }

// enqueuePresence queues a presence message; one not yet sent is replaced,
// as the newer list says all the older one did.
func (c *conn) enqueuePresence(data []byte) bool { return c.push(data, kindPresence, nil) }

// enqueueCursors queues a cursors message holding list; if one is still
// waiting, the two are merged into one (the newer position of each person
// wins). list is not modified.
func (c *conn) enqueueCursors(data []byte, list []cursor) bool {
	return c.push(data, kindCursors, list)
}

func (c *conn) push(data []byte, kind msgKind, list []cursor) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	switch {
	case kind == kindPresence && c.presence > 0:
		c.queue[c.presence-1].data = data
		c.mu.Unlock()
		return true
	case kind == kindCursors && c.cursors > 0:
		c.curList = mergeCursors(c.curList, list)
		c.queue[c.cursors-1].data = encode(cursorsMsg{Type: msgCursors, Cursors: c.curList})
		c.mu.Unlock()
		return true
	case kind == kindDurable && c.durable >= sendQueueSize:
		c.mu.Unlock()
		c.kick(CloseSlow, "too slow, resume from your last seq")
		return false
	}
	if c.queue == nil && c.spare != nil {
		c.queue, c.spare = c.spare, nil
	}
	c.queue = append(c.queue, outMsg{data: data, at: mono()})
	switch kind {
	case kindDurable:
		c.durable++
	case kindPresence:
		c.presence = len(c.queue)
	case kindCursors:
		c.cursors, c.curList = len(c.queue), list
	}
	wake := c.writing
	pool := !c.writing && !c.pooled
	c.pooled = c.pooled || pool
	c.mu.Unlock()
	// Wake the writer only now: woken while c.mu is held, it would run on
	// the other core and at once block on c.mu.
	switch {
	case pool:
		writers.add(c)
	case wake:
		c.wakeWriter()
	}
	return true
}

// wakeWriter tells the running write goroutine there is more to write.
func (c *conn) wakeWriter() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// mergeCursors returns old updated with newer: one entry per person, the
// newer position winning. Neither slice is modified.
func mergeCursors(old, newer []cursor) []cursor {
	out := make([]cursor, 0, len(old)+len(newer))
	at := make(map[string]int, len(old)+len(newer))
	for _, list := range [][]cursor{old, newer} {
		for _, cur := range list {
			if i, ok := at[cur.ID]; ok {
				out[i] = cur
				continue
			}
			at[cur.ID] = len(out)
			out = append(out, cur)
		}
	}
	return out
}

// startWriterLocked puts the connection on the writers' list, or wakes
// its running write goroutine. c.mu is held.
func (c *conn) startWriterLocked() {
	switch {
	case c.writing:
		c.wakeWriter()
	case !c.pooled:
		c.pooled = true
		writers.add(c)
	}
}

// setPaced makes the connection follow a board's pacing flag.
func (c *conn) setPaced(p *atomic.Bool) {
	c.mu.Lock()
	c.paced = p
	c.mu.Unlock()
}

// startPing pings the client every c.pingPeriod until the connection closes.
func (c *conn) startPing() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing || c.ping != nil {
		return
	}
	c.ping = time.AfterFunc(c.pingPeriod, c.pingTick)
}

func (c *conn) pingTick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return
	}
	c.pingDue = true
	c.startWriterLocked()
	c.ping.Reset(c.pingPeriod)
}

// kick closes the connection with a close code; the write goroutine sends
// it. A client cut as slow while a write to it is blocked is cut at once:
// that write fails and no close frame follows (it could not reach a client
// that does not read), so it sees the connection drop and resumes.
func (c *conn) kick(code int, text string) {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closing, c.closeCode, c.closeText = true, code, text
		if code == CloseSlow && c.hub != nil {
			c.hub.metrics.slowCut.Inc()
		}
		if code == CloseSlow && c.inflight {
			c.cutSocket()
		}
		// A writer serving the connection sees closing and starts the
		// write goroutine, which finishes it.
		start := !c.writing && !c.pooled
		c.writing = c.writing || start
		c.mu.Unlock()
		close(c.done)
		if start {
			go c.writeLoop(nil, time.Time{})
		}
	})
}

// cutSocket makes the write in progress, or about to start, fail now.
func (c *conn) cutSocket() {
	c.cut.Store(true)
	c.ws.UnderlyingConn().SetWriteDeadline(time.Unix(1, 0))
}

// serve runs the connection. It authenticates the hello and joins the
// board in the caller's goroutine, then reads messages in a new one (with a
// fresh, small stack: the session lookup and the board load need deep ones)
// and returns. done runs when the connection has ended.
func (c *conn) serve(ctx context.Context, ws workshops.Workshop, done func()) {
	c.startPing()
	c.ws.SetReadLimit(maxMessageSize)
	c.ws.SetReadDeadline(time.Now().Add(helloWait))
	fail := func(err error, code int, text string) {
		c.enqueue(errorFrame("", err))
		c.kick(code, text)
		done()
	}
	hello, err := c.readHello(ctx, ws)
	if err != nil {
		code := websocket.ClosePolicyViolation
		if workshops.ErrorCode(err) == workshops.EUNAUTHORIZED {
			code = CloseUnauthorized
		}
		fail(err, code, workshops.ErrorMessage(err))
		return
	}
	b, err := c.hub.acquire(ctx, ws)
	if err != nil {
		fail(err, websocket.CloseTryAgainLater, "board unavailable")
		return
	}
	c.hub.metrics.connections.Inc()
	ok := b.submit(helloRequest{conn: c, epoch: hello.Epoch, lastSeq: hello.LastSeq})
	go c.readLoop(b, ok, func() {
		c.hub.metrics.connections.Dec()
		c.hub.release(ws.ID)
		done()
	})
}

// readLoop reads messages until the client goes or is kicked. joined says
// the board took the hello; done runs at the end.
func (c *conn) readLoop(b *board, joined bool, done func()) {
	defer func() {
		// This goroutine is no HTTP handler's: a bug here must cost one
		// connection, not the process.
		if v := recover(); v != nil {
			c.hub.log.Error().Interface("panic", v).Bytes("stack", debug.Stack()).Msg("connection read loop panicked")
		}
	}()
	defer done()
	defer c.kick(websocket.CloseNormalClosure, "")
	if !joined {
		return
	}
	defer b.submit(leaveRequest{conn: c})
	c.ws.SetReadDeadline(time.Now().Add(c.pongWait))
	c.ws.SetPongHandler(func(data string) error {
		c.ponged(data)
		return c.ws.SetReadDeadline(time.Now().Add(c.pongWait))
	})
	ping := c.ws.PingHandler()
	c.ws.SetPingHandler(func(data string) error {
		c.pongSent.Store(true)
		err := ping(data)
		c.pongSent.Store(true) // again: the writer may have looked in between
		return err
	})
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				// gorilla/websocket has already sent close code 1009.
				c.kick(closeTooBig, "")
			}
			return
		}
		if !c.limiter.Allow() {
			// An op needs an answer; anything else (a cursor) is best
			// effort and is dropped without one.
			if id := peekID(data); id != "" {
				c.enqueue(errorFrame(id, workshops.Errorf(workshops.ERATELIMITED, "too many messages; slow down")))
			}
			continue
		}
		c.handle(b, data)
	}
}

// readHello reads and checks the first message: a hello with a session
// token for this workshop.
func (c *conn) readHello(ctx context.Context, ws workshops.Workshop) (clientMsg, error) {
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return clientMsg{}, workshops.Errorf(workshops.EINVALID, "no hello")
	}
	m, err := decodeClientMsg(data)
	if err != nil {
		return m, err
	}
	if m.Type != msgHello {
		return m, workshops.Errorf(workshops.ENOTJOINED, "the first message must be hello")
	}
	if m.ID != "" || m.Op != nil || m.X != nil || m.Y != nil {
		return m, workshops.Errorf(workshops.EINVALID, "hello takes token, epoch and lastSeq only")
	}
	sum := sha256.Sum256([]byte(m.Token))
	s, err := c.hub.store.Session(ctx, sum[:])
	if err != nil || s.WorkshopID != ws.ID {
		return m, workshops.Errorf(workshops.EUNAUTHORIZED, "this session is not valid for this workshop")
	}
	if c.hub.now().Sub(s.CreatedAt) > c.hub.SessionTTL {
		return m, workshops.Errorf(workshops.EUNAUTHORIZED, "this session has expired; join again")
	}
	c.participantID = s.ParticipantID
	return m, nil
}

// handle decodes one message after hello and hands it to the board.
func (c *conn) handle(b *board, data []byte) {
	m, err := decodeClientMsg(data)
	if err != nil {
		c.enqueue(errorFrame(peekID(data), err))
		return
	}
	switch m.Type {
	case msgOp:
		if !workshops.ValidID(m.ID) {
			c.enqueue(errorFrame("", workshops.Errorf(workshops.EINVALID, "an op needs a valid id")))
			return
		}
		if m.Token != "" || m.Epoch != "" || m.LastSeq != 0 || m.X != nil || m.Y != nil || m.Op == nil {
			c.enqueue(errorFrame(m.ID, workshops.Errorf(workshops.EINVALID, "op takes id and op only")))
			return
		}
		op, err := workshops.DecodeOp(m.Op)
		if err == nil && op.Kind.ServerOnly() {
			err = workshops.Errorf(workshops.ESERVERONLY, "%s is issued by the server only", op.Kind)
		}
		if err != nil {
			c.enqueue(errorFrame(m.ID, err))
			return
		}
		b.submit(opRequest{waiter: waiter{conn: c, id: m.ID}, actor: c.participantID, op: op})
	case msgCursor:
		if m.X == nil || m.Y == nil || m.ID != "" || m.Op != nil || m.Token != "" {
			c.enqueue(errorFrame("", workshops.Errorf(workshops.EINVALID, "cursor takes x and y only")))
			return
		}
		if *m.X < -workshops.MaxCoord || *m.X > workshops.MaxCoord || *m.Y < -workshops.MaxCoord || *m.Y > workshops.MaxCoord {
			return // off the board: ignore, cursors are best effort
		}
		// Best effort: if the board is busy, drop the cursor.
		select {
		case b.in <- cursorRequest{conn: c, x: *m.X, y: *m.Y}:
		default:
		}
	case msgHello:
		c.enqueue(errorFrame("", workshops.Errorf(workshops.EINVALID, "already said hello")))
	default:
		c.enqueue(errorFrame("", workshops.Errorf(workshops.EINVALID, "unknown message type")))
	}
}

// peekID pulls an op id out of a message that may not decode, so an error
// can name the op it refuses.
func peekID(data []byte) string {
	var m struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(data, &m) == nil && workshops.ValidID(m.ID) {
		return m.ID
	}
	return ""
}

// writeLoop writes what is queued, and pings, until there has been nothing
// to write for writerLinger or the connection is kicked; then it writes the
// close frame and closes the socket. It is the slow path (writers.go):
// rest, if not nil, is what the fast path could not write without
// waiting, to be written first, by deadline; the fast path left the
// socket's write lock held for it.
func (c *conn) writeLoop(rest *pendingWrite, deadline time.Time) {
	if rest != nil {
		err := c.finishPending(rest, deadline)
		if err != nil {
			c.mu.Lock()
			c.broken = true
			c.mu.Unlock()
			c.failed(err)
			return
		}
	}
	// linger ends the goroutine after writerLinger without writing. It is
	// armed once per idle stretch, not on every wait, and pace (made only
	// on a paced board) times the waits between frames.
	var linger, pace *time.Timer
	armed := false
	var active time.Time // last write
	defer func() {
		if linger != nil {
			linger.Stop()
		}
		if pace != nil {
			pace.Stop()
		}
	}()
	c.mu.Lock() // held at the top of each round
	for {
		if c.closing {
			c.mu.Unlock()
			c.finish()
			return
		}
		ping := c.pingDue
		if len(c.queue) == 0 && !ping {
			c.mu.Unlock()
			if !armed {
				if linger == nil {
					linger = time.NewTimer(writerLinger)
				} else {
					linger.Reset(writerLinger)
				}
				armed = true
			}
			select {
			case <-c.wake:
			case <-c.done:
			case <-linger.C:
				armed = false
				if time.Since(active) < writerLinger {
					break // it wrote meanwhile: wait a whole linger again
				}
				c.mu.Lock()
				if len(c.queue) == 0 && !c.pingDue && !c.closing {
					c.writing, c.queue, c.spare = false, nil, nil
					c.mu.Unlock()
					return
				}
				c.mu.Unlock()
			}
			c.mu.Lock()
			continue
		}
		if d := c.paceWaitLocked(time.Now()); d > 0 && len(c.queue) > 0 {
			c.mu.Unlock()
			if pace == nil {
				pace = time.NewTimer(d)
			} else {
				pace.Reset(d)
			}
			select {
			case <-pace.C:
			case <-c.done:
				pace.Stop()
			}
			c.mu.Lock()
			continue
		}
		batch := c.queue
		c.queue, c.spare = c.spare, nil
		c.durable, c.presence, c.cursors, c.curList = 0, 0, 0, nil
		c.pingDue = false
		c.inflight = true
		select {
		case <-c.wake: // this batch is what it announced
		default:
		}
		c.mu.Unlock()

		err := c.writeOut(batch, ping)
		clear(batch)
		active = time.Now()

		c.mu.Lock()
		c.inflight = false
		if cap(batch) <= 2*sendQueueSize && c.spare == nil { // kept while the writer runs
			c.spare = batch[:0]
		}
		if err != nil {
			c.broken = true
			c.mu.Unlock()
			c.failed(err)
			return
		}
	}
}

// writeErrorCode is the close code for a connection whose write failed:
// CloseSlow if the client was too slow, else none (the peer is gone).
func writeErrorCode(err error) int {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, errNoPong) {
		return CloseSlow
	}
	return closeNoFrame
}

// finishPending writes what the fast path left, by deadline, and lets go
// of the write lock (which the fast path held for it, or which it takes).
func (c *conn) finishPending(rest *pendingWrite, deadline time.Time) error {
	defer putBatchBuffer(rest.bp)
	c.mu.Lock()
	c.inflight = true
	c.mu.Unlock()
	if c.pongSent.Swap(false) {
		c.wdeadline = time.Time{}
	}
	if d, ok := coarseDeadline(c.wdeadline, deadline); ok {
		c.raw.SetWriteDeadline(d)
		c.wdeadline = d
	}
	if !rest.held {
		c.raw.wmu.Lock() // nothing of it written yet: wait our turn
	}
	var err error
	if c.cut.Load() {
		c.raw.wmu.Unlock()
		err = os.ErrDeadlineExceeded
	} else {
		err = c.raw.finishWrite((*rest.bp)[rest.off:])
	}
	c.mu.Lock()
	c.inflight = false
	c.mu.Unlock()
	return err
}

// paceWaitLocked is how long the writer should wait before the next frame:
// on a paced board, until frameInterval has passed since the last one;
// otherwise, and when the link has been idle that long, not at all.
func (c *conn) paceWaitLocked(now time.Time) time.Duration {
	if c.paced == nil || !c.paced.Load() {
		return 0
	}
	return paceWait(now, c.lastFrame, c.frameInterval)
}

// paceWait is the wait before a frame at now when the last one went at
// last and frames must be interval apart.
func paceWait(now, last time.Time, interval time.Duration) time.Duration {
	if interval <= 0 || last.IsZero() {
		return 0
	}
	return max(0, interval-now.Sub(last))
}

// writeOut writes a ping (if due) and the batch. The batch must be written
// by its deadline (batchDeadline); a client that cannot take it by then is
// too slow, and the write fails.
func (c *conn) writeOut(batch []outMsg, ping bool) error {
	now := time.Now()
	if err := c.checkPong(); err != nil {
		return err
	}
	deadline := batchDeadline(batch, now, c.slowAfter)
	// A connection being written to is pinged at least every busyPing, the
	// ping right after the batch in the same write, so the client must have
	// read the batch to answer it.
	pingAfter := len(batch) > 0 && (ping || c.busyPing > 0 && now.Sub(c.lastPing) >= c.busyPing)
	if ping && !pingAfter {
		// Noted before it is written: its pong may come back before
		// WriteControl returns.
		c.written += pingFrameLen
		c.pinged(now)
		if err := c.ws.WriteControl(websocket.PingMessage, pingPayload(c.written), deadline); err != nil {
			return err
		}
		c.wdeadline = deadline // WriteControl set it
	}
	if len(batch) == 0 {
		return nil
	}
	c.lastFrame = now
	frames, err := c.writeBatch(batch, deadline, pingAfter)
	if c.hub != nil {
		c.hub.metrics.frames.Add(float64(frames))
		c.hub.metrics.messages.Add(float64(len(batch)))
	}
	return err
}

// pinged notes a ping about to be written (c.written counts it): it is
// the one the client must answer unless an earlier one is still
// unanswered. It must come before the write: on a fast link the pong can
// arrive before the write returns, and a ping noted after its own pong
// would stay unanswered, and the client be cut as slow at its next write
// after SlowAfter (an idle connection, at the start of the next busy
// stretch).
func (c *conn) pinged(now time.Time) {
	c.lastPing = now
	if c.pingAt.Load() == 0 {
		c.pingWritten.Store(c.written)
		c.pingAt.Store(mono())
	}
}

// pingFrameLen is the size of a ping frame on the wire: a two-byte header
// (final, unmasked, as a server sends it) and an eight-byte payload.
const pingFrameLen = 10

// pingPayload is the payload of the ping written up to written bytes (it
// included): that count, big-endian.
func pingPayload(written int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(written))
}

// appendPing appends a ping frame carrying pingPayload(written).
func appendPing(buf []byte, written int64) []byte {
	buf = append(buf, 0x80|websocket.PingMessage, 8)
	return binary.BigEndian.AppendUint64(buf, uint64(written))
}

// ponged takes the client's answer to a ping, data being the ping's
// payload echoed. It answers the newest ping only if it is that ping's
// (or a later one's): a slow reader answering pings written seconds ago
// has not answered the one that shows how far behind it is. A pong
// without a count (not an answer to our pings) counts for the newest, as
// before pings carried one.
func (c *conn) ponged(data string) {
	if len(data) != 8 {
		c.answered.Store(c.pingWritten.Load())
		c.pingAt.Store(0)
		return
	}
	n := int64(binary.BigEndian.Uint64([]byte(data)))
	if n > c.answered.Load() {
		c.answered.Store(n)
	}
	if n >= c.pingWritten.Load() {
		c.pingAt.Store(0)
	}
}

// checkPong fails once the client has left a ping unanswered for longer
// than SlowAfter plus the time to read, at minSendRate, what was written
// since the ping it last answered: it has stopped reading.
func (c *conn) checkPong() error {
	at := c.pingAt.Load()
	if at == 0 || c.busyPing <= 0 {
		return nil
	}
	allow := c.slowAfter + time.Duration(c.pingWritten.Load()-c.answered.Load())*time.Second/minSendRate
	if time.Duration(mono()-at) > allow {
		return errNoPong
	}
	return nil
}

// batchDeadline is when a batch must be written by: slowAfter after its
// oldest message was queued, plus time for its size at minSendRate, and
// never less than writeGrace from now.
func batchDeadline(batch []outMsg, now time.Time, slowAfter time.Duration) time.Time {
	deadline := now.Add(slowAfter)
	if len(batch) > 0 {
		size := 0
		for _, m := range batch {
			size += len(m.data) + 1
		}
		deadline = monoTime(batch[0].at).Add(slowAfter + time.Duration(size)*time.Second/minSendRate)
	}
	if earliest := now.Add(writeGrace); deadline.Before(earliest) {
		return earliest
	}
	return deadline
}

// writeBatch writes messages as one frame to a batched client, or one frame
// each to a version 1 client, in one write. It returns how many frames it
// wrote.
//
// The frames are built here, in a pooled buffer (a server's frames are not
// masked), and written to the socket with one Write, which the socket
// keeps whole against gorilla/websocket's own writes (pings, pongs, the
// close frame): this allocates nothing and copies each message once.
func (c *conn) writeBatch(batch []outMsg, deadline time.Time, ping bool) (int, error) {
	bp, _ := batchBuffers.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	buf, frames := appendFrames((*bp)[:0], batch, c.batched)
	if ping {
		buf = appendPing(buf, c.written+int64(len(buf))+pingFrameLen)
	}
	c.written += int64(len(buf))
	if ping {
		c.pinged(time.Now())
	}
	nc := c.ws.UnderlyingConn()
	if c.pongSent.Swap(false) {
		c.wdeadline = time.Time{}
	}
	if d, ok := coarseDeadline(c.wdeadline, deadline); ok {
		nc.SetWriteDeadline(d)
		c.wdeadline = d
	}
	var err error
	if c.cut.Load() {
		// Cut before SetWriteDeadline replaced its past deadline; a cut
		// after it makes the Write below fail.
		err = os.ErrDeadlineExceeded
	} else {
		_, err = nc.Write(buf)
	}
	if cap(buf) <= 256<<10 { // keep ordinary sizes for the next batch
		*bp = buf[:0]
		batchBuffers.Put(bp)
	}
	return frames, err
}

// deadlineSlack is how much later than asked a write deadline may be.
// Setting a deadline modifies a runtime timer (locks, a heap fix) and was a
// few per cent of the server's CPU when set on every frame; a busy
// connection's deadline moves forward with each frame, so one is set about
// every deadlineSlack of progress instead.
const deadlineSlack = 250 * time.Millisecond

// coarseDeadline says whether a write that must end by want needs a new
// deadline on the socket, which has set, and which: a set deadline is kept
// while it lies in [want, want+2*deadlineSlack), so a slow client is cut at
// most half a second later than SlowAfter says, never earlier.
func coarseDeadline(set, want time.Time) (time.Time, bool) {
	if !set.Before(want) && set.Sub(want) < 2*deadlineSlack {
		return set, false
	}
	return want.Add(deadlineSlack), true
}

// appendFrames appends the batch to buf as WebSocket text frames: one
// holding every message, newline-separated (batched), or one a message.
func appendFrames(buf []byte, batch []outMsg, batched bool) ([]byte, int) {
	if !batched {
		for _, m := range batch {
			buf = appendFrameHeader(buf, len(m.data))
			buf = append(buf, m.data...)
		}
		return buf, len(batch)
	}
	n := len(batch) - 1
	for _, m := range batch {
		n += len(m.data)
	}
	buf = appendFrameHeader(buf, n)
	for i, m := range batch {
		if i > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, m.data...)
	}
	return buf, 1
}

// appendFrameHeader appends the header of an unmasked, final text frame
// of n bytes (RFC 6455, section 5.2).
func appendFrameHeader(buf []byte, n int) []byte {
	const finText = 0x80 | websocket.TextMessage
	switch {
	case n < 126:
		return append(buf, finText, byte(n))
	case n <= 0xffff:
		return append(buf, finText, 126, byte(n>>8), byte(n))
	default:
		return binary.BigEndian.AppendUint64(append(buf, finText, 127), uint64(n))
	}
}

// finish ends the connection from the write goroutine: it writes what is
// still queued (unless the client is being cut as slow) and the close
// frame, and closes the socket.
func (c *conn) finish() {
	defer c.ws.Close()
	c.mu.Lock()
	if c.ping != nil {
		c.ping.Stop()
	}
	code, text, broken := c.closeCode, c.closeText, c.broken
	batch := c.queue
	c.queue, c.spare = nil, nil
	c.mu.Unlock()
	switch {
	case broken || code == closeNoFrame:
		return
	case code == closeTooBig:
		nc := c.ws.UnderlyingConn()
		nc.SetReadDeadline(time.Now().Add(time.Second))
		io.Copy(io.Discard, nc)
		return
	}
	if code != CloseSlow && len(batch) > 0 {
		if _, err := c.writeBatch(batch, time.Now().Add(c.slowAfter), false); err != nil {
			return
		}
	}
	msg := websocket.FormatCloseMessage(code, text)
	c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWait))
}
