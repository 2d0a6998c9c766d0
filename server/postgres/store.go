package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/samskap/samskap/workshops"
)

// CreateWorkshop implements workshops.Store. A workshop without a join code
// may be stored; it is then found by ID only. Text fields must be valid
// UTF-8 without NUL characters (EINVALID otherwise), which PostgreSQL's text
// type requires.
func (s *Store) CreateWorkshop(ctx context.Context, w workshops.Workshop) error {
	if w.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a workshop needs an ID")
	}
	if !storable(w.ID, w.Title, string(w.Lang), w.Epoch, w.JoinCode, w.Schedule.Date, w.Schedule.Start, w.Schedule.End, w.Schedule.Place) {
		return workshops.Errorf(workshops.EINVALID, "the workshop has text that cannot be stored")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	if !storable(w.Process) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	err := s.inProcessAt(ctx, w.Process, w.ID, w.ProcessPos, func(q querier, pos int) error {
		_, err := q.Exec(ctx, `INSERT INTO workshops (id, title, lang, created_at, epoch, join_code, facilitator_key_hash, process_id, process_pos, delete_after,
				planned_date, planned_start, planned_end, place)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, NULLIF($8, ''), $9, $10, $11, $12, $13, $14)`,
			w.ID, w.Title, string(w.Lang), w.CreatedAt, w.Epoch, w.JoinCode, w.FacilitatorKeyHash, w.Process, pos, optionalTime(w.DeleteAfter),
			w.Schedule.Date, w.Schedule.Start, w.Schedule.End, w.Schedule.Place)
		return err
	})
	if workshops.ErrorCode(err) == workshops.ENOTFOUND {
		return err
	} else if constraint, ok := violates(err, uniqueViolation); ok {
		if constraint == "workshops_join_code_key" {
			return workshops.Errorf(workshops.ECONFLICT, "the join code is taken")
		}
		return workshops.Errorf(workshops.ECONFLICT, "a workshop with this ID exists")
	} else if err != nil {
		return s.fail(ctx, err, "insert workshop")
	}
	return nil
}

const selectWorkshop = `SELECT id, title, lang, created_at, epoch, coalesce(join_code, ''), facilitator_key_hash,
	coalesce(process_id, ''), process_pos, delete_after, planned_date, planned_start, planned_end, place FROM workshops`

