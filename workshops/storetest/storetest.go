// Package storetest checks that an implementation of [workshops.Store] keeps
// the contract written on the interface, the way testing/slogtest checks a
// slog.Handler. Every store adapter runs the same suite from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) workshops.Store {
//			s, err := sqlite.Open(filepath.Join(t.TempDir(), "samskap.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// The package also holds what other tests need around a store: Must helpers
// that fail the test on error, a valid event log to replay ([Script]), and an
// in-memory Store to use as a fake ([MemStore]).
package storetest

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// Run runs the conformance suite against the stores that newStore returns,
// one subtest per behaviour, each with a fresh, empty store. newStore is
// called once per subtest, from that subtest's goroutine, one subtest at a
// time; it should register the store's Close with t.Cleanup.
//
// Besides what the Store documentation says, the suite assumes only what any
// caller does: a session's workshop is created before the session, and a
// board's log is written from seq 1 without gaps. One subtest writes a gap
// on purpose and skips itself when the store refuses it. Append with no
// events and a snapshot at a seq the log has reached must store the
// snapshot.
func Run(t *testing.T, newStore func(t *testing.T) workshops.Store) {
	for _, tc := range slices.Concat(suite, privacySuite, templateSuite) {
		t.Run(tc.name, func(t *testing.T) {
			tc.test(t, newStore(t))
		})
	}
}

var suite = []struct {
	name string
	test func(*testing.T, workshops.Store)
}{
	{"WorkshopRoundTrip", testWorkshopRoundTrip},
	{"WorkshopNotFound", testWorkshopNotFound},
	{"WorkshopConflict", testWorkshopConflict},
	{"WorkshopsNewestFirst", testWorkshopsNewestFirst},
	{"SessionRoundTrip", testSessionRoundTrip},
	{"SessionNotFound", testSessionNotFound},
	{"SessionConflict", testSessionConflict},
	{"AppendConsecutive", testAppendConsecutive},
	{"AppendConflictStoresNothing", testAppendConflictStoresNothing},
	{"AppendConflictAfterGap", testAppendConflictAfterGap},
	{"AppendWithSnapshot", testAppendWithSnapshot},
	{"AppendCopies", testAppendCopies},
	{"EventFieldsRoundTrip", testEventFieldsRoundTrip},
	{"EventsPaging", testEventsPaging},
	{"EventsUnknownBoard", testEventsUnknownBoard},
	{"BoardsApart", testBoardsApart},
	{"LastSnapshotHighestSeq", testLastSnapshotHighestSeq},
	{"LastSnapshotNotFound", testLastSnapshotNotFound},
	{"SnapshotConflict", testSnapshotConflict},
	{"ConcurrentAppends", testConcurrentAppends},
	{"LoadEqualsReplay", testLoadEqualsReplay},
	{"DeleteWorkshop", testDeleteWorkshop},
	{"ProcessRoundTrip", testProcessRoundTrip},
	{"ProcessesNewestFirst", testProcessesNewestFirst},
	{"ProcessPositions", testProcessPositions},
	{"ProcessFull", testProcessFull},
	{"MoveToProcess", testMoveToProcess},
	{"DeleteProcess", testDeleteProcess},
	{"ScheduleRoundTrip", testScheduleRoundTrip},
	{"ReorderProcess", testReorderProcess},
	{"RestoredPlace", testRestoredPlace},
}

// wantCode fails the test unless err carries the given code.
func wantCode(t *testing.T, err error, code, call string) {
	t.Helper()
	if got := workshops.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", call, err, got, code)
	}
}

// checkWorkshop compares workshops; the creation time needs to survive only
// to the millisecond, and in any time zone.
func checkWorkshop(t *testing.T, call string, got, want workshops.Workshop) {
	t.Helper()
	if got.ID != want.ID || got.Title != want.Title || got.Lang != want.Lang || got.Epoch != want.Epoch ||
		got.JoinCode != want.JoinCode || !bytes.Equal(got.FacilitatorKeyHash, want.FacilitatorKeyHash) || got.Schedule != want.Schedule {
		t.Errorf("%s = %+v, want %+v", call, got, want)
	}
	if d := got.CreatedAt.Sub(want.CreatedAt); d <= -time.Millisecond || d >= time.Millisecond {
		t.Errorf("%s: CreatedAt = %v, want %v (off by %v)", call, got.CreatedAt, want.CreatedAt, d)
	}
}

