package workshops

// frameChoose records that a card was chosen, or takes that back: the
// facilitator marks the goal images a municipality picked on the shared
// board, so that the export and the next workshop of the process can read
// the choice from the board instead of guessing it from the notes.
func frameChoose(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "record chosen cards"); err != nil {
		return nil, err
	}
	f, err := b.liveFrame(e.Op.Frame)
	if err != nil {
		return nil, err
	}
	return func() {
		f.Chosen, f.UpdatedAt = *e.Op.On, e.At
		b.Frames[f.ID] = f
	}, nil
}

// ChosenFrames returns the IDs of the live frames marked chosen, in no
// particular order.
func (b *Board) ChosenFrames() []string {
	var ids []string
	for id, f := range b.Frames {
		if f.Chosen && !f.Deleted {
			ids = append(ids, id)
		}
	}
	return ids
}
