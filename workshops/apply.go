package workshops

import (
	"strings"
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
		if actor.Removed {
			return Errorf(EFORBIDDEN, "you were removed from this workshop")
		}
		if actor.Role == RoleObserver && !observersMay(op.Kind) {
			return Errorf(EFORBIDDEN, "observers cannot change the board")
		}
	}
	if b.Ended && !allowedAfterEnd(op) {
		return Errorf(ECLOSED, "the workshop has ended")
	}
	h, ok := handlers[op.Kind]
	if !ok {
		return Errorf(EUNKNOWNOP, "unknown operation %q", op.Kind)
	}
	b.initCanvas() // a board made without NewBoard (older code, tests)
	do, err := h(b, &e, actor)
	if err != nil {
		return err
	}
	do()
	b.Seq = e.Seq
	return nil
}

// A handler checks whether e may be applied to b, without changing b, and
// returns the change to make if so. Keeping the check and the change
// together, and running the change only after the whole check passed, is
// what makes Apply all or nothing.
type handler func(b *Board, e *Event, actor Participant) (func(), error)

var handlers = map[OpKind]handler{
	OpParticipantJoin: participantJoin,
	OpBoardRename:     boardRename,
	OpNoteCreate:      noteCreate,
	OpNoteEdit:        noteChange,
	OpNoteMove:        noteChange,
	OpNoteResize:      noteChange,
	OpNoteRecolor:     noteChange,
	OpNoteDelete:      noteChange,
	OpNoteHide:        noteHide,

	OpParticipantRename: participantRename,
	OpParticipantRemove: participantRemove,
	OpParticipantGroup:  participantGroup,
	OpParticipantErase:  participantErase,

	OpBoardLock:    boardLock,
	OpBoardJoining: boardJoining,
	OpBoardMessage: boardMessage,
	OpBoardFocus:   boardFocus,
	OpBoardEnd:     boardEnd,

	OpFrameCreate: frameCreate,
	OpFrameUpdate: frameUpdate,
	OpFrameLock:   frameLock,
	OpFrameDelete: frameDelete,
	OpFrameCopy:   frameCopy,
	OpFrameChoose: frameChoose,

	OpGroupCreate:   groupCreate,
	OpGroupRename:   groupRename,
	OpGroupDelete:   groupDelete,
	OpGroupAssign:   groupAssign,
	OpGroupPick:     groupPick,
	OpBreakoutStart: breakout(true),
	OpBreakoutEnd:   breakout(false),

	OpVoteOpen:    voteOpen,
	OpVoteCast:    voteCast,
	OpVoteRetract: voteCast,
	OpVoteClose:   voteClose,
	OpVoteReveal:  voteReveal,
	OpVoteTop:     voteTop,
	OpVoteBallot:  voteBallot,

	OpPrivateStart:  privateStart,
	OpPrivateReveal: privateReveal,

	OpTimerStart:  timerStart,
	OpTimerPause:  timerPause,
	OpTimerResume: timerResume,
	OpTimerAdd:    timerAdd,
	OpTimerReset:  timerReset,

	OpNoteRestore:  noteRestore,
	OpNoteEditing:  noteEditing,
	OpShapeCreate:  shapeCreate,
	OpShapeUpdate:  shapeUpdate,
	OpShapeDelete:  shapeDelete,
	OpShapeRestore: shapeCreate,

	OpConnectorCreate:  connectorCreate,
	OpConnectorUpdate:  connectorUpdate,
	OpConnectorDelete:  connectorDelete,
	OpConnectorRestore: connectorCreate,

	OpClusterCreate:  clusterCreate,
	OpClusterUpdate:  clusterUpdate,
	OpClusterDelete:  clusterDelete,
	OpClusterRestore: clusterCreate,

	OpCommentCreate: commentCreate,
	OpCommentDelete: commentDelete,
	OpReactionSet:   reactionSet,
	// OpBatch: registered in batch.go (it calls the others)

	OpAgendaSet:   agendaSet,
	OpAgendaGo:    agendaGo,
	OpBoardLink:   boardLink,
	OpHandRaise:   handRaise,
	OpBoardFollow: boardFollow,
}

// observersMay reports whether an observer may send ops of kind k: they
// may comment and react, never change the exercise.
func observersMay(k OpKind) bool {
	return k == OpCommentCreate || k == OpCommentDelete || k == OpReactionSet
}

// ---- people and the board ----

func participantJoin(b *Board, e *Event, _ Participant) (func(), error) {
	p := *e.Op.Participant
	if !ValidID(p.ID) {
		return nil, Errorf(EINVALID, "participant ID is not valid")
	}
	name, err := CleanName(p.Name)
	if err != nil {
		return nil, err
	}
	if !p.Role.Valid() {
		return nil, Errorf(EINVALID, "unknown role")
	}
	if p.Group != "" || p.Removed {
		return nil, Errorf(EINVALID, "participant.join sets id, name, role and category only")
	}
	if !p.Category.Valid() {
		return nil, Errorf(EINVALID, "category must be citizen, staff, supplier, other or none")
	}
	old, rejoin := b.Participants[p.ID]
	if rejoin && old.Removed {
		return nil, Errorf(EFORBIDDEN, "this person was removed from the workshop")
	}
	if !rejoin && b.JoinClosed && p.Role != RoleFacilitator {
		return nil, Errorf(ECLOSED, "the facilitator has closed the workshop to new people")
	}
	if !rejoin && p.Role != RoleFacilitator && len(b.Participants) >= MaxParticipant {
		return nil, Errorf(ELIMIT, "the board has room for %d participants", MaxParticipant)
	}
	return func() {
		p.Name = name
		p.JoinedAt = e.At
		if rejoin {
			p.JoinedAt, p.Group = old.JoinedAt, old.Group
			if p.Category == "" {
				p.Category = old.Category // a rejoin without saying keeps what was said
			}
			if old.Role != p.Role {
				b.ViewSeq = e.Seq // a new role sees other things
			}
		}
		b.Participants[p.ID] = p
	}, nil
}

