package postgres_test

import (
	"testing"
	"time"

	"github.com/samskap/samskap/server/postgres/pgtest"
)

// TestScrubVacuums: Scrub vacuums every table that holds personal data, so
// the dead row versions of deleted data are pruned at once (what
// PostgreSQL allows; docs/PRIVACY.md says what stays).
func TestScrubVacuums(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	s := MustOpen(t, url)
	c := MustConnect(t, url)
	if err := s.Scrub(t.Context()); err != nil {
		t.Fatalf("Scrub: %v", err)
	}
	for _, table := range []string{"events", "snapshots", "sessions", "panel_signups", "workshops"} {
		// The statistics reach the view a moment after VACUUM returns.
		deadline := time.Now().Add(30 * time.Second)
		for mustQueryInt(t, c, `SELECT count(*) FROM pg_stat_user_tables
			WHERE relname = $1 AND schemaname = current_schema() AND last_vacuum IS NOT NULL`, table) != 1 {
			if time.Now().After(deadline) {
				t.Fatalf("table %s was not vacuumed", table)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
