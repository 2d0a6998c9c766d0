package workshops

// The soft lock on a note's text (note.editing) and the restore of a
// deleted note (note.restore, the undo of a delete).
//
// The lock is logged, not ephemeral: every node decides a note.edit
// against the same lock in log order, and the expiry is measured from the
// events' own server times, so Apply still reads no clock.

// holder returns who holds the lock on note at server time at, or "".
// A lock of someone removed from the board holds for nobody.
func (b *Board) holder(note string, at int64) string {
	l, ok := b.Editing[note]
	if !ok || l.Until <= at || b.Participants[l.By].Removed {
		return ""
	}
	return l.By
}

// checkEditLock refuses a change to a note's text (edit, delete, restore)
// while someone other than actor holds its lock.
func (b *Board) checkEditLock(note string, actor Participant, at int64) error {
	if h := b.holder(note, at); h != "" && h != actor.ID {
		return Errorf(EEDITING, "someone else is editing this note")
	}
	return nil
}

// noteEditing takes, renews (on) or releases the lock on a note's text.
// Only those who may edit the text may take it.
func noteEditing(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	n, err := b.noteFor(op.Note, actor)
	if err != nil {
		return nil, err
	}
	if err := mayChangeContent(n, actor); err != nil {
		return nil, err
	}
	if *op.On {
		if err := b.checkEditLock(n.ID, actor, e.At); err != nil {
			return nil, err
		}
		l := EditLock{Note: n.ID, By: actor.ID, Until: e.At + EditLockMs}
		return func() { b.Editing[n.ID] = l }, nil
	}
	if b.holder(n.ID, e.At) != actor.ID {
		return nil, Errorf(ECONFLICT, "you are not editing this note")
	}
	return func() { delete(b.Editing, n.ID) }, nil
}

// noteRestore brings a deleted note back with the same ID, author and
// creation time, placed like a new note. Only its author may (so the
// event's actor is the author: a client that did not hold the note learns
// it from the event), while the tombstone's seq is still the op's ifSeq.
// An erased author can send nothing, so their notes never come back.
func noteRestore(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	n, ok := b.Notes[op.Note]
	if !ok || !b.canSeeNote(n, b.viewerOf(actor.ID), false) {
		return nil, Errorf(ENOTFOUND, "no such note")
	}
	if !n.Deleted {
		return nil, Errorf(ECONFLICT, "the note is not deleted")
	}
	if err := checkIfSeq(op.IfSeq, n.Seq, "note"); err != nil {
		return nil, err
	}
	if actor.ID != n.Author {
		return nil, Errorf(EFORBIDDEN, "only the note's author can bring it back")
	}
	if b.LiveNotes >= MaxLiveNotes {
		return nil, Errorf(ELIMIT, "the board has room for %d notes", MaxLiveNotes)
	}
	if err := checkText(*op.Text); err != nil {
		return nil, err
	}
	if err := checkColor(*op.Color); err != nil {
		return nil, err
	}
	if err := checkSize(*op.W, *op.H); err != nil {
		return nil, err
	}
	old := n
	n.Text, n.Color, n.X, n.Y, n.W, n.H = *op.Text, *op.Color, *op.X, *op.Y, *op.W, *op.H
	frame, _, err := b.placeBox(actor, box{n.X, n.Y, n.W, n.H}, "", true)
	if err != nil {
		return nil, err
	}
	n.Frame, n.Private = frame, b.Private.covers(frame)
	n.Deleted, n.Z, n.Seq, n.UpdatedAt = false, e.Seq, e.Seq, e.At
	return func() {
		b.Notes[n.ID] = n
		b.LiveNotes++
		if b.hasAttachments(n) || b.rescoped(old.Frame, old.Private, n.Frame, n.Private) {
			b.ViewSeq = e.Seq // they come back, or others see it: see NeedsResync
		}
	}, nil
}

// hasAttachments reports whether note n has anything that is shown only
// with it: comments, reactions, connectors.
func (b *Board) hasAttachments(n Note) bool {
	if len(n.Reactions) > 0 || b.hasConnectors(Ref{RefNote, n.ID}) {
		return true
	}
	for _, c := range b.Comments {
		if c.Note == n.ID && !c.Deleted {
			return true
		}
	}
	return false
}
