package workshops_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// ---- op builders for the canvas ops ----

func withShape(id string) func(*workshops.Op) { return func(o *workshops.Op) { o.Shape = id } }
func withForm(f workshops.ShapeForm) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Form = f }
}
func withConnector(id string) func(*workshops.Op) { return func(o *workshops.Op) { o.Connector = id } }
func withCluster(id string) func(*workshops.Op)   { return func(o *workshops.Op) { o.Cluster = id } }
func withComment(id string) func(*workshops.Op)   { return func(o *workshops.Op) { o.Comment = id } }
func withIfSeq(s uint64) func(*workshops.Op)      { return func(o *workshops.Op) { o.IfSeq = s } }
func withReaction(r string) func(*workshops.Op)   { return func(o *workshops.Op) { o.Reaction = r } }
func withColor(c workshops.Color) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Color = &c }
}
func withStyle(s workshops.ConnectorStyle) func(*workshops.Op) {
	return func(o *workshops.Op) { o.Style = s }
}
func withEnds(from, to workshops.Ref) func(*workshops.Op) {
	return func(o *workshops.Op) { o.From, o.To = &from, &to }
}
func withSet(set ...func(*workshops.Op)) func(*workshops.Op) {
	return func(o *workshops.Op) {
		for _, f := range set {
			f(o)
		}
	}
}

func noteRef(id string) workshops.Ref  { return workshops.Ref{Type: workshops.RefNote, ID: id} }
func frameRef(id string) workshops.Ref { return workshops.Ref{Type: workshops.RefFrame, ID: id} }

func batchOp(ops ...workshops.Op) workshops.Op {
	return workshops.Op{Kind: workshops.OpBatch, Ops: ops}
}

func shapeOp(id string, form workshops.ShapeForm, x, y, w, h float64, text string) workshops.Op {
	o := op(workshops.OpShapeCreate, withShape(id), withForm(form), withXY(x, y), withWH(w, h))
	if text != "" {
		o.Text = &text
	}
	return o
}

func connectOp(id string, from, to workshops.Ref) workshops.Op {
	return op(workshops.OpConnectorCreate, withConnector(id), withEnds(from, to))
}

func clusterOp(id, name string, x, y, w, h float64) workshops.Op {
	return op(workshops.OpClusterCreate, withCluster(id), withName(name), withXY(x, y), withWH(w, h))
}

func commentOp(id, note, text string) workshops.Op {
	return op(workshops.OpCommentCreate, withComment(id), withNote(note), withText(text))
}

func reactOp(note, r string, on bool) workshops.Op {
	return op(workshops.OpReactionSet, withNote(note), withReaction(r), withOn(on))
}

func restoreOp(n workshops.Note, ifSeq uint64) workshops.Op {
	return op(workshops.OpNoteRestore, withNote(n.ID), withText(n.Text), withColor(n.Color),
		withXY(n.X, n.Y), withWH(n.W, n.H), withIfSeq(ifSeq))
}

// ---- shapes of the ops ----

func TestCanvasOpShapes(t *testing.T) {
	good := []string{
		`{"kind":"shape.create","shape":"s1","form":"text","x":1,"y":2,"w":100,"h":40,"text":"Sentrum"}`,
		`{"kind":"shape.update","shape":"s1","ifSeq":7,"color":"blue"}`,
		`{"kind":"connector.create","connector":"c1","from":{"type":"note","id":"n1"},"to":{"type":"frame","id":"f1"},"style":"line","text":"med"}`,
		`{"kind":"cluster.restore","cluster":"k1","name":"Grønt","x":0,"y":0,"w":300,"h":300,"ifSeq":3}`,
		`{"kind":"comment.create","comment":"k1","note":"n1","text":"Gjeld dette alle?"}`,
		`{"kind":"reaction.set","note":"n1","reaction":"idea","on":true}`,
		`{"kind":"note.editing","note":"n1","on":false}`,
		`{"kind":"note.move","note":"n1","x":1,"y":2,"ifSeq":12}`,
		`{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":1,"y":2},{"kind":"note.delete","note":"n2","ifSeq":4}]}`,
	}
	for _, raw := range good {
		o, err := workshops.DecodeOp([]byte(raw))
		if err != nil {
			t.Errorf("%s: %v", raw, err)
			continue
		}
		back, _ := json.Marshal(o)
		if again, err := workshops.DecodeOp(back); err != nil || !reflect.DeepEqual(again, o) {
			t.Errorf("%s does not survive a round trip: %s (%v)", raw, back, err)
		}
	}
	bad := map[string]string{
		`{"kind":"note.restore","note":"n1","text":"t","color":"blue","x":1,"y":2,"w":100,"h":100}`: workshops.EINVALID, // no ifSeq
		`{"kind":"shape.create","shape":"s1","x":1,"y":2,"w":100,"h":40}`:                           workshops.EINVALID, // no form
		`{"kind":"batch","ops":[]}`: workshops.EINVALID,
		`{"kind":"batch","ops":[{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":1,"y":2}]}]}`:                    workshops.EINVALID,
		`{"kind":"batch","ops":[{"kind":"comment.create","comment":"k","note":"n","text":"t"}]}`:                            workshops.EINVALID,
		`{"kind":"batch","ops":[{"kind":"board.lock","on":true}]}`:                                                          workshops.EINVALID,
		`{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":1}]}`:                                                   workshops.EINVALID,
		`{"kind":"batch","ops":[{"kind":"note.fly","note":"n1"}]}`:                                                          workshops.EUNKNOWNOP,
		`{"kind":"batch","ops":[{"kind":"note.move","note":"n1","x":1,"y":2,"surprise":1}]}`:                                workshops.EBADJSON,
		`{"kind":"connector.create","connector":"c","from":{"type":"note","id":"n1","x":1},"to":{"type":"note","id":"n2"}}`: workshops.EBADJSON,
		`{"kind":"reaction.set","note":"n1","reaction":"idea"}`:                                                             workshops.EINVALID,
	}
	for raw, code := range bad {
		_, err := workshops.DecodeOp([]byte(raw))
		if got := workshops.ErrorCode(err); got != code {
			t.Errorf("%s: code %q (%v), want %q", raw, got, err, code)
		}
	}
	var many []string
	for i := range workshops.MaxBatchOps + 1 {
		many = append(many, fmt.Sprintf(`{"kind":"note.move","note":"n%d","x":1,"y":2}`, i))
	}
	_, err := workshops.DecodeOp([]byte(`{"kind":"batch","ops":[` + strings.Join(many, ",") + `]}`))
	wantCode(t, err, workshops.ETOOLARGE)
}

