package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

const organiserToken = "test-organiser-token-0123456789"

// MustStart runs the real Main on a free port with its data in dir.
func MustStart(tb testing.TB, dir string, tune ...func(*server.Hub)) *server.Main {
	tb.Helper()
	return MustStartWith(tb, dir, nil, tune...)
}

// MustStartWith is MustStart with a chance to set up Main before it runs.
func MustStartWith(tb testing.TB, dir string, setup func(*server.Main), tune ...func(*server.Hub)) *server.Main {
	tb.Helper()
	m := server.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = dir
	m.Config.OrganiserToken = organiserToken
	m.Config.LogLevel = "warn"
	m.Stdout, m.Stderr = io.Discard, testWriter{tb}
	m.ConfigureHub = func(h *server.Hub) {
		// Tests write far faster than people; the one test of the limit
		// sets it again.
		h.NotesPerMinute = 1_000_000
		// A test's own readers (scripted sockets, browser tabs) share two
		// cores with the race detector and Chromium: a pause of seconds is
		// the machine, not a slow reader. The tests of the slow-reader cut
		// set SlowAfter and BusyPing again.
		h.SlowAfter = time.Minute
		for _, f := range tune {
			f(h)
		}
	}
	if setup != nil {
		setup(m)
	}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatalf("run: %v", err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// node is a running server: a Main in this process, or a child process.
type node interface {
	URL() string
	Addr() string
}

// MustOrganiser returns an HTTP client signed in as organiser.
func MustOrganiser(tb testing.TB, m node) *http.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(m.URL() + "/signin?token=" + organiserToken)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK { // after the redirect to /
		tb.Fatalf("sign in: %s", resp.Status)
	}
	return c
}

type created struct {
	Workshop       workshops.Workshop `json:"workshop"`
	FacilitatorKey string             `json:"facilitatorKey"`
}

// MustCreateWorkshop creates a workshop as organiser.
func MustCreateWorkshop(tb testing.TB, m node) created {
	tb.Helper()
	var out created
	status := postJSON(tb, MustOrganiser(tb, m), m.URL()+"/api/workshops", `{"title":"Et attraktivt sentrum i 2030","lang":"nb"}`, &out)
	if status != http.StatusCreated {
		tb.Fatalf("create workshop: status %d", status)
	}
	return out
}

type joined struct {
	WorkshopID  string                `json:"workshopId"`
	Token       string                `json:"token"`
	Participant workshops.Participant `json:"participant"`
}

// MustJoin joins a workshop by code as a participant.
func MustJoin(tb testing.TB, m node, code, name string) joined {
	tb.Helper()
	var out joined
	body, _ := json.Marshal(map[string]string{"code": code, "name": name})
	if status := postJSON(tb, http.DefaultClient, m.URL()+"/api/join", string(body), &out); status != http.StatusOK {
		tb.Fatalf("join: status %d", status)
	}
	return out
}

// MustFacilitate joins a workshop with the facilitator key.
func MustFacilitate(tb testing.TB, m node, c created, name string) joined {
	tb.Helper()
	var out joined
	body, _ := json.Marshal(map[string]string{"key": c.FacilitatorKey, "name": name})
	if status := postJSON(tb, http.DefaultClient, m.URL()+"/api/workshops/"+c.Workshop.ID+"/facilitate", string(body), &out); status != http.StatusOK {
		tb.Fatalf("facilitate: status %d", status)
	}
	return out
}

// postJSON posts body and decodes the answer into out; it returns the status.
func postJSON(tb testing.TB, c *http.Client, url, body string, out any) int {
	tb.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		json.Unmarshal(data, out)
	}
	return resp.StatusCode
}

// msg is any server message, decoded loosely for tests.
type msg struct {
	Type     string                `json:"type"`
	ID       string                `json:"id"`
	Seq      uint64                `json:"seq"`
	Code     string                `json:"code"`
	Message  string                `json:"message"`
	Event    workshops.Event       `json:"event"`
	Board    workshops.View        `json:"board"`
	You      workshops.Participant `json:"you"`
	Workshop workshops.Workshop    `json:"workshop"`
	People   []struct {
		ID, Name string
	} `json:"people"`
	Cursors []struct {
		ID   string
		X, Y float64
	} `json:"cursors"`
}

// wsClient is a test WebSocket client. A goroutine reads messages into a
// channel, because a gorilla/websocket connection is dead after a read
// deadline passes and tests want to wait for "nothing" and go on. A frame
// may hold several messages, one per line (protocol version 2).
type wsClient struct {
	tb       testing.TB
	conn     *websocket.Conn
	messages chan msg
	err      error // set before messages is closed

	rawMu  sync.Mutex
	raw    []byte // every message received, for tests that search for leaks
	frames int    // frames received
}

