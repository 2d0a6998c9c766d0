package load

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Frame kinds the server sends (docs/PROTOCOL.md).
type frameKind uint8

const (
	kUnknown frameKind = iota
	kEvent
	kAck
	kError
	kWelcome
	kSnapshot
	kPresence
	kCursors
)

var framePrefixes = []struct {
	prefix []byte
	kind   frameKind
}{
	{[]byte(`{"type":"event"`), kEvent},
	{[]byte(`{"type":"cursors"`), kCursors},
	{[]byte(`{"type":"ack"`), kAck},
	{[]byte(`{"type":"presence"`), kPresence},
	{[]byte(`{"type":"error"`), kError},
	{[]byte(`{"type":"welcome"`), kWelcome},
	{[]byte(`{"type":"snapshot"`), kSnapshot},
}

// kindOf tells a frame's type. The server writes "type" first (Go encodes
// struct fields in order); anything else is decoded the slow way.
func kindOf(data []byte) frameKind {
	for _, p := range framePrefixes {
		if bytes.HasPrefix(data, p.prefix) {
			return p.kind
		}
	}
	var m struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(data, &m) != nil {
		return kUnknown
	}
	switch m.Type {
	case "event":
		return kEvent
	case "ack":
		return kAck
	case "error":
		return kError
	case "welcome":
		return kWelcome
	case "snapshot":
		return kSnapshot
	case "presence":
		return kPresence
	case "cursors":
		return kCursors
	}
	return kUnknown
}

// cut returns the bytes after prefix at the start of b, or nil.
func cut(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return nil, false
	}
	return b[len(prefix):], true
}

// uintAt parses the digits at the start of b.
func uintAt(b []byte) (uint64, []byte, bool) {
	i := 0
	var v uint64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		v = v*10 + uint64(b[i]-'0')
		i++
	}
	return v, b[i:], i > 0
}

// strAt returns the string up to the next quote (IDs have no escapes).
func strAt(b []byte) ([]byte, []byte, bool) {
	i := bytes.IndexByte(b, '"')
	if i < 0 || bytes.IndexByte(b[:i], '\\') >= 0 {
		return nil, nil, false
	}
	return b[:i], b[i+1:], true
}

// parseEvent pulls seq and opId out of an event frame without decoding the
// op: `{"type":"event","event":{"seq":N,"opId":"...",...`. It falls back to
// encoding/json when the frame is laid out otherwise.
func parseEvent(data []byte) (seq uint64, opID []byte, ok bool) {
	if b, ok1 := cut(data, `{"type":"event","event":{"seq":`); ok1 {
		if s, rest, ok2 := uintAt(b); ok2 {
			if rest, ok3 := cut(rest, `,"opId":"`); ok3 {
				if id, _, ok4 := strAt(rest); ok4 {
					return s, id, true
				}
			}
		}
	}
	var m struct {
		Event struct {
			Seq  uint64 `json:"seq"`
			OpID string `json:"opId"`
		} `json:"event"`
	}
	if json.Unmarshal(data, &m) != nil || m.Event.Seq == 0 {
		return 0, nil, false
	}
	return m.Event.Seq, []byte(m.Event.OpID), true
}

// parseAck pulls id and seq out of `{"type":"ack","id":"...","seq":N}`.
func parseAck(data []byte) (id []byte, seq uint64, ok bool) {
	if b, ok1 := cut(data, `{"type":"ack","id":"`); ok1 {
		if id, rest, ok2 := strAt(b); ok2 {
			if rest, ok3 := cut(rest, `,"seq":`); ok3 {
				if s, _, ok4 := uintAt(rest); ok4 {
					return id, s, true
				}
			}
		}
	}
	var m struct {
		ID  string `json:"id"`
		Seq uint64 `json:"seq"`
	}
	if json.Unmarshal(data, &m) != nil || m.ID == "" {
		return nil, 0, false
	}
	return []byte(m.ID), m.Seq, true
}

type errorFrame struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type welcomeFrame struct {
	You struct {
		ID string `json:"id"`
	} `json:"you"`
	Workshop struct {
		Epoch string `json:"epoch"`
	} `json:"workshop"`
	Seq uint64 `json:"seq"`
}

// snapshotSeq reads a snapshot's board seq. The board may be large; only
// its seq is kept.
func snapshotSeq(data []byte) (uint64, bool) {
	var m struct {
		Board struct {
			Seq uint64 `json:"seq"`
		} `json:"board"`
	}
	if json.Unmarshal(data, &m) != nil {
		return 0, false
	}
	return m.Board.Seq, true
}

// opIDs names the tool's ops: prefix + the op's number in the run's op
// table, so a receiver finds the op (and its send time) from the id alone.
type opIDs struct{ prefix string }

func (o opIDs) id(n int64) string { return o.prefix + strconv.FormatInt(n, 10) }