// ---- batches ----

func TestBatchIsOneEvent(t *testing.T) {
	b := workshopBoard(t)
	e := mustApply(t, b, aliceID, batchOp(moveOp("n-a", 2200, 300), moveOp("n-a2", 2500, 300), recolorOp("n-a", workshops.ColorGreen)))
	for _, id := range []string{"n-a", "n-a2"} {
		if n := b.Notes[id]; n.Seq != e.Seq || n.Y != 300 || n.Z != e.Seq {
			t.Errorf("note %s after the batch: %+v; want y 300, seq and z %d", id, n, e.Seq)
		}
	}
	if b.Notes["n-a"].Color != workshops.ColorGreen || b.Seq != e.Seq {
		t.Errorf("the batch's last op did not land, or seq %d != %d", b.Seq, e.Seq)
	}
	// A paste: notes and a connector between them, in one op.
	e = mustApply(t, b, aliceID, batchOp(
		createOp("p1", "lim inn 1", workshops.ColorYellow, 2100, 600),
		createOp("p2", "lim inn 2", workshops.ColorYellow, 2400, 600),
		connectOp("pc", noteRef("p1"), noteRef("p2"))))
	if b.Connectors["pc"].Seq != e.Seq || b.Notes["p2"].Seq != e.Seq {
		t.Errorf("paste: connector %+v", b.Connectors["pc"])
	}
}

func TestBatchAllOrNothing(t *testing.T) {
	b := workshopBoard(t)
	// The third op names a note alice may not see: nothing of the batch lands.
	o := batchOp(moveOp("n-a", 2200, 300), createOp("x1", "ny", workshops.ColorBlue, 2100, 500), moveOp("n-b", 4200, 300))
	refused(t, b, aliceID, o, workshops.ENOTFOUND)
	err := workshops.Apply(b, event(b, aliceID, o))
	if !strings.HasPrefix(workshops.ErrorMessage(err), "op 3: ") {
		t.Errorf("message %q does not say which op", workshops.ErrorMessage(err))
	}
	// Ops see the ones before: the second move of the same note with the
	// batch's own seq is stale (the first gave the note the batch's seq,
	// not the old one).
	old := b.Notes["n-a"].Seq
	refused(t, b, aliceID, batchOp(moveOp("n-a", 2200, 300), op(workshops.OpNoteMove, withNote("n-a"), withXY(1, 1), withIfSeq(old))), workshops.ESTALE)
	refused(t, b, obsID, batchOp(moveOp("n-plen", 1, 1)), workshops.EFORBIDDEN)
	// A participant may not delete someone else's note in a batch either.
	refused(t, b, aliceID, batchOp(moveOp("n-a", 2200, 300), deleteOp("n-a2")), workshops.EFORBIDDEN)
	// What the ops before a refusal did is rolled back, whatever it
	// touched: a new note, the live count, a lock, dots handed back, a
	// shape, a cluster, a connector.
	mustApply(t, b, facID, voteOpenOp("v1", 3))
	mustApply(t, b, aliceID, castOp("v1", "n-a"))
	mustApply(t, b, aliceID, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true)))
	mustApply(t, b, aliceID, shapeOp("s1", workshops.FormRect, 2100, 700, 100, 100, ""))
	refused(t, b, aliceID, batchOp(
		createOp("x2", "ny", workshops.ColorBlue, 2100, 500),
		connectOp("c1", noteRef("x2"), noteRef("n-a")),
		clusterOp("k1", "Klynge", 2050, 450, 400, 300),
		op(workshops.OpShapeUpdate, withShape("s1"), withXY(2200, 800)),
		editOp("n-a", "skrive"),
		deleteOp("n-a"),
		moveOp("n-b", 1, 1)), workshops.ENOTFOUND)
	if b.Votes["v1"].Ballots[aliceID]["n-a"] != 1 || b.Editing["n-a"].By != aliceID {
		t.Errorf("the rollback lost a dot or a lock: %+v %+v", b.Votes["v1"], b.Editing)
	}
}

