package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/samskap/samskap/workshops"
)

// Store is a workshops.Store in a PostgreSQL database, shared by every node
// that opens the same database and schema. It is safe for concurrent use;
// see the package documentation for how nodes agree on a board's seqs.
type Store struct {
	pool   *pgxpool.Pool
	closed atomic.Bool
	group  *committer // Appends of many boards in one transaction (groupcommit.go)
}

var _ workshops.Store = (*Store)(nil)

// ErrClosed is returned by every method of a Store after Close. Its code is
// EUNAVAILABLE: the operation may succeed on a store that is open.
var ErrClosed = workshops.Errorf(workshops.EUNAVAILABLE, "the store is closed")

// Open connects to the PostgreSQL database at url and brings the schema up to
// date. url is a connection string as pgx takes it, a URL
// (postgres://user:password@host:5432/db?search_path=samskap) or keywords
// (host=... dbname=...); pool_max_conns and the other pgxpool settings may be
// given in it. The tables live in the first schema of the search_path, so
// one database can hold several stores. ctx bounds connecting and
// migrating; the store outlives it. The caller must Close the store.
//
// Open refuses a database whose encoding is not UTF8, and a server whose
// synchronous_commit is off, since a commit would then return before it is
// durable.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the connection string, password and all.
		return nil, errors.New("open store: the connection string does not parse")
	}
	cfg.AfterConnect = checkConn
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return &Store{pool: pool, group: newCommitter(pool)}, nil
}

// checkConn refuses a connection to a database that cannot hold all text
// (the store relies on PostgreSQL's UTF-8 checks, see storable), or on which
// a commit does not wait for the write-ahead log to be flushed. Any value of
// synchronous_commit other than off waits at least for the local flush;
// remote_write, remote_apply and on with synchronous standbys wait for more,
// which the store leaves to the operator.
func checkConn(ctx context.Context, conn *pgx.Conn) error {
	if enc := conn.PgConn().ParameterStatus("server_encoding"); enc != "UTF8" {
		return fmt.Errorf("the database's encoding is %q; the store needs UTF8", enc)
	}
	var sync string
	if err := conn.QueryRow(ctx, `SELECT current_setting('synchronous_commit')`).Scan(&sync); err != nil {
		return fmt.Errorf("read synchronous_commit: %w", err)
	}
	if sync == "off" {
		return errors.New("synchronous_commit is off, so a commit could be lost after it returned; the store needs it on")
	}
	return nil
}

// Close waits for the calls in progress to finish and closes the
// connections. Every call after the first returns nil at once; every other
// method then returns ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.group.close()
	s.pool.Close()
	return nil
}

// SQLSTATE codes the store tells apart.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// pgError returns err's PostgreSQL error, or nil.
func pgError(err error) *pgconn.PgError {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// violates reports whether err is the violation of constraint kind (a
// SQLSTATE) and returns the constraint's name.
func violates(err error, kind string) (constraint string, ok bool) {
	if e := pgError(err); e != nil && e.Code == kind {
		return e.ConstraintName, true
	}
	return "", false
}

// fail turns an error from pgx that has no meaning for the caller into the
// store's error: ErrClosed after Close (a call that began before Close finds
// the pool closed), the context's error when the caller gave up, and
// otherwise err wrapped with what was being done.
func (s *Store) fail(ctx context.Context, err error, doing string) error {
	switch {
	case s.closed.Load():
		return ErrClosed
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", doing, ctx.Err())
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// storable reports whether PostgreSQL's text type can hold every one of
// strs: valid UTF-8 without NUL characters. A key that is not storable cannot
// have been stored, and looking it up would be an error from the server.
func storable(strs ...string) bool {
	for _, s := range strs {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return false
		}
	}
	return true
}
