package workshops

import (
	"unicode/utf8"
)

// Apply folds event e into board b. It is deterministic: the result depends
// only on b and e. On error b is unchanged, so a rejected operation is never
// half-applied; the error is an *Error whose code says why.
//
// e.Seq must be b.Seq+1. The actor's role is looked up on the board, so the
// permission rules hold the same way on every replica, in log order.
func Apply(b *Board, e Event) error {
	if e.Seq != b.Seq+1 {
		return Errorf(ECONFLICT, "event seq %d does not follow board seq %d", e.Seq, b.Seq)
	}
	op := &e.Op
	if err := op.CheckShape(); err != nil {
		return err
	}
	if op.Kind.ServerOnly() != (e.Actor == "") {
		if e.Actor == "" {
			return Errorf(EINVALID, "%s needs an actor", op.Kind)
		}
		return Errorf(ESERVERONLY, "%s is issued by the server only", op.Kind)
	}
	var actor Participant
	if e.Actor != "" {
		var ok bool
		if actor, ok = b.Participants[e.Actor]; !ok {
			return Errorf(EFORBIDDEN, "not a participant of this board")
		}
		if actor.Role == RoleObserver {
			return Errorf(EFORBIDDEN, "observers cannot change the board")
		}
	}
	if err := check(b, e, actor); err != nil {
		return err
	}
	mutate(b, e)
	b.Seq = e.Seq
	return nil
}

// check decides whether e may be applied to b, without changing b.
func check(b *Board, e Event, actor Participant) error {
	op := &e.Op
	switch op.Kind {
	case OpParticipantJoin:
		p := op.Participant
		if !ValidID(p.ID) {
			return Errorf(EINVALID, "participant ID is not valid")
		}
		if _, err := CleanName(p.Name); err != nil {
			return err
		}
		if !p.Role.Valid() {
			return Errorf(EINVALID, "unknown role")
		}
		if _, ok := b.Participants[p.ID]; !ok && len(b.Participants) >= MaxParticipant {
			return Errorf(ELIMIT, "the board has room for %d participants", MaxParticipant)
		}
		return nil
	case OpBoardRename:
		if actor.Role != RoleFacilitator {
			return Errorf(EFORBIDDEN, "only facilitators can rename the board")
		}
		_, err := CleanTitle(*op.Title)
		return err
	case OpNoteCreate:
		if !ValidID(op.Note) {
			return Errorf(EINVALID, "note ID is not valid")
		}
		if _, ok := b.Notes[op.Note]; ok {
			return Errorf(ECONFLICT, "a note with this ID exists")
		}
		if b.LiveNotes >= MaxLiveNotes {
			return Errorf(ELIMIT, "the board has room for %d notes", MaxLiveNotes)
		}
		if err := checkText(*op.Text); err != nil {
			return err
		}
		if err := checkColor(*op.Color); err != nil {
			return err
		}
		if err := checkPos(*op.X, *op.Y); err != nil {
			return err
		}
		if op.W != nil || op.H != nil {
			if op.W == nil || op.H == nil {
				return Errorf(EINVALID, "give both w and h, or neither")
			}
			return checkSize(*op.W, *op.H)
		}
		return nil
	}
	// The rest change an existing note.
	n, ok := b.Notes[op.Note]
	if !ok {
		return Errorf(ENOTFOUND, "no such note")
	}
	if n.Deleted {
		return Errorf(EDELETED, "the note was deleted")
	}
	switch op.Kind {
	case OpNoteEdit:
		if err := mayChangeContent(n, actor); err != nil {
			return err
		}
		return checkText(*op.Text)
	case OpNoteDelete:
		return mayChangeContent(n, actor)
	case OpNoteMove:
		return checkPos(*op.X, *op.Y)
	case OpNoteResize:
		return checkSize(*op.W, *op.H)
	case OpNoteRecolor:
		return checkColor(*op.Color)
	}
	return Errorf(EUNKNOWNOP, "unknown operation %q", op.Kind)
}

// mayChangeContent: a note's text is its author's words, so only the author
// and facilitators may edit or delete it. Anyone may move, resize or recolour
// a note; that is how a group clusters ideas.
func mayChangeContent(n Note, actor Participant) error {
	if actor.Role == RoleFacilitator || actor.ID == n.Author {
		return nil
	}
	return Errorf(EFORBIDDEN, "only the author or a facilitator can change this note's text")
}

// mutate applies an op that check accepted.
func mutate(b *Board, e Event) {
	op := &e.Op
	switch op.Kind {
	case OpParticipantJoin:
		p := *op.Participant
		p.Name, _ = CleanName(p.Name)
		if old, ok := b.Participants[p.ID]; ok {
			p.JoinedAt = old.JoinedAt
		} else {
			p.JoinedAt = e.At
		}
		b.Participants[p.ID] = p
		return
	case OpBoardRename:
		b.Title, _ = CleanTitle(*op.Title)
		return
	case OpNoteCreate:
		n := Note{ID: op.Note, Text: *op.Text, Color: *op.Color, X: *op.X, Y: *op.Y,
			W: DefaultNoteW, H: DefaultNoteH, Author: e.Actor, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq}
		if op.W != nil {
			n.W, n.H = *op.W, *op.H
		}
		b.Notes[n.ID] = n
		b.LiveNotes++
		return
	}
	n := b.Notes[op.Note]
	n.UpdatedAt = e.At
	switch op.Kind {
	case OpNoteEdit:
		n.Text = *op.Text
	case OpNoteMove:
		n.X, n.Y, n.Z = *op.X, *op.Y, e.Seq
	case OpNoteResize:
		n.W, n.H = *op.W, *op.H
	case OpNoteRecolor:
		n.Color = *op.Color
	case OpNoteDelete:
		n.Deleted = true
		n.Text = "" // a tombstone keeps no content
		b.LiveNotes--
	}
	b.Notes[n.ID] = n
}

func checkText(s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "text is not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > MaxNoteTextLen {
		return Errorf(ETOOLARGE, "note text is longer than %d characters", MaxNoteTextLen)
	}
	return nil
}

func checkColor(c Color) error {
	if !c.Valid() {
		return Errorf(EINVALID, "unknown colour")
	}
	return nil
}

func checkPos(x, y float64) error {
	if x < -MaxCoord || x > MaxCoord || y < -MaxCoord || y > MaxCoord {
		return Errorf(EINVALID, "position is off the board")
	}
	return nil
}

func checkSize(w, h float64) error {
	if w < MinNoteSize || w > MaxNoteSize || h < MinNoteSize || h > MaxNoteSize {
		return Errorf(EINVALID, "size must be between %g and %g", MinNoteSize, MaxNoteSize)
	}
	return nil
}