func TestBatchEventIsCutPerViewer(t *testing.T) {
	b := workshopBoard(t)
	o := batchOp(moveOp("n-plen", 200, 200), moveOp("n-a", 2200, 200), moveOp("n-b", 4200, 200))
	e := mustApply(t, b, facID, o)
	kinds := func(ev workshops.Event) []string {
		var ids []string
		for _, s := range ev.Op.Ops {
			ids = append(ids, s.Note)
		}
		return ids
	}
	for viewer, want := range map[string][]string{
		facID: {"n-plen", "n-a", "n-b"}, aliceID: {"n-plen", "n-a"}, bobID: {"n-plen", "n-b"}, obsID: {"n-plen"},
	} {
		if b.NeedsResync(e, viewer) {
			t.Fatalf("%s needs a resync", viewer)
		}
		ev, ok := b.EventFor(e, viewer)
		if !ok || !reflect.DeepEqual(kinds(ev), want) {
			t.Errorf("%s gets %v (%v), want %v", viewer, kinds(ev), ok, want)
		}
		if unchanged := len(want) == 3; workshops.Unredacted(ev, e) != unchanged {
			t.Errorf("%s: Unredacted = %v", viewer, !unchanged)
		}
	}
	if len(e.Op.Ops) != 3 {
		t.Errorf("EventFor changed the event: %+v", e.Op.Ops)
	}
	// Someone who sees none of it gets nothing.
	e = mustApply(t, b, bobID, batchOp(moveOp("n-b", 4300, 200)))
	if _, ok := b.EventFor(e, aliceID); ok {
		t.Errorf("alice gets group B's batch")
	}
}

// ---- undo, redo, restore ----

func TestUndoPrecondition(t *testing.T) {
	b := workshopBoard(t)
	move := mustApply(t, b, aliceID, moveOp("n-a", 2300, 300))
	// Undo while nobody else touched it: accepted.
	undo := mustApply(t, b, aliceID, op(workshops.OpNoteMove, withNote("n-a"), withXY(2100, 100), withIfSeq(move.Seq)))
	// Redo, named by the undo's seq.
	redo := mustApply(t, b, aliceID, op(workshops.OpNoteMove, withNote("n-a"), withXY(2300, 300), withIfSeq(undo.Seq)))
	// Carol recolours it: alice's undo of the redo no longer applies.
	mustApply(t, b, carolID, recolorOp("n-a", workshops.ColorPink))
	refused(t, b, aliceID, op(workshops.OpNoteMove, withNote("n-a"), withXY(2100, 100), withIfSeq(redo.Seq)), workshops.ESTALE)
	// A frame move carries the note along: that is a change too.
	e := mustApply(t, b, aliceID, editOp("n-a", "ny tekst"))
	mustApply(t, b, facID, op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(2000, 50)))
	refused(t, b, aliceID, op(workshops.OpNoteEdit, withNote("n-a"), withText("group A idea"), withIfSeq(e.Seq)), workshops.ESTALE)
	// Deleted since: "deleted".
	e = mustApply(t, b, carolID, moveOp("n-a2", 2400, 400))
	mustApply(t, b, facID, deleteOp("n-a2"))
	refused(t, b, carolID, op(workshops.OpNoteMove, withNote("n-a2"), withXY(2400, 100), withIfSeq(e.Seq)), workshops.EDELETED)
}

func TestNoteRestore(t *testing.T) {
	b := workshopBoard(t)
	before := b.Notes["n-a"]
	del := mustApply(t, b, aliceID, deleteOp("n-a"))
	live := b.LiveNotes
	refused(t, b, carolID, restoreOp(before, del.Seq), workshops.EFORBIDDEN)     // not hers
	refused(t, b, facID, restoreOp(before, del.Seq), workshops.EFORBIDDEN)       // only the author
	refused(t, b, aliceID, restoreOp(before, del.Seq-1), workshops.ESTALE)       // wrong seq
	refused(t, b, bobID, restoreOp(before, del.Seq), workshops.ENOTFOUND)        // out of his sight
	refused(t, b, aliceID, restoreOp(b.Notes["n-plen"], 1), workshops.ECONFLICT) // not deleted
	e := mustApply(t, b, aliceID, restoreOp(before, del.Seq))
	n := b.Notes["n-a"]
	if n.Deleted || n.Text != before.Text || n.Author != aliceID || n.CreatedAt != before.CreatedAt || n.Frame != "f-a" || n.Seq != e.Seq {
		t.Errorf("restored note %+v; was %+v", n, before)
	}
	if b.LiveNotes != live+1 {
		t.Errorf("LiveNotes %d, want %d", b.LiveNotes, live+1)
	}
	// Nothing attached: the event is enough.
	if b.NeedsResync(e, carolID) {
		t.Errorf("a plain restore needs a resync")
	}
	if _, ok := b.EventFor(e, bobID); ok {
		t.Errorf("bob (group B) gets group A's restore")
	}
}