func checkSession(t *testing.T, call string, got, want workshops.Session) {
	t.Helper()
	if !bytes.Equal(got.TokenHash, want.TokenHash) || got.WorkshopID != want.WorkshopID ||
		got.ParticipantID != want.ParticipantID || got.Role != want.Role {
		t.Errorf("%s = %+v, want %+v", call, got, want)
	}
	if d := got.CreatedAt.Sub(want.CreatedAt); d <= -time.Millisecond || d >= time.Millisecond {
		t.Errorf("%s: CreatedAt = %v, want %v (off by %v)", call, got.CreatedAt, want.CreatedAt, d)
	}
}

func testWorkshopRoundTrip(t *testing.T, s workshops.Store) {
	w := NewWorkshop("w-1")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, NewWorkshop("w-2")) // a neighbour that must not be returned instead

	got, err := s.Workshop(t.Context(), w.ID)
	if err != nil {
		t.Fatalf("Workshop: %v", err)
	}
	checkWorkshop(t, "Workshop", got, w)

	got, err = s.WorkshopByJoinCode(t.Context(), w.JoinCode)
	if err != nil {
		t.Fatalf("WorkshopByJoinCode: %v", err)
	}
	checkWorkshop(t, "WorkshopByJoinCode", got, w)
}

func testWorkshopNotFound(t *testing.T, s workshops.Store) {
	check := func() {
		t.Helper()
		_, err := s.Workshop(t.Context(), "no-such-id")
		wantCode(t, err, workshops.ENOTFOUND, "Workshop")
		_, err = s.WorkshopByJoinCode(t.Context(), "NO-SUCH-CODE")
		wantCode(t, err, workshops.ENOTFOUND, "WorkshopByJoinCode")
	}
	check() // empty store
	w := NewWorkshop("w-1")
	MustCreateWorkshop(t, s, w)
	check()
	// One workshop's ID is not another's join code, nor the reverse.
	_, err := s.WorkshopByJoinCode(t.Context(), w.ID)
	wantCode(t, err, workshops.ENOTFOUND, "WorkshopByJoinCode(an ID)")
	_, err = s.Workshop(t.Context(), w.JoinCode)
	wantCode(t, err, workshops.ENOTFOUND, "Workshop(a join code)")
}

func testWorkshopConflict(t *testing.T, s workshops.Store) {
	w := NewWorkshop("w-1")
	MustCreateWorkshop(t, s, w)

	sameID := NewWorkshop("w-1")
	sameID.JoinCode, sameID.Title = "OTHER-CODE", "Another"
	wantCode(t, s.CreateWorkshop(t.Context(), sameID), workshops.ECONFLICT, "CreateWorkshop(same ID)")
	_, err := s.WorkshopByJoinCode(t.Context(), sameID.JoinCode)
	wantCode(t, err, workshops.ENOTFOUND, "WorkshopByJoinCode(code of the refused workshop)")

	sameCode := NewWorkshop("w-2")
	sameCode.JoinCode = w.JoinCode
	wantCode(t, s.CreateWorkshop(t.Context(), sameCode), workshops.ECONFLICT, "CreateWorkshop(same join code)")
	_, err = s.Workshop(t.Context(), sameCode.ID)
	wantCode(t, err, workshops.ENOTFOUND, "Workshop(ID of the refused workshop)")

	got, err := s.Workshop(t.Context(), w.ID)
	if err != nil {
		t.Fatalf("Workshop: %v", err)
	}
	checkWorkshop(t, "Workshop after the refused ones", got, w)
	list, err := s.Workshops(t.Context())
	if err != nil {
		t.Fatalf("Workshops: %v", err)
	}
	if len(list) != 1 {
		t.Errorf("Workshops returned %d workshops, want 1", len(list))
	}
}

func testWorkshopsNewestFirst(t *testing.T, s workshops.Store) {
	list, err := s.Workshops(t.Context())
	if err != nil {
		t.Fatalf("Workshops on an empty store: %v", err)
	}
	if len(list) != 0 {
		t.Fatalf("Workshops on an empty store returned %d workshops", len(list))
	}

	base := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	// Created out of time order, and one a few milliseconds from another,
	// so that neither insertion order nor a coarse clock gives the answer.
	offsets := []time.Duration{2 * time.Hour, 0, 5 * time.Millisecond, -24 * time.Hour, time.Hour}
	var want []workshops.Workshop
	for i, d := range offsets {
		w := NewWorkshop(fmt.Sprintf("w-%d", i))
		w.CreatedAt = base.Add(d)
		MustCreateWorkshop(t, s, w)
		want = append(want, w)
	}
	slices.SortFunc(want, func(a, b workshops.Workshop) int { return b.CreatedAt.Compare(a.CreatedAt) })

	list, err = s.Workshops(t.Context())
	if err != nil {
		t.Fatalf("Workshops: %v", err)
	}
	if len(list) != len(want) {
		t.Fatalf("Workshops returned %d workshops, want %d", len(list), len(want))
	}
	for i := range want {
		checkWorkshop(t, fmt.Sprintf("Workshops()[%d]", i), list[i], want[i])
	}
}

