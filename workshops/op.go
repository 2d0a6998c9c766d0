package workshops

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// OpKind names an operation.
type OpKind string

// The operations on a board. Those marked server-only are issued by the
// server on someone's behalf and rejected when a client sends them. The
// comment after each names its fields; "?" marks an optional one. Who may
// send which is decided by Apply and listed in docs/PROTOCOL.md.
const (
	OpNoteCreate      OpKind = "note.create"      // note, text, color, x, y; w, h optional
	OpNoteEdit        OpKind = "note.edit"        // note, text
	OpNoteMove        OpKind = "note.move"        // note, x, y
	OpNoteResize      OpKind = "note.resize"      // note, w, h
	OpNoteRecolor     OpKind = "note.recolor"     // note, color
	OpNoteDelete      OpKind = "note.delete"      // note, reason?
	OpBoardRename     OpKind = "board.rename"     // title; facilitators only
	OpParticipantJoin OpKind = "participant.join" // participant; server-only

	// Moderation and people.
	OpNoteHide          OpKind = "note.hide"          // note, on, reason?
	OpParticipantRename OpKind = "participant.rename" // person, name
	OpParticipantRemove OpKind = "participant.remove" // person
	OpParticipantGroup  OpKind = "participant.group"  // person, group ("" for none)
	// OpParticipantErase deletes a person's data: all their notes, their
	// name, and them from the board. Server-only: the server issues it
	// when the person leaves or a facilitator deletes their data.
	OpParticipantErase OpKind = "participant.erase" // person; server-only

	// The flow of the workshop.
	OpBoardLock    OpKind = "board.lock"    // on
	OpBoardJoining OpKind = "board.joining" // on: whether new people may join
	OpBoardMessage OpKind = "board.message" // text ("" clears it)
	OpBoardFocus   OpKind = "board.focus"   // frame? or x, y?; neither clears it
	// OpBoardEnd ends the workshop for good: nobody new may join, every
	// change is refused, and only facilitators may still open the board
	// (to read and export it). Server-only: a facilitator ends it through
	// the HTTP API, which also revokes the participants' sessions.
	OpBoardEnd OpKind = "board.end" // (none); server-only

	// Frames.
	OpFrameCreate OpKind = "frame.create" // frame, title, x, y, w, h, text?, group?
	OpFrameUpdate OpKind = "frame.update" // frame, title?, text?, x?, y?, w?, h?, group?
	OpFrameLock   OpKind = "frame.lock"   // frame, on
	OpFrameDelete OpKind = "frame.delete" // frame
	OpFrameCopy   OpKind = "frame.copy"   // frames, x, y (the offset between copies)
	// OpFrameChoose marks a card (a frame such as a goal image) as chosen,
	// or not: the facilitator records what a municipality or group chose.
	OpFrameChoose OpKind = "frame.choose" // frame, on

	// Breakout groups.
	OpGroupCreate   OpKind = "group.create"   // group, name
	OpGroupRename   OpKind = "group.rename"   // group, name
	OpGroupDelete   OpKind = "group.delete"   // group
	OpGroupAssign   OpKind = "group.assign"   // assign (person -> group, for everyone)
	OpGroupPick     OpKind = "group.pick"     // on
	OpBreakoutStart OpKind = "breakout.start" // (none)
	OpBreakoutEnd   OpKind = "breakout.end"   // (none): everyone back to plenary

	// Dot voting.
	OpVoteOpen    OpKind = "vote.open"    // vote, budget, frames?, cap?
	OpVoteCast    OpKind = "vote.cast"    // vote, note
	OpVoteRetract OpKind = "vote.retract" // vote, note
	OpVoteClose   OpKind = "vote.close"   // vote
	OpVoteReveal  OpKind = "vote.reveal"  // vote
	OpVoteTop     OpKind = "vote.top"     // vote, notes
	// OpVoteBallot is a dot of a workshop archive (export.NewArchive): a
	// vote.cast (on) or vote.retract (off) with the voter replaced by a
	// ballot pseudonym (person), one per voter and vote, that names no
	// participant. Server-only: only a restored log holds it.
	OpVoteBallot OpKind = "vote.ballot" // vote, note, on, person; server-only

	// Private writing.
	OpPrivateStart  OpKind = "private.start"  // frames?, sealed?
	OpPrivateReveal OpKind = "private.reveal" // (none)

	// The timer.
	OpTimerStart  OpKind = "timer.start"  // ms
	OpTimerPause  OpKind = "timer.pause"  // (none)
	OpTimerResume OpKind = "timer.resume" // (none)
	OpTimerAdd    OpKind = "timer.add"    // ms
	OpTimerReset  OpKind = "timer.reset"  // (none)

	// The canvas (docs/PROTOCOL.md, "The canvas"). Ops that change or
	// delete an item take an optional ifSeq, the seq the item must still
	// have (undo and redo send it); a restore requires it.
	OpNoteRestore  OpKind = "note.restore"  // note, text, color, x, y, w, h, ifSeq
	OpNoteEditing  OpKind = "note.editing"  // note, on: the soft lock on a note's text
	OpShapeCreate  OpKind = "shape.create"  // shape, form, x, y, w, h, text?, color?
	OpShapeUpdate  OpKind = "shape.update"  // shape, ifSeq?, x?, y?, w?, h?, text?, color?
	OpShapeDelete  OpKind = "shape.delete"  // shape, ifSeq?
	OpShapeRestore OpKind = "shape.restore" // shape, form, x, y, w, h, text?, color?, ifSeq

	OpConnectorCreate  OpKind = "connector.create"  // connector, from, to, style?, text?
	OpConnectorUpdate  OpKind = "connector.update"  // connector, ifSeq?, style?, text?
	OpConnectorDelete  OpKind = "connector.delete"  // connector, ifSeq?
	OpConnectorRestore OpKind = "connector.restore" // connector, from, to, style, text?, ifSeq

	OpClusterCreate  OpKind = "cluster.create"  // cluster, name, x, y, w, h
	OpClusterUpdate  OpKind = "cluster.update"  // cluster, ifSeq?, name?, x?, y?, w?, h?
	OpClusterDelete  OpKind = "cluster.delete"  // cluster, ifSeq?
	OpClusterRestore OpKind = "cluster.restore" // cluster, name, x, y, w, h, ifSeq

	OpCommentCreate OpKind = "comment.create" // comment, note, text
	OpCommentDelete OpKind = "comment.delete" // comment
	OpReactionSet   OpKind = "reaction.set"   // note, reaction, on

	// OpBatch applies several item ops as one event (batch.go).
	OpBatch OpKind = "batch" // ops
	// The run of show (agenda.go) and the room (room.go).
	OpAgendaSet   OpKind = "agenda.set"   // agenda? (none: no agenda)
	OpAgendaGo    OpKind = "agenda.go"    // step, fromStep
	OpBoardLink   OpKind = "board.link"   // url ("" clears), group?
	OpHandRaise   OpKind = "hand.raise"   // on, person? (a facilitator lowering someone's)
	OpBoardFollow OpKind = "board.follow" // on; x, y, w, h with on
)

