// Package postgres is the shared store: a [workshops.Store] in a PostgreSQL
// database, through pgx and its connection pool. It is the store of a
// Samskap that runs on several nodes: every node opens the same database,
// and PostgreSQL decides each board's sequence numbers, so two nodes can
// never both be told that they stored the same seq.
//
// # Sequencing
//
// Each board has a row in boards holding its head, the seq of its last
// event. An Append moves the head with a compare-and-set in the same
// statement that inserts the events and the snapshot:
//
//	WITH head AS (UPDATE boards SET head = <last> WHERE id = <board> AND head = <first> - 1 RETURNING head),
//	     events AS (INSERT INTO events ... WHERE EXISTS (SELECT FROM head)),
//	     snapshot AS (INSERT INTO snapshots ... WHERE EXISTS (SELECT FROM head))
//	SELECT count(*) FROM head
//
// A batch starting at seq 1 inserts the row instead (INSERT ... ON CONFLICT
// DO NOTHING). One statement runs in one transaction, so the head, the
// events and the snapshot are stored together or not at all, in one round
// trip. When nothing was moved, Append reads the head: a first seq at or
// below it is taken (ECONFLICT), one further on leaves a gap (EINVALID), as
// the SQLite store says. The head only grows, so that answer holds.
//
// Why this is right with many nodes, at PostgreSQL's default isolation
// (READ COMMITTED): the UPDATE locks the board's row until the transaction
// ends. A second writer that expects the same head, on any node, finds the
// row locked and waits; when the first commits, PostgreSQL evaluates the
// second's WHERE again on the row as the first left it, so exactly one of
// two writers that expect the same head moves it, and the loser stores
// nothing. (If the first rolls
// back, the second goes on against the old head.) Two first batches of a
// new board meet on the primary key of boards the same way: ON CONFLICT
// waits for the other insert and then does nothing. So the order of a
// board's writes is decided in one place, the row. events keeps PRIMARY
// KEY (board_id, seq) as well, so that even rows written behind the store's
// back cannot give a seq twice; a unique violation there is ECONFLICT too.
//
// A writer that expects a head other than the one it can see does not
// wait: an Append at seq 5 while another transaction moves the head from 3
// to 4 sees a gap, as it would a moment earlier. Nodes do not have that
// case: a board's runner waits for its write before the next, and learns
// of other nodes' events after they commit.
//
// The SQLite store's way, an insert of the first event that checks that
// the seq before it exists, with the primary key for conflicts, would also
// be safe here. The head row costs one more row update per Append, and buys
// a board's last seq in one lookup that does not depend on the events
// before it: old events may be pruned once a snapshot covers them, and
// the head still says where the log goes on.
//
// A snapshot without events is inserted if its seq is 0 or at most the
// head; it needs no lock, since the head only grows. A snapshot at a seq
// that has one is ECONFLICT through the primary key of snapshots, and
// refuses the events that came with it.
//
// # Durability
//
// Append returns once PostgreSQL has committed, and a commit returns after
// the write-ahead log is flushed unless synchronous_commit is off, which
// the store checks on every connection it opens and refuses. (Stronger
// settings, waiting for standbys, are the operator's to choose.) When the
// call fails otherwise, for instance because ctx ended or the connection
// broke after the statement was sent, the outcome is unknown, as the Store
// contract says: only reading the log tells.
//
// Throughput comes from group commit (groupcommit.go): the Appends of many
// boards that arrive together are written by one statement, append_group
// (a function of the schema), by one of a few workers (half the pool, at
// most 4), so one round trip, one statement and one flush of the
// write-ahead log cover them all, as the SQLite store's single writer
// does. For each Append, in the order of their board IDs (so that groups
// of two nodes lock shared boards in the same order), append_group does
// the same compare-and-set as Append's own statement; if the statement
// fails, nothing of the group is stored and each of its Appends runs again
// by itself, so each gets its own outcome. PostgreSQL also flushes commits
// of several connections together. The pool's size is pgxpool's default
// unless the connection string sets pool_max_conns (mind max_connections,
// shared by every node).
//
// # Schema
//
// The schema is a list of steps (see migrations), applied at Open in one
// transaction that first takes a transaction-scoped advisory lock keyed by
// the schema's name: when several nodes start at once, one migrates and the
// others wait and then find nothing to do. schema_migrations records each
// step applied; a schema newer than this code is refused rather than
// misread. The tables live in the first schema of the search_path (set
// search_path in the connection string), so one database can hold several
// stores, as the tests do (see package pgtest).
//
// Ops are stored as json text, snapshots as bytea. Times are timestamptz,
// kept to the microsecond and returned in UTC. PostgreSQL's text holds
// neither NUL characters nor invalid UTF-8, which SQLite would keep: such
// text in a write is EINVALID, and a lookup by such a key finds nothing.
//
// # Closing
//
// Close waits for the calls that hold a connection to finish and closes the
// pool; a call that had not yet got a connection, and every later call,
// returns ErrClosed.
package postgres
