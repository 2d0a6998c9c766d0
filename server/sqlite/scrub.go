package sqlite

import (
	"context"
	"fmt"
	"time"
)

// Scrub implements workshops.Scrubber. Deleted rows are already zeroed in
// the database file's pages (secure_delete is on), but until a checkpoint
// the write-ahead log (samskap.db-wal) still holds the pages as they were
// before, with the deleted text in them. Scrub checkpoints with TRUNCATE:
// every page of the log is copied into the database file, which is
// fsynced, and the log is cut to zero bytes.
//
// It runs on the writer's own connection, so it waits for the write in
// progress and no write starts while it runs. A reader holding an old
// snapshot makes the checkpoint incomplete (SQLite reports it busy); Scrub
// then tries again, until ctx ends.
func (s *Store) Scrub(ctx context.Context) error {
	if s.isClosed.Load() {
		return ErrClosed
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return s.readErr(ctx, err, "", "scrub: take the write connection")
	}
	defer conn.Close()
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		var busy, logFrames, done int
		err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done)
		if err != nil {
			return s.readErr(ctx, err, "", "scrub: checkpoint")
		}
		// After a TRUNCATE checkpoint that completed, the log is empty:
		// SQLite answers 0 frames.
		if busy == 0 && logFrames <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("scrub: the write-ahead log is still in use (%d of %d frames copied): %w", done, logFrames, ctx.Err())
		case <-time.After(wait):
		}
	}
}
