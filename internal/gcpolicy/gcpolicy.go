// Package gcpolicy sets the Go garbage collector for a Samskap server
// process: a higher GOGC than Go's default, with a soft memory limit as the
// guard against the extra heap that costs.
//
// Why: a server's mark phase takes its core for 10-15 ms at a time (on the
// one core of issue 19's harness), and the ops that arrive meanwhile wait.
// At Go's default GOGC=100 a node at 50,000 deliveries/s collects about
// once a second, and those waits are its p99 (6.9 ms; with collection off,
// 3.2-3.5 ms). At GOGC=400 it collects a quarter as often: p99 4.8 ms, and
// 11.4 ms instead of 14.0 at 100,000/s (BENCHMARKS.md, "Session 4"). The
// heap may then grow to five times what is live instead of twice; a
// Samskap node's live heap is small (about 15 MB at 1,000 connections) and
// idle connections make little garbage (RSS per idle connection at 5,000:
// 15.4 KB against 14.0 KB).
//
// The guard is GOMEMLIMIT, from github.com/KimMachineGun/automemlimit: 90 %
// of the container's memory limit (cgroup) or, with none, half of the
// machine's memory. Near it the collector runs as often as it must, so the
// higher GOGC never makes the process outgrow its memory.
//
// An operator's own GOGC or GOMEMLIMIT (or AUTOMEMLIMIT=off) wins: Apply
// then leaves that setting as Go made it.
package gcpolicy

import (
	"fmt"
	"math"
	"runtime/debug"
	"runtime/metrics"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// DefaultPercent is the GOGC a server runs with unless GOGC is set.
const DefaultPercent = 400

// Ratios of memory that become the soft memory limit.
const (
	cgroupRatio = 0.9 // of a container's limit: the process has it to itself
	systemRatio = 0.5 // of the machine's memory: a database may share it
)

// Settings is what the collector runs with after Apply.
type Settings struct {
	Percent int    // GOGC; -1 is off
	Limit   int64  // soft memory limit in bytes; math.MaxInt64 is none
	From    string // where they came from, for the log
}

// String describes the settings for a log line.
func (s Settings) String() string {
	limit := "none"
	if s.Limit != math.MaxInt64 {
		limit = fmt.Sprintf("%d MiB", s.Limit>>20)
	}
	return fmt.Sprintf("GOGC=%d, memory limit %s (%s)", s.Percent, limit, s.From)
}

// Apply sets the collector's percent and memory limit unless the
// environment (read through getenv) sets them. It returns what the
// collector runs with, and an error when the memory limit could not be
// worked out (the percent is set all the same).
func Apply(getenv func(string) string) (Settings, error) {
	var s Settings
	if getenv("GOGC") == "" {
		debug.SetGCPercent(DefaultPercent)
		s.From = "GOGC by Samskap"
	} else {
		s.From = "GOGC from the environment"
	}
	if getenv("GOMEMLIMIT") != "" || getenv("AUTOMEMLIMIT") != "" {
		s.From += ", memory limit from the environment"
	} else {
		s.From += ", memory limit by Samskap"
	}
	// Set leaves a GOMEMLIMIT from the environment alone and reads
	// AUTOMEMLIMIT itself.
	_, err := memlimit.Set(
		memlimit.WithRatio(1),
		memlimit.WithProvider(memlimit.ApplyFallback(
			memlimit.ApplyRatio(memlimit.FromCgroup, cgroupRatio),
			memlimit.ApplyRatio(memlimit.FromSystem, systemRatio))),
	)
	s.Percent, s.Limit = current()
	if err != nil {
		err = fmt.Errorf("memory limit: %w", err)
	}
	return s, err
}

// current reads the collector's percent and memory limit.
func current() (percent int, limit int64) {
	samples := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(samples)
	return int(samples[0].Value.Uint64()), int64(samples[1].Value.Uint64())
}
