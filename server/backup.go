package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/samskap/samskap/server/sqlite"
)

// Backup is the "samskap backup" command: it copies the embedded store of
// a data directory to a new file while the server may keep running
// (SQLite's VACUUM INTO), and returns the process exit code. With
// PostgreSQL, use pg_dump instead (docs/OPERATIONS.md).
func Backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("samskap backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := getenv("SAMSKAP_DATA")
	if data == "" {
		data = DefaultConfig().DataDir
	}
	fs.StringVar(&data, "data", data, "data directory of the server (SAMSKAP_DATA)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: samskap backup [-data DIR] FILE\n\nCopies the store to FILE (which must not exist) while the server runs.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if getenv("SAMSKAP_POSTGRES_URL") != "" {
		fmt.Fprintln(stderr, "samskap backup: this server keeps its data in PostgreSQL; back it up with pg_dump (docs/OPERATIONS.md)")
		return 2
	}
	// Opening a store creates it: a wrong -data would "back up" a new,
	// empty store and succeed. Only an existing one is copied.
	db := filepath.Join(data, "samskap.db")
	if st, err := os.Stat(db); err != nil || !st.Mode().IsRegular() {
		fmt.Fprintf(stderr, "samskap backup: no store at %s; give the server's data directory with -data or SAMSKAP_DATA\n", db)
		return 1
	}
	store, err := sqlite.Open(db)
	if err != nil {
		fmt.Fprintln(stderr, "samskap backup:", err)
		return 1
	}
	defer store.Close()
	if err := store.Backup(ctx, fs.Arg(0)); err != nil {
		fmt.Fprintln(stderr, "samskap backup:", err)
		return 1
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", data, fs.Arg(0))
	return 0
}