func (o opIDs) appendID(b []byte, n int64) []byte {
	b = append(b, o.prefix...)
	return strconv.AppendInt(b, n, 10)
}

// num returns the op number of one of our op ids.
func (o opIDs) num(id []byte) (int64, bool) {
	rest, ok := cut(id, o.prefix)
	if !ok || len(rest) == 0 {
		return 0, false
	}
	v, tail, ok := uintAt(rest)
	if !ok || len(tail) != 0 {
		return 0, false
	}
	return int64(v), true
}

// Op kinds the workload sends.
type opKind uint8

const (
	opCreate opKind = iota
	opEdit
	opMove
	opBatch   // a batch of moves of up to three notes (multi-move)
	opComment // a comment on a note
	opReact   // a reaction on a note, or taking it back
	opConnect // a connector between two notes
	opVoteCast
	opVoteRetract
	opVoteOpen
)

var opKindNames = [...]string{"note.create", "note.edit", "note.move", "batch", "comment.create", "reaction.set",
	"connector.create", "vote.cast", "vote.retract", "vote.open"}

// toRoom reports whether ops of kind k reach everyone in the room (votes
// reach only the voter and the facilitator).
func (k opKind) toRoom() bool { return k <= opConnect }

func (k opKind) String() string { return opKindNames[k] }

// outMsg is one message a client is to send.
type outMsg struct {
	cursor  bool
	n       int64 // op number
	kind    opKind
	note    string
	notes   []string // a batch's notes; a connector's two ends
	item    string   // a new comment's or connector's ID
	on      bool     // a reaction: add (true) or take back
	x, y    int
	planned int64 // ns since the run began
}

// appendOp writes an op message. Texts are ASCII without quotes, so nothing
// needs escaping.
func appendOp(b []byte, ids opIDs, m outMsg, text []byte, voteID string) []byte {
	b = append(b, `{"type":"op","id":"`...)
	b = ids.appendID(b, m.n)
	b = append(b, `","op":{"kind":"`...)
	b = append(b, m.kind.String()...)
	switch m.kind {
	case opCreate:
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, `","text":"`...)
		b = append(b, text...)
		b = append(b, `","color":"yellow","x":`...)
		b = strconv.AppendInt(b, int64(m.x), 10)
		b = append(b, `,"y":`...)
		b = strconv.AppendInt(b, int64(m.y), 10)
	case opEdit:
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, `","text":"`...)
		b = append(b, text...)
		b = append(b, '"')
	case opMove:
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, `","x":`...)
		b = strconv.AppendInt(b, int64(m.x), 10)
		b = append(b, `,"y":`...)
		b = strconv.AppendInt(b, int64(m.y), 10)
	case opBatch:
		b = append(b, `","ops":[`...)
		for i, note := range m.notes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"kind":"note.move","note":"`...)
			b = append(b, note...)
			b = append(b, `","x":`...)
			b = strconv.AppendInt(b, int64(m.x+200*i), 10)
			b = append(b, `,"y":`...)
			b = strconv.AppendInt(b, int64(m.y), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	case opComment:
		b = append(b, `","comment":"`...)
		b = append(b, m.item...)
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, `","text":"`...)
		b = append(b, text...)
		b = append(b, '"')
	case opReact:
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, `","reaction":"like","on":`...)
		b = strconv.AppendBool(b, m.on)
	case opConnect:
		b = append(b, `","connector":"`...)
		b = append(b, m.item...)
		b = append(b, `","from":{"type":"note","id":"`...)
		b = append(b, m.notes[0]...)
		b = append(b, `"},"to":{"type":"note","id":"`...)
		b = append(b, m.notes[1]...)
		b = append(b, `"}`...)
	case opVoteCast, opVoteRetract:
		b = append(b, `","vote":"`...)
		b = append(b, voteID...)
		b = append(b, `","note":"`...)
		b = append(b, m.note...)
		b = append(b, '"')
	case opVoteOpen:
		b = append(b, `","vote":"`...)
		b = append(b, voteID...)
		b = append(b, `","budget":100`...)
	}
	return append(b, "}}"...)
}

func appendCursor(b []byte, x, y int) []byte {
	b = append(b, `{"type":"cursor","x":`...)
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, `,"y":`...)
	b = strconv.AppendInt(b, int64(y), 10)
	return append(b, '}')
}

// noteText returns a text of exactly n ASCII characters that differs by op.
func noteText(buf []byte, n int, op int64) []byte {
	const filler = "Ideas for the new library: longer opening hours, a quiet room, a maker space, " +
		"language cafes for newcomers, homework help after school, and a place to borrow tools. "
	buf = buf[:0]
	buf = append(buf, "op "...)
	buf = strconv.AppendInt(buf, op, 10)
	buf = append(buf, ' ')
	for len(buf) < n {
		buf = append(buf, filler[:min(len(filler), n-len(buf))]...)
	}
	return buf[:n]
}
