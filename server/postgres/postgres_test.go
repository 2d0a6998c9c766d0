package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/samskap/samskap/server/postgres"
	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// MustOpen opens a store at url and closes it when the test ends.
func MustOpen(tb testing.TB, url string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(tb.Context(), url)
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

// MustConnect opens a plain connection at url, for looking behind the
// store's back, and closes it when the test ends.
func MustConnect(tb testing.TB, url string) *pgx.Conn {
	tb.Helper()
	c, err := pgx.Connect(tb.Context(), url)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func mustQueryInt(tb testing.TB, c *pgx.Conn, sql string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := c.QueryRow(tb.Context(), sql, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestConformance(t *testing.T) {
	pgtest.URL(t) // skip once, not in every subtest
	storetest.Run(t, func(t *testing.T) workshops.Store { return MustOpen(t, pgtest.NewSchemaURL(t)) })
}

// TestTwoNodes has two stores on one schema, as two nodes on one database,
// with several writers on each racing for the same boards. Each writer
// appends at the seq it thinks is next and, when told ECONFLICT, reads the
// log to learn the head, as a node catches up. Every seq must go to exactly
// one writer, the one told nil, and the logs must have no gap.
func TestTwoNodes(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	nodes := []*postgres.Store{MustOpen(t, url), MustOpen(t, url)}
	const (
		boards  = 4
		writers = 3 // per node and board
		perLog  = 60
	)
	var (
		wg           sync.WaitGroup
		mu           sync.Mutex
		winners      = map[string]map[uint64]string{} // board -> seq -> OpID told nil
		withSnapshot = map[string]bool{}              // boards where a batch with a snapshot was acknowledged
		wins         = make([]int, len(nodes))
		conflicts    atomic.Int64
	)
	board := func(b int) string { return fmt.Sprintf("board-%d", b) }
	for b := range boards {
		winners[board(b)] = map[uint64]string{}
	}
	for b := range boards {
		for n, node := range nodes {
			for w := range writers {
				wg.Go(func() {
					next := uint64(1)
					for try := 0; next <= perLog; try++ {
						size := min(uint64(1+try%3), perLog-next+1)
						var batch []workshops.Event
						for seq := next; seq < next+size; seq++ {
							batch = append(batch, workshops.Event{Seq: seq, OpID: fmt.Sprintf("n%d-w%d-%d", n, w, seq), Actor: "a", At: int64(seq),
								Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "x"}})
						}
						last := batch[len(batch)-1]
						var snap *workshops.Snapshot
						if w == 0 {
							snap = &workshops.Snapshot{Seq: last.Seq, State: []byte(strconv.Quote(last.OpID))}
						}
						err := node.Append(t.Context(), board(b), batch, snap)
						switch workshops.ErrorCode(err) {
						case "":
							mu.Lock()
							for _, e := range batch {
								if prev, ok := winners[board(b)][e.Seq]; ok {
									t.Errorf("%s seq %d acknowledged to %s and to %s", board(b), e.Seq, prev, e.OpID)
								}
								winners[board(b)][e.Seq] = e.OpID
							}
							if snap != nil {
								withSnapshot[board(b)] = true
							}
							wins[n] += len(batch)
							mu.Unlock()
							next += size
						case workshops.ECONFLICT:
							conflicts.Add(1)
							got, err := node.Events(t.Context(), board(b), next-1, perLog)
							if err != nil || len(got) == 0 {
								t.Errorf("%s: seq %d was taken, then Events after %d = %d events, %v", board(b), next, next-1, len(got), err)
								return
							}
							next = got[len(got)-1].Seq + 1
						default:
							t.Errorf("Append(%s, seqs %d-%d) on node %d: %v", board(b), next, last.Seq, n, err)
							return
						}
					}
				})
			}
		}
	}
	wg.Wait()
	t.Logf("wins by node: %v; %d conflicts", wins, conflicts.Load())
	if conflicts.Load() == 0 {
		t.Error("no writer ever lost a race; the test tested nothing")
	}

	admin := MustConnect(t, url)
	for b := range boards {
		for n, node := range nodes {
			got := storetest.MustEvents(t, node, board(b), 0, 1000)
			if len(got) != perLog {
				t.Errorf("node %d: %s holds %d events, want %d", n, board(b), len(got), perLog)
			}
			for i, e := range got {
				if e.Seq != uint64(i+1) {
					t.Fatalf("node %d: %s: event %d has seq %d", n, board(b), i, e.Seq)
				}
				if want := winners[board(b)][e.Seq]; e.OpID != want {
					t.Errorf("node %d: %s seq %d holds %s, but %q was acknowledged", n, board(b), e.Seq, e.OpID, want)
				}
			}
			snap, err := node.LastSnapshot(t.Context(), board(b))
			if workshops.ErrorCode(err) == workshops.ENOTFOUND && !withSnapshot[board(b)] {
				continue // the writer that sends snapshots never won a race here
			}
			if err != nil {
				t.Fatalf("LastSnapshot(%s): %v", board(b), err)
			}
			if by, _ := strconv.Unquote(string(snap.State)); winners[board(b)][snap.Seq] != by {
				t.Errorf("%s: the snapshot at seq %d is from %s, but %s won that seq", board(b), snap.Seq, by, winners[board(b)][snap.Seq])
			}
		}
		if head := mustQueryInt(t, admin, `SELECT head FROM boards WHERE id = $1`, board(b)); head != perLog {
			t.Errorf("%s: head %d, want %d", board(b), head, perLog)
		}
	}
}

// TestWaitsForHead has another transaction move a board's head from 3 to 4
// and hold it uncommitted while the store appends. An Append of seq 4
// expects the same head: it waits for the row, and then loses if the other
// commits and wins if it rolls back. An Append of seq 5 expects a head it
// cannot see yet: it does not wait, and finds a gap.
func TestWaitsForHead(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	s := MustOpen(t, url)
	events := storetest.Script(5)
	for i, tc := range []struct {
		name   string
		seq    uint64
		commit bool // whether the other transaction commits
		code   string
		want   []workshops.Event // the log afterwards, from seq 4
	}{
		{"same seq, other commits", 4, true, workshops.ECONFLICT, events[3:4]},
		{"same seq, other rolls back", 4, false, "", events[3:4]},
		{"next seq, other commits", 5, true, workshops.EINVALID, events[3:4]},
		{"next seq, other rolls back", 5, false, workshops.EINVALID, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			board := fmt.Sprintf("b-%d", i)
			storetest.MustAppend(t, s, board, events[:3], nil)
			other := MustConnect(t, url)
			tx, err := other.Begin(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(context.Background())
			if _, err := tx.Exec(t.Context(), `UPDATE boards SET head = 4 WHERE id = $1`, board); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(t.Context(), `INSERT INTO events (board_id, seq, op_id, actor, at, op) VALUES ($1, 4, $2, $3, $4, $5)`,
				board, events[3].OpID, events[3].Actor, events[3].At, mustJSON(t, events[3].Op)); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- s.Append(context.Background(), board, events[tc.seq-1:tc.seq], nil) }()
			if tc.seq == 5 {
				select {
				case err := <-errc:
					errc <- err
				case <-time.After(10 * time.Second):
					t.Fatal("the Append of seq 5 waits for the other transaction")
				}
			} else {
				admin := MustConnect(t, url)
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
					if mustQueryInt(t, admin, `SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, other.PgConn().PID()) > 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("the Append of seq 4 does not wait for the other transaction")
					}
				}
			}
			if tc.commit {
				err = tx.Commit(t.Context())
			} else {
				err = tx.Rollback(t.Context())
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := <-errc; workshops.ErrorCode(err) != tc.code {
				t.Errorf("Append(seq %d) = %v, want code %q", tc.seq, err, tc.code)
			}
			storetest.CheckEvents(t, storetest.MustEvents(t, s, board, 3, 10), tc.want)
		})
	}
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// TestConcurrentOpen opens stores on a new schema all at once, as nodes
// starting together: one migrates, and the others find the schema ready.
func TestConcurrentOpen(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	const n = 8
	stores := make([]*postgres.Store, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = postgres.Open(t.Context(), url)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	// Every store works on the same tables.
	events := storetest.Script(n)
	for i, s := range stores {
		storetest.MustAppend(t, s, "b", events[i:i+1], nil)
	}
	storetest.CheckEvents(t, storetest.MustEvents(t, stores[0], "b", 0, 100), events)

	admin := MustConnect(t, url)
	if got := mustQueryInt(t, admin, `SELECT count(*) FROM schema_migrations`); got != int64(postgres.SchemaVersion) {
		t.Errorf("schema_migrations has %d rows, want %d", got, postgres.SchemaVersion)
	}
	// The tables are in the schema the search_path names, not in public.
	got := mustQueryInt(t, admin, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_name IN ('schema_migrations', 'workshops', 'sessions', 'boards', 'events', 'snapshots')`)
	if got != 6 {
		t.Errorf("%d of the store's 6 tables are in the test's schema", got)
	}
}

func TestReopen(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	events := storetest.Script(300)
	w := storetest.NewWorkshop("w-1")
	sess := storetest.NewSession("w-1", "token")
	snap := storetest.MustSnapshot(t, storetest.MustReplay(t, "w-1", "T", events[:200]))

	s, err := postgres.Open(t.Context(), url)
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
		s, err := postgres.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.WorkshopByJoinCode(t.Context(), w.JoinCode)
		if err != nil || got.ID != w.ID || !got.CreatedAt.Equal(w.CreatedAt.Truncate(time.Microsecond)) || string(got.FacilitatorKeyHash) != string(w.FacilitatorKeyHash) {
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
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	admin := MustConnect(t, url)
	if got := mustQueryInt(t, admin, `SELECT max(version) FROM schema_migrations`); got != int64(postgres.SchemaVersion) {
		t.Errorf("schema version %d, want %d", got, postgres.SchemaVersion)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	MustOpen(t, url)
	admin := MustConnect(t, url)
	if _, err := admin.Exec(t.Context(), `INSERT INTO schema_migrations (version) VALUES ($1)`, postgres.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if s, err := postgres.Open(t.Context(), url); err == nil {
		s.Close()
		t.Fatal("Open of a schema from a newer version succeeded")
	} else if !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open = %v, want an error that says the schema is newer", err)
	}
}

func TestOpenErrors(t *testing.T) {
	base := pgtest.URL(t)
	ctx := t.Context()
	for _, tc := range []struct {
		name, url, want string
	}{
		{"unparsable", "postgres://samskap:secret-pw@127.0.0.1:5432/db?sslmode=sometimes", "does not parse"},
		{"no server", "postgres://samskap:secret-pw@127.0.0.1:1/db?connect_timeout=5", "connect"},
		{"no such schema", pgtest.WithParam(base, "search_path", "no_such_schema_here"), "no schema"},
		{"synchronous_commit off", pgtest.WithParam(pgtest.NewSchemaURL(t), "synchronous_commit", "off"), "synchronous_commit"},
	} {
		s, err := postgres.Open(ctx, tc.url)
		if err == nil {
			s.Close()
			t.Errorf("%s: Open succeeded", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "secret-pw") {
			t.Errorf("%s: Open = %v, want an error about %q without the password", tc.name, err, tc.want)
		}
	}
	// Open gives up when its context ends.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if s, err := postgres.Open(done, base); err == nil {
		s.Close()
		t.Error("Open with a canceled context succeeded")
	}
}

func TestAppendChecks(t *testing.T) {
	s := MustOpen(t, pgtest.NewSchemaURL(t))
	storetest.MustAppend(t, s, "b", storetest.Script(3), nil)
	ev := func(seqs ...uint64) []workshops.Event {
		var events []workshops.Event
		for _, seq := range seqs {
			events = append(events, workshops.Event{Seq: seq, OpID: "op", Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "n"}})
		}
		return events
	}
	withOpID := func(id string) []workshops.Event { e := ev(4); e[0].OpID = id; return e }
	withActor := func(actor string) []workshops.Event { e := ev(4); e[0].Actor = actor; return e }
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
		{"first seq taken", "b", ev(1), nil, workshops.ECONFLICT},
		{"NaN", "b", []workshops.Event{{Seq: 4, Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "n", X: &nan, Y: &nan}}}, nil, workshops.EINVALID},
		{"snapshot of another board", "b", ev(4), &workshops.Snapshot{BoardID: "other", Seq: 4, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot ahead of the events", "b", ev(4), &workshops.Snapshot{Seq: 5, State: []byte("{}")}, workshops.EINVALID},
		{"empty snapshot", "b", ev(4), &workshops.Snapshot{Seq: 4}, workshops.EINVALID},
		{"snapshot past MaxInt64", "b", nil, &workshops.Snapshot{Seq: math.MaxUint64, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot ahead of the log", "b", nil, &workshops.Snapshot{Seq: 4, State: []byte("{}")}, workshops.EINVALID},
		{"snapshot of an empty log", "new", nil, &workshops.Snapshot{Seq: 1, State: []byte("{}")}, workshops.EINVALID},
		// PostgreSQL's text holds neither NUL nor invalid UTF-8.
		{"NUL in the board ID", "b\x00", ev(1), nil, workshops.EINVALID},
		{"invalid UTF-8 in the board ID", "b\xff", ev(1), nil, workshops.EINVALID},
		{"NUL in an op ID", "b", withOpID("op\x00"), nil, workshops.EINVALID},
		{"invalid UTF-8 in an actor", "b", withActor("\xc3"), nil, workshops.EINVALID},
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
	// A snapshot without events at the board's seq, with an empty board ID,
	// and one of the empty board.
	storetest.MustAppend(t, s, "b", nil, &workshops.Snapshot{Seq: 3, State: []byte("{}")})
	if snap, err := s.LastSnapshot(t.Context(), "b"); err != nil || snap.BoardID != "b" || snap.Seq != 3 {
		t.Errorf("LastSnapshot = %+v, %v", snap, err)
	}
	storetest.MustAppend(t, s, "empty", nil, &workshops.Snapshot{Seq: 0, State: []byte("{}")})
	// A NUL in an op's text is JSON's \u0000, which the log keeps.
	text := "a\x00b"
	withNUL := []workshops.Event{{Seq: 4, OpID: "op-4", Actor: "a", Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n", Text: &text}}}
	storetest.MustAppend(t, s, "b", withNUL, nil)
	storetest.CheckEvents(t, storetest.MustEvents(t, s, "b", 3, 10), withNUL)
	// A session for a workshop that does not exist.
	err := s.CreateSession(t.Context(), storetest.NewSession("no-such-workshop", "t"))
	if workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("CreateSession for an unknown workshop = %v, want ENOTFOUND", err)
	}
	for _, id := range []string{"", "w\x00"} {
		if err := s.CreateWorkshop(t.Context(), storetest.NewWorkshop(id)); workshops.ErrorCode(err) != workshops.EINVALID {
			t.Errorf("CreateWorkshop(%q) = %v, want EINVALID", id, err)
		}
	}
}

// TestUnstorableKeys looks things up by keys PostgreSQL cannot hold, as a
// URL or a typed join code may bring: they are not found, not an error.
func TestUnstorableKeys(t *testing.T) {
	s := MustOpen(t, pgtest.NewSchemaURL(t))
	ctx := t.Context()
	for _, key := range []string{"\x00", "a\x00b", "\xff", "\xe2\x82"} {
		if _, err := s.Workshop(ctx, key); workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Errorf("Workshop(%q) = %v, want ENOTFOUND", key, err)
		}
		if _, err := s.WorkshopByJoinCode(ctx, key); workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Errorf("WorkshopByJoinCode(%q) = %v, want ENOTFOUND", key, err)
		}
		if err := s.CreateSession(ctx, storetest.NewSession(key, "t")); workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Errorf("CreateSession(workshop %q) = %v, want ENOTFOUND", key, err)
		}
		if got, err := s.Events(ctx, key, 0, 10); err != nil || got == nil || len(got) != 0 {
			t.Errorf("Events(%q) = %v, %v; want an empty log", key, got, err)
		}
		if _, err := s.LastSnapshot(ctx, key); workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Errorf("LastSnapshot(%q) = %v, want ENOTFOUND", key, err)
		}
	}
}

// TestTimes checks what becomes of times: kept to the microsecond, returned
// in UTC, from the year 1 on.
func TestTimes(t *testing.T) {
	s := MustOpen(t, pgtest.NewSchemaURL(t))
	for i, at := range []time.Time{
		{},
		time.Date(2025, time.March, 14, 9, 26, 53, 589_793_238, time.FixedZone("CET", 3600)),
		time.Date(9999, time.December, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1969, time.July, 20, 20, 17, 40, 123_456_789, time.FixedZone("", -4*3600)),
	} {
		w := storetest.NewWorkshop(fmt.Sprintf("w-%d", i))
		w.CreatedAt = at
		storetest.MustCreateWorkshop(t, s, w)
		got, err := s.Workshop(t.Context(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := at.Truncate(time.Microsecond); !got.CreatedAt.Equal(want) || got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt %v came back as %v, want %v in UTC", at, got.CreatedAt, want)
		}
	}
}

func TestCanceledContext(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	s := MustOpen(t, url)
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
	if err := s.CreateWorkshop(done, storetest.NewWorkshop("w")); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateWorkshop with a canceled context = %v", err)
	}

	// An Append held up by a lock, whose caller gives up: it returns the
	// context's error, stores all of its batch or none, and the store goes
	// on.
	events := storetest.Script(3)
	release := lockBoards(t, url)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if err := s.Append(ctx, "e", events, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Append whose context ended while it waited = %v", err)
	}
	release()
	if got := storetest.MustEvents(t, s, "e", 0, 10); len(got) != 0 {
		storetest.CheckEvents(t, got, events)
	} else {
		storetest.MustAppend(t, s, "e", events, nil)
	}
}

// lockBoards locks the boards table from another connection, so that every
// Append waits, until release is called (or the test ends).
func lockBoards(t *testing.T, url string) (release func()) {
	t.Helper()
	c := MustConnect(t, url)
	tx, err := c.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(t.Context(), `LOCK TABLE boards IN EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if err := tx.Commit(context.Background()); err != nil {
				t.Errorf("release the lock: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

// TestCloseFinishesWrites closes the store while Appends wait for a lock:
// Close waits for those that reached the database, the others get
// ErrClosed, and what Append acknowledged is stored.
func TestCloseFinishesWrites(t *testing.T) {
	url := pgtest.NewSchemaURL(t)
	s, err := postgres.Open(t.Context(), pgtest.WithParam(url, "pool_max_conns", "4"))
	if err != nil {
		t.Fatal(err)
	}
	admin := MustConnect(t, url)
	release := lockBoards(t, url)
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = s.Append(context.Background(), fmt.Sprintf("b-%d", i), storetest.Script(3), nil) })
	}
	// Wait until the group committer's connections (half the pool's 4)
	// all wait for the lock; the other Appends wait in its queue.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		waiting := mustQueryInt(t, admin, `SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'boards'::regclass`)
		if waiting == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d Appends wait for the lock, want 2", waiting)
		}
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while writes were in progress", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := s.Append(context.Background(), "late", storetest.Script(1), nil); !errors.Is(err, postgres.ErrClosed) {
		t.Errorf("Append while closing = %v, want ErrClosed", err)
	}
	release()
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()

	s = MustOpen(t, url)
	stored := 0
	for i, err := range errs {
		got := storetest.MustEvents(t, s, fmt.Sprintf("b-%d", i), 0, 10)
		switch {
		case err == nil:
			stored++
			storetest.CheckEvents(t, got, storetest.Script(3))
		case errors.Is(err, postgres.ErrClosed):
			if len(got) != 0 {
				t.Errorf("Append %d returned ErrClosed, and its board holds %d events", i, len(got))
			}
		default:
			t.Errorf("Append %d: %v, want nil or ErrClosed", i, err)
		}
	}
	// Those being written when Close began, and those queued behind them
	// (calls in progress too), are written; none is half stored.
	if stored < 2 {
		t.Errorf("%d Appends in progress at Close were stored, want at least the 2 being written", stored)
	}
	if got := storetest.MustEvents(t, s, "late", 0, 10); len(got) != 0 {
		t.Errorf("the Append refused while closing stored %d events", len(got))
	}
}

// TestClosed: every method of a closed store is EUNAVAILABLE, and is
// this package's ErrClosed.
func TestClosed(t *testing.T) {
	s, err := postgres.Open(t.Context(), pgtest.NewSchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	storetest.MustCreateWorkshop(t, s, storetest.NewWorkshop("w"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Workshop(t.Context(), "w"); !errors.Is(err, postgres.ErrClosed) {
		t.Errorf("Workshop after Close = %v, want ErrClosed", err)
	}
	storetest.CheckClosed(t, s)
}

func moveEvent(seq uint64) []workshops.Event {
	x, y := float64(seq%1000), 12.5
	return []workshops.Event{{Seq: seq, OpID: "op-" + strconv.FormatUint(seq, 10), Actor: "participant-1", At: 1_741_940_000_000 + int64(seq),
		Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "note-1", X: &x, Y: &y}}}
}

// BenchmarkAppend appends one event per call, one call at a time: each
// call waits for its own commit, a round trip and a WAL flush.
func BenchmarkAppend(b *testing.B) {
	s := MustOpen(b, pgtest.NewSchemaURL(b))
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
// each on its own board, through the pool's connections: PostgreSQL flushes
// the WAL of commits that arrive together at once.
func BenchmarkAppendParallel(b *testing.B) {
	s := MustOpen(b, pgtest.NewSchemaURL(b))
	var boards atomic.Int64
	b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
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
}
