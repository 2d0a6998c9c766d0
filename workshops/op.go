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
// server on someone's behalf and rejected when a client sends them.
const (
	OpNoteCreate      OpKind = "note.create"      // note, text, color, x, y; w, h optional
	OpNoteEdit        OpKind = "note.edit"        // note, text
	OpNoteMove        OpKind = "note.move"        // note, x, y
	OpNoteResize      OpKind = "note.resize"      // note, w, h
	OpNoteRecolor     OpKind = "note.recolor"     // note, color
	OpNoteDelete      OpKind = "note.delete"      // note
	OpBoardRename     OpKind = "board.rename"     // title; facilitators only
	OpParticipantJoin OpKind = "participant.join" // participant; server-only
)

// Op is one operation as a client sends it. Only the fields its Kind names
// may be set; pointer fields tell "not sent" from a zero value.
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
type field uint16

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
)

var fieldNames = []string{"note", "text", "color", "x", "y", "w", "h", "title", "participant"}

type opSpec struct {
	required, optional field
	serverOnly         bool
}

var opSpecs = map[OpKind]opSpec{
	OpNoteCreate:      {required: fNote | fText | fColor | fX | fY, optional: fW | fH},
	OpNoteEdit:        {required: fNote | fText},
	OpNoteMove:        {required: fNote | fX | fY},
	OpNoteResize:      {required: fNote | fW | fH},
	OpNoteRecolor:     {required: fNote | fColor},
	OpNoteDelete:      {required: fNote},
	OpBoardRename:     {required: fTitle},
	OpParticipantJoin: {required: fParticipant, serverOnly: true},
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
