package load

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestPickCanvasMix: with the canvas kinds in the mix, a sender sends each
// of them, each as an op the server takes (workshops.DecodeOp), takes its
// reactions back in turn, and stays under the limits (comments per note,
// connectors per person).
func TestPickCanvasMix(t *testing.T) {
	r := &runner{cfg: Config{Mix: Mix{Create: 10, Move: 10, Batch: 20, Comment: 20, React: 20, Connect: 20}, TextBytes: 800},
		rng: rand.New(rand.NewPCG(1, 2)), noteCap: 5, runID: "r", ids: opIDs{prefix: "x"}}
	c := &client{r: r, b: &board{}}
	seen := map[opKind]int{}
	reacts := map[string][]bool{}
	comments := map[string]int{}
	for n := range int64(3000) {
		m := r.pick(c)
		m.n = n
		seen[m.kind]++
		text := noteText(nil, 10, n)
		data := appendOp(nil, r.ids, m, text, "v")
		var msg struct{ Op json.RawMessage }
		if err := json.Unmarshal(data, &msg); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if _, err := workshops.DecodeOp(msg.Op); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		switch m.kind {
		case opReact:
			reacts[m.note] = append(reacts[m.note], m.on)
		case opComment:
			comments[m.note]++
		case opBatch:
			if len(m.notes) < 2 || len(m.notes) > 3 {
				t.Fatalf("a batch of %d notes", len(m.notes))
			}
		}
	}
	for _, k := range []opKind{opCreate, opMove, opBatch, opComment, opReact, opConnect} {
		if seen[k] == 0 {
			t.Errorf("no %s in %v", k, seen)
		}
	}
	if seen[opConnect] > 20 {
		t.Errorf("%d connectors from one person; the cap is 20", seen[opConnect])
	}
	for note, n := range comments {
		if n > 50 {
			t.Errorf("%d comments on %s; a note takes 50", n, note)
		}
	}
	for note, ons := range reacts {
		for i, on := range ons {
			if on != (i%2 == 0) {
				t.Fatalf("reactions on %s do not alternate add and take back: %v", note, ons)
			}
		}
	}
}
