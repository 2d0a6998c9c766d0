package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/samskap/samskap/workshops"
)

// Connection limits (docs/PROTOCOL.md).
const (
	maxMessageSize = 16 << 10         // bytes in one client message
	sendQueueSize  = 256              // messages queued for one client
	writeWait      = 10 * time.Second // to write one message
	pongWait       = 60 * time.Second // a client must answer pings within this
	pingPeriod     = 25 * time.Second // must be below pongWait
	helloWait      = 10 * time.Second // to send hello after connecting
	msgRate        = 60               // client messages per second, sustained
	msgBurst       = 120              // and in a burst

	// closeNoFrame asks the write loop to close without a close frame: the
	// peer is gone, or gorilla/websocket has sent the frame itself.
	closeNoFrame = -1
	// closeTooBig: gorilla/websocket has sent 1009 and the read loop has
	// ended; the rest of the oversized message is drained before closing so
	// the client gets the close frame rather than a TCP reset.
	closeTooBig = -2
)

// conn is one WebSocket connection of one person to one board. Its read loop
// and write loop run in their own goroutines; the board never blocks on it.
type conn struct {
	ws   *websocket.Conn
	hub  *Hub
	send chan []byte
	// participantID is who this is, from the session; set before the board
	// sees the connection and never changed.
	participantID string
	// participant is the board's view of that person (name, role); only the
	// board's goroutine touches it.
	participant workshops.Participant
	limiter     *rate.Limiter

	closeOnce sync.Once
	done      chan struct{} // closed to stop the write loop
	closeCode int
	closeText string
}

func newConn(ws *websocket.Conn, hub *Hub) *conn {
	return &conn{
		ws: ws, hub: hub,
		send:    make(chan []byte, sendQueueSize),
		limiter: rate.NewLimiter(msgRate, msgBurst),
		done:    make(chan struct{}),
	}
}

// enqueue queues a frame without blocking. If the queue is full the client
// is too slow: it is closed with CloseSlow and enqueue returns false.
func (c *conn) enqueue(frame []byte) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.send <- frame:
		return true
	default:
		c.kick(CloseSlow, "too slow, resume from your last seq")
		return false
	}
}

// kick closes the connection with a close code; the write loop sends it.
func (c *conn) kick(code int, text string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

// serve runs the connection until it ends. It authenticates the hello, joins
// the board, and reads messages until the client goes or is kicked.
func (c *conn) serve(ctx context.Context, ws workshops.Workshop) {
	go c.writeLoop()
	defer c.kick(websocket.CloseNormalClosure, "")

	c.ws.SetReadLimit(maxMessageSize)
	c.ws.SetReadDeadline(time.Now().Add(helloWait))
	hello, err := c.readHello(ctx, ws)
	if err != nil {
		code := websocket.ClosePolicyViolation
		if workshops.ErrorCode(err) == workshops.EUNAUTHORIZED {
			code = CloseUnauthorized
		}
		c.enqueue(errorFrame("", err))
		c.kick(code, workshops.ErrorMessage(err))
		return
	}
	b, err := c.hub.acquire(ctx, ws)
	if err != nil {
		c.enqueue(errorFrame("", err))
		c.kick(websocket.CloseTryAgainLater, "board unavailable")
		return
	}
	defer c.hub.release(ws.ID)
	c.hub.metrics.connections.Inc()
	defer c.hub.metrics.connections.Dec()
	if !b.submit(helloRequest{conn: c, epoch: hello.Epoch, lastSeq: hello.LastSeq}) {
		return
	}
	defer b.submit(leaveRequest{conn: c})

	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(pongWait)) })
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

// writeLoop writes queued frames and pings, and the close frame at the end.
func (c *conn) writeLoop() {
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		c.ws.Close()
	}()
	for {
		select {
		case frame := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				c.kick(closeNoFrame, "")
				return
			}
		case <-ping.C:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				c.kick(closeNoFrame, "")
				return
			}
		case <-c.done:
			c.flushAndClose()
			return
		}
	}
}

// flushAndClose writes what is already queued (unless the client is being
// dropped for being slow) and then the close frame.
func (c *conn) flushAndClose() {
	switch c.closeCode {
	case closeNoFrame:
		return
	case closeTooBig:
		nc := c.ws.UnderlyingConn()
		nc.SetReadDeadline(time.Now().Add(time.Second))
		io.Copy(io.Discard, nc)
		return
	}
	for c.closeCode != CloseSlow && len(c.send) > 0 {
		c.ws.SetWriteDeadline(time.Now().Add(writeWait))
		if c.ws.WriteMessage(websocket.TextMessage, <-c.send) != nil {
			return
		}
	}
	msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
	c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
}
