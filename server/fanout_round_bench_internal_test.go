//go:build unix

package server

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkFanoutRound: the write path in the outside harness's shape. A
// 300-byte event is queued to each of 49 connections (as a board's
// fan-out does), and the next only when every reader in this process has
// received it, so each delivery is a frame of its own (no batching to
// hide the per-frame cost). ns/op is per delivery; cpu-ns/delivery is the
// process's user+system CPU time (getrusage) per delivery, which hardly
// depends on other load on the machine; the readers' share is the same
// in every build, so differences between builds are the server side's.
//
//	taskset -c 0 go test -run '^$' -bench FanoutRound -benchmem -cpu 2 ./server/
func BenchmarkFanoutRound(b *testing.B) {
	const k = 49
	conns := make([]*conn, k)
	var got, target atomic.Int64
	roundDone := make(chan struct{}, 1)
	for i := range conns {
		c, client, release := pair(b, "v=2")
		c.busyPing = 0 // nothing here reads the pongs
		release()
		conns[i] = c
		go func() {
			for {
				_, r, err := client.NextReader()
				if err != nil {
					return
				}
				io.Copy(io.Discard, r)
				if got.Add(1) == target.Load() {
					roundDone <- struct{}{}
				}
			}
		}()
	}
	msg := []byte(`{"type":"event","event":{"seq":1,"opId":"x","actor":"p","at":1,"op":{"kind":"note.edit","note":"n","text":"` +
		strings.Repeat("x", 200) + `"}}}`)
	rounds := (b.N + k - 1) / k
	var ru0, ru1 syscall.Rusage
	b.ReportAllocs()
	b.ResetTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for r := range rounds {
		target.Store(int64(r+1) * k)
		for _, c := range conns {
			if !c.enqueue(msg) {
				b.Fatal("the connection was closed")
			}
		}
		select {
		case <-roundDone:
		case <-time.After(30 * time.Second):
			b.Fatal(fmt.Sprintf("round %d: %d of %d delivered", r, got.Load(), target.Load()))
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.StopTimer()
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(rounds*k), "cpu-ns/delivery")
}
