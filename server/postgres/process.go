package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/samskap/samskap/workshops"
)

// querier is what both the pool and a transaction offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// inProcess runs write with the place a workshop joining process id gets:
// one past the highest there. For id "" it runs write on the pool with
// place 0. Otherwise it runs it in a transaction that first locks the
// process's row, so workshops joining one process at once, on any node,
// take turns and get places of their own (in READ COMMITTED the query
// after the lock sees the places the others committed). A process that
// does not exist is ENOTFOUND.
func (s *Store) inProcess(ctx context.Context, id, except string, write func(q querier, pos int) error) error {
	return s.inProcessAt(ctx, id, except, 0, write)
}

// inProcessAt is inProcess, except that a wanted place (> 0) that no
// workshop of the process holds is given instead of the next one (a
// restored workshop going back to its place).
func (s *Store) inProcessAt(ctx context.Context, id, except string, want int, write func(q querier, pos int) error) error {
	if id == "" {
		return write(s.pool, 0)
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var one, pos int
		err := tx.QueryRow(ctx, `SELECT 1 FROM processes WHERE id = $1 FOR UPDATE`, id).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return workshops.Errorf(workshops.ENOTFOUND, "no such process")
		} else if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(process_pos), 0) + 1, count(*) FILTER (WHERE id <> $2) FROM workshops WHERE process_id = $1`, id, except).Scan(&pos, &n); err != nil {
			return err
		}
		if n >= workshops.MaxProcessWorkshops {
			return workshops.Errorf(workshops.ELIMIT, "a process holds at most %d workshops", workshops.MaxProcessWorkshops)
		}
		if want > 0 {
			var taken bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM workshops WHERE process_id = $1 AND process_pos = $2)`, id, want).Scan(&taken); err != nil {
				return err
			}
			if !taken {
				pos = want
			}
		}
		return write(tx, pos)
	})
}

// CreateProcess implements workshops.ProcessStore.
func (s *Store) CreateProcess(ctx context.Context, p workshops.Process) error {
	if p.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a process needs an ID")
	}
	if !storable(p.ID, p.Title, p.Municipality) {
		return workshops.Errorf(workshops.EINVALID, "the process has text that cannot be stored")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO processes (id, title, municipality, created_at) VALUES ($1, $2, $3, $4)`,
		p.ID, p.Title, p.Municipality, p.CreatedAt)
	if _, ok := violates(err, uniqueViolation); ok {
		return workshops.Errorf(workshops.ECONFLICT, "a process with this ID exists")
	} else if err != nil {
		return s.fail(ctx, err, "insert process")
	}
	return nil
}

const selectProcess = `SELECT id, title, municipality, created_at FROM processes`

func scanProcess(row pgx.CollectableRow) (workshops.Process, error) {
	var p workshops.Process
	err := row.Scan(&p.ID, &p.Title, &p.Municipality, &p.CreatedAt)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, err
}

// Process implements workshops.ProcessStore.
func (s *Store) Process(ctx context.Context, id string) (workshops.Process, error) {
	if s.closed.Load() {
		return workshops.Process{}, ErrClosed
	}
	if !storable(id) {
		return workshops.Process{}, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	rows, _ := s.pool.Query(ctx, selectProcess+` WHERE id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, scanProcess)
	if errors.Is(err, pgx.ErrNoRows) {
		return workshops.Process{}, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	} else if err != nil {
		return workshops.Process{}, s.fail(ctx, err, "read process")
	}
	return p, nil
}

// Processes implements workshops.ProcessStore. Processes created in the
// same microsecond are listed last created first.
func (s *Store) Processes(ctx context.Context) ([]workshops.Process, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, _ := s.pool.Query(ctx, selectProcess+` ORDER BY created_at DESC, ord DESC`)
	list, err := pgx.CollectRows(rows, scanProcess)
	if err != nil {
		return nil, s.fail(ctx, err, "list processes")
	}
	if list == nil {
		list = []workshops.Process{}
	}
	return list, nil
}

// DeleteProcess implements workshops.ProcessStore, in one transaction.
func (s *Store) DeleteProcess(ctx context.Context, id string) error {
	if !storable(id) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE workshops SET process_id = NULL, process_pos = 0 WHERE process_id = $1`, id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM processes WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return workshops.Errorf(workshops.ENOTFOUND, "no such process")
		}
		return nil
	})
	if workshops.ErrorCode(err) == workshops.ENOTFOUND {
		return err
	} else if err != nil {
		return s.fail(ctx, err, "delete process")
	}
	return nil
}

// MoveToProcess implements workshops.ProcessStore, in one transaction.
func (s *Store) MoveToProcess(ctx context.Context, workshopID, processID string) (workshops.Workshop, error) {
	if !storable(workshopID) {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if !storable(processID) {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	if s.closed.Load() {
		return workshops.Workshop{}, ErrClosed
	}
	var w workshops.Workshop
	err := s.inProcess(ctx, processID, workshopID, func(tx querier, pos int) error {
		rows, _ := tx.Query(ctx, selectWorkshop+` WHERE id = $1`, workshopID)
		found, err := pgx.CollectExactlyOneRow(rows, scanWorkshop)
		if errors.Is(err, pgx.ErrNoRows) {
			return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
		} else if err != nil {
			return err
		}
		w = found
		if processID != "" && w.Process == processID {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE workshops SET process_id = NULLIF($2, ''), process_pos = $3 WHERE id = $1`, workshopID, processID, pos); err != nil {
			return err
		}
		w.Process, w.ProcessPos = processID, pos
		return nil
	})
	if workshops.ErrorCode(err) == workshops.ENOTFOUND {
		return workshops.Workshop{}, err
	} else if err != nil {
		return workshops.Workshop{}, s.fail(ctx, err, "move workshop")
	}
	return w, nil
}
