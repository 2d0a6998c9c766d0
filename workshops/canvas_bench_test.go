package workshops_test

import (
	"fmt"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// BenchmarkCanvas: canvas ops on a board of 50 people. A batch works on a
// copy of the board (all or nothing), so its cost grows with the board:
// measured at 1,000 and 4,000 notes.
func BenchmarkCanvas(b *testing.B) {
	for _, notes := range []int{benchNotes, 4000} {
		b.Run(fmt.Sprintf("batch3moves/notes=%d", notes), func(b *testing.B) {
			board := benchBoard(b, benchPeople, notes, false)
			op := batchOp(moveOp("n0", 10, 10), moveOp("n50", 20, 20), moveOp("n100", 30, 30))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e := workshops.Event{Seq: board.Seq + 1, OpID: "op", Actor: "p0", At: 2, Op: op}
				if err := workshops.Apply(board, e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("comment.create/notes=1000,comments=2000", func(b *testing.B) {
		board := benchBoard(b, benchPeople, benchNotes, false)
		for i := range 2000 {
			e := workshops.Event{Seq: board.Seq + 1, Actor: "f", At: 2, Op: commentOp(fmt.Sprint("k", i), fmt.Sprint("n", i%benchNotes), benchText)}
			if err := workshops.Apply(board, e); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			op := commentOp(fmt.Sprint("c", i), fmt.Sprint("n", i%benchNotes), benchText)
			if i%benchNotes == 0 && i > 0 {
				b.StopTimer() // keep every note under its 50 comments
				board = benchBoard(b, benchPeople, benchNotes, false)
				b.StartTimer()
			}
			e := workshops.Event{Seq: board.Seq + 1, Actor: "f", At: 2, Op: op}
			if err := workshops.Apply(board, e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("view/notes=1000,shapes=200,connectors=500,comments=2000", func(b *testing.B) {
		board := benchBoard(b, benchPeople, benchNotes, false)
		apply := func(o workshops.Op) {
			if err := workshops.Apply(board, workshops.Event{Seq: board.Seq + 1, Actor: "f", At: 2, Op: o}); err != nil {
				b.Fatal(err)
			}
		}
		for i := range 200 {
			apply(shapeOp(fmt.Sprint("s", i), workshops.FormRect, float64(i*10), 0, 100, 100, ""))
		}
		for i := range 500 {
			apply(connectOp(fmt.Sprint("c", i), noteRef(fmt.Sprint("n", i)), noteRef(fmt.Sprint("n", i+1))))
		}
		for i := range 2000 {
			apply(commentOp(fmt.Sprint("k", i), fmt.Sprint("n", i%benchNotes), benchText))
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_ = board.ViewFor("p1")
		}
	})
}
