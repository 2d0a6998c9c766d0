package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// NewProcess returns a process with the given ID and every field set, its
// creation time with nanoseconds in a zone that is not UTC.
func NewProcess(id string) workshops.Process {
	return workshops.Process{
		ID:           id,
		Title:        "Prosessen «" + id + "» – Båtsfjord",
		Municipality: "Båtsfjord",
		CreatedAt:    time.Date(2025, time.March, 1, 8, 0, 0, 141_592_653, time.FixedZone("CET", 3600)),
	}
}

// MustCreateProcess stores p and fails the test if that fails.
func MustCreateProcess(tb testing.TB, s workshops.Store, p workshops.Process) {
	tb.Helper()
	if err := s.CreateProcess(tb.Context(), p); err != nil {
		tb.Fatalf("CreateProcess(%q): %v", p.ID, err)
	}
}

func checkProcess(t *testing.T, call string, got, want workshops.Process) {
	t.Helper()
	if got.ID != want.ID || got.Title != want.Title || got.Municipality != want.Municipality {
		t.Errorf("%s = %+v, want %+v", call, got, want)
	}
	if d := got.CreatedAt.Sub(want.CreatedAt); d <= -time.Millisecond || d >= time.Millisecond {
		t.Errorf("%s: CreatedAt = %v, want %v (off by %v)", call, got.CreatedAt, want.CreatedAt, d)
	}
}

// membership returns "process/pos" of the workshop as stored.
func membership(t *testing.T, s workshops.Store, id string) string {
	t.Helper()
	w, err := s.Workshop(t.Context(), id)
	if err != nil {
		t.Fatalf("Workshop(%q): %v", id, err)
	}
	return fmt.Sprintf("%s/%d", w.Process, w.ProcessPos)
}

func testProcessRoundTrip(t *testing.T, s workshops.Store) {
	p := NewProcess("p-1")
	MustCreateProcess(t, s, p)
	MustCreateProcess(t, s, NewProcess("p-2"))
	got, err := s.Process(t.Context(), p.ID)
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	checkProcess(t, "Process", got, p)

	_, err = s.Process(t.Context(), "nope")
	wantCode(t, err, workshops.ENOTFOUND, "Process(unknown)")
	wantCode(t, s.CreateProcess(t.Context(), NewProcess("p-1")), workshops.ECONFLICT, "CreateProcess(same ID)")
	wantCode(t, s.CreateProcess(t.Context(), workshops.Process{Title: "x"}), workshops.EINVALID, "CreateProcess(no ID)")
	got, _ = s.Process(t.Context(), p.ID)
	checkProcess(t, "Process after a refused create", got, p)

	// A workshop created outside any process stays outside.
	MustCreateWorkshop(t, s, NewWorkshop("w-alone"))
	if m := membership(t, s, "w-alone"); m != "/0" {
		t.Errorf("a workshop without a process is in %q", m)
	}
	// A workshop in a process that does not exist is refused, and not stored.
	w := NewWorkshop("w-lost")
	w.Process = "nope"
	wantCode(t, s.CreateWorkshop(t.Context(), w), workshops.ENOTFOUND, "CreateWorkshop(unknown process)")
	_, err = s.Workshop(t.Context(), "w-lost")
	wantCode(t, err, workshops.ENOTFOUND, "Workshop(refused)")
}

func testProcessesNewestFirst(t *testing.T, s workshops.Store) {
	list, err := s.Processes(t.Context())
	if err != nil || list == nil || len(list) != 0 {
		t.Fatalf("Processes on an empty store = %v, %v; want an empty list", list, err)
	}
	base := NewProcess("x").CreatedAt
	for i, id := range []string{"old", "same-1", "same-2", "new"} {
		p := NewProcess(id)
		p.CreatedAt = base.Add(time.Duration(min(i, 1)+max(i-2, 0)) * time.Hour)
		MustCreateProcess(t, s, p)
	}
	list, err = s.Processes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	if want := []string{"new", "same-2", "same-1", "old"}; !slices.Equal(ids, want) {
		t.Errorf("Processes = %v, want %v", ids, want)
	}
	checkProcess(t, "Processes[0]", list[0], func() workshops.Process {
		p := NewProcess("new")
		p.CreatedAt = base.Add(2 * time.Hour)
		return p
	}())
}

