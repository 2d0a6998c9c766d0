package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/samskap/samskap/workshops"
)

// SetSchedule implements workshops.ScheduleStore.
func (s *Store) SetSchedule(ctx context.Context, workshopID string, sc workshops.Schedule) error {
	if !storable(sc.Date, sc.Start, sc.End, sc.Place) {
		return workshops.Errorf(workshops.EINVALID, "the schedule has text that cannot be stored")
	}
	return s.updateWorkshop(ctx, workshopID, `UPDATE workshops SET planned_date = $2, planned_start = $3, planned_end = $4, place = $5 WHERE id = $1`,
		sc.Date, sc.Start, sc.End, sc.Place)
}

// ReorderProcess implements workshops.ScheduleStore, in one transaction
// that locks the process's row, as workshops joining it do, so no workshop
// joins or leaves between the check and the writes. The new places are
// written in two passes, first negated, because the unique index on
// (process_id, process_pos) is checked row by row.
func (s *Store) ReorderProcess(ctx context.Context, processID string, workshopIDs []string) error {
	if !storable(processID) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	if !storable(workshopIDs...) {
		return workshops.Errorf(workshops.EINVALID, "a workshop ID cannot be stored")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM processes WHERE id = $1 FOR UPDATE`, processID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return workshops.Errorf(workshops.ENOTFOUND, "no such process")
		} else if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id FROM workshops WHERE process_id = $1`, processID)
		current, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if err := workshops.CheckReorder(current, workshopIDs); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE workshops SET process_pos = -o.pos
			FROM unnest($2::text[]) WITH ORDINALITY AS o(id, pos)
			WHERE workshops.id = o.id AND workshops.process_id = $1`, processID, workshopIDs)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE workshops SET process_pos = -process_pos WHERE process_id = $1`, processID)
		return err
	})
	if code := workshops.ErrorCode(err); code == workshops.ENOTFOUND || code == workshops.EINVALID {
		return err
	} else if err != nil {
		return s.fail(ctx, err, "reorder process")
	}
	return nil
}
