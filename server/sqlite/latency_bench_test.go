package sqlite_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// BenchmarkAppendLatency is the store's share of issue 19's 10,000
// deliveries/s step (20 boards, one publisher each, rooms of 50): 20
// boards, each appending one note.edit with a 200-byte text every 98 ms
// (204 appends/s in all), open loop for 10 s per iteration. It reports
// each Append's latency at p50, p99, p99.9 and its maximum, and the
// Appends per commit. Run it with -benchtime 1x on a quiet machine.
func BenchmarkAppendLatency(b *testing.B) {
	s := MustOpen(b, tempPath(b))
	const boards, every, length = 20, 98 * time.Millisecond, 10 * time.Second
	text := strings.Repeat("x", 200)
	edit := func(seq uint64) workshops.Event {
		return workshops.Event{Seq: seq, OpID: "op-" + strconv.FormatUint(seq, 10), Actor: "participant-1", At: 1_741_940_000_000 + int64(seq),
			Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "note-1", Text: &text}}
	}
	var all []time.Duration
	commits := s.Commits()
	for range b.N {
		all = append(all, storetest.AppendLatency(b, s, boards, every, length, edit)...)
	}
	slices.Sort(all)
	b.ReportMetric(storetest.Quantile(all, 0.5), "p50-ms")
	b.ReportMetric(storetest.Quantile(all, 0.99), "p99-ms")
	b.ReportMetric(storetest.Quantile(all, 0.999), "p99.9-ms")
	b.ReportMetric(storetest.Quantile(all, 1), "max-ms")
	b.ReportMetric(float64(len(all))/(float64(b.N)*length.Seconds()), "appends/s")
	if n := s.Commits() - commits; n > 0 {
		b.ReportMetric(float64(len(all))/float64(n), "appends/commit")
	}
}
