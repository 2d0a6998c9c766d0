package workshops_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// ---- a client's copy of the canvas, kept up by the protocol's rules ----

// canvasHeld is what a client holds: the notes and frames (held), and the
// canvas items, kept up from a snapshot by the events it is sent, with the
// rules docs/PROTOCOL.md gives the client: shapes and clusters are placed
// and carried like notes; a connector is shown while both its ends are
// held; a comment while its note is held; a batch is its ops in order.
type canvasHeld struct {
	held
	authors    map[string]string // note -> author
	shapes     map[string]heldBox
	clusters   map[string]heldBox
	connectors map[string]workshops.Connector
	comments   map[string]workshops.Comment
	reactions  map[string]map[string][]string // note -> reactions
}

type heldBox struct {
	X, Y, W, H float64
	Frame      string
	By         string // a shape's author, a cluster's namer
}

func canvasHeldFrom(v workshops.View) canvasHeld {
	h := canvasHeld{held: heldFrom(v), authors: map[string]string{}, shapes: map[string]heldBox{}, clusters: map[string]heldBox{},
		connectors: map[string]workshops.Connector{}, comments: map[string]workshops.Comment{}, reactions: map[string]map[string][]string{}}
	for _, n := range v.Notes {
		h.authors[n.ID] = n.Author
		if len(n.Reactions) > 0 {
			h.reactions[n.ID] = n.Reactions
		}
	}
	for _, s := range v.Shapes {
		h.shapes[s.ID] = heldBox{s.X, s.Y, s.W, s.H, s.Frame, s.Author}
	}
	for _, c := range v.Clusters {
		h.clusters[c.ID] = heldBox{c.X, c.Y, c.W, c.H, c.Frame, c.By}
	}
	for _, c := range v.Connectors {
		h.connectors[c.ID] = c
	}
	for _, c := range v.Comments {
		h.comments[c.ID] = c
	}
	return h
}

func (h canvasHeld) clone() canvasHeld {
	c := canvasHeld{held: h.held.clone(), authors: cloneMap(h.authors), shapes: cloneMap(h.shapes), clusters: cloneMap(h.clusters),
		connectors: cloneMap(h.connectors), comments: cloneMap(h.comments), reactions: cloneMap(h.reactions)}
	return c
}

