package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	osexec "os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a PostgreSQL server of the test's own, made with initdb in a
// temporary directory, for fault tests that restart the database (which
// they cannot do to the shared server of SAMSKAP_POSTGRES_URL).
type Cluster struct {
	tb   testing.TB
	bin  string // the directory of initdb and postgres
	dir  string
	port int
	cred *syscall.Credential // run as this user (root may not run postgres)

	mu     sync.Mutex
	cmd    *osexec.Cmd
	exited chan struct{}
}

// StartCluster runs initdb and postgres on a free port of 127.0.0.1 and
// returns the cluster once it answers. It skips the test (with the reason)
// where the machine lacks the binaries, or runs as root and has no
// "postgres" user to run them as. The server is stopped and its directory
// removed when the test ends.
func StartCluster(tb testing.TB) *Cluster {
	tb.Helper()
	bin := findBin()
	if bin == "" {
		tb.Skip("no private PostgreSQL: initdb and postgres are not installed (PATH, /usr/lib/postgresql/*/bin)")
	}
	c := &Cluster{tb: tb, bin: bin}
	dir, err := os.MkdirTemp("", "samskap-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	c.dir = dir
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Skipf("no private PostgreSQL: running as root and there is no postgres user to run it as (%v)", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
	}
	init := c.command("initdb", "-D", c.data(), "-U", "samskap", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	if out, err := init.CombinedOutput(); err != nil {
		tb.Skipf("no private PostgreSQL: initdb failed: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	c.Start()
	tb.Cleanup(c.Stop)
	return c
}

// URL is the connection string of the cluster's database.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://samskap@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) command(name string, args ...string) *osexec.Cmd {
	cmd := osexec.Command(filepath.Join(c.bin, name), args...)
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	return cmd
}

// Start starts the server (after Stop) and waits until it answers.
func (c *Cluster) Start() {
	c.tb.Helper()
	log, err := os.OpenFile(filepath.Join(c.dir, "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o666)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer log.Close()
	cmd := c.command("postgres", "-D", c.data(), "-p", strconv.Itoa(c.port), "-k", c.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "shared_buffers=32MB")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		c.tb.Fatalf("pgtest: start postgres: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	c.mu.Lock()
	c.cmd, c.exited = cmd, exited
	c.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.URL())
		if err == nil {
			conn.Close(ctx)
			cancel()
			return
		}
		cancel()
		select {
		case <-exited:
			data, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
			c.tb.Fatalf("pgtest: postgres exited: %v\n%s", cmd.ProcessState, data)
		default:
		}
		if time.Now().After(deadline) {
			c.tb.Fatalf("pgtest: postgres did not answer within 30 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server at once, as a crash of the database would
// (SIGQUIT: no checkpoint; the next start recovers from the WAL), and waits
// until it has exited. Stopping a stopped server does nothing.
func (c *Cluster) Stop() {
	c.mu.Lock()
	cmd, exited := c.cmd, c.exited
	c.cmd = nil
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// findBin returns the directory holding initdb and postgres, or "".
func findBin() string {
	if p, err := osexec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	for i := len(matches) - 1; i >= 0; i-- {
		dir := filepath.Dir(matches[i])
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir
		}
	}
	return ""
}
