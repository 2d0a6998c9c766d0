package postgres

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Group commit: the Appends of many boards that arrive together are
// written in one transaction, so one commit (one WAL flush, one round trip
// for the whole pipeline) covers them all, as the SQLite store's single
// writer does. Before, every board's batch was a transaction of its own
// through a pool of 4 connections: at 2,000 ops/s over 100 boards the
// boards queued for the connections and an append took 150-470 ms
// (BenchmarkAppendLatency).
//
// Each board's statement is the same compare-and-set as before, so the
// result of each is what it would have been alone. If any statement of a
// group fails (a unique violation: rows written behind the store's back, a
// snapshot that exists), the group is rolled back whole and each of its
// Appends is run again on its own, so each gets its own error.

const (
	maxGroup   = 128              // Appends in one transaction at most
	groupLimit = 30 * time.Second // longest a group's transaction may take
)

// appendReq is one Append waiting for its group.
type appendReq struct {
	query string
	args  []any
	done  chan appendResult // buffered: the committer never blocks on it
	// state is reqQueued until a worker takes the request into a group
	// (reqTaken) or its caller gives up first (reqDropped); whoever moves
	// it first decides, so an Append that returned its context's error
	// was never written, and one that a group took waits for its outcome.
	state atomic.Int32
}

const (
	reqQueued int32 = iota
	reqTaken
	reqDropped
)

// board is the ID of the board r appends to (its query's first argument).
func (r *appendReq) board() string { id, _ := r.args[0].(string); return id }

// take marks r as part of a group, or reports false if its caller gave up.
func (r *appendReq) take() bool { return r.state.CompareAndSwap(reqQueued, reqTaken) }

// drop gives r up, or reports false if a group has taken it already (its
// outcome then follows on done).
func (r *appendReq) drop() bool { return r.state.CompareAndSwap(reqQueued, reqDropped) }

type appendResult struct {
	moved int
	err   error
}

// committer runs the groups: a few workers, each taking what is queued
// and writing it on a connection of its own.
type committer struct {
	pool *pgxpool.Pool
	in   chan *appendReq
	quit chan struct{}
	wg   sync.WaitGroup

	mu     sync.RWMutex // held to queue; taken whole to close
	closed bool
}

func newCommitter(pool *pgxpool.Pool) *committer {
	c := &committer{pool: pool, in: make(chan *appendReq, 4*maxGroup), quit: make(chan struct{})}
	// Half the pool: the other half stays free for reads (loading boards,
	// sessions), and two groups in flight keep PostgreSQL's flushes busy.
	workers := max(1, min(4, int(pool.Config().MaxConns)/2))
	for range workers {
		c.wg.Add(1)
		go c.run()
	}
	return c
}

// submit queues r, or returns false once the committer is closed.
func (c *committer) submit(r *appendReq) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return false
	}
	c.in <- r
	return true
}

// close stops queueing, lets the workers write what is queued, and waits
// for them.
func (c *committer) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	close(c.quit)
	c.wg.Wait()
}

func (c *committer) run() {
	defer c.wg.Done()
	group := make([]*appendReq, 0, maxGroup)
	for {
		group = group[:0]
		select {
		case r := <-c.in:
			if r.take() {
				group = append(group, r)
			}
		case <-c.quit:
			// Nothing is queued after quit; write what was.
			select {
			case r := <-c.in:
				if r.take() {
					group = append(group, r)
				}
			default:
				return
			}
		}
	more:
		for len(group) < maxGroup {
			select {
			case r := <-c.in:
				if r.take() {
					group = append(group, r)
				}
			default:
				break more
			}
		}
		if len(group) > 0 {
			c.write(group)
		}
		clear(group)
	}
}

// write commits a group in one transaction, or, if any of it fails, runs
// each Append alone.
func (c *committer) write(group []*appendReq) {
	ctx, cancel := context.WithTimeout(context.Background(), groupLimit)
	defer cancel()
	if len(group) > 1 {
		// Every transaction takes its boards' rows in the same order (by
		// board ID), so two groups that share boards (two nodes writing one
		// board) wait for each other instead of deadlocking: PostgreSQL
		// would find that only after deadlock_timeout (1 s) and roll one
		// back, which put seconds on the tail with two nodes.
		slices.SortFunc(group, func(a, b *appendReq) int { return strings.Compare(a.board(), b.board()) })
		moved, err := c.writeGroup(ctx, group)
		if err == nil {
			for i, r := range group {
				r.done <- appendResult{moved: moved[i]}
			}
			return
		}
	}
	for _, r := range group {
		var moved int
		err := c.pool.QueryRow(ctx, r.query, r.args...).Scan(&moved)
		r.done <- appendResult{moved: moved, err: err}
	}
}

// writeGroup sends BEGIN, every statement and COMMIT in one pipeline.
func (c *committer) writeGroup(ctx context.Context, group []*appendReq) ([]int, error) {
	conn, err := c.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	batch := &pgx.Batch{}
	batch.Queue("BEGIN")
	for _, r := range group {
		batch.Queue(r.query, r.args...)
	}
	batch.Queue("COMMIT")
	br := conn.SendBatch(ctx, batch)
	moved := make([]int, len(group))
	_, err = br.Exec()
	for i := 0; err == nil && i < len(group); i++ {
		err = br.QueryRow().Scan(&moved[i])
	}
	if err == nil {
		// COMMIT of a failed transaction answers ROLLBACK without an
		// error; no statement failed here, so an error is a failed commit.
		var tag interface{ String() string }
		tag, err = br.Exec()
		if err == nil && tag.String() != "COMMIT" {
			err = errRolledBack
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// The connection may be inside the failed transaction: make sure
		// it goes back to the pool clean.
		conn.Exec(context.Background(), "ROLLBACK")
		return nil, err
	}
	return moved, nil
}

type rolledBack struct{}

func (rolledBack) Error() string { return "the group's transaction was rolled back" }

var errRolledBack error = rolledBack{}
