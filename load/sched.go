package load

import (
	"context"
	"math"
	"time"
)

// Schedule is an open-loop plan: op k (from 0) is due at Start + k/Rate,
// whatever happened to the ops before it. Nothing a server does (answering
// late or not at all) moves a later op; a dispatcher that falls behind
// catches up by sending what is overdue at once, and the lag is measured
// (see Run). Count ops are planned in all.
type Schedule struct {
	Rate  float64 // ops per second, > 0
	Start time.Time
	Count int64
}

// NewSchedule plans rate ops a second for d from start.
func NewSchedule(rate float64, start time.Time, d time.Duration) Schedule {
	return Schedule{Rate: rate, Start: start, Count: int64(math.Floor(rate * d.Seconds()))}
}

// Planned is when op k is due.
func (s Schedule) Planned(k int64) time.Time {
	return s.Start.Add(time.Duration(float64(k) / s.Rate * float64(time.Second)))
}

// Due is how many ops are due at t: ops 0 to Due(t)-1.
func (s Schedule) Due(t time.Time) int64 {
	el := t.Sub(s.Start)
	if el < 0 {
		return 0
	}
	n := int64(math.Floor(el.Seconds()*s.Rate)) + 1
	return min(n, s.Count)
}

// Run calls dispatch for every op, in order, as soon as it is due, until all
// Count ops are dispatched or ctx ends; it returns how many it dispatched.
// dispatch must not block (hand the op to a queue); it is told the planned
// time, so the caller can measure how late the op really left. tick bounds
// the sleep between checks.
func (s Schedule) Run(ctx context.Context, tick time.Duration, dispatch func(k int64, planned time.Time)) int64 {
	var next int64
	timer := time.NewTimer(0)
	defer timer.Stop()
	for next < s.Count {
		due := s.Due(time.Now())
		for ; next < due; next++ {
			dispatch(next, s.Planned(next))
		}
		if next >= s.Count {
			break
		}
		wait := time.Until(s.Planned(next))
		if wait > tick {
			wait = tick
		}
		if wait < 0 {
			wait = 0
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return next
		case <-timer.C:
		}
	}
	return next
}

// Spread assigns op k to one of n senders, round robin, so each sender gets
// an op every n/rate seconds: evenly spaced, never a burst. It is how a
// total rate is kept under the per-connection limit.
func Spread(k int64, n int) int { return int(k % int64(n)) }

// SendersNeeded is the fewest senders that carry rate ops a second with
// each sending at most perSender messages a second.
func SendersNeeded(rate, perSender float64) int {
	if rate <= 0 {
		return 0
	}
	return int(math.Ceil(rate / perSender))
}
