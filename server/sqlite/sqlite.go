package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/samskap/samskap/workshops"
)

// Store is a workshops.Store in one SQLite file. It is safe for concurrent
// use; see the package documentation for how it writes.
type Store struct {
	path string  // the database file, absolute
	wdb  *sql.DB // one connection, used by the writer goroutine only
	rdb  *sql.DB // a pool of read-only connections

	// Statements prepared once; database/sql prepares them again on each
	// pooled connection as needed.
	insertWorkshop, insertSession, insertFirstEvent, insertEvent, insertSnapshot, snapshotExists *sql.Stmt
	workshop, workshopByCode, workshopList, session, events, lastSnap                            *sql.Stmt

	mu           sync.Mutex
	wake         *sync.Cond // signalled when queue grows or closed is set
	queue        []*job     // waiting for the writer, in arrival order
	closed       bool
	beforeCommit func() // test hook, run by the writer before each transaction

	isClosed   atomic.Bool   // closed, for readers that do not take mu
	writerDone chan struct{} // closed when the writer has finished
	commits    atomic.Int64  // transactions the writer has run, for tests
}

var _ workshops.Store = (*Store)(nil)

// ErrClosed is returned by every method of a Store after Close. Its code is
// EUNAVAILABLE: the operation may succeed on a store that is open.
var ErrClosed = workshops.Errorf(workshops.EUNAVAILABLE, "the store is closed")

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection (another process, or a checkpoint) before failing.
const busyTimeoutMS = 10_000

// pragmas are set on every connection through the DSN, so that database/sql
// can open new ones at any time and they are all alike.
var pragmas = []string{
	fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
	"secure_delete(1)", // deleted personal data is overwritten, not left in free pages
	// Whenever the write-ahead log starts over after a checkpoint, it keeps
	// its file (up to 16 MiB) and writes over the old frames. Cut to
	// nothing instead (journal_size_limit(0), as before), the log grew
	// with every commit, and each commit's fsync then also wrote the
	// file's new size and blocks through the file system's journal: at
	// issue 19's 10,000 deliveries/s, the store's p50 went from 0.33 to
	// 0.43 ms and the harness's p99 from about 3.0 to 3.7 ms
	// (BENCHMARKS.md). The old frames are earlier copies of the
	// database's own pages; after a deletion, Scrub checkpoints and cuts
	// the log to zero bytes, so deleted personal data does not stay in
	// them.
	"journal_size_limit(16777216)",
}

// Open opens the store in the SQLite database file at path, creating the
// file and its directory if they do not exist, and brings its schema up to
// date. The caller must Close the store.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: no path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	_, err = os.Stat(abs)
	isNew := errors.Is(err, fs.ErrNotExist)
	if err := ownerOnly(abs, isNew); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}

	s := &Store{writerDone: make(chan struct{}), path: abs}
	s.wake = sync.NewCond(&s.mu)
	ok := false
	defer func() {
		if !ok {
			s.closeDBs()
		}
	}()

	// The writer's transactions begin IMMEDIATE: they take the write lock at
	// once rather than on their first write, so they never fail half way on a
	// lock held by another process.
	s.wdb, err = sql.Open("sqlite", dsn(abs, pragmas, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetMaxIdleConns(1)
	s.wdb.SetConnMaxLifetime(0)
	s.wdb.SetConnMaxIdleTime(0)
	if err := migrate(context.Background(), s.wdb); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if isNew {
		// SQLite syncs the directory when it creates the WAL, not when it
		// creates the database file. Without this, an OS crash soon after
		// the first start could lose the file's directory entry.
		if err := syncDir(dir); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}

	s.rdb, err = sql.Open("sqlite", dsn(abs, slices.Concat(pragmas, []string{"query_only(1)"})))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	s.rdb.SetMaxOpenConns(readers)
	s.rdb.SetMaxIdleConns(readers)

	if err := s.prepare(); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	ok = true
	go s.writer()
	return s, nil
}

// dsn returns the modernc.org/sqlite data source name of the file at the
// absolute path abs. The name is a SQLite URI, so that a path holding '?' or
// '#' is still a path.
func dsn(abs string, pragmas []string, params ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	for _, p := range params {
		k, v, _ := strings.Cut(p, "=")
		q.Add(k, v)
	}
	path := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(abs))
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows drive letter
	}
	return "file://" + path + "?" + q.Encode()
}

