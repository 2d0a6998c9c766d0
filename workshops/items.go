package workshops

// What the board's other rules do to the canvas items: visibility, frames
// moving and going, private steps revealed, people erased.

// canSeePlaced reports whether v may see an item placed like a note (in
// frame, private or not, written by author), deleted or not.
func (b *Board) canSeePlaced(frame string, private bool, author string, v viewer) bool {
	switch {
	case v.removed:
		return false
	case private && author != v.id && (!v.facilitator || b.Private != nil && b.Private.Sealed):
		return false
	case v.facilitator || frame == "":
		return true
	}
	return b.canSeeFrame(b.Frames[frame], v)
}

func (b *Board) canSeeShape(s Shape, v viewer) bool {
	return b.canSeePlaced(s.Frame, s.Private, s.Author, v)
}

func (b *Board) canSeeCluster(c Cluster, v viewer) bool {
	return b.canSeePlaced(c.Frame, c.Private, c.Author, v)
}

// canSeeComment: a comment is seen by exactly those who see its note.
func (b *Board) canSeeComment(c Comment, v viewer) bool {
	n, ok := b.Notes[c.Note]
	return ok && b.canSeeNote(n, v, false)
}

// carryItems returns the change that moves the live shapes and clusters
// of frame by (dx, dy), as frame.update carries its notes, or an error if
// one would leave the board.
func (b *Board) carryItems(frame string, dx, dy float64, seq uint64) (func(), error) {
	if dx == 0 && dy == 0 {
		return func() {}, nil
	}
	var shapes []Shape
	var clusters []Cluster
	for _, s := range b.Shapes {
		if s.Frame == frame && !s.Deleted {
			s.X, s.Y, s.Seq = s.X+dx, s.Y+dy, seq
			if checkPos(s.X, s.Y) != nil {
				return nil, Errorf(EINVALID, "moving the frame there would push its shapes off the board")
			}
			shapes = append(shapes, s)
		}
	}
	for _, c := range b.Clusters {
		if c.Frame == frame && !c.Deleted {
			c.X, c.Y, c.Seq = c.X+dx, c.Y+dy, seq
			if checkPos(c.X, c.Y) != nil {
				return nil, Errorf(EINVALID, "moving the frame there would push its clusters off the board")
			}
			clusters = append(clusters, c)
		}
	}
	return func() {
		for _, s := range shapes {
			b.Shapes[s.ID] = s
		}
		for _, c := range clusters {
			b.Clusters[c.ID] = c
		}
	}, nil
}

// unframeItems leaves the shapes and clusters of a deleted frame in no
// frame, like its notes.
func (b *Board) unframeItems(frame string) {
	for id, s := range b.Shapes {
		if s.Frame == frame {
			s.Frame = ""
			b.Shapes[id] = s
		}
	}
	for id, c := range b.Clusters {
		if c.Frame == frame {
			c.Frame = ""
			b.Clusters[id] = c
		}
	}
}

// revealItems ends the privacy of shapes and clusters (private.reveal).
func (b *Board) revealItems() {
	for id, s := range b.Shapes {
		if s.Private {
			s.Private = false
			b.Shapes[id] = s
		}
	}
	for id, c := range b.Clusters {
		if c.Private {
			c.Private = false
			b.Clusters[id] = c
		}
	}
}

// eraseItems deletes a person's canvas data (participant.erase at event
// e): their shapes, connectors and comments, the clusters they named
// last, every comment on their notes (which are tombstones by now, or
// about to be), their reactions and their edit locks.
func (b *Board) eraseItems(person string, e *Event) {
	for id, s := range b.Shapes {
		if s.Author == person && !s.Deleted {
			s.Deleted, s.Text, s.Seq, s.UpdatedAt = true, "", e.Seq, e.At
			b.Shapes[id] = s
		}
	}
	for id, c := range b.Clusters {
		if c.By == person && !c.Deleted {
			c.Deleted, c.Name, c.Seq, c.UpdatedAt = true, "", e.Seq, e.At
			b.Clusters[id] = c
		}
	}
	for id, c := range b.Connectors {
		if c.Author == person && !c.Deleted {
			c.Deleted, c.Text, c.Seq, c.UpdatedAt = true, "", e.Seq, e.At
			b.Connectors[id] = c
		}
	}
	for id, c := range b.Comments {
		if !c.Deleted && (c.Author == person || b.Notes[c.Note].Author == person) {
			c.Deleted, c.Text, c.Seq = true, "", e.Seq
			b.Comments[id] = c
		}
	}
	for id, n := range b.Notes {
		for kind, people := range n.Reactions {
			for i, p := range people {
				if p == person {
					rest := append(append([]string(nil), people[:i]...), people[i+1:]...)
					n.Reactions = withReaction(n.Reactions, kind, rest)
					b.Notes[id] = n
					break
				}
			}
		}
	}
	for id, l := range b.Editing {
		if l.By == person {
			delete(b.Editing, id)
		}
	}
}
