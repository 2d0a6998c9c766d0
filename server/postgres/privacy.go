package postgres

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/samskap/samskap/workshops"
)

// optionalTime is t for a nullable timestamptz column: nil for the zero
// time.
func optionalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// updateWorkshop runs one UPDATE of a workshop's row and turns "no row"
// into ENOTFOUND.
func (s *Store) updateWorkshop(ctx context.Context, workshopID, query string, args ...any) error {
	if !storable(workshopID) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	tag, err := s.pool.Exec(ctx, query, append([]any{workshopID}, args...)...)
	if constraint, ok := violates(err, uniqueViolation); ok && constraint == "workshops_join_code_key" {
		return workshops.Errorf(workshops.ECONFLICT, "the join code is taken")
	} else if err != nil {
		return s.fail(ctx, err, "update workshop")
	}
	if tag.RowsAffected() == 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	return nil
}

// SetDeleteAfter implements workshops.PrivacyStore.
func (s *Store) SetDeleteAfter(ctx context.Context, workshopID string, at time.Time) error {
	return s.updateWorkshop(ctx, workshopID, `UPDATE workshops SET delete_after = $2 WHERE id = $1`, optionalTime(at))
}

// SetJoinCode implements workshops.PrivacyStore. "" stores NULL, so any
// number of workshops may have no code.
func (s *Store) SetJoinCode(ctx context.Context, workshopID, code string) error {
	if !storable(code) {
		return workshops.Errorf(workshops.EINVALID, "the join code cannot be stored")
	}
	return s.updateWorkshop(ctx, workshopID, `UPDATE workshops SET join_code = NULLIF($2, '') WHERE id = $1`, code)
}

// SetFacilitatorKey implements workshops.PrivacyStore.
func (s *Store) SetFacilitatorKey(ctx context.Context, workshopID string, keyHash []byte) error {
	return s.updateWorkshop(ctx, workshopID, `UPDATE workshops SET facilitator_key_hash = $2 WHERE id = $1`, keyHash)
}

// DeleteSessions implements workshops.PrivacyStore.
func (s *Store) DeleteSessions(ctx context.Context, workshopID string, f workshops.SessionFilter) (int, error) {
	if !storable(workshopID, f.Participant, string(f.KeepRole)) {
		return 0, nil // nothing of that name can be stored
	}
	if s.closed.Load() {
		return 0, ErrClosed
	}
	var before *time.Time
	if !f.CreatedBefore.IsZero() {
		before = &f.CreatedBefore
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE workshop_id = $1
		AND ($2 = '' OR participant_id = $2) AND ($3 = '' OR role <> $3) AND ($4::timestamptz IS NULL OR created_at < $4)`,
		workshopID, f.Participant, string(f.KeepRole), before)
	if err != nil {
		return 0, s.fail(ctx, err, "delete sessions")
	}
	return int(tag.RowsAffected()), nil
}

// RedactEvents implements workshops.PrivacyStore, in one transaction: every
// event is looked up before the first is overwritten, so a mismatch changes
// nothing.
func (s *Store) RedactEvents(ctx context.Context, boardID string, events []workshops.Event, dropSnapshotsBefore uint64) error {
	ops := make([]string, len(events))
	for i, e := range events {
		if e.Seq == 0 || e.Seq > math.MaxInt64 {
			return workshops.Errorf(workshops.EINVALID, "seq %d is out of range", e.Seq)
		}
		if !storable(e.OpID, e.Actor) {
			return workshops.Errorf(workshops.ENOTFOUND, "no event %d with this op ID and actor", e.Seq)
		}
		op, err := json.Marshal(e.Op)
		if err != nil {
			return workshops.Errorf(workshops.EINVALID, "event %d does not encode", e.Seq)
		}
		ops[i] = string(op)
	}
	if !storable(boardID) {
		if len(events) > 0 {
			return workshops.Errorf(workshops.ENOTFOUND, "no event %d with this op ID and actor", events[0].Seq)
		}
		return nil
	}
	if s.closed.Load() {
		return ErrClosed
	}
	drop := int64(min(dropSnapshotsBefore, math.MaxInt64))
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for i, e := range events {
			tag, err := tx.Exec(ctx, `UPDATE events SET op = $4::json WHERE board_id = $1 AND seq = $2 AND op_id = $3 AND actor = $5`,
				boardID, int64(e.Seq), e.OpID, ops[i], e.Actor)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				// Rolled back with everything before it.
				return workshops.Errorf(workshops.ENOTFOUND, "no event %d with this op ID and actor", e.Seq)
			}
		}
		_, err := tx.Exec(ctx, `DELETE FROM snapshots WHERE board_id = $1 AND seq < $2`, boardID, drop)
		return err
	})
	if workshops.ErrorCode(err) == workshops.ENOTFOUND {
		return err
	} else if err != nil {
		return s.fail(ctx, err, "redact events")
	}
	return nil
}

// SavePanelSignup implements workshops.PrivacyStore.
func (s *Store) SavePanelSignup(ctx context.Context, p workshops.PanelSignup) error {
	if !storable(p.WorkshopID) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if !storable(p.ParticipantID, p.Name, p.Email, p.Phone, p.ConsentVersion, string(p.ConsentLang)) {
		return workshops.Errorf(workshops.EINVALID, "the signup has text that cannot be stored")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO panel_signups
		(workshop_id, participant_id, name, email, phone, consent_version, consent_lang, consented_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (workshop_id, participant_id) DO UPDATE SET name = excluded.name, email = excluded.email,
			phone = excluded.phone, consent_version = excluded.consent_version,
			consent_lang = excluded.consent_lang, consented_at = excluded.consented_at`,
		p.WorkshopID, p.ParticipantID, p.Name, p.Email, p.Phone, p.ConsentVersion, string(p.ConsentLang), p.ConsentedAt)
	if _, ok := violates(err, foreignKeyViolation); ok {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	} else if err != nil {
		return s.fail(ctx, err, "save panel signup")
	}
	return nil
}

// PanelSignups implements workshops.PrivacyStore.
func (s *Store) PanelSignups(ctx context.Context, workshopID string) ([]workshops.PanelSignup, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	if !storable(workshopID) {
		return []workshops.PanelSignup{}, nil
	}
	rows, _ := s.pool.Query(ctx, `SELECT workshop_id, participant_id, name, email, phone, consent_version,
		consent_lang, consented_at FROM panel_signups WHERE workshop_id = $1 ORDER BY consented_at, participant_id`, workshopID)
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (workshops.PanelSignup, error) {
		var (
			p    workshops.PanelSignup
			lang string
		)
		err := row.Scan(&p.WorkshopID, &p.ParticipantID, &p.Name, &p.Email, &p.Phone, &p.ConsentVersion, &lang, &p.ConsentedAt)
		p.ConsentLang, p.ConsentedAt = workshops.Lang(lang), p.ConsentedAt.UTC()
		return p, err
	})
	if err != nil {
		return nil, s.fail(ctx, err, "list panel signups")
	}
	if list == nil {
		list = []workshops.PanelSignup{}
	}
	return list, nil
}

// DeletePanelSignups implements workshops.PrivacyStore.
func (s *Store) DeletePanelSignups(ctx context.Context, workshopID, participantID string) (int, error) {
	if !storable(workshopID, participantID) {
		return 0, nil
	}
	if s.closed.Load() {
		return 0, ErrClosed
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM panel_signups WHERE workshop_id = $1 AND ($2 = '' OR participant_id = $2)`,
		workshopID, participantID)
	if err != nil {
		return 0, s.fail(ctx, err, "delete panel signups")
	}
	return int(tag.RowsAffected()), nil
}
