package load

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketsCoverEveryValue(t *testing.T) {
	prevHi := uint64(0)
	for i := 0; i < histBuckets-1; i++ {
		lo, hi := bucketRange(i)
		if i > 0 && lo != prevHi+1 {
			t.Fatalf("bucket %d starts at %d, previous ended at %d", i, lo, prevHi)
		}
		if bucketOf(lo) != i || bucketOf(hi) != i {
			t.Fatalf("bucket %d [%d,%d]: bucketOf(lo)=%d bucketOf(hi)=%d", i, lo, hi, bucketOf(lo), bucketOf(hi))
		}
		if lo >= subCount && float64(hi-lo+1)/float64(lo) > 1.0/128+1e-12 {
			t.Fatalf("bucket %d [%d,%d] wider than 1/128 of its start", i, lo, hi)
		}
		prevHi = hi
	}
}

func TestQuantileExactBelow128us(t *testing.T) {
	var h Hist
	for v := 1; v <= 100; v++ {
		h.Record(time.Duration(v) * time.Microsecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50}, {0.95, 95}, {0.99, 99}, {0.999, 100}, {1, 100}, {0.01, 1}} {
		if got := h.Quantile(c.q); got != c.want*time.Microsecond {
			t.Errorf("q%.3f = %v, want %v", c.q, got, c.want*time.Microsecond)
		}
	}
	if h.Max() != 100*time.Microsecond || h.Count() != 100 {
		t.Errorf("max %v count %d", h.Max(), h.Count())
	}
	if m := h.Mean(); m != 50*time.Microsecond { // 50.5 truncated
		t.Errorf("mean %v", m)
	}
}

// TestQuantileMatchesSortedSamples compares the histogram with exact
// percentiles of a skewed (log-normal) latency sample.
func TestQuantileMatchesSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var h Hist
	var xs []float64
	for i := 0; i < 200_000; i++ {
		us := math.Exp(rng.NormFloat64()*1.2 + 7) // median ~1.1 ms, long tail
		xs = append(xs, math.Floor(us))
		h.Record(time.Duration(us * float64(time.Microsecond)))
	}
	slices.Sort(xs)
	for _, q := range []float64{0.5, 0.95, 0.99, 0.999} {
		exact := xs[int(math.Ceil(q*float64(len(xs))))-1]
		got := float64(h.Quantile(q) / time.Microsecond)
		if math.Abs(got-exact)/exact > 0.01 {
			t.Errorf("q%.3f: histogram %v µs, exact %v µs", q, got, exact)
		}
	}
	if float64(h.Max()/time.Microsecond) != xs[len(xs)-1] {
		t.Errorf("max %v, exact %v", h.Max(), xs[len(xs)-1])
	}
}

func TestQuantileEmptyAndMerge(t *testing.T) {
	var a, b Hist
	if a.Quantile(0.99) != 0 || a.Max() != 0 || a.Mean() != 0 {
		t.Fatal("empty histogram is not zero")
	}
	a.Record(time.Millisecond)
	b.Record(3 * time.Millisecond)
	b.Record(-time.Second) // a clock step: counts as 0
	a.Merge(&b)
	if a.Count() != 3 || a.Max() != 3*time.Millisecond {
		t.Fatalf("merged count %d max %v", a.Count(), a.Max())
	}
	if q := a.Quantile(0.5); q < 990*time.Microsecond || q > 1010*time.Microsecond {
		t.Fatalf("merged median %v", q)
	}
	s := a.Summary()
	if s.Count != 3 || s.Max != 3 || s.P50 < 0.99 || s.P50 > 1.01 {
		t.Fatalf("summary %+v", s)
	}
}
