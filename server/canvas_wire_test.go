package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// The canvas ops of issue 15 through the real server, with scripted
// WebSocket clients (docs/PROTOCOL.md, "The canvas").

// wireAck sends a raw op and returns the seq of its ack; a refusal fails.
func (c *wsClient) wireAck(id, op string) uint64 {
	c.tb.Helper()
	c.sendRaw(`{"type":"op","id":"` + id + `","op":` + op + `}`)
	return c.expect("ack", id).Seq
}

// wireRefused sends a raw op and returns the error it gets.
func (c *wsClient) wireRefused(id, op string) msg {
	c.tb.Helper()
	c.sendRaw(`{"type":"op","id":"` + id + `","op":` + op + `}`)
	for {
		m := c.next()
		if m.Type == "ack" && m.ID == id {
			c.tb.Fatalf("op %s was accepted at seq %d: %s", id, m.Seq, op)
		}
		if m.Type == "error" && m.ID == id {
			return m
		}
	}
}

// wireEvents reads until the event with op id marker, and returns the
// events before it.
func (c *wsClient) wireEvents(marker string) []workshops.Event {
	c.tb.Helper()
	var out []workshops.Event
	for {
		m := c.next()
		if m.Type == "event" && m.Event.OpID == marker {
			return out
		}
		if m.Type == "event" {
			out = append(out, m.Event)
		}
	}
}

// joinObserver joins a workshop as an observer.
func joinObserver(t *testing.T, m node, code, name string) joined {
	t.Helper()
	var out joined
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", fmt.Sprintf(`{"code":%q,"name":%q,"role":"observer"}`, code, name), &out); status != http.StatusOK {
		t.Fatalf("observer join: %d", status)
	}
	return out
}

// TestWireUndoRefusedAfterOthersChange: an undo is the inverse op with
// ifSeq, the seq of the change it undoes. It goes through while nobody
// else touched the note, reaches the others as an ordinary event, and is
// refused with "stale" once someone else changed the note since; the undo
// of a delete is a restore by the author.
func TestWireUndoRefusedAfterOthersChange(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bj := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)

	a.wireAck("c1", `{"kind":"note.create","note":"n1","text":"Grønt torg","color":"green","x":100,"y":100}`)
	moved := a.wireAck("m1", `{"kind":"note.move","note":"n1","x":400,"y":100}`)
	// Undo while the note is as Aud left it: accepted, and Bo sees it.
	undo := a.wireAck("u1", fmt.Sprintf(`{"kind":"note.move","note":"n1","x":100,"y":100,"ifSeq":%d}`, moved))
	ev := b.expect("event", "u1").Event
	if ev.Seq != undo || *ev.Op.X != 100 || ev.Op.IfSeq != moved {
		t.Fatalf("Bo got the undo as %+v", ev)
	}
	// Redo, then Bo moves the note: Aud's undo of her redo no longer applies.
	redo := a.wireAck("r1", fmt.Sprintf(`{"kind":"note.move","note":"n1","x":400,"y":100,"ifSeq":%d}`, undo))
	b.wireAck("bm", `{"kind":"note.move","note":"n1","x":420,"y":300}`)
	got := a.wireRefused("u2", fmt.Sprintf(`{"kind":"note.move","note":"n1","x":100,"y":100,"ifSeq":%d}`, redo))
	if got.Code != workshops.ESTALE || got.Message == "" {
		t.Fatalf("the undo after Bo's move: %+v", got)
	}
	// The refused undo changed nothing: a fresh snapshot has Bo's place.
	fresh := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)
	snap := fresh.expect("snapshot", "")
	if len(snap.Board.Notes) != 1 || snap.Board.Notes[0].X != 420 || snap.Board.Notes[0].Y != 300 {
		t.Fatalf("after the refused undo the board holds %+v", snap.Board.Notes)
	}
	// Undo of a delete: the author restores it with its content.
	del := a.wireAck("d1", `{"kind":"note.delete","note":"n1"}`)
	if got := b.wireRefused("bx", fmt.Sprintf(`{"kind":"note.restore","note":"n1","text":"x","color":"green","x":0,"y":0,"w":180,"h":140,"ifSeq":%d}`, del)); got.Code != workshops.EFORBIDDEN {
		t.Fatalf("Bo restoring Aud's note: %+v", got)
	}
	a.wireAck("ud", fmt.Sprintf(`{"kind":"note.restore","note":"n1","text":"Grønt torg","color":"green","x":420,"y":300,"w":180,"h":140,"ifSeq":%d}`, del))
	if ev := b.expect("event", "ud").Event; ev.Op.Kind != workshops.OpNoteRestore || *ev.Op.Text != "Grønt torg" || ev.Actor != aj.Participant.ID {
		t.Fatalf("Bo got the restore as %+v", ev)
	}
}

