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

	"github.com/samskap/samskap/server/sqlite"
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

	store    workshops.Store
	hub      *Hub
	server   *Server
	http     *http.Server
	listener net.Listener
	served   chan error
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
	key, err := loadCookieKey(cfg.DataDir)
	if err != nil {
		return err
	}
	store, err := sqlite.Open(filepath.Join(cfg.DataDir, "samskap.db"))
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	m.store = store
	m.hub = NewHub(store, log, m.Now)
	if m.ConfigureHub != nil {
		m.ConfigureHub(m.hub)
	}

	token := cfg.OrganiserToken
	if token == "" {
		token = randomToken(24)
	}
	m.server = NewServer(cfg, store, m.hub, log, token, key)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		store.Close()
		return fmt.Errorf("listen: %w", err)
	}
	m.listener = ln
	m.http = &http.Server{Handler: m.server, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	m.served = make(chan error, 1)
	go func() { m.served <- m.http.Serve(ln) }()

	log.Info().Str("addr", ln.Addr().String()).Str("data", cfg.DataDir).Msg("samskap is running")
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

// Close stops accepting, closes every WebSocket (1001), lets the boards
// finish writing what they accepted, and closes the store.
func (m *Main) Close() error {
	if m.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	m.server.CloseConnections()
	err := m.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = m.http.Close()
	}
	m.hub.Close()
	if serr := <-m.served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if cerr := m.store.Close(); cerr != nil && err == nil {
		err = cerr
	}
	m.http = nil
	return err
}
