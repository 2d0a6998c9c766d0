package workshops

import (
	"maps"
	"slices"
	"strings"
)

// viewer is the person a view or an event is for.
type viewer struct {
	id          string
	group       string
	facilitator bool
	removed     bool
}

// viewerOf looks a person up on the board. Someone who is not on it sees
// what a participant in no group sees.
func (b *Board) viewerOf(id string) viewer {
	p, ok := b.Participants[id]
	if !ok {
		return viewer{id: id}
	}
	return viewer{id: id, group: p.Group, facilitator: p.Role == RoleFacilitator && !p.Removed, removed: p.Removed}
}

// canSeeFrame reports whether v may see frame f (deleted or not).
func (b *Board) canSeeFrame(f Frame, v viewer) bool {
	switch {
	case v.removed:
		return false
	case v.facilitator || !b.Breakout || f.Group == "":
		return true
	}
	return f.Group == v.group
}

// canSeeNote reports whether v may see note n, deleted or not (a tombstone
// keeps what decides it, so a deletion reaches exactly those who saw the
// note). With ignoreHidden, a hidden note counts as shown.
func (b *Board) canSeeNote(n Note, v viewer, ignoreHidden bool) bool {
	switch {
	case v.removed:
		return false
	case n.Hidden && !ignoreHidden && !v.facilitator:
		return false
	}
	return b.canSeePlaced(n.Frame, n.Private, n.Author, v)
}

// visibleFrames returns the frames of ids that v may see, in their order,
// and whether v may see the thing they scope: a list that was not empty
// but has nothing v sees is not for v at all. An empty list (the whole
// board) is for everyone.
func (b *Board) visibleFrames(ids []string, v viewer) ([]string, bool) {
	if len(ids) == 0 {
		return nil, true
	}
	var out []string
	for _, id := range ids {
		if b.canSeeFrame(b.Frames[id], v) {
			out = append(out, id)
		}
	}
	return out, len(out) > 0
}

// View is the board as one person sees it, sent in a snapshot: the live
// notes they may see in drawing order, the people who joined, and the
// state of the exercise. Fields after Participants are left out of the
// JSON when empty.
type View struct {
	Seq          uint64        `json:"seq"`
	Title        string        `json:"title"`
	Notes        []Note        `json:"notes"`
	Participants []Participant `json:"participants"`

	Frames    []Frame    `json:"frames,omitempty"` // live frames, by Z then ID
	Groups    []Group    `json:"groups,omitempty"` // every group, deleted ones too, by ID
	Votes     []VoteView `json:"votes,omitempty"`  // in the order they were opened
	Breakout  bool       `json:"breakout,omitempty"`
	AllowPick bool       `json:"allowPick,omitempty"`
	Locked    bool       `json:"locked,omitempty"`
	// JoinClosed: the workshop takes no new people (board.joining).
	JoinClosed bool `json:"joinClosed,omitempty"`
	// Ended: the workshop is over (board.end); the board is read-only.
	Ended   bool         `json:"ended,omitempty"`
	Private *PrivateStep `json:"private,omitempty"`
	Timer   *Timer       `json:"timer,omitempty"`
	Focus   *Focus       `json:"focus,omitempty"`
	Message *Message     `json:"message,omitempty"`

	// The canvas items the viewer sees (see ViewFor).
	Shapes     []Shape     `json:"shapes,omitempty"`
	Clusters   []Cluster   `json:"clusters,omitempty"`
	Connectors []Connector `json:"connectors,omitempty"`
	Comments   []Comment   `json:"comments,omitempty"`
	Editing    []EditLock  `json:"editing,omitempty"`
	// The run of show (redacted for participants), the meeting links the
	// viewer may see, the raised hands and follow me (agenda.go, room.go).
	Agenda *Agenda           `json:"agenda,omitempty"`
	Links  map[string]string `json:"links,omitempty"`
	Hands  map[string]int64  `json:"hands,omitempty"`
	Follow *Follow           `json:"follow,omitempty"`
}