// DeleteWorkshop implements workshops.Store, in one transaction.
func (s *Store) DeleteWorkshop(ctx context.Context, id string) error {
	if !storable(id) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail(ctx, err, "delete workshop")
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{
		`DELETE FROM sessions WHERE workshop_id = $1`,
		`DELETE FROM panel_signups WHERE workshop_id = $1`,
		`DELETE FROM events WHERE board_id = $1`,
		`DELETE FROM snapshots WHERE board_id = $1`,
		`DELETE FROM boards WHERE id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return s.fail(ctx, err, "delete workshop")
		}
	}
	tag, err := tx.Exec(ctx, `DELETE FROM workshops WHERE id = $1`, id)
	if err != nil {
		return s.fail(ctx, err, "delete workshop")
	}
	if tag.RowsAffected() == 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail(ctx, err, "delete workshop")
	}
	return nil
}

// Workshop implements workshops.Store.
func (s *Store) Workshop(ctx context.Context, id string) (workshops.Workshop, error) {
	return s.findWorkshop(ctx, selectWorkshop+` WHERE id = $1`, id)
}

// WorkshopByJoinCode implements workshops.Store.
func (s *Store) WorkshopByJoinCode(ctx context.Context, code string) (workshops.Workshop, error) {
	return s.findWorkshop(ctx, selectWorkshop+` WHERE join_code = $1`, code)
}

func (s *Store) findWorkshop(ctx context.Context, query, key string) (workshops.Workshop, error) {
	if s.closed.Load() {
		return workshops.Workshop{}, ErrClosed
	}
	if !storable(key) {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	rows, _ := s.pool.Query(ctx, query, key)
	w, err := pgx.CollectExactlyOneRow(rows, scanWorkshop)
	if errors.Is(err, pgx.ErrNoRows) {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	} else if err != nil {
		return workshops.Workshop{}, s.fail(ctx, err, "read workshop")
	}
	return w, nil
}

// Workshops implements workshops.Store. Workshops created in the same
// microsecond are listed last created first.
func (s *Store) Workshops(ctx context.Context) ([]workshops.Workshop, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, _ := s.pool.Query(ctx, selectWorkshop+` ORDER BY created_at DESC, ord DESC`)
	list, err := pgx.CollectRows(rows, scanWorkshop)
	if err != nil {
		return nil, s.fail(ctx, err, "list workshops")
	}
	if list == nil {
		list = []workshops.Workshop{}
	}
	return list, nil
}

func scanWorkshop(row pgx.CollectableRow) (workshops.Workshop, error) {
	var (
		w    workshops.Workshop
		lang string
	)
	var expires *time.Time
	err := row.Scan(&w.ID, &w.Title, &lang, &w.CreatedAt, &w.Epoch, &w.JoinCode, &w.FacilitatorKeyHash, &w.Process, &w.ProcessPos, &expires,
		&w.Schedule.Date, &w.Schedule.Start, &w.Schedule.End, &w.Schedule.Place)
	w.Lang, w.CreatedAt = workshops.Lang(lang), w.CreatedAt.UTC()
	if expires != nil {
		w.DeleteAfter = expires.UTC()
	}
	return w, err
}

// CreateSession implements workshops.Store. The session's workshop must
// exist: if it does not, CreateSession returns ENOTFOUND. Its text fields
// must be storable, as CreateWorkshop says.
func (s *Store) CreateSession(ctx context.Context, sess workshops.Session) error {
	if len(sess.TokenHash) == 0 {
		return workshops.Errorf(workshops.EINVALID, "a session needs a token hash")
	}
	if !storable(sess.WorkshopID) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if !storable(sess.ParticipantID, string(sess.Role)) {
		return workshops.Errorf(workshops.EINVALID, "the session has text that cannot be stored")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token_hash, workshop_id, participant_id, role, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		sess.TokenHash, sess.WorkshopID, sess.ParticipantID, string(sess.Role), sess.CreatedAt)
	if _, ok := violates(err, uniqueViolation); ok {
		return workshops.Errorf(workshops.ECONFLICT, "a session with this token exists")
	} else if _, ok := violates(err, foreignKeyViolation); ok {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	} else if err != nil {
		return s.fail(ctx, err, "insert session")
	}
	return nil
}

// Session implements workshops.Store.
func (s *Store) Session(ctx context.Context, tokenHash []byte) (workshops.Session, error) {
	if s.closed.Load() {
		return workshops.Session{}, ErrClosed
	}
	var (
		sess workshops.Session
		role string
	)
	err := s.pool.QueryRow(ctx, `SELECT token_hash, workshop_id, participant_id, role, created_at
		FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&sess.TokenHash, &sess.WorkshopID, &sess.ParticipantID, &role, &sess.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return workshops.Session{}, workshops.Errorf(workshops.ENOTFOUND, "no such session")
	} else if err != nil {
		return workshops.Session{}, s.fail(ctx, err, "read session")
	}
	sess.Role, sess.CreatedAt = workshops.Role(role), sess.CreatedAt.UTC()
	return sess, nil
}

// appendTail is the part of an Append's statement after the compare-and-set
// of the board's head (the CTE head, which returns a row when it moved the
// head): it inserts the events and the snapshot only if the head moved. One
// statement is one transaction, so the head, the events and the snapshot
// are stored together or not at all, in one round trip.
//
// $1 board, $2 first seq, $3 last seq, $4-$7 the events' op IDs, actors,
// times and ops, $8 and $9 the snapshot's seq and state (NULL without one).
const appendTail = `
	), events AS (
		INSERT INTO events (board_id, seq, op_id, actor, at, op)
		SELECT $1::text, $2::bigint + e.i - 1, e.op_id, e.actor, e.at, e.op::json
		FROM unnest($4::text[], $5::text[], $6::bigint[], $7::text[]) WITH ORDINALITY AS e (op_id, actor, at, op, i)
		WHERE EXISTS (SELECT FROM head)
	), snapshot AS (
		INSERT INTO snapshots (board_id, seq, state)
		SELECT $1::text, $8::bigint, $9::bytea WHERE $9::bytea IS NOT NULL AND EXISTS (SELECT FROM head)
	)
	SELECT count(*) FROM head`