// Op is one operation as a client sends it. Only the fields its Kind names
// may be set; pointer fields tell "not sent" from a zero value. A list or
// map field counts as sent only when it is not empty (an empty one would
// vanish when the event is stored and read back).
type Op struct {
	Kind        OpKind       `json:"kind"`
	Note        string       `json:"note,omitempty"`
	Text        *string      `json:"text,omitempty"`
	Color       *Color       `json:"color,omitempty"`
	X           *float64     `json:"x,omitempty"`
	Y           *float64     `json:"y,omitempty"`
	W           *float64     `json:"w,omitempty"`
	H           *float64     `json:"h,omitempty"`
	Title       *string      `json:"title,omitempty"`
	Participant *Participant `json:"participant,omitempty"`

	// Person is the participant ID an op about someone is about.
	Person string `json:"person,omitempty"`
	// Name is a display name (participant.rename) or a group's name.
	Name *string `json:"name,omitempty"`
	// Frame is a frame ID.
	Frame string `json:"frame,omitempty"`
	// Group is a group ID; in participant.group and frame.update the empty
	// string means "no group".
	Group *string `json:"group,omitempty"`
	// Vote is a vote's ID.
	Vote string `json:"vote,omitempty"`
	// Frames lists frame IDs (a vote's or private step's scope, frames to copy).
	Frames []string `json:"frames,omitempty"`
	// Notes lists note IDs (the top notes of a vote).
	Notes []string `json:"notes,omitempty"`
	// Budget is the dots each participant may spend in a vote.
	Budget *int `json:"budget,omitempty"`
	// Cap is the most dots one person may put on one note.
	Cap *int `json:"cap,omitempty"`
	// Ms is a duration in milliseconds.
	Ms *int64 `json:"ms,omitempty"`
	// On switches something on (true) or off (false).
	On *bool `json:"on,omitempty"`
	// Sealed makes a private step hide each note from facilitators too.
	Sealed *bool `json:"sealed,omitempty"`
	// Reason is a facilitator's reason for hiding or deleting a note.
	Reason *string `json:"reason,omitempty"`
	// Assign maps participant IDs to group IDs ("" for none).
	Assign map[string]string `json:"assign,omitempty"`

	// Shape, Connector, Cluster and Comment are the IDs of those items.
	Shape     string `json:"shape,omitempty"`
	Connector string `json:"connector,omitempty"`
	Cluster   string `json:"cluster,omitempty"`
	Comment   string `json:"comment,omitempty"`
	// Form is a shape's form: rect, ellipse or text.
	Form ShapeForm `json:"form,omitempty"`
	// From and To are a connector's ends.
	From *Ref `json:"from,omitempty"`
	To   *Ref `json:"to,omitempty"`
	// Style is a connector's style: arrow or line.
	Style ConnectorStyle `json:"style,omitempty"`
	// Reaction is one of the fixed reactions (Reactions).
	Reaction string `json:"reaction,omitempty"`
	// IfSeq is the seq the item an op changes must still have: the
	// precondition of an undo or redo. Seqs start at 1, so 0 is "not sent".
	IfSeq uint64 `json:"ifSeq,omitempty"`
	// Ops are the item ops of a batch, applied in order as one event.
	Ops []Op `json:"ops,omitempty"`
	// Agenda is the run of show agenda.set puts on the board.
	Agenda []AgendaStep `json:"agenda,omitempty"`
	// Step is the agenda step agenda.go moves to (from 1; 0 before the
	// first), FromStep the step the sender saw as current.
	Step     *int `json:"step,omitempty"`
	FromStep *int `json:"fromStep,omitempty"`
	// URL is a meeting link (https only).
	URL *string `json:"url,omitempty"`
}

