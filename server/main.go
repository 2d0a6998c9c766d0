package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/server/postgres"
	"github.com/samskap/samskap/server/redisbus"
	"github.com/samskap/samskap/server/sqlite"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// Main is the program: it reads the configuration, wires the store, hub and
// HTTP server, runs them and shuts them down. main.go only calls it, and
// end-to-end tests run the same Main on port 0.
type Main struct {
	Config Config
	Stdout io.Writer // where the sign-in link is printed
	Stderr io.Writer // logs
	// Now is the clock that stamps events; time.Now unless a test sets it.
	Now func() time.Time
	// ConfigureHub, if set, may change the hub's tuning before it serves.
	ConfigureHub func(*Hub)
	// Store and Bus, if set, are used instead of the ones the configuration
	// names (tests run several nodes on one in-process store and bus).
	// Main does not close them.
	Store workshops.Store
	Bus   workshops.Bus
	// GC, if set, says how the program set up Go's garbage collector
	// (gcpolicy), for the start-up log line.
	GC string

	store    workshops.Store
	bus      workshops.Bus
	hub      *Hub
	server   *Server
	http     *http.Server
	listener net.Listener
	served   chan error
	stopLoop context.CancelFunc
	unlock   func() // releases the data directory's lock; nil if none
}

// releaseLock releases the data directory's lock, if held.
func (m *Main) releaseLock() {
	if m.unlock != nil {
		m.unlock()
		m.unlock = nil
	}
}

// NewMain returns a Main with the default configuration, writing to the
// process's standard streams.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
}

// ParseFlags fills m.Config from args and the environment.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	cfg, err := ParseConfig(args, getenv, m.Stderr)
	if err != nil {
		return err
	}
	m.Config = cfg
	return nil
}

// Run opens the store and starts serving. It returns once the server
// listens; Close stops it.
func (m *Main) Run(ctx context.Context) error {
	cfg := m.Config
	level, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil {
		return fmt.Errorf("log level: %w", err)
	}
	log := zerolog.New(m.Stderr).Level(level).With().Timestamp().Logger()

	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	// With a configured organiser token every node derives the same cookie
	// key from it, so a sign-in on one node holds on all of them; else the
	// key lives in the data directory.
	key := []byte(nil)
	if cfg.OrganiserToken != "" {
		key = deriveCookieKey(cfg.OrganiserToken)
	} else if key, err = loadCookieKey(cfg.DataDir); err != nil {
		return err
	}
	store := m.Store
	if store == nil {
		if cfg.PostgresURL == "" {
			// One server per embedded store.
			if m.unlock, err = lockDataDir(cfg.DataDir); err != nil {
				return err
			}
		}
		if store, err = m.openStore(ctx); err != nil {
			m.releaseLock()
			return fmt.Errorf("open store: %w", err)
		}
	}
	m.store = store
	m.bus = m.Bus
	if m.bus == nil && cfg.RedisURL != "" {
		bus, err := redisbus.Open(ctx, cfg.RedisURL)
		if err != nil && !errors.Is(err, context.Canceled) {
			if down, derr := redisbus.Open(ctx, cfg.RedisURL, redisbus.AllowDown()); derr == nil {
				// The URL is good and Redis does not answer: serve anyway.
				// Boards follow each other through the store until it does.
				log.Warn().Err(err).Msg("Redis does not answer; serving through the store until it does")
				bus, err = down, nil
			}
		}
		if err != nil {
			if m.Store == nil {
				store.Close()
				m.releaseLock()
			}
			return fmt.Errorf("open bus: %w", err)
		}
		m.bus = bus
	}
	nodeID := cfg.NodeID
	if nodeID == "" {
		host, _ := os.Hostname()
		nodeID = host + "-" + randomToken(4)
	}
	m.hub = NewHub(store, m.bus, nodeID, log, m.Now)
	m.hub.SessionTTL = cfg.SessionTTL
	m.hub.NotesPerMinute = cfg.NotesPerMinute
	m.hub.PaceAbove = cfg.PaceAbove
	if m.ConfigureHub != nil {
		m.ConfigureHub(m.hub)
	}

	token := cfg.OrganiserToken
	if token == "" {
		token = randomToken(24)
	}
	catalog, err := templates.Load()
	if err != nil {
		m.closeAdapters()
		return fmt.Errorf("templates: %w", err)
	}
	m.server = NewServer(cfg, store, m.hub, log, token, key, catalog)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		m.closeAdapters()
		return fmt.Errorf("listen: %w", err)
	}
	m.listener = ln
	m.http = &http.Server{Handler: m.server, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	m.served = make(chan error, 1)
	go func() { m.served <- m.http.Serve(ln) }()
	loopCtx, stopLoop := context.WithCancel(context.Background())
	m.stopLoop = stopLoop
	go m.server.sweepLoop(loopCtx)

	log.Info().Str("addr", ln.Addr().String()).Str("store", m.storeKind()).Bool("bus", m.bus != nil).
		Str("node", nodeID).Str("gc", m.GC).Msg("samskap is running")
	if cfg.OrganiserToken == "" {
		fmt.Fprintf(m.Stdout, "\nSamskap is running. Organisers sign in here (keep this link to yourself):\n\n    %s/signin?token=%s\n\n",
			m.linkBase(), token)
	}
	return nil
}

// linkBase is the base of printed links: the public URL, or this machine's.
func (m *Main) linkBase() string {
	if m.Config.PublicURL != "" {
		return strings.TrimRight(m.Config.PublicURL, "/")
	}
	host, port, _ := net.SplitHostPort(m.listener.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string { return m.listener.Addr().String() }

// URL is the base URL of the running server.
func (m *Main) URL() string { return "http://" + m.Addr() }

// Hub returns the running hub, for tests.
func (m *Main) Hub() *Hub { return m.hub }

// Server returns the running HTTP server, for tests.
func (m *Main) Server() *Server { return m.server }

// Close stops accepting, closes every WebSocket (1001), lets the boards
// finish writing what they accepted, and closes the store.
func (m *Main) Close() error {
	if m.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	m.stopLoop()
	m.server.CloseConnections()
	err := m.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = m.http.Close()
	}
	m.hub.Close()
	if serr := <-m.served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if cerr := m.closeAdapters(); cerr != nil && err == nil {
		err = cerr
	}
	m.http = nil
	return err
}

// openStore opens PostgreSQL when configured, else the SQLite file in the
// data directory.
func (m *Main) openStore(ctx context.Context) (workshops.Store, error) {
	if m.Config.PostgresURL != "" {
		return postgres.Open(ctx, m.Config.PostgresURL)
	}
	return sqlite.Open(filepath.Join(m.Config.DataDir, "samskap.db"))
}

func (m *Main) storeKind() string {
	if m.Config.PostgresURL != "" {
		return "postgres"
	}
	return "sqlite"
}

// closeAdapters closes the store and bus that Main opened itself.
func (m *Main) closeAdapters() error {
	var err error
	if m.bus != nil && m.Bus == nil {
		err = m.bus.Close()
	}
	if m.Store == nil {
		if cerr := m.store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	m.releaseLock()
	return err
}