// The compare-and-set of a board's head: a batch starting at seq 1 creates
// the board's row, and any other moves the head from the seq before its
// first. Either does nothing if another writer got there first. A writer
// that expects the head another's uncommitted Append is moving waits for
// that Append, and then sees the head it left.
const (
	appendFirst = `WITH head AS (
		INSERT INTO boards (id, head) VALUES ($1, $3) ON CONFLICT (id) DO NOTHING RETURNING head` + appendTail
	appendNext = `WITH head AS (
		UPDATE boards SET head = $3 WHERE id = $1 AND head = $2::bigint - 1 RETURNING head` + appendTail
)

// Append implements workshops.Store. It keeps the rules of the SQLite store:
//
//   - A board's log has no gaps: the first event must be seq 1 or follow
//     the board's last stored event. Otherwise Append returns ECONFLICT when
//     the seq is taken (by this node or another), and EINVALID when it would
//     leave a gap.
//   - Seqs must be consecutive and between 1 and MaxInt64 (EINVALID), and
//     numbers in ops finite (EINVALID; the log is JSON). The board ID, op
//     IDs and actors must be valid UTF-8 without NUL characters (EINVALID).
//   - The snapshot's BoardID must be boardID or empty. Its seq must be one
//     the log has reached once the events are stored, or 0 (EINVALID
//     otherwise). A snapshot at a seq that has one is ECONFLICT.
//   - With neither events nor a snapshot, Append does nothing.
//   - If ctx ends before the commit is confirmed, Append returns an error
//     wrapping ctx's; the batch is then stored whole or not at all, and only
//     reading the log tells which.
func (s *Store) Append(ctx context.Context, boardID string, events []workshops.Event, snap *workshops.Snapshot) error {
	if err := checkAppend(boardID, events, snap); err != nil {
		return err
	}
	if len(events) == 0 && snap == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed.Load() {
		return ErrClosed
	}
	if len(events) == 0 {
		return s.appendSnapshot(ctx, boardID, snap)
	}
	req := newReq()
	for _, e := range events {
		op, err := json.Marshal(e.Op)
		if err != nil {
			req.recycle()
			return workshops.Errorf(workshops.EINVALID, "event %d does not encode", e.Seq)
		}
		req.ops = append(req.ops, string(op))
	}
	first, last := int64(events[0].Seq), int64(events[len(events)-1].Seq)
	req.board, req.first, req.last, req.events, req.snap = boardID, first, last, events, snap
	if !s.group.submit(req) {
		return ErrClosed
	}
	var res appendResult
	select {
	case res = <-req.done:
	case <-ctx.Done():
		if req.drop() {
			// No group took it: it is not written, now or later. The
			// queue may still hold it, so it is not recycled.
			return fmt.Errorf("append: %w", ctx.Err())
		}
		// A group is writing it: its outcome is final within groupLimit,
		// and the caller must learn it (an Append that returned an error
		// must not be stored behind its back).
		res = <-req.done
	}
	req.recycle()
	moved, err := res.moved, res.err
	if constraint, ok := violates(err, uniqueViolation); ok {
		if constraint == "snapshots_pkey" {
			return workshops.Errorf(workshops.ECONFLICT, "the board has a snapshot at seq %d", snap.Seq)
		}
		// The head said the seqs were free: only rows written behind the
		// store's back get here.
		return workshops.Errorf(workshops.ECONFLICT, "seq %d is taken", first)
	} else if err != nil {
		return s.fail(ctx, err, "append")
	}
	if moved {
		return nil
	}
	// Another writer moved the head first, or the batch leaves a gap. The
	// head only grows, so a first seq at or below it stays taken.
	var head int64
	err = s.pool.QueryRow(ctx, `SELECT head FROM boards WHERE id = $1`, boardID).Scan(&head)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return s.fail(ctx, err, "read the board's head")
	}
	if first <= head {
		return workshops.Errorf(workshops.ECONFLICT, "seq %d is taken", first)
	}
	return workshops.Errorf(workshops.EINVALID, "seq %d does not follow the board's last seq", first)
}