// TestWireMultiMoveIsOneEvent: a batch of moves is one op: one ack and,
// on another screen, one event with one seq holding every move.
func TestWireMultiMoveIsOneEvent(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bj := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)
	for i := range 3 {
		a.wireAck(fmt.Sprint("c", i), fmt.Sprintf(`{"kind":"note.create","note":"n%d","text":"idé %d","color":"yellow","x":%d,"y":0}`, i, i, i*200))
	}
	seq := a.wireAck("mm", `{"kind":"batch","ops":[
		{"kind":"note.move","note":"n0","x":0,"y":500},
		{"kind":"note.move","note":"n1","x":200,"y":500},
		{"kind":"note.move","note":"n2","x":400,"y":500}]}`)
	a.wireAck("marker", `{"kind":"note.create","note":"mark","text":"etter","color":"blue","x":900,"y":900}`)
	var after []workshops.Event
	for _, e := range b.wireEvents("marker") {
		if e.Seq >= seq {
			after = append(after, e)
		}
	}
	if len(after) != 1 || after[0].Seq != seq || after[0].Op.Kind != workshops.OpBatch || len(after[0].Op.Ops) != 3 {
		t.Fatalf("Bo got the multi-move as %d events: %+v", len(after), after)
	}
	// A batch that breaks a rule anywhere is refused whole.
	if got := a.wireRefused("bad", `{"kind":"batch","ops":[{"kind":"note.move","note":"n0","x":0,"y":900},{"kind":"note.move","note":"nope","x":0,"y":0}]}`); got.Code != workshops.ENOTFOUND || !strings.HasPrefix(got.Message, "op 2:") {
		t.Fatalf("a batch with a missing note: %+v", got)
	}
	snap := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0).expect("snapshot", "")
	for _, n := range snap.Board.Notes {
		if n.ID != "mark" && (n.Y != 500 || n.Seq != seq) {
			t.Errorf("note %s after the batches: y %g seq %d; want 500 and %d", n.ID, n.Y, n.Seq, seq)
		}
	}
}

// TestWirePasteCountsAgainstTheNoteAllowance: the notes a batch creates
// count against a participant's allowance (30 a minute) together: more
// than the allowance at once is too_large, a second big paste at once
// rate_limited; a facilitator is not limited.
func TestWirePasteCountsAgainstTheNoteAllowance(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) { h.NotesPerMinute = 30 })
	w := MustCreateWorkshop(t, m)
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	fj := MustFacilitate(t, m, w, "Fasilitator")
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	paste := func(prefix string, n int) string {
		var ops []string
		for i := range n {
			ops = append(ops, fmt.Sprintf(`{"kind":"note.create","note":"%s%d","text":"linje %d","color":"yellow","x":0,"y":%d}`, prefix, i, i, i*150))
		}
		return `{"kind":"batch","ops":[` + strings.Join(ops, ",") + `]}`
	}
	if got := a.wireRefused("p31", paste("a", 31)); got.Code != workshops.ETOOLARGE {
		t.Fatalf("a paste of 31 notes: %+v", got)
	}
	a.wireAck("p20", paste("b", 20))
	if got := a.wireRefused("p20b", paste("c", 20)); got.Code != workshops.ERATELIMITED {
		t.Fatalf("a second paste of 20 at once: %+v", got)
	}
	f.wireAck("f40", paste("d", 40))
}

