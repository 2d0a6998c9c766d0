package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the schema's steps, applied in order at Open. Step i+1 is
// recorded as version i+1 in schema_migrations. Never change a step that has
// shipped; add one.
var migrations = []string{
	// 1: workshops, sessions, the boards' heads, logs and snapshots.
	//
	// Times are timestamptz, to the microsecond. workshops.ord is the
	// creation order, which breaks ties between workshops created in the
	// same microsecond (the last created is listed first).
	//
	// boards holds each board's head, the seq of its last event; Append
	// moves it with a compare-and-set, which is what orders a board's
	// writers across nodes (see the package documentation). A board has a
	// row from its first event on. The row is updated by every Append, so
	// its pages keep room for HOT updates that need no index change.
	//
	// An op is json (not jsonb): stored as written, with its keys in order
	// and \u0000 in strings allowed, which jsonb refuses.
	`CREATE TABLE workshops (
		id                   text NOT NULL PRIMARY KEY,
		ord                  bigint GENERATED ALWAYS AS IDENTITY,
		title                text NOT NULL,
		lang                 text NOT NULL,
		created_at           timestamptz NOT NULL,
		epoch                text NOT NULL,
		join_code            text UNIQUE, -- NULL when the workshop has none
		facilitator_key_hash bytea
	);
	CREATE INDEX workshops_created_at ON workshops (created_at DESC, ord DESC);

	CREATE TABLE sessions (
		token_hash     bytea NOT NULL PRIMARY KEY,
		workshop_id    text NOT NULL REFERENCES workshops (id),
		participant_id text NOT NULL,
		role           text NOT NULL,
		created_at     timestamptz NOT NULL
	);
	CREATE INDEX sessions_workshop_id ON sessions (workshop_id);

	CREATE TABLE boards (
		id   text NOT NULL PRIMARY KEY,
		head bigint NOT NULL CHECK (head > 0)
	) WITH (fillfactor = 50);

	CREATE TABLE events (
		board_id text NOT NULL,
		seq      bigint NOT NULL CHECK (seq > 0),
		op_id    text NOT NULL,
		actor    text NOT NULL,
		at       bigint NOT NULL,
		op       json NOT NULL, -- workshops.Op
		PRIMARY KEY (board_id, seq)
	);

	CREATE TABLE snapshots (
		board_id text NOT NULL,
		seq      bigint NOT NULL CHECK (seq >= 0),
		state    bytea NOT NULL, -- workshops.Board as JSON
		PRIMARY KEY (board_id, seq)
	);`,
	// 2: processes, a municipality's workshops in order. A workshop names
	// its process and its place in it; the place is unique within the
	// process, and a process may be deleted while its workshops stay.
	// processes.ord breaks ties like workshops.ord.
	`CREATE TABLE processes (
		id           text NOT NULL PRIMARY KEY,
		ord          bigint GENERATED ALWAYS AS IDENTITY,
		title        text NOT NULL,
		municipality text NOT NULL,
		created_at   timestamptz NOT NULL
	);
	CREATE INDEX processes_created_at ON processes (created_at DESC, ord DESC);
	ALTER TABLE workshops ADD COLUMN process_id text REFERENCES processes (id),
		ADD COLUMN process_pos integer NOT NULL DEFAULT 0;
	CREATE UNIQUE INDEX workshops_process ON workshops (process_id, process_pos) WHERE process_id IS NOT NULL;`,
	// 3: privacy. A workshop's own deletion date (NULL: none of its own),
	// and the citizen panel's signups, kept apart from the boards: contact
	// details never go into the log. One signup per person per workshop.
	`ALTER TABLE workshops ADD COLUMN delete_after timestamptz;
	CREATE TABLE panel_signups (
		workshop_id     text NOT NULL REFERENCES workshops (id),
		participant_id  text NOT NULL,
		name            text NOT NULL,
		email           text NOT NULL, -- '' when not given
		phone           text NOT NULL, -- '' when not given
		consent_version text NOT NULL,
		consent_lang    text NOT NULL,
		consented_at    timestamptz NOT NULL,
		PRIMARY KEY (workshop_id, participant_id)
	);`,
	// 4: the templates organisers saved or imported, each the template
	// file as the templates package wrote or checked it.
	`CREATE TABLE templates (
		key        text NOT NULL PRIMARY KEY,
		data       bytea NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now()
	);`,
	// 5: when and where a workshop is planned ('' when not set): the date
	// as YYYY-MM-DD and the times as HH:MM, as the API speaks them (a
	// local date and time, no zone).
	`ALTER TABLE workshops ADD COLUMN planned_date text NOT NULL DEFAULT '',
		ADD COLUMN planned_start text NOT NULL DEFAULT '',
		ADD COLUMN planned_end text NOT NULL DEFAULT '',
		ADD COLUMN place text NOT NULL DEFAULT '';`,
	// 6: a group commit's Appends in one statement (groupcommit.go). For
	// each Append i in the order given (the committer sorts them by board
	// ID, so every group takes its boards' rows in the same order and two
	// nodes' groups wait for each other instead of deadlocking), the same
	// compare-and-set of the board's head as Append's own statement; then
	// the events and snapshots of the Appends that moved their head, in
	// one INSERT each. It returns, for each Append, whether it moved the
	// head. Any error (a unique violation from rows written behind the
	// store's back, a snapshot that exists) fails the whole statement, and
	// the committer runs each Append alone. A board may appear more than
	// once (two Appends of one board in a group); they run in the order
	// given, as they would one after the other.
	//
	// The table names are not qualified: the caller's search_path finds
	// them, as it finds every other statement's.
	`CREATE FUNCTION append_group(
		p_board text[], p_first bigint[], p_last bigint[],
		p_ev_of integer[], p_ev_seq bigint[], p_ev_op_id text[], p_ev_actor text[], p_ev_at bigint[], p_ev_op text[],
		p_snap_of integer[], p_snap_seq bigint[], p_snap_state bytea[]
	) RETURNS boolean[] LANGUAGE plpgsql AS $$
	DECLARE
		moved boolean[] := array_fill(false, ARRAY[cardinality(p_board)]);
	BEGIN
		FOR i IN 1 .. cardinality(p_board) LOOP
			IF p_first[i] = 1 THEN
				INSERT INTO boards (id, head) VALUES (p_board[i], p_last[i]) ON CONFLICT (id) DO NOTHING;
			ELSE
				UPDATE boards SET head = p_last[i] WHERE id = p_board[i] AND head = p_first[i] - 1;
			END IF;
			moved[i] := FOUND;
		END LOOP;
		INSERT INTO events (board_id, seq, op_id, actor, at, op)
			SELECT p_board[e.i], e.seq, e.op_id, e.actor, e.at, e.op::json
			FROM unnest(p_ev_of, p_ev_seq, p_ev_op_id, p_ev_actor, p_ev_at, p_ev_op) AS e (i, seq, op_id, actor, at, op)
			WHERE moved[e.i];
		INSERT INTO snapshots (board_id, seq, state)
			SELECT p_board[s.i], s.seq, s.state
			FROM unnest(p_snap_of, p_snap_seq, p_snap_state) AS s (i, seq, state)
			WHERE moved[s.i];
		RETURN moved;
	END
	$$;`,
}

// migrationLock is the first key of the advisory lock that migrations hold;
// the second is a hash of the schema's name, so that stores in different
// schemas of one database do not wait for each other. "Sams" in ASCII.
const migrationLock = 0x53616d73

// migrate brings the schema up to date in one transaction, so a failed step
// leaves the database as it was. The transaction first takes an advisory
// lock, so when several nodes start at once one migrates and the others
// wait, then find nothing to do. Everything is created in the first schema
// of the search_path.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var schema *string
		if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return fmt.Errorf("read schema: %w", err)
		}
		if schema == nil {
			return errors.New("no schema of the search_path exists")
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, migrationLock, *schema); err != nil {
			return fmt.Errorf("lock schema: %w", err)
		}
		// Created under the lock: two CREATE TABLE IF NOT EXISTS at once
		// may both try to create it, and one fails.
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer NOT NULL PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var version int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if version > len(migrations) {
			return fmt.Errorf("schema %q is at version %d, newer than this program's (%d)", *schema, version, len(migrations))
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, i+1); err != nil {
				return fmt.Errorf("record schema version %d: %w", i+1, err)
			}
		}
		return nil
	})
}
