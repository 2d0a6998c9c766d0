package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/samskap/samskap/server/sqlite"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

func MustOpen(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func tempPath(tb testing.TB) string { return filepath.Join(tb.TempDir(), "samskap.db") }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workshops.Store { return MustOpen(t, tempPath(t)) })
}

func TestReopen(t *testing.T) {
	path := tempPath(t)
	events := storetest.Script(300)
	w := storetest.NewWorkshop("w-1")
	sess := storetest.NewSession("w-1", "token")
	snap := storetest.MustSnapshot(t, storetest.MustReplay(t, "w-1", "T", events[:200]))

	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.MustCreateWorkshop(t, s, w)
	storetest.MustCreateSession(t, s, sess)
	storetest.MustAppend(t, s, "w-1", events[:200], snap)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	for round := range 2 {
		s := MustOpen(t, path)
		got, err := s.WorkshopByJoinCode(t.Context(), w.JoinCode)
		if err != nil || got.ID != w.ID || !got.CreatedAt.Equal(w.CreatedAt) || string(got.FacilitatorKeyHash) != string(w.FacilitatorKeyHash) {
			t.Errorf("round %d: WorkshopByJoinCode = %+v, %v", round, got, err)
		}
		if got, err := s.Session(t.Context(), sess.TokenHash); err != nil || got.ParticipantID != sess.ParticipantID {
			t.Errorf("round %d: Session = %+v, %v", round, got, err)
		}
		last, err := s.LastSnapshot(t.Context(), "w-1")
		if err != nil {
			t.Fatal(err)
		}
		storetest.CheckSnapshot(t, last, *snap)
		if round == 0 {
			// The log goes on where it stopped.
			storetest.MustAppend(t, s, "w-1", events[200:], nil)
		}
		storetest.CheckEvents(t, storetest.MustEvents(t, s, "w-1", 0, 1000), events)
		want := storetest.MustReplay(t, "w-1", "T", events)
		if got := storetest.MustLoad(t, s, "w-1", "T"); got.Hash() != want.Hash() {
			t.Errorf("round %d: loaded board differs from the replayed one", round)
		}
		if v, err := s.WriterPragma("user_version"); err != nil || v != strconv.Itoa(sqlite.SchemaVersion) {
			t.Errorf("user_version = %q, %v; want %d", v, err, sqlite.SchemaVersion)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSettings(t *testing.T) {
	s := MustOpen(t, tempPath(t))
	for _, tc := range []struct {
		name, writer, reader string
	}{
		{"journal_mode", "wal", "wal"},
		{"synchronous", "2", "2"}, // FULL
		{"foreign_keys", "1", "1"},
		{"busy_timeout", "10000", "10000"},
		{"query_only", "0", "1"},
		{"journal_size_limit", "16777216", "16777216"}, // the log keeps its file: see pragmas
	} {
		if got, err := s.WriterPragma(tc.name); err != nil || got != tc.writer {
			t.Errorf("writer: PRAGMA %s = %q, %v; want %q", tc.name, got, err, tc.writer)
		}
		if got, err := s.ReaderPragma(tc.name); err != nil || got != tc.reader {
			t.Errorf("reader: PRAGMA %s = %q, %v; want %q", tc.name, got, err, tc.reader)
		}
	}
}

func TestOpenPaths(t *testing.T) {
	// Missing directories are made; characters that mean something in a
	// URI are part of the file name.
	path := filepath.Join(t.TempDir(), "a b", "c?d#e%20f", "samskap.db")
	s := MustOpen(t, path)
	storetest.MustAppend(t, s, "b", storetest.Script(2), nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not where it was asked to be: %v", err)
	}
	s = MustOpen(t, path)
	if got := storetest.MustEvents(t, s, "b", 0, 10); len(got) != 2 {
		t.Errorf("after reopening, %d events", len(got))
	}

	if _, err := sqlite.Open(""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	notDB := filepath.Join(t.TempDir(), "not.db")
	if err := os.WriteFile(notDB, []byte("this is not a database, but it is long enough to look like one's header"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(notDB); err == nil {
		s.Close()
		t.Error("Open of a file that is not a database succeeded")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := tempPath(t)
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := sqlite.Open(path); err == nil {
		s.Close()
		t.Fatal("Open of a database from a newer version succeeded")
	} else {
		t.Log(err)
	}
}

func TestAppendChecks(t *testing.T) {
	s := MustOpen(t, tempPath(t))
	storetest.MustAppend(t, s, "b", storetest.Script(3), nil)
	ev := func(seqs ...uint64) []workshops.Event {
		var events []workshops.Event
		for _, seq := range seqs {
			events = append(events, workshops.Event{Seq: seq, OpID: "op", Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "n"}})
		}
		return events
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		board  string
		events []workshops.Event
		snap   *workshops.Snapshot
		code   string
	}{
		{"no board", "", ev(4), nil, workshops.EINVALID},
		{"seq 0", "c", ev(0, 1), nil, workshops.EINVALID},
		{"seq past MaxInt64", "c", ev(math.MaxInt64 + 1), nil, workshops.EINVALID},
		{"not consecutive", "b", ev(4, 6), nil, workshops.EINVALID},
		{"backwards", "b", ev(5, 4), nil, workshops.EINVALID},
		{"a gap after the log", "b", ev(5, 6), nil, workshops.EINVALID},
		{"a gap before the log", "new", ev(2), nil, workshops.EINVALID},
		{"taken", "b", ev(3, 4), nil, workshops.ECONFLICT},
		{"NaN", "b", []workshops.Event{{Seq: 4, Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "n", X: &nan, Y: &nan}}}, nil, workshops.EINVALID},
		{"snapshot of another board", "b", ev(4), &workshops.Snapshot{BoardID: "other", Seq: 4, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot ahead of the events", "b", ev(4), &workshops.Snapshot{Seq: 5, State: []byte("{}")}, workshops.EINVALID},
		{"empty snapshot", "b", ev(4), &workshops.Snapshot{Seq: 4}, workshops.EINVALID},
		{"snapshot past MaxInt64", "b", nil, &workshops.Snapshot{Seq: math.MaxUint64, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot ahead of the log", "b", nil, &workshops.Snapshot{Seq: 4, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot of an empty log", "new", nil, &workshops.Snapshot{Seq: 1, State: []byte("{}")}, workshops.EINVALID},
	} {
		err := s.Append(t.Context(), tc.board, tc.events, tc.snap)
		if got := workshops.ErrorCode(err); got != tc.code {
			t.Errorf("%s: Append = %v (code %q), want code %q", tc.name, err, got, tc.code)
		}
	}
	storetest.CheckEvents(t, storetest.MustEvents(t, s, "b", 0, 10), storetest.Script(3))
	if _, err := s.Events(t.Context(), "b", 0, 0); workshops.ErrorCode(err) != workshops.EINVALID {
		t.Errorf("Events with limit 0 = %v, want EINVALID", err)
	}
	// Nothing to do is not an error.
	if err := s.Append(t.Context(), "b", nil, nil); err != nil {
		t.Errorf("Append of nothing = %v", err)
	}
	// A snapshot without events at the board's seq, with an empty board ID.
	storetest.MustAppend(t, s, "b", nil, &workshops.Snapshot{Seq: 3, State: []byte("{}")})
	if snap, err := s.LastSnapshot(t.Context(), "b"); err != nil || snap.BoardID != "b" || snap.Seq != 3 {
		t.Errorf("LastSnapshot = %+v, %v", snap, err)
	}
	// A session for a workshop that does not exist.
	err := s.CreateSession(t.Context(), storetest.NewSession("no-such-workshop", "t"))
	if workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("CreateSession for an unknown workshop = %v, want ENOTFOUND", err)
	}
}

// hold makes the writer of s stop before its next transaction until release
// is called, and returns once the writer is held. Writes queued meanwhile
// form one group.
func hold(t *testing.T, s *sqlite.Store) (release func()) {
	t.Helper()
	held, gate := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.SetBeforeCommit(func() {
		once.Do(func() {
			close(held)
			<-gate
		})
	})
	// A write for the writer to stop at.
	errc := make(chan error, 1)
	go func() {
		errc <- s.CreateWorkshop(context.Background(), storetest.NewWorkshop(fmt.Sprintf("hold-%d", time.Now().UnixNano())))
	}()
	<-held
	var released sync.Once
	release = func() {
		released.Do(func() {
			close(gate)
			if err := <-errc; err != nil {
				t.Errorf("the write the writer was held at: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

// queue starts f in a goroutine once the previous writes are queued, and
// waits until f's write is queued too, so writes queue in a known order.
func queue(t *testing.T, s *sqlite.Store, f func() error) <-chan error {
	t.Helper()
	n := s.Queued()
	errc := make(chan error, 1)
	go func() { errc <- f() }()
	for deadline := time.Now().Add(5 * time.Second); s.Queued() == n; {
		if time.Now().After(deadline) {
			t.Fatal("the write was not queued")
		}
		time.Sleep(100 * time.Microsecond)
	}
	return errc
}

// TestGroupFailsAlone queues good writes and failing ones behind a held
// writer, so that they share one transaction, and checks that each gets its
// own answer and only the good ones are stored.
func TestGroupFailsAlone(t *testing.T) {
	s := MustOpen(t, tempPath(t))
	events := storetest.Script(10)
	storetest.MustAppend(t, s, "a", events[:3], nil)
	storetest.MustCreateWorkshop(t, s, storetest.NewWorkshop("w-1"))
	commits := s.Commits()
	release := hold(t, s)
	ctx := t.Context()
	other := func(seqs ...uint64) []workshops.Event {
		var events []workshops.Event
		for _, seq := range seqs {
			events = append(events, workshops.Event{Seq: seq, OpID: "intruder", Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "x"}})
		}
		return events
	}

	type write struct {
		name string
		code string
		errc <-chan error
	}
	var writes []write
	add := func(name, code string, f func() error) {
		writes = append(writes, write{name, code, queue(t, s, f)})
	}
	add("a: taken seqs", workshops.ECONFLICT, func() error { return s.Append(ctx, "a", other(2, 3, 4), nil) })
	add("a: next seqs", "", func() error {
		return s.Append(ctx, "a", events[3:5], storetest.MustSnapshot(t, storetest.MustReplay(t, "a", "A", events[:5])))
	})
	add("a: seq taken earlier in this group", workshops.ECONFLICT, func() error { return s.Append(ctx, "a", other(5, 6), nil) })
	add("a: a gap", workshops.EINVALID, func() error { return s.Append(ctx, "a", other(9), nil) })
	add("a: after the group's own", "", func() error { return s.Append(ctx, "a", events[5:7], nil) })
	add("a: new events, a snapshot at a seq that has one", workshops.ECONFLICT, func() error {
		return s.Append(ctx, "a", events[7:8], &workshops.Snapshot{Seq: 5, State: []byte("{}")})
	})
	add("a: a snapshot ahead of the log", workshops.EINVALID, func() error {
		return s.Append(ctx, "a", nil, &workshops.Snapshot{Seq: 8, State: []byte("{}")})
	})
	add("workshop: ID taken", workshops.ECONFLICT, func() error { return s.CreateWorkshop(ctx, storetest.NewWorkshop("w-1")) })
	add("workshop: new", "", func() error { return s.CreateWorkshop(ctx, storetest.NewWorkshop("w-2")) })
	add("session: workshop created in this group", "", func() error { return s.CreateSession(ctx, storetest.NewSession("w-2", "t")) })
	add("session: same token", workshops.ECONFLICT, func() error { return s.CreateSession(ctx, storetest.NewSession("w-1", "t")) })
	add("snapshot: seq has one", workshops.ECONFLICT, func() error {
		return s.Append(ctx, "a", nil, &workshops.Snapshot{Seq: 5, State: []byte("{}")})
	})
	for i := range 20 {
		board := fmt.Sprintf("b-%d", i)
		add(board, "", func() error { return s.Append(ctx, board, events[:4], nil) })
	}
	release()

	for _, w := range writes {
		if err := <-w.errc; workshops.ErrorCode(err) != w.code {
			t.Errorf("%s: error %v, want code %q", w.name, err, w.code)
		}
	}
	if n := s.Commits() - commits; n != 2 {
		t.Errorf("%d transactions, want 2: the held write, then every queued one", n)
	}
	storetest.CheckEvents(t, storetest.MustEvents(t, s, "a", 0, 100), events[:7])
	if snap, err := s.LastSnapshot(ctx, "a"); err != nil || snap.Seq != 5 || string(snap.State) == "{}" {
		t.Errorf("LastSnapshot(a) = seq %d %.20q, %v; want the snapshot at seq 5 from the good batch", snap.Seq, snap.State, err)
	}
	for i := range 20 {
		storetest.CheckEvents(t, storetest.MustEvents(t, s, fmt.Sprintf("b-%d", i), 0, 100), events[:4])
	}
	if sess, err := s.Session(ctx, storetest.NewSession("w-2", "t").TokenHash); err != nil || sess.WorkshopID != "w-2" {
		t.Errorf("Session = %+v, %v; want the one of w-2", sess, err)
	}
}

// TestGroupCommit checks that concurrent Appends share transactions.
func TestGroupCommit(t *testing.T) {
	s := MustOpen(t, tempPath(t))
	const n = 200
	commits := s.Commits()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := s.Append(t.Context(), fmt.Sprintf("b-%d", i), storetest.Script(1), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := s.Commits() - commits
	t.Logf("%d appends in %d transactions", n, got)
	if got >= n {
		t.Errorf("%d appends took %d transactions", n, got)
	}
}

func TestAppendCanceledWhileQueued(t *testing.T) {
	s := MustOpen(t, tempPath(t))
	release := hold(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	errc := queue(t, s, func() error { return s.Append(ctx, "c", storetest.Script(1), nil) })
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Append = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Append did not return when its context was canceled")
	}
	release()
	// The writer skipped it: seq 1 is free.
	storetest.MustAppend(t, s, "c", storetest.Script(1), nil)
	if got := storetest.MustEvents(t, s, "c", 0, 10); len(got) != 1 {
		t.Errorf("%d events, want 1", len(got))
	}

	done, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.Append(done, "d", storetest.Script(1), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Append with a canceled context = %v", err)
	}
	if _, err := s.Events(done, "c", 0, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Events with a canceled context = %v", err)
	}
	if _, err := s.Workshop(done, "w"); !errors.Is(err, context.Canceled) {
		t.Errorf("Workshop with a canceled context = %v", err)
	}
}

func TestCloseFinishesQueued(t *testing.T) {
	path := tempPath(t)
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	release := hold(t, s)
	var errcs []<-chan error
	for i := range 20 {
		errcs = append(errcs, queue(t, s, func() error {
			return s.Append(context.Background(), fmt.Sprintf("b-%d", i), storetest.Script(3), nil)
		}))
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	// Wait until Close has begun (reads say so without waiting for the
	// writer); from then on new writes are refused at once.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Microsecond) {
		if _, err := s.Events(context.Background(), "b-0", 0, 1); errors.Is(err, sqlite.ErrClosed) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Close did not begin")
		}
	}
	if err := s.Append(context.Background(), "late", storetest.Script(1), nil); !errors.Is(err, sqlite.ErrClosed) {
		t.Fatalf("Append while closing = %v, want ErrClosed", err)
	}
	release()
	for i, errc := range errcs {
		if err := <-errc; err != nil {
			t.Errorf("queued Append %d: %v", i, err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = MustOpen(t, path)
	for i := range 20 {
		storetest.CheckEvents(t, storetest.MustEvents(t, s, fmt.Sprintf("b-%d", i), 0, 10), storetest.Script(3))
	}
}

// TestClosed: every method of a closed store is EUNAVAILABLE, and is
// this package's ErrClosed.
func TestClosed(t *testing.T) {
	s, err := sqlite.Open(tempPath(t))
	if err != nil {
		t.Fatal(err)
	}
	storetest.MustCreateWorkshop(t, s, storetest.NewWorkshop("w"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Workshop(t.Context(), "w"); !errors.Is(err, sqlite.ErrClosed) {
		t.Errorf("Workshop after Close = %v, want ErrClosed", err)
	}
	storetest.CheckClosed(t, s)
}

// TestCrash kills a process that is appending, at a random moment, and
// checks that every Append it saw acknowledged is in the log.
func TestCrash(t *testing.T) {
	if path := os.Getenv("SAMSKAP_CRASH_CHILD_DB"); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := tempPath(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrash$")
	cmd.Env = append(os.Environ(), "SAMSKAP_CRASH_CHILD_DB="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]uint64{} // board -> last seq acknowledged
	lines := bufio.NewScanner(out)
	for n := 0; n < 300 && lines.Scan(); n++ {
		var board string
		var seq uint64
		if _, err := fmt.Sscanf(lines.Text(), "%s %d", &board, &seq); err != nil {
			t.Fatalf("child said %q", lines.Text())
		}
		acked[board] = max(acked[board], seq)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("the child acknowledged nothing")
	}

	s := MustOpen(t, path)
	for board, seq := range acked {
		got := storetest.MustEvents(t, s, board, 0, 100_000)
		if uint64(len(got)) < seq {
			t.Errorf("%s: seq %d was acknowledged, the log holds %d events", board, seq, len(got))
		}
		for i, e := range got {
			if e.Seq != uint64(i+1) || e.OpID != "op-"+strconv.FormatUint(e.Seq, 10) {
				t.Fatalf("%s: event %d is %+v", board, i, e)
			}
		}
	}
}

// crashChild appends to several boards from several goroutines until it is
// killed, printing each acknowledged seq.
func crashChild(path string) {
	s, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	events := storetest.Script(10_000)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			board := fmt.Sprintf("board-%d", g)
			for i := range events {
				if err := s.Append(context.Background(), board, events[i:i+1], nil); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Printf("%s %d\n", board, events[i].Seq)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

func moveEvent(seq uint64) []workshops.Event {
	x, y := float64(seq%1000), 12.5
	return []workshops.Event{{Seq: seq, OpID: "op-" + strconv.FormatUint(seq, 10), Actor: "participant-1", At: 1_741_940_000_000 + int64(seq),
		Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "note-1", X: &x, Y: &y}}}
}

// BenchmarkAppend appends one event per call, one call at a time: each
// call waits for its own fsync.
func BenchmarkAppend(b *testing.B) {
	s := MustOpen(b, tempPath(b))
	var seq uint64
	for b.Loop() {
		seq++
		if err := s.Append(context.Background(), "board", moveEvent(seq), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkAppendParallel appends one event per call from 64 goroutines,
// each on its own board: group commit shares each fsync among them.
func BenchmarkAppendParallel(b *testing.B) {
	s := MustOpen(b, tempPath(b))
	var boards atomic.Int64
	b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
	commits := s.Commits()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		board := fmt.Sprintf("board-%d", boards.Add(1))
		var seq uint64
		for pb.Next() {
			seq++
			if err := s.Append(context.Background(), board, moveEvent(seq), nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
	if n := s.Commits() - commits; n > 0 {
		b.ReportMetric(float64(b.N)/float64(n), "appends/commit")
	}
}

// TestBackupWhileWriting copies the database while appends go on; the
// copy opens as a store and holds a gapless prefix of the log that covers
// every append acknowledged before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s, err := sqlite.Open(filepath.Join(dir, "samskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ws := storetest.NewWorkshop("b")
	storetest.MustCreateWorkshop(t, s, ws)
	events := storetest.Script(400)
	storetest.MustAppend(t, s, ws.ID, events[:100], nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, e := range events[100:] {
			if err := s.Append(context.Background(), ws.ID, []workshops.Event{e}, nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	copyPath := filepath.Join(dir, "copy.db")
	if err := s.Backup(t.Context(), copyPath); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := s.Backup(t.Context(), copyPath); err == nil {
		t.Fatal("a backup over an existing file must fail, not overwrite it")
	}
	c, err := sqlite.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := storetest.MustEvents(t, c, ws.ID, 0, 1000)
	if len(got) < 100 || len(got) > 400 {
		t.Fatalf("the copy holds %d events; want at least the 100 before the backup", len(got))
	}
	storetest.CheckEvents(t, got, events[:len(got)])
	if _, err := c.Workshop(t.Context(), ws.ID); err != nil {
		t.Fatalf("the copy lacks the workshop: %v", err)
	}
}