// TestWireCommentsStayInGroup: during breakout, comments, reactions and the
// editing lock on group A's note reach group A and the facilitators, and
// not one byte of them reaches group B's sockets, live or in a snapshot.
// An observer's comment on a plenary note reaches everyone.
func TestWireCommentsStayInGroup(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fasilitator")
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	a2j := MustJoin(t, m, w.Workshop.JoinCode, "Ada")
	bj := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	oj := joinObserver(t, m, w.Workshop.JoinCode, "Olav")
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	a2 := MustConnect(t, m, w.Workshop.ID, a2j.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)
	o := MustConnect(t, m, w.Workshop.ID, oj.Token, "", 0)

	f.wireAck("g1", `{"kind":"group.create","group":"g1","name":"Tema 1"}`)
	f.wireAck("g2", `{"kind":"group.create","group":"g2","name":"Tema 2"}`)
	f.wireAck("f0", `{"kind":"frame.create","frame":"f0","title":"Felles","x":-2000,"y":0,"w":1000,"h":1000}`)
	f.wireAck("f1", `{"kind":"frame.create","frame":"f1","title":"A","x":0,"y":0,"w":1000,"h":1000,"group":"g1"}`)
	f.wireAck("f2", `{"kind":"frame.create","frame":"f2","title":"B","x":2000,"y":0,"w":1000,"h":1000,"group":"g2"}`)
	f.wireAck("as", fmt.Sprintf(`{"kind":"group.assign","assign":{%q:"g1",%q:"g1",%q:"g2"}}`, aj.Participant.ID, a2j.Participant.ID, bj.Participant.ID))
	f.wireAck("plen", `{"kind":"note.create","note":"plenary-note","text":"felles","color":"yellow","x":-1900,"y":100}`)
	f.wireAck("bs", `{"kind":"breakout.start"}`)

	a.wireAck("n", `{"kind":"note.create","note":"note-of-group-a","text":"idé A","color":"yellow","x":100,"y":100}`)
	a.wireAck("k1", `{"kind":"comment.create","comment":"comment-of-a","note":"note-of-group-a","text":"SECRET-COMMENT-A"}`)
	a2.wireAck("r1", `{"kind":"reaction.set","note":"note-of-group-a","reaction":"heart","on":true}`)
	f.wireAck("k2", `{"kind":"comment.create","comment":"comment-of-f","note":"note-of-group-a","text":"SECRET-FAC-REPLY"}`)
	a.wireAck("l1", `{"kind":"note.editing","note":"note-of-group-a","on":true}`)
	a.wireAck("s1", `{"kind":"shape.create","shape":"shape-of-a","form":"text","x":100,"y":600,"w":300,"h":40,"text":"SECRET-LABEL-A"}`)
	a.wireAck("cl", `{"kind":"cluster.create","cluster":"cluster-of-a","name":"SECRET-CLUSTER-A","x":50,"y":50,"w":400,"h":300}`)
	a.wireAck("co", `{"kind":"connector.create","connector":"conn-of-a","from":{"type":"note","id":"note-of-group-a"},"to":{"type":"frame","id":"f1"},"text":"SECRET-ARROW-A"}`)
	// Bo cannot reach group A's note to comment or react.
	if got := b.wireRefused("bk", `{"kind":"comment.create","comment":"bk","note":"note-of-group-a","text":"hei"}`); got.Code != workshops.ENOTFOUND {
		t.Fatalf("Bo commenting on group A's note: %+v", got)
	}
	// The observer comments on the plenary note: everyone sees it.
	o.wireAck("ok", `{"kind":"comment.create","comment":"comment-of-obs","note":"plenary-note","text":"Observatøren spør"}`)
	if ev := a.expect("event", "ok").Event; *ev.Op.Text != "Observatøren spør" || ev.Actor != oj.Participant.ID {
		t.Fatalf("Aud got the observer's comment as %+v", ev)
	}
	if got := o.wireRefused("om", `{"kind":"note.move","note":"plenary-note","x":0,"y":0}`); got.Code != workshops.EFORBIDDEN {
		t.Fatalf("an observer moving a note: %+v", got)
	}
	f.wireAck("sync", `{"kind":"board.message","text":"pause"}`)
	for _, c := range []*wsClient{a, a2, b, o} {
		c.expect("event", "sync")
	}
	// And a fresh snapshot for B, to be sure.
	snapB := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)
	snapB.expect("snapshot", "")
	secrets := []string{"SECRET-COMMENT-A", "SECRET-FAC-REPLY", "comment-of-a", "comment-of-f", "note-of-group-a",
		"SECRET-LABEL-A", "shape-of-a", "SECRET-CLUSTER-A", "cluster-of-a", "SECRET-ARROW-A", "conn-of-a"}
	for name, c := range map[string]*wsClient{"Bo": b, "Bo's new socket": snapB, "the observer": o} {
		raw := c.received()
		for _, s := range secrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("%s received %q during breakout", name, s)
			}
		}
	}
	// Group A and the facilitator got all of it.
	for name, c := range map[string]*wsClient{"Ada": a2, "the facilitator": f} {
		raw := c.received()
		for _, s := range []string{"SECRET-COMMENT-A", "SECRET-FAC-REPLY", `"reaction.set"`, `"note.editing"`, "SECRET-LABEL-A", "SECRET-CLUSTER-A", "SECRET-ARROW-A"} {
			if !bytes.Contains(raw, []byte(s)) {
				t.Errorf("%s did not receive %s", name, s)
			}
		}
	}
}