// received returns every byte received so far.
func (c *wsClient) received() []byte {
	c.rawMu.Lock()
	defer c.rawMu.Unlock()
	return append([]byte(nil), c.raw...)
}

func newWSClient(tb testing.TB, conn *websocket.Conn) *wsClient {
	c := &wsClient{tb: tb, conn: conn, messages: make(chan msg, 100_000)}
	go func() {
		defer close(c.messages)
		for {
			_, frame, err := conn.ReadMessage()
			if err != nil {
				c.err = err
				return
			}
			c.rawMu.Lock()
			c.raw = append(append(c.raw, frame...), '\n')
			c.frames++
			c.rawMu.Unlock()
			for data := range bytes.SplitSeq(frame, []byte{'\n'}) {
				var m msg
				if err := json.Unmarshal(data, &m); err != nil {
					c.err = fmt.Errorf("server sent bad JSON %q: %w", data, err)
					return
				}
				c.messages <- m
			}
		}
	}()
	return c
}

// socketURL is the address of a board's socket, asking for several
// messages per frame (protocol version 2).
func socketURL(m node, workshopID string) string {
	return "ws://" + m.Addr() + "/ws/" + workshopID + "?v=2"
}

// MustDial connects to a board's socket without saying hello.
func MustDial(tb testing.TB, m node, workshopID string) *wsClient {
	tb.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(socketURL(m, workshopID), nil)
	if err != nil {
		status := ""
		if resp != nil {
			status = resp.Status
		}
		tb.Fatalf("dial: %v %s", err, status)
	}
	tb.Cleanup(func() { conn.Close() })
	return newWSClient(tb, conn)
}

// MustConnect dials and says hello, and reads the welcome.
func MustConnect(tb testing.TB, m node, workshopID, token, epoch string, lastSeq uint64) *wsClient {
	tb.Helper()
	c := MustDial(tb, m, workshopID)
	c.sendJSON(map[string]any{"type": "hello", "token": token, "epoch": epoch, "lastSeq": lastSeq})
	if w := c.next(); w.Type != "welcome" {
		tb.Fatalf("want welcome, got %+v", w)
	}
	return c
}

func (c *wsClient) sendJSON(v any) {
	c.tb.Helper()
	if err := c.conn.WriteJSON(v); err != nil {
		c.tb.Fatalf("send: %v", err)
	}
}

func (c *wsClient) sendRaw(s string) {
	c.tb.Helper()
	if err := c.conn.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
		c.tb.Fatalf("send: %v", err)
	}
}

// op sends an operation with the given op id.
func (c *wsClient) op(id string, op workshops.Op) {
	c.tb.Helper()
	c.sendJSON(map[string]any{"type": "op", "id": id, "op": op})
}

var errTimeout = errors.New("timed out")

// read returns the next message within d, errTimeout, or the error that
// ended the connection.
func (c *wsClient) read(d time.Duration) (msg, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case m, ok := <-c.messages:
		if !ok {
			return msg{}, c.err
		}
		return m, nil
	case <-timer.C:
		return msg{}, errTimeout
	}
}

// expectWait is how long a test waits for a message it expects. Waiting
// longer costs a passing test nothing, so it is generous: a loaded 2-core
// machine running the race detector can stall for seconds.
const expectWait = 60 * time.Second

// next returns the next message that is not presence or cursors.
func (c *wsClient) next() msg {
	c.tb.Helper()
	for {
		m, err := c.read(expectWait)
		if err != nil {
			c.tb.Fatalf("read: %v", err)
		}
		if m.Type != "presence" && m.Type != "cursors" {
			return m
		}
	}
}

// quiet asserts that no logged message (event, ack, error, snapshot) comes
// within d.
func (c *wsClient) quiet(d time.Duration) {
	c.tb.Helper()
	for {
		m, err := c.read(d)
		if err == errTimeout {
			return
		} else if err != nil {
			c.tb.Fatalf("connection ended: %v", err)
		}
		if m.Type != "presence" && m.Type != "cursors" {
			c.tb.Fatalf("want nothing, got %+v", m)
		}
	}
}

// closeCode reads until the server closes and returns the close code.
func (c *wsClient) closeCode() int {
	c.tb.Helper()
	for {
		_, err := c.read(expectWait)
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		c.tb.Fatalf("want a close frame, got %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func createOp(id, text string, x, y float64) workshops.Op {
	return workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: ptr(text), Color: ptr(workshops.ColorYellow), X: ptr(x), Y: ptr(y)}
}
