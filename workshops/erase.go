package workshops

import "slices"

// ErasedName stands in for an erased person's name in their redacted
// participant.join and participant.rename events: a log must still replay,
// and a name may not be empty. After the participant.erase event the board
// holds no name for them at all.
const ErasedName = "–"

// ErasedEvents returns redacted copies of the events of a board's log that
// hold personal data of the given person, for a store to overwrite once a
// participant.erase of that person is durable (Store.RedactEvents). The
// events must be the log from its start, in seq order; the result holds
// only the events that change, in the same order, with the same seq, op ID,
// actor and time. Redacted are:
//
//   - the text of every note.create of a note the person wrote, and of every
//     note.edit of such a note (by anyone);
//   - the reason of every note.hide and note.delete of such a note (a
//     facilitator's reason may quote the note);
//   - the name in the person's participant.join and participant.rename
//     events (ErasedName);
//   - the text of note.restore of such a note; the text of the shapes and
//     the labels of the connectors the person made, in every op on them
//     (ErasedName for a text label, which may not be empty); the text of
//     every comment.create by the person or on such a note (ErasedName);
//     the name in the person's cluster ops (ErasedName); inside batches
//     too.
//
// The redacted log replays to the same board after the erasure: no rule of
// Apply depends on a note's text or a person's name, and the erasure empties
// both. Run again on a redacted log, ErasedEvents returns nothing.
func ErasedEvents(events []Event, person string) []Event {
	r := redactor{person: person, notes: map[string]bool{}, shapes: map[string]ShapeForm{}, connectors: map[string]bool{}}
	var out []Event
	for _, e := range events {
		if op, changed := r.redact(e.Actor, e.Op); changed {
			e.Op = op
			out = append(out, e)
		}
	}
	return out
}

// redactor remembers, along a log, which items hold the person's words.
type redactor struct {
	person     string
	notes      map[string]bool      // notes they wrote
	shapes     map[string]ShapeForm // shapes they made, with their form
	connectors map[string]bool      // connectors they made
}

// redact returns op with the person's data taken out, and whether anything
// changed. op is a copy; pointer fields and lists are replaced, never
// written through.
func (r *redactor) redact(actor string, op Op) (Op, bool) {
	empty, erased := "", ErasedName
	mine := actor == r.person
	changed := false
	clear := func(p **string, with *string) {
		if *p != nil && **p != *with {
			*p, changed = with, true
		}
	}
	switch op.Kind {
	case OpNoteCreate:
		if mine {
			r.notes[op.Note] = true
			clear(&op.Text, &empty)
		}
	case OpNoteEdit, OpNoteRestore:
		if r.notes[op.Note] {
			clear(&op.Text, &empty)
		}
	case OpNoteHide, OpNoteDelete:
		if r.notes[op.Note] && op.Reason != nil {
			op.Reason, changed = nil, true
		}
	case OpShapeCreate, OpShapeUpdate, OpShapeRestore:
		if op.Kind == OpShapeCreate && mine {
			r.shapes[op.Shape] = op.Form
		}
		form, ok := r.shapes[op.Shape]
		if !ok {
			break
		}
		if op.Form != "" {
			form, r.shapes[op.Shape] = op.Form, op.Form
		}
		if form == FormText {
			clear(&op.Text, &erased) // a text label may not be empty
		} else {
			clear(&op.Text, &empty)
		}
	case OpConnectorCreate, OpConnectorUpdate, OpConnectorRestore:
		if op.Kind == OpConnectorCreate && mine {
			r.connectors[op.Connector] = true
		}
		if r.connectors[op.Connector] {
			clear(&op.Text, &empty)
		}
	case OpCommentCreate:
		if mine || r.notes[op.Note] {
			clear(&op.Text, &erased)
		}
	case OpClusterCreate, OpClusterUpdate, OpClusterRestore:
		if mine {
			clear(&op.Name, &erased)
		}
	case OpParticipantJoin:
		if op.Participant != nil && op.Participant.ID == r.person && op.Participant.Name != ErasedName {
			p := *op.Participant
			p.Name = ErasedName
			op.Participant, changed = &p, true
		}
	case OpParticipantRename:
		if op.Person == r.person && op.Name != nil && *op.Name != ErasedName {
			op.Name, changed = &erased, true
		}
	case OpBatch:
		var ops []Op
		for i, sub := range op.Ops {
			if red, ok := r.redact(actor, sub); ok {
				if ops == nil {
					ops = slices.Clone(op.Ops)
				}
				ops[i] = red
			}
		}
		if ops != nil {
			op.Ops, changed = ops, true
		}
	}
	return op, changed
}
