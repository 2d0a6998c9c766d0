package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/samskap/samskap/workshops"
)

// formatOptionalTime formats t for a nullable time column: "" (stored as
// NULL through NULLIF) for the zero time.
func formatOptionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// updateWorkshop runs one UPDATE of a workshop's row as a write job and
// turns "no row" into ENOTFOUND. conflict, if set, names the error a unique
// violation means.
func (s *Store) updateWorkshop(ctx context.Context, query string, conflict error, args ...any) error {
	return s.do(ctx, 1, func(t *tx) error {
		res, err := t.Exec(query, args...)
		switch {
		case err != nil && conflict != nil && isUnique(err):
			return conflict
		case err != nil:
			return fmt.Errorf("update workshop: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("update workshop: %w", err)
		}
		if n == 0 {
			return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
		}
		t.wrote = true
		return nil
	})
}

// SetDeleteAfter implements workshops.PrivacyStore.
func (s *Store) SetDeleteAfter(ctx context.Context, workshopID string, at time.Time) error {
	return s.updateWorkshop(ctx, `UPDATE workshops SET delete_after = NULLIF(?, '') WHERE id = ?`, nil,
		formatOptionalTime(at), workshopID)
}

// SetJoinCode implements workshops.PrivacyStore. "" stores NULL, so any
// number of workshops may have no code.
func (s *Store) SetJoinCode(ctx context.Context, workshopID, code string) error {
	return s.updateWorkshop(ctx, `UPDATE workshops SET join_code = NULLIF(?, '') WHERE id = ?`,
		workshops.Errorf(workshops.ECONFLICT, "the join code is taken"), code, workshopID)
}

// SetFacilitatorKey implements workshops.PrivacyStore.
func (s *Store) SetFacilitatorKey(ctx context.Context, workshopID string, keyHash []byte) error {
	return s.updateWorkshop(ctx, `UPDATE workshops SET facilitator_key_hash = ? WHERE id = ?`, nil, keyHash, workshopID)
}

// DeleteSessions implements workshops.PrivacyStore.
func (s *Store) DeleteSessions(ctx context.Context, workshopID string, f workshops.SessionFilter) (int, error) {
	var n int64
	err := s.do(ctx, 1, func(t *tx) error {
		res, err := t.Exec(`DELETE FROM sessions WHERE workshop_id = ?1
			AND (?2 = '' OR participant_id = ?2) AND (?3 = '' OR role <> ?3) AND (?4 = '' OR created_at < ?4)`,
			workshopID, f.Participant, string(f.KeepRole), formatOptionalTime(f.CreatedBefore))
		if err != nil {
			return fmt.Errorf("delete sessions: %w", err)
		}
		t.wrote = true
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// RedactEvents implements workshops.PrivacyStore. Every event is looked up
// before the first is overwritten, so a mismatch changes nothing.
func (s *Store) RedactEvents(ctx context.Context, boardID string, events []workshops.Event, dropSnapshotsBefore uint64) error {
	ops := make([]string, len(events))
	for i, e := range events {
		if e.Seq == 0 || e.Seq > math.MaxInt64 {
			return workshops.Errorf(workshops.EINVALID, "seq %d is out of range", e.Seq)
		}
		op, err := json.Marshal(e.Op)
		if err != nil {
			return workshops.Errorf(workshops.EINVALID, "event %d does not encode", e.Seq)
		}
		ops[i] = string(op)
	}
	drop := int64(min(dropSnapshotsBefore, math.MaxInt64))
	return s.do(ctx, len(events)+1, func(t *tx) error {
		for _, e := range events {
			var n int
			err := t.QueryRow(`SELECT count(*) FROM events WHERE board_id = ? AND seq = ? AND op_id = ? AND actor = ?`,
				boardID, int64(e.Seq), e.OpID, e.Actor).Scan(&n)
			if err != nil {
				return fmt.Errorf("find event: %w", err)
			}
			if n == 0 {
				return workshops.Errorf(workshops.ENOTFOUND, "no event %d with this op ID and actor", e.Seq)
			}
		}
		t.wrote = true // from here on a failure fails the group
		for i, e := range events {
			if _, err := t.Exec(`UPDATE events SET op = ? WHERE board_id = ? AND seq = ?`, ops[i], boardID, int64(e.Seq)); err != nil {
				return fmt.Errorf("redact event: %w", err)
			}
		}
		if _, err := t.Exec(`DELETE FROM snapshots WHERE board_id = ? AND seq < ?`, boardID, drop); err != nil {
			return fmt.Errorf("drop snapshots: %w", err)
		}
		return nil
	})
}

// SavePanelSignup implements workshops.PrivacyStore.
func (s *Store) SavePanelSignup(ctx context.Context, p workshops.PanelSignup) error {
	consented := formatTime(p.ConsentedAt)
	return s.do(ctx, 1, func(t *tx) error {
		_, err := t.Exec(`INSERT INTO panel_signups
			(workshop_id, participant_id, name, email, phone, consent_version, consent_lang, consented_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop_id, participant_id) DO UPDATE SET name = excluded.name, email = excluded.email,
				phone = excluded.phone, consent_version = excluded.consent_version,
				consent_lang = excluded.consent_lang, consented_at = excluded.consented_at`,
			p.WorkshopID, p.ParticipantID, p.Name, p.Email, p.Phone, p.ConsentVersion, string(p.ConsentLang), consented)
		switch {
		case err == nil:
			t.wrote = true
			return nil
		case isForeignKey(err):
			return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
		}
		return fmt.Errorf("save panel signup: %w", err)
	})
}

// PanelSignups implements workshops.PrivacyStore.
func (s *Store) PanelSignups(ctx context.Context, workshopID string) ([]workshops.PanelSignup, error) {
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT workshop_id, participant_id, name, email, phone, consent_version,
		consent_lang, consented_at FROM panel_signups WHERE workshop_id = ? ORDER BY consented_at, participant_id`, workshopID)
	if err != nil {
		return nil, s.readErr(ctx, err, "", "list panel signups")
	}
	defer rows.Close()
	list := []workshops.PanelSignup{}
	for rows.Next() {
		var (
			p               workshops.PanelSignup
			lang, consented string
		)
		if err := rows.Scan(&p.WorkshopID, &p.ParticipantID, &p.Name, &p.Email, &p.Phone, &p.ConsentVersion, &lang, &consented); err != nil {
			return nil, s.readErr(ctx, err, "", "list panel signups")
		}
		p.ConsentLang = workshops.Lang(lang)
		if p.ConsentedAt, err = parseTime(consented); err != nil {
			return nil, fmt.Errorf("read panel signup: consented_at: %w", err)
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, err, "", "list panel signups")
	}
	return list, nil
}

// DeletePanelSignups implements workshops.PrivacyStore.
func (s *Store) DeletePanelSignups(ctx context.Context, workshopID, participantID string) (int, error) {
	var n int64
	err := s.do(ctx, 1, func(t *tx) error {
		res, err := t.Exec(`DELETE FROM panel_signups WHERE workshop_id = ?1 AND (?2 = '' OR participant_id = ?2)`,
			workshopID, participantID)
		if err != nil {
			return fmt.Errorf("delete panel signups: %w", err)
		}
		t.wrote = true
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