func boardRename(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "rename the board"); err != nil {
		return nil, err
	}
	title, err := CleanTitle(*e.Op.Title)
	if err != nil {
		return nil, err
	}
	return func() { b.Title = title }, nil
}

func needFacilitator(actor Participant, what string) error {
	if actor.Role != RoleFacilitator {
		return Errorf(EFORBIDDEN, "only facilitators can %s", what)
	}
	return nil
}

// person returns the live participant an op names.
func (b *Board) person(id string) (Participant, error) {
	p, ok := b.Participants[id]
	if !ok {
		return p, Errorf(ENOTFOUND, "no such participant")
	}
	if p.Removed {
		return p, Errorf(EDELETED, "the person was removed")
	}
	return p, nil
}

func participantRename(b *Board, e *Event, actor Participant) (func(), error) {
	p, err := b.person(e.Op.Person)
	if err != nil {
		return nil, err
	}
	if actor.Role != RoleFacilitator && actor.ID != p.ID {
		return nil, Errorf(EFORBIDDEN, "only facilitators can rename someone else")
	}
	name, err := CleanName(*e.Op.Name)
	if err != nil {
		return nil, err
	}
	return func() {
		p.Name = name
		b.Participants[p.ID] = p
	}, nil
}

func participantRemove(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "remove people"); err != nil {
		return nil, err
	}
	p, err := b.person(e.Op.Person)
	if err != nil {
		return nil, err
	}
	if p.Role == RoleFacilitator {
		return nil, Errorf(EFORBIDDEN, "facilitators cannot be removed")
	}
	return func() {
		p.Removed = true
		b.Participants[p.ID] = p
		b.lowerHand(p.ID)
	}, nil
}

// participantErase deletes a person's data: every note they wrote becomes
// a tombstone (without text; dots on it in an open vote are handed back),
// their name is emptied, and they are removed. The server issues it when
// the person leaves, or when a facilitator deletes their data; the store's
// copy of the log is then redacted too (see ErasedEvents).
func participantErase(b *Board, e *Event, _ Participant) (func(), error) {
	p, ok := b.Participants[e.Op.Person]
	switch {
	case !ok:
		return nil, Errorf(ENOTFOUND, "no such participant")
	case p.Erased:
		return nil, Errorf(EDELETED, "the person's data was deleted already")
	case p.Role == RoleFacilitator:
		return nil, Errorf(EFORBIDDEN, "a facilitator's data cannot be deleted this way")
	}
	return func() {
		for id, n := range b.Notes {
			if n.Author != p.ID || n.Deleted {
				continue
			}
			n.Deleted, n.UpdatedAt, n.Seq = true, e.At, e.Seq
			n.Text, n.HiddenReason = "", ""
			b.Notes[id] = n
			b.LiveNotes--
			b.refund(id)
		}
		b.eraseItems(p.ID, e)
		p.Removed, p.Erased, p.Name = true, true, ""
		b.Participants[p.ID] = p
		b.lowerHand(p.ID)
		// A client that last saw an earlier seq gets a snapshot, never the
		// events from before the erasure.
		b.ViewSeq = e.Seq
	}, nil
}

func participantGroup(b *Board, e *Event, actor Participant) (func(), error) {
	p, err := b.person(e.Op.Person)
	if err != nil {
		return nil, err
	}
	switch {
	case actor.Role == RoleFacilitator:
	case actor.ID != p.ID:
		return nil, Errorf(EFORBIDDEN, "only facilitators can move someone else to a group")
	case !b.AllowPick:
		return nil, Errorf(EFORBIDDEN, "the facilitator assigns the groups")
	}
	g := *e.Op.Group
	if err := b.checkGroupRef(g); err != nil {
		return nil, err
	}
	return func() {
		if b.Breakout && p.Group != g {
			b.ViewSeq = e.Seq
		}
		p.Group = g
		b.Participants[p.ID] = p
	}, nil
}

// checkGroupRef checks a group an op names: empty (none) or a live group.
func (b *Board) checkGroupRef(id string) error {
	if id == "" {
		return nil
	}
	g, ok := b.Groups[id]
	if !ok {
		return Errorf(ENOTFOUND, "no such group")
	}
	if g.Deleted {
		return Errorf(EDELETED, "the group was deleted")
	}
	return nil
}

func boardLock(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "lock the board"); err != nil {
		return nil, err
	}
	return func() { b.Locked = *e.Op.On }, nil
}

// boardJoining opens or closes the workshop to new people ("everyone is
// in"). People already on the board may come back; facilitators may always
// join, with the facilitator link.
func boardJoining(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "close or open joining"); err != nil {
		return nil, err
	}
	return func() { b.JoinClosed = !*e.Op.On }, nil
}