// appendSnapshot stores a snapshot without events. A snapshot is of a seq
// the log has reached (or of the empty board, seq 0); one ahead of the log
// inserts nothing. The head only grows, so no lock is needed to check it.
func (s *Store) appendSnapshot(ctx context.Context, boardID string, snap *workshops.Snapshot) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO snapshots (board_id, seq, state)
		SELECT $1::text, $2::bigint, $3::bytea WHERE $2::bigint = 0 OR $2::bigint <= (SELECT head FROM boards WHERE id = $1)`,
		boardID, int64(snap.Seq), snap.State)
	switch _, taken := violates(err, uniqueViolation); {
	case taken:
		return workshops.Errorf(workshops.ECONFLICT, "the board has a snapshot at seq %d", snap.Seq)
	case err != nil:
		return s.fail(ctx, err, "insert snapshot")
	case tag.RowsAffected() == 0:
		return workshops.Errorf(workshops.EINVALID, "the snapshot is ahead of the board's log")
	}
	return nil
}

// checkAppend adds to workshops.CheckAppend what PostgreSQL cannot hold:
// IDs with NUL bytes or invalid UTF-8.
func checkAppend(boardID string, events []workshops.Event, snap *workshops.Snapshot) error {
	if err := workshops.CheckAppend(boardID, events, snap); err != nil {
		return err
	}
	if !storable(boardID) {
		return workshops.Errorf(workshops.EINVALID, "the board ID cannot be stored")
	}
	for _, e := range events {
		if !storable(e.OpID, e.Actor) {
			return workshops.Errorf(workshops.EINVALID, "event %d: the op ID or actor cannot be stored", e.Seq)
		}
	}
	return nil
}

// Events implements workshops.Store. A board nobody wrote to has no events,
// which is not an error. limit must be positive (EINVALID otherwise).
func (s *Store) Events(ctx context.Context, boardID string, after uint64, limit int) ([]workshops.Event, error) {
	if limit <= 0 {
		return nil, workshops.Errorf(workshops.EINVALID, "limit must be positive")
	}
	if s.closed.Load() {
		return nil, ErrClosed
	}
	if after >= math.MaxInt64 || !storable(boardID) {
		return []workshops.Event{}, nil // no such seq or board is stored
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, op_id, actor, at, op FROM events
		WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, boardID, int64(after), int64(limit))
	if err != nil {
		return nil, s.fail(ctx, err, "read events")
	}
	defer rows.Close()
	events := make([]workshops.Event, 0, min(limit, 256))
	for rows.Next() {
		var (
			e  workshops.Event
			op []byte
		)
		if err := rows.Scan(&e.Seq, &e.OpID, &e.Actor, &e.At, &op); err != nil {
			return nil, s.fail(ctx, err, "read events")
		}
		if err := json.Unmarshal(op, &e.Op); err != nil {
			return nil, fmt.Errorf("read event %d: op: %w", e.Seq, err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, err, "read events")
	}
	return events, nil
}

// LastSnapshot implements workshops.Store.
func (s *Store) LastSnapshot(ctx context.Context, boardID string) (workshops.Snapshot, error) {
	if s.closed.Load() {
		return workshops.Snapshot{}, ErrClosed
	}
	if !storable(boardID) {
		return workshops.Snapshot{}, workshops.Errorf(workshops.ENOTFOUND, "the board has no snapshot")
	}
	snap := workshops.Snapshot{BoardID: boardID}
	err := s.pool.QueryRow(ctx, `SELECT seq, state FROM snapshots WHERE board_id = $1 ORDER BY seq DESC LIMIT 1`, boardID).
		Scan(&snap.Seq, &snap.State)
	if errors.Is(err, pgx.ErrNoRows) {
		return workshops.Snapshot{}, workshops.Errorf(workshops.ENOTFOUND, "the board has no snapshot")
	} else if err != nil {
		return workshops.Snapshot{}, s.fail(ctx, err, "read snapshot")
	}
	return snap, nil
}