// TestWireSnapshotHasCanvasItems: a client that connects gets every canvas
// item it may see in its snapshot, and the soft lock holds on the wire.
func TestWireSnapshotHasCanvasItems(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fasilitator")
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	a.wireAck("n1", `{"kind":"note.create","note":"n1","text":"Kafé","color":"yellow","x":0,"y":0}`)
	a.wireAck("n2", `{"kind":"note.create","note":"n2","text":"Bibliotek","color":"blue","x":300,"y":0}`)
	a.wireAck("s", `{"kind":"shape.create","shape":"s1","form":"ellipse","x":-50,"y":-50,"w":700,"h":400,"color":"green"}`)
	a.wireAck("c", `{"kind":"connector.create","connector":"c1","from":{"type":"note","id":"n1"},"to":{"type":"note","id":"n2"},"style":"line","text":"samarbeider"}`)
	a.wireAck("k", `{"kind":"cluster.create","cluster":"k1","name":"Møteplassar","x":-20,"y":-20,"w":600,"h":250}`)
	f.wireAck("m", `{"kind":"comment.create","comment":"m1","note":"n1","text":"Opningstider?"}`)
	f.wireAck("r", `{"kind":"reaction.set","note":"n2","reaction":"idea","on":true}`)
	a.wireAck("l", `{"kind":"note.editing","note":"n1","on":true}`)
	// The facilitator may not overwrite Aud's text while she writes.
	if got := f.wireRefused("fe", `{"kind":"note.edit","note":"n1","text":"overskrive"}`); got.Code != workshops.EEDITING {
		t.Fatalf("an edit under someone's lock: %+v", got)
	}
	v := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0).expect("snapshot", "").Board
	if len(v.Shapes) != 1 || v.Shapes[0].Form != workshops.FormEllipse || v.Shapes[0].Color != workshops.ColorGreen {
		t.Errorf("shapes: %+v", v.Shapes)
	}
	if len(v.Connectors) != 1 || v.Connectors[0].Text != "samarbeider" || v.Connectors[0].Style != workshops.StyleLine {
		t.Errorf("connectors: %+v", v.Connectors)
	}
	if len(v.Clusters) != 1 || v.Clusters[0].Name != "Møteplassar" || v.Clusters[0].By != aj.Participant.ID {
		t.Errorf("clusters: %+v", v.Clusters)
	}
	if len(v.Comments) != 1 || v.Comments[0].Text != "Opningstider?" || v.Comments[0].Author != fj.Participant.ID {
		t.Errorf("comments: %+v", v.Comments)
	}
	if len(v.Editing) != 1 || v.Editing[0].By != aj.Participant.ID || v.Editing[0].Note != "n1" {
		t.Errorf("editing: %+v", v.Editing)
	}
	for _, n := range v.Notes {
		if n.ID == "n2" && (len(n.Reactions["idea"]) != 1 || n.Reactions["idea"][0] != fj.Participant.ID) {
			t.Errorf("reactions on n2: %+v", n.Reactions)
		}
		if n.Seq == 0 {
			t.Errorf("note %s has no seq", n.ID)
		}
	}
	a.wireAck("lo", `{"kind":"note.editing","note":"n1","on":false}`)
	f.wireAck("fe2", `{"kind":"note.edit","note":"n1","text":"Kafé med uteservering"}`)
}