// boardEnd ends the workshop for good (issued by the server for a
// facilitator): joining closes, and from now on Apply refuses everything
// but a facilitator joining (to read or export the board) and the erasure
// of someone's data.
func boardEnd(b *Board, _ *Event, _ Participant) (func(), error) {
	if b.Ended {
		return nil, Errorf(ECLOSED, "the workshop has ended already")
	}
	return func() { b.Ended, b.JoinClosed = true, true }, nil
}

// allowedAfterEnd reports whether op may still be applied to an ended
// board.
func allowedAfterEnd(op *Op) bool {
	switch op.Kind {
	case OpParticipantErase:
		return true
	case OpParticipantJoin:
		return op.Participant.Role == RoleFacilitator
	}
	return false
}

func boardMessage(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "send messages to everyone"); err != nil {
		return nil, err
	}
	text, err := cleanText(*e.Op.Text, "message", MaxMessageLen)
	if err != nil {
		return nil, err
	}
	return func() {
		if text == "" {
			b.Message = nil
			return
		}
		b.Message = &Message{Text: text, At: e.At, By: e.Actor}
	}, nil
}

func boardFocus(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "bring everyone to a place"); err != nil {
		return nil, err
	}
	op := &e.Op
	if (op.X == nil) != (op.Y == nil) {
		return nil, Errorf(EINVALID, "give both x and y, or neither")
	}
	var f *Focus
	switch {
	case op.Frame != "" && op.X != nil:
		return nil, Errorf(EINVALID, "focus on a frame or on a point, not both")
	case op.Frame != "":
		if _, err := b.liveFrame(op.Frame); err != nil {
			return nil, err
		}
		f = &Focus{Frame: op.Frame, At: e.At, By: e.Actor}
	case op.X != nil:
		if err := checkPos(*op.X, *op.Y); err != nil {
			return nil, err
		}
		f = &Focus{X: *op.X, Y: *op.Y, At: e.At, By: e.Actor}
	}
	return func() { b.Focus = f }, nil
}

// ---- notes ----

func noteCreate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	if !ValidID(op.Note) {
		return nil, Errorf(EINVALID, "note ID is not valid")
	}
	if _, ok := b.Notes[op.Note]; ok {
		return nil, Errorf(ECONFLICT, "a note with this ID exists")
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
	if err := checkPos(*op.X, *op.Y); err != nil {
		return nil, err
	}
	n := Note{ID: op.Note, Text: *op.Text, Color: *op.Color, X: *op.X, Y: *op.Y,
		W: DefaultNoteW, H: DefaultNoteH, Author: e.Actor, CreatedAt: e.At, UpdatedAt: e.At, Z: e.Seq, Seq: e.Seq}
	if op.W != nil || op.H != nil {
		if op.W == nil || op.H == nil {
			return nil, Errorf(EINVALID, "give both w and h, or neither")
		}
		if err := checkSize(*op.W, *op.H); err != nil {
			return nil, err
		}
		n.W, n.H = *op.W, *op.H
	}
	n.Frame = b.frameAt(n)
	if err := b.checkPlace(actor, n.Frame); err != nil {
		return nil, err
	}
	if err := b.checkLocks(actor, n.Frame); err != nil {
		return nil, err
	}
	n.Private = b.Private.covers(n.Frame)
	return func() {
		b.Notes[n.ID] = n
		b.LiveNotes++
	}, nil
}

// noteChange handles the operations on an existing note.
func noteChange(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	n, err := b.noteFor(op.Note, actor)
	if err != nil {
		return nil, err
	}
	if err := checkIfSeq(op.IfSeq, n.Seq, "note"); err != nil {
		return nil, err
	}
	n.Seq = e.Seq // applied only by the change returned below
	switch op.Kind {
	case OpNoteEdit:
		if err := mayChangeContent(n, actor); err != nil {
			return nil, err
		}
		if err := b.checkEditLock(n.ID, actor, e.At); err != nil {
			return nil, err
		}
		if err := checkText(*op.Text); err != nil {
			return nil, err
		}
		if err := b.checkLocks(actor, n.Frame); err != nil {
			return nil, err
		}
		return func() {
			n.Text, n.UpdatedAt = *op.Text, e.At
			b.Notes[n.ID] = n
			if l, ok := b.Editing[n.ID]; ok && l.By == actor.ID {
				l.Until = e.At + EditLockMs // typing renews the lock
				b.Editing[n.ID] = l
			}
		}, nil
	case OpNoteDelete:
		if err := mayChangeContent(n, actor); err != nil {
			return nil, err
		}
		if err := b.checkEditLock(n.ID, actor, e.At); err != nil {
			return nil, err
		}
		if op.Reason != nil {
			if _, err := cleanText(*op.Reason, "reason", MaxReasonLen); err != nil {
				return nil, err
			}
		}
		if err := b.checkLocks(actor, n.Frame); err != nil {
			return nil, err
		}
		return func() {
			n.Deleted, n.UpdatedAt = true, e.At
			n.Text, n.HiddenReason = "", "" // a tombstone keeps no content
			b.Notes[n.ID] = n
			b.LiveNotes--
			b.refund(n.ID)
			delete(b.Editing, n.ID)
		}, nil
	case OpNoteRecolor:
		if err := checkColor(*op.Color); err != nil {
			return nil, err
		}
		if err := b.checkLocks(actor, n.Frame); err != nil {
			return nil, err
		}
		return func() {
			n.Color, n.UpdatedAt = *op.Color, e.At
			b.Notes[n.ID] = n
		}, nil
	}
	// Move and resize place the note anew, perhaps in another frame.
	placed := n
	if op.Kind == OpNoteMove {
		if err := checkPos(*op.X, *op.Y); err != nil {
			return nil, err
		}
		placed.X, placed.Y, placed.Z = *op.X, *op.Y, e.Seq
	} else {
		if err := checkSize(*op.W, *op.H); err != nil {
			return nil, err
		}
		placed.W, placed.H = *op.W, *op.H
	}
	placed.Frame = b.frameAt(placed)
	if err := b.checkPlace(actor, placed.Frame); err != nil {
		return nil, err
	}
	if err := b.checkLocks(actor, n.Frame); err != nil {
		return nil, err
	}
	if err := b.checkLocks(actor, placed.Frame); err != nil {
		return nil, err
	}
	crosses := b.Breakout && b.frameGroup(n.Frame) != b.frameGroup(placed.Frame)
	if crosses && actor.Role != RoleFacilitator {
		return nil, Errorf(EFORBIDDEN, "during breakout a note stays with its group")
	}
	return func() {
		placed.UpdatedAt = e.At
		b.Notes[n.ID] = placed
		if crosses {
			b.ViewSeq = e.Seq // other people see it now
		}
	}, nil
}

