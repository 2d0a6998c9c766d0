package workshops

// Connectors join two items by ID, so they follow every move. The dangling
// rule: a connector whose end is deleted stays in the board but is shown to
// nobody, and ops on it are refused, until the end is restored.

// end looks up a connector's end: the frame it lies in (a frame end: the
// frame itself), whether it is live, and whether v may see it.
func (b *Board) end(r Ref, v viewer) (frame string, live, visible bool) {
	switch r.Type {
	case RefNote:
		n, ok := b.Notes[r.ID]
		return n.Frame, ok && !n.Deleted, ok && b.canSeeNote(n, v, false)
	case RefShape:
		s, ok := b.Shapes[r.ID]
		return s.Frame, ok && !s.Deleted, ok && b.canSeeShape(s, v)
	case RefCluster:
		c, ok := b.Clusters[r.ID]
		return c.Frame, ok && !c.Deleted, ok && b.canSeeCluster(c, v)
	case RefFrame:
		f, ok := b.Frames[r.ID]
		return r.ID, ok && !f.Deleted, ok && b.canSeeFrame(f, v)
	}
	return "", false, false
}

// canSeeConnector: v sees a connector when both its ends are live and v
// sees them.
func (b *Board) canSeeConnector(c Connector, v viewer) bool {
	_, live1, vis1 := b.end(c.From, v)
	_, live2, vis2 := b.end(c.To, v)
	return live1 && vis1 && live2 && vis2
}

// seesEnds reports whether v sees both ends of c, live or not: whether the
// connector's events may reach v (a tombstone keeps what decides it).
func (b *Board) seesEnds(c Connector, v viewer) bool {
	_, _, vis1 := b.end(c.From, v)
	_, _, vis2 := b.end(c.To, v)
	return vis1 && vis2
}

// hasConnectors reports whether any connector that is not deleted has r as
// an end.
func (b *Board) hasConnectors(r Ref) bool {
	for _, c := range b.Connectors {
		if !c.Deleted && (c.From == r || c.To == r) {
			return true
		}
	}
	return false
}

// checkEnds checks a connector's ends for actor: valid, different, live,
// seen by actor, and not in a frame locked to them.
func (b *Board) checkEnds(from, to Ref, actor Participant) error {
	if from == to {
		return Errorf(EINVALID, "a connector joins two different items")
	}
	v := b.viewerOf(actor.ID)
	for _, r := range []Ref{from, to} {
		switch r.Type {
		case RefNote, RefShape, RefCluster, RefFrame:
		default:
			return Errorf(EINVALID, "a connector's end is a note, shape, frame or cluster")
		}
		if !ValidID(r.ID) {
			return Errorf(EINVALID, "a connector's end has no valid ID")
		}
		frame, live, visible := b.end(r, v)
		if !visible {
			return Errorf(ENOTFOUND, "no such %s", r.Type)
		}
		if !live {
			return Errorf(EDELETED, "the %s was deleted", r.Type)
		}
		if err := b.checkLocks(actor, frame); err != nil {
			return err
		}
	}
	return nil
}

func (b *Board) liveConnectors() int {
	n := 0
	for _, c := range b.Connectors {
		if !c.Deleted {
			n++
		}
	}
	return n
}

// connectorCreate handles connector.create and connector.restore (by the
// connector's author only, naming the ends it had).
func connectorCreate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	restore := op.Kind == OpConnectorRestore
	old, exists := b.Connectors[op.Connector]
	c := Connector{ID: op.Connector, From: *op.From, To: *op.To, Style: StyleArrow, Author: e.Actor, CreatedAt: e.At}
	switch {
	case !ValidID(op.Connector):
		return nil, Errorf(EINVALID, "connector ID is not valid")
	case !restore && exists:
		return nil, Errorf(ECONFLICT, "a connector with this ID exists")
	case restore:
		if !exists || !b.seesEnds(old, b.viewerOf(actor.ID)) {
			return nil, Errorf(ENOTFOUND, "no such connector")
		}
		if !old.Deleted {
			return nil, Errorf(ECONFLICT, "the connector is not deleted")
		}
		if err := checkIfSeq(op.IfSeq, old.Seq, "connector"); err != nil {
			return nil, err
		}
		if old.From != c.From || old.To != c.To {
			return nil, Errorf(EINVALID, "a restored connector keeps its ends")
		}
		if actor.ID != old.Author {
			return nil, Errorf(EFORBIDDEN, "only the connector's author can bring it back")
		}
		c.CreatedAt = old.CreatedAt
	}
	if b.liveConnectors() >= MaxConnectors {
		return nil, Errorf(ELIMIT, "the board has room for %d connectors", MaxConnectors)
	}
	if err := b.checkEnds(c.From, c.To, actor); err != nil {
		return nil, err
	}
	if err := c.setContent(op); err != nil {
		return nil, err
	}
	c.Seq, c.UpdatedAt = e.Seq, e.At
	return func() { b.Connectors[c.ID] = c }, nil
}

// setContent checks and copies a connector op's style and label into c.
func (c *Connector) setContent(op *Op) error {
	if op.Style != "" {
		if !op.Style.Valid() {
			return Errorf(EINVALID, "a connector's style is arrow or line")
		}
		c.Style = op.Style
	}
	if op.Text != nil {
		label, err := cleanText(*op.Text, "label", MaxLabelLen)
		if err != nil {
			return err
		}
		c.Text = label
	}
	return nil
}

// connectorFor returns the live connector id as actor may act on it.
func (b *Board) connectorFor(id string, actor Participant, ifSeq uint64) (Connector, error) {
	c, ok := b.Connectors[id]
	v := b.viewerOf(actor.ID)
	if !ok {
		return c, Errorf(ENOTFOUND, "no such connector")
	}
	_, live1, vis1 := b.end(c.From, v)
	_, live2, vis2 := b.end(c.To, v)
	switch {
	case !vis1 || !vis2:
		return c, Errorf(ENOTFOUND, "no such connector")
	case c.Deleted:
		return c, Errorf(EDELETED, "the connector was deleted")
	case !live1 || !live2:
		return c, Errorf(EDELETED, "an end of the connector was deleted")
	}
	if err := checkIfSeq(ifSeq, c.Seq, "connector"); err != nil {
		return c, err
	}
	return c, b.checkEnds(c.From, c.To, actor) // locks
}

// connectorUpdate restyles or relabels a connector: anyone may restyle it;
// its label is its author's.
func connectorUpdate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	c, err := b.connectorFor(op.Connector, actor, op.IfSeq)
	if err != nil {
		return nil, err
	}
	if op.Style == "" && op.Text == nil {
		return nil, Errorf(EINVALID, "connector.update needs something to change")
	}
	if op.Text != nil {
		if err := b.mayChangeAuthored(c.Author, actor, "connector"); err != nil {
			return nil, err
		}
	}
	if err := c.setContent(op); err != nil {
		return nil, err
	}
	c.Seq, c.UpdatedAt = e.Seq, e.At
	return func() { b.Connectors[c.ID] = c }, nil
}

func connectorDelete(b *Board, e *Event, actor Participant) (func(), error) {
	c, err := b.connectorFor(e.Op.Connector, actor, e.Op.IfSeq)
	if err != nil {
		return nil, err
	}
	if err := b.mayChangeAuthored(c.Author, actor, "connector"); err != nil {
		return nil, err
	}
	return func() {
		c.Deleted, c.Text, c.Seq, c.UpdatedAt = true, "", e.Seq, e.At
		b.Connectors[c.ID] = c
	}, nil
}