// ---- connectors ----

func TestConnectorDanglingRule(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, aliceID, connectOp("c1", noteRef("n-a"), noteRef("n-a2")))
	mustApply(t, b, aliceID, op(workshops.OpConnectorCreate, withConnector("c2"), withEnds(noteRef("n-a"), frameRef("f-plen")),
		withStyle(workshops.StyleLine), withText("  samarbeider med  ")))
	if c := b.Connectors["c2"]; c.Text != "samarbeider med" || c.Style != workshops.StyleLine {
		t.Errorf("c2 = %+v", c)
	}
	if c := b.Connectors["c1"]; c.Style != workshops.StyleArrow {
		t.Errorf("the default style is arrow: %+v", c)
	}
	refused(t, b, aliceID, connectOp("c3", noteRef("n-a"), noteRef("n-b")), workshops.ENOTFOUND) // group B's note
	refused(t, b, aliceID, connectOp("c3", noteRef("n-a"), noteRef("n-a")), workshops.EINVALID)
	refused(t, b, aliceID, connectOp("c1", noteRef("n-a"), noteRef("n-plen")), workshops.ECONFLICT)
	refused(t, b, aliceID, connectOp("c3", noteRef("n-a"), workshops.Ref{Type: "vote", ID: "v"}), workshops.EINVALID)
	refused(t, b, obsID, connectOp("c3", noteRef("n-plen"), frameRef("f-plen")), workshops.EFORBIDDEN)
	// Who sees them: those who see both ends.
	for viewer, want := range map[string]int{facID: 2, aliceID: 2, carolID: 2, bobID: 0, obsID: 0} {
		if got := len(b.ViewFor(viewer).Connectors); got != want {
			t.Errorf("%s sees %d connectors, want %d", viewer, got, want)
		}
	}
	// Carol's note goes: c1 is kept but shown to nobody, and refused.
	before := b.Notes["n-a2"]
	del := mustApply(t, b, carolID, deleteOp("n-a2"))
	if b.Connectors["c1"].Deleted {
		t.Fatalf("the connector was deleted with its end")
	}
	if got := len(b.ViewFor(facID).Connectors); got != 1 {
		t.Errorf("a dangling connector is in the view: %d", got)
	}
	refused(t, b, aliceID, op(workshops.OpConnectorUpdate, withConnector("c1"), withStyle(workshops.StyleLine)), workshops.EDELETED)
	// Undoing the delete brings it back, and sends a snapshot.
	e := mustApply(t, b, carolID, restoreOp(before, del.Seq))
	if got := len(b.ViewFor(carolID).Connectors); got != 2 {
		t.Errorf("after the restore carol sees %d connectors, want 2", got)
	}
	if !b.NeedsResync(e, carolID) || !b.NeedsResync(e, facID) || b.NeedsResync(e, bobID) {
		t.Errorf("a restore with a connector: resync carol %v fac %v bob %v", b.NeedsResync(e, carolID), b.NeedsResync(e, facID), b.NeedsResync(e, bobID))
	}
	// The label is the author's; anyone may restyle; the author deletes.
	refused(t, b, carolID, op(workshops.OpConnectorUpdate, withConnector("c1"), withText("nei")), workshops.EFORBIDDEN)
	mustApply(t, b, carolID, op(workshops.OpConnectorUpdate, withConnector("c1"), withStyle(workshops.StyleLine)))
	refused(t, b, carolID, op(workshops.OpConnectorDelete, withConnector("c1")), workshops.EFORBIDDEN)
	d := mustApply(t, b, aliceID, op(workshops.OpConnectorDelete, withConnector("c2")))
	refused(t, b, aliceID, op(workshops.OpConnectorRestore, withConnector("c2"), withEnds(noteRef("n-a"), frameRef("f-a")),
		withStyle(workshops.StyleLine), withIfSeq(d.Seq)), workshops.EINVALID) // other ends
	mustApply(t, b, aliceID, op(workshops.OpConnectorRestore, withConnector("c2"), withEnds(noteRef("n-a"), frameRef("f-plen")),
		withStyle(workshops.StyleLine), withText("samarbeider med"), withIfSeq(d.Seq)))
	// A locked frame stops participants' connectors there.
	mustApply(t, b, facID, op(workshops.OpFrameLock, withFrame("f-a"), withOn(true)))
	refused(t, b, aliceID, connectOp("c4", noteRef("n-a"), noteRef("n-plen")), workshops.ELOCKED)
}

// ---- shapes ----

