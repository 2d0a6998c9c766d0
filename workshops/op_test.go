package workshops_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/samskap/samskap/workshops"
)

func TestDecodeOpValid(t *testing.T) {
	tests := []struct {
		name string
		json string
		want workshops.Op
	}{
		{
			name: "note.create",
			json: `{"kind":"note.create","note":"n-1","text":"Hei på deg","color":"yellow","x":12.5,"y":-3}`,
			want: createOp("n-1", "Hei på deg", workshops.ColorYellow, 12.5, -3),
		},
		{
			name: "note.create with w and h",
			json: `{"kind":"note.create","note":"n-1","text":"","color":"purple","x":0,"y":0,"w":200,"h":1.5e2}`,
			want: createSizedOp("n-1", "", workshops.ColorPurple, 0, 0, 200, 150),
		},
		{
			name: "note.create with w only (shape allows it, Apply refuses it)",
			json: `{"kind":"note.create","note":"n-1","text":"t","color":"blue","x":0,"y":0,"w":200}`,
			want: func() workshops.Op {
				op := createOp("n-1", "t", workshops.ColorBlue, 0, 0)
				op.W = ptr(200.0)
				return op
			}(),
		},
		{
			name: "note.edit with escapes",
			json: `{"kind":"note.edit","note":"n-1","text":"line\nbreak \u00e6\"q\""}`,
			want: editOp("n-1", "line\nbreak æ\"q\""),
		},
		{
			name: "note.move, fields in another order, with whitespace",
			json: " \n{ \"y\" : 2 , \"x\" : 1 , \"note\" : \"n-1\" , \"kind\" : \"note.move\" }\n\t",
			want: moveOp("n-1", 1, 2),
		},
		{
			name: "note.resize",
			json: `{"kind":"note.resize","note":"n-1","w":80,"h":1200}`,
			want: resizeOp("n-1", 80, 1200),
		},
		{
			name: "note.recolor",
			json: `{"kind":"note.recolor","note":"n-1","color":"green"}`,
			want: recolorOp("n-1", workshops.ColorGreen),
		},
		{
			name: "note.delete",
			json: `{"kind":"note.delete","note":"n-1"}`,
			want: deleteOp("n-1"),
		},
		{
			name: "board.rename",
			json: `{"kind":"board.rename","title":"Ny tittel"}`,
			want: renameOp("Ny tittel"),
		},
		{
			name: "participant.join",
			json: `{"kind":"participant.join","participant":{"id":"p-1","name":"Kari","role":"participant","joinedAt":5}}`,
			want: workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: "p-1", Name: "Kari", Role: workshops.RoleParticipant, JoinedAt: 5}},
		},
		{
			name: "null for an optional field counts as absent",
			json: `{"kind":"note.delete","note":"n-1","text":null}`,
			want: deleteOp("n-1"),
		},
		{
			// DecodeOp checks shape only; colours, ranges and IDs are Apply's.
			name: "values Apply would refuse",
			json: `{"kind":"note.create","note":"not valid!","text":"t","color":"red","x":1e9,"y":0}`,
			want: createOp("not valid!", "t", "red", 1e9, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := workshops.DecodeOp([]byte(tt.json))
			if err != nil {
				t.Fatalf("DecodeOp: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DecodeOp = %s, want %s", opString(got), opString(tt.want))
			}
		})
	}
}

