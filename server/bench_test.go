package server_test

import (
	"fmt"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/server/sqlite"
	"github.com/samskap/samskap/workshops"
	"github.com/samskap/samskap/workshops/storetest"
)

// BenchmarkSubmit measures durable ops through the hub on the SQLite store:
// check, sequence, group commit, apply. One board shared by all goroutines
// (the pipeline batches their ops), and one board per goroutine (the
// store's group commit batches across boards).
func BenchmarkSubmit(b *testing.B) {
	for _, shared := range []bool{true, false} {
		name := "board-per-writer"
		if shared {
			name = "one-board"
		}
		b.Run(name, func(b *testing.B) {
			store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			hub := server.NewHub(store, nil, "test-node", zerolog.New(io.Discard), time.Now)
			hub.NotesPerMinute = 1_000_000 // tests write faster than people
			defer hub.Close()
			var boards atomic.Int64
			newBoard := func() workshops.Workshop {
				ws := storetest.NewWorkshop(fmt.Sprint("board-", boards.Add(1)))
				storetest.MustCreateWorkshop(b, store, ws)
				return ws
			}
			common := newBoard()
			var writers atomic.Int64
			b.SetParallelism(8) // 16 writers on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ws := common
				if !shared {
					ws = newBoard()
				}
				actor := fmt.Sprint("w", writers.Add(1))
				p := workshops.Participant{ID: actor, Name: actor, Role: workshops.RoleParticipant}
				if err := hub.Submit(b.Context(), ws, "", "", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &p}); err != nil {
					b.Error(err)
					return
				}
				note := actor + "-note"
				if err := hub.Submit(b.Context(), ws, actor, "c", createOp(note, "x", 0, 0)); err != nil {
					b.Error(err)
					return
				}
				for i := 0; pb.Next(); i++ {
					op := workshops.Op{Kind: workshops.OpNoteMove, Note: note, X: ptr(float64(i % 1000)), Y: ptr(1.0)}
					if err := hub.Submit(b.Context(), ws, actor, fmt.Sprint("m", i), op); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}