func testProcessPositions(t *testing.T, s workshops.Store) {
	MustCreateProcess(t, s, NewProcess("p"))
	MustCreateProcess(t, s, NewProcess("q"))
	for _, id := range []string{"w-1", "w-2", "w-3"} {
		w := NewWorkshop(id)
		w.Process = "p" // the store decides the place
		MustCreateWorkshop(t, s, w)
	}
	wq := NewWorkshop("w-q")
	wq.Process = "q"
	MustCreateWorkshop(t, s, wq)
	for id, want := range map[string]string{"w-1": "p/1", "w-2": "p/2", "w-3": "p/3", "w-q": "q/1"} {
		if got := membership(t, s, id); got != want {
			t.Errorf("%s is at %s, want %s", id, got, want)
		}
	}
	list, err := s.Workshops(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range list {
		if w.ID == "w-2" && (w.Process != "p" || w.ProcessPos != 2) {
			t.Errorf("Workshops lists w-2 at %s/%d, want p/2", w.Process, w.ProcessPos)
		}
	}
	// A deleted workshop's place stays free: the next one comes after.
	if err := s.DeleteWorkshop(t.Context(), "w-3"); err != nil {
		t.Fatal(err)
	}
	w := NewWorkshop("w-4")
	w.Process = "p"
	MustCreateWorkshop(t, s, w)
	if got := membership(t, s, "w-4"); got != "p/3" && got != "p/4" {
		t.Errorf("after deleting the last, the next is at %s, want p/3 or p/4", got)
	}

	// Workshops created in one process at once all get places of their own.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := NewWorkshop(fmt.Sprintf("c-%d", i))
			w.Process = "q"
			errs <- s.CreateWorkshop(t.Context(), w)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent CreateWorkshop: %v", err)
		}
	}
	seen := map[int]string{}
	for i := range 8 {
		id := fmt.Sprintf("c-%d", i)
		got, err := s.Workshop(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Process != "q" || got.ProcessPos < 2 {
			t.Errorf("%s is at %s/%d, want q/2 or later", id, got.Process, got.ProcessPos)
		}
		if other, dup := seen[got.ProcessPos]; dup {
			t.Errorf("%s and %s share place %d", id, other, got.ProcessPos)
		}
		seen[got.ProcessPos] = id
	}
}

func testMoveToProcess(t *testing.T, s workshops.Store) {
	MustCreateProcess(t, s, NewProcess("p"))
	MustCreateProcess(t, s, NewProcess("q"))
	in := NewWorkshop("w-in")
	in.Process = "p"
	MustCreateWorkshop(t, s, in)
	MustCreateWorkshop(t, s, NewWorkshop("w-out"))

	w, err := s.MoveToProcess(t.Context(), "w-out", "p")
	if err != nil {
		t.Fatalf("MoveToProcess: %v", err)
	}
	if w.ID != "w-out" || w.Process != "p" || w.ProcessPos != 2 {
		t.Errorf("MoveToProcess returned %s at %s/%d, want w-out at p/2", w.ID, w.Process, w.ProcessPos)
	}
	checkWorkshop(t, "MoveToProcess", w, NewWorkshop("w-out"))
	if got := membership(t, s, "w-out"); got != "p/2" {
		t.Errorf("stored at %s, want p/2", got)
	}
	// Moving into the process it is in changes nothing.
	if w, err = s.MoveToProcess(t.Context(), "w-in", "p"); err != nil || w.ProcessPos != 1 {
		t.Errorf("MoveToProcess(same process) = %s/%d, %v; want p/1", w.Process, w.ProcessPos, err)
	}
	// To another process: last there.
	if w, err = s.MoveToProcess(t.Context(), "w-in", "q"); err != nil || w.Process != "q" || w.ProcessPos != 1 {
		t.Errorf("MoveToProcess(q) = %s/%d, %v; want q/1", w.Process, w.ProcessPos, err)
	}
	// Out of any process.
	if w, err = s.MoveToProcess(t.Context(), "w-out", ""); err != nil || w.Process != "" || w.ProcessPos != 0 {
		t.Errorf("MoveToProcess(\"\") = %q/%d, %v; want none", w.Process, w.ProcessPos, err)
	}
	if got := membership(t, s, "w-out"); got != "/0" {
		t.Errorf("taken out, stored at %s", got)
	}
	_, err = s.MoveToProcess(t.Context(), "nope", "p")
	wantCode(t, err, workshops.ENOTFOUND, "MoveToProcess(unknown workshop)")
	_, err = s.MoveToProcess(t.Context(), "w-in", "nope")
	wantCode(t, err, workshops.ENOTFOUND, "MoveToProcess(unknown process)")
	if got := membership(t, s, "w-in"); got != "q/1" {
		t.Errorf("a refused move changed the workshop: %s", got)
	}
}