// noteFor returns the live note id as actor may act on it. A note the
// actor may not see is "not found", so its existence does not leak.
func (b *Board) noteFor(id string, actor Participant) (Note, error) {
	n, ok := b.Notes[id]
	if !ok || !b.canSeeNote(n, b.viewerOf(actor.ID), false) {
		return n, Errorf(ENOTFOUND, "no such note")
	}
	if n.Deleted {
		return n, Errorf(EDELETED, "the note was deleted")
	}
	return n, nil
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

// checkLocks refuses a participant's change to a note in frame f when the
// board or the frame is locked. Facilitators are never locked out.
func (b *Board) checkLocks(actor Participant, frame string) error {
	if actor.Role == RoleFacilitator {
		return nil
	}
	if b.Locked {
		return Errorf(ELOCKED, "the facilitator locked the board")
	}
	if frame != "" && b.Frames[frame].Locked {
		return Errorf(ELOCKED, "the facilitator locked this frame")
	}
	return nil
}

// frameAt returns the frame a note placed like n belongs to: of the live
// frames that hold the note's centre, the smallest (the innermost of nested
// frames), then the one drawn on top, then the smallest ID. The rule looks
// at every frame, not only those the actor sees, so any client that sees
// the note, and so its frame, can apply it to the frames it holds and get
// the same answer.
func (b *Board) frameAt(n Note) string {
	return b.frameAtBox(box{n.X, n.Y, n.W, n.H})
}

// checkPlace refuses to let a participant put a note in a frame they cannot
// see (another group's, during breakout): it would vanish from their view
// and appear in the other group's. The message names no frame.
func (b *Board) checkPlace(actor Participant, frame string) error {
	if frame == "" || actor.Role == RoleFacilitator || b.canSeeFrame(b.Frames[frame], b.viewerOf(actor.ID)) {
		return nil
	}
	return Errorf(EFORBIDDEN, "that part of the board belongs to another group")
}

// frameGroup is the group of frame id ("" for none or for no frame).
func (b *Board) frameGroup(id string) string {
	if id == "" {
		return ""
	}
	return b.Frames[id].Group
}

// refund hands back the dots on a note in every open vote.
func (b *Board) refund(note string) {
	for id, v := range b.Votes {
		if !v.Open {
			continue
		}
		for voter, dots := range v.Ballots {
			if _, ok := dots[note]; ok {
				delete(dots, note)
				if len(dots) == 0 {
					delete(v.Ballots, voter)
				}
			}
		}
		b.Votes[id] = v
	}
}

func noteHide(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "hide notes"); err != nil {
		return nil, err
	}
	op := &e.Op
	n, err := b.noteFor(op.Note, actor)
	if err != nil {
		return nil, err
	}
	hide := *op.On
	if n.Hidden == hide {
		if hide {
			return nil, Errorf(ECONFLICT, "the note is hidden already")
		}
		return nil, Errorf(ECONFLICT, "the note is not hidden")
	}
	reason := ""
	if op.Reason != nil {
		if !hide {
			return nil, Errorf(EINVALID, "a reason goes with hiding, not showing")
		}
		if reason, err = cleanText(*op.Reason, "reason", MaxReasonLen); err != nil {
			return nil, err
		}
	}
	return func() {
		n.Hidden, n.HiddenReason = hide, reason
		b.Notes[n.ID] = n
		if hide {
			b.refund(n.ID)
		}
		b.ViewSeq = e.Seq
	}, nil
}

// ---- frames ----

// liveFrame returns the frame an op names, which must exist and be live.
func (b *Board) liveFrame(id string) (Frame, error) {
	f, ok := b.Frames[id]
	if !ok {
		return f, Errorf(ENOTFOUND, "no such frame")
	}
	if f.Deleted {
		return f, Errorf(EDELETED, "the frame was deleted")
	}
	return f, nil
}

func (b *Board) liveFrames() int {
	n := 0
	for _, f := range b.Frames {
		if !f.Deleted {
			n++
		}
	}
	return n
}

// checkFrameList checks a list of frame IDs: live, no repeats, not too many.
func (b *Board) checkFrameList(ids []string, max int) error {
	if len(ids) > max {
		return Errorf(ETOOLARGE, "at most %d frames", max)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return Errorf(EINVALID, "a frame is listed twice")
		}
		seen[id] = true
		if _, err := b.liveFrame(id); err != nil {
			return err
		}
	}
	return nil
}

