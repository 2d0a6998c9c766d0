package workshops

import "strings"

// shapeCreate handles shape.create and shape.restore. A restore brings a
// deleted shape back with the same ID and creation time, by its author
// only, if its seq is still the op's ifSeq.
func shapeCreate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	restore := op.Kind == OpShapeRestore
	old, exists := b.Shapes[op.Shape]
	s := Shape{ID: op.Shape, Author: e.Actor, CreatedAt: e.At}
	switch {
	case !ValidID(op.Shape):
		return nil, Errorf(EINVALID, "shape ID is not valid")
	case !restore && exists:
		return nil, Errorf(ECONFLICT, "a shape with this ID exists")
	case restore:
		if !exists || !b.canSeeShape(old, b.viewerOf(actor.ID)) {
			return nil, Errorf(ENOTFOUND, "no such shape")
		}
		if !old.Deleted {
			return nil, Errorf(ECONFLICT, "the shape is not deleted")
		}
		if err := checkIfSeq(op.IfSeq, old.Seq, "shape"); err != nil {
			return nil, err
		}
		if actor.ID != old.Author {
			return nil, Errorf(EFORBIDDEN, "only the shape's author can bring it back")
		}
		s.CreatedAt = old.CreatedAt
	}
	if b.liveShapes() >= MaxShapes {
		return nil, Errorf(ELIMIT, "the board has room for %d shapes", MaxShapes)
	}
	s.Form = op.Form
	if !s.Form.Valid() {
		return nil, Errorf(EINVALID, "a shape's form is rect, ellipse or text")
	}
	if err := s.setContent(op); err != nil {
		return nil, err
	}
	if err := checkShapeSize(*op.W, *op.H); err != nil {
		return nil, err
	}
	s.X, s.Y, s.W, s.H = *op.X, *op.Y, *op.W, *op.H
	frame, _, err := b.placeBox(actor, box{s.X, s.Y, s.W, s.H}, "", true)
	if err != nil {
		return nil, err
	}
	s.Frame, s.Private = frame, b.Private.covers(frame)
	s.Z, s.Seq, s.UpdatedAt = e.Seq, e.Seq, e.At
	return func() {
		b.Shapes[s.ID] = s
		if restore && (b.hasConnectors(Ref{RefShape, s.ID}) || b.rescoped(old.Frame, old.Private, s.Frame, s.Private)) {
			b.ViewSeq = e.Seq // its connectors come back: see NeedsResync
		}
	}, nil
}

// setContent checks and copies a shape op's text and colour into s.
func (s *Shape) setContent(op *Op) error {
	if op.Text != nil {
		if err := checkText(*op.Text); err != nil {
			return err
		}
		s.Text = *op.Text
	}
	if op.Color != nil {
		if err := checkColor(*op.Color); err != nil {
			return err
		}
		s.Color = *op.Color
	}
	if s.Form == FormText && strings.TrimSpace(s.Text) == "" {
		return Errorf(EINVALID, "a text label needs text")
	}
	return nil
}

func checkShapeSize(w, h float64) error {
	if w < MinShapeSize || w > MaxShapeSize || h < MinShapeSize || h > MaxShapeSize {
		return Errorf(EINVALID, "a shape's size must be between %g and %g", MinShapeSize, MaxShapeSize)
	}
	return nil
}

func (b *Board) liveShapes() int {
	n := 0
	for _, s := range b.Shapes {
		if !s.Deleted {
			n++
		}
	}
	return n
}

// shapeFor returns the live shape id as actor may act on it; one the actor
// may not see is "not found".
func (b *Board) shapeFor(id string, actor Participant, ifSeq uint64) (Shape, error) {
	s, ok := b.Shapes[id]
	if !ok || !b.canSeeShape(s, b.viewerOf(actor.ID)) {
		return s, Errorf(ENOTFOUND, "no such shape")
	}
	if s.Deleted {
		return s, Errorf(EDELETED, "the shape was deleted")
	}
	return s, checkIfSeq(ifSeq, s.Seq, "shape")
}

// mayChangeAuthored: an item's text is its author's words, so only the
// author and facilitators may change it or delete the item.
func (b *Board) mayChangeAuthored(author string, actor Participant, what string) error {
	if actor.Role == RoleFacilitator || actor.ID == author {
		return nil
	}
	return Errorf(EFORBIDDEN, "only the author or a facilitator can change this %s's text or delete it", what)
}

// shapeUpdate moves, resizes, recolours or rewrites a shape. Anyone may
// move, resize or recolour it; its text is its author's.
func shapeUpdate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	s, err := b.shapeFor(op.Shape, actor, op.IfSeq)
	if err != nil {
		return nil, err
	}
	if op.X == nil && op.Y == nil && op.W == nil && op.H == nil && op.Text == nil && op.Color == nil {
		return nil, Errorf(EINVALID, "shape.update needs something to change")
	}
	if err := needBoth(op.X, op.Y, "x and y"); err != nil {
		return nil, err
	}
	if err := needBoth(op.W, op.H, "w and h"); err != nil {
		return nil, err
	}
	if op.Text != nil {
		if err := b.mayChangeAuthored(s.Author, actor, "shape"); err != nil {
			return nil, err
		}
	}
	old := s
	if err := s.setContent(op); err != nil {
		return nil, err
	}
	if op.X != nil {
		s.X, s.Y, s.Z = *op.X, *op.Y, e.Seq
	}
	if op.W != nil {
		if err := checkShapeSize(*op.W, *op.H); err != nil {
			return nil, err
		}
		s.W, s.H = *op.W, *op.H
	}
	frame, crosses, err := b.placeBox(actor, box{s.X, s.Y, s.W, s.H}, old.Frame, false)
	if err != nil {
		return nil, err
	}
	s.Frame, s.Seq, s.UpdatedAt = frame, e.Seq, e.At
	return func() {
		b.Shapes[s.ID] = s
		if crosses {
			b.ViewSeq = e.Seq
		}
	}, nil
}

func shapeDelete(b *Board, e *Event, actor Participant) (func(), error) {
	s, err := b.shapeFor(e.Op.Shape, actor, e.Op.IfSeq)
	if err != nil {
		return nil, err
	}
	if err := b.mayChangeAuthored(s.Author, actor, "shape"); err != nil {
		return nil, err
	}
	if err := b.checkLocks(actor, s.Frame); err != nil {
		return nil, err
	}
	return func() {
		s.Deleted, s.Text, s.Seq, s.UpdatedAt = true, "", e.Seq, e.At
		b.Shapes[s.ID] = s
	}, nil
}
