package server_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
)

// storeFiles are the files of the embedded store that may hold data.
var storeFiles = []string{"samskap.db", "samskap.db-wal", "samskap.db-shm"}

// filesHolding returns the store files in dir that contain marker, byte
// for byte. A file that does not exist holds nothing.
func filesHolding(t *testing.T, dir, marker string) []string {
	t.Helper()
	var found []string
	for _, f := range storeFiles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(marker)) {
			found = append(found, f)
		}
	}
	return found
}

// wantOnDisk fails unless some store file holds marker: the check after an
// erasure proves something only if the data was on disk before it.
func wantOnDisk(t *testing.T, dir, marker string) {
	t.Helper()
	if len(filesHolding(t, dir, marker)) == 0 {
		t.Fatalf("%q is in no store file before the deletion; the test would prove nothing", marker)
	}
}

// wantGone fails if any store file holds one of the markers.
func wantGone(t *testing.T, dir, when string, markers ...string) {
	t.Helper()
	for _, m := range markers {
		if f := filesHolding(t, dir, m); len(f) > 0 {
			t.Errorf("%s: %q is still in %v", when, m, f)
		}
	}
}

// TestErasedDataLeavesTheDisk: a participant writes a note and signs up to
// the citizen panel, then leaves ("delete my notes and leave"); another
// workshop is deleted by the organiser. Right after each answer, while the
// server (a child process) runs, and again after it is killed with
// SIGKILL, no byte of the note, the name, the e-mail or the phone number
// is in samskap.db, samskap.db-wal or samskap.db-shm.
func TestErasedDataLeavesTheDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server process")
	}
	dir := t.TempDir()
	m, cmd := startChild(t, dir)

	// 1. A person leaves.
	w := MustCreateWorkshop(t, m)
	const (
		note  = "LAPP-MARKOR-Storgata-7"
		name  = "Navnmarkor Hemmelig"
		email = "epostmarkor@example.no"
		phone = "+47 915 77 341"
	)
	aud := MustJoin(t, m, w.Workshop.JoinCode, name)
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	ca.next()
	ca.do("a1", `{"kind":"note.create","note":"a1","text":"`+note+`","color":"yellow","x":0,"y":0}`)
	ca.do("a2", `{"kind":"note.edit","note":"a1","text":"`+note+` endret"}`)
	cb := MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	cb.next()
	cb.do("b1", `{"kind":"note.create","note":"b1","text":"Bos lapp blir","color":"blue","x":300,"y":0}`)
	if status, body := call(t, http.DefaultClient, http.MethodPut, m.URL()+"/api/workshops/"+w.Workshop.ID+"/panel/me",
		aud.Token, panelBody(name, email, phone)); status != http.StatusOK {
		t.Fatalf("panel signup: %d %s", status, body)
	}
	for _, s := range []string{note, name, email, phone} {
		wantOnDisk(t, dir, s)
	}
	if status, body := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/workshops/"+w.Workshop.ID+"/leave", aud.Token, ""); status != http.StatusNoContent {
		t.Fatalf("leave: %d %s", status, body)
	}
	wantGone(t, dir, "right after leave, server running", note, name, email, phone)

	// 2. The organiser deletes a workshop.
	w2 := MustCreateWorkshop(t, m)
	const note2, name2 = "SLETTET-VERKSTED-MARKOR", "Verkstednavn Markor"
	p2 := MustJoin(t, m, w2.Workshop.JoinCode, name2)
	c2 := MustConnect(t, m, w2.Workshop.ID, p2.Token, "", 0)
	c2.next()
	c2.do("n1", `{"kind":"note.create","note":"n1","text":"`+note2+`","color":"yellow","x":0,"y":0}`)
	wantOnDisk(t, dir, note2)
	wantOnDisk(t, dir, name2)
	if status, body := call(t, MustOrganiser(t, m), http.MethodDelete, m.URL()+"/api/workshops/"+w2.Workshop.ID, "", ""); status != http.StatusNoContent {
		t.Fatalf("delete workshop: %d %s", status, body)
	}
	wantGone(t, dir, "right after the workshop was deleted, server running", note2, name2)

	// The other participant's note is still there, and after a crash too.
	wantOnDisk(t, dir, "Bos lapp blir")
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wantGone(t, dir, "after SIGKILL", note, name, email, phone, note2, name2)
	m2, _ := startChild(t, dir)
	snap := MustConnect(t, m2, w.Workshop.ID, bo.Token, "", 0).next()
	if len(snap.Board.Notes) == 0 {
		t.Fatal("after the restart the board has no notes; Bo's should be there")
	}
	for _, n := range snap.Board.Notes {
		if n.ID == "b1" && n.Text != "Bos lapp blir" {
			t.Fatalf("Bo's note after the restart: %+v", n)
		}
	}
}

// TestSweepLeavesNothingOnDisk: the retention sweep deletes a workshop past
// its date, and at once (the server still running) nothing of it is in the
// store's files.
func TestSweepLeavesNothingOnDisk(t *testing.T) {
	day := 24 * time.Hour
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	dir := t.TempDir()
	m := MustStartWith(t, dir, func(m *server.Main) {
		m.Now = clock
		m.Config.Retention = 30 * day
	})
	w := MustCreateWorkshop(t, m)
	const note, name, email = "SVEIP-LAPP-MARKOR", "Sveipnavn Markor", "sveip.markor@example.no"
	p := MustJoin(t, m, w.Workshop.JoinCode, name)
	c := MustConnect(t, m, w.Workshop.ID, p.Token, "", 0)
	c.next()
	c.do("n1", `{"kind":"note.create","note":"n1","text":"`+note+`","color":"yellow","x":0,"y":0}`)
	if status, body := call(t, http.DefaultClient, http.MethodPut, m.URL()+"/api/workshops/"+w.Workshop.ID+"/panel/me",
		p.Token, panelBody(name, email, "")); status != http.StatusOK {
		t.Fatalf("panel signup: %d %s", status, body)
	}
	for _, s := range []string{note, name, email} {
		wantOnDisk(t, dir, s)
	}
	mu.Lock()
	now = now.Add(31 * day)
	mu.Unlock()
	n, err := m.Server().SweepExpired(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("sweep: deleted %d, %v; want 1", n, err)
	}
	wantGone(t, dir, "right after the sweep, server running", note, name, email)
}
