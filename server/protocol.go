package server

import (
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/samskap/samskap/workshops"
)

// Message types of the WebSocket protocol (docs/PROTOCOL.md).
const (
	msgHello    = "hello"
	msgOp       = "op"
	msgCursor   = "cursor"
	msgWelcome  = "welcome"
	msgSnapshot = "snapshot"
	msgEvent    = "event"
	msgAck      = "ack"
	msgError    = "error"
	msgPresence = "presence"
	msgCursors  = "cursors"
)

// Close codes of our own, in the 4000-4999 range for applications.
const (
	CloseSlow         = 4001 // the send queue overflowed; reconnect and resume
	CloseUnauthorized = 4003 // the session token is not valid for this board
	CloseNotFound     = 4004 // no such workshop
)

// clientMsg is any message a client sends. Decoding is strict: a field that
// no message type has is an error, and each type checks it has its own.
type clientMsg struct {
	Type    string          `json:"type"`
	Token   string          `json:"token,omitempty"`
	Epoch   string          `json:"epoch,omitempty"`
	LastSeq uint64          `json:"lastSeq,omitempty"`
	ID      string          `json:"id,omitempty"`
	Op      json.RawMessage `json:"op,omitempty"`
	X       *float64        `json:"x,omitempty"`
	Y       *float64        `json:"y,omitempty"`
}

// decodeClientMsg parses one client message. The op inside an "op" message
// is decoded separately by workshops.DecodeOp.
func decodeClientMsg(data []byte) (clientMsg, error) {
	var m clientMsg
	// A text frame must be UTF-8 (RFC 6455), and encoding/json would
	// quietly turn invalid bytes into U+FFFD: refuse them instead.
	if !utf8.Valid(data) {
		return m, workshops.Errorf(workshops.EBADJSON, "message is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, workshops.JSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return m, workshops.Errorf(workshops.EBADJSON, "trailing data after the message")
	}
	return m, nil
}

type welcomeMsg struct {
	Type       string                `json:"type"`
	You        workshops.Participant `json:"you"`
	Workshop   workshops.Workshop    `json:"workshop"`
	Seq        uint64                `json:"seq"` // the board head: caught up once it is applied
	ServerTime int64                 `json:"serverTime"`
}

type snapshotMsg struct {
	Type  string         `json:"type"`
	Board workshops.View `json:"board"`
}

type eventMsg struct {
	Type  string          `json:"type"`
	Event workshops.Event `json:"event"`
}

type ackMsg struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Seq  uint64 `json:"seq"`
}

type errorMsg struct {
	Type    string `json:"type"`
	ID      string `json:"id,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// person is one entry of a presence message.
type person struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Role workshops.Role `json:"role"`
}

type presenceMsg struct {
	Type   string   `json:"type"`
	People []person `json:"people"`
}

type cursor struct {
	ID string  `json:"id"`
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
}

type cursorsMsg struct {
	Type    string   `json:"type"`
	Cursors []cursor `json:"cursors"`
}

// encode marshals a server message. Our message types hold only plain
// values, so an error here is a programming error.
func encode(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic("server: message does not encode: " + err.Error())
	}
	return data
}

func errorFrame(id string, err error) []byte {
	err = outage(err) // a dependency's outage is "unavailable", never "internal"
	return encode(errorMsg{Type: msgError, ID: id, Code: workshops.ErrorCode(err), Message: workshops.ErrorMessage(err)})
}