func opString(op workshops.Op) string {
	data, err := json.Marshal(op)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

// Every op the server accepts encodes (with json.Marshal, as the server
// sends events) to JSON that DecodeOp accepts back unchanged.
func TestDecodeOpRoundTrip(t *testing.T) {
	for _, e := range scriptedEvents(t) {
		t.Run(string(e.Op.Kind), func(t *testing.T) {
			data, err := json.Marshal(e.Op)
			if err != nil {
				t.Fatal(err)
			}
			got, err := workshops.DecodeOp(data)
			if err != nil {
				t.Fatalf("DecodeOp(%s): %v", data, err)
			}
			if !reflect.DeepEqual(got, e.Op) {
				t.Errorf("round trip: got %s, want %s", opString(got), data)
			}
		})
	}
}

func TestDecodeOpInvalid(t *testing.T) {
	tests := []struct {
		name string
		json string
		code string
	}{
		// Not JSON, or not one JSON object.
		{"empty input", ``, workshops.EBADJSON},
		{"only whitespace", " \n ", workshops.EBADJSON},
		{"truncated", `{"kind":"note.delete","note":"n-1"`, workshops.EBADJSON},
		{"syntax error", `{"kind":"note.delete",,"note":"n-1"}`, workshops.EBADJSON},
		{"single quotes", `{'kind':'note.delete'}`, workshops.EBADJSON},
		{"trailing comma", `{"kind":"note.delete","note":"n-1",}`, workshops.EBADJSON},
		{"NaN literal", `{"kind":"note.move","note":"n-1","x":NaN,"y":0}`, workshops.EBADJSON},
		{"Infinity literal", `{"kind":"note.move","note":"n-1","x":Infinity,"y":0}`, workshops.EBADJSON},
		{"an array", `[{"kind":"note.delete","note":"n-1"}]`, workshops.EBADJSON},
		{"a string", `"note.delete"`, workshops.EBADJSON},
		{"a number", `42`, workshops.EBADJSON},

		// Trailing data.
		{"second object", `{"kind":"note.delete","note":"n-1"}{"kind":"note.delete","note":"n-2"}`, workshops.EBADJSON},
		{"second object after a space", `{"kind":"note.delete","note":"n-1"} {}`, workshops.EBADJSON},
		{"stray brace", `{"kind":"note.delete","note":"n-1"}}`, workshops.EBADJSON},
		{"trailing garbage", `{"kind":"note.delete","note":"n-1"} x`, workshops.EBADJSON},
		{"trailing number", `{"kind":"note.delete","note":"n-1"} 1`, workshops.EBADJSON},

		// Unknown fields.
		{"unknown field", `{"kind":"note.delete","note":"n-1","force":true}`, workshops.EBADJSON},
		{"unknown field in participant", `{"kind":"participant.join","participant":{"id":"p","name":"P","role":"participant","admin":true}}`, workshops.EBADJSON},
		{"event fields in an op", `{"kind":"note.delete","note":"n-1","seq":4}`, workshops.EBADJSON},

		// Wrong types.
		{"x as a string", `{"kind":"note.move","note":"n-1","x":"12","y":0}`, workshops.EBADJSON},
		{"y as a bool", `{"kind":"note.move","note":"n-1","x":1,"y":true}`, workshops.EBADJSON},
		{"w as an object", `{"kind":"note.resize","note":"n-1","w":{},"h":100}`, workshops.EBADJSON},
		{"text as a number", `{"kind":"note.edit","note":"n-1","text":5}`, workshops.EBADJSON},
		{"text as an array", `{"kind":"note.edit","note":"n-1","text":["a"]}`, workshops.EBADJSON},
		{"note as a number", `{"kind":"note.delete","note":7}`, workshops.EBADJSON},
		{"kind as a number", `{"kind":1,"note":"n-1"}`, workshops.EBADJSON},
		{"color as a number", `{"kind":"note.recolor","note":"n-1","color":0}`, workshops.EBADJSON},
		{"participant as a string", `{"kind":"participant.join","participant":"p-1"}`, workshops.EBADJSON},
		{"participant name as a number", `{"kind":"participant.join","participant":{"id":"p","name":5,"role":"participant"}}`, workshops.EBADJSON},
		{"number too large for float64", `{"kind":"note.move","note":"n-1","x":1e400,"y":0}`, workshops.EBADJSON},

		// Kinds.
		{"unknown kind", `{"kind":"note.explode","note":"n-1"}`, workshops.EUNKNOWNOP},
		{"missing kind", `{"note":"n-1"}`, workshops.EUNKNOWNOP},
		{"empty object", `{}`, workshops.EUNKNOWNOP},
		{"empty kind", `{"kind":"","note":"n-1"}`, workshops.EUNKNOWNOP},
		{"kind with a space", `{"kind":"note.delete ","note":"n-1"}`, workshops.EUNKNOWNOP},

		// Missing fields.
		{"note.create without text", `{"kind":"note.create","note":"n-1","color":"yellow","x":0,"y":0}`, workshops.EINVALID},
		{"note.create without color", `{"kind":"note.create","note":"n-1","text":"t","x":0,"y":0}`, workshops.EINVALID},
		{"note.create without x and y", `{"kind":"note.create","note":"n-1","text":"t","color":"yellow"}`, workshops.EINVALID},
		{"note.edit without text", `{"kind":"note.edit","note":"n-1"}`, workshops.EINVALID},
		{"note.edit with null text", `{"kind":"note.edit","note":"n-1","text":null}`, workshops.EINVALID},
		{"note.move without x", `{"kind":"note.move","note":"n-1","y":0}`, workshops.EINVALID},
		{"note.resize without h", `{"kind":"note.resize","note":"n-1","w":100}`, workshops.EINVALID},
		{"note.recolor without color", `{"kind":"note.recolor","note":"n-1"}`, workshops.EINVALID},
		{"note.delete without note", `{"kind":"note.delete"}`, workshops.EINVALID},
		{"note.delete with an empty note", `{"kind":"note.delete","note":""}`, workshops.EINVALID},
		{"board.rename without title", `{"kind":"board.rename"}`, workshops.EINVALID},
		{"participant.join without participant", `{"kind":"participant.join"}`, workshops.EINVALID},

		// Extra fields.
		{"note.edit with color", `{"kind":"note.edit","note":"n-1","text":"t","color":"blue"}`, workshops.EINVALID},
		{"note.move with text", `{"kind":"note.move","note":"n-1","x":0,"y":0,"text":"t"}`, workshops.EINVALID},
		{"note.move with w and h", `{"kind":"note.move","note":"n-1","x":0,"y":0,"w":100,"h":100}`, workshops.EINVALID},
		{"note.resize with x", `{"kind":"note.resize","note":"n-1","w":100,"h":100,"x":0}`, workshops.EINVALID},
		{"note.delete with title", `{"kind":"note.delete","note":"n-1","title":"t"}`, workshops.EINVALID},
		{"board.rename with note", `{"kind":"board.rename","note":"n-1","title":"t"}`, workshops.EINVALID},
		{"note.create with participant", `{"kind":"note.create","note":"n-1","text":"t","color":"blue","x":0,"y":0,"participant":{"id":"p","name":"P","role":"participant"}}`, workshops.EINVALID},
		{"participant.join with title", `{"kind":"participant.join","participant":{"id":"p","name":"P","role":"participant"},"title":"t"}`, workshops.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, err := workshops.DecodeOp([]byte(tt.json))
			wantCode(t, err, tt.code)
			if !reflect.DeepEqual(op, workshops.Op{}) {
				t.Errorf("DecodeOp returned %s with its error; want the zero Op", opString(op))
			}
			msg := workshops.ErrorMessage(err)
			if msg == "" || msg == "internal error" {
				t.Errorf("message = %q; want a domain message", msg)
			}
			if !utf8.ValidString(msg) {
				t.Errorf("message is not valid UTF-8: %q", msg)
			}
		})
	}
}

