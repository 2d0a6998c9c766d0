// Package pgtest gives tests a PostgreSQL schema of their own, on the server
// that the environment names:
//
//	SAMSKAP_POSTGRES_URL=postgres://samskap:samskap@127.0.0.1:5432/samskap_test
//
// Without it, tests that need PostgreSQL skip, unless
// SAMSKAP_REQUIRE_POSTGRES=1 (as in CI), when they fail. .ci/postgres.sh
// starts a server and sets the variable.
package pgtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The environment variables pgtest reads.
const (
	EnvURL     = "SAMSKAP_POSTGRES_URL"
	EnvRequire = "SAMSKAP_REQUIRE_POSTGRES"
)

// URL returns the connection string of the test server from the
// environment. If there is none, it skips the test, or fails it when
// PostgreSQL is required.
func URL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvURL)
	if u != "" {
		return u
	}
	msg := fmt.Sprintf("no PostgreSQL server: set %s (for example postgres://samskap:samskap@127.0.0.1:5432/samskap_test; .ci/postgres.sh starts one)", EnvURL)
	if os.Getenv(EnvRequire) == "1" {
		tb.Fatalf("%s=1, but %s", EnvRequire, msg)
	}
	tb.Skip(msg)
	return ""
}

// NewSchemaURL creates an empty schema on the test server and returns a
// connection string whose search_path is that schema, so that a store
// opened with it keeps its tables there and sees no other test's. Stores
// opened with the same string share the schema, as nodes share a database.
// The schema is dropped with everything in it when the test ends, after the
// cleanups registered later (a store's Close) have run. It skips or fails
// the test as URL does.
func NewSchemaURL(tb testing.TB) string {
	tb.Helper()
	base := URL(tb)
	name := "test_" + strings.ToLower(rand.Text()[:16])
	exec(tb, base, "CREATE SCHEMA "+name)
	tb.Cleanup(func() {
		exec(tb, base, "SET lock_timeout = '10s'; DROP SCHEMA "+name+" CASCADE")
	})
	return WithParam(base, "search_path", name)
}

// WithParam returns the connection string conn with a run-time parameter
// (or a pgx setting) set to value, in URL or keyword form as conn is.
// value must need no quoting.
func WithParam(conn, key, value string) string {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		if u, err := url.Parse(conn); err == nil {
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return conn + " " + key + "=" + value
}

// exec runs sql on the server at conn, outside any test's schema, and fails
// the test if that fails.
func exec(tb testing.TB, conn, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, conn)
	if err != nil {
		tb.Fatalf("pgtest: connect to %s: %v", EnvURL, err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		tb.Fatalf("pgtest: %s: %v", sql, err)
	}
}