// VoteView is a vote as one person sees it. It never says who voted for
// what: only the viewer's own dots (Mine) and, for facilitators at any time
// and for everyone after the reveal, the totals per note.
type VoteView struct {
	ID string `json:"id"`
	// Frames the vote covers that the viewer sees; empty for the whole board.
	Frames   []string `json:"frames,omitempty"`
	Budget   int      `json:"budget"`
	Cap      int      `json:"cap,omitempty"`
	Open     bool     `json:"open,omitempty"`
	Revealed bool     `json:"revealed,omitempty"`
	OpenedAt int64    `json:"openedAt"`
	ClosedAt int64    `json:"closedAt,omitempty"`
	// Mine is the viewer's dots on the notes they see.
	Mine map[string]int `json:"mine,omitempty"`
	// Left is how many dots the viewer may still cast (0 for those who do
	// not vote, and once the vote is closed).
	Left int `json:"left"`
	// Totals is the dots per note the viewer sees (notes with none are
	// left out), and Voters how many people cast a dot; both only for
	// facilitators, or after the reveal.
	Totals map[string]int `json:"totals,omitempty"`
	Voters int            `json:"voters,omitempty"`
	// Top is the marked top notes that the viewer sees, in order.
	Top []string `json:"top,omitempty"`
}

// View returns what anyone may see: the board as a participant in no group
// sees it. Use ViewFor to send a person their snapshot.
func (b *Board) View() View { return b.ViewFor("") }

