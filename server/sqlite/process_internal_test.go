package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// TestProcessesMigrateFromVersion1: a database made by the first schema,
// with a workshop in it, is brought up to date at Open; the workshop is in
// no process and can join one.
func TestProcessesMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "samskap.db")
	db, err := sql.Open("sqlite", dsn(path, pragmas))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO workshops (id, title, lang, created_at, epoch, join_code, facilitator_key_hash)
		VALUES ('old', 'Gammelt verksted', 'nn', '2024-05-01T10:00:00.000000000Z', 'e', 'ABCDEF', x'00')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open migrates: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	w, err := s.Workshop(ctx, "old")
	if err != nil || w.Process != "" || w.ProcessPos != 0 || w.Title != "Gammelt verksted" {
		t.Fatalf("the old workshop after the migration: %+v %v", w, err)
	}
	storetest.MustCreateProcess(t, s, storetest.NewProcess("p"))
	if w, err = s.MoveToProcess(ctx, "old", "p"); err != nil || w.Process != "p" || w.ProcessPos != 1 {
		t.Fatalf("MoveToProcess: %+v %v", w, err)
	}
	// A process that does not exist is refused by the foreign key too.
	if _, err := s.wdb.Exec(`UPDATE workshops SET process_id = 'nope' WHERE id = 'old'`); err == nil {
		t.Error("a workshop may name a process that does not exist")
	}
	if code := workshops.ErrorCode(s.DeleteProcess(ctx, "p")); code != "" {
		t.Errorf("DeleteProcess: %s", code)
	}
}
