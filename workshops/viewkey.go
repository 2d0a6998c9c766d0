package workshops

// ViewKeys tells which viewers of one state of a board get the same
// snapshot, so a server encodes that snapshot once for all of them (a
// reconnect storm on a board of a thousand people then costs one encoding
// per seq, not one per person).
//
// What ViewFor shows depends on the viewer through their role, their group
// during breakout (for participants and observers), whether they were
// removed, and what is theirs alone: their own private notes, their own
// dots and the category they declared at join (only they and the
// facilitators see it). People with something of their own get no key; everyone else
// shares the key of their role and, during breakout, group.
type ViewKeys struct {
	b        *Board
	personal map[string]bool
}

// ViewKeys returns the view keys of b's current state. It looks at every
// note and ballot once; a key is then found in constant time. It must not
// be used after b changes.
func (b *Board) ViewKeys() ViewKeys {
	personal := map[string]bool{}
	for id, p := range b.Participants {
		if p.Category != "" {
			personal[id] = true
		}
	}
	for _, n := range b.Notes {
		if n.Private && !n.Deleted {
			personal[n.Author] = true
		}
	}
	for _, v := range b.Votes {
		for voter, dots := range v.Ballots {
			if len(dots) > 0 {
				personal[voter] = true
			}
		}
	}
	return ViewKeys{b: b, personal: personal}
}

// Key returns the viewer's key and true when every viewer with the same key
// gets a view equal to theirs (ViewFor), or false when their view is their
// own (or they are removed or not on the board).
func (k ViewKeys) Key(viewerID string) (string, bool) {
	p, ok := k.b.Participants[viewerID]
	if !ok || p.Removed || k.personal[viewerID] {
		return "", false
	}
	if k.b.Breakout && p.Role != RoleFacilitator {
		return string(p.Role) + "\x00" + p.Group, true
	}
	return string(p.Role), true
}