// TestWireUndoOnAnotherNode: an undo decided on a node that has not yet
// heard of the change it undoes (its bus silenced) is not refused as stale:
// the node reads the store first, as for any refusal that may come from a
// replica behind, and decides on the true state.
func TestWireUndoOnAnotherNode(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		w := MustCreateWorkshop(t, c.nodes[0])
		aj := MustJoin(t, c.nodes[0], w.Workshop.JoinCode, "Aud")
		a0 := MustConnect(t, c.nodes[0], w.Workshop.ID, aj.Token, "", 0)
		a0.wireAck("c", `{"kind":"note.create","note":"n1","text":"Torg","color":"yellow","x":0,"y":0}`)
		a1 := MustConnect(t, c.nodes[1], w.Workshop.ID, aj.Token, "", 0)
		a1.expect("snapshot", "") // node 1 holds the board, up to the create
		c.buses[1].off.Store(true)
		moved := a0.wireAck("m", `{"kind":"note.move","note":"n1","x":500,"y":0}`)
		a1.wireAck("u", fmt.Sprintf(`{"kind":"note.move","note":"n1","x":0,"y":0,"ifSeq":%d}`, moved))
		// And an undo that really is stale stays refused there.
		if got := a1.wireRefused("u2", fmt.Sprintf(`{"kind":"note.move","note":"n1","x":0,"y":0,"ifSeq":%d}`, moved)); got.Code != workshops.ESTALE {
			t.Fatalf("a second undo of the same move: %+v", got)
		}
	})
}

// TestWireTwoPeopleEditOneNote: while Kari writes in her note (she holds
// its soft lock), the facilitator sees the lock, cannot take it, and her
// edit is refused with "editing"; Kari's text stands. Once Kari lets go,
// the facilitator's edit goes through.
func TestWireTwoPeopleEditOneNote(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Frida")
	kj := MustJoin(t, m, w.Workshop.JoinCode, "Kari")
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	k := MustConnect(t, m, w.Workshop.ID, kj.Token, "", 0)

	k.wireAck("n", `{"kind":"note.create","note":"n1","text":"Kafé","color":"yellow","x":0,"y":0}`)
	k.wireAck("lock", `{"kind":"note.editing","note":"n1","on":true}`)
	if ev := f.expect("event", "lock").Event; ev.Op.Kind != workshops.OpNoteEditing || ev.Actor != kj.Participant.ID || ev.Op.On == nil || !*ev.Op.On {
		t.Fatalf("Frida got Kari's lock as %+v", ev)
	}
	if got := f.wireRefused("flock", `{"kind":"note.editing","note":"n1","on":true}`); got.Code != workshops.EEDITING || got.Message == "" {
		t.Fatalf("Frida taking the lock Kari holds: %+v", got)
	}
	if got := f.wireRefused("fedit", `{"kind":"note.edit","note":"n1","text":"Frida sin tekst"}`); got.Code != workshops.EEDITING {
		t.Fatalf("Frida's edit under Kari's lock: %+v", got)
	}
	if got := f.wireRefused("fdel", `{"kind":"note.delete","note":"n1"}`); got.Code != workshops.EEDITING {
		t.Fatalf("Frida's delete under Kari's lock: %+v", got)
	}
	k.wireAck("kedit", `{"kind":"note.edit","note":"n1","text":"Kafé med uteservering"}`)
	k.wireAck("unlock", `{"kind":"note.editing","note":"n1","on":false}`)
	f.expect("event", "unlock")
	f.wireAck("fedit2", `{"kind":"note.edit","note":"n1","text":"Kafé med uteservering og bibliotek"}`)
	v := MustConnect(t, m, w.Workshop.ID, kj.Token, "", 0).expect("snapshot", "").Board
	if len(v.Notes) != 1 || v.Notes[0].Text != "Kafé med uteservering og bibliotek" || len(v.Editing) != 0 {
		t.Fatalf("after both: notes %+v, locks %+v", v.Notes, v.Editing)
	}
}