func testDeleteProcess(t *testing.T, s workshops.Store) {
	MustCreateProcess(t, s, NewProcess("p"))
	MustCreateProcess(t, s, NewProcess("q"))
	for _, id := range []string{"w-1", "w-2"} {
		w := NewWorkshop(id)
		w.Process = "p"
		MustCreateWorkshop(t, s, w)
	}
	other := NewWorkshop("w-q")
	other.Process = "q"
	MustCreateWorkshop(t, s, other)

	if err := s.DeleteProcess(t.Context(), "p"); err != nil {
		t.Fatalf("DeleteProcess: %v", err)
	}
	_, err := s.Process(t.Context(), "p")
	wantCode(t, err, workshops.ENOTFOUND, "Process(deleted)")
	wantCode(t, s.DeleteProcess(t.Context(), "p"), workshops.ENOTFOUND, "DeleteProcess(again)")
	for id, want := range map[string]string{"w-1": "/0", "w-2": "/0", "w-q": "q/1"} {
		if got := membership(t, s, id); got != want {
			t.Errorf("after deleting p, %s is at %s, want %s", id, got, want)
		}
	}
	list, err := s.Processes(t.Context())
	if err != nil || len(list) != 1 || list[0].ID != "q" {
		t.Errorf("Processes after delete = %v, %v; want q only", list, err)
	}
	// The ID is free again.
	MustCreateProcess(t, s, NewProcess("p"))
}

// testProcessFull: a process takes at most workshops.MaxProcessWorkshops,
// also when more are created into it at once; one more, created or moved
// in, is ELIMIT and changes nothing; a workshop already in it may be
// "moved" to it again.
func testProcessFull(t *testing.T, s workshops.Store) {
	MustCreateProcess(t, s, NewProcess("full"))
	const tries = workshops.MaxProcessWorkshops + 6
	var wg sync.WaitGroup
	errs := make(chan error, tries)
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := NewWorkshop(fmt.Sprintf("f-%d", i))
			w.Process = "full"
			errs <- s.CreateWorkshop(t.Context(), w)
		}()
	}
	wg.Wait()
	close(errs)
	created := 0
	for err := range errs {
		switch workshops.ErrorCode(err) {
		case "":
			created++
		case workshops.ELIMIT:
		default:
			t.Fatalf("CreateWorkshop into a full process: %v, want nil or %s", err, workshops.ELIMIT)
		}
	}
	if created != workshops.MaxProcessWorkshops {
		t.Fatalf("%d workshops went into the process, want exactly %d", created, workshops.MaxProcessWorkshops)
	}
	list, err := s.Workshops(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	in := 0
	for _, w := range list {
		if w.Process == "full" {
			in++
		}
	}
	if in != workshops.MaxProcessWorkshops {
		t.Fatalf("the store holds %d workshops in the process, want %d (a refused create left a row?)", in, workshops.MaxProcessWorkshops)
	}
	MustCreateWorkshop(t, s, NewWorkshop("outside"))
	if _, err := s.MoveToProcess(t.Context(), "outside", "full"); workshops.ErrorCode(err) != workshops.ELIMIT {
		t.Fatalf("MoveToProcess into a full process: %v, want %s", err, workshops.ELIMIT)
	}
	if got := membership(t, s, "outside"); got != "/0" {
		t.Fatalf("the refused move left the workshop at %s", got)
	}
	for _, w := range list {
		if w.Process == "full" {
			if _, err := s.MoveToProcess(t.Context(), w.ID, "full"); err != nil {
				t.Fatalf("moving %s to the process it is in: %v", w.ID, err)
			}
			break
		}
	}
}
