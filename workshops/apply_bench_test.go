package workshops_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// The hot paths of a board, without I/O: Apply for the ops a workshop sends
// most (the board runner runs it twice per op: on the speculative state and
// on the committed one), and what the fan-out does for each recipient of
// an event. Run:
//
//	go test -run '^$' -bench 'Apply|Fanout|Encode|Snapshot' -benchmem ./workshops/

const benchPeople, benchNotes = 50, 1000

var benchText = strings.Repeat("Ideas for the new library: a quiet room, a maker space. ", 4)[:200]

func bptr[T any](v T) *T { return &v }

// benchBoard is a board of benchPeople participants (p0..) and a
// facilitator (f), with benchNotes notes (n0..) written by them and, if
// vote, an open vote "v" with a budget of 100.
func benchBoard(tb testing.TB, people, notes int, vote bool) *workshops.Board {
	tb.Helper()
	b := workshops.NewBoard("bench", "Bench")
	apply := func(actor string, op workshops.Op) {
		e := workshops.Event{Seq: b.Seq + 1, OpID: fmt.Sprint("setup-", b.Seq), Actor: actor, At: 1, Op: op}
		if actor == "" {
			e.OpID = ""
		}
		if err := workshops.Apply(b, e); err != nil {
			tb.Fatalf("setup %s: %v", op.Kind, err)
		}
	}
	apply("", workshops.Op{Kind: workshops.OpParticipantJoin,
		Participant: &workshops.Participant{ID: "f", Name: "Facilitator", Role: workshops.RoleFacilitator}})
	for i := 0; i < people; i++ {
		apply("", workshops.Op{Kind: workshops.OpParticipantJoin,
			Participant: &workshops.Participant{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Person ", i), Role: workshops.RoleParticipant}})
	}
	for i := 0; i < notes; i++ {
		apply(fmt.Sprint("p", i%people), workshops.Op{Kind: workshops.OpNoteCreate, Note: fmt.Sprint("n", i),
			Text: bptr(benchText), Color: bptr(workshops.Color("yellow")), X: bptr(float64(i % 4000)), Y: bptr(float64(i % 3000))})
	}
	if vote {
		apply("f", workshops.Op{Kind: workshops.OpVoteOpen, Vote: "v", Budget: bptr(100)})
	}
	return b
}

// BenchmarkApply: one op applied to a board of 50 people and 1000 notes.
func BenchmarkApply(b *testing.B) {
	b.Run("note.create", func(b *testing.B) {
		board := benchBoard(b, benchPeople, benchNotes, false)
		fresh := board.Clone()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if board.LiveNotes >= workshops.MaxLiveNotes-1 {
				b.StopTimer()
				board = fresh.Clone()
				b.StartTimer()
			}
			e := workshops.Event{Seq: board.Seq + 1, OpID: "op", Actor: "p1", At: 2, Op: workshops.Op{
				Kind: workshops.OpNoteCreate, Note: fmt.Sprint("c", i), Text: &benchText,
				Color: bptr(workshops.Color("yellow")), X: bptr(100.0), Y: bptr(200.0)}}
			if err := workshops.Apply(board, e); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, kind := range []workshops.OpKind{workshops.OpNoteEdit, workshops.OpNoteMove} {
		b.Run(string(kind), func(b *testing.B) {
			board := benchBoard(b, benchPeople, benchNotes, false)
			ops := make([]workshops.Op, benchPeople)
			for p := range ops {
				ops[p] = workshops.Op{Kind: kind, Note: fmt.Sprint("n", p)} // note n<p> is p<p>'s
				if kind == workshops.OpNoteEdit {
					ops[p].Text = &benchText
				} else {
					ops[p].X, ops[p].Y = bptr(300.0), bptr(400.0)
				}
			}
			actors := make([]string, benchPeople)
			for p := range actors {
				actors[p] = fmt.Sprint("p", p)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := i % benchPeople
				e := workshops.Event{Seq: board.Seq + 1, OpID: "op", Actor: actors[p], At: 2, Op: ops[p]}
				if err := workshops.Apply(board, e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("vote.cast", func(b *testing.B) {
		// Cast and take back in turn, so the budget never runs out: every
		// other op is a vote.retract (the same handler).
		board := benchBoard(b, benchPeople, benchNotes, true)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			kind := workshops.OpVoteCast
			if i%2 == 1 {
				kind = workshops.OpVoteRetract
			}
			e := workshops.Event{Seq: board.Seq + 1, OpID: "op", Actor: "p3", At: 2,
				Op: workshops.Op{Kind: kind, Vote: "v", Note: "n7"}}
			if err := workshops.Apply(board, e); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// eventMsg is the server's event frame (server/protocol.go), repeated here
// so the encoding can be measured without the server.
type eventMsg struct {
	Type  string          `json:"type"`
	Event workshops.Event `json:"event"`
}

func benchEvent(board *workshops.Board) workshops.Event {
	e := workshops.Event{Seq: board.Seq + 1, OpID: "550e8400-e29b-41d4-a716-446655440000", Actor: "p1", At: 1_760_000_000_000,
		Op: workshops.Op{Kind: workshops.OpNoteEdit, Note: "n1", Text: &benchText}}
	return e
}

// BenchmarkEncodeEvent: the JSON of one event frame with a 200-character
// note text, as json.Marshal writes it (the server's encode).
func BenchmarkEncodeEvent(b *testing.B) {
	e := benchEvent(workshops.NewBoard("x", "x"))
	b.ReportAllocs()
	var n int
	for i := 0; i < b.N; i++ {
		data, err := json.Marshal(eventMsg{Type: "event", Event: e})
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/frame")
}

// BenchmarkFanoutPerRecipient is what server/board.go's fanout does for each
// connection of a board per committed event: NeedsResync, EventFor, and the
// reflect.DeepEqual that decides whether the shared encoding may be sent.
// The frame itself is encoded once per event (BenchmarkEncodeEvent).
func BenchmarkFanoutPerRecipient(b *testing.B) {
	board := benchBoard(b, benchPeople, benchNotes, false)
	e := benchEvent(board)
	if err := workshops.Apply(board, e); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, benchPeople)
	for i := range ids {
		ids[i] = fmt.Sprint("p", i)
	}
	b.Run("check", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			id := ids[i%benchPeople]
			if board.NeedsResync(e, id) {
				b.Fatal("resync")
			}
			if _, ok := board.EventFor(e, id); !ok {
				b.Fatal("not visible")
			}
		}
	})
	b.Run("check+DeepEqual", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			id := ids[i%benchPeople]
			if board.NeedsResync(e, id) {
				b.Fatal("resync")
			}
			ev, ok := board.EventFor(e, id)
			if !ok || !reflect.DeepEqual(ev, e) {
				b.Fatal("not the whole event")
			}
		}
	})
}

// BenchmarkFanoutEvent: one committed event to a whole room, as the board
// runner does it on its one goroutine (without the channel sends): K
// recipients checked, one encoding. ns/op is per event; the deliveries/s
// metric is K per event.
func BenchmarkFanoutEvent(b *testing.B) {
	for _, k := range []int{5, 50, 500, 1000} {
		b.Run(fmt.Sprint("K=", k), func(b *testing.B) {
			board := benchBoard(b, k, 200, false)
			e := benchEvent(board)
			if err := workshops.Apply(board, e); err != nil {
				b.Fatal(err)
			}
			ids := make([]string, 0, k)
			for id := range board.Participants {
				ids = append(ids, id)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var whole []byte
				for _, id := range ids {
					if board.NeedsResync(e, id) {
						continue
					}
					ev, ok := board.EventFor(e, id)
					if !ok {
						continue
					}
					if reflect.DeepEqual(ev, e) && whole == nil {
						whole, _ = json.Marshal(eventMsg{Type: "event", Event: e})
					}
				}
			}
			b.ReportMetric(float64(b.N)*float64(len(ids))/b.Elapsed().Seconds(), "recipients/s")
		})
	}
}

// BenchmarkSnapshot: what a board costs to send whole (a connect, a resume
// beyond the replay window: ViewFor + JSON) and to store (every 500 events
// the runner marshals the whole board on its goroutine).
func BenchmarkSnapshot(b *testing.B) {
	for _, size := range []struct{ people, notes int }{{50, 1000}, {1000, 4000}} {
		board := benchBoard(b, size.people, size.notes, false)
		name := fmt.Sprintf("people=%d,notes=%d", size.people, size.notes)
		b.Run("view/"+name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for i := 0; i < b.N; i++ {
				data, err := json.Marshal(map[string]any{"type": "snapshot", "board": board.ViewFor("p1")})
				if err != nil {
					b.Fatal(err)
				}
				n = len(data)
			}
			b.ReportMetric(float64(n), "bytes")
		})
		b.Run("store/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := json.Marshal(board); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
