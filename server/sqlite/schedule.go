package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/samskap/samskap/workshops"
)

// SetSchedule implements workshops.ScheduleStore.
func (s *Store) SetSchedule(ctx context.Context, workshopID string, sc workshops.Schedule) error {
	return s.updateWorkshop(ctx, `UPDATE workshops SET planned_date = ?, planned_start = ?, planned_end = ?, place = ? WHERE id = ?`, nil,
		sc.Date, sc.Start, sc.End, sc.Place, workshopID)
}

// ReorderProcess implements workshops.ScheduleStore. The new places are
// written in two passes, first negated, so that no UPDATE meets the
// unique index on (process_id, process_pos) half way.
func (s *Store) ReorderProcess(ctx context.Context, processID string, workshopIDs []string) error {
	return s.do(ctx, 1, func(t *tx) error {
		var one int
		if err := t.QueryRow(`SELECT 1 FROM processes WHERE id = ?`, processID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return workshops.Errorf(workshops.ENOTFOUND, "no such process")
			}
			return fmt.Errorf("find process: %w", err)
		}
		rows, err := t.Query(`SELECT id FROM workshops WHERE process_id = ?`, processID)
		if err != nil {
			return fmt.Errorf("list the process's workshops: %w", err)
		}
		var current []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("list the process's workshops: %w", err)
			}
			current = append(current, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list the process's workshops: %w", err)
		}
		if err := workshops.CheckReorder(current, workshopIDs); err != nil {
			return err
		}
		t.wrote = true // from here on a failure fails the group
		for _, sign := range []int{-1, 1} {
			for i, id := range workshopIDs {
				if _, err := t.Exec(`UPDATE workshops SET process_pos = ? WHERE id = ? AND process_id = ?`, sign*(i+1), id, processID); err != nil {
					return fmt.Errorf("reorder the process: %w", err)
				}
			}
		}
		return nil
	})
}