func testSessionRoundTrip(t *testing.T, s workshops.Store) {
	MustCreateWorkshop(t, s, NewWorkshop("w-1"))
	a := NewSession("w-1", "token-a")
	b := NewSession("w-1", "token-b")
	b.Role, b.ParticipantID = workshops.RoleFacilitator, "Ærlig-1"
	b.CreatedAt = time.Date(2025, time.March, 14, 11, 0, 0, 7_000_000, time.FixedZone("", -5*3600))
	MustCreateSession(t, s, a)
	MustCreateSession(t, s, b)
	for _, want := range []workshops.Session{a, b} {
		got, err := s.Session(t.Context(), want.TokenHash)
		if err != nil {
			t.Fatalf("Session: %v", err)
		}
		checkSession(t, "Session", got, want)
	}
}

func testSessionNotFound(t *testing.T, s workshops.Store) {
	MustCreateWorkshop(t, s, NewWorkshop("w-1"))
	known := NewSession("w-1", "token-a")
	unknown := NewSession("w-1", "token-b")
	_, err := s.Session(t.Context(), unknown.TokenHash)
	wantCode(t, err, workshops.ENOTFOUND, "Session on an empty store")
	MustCreateSession(t, s, known)
	_, err = s.Session(t.Context(), unknown.TokenHash)
	wantCode(t, err, workshops.ENOTFOUND, "Session")
	_, err = s.Session(t.Context(), known.TokenHash[:16])
	wantCode(t, err, workshops.ENOTFOUND, "Session(a prefix of a known hash)")
}

func testSessionConflict(t *testing.T, s workshops.Store) {
	MustCreateWorkshop(t, s, NewWorkshop("w-1"))
	MustCreateWorkshop(t, s, NewWorkshop("w-2"))
	a := NewSession("w-1", "token-a")
	MustCreateSession(t, s, a)
	again := NewSession("w-2", "token-a") // same token hash, another workshop
	again.Role = workshops.RoleFacilitator
	wantCode(t, s.CreateSession(t.Context(), again), workshops.ECONFLICT, "CreateSession(same token hash)")
	got, err := s.Session(t.Context(), a.TokenHash)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	checkSession(t, "Session after the refused one", got, a)
}

func testAppendConsecutive(t *testing.T, s workshops.Store) {
	events := Script(12)
	MustAppend(t, s, "b-1", events[:1], nil)
	MustAppend(t, s, "b-1", events[1:5], nil)
	MustAppend(t, s, "b-1", events[5:6], nil)
	MustAppend(t, s, "b-1", events[6:], nil)
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
}

// otherEvents returns events with the given seqs that differ in every field
// from Script's, so that a store which overwrote a stored event shows it.
func otherEvents(seqs ...uint64) []workshops.Event {
	var events []workshops.Event
	for _, seq := range seqs {
		events = append(events, workshops.Event{Seq: seq, OpID: fmt.Sprintf("other-%d", seq), Actor: "intruder", At: 42,
			Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "note-x"}})
	}
	return events
}

