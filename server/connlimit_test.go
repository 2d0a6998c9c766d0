package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// TestConnectionsPerAddressAreLimited opens thousands of WebSockets from one
// client address through the real server: beyond -max-conns-per-addr each
// upgrade is refused with its documented error (HTTP 429, rate_limited),
// while the connections already open, clients from other addresses and the
// board go on as if nothing happened; closing one connection frees one
// place. The server trusts the test's loopback address as a reverse proxy,
// so the client address comes from X-Forwarded-For, as it does behind
// nginx (loopback itself is not limited).
func TestConnectionsPerAddressAreLimited(t *testing.T) {
	const (
		limit    = 50
		attempts = 2000
		workers  = 32
		flooder  = "203.0.113.66"
		neighbor = "198.51.100.7"
	)
	m := MustStartWith(t, t.TempDir(), func(m *server.Main) {
		m.Config.MaxConnsPerAddr = limit
		m.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	w := MustCreateWorkshop(t, m)
	flood := MustJoin(t, m, w.Workshop.JoinCode, "Flom")
	other := MustJoin(t, m, w.Workshop.JoinCode, "Nabo")
	bystander := MustJoin(t, m, w.Workshop.JoinCode, "Tilskuer")
	by := MustConnect(t, m, w.Workshop.ID, bystander.Token, "", 0) // from loopback itself
	by.next()

	dialer := websocket.Dialer{HandshakeTimeout: websocket.DefaultDialer.HandshakeTimeout}
	dialFrom := func(addr string) (*websocket.Conn, *http.Response, error) {
		return dialer.Dial("ws://"+m.Addr()+"/ws/"+w.Workshop.ID, http.Header{"X-Forwarded-For": {addr}})
	}
	hello := func(c *websocket.Conn, token string) *wsClient {
		t.Helper()
		t.Cleanup(func() { c.Close() })
		wc := newWSClient(t, c)
		wc.sendJSON(map[string]any{"type": "hello", "token": token})
		if got := wc.next(); got.Type != "welcome" {
			t.Fatalf("want welcome, got %+v", got)
		}
		wc.next() // the snapshot
		return wc
	}

	// The flooding address opens its share, each a live session.
	held := make([]*wsClient, 0, limit)
	for range limit {
		c, resp, err := dialFrom(flooder)
		if err != nil {
			t.Fatalf("connection %d of %d: %v %v", len(held)+1, limit, err, resp)
		}
		held = append(held, hello(c, flood.Token))
	}

	// Then thousands more, many at once.
	var next, accepted, refused atomic.Int64
	var mu sync.Mutex
	var odd []string
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= attempts {
				c, resp, err := dialFrom(flooder)
				if err == nil {
					accepted.Add(1)
					c.Close()
					continue
				}
				var body struct {
					Error struct{ Code string } `json:"error"`
				}
				if resp != nil {
					data, _ := io.ReadAll(resp.Body)
					json.Unmarshal(data, &body)
				}
				if resp != nil && resp.StatusCode == http.StatusTooManyRequests && body.Error.Code == workshops.ERATELIMITED {
					refused.Add(1)
					continue
				}
				mu.Lock()
				odd = append(odd, fmt.Sprintf("%v %v", err, resp))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if accepted.Load() != 0 || refused.Load() != attempts || len(odd) > 0 {
		t.Fatalf("%d attempts beyond the limit: %d accepted, %d refused with 429 rate_limited, others: %v",
			attempts, accepted.Load(), refused.Load(), odd[:min(len(odd), 5)])
	}

	// Everyone else is unaffected: another address gets in, the board
	// takes changes, and the flooder's open connections still get them.
	c, resp, err := dialFrom(neighbor)
	if err != nil {
		t.Fatalf("a client from another address: %v %v", err, resp)
	}
	nb := hello(c, other.Token)
	by.do("n1", `{"kind":"note.create","note":"n1","text":"fortsatt her","color":"green","x":0,"y":0}`)
	for name, wc := range map[string]*wsClient{"the other address": nb, "a flooder's open connection": held[0], "the last of them": held[limit-1]} {
		if e := wc.expect("event", "n1"); e.Event.Op.Note != "n1" {
			t.Fatalf("%s: %+v", name, e)
		}
	}

	// A closed connection frees its place, and only one.
	held[0].conn.Close()
	var c2 *websocket.Conn
	for range 100 { // the server notices the close a moment later
		if c2, _, err = dialFrom(flooder); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("after closing one, a new connection: %v", err)
	}
	defer c2.Close()
	if _, resp, err := dialFrom(flooder); err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("one beyond the limit again: %v %v", err, resp)
	}
}
