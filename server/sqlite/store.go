package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/samskap/samskap/workshops"
)

// timeLayout is how times are stored: UTC, fixed width, nanoseconds, so that
// text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// CreateWorkshop implements workshops.Store. A workshop without a join code
// may be stored; it is then found by ID only.
func (s *Store) CreateWorkshop(ctx context.Context, w workshops.Workshop) error {
	if w.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a workshop needs an ID")
	}
	created := formatTime(w.CreatedAt)
	return s.do(ctx, 1, func(t *tx) error {
		pos, err := t.processPos(w.Process, w.ProcessPos)
		if err != nil {
			return err
		}
		_, err = t.exec(s.insertWorkshop, w.ID, w.Title, string(w.Lang), created, w.Epoch, w.JoinCode, w.FacilitatorKeyHash, w.Process, pos, formatOptionalTime(w.DeleteAfter),
			w.Schedule.Date, w.Schedule.Start, w.Schedule.End, w.Schedule.Place)
		switch {
		case err == nil:
			return nil
		case isUnique(err) && strings.Contains(err.Error(), "join_code"):
			return workshops.Errorf(workshops.ECONFLICT, "the join code is taken")
		case isUnique(err):
			return workshops.Errorf(workshops.ECONFLICT, "a workshop with this ID exists")
		}
		return fmt.Errorf("insert workshop: %w", err)
	})
}

// DeleteWorkshop implements workshops.Store. With secure_delete on, the
// deleted rows' bytes are overwritten in the file, not just unlinked.
func (s *Store) DeleteWorkshop(ctx context.Context, id string) error {
	return s.do(ctx, 4, func(t *tx) error {
		var one int
		if err := t.QueryRow(`SELECT 1 FROM workshops WHERE id = ?`, id).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
			}
			return fmt.Errorf("find workshop: %w", err)
		}
		t.wrote = true // from here on a failure fails the group
		for _, q := range []string{
			`DELETE FROM sessions WHERE workshop_id = ?`,
			`DELETE FROM panel_signups WHERE workshop_id = ?`,
			`DELETE FROM events WHERE board_id = ?`,
			`DELETE FROM snapshots WHERE board_id = ?`,
			`DELETE FROM workshops WHERE id = ?`,
		} {
			if _, err := t.Exec(q, id); err != nil {
				return fmt.Errorf("delete workshop: %w", err)
			}
		}
		return nil
	})
}

// Workshop implements workshops.Store.
func (s *Store) Workshop(ctx context.Context, id string) (workshops.Workshop, error) {
	return s.scanWorkshop(ctx, s.workshop.QueryRowContext(ctx, id))
}

// WorkshopByJoinCode implements workshops.Store.
func (s *Store) WorkshopByJoinCode(ctx context.Context, code string) (workshops.Workshop, error) {
	return s.scanWorkshop(ctx, s.workshopByCode.QueryRowContext(ctx, code))
}

// Workshops implements workshops.Store. Workshops created at the same
// instant are listed last created first.
func (s *Store) Workshops(ctx context.Context) ([]workshops.Workshop, error) {
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.workshopList.QueryContext(ctx)
	if err != nil {
		return nil, s.readErr(ctx, err, "", "list workshops")
	}
	defer rows.Close()
	list := []workshops.Workshop{}
	for rows.Next() {
		w, err := s.scanWorkshop(ctx, rows)
		if err != nil {
			return nil, err
		}
		list = append(list, w)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, err, "", "list workshops")
	}
	return list, nil
}

func (s *Store) scanWorkshop(ctx context.Context, row interface{ Scan(...any) error }) (workshops.Workshop, error) {
	if s.isClosed.Load() {
		return workshops.Workshop{}, ErrClosed
	}
	var (
		w       workshops.Workshop
		lang    string
		created string
		expires string
	)
	if err := row.Scan(&w.ID, &w.Title, &lang, &created, &w.Epoch, &w.JoinCode, &w.FacilitatorKeyHash, &w.Process, &w.ProcessPos, &expires,
		&w.Schedule.Date, &w.Schedule.Start, &w.Schedule.End, &w.Schedule.Place); err != nil {
		return workshops.Workshop{}, s.readErr(ctx, err, "no such workshop", "read workshop")
	}
	w.Lang = workshops.Lang(lang)
	var err error
	if w.CreatedAt, err = parseTime(created); err != nil {
		return workshops.Workshop{}, fmt.Errorf("read workshop: created_at: %w", err)
	}
	if expires != "" {
		if w.DeleteAfter, err = parseTime(expires); err != nil {
			return workshops.Workshop{}, fmt.Errorf("read workshop: delete_after: %w", err)
		}
	}
	return w, nil
}