// TestWireClusterMoveCarriesNotes: moving a cluster with its notes is one
// batch (as the client sends it for a drag): one ack, one event with one
// seq on another screen, and its inverse batch (the undo) puts all back;
// refused whole when someone moved one of the notes since.
func TestWireClusterMoveCarriesNotes(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bj := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)
	a.wireAck("k", `{"kind":"cluster.create","cluster":"k1","name":"Trafikk","x":0,"y":0,"w":600,"h":300}`)
	a.wireAck("n1", `{"kind":"note.create","note":"n1","text":"Buss","color":"yellow","x":40,"y":60}`)
	a.wireAck("n2", `{"kind":"note.create","note":"n2","text":"Sykkel","color":"blue","x":300,"y":60}`)

	moved := a.wireAck("mv", `{"kind":"batch","ops":[{"kind":"cluster.update","cluster":"k1","x":100,"y":400},{"kind":"note.move","note":"n1","x":140,"y":460},{"kind":"note.move","note":"n2","x":400,"y":460}]}`)
	ev := b.expect("event", "mv").Event
	if ev.Seq != moved || ev.Op.Kind != workshops.OpBatch || len(ev.Op.Ops) != 3 {
		t.Fatalf("Bo got the move as seq %d %s with %d ops, want seq %d, one batch of 3", ev.Seq, ev.Op.Kind, len(ev.Op.Ops), moved)
	}
	undo := fmt.Sprintf(`{"kind":"batch","ops":[{"kind":"note.move","note":"n2","x":300,"y":60,"ifSeq":%d},{"kind":"note.move","note":"n1","x":40,"y":60,"ifSeq":%d},{"kind":"cluster.update","cluster":"k1","x":0,"y":0,"ifSeq":%d}]}`, moved, moved, moved)
	// Bo moves one of the notes: the undo no longer applies, and nothing of it is applied.
	b.wireAck("bm", `{"kind":"note.move","note":"n2","x":420,"y":480}`)
	if got := a.wireRefused("u1", undo); got.Code != workshops.ESTALE {
		t.Fatalf("the undo after Bo's move: %+v", got)
	}
	snap := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0).expect("snapshot", "").Board
	if len(snap.Clusters) != 1 || snap.Clusters[0].X != 100 || snap.Clusters[0].Y != 400 {
		t.Fatalf("a refused undo moved the cluster: %+v", snap.Clusters)
	}
	// Bo puts his note back where the move left it; now the undo goes through whole.
	bm := b.wireAck("bb", `{"kind":"note.move","note":"n2","x":400,"y":460}`)
	undo = fmt.Sprintf(`{"kind":"batch","ops":[{"kind":"note.move","note":"n2","x":300,"y":60,"ifSeq":%d},{"kind":"note.move","note":"n1","x":40,"y":60,"ifSeq":%d},{"kind":"cluster.update","cluster":"k1","x":0,"y":0,"ifSeq":%d}]}`, bm, moved, moved)
	a.wireAck("u2", undo)
	snap = MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0).expect("snapshot", "").Board
	if snap.Clusters[0].X != 0 || snap.Clusters[0].Y != 0 {
		t.Fatalf("after the undo the cluster is at %v,%v", snap.Clusters[0].X, snap.Clusters[0].Y)
	}
	for _, n := range snap.Notes {
		if (n.ID == "n1" && (n.X != 40 || n.Y != 60)) || (n.ID == "n2" && (n.X != 300 || n.Y != 60)) {
			t.Fatalf("after the undo %s is at %v,%v", n.ID, n.X, n.Y)
		}
	}
}