func TestShapes(t *testing.T) {
	b := workshopBoard(t)
	refused(t, b, aliceID, shapeOp("t1", workshops.FormText, 2100, 700, 200, 40, ""), workshops.EINVALID) // a label needs text
	refused(t, b, aliceID, shapeOp("t1", "star", 2100, 700, 200, 40, "x"), workshops.EINVALID)
	refused(t, b, aliceID, shapeOp("t1", workshops.FormRect, 4100, 700, 200, 40, ""), workshops.EFORBIDDEN) // group B's frame
	refused(t, b, aliceID, shapeOp("t1", workshops.FormRect, 2100, 700, 10, 40, ""), workshops.EINVALID)
	mustApply(t, b, aliceID, shapeOp("t1", workshops.FormText, 2100, 700, 200, 40, "Sentrum"))
	s1 := mustApply(t, b, aliceID, shapeOp("s1", workshops.FormEllipse, 2050, 650, 400, 300, ""))
	if s := b.Shapes["t1"]; s.Frame != "f-a" || s.Author != aliceID || s.Text != "Sentrum" {
		t.Errorf("t1 = %+v", s)
	}
	// Carol may move alice's shape but not rewrite or delete it.
	mustApply(t, b, carolID, op(workshops.OpShapeUpdate, withShape("s1"), withXY(2060, 660), withColor(workshops.ColorBlue)))
	refused(t, b, carolID, op(workshops.OpShapeUpdate, withShape("t1"), withText("Mitt")), workshops.EFORBIDDEN)
	refused(t, b, carolID, op(workshops.OpShapeDelete, withShape("t1")), workshops.EFORBIDDEN)
	refused(t, b, aliceID, op(workshops.OpShapeUpdate, withShape("s1"), withXY(4100, 100)), workshops.EFORBIDDEN) // across groups
	refused(t, b, aliceID, op(workshops.OpShapeDelete, withShape("s1"), withIfSeq(s1.Seq)), workshops.ESTALE)
	refused(t, b, aliceID, op(workshops.OpShapeUpdate, withShape("s1")), workshops.EINVALID)
	if got := len(b.ViewFor(bobID).Shapes); got != 0 {
		t.Errorf("bob sees %d of group A's shapes", got)
	}
	// A frame move carries its shapes.
	mustApply(t, b, facID, op(workshops.OpFrameUpdate, withFrame("f-a"), withXY(2000, 100)))
	if s := b.Shapes["t1"]; s.Y != 800 {
		t.Errorf("t1 did not move with its frame: %+v", s)
	}
	d := mustApply(t, b, aliceID, op(workshops.OpShapeDelete, withShape("t1")))
	if s := b.Shapes["t1"]; !s.Deleted || s.Text != "" {
		t.Errorf("a shape's tombstone keeps its text: %+v", s)
	}
	mustApply(t, b, aliceID, op(workshops.OpShapeRestore, withShape("t1"), withForm(workshops.FormText), withXY(2100, 800),
		withWH(200, 40), withText("Sentrum"), withIfSeq(d.Seq)))
	if s := b.Shapes["t1"]; s.Deleted || s.Text != "Sentrum" || s.CreatedAt != atOf(s1.Seq-1) {
		t.Errorf("restored t1 = %+v", s)
	}
}

// ---- clusters ----

func TestClusters(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, aliceID, clusterOp("k1", " Grønt ", 2050, 50, 600, 300))
	k := b.Clusters["k1"]
	if k.Name != "Grønt" || k.Frame != "f-a" || k.By != aliceID {
		t.Fatalf("k1 = %+v", k)
	}
	// n-a (2100,100) and n-a2 (2400,100) have their centres inside.
	for id, want := range map[string]string{"n-a": "k1", "n-a2": "k1", "n-plen": "", "n-b": ""} {
		if got := b.ClusterOf(b.Notes[id]); got != want {
			t.Errorf("ClusterOf(%s) = %q, want %q", id, got, want)
		}
	}
	// A smaller cluster inside wins for the notes it holds.
	mustApply(t, b, carolID, clusterOp("k2", "Blått", 2380, 80, 220, 180))
	if got := b.ClusterOf(b.Notes["n-a2"]); got != "k2" {
		t.Errorf("n-a2 is in %q, want the inner k2", got)
	}
	// Dragging a note out takes it out.
	mustApply(t, b, aliceID, moveOp("n-a", 2100, 600))
	if got := b.ClusterOf(b.Notes["n-a"]); got != "" {
		t.Errorf("n-a moved out is still in %q", got)
	}
	// Anyone in the group may rename; the name is then theirs.
	mustApply(t, b, carolID, op(workshops.OpClusterUpdate, withCluster("k1"), withName("Grønne idéar")))
	if k := b.Clusters["k1"]; k.By != carolID || k.Author != aliceID {
		t.Errorf("after carol's rename: %+v", k)
	}
	refused(t, b, carolID, op(workshops.OpClusterUpdate, withCluster("k1"), withName("  ")), workshops.EINVALID)
	refused(t, b, bobID, op(workshops.OpClusterUpdate, withCluster("k1"), withName("x")), workshops.ENOTFOUND)
	refused(t, b, obsID, clusterOp("k3", "x", 100, 100, 300, 300), workshops.EFORBIDDEN)
	if got := len(b.ViewFor(bobID).Clusters); got != 0 {
		t.Errorf("bob sees group A's clusters")
	}
	d := mustApply(t, b, aliceID, op(workshops.OpClusterDelete, withCluster("k2")))
	mustApply(t, b, carolID, op(workshops.OpClusterRestore, withCluster("k2"), withName("Blått"), withXY(2380, 80), withWH(220, 180), withIfSeq(d.Seq)))
	if k := b.Clusters["k2"]; k.Deleted || k.Author != carolID || k.By != carolID {
		t.Errorf("restored k2 = %+v", k)
	}
}