// CreateSession implements workshops.Store. The session's workshop must
// exist: if it does not, CreateSession returns ENOTFOUND.
func (s *Store) CreateSession(ctx context.Context, sess workshops.Session) error {
	if len(sess.TokenHash) == 0 {
		return workshops.Errorf(workshops.EINVALID, "a session needs a token hash")
	}
	created := formatTime(sess.CreatedAt)
	return s.do(ctx, 1, func(t *tx) error {
		_, err := t.exec(s.insertSession, sess.TokenHash, sess.WorkshopID, sess.ParticipantID, string(sess.Role), created)
		switch {
		case err == nil:
			return nil
		case isUnique(err):
			return workshops.Errorf(workshops.ECONFLICT, "a session with this token exists")
		case isForeignKey(err):
			return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
		}
		return fmt.Errorf("insert session: %w", err)
	})
}

// Session implements workshops.Store.
func (s *Store) Session(ctx context.Context, tokenHash []byte) (workshops.Session, error) {
	if s.isClosed.Load() {
		return workshops.Session{}, ErrClosed
	}
	var (
		sess    workshops.Session
		role    string
		created string
	)
	err := s.session.QueryRowContext(ctx, tokenHash).Scan(&sess.TokenHash, &sess.WorkshopID, &sess.ParticipantID, &role, &created)
	if err != nil {
		return workshops.Session{}, s.readErr(ctx, err, "no such session", "read session")
	}
	sess.Role = workshops.Role(role)
	if sess.CreatedAt, err = parseTime(created); err != nil {
		return workshops.Session{}, fmt.Errorf("read session: created_at: %w", err)
	}
	return sess, nil
}

// eventRow is an event ready to insert, encoded by the caller's goroutine so
// that the writer only writes.
type eventRow struct {
	seq      int64
	opID, op string
	actor    string
	at       int64
}

// Append implements workshops.Store. Besides what the interface says:
//
//   - A board's log has no gaps: the first event must be seq 1 or follow
//     an event stored. Otherwise Append returns ECONFLICT when the seq is
//     taken, and EINVALID when it would leave a gap, because a log with a
//     gap could never be loaded again.
//   - Seqs must be consecutive and between 1 and MaxInt64 (EINVALID), and
//     numbers in ops finite (EINVALID; the log is JSON).
//   - The snapshot's BoardID must be boardID or empty. Its seq must be one
//     the log has reached once the events are stored, or 0 (EINVALID
//     otherwise). A snapshot at a seq that has one is ECONFLICT.
//   - With neither events nor a snapshot, Append does nothing.
//   - If ctx is done before the write is committed, Append returns ctx's
//     error; the batch is then either stored whole or not at all, and only
//     reading the log tells which. A batch whose caller had already given up
//     when its turn came is not written.
func (s *Store) Append(ctx context.Context, boardID string, events []workshops.Event, snap *workshops.Snapshot) error {
	if err := workshops.CheckAppend(boardID, events, snap); err != nil {
		return err
	}
	if len(events) == 0 && snap == nil {
		return nil
	}
	rows := make([]eventRow, len(events))
	for i, e := range events {
		op, err := json.Marshal(e.Op)
		if err != nil {
			return workshops.Errorf(workshops.EINVALID, "event %d does not encode", e.Seq)
		}
		rows[i] = eventRow{seq: int64(e.Seq), opID: e.OpID, actor: e.Actor, at: e.At, op: string(op)}
	}
	var (
		snapSeq   int64
		snapState []byte
	)
	if snap != nil {
		// Copied, so the caller may reuse its buffer once Append returns
		// even if the write is still queued (after ctx ended).
		snapSeq, snapState = int64(snap.Seq), append([]byte(nil), snap.State...)
	}
	return s.do(ctx, len(rows)+1, func(t *tx) error {
		// Everything that can refuse the batch is checked before the first
		// write, or by it (see tx).
		if snap != nil && len(rows) > 0 {
			var taken bool
			if err := t.stmt(s.snapshotExists).QueryRow(boardID, snapSeq).Scan(&taken); err != nil {
				return fmt.Errorf("look for snapshot: %w", err)
			}
			if taken {
				return workshops.Errorf(workshops.ECONFLICT, "the board has a snapshot at seq %d", snapSeq)
			}
		}
		for i, r := range rows {
			if i > 0 {
				if _, err := t.exec(s.insertEvent, boardID, r.seq, r.opID, r.actor, r.at, r.op); err != nil {
					return fmt.Errorf("insert event: %w", err)
				}
				continue
			}
			n, err := t.exec(s.insertFirstEvent, boardID, r.seq, r.opID, r.actor, r.at, r.op)
			switch {
			case isUnique(err):
				return workshops.Errorf(workshops.ECONFLICT, "seq %d is taken", r.seq)
			case err != nil:
				return fmt.Errorf("insert event: %w", err)
			case n == 0:
				return workshops.Errorf(workshops.EINVALID, "seq %d does not follow the board's last seq", r.seq)
			}
		}
		if snap != nil {
			n, err := t.exec(s.insertSnapshot, boardID, snapSeq, snapState)
			switch {
			case isUnique(err):
				return workshops.Errorf(workshops.ECONFLICT, "the board has a snapshot at seq %d", snapSeq)
			case err != nil:
				return fmt.Errorf("insert snapshot: %w", err)
			case n == 0:
				return workshops.Errorf(workshops.EINVALID, "the snapshot is ahead of the board's log")
			}
		}
		return nil
	})
}

