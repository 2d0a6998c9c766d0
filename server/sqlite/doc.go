// Package sqlite is the embedded store: a [workshops.Store] in one SQLite
// file, through the pure-Go driver modernc.org/sqlite (no cgo). It is the
// store of a single-node Samskap; nothing else needs to be installed.
//
// # Durability
//
// The database runs in WAL mode with synchronous=FULL: every commit appends
// to the write-ahead log and fsyncs it before it returns. So when Append
// returns nil, the events are on disk and survive a crash of the process and
// of the operating system (given a disk that does not lie about fsync).
// synchronous=NORMAL would be faster, but in WAL mode it may lose the last
// commits on an OS crash or power loss, and an acknowledged op must not be
// lost. SQLite syncs the directory when it creates the WAL file; Open also
// syncs it after creating the database file. Checkpoints (copying the WAL
// into the database file) happen automatically on the writer's connection
// and fsync as well.
//
// The pragmas (busy_timeout, journal_mode, synchronous, foreign_keys, and
// query_only for readers) are in the DSN, so every connection database/sql
// opens gets them, not only the first.
//
// # Group commit
//
// An fsync costs from tens of microseconds to several milliseconds, so one
// transaction per Append would cap a store at a few hundred to a few
// thousand ops a second, whatever the CPU. Instead, one writer goroutine owns
// the only write connection. Every write (Append, CreateWorkshop,
// CreateSession) is queued as a job, and its caller waits. The writer takes
// every job queued, up to 1000 rows, runs them in ONE transaction and fsyncs
// once, then wakes each caller with its own result. While it commits, new
// jobs queue up and form the next group, so the more callers write at once,
// the more each fsync carries: throughput grows with load and latency stays
// about one or two commits.
//
// A job that is refused for its own reasons (its seq is taken, its join
// code exists: an error with a workshops code) fails alone, and the rest of
// the group commits. That takes no savepoint: each job checks first, and its
// first write is a single statement that either writes or fails whole (the
// insert of a batch's first event carries the gap check, and fails on the
// primary key when the seq is taken), so a refused job has written nothing.
// The writer enforces this: a job that fails after it has written, and any
// other failure (I/O, a full disk), rolls the whole transaction back, and
// every job in it gets the error; nothing of the group is stored, so a
// caller may retry. A savepoint per job, and a separate query for the
// board's last seq, would cost three more statements per job on the one
// goroutine that every write waits for; dropping them made
// BenchmarkAppendParallel about a fifth faster. Jobs run in the order they
// were queued and see the jobs before them in the same transaction, so two
// racing Appends for one seq get one nil and one ECONFLICT, as they would in
// separate transactions.
//
// A caller whose context ends while its job is still queued gets the
// context's error at once, and the job is never written; so is a job
// whose context has ended by the time the writer comes to it. A job the
// writer has taken is in the transaction being written: its caller waits
// for that transaction's outcome (one group commit) even if its context
// ends meanwhile, so a job never runs after its caller has returned and
// may set the caller's variables. Close stops taking new jobs, lets the writer commit everything
// already queued, and then closes the database; later calls return
// ErrClosed.
//
// # Reads
//
// Reads use a separate pool of read-only connections and never wait for the
// writer: in WAL mode readers see the last commit while the next one is
// being written. A read that starts after Append returned sees its events.
// Statements are prepared once at Open.
//
// # Schema
//
// The schema is a list of steps (see migrations); the database records in
// PRAGMA user_version how many it has, and Open applies the missing ones in
// one transaction. An Op is stored as JSON text, so new op kinds and fields
// need no schema change, and a snapshot is the board's JSON. A database
// written by a newer version of Samskap is refused rather than misread.
package sqlite