// ---- comments and reactions ----

func TestCommentsFollowTheirNote(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	// An observer may comment and react, not change the exercise.
	e := mustApply(t, b, obsID, commentOp("k1", "n-plen", "  Gjeld dette heile kommunen?  "))
	if c := b.Comments["k1"]; c.Text != "Gjeld dette heile kommunen?" || c.Author != obsID || c.Seq != e.Seq {
		t.Errorf("k1 = %+v", c)
	}
	mustApply(t, b, obsID, reactOp("n-plen", "idea", true))
	refused(t, b, obsID, reactOp("n-plen", "idea", true), workshops.ECONFLICT)
	refused(t, b, obsID, reactOp("n-plen", "heart", false), workshops.ECONFLICT)
	refused(t, b, obsID, reactOp("n-plen", "thumbsdown", true), workshops.EINVALID)
	refused(t, b, obsID, moveOp("n-plen", 1, 1), workshops.EFORBIDDEN)
	refused(t, b, obsID, commentOp("k2", "n-plen", "   "), workshops.EINVALID)
	refused(t, b, obsID, commentOp("k2", "n-plen", strings.Repeat("ø", workshops.MaxCommentLen+1)), workshops.ETOOLARGE)
	mustApply(t, b, aliceID, reactOp("n-plen", "idea", true))
	if got := b.Notes["n-plen"].Reactions["idea"]; !reflect.DeepEqual(got, []string{aliceID, obsID}) {
		t.Errorf("reactions = %v", got)
	}
	// A lock does not stop comments (like dots).
	mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(true)))
	mustApply(t, b, aliceID, commentOp("k2", "n-plen", "Ja"))
	mustApply(t, b, facID, op(workshops.OpBoardLock, withOn(false)))

	// In breakout a comment in group A reaches group A and facilitators only.
	mustApply(t, b, facID, op(workshops.OpBreakoutStart))
	e = mustApply(t, b, carolID, commentOp("ka", "n-a", "hemmeleg for B"))
	for viewer, want := range map[string]bool{facID: true, aliceID: true, carolID: true, bobID: false, obsID: false, "stranger": false} {
		_, got := b.EventFor(e, viewer)
		inView := strings.Contains(mustJSON(t, b.ViewFor(viewer)), "hemmeleg for B")
		if got != want || inView != want {
			t.Errorf("%s: event %v, in view %v; want %v", viewer, got, inView, want)
		}
	}
	refused(t, b, bobID, commentOp("kb", "n-a", "hei"), workshops.ENOTFOUND)
	refused(t, b, bobID, op(workshops.OpCommentDelete, withComment("ka")), workshops.ENOTFOUND)
	refused(t, b, aliceID, op(workshops.OpCommentDelete, withComment("ka")), workshops.EFORBIDDEN)
	// Hidden with its note.
	mustApply(t, b, facID, hideOp("n-a", true))
	if strings.Contains(mustJSON(t, b.ViewFor(aliceID)), "hemmeleg for B") {
		t.Errorf("a hidden note's comment reaches alice")
	}
	mustApply(t, b, facID, hideOp("n-a", false))
	d := mustApply(t, b, carolID, op(workshops.OpCommentDelete, withComment("ka")))
	if c := b.Comments["ka"]; !c.Deleted || c.Text != "" {
		t.Errorf("deleted comment %+v", c)
	}
	if _, ok := b.EventFor(d, bobID); ok {
		t.Errorf("bob gets the delete of group A's comment")
	}
	// The limit per note.
	for i := range workshops.MaxCommentsPerNote - 2 {
		mustApply(t, b, aliceID, commentOp(fmt.Sprint("m", i), "n-plen", "x"))
	}
	refused(t, b, aliceID, commentOp("over", "n-plen", "x"), workshops.ELIMIT)
}