// Event is an operation as recorded in a board's log: who sent it, when, and
// its place in the log.
type Event struct {
	Seq   uint64 `json:"seq"`
	OpID  string `json:"opId"`  // chosen by the sender; retries reuse it
	Actor string `json:"actor"` // participant ID; empty for the server
	At    int64  `json:"at"`    // server time, unix milliseconds
	Op    Op     `json:"op"`
}

// field bits say which fields an op kind takes.
type field uint64

const (
	fNote field = 1 << iota
	fText
	fColor
	fX
	fY
	fW
	fH
	fTitle
	fParticipant
	fPerson
	fName
	fFrame
	fGroup
	fVote
	fFrames
	fNotes
	fBudget
	fCap
	fMs
	fOn
	fSealed
	fReason
	fAssign
	fShape
	fConnector
	fCluster
	fComment
	fForm
	fFrom
	fTo
	fStyle
	fReaction
	fIfSeq
	fOps
	fAgenda
	fStep
	fFromStep
	fURL
)

var fieldNames = []string{"note", "text", "color", "x", "y", "w", "h", "title", "participant",
	"person", "name", "frame", "group", "vote", "frames", "notes", "budget", "cap", "ms", "on", "sealed", "reason", "assign",
	"shape", "connector", "cluster", "comment", "form", "from", "to", "style", "reaction", "ifSeq", "ops",
	"agenda", "step", "fromStep", "url"}

type opSpec struct {
	required, optional field
	serverOnly         bool
}

