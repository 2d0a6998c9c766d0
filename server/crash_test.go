package server_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// The crash test runs the server in a child process (this test binary,
// re-executed), has clients write at full speed, kills the child with
// SIGKILL, starts the server again on the same data directory, and checks
// that every acknowledged op is there, in the order of its seq, and that
// nothing else is (no half-applied op).

const crashChildEnv = "SAMSKAP_CRASH_CHILD_DIR"

// TestCrashChild is the child: a real Main that prints its address and
// runs until it is killed. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("only runs as the child of TestCrashKeepsAcknowledgedOps")
	}
	m := server.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = dir
	m.Config.OrganiserToken = organiserToken
	m.Config.LogLevel = "error"
	if err := m.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ADDR %s\n", m.Addr())
	time.Sleep(time.Minute) // killed long before
}

// startChild starts the child server and returns a handle for the test
// helpers, and the process to kill.
func startChild(t *testing.T, dir string) (*childServer, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if addr, ok := strings.CutPrefix(lines.Text(), "ADDR "); ok {
			go func() {
				for lines.Scan() {
				}
			}()
			return &childServer{addr: addr}, cmd
		}
	}
	t.Fatal("the child server never said where it listens")
	return nil, nil
}

type childServer struct{ addr string }

func (c *childServer) Addr() string { return c.addr }
func (c *childServer) URL() string  { return "http://" + c.addr }

func TestCrashKeepsAcknowledgedOps(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	dir := t.TempDir()
	m, cmd := startChild(t, dir)
	w := MustCreateWorkshop(t, m)
	text := strings.Repeat("æ", 50)
	const writers = 4
	type result struct {
		acked map[string]uint64 // note ID -> seq of its acknowledged create
		sent  map[string]bool
	}
	results := make(chan result, writers)
	stop := make(chan struct{})
	var ackCount atomic.Int64 // acknowledgements so far, all writers
	for i := range writers {
		j := MustJoin(t, m, w.Workshop.JoinCode, fmt.Sprint("skriver", i))
		c := MustConnect(t, m, w.Workshop.ID, j.Token, "", 0)
		c.next()
		go func() {
			r := result{acked: map[string]uint64{}, sent: map[string]bool{}}
			defer func() { results <- r }()
			noteOf := map[string]string{}
			for n := 0; ; {
				select {
				case <-stop:
					return
				default:
				}
				// Keep a window of ops in flight, under the rate limit.
				for ; n-len(r.acked) < 20; n++ {
					id, note := fmt.Sprint("op", n), fmt.Sprintf("w%d-n%d", i, n)
					noteOf[id], r.sent[note] = note, true
					if c.conn.WriteJSON(map[string]any{"type": "op", "id": id, "op": createOp(note, text, float64(n), 0)}) != nil {
						return
					}
				}
				m, err := c.read(30 * time.Second)
				if err != nil {
					return // the server is gone (or said nothing for 30 s)
				}
				if m.Type == "ack" {
					r.acked[noteOf[m.ID]] = m.Seq
					ackCount.Add(1)
				}
			}
		}()
	}
	// Kill once enough has been acknowledged to prove something, however
	// long a busy machine takes to get there (not after a fixed time).
	// The child keeps the default of 30 notes a minute per participant,
	// so the 4 writers get about 120 acknowledged at once, then refusals.
	deadline := time.Now().Add(2 * time.Minute)
	for ackCount.Load() < 100 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	acked, sent := map[string]uint64{}, map[string]bool{}
	for range writers {
		r := <-results
		for note, seq := range r.acked {
			acked[note] = seq
		}
		for note := range r.sent {
			sent[note] = true
		}
	}
	if len(acked) < 50 {
		t.Fatalf("only %d ops acknowledged before the kill; the test would prove little", len(acked))
	}

	// Restart on the same directory and look at the board.
	m2, _ := startChild(t, dir)
	j := MustJoin(t, m2, w.Workshop.JoinCode, "kontroll")
	snap := MustConnect(t, m2, w.Workshop.ID, j.Token, "", 0).next()
	if snap.Type != "snapshot" {
		t.Fatalf("want a snapshot, got %+v", snap)
	}
	onBoard := map[string]workshops.Note{}
	for _, n := range snap.Board.Notes {
		onBoard[n.ID] = n
	}
	for note, seq := range acked {
		n, ok := onBoard[note]
		if !ok {
			t.Fatalf("note %s was acknowledged at seq %d and is gone after the crash", note, seq)
		}
		if n.Z != seq {
			t.Fatalf("note %s was acknowledged at seq %d but sits at seq %d", note, seq, n.Z)
		}
	}
	for id, n := range onBoard {
		if !sent[id] {
			t.Fatalf("note %s on the board was never sent", id)
		}
		if n.Text != text {
			t.Fatalf("note %s is half-written: %q", id, n.Text)
		}
	}
	t.Logf("%d creates acknowledged before SIGKILL, %d more sent; after restart the board holds %d notes at seq %d",
		len(acked), len(sent)-len(acked), len(onBoard), snap.Board.Seq)
}
