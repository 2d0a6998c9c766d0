package postgres

import "context"

// scrubbedTables hold personal data that erasure and deletion remove.
const scrubbedTables = "events, snapshots, sessions, panel_signups, workshops"

// Scrub implements workshops.Scrubber as far as PostgreSQL allows: VACUUM
// of the tables deletions touch, so that the dead row versions holding
// deleted data are pruned and their space marked for reuse at once rather
// than at autovacuum's leisure. VACUUM does not zero the freed space: the
// bytes stay in the table's pages until new rows overwrite them, and in the
// server's write-ahead log until it is recycled (docs/PRIVACY.md says how
// long). VACUUM FULL would rewrite the tables, but it locks them against
// every read and write while it runs, which a live workshop cannot afford.
func (s *Store) Scrub(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	if _, err := s.pool.Exec(ctx, "VACUUM "+scrubbedTables); err != nil {
		return s.fail(ctx, err, "vacuum")
	}
	return nil
}
