package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's steps, applied in order at Open. The database
// records how many it has applied in PRAGMA user_version. Never change a step
// that has shipped; add one.
var migrations = []string{
	// 1: workshops, sessions, the boards' logs and snapshots.
	//
	// Times are TEXT in UTC with nine fraction digits (timeLayout), so that
	// text order is time order and the sqlite3 shell shows them. events and
	// sessions are WITHOUT ROWID: they are looked up by their primary key
	// only, and an event row is small, so keeping rows in the key's B-tree
	// saves an index and a lookup. snapshots keep the rowid because a
	// snapshot is a whole board, often larger than a page, which WITHOUT
	// ROWID tables store badly.
	`CREATE TABLE workshops (
		id                   TEXT NOT NULL PRIMARY KEY,
		title                TEXT NOT NULL,
		lang                 TEXT NOT NULL,
		created_at           TEXT NOT NULL,
		epoch                TEXT NOT NULL,
		join_code            TEXT UNIQUE, -- NULL when the workshop has none
		facilitator_key_hash BLOB
	);
	CREATE INDEX workshops_created_at ON workshops (created_at);

	CREATE TABLE sessions (
		token_hash     BLOB NOT NULL PRIMARY KEY,
		workshop_id    TEXT NOT NULL REFERENCES workshops (id),
		participant_id TEXT NOT NULL,
		role           TEXT NOT NULL,
		created_at     TEXT NOT NULL
	) WITHOUT ROWID;
	CREATE INDEX sessions_workshop_id ON sessions (workshop_id);

	CREATE TABLE events (
		board_id TEXT NOT NULL,
		seq      INTEGER NOT NULL CHECK (seq > 0),
		op_id    TEXT NOT NULL,
		actor    TEXT NOT NULL,
		at       INTEGER NOT NULL,
		op       TEXT NOT NULL, -- workshops.Op as JSON
		PRIMARY KEY (board_id, seq)
	) WITHOUT ROWID;

	CREATE TABLE snapshots (
		board_id TEXT NOT NULL,
		seq      INTEGER NOT NULL CHECK (seq >= 0),
		state    BLOB NOT NULL, -- workshops.Board as JSON
		PRIMARY KEY (board_id, seq)
	);`,
	// 2: processes, a municipality's workshops in order. A workshop names
	// its process and its place in it; the place is unique within the
	// process, and a process may be deleted while its workshops stay.
	`CREATE TABLE processes (
		id           TEXT NOT NULL PRIMARY KEY,
		title        TEXT NOT NULL,
		municipality TEXT NOT NULL,
		created_at   TEXT NOT NULL
	);
	CREATE INDEX processes_created_at ON processes (created_at);
	ALTER TABLE workshops ADD COLUMN process_id TEXT REFERENCES processes (id);
	ALTER TABLE workshops ADD COLUMN process_pos INTEGER NOT NULL DEFAULT 0;
	CREATE UNIQUE INDEX workshops_process ON workshops (process_id, process_pos) WHERE process_id IS NOT NULL;`,
	// 3: privacy. A workshop's own deletion date (NULL: none of its own),
	// and the citizen panel's signups, kept apart from the boards: contact
	// details never go into the log. One signup per person per workshop.
	`ALTER TABLE workshops ADD COLUMN delete_after TEXT;
	CREATE TABLE panel_signups (
		workshop_id     TEXT NOT NULL REFERENCES workshops (id),
		participant_id  TEXT NOT NULL,
		name            TEXT NOT NULL,
		email           TEXT NOT NULL, -- '' when not given
		phone           TEXT NOT NULL, -- '' when not given
		consent_version TEXT NOT NULL,
		consent_lang    TEXT NOT NULL,
		consented_at    TEXT NOT NULL,
		PRIMARY KEY (workshop_id, participant_id)
	) WITHOUT ROWID;`,
	// 4: the templates organisers saved or imported, each the template
	// file as the templates package wrote or checked it.
	`CREATE TABLE templates (
		key        TEXT NOT NULL PRIMARY KEY,
		data       BLOB NOT NULL,
		created_at TEXT NOT NULL
	);`,
	// 5: when and where a workshop is planned ('' when not set): the date
	// as YYYY-MM-DD and the times as HH:MM sort as text.
	`ALTER TABLE workshops ADD COLUMN planned_date TEXT NOT NULL DEFAULT '';
	ALTER TABLE workshops ADD COLUMN planned_start TEXT NOT NULL DEFAULT '';
	ALTER TABLE workshops ADD COLUMN planned_end TEXT NOT NULL DEFAULT '';
	ALTER TABLE workshops ADD COLUMN place TEXT NOT NULL DEFAULT '';`,
}

// migrate brings the schema of db up to date in one transaction, so a
// failed step leaves the database as it was.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case version == len(migrations):
		return nil
	case version > len(migrations):
		return fmt.Errorf("database schema version %d is newer than this program's (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
		}
	}
	// PRAGMA takes no bound parameters; the number is ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}
