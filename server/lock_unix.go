//go:build unix

package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFile is the file in the data directory that the server holding the
// embedded store keeps locked.
const lockFile = "samskap.lock"

// lockDataDir takes an exclusive lock on the data directory (flock on
// samskap.lock, which names the holder's process ID), so that a second
// server on the same directory fails at once with a clear message instead
// of serving boards the first one keeps changing. The kernel releases the
// lock when the process ends, however it ends; release does it sooner.
func lockDataDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder := "another process"
			if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) > 0 {
				holder = "process " + strings.TrimSpace(string(b))
			}
			return nil, fmt.Errorf("the data directory %s is in use by another samskap server (%s); stop it first, or give this one its own -data", dir, holder)
		}
		return nil, fmt.Errorf("lock the data directory: %w", err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}
