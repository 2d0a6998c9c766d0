package gcpolicy_test

import (
	"math"
	"os"
	"runtime/debug"
	"testing"

	"github.com/samskap/samskap/internal/gcpolicy"
)

// env is a fake environment for Apply; memlimit reads the process's own,
// so each test sets that too.
func env(t *testing.T, kv map[string]string) func(string) string {
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "AUTOMEMLIMIT"} {
		t.Setenv(k, kv[k]) // and restored after the test
		if kv[k] == "" {
			os.Unsetenv(k)
		}
	}
	return func(k string) string { return kv[k] }
}

// restore puts the collector back as the test found it.
func restore(t *testing.T) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}

func TestApplySetsPercentAndLimit(t *testing.T) {
	restore(t)
	s, err := gcpolicy.Apply(env(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.Percent != gcpolicy.DefaultPercent {
		t.Errorf("percent = %d, want %d", s.Percent, gcpolicy.DefaultPercent)
	}
	if s.Limit <= 0 || s.Limit == math.MaxInt64 {
		t.Errorf("limit = %d, want one from the cgroup or the machine's memory", s.Limit)
	}
	if got := debug.SetGCPercent(100); got != gcpolicy.DefaultPercent {
		t.Errorf("the collector runs at %d", got)
	}
	t.Log(s)
}

func TestApplyLeavesTheOperatorsSettings(t *testing.T) {
	restore(t)
	// As Go itself would have set them at start from the environment.
	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	s, err := gcpolicy.Apply(env(t, map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Percent != 150 || s.Limit != 1<<30 {
		t.Errorf("got %v, want GOGC=150 and 1 GiB as the environment says", s)
	}
}

func TestApplyWithoutAutomaticLimit(t *testing.T) {
	restore(t)
	s, err := gcpolicy.Apply(env(t, map[string]string{"AUTOMEMLIMIT": "off"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Percent != gcpolicy.DefaultPercent || s.Limit != math.MaxInt64 {
		t.Errorf("got %v, want GOGC=%d and no limit", s, gcpolicy.DefaultPercent)
	}
}
