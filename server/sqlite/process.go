package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/samskap/samskap/workshops"
)

// nextProcessPos returns the place a workshop joining process id gets:
// one past the highest there. For id "" it returns 0; for a process that
// does not exist, ENOTFOUND. It only reads, so a job may call it before
// its first write. The writer is the only one to write, so no other
// workshop can take the place before the job's insert.
func (t *tx) nextProcessPos(id string) (int, error) { return t.processPos(id, 0) }

// processPos is nextProcessPos, except that a wanted place (> 0) that no
// workshop of the process holds is given instead (a restored workshop
// going back to its place).
func (t *tx) processPos(id string, want int) (int, error) {
	if id == "" {
		return 0, nil
	}
	var pos sql.NullInt64
	var n int
	err := t.QueryRow(`SELECT (SELECT max(process_pos) FROM workshops WHERE process_id = ?1),
		(SELECT count(*) FROM workshops WHERE process_id = ?1)
		FROM processes WHERE id = ?1`, id).Scan(&pos, &n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	case err != nil:
		return 0, fmt.Errorf("find process: %w", err)
	case n >= workshops.MaxProcessWorkshops:
		return 0, workshops.Errorf(workshops.ELIMIT, "a process holds at most %d workshops", workshops.MaxProcessWorkshops)
	}
	if want > 0 {
		var taken bool
		if err := t.QueryRow(`SELECT EXISTS (SELECT 1 FROM workshops WHERE process_id = ? AND process_pos = ?)`, id, want).Scan(&taken); err != nil {
			return 0, fmt.Errorf("find process place: %w", err)
		}
		if !taken {
			return want, nil
		}
	}
	return int(pos.Int64) + 1, nil
}

// CreateProcess implements workshops.ProcessStore.
func (s *Store) CreateProcess(ctx context.Context, p workshops.Process) error {
	if p.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a process needs an ID")
	}
	created := formatTime(p.CreatedAt)
	return s.do(ctx, 1, func(t *tx) error {
		_, err := t.Exec(`INSERT INTO processes (id, title, municipality, created_at) VALUES (?, ?, ?, ?)`,
			p.ID, p.Title, p.Municipality, created)
		switch {
		case err == nil:
			t.wrote = true
			return nil
		case isUnique(err):
			return workshops.Errorf(workshops.ECONFLICT, "a process with this ID exists")
		}
		return fmt.Errorf("insert process: %w", err)
	})
}

const selectProcess = `SELECT id, title, municipality, created_at FROM processes`

func scanProcess(row interface{ Scan(...any) error }) (workshops.Process, error) {
	var (
		p       workshops.Process
		created string
	)
	if err := row.Scan(&p.ID, &p.Title, &p.Municipality, &created); err != nil {
		return p, err
	}
	var err error
	if p.CreatedAt, err = parseTime(created); err != nil {
		return p, fmt.Errorf("read process: created_at: %w", err)
	}
	return p, nil
}

// Process implements workshops.ProcessStore.
func (s *Store) Process(ctx context.Context, id string) (workshops.Process, error) {
	if s.isClosed.Load() {
		return workshops.Process{}, ErrClosed
	}
	p, err := scanProcess(s.rdb.QueryRowContext(ctx, selectProcess+` WHERE id = ?`, id))
	if err != nil {
		return workshops.Process{}, s.readErr(ctx, err, "no such process", "read process")
	}
	return p, nil
}

// Processes implements workshops.ProcessStore. Processes created at the
// same instant are listed last created first.
func (s *Store) Processes(ctx context.Context) ([]workshops.Process, error) {
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.rdb.QueryContext(ctx, selectProcess+` ORDER BY created_at DESC, rowid DESC`)
	if err != nil {
		return nil, s.readErr(ctx, err, "", "list processes")
	}
	defer rows.Close()
	list := []workshops.Process{}
	for rows.Next() {
		p, err := scanProcess(rows)
		if err != nil {
			return nil, s.readErr(ctx, err, "", "list processes")
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, err, "", "list processes")
	}
	return list, nil
}

// DeleteProcess implements workshops.ProcessStore.
func (s *Store) DeleteProcess(ctx context.Context, id string) error {
	return s.do(ctx, 2, func(t *tx) error {
		var one int
		if err := t.QueryRow(`SELECT 1 FROM processes WHERE id = ?`, id).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return workshops.Errorf(workshops.ENOTFOUND, "no such process")
			}
			return fmt.Errorf("find process: %w", err)
		}
		t.wrote = true // from here on a failure fails the group
		for _, q := range []string{
			`UPDATE workshops SET process_id = NULL, process_pos = 0 WHERE process_id = ?`,
			`DELETE FROM processes WHERE id = ?`,
		} {
			if _, err := t.Exec(q, id); err != nil {
				return fmt.Errorf("delete process: %w", err)
			}
		}
		return nil
	})
}

// MoveToProcess implements workshops.ProcessStore.
func (s *Store) MoveToProcess(ctx context.Context, workshopID, processID string) (workshops.Workshop, error) {
	err := s.do(ctx, 1, func(t *tx) error {
		var current string
		err := t.QueryRow(`SELECT coalesce(process_id, '') FROM workshops WHERE id = ?`, workshopID).Scan(&current)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
		case err != nil:
			return fmt.Errorf("find workshop: %w", err)
		case processID != "" && current == processID:
			return nil
		}
		pos, err := t.nextProcessPos(processID)
		if err != nil {
			return err
		}
		if _, err := t.Exec(`UPDATE workshops SET process_id = NULLIF(?, ''), process_pos = ? WHERE id = ?`, processID, pos, workshopID); err != nil {
			return fmt.Errorf("move workshop: %w", err)
		}
		t.wrote = true
		return nil
	})
	if err != nil {
		return workshops.Workshop{}, err
	}
	// The writer has committed, so a reader sees the move.
	return s.Workshop(ctx, workshopID)
}
