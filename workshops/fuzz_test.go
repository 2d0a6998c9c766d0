package workshops_test

import (
	"encoding/json"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// FuzzDecodeOp: any input either decodes to an op whose shape is valid, or
// is refused with an *Error of a known code; never a panic.
func FuzzDecodeOp(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"note.create","note":"n1","text":"hei","color":"yellow","x":1,"y":2}`,
		`{"kind":"note.move","note":"n1","x":1e308,"y":-0}`,
		`{"kind":"vote.cast","vote":"v1","note":"n1"}`,
		`{"kind":"group.assign","assign":{"p1":"g1"}}`,
		`{"kind":"note.edit","note":"n1","text":"\u0000<img src=x>"}`,
		`{"kind":"timer.start","ms":60000}`,
		`{"kind":"frame.create","frame":"f","title":"t","x":0,"y":0,"w":10,"h":10}`,
		`{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":1,"y":2},{"kind":"batch","ops":[]}]}`,
		`{"kind":"connector.create","connector":"c","from":{"type":"note","id":"n1"},"to":{"type":"frame","id":""}}`,
		`{"kind":"shape.update","shape":"s1","ifSeq":18446744073709551615,"w":1e400}`,
		`[[[[[[[[[[]]]]]]]]]]`, `null`, `{"kind":5}`, "\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		op, err := workshops.DecodeOp(data)
		if err != nil {
			if workshops.ErrorCode(err) == workshops.EINTERNAL || workshops.ErrorMessage(err) == "" {
				t.Fatalf("refusal without a code or message: %v", err)
			}
			return
		}
		if err := op.CheckShape(); err != nil {
			t.Fatalf("decoded op fails its shape check: %v", err)
		}
		if _, err := json.Marshal(op); err != nil {
			t.Fatalf("decoded op does not encode: %v", err)
		}
	})
}

// FuzzApply: any decodable op, from any person on a board with some
// content, is applied whole or refused without changing the board, and
// the result survives a snapshot round trip.
func FuzzApply(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"note.create","note":"n9","text":"ny","color":"blue","x":5,"y":5}`,
		`{"kind":"note.delete","note":"n1"}`,
		`{"kind":"note.move","note":"n1","x":100,"y":100}`,
		`{"kind":"vote.open","vote":"v1","budget":2}`,
		`{"kind":"breakout.start"}`,
		`{"kind":"participant.remove","person":"p2"}`,
		`{"kind":"frame.create","frame":"f1","title":"Ramme","x":0,"y":0,"w":500,"h":500,"group":"g1"}`,
		`{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":3000,"y":10},{"kind":"note.delete","note":"n2"}]}`,
		`{"kind":"batch","ops":[{"kind":"note.create","note":"n9","text":"a","color":"blue","x":0,"y":0},{"kind":"connector.create","connector":"c2","from":{"type":"note","id":"n9"},"to":{"type":"note","id":"n1"}}]}`,
		`{"kind":"note.restore","note":"n3","text":"tilbake","color":"pink","x":0,"y":0,"w":180,"h":140,"ifSeq":12}`,
		`{"kind":"note.move","note":"n1","x":1,"y":1,"ifSeq":9}`,
		`{"kind":"note.editing","note":"n1","on":true}`,
		`{"kind":"note.edit","note":"n2","text":"over"}`,
		`{"kind":"shape.create","shape":"s2","form":"text","x":0,"y":0,"w":100,"h":30,"text":"Etikett"}`,
		`{"kind":"shape.update","shape":"s1","x":600,"y":600,"text":"ny"}`,
		`{"kind":"shape.restore","shape":"s1","form":"rect","x":0,"y":0,"w":100,"h":30,"ifSeq":13}`,
		`{"kind":"connector.update","connector":"c1","style":"line","text":"med"}`,
		`{"kind":"connector.delete","connector":"c1","ifSeq":11}`,
		`{"kind":"cluster.create","cluster":"k2","name":"Klynge","x":0,"y":0,"w":400,"h":300}`,
		`{"kind":"cluster.update","cluster":"k1","name":"Nytt","x":5,"y":5}`,
		`{"kind":"comment.create","comment":"m2","note":"n1","text":"Enig!"}`,
		`{"kind":"comment.delete","comment":"m1"}`,
		`{"kind":"reaction.set","note":"n1","reaction":"heart","on":true}`,
		`{"kind":"reaction.set","note":"n2","reaction":"idea","on":false}`,
	} {
		for actor := range byte(4) {
			f.Add([]byte(seed), actor)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, who byte) {
		op, err := workshops.DecodeOp(data)
		if err != nil {
			return
		}
		b := fuzzBoard(t)
		actors := []string{"fac", "p1", "p2", "obs", "stranger", ""}
		e := workshops.Event{Seq: b.Seq + 1, OpID: "op", Actor: actors[int(who)%len(actors)], At: 1_800_000_000_000, Op: op}
		before := b.Hash()
		if err := workshops.Apply(b, e); err != nil {
			if b.Hash() != before {
				t.Fatalf("refused %s (%v) changed the board", op.Kind, err)
			}
			return
		}
		if b.Seq != e.Seq {
			t.Fatalf("applied op left seq at %d", b.Seq)
		}
		data2, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		back, err := workshops.DecodeBoard(data2)
		if err != nil || back.Hash() != b.Hash() {
			t.Fatalf("snapshot round trip: %v", err)
		}
		for _, viewer := range actors {
			v := b.ViewFor(viewer)
			if _, err := json.Marshal(v); err != nil {
				t.Fatal(err)
			}
			if !b.NeedsResync(e, viewer) {
				b.EventFor(e, viewer)
			}
		}
	})
}

