//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// A build for measuring only (go build -tags pprof): the Go profiler on a
// loopback port of its own (SAMSKAP_PPROF_ADDR, default 127.0.0.1:6061),
// never on the public listener. BENCHMARKS.md says how it is used.
func init() {
	addr := os.Getenv("SAMSKAP_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6061"
	}
	go http.ListenAndServe(addr, nil)
}
