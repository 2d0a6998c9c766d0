package server

import (
	"testing"
	"time"
)

// TestBoardPacing: a board is paced soon after its connections start
// getting more than PaceAbove messages a second, stays paced while they
// get more than half of that, and is unpaced after a quieter second.
func TestBoardPacing(t *testing.T) {
	t0 := time.Now()
	b := &board{hub: &Hub{PaceAbove: 1000, FrameInterval: 33 * time.Millisecond}, paceFrom: t0}
	at := func(d time.Duration, delivered int) bool {
		b.delivered += delivered
		b.pace(t0.Add(d))
		return b.paced.Load()
	}
	if at(50*time.Millisecond, 500) {
		t.Fatal("paced before a tenth of a second was counted")
	}
	if !at(100*time.Millisecond, 0) { // 500 in 0.1 s: 5000 a second
		t.Fatal("not paced in a rush")
	}
	if !at(600*time.Millisecond, 100) {
		t.Fatal("unpaced before a second was counted")
	}
	if at(1100*time.Millisecond, 0) { // 100 in the second: below half
		t.Fatal("still paced after a quiet second")
	}
	if at(2200*time.Millisecond, 900) { // 900 a second: below the limit
		t.Fatal("paced below the limit")
	}
	if !at(2300*time.Millisecond, 150) {
		t.Fatal("not paced at 1500 a second")
	}
	if !at(3300*time.Millisecond, 600) { // 600 a second: above half, stays on
		t.Fatal("unpaced above half the limit")
	}

	never := &board{hub: &Hub{PaceAbove: -1, FrameInterval: 33 * time.Millisecond}, paceFrom: t0}
	never.delivered = 1 << 30
	never.pace(t0.Add(time.Second))
	if never.paced.Load() {
		t.Fatal("PaceAbove -1 paced a board")
	}
}