// Error messages may be shown to the user and logged: they must not carry
// long stretches of what the sender wrote, and they must be valid text.
func TestDecodeOpMessagesDoNotEchoInput(t *testing.T) {
	const maxMsg = 120
	tests := []struct {
		name   string
		marker string // a long run of user input that must not come back
		json   string
		code   string
	}{
		{"long unknown field", strings.Repeat("z", 5000), `{"kind":"note.delete","note":"n-1","` + strings.Repeat("z", 5000) + `":1}`, workshops.EBADJSON},
		{"long multi-byte unknown field", strings.Repeat("æ", 2000), `{"kind":"note.delete","note":"n-1","` + strings.Repeat("æ", 2000) + `":1}`, workshops.EBADJSON},
		{"long odd-length multi-byte unknown field", strings.Repeat("€", 2000), `{"kind":"note.delete","note":"n-1","a` + strings.Repeat("€", 2000) + `":1}`, workshops.EBADJSON},
		{"long unknown kind", strings.Repeat("k", 5000), `{"kind":"` + strings.Repeat("k", 5000) + `"}`, workshops.EUNKNOWNOP},
		{"long multi-byte unknown kind", strings.Repeat("ø", 2000), `{"kind":"x` + strings.Repeat("ø", 2000) + `"}`, workshops.EUNKNOWNOP},
		{"long string where a number goes", strings.Repeat("9", 5000), `{"kind":"note.move","note":"n-1","x":"` + strings.Repeat("9", 5000) + `","y":0}`, workshops.EBADJSON},
		{"long text with a syntax error after it", strings.Repeat("t", 5000), `{"kind":"note.edit","note":"n-1","text":"` + strings.Repeat("t", 5000) + `" oops}`, workshops.EBADJSON},
		{"long trailing data", strings.Repeat("q", 5000), `{"kind":"note.delete","note":"n-1"} "` + strings.Repeat("q", 5000) + `"`, workshops.EBADJSON},
		{"long text on an op that does not take it", strings.Repeat("s", 5000), `{"kind":"note.delete","note":"n-1","text":"` + strings.Repeat("s", 5000) + `"}`, workshops.EINVALID},
		{"long note ID on a wrong op", strings.Repeat("n", 5000), `{"kind":"board.rename","note":"` + strings.Repeat("n", 5000) + `","title":"t"}`, workshops.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := workshops.DecodeOp([]byte(tt.json))
			wantCode(t, err, tt.code)
			msg := workshops.ErrorMessage(err)
			if len(msg) > maxMsg {
				t.Errorf("message is %d bytes, want at most %d: %.200q", len(msg), maxMsg, msg)
			}
			runes := []rune(tt.marker)
			if chunk := string(runes[:64]); strings.Contains(msg, chunk) {
				t.Errorf("message echoes 64+ characters of input: %.200q", msg)
			}
			if !utf8.ValidString(msg) {
				t.Errorf("message is not valid UTF-8: %q", msg)
			}
			if !utf8.ValidString(err.Error()) {
				t.Errorf("Error() is not valid UTF-8: %q", err.Error())
			}
		})
	}
}

func TestOpKind(t *testing.T) {
	tests := []struct {
		kind       workshops.OpKind
		known      bool
		serverOnly bool
	}{
		{workshops.OpNoteCreate, true, false},
		{workshops.OpNoteEdit, true, false},
		{workshops.OpNoteMove, true, false},
		{workshops.OpNoteResize, true, false},
		{workshops.OpNoteRecolor, true, false},
		{workshops.OpNoteDelete, true, false},
		{workshops.OpBoardRename, true, false},
		{workshops.OpParticipantJoin, true, true},
		{"", false, false},
		{"note.explode", false, false},
		{"NOTE.CREATE", false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := tt.kind.Known(); got != tt.known {
				t.Errorf("Known() = %v, want %v", got, tt.known)
			}
			if got := tt.kind.ServerOnly(); got != tt.serverOnly {
				t.Errorf("ServerOnly() = %v, want %v", got, tt.serverOnly)
			}
		})
	}
}