// ViewFor returns the snapshot to send the participant with ID viewerID.
//
// Facilitators see everything but who voted for what (and, in a sealed
// private step, others' private notes). Participants and observers see the
// plenary frames and, during breakout, their own group's frames, the notes
// in what they see, not hidden notes, of private notes only their own, of
// votes only their own dots and, after the reveal, the totals. A removed
// person, or a seq/title-only view, gets nothing else. Someone not on the
// board sees what a participant in no group sees.
func (b *Board) ViewFor(viewerID string) View {
	v := b.viewerOf(viewerID)
	view := View{Seq: b.Seq, Title: b.Title, Notes: []Note{}, Participants: []Participant{}}
	if v.removed {
		return view
	}
	for _, n := range b.Notes {
		if !n.Deleted && b.canSeeNote(n, v, false) {
			view.Notes = append(view.Notes, n)
		}
	}
	slices.SortFunc(view.Notes, func(a, b Note) int {
		if a.Z != b.Z {
			return cmpUint(a.Z, b.Z)
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, p := range b.Participants {
		if !v.facilitator && p.ID != v.id {
			p.Category = "" // what a person declared is for the facilitators
		}
		view.Participants = append(view.Participants, p)
	}
	slices.SortFunc(view.Participants, func(a, b Participant) int { return strings.Compare(a.ID, b.ID) })
	for _, f := range b.Frames {
		if !f.Deleted && b.canSeeFrame(f, v) {
			view.Frames = append(view.Frames, f)
		}
	}
	slices.SortFunc(view.Frames, func(a, b Frame) int {
		if a.Z != b.Z {
			return cmpUint(a.Z, b.Z)
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, g := range b.Groups {
		view.Groups = append(view.Groups, g)
	}
	slices.SortFunc(view.Groups, func(a, b Group) int { return strings.Compare(a.ID, b.ID) })
	for _, vote := range b.Votes {
		if vv, ok := b.voteFor(vote, v); ok {
			view.Votes = append(view.Votes, vv)
		}
	}
	slices.SortFunc(view.Votes, func(a, b VoteView) int {
		if a.OpenedAt != b.OpenedAt {
			return cmpInt(a.OpenedAt, b.OpenedAt)
		}
		return strings.Compare(a.ID, b.ID)
	})
	view.Breakout, view.AllowPick, view.Locked, view.JoinClosed = b.Breakout, b.AllowPick, b.Locked, b.JoinClosed
	view.Ended = b.Ended
	if b.Private != nil {
		if frames, ok := b.visibleFrames(b.Private.Frames, v); ok {
			p := *b.Private
			p.Frames = frames
			view.Private = &p
		}
	}
	if f := b.Focus; f != nil && (f.Frame == "" || b.canSeeFrame(b.Frames[f.Frame], v)) {
		view.Focus = clonePtr(f)
	}
	view.Timer = clonePtr(b.Timer)
	view.Message = clonePtr(b.Message)
	b.canvasView(&view, v)
	if b.Agenda != nil {
		if v.facilitator {
			view.Agenda = b.Agenda.clone()
		} else {
			view.Agenda = b.Agenda.forParticipants()
		}
	}
	view.Links = b.linksFor(v)
	view.Hands = maps.Clone(b.Hands)
	view.Follow = clonePtr(b.Follow)
	return view
}

// voteFor returns vote as v sees it, and false if v sees none of the
// frames it covers.
func (b *Board) voteFor(vote Vote, v viewer) (VoteView, bool) {
	frames, ok := b.visibleFrames(vote.Frames, v)
	if !ok {
		return VoteView{}, false
	}
	vv := VoteView{ID: vote.ID, Frames: frames, Budget: vote.Budget, Cap: vote.Cap, Open: vote.Open,
		Revealed: vote.Revealed, OpenedAt: vote.OpenedAt, ClosedAt: vote.ClosedAt}
	visible := func(id string) bool {
		n, ok := b.Notes[id]
		return ok && !n.Deleted && b.canSeeNote(n, v, false)
	}
	for note, d := range vote.Ballots[v.id] {
		if visible(note) {
			if vv.Mine == nil {
				vv.Mine = map[string]int{}
			}
			vv.Mine[note] = d
		}
	}
	if vote.Open && b.Participants[v.id].Role == RoleParticipant {
		vv.Left = vote.Budget - vote.Spent(v.id)
	}
	if v.facilitator || vote.Revealed {
		for note, d := range vote.Totals() {
			if visible(note) {
				if vv.Totals == nil {
					vv.Totals = map[string]int{}
				}
				vv.Totals[note] = d
			}
		}
		vv.Voters = len(vote.Ballots)
	}
	for _, id := range vote.Top {
		if visible(id) {
			vv.Top = append(vv.Top, id)
		}
	}
	return vv, true
}

// EventFor returns what the participant with ID viewerID may be sent of
// event e, which b has just applied (b is the state at e.Seq, or a later
// state with no view change since; see CanReplay): e itself, a redacted
// copy, or false for nothing at all. It never returns what the viewer may
// not see, and it does not change e.
//
// The redactions: a vote.cast or vote.retract goes to its voter whole, to
// facilitators without actor and op ID (a total changes, nobody says whose
// dot), and to nobody else; the reason of a note.hide or note.delete goes
// to facilitators only; a vote.ballot (a restored archive's dot) goes to
// nobody, its viewers get a snapshot (NeedsResync); the frames of vote.open and private.start and the
// notes of vote.top are cut to those the viewer sees.
//
// Call NeedsResync first: when it is true, send ViewFor instead.
func (b *Board) EventFor(e Event, viewerID string) (Event, bool) {
	v := b.viewerOf(viewerID)
	op := &e.Op
	if v.removed {
		// so they learn why
		return e, (op.Kind == OpParticipantRemove || op.Kind == OpParticipantErase) && op.Person == v.id
	}
	if op.Kind == OpParticipantJoin && op.Participant != nil && op.Participant.Category != "" && !v.facilitator && op.Participant.ID != v.id {
		p := *op.Participant
		p.Category = "" // what a person declared is for the facilitators
		op.Participant = &p
	}
	if isCanvas(op.Kind) {
		return b.canvasEventFor(e, v)
	}
	switch op.Kind {
	case OpParticipantJoin, OpParticipantRename, OpParticipantRemove, OpParticipantGroup, OpParticipantErase,
		OpBoardRename, OpBoardLock, OpBoardMessage, OpBoardEnd,
		OpGroupCreate, OpGroupRename, OpGroupDelete, OpGroupAssign, OpGroupPick,
		OpBreakoutStart, OpBreakoutEnd, OpPrivateReveal,
		OpTimerStart, OpTimerPause, OpTimerResume, OpTimerAdd, OpTimerReset,
		OpAgendaGo, OpHandRaise, OpBoardFollow:
		return e, true
	case OpAgendaSet:
		// Participants get a snapshot with the redacted agenda instead
		// (agenda.set sets ViewSeq).
		return e, v.facilitator
	case OpBoardLink:
		g := ""
		if op.Group != nil {
			g = *op.Group
		}
		return e, g == "" || v.facilitator || b.Breakout && g == v.group
	case OpBoardFocus:
		return e, op.Frame == "" || b.canSeeFrame(b.Frames[op.Frame], v)
	case OpFrameCreate, OpFrameUpdate, OpFrameLock, OpFrameDelete, OpFrameChoose:
		f, ok := b.Frames[op.Frame]
		return e, ok && b.canSeeFrame(f, v)
	case OpFrameCopy:
		return e, v.facilitator
	case OpNoteCreate, OpNoteEdit, OpNoteMove, OpNoteResize, OpNoteRecolor, OpNoteDelete, OpNoteHide:
		n, ok := b.Notes[op.Note]
		// A hide goes to those who saw the note until now, so they drop it.
		hiding := op.Kind == OpNoteHide && *op.On
		if !ok || !b.canSeeNote(n, v, hiding) {
			return Event{}, false
		}
		if !v.facilitator {
			e.Op.Reason = nil
		}
		return e, true
	case OpVoteCast, OpVoteRetract:
		if e.Actor == v.id {
			return e, true
		}
		n, ok := b.Notes[op.Note]
		if !v.facilitator || !ok || !b.canSeeNote(n, v, false) {
			return Event{}, false
		}
		e.Actor, e.OpID = "", ""
		return e, true
	case OpVoteOpen, OpPrivateStart:
		frames, ok := b.visibleFrames(op.Frames, v)
		e.Op.Frames = frames
		return e, ok
	case OpVoteClose, OpVoteReveal, OpVoteTop:
		vote, ok := b.Votes[op.Vote]
		if !ok {
			return Event{}, false
		}
		if _, ok := b.visibleFrames(vote.Frames, v); !ok {
			return Event{}, false
		}
		if op.Kind == OpVoteTop {
			var notes []string
			for _, id := range op.Notes {
				if n, ok := b.Notes[id]; ok && b.canSeeNote(n, v, false) {
					notes = append(notes, id)
				}
			}
			e.Op.Notes = notes
		}
		return e, true
	}
	return Event{}, false
}

// Unredacted reports whether ev, as EventFor returned it for e, is e
// unchanged, so a server can send every such viewer one shared encoding.
// It compares only what EventFor may change (actor, op ID, reason, frame
// and note lists), which is far cheaper than a deep comparison.
func Unredacted(ev, e Event) bool {
	return ev.Actor == e.Actor && ev.OpID == e.OpID && ev.Op.Reason == e.Op.Reason &&
		sameSlice(ev.Op.Frames, e.Op.Frames) && sameSlice(ev.Op.Notes, e.Op.Notes) &&
		len(ev.Op.Ops) == len(e.Op.Ops) && (len(e.Op.Ops) == 0 || &ev.Op.Ops[0] == &e.Op.Ops[0])
}

// sameSlice reports whether a and b are the same slice (not merely equal).
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// NeedsResync reports whether event e, which b has just applied, changed
// what the viewer may see in a way the event itself cannot tell them: they
// moved to another group, breakout started or ended, a vote or a private
// step was revealed, a hidden note came back, frames were copied... Then
// the server sends them ViewFor (a snapshot at e.Seq) instead of the event.
// Such events set Board.ViewSeq.
func (b *Board) NeedsResync(e Event, viewerID string) bool {
	if e.Seq == 0 || e.Seq != b.ViewSeq {
		return false
	}
	v := b.viewerOf(viewerID)
	if v.removed {
		return false
	}
	op := &e.Op
	if resync, ok := b.canvasNeedsResync(e, v); ok {
		return resync
	}
	switch op.Kind {
	case OpFrameCopy, OpPrivateReveal:
		return true // new frames, or a sealed step: facilitators too
	case OpParticipantGroup:
		return v.id == op.Person
	case OpParticipantJoin:
		return v.id == op.Participant.ID // a new role
	case OpParticipantErase:
		return false // the event says it all: the person's notes go
	case OpVoteBallot:
		return true // sent to nobody (EventFor): the totals come in a snapshot
	case OpNoteHide:
		// Hiding: the event tells those who saw the note to drop it.
		// Showing again: those who see it need its content.
		return !*op.On && !v.facilitator && b.canSeeNote(b.Notes[op.Note], v, false)
	}
	return !v.facilitator
}

// CanReplay reports whether a client that has applied everything up to
// lastSeq may catch up with the events after it, each passed through
// NeedsResync and EventFor on b as it is now. It may not when what people
// see changed since lastSeq (ViewSeq); it then needs ViewFor.
func (b *Board) CanReplay(lastSeq uint64) bool {
	return lastSeq >= b.ViewSeq && lastSeq <= b.Seq
}

// CursorVisible reports whether the live cursor of person other may be sent
// to viewer. Cursors are not logged, so they skip EventFor; during breakout
// they stay within a group (so nobody sees where another group works), the
// facilitators see every cursor, and everyone sees the facilitators'. In
// plenary everyone sees everyone's. A removed person sees and shows none.
func (b *Board) CursorVisible(viewerID, other string) bool {
	v, o := b.viewerOf(viewerID), b.viewerOf(other)
	switch {
	case v.removed || o.removed:
		return false
	case !b.Breakout || v.facilitator || o.facilitator:
		return true
	}
	return v.group != "" && v.group == o.group
}

func cmpUint(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	return 1
}
