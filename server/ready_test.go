package server_test

import (
	"bytes"
	"testing"

	"github.com/samskap/samskap/server"
)

// "samskap ready" says 0 for a ready server, 1 when nothing answers.
func TestReadyCommand(t *testing.T) {
	m := MustStart(t, t.TempDir())
	getenv := func(string) string { return "" }
	var out, errs bytes.Buffer
	if code := server.Ready(t.Context(), []string{"-addr", m.Addr()}, getenv, &out, &errs); code != 0 {
		t.Fatalf("ready server: exit %d, %s", code, errs.String())
	}
	if out.String() != "ready\n" {
		t.Fatalf("ready server said %q", out.String())
	}
	addr := m.Addr()
	m.Close()
	errs.Reset()
	if code := server.Ready(t.Context(), []string{"-addr", addr}, getenv, &out, &errs); code != 1 {
		t.Fatalf("stopped server: exit %d, want 1", code)
	}
	if code := server.Ready(t.Context(), []string{"-x"}, getenv, &out, &errs); code != 2 {
		t.Fatalf("bad arguments: exit %d, want 2", code)
	}
}