func frameCreate(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "create frames"); err != nil {
		return nil, err
	}
	op := &e.Op
	if !ValidID(op.Frame) {
		return nil, Errorf(EINVALID, "frame ID is not valid")
	}
	if _, ok := b.Frames[op.Frame]; ok {
		return nil, Errorf(ECONFLICT, "a frame with this ID exists")
	}
	if b.liveFrames() >= MaxFrames {
		return nil, Errorf(ELIMIT, "the board has room for %d frames", MaxFrames)
	}
	f := Frame{ID: op.Frame, Z: e.Seq, CreatedAt: e.At, UpdatedAt: e.At}
	if err := f.set(b, op); err != nil {
		return nil, err
	}
	return func() { b.Frames[f.ID] = f }, nil
}

// set checks and copies the fields of a frame.create or frame.update into f.
func (f *Frame) set(b *Board, op *Op) error {
	if op.Title != nil {
		t, err := CleanTitle(*op.Title)
		if err != nil {
			return err
		}
		f.Title = t
	}
	if op.Text != nil {
		if err := checkText(*op.Text); err != nil {
			return err
		}
		f.Prompt = strings.TrimSpace(*op.Text)
	}
	if (op.X == nil) != (op.Y == nil) {
		return Errorf(EINVALID, "give both x and y, or neither")
	}
	if op.X != nil {
		if err := checkPos(*op.X, *op.Y); err != nil {
			return err
		}
		f.X, f.Y = *op.X, *op.Y
	}
	if (op.W == nil) != (op.H == nil) {
		return Errorf(EINVALID, "give both w and h, or neither")
	}
	if op.W != nil {
		if err := checkFrameSize(*op.W, *op.H); err != nil {
			return err
		}
		f.W, f.H = *op.W, *op.H
	}
	if op.Group != nil {
		if err := b.checkGroupRef(*op.Group); err != nil {
			return err
		}
		f.Group = *op.Group
	}
	return nil
}

// frameUpdate renames, moves, resizes or regroups a frame. Moving a frame
// carries its notes along; resizing it does not change which notes belong
// to it (a note's frame is decided when the note is placed).
func frameUpdate(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "change frames"); err != nil {
		return nil, err
	}
	op := &e.Op
	old, err := b.liveFrame(op.Frame)
	if err != nil {
		return nil, err
	}
	if op.Title == nil && op.Text == nil && op.X == nil && op.Y == nil && op.W == nil && op.H == nil && op.Group == nil {
		return nil, Errorf(EINVALID, "frame.update needs something to change")
	}
	f := old
	if err := f.set(b, op); err != nil {
		return nil, err
	}
	f.UpdatedAt = e.At
	dx, dy := f.X-old.X, f.Y-old.Y
	var moved []Note
	if dx != 0 || dy != 0 {
		for _, n := range b.Notes {
			if n.Frame != f.ID || n.Deleted {
				continue
			}
			n.X, n.Y, n.Seq = n.X+dx, n.Y+dy, e.Seq
			if err := checkPos(n.X, n.Y); err != nil {
				return nil, Errorf(EINVALID, "moving the frame there would push its notes off the board")
			}
			moved = append(moved, n)
		}
	}
	carry, err := b.carryItems(f.ID, dx, dy, e.Seq)
	if err != nil {
		return nil, err
	}
	return func() {
		b.Frames[f.ID] = f
		for _, n := range moved {
			b.Notes[n.ID] = n
		}
		carry()
		if b.Breakout && f.Group != old.Group {
			b.ViewSeq = e.Seq
		}
	}, nil
}

func frameLock(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "lock frames"); err != nil {
		return nil, err
	}
	f, err := b.liveFrame(e.Op.Frame)
	if err != nil {
		return nil, err
	}
	return func() {
		f.Locked = *e.Op.On
		b.Frames[f.ID] = f
	}, nil
}

// frameDelete leaves a tombstone; the frame's notes stay where they are,
// in no frame.
func frameDelete(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "delete frames"); err != nil {
		return nil, err
	}
	f, err := b.liveFrame(e.Op.Frame)
	if err != nil {
		return nil, err
	}
	return func() {
		f.Deleted, f.Title, f.Prompt, f.UpdatedAt = true, "", "", e.At
		b.Frames[f.ID] = f
		for id, n := range b.Notes {
			if n.Frame == f.ID {
				n.Frame = ""
				b.Notes[id] = n
			}
		}
		b.unframeItems(f.ID)
		if b.Breakout && f.Group != "" {
			b.ViewSeq = e.Seq // its notes are plenary notes now
		}
	}, nil
}

// frameCopy gives every live group its own copy of some frames (an
// exercise), each copy offset by (x, y) times the group's place in ID order
// plus one. The copies' IDs come from CopyFrameID.
func frameCopy(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "copy frames"); err != nil {
		return nil, err
	}
	op := &e.Op
	if err := b.checkFrameList(op.Frames, MaxCopyFrames); err != nil {
		return nil, err
	}
	groups := b.liveGroups()
	if len(groups) == 0 {
		return nil, Errorf(EINVALID, "create groups first")
	}
	if b.liveFrames()+len(groups)*len(op.Frames) > MaxFrames {
		return nil, Errorf(ELIMIT, "the board has room for %d frames", MaxFrames)
	}
	var copies []Frame
	for gi, g := range groups {
		k := float64(gi + 1)
		for fi, src := range op.Frames {
			f := b.Frames[src]
			f.ID = CopyFrameID(e.Seq, gi, fi)
			if _, ok := b.Frames[f.ID]; ok {
				return nil, Errorf(ECONFLICT, "a frame with the copy's ID exists")
			}
			f.X, f.Y = f.X+*op.X*k, f.Y+*op.Y*k
			if err := checkPos(f.X, f.Y); err != nil {
				return nil, Errorf(EINVALID, "the copies would lie off the board")
			}
			f.Group, f.Z, f.CreatedAt, f.UpdatedAt = g, e.Seq, e.At, e.At
			copies = append(copies, f)
		}
	}
	return func() {
		for _, f := range copies {
			b.Frames[f.ID] = f
		}
		b.ViewSeq = e.Seq // everyone gets the new frames by snapshot
	}, nil
}

