package sqlite

import "database/sql"

// What the tests of package sqlite_test may see of the writer.

// Commits returns how many transactions the writer has run.
func (s *Store) Commits() int64 { return s.commits.Load() }

// Queued returns how many jobs wait for the writer.
func (s *Store) Queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// SetBeforeCommit makes the writer call f before each transaction, after it
// has taken the group from the queue. f may block to hold the writer.
func (s *Store) SetBeforeCommit(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeCommit = f
}

// WriterPragma and ReaderPragma return a pragma's value on a connection of
// the writer's pool and of the readers' pool.
func (s *Store) WriterPragma(name string) (string, error) { return pragma(s.wdb, name) }

func (s *Store) ReaderPragma(name string) (string, error) { return pragma(s.rdb, name) }

func pragma(db *sql.DB, name string) (string, error) {
	var v string
	err := db.QueryRow("PRAGMA " + name).Scan(&v)
	return v, err
}

// SchemaVersion is the version of the schema this code migrates to.
var SchemaVersion = len(migrations)