func TestPrivateCommentsAndShapes(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	mustApply(t, b, facID, op(workshops.OpPrivateStart, withFrames("f-plen")))
	mustApply(t, b, aliceID, createOp("np", "mitt private", workshops.ColorYellow, 300, 300))
	mustApply(t, b, aliceID, shapeOp("sp", workshops.FormText, 300, 600, 200, 40, "min private etikett"))
	mustApply(t, b, aliceID, commentOp("kp", "np", "min private kommentar"))
	refused(t, b, carolID, commentOp("kc", "np", "ser du meg?"), workshops.ENOTFOUND)
	for viewer, want := range map[string]bool{aliceID: true, facID: true, carolID: false, bobID: false, obsID: false} {
		js := mustJSON(t, b.ViewFor(viewer))
		if strings.Contains(js, "min private kommentar") != want || strings.Contains(js, "min private etikett") != want {
			t.Errorf("%s sees the private comment or label: %v, want %v", viewer, !want, want)
		}
	}
	mustApply(t, b, facID, op(workshops.OpPrivateReveal))
	if !strings.Contains(mustJSON(t, b.ViewFor(carolID)), "min private etikett") {
		t.Errorf("the label is still private after the reveal")
	}
}

// ---- the editing lock ----

func TestEditingLock(t *testing.T) {
	b := workshopBoard(t)
	at := atOf(b.Seq + 1)
	if err := applyAt(t, b, aliceID, at, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true))); err != nil {
		t.Fatal(err)
	}
	if l := b.Editing["n-a"]; l.By != aliceID || l.Until != at+workshops.EditLockMs {
		t.Fatalf("lock = %+v", l)
	}
	lockedEdit := func(actor string, at int64, o workshops.Op) error {
		t.Helper()
		hash := b.Hash()
		err := applyAt(t, b, actor, at, o)
		if err != nil && b.Hash() != hash {
			t.Fatalf("refused %s changed the board", o.Kind)
		}
		return err
	}
	// A facilitator's edit and delete within the 20 s: refused; a move is not.
	wantCode(t, lockedEdit(facID, at+5000, editOp("n-a", "overskrive")), workshops.EEDITING)
	wantCode(t, lockedEdit(facID, at+5000, deleteOp("n-a")), workshops.EEDITING)
	wantCode(t, lockedEdit(facID, at+5000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true))), workshops.EEDITING)
	wantCode(t, lockedEdit(carolID, at+5000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true))), workshops.EFORBIDDEN)
	wantCode(t, lockedEdit(facID, at+5000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(false))), workshops.ECONFLICT)
	wantCode(t, lockedEdit(carolID, at+5000, moveOp("n-a", 2150, 150)), "")
	// Alice's own edit renews it.
	wantCode(t, lockedEdit(aliceID, at+15000, editOp("n-a", "skriv skriv")), "")
	wantCode(t, lockedEdit(facID, at+30000, editOp("n-a", "for tidleg")), workshops.EEDITING)
	// Expired: the facilitator may edit.
	wantCode(t, lockedEdit(facID, at+35001, editOp("n-a", "no går det")), "")
	// Release: only the holder, and only a live lock.
	wantCode(t, lockedEdit(aliceID, at+40000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(false))), workshops.ECONFLICT)
	wantCode(t, lockedEdit(aliceID, at+41000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true))), "")
	wantCode(t, lockedEdit(aliceID, at+42000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(false))), "")
	if _, ok := b.Editing["n-a"]; ok {
		t.Errorf("the lock was not released")
	}
	// Who is told: those who see the note.
	wantCode(t, lockedEdit(aliceID, at+43000, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true))), "")
	for viewer, want := range map[string]int{carolID: 1, facID: 1, bobID: 0} {
		if got := len(b.ViewFor(viewer).Editing); got != want {
			t.Errorf("%s sees %d locks, want %d", viewer, got, want)
		}
	}
}

// ---- erasure ----

