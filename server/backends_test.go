package server_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samskap/samskap/server/membus"
	"github.com/samskap/samskap/server/postgres"
	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/server/redisbus"
	"github.com/samskap/samskap/server/redisbus/redistest"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// memBackend: one in-process store and bus shared by the nodes. Restarting
// the bus silences it for a moment (messages in between are lost); cutting
// the store makes every call fail.
func memBackend(t *testing.T) backend {
	store := &switchStore{Store: storetest.NewMemStore()}
	bus := membus.NewBackend()
	var nodes []*switchBus
	var mu sync.Mutex
	return backend{
		store: store.Store,
		newNode: func() (workshops.Store, workshops.Bus) {
			mu.Lock()
			defer mu.Unlock()
			b := &switchBus{Bus: bus.Node()}
			t.Cleanup(func() { b.Close() })
			nodes = append(nodes, b)
			return store, b
		},
		restart: func() {
			mu.Lock()
			defer mu.Unlock()
			for _, b := range nodes {
				b.off.Store(true)
			}
			time.Sleep(300 * time.Millisecond)
			for _, b := range nodes {
				b.off.Store(false)
			}
		},
		cutDB: store.down.Store,
	}
}

// switchStore fails every call while down, as an unreachable database does.
type switchStore struct {
	workshops.Store
	down atomic.Bool
}

func (s *switchStore) err() error {
	if s.down.Load() {
		return workshops.Errorf(workshops.EUNAVAILABLE, "store unreachable")
	}
	return nil
}

func (s *switchStore) Append(ctx context.Context, id string, events []workshops.Event, snap *workshops.Snapshot) error {
	if err := s.err(); err != nil {
		return err
	}
	return s.Store.Append(ctx, id, events, snap)
}

func (s *switchStore) Workshop(ctx context.Context, id string) (workshops.Workshop, error) {
	if err := s.err(); err != nil {
		return workshops.Workshop{}, err
	}
	return s.Store.Workshop(ctx, id)
}

func (s *switchStore) Events(ctx context.Context, id string, after uint64, limit int) ([]workshops.Event, error) {
	if err := s.err(); err != nil {
		return nil, err
	}
	return s.Store.Events(ctx, id, after, limit)
}

// realBackend: a real PostgreSQL (a fresh schema, reached through a proxy
// the test can cut) and a real redis-server started for the test.
func realBackend(t *testing.T) backend {
	schemaURL := pgtest.NewSchemaURL(t)
	redisURL, restart, _ := redistest.Start(t)
	proxy := newTCPProxy(t, hostOf(t, schemaURL))
	viaProxy := withHost(t, schemaURL, proxy.addr())

	direct, err := postgres.Open(t.Context(), schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { direct.Close() })
	return backend{
		store: direct,
		newNode: func() (workshops.Store, workshops.Bus) {
			store, err := postgres.Open(context.Background(), viaProxy)
			if err != nil {
				t.Fatal(err)
			}
			bus, err := redisbus.Open(context.Background(), redisURL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { bus.Close(); store.Close() })
			return store, bus
		},
		restart: restart,
		cutDB:   proxy.cut,
	}
}

func hostOf(t *testing.T, conn string) string {
	u, err := url.Parse(conn)
	if err != nil || u.Host == "" {
		t.Skipf("the fault tests need a URL-form %s with a TCP host", pgtest.EnvURL)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}
	return host
}

func withHost(t *testing.T, conn, host string) string {
	u, _ := url.Parse(conn)
	u.Host = host
	return u.String()
}

// tcpProxy forwards loopback connections to a server and can cut them all,
// as a network failure between a node and its database would.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]struct{}
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { ln.Close(); p.cut(true) })
	go p.serve()
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			in.Close()
			continue
		}
		out, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns[in], p.conns[out] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go p.pipe(in, out)
		go p.pipe(out, in)
	}
}

func (p *tcpProxy) pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut makes the server unreachable (closing every open connection) or
// reachable again.
func (p *tcpProxy) cut(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}
