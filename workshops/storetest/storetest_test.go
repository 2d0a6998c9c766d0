package storetest_test

import (
	"testing"

	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

func TestMemStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workshops.Store {
		s := storetest.NewMemStore()
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestMemStoreClosed(t *testing.T) {
	s := storetest.NewMemStore()
	storetest.MustCreateWorkshop(t, s, storetest.NewWorkshop("w"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	storetest.CheckClosed(t, s)
}

func TestScript(t *testing.T) {
	events := storetest.Script(3000)
	if len(events) != 3000 {
		t.Fatalf("Script(3000) returned %d events", len(events))
	}
	kinds := map[workshops.OpKind]int{}
	for _, e := range events {
		kinds[e.Op.Kind]++
	}
	for _, k := range []workshops.OpKind{workshops.OpParticipantJoin, workshops.OpNoteCreate, workshops.OpNoteEdit,
		workshops.OpNoteMove, workshops.OpNoteResize, workshops.OpNoteRecolor, workshops.OpNoteDelete, workshops.OpBoardRename} {
		if kinds[k] == 0 {
			t.Errorf("Script has no %s", k)
		}
	}
	b := storetest.MustReplay(t, "b", "B", events)
	if again := storetest.MustReplay(t, "b", "B", storetest.Script(3000)); again.Hash() != b.Hash() {
		t.Error("Script is not the same on every call")
	}
	if b.LiveNotes == 0 {
		t.Error("Script leaves no live notes")
	}
}
