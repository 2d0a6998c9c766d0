package storetest

import (
	"slices"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func testScheduleRoundTrip(t *testing.T, s workshops.Store) {
	w := NewWorkshop("w-1") // created with a schedule
	MustCreateWorkshop(t, s, w)
	bare := NewWorkshop("w-2")
	bare.Schedule = workshops.Schedule{}
	MustCreateWorkshop(t, s, bare)
	checkAll := func(call string) {
		t.Helper()
		for _, want := range []workshops.Workshop{w, bare} {
			got, err := s.Workshop(t.Context(), want.ID)
			if err != nil {
				t.Fatalf("Workshop(%s): %v", want.ID, err)
			}
			checkWorkshop(t, call+": Workshop", got, want)
			got, err = s.WorkshopByJoinCode(t.Context(), want.JoinCode)
			if err != nil {
				t.Fatalf("WorkshopByJoinCode(%s): %v", want.JoinCode, err)
			}
			checkWorkshop(t, call+": WorkshopByJoinCode", got, want)
		}
		list, err := s.Workshops(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range list {
			if got.ID == w.ID {
				checkWorkshop(t, call+": Workshops", got, w)
			}
		}
	}
	checkAll("after CreateWorkshop")

	w.Schedule = workshops.Schedule{Date: "2026-11-30", Start: "09:00", Place: "https://meet.example.invalid/abc?x=1&y=ø"}
	if err := s.SetSchedule(t.Context(), w.ID, w.Schedule); err != nil {
		t.Fatalf("SetSchedule: %v", err)
	}
	checkAll("after SetSchedule") // and the neighbour is untouched

	w.Schedule = workshops.Schedule{}
	if err := s.SetSchedule(t.Context(), w.ID, w.Schedule); err != nil {
		t.Fatalf("SetSchedule(none): %v", err)
	}
	checkAll("after clearing the schedule")

	wantCode(t, s.SetSchedule(t.Context(), "nobody", workshops.Schedule{Date: "2026-01-01"}), workshops.ENOTFOUND, "SetSchedule(unknown)")
}

func testReorderProcess(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	MustCreateProcess(t, s, NewProcess("p-1"))
	MustCreateProcess(t, s, NewProcess("p-2"))
	for _, id := range []string{"a", "b", "c"} {
		w := NewWorkshop(id)
		w.Process = "p-1"
		MustCreateWorkshop(t, s, w)
	}
	other := NewWorkshop("x")
	other.Process = "p-2"
	MustCreateWorkshop(t, s, other)
	order := func() []string {
		t.Helper()
		var out []string
		for _, id := range []string{"a", "b", "c", "x", "d"} {
			out = append(out, membership(t, s, id))
		}
		return out
	}
	MustCreateWorkshop(t, s, NewWorkshop("d")) // outside any process
	before := order()

	if err := s.ReorderProcess(ctx, "p-1", []string{"c", "a", "b"}); err != nil {
		t.Fatalf("ReorderProcess: %v", err)
	}
	want := []string{"p-1/2", "p-1/3", "p-1/1", "p-2/1", "/0"}
	if got := order(); !slices.Equal(got, want) {
		t.Fatalf("after reordering c, a, b: %v, want %v (before: %v)", got, want, before)
	}

	for _, bad := range [][]string{
		{"c", "a"},           // one left out
		{"c", "a", "b", "b"}, // one twice
		{"c", "a", "a"},      // one twice, one left out
		{"c", "a", "x"},      // another process's
		{"c", "a", "d"},      // one outside any process
		{"c", "a", "nobody"}, // no such workshop
		{},
	} {
		wantCode(t, s.ReorderProcess(ctx, "p-1", bad), workshops.EINVALID, "ReorderProcess("+stringsJoin(bad)+")")
		if got := order(); !slices.Equal(got, want) {
			t.Fatalf("a refused reorder %v changed the order: %v, want %v", bad, got, want)
		}
	}
	wantCode(t, s.ReorderProcess(ctx, "nowhere", []string{"a"}), workshops.ENOTFOUND, "ReorderProcess(unknown process)")

	// A workshop joining afterwards goes last; one leaving frees its place
	// and the rest can be reordered without it.
	d, err := s.MoveToProcess(ctx, "d", "p-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.ProcessPos != 4 {
		t.Errorf("a workshop joining after a reorder got place %d, want 4", d.ProcessPos)
	}
	if _, err := s.MoveToProcess(ctx, "c", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ReorderProcess(ctx, "p-1", []string{"d", "b", "a"}); err != nil {
		t.Fatalf("ReorderProcess after a move: %v", err)
	}
	want = []string{"p-1/3", "p-1/2", "/0", "p-2/1", "p-1/1"}
	if got := order(); !slices.Equal(got, want) {
		t.Fatalf("after reordering d, b, a: %v, want %v", got, want)
	}
}

func stringsJoin(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ","
		}
		out += id
	}
	return out
}

// testRestoredPlace: a workshop created with a place in its process (a
// restore) gets that place when it is free, and goes last when it is not.
func testRestoredPlace(t *testing.T, s workshops.Store) {
	MustCreateProcess(t, s, NewProcess("p"))
	for _, tc := range []struct {
		id   string
		want int // the place asked for
		got  string
	}{
		{"w-3", 3, "p/3"}, // free
		{"w-1", 1, "p/1"}, // free, before the others
		{"w-x", 3, "p/4"}, // taken: last
		{"w-y", 0, "p/5"}, // none asked: last
		{"w-2", 2, "p/2"}, // the gap left
	} {
		w := NewWorkshop(tc.id)
		w.Process, w.ProcessPos = "p", tc.want
		MustCreateWorkshop(t, s, w)
		if got := membership(t, s, tc.id); got != tc.got {
			t.Errorf("%s created at place %d: %s, want %s", tc.id, tc.want, got, tc.got)
		}
	}
}
