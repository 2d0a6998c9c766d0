package server

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samskap/samskap/workshops"
)

// Config is the server's configuration. Every field has a flag and an
// environment variable; a flag given on the command line wins over the
// environment, which wins over the default.
type Config struct {
	// Addr is the listen address. -addr, SAMSKAP_ADDR, default ":8080".
	Addr string
	// DataDir holds the SQLite database and the cookie key.
	// -data, SAMSKAP_DATA, default "data" (under the working directory).
	DataDir string
	// PublicURL is the address people reach the server at, used in the
	// links it prints and hands out; empty means derived from each request.
	// -public-url, SAMSKAP_PUBLIC_URL.
	PublicURL string
	// OrganiserToken signs organisers in. Empty means a new random token at
	// every start, printed as a sign-in link. -organiser-token,
	// SAMSKAP_ORGANISER_TOKEN.
	OrganiserToken string
	// Origins lists extra origins (scheme://host[:port]) allowed to open
	// WebSockets, comma-separated; the server's own origin is always allowed.
	// -origins, SAMSKAP_ORIGINS.
	Origins []string
	// PostgresURL, if set, keeps everything in PostgreSQL instead of the
	// embedded SQLite file, so several nodes can share it.
	// -postgres, SAMSKAP_POSTGRES_URL, e.g. postgres://user:pw@host/db.
	PostgresURL string
	// RedisURL, if set, connects this node to the others through Redis
	// pub/sub. Needs PostgresURL. -redis, SAMSKAP_REDIS_URL, e.g.
	// redis://host:6379/0.
	RedisURL string
	// NodeID names this node to the others; default: host name and a
	// random suffix. -node-id, SAMSKAP_NODE_ID.
	NodeID string
	// SessionTTL is how long a person's session (the token their browser
	// keeps) stays valid after they joined. -session-ttl,
	// SAMSKAP_SESSION_TTL, default 720h (30 days).
	SessionTTL time.Duration
	// MaxConnsPerAddr limits open WebSockets from one client address.
	// Loopback addresses (a reverse proxy on the same machine) are not
	// limited; behind a proxy elsewhere, every client has the proxy's
	// address: raise the limit there.
	// An IPv6 client counts by its /64. The default lets a hall of 500
	// behind one shared address in, with room for reconnections.
	// -max-conns-per-addr, SAMSKAP_MAX_CONNS_PER_ADDR, default 1000.
	MaxConnsPerAddr int
	// MaxPeople is how many people who count may be in one workshop: not
	// facilitators (always let in), nor people who joined more than ten
	// minutes ago and never wrote anything. -max-people,
	// SAMSKAP_MAX_PEOPLE, default 2000; at most workshops.MaxParticipant.
	MaxPeople int
	// TrustedProxies lists the reverse proxies (addresses or CIDR ranges)
	// whose X-Forwarded-For header names the client: a request from one of
	// them counts, for every per-address limit, as coming from the last
	// address in the header that is not itself a trusted proxy. A request
	// from anywhere else counts as coming from its own address, whatever
	// its headers say. -trusted-proxies, SAMSKAP_TRUSTED_PROXIES,
	// comma-separated, e.g. "127.0.0.1,10.0.0.0/8"; default none.
	TrustedProxies []netip.Prefix
	// NotesPerMinute limits the notes one participant may create in a
	// minute (facilitators are not limited). -notes-per-minute,
	// SAMSKAP_NOTES_PER_MINUTE, default 30; raise it for load tests.
	NotesPerMinute int
	// PaceAbove paces a busy board: while it sends more than this many
	// messages a second to its connections in all, each of them gets at
	// most 30 frames a second, each holding everything queued for it
	// (docs/PROTOCOL.md, flow control). 0 paces every board, -1 none.
	// -pace-above, SAMSKAP_PACE_ABOVE, default 10000.
	PaceAbove int
	// Retention is how long a workshop is kept after it was created; then
	// it and all its personal data are deleted. 0 keeps workshops until an
	// organiser deletes them. -retention, SAMSKAP_RETENTION, default 2160h
	// (90 days).
	Retention time.Duration
	// AccessibilityURL is where the footer's "accessibility statement" link
	// goes: the municipality's own statement (on uustatus.no, say), or the
	// built-in page /tilgjengelighet when empty. -accessibility-url,
	// SAMSKAP_ACCESSIBILITY_URL.
	AccessibilityURL string
	// AccessibilityContact is who people tell about accessibility problems
	// (an e-mail address or a web address), shown on the built-in
	// statement. -accessibility-contact, SAMSKAP_ACCESSIBILITY_CONTACT.
	AccessibilityContact string
	// LogLevel is debug, info, warn or error. -log-level, SAMSKAP_LOG_LEVEL,
	// default "info".
	LogLevel string
	// ShutdownTimeout bounds a graceful shutdown. -shutdown-timeout,
	// SAMSKAP_SHUTDOWN_TIMEOUT, default 10s.
	ShutdownTimeout time.Duration
}

