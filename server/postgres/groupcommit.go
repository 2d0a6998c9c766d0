package postgres

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/samskap/samskap/workshops"
)

// Group commit: the Appends of many boards that arrive together are
// written by one statement, append_group (schema.go, migration 6), which is
// its own transaction: one round trip, one statement and one flush of the
// write-ahead log cover them all, as the SQLite store's single writer does.
// Before, every board's batch was a transaction of its own through a pool
// of 4 connections: at 2,000 ops/s over 100 boards the boards queued for
// the connections and an append took 150-470 ms (BenchmarkAppendLatency);
// then a pipeline of BEGIN, a statement per board and COMMIT, which made
// the server parse, plan and run a statement per Append.
//
// append_group does for each board the same compare-and-set as Append's
// own statement, so the result of each is what it would have been alone.
// If the statement fails (a unique violation: rows written behind the
// store's back, a snapshot that exists), nothing of the group is stored
// and each of its Appends is run again on its own, so each gets its own
// error. A group of one runs Append's own statement.

const (
	maxGroup   = 128              // Appends in one statement at most
	groupLimit = 30 * time.Second // longest a group's statement may take
)

// appendReq is one Append waiting for its group. It refers to the
// caller's events, which the caller keeps until it has the outcome or has
// dropped the request.
type appendReq struct {
	board       string
	first, last int64
	events      []workshops.Event
	ops         []string // the events' ops as JSON
	snap        *workshops.Snapshot
	done        chan appendResult // buffered: the committer never blocks on it
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

// reqs recycles the requests that got their outcome (a dropped one may
// still sit in the queue and is left to the garbage collector), so an
// Append allocates no request and no channel.
var reqs = sync.Pool{New: func() any { return &appendReq{done: make(chan appendResult, 1)} }}

func newReq() *appendReq {
	r := reqs.Get().(*appendReq)
	r.state.Store(reqQueued)
	return r
}

// recycle returns r to the pool once its caller has read its outcome.
func (r *appendReq) recycle() {
	done, ops := r.done, r.ops[:0]
	clear(r.ops)
	*r = appendReq{done: done, ops: ops}
	reqs.Put(r)
}

// take marks r as part of a group, or reports false if its caller gave up.
func (r *appendReq) take() bool { return r.state.CompareAndSwap(reqQueued, reqTaken) }

// drop gives r up, or reports false if a group has taken it already (its
// outcome then follows on done).
func (r *appendReq) drop() bool { return r.state.CompareAndSwap(reqQueued, reqDropped) }

// alone returns r's own statement and its arguments: the compare-and-set
// of Append (store.go) for r's board alone.
func (r *appendReq) alone() (string, []any) {
	n := len(r.events)
	opIDs, actors, ats := make([]string, n), make([]string, n), make([]int64, n)
	for i, e := range r.events {
		opIDs[i], actors[i], ats[i] = e.OpID, e.Actor, e.At
	}
	var (
		snapSeq   *int64
		snapState []byte
	)
	if r.snap != nil {
		seq := int64(r.snap.Seq)
		snapSeq, snapState = &seq, r.snap.State
	}
	query := appendNext
	if r.first == 1 {
		query = appendFirst
	}
	return query, []any{r.board, r.first, r.last, opIDs, actors, ats, r.ops, snapSeq, snapState}
}

type appendResult struct {
	moved bool
	err   error
}

// groupStats counts what the committer sent, for BenchmarkAppendLatency's
// figures that do not depend on the machine's speed.
type groupStats struct {
	groups  atomic.Uint64 // append_group statements
	grouped atomic.Uint64 // Appends written by them
	alone   atomic.Uint64 // Appends written by a statement of their own
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

	stats groupStats
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
	var buf groupArgs
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
			c.write(group, &buf)
		}
		clear(group)
	}
}

// write commits a group in one statement, or, if it fails, runs each
// Append alone.
func (c *committer) write(group []*appendReq, buf *groupArgs) {
	ctx, cancel := context.WithTimeout(context.Background(), groupLimit)
	defer cancel()
	if len(group) > 1 {
		// Every group takes its boards' rows in the same order (by board
		// ID), so two groups that share boards (two nodes writing one
		// board) wait for each other instead of deadlocking: PostgreSQL
		// would find that only after deadlock_timeout (1 s) and roll one
		// back, which put seconds on the tail with two nodes. Stable, so
		// two Appends of one board keep the order they came in.
		slices.SortStableFunc(group, func(a, b *appendReq) int { return strings.Compare(a.board, b.board) })
		buf.fill(group)
		c.stats.groups.Add(1)
		err := c.pool.QueryRow(ctx, `SELECT append_group($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			buf.board, buf.first, buf.last, buf.evOf, buf.evSeq, buf.evOpID, buf.evActor, buf.evAt, buf.evOp,
			buf.snapOf, buf.snapSeq, buf.snapState).Scan(&buf.moved)
		if err == nil && len(buf.moved) != len(group) {
			err = errShortAnswer
		}
		moved := buf.moved
		buf.reset()
		if err == nil {
			c.stats.grouped.Add(uint64(len(group)))
			for i, r := range group {
				r.done <- appendResult{moved: moved[i]}
			}
			return
		}
	}
	for _, r := range group {
		c.stats.alone.Add(1)
		query, args := r.alone()
		var moved int
		err := c.pool.QueryRow(ctx, query, args...).Scan(&moved)
		r.done <- appendResult{moved: moved == 1, err: err}
	}
}

// groupArgs are append_group's arguments, kept by a worker from one group
// to the next so that building them allocates nothing once they have
// grown. Events and snapshots name their Append by its place (from 1).
type groupArgs struct {
	board                 []string
	first, last           []int64
	evOf                  []int32
	evSeq, evAt           []int64
	evOpID, evActor, evOp []string
	snapOf                []int32
	snapSeq               []int64
	snapState             [][]byte
	moved                 []bool
}

func (b *groupArgs) fill(group []*appendReq) {
	for i, r := range group {
		of := int32(i + 1)
		b.board = append(b.board, r.board)
		b.first = append(b.first, r.first)
		b.last = append(b.last, r.last)
		for j, e := range r.events {
			b.evOf = append(b.evOf, of)
			b.evSeq = append(b.evSeq, r.first+int64(j))
			b.evOpID = append(b.evOpID, e.OpID)
			b.evActor = append(b.evActor, e.Actor)
			b.evAt = append(b.evAt, e.At)
			b.evOp = append(b.evOp, r.ops[j])
		}
		if r.snap != nil {
			b.snapOf = append(b.snapOf, of)
			b.snapSeq = append(b.snapSeq, int64(r.snap.Seq))
			b.snapState = append(b.snapState, r.snap.State)
		}
	}
}

// reset empties b for the next group and lets go of the group's strings.
func (b *groupArgs) reset() {
	clear(b.board)
	clear(b.evOpID)
	clear(b.evActor)
	clear(b.evOp)
	clear(b.snapState)
	b.board, b.first, b.last = b.board[:0], b.first[:0], b.last[:0]
	b.evOf, b.evSeq, b.evAt = b.evOf[:0], b.evSeq[:0], b.evAt[:0]
	b.evOpID, b.evActor, b.evOp = b.evOpID[:0], b.evActor[:0], b.evOp[:0]
	b.snapOf, b.snapSeq, b.snapState = b.snapOf[:0], b.snapSeq[:0], b.snapState[:0]
	b.moved = nil
}

type shortAnswer struct{}

func (shortAnswer) Error() string { return "append_group answered for fewer Appends than it was given" }

var errShortAnswer error = shortAnswer{}
