package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/samskap/samskap/workshops"
)

// Bounds on one group commit. A transaction holds whole jobs; a single
// Append larger than maxGroupEvents is committed alone.
const (
	maxGroupEvents = 1000 // events (and other rows) in one transaction
	maxGroupJobs   = 1000 // callers woken by one transaction
)

// job is one caller's write, waiting in the queue for the writer.
type job struct {
	ctx  context.Context
	rows int             // rows it writes, towards maxGroupEvents
	run  func(*tx) error // the write; see tx for how it may fail
	done chan error      // buffered: the writer never waits for the caller
	// state is jobQueued until either the writer takes the job (jobTaken:
	// it will run, and its caller waits for it) or its caller gives up
	// first (jobDropped: it never runs). So run never runs after its
	// caller has returned, and may set the caller's variables.
	state atomic.Int32
}

// A job's states (job.state).
const (
	jobQueued int32 = iota
	jobTaken
	jobDropped
)

// tx is the writer's transaction, shared by the jobs of a group, with the
// store's statements bound to it.
//
// A job fails alone by returning a *workshops.Error before it has written
// anything: it checks first, and its first write is one statement that
// either writes or fails whole. Once a job has written (through exec), any
// error it returns fails the whole group instead, so a half-written job is
// never committed. That needs no savepoint per job, which would cost two
// more statements per job in the writer, the one goroutine every write
// waits for.
type tx struct {
	*sql.Tx
	stmts map[*sql.Stmt]*sql.Stmt
	wrote bool // the current job has written
}

// stmt returns the prepared statement st for use in this transaction.
// database/sql reuses the statement already prepared on the connection.
func (t *tx) stmt(st *sql.Stmt) *sql.Stmt {
	if ts, ok := t.stmts[st]; ok {
		return ts
	}
	ts := t.Stmt(st)
	t.stmts[st] = ts
	return ts
}

// exec runs a writing statement and returns how many rows it changed.
func (t *tx) exec(st *sql.Stmt, args ...any) (int64, error) {
	res, err := t.stmt(st).Exec(args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if n > 0 {
		t.wrote = true
	}
	return n, err
}

// do queues run for the writer and waits for its result. If ctx is done
// before the writer takes the job, do returns ctx's error at once and the
// job never runs; once taken, do waits for its transaction
// (see the package documentation).
func (s *Store) do(ctx context.Context, rows int, run func(*tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &job{ctx: ctx, rows: rows, run: run, done: make(chan error, 1)}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.queue = append(s.queue, j)
	s.wake.Signal()
	s.mu.Unlock()

	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		if j.state.CompareAndSwap(jobQueued, jobDropped) {
			return ctx.Err() // never written
		}
		// The writer has it: written, and its outcome known within one
		// transaction; or dropped by the writer, which says so.
		return <-j.done
	}
}

// writer is the one goroutine that writes. It takes everything queued, up to
// the bounds, commits it in one transaction and tells each caller its own
// result, until Close and an empty queue.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.wake.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		n, rows := 0, 0
		for n < len(s.queue) && n < maxGroupJobs && (n == 0 || rows+s.queue[n].rows <= maxGroupEvents) {
			rows += s.queue[n].rows
			n++
		}
		group := s.queue[:n:n]
		if n == len(s.queue) {
			s.queue = nil
		} else {
			s.queue = append([]*job(nil), s.queue[n:]...)
		}
		hook := s.beforeCommit
		s.mu.Unlock()

		if hook != nil {
			hook()
		}
		s.commit(group)
	}
}

// commit writes the group in one transaction and wakes every caller.
func (s *Store) commit(group []*job) {
	live := group[:0]
	for _, j := range group {
		// A caller that gave up while queued is not written: its call
		// has already returned an error. One that has not can no longer
		// give up: it waits for this transaction.
		if j.ctx.Err() != nil && j.state.CompareAndSwap(jobQueued, jobDropped) {
			j.done <- j.ctx.Err() // its caller is on its way out
			continue
		}
		if !j.state.CompareAndSwap(jobQueued, jobTaken) {
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	if err := s.write(live, errs); err != nil {
		// Nothing was committed, so no job's own answer (a conflict, say,
		// with a job rolled back here) still holds.
		for i := range errs {
			errs[i] = err
		}
	}
	s.commits.Add(1)
	for i, j := range live {
		j.done <- errs[i]
	}
}

// write runs the jobs in one transaction. A job that fails with a
// *workshops.Error (a conflict, a bad argument) before writing gets that
// error in errs, and the others go on. Any other failure (I/O, a full disk,
// a job failing after it wrote) rolls back the whole transaction and is
// returned.
func (s *Store) write(jobs []*job, errs []error) (err error) {
	sqlTx, err := s.wdb.Begin()
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &tx{Tx: sqlTx, stmts: make(map[*sql.Stmt]*sql.Stmt)}
	defer func() {
		if err != nil {
			t.Rollback() // may fail if SQLite already rolled back; err says why
		}
	}()
	for i, j := range jobs {
		t.wrote = false
		jobErr := j.run(t)
		var domainErr *workshops.Error
		switch {
		case jobErr == nil:
		case errors.As(jobErr, &domainErr) && !t.wrote:
			errs[i] = jobErr
		case errors.As(jobErr, &domainErr):
			// Not wrapped: the other jobs must not get this job's code.
			return fmt.Errorf("a write failed after it began (%v)", jobErr)
		default:
			return jobErr
		}
	}
	if err := t.Commit(); err != nil {
		// database/sql is done with the transaction, but SQLite may not
		// be: a failed COMMIT can leave it open on the connection, where
		// it would make every later BEGIN fail.
		s.wdb.Exec("ROLLBACK") // fails harmlessly when nothing is open
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
