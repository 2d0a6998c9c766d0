package server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// Operators' mistakes (issue 13, finding 9): each must fail clearly, not
// quietly.

// TestBackupRefusesAMissingStore: a wrong -data used to create an empty
// store there and "succeed".
func TestBackupRefusesAMissingStore(t *testing.T) {
	wrong := t.TempDir()
	out := filepath.Join(t.TempDir(), "copy.db")
	var stdout, stderr bytes.Buffer
	code := server.Backup(context.Background(), []string{"-data", wrong, out}, func(string) string { return "" }, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "no store at") {
		t.Fatalf("backup of a directory with no store: exit %d, %q", code, stderr.String())
	}
	for _, p := range []string{out, filepath.Join(wrong, "samskap.db")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after the refused backup", p)
		}
	}
}

// TestSecondServerOnADataDirFails: two servers on one data directory would
// serve stale boards; the second must refuse to start.
func TestSecondServerOnADataDirFails(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir)
	second := server.NewMain()
	second.Config.Addr, second.Config.DataDir, second.Config.OrganiserToken = "127.0.0.1:0", dir, organiserToken
	second.Stdout, second.Stderr = io.Discard, io.Discard
	err := second.Run(context.Background())
	if err == nil {
		second.Close()
		t.Fatal("a second server started on the same data directory")
	}
	if !strings.Contains(err.Error(), "in use by another samskap server") {
		t.Fatalf("the second server's error does not say why: %v", err)
	}
	// Once the first is gone, a new one starts.
	m.Close()
	MustStart(t, dir)
}

// TestStoreFilesAreOwnerOnly: the database, its -wal and -shm, the cookie
// key and a backup hold personal data or secrets: mode 0600, and a
// database left world-readable by an older version is narrowed.
func TestStoreFilesAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir)
	MustCreateWorkshop(t, m)
	m.Close()
	keyDir := t.TempDir() // the cookie key is kept only when no token is given
	MustStartWith(t, keyDir, func(m *server.Main) { m.Config.OrganiserToken = "" }).Close()
	db := filepath.Join(dir, "samskap.db")
	out := filepath.Join(t.TempDir(), "copy.db")
	if code := server.Backup(context.Background(), []string{"-data", dir, out}, func(string) string { return "" }, io.Discard, io.Discard); code != 0 {
		t.Fatalf("backup: exit %d", code)
	}
	for _, p := range []string{db, filepath.Join(keyDir, "cookie.key"), out} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v; others may read it", filepath.Base(p), st.Mode().Perm())
		}
	}
	// An old, world-readable store is narrowed at the next start, -wal
	// and -shm too.
	os.Chmod(db, 0o644)
	m2 := MustStart(t, dir)
	MustCreateWorkshop(t, m2)
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v after a restart; others may read it", filepath.Base(p), st.Mode().Perm())
		}
	}
}

// TestPublicURLIsChecked: a public URL without a scheme would be printed
// in links that do not work.
func TestPublicURLIsChecked(t *testing.T) {
	env := func(string) string { return "" }
	for _, bad := range []string{"samskap.kommune.no", "ftp://samskap.kommune.no", "https://", "https://samskap.kommune.no/samskap", "https://x.no/?a=1", "https://user:pw@x.no"} {
		if _, err := server.ParseConfig([]string{"-public-url", bad}, env, io.Discard); err == nil || !strings.Contains(err.Error(), "public URL") {
			t.Errorf("-public-url %q: %v", bad, err)
		}
	}
	cfg, err := server.ParseConfig([]string{"-public-url", "https://samskap.kommune.no/"}, env, io.Discard)
	if err != nil || cfg.PublicURL != "https://samskap.kommune.no" {
		t.Fatalf("a good public URL: %q, %v", cfg.PublicURL, err)
	}
}

// TestTokenPrintedOnlyWhenGenerated: a token given by flag or environment
// must not end up in the container's log.
func TestTokenPrintedOnlyWhenGenerated(t *testing.T) {
	for _, given := range []bool{true, false} {
		var out bytes.Buffer
		m := MustStartWith(t, t.TempDir(), func(m *server.Main) {
			m.Stdout = &out
			if !given {
				m.Config.OrganiserToken = ""
			}
		})
		m.Close()
		printed := strings.Contains(out.String(), "/signin?token=")
		if given && (printed || strings.Contains(out.String(), organiserToken)) {
			t.Errorf("a given token was printed: %q", out.String())
		}
		if !given && !printed {
			t.Errorf("a generated token was not printed: %q", out.String())
		}
	}
}

// writeless is a store that reads but refuses every write, as a read-only
// database file, mount or replica does.
type writeless struct{ workshops.Store }

func (writeless) SetDeleteAfter(context.Context, string, time.Time) error {
	return errors.New("attempt to write a readonly database")
}

// TestReadyNeedsWrites: a store that cannot write is not ready.
func TestReadyNeedsWrites(t *testing.T) {
	ready := func(m *server.Main) int {
		resp, err := http.Get(m.URL() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := ready(MustStart(t, t.TempDir())); st != http.StatusOK {
		t.Fatalf("a working store: %d", st)
	}
	ro := MustStartWith(t, t.TempDir(), func(m *server.Main) { m.Store = writeless{storetest.NewMemStore()} })
	if st := ready(ro); st != http.StatusServiceUnavailable {
		t.Fatalf("a store that cannot write: %d, want 503", st)
	}
}