// ---- groups ----

func groupCreate(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "create groups"); err != nil {
		return nil, err
	}
	id := *e.Op.Group
	if !ValidID(id) {
		return nil, Errorf(EINVALID, "group ID is not valid")
	}
	if _, ok := b.Groups[id]; ok {
		return nil, Errorf(ECONFLICT, "a group with this ID exists")
	}
	if len(b.liveGroups()) >= MaxGroups {
		return nil, Errorf(ELIMIT, "the board has room for %d groups", MaxGroups)
	}
	name, err := cleanLine(*e.Op.Name, "name", MaxGroupNameLen)
	if err != nil {
		return nil, err
	}
	return func() { b.Groups[id] = Group{ID: id, Name: name, CreatedAt: e.At} }, nil
}

func (b *Board) liveGroup(id string) (Group, error) {
	g, ok := b.Groups[id]
	if !ok {
		return g, Errorf(ENOTFOUND, "no such group")
	}
	if g.Deleted {
		return g, Errorf(EDELETED, "the group was deleted")
	}
	return g, nil
}

func groupRename(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "rename groups"); err != nil {
		return nil, err
	}
	g, err := b.liveGroup(*e.Op.Group)
	if err != nil {
		return nil, err
	}
	name, err := cleanLine(*e.Op.Name, "name", MaxGroupNameLen)
	if err != nil {
		return nil, err
	}
	return func() {
		g.Name = name
		b.Groups[g.ID] = g
	}, nil
}

// groupDelete leaves a tombstone and takes everyone out of the group. Its
// frames keep the group: during breakout only facilitators see them.
func groupDelete(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "delete groups"); err != nil {
		return nil, err
	}
	g, err := b.liveGroup(*e.Op.Group)
	if err != nil {
		return nil, err
	}
	return func() {
		g.Deleted = true
		b.Groups[g.ID] = g
		for id, p := range b.Participants {
			if p.Group == g.ID {
				p.Group = ""
				b.Participants[id] = p
			}
		}
		if b.Breakout {
			b.ViewSeq = e.Seq
		}
	}, nil
}

// groupAssign sets everyone's group at once: the people the map names get
// that group, everyone else none. The server computes the map (AssignEvenly
// for "evenly at random"), so Apply needs no randomness.
func groupAssign(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "assign groups"); err != nil {
		return nil, err
	}
	for id, g := range e.Op.Assign {
		if _, err := b.person(id); err != nil {
			return nil, err
		}
		if err := b.checkGroupRef(g); err != nil {
			return nil, err
		}
	}
	return func() {
		changed := false
		for id, p := range b.Participants {
			g := e.Op.Assign[id]
			if p.Group != g {
				p.Group, changed = g, true
				b.Participants[id] = p
			}
		}
		if b.Breakout && changed {
			b.ViewSeq = e.Seq
		}
	}, nil
}

func groupPick(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "let people pick groups"); err != nil {
		return nil, err
	}
	return func() { b.AllowPick = *e.Op.On }, nil
}

// breakout returns the handler of breakout.start (on) or breakout.end.
func breakout(on bool) handler {
	return func(b *Board, e *Event, actor Participant) (func(), error) {
		if err := needFacilitator(actor, "start or end breakout"); err != nil {
			return nil, err
		}
		if b.Breakout == on {
			if on {
				return nil, Errorf(EINVALID, "the groups are in breakout already")
			}
			return nil, Errorf(EINVALID, "everyone is in plenary already")
		}
		return func() {
			b.Breakout = on
			b.ViewSeq = e.Seq
		}, nil
	}
}

// ---- votes ----

func voteOpen(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "open votes"); err != nil {
		return nil, err
	}
	op := &e.Op
	if !ValidID(op.Vote) {
		return nil, Errorf(EINVALID, "vote ID is not valid")
	}
	if _, ok := b.Votes[op.Vote]; ok {
		return nil, Errorf(ECONFLICT, "a vote with this ID exists")
	}
	for _, v := range b.Votes {
		if v.Open {
			return nil, Errorf(ECONFLICT, "another vote is open; close it first")
		}
	}
	if len(b.Votes) >= MaxVotes {
		return nil, Errorf(ELIMIT, "the board has room for %d votes", MaxVotes)
	}
	if err := b.checkFrameList(op.Frames, MaxListLen); err != nil {
		return nil, err
	}
	budget := *op.Budget
	if budget < 1 || budget > MaxBudget {
		return nil, Errorf(EINVALID, "the budget must be 1 to %d dots", MaxBudget)
	}
	perNote := 0
	if op.Cap != nil {
		if perNote = *op.Cap; perNote < 1 || perNote > budget {
			return nil, Errorf(EINVALID, "the cap must be 1 to the budget")
		}
	}
	v := Vote{ID: op.Vote, Budget: budget, Cap: perNote, Open: true, OpenedAt: e.At, Ballots: map[string]map[string]int{}}
	if len(op.Frames) > 0 {
		v.Frames = append([]string(nil), op.Frames...)
	}
	return func() { b.Votes[v.ID] = v }, nil
}