var opSpecs = map[OpKind]opSpec{
	OpNoteCreate:      {required: fNote | fText | fColor | fX | fY, optional: fW | fH},
	OpNoteEdit:        {required: fNote | fText, optional: fIfSeq},
	OpNoteMove:        {required: fNote | fX | fY, optional: fIfSeq},
	OpNoteResize:      {required: fNote | fW | fH, optional: fIfSeq},
	OpNoteRecolor:     {required: fNote | fColor, optional: fIfSeq},
	OpNoteDelete:      {required: fNote, optional: fReason | fIfSeq},
	OpBoardRename:     {required: fTitle},
	OpParticipantJoin: {required: fParticipant, serverOnly: true},

	OpNoteHide:          {required: fNote | fOn, optional: fReason},
	OpParticipantRename: {required: fPerson | fName},
	OpParticipantRemove: {required: fPerson},
	OpParticipantGroup:  {required: fPerson | fGroup},
	OpParticipantErase:  {required: fPerson, serverOnly: true},

	OpBoardLock:    {required: fOn},
	OpBoardJoining: {required: fOn},
	OpBoardMessage: {required: fText},
	OpBoardFocus:   {optional: fFrame | fX | fY},
	OpBoardEnd:     {serverOnly: true},

	OpFrameCreate: {required: fFrame | fTitle | fX | fY | fW | fH, optional: fText | fGroup},
	OpFrameUpdate: {required: fFrame, optional: fTitle | fText | fX | fY | fW | fH | fGroup},
	OpFrameLock:   {required: fFrame | fOn},
	OpFrameDelete: {required: fFrame},
	OpFrameCopy:   {required: fFrames | fX | fY},
	OpFrameChoose: {required: fFrame | fOn},

	OpGroupCreate:   {required: fGroup | fName},
	OpGroupRename:   {required: fGroup | fName},
	OpGroupDelete:   {required: fGroup},
	OpGroupAssign:   {required: fAssign},
	OpGroupPick:     {required: fOn},
	OpBreakoutStart: {},
	OpBreakoutEnd:   {},

	OpVoteOpen:    {required: fVote | fBudget, optional: fFrames | fCap},
	OpVoteCast:    {required: fVote | fNote},
	OpVoteRetract: {required: fVote | fNote},
	OpVoteClose:   {required: fVote},
	OpVoteReveal:  {required: fVote},
	OpVoteTop:     {required: fVote | fNotes},
	OpVoteBallot:  {required: fVote | fNote | fOn | fPerson, serverOnly: true},

	OpPrivateStart:  {optional: fFrames | fSealed},
	OpPrivateReveal: {},

	OpTimerStart:  {required: fMs},
	OpTimerPause:  {},
	OpTimerResume: {},
	OpTimerAdd:    {required: fMs},
	OpTimerReset:  {},

	OpNoteRestore:  {required: fNote | fText | fColor | fX | fY | fW | fH | fIfSeq},
	OpNoteEditing:  {required: fNote | fOn},
	OpShapeCreate:  {required: fShape | fForm | fX | fY | fW | fH, optional: fText | fColor},
	OpShapeUpdate:  {required: fShape, optional: fIfSeq | fX | fY | fW | fH | fText | fColor},
	OpShapeDelete:  {required: fShape, optional: fIfSeq},
	OpShapeRestore: {required: fShape | fForm | fX | fY | fW | fH | fIfSeq, optional: fText | fColor},

	OpConnectorCreate:  {required: fConnector | fFrom | fTo, optional: fStyle | fText},
	OpConnectorUpdate:  {required: fConnector, optional: fIfSeq | fStyle | fText},
	OpConnectorDelete:  {required: fConnector, optional: fIfSeq},
	OpConnectorRestore: {required: fConnector | fFrom | fTo | fStyle | fIfSeq, optional: fText},

	OpClusterCreate:  {required: fCluster | fName | fX | fY | fW | fH},
	OpClusterUpdate:  {required: fCluster, optional: fIfSeq | fName | fX | fY | fW | fH},
	OpClusterDelete:  {required: fCluster, optional: fIfSeq},
	OpClusterRestore: {required: fCluster | fName | fX | fY | fW | fH | fIfSeq},

	OpCommentCreate: {required: fComment | fNote | fText},
	OpCommentDelete: {required: fComment},
	OpReactionSet:   {required: fNote | fReaction | fOn},

	OpBatch:       {required: fOps},
	OpAgendaSet:   {optional: fAgenda},
	OpAgendaGo:    {required: fStep | fFromStep},
	OpBoardLink:   {required: fURL, optional: fGroup},
	OpHandRaise:   {required: fOn, optional: fPerson},
	OpBoardFollow: {required: fOn, optional: fX | fY | fW | fH},
}

// Known reports whether k is an operation this version knows.
func (k OpKind) Known() bool { _, ok := opSpecs[k]; return ok }

// ServerOnly reports whether only the server may issue k.
func (k OpKind) ServerOnly() bool { return opSpecs[k].serverOnly }

