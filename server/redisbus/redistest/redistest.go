// Package redistest gives tests a Redis server of their own: [Start] runs a
// real redis-server on a free loopback port, or hands out the server that
// the environment names, and skips the test when there is neither.
//
// A multi-node test starts one server and opens a node per Bus on it:
//
//	url, restart, stop := redistest.Start(t)
//	prefix := redistest.Prefix(t)
//	a, err := redisbus.Open(ctx, url, redisbus.WithPrefix(prefix))
//	...
//	b, err := redisbus.Open(ctx, url, redisbus.WithPrefix(prefix))
//
// The environment:
//
//   - SAMSKAP_REDIS_URL (redis://host:port/db) names a server to use instead
//     of starting one. Tests then share it: they must keep apart by a key or
//     channel prefix of their own ([Prefix]) and flush nothing. Such a server
//     cannot be stopped or restarted by a test.
//   - SAMSKAP_REQUIRE_REDIS=1 turns the skip into a failure when
//     redis-server is not installed, so that CI cannot pass without Redis.
package redistest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The environment variables that Start reads.
const (
	EnvURL     = "SAMSKAP_REDIS_URL"
	EnvRequire = "SAMSKAP_REQUIRE_REDIS"
)

// readyTimeout bounds the wait for a started redis-server to answer PING.
const readyTimeout = 10 * time.Second

// Start returns the URL of a Redis server for the test, and functions that
// kill it (stop, as a crash would: no shutdown, no save) and start it again
// on the same port (restart, which stops it first if it runs). Both wait
// until they are done: after restart the server answers PING. They must be
// called from the test's goroutine; stop may be called more than once, and
// the server is stopped when the test ends.
//
// Start runs redis-server from PATH on a free port of 127.0.0.1, without
// persistence, in a temporary directory. When SAMSKAP_REDIS_URL is set it
// returns that URL instead, and stop and restart skip the test. When
// redis-server is missing it skips the test, or fails it if
// SAMSKAP_REQUIRE_REDIS=1.
func Start(tb testing.TB) (url string, restart func(), stop func()) {
	tb.Helper()
	s := StartServer(tb)
	return s.URL(), s.Restart, s.Stop
}

// Server is a redis-server of the test's own, for fault tests: it can be
// killed, started again and paused (SIGSTOP: connections stay open and
// nothing answers, as a hung server or a network stall).
type Server struct {
	tb      testing.TB
	url     string
	s       *server // nil for the server of SAMSKAP_REDIS_URL
	restart func()
	stop    func()
}

// URL is the server's URL.
func (s *Server) URL() string { return s.url }

// Stop kills the server (as a crash would) and waits until it has exited.
func (s *Server) Stop() { s.stop() }

// Restart stops the server if it runs and starts it again on the same
// port; it returns once it answers PING.
func (s *Server) Restart() { s.restart() }

// Pause stops the server's process (SIGSTOP) until Resume: its
// connections stay open and nothing is answered. The test's end resumes it.
func (s *Server) Pause() {
	s.tb.Helper()
	s.signal(syscall.SIGSTOP)
}

// Resume continues a paused server (SIGCONT).
func (s *Server) Resume() {
	s.tb.Helper()
	s.signal(syscall.SIGCONT)
}

func (s *Server) signal(sig syscall.Signal) {
	s.tb.Helper()
	if s.s == nil {
		s.tb.Skipf("cannot pause the Redis server of %s", EnvURL)
	}
	s.s.mu.Lock()
	cmd := s.s.cmd
	s.s.mu.Unlock()
	if cmd == nil {
		s.tb.Fatalf("redistest: the server is not running")
	}
	if err := cmd.Process.Signal(sig); err != nil {
		s.tb.Fatalf("redistest: signal %v: %v", sig, err)
	}
}