// vote returns the vote an op names.
func (b *Board) vote(id string) (Vote, error) {
	v, ok := b.Votes[id]
	if !ok {
		return v, Errorf(ENOTFOUND, "no such vote")
	}
	return v, nil
}

// voteCast handles vote.cast and vote.retract. The budget and the cap are
// checked here, in log order, so every replica takes the same dots and
// refuses the same ones, however close together two dots arrive.
func voteCast(b *Board, e *Event, actor Participant) (func(), error) {
	if actor.Role != RoleParticipant {
		return nil, Errorf(EFORBIDDEN, "facilitators do not vote")
	}
	op := &e.Op
	v, err := b.vote(op.Vote)
	if err != nil {
		return nil, err
	}
	if !v.Open {
		return nil, Errorf(ECLOSED, "the vote is closed")
	}
	mine := v.Ballots[actor.ID][op.Note]
	// Like every op on a note, a dot needs a note the voter sees: one that
	// went out of sight (another group now) keeps its dots until the vote
	// closes, and is never named to the voter again.
	n, err := b.noteFor(op.Note, actor)
	if err != nil {
		return nil, err
	}
	if op.Kind == OpVoteRetract {
		if mine == 0 {
			return nil, Errorf(EINVALID, "you have no dot on this note")
		}
		return func() { b.setDots(v, actor.ID, op.Note, mine-1) }, nil
	}
	if !v.covers(n.Frame) {
		return nil, Errorf(EINVALID, "this note is not part of the vote")
	}
	if v.Spent(actor.ID) >= v.Budget {
		return nil, Errorf(EOVERBUDGET, "you have used all %d dots", v.Budget)
	}
	if v.Cap > 0 && mine >= v.Cap {
		return nil, Errorf(EOVERBUDGET, "at most %d dots on one note", v.Cap)
	}
	return func() { b.setDots(v, actor.ID, op.Note, mine+1) }, nil
}

// voteBallot handles vote.ballot, a dot of a restored archive under a
// ballot pseudonym (export.NewArchive). The budget, the cap and what the
// voter could see were checked when the dot was cast, by the voter's
// vote.cast; here only what keeps the board consistent is: an open vote, a
// live note for a new dot, a dot to take back for a retraction, and a
// pseudonym that is no participant's ID (so no dot is ever put on a
// person). The event goes to nobody (EventFor); it sets ViewSeq so that a
// client behind it gets a snapshot with the totals instead.
func voteBallot(b *Board, e *Event, _ Participant) (func(), error) {
	op := &e.Op
	if !ValidID(op.Person) {
		return nil, Errorf(EINVALID, "a ballot pseudonym must be a valid ID")
	}
	if _, ok := b.Participants[op.Person]; ok {
		return nil, Errorf(EINVALID, "a ballot pseudonym may not be a participant's ID")
	}
	v, err := b.vote(op.Vote)
	if err != nil {
		return nil, err
	}
	if !v.Open {
		return nil, Errorf(ECLOSED, "the vote is closed")
	}
	mine := v.Ballots[op.Person][op.Note]
	if !*op.On {
		if mine == 0 {
			return nil, Errorf(EINVALID, "the ballot has no dot on this note")
		}
		return func() { b.setDots(v, op.Person, op.Note, mine-1); b.ViewSeq = e.Seq }, nil
	}
	if n, ok := b.Notes[op.Note]; !ok || n.Deleted {
		return nil, Errorf(ENOTFOUND, "no such note")
	}
	return func() { b.setDots(v, op.Person, op.Note, mine+1); b.ViewSeq = e.Seq }, nil
}

// setDots sets voter's dots on a note of vote v and stores the vote.
func (b *Board) setDots(v Vote, voter, note string, d int) {
	if v.Ballots == nil {
		v.Ballots = map[string]map[string]int{}
	}
	defer func() { b.Votes[v.ID] = v }()
	dots := v.Ballots[voter]
	if d == 0 {
		delete(dots, note)
		if len(dots) == 0 {
			delete(v.Ballots, voter)
		}
		return
	}
	if dots == nil {
		dots = map[string]int{}
		v.Ballots[voter] = dots
	}
	dots[note] = d
}

func voteClose(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "close votes"); err != nil {
		return nil, err
	}
	v, err := b.vote(e.Op.Vote)
	if err != nil {
		return nil, err
	}
	if !v.Open {
		return nil, Errorf(ECLOSED, "the vote is closed")
	}
	return func() {
		v.Open, v.ClosedAt = false, e.At
		b.Votes[v.ID] = v
	}, nil
}

// voteReveal shows the totals to everyone, and closes the vote if open.
func voteReveal(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "reveal votes"); err != nil {
		return nil, err
	}
	v, err := b.vote(e.Op.Vote)
	if err != nil {
		return nil, err
	}
	if v.Revealed {
		return nil, Errorf(EINVALID, "the vote is revealed already")
	}
	return func() {
		if v.Open {
			v.Open, v.ClosedAt = false, e.At
		}
		v.Revealed = true
		b.Votes[v.ID] = v
		b.ViewSeq = e.Seq
	}, nil
}