func (op *Op) fields() field {
	var f field
	set := func(b bool, bit field) {
		if b {
			f |= bit
		}
	}
	set(op.Note != "", fNote)
	set(op.Text != nil, fText)
	set(op.Color != nil, fColor)
	set(op.X != nil, fX)
	set(op.Y != nil, fY)
	set(op.W != nil, fW)
	set(op.H != nil, fH)
	set(op.Title != nil, fTitle)
	set(op.Participant != nil, fParticipant)
	set(op.Person != "", fPerson)
	set(op.Name != nil, fName)
	set(op.Frame != "", fFrame)
	set(op.Group != nil, fGroup)
	set(op.Vote != "", fVote)
	set(len(op.Frames) > 0, fFrames)
	set(len(op.Notes) > 0, fNotes)
	set(op.Budget != nil, fBudget)
	set(op.Cap != nil, fCap)
	set(op.Ms != nil, fMs)
	set(op.On != nil, fOn)
	set(op.Sealed != nil, fSealed)
	set(op.Reason != nil, fReason)
	set(len(op.Assign) > 0, fAssign)
	set(op.Shape != "", fShape)
	set(op.Connector != "", fConnector)
	set(op.Cluster != "", fCluster)
	set(op.Comment != "", fComment)
	set(op.Form != "", fForm)
	set(op.From != nil, fFrom)
	set(op.To != nil, fTo)
	set(op.Style != "", fStyle)
	set(op.Reaction != "", fReaction)
	set(op.IfSeq != 0, fIfSeq)
	set(len(op.Ops) > 0, fOps)
	set(len(op.Agenda) > 0, fAgenda)
	set(op.Step != nil, fStep)
	set(op.FromStep != nil, fFromStep)
	set(op.URL != nil, fURL)
	return f
}

// CheckShape reports whether op has exactly the fields its kind takes and
// whether every number in it is finite. It does not look at a board; Apply
// checks the rest.
func (op *Op) CheckShape() error {
	spec, ok := opSpecs[op.Kind]
	if !ok {
		return Errorf(EUNKNOWNOP, "unknown operation %q", truncate(string(op.Kind), 40))
	}
	have := op.fields()
	if missing := spec.required &^ have; missing != 0 {
		return Errorf(EINVALID, "%s needs %s", op.Kind, fieldList(missing))
	}
	if extra := have &^ (spec.required | spec.optional); extra != 0 {
		return Errorf(EINVALID, "%s does not take %s", op.Kind, fieldList(extra))
	}
	for _, p := range []*float64{op.X, op.Y, op.W, op.H} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
			return Errorf(EINVALID, "numbers must be finite")
		}
	}
	if op.Kind == OpBatch {
		return checkBatchShape(op.Ops)
	}
	return nil
}

func fieldList(f field) string {
	var b bytes.Buffer
	for i, name := range fieldNames {
		if f&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(name)
		}
	}
	return b.String()
}

// DecodeOp parses one operation strictly: unknown fields, wrong types,
// trailing data and fields the kind does not take are all errors, each an
// *Error whose code says which.
func DecodeOp(data []byte) (Op, error) {
	var op Op
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&op); err != nil {
		return Op{}, JSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Op{}, Errorf(EBADJSON, "trailing data after the operation")
	}
	if err := op.CheckShape(); err != nil {
		return Op{}, err
	}
	// An empty list or map is as good as absent (see Op); make it so, so
	// the op reads back the same after the event is stored.
	if len(op.Frames) == 0 {
		op.Frames = nil
	}
	if len(op.Notes) == 0 {
		op.Notes = nil
	}
	if len(op.Assign) == 0 {
		op.Assign = nil
	}
	for i := range op.Ops {
		if len(op.Ops[i].Frames) == 0 {
			op.Ops[i].Frames = nil
		}
		if len(op.Ops[i].Notes) == 0 {
			op.Ops[i].Notes = nil
		}
		if len(op.Ops[i].Assign) == 0 {
			op.Ops[i].Assign = nil
		}
	}
	if len(op.Agenda) == 0 {
		op.Agenda = nil
	}
	return op, nil
}

// JSONError turns an encoding/json decoding error into an *Error (EBADJSON)
// that names the problem
// without echoing the input.
func JSONError(err error) *Error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return Errorf(EBADJSON, "field %q has the wrong type (want %s)", truncate(typeErr.Field, 40), typeErr.Type)
	case errors.As(err, &syntaxErr):
		return Errorf(EBADJSON, "malformed JSON at byte %d", syntaxErr.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EBADJSON, "incomplete JSON")
	}
	// Unknown fields come as a plain error from encoding/json.
	return Errorf(EBADJSON, "%s", truncate(err.Error(), 80))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut at a character boundary: never leave half a UTF-8 sequence in a
	// message meant for people.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return fmt.Sprintf("%s...", s[:n])
}