// StartServer is Start, returning the server for fault tests.
func StartServer(tb testing.TB) *Server {
	tb.Helper()
	if url := os.Getenv(EnvURL); url != "" {
		cannot := func() {
			tb.Helper()
			tb.Skipf("cannot stop or restart the Redis server of %s", EnvURL)
		}
		return &Server{tb: tb, url: url, restart: cannot, stop: cannot}
	}
	path, err := exec.LookPath("redis-server")
	if err != nil {
		msg := fmt.Sprintf("redis-server is not installed (%v); install it (Debian: apt install redis-server) or set %s", err, EnvURL)
		if os.Getenv(EnvRequire) == "1" {
			tb.Fatalf("%s; %s=1 requires it", msg, EnvRequire)
		}
		tb.Skipf("%s; set %s=1 to make this a failure", msg, EnvRequire)
	}

	s := &server{tb: tb, path: path, dir: tb.TempDir()}
	// A port found free may be taken before redis-server binds it; try
	// another then.
	for attempt := 1; ; attempt++ {
		s.port = freePort(tb)
		err := s.start()
		if err == nil {
			break
		}
		if attempt == 3 {
			tb.Fatalf("redistest: %v", err)
		}
	}
	tb.Cleanup(s.stop)
	// A paused process is killed by stop all the same (SIGKILL needs no
	// SIGCONT), but resume it first so its exit is prompt and clean.
	tb.Cleanup(func() {
		s.mu.Lock()
		if s.cmd != nil {
			s.cmd.Process.Signal(syscall.SIGCONT)
		}
		s.mu.Unlock()
	})
	return &Server{tb: tb, url: "redis://" + s.addr() + "/0", s: s, restart: s.restart, stop: s.stop}
}

// Prefix returns a key and channel prefix that no other test uses, such as
// "samskap-test:1f9c0a7d2e4b:", for tests that share a server.
func Prefix(tb testing.TB) string {
	tb.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	return "samskap-test:" + hex.EncodeToString(b[:]) + ":"
}

// server is one redis-server process, stopped and started again on the
// same port as the test asks.
type server struct {
	tb   testing.TB
	path string
	dir  string
	port int
	runs int // processes started, to name their logs

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited
}

func (s *server) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// start runs redis-server and waits until it answers PING.
func (s *server) start() error {
	s.runs++
	logPath := filepath.Join(s.dir, fmt.Sprintf("redis-%d-%d.log", s.port, s.runs))
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close() // the child has its own descriptor
	cmd := exec.Command(s.path,
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--dir", s.dir,
	)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	s.mu.Lock()
	s.cmd, s.exited = cmd, exited
	s.mu.Unlock()

	deadline := time.Now().Add(readyTimeout)
	for {
		if err := ping(s.addr()); err == nil {
			return nil
		} else if time.Now().After(deadline) {
			s.stop()
			return fmt.Errorf("redis-server on port %d did not answer PING within %v: %v; log:\n%s", s.port, readyTimeout, err, tail(logPath))
		}
		select {
		case <-exited:
			s.mu.Lock()
			s.cmd = nil
			s.mu.Unlock()
			return fmt.Errorf("redis-server on port %d exited: %v; log:\n%s", s.port, cmd.ProcessState, tail(logPath))
		case <-time.After(10 * time.Millisecond): // poll: a starting server has nothing to wait on
		}
	}
}

// stop kills the server, if it runs, and waits until it has exited.
func (s *server) stop() {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-exited
}

// restart stops the server and starts it again on the same port.
func (s *server) restart() {
	s.tb.Helper()
	s.stop()
	if err := s.start(); err != nil {
		s.tb.Fatalf("redistest: restart: %v", err)
	}
}

// ping sends PING over a new connection and checks for PONG.
func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("PING answered %q", strings.TrimSpace(line))
	}
	return nil
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("redistest: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// tail returns the end of a log file, for a failure message.
func tail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(data) > 2000 {
		data = data[len(data)-2000:]
	}
	return string(data)
}