func testAppendConflictStoresNothing(t *testing.T, s workshops.Store) {
	events := Script(5)
	MustAppend(t, s, "b-1", events[:3], MustSnapshot(t, MustReplay(t, "b-1", "B", events[:3])))
	MustAppend(t, s, "b-1", events[3:], nil)
	snap, err := s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}

	for _, tc := range []struct {
		name string
		seqs []uint64
		snap bool
	}{
		{"first seq again", []uint64{1}, false},
		{"last seq again", []uint64{5}, false},
		{"a stored range", []uint64{2, 3, 4}, false},
		{"overlapping the end", []uint64{5, 6, 7}, true},
		{"covering everything and more", []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true},
	} {
		batch := otherEvents(tc.seqs...)
		var bad *workshops.Snapshot
		if tc.snap {
			last := tc.seqs[len(tc.seqs)-1]
			bad = &workshops.Snapshot{BoardID: "b-1", Seq: last, State: []byte(`{"from":"a refused batch"}`)}
		}
		err := s.Append(t.Context(), "b-1", batch, bad)
		wantCode(t, err, workshops.ECONFLICT, "Append("+tc.name+")")
		CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
		got, err := s.LastSnapshot(t.Context(), "b-1")
		if err != nil {
			t.Fatalf("LastSnapshot: %v", err)
		}
		CheckSnapshot(t, got, snap)
	}

	// The refused batches left the free seqs free.
	next := Script(7)[5:]
	MustAppend(t, s, "b-1", next, nil)
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), Script(7))
}

func testAppendConflictAfterGap(t *testing.T, s workshops.Store) {
	events := Script(3)
	MustAppend(t, s, "b-1", events, nil)
	later := otherEvents(6, 7)
	if err := s.Append(t.Context(), "b-1", later, nil); err != nil {
		t.Skipf("the store refuses a log with a gap (%v), so only a batch's first seq can be taken", err)
	}
	// Seq 6 is taken, 4 and 5 are free: the batch is refused whole.
	bad := &workshops.Snapshot{BoardID: "b-1", Seq: 6, State: []byte(`{}`)}
	wantCode(t, s.Append(t.Context(), "b-1", Script(6)[3:], bad), workshops.ECONFLICT, "Append(4-6)")
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), append(slices.Clone(events), later...))
	_, err := s.LastSnapshot(t.Context(), "b-1")
	wantCode(t, err, workshops.ENOTFOUND, "LastSnapshot after the refused batch")
}

func testAppendWithSnapshot(t *testing.T, s workshops.Store) {
	events := Script(40)
	board := MustReplay(t, "b-1", "Board", events[:30])
	snap := MustSnapshot(t, board)
	MustAppend(t, s, "b-1", events[:30], snap)
	got, err := s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	CheckSnapshot(t, got, *snap)
	MustAppend(t, s, "b-1", events[30:], nil)
	got, err = s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot after events without one: %v", err)
	}
	CheckSnapshot(t, got, *snap)
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
}

