package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/samskap/samskap/workshops"
)

// templatesLock is the advisory lock that saves take, so that nodes saving
// at once count each other's templates against the limit.
const templatesLock = 0x7e3a1a7e

// SaveTemplate implements workshops.TemplateStore.
func (s *Store) SaveTemplate(ctx context.Context, key string, data []byte) error {
	if key == "" || !storable(key) {
		return workshops.Errorf(workshops.EINVALID, "a template needs a key of text")
	}
	if s.closed.Load() {
		return ErrClosed
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, templatesLock); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM templates`).Scan(&n); err != nil {
			return err
		}
		if n >= workshops.MaxTemplateFiles {
			return workshops.Errorf(workshops.ELIMIT, "the store holds %d templates", workshops.MaxTemplateFiles)
		}
		_, err := tx.Exec(ctx, `INSERT INTO templates (key, data) VALUES ($1, $2)`, key, data)
		return err
	})
	var domain *workshops.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &domain):
		return err
	}
	if _, ok := violates(err, uniqueViolation); ok {
		return workshops.Errorf(workshops.ECONFLICT, "a template with this key exists")
	}
	return s.fail(ctx, err, "insert template")
}

// TemplateKeys implements workshops.TemplateStore.
func (s *Store) TemplateKeys(ctx context.Context) ([]string, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, _ := s.pool.Query(ctx, `SELECT key FROM templates ORDER BY key`)
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.fail(ctx, err, "list templates")
	}
	if keys == nil {
		keys = []string{}
	}
	return keys, nil
}

// TemplateFile implements workshops.TemplateStore.
func (s *Store) TemplateFile(ctx context.Context, key string) ([]byte, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	if !storable(key) {
		return nil, workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM templates WHERE key = $1`, key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, workshops.Errorf(workshops.ENOTFOUND, "no such template")
	} else if err != nil {
		return nil, s.fail(ctx, err, "read template")
	}
	return data, nil
}

// DeleteTemplate implements workshops.TemplateStore.
func (s *Store) DeleteTemplate(ctx context.Context, key string) error {
	if s.closed.Load() {
		return ErrClosed
	}
	if !storable(key) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM templates WHERE key = $1`, key)
	if err != nil {
		return s.fail(ctx, err, "delete template")
	}
	if tag.RowsAffected() == 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	return nil
}