// ownerOnly makes the database readable by its owner only: a new file is
// created with mode 0600 before SQLite opens it (SQLite gives the -wal and
// -shm files the database file's mode), and an existing one, or its -wal
// and -shm, that others may read is narrowed to the owner.
func ownerOnly(abs string, isNew bool) error {
	if isNew {
		f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		if f != nil {
			f.Close()
		}
		return nil
	}
	for _, p := range []string{abs, abs + "-wal", abs + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			continue // no -wal or -shm yet
		}
		if st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("make %s readable by its owner only: %w", filepath.Base(p), err)
			}
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func (s *Store) prepare() error {
	for _, p := range []struct {
		stmt **sql.Stmt
		db   *sql.DB
		sql  string
	}{
		{&s.insertWorkshop, s.wdb, `INSERT INTO workshops (id, title, lang, created_at, epoch, join_code, facilitator_key_hash, process_id, process_pos, delete_after,
			planned_date, planned_start, planned_end, place)
			VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), ?, NULLIF(?, ''), ?, NULLIF(?, ''), ?, ?, ?, ?)`},
		{&s.insertSession, s.wdb, `INSERT INTO sessions (token_hash, workshop_id, participant_id, role, created_at)
			VALUES (?, ?, ?, ?, ?)`},
		// A board's log has no gaps: its first event is seq 1 and every
		// other follows one stored. A seq that is taken fails on the
		// primary key; one that leaves a gap inserts nothing.
		{&s.insertFirstEvent, s.wdb, `INSERT INTO events (board_id, seq, op_id, actor, at, op)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6
			WHERE ?2 = 1 OR EXISTS (SELECT 1 FROM events WHERE board_id = ?1 AND seq = ?2 - 1)`},
		{&s.insertEvent, s.wdb, `INSERT INTO events (board_id, seq, op_id, actor, at, op) VALUES (?, ?, ?, ?, ?, ?)`},
		// A snapshot is of a seq the log has reached (or of the empty
		// board, seq 0); one ahead of the log inserts nothing.
		{&s.insertSnapshot, s.wdb, `INSERT INTO snapshots (board_id, seq, state)
			SELECT ?1, ?2, ?3
			WHERE ?2 = 0 OR EXISTS (SELECT 1 FROM events WHERE board_id = ?1 AND seq = ?2)`},
		{&s.snapshotExists, s.wdb, `SELECT EXISTS (SELECT 1 FROM snapshots WHERE board_id = ? AND seq = ?)`},

		{&s.workshop, s.rdb, selectWorkshop + ` WHERE id = ?`},
		{&s.workshopByCode, s.rdb, selectWorkshop + ` WHERE join_code = ?`},
		// Workshops created at the same instant: the last created first.
		{&s.workshopList, s.rdb, selectWorkshop + ` ORDER BY created_at DESC, rowid DESC`},
		{&s.session, s.rdb, `SELECT token_hash, workshop_id, participant_id, role, created_at
			FROM sessions WHERE token_hash = ?`},
		{&s.events, s.rdb, `SELECT seq, op_id, actor, at, op FROM events
			WHERE board_id = ? AND seq > ? ORDER BY seq LIMIT ?`},
		{&s.lastSnap, s.rdb, `SELECT seq, state FROM snapshots WHERE board_id = ? ORDER BY seq DESC LIMIT 1`},
	} {
		stmt, err := p.db.Prepare(p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", strings.Fields(p.sql)[:3], err)
		}
		*p.stmt = stmt
	}
	return nil
}

const selectWorkshop = `SELECT id, title, lang, created_at, epoch, coalesce(join_code, ''), facilitator_key_hash,
	coalesce(process_id, ''), process_pos, coalesce(delete_after, ''), planned_date, planned_start, planned_end, place FROM workshops`

// Close stops taking writes, waits until the writer has committed every
// write queued before it, and closes the database. Reads in progress finish
// first. Every call after the first returns nil; every other method then
// returns ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.isClosed.Store(true)
	s.wake.Broadcast()
	s.mu.Unlock()
	<-s.writerDone
	return s.closeDBs()
}

func (s *Store) closeDBs() error {
	var errs []error
	for _, stmt := range []*sql.Stmt{s.insertWorkshop, s.insertSession, s.insertFirstEvent, s.insertEvent, s.insertSnapshot, s.snapshotExists,
		s.workshop, s.workshopByCode, s.workshopList, s.session, s.events, s.lastSnap} {
		if stmt != nil {
			errs = append(errs, stmt.Close())
		}
	}
	for _, db := range []*sql.DB{s.rdb, s.wdb} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// sqliteCode returns the extended result code of a SQLite error, or 0.
func sqliteCode(err error) int {
	var e *msqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

func isUnique(err error) bool {
	code := sqliteCode(err)
	return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// readErr turns an error from a read into the store's error: ENOTFOUND for
// no rows, ErrClosed after Close, and the context's error when the caller
// gave up (the driver reports an interrupt); anything else is wrapped with
// what was being done.
func (s *Store) readErr(ctx context.Context, err error, notFound, doing string) error {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return workshops.Errorf(workshops.ENOTFOUND, "%s", notFound)
	case s.isClosed.Load():
		return ErrClosed
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", doing, ctx.Err())
	}
	return fmt.Errorf("%s: %w", doing, err)
}