func TestEraseCanvas(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, op(workshops.OpBreakoutEnd))
	var log []workshops.Event
	do := func(actor string, o workshops.Op) { log = append(log, mustApply(t, b, actor, o)) }
	do(aliceID, shapeOp("ts", workshops.FormText, 100, 600, 200, 40, "alices etikett"))
	do(aliceID, connectOp("c1", noteRef("n-plen"), frameRef("f-plen")))
	do(aliceID, op(workshops.OpConnectorUpdate, withConnector("c1"), withText("alices pil")))
	do(aliceID, clusterOp("k1", "alices klynge", 50, 50, 400, 300))
	do(carolID, clusterOp("k2", "carols klynge", 500, 500, 400, 300))
	do(aliceID, op(workshops.OpClusterUpdate, withCluster("k2"), withName("alice omdøypte")))
	do(aliceID, createOp("na", "alices lapp", workshops.ColorYellow, 200, 200))
	do(carolID, commentOp("kc", "na", "carol om alices lapp"))
	do(aliceID, commentOp("ka", "n-b", "alice om bobs lapp"))
	do(bobID, commentOp("kb", "n-b", "bob om sin eigen"))
	do(aliceID, reactOp("n-b", "heart", true))
	do(bobID, reactOp("n-b", "heart", true))
	do(aliceID, batchOp(createOp("nb", "alice i ein batch", workshops.ColorBlue, 600, 100),
		shapeOp("sb", workshops.FormRect, 700, 700, 100, 100, "alice rektangel")))
	do(aliceID, op(workshops.OpNoteEditing, withNote("n-a"), withOn(true)))
	mustApply(t, b, "", op(workshops.OpParticipantErase, withPerson(aliceID)))
	js := mustJSON(t, b)
	for _, s := range []string{"alices etikett", "alices pil", "alice omdøypte", "carol om alices lapp", "alice om bobs lapp", "alice i ein batch", "alice rektangel"} {
		if strings.Contains(js, s) {
			t.Errorf("the board still holds %q", s)
		}
	}
	if !b.Clusters["k1"].Deleted || !b.Clusters["k2"].Deleted || !b.Connectors["c1"].Deleted || !b.Shapes["ts"].Deleted {
		t.Errorf("alice's items live on")
	}
	if got := b.Notes["n-b"].Reactions["heart"]; !reflect.DeepEqual(got, []string{bobID}) {
		t.Errorf("reactions after the erasure: %v", got)
	}
	if c := b.Comments["kb"]; c.Deleted || c.Text != "bob om sin eigen" {
		t.Errorf("bob's comment went too: %+v", c)
	}
	if len(b.Editing) != 0 {
		t.Errorf("alice's lock lives on")
	}
	// The redacted log holds none of it either.
	redacted := workshops.ErasedEvents(log, aliceID)
	byseq := map[uint64]workshops.Event{}
	for _, e := range redacted {
		byseq[e.Seq] = e
	}
	var all []workshops.Event
	for _, e := range log {
		if r, ok := byseq[e.Seq]; ok {
			e = r
		}
		all = append(all, e)
	}
	out := mustJSON(t, all)
	for _, s := range []string{"alices etikett", "alices pil", "alice omdøypte", "carol om alices lapp", "alice om bobs lapp", "alice i ein batch", "alice rektangel", "alices klynge"} {
		if strings.Contains(out, s) {
			t.Errorf("the redacted log still holds %q", s)
		}
	}
	if strings.Contains(out, "carols klynge") == false || !strings.Contains(out, "bob om sin eigen") {
		t.Errorf("the redaction took others' words: %s", out)
	}
	if again := workshops.ErasedEvents(all, aliceID); len(again) != 0 {
		t.Errorf("a second redaction changes %d events", len(again))
	}
}

// TestEraseCanvasReplays: the redacted log replays, and reaches the same
// board after the erasure as the log before redaction.
func TestEraseCanvasReplays(t *testing.T) {
	b := workshops.NewBoard("ws-e", "E")
	var log []workshops.Event
	do := func(actor string, o workshops.Op) { log = append(log, mustApply(t, b, actor, o)) }
	do("", joinOp(facID, "Fran", workshops.RoleFacilitator))
	do("", joinOp(aliceID, "Alice", workshops.RoleParticipant))
	do("", joinOp(bobID, "Bob", workshops.RoleParticipant))
	do(aliceID, createOp("n1", "alice", workshops.ColorYellow, 0, 0))
	do(bobID, createOp("n2", "bob", workshops.ColorYellow, 300, 0))
	do(aliceID, shapeOp("t1", workshops.FormText, 0, 300, 200, 40, "etikett"))
	do(aliceID, op(workshops.OpShapeUpdate, withShape("t1"), withText("ny etikett")))
	do(aliceID, op(workshops.OpConnectorCreate, withConnector("c1"), withEnds(noteRef("n1"), noteRef("n2")), withText("pil")))
	do(aliceID, clusterOp("k1", "klynge", 0, 0, 600, 300))
	do(bobID, op(workshops.OpClusterUpdate, withCluster("k1"), withName("bobs namn")))
	do(bobID, commentOp("k1", "n1", "bob om alice"))
	del := mustApply(t, b, aliceID, deleteOp("n1"))
	log = append(log, del)
	do(aliceID, batchOp(restoreOp(workshops.Note{ID: "n1", Text: "alice att", Color: workshops.ColorYellow, W: 180, H: 140}, del.Seq),
		shapeOp("s2", workshops.FormRect, 600, 600, 100, 100, "rekt")))
	do("", op(workshops.OpParticipantErase, withPerson(aliceID)))
	redacted := workshops.ErasedEvents(log, aliceID)
	if len(redacted) == 0 {
		t.Fatal("nothing redacted")
	}
	byseq := map[uint64]workshops.Event{}
	for _, e := range redacted {
		byseq[e.Seq] = e
	}
	again := workshops.NewBoard("ws-e", "E")
	for _, e := range log {
		if r, ok := byseq[e.Seq]; ok {
			e = r
		}
		if err := workshops.Apply(again, e); err != nil {
			t.Fatalf("replaying %d %s: %v", e.Seq, e.Op.Kind, err)
		}
	}
	if again.Hash() != b.Hash() {
		t.Errorf("the redacted log replays to another board:\n%s\n%s", mustJSON(t, again), mustJSON(t, b))
	}
	if b.Clusters["k1"].Deleted || b.Clusters["k1"].Name != "bobs namn" {
		t.Errorf("a cluster bob named last went with alice: %+v", b.Clusters["k1"])
	}
}
