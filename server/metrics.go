package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the node's Prometheus metrics, in a registry of its own so
// several nodes can run in one test process.
type metrics struct {
	registry    *prometheus.Registry
	connections prometheus.Gauge
	boards      prometheus.Gauge
	ops         prometheus.Counter
	rejected    prometheus.Counter
	conflicts   prometheus.Counter
	fanout      prometheus.Histogram
	busLag      prometheus.Histogram
	busDropped  prometheus.Counter
	busErrors   prometheus.Counter
	slowCut     prometheus.Counter
	// snapshotShared counts snapshots sent as already encoded for someone
	// who sees the same (issue 19).
	snapshotShared prometheus.Counter
	frames         prometheus.Counter
	messages       prometheus.Counter

	// presenceQueued and presenceBytes count presence lists queued to
	// connections (one per connection per presence message) and their bytes.
	presenceQueued, presenceBytes prometheus.Counter
	// boardStep times each thing a board's runner does (an op, a hello, a
	// commit's fan-out, a presence message): while one runs, the board
	// fans out nothing, so its largest is the board's longest stall.
	boardStep prometheus.Histogram
	// handoffs counts batches the fast write path handed to a
	// connection's own goroutine because its socket was full.
	handoffs prometheus.Counter
	// storeAppend times each board batch's store.Append.
	storeAppend prometheus.Histogram
}

func newMetrics() *metrics {
	latency := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}
	m := &metrics{
		registry: prometheus.NewRegistry(),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "samskap_connections",
			Help: "Open WebSocket connections on this node."}),
		boards: prometheus.NewGauge(prometheus.GaugeOpts{Name: "samskap_boards_loaded",
			Help: "Boards loaded on this node."}),
		ops: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_ops_committed_total",
			Help: "Operations this node made durable."}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_ops_rejected_total",
			Help: "Operations refused by Apply (bad input, no permission)."}),
		conflicts: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_ops_requeued_total",
			Help: "Operations checked again because another node took their seq first."}),
		fanout: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "samskap_fanout_seconds", Buckets: latency,
			Help: "From receiving an op to sending it, durable, to this node's connections."}),
		busLag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "samskap_bus_lag_seconds", Buckets: latency,
			Help: "From another node receiving an op to this node sending it to its connections."}),
		busDropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_bus_dropped_total",
			Help: "Bus messages dropped because a queue was full (gaps are refilled from the store)."}),
		busErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_bus_publish_errors_total",
			Help: "Bus publishes that failed."}),
		slowCut: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_slow_closes_total",
			Help: "Connections closed because the client did not keep up (4001)."}),
		snapshotShared: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_snapshots_shared_total",
			Help: "Snapshots sent as encoded for another person who sees the same board."}),
		frames: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_frames_sent_total",
			Help: "WebSocket data frames written to clients."}),
		messages: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_messages_sent_total",
			Help: "Protocol messages written to clients (a frame holds one or more)."}),
		presenceQueued: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_presence_queued_total",
			Help: "Presence lists queued to connections (one per connection per presence message)."}),
		presenceBytes: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_presence_queued_bytes_total",
			Help: "Bytes of the presence lists queued to connections."}),
		handoffs: prometheus.NewCounter(prometheus.CounterOpts{Name: "samskap_write_handoffs_total",
			Help: "Writes a client's socket could not take at once, finished by a goroutine of the connection's own."}),
	}
	m.boardStep = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "samskap_board_step_seconds",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		Help:    "Time a board's runner spends on one thing (an op, a hello, a commit's fan-out, a presence message), during which the board sends nothing else."})
	m.storeAppend = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "samskap_store_append_seconds",
		Buckets: []float64{.00025, .0005, .001, .0015, .002, .003, .004, .005, .0075, .01, .025, .05, .1, .25, 1},
		Help:    "Time a board's batch of ops takes in the store, until it is durable (part of samskap_fanout_seconds)."})
	m.registry.MustRegister(m.presenceQueued, m.presenceBytes, m.boardStep, m.storeAppend)
	m.registry.MustRegister(m.connections, m.boards, m.ops, m.rejected, m.conflicts, m.fanout, m.busLag,
		m.busDropped, m.busErrors, m.slowCut, m.snapshotShared, m.frames, m.messages, m.handoffs, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
