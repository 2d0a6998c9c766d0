package workshops

import (
	"maps"
	"slices"
)

// Comments and reactions belong to a note and are seen by exactly those who
// see it. Observers may send them; board and frame locks do not stop them
// (like dots), the end of the workshop does.

func commentCreate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	if !ValidID(op.Comment) {
		return nil, Errorf(EINVALID, "comment ID is not valid")
	}
	if _, ok := b.Comments[op.Comment]; ok {
		return nil, Errorf(ECONFLICT, "a comment with this ID exists")
	}
	if _, err := b.noteFor(op.Note, actor); err != nil {
		return nil, err
	}
	text, err := cleanText(*op.Text, "comment", MaxCommentLen)
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, Errorf(EINVALID, "comment is empty")
	}
	if b.liveComments(op.Note) >= MaxCommentsPerNote {
		return nil, Errorf(ELIMIT, "a note has room for %d comments", MaxCommentsPerNote)
	}
	c := Comment{ID: op.Comment, Note: op.Note, Author: e.Actor, Text: text, CreatedAt: e.At, Seq: e.Seq}
	return func() { b.Comments[c.ID] = c }, nil
}

// liveComments counts the comments on a note that are not deleted.
func (b *Board) liveComments(note string) int {
	n := 0
	for _, c := range b.Comments {
		if c.Note == note && !c.Deleted {
			n++
		}
	}
	return n
}

// commentDelete deletes a comment: its author's or a facilitator's to do.
// The tombstone keeps no text.
func commentDelete(b *Board, e *Event, actor Participant) (func(), error) {
	c, ok := b.Comments[e.Op.Comment]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no such comment")
	}
	if _, err := b.noteFor(c.Note, actor); err != nil {
		if ErrorCode(err) == EDELETED {
			return nil, Errorf(EDELETED, "the comment's note was deleted")
		}
		return nil, Errorf(ENOTFOUND, "no such comment")
	}
	if c.Deleted {
		return nil, Errorf(EDELETED, "the comment was deleted")
	}
	if actor.Role != RoleFacilitator && actor.ID != c.Author {
		return nil, Errorf(EFORBIDDEN, "only the author or a facilitator can delete a comment")
	}
	return func() {
		c.Deleted, c.Text, c.Seq = true, "", e.Seq
		b.Comments[c.ID] = c
	}, nil
}

// reactionSet adds (on) or takes back the sender's reaction on a note. One
// of each kind per person per note.
func reactionSet(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	if !reactionValid(op.Reaction) {
		return nil, Errorf(EINVALID, "unknown reaction")
	}
	n, err := b.noteFor(op.Note, actor)
	if err != nil {
		return nil, err
	}
	people := n.Reactions[op.Reaction]
	has := slices.Contains(people, actor.ID)
	switch on := *op.On; {
	case on && has:
		return nil, Errorf(ECONFLICT, "you reacted so already")
	case !on && !has:
		return nil, Errorf(ECONFLICT, "you have no such reaction on this note")
	case on:
		people = append(slices.Clone(people), actor.ID)
		slices.Sort(people)
	default:
		people = slices.DeleteFunc(slices.Clone(people), func(id string) bool { return id == actor.ID })
	}
	return func() {
		n.Reactions = withReaction(n.Reactions, op.Reaction, people)
		b.Notes[n.ID] = n
	}, nil
}

// withReaction returns a copy of m with kind set to people (removed when
// empty), or nil when nothing is left. m itself is never changed: boards
// share it after Clone.
func withReaction(m map[string][]string, kind string, people []string) map[string][]string {
	c := maps.Clone(m)
	if c == nil {
		c = map[string][]string{}
	}
	if len(people) == 0 {
		delete(c, kind)
	} else {
		c[kind] = people
	}
	if len(c) == 0 {
		return nil
	}
	return c
}
