package storetest

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// templateSuite checks workshops.TemplateStore.
var templateSuite = []struct {
	name string
	test func(*testing.T, workshops.Store)
}{
	{"TemplateRoundTrip", testTemplateRoundTrip},
	{"TemplateConflict", testTemplateConflict},
	{"TemplateDelete", testTemplateDelete},
	{"TemplatesFull", testTemplatesFull},
}

func testTemplateRoundTrip(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	keys, err := s.TemplateKeys(ctx)
	if err != nil || keys == nil || len(keys) != 0 {
		t.Fatalf("TemplateKeys of an empty store = %v, %v; want [], nil", keys, err)
	}
	files := map[string][]byte{
		"visjon-lebesby": []byte(`{"format": 1, "key": "visjon-lebesby", "name": {"nb": "Visjon æøå"}}`),
		"a-first":        bytes.Repeat([]byte("x"), 1<<20), // the largest file the server takes
	}
	for k, data := range files {
		if err := s.SaveTemplate(ctx, k, data); err != nil {
			t.Fatalf("SaveTemplate(%s) = %v", k, err)
		}
	}
	keys, err = s.TemplateKeys(ctx)
	if err != nil || !slices.Equal(keys, []string{"a-first", "visjon-lebesby"}) {
		t.Fatalf("TemplateKeys = %v, %v; want them in key order", keys, err)
	}
	for k, want := range files {
		got, err := s.TemplateFile(ctx, k)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("TemplateFile(%s) = %d bytes, %v; want the %d saved", k, len(got), err, len(want))
		}
	}
	_, err = s.TemplateFile(ctx, "ingen")
	wantCode(t, err, workshops.ENOTFOUND, "TemplateFile of a key never saved")
	wantCode(t, s.SaveTemplate(ctx, "", []byte("{}")), workshops.EINVALID, "SaveTemplate without a key")
}

func testTemplateConflict(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	if err := s.SaveTemplate(ctx, "min-mal", []byte("first")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SaveTemplate(ctx, "min-mal", []byte("second")), workshops.ECONFLICT, "SaveTemplate of a key taken")
	got, err := s.TemplateFile(ctx, "min-mal")
	if err != nil || string(got) != "first" {
		t.Fatalf("after the conflict TemplateFile = %q, %v; want the first file kept", got, err)
	}
	// Saved at once under one key (two nodes, say): exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.SaveTemplate(ctx, "samtidig", []byte(fmt.Sprint(i)))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if workshops.ErrorCode(err) != workshops.ECONFLICT {
			t.Fatalf("concurrent SaveTemplate = %v, want nil or %s", err, workshops.ECONFLICT)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent saves of one key succeeded, want 1", won)
	}
}

func testTemplateDelete(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	for _, k := range []string{"a", "b"} {
		if err := s.SaveTemplate(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteTemplate(ctx, "a"); err != nil {
		t.Fatalf("DeleteTemplate = %v", err)
	}
	wantCode(t, s.DeleteTemplate(ctx, "a"), workshops.ENOTFOUND, "DeleteTemplate again")
	_, err := s.TemplateFile(ctx, "a")
	wantCode(t, err, workshops.ENOTFOUND, "TemplateFile of a deleted template")
	if keys, err := s.TemplateKeys(ctx); err != nil || !slices.Equal(keys, []string{"b"}) {
		t.Fatalf("TemplateKeys after a delete = %v, %v", keys, err)
	}
	// The key is free again.
	if err := s.SaveTemplate(ctx, "a", []byte("new")); err != nil {
		t.Fatalf("SaveTemplate of a deleted key = %v", err)
	}
}

func testTemplatesFull(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	for i := range workshops.MaxTemplateFiles - 2 {
		if err := s.SaveTemplate(ctx, fmt.Sprintf("t%03d", i), []byte("{}")); err != nil {
			t.Fatal(err)
		}
	}
	// The last two places, taken by many at once: exactly two win.
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.SaveTemplate(ctx, fmt.Sprintf("siste-%d", i), []byte("{}"))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if workshops.ErrorCode(err) != workshops.ELIMIT {
			t.Fatalf("SaveTemplate into a full store = %v, want %s", err, workshops.ELIMIT)
		}
	}
	if won != 2 {
		t.Fatalf("%d saves took the last 2 places", won)
	}
	keys, err := s.TemplateKeys(ctx)
	if err != nil || len(keys) != workshops.MaxTemplateFiles {
		t.Fatalf("a full store lists %d templates (%v), want %d", len(keys), err, workshops.MaxTemplateFiles)
	}
}
