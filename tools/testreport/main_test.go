package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestReport feeds real go test -json output, from a throwaway module
// whose tests pass, fail and skip, through run.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		cmd := exec.Command("sh", "-c", "cat > "+name)
		cmd.Dir, cmd.Stdin = dir, strings.NewReader(src)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	write("go.mod", "module example.invalid/m\n\ngo 1.22\n")
	gotest := func(src string) string {
		t.Helper()
		write("m_test.go", "package m\n\nimport \"testing\"\n\n"+src)
		cmd := exec.Command("go", "test", "-json", "-count=1", ".")
		cmd.Dir = dir
		out, _ := cmd.Output() // a failing test exits 1; the JSON is what counts
		return string(out)
	}
	for _, tc := range []struct {
		name, src     string
		allowAll      bool
		rc            int
		want, wantNot []string
	}{
		{"pass", "func TestA(t *testing.T) { t.Log(\"chatty\") }\n", false, 0,
			[]string{"ok  \texample.invalid/m"}, []string{"chatty", "=== RUN"}},
		{"fail", "func TestA(t *testing.T) { t.Error(\"broken here\") }\n", false, 1,
			[]string{"FAIL\texample.invalid/m", "--- FAIL example.invalid/m TestA", "broken here"}, nil},
		{"service skip", "func TestRedis(t *testing.T) { t.Skip(\"redis-server is not installed\") }\n", false, 1,
			[]string{"SKIP NOT ALLOWED example.invalid/m TestRedis", "redis-server is not installed", "testreport: FAIL"}, nil},
		{"skip allowed on a developer's machine", "func TestRedis(t *testing.T) { t.Skip(\"no redis\") }\n", true, 0,
			[]string{"skip (allowed", "TestRedis: m_test.go:5: no redis"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			rc := run(strings.NewReader(gotest(tc.src)), &out, tc.allowAll)
			if rc != tc.rc {
				t.Errorf("exit %d, want %d; output:\n%s", rc, tc.rc, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(out.String(), w) {
					t.Errorf("output holds %q:\n%s", w, out.String())
				}
			}
		})
	}
	var out strings.Builder
	if rc := run(strings.NewReader(""), &out, false); rc != 1 {
		t.Errorf("empty input: exit %d, want 1", rc)
	}
}
