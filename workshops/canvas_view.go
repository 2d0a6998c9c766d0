package workshops

import (
	"cmp"
	"slices"
	"strings"
)

// canvasView adds to view the canvas items v may see: live shapes and
// clusters placed where v sees (by Z, then ID), live connectors with both
// ends live and seen (by ID), live comments on live notes v sees (by seq),
// and the edit locks on notes v sees.
func (b *Board) canvasView(view *View, v viewer) {
	for _, s := range b.Shapes {
		if !s.Deleted && b.canSeeShape(s, v) {
			view.Shapes = append(view.Shapes, s)
		}
	}
	slices.SortFunc(view.Shapes, func(x, y Shape) int {
		return cmp.Or(cmp.Compare(x.Z, y.Z), strings.Compare(x.ID, y.ID))
	})
	for _, c := range b.Clusters {
		if !c.Deleted && b.canSeeCluster(c, v) {
			view.Clusters = append(view.Clusters, c)
		}
	}
	slices.SortFunc(view.Clusters, func(x, y Cluster) int {
		return cmp.Or(cmp.Compare(x.Z, y.Z), strings.Compare(x.ID, y.ID))
	})
	for _, c := range b.Connectors {
		if !c.Deleted && b.canSeeConnector(c, v) {
			view.Connectors = append(view.Connectors, c)
		}
	}
	slices.SortFunc(view.Connectors, func(x, y Connector) int { return strings.Compare(x.ID, y.ID) })
	for _, c := range b.Comments {
		if n, ok := b.Notes[c.Note]; ok && !c.Deleted && !n.Deleted && b.canSeeNote(n, v, false) {
			view.Comments = append(view.Comments, c)
		}
	}
	slices.SortFunc(view.Comments, func(x, y Comment) int {
		return cmp.Or(cmp.Compare(x.Seq, y.Seq), strings.Compare(x.ID, y.ID))
	})
	for _, l := range b.Editing {
		if n, ok := b.Notes[l.Note]; ok && !n.Deleted && b.canSeeNote(n, v, false) {
			view.Editing = append(view.Editing, l)
		}
	}
	slices.SortFunc(view.Editing, func(x, y EditLock) int { return strings.Compare(x.Note, y.Note) })
}

// canvasEventFor is EventFor for the canvas ops (isCanvas): an event
// reaches those who see the item it is about (a tombstone keeps what
// decides it); a comment or reaction, those who see its note; a connector,
// those who see both its ends; a batch, cut to the ops the viewer may see.
func (b *Board) canvasEventFor(e Event, v viewer) (Event, bool) {
	op := &e.Op
	switch op.Kind {
	case OpNoteRestore, OpNoteEditing, OpReactionSet, OpCommentCreate:
		n, ok := b.Notes[op.Note]
		return e, ok && b.canSeeNote(n, v, false)
	case OpCommentDelete:
		c, ok := b.Comments[op.Comment]
		return e, ok && b.canSeeComment(c, v)
	case OpShapeCreate, OpShapeUpdate, OpShapeDelete, OpShapeRestore:
		s, ok := b.Shapes[op.Shape]
		return e, ok && b.canSeeShape(s, v)
	case OpClusterCreate, OpClusterUpdate, OpClusterDelete, OpClusterRestore:
		c, ok := b.Clusters[op.Cluster]
		return e, ok && b.canSeeCluster(c, v)
	case OpConnectorCreate, OpConnectorUpdate, OpConnectorDelete, OpConnectorRestore:
		c, ok := b.Connectors[op.Connector]
		return e, ok && b.seesEnds(c, v)
	case OpBatch:
		var kept []Op
		same := true
		for i, sub := range op.Ops {
			se := Event{Seq: e.Seq, OpID: e.OpID, Actor: e.Actor, At: e.At, Op: sub}
			ev, ok := b.EventFor(se, v.id)
			if !ok {
				if same {
					kept = slices.Clone(op.Ops[:i])
				}
				same = false
				continue
			}
			if same && !Unredacted(ev, se) {
				kept, same = slices.Clone(op.Ops[:i]), false
			}
			if !same {
				kept = append(kept, ev.Op)
			}
		}
		if same {
			return e, true
		}
		if len(kept) == 0 {
			return Event{}, false
		}
		e.Op.Ops = kept
		return e, true
	}
	return Event{}, false
}

// isCanvas reports whether k is one of the canvas ops that canvasEventFor
// handles.
func isCanvas(k OpKind) bool {
	switch k {
	case OpNoteRestore, OpNoteEditing, OpReactionSet, OpCommentCreate, OpCommentDelete,
		OpShapeCreate, OpShapeUpdate, OpShapeDelete, OpShapeRestore,
		OpClusterCreate, OpClusterUpdate, OpClusterDelete, OpClusterRestore,
		OpConnectorCreate, OpConnectorUpdate, OpConnectorDelete, OpConnectorRestore, OpBatch:
		return true
	}
	return false
}

// canvasNeedsResync is NeedsResync for the canvas ops, on an event that
// changed what people see (ViewSeq): a restore that brings back comments,
// reactions or connectors goes as a snapshot to those who see the item; a
// batch, to those any op in it would send one.
func (b *Board) canvasNeedsResync(e Event, v viewer) (resync, handled bool) {
	op := &e.Op
	switch op.Kind {
	case OpNoteRestore:
		return b.canSeeNote(b.Notes[op.Note], v, false), true
	case OpShapeRestore:
		return b.canSeeShape(b.Shapes[op.Shape], v), true
	case OpClusterRestore:
		return b.canSeeCluster(b.Clusters[op.Cluster], v), true
	case OpBatch:
		for _, sub := range op.Ops {
			if b.NeedsResync(Event{Seq: e.Seq, Actor: e.Actor, At: e.At, Op: sub}, v.id) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}