// DefaultConfig returns the configuration with every default filled in.
func DefaultConfig() Config {
	return Config{Addr: ":8080", DataDir: "data", LogLevel: "info", ShutdownTimeout: 10 * time.Second,
		SessionTTL: 30 * 24 * time.Hour, MaxConnsPerAddr: 1000, MaxPeople: 2000, NotesPerMinute: 30, PaceAbove: defaultPaceAbove, Retention: 90 * 24 * time.Hour}
}

// ParseConfig fills a Config from command-line args with environment
// fallbacks read through getenv. Usage and errors go to out.
func ParseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("samskap", flag.ContinueOnError)
	fs.SetOutput(out)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var origins string
	fs.StringVar(&cfg.Addr, "addr", env("SAMSKAP_ADDR", cfg.Addr), "listen address (SAMSKAP_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", env("SAMSKAP_DATA", cfg.DataDir), "data directory (SAMSKAP_DATA)")
	fs.StringVar(&cfg.PublicURL, "public-url", env("SAMSKAP_PUBLIC_URL", ""), "public base URL for links, e.g. https://samskap.example.no (SAMSKAP_PUBLIC_URL)")
	fs.StringVar(&cfg.OrganiserToken, "organiser-token", env("SAMSKAP_ORGANISER_TOKEN", ""), "organiser sign-in token; empty: a new one is printed at start (SAMSKAP_ORGANISER_TOKEN)")
	fs.StringVar(&origins, "origins", env("SAMSKAP_ORIGINS", ""), "extra allowed WebSocket origins, comma-separated (SAMSKAP_ORIGINS)")
	fs.StringVar(&cfg.PostgresURL, "postgres", env("SAMSKAP_POSTGRES_URL", ""), "PostgreSQL URL; empty: the embedded SQLite store (SAMSKAP_POSTGRES_URL)")
	fs.StringVar(&cfg.RedisURL, "redis", env("SAMSKAP_REDIS_URL", ""), "Redis URL for several nodes; needs -postgres (SAMSKAP_REDIS_URL)")
	fs.StringVar(&cfg.NodeID, "node-id", env("SAMSKAP_NODE_ID", ""), "this node's name among several (SAMSKAP_NODE_ID)")
	fs.StringVar(&cfg.LogLevel, "log-level", env("SAMSKAP_LOG_LEVEL", cfg.LogLevel), "debug, info, warn or error (SAMSKAP_LOG_LEVEL)")
	fs.StringVar(&cfg.AccessibilityURL, "accessibility-url", env("SAMSKAP_ACCESSIBILITY_URL", ""), "the accessibility statement the footer links to; empty: the built-in /tilgjengelighet (SAMSKAP_ACCESSIBILITY_URL)")
	fs.StringVar(&cfg.AccessibilityContact, "accessibility-contact", env("SAMSKAP_ACCESSIBILITY_CONTACT", ""), "e-mail or web address for accessibility feedback, shown in the built-in statement (SAMSKAP_ACCESSIBILITY_CONTACT)")
	ttl := env("SAMSKAP_SESSION_TTL", cfg.SessionTTL.String())
	fs.StringVar(&ttl, "session-ttl", ttl, "how long a session stays valid (SAMSKAP_SESSION_TTL)")
	maxConns := env("SAMSKAP_MAX_CONNS_PER_ADDR", strconv.Itoa(cfg.MaxConnsPerAddr))
	fs.StringVar(&maxConns, "max-conns-per-addr", maxConns, "open WebSockets allowed from one address (SAMSKAP_MAX_CONNS_PER_ADDR)")
	maxPeople := env("SAMSKAP_MAX_PEOPLE", strconv.Itoa(cfg.MaxPeople))
	fs.StringVar(&maxPeople, "max-people", maxPeople, "people who count (not facilitators, not idle leavers) one workshop may hold (SAMSKAP_MAX_PEOPLE)")
	proxies := env("SAMSKAP_TRUSTED_PROXIES", "")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "reverse proxies whose X-Forwarded-For names the client, comma-separated addresses or CIDRs (SAMSKAP_TRUSTED_PROXIES)")
	retention := env("SAMSKAP_RETENTION", cfg.Retention.String())
	fs.StringVar(&retention, "retention", retention, "how long workshops are kept before they are deleted; 0: until deleted by hand (SAMSKAP_RETENTION)")
	notes := env("SAMSKAP_NOTES_PER_MINUTE", strconv.Itoa(cfg.NotesPerMinute))
	fs.StringVar(&notes, "notes-per-minute", notes, "notes one participant may create per minute (SAMSKAP_NOTES_PER_MINUTE)")
	pace := env("SAMSKAP_PACE_ABOVE", strconv.Itoa(cfg.PaceAbove))
	fs.StringVar(&pace, "pace-above", pace, "messages a second to one board's connections above which each gets at most 30 frames a second; 0: always, -1: never (SAMSKAP_PACE_ABOVE)")
	shutdown := env("SAMSKAP_SHUTDOWN_TIMEOUT", cfg.ShutdownTimeout.String())
	fs.StringVar(&shutdown, "shutdown-timeout", shutdown, "graceful shutdown limit (SAMSKAP_SHUTDOWN_TIMEOUT)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	d, err := time.ParseDuration(shutdown)
	if err != nil {
		return cfg, fmt.Errorf("shutdown timeout: %w", err)
	}
	cfg.ShutdownTimeout = d
	if cfg.SessionTTL, err = time.ParseDuration(ttl); err != nil || cfg.SessionTTL <= 0 {
		return cfg, fmt.Errorf("session TTL: want a positive duration, got %q", ttl)
	}
	if cfg.Retention, err = time.ParseDuration(retention); err != nil || cfg.Retention < 0 {
		return cfg, fmt.Errorf("retention: want a duration such as 2160h, or 0, got %q", retention)
	}
	if cfg.NotesPerMinute, err = strconv.Atoi(notes); err != nil || cfg.NotesPerMinute < 1 {
		return cfg, fmt.Errorf("notes per minute: want a positive number, got %q", notes)
	}
	if cfg.PaceAbove, err = strconv.Atoi(pace); err != nil || cfg.PaceAbove < -1 {
		return cfg, fmt.Errorf("pace above: want a number of messages a second, 0 or -1, got %q", pace)
	}
	if cfg.MaxConnsPerAddr, err = strconv.Atoi(maxConns); err != nil || cfg.MaxConnsPerAddr < 1 {
		return cfg, fmt.Errorf("max conns per addr: want a positive number, got %q", maxConns)
	}
	if cfg.MaxPeople, err = strconv.Atoi(maxPeople); err != nil || cfg.MaxPeople < 1 || cfg.MaxPeople > workshops.MaxParticipant {
		return cfg, fmt.Errorf("max people: want a number from 1 to %d, got %q", workshops.MaxParticipant, maxPeople)
	}
	if cfg.TrustedProxies, err = parsePrefixes(proxies); err != nil {
		return cfg, fmt.Errorf("trusted proxies: %w", err)
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.Origins = append(cfg.Origins, strings.TrimRight(o, "/"))
		}
	}
	if cfg.RedisURL != "" && cfg.PostgresURL == "" {
		return cfg, fmt.Errorf("-redis needs -postgres: nodes must share one store")
	}
	if u := cfg.PublicURL; u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || (p.Path != "" && p.Path != "/") ||
			p.RawQuery != "" || p.Fragment != "" || p.User != nil {
			return cfg, fmt.Errorf("public URL: want scheme://host[:port], e.g. https://samskap.kommune.no, got %q", u)
		}
		cfg.PublicURL = strings.TrimRight(u, "/")
	}
	if u := cfg.AccessibilityURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return cfg, fmt.Errorf("accessibility URL: want an http(s) address, got %q", u)
		}
	}
	if c := cfg.AccessibilityContact; len(c) > 200 || strings.ContainsAny(c, "<>\n") {
		return cfg, fmt.Errorf("accessibility contact: want an e-mail or web address of at most 200 characters, got %q", c)
	}
	if cfg.OrganiserToken != "" && len(cfg.OrganiserToken) < 16 {
		return cfg, fmt.Errorf("organiser token must be at least 16 characters")
	}
	return cfg, nil
}
