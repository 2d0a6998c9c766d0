package load

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// serverMetrics are the figures the tool reads from a node's /metrics.
type serverMetrics struct {
	RSS        float64 `json:"rssBytes"`        // process_resident_memory_bytes
	CPU        float64 `json:"cpuSeconds"`      // process_cpu_seconds_total
	HeapInuse  float64 `json:"heapInuseBytes"`  // go_memstats_heap_inuse_bytes
	StackInuse float64 `json:"stackInuseBytes"` // go_memstats_stack_inuse_bytes
	Sys        float64 `json:"sysBytes"`        // go_memstats_sys_bytes
	Goroutines float64 `json:"goroutines"`      // go_goroutines
	Conns      float64 `json:"connections"`     // samskap_connections
	Boards     float64 `json:"boards"`          // samskap_boards_loaded
	Committed  float64 `json:"opsCommitted"`    // samskap_ops_committed_total
	Rejected   float64 `json:"opsRejected"`     // samskap_ops_rejected_total
	Requeued   float64 `json:"opsRequeued"`     // samskap_ops_requeued_total
	BusDropped float64 `json:"busDropped"`      // samskap_bus_dropped_total
	Allocated  float64 `json:"allocatedBytes"`  // go_memstats_alloc_bytes_total
	GCs        float64 `json:"gcCycles"`        // go_gc_duration_seconds_count
	OK         bool    `json:"ok"`

	// For the reconnect scenario's figures per resume.
	Mallocs       float64 `json:"mallocs"`               // go_memstats_mallocs_total
	Messages      float64 `json:"messagesSent"`          // samskap_messages_sent_total
	Frames        float64 `json:"framesSent"`            // samskap_frames_sent_total
	Presence      float64 `json:"presenceQueued"`        // samskap_presence_queued_total
	PresenceBytes float64 `json:"presenceQueuedBytes"`   // samskap_presence_queued_bytes_total
	SlowCut       float64 `json:"slowCloses"`            // samskap_slow_closes_total
	Steps         float64 `json:"boardSteps"`            // samskap_board_step_seconds_count
	StepsIn100ms  float64 `json:"boardStepsWithin100ms"` // samskap_board_step_seconds_bucket{le="0.1"}
}

var metricNames = map[string]func(*serverMetrics) *float64{
	"process_resident_memory_bytes": func(m *serverMetrics) *float64 { return &m.RSS },
	"process_cpu_seconds_total":     func(m *serverMetrics) *float64 { return &m.CPU },
	"go_memstats_heap_inuse_bytes":  func(m *serverMetrics) *float64 { return &m.HeapInuse },
	"go_memstats_stack_inuse_bytes": func(m *serverMetrics) *float64 { return &m.StackInuse },
	"go_memstats_sys_bytes":         func(m *serverMetrics) *float64 { return &m.Sys },
	"go_goroutines":                 func(m *serverMetrics) *float64 { return &m.Goroutines },
	"samskap_connections":           func(m *serverMetrics) *float64 { return &m.Conns },
	"samskap_boards_loaded":         func(m *serverMetrics) *float64 { return &m.Boards },
	"samskap_ops_committed_total":   func(m *serverMetrics) *float64 { return &m.Committed },
	"samskap_ops_rejected_total":    func(m *serverMetrics) *float64 { return &m.Rejected },
	"samskap_ops_requeued_total":    func(m *serverMetrics) *float64 { return &m.Requeued },
	"samskap_bus_dropped_total":     func(m *serverMetrics) *float64 { return &m.BusDropped },
	"go_memstats_alloc_bytes_total": func(m *serverMetrics) *float64 { return &m.Allocated },
	"go_gc_duration_seconds_count":  func(m *serverMetrics) *float64 { return &m.GCs },

	"go_memstats_mallocs_total":                   func(m *serverMetrics) *float64 { return &m.Mallocs },
	"samskap_messages_sent_total":                 func(m *serverMetrics) *float64 { return &m.Messages },
	"samskap_frames_sent_total":                   func(m *serverMetrics) *float64 { return &m.Frames },
	"samskap_presence_queued_total":               func(m *serverMetrics) *float64 { return &m.Presence },
	"samskap_presence_queued_bytes_total":         func(m *serverMetrics) *float64 { return &m.PresenceBytes },
	"samskap_slow_closes_total":                   func(m *serverMetrics) *float64 { return &m.SlowCut },
	"samskap_board_step_seconds_count":            func(m *serverMetrics) *float64 { return &m.Steps },
	`samskap_board_step_seconds_bucket{le="0.1"}`: func(m *serverMetrics) *float64 { return &m.StepsIn100ms },
}

// parseMetrics reads the Prometheus text format for the names above
// (unlabelled samples only).
func parseMetrics(r io.Reader) serverMetrics {
	var m serverMetrics
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		f, known := metricNames[name]
		if !known {
			continue
		}
		if v, err := strconv.ParseFloat(strings.Fields(rest)[0], 64); err == nil {
			*f(&m) = v
			m.OK = true
		}
	}
	return m
}

// scrape reads one node's metrics; on failure OK is false.
func scrape(ctx context.Context, hc *http.Client, base string) serverMetrics {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return serverMetrics{}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return serverMetrics{}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return serverMetrics{}
	}
	return parseMetrics(resp.Body)
}

// machineCPU reads the machine's busy, softirq and total jiffies from
// /proc/stat (zeros where there is no /proc).
func machineCPU() (busy, softirq, total uint64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0, 0
	}
	for i, s := range f[1:] {
		v, _ := strconv.ParseUint(s, 10, 64)
		total += v
		if i != 3 && i != 4 { // idle, iowait
			busy += v
		}
		if i == 6 {
			softirq = v
		}
	}
	return busy, softirq, total
}

// loadAvg is /proc/loadavg's first three figures, or "".
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// selfRSS is this process's resident memory in bytes, or 0.
func selfRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}