func cloneMap[V any](m map[string]V) map[string]V {
	c := make(map[string]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (h canvasHeld) frameOf(x, y, w, hh float64) string {
	return h.frameAt(heldNote{X: x, Y: y, W: w, H: hh})
}

// has reports whether the client holds the end r.
func (h canvasHeld) has(r workshops.Ref) bool {
	var ok bool
	switch r.Type {
	case workshops.RefNote:
		_, ok = h.notes[r.ID]
	case workshops.RefShape:
		_, ok = h.shapes[r.ID]
	case workshops.RefCluster:
		_, ok = h.clusters[r.ID]
	case workshops.RefFrame:
		_, ok = h.frames[r.ID]
	}
	return ok
}

// shown is what the client draws: the comparable part of its state.
type shownCanvas struct {
	Notes      map[string]heldNote
	Frames     map[string]workshops.Frame
	Shapes     map[string]heldBox
	Clusters   map[string]heldBox
	Connectors []string
	Comments   []string
	Reactions  map[string]map[string][]string
}

func (h canvasHeld) shown() shownCanvas {
	s := shownCanvas{Notes: h.notes, Frames: h.frames, Shapes: h.shapes, Clusters: h.clusters, Reactions: map[string]map[string][]string{}}
	for id, c := range h.connectors {
		if h.has(c.From) && h.has(c.To) {
			s.Connectors = append(s.Connectors, id)
		}
	}
	for id, c := range h.comments {
		if _, ok := h.notes[c.Note]; ok {
			s.Comments = append(s.Comments, id)
		}
	}
	for id, r := range h.reactions {
		if _, ok := h.notes[id]; ok && len(r) > 0 {
			s.Reactions[id] = r
		}
	}
	slices.Sort(s.Connectors)
	slices.Sort(s.Comments)
	return s
}

// apply is the client's reducer for one event it was sent.
func (h canvasHeld) apply(ev workshops.Event, facilitator bool) {
	o := ev.Op
	box := func(b heldBox) heldBox {
		b.Frame = h.frameOf(b.X, b.Y, b.W, b.H)
		return b
	}
	switch o.Kind {
	case workshops.OpBatch:
		for _, sub := range o.Ops {
			h.apply(workshops.Event{Seq: ev.Seq, Actor: ev.Actor, At: ev.At, Op: sub}, facilitator)
		}
	case workshops.OpNoteCreate:
		h.authors[o.Note] = ev.Actor
		h.held.apply(ev, facilitator)
	case workshops.OpNoteRestore:
		n := heldNote{X: *o.X, Y: *o.Y, W: *o.W, H: *o.H, Z: ev.Seq}
		n.Frame = h.frameAt(n)
		h.notes[o.Note] = n
	case workshops.OpFrameUpdate:
		if f, ok := h.frames[o.Frame]; ok && o.X != nil {
			dx, dy := *o.X-f.X, *o.Y-f.Y
			for _, m := range []map[string]heldBox{h.shapes, h.clusters} {
				for id, b := range m {
					if b.Frame == o.Frame {
						b.X, b.Y = b.X+dx, b.Y+dy
						m[id] = b
					}
				}
			}
		}
		h.held.apply(ev, facilitator)
	case workshops.OpFrameDelete:
		for _, m := range []map[string]heldBox{h.shapes, h.clusters} {
			for id, b := range m {
				if b.Frame == o.Frame {
					b.Frame = ""
					m[id] = b
				}
			}
		}
		h.held.apply(ev, facilitator)
	case workshops.OpShapeCreate, workshops.OpShapeRestore:
		h.shapes[o.Shape] = box(heldBox{X: *o.X, Y: *o.Y, W: *o.W, H: *o.H, By: ev.Actor})
	case workshops.OpShapeUpdate:
		if s, ok := h.shapes[o.Shape]; ok {
			if o.X != nil {
				s.X, s.Y = *o.X, *o.Y
			}
			if o.W != nil {
				s.W, s.H = *o.W, *o.H
			}
			h.shapes[o.Shape] = box(s)
		}
	case workshops.OpShapeDelete:
		delete(h.shapes, o.Shape)
	case workshops.OpClusterCreate, workshops.OpClusterRestore:
		h.clusters[o.Cluster] = box(heldBox{X: *o.X, Y: *o.Y, W: *o.W, H: *o.H, By: ev.Actor})
	case workshops.OpClusterUpdate:
		if c, ok := h.clusters[o.Cluster]; ok {
			if o.X != nil {
				c.X, c.Y = *o.X, *o.Y
			}
			if o.W != nil {
				c.W, c.H = *o.W, *o.H
			}
			if o.Name != nil {
				c.By = ev.Actor
			}
			h.clusters[o.Cluster] = box(c)
		}
	case workshops.OpClusterDelete:
		delete(h.clusters, o.Cluster)
	case workshops.OpConnectorCreate, workshops.OpConnectorRestore:
		h.connectors[o.Connector] = workshops.Connector{ID: o.Connector, From: *o.From, To: *o.To, Author: ev.Actor}
	case workshops.OpConnectorDelete:
		delete(h.connectors, o.Connector)
	case workshops.OpCommentCreate:
		h.comments[o.Comment] = workshops.Comment{ID: o.Comment, Note: o.Note, Author: ev.Actor}
	case workshops.OpCommentDelete:
		delete(h.comments, o.Comment)
	case workshops.OpReactionSet:
		r := cloneMap(h.reactions[o.Note])
		people := slices.DeleteFunc(slices.Clone(r[o.Reaction]), func(p string) bool { return p == ev.Actor })
		if *o.On {
			people = append(people, ev.Actor)
			slices.Sort(people)
		}
		if len(people) == 0 {
			delete(r, o.Reaction)
		} else {
			r[o.Reaction] = people
		}
		h.reactions[o.Note] = r
	case workshops.OpParticipantErase:
		p := o.Person
		for id, a := range h.authors {
			if a == p {
				delete(h.notes, id)
			}
		}
		for id, s := range h.shapes {
			if s.By == p {
				delete(h.shapes, id)
			}
		}
		for id, c := range h.clusters {
			if c.By == p {
				delete(h.clusters, id)
			}
		}
		for id, c := range h.connectors {
			if c.Author == p {
				delete(h.connectors, id)
			}
		}
		for id, c := range h.comments {
			if c.Author == p || h.authors[c.Note] == p {
				delete(h.comments, id)
			}
		}
		for note, r := range h.reactions {
			c := map[string][]string{}
			for k, people := range r {
				if rest := slices.DeleteFunc(slices.Clone(people), func(x string) bool { return x == p }); len(rest) > 0 {
					c[k] = rest
				}
			}
			h.reactions[note] = c
		}
	default:
		h.held.apply(ev, facilitator)
	}
}

// ---- random canvas work ----

// canvasGen adds canvas ops, from everyone, to randomWorkshop's mix.
type canvasGen struct {
	*randomWorkshop
	erased bool
}

func (g *canvasGen) ref() workshops.Ref {
	b := g.b
	switch g.r.IntN(5) {
	case 0:
		return workshops.Ref{Type: workshops.RefFrame, ID: g.pick(sortedKeys(b.Frames))}
	case 1:
		return workshops.Ref{Type: workshops.RefShape, ID: g.pick(sortedKeys(b.Shapes))}
	case 2:
		return workshops.Ref{Type: workshops.RefCluster, ID: g.pick(sortedKeys(b.Clusters))}
	}
	return noteRef(g.pick(sortedKeys(g.b.Notes)))
}

// itemOp is one random op on a canvas item, as a batch may hold it.
func (g *canvasGen) itemOp() workshops.Op {
	b, r := g.b, g.r
	notes := sortedKeys(b.Notes)
	x, y := g.coord(-300, 6500), g.coord(-300, 2500)
	switch k := r.IntN(100); {
	case k < 15:
		return createOp(g.id("N"), g.id("T"), workshops.ColorYellow, x, y)
	case k < 30:
		o := moveOp(g.pick(notes), x, y)
		if n, ok := b.Notes[o.Note]; ok && r.IntN(2) == 0 {
			o.IfSeq = n.Seq - uint64(r.IntN(2)) // an undo: right, or stale
		}
		return o
	case k < 35:
		var deleted []string
		for _, id := range notes {
			if b.Notes[id].Deleted {
				deleted = append(deleted, id)
			}
		}
		n := b.Notes[g.pick(deleted)]
		if r.IntN(3) == 0 || n.ID == "" {
			return deleteOp(g.pick(notes))
		}
		n.Text, n.X, n.Y = g.id("T"), x, y
		return restoreOp(n, n.Seq-uint64(r.IntN(3)/2))
	case k < 45:
		form := []workshops.ShapeForm{workshops.FormRect, workshops.FormEllipse, workshops.FormText}[r.IntN(3)]
		return shapeOp(g.id("S"), form, x, y, g.coord(20, 600), g.coord(20, 400), g.id("ST"))
	case k < 52:
		id := g.pick(sortedKeys(b.Shapes))
		switch s := b.Shapes[id]; {
		case s.Deleted:
			return op(workshops.OpShapeRestore, withShape(id), withForm(workshops.FormText), withXY(x, y), withWH(200, 40),
				withText(g.id("ST")), withIfSeq(s.Seq))
		case r.IntN(4) == 0:
			return op(workshops.OpShapeDelete, withShape(id))
		case r.IntN(3) == 0:
			return op(workshops.OpShapeUpdate, withShape(id), withText(g.id("ST")))
		}
		return op(workshops.OpShapeUpdate, withShape(id), withXY(x, y))
	case k < 62:
		from, to := g.ref(), g.ref()
		if r.IntN(2) == 0 { // two notes of one frame: most often allowed
			n := b.Notes[g.pick(notes)]
			for _, id := range notes {
				if m := b.Notes[id]; id != n.ID && m.Frame == n.Frame && !m.Deleted && r.IntN(3) == 0 {
					from, to = noteRef(n.ID), noteRef(id)
				}
			}
		}
		o := connectOp(g.id("C"), from, to)
		if r.IntN(2) == 0 {
			o.Text = ptr(g.id("CL"))
		}
		return o
	case k < 68:
		id := g.pick(sortedKeys(b.Connectors))
		switch c := b.Connectors[id]; {
		case c.Deleted:
			return op(workshops.OpConnectorRestore, withConnector(id), withEnds(c.From, c.To), withStyle(workshops.StyleArrow),
				withText(g.id("CL")), withIfSeq(c.Seq))
		case r.IntN(3) == 0:
			return op(workshops.OpConnectorDelete, withConnector(id))
		}
		return op(workshops.OpConnectorUpdate, withConnector(id), withText(g.id("CL")), withStyle(workshops.StyleLine))
	case k < 78:
		return clusterOp(g.id("K"), g.id("KN"), x, y, g.coord(80, 900), g.coord(80, 700))
	}
	id := g.pick(sortedKeys(b.Clusters))
	switch c := b.Clusters[id]; {
	case c.Deleted:
		return op(workshops.OpClusterRestore, withCluster(id), withName(g.id("KN")), withXY(x, y), withWH(300, 300), withIfSeq(c.Seq))
	case r.IntN(4) == 0:
		return op(workshops.OpClusterDelete, withCluster(id))
	case r.IntN(2) == 0:
		return op(workshops.OpClusterUpdate, withCluster(id), withName(g.id("KN")))
	}
	return op(workshops.OpClusterUpdate, withCluster(id), withXY(x, y))
}

func (g *canvasGen) next() (string, workshops.Op) {
	r := g.r
	if r.IntN(100) < 35 {
		return g.randomWorkshop.next()
	}
	actor := g.pick(randomPeople)
	switch r.IntN(8) {
	case 0:
		actor = g.pick(randomFacs)
	case 1:
		actor = obsID
	}
	notes := sortedKeys(g.b.Notes)
	switch k := r.IntN(100); {
	case k < 50:
		o := g.itemOp()
		if r.IntN(4) != 0 { // a delete or restore by its author, mostly
			switch o.Kind {
			case workshops.OpNoteRestore, workshops.OpNoteDelete:
				actor = g.b.Notes[o.Note].Author
			case workshops.OpShapeRestore, workshops.OpShapeDelete:
				actor = g.b.Shapes[o.Shape].Author
			case workshops.OpConnectorRestore, workshops.OpConnectorDelete:
				actor = g.b.Connectors[o.Connector].Author
			}
		}
		return actor, o
	case k < 62:
		var ops []workshops.Op
		for range 1 + r.IntN(4) {
			ops = append(ops, g.itemOp())
		}
		return actor, batchOp(ops...)
	case k < 74:
		return actor, commentOp(g.id("M"), g.pick(notes), g.id("CM"))
	case k < 78:
		id := g.pick(sortedKeys(g.b.Comments))
		if c, ok := g.b.Comments[id]; ok && r.IntN(3) != 0 {
			actor = c.Author
		}
		return actor, op(workshops.OpCommentDelete, withComment(id))
	case k < 90:
		return actor, reactOp(g.pick(notes), workshops.Reactions[r.IntN(len(workshops.Reactions))], r.IntN(3) != 0)
	case k < 94:
		// Someone else writes on a note while its lock may hold.
		note := g.pick(sortedKeys(g.b.Editing))
		if r.IntN(2) == 0 {
			actor = g.pick(randomFacs)
		}
		if r.IntN(4) == 0 {
			return actor, deleteOp(note)
		}
		return actor, editOp(note, g.id("T"))
	case k < 99 || g.erased:
		n := g.b.Notes[g.pick(notes)]
		if r.IntN(2) == 0 {
			actor = n.Author
		}
		return actor, op(workshops.OpNoteEditing, withNote(n.ID), withOn(r.IntN(3) != 0))
	}
	g.erased = true
	return "", op(workshops.OpParticipantErase, withPerson("p4"))
}

// canvasLeakCheck fails if out, sent to viewer, quotes the text of a
// comment, shape, cluster or connector the viewer may not see now, or names
// such an item they could see neither before nor after.
func canvasLeakCheck(t *testing.T, what, out string, before, after *workshops.Board, viewer string) {
	t.Helper()
	seesNoteID := func(b *workshops.Board, id string) bool {
		n, ok := b.Notes[id]
		return ok && oracleSeesNote(b, viewer, n)
	}
	seesPlaced := func(b *workshops.Board, frame string, private bool, author string) bool {
		return oracleSeesNote(b, viewer, workshops.Note{Frame: frame, Private: private, Author: author})
	}
	seesEnd := func(b *workshops.Board, r workshops.Ref) bool {
		switch r.Type {
		case workshops.RefNote:
			return seesNoteID(b, r.ID)
		case workshops.RefShape:
			s, ok := b.Shapes[r.ID]
			return ok && seesPlaced(b, s.Frame, s.Private, s.Author)
		case workshops.RefCluster:
			c, ok := b.Clusters[r.ID]
			return ok && seesPlaced(b, c.Frame, c.Private, c.Author)
		case workshops.RefFrame:
			f, ok := b.Frames[r.ID]
			return ok && oracleSeesFrame(b, viewer, f)
		}
		return false
	}
	check := func(id, text string, now, was bool) {
		t.Helper()
		if !now && text != "" && strings.Contains(out, `"`+text+`"`) {
			t.Fatalf("%s for %s leaks the text %q of %s\n%s", what, viewer, text, id, out)
		}
		if !now && !was && strings.Contains(out, `"`+id+`"`) {
			t.Fatalf("%s for %s leaks the item %s\n%s", what, viewer, id, out)
		}
	}
	for id, c := range after.Comments {
		was := false
		if before != nil {
			_, existed := before.Comments[id]
			was = existed && seesNoteID(before, c.Note)
		}
		check(id, c.Text, seesNoteID(after, c.Note), was)
	}
	for id, s := range after.Shapes {
		was := false
		if before != nil {
			if bs, ok := before.Shapes[id]; ok {
				was = seesPlaced(before, bs.Frame, bs.Private, bs.Author)
			}
		}
		check(id, s.Text, seesPlaced(after, s.Frame, s.Private, s.Author), was)
	}
	for id, c := range after.Clusters {
		was := false
		if before != nil {
			if bc, ok := before.Clusters[id]; ok {
				was = seesPlaced(before, bc.Frame, bc.Private, bc.Author)
			}
		}
		check(id, c.Name, seesPlaced(after, c.Frame, c.Private, c.Author), was)
	}
	for id, c := range after.Connectors {
		was := false
		if before != nil {
			if bc, ok := before.Connectors[id]; ok {
				was = seesEnd(before, bc.From) && seesEnd(before, bc.To)
			}
		}
		check(id, c.Text, seesEnd(after, c.From) && seesEnd(after, c.To), was)
	}
}

// TestCanvasRandom is the property test of the canvas: random workshops in
// which everyone (facilitators, participants in two groups, an observer)
// creates, moves, connects, clusters, comments, reacts, locks, restores,
// batches and undoes (ifSeq, right or stale), among the facilitation ops
// (breakout, group changes, private steps, hidden notes, frame moves) and
// one erasure. After every event, for every viewer: what the server would
// send them leaks no comment, shape text, cluster name or connector label
// they may not see, and a client keeping up from those messages shows
// exactly what ViewFor says; refused ops change nothing; two replicas and a
// replay of the log agree; resumes by replay end where a snapshot would.
func TestCanvasRandom(t *testing.T) {
	steps, seeds := 700, 4
	if testing.Short() {
		steps, seeds = 250, 2
	}
	accepted, refusedN, resyncs, replays := 0, 0, 0, 0
	kinds := map[workshops.OpKind]int{}
	codes := map[string]int{}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 15))
		b := workshops.NewBoard("ws-c", "Canvas")
		replica := workshops.NewBoard("ws-c", "Canvas")
		g := &canvasGen{randomWorkshop: &randomWorkshop{r: r, b: b}}
		var log []workshops.Event
		apply := func(actor string, o workshops.Op) (workshops.Event, error) {
			e := event(b, actor, o)
			err := workshops.Apply(b, e)
			if err2 := workshops.Apply(replica, e); workshops.ErrorCode(err) != workshops.ErrorCode(err2) {
				t.Fatalf("replicas disagree on %s: %v vs %v", o.Kind, err, err2)
			}
			if err == nil {
				log = append(log, e)
			}
			return e, err
		}
		for _, id := range randomFacs {
			apply("", joinOp(id, "Fasilitator", workshops.RoleFacilitator))
		}
		for _, id := range randomPeople {
			apply("", joinOp(id, "Deltaker", workshops.RoleParticipant))
		}
		apply("", joinOp(obsID, "Observatør", workshops.RoleObserver))
		apply(facID, groupOp("g1", "Bolig"))
		apply(facID, groupOp("g2", "Jobb"))
		apply(facID, op(workshops.OpGroupAssign, withAssign(map[string]string{"p1": "g1", "p2": "g1", "p3": "g2", "p4": "g2"})))
		apply(facID, frameOp("F-a", "A", 0, 0, 3000, 2500, "g1"))
		apply(facID, frameOp("F-b", "B", 3200, 0, 3000, 2500, "g2"))
		apply(facID, op(workshops.OpBreakoutStart))

		clients := map[string]canvasHeld{}
		for _, v := range randomViewers {
			clients[v] = canvasHeldFrom(b.ViewFor(v))
		}
		type checkpoint struct {
			seq     uint64
			clients map[string]canvasHeld
		}
		var checkpoints []checkpoint
		for step := range steps {
			actor, o := g.next()
			before := b.Clone()
			e, err := apply(actor, o)
			if err != nil {
				refusedN++
				codes[workshops.ErrorCode(err)]++
				if b.Hash() != before.Hash() {
					t.Fatalf("seed %d step %d: refused %s (%v) changed the board", seed, step, o.Kind, err)
				}
				continue
			}
			accepted++
			kinds[o.Kind]++
			if o.Kind == workshops.OpBatch {
				for _, k := range o.Kinds() {
					kinds[k]++
				}
			}
			for _, v := range randomViewers {
				if p, ok := before.Participants[v]; ok && p.Removed {
					continue // the server has closed their sessions
				}
				what := fmt.Sprintf("seed %d step %d: event %d %s by %s", seed, step, e.Seq, o.Kind, actor)
				fac := isFacilitator(b, v)
				if b.NeedsResync(e, v) {
					resyncs++
					view := b.ViewFor(v)
					canvasLeakCheck(t, what+" (snapshot)", mustJSON(t, view), nil, b, v)
					leakCheck(t, what+" (snapshot)", mustJSON(t, view), nil, b, v, nil)
					clients[v] = canvasHeldFrom(view)
				} else if ev, ok := b.EventFor(e, v); ok {
					canvasLeakCheck(t, what, mustJSON(t, ev), before, b, v)
					leakCheck(t, what, mustJSON(t, ev), before, b, v, nil)
					clients[v].apply(ev, fac)
				}
				if p, ok := b.Participants[v]; ok && p.Removed {
					continue
				}
				view := b.ViewFor(v)
				if got, want := clients[v].shown(), canvasHeldFrom(view).shown(); !reflect.DeepEqual(got, want) {
					t.Logf("event %s", mustJSON(t, e))
					t.Fatalf("%s: %s's client shows\n%+v\nits view says\n%+v", what, v, got, want)
				}
				if step%5 == 0 {
					canvasLeakCheck(t, what+" (view)", mustJSON(t, view), nil, b, v)
				}
			}
			if len(log)%10 == 0 {
				for _, cp := range checkpoints[max(0, len(checkpoints)-4):] {
					if !b.CanReplay(cp.seq) {
						continue
					}
					replays++
					for _, v := range randomViewers {
						if p, ok := b.Participants[v]; ok && p.Removed {
							continue
						}
						c := cp.clients[v].clone()
						for _, old := range log {
							if old.Seq <= cp.seq {
								continue
							}
							if b.NeedsResync(old, v) {
								t.Fatalf("seed %d: NeedsResync for %s on replay though CanReplay", seed, v)
							}
							if ev, ok := b.EventFor(old, v); ok {
								c.apply(ev, isFacilitator(b, v))
							}
						}
						if got, want := c.shown(), canvasHeldFrom(b.ViewFor(v)).shown(); !reflect.DeepEqual(got, want) {
							t.Fatalf("seed %d: %s resumed from %d shows\n%+v\nits view\n%+v", seed, v, cp.seq, got, want)
						}
					}
				}
				cp := checkpoint{seq: b.Seq, clients: map[string]canvasHeld{}}
				for v, h := range clients {
					cp.clients[v] = h.clone()
				}
				checkpoints = append(checkpoints, cp)
			}
		}
		if b.Hash() != replica.Hash() {
			t.Fatalf("seed %d: replicas differ", seed)
		}
		again := workshops.NewBoard("ws-c", "Canvas")
		for _, e := range log {
			if err := workshops.Apply(again, e); err != nil {
				t.Fatalf("seed %d: replaying %d: %v", seed, e.Seq, err)
			}
		}
		if again.Hash() != b.Hash() {
			t.Fatalf("seed %d: replay differs", seed)
		}
		back, err := workshops.DecodeBoard([]byte(mustJSON(t, b)))
		if err != nil || back.Hash() != b.Hash() {
			t.Fatalf("seed %d: snapshot round trip differs (%v)", seed, err)
		}
	}
	t.Logf("%d accepted, %d refused %v, %d resyncs, %d resumes; kinds %v", accepted, refusedN, codes, resyncs, replays, kinds)
	if testing.Short() {
		return
	}
	for _, k := range []workshops.OpKind{workshops.OpShapeCreate, workshops.OpShapeUpdate, workshops.OpShapeDelete, workshops.OpShapeRestore,
		workshops.OpConnectorCreate, workshops.OpConnectorUpdate, workshops.OpConnectorDelete, workshops.OpConnectorRestore,
		workshops.OpClusterCreate, workshops.OpClusterUpdate, workshops.OpClusterDelete, workshops.OpClusterRestore,
		workshops.OpCommentCreate, workshops.OpCommentDelete, workshops.OpReactionSet, workshops.OpNoteEditing,
		workshops.OpNoteRestore, workshops.OpBatch, workshops.OpParticipantErase} {
		if kinds[k] == 0 {
			t.Errorf("no %s was accepted", k)
		}
	}
	for _, c := range []string{workshops.ESTALE, workshops.EEDITING, workshops.ENOTFOUND, workshops.EFORBIDDEN} {
		if codes[c] == 0 {
			t.Errorf("no op was refused with %s", c)
		}
	}
}
