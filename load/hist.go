package load

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// Hist is a latency histogram safe for concurrent use: log-linear buckets
// of microseconds with 128 sub-buckets per power of two, so every recorded
// value is known to within 0.8 %, in fixed memory, with one atomic add per
// sample. Values below 128 µs are exact.
type Hist struct {
	counts [histBuckets]atomic.Uint64
	n      atomic.Uint64
	sum    atomic.Uint64 // µs
	max    atomic.Uint64 // µs, exact
}

const (
	subBits     = 7
	subCount    = 1 << subBits // 128
	histMaxExp  = 40           // up to 2^47 µs: far beyond any run
	histBuckets = subCount + histMaxExp*subCount
)

// bucketOf returns the bucket of a value in microseconds.
func bucketOf(us uint64) int {
	if us < subCount {
		return int(us)
	}
	k := bits.Len64(us) - subBits - 1 // shift that leaves the top 8 bits
	top := us >> uint(k)              // in [128, 256)
	i := subCount + k*subCount + int(top-subCount)
	if i >= histBuckets {
		return histBuckets - 1
	}
	return i
}

// bucketRange returns the smallest and largest value of a bucket.
func bucketRange(i int) (lo, hi uint64) {
	if i < subCount {
		return uint64(i), uint64(i)
	}
	k := (i - subCount) / subCount
	top := uint64(subCount + (i-subCount)%subCount)
	return top << uint(k), (top+1)<<uint(k) - 1
}

// Record adds one sample.
func (h *Hist) Record(d time.Duration) {
	us := uint64(0)
	if d > 0 {
		us = uint64(d / time.Microsecond)
	}
	h.counts[bucketOf(us)].Add(1)
	h.n.Add(1)
	h.sum.Add(us)
	for {
		m := h.max.Load()
		if us <= m || h.max.CompareAndSwap(m, us) {
			break
		}
	}
}

// Count is the number of samples.
func (h *Hist) Count() uint64 { return h.n.Load() }

// Quantile returns the value at quantile q (0 < q <= 1): the smallest value
// v such that at least q of the samples are at or below v, to within the
// bucket precision (the bucket's midpoint, never above the exact max).
func (h *Hist) Quantile(q float64) time.Duration {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(n)))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	var seen uint64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			lo, hi := bucketRange(i)
			v := lo + (hi-lo)/2
			if m := h.max.Load(); v > m {
				v = m
			}
			return time.Duration(v) * time.Microsecond
		}
	}
	return h.Max()
}

// Max is the largest sample, exactly.
func (h *Hist) Max() time.Duration { return time.Duration(h.max.Load()) * time.Microsecond }

// Mean is the average sample.
func (h *Hist) Mean() time.Duration {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	return time.Duration(h.sum.Load()/n) * time.Microsecond
}

// Merge adds every sample of o to h.
func (h *Hist) Merge(o *Hist) {
	for i := range o.counts {
		if c := o.counts[i].Load(); c > 0 {
			h.counts[i].Add(c)
		}
	}
	h.n.Add(o.n.Load())
	h.sum.Add(o.sum.Load())
	for {
		m, om := h.max.Load(), o.max.Load()
		if om <= m || h.max.CompareAndSwap(m, om) {
			break
		}
	}
}

// Latency is a histogram summed up, in milliseconds, for the report.
type Latency struct {
	Count uint64  `json:"count"`
	Mean  float64 `json:"meanMs"`
	P50   float64 `json:"p50Ms"`
	P95   float64 `json:"p95Ms"`
	P99   float64 `json:"p99Ms"`
	P999  float64 `json:"p999Ms"`
	Max   float64 `json:"maxMs"`
}

// Summary sums up h.
func (h *Hist) Summary() Latency {
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	return Latency{
		Count: h.Count(), Mean: ms(h.Mean()),
		P50: ms(h.Quantile(0.50)), P95: ms(h.Quantile(0.95)), P99: ms(h.Quantile(0.99)),
		P999: ms(h.Quantile(0.999)), Max: ms(h.Max()),
	}
}
