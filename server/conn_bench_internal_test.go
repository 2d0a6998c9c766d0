package server

import (
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// BenchmarkConnSend: the board queues 300-byte messages to one connection
// as fast as the connection takes them (at most 128 waiting), its write
// goroutine writes them to a loopback socket, and a reader drains the
// other end in this process. ns/op, B/op and allocs/op are per message;
// msgs/frame is how many went in one frame.
//
//	go test -run '^$' -bench ConnSend -benchmem ./server/
func BenchmarkConnSend(b *testing.B) {
	for _, tc := range []struct{ name, query string }{{"v2", "v=2"}, {"v1", ""}} {
		b.Run(tc.name, func(b *testing.B) {
			c, client, release := pair(b, tc.query)
			release()
			var frames atomic.Int64
			go func() {
				for {
					_, r, err := client.NextReader()
					if err != nil {
						return
					}
					io.Copy(io.Discard, r)
					frames.Add(1)
				}
			}()
			msg := []byte(`{"type":"event","event":{"seq":1,"opId":"x","actor":"p","at":1,"op":{"kind":"note.edit","note":"n","text":"` +
				strings.Repeat("x", 220) + `"}}}`)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for c.waiting() >= sendQueueSize/2 {
					runtime.Gosched()
				}
				if !c.enqueue(msg) {
					b.Fatal("the connection was closed")
				}
			}
			for c.waiting() > 0 {
				runtime.Gosched()
			}
			b.StopTimer()
			if f := frames.Load(); f > 0 {
				b.ReportMetric(float64(b.N)/float64(f), "msgs/frame")
			}
		})
	}
}

// waiting is how many durable messages wait in the queue.
func (c *conn) waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.durable
}
