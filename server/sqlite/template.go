package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samskap/samskap/workshops"
)

// SaveTemplate implements workshops.TemplateStore.
func (s *Store) SaveTemplate(ctx context.Context, key string, data []byte) error {
	if key == "" {
		return workshops.Errorf(workshops.EINVALID, "a template needs a key")
	}
	return s.do(ctx, 1, func(t *tx) error {
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM templates`).Scan(&n); err != nil {
			return fmt.Errorf("count templates: %w", err)
		}
		if n >= workshops.MaxTemplateFiles {
			return workshops.Errorf(workshops.ELIMIT, "the store holds %d templates", workshops.MaxTemplateFiles)
		}
		_, err := t.Exec(`INSERT INTO templates (key, data, created_at) VALUES (?, ?, ?)`, key, data, formatTime(time.Now()))
		switch {
		case err == nil:
			t.wrote = true
			return nil
		case isUnique(err):
			return workshops.Errorf(workshops.ECONFLICT, "a template with this key exists")
		}
		return fmt.Errorf("insert template: %w", err)
	})
}

// TemplateKeys implements workshops.TemplateStore.
func (s *Store) TemplateKeys(ctx context.Context) ([]string, error) {
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT key FROM templates ORDER BY key`)
	if err != nil {
		return nil, s.readErr(ctx, err, "", "list templates")
	}
	defer rows.Close()
	keys := []string{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, s.readErr(ctx, err, "", "list templates")
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, err, "", "list templates")
	}
	return keys, nil
}

// TemplateFile implements workshops.TemplateStore.
func (s *Store) TemplateFile(ctx context.Context, key string) ([]byte, error) {
	if s.isClosed.Load() {
		return nil, ErrClosed
	}
	var data []byte
	if err := s.rdb.QueryRowContext(ctx, `SELECT data FROM templates WHERE key = ?`, key).Scan(&data); err != nil {
		return nil, s.readErr(ctx, err, "no such template", "read template")
	}
	return data, nil
}

// DeleteTemplate implements workshops.TemplateStore.
func (s *Store) DeleteTemplate(ctx context.Context, key string) error {
	return s.do(ctx, 1, func(t *tx) error {
		res, err := t.Exec(`DELETE FROM templates WHERE key = ?`, key)
		if err != nil {
			return fmt.Errorf("delete template: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil || errors.Is(err, sql.ErrNoRows) {
				return workshops.Errorf(workshops.ENOTFOUND, "no such template")
			}
			return fmt.Errorf("delete template: %w", err)
		}
		t.wrote = true
		return nil
	})
}
