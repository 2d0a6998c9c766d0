package server

import (
	"testing"

	"github.com/samskap/samskap/workshops"
)

// FuzzDecodeClientMsg: any WebSocket message either decodes or is refused
// with a protocol error code; peekID never returns an invalid ID.
func FuzzDecodeClientMsg(f *testing.F) {
	for _, seed := range []string{
		`{"type":"hello","token":"t","epoch":"e","lastSeq":5}`,
		`{"type":"op","id":"a1","op":{"kind":"note.delete","note":"n"}}`,
		`{"type":"cursor","x":1,"y":2}`,
		`{"type":"op","id":"a1","op":{"kind":"note.delete","note":"n"},"extra":{}}`,
		`{"type":"op","id":"` + "\xff" + `"}`, `{}`, `[]`, `"x"`, `{"type":"hello","lastSeq":-1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if id := peekID(data); id != "" && !workshops.ValidID(id) {
			t.Fatalf("peekID gave an invalid ID %q", id)
		}
		m, err := decodeClientMsg(data)
		if err != nil {
			if code := workshops.ErrorCode(err); code != workshops.EBADJSON {
				t.Fatalf("refusal with code %q: %v", code, err)
			}
			return
		}
		if m.Op != nil {
			if _, err := workshops.DecodeOp(m.Op); err != nil && workshops.ErrorCode(err) == workshops.EINTERNAL {
				t.Fatalf("op refused without a code: %v", err)
			}
		}
	})
}