// fuzzBoard is a board with a facilitator, two participants, an observer,
// two groups and a few notes.
func fuzzBoard(t *testing.T) *workshops.Board {
	b := workshops.NewBoard("fuzz", "Fuzz")
	seq := uint64(0)
	apply := func(actor, op string) {
		o, err := workshops.DecodeOp([]byte(op))
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		seq++
		if err := workshops.Apply(b, workshops.Event{Seq: seq, Actor: actor, OpID: "s", At: 1_800_000_000_000, Op: o}); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	apply("", `{"kind":"participant.join","participant":{"id":"fac","name":"F","role":"facilitator"}}`)
	apply("", `{"kind":"participant.join","participant":{"id":"p1","name":"A","role":"participant"}}`)
	apply("", `{"kind":"participant.join","participant":{"id":"p2","name":"B","role":"participant"}}`)
	apply("", `{"kind":"participant.join","participant":{"id":"obs","name":"O","role":"observer"}}`)
	apply("fac", `{"kind":"group.create","group":"g1","name":"En"}`)
	apply("fac", `{"kind":"group.create","group":"g2","name":"To"}`)
	apply("p1", `{"kind":"note.create","note":"n1","text":"idé","color":"yellow","x":10,"y":10}`)
	apply("p2", `{"kind":"note.create","note":"n2","text":"idé 2","color":"pink","x":300,"y":10}`)
	apply("p1", `{"kind":"note.create","note":"n3","text":"borte","color":"pink","x":600,"y":10}`)
	apply("p1", `{"kind":"connector.create","connector":"c1","from":{"type":"note","id":"n1"},"to":{"type":"note","id":"n2"},"text":"pil"}`)
	apply("p1", `{"kind":"note.delete","note":"n3"}`)
	apply("p2", `{"kind":"shape.create","shape":"s1","form":"rect","x":0,"y":400,"w":300,"h":200,"text":"område"}`)
	apply("p2", `{"kind":"cluster.create","cluster":"k1","name":"Grønt","x":0,"y":0,"w":600,"h":300}`)
	apply("obs", `{"kind":"comment.create","comment":"m1","note":"n1","text":"Kvifor?"}`)
	apply("p2", `{"kind":"reaction.set","note":"n2","reaction":"idea","on":true}`)
	apply("p2", `{"kind":"note.editing","note":"n2","on":true}`)
	return b
}
