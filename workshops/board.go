package workshops

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// Color is a sticky-note colour. Every colour has a name (shown to screen
// readers and in the list view), so no meaning rests on colour alone.
type Color string

// The note colours. The client's palette (client/style.css) has one entry for
// each, each with AA contrast for the note text.
const (
	ColorYellow Color = "yellow"
	ColorPink   Color = "pink"
	ColorBlue   Color = "blue"
	ColorGreen  Color = "green"
	ColorOrange Color = "orange"
	ColorPurple Color = "purple"
)

// Colors lists the note colours in palette order.
var Colors = []Color{ColorYellow, ColorPink, ColorBlue, ColorGreen, ColorOrange, ColorPurple}

// Valid reports whether c is one of Colors.
func (c Color) Valid() bool { return slices.Contains(Colors, c) }

// Geometry limits, in board units (CSS pixels at zoom 1).
const (
	MaxCoord       = 100_000.0 // |x| and |y| of a note's top-left corner
	MinNoteSize    = 80.0
	MaxNoteSize    = 1200.0
	DefaultNoteW   = 180.0
	DefaultNoteH   = 140.0
	MaxLiveNotes   = 5000 // notes on one board, not counting deleted ones
	MaxParticipant = 2000 // people who ever joined one board
)

// Note is a sticky note. Deleted notes stay as tombstones.
type Note struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Color     Color   `json:"color"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
	W         float64 `json:"w"`
	H         float64 `json:"h"`
	Author    string  `json:"author"` // participant ID
	CreatedAt int64   `json:"createdAt"`
	UpdatedAt int64   `json:"updatedAt"`
	// Z orders notes for drawing: the seq of the note's last create or move,
	// so the note someone just moved lies on top.
	Z       uint64 `json:"z"`
	Deleted bool   `json:"deleted,omitempty"`
}

// Board is the state of one workshop's board after Seq events.
// The zero value is not ready; use NewBoard.
type Board struct {
	ID           string                 `json:"id"`
	Seq          uint64                 `json:"seq"`
	Title        string                 `json:"title"`
	Notes        map[string]Note        `json:"notes"`
	Participants map[string]Participant `json:"participants"`
	LiveNotes    int                    `json:"liveNotes"`
}

// NewBoard returns the empty board of the workshop with the given ID.
func NewBoard(id, title string) *Board {
	return &Board{ID: id, Title: title, Notes: map[string]Note{}, Participants: map[string]Participant{}}
}

// Clone returns a copy of b that shares nothing mutable with it.
func (b *Board) Clone() *Board {
	c := *b
	c.Notes = maps.Clone(b.Notes)
	c.Participants = maps.Clone(b.Participants)
	return &c
}

// Hash is a digest of the whole state, equal on every replica that applied
// the same log. encoding/json writes map keys sorted, so the encoding is
// canonical.
func (b *Board) Hash() string {
	data, err := json.Marshal(b)
	if err != nil {
		panic("workshops: board does not encode: " + err.Error()) // only plain types inside
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// View is the board as a client sees it: live notes in drawing order and the
// people who joined.
type View struct {
	Seq          uint64        `json:"seq"`
	Title        string        `json:"title"`
	Notes        []Note        `json:"notes"`
	Participants []Participant `json:"participants"`
}

// View returns what a client is sent in a snapshot.
func (b *Board) View() View {
	v := View{Seq: b.Seq, Title: b.Title, Notes: make([]Note, 0, b.LiveNotes), Participants: make([]Participant, 0, len(b.Participants))}
	for _, n := range b.Notes {
		if !n.Deleted {
			v.Notes = append(v.Notes, n)
		}
	}
	slices.SortFunc(v.Notes, func(a, b Note) int {
		if a.Z != b.Z {
			return cmpUint(a.Z, b.Z)
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, p := range b.Participants {
		v.Participants = append(v.Participants, p)
	}
	slices.SortFunc(v.Participants, func(a, b Participant) int { return strings.Compare(a.ID, b.ID) })
	return v
}

func cmpUint(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}

// DecodeBoard parses a board written by json.Marshal (a snapshot).
func DecodeBoard(data []byte) (*Board, error) {
	b := &Board{}
	if err := json.Unmarshal(data, b); err != nil {
		return nil, err
	}
	if b.Notes == nil {
		b.Notes = map[string]Note{}
	}
	if b.Participants == nil {
		b.Participants = map[string]Participant{}
	}
	return b, nil
}

// ValidID reports whether s can be a client-chosen ID (a note or op ID):
// 1 to 64 characters of ASCII letters, digits, '-' and '_'. UUIDs fit.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
