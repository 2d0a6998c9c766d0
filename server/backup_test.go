package server_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/samskap/samskap/server"
)

// TestBackupAndRestore backs up a running server's store with the backup
// command, restores the copy into a new data directory, and finds the
// board there as it was.
func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir)
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	for i := range 20 {
		if err := m.Hub().Submit(t.Context(), w.Workshop, a.Participant.ID, fmt.Sprint("o", i), createOp(fmt.Sprint("n", i), "før backup", 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := m.Hub().BoardState(w.Workshop.ID)

	copyFile := filepath.Join(t.TempDir(), "backup.db")
	env := map[string]string{"SAMSKAP_DATA": dir}
	var out, errOut bytes.Buffer
	if code := server.Backup(t.Context(), []string{copyFile}, func(k string) string { return env[k] }, &out, &errOut); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errOut.String())
	}
	if code := server.Backup(t.Context(), nil, func(string) string { return "" }, &out, &errOut); code != 2 {
		t.Fatalf("backup without a file: exit %d", code)
	}
	m.Close()

	// Restore: the copy becomes samskap.db of a fresh data directory.
	restored := t.TempDir()
	data, err := os.ReadFile(copyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "samskap.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	m2 := MustStart(t, restored)
	c := MustConnect(t, m2, w.Workshop.ID, a.Token, "", 0)
	if snap := c.next(); snap.Type != "snapshot" || snap.Board.Seq != before.Seq || len(snap.Board.Notes) != 20 {
		t.Fatalf("restored board: %s at seq %d with %d notes, want seq %d with 20", snap.Type, snap.Board.Seq, len(snap.Board.Notes), before.Seq)
	}
}