func testAppendCopies(t *testing.T, s workshops.Store) {
	text := "original"
	events := []workshops.Event{{Seq: 1, OpID: "op-1", Actor: "p-1", At: 1,
		Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n-1", Text: &text}}}
	state := []byte(`{"seq":1}`)
	MustAppend(t, s, "b-1", events, &workshops.Snapshot{BoardID: "b-1", Seq: 1, State: state})
	// The caller reuses its memory after Append returns.
	text = "changed"
	events[0].OpID = "changed"
	state[2] = 'X'

	want := []workshops.Event{{Seq: 1, OpID: "op-1", Actor: "p-1", At: 1,
		Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n-1", Text: ptr("original")}}}
	got := MustEvents(t, s, "b-1", 0, 10)
	CheckEvents(t, got, want)
	// A reader may change what it was given.
	*got[0].Op.Text = "mutated"
	got[0].Actor = "mutated"
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 10), want)

	snap, err := s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	wantSnap := workshops.Snapshot{BoardID: "b-1", Seq: 1, State: []byte(`{"seq":1}`)}
	CheckSnapshot(t, snap, wantSnap)
	snap.State[2] = 'Y'
	snap, err = s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	CheckSnapshot(t, snap, wantSnap)
}

// fieldEvents are events that together set every field of Event and Op to
// values a careless encoding loses: pointers to zero values, numbers at the
// edges of float64 and int64, text in many scripts and with characters that
// need escaping. They need not apply to a board; the store keeps them as is.
func fieldEvents() []workshops.Event {
	text := "Blåbær 🫐 «sitat» – ŋ čá Ελληνικά 日本語 עברית e\u0301 \"quote\" \\ </script> &amp; \t tab\r\nnew line \u2028"
	return []workshops.Event{
		{Seq: 1, OpID: "op-1", Actor: "", At: 1_741_940_000_123, Op: workshops.Op{Kind: workshops.OpParticipantJoin,
			Participant: &workshops.Participant{ID: "p-1", Name: "Åse Ødegård 🦊", Role: workshops.RoleFacilitator, JoinedAt: 1_741_940_000_000}}},
		{Seq: 2, OpID: "2b8e6c1e-5c1d-4a63-9f0e-3b2a1c0d9e8f", Actor: "p-1", At: 0, Op: workshops.Op{Kind: workshops.OpNoteCreate,
			Note: "n-1", Text: ptr(text), Color: ptr(workshops.ColorPurple), X: ptr(-12.5), Y: ptr(1e-9), W: ptr(180.0), H: ptr(140.25)}},
		{Seq: 3, OpID: "op_3", Actor: "p-1", At: math.MaxInt64, Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n-1", Text: ptr("")}},
		{Seq: 4, OpID: "op-4", Actor: "p-1", At: -1, Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "n-1", X: ptr(0.0), Y: ptr(0.0)}},
		{Seq: 5, OpID: "op-5", Actor: "p-1", At: 5, Op: workshops.Op{Kind: workshops.OpNoteResize, Note: "n-1",
			W: ptr(math.MaxFloat64), H: ptr(math.SmallestNonzeroFloat64)}},
		{Seq: 6, OpID: "op-6", Actor: "p-1", At: 6, Op: workshops.Op{Kind: workshops.OpNoteRecolor, Note: "n-1", Color: ptr(workshops.Color(""))}},
		{Seq: 7, OpID: "op-7", Actor: "p-1", At: 7, Op: workshops.Op{Kind: workshops.OpBoardRename, Title: ptr("Ny tittel – " + text)}},
		{Seq: 8, OpID: "op-8", Actor: "p-1", At: 8, Op: workshops.Op{Kind: workshops.OpNoteDelete, Note: "n-1"}},
		{Seq: 9, OpID: "op-9", Actor: "", At: 9, Op: workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{}}},
		// A kind from a later version, with every field set: the log keeps
		// what it was given.
		{Seq: 10, OpID: "op-10", Actor: "ünïcödé-actor", At: 10, Op: workshops.Op{Kind: "vote.cast", Note: "n-2",
			Text: ptr("t"), Color: ptr(workshops.ColorBlue), X: ptr(-100000.0), Y: ptr(100000.0), W: ptr(0.1), H: ptr(1.0 / 3),
			Title: ptr("x"), Participant: &workshops.Participant{ID: "p-2", Name: "n", Role: workshops.RoleObserver, JoinedAt: -5}}},
	}
}

func testEventFieldsRoundTrip(t *testing.T, s workshops.Store) {
	events := fieldEvents()
	MustAppend(t, s, "b-1", events[:1], nil)
	MustAppend(t, s, "b-1", events[1:], nil)
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
	CheckEvents(t, MustEvents(t, s, "b-1", 4, 3), events[4:7])
}

func testEventsPaging(t *testing.T, s workshops.Store) {
	events := Script(25)
	for i := 0; i < len(events); i += 4 {
		MustAppend(t, s, "b-1", events[i:min(i+4, len(events))], nil)
	}
	for _, tc := range []struct {
		after      uint64
		limit      int
		start, end int // want events[start:end]
	}{
		{0, 100, 0, 25},
		{0, 25, 0, 25},
		{0, 10, 0, 10},
		{10, 10, 10, 20},
		{20, 10, 20, 25},
		{0, 1, 0, 1},
		{24, 1, 24, 25},
		{24, 100, 24, 25},
		{25, 10, 25, 25},
		{1000, 10, 25, 25},
		{math.MaxUint64, 10, 25, 25},
	} {
		got := MustEvents(t, s, "b-1", tc.after, tc.limit)
		if len(got) != tc.end-tc.start {
			t.Errorf("Events(after %d, limit %d) returned %d events, want %d", tc.after, tc.limit, len(got), tc.end-tc.start)
			continue
		}
		CheckEvents(t, got, events[tc.start:tc.end])
	}

	// Paging the way Load does gets every event once, in order.
	var all []workshops.Event
	for after := uint64(0); ; {
		page := MustEvents(t, s, "b-1", after, 7)
		all = append(all, page...)
		if len(page) < 7 {
			break
		}
		after = page[len(page)-1].Seq
	}
	CheckEvents(t, all, events)
}

func testEventsUnknownBoard(t *testing.T, s workshops.Store) {
	// workshops.Load relies on this: a board nobody wrote to has no events,
	// which is not an error.
	if got := MustEvents(t, s, "nobody-wrote-here", 0, 10); len(got) != 0 {
		t.Errorf("Events of an unknown board returned %d events", len(got))
	}
	MustAppend(t, s, "b-1", Script(3), nil)
	if got := MustEvents(t, s, "nobody-wrote-here", 0, 10); len(got) != 0 {
		t.Errorf("Events of an unknown board returned %d events", len(got))
	}
}

func testBoardsApart(t *testing.T, s workshops.Store) {
	a, b := Script(30), otherEvents(seqs(1, 20)...)
	// Interleave the boards' writes, with the same seqs on both.
	for i := 0; i < 30; i += 5 {
		MustAppend(t, s, "board-a", a[i:i+5], nil)
		if i < 20 {
			MustAppend(t, s, "board-b", b[i:i+5], &workshops.Snapshot{BoardID: "board-b", Seq: uint64(i + 5), State: []byte(`"b"`)})
		}
	}
	// IDs that share a prefix, or differ only in case, are other boards.
	MustAppend(t, s, "board-a-2", otherEvents(1), nil)
	MustAppend(t, s, "Board-A", otherEvents(1, 2), nil)

	CheckEvents(t, MustEvents(t, s, "board-a", 0, 100), a)
	CheckEvents(t, MustEvents(t, s, "board-b", 0, 100), b)
	CheckEvents(t, MustEvents(t, s, "board-a", 10, 5), a[10:15])
	CheckEvents(t, MustEvents(t, s, "board-a-2", 0, 100), otherEvents(1))
	CheckEvents(t, MustEvents(t, s, "Board-A", 0, 100), otherEvents(1, 2))
	if got := MustEvents(t, s, "board", 0, 100); len(got) != 0 {
		t.Errorf("Events of board %q returned %d events", "board", len(got))
	}
	_, err := s.LastSnapshot(t.Context(), "board-a")
	wantCode(t, err, workshops.ENOTFOUND, "LastSnapshot(board-a)")
	snap, err := s.LastSnapshot(t.Context(), "board-b")
	if err != nil {
		t.Fatalf("LastSnapshot(board-b): %v", err)
	}
	CheckSnapshot(t, snap, workshops.Snapshot{BoardID: "board-b", Seq: 20, State: []byte(`"b"`)})
}

func seqs(from, to uint64) []uint64 {
	var s []uint64
	for seq := from; seq <= to; seq++ {
		s = append(s, seq)
	}
	return s
}

func testLastSnapshotHighestSeq(t *testing.T, s workshops.Store) {
	events := Script(9)
	snap := func(n int) *workshops.Snapshot { return MustSnapshot(t, MustReplay(t, "b-1", "B", events[:n])) }
	MustAppend(t, s, "b-1", events[:2], snap(2))
	MustAppend(t, s, "b-1", events[2:6], snap(6))
	MustAppend(t, s, "b-1", events[6:], nil)
	// A snapshot written later at a lower seq does not win.
	MustAppend(t, s, "b-1", nil, snap(4))
	got, err := s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	CheckSnapshot(t, got, *snap(6))
	// Nor does one written alone at a higher seq lose.
	MustAppend(t, s, "b-1", nil, snap(9))
	got, err = s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	CheckSnapshot(t, got, *snap(9))
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
}

func testLastSnapshotNotFound(t *testing.T, s workshops.Store) {
	_, err := s.LastSnapshot(t.Context(), "b-1")
	wantCode(t, err, workshops.ENOTFOUND, "LastSnapshot on an empty store")
	MustAppend(t, s, "b-1", Script(3), nil)
	_, err = s.LastSnapshot(t.Context(), "b-1")
	wantCode(t, err, workshops.ENOTFOUND, "LastSnapshot of a board without snapshots")
}

func testSnapshotConflict(t *testing.T, s workshops.Store) {
	events := Script(4)
	first := MustSnapshot(t, MustReplay(t, "b-1", "B", events))
	MustAppend(t, s, "b-1", events, first)
	again := &workshops.Snapshot{BoardID: "b-1", Seq: 4, State: []byte(`{"other":true}`)}
	wantCode(t, s.Append(t.Context(), "b-1", nil, again), workshops.ECONFLICT, "Append(a snapshot at a seq that has one)")
	// With new events: the snapshot is refused, so the events are too.
	wantCode(t, s.Append(t.Context(), "b-1", Script(6)[4:], again), workshops.ECONFLICT, "Append(new events, a snapshot at a seq that has one)")
	CheckEvents(t, MustEvents(t, s, "b-1", 0, 100), events)
	got, err := s.LastSnapshot(t.Context(), "b-1")
	if err != nil {
		t.Fatalf("LastSnapshot: %v", err)
	}
	CheckSnapshot(t, got, *first)
}

// testConcurrentAppends has several writers per board race for every seq, the
// way nodes race for a board's next seq, while readers watch the logs. Run it
// with -race. Each seq must go to exactly one writer, the one told nil, and a
// reader must never see a log that is not a prefix of the final one.
func testConcurrentAppends(t *testing.T, s workshops.Store) {
	const (
		boards  = 8
		writers = 4
		perLog  = 25
	)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		winners = map[string]map[uint64]string{} // board -> seq -> OpID told nil
		done    = make(chan struct{})
	)
	board := func(i int) string { return fmt.Sprintf("board-%d", i) }
	for b := range boards {
		winners[board(b)] = map[uint64]string{}
	}
	for b := range boards {
		for w := range writers {
			wg.Go(func() {
				for seq := uint64(1); seq <= perLog; seq++ {
					e := workshops.Event{Seq: seq, OpID: fmt.Sprintf("w%d-%d", w, seq), Actor: fmt.Sprintf("w%d", w), At: int64(seq),
						Op: workshops.Op{Kind: workshops.OpNoteMove, Note: "n", X: ptr(float64(w)), Y: ptr(float64(seq))}}
					// Half the writers send a snapshot with every event.
					var snap *workshops.Snapshot
					if w%2 == 1 {
						snap = &workshops.Snapshot{BoardID: board(b), Seq: seq, State: fmt.Appendf(nil, `{"w":%d}`, w)}
					}
					err := s.Append(t.Context(), board(b), []workshops.Event{e}, snap)
					switch workshops.ErrorCode(err) {
					case "":
						mu.Lock()
						if prev, ok := winners[board(b)][seq]; ok {
							t.Errorf("%s seq %d acknowledged to %s and to %s", board(b), seq, prev, e.OpID)
						}
						winners[board(b)][seq] = e.OpID
						mu.Unlock()
						// Acknowledged means readable.
						got, err := s.Events(t.Context(), board(b), seq-1, 1)
						if err != nil || len(got) != 1 || got[0].OpID != e.OpID {
							t.Errorf("%s seq %d: acknowledged, then Events = %v, %v", board(b), seq, got, err)
						}
					case workshops.ECONFLICT:
					default:
						t.Errorf("Append(%s seq %d): %v", board(b), seq, err)
						return
					}
				}
			})
		}
	}
	var readers sync.WaitGroup
	for b := range boards {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				got, err := s.Events(t.Context(), board(b), 0, 1000)
				if err != nil {
					t.Errorf("Events(%s) during appends: %v", board(b), err)
					return
				}
				for i, e := range got {
					if e.Seq != uint64(i+1) {
						t.Errorf("Events(%s) during appends: event %d has seq %d", board(b), i, e.Seq)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()

	for b := range boards {
		got := MustEvents(t, s, board(b), 0, 1000)
		if len(got) != perLog {
			t.Errorf("%s holds %d events, want %d", board(b), len(got), perLog)
		}
		for i, e := range got {
			if e.Seq != uint64(i+1) {
				t.Errorf("%s: event %d has seq %d", board(b), i, e.Seq)
			}
			if want := winners[board(b)][e.Seq]; e.OpID != want {
				t.Errorf("%s seq %d holds %s, but %q was acknowledged", board(b), e.Seq, e.OpID, want)
			}
		}
		// The last snapshot, if any, came with the winner of its seq.
		snap, err := s.LastSnapshot(t.Context(), board(b))
		switch {
		case workshops.ErrorCode(err) == workshops.ENOTFOUND:
		case err != nil:
			t.Errorf("LastSnapshot(%s): %v", board(b), err)
		default:
			var w int
			if _, err := fmt.Sscanf(string(snap.State), `{"w":%d}`, &w); err != nil {
				t.Errorf("%s: snapshot state %q", board(b), snap.State)
			} else if want := fmt.Sprintf("w%d-%d", w, snap.Seq); winners[board(b)][snap.Seq] != want {
				t.Errorf("%s: snapshot at seq %d is from %s, but %s won that seq", board(b), snap.Seq, want, winners[board(b)][snap.Seq])
			}
		}
	}
}

func testLoadEqualsReplay(t *testing.T, s workshops.Store) {
	// More events than Load reads in one page (1000), so it pages.
	events := Script(2600)
	want := MustReplay(t, "b", "Verkstad", events)

	if got := MustLoad(t, s, "empty", "Tom"); got.Hash() != workshops.NewBoard("empty", "Tom").Hash() {
		t.Errorf("Load of a board without events is not the empty board")
	}

	// Logs only.
	for i, size := 0, 1; i < len(events); i, size = i+size, size*3%97+1 {
		MustAppend(t, s, "b", events[i:min(i+size, len(events))], nil)
	}
	if got := MustLoad(t, s, "b", "Verkstad"); got.Hash() != want.Hash() {
		t.Errorf("Load from events differs from replaying them: seq %d, want %d", got.Seq, want.Seq)
	}

	// With snapshots along the way, taken by the writer as a hub would.
	live := workshops.NewBoard("b2", "Verkstad")
	taken := 0
	for i, size := 0, 1; i < len(events); i, size = i+size, size*3%97+1 {
		batch := events[i:min(i+size, len(events))]
		for _, e := range batch {
			if err := workshops.Apply(live, e); err != nil {
				t.Fatal(err)
			}
		}
		var snap *workshops.Snapshot
		if live.Seq/700 > uint64(taken) {
			snap, taken = MustSnapshot(t, live), int(live.Seq/700)
		}
		MustAppend(t, s, "b2", batch, snap)
		// Load at some points midway too.
		if i%5 == 0 {
			if got := MustLoad(t, s, "b2", "Verkstad"); got.Hash() != live.Hash() {
				t.Fatalf("Load at seq %d differs from replay", live.Seq)
			}
		}
	}
	if taken == 0 {
		t.Fatal("the test took no snapshot")
	}
	want = MustReplay(t, "b2", "Verkstad", events)
	if got := MustLoad(t, s, "b2", "Verkstad"); got.Hash() != want.Hash() {
		t.Errorf("Load from snapshot and events differs from replaying them: seq %d, want %d", got.Seq, want.Seq)
	}
	// Load for "b2" did not need events before the last snapshot; they are
	// still in the log.
	CheckEvents(t, MustEvents(t, s, "b2", 0, 3000), events)
}

// testDeleteWorkshop: deleting a workshop leaves nothing of it to read,
// and nothing of its neighbour is touched.
func testDeleteWorkshop(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	gone, kept := NewWorkshop("w-gone"), NewWorkshop("w-kept")
	MustCreateWorkshop(t, s, gone)
	MustCreateWorkshop(t, s, kept)
	for _, w := range []workshops.Workshop{gone, kept} {
		MustCreateSession(t, s, NewSession(w.ID, "token-"+w.ID))
		events := Script(5)
		b := MustReplay(t, w.ID, w.Title, events)
		MustAppend(t, s, w.ID, events, &workshops.Snapshot{BoardID: w.ID, Seq: 5, State: MustSnapshot(t, b).State})
	}
	if err := s.DeleteWorkshop(ctx, gone.ID); err != nil {
		t.Fatalf("DeleteWorkshop: %v", err)
	}
	if _, err := s.Workshop(ctx, gone.ID); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("Workshop after delete: %v", err)
	}
	if _, err := s.WorkshopByJoinCode(ctx, gone.JoinCode); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("WorkshopByJoinCode after delete: %v", err)
	}
	if _, err := s.Session(ctx, NewSession(gone.ID, "token-"+gone.ID).TokenHash); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("Session after delete: %v", err)
	}
	if events := MustEvents(t, s, gone.ID, 0, 100); len(events) != 0 {
		t.Errorf("%d events remain after delete", len(events))
	}
	if _, err := s.LastSnapshot(ctx, gone.ID); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("LastSnapshot after delete: %v", err)
	}
	if err := s.DeleteWorkshop(ctx, gone.ID); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("deleting twice: %v, want not_found", err)
	}
	// The neighbour is whole.
	if _, err := s.Workshop(ctx, kept.ID); err != nil {
		t.Errorf("the other workshop: %v", err)
	}
	if _, err := s.Session(ctx, NewSession(kept.ID, "token-"+kept.ID).TokenHash); err != nil {
		t.Errorf("the other workshop's session: %v", err)
	}
	if events := MustEvents(t, s, kept.ID, 0, 100); len(events) != 5 {
		t.Errorf("the other workshop has %d events, want 5", len(events))
	}
	// The ID may be used again, from seq 1.
	MustCreateWorkshop(t, s, gone)
	MustAppend(t, s, gone.ID, Script(1), nil)
}