// voteTop marks the top notes of a revealed vote (the facilitator's client
// proposes them from the ranking; the facilitator decides).
func voteTop(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "mark the top ideas"); err != nil {
		return nil, err
	}
	op := &e.Op
	v, err := b.vote(op.Vote)
	if err != nil {
		return nil, err
	}
	if !v.Revealed {
		return nil, Errorf(EINVALID, "reveal the vote first")
	}
	if len(op.Notes) > MaxListLen {
		return nil, Errorf(ETOOLARGE, "at most %d notes", MaxListLen)
	}
	seen := map[string]bool{}
	for _, id := range op.Notes {
		if seen[id] {
			return nil, Errorf(EINVALID, "a note is listed twice")
		}
		seen[id] = true
		n, err := b.noteFor(id, actor)
		if err != nil {
			return nil, err
		}
		if !v.covers(n.Frame) {
			return nil, Errorf(EINVALID, "a note is not part of the vote")
		}
	}
	return func() {
		v.Top = append([]string(nil), op.Notes...)
		b.Votes[v.ID] = v
	}, nil
}

// ---- private writing ----

func privateStart(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "start a private step"); err != nil {
		return nil, err
	}
	if b.Private != nil {
		return nil, Errorf(ECONFLICT, "a private step is under way; reveal it first")
	}
	op := &e.Op
	if err := b.checkFrameList(op.Frames, MaxListLen); err != nil {
		return nil, err
	}
	p := &PrivateStep{StartedAt: e.At, By: e.Actor, Sealed: op.Sealed != nil && *op.Sealed}
	if len(op.Frames) > 0 {
		p.Frames = append([]string(nil), op.Frames...)
	}
	return func() { b.Private = p }, nil
}

// privateReveal makes every private note visible at once.
func privateReveal(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "reveal a private step"); err != nil {
		return nil, err
	}
	if b.Private == nil {
		return nil, Errorf(ECLOSED, "no private step is under way")
	}
	return func() {
		for id, n := range b.Notes {
			if n.Private {
				n.Private = false
				b.Notes[id] = n
			}
		}
		b.revealItems()
		b.Private = nil
		b.ViewSeq = e.Seq
	}, nil
}

// ---- the timer ----

func timerStart(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "start the timer"); err != nil {
		return nil, err
	}
	ms := *e.Op.Ms
	if ms < MinTimerMs || ms > MaxTimerMs {
		return nil, Errorf(EINVALID, "the timer runs %d ms to %d ms", MinTimerMs, MaxTimerMs)
	}
	return func() { b.Timer = &Timer{DurationMs: ms, StartedAt: e.At, Running: true} }, nil
}

func timerPause(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "pause the timer"); err != nil {
		return nil, err
	}
	if b.Timer == nil || !b.Timer.Running {
		return nil, Errorf(EINVALID, "the timer is not running")
	}
	t := *b.Timer
	return func() {
		t.ElapsedMs, t.StartedAt, t.Running = t.elapsed(e.At), 0, false
		b.Timer = &t
	}, nil
}

func timerResume(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "resume the timer"); err != nil {
		return nil, err
	}
	if b.Timer == nil || b.Timer.Running {
		return nil, Errorf(EINVALID, "the timer is not paused")
	}
	t := *b.Timer
	if t.Remaining(e.At) == 0 {
		return nil, Errorf(EINVALID, "the time is up; add time first")
	}
	return func() {
		t.StartedAt, t.Running = e.At, true
		b.Timer = &t
	}, nil
}

// timerAdd adds time to the countdown. Time added after the end counts from
// now: the elapsed time is first settled, never beyond the duration.
func timerAdd(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "add time"); err != nil {
		return nil, err
	}
	if b.Timer == nil {
		return nil, Errorf(EINVALID, "start the timer first")
	}
	ms := *e.Op.Ms
	if ms < MinTimerMs || ms > MaxTimerMs {
		return nil, Errorf(EINVALID, "add %d ms to %d ms", MinTimerMs, MaxTimerMs)
	}
	t := *b.Timer
	t.ElapsedMs = t.elapsed(e.At)
	if t.Running {
		t.StartedAt = e.At
	}
	if t.DurationMs-t.ElapsedMs+ms > MaxTimerMs {
		return nil, Errorf(EINVALID, "the timer runs at most %d ms", MaxTimerMs)
	}
	t.DurationMs += ms
	return func() { b.Timer = &t }, nil
}

func timerReset(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "reset the timer"); err != nil {
		return nil, err
	}
	if b.Timer == nil {
		return nil, Errorf(EINVALID, "there is no timer")
	}
	return func() { b.Timer = nil }, nil
}

// ---- values ----

func checkText(s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "text is not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > MaxNoteTextLen {
		return Errorf(ETOOLARGE, "note text is longer than %d characters", MaxNoteTextLen)
	}
	return nil
}

// cleanText trims free text (a message, a reason) and checks it: valid
// UTF-8, at most max characters. Unlike a name it may be empty.
func cleanText(s, what string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "%s is not valid text", what)
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", Errorf(ETOOLARGE, "%s is longer than %d characters", what, max)
	}
	return s, nil
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

func checkFrameSize(w, h float64) error {
	if w < MinFrameSize || w > MaxFrameSize || h < MinFrameSize || h > MaxFrameSize {
		return Errorf(EINVALID, "a frame's size must be between %g and %g", MinFrameSize, MaxFrameSize)
	}
	return nil
}
