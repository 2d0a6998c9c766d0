package workshops

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
//     events (ErasedName).
//
// The redacted log replays to the same board after the erasure: no rule of
// Apply depends on a note's text or a person's name, and the erasure empties
// both. Run again on a redacted log, ErasedEvents returns nothing.
func ErasedEvents(events []Event, person string) []Event {
	notes := map[string]bool{}
	var out []Event
	empty := ""
	for _, e := range events {
		op := e.Op // a copy; pointer fields are replaced, never written through
		changed := false
		switch op.Kind {
		case OpNoteCreate:
			if e.Actor != person {
				continue
			}
			notes[op.Note] = true
			if op.Text != nil && *op.Text != "" {
				op.Text, changed = &empty, true
			}
		case OpNoteEdit:
			if notes[op.Note] && op.Text != nil && *op.Text != "" {
				op.Text, changed = &empty, true
			}
		case OpNoteHide, OpNoteDelete:
			if notes[op.Note] && op.Reason != nil {
				op.Reason, changed = nil, true
			}
		case OpParticipantJoin:
			if op.Participant != nil && op.Participant.ID == person && op.Participant.Name != ErasedName {
				p := *op.Participant
				p.Name = ErasedName
				op.Participant, changed = &p, true
			}
		case OpParticipantRename:
			if op.Person == person && op.Name != nil && *op.Name != ErasedName {
				name := ErasedName
				op.Name, changed = &name, true
			}
		}
		if changed {
			e.Op = op
			out = append(out, e)
		}
	}
	return out
}