// Events implements workshops.Store. A board nobody wrote to has no events,
// which is not an error. limit must be positive (EINVALID otherwise).
func (s *Store) Events(ctx context.Context, boardID string, after uint64, limit int) ([]workshops.Event, error) {
	if limit <= 0 {
		return nil, workshops.Errorf(workshops.EINVALID, "limit must be positive")
	}
	if after >= math.MaxInt64 {
		return []workshops.Event{}, nil // no seq is stored past MaxInt64
	}
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.events.QueryContext(ctx, boardID, int64(after), limit)
	if err != nil {
		return nil, s.readErr(ctx, err, "", "read events")
	}
	defer rows.Close()
	events := make([]workshops.Event, 0, min(limit, 256))
	for rows.Next() {
		var (
			e  workshops.Event
			op sql.RawBytes
		)
		if err := rows.Scan(&e.Seq, &e.OpID, &e.Actor, &e.At, &op); err != nil {
			return nil, s.readErr(ctx, err, "", "read events")
		}
		if err := json.Unmarshal(op, &e.Op); err != nil {
			return nil, fmt.Errorf("read event %d: op: %w", e.Seq, err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, err, "", "read events")
	}
	return events, nil
}

// LastSnapshot implements workshops.Store.
func (s *Store) LastSnapshot(ctx context.Context, boardID string) (workshops.Snapshot, error) {
	if s.isClosed.Load() {
		return workshops.Snapshot{}, ErrClosed
	}
	snap := workshops.Snapshot{BoardID: boardID}
	if err := s.lastSnap.QueryRowContext(ctx, boardID).Scan(&snap.Seq, &snap.State); err != nil {
		return workshops.Snapshot{}, s.readErr(ctx, err, "the board has no snapshot", "read snapshot")
	}
	return snap, nil
}

// Backup writes a consistent copy of the whole database to path (which must
// not exist) while the store stays in use: SQLite's VACUUM INTO reads one
// snapshot of the database in a read transaction, so writers go on and the
// copy holds every append committed before it began. The copy is a plain
// SQLite file: restore it by stopping the server and putting it in place
// of samskap.db (removing samskap.db-wal and samskap.db-shm).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.isClosed.Load() {
		return ErrClosed
	}
	// A connection of its own: the readers are query-only (VACUUM INTO
	// counts as a write for that), and the writer's one connection must
	// not wait for a copy of the whole database.
	// The copy holds everyone's data: readable by the owner only. VACUUM
	// INTO writes into an empty file, so it is made first, with that mode
	// (and O_EXCL keeps the promise that an existing file is never
	// overwritten).
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	db, err := sql.Open("sqlite", dsn(s.path, pragmas))
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
