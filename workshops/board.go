package workshops

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
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
	MaxCoord     = 100_000.0 // |x| and |y| of a note's top-left corner
	MinNoteSize  = 80.0
	MaxNoteSize  = 1200.0
	DefaultNoteW = 180.0
	DefaultNoteH = 140.0
	MaxLiveNotes = 5000 // notes on one board, not counting deleted ones
	// MaxParticipant bounds the people who ever joined one board, so that
	// joins cannot grow it without end. Facilitators are let in past it.
	// The server's own cap (its -max-people flag, 2000 by default) is
	// lower and counts only people who wrote something or joined lately.
	MaxParticipant = 10000
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
	// Frame is the frame the note belongs to, or empty. Apply sets it when
	// the note is placed (created, moved, resized): the innermost frame
	// the actor can see that holds the note's centre. See doc.go.
	Frame string `json:"frame,omitempty"`
	// Private marks a note written during a private step: only its author
	// (and facilitators, unless the step is sealed) see it until revealed.
	Private bool `json:"private,omitempty"`
	// Hidden marks a note a facilitator hid; only facilitators see it, with
	// the reason they gave.
	Hidden       bool   `json:"hidden,omitempty"`
	HiddenReason string `json:"hiddenReason,omitempty"`
	// Seq is the seq of the last event that changed the note (created,
	// edited, moved, resized, recoloured, deleted, restored, carried by its
	// frame): the precondition an undo names (Op.IfSeq).
	Seq uint64 `json:"seq"`
	// Reactions maps a reaction (Reactions) to the IDs of the people who
	// chose it, sorted; reactions nobody chose are absent. The map is never
	// changed in place (boards share it after Clone): Apply replaces it.
	Reactions map[string][]string `json:"reactions,omitempty"`
}

// Board is the state of one workshop's board after Seq events.
// The zero value is not ready; use NewBoard.
//
// Everything in it is secret from someone: the server keeps the whole
// Board, and sends each person only [Board.ViewFor] and [Board.EventFor].
type Board struct {
	ID           string                 `json:"id"`
	Seq          uint64                 `json:"seq"`
	Title        string                 `json:"title"`
	Notes        map[string]Note        `json:"notes"`
	Participants map[string]Participant `json:"participants"`
	LiveNotes    int                    `json:"liveNotes"`

	// Frames, breakout groups and votes by ID; deleted frames and groups
	// stay as tombstones, so their IDs are never reused.
	Frames map[string]Frame `json:"frames,omitempty"`
	Groups map[string]Group `json:"groups,omitempty"`
	Votes  map[string]Vote  `json:"votes,omitempty"`
	// Breakout is true while the groups work apart: then a frame of a
	// group, and the notes in it, are seen only by the group and the
	// facilitators. In plenary (false) everyone sees every frame.
	Breakout bool `json:"breakout,omitempty"`
	// AllowPick lets participants choose their own group.
	AllowPick bool `json:"allowPick,omitempty"`
	// Locked stops participants changing notes anywhere on the board.
	Locked bool `json:"locked,omitempty"`
	// JoinClosed refuses new participants and observers (board.joining).
	JoinClosed bool `json:"joinClosed,omitempty"`
	// Ended: the workshop is over (board.end). Nobody may change anything,
	// and only facilitators may open the board.
	Ended bool `json:"ended,omitempty"`
	// Private is the private writing step under way, if any.
	Private *PrivateStep `json:"private,omitempty"`
	// Timer is the countdown everyone sees, if one was started.
	Timer *Timer `json:"timer,omitempty"`
	// Focus is where the facilitator asked everyone to look, if anywhere.
	Focus *Focus `json:"focus,omitempty"`
	// Message is the facilitator's latest message to everyone, if any.
	Message *Message `json:"message,omitempty"`
	// Agenda is the facilitator's run of show, if any (agenda.go).
	Agenda *Agenda `json:"agenda,omitempty"`
	// Links are the meeting links: the workshop's under "", a breakout
	// group's under its ID (room.go).
	Links map[string]string `json:"links,omitempty"`
	// Hands are the raised hands: participant ID -> when raised.
	Hands map[string]int64 `json:"hands,omitempty"`
	// Follow is the facilitator's view while "follow me" is on.
	Follow *Follow `json:"follow,omitempty"`
	// ViewSeq is the seq of the last event that changed what someone may
	// see of things that already existed (a reveal, a group change, a
	// hidden note...). A client that last saw a seq below it cannot catch
	// up by events alone; see [Board.CanReplay].
	ViewSeq uint64 `json:"viewSeq,omitempty"`

	// The canvas items besides notes and frames (canvas.go), by ID;
	// deleted ones stay as tombstones without their text.
	Shapes     map[string]Shape     `json:"shapes,omitempty"`
	Clusters   map[string]Cluster   `json:"clusters,omitempty"`
	Connectors map[string]Connector `json:"connectors,omitempty"`
	Comments   map[string]Comment   `json:"comments,omitempty"`
	// Editing holds the soft locks on notes' text, by note ID.
	Editing map[string]EditLock `json:"editing,omitempty"`
}

// NewBoard returns the empty board of the workshop with the given ID.
func NewBoard(id, title string) *Board {
	return &Board{ID: id, Title: title, Notes: map[string]Note{}, Participants: map[string]Participant{},
		Frames: map[string]Frame{}, Groups: map[string]Group{}, Votes: map[string]Vote{},
		Shapes: map[string]Shape{}, Clusters: map[string]Cluster{}, Connectors: map[string]Connector{},
		Comments: map[string]Comment{}, Editing: map[string]EditLock{}}
}

// Clone returns a copy of b that shares nothing mutable with it.
func (b *Board) Clone() *Board {
	c := *b
	c.Notes = maps.Clone(b.Notes)
	c.Participants = maps.Clone(b.Participants)
	c.Frames = maps.Clone(b.Frames)
	c.Groups = maps.Clone(b.Groups)
	c.Shapes = maps.Clone(b.Shapes)
	c.Clusters = maps.Clone(b.Clusters)
	c.Connectors = maps.Clone(b.Connectors)
	c.Comments = maps.Clone(b.Comments)
	c.Editing = maps.Clone(b.Editing)
	if b.Votes != nil {
		c.Votes = make(map[string]Vote, len(b.Votes))
		for id, v := range b.Votes {
			c.Votes[id] = v.clone()
		}
	}
	if b.Private != nil {
		p := *b.Private
		p.Frames = slices.Clone(p.Frames)
		c.Private = &p
	}
	c.Timer = clonePtr(b.Timer)
	c.Focus = clonePtr(b.Focus)
	c.Message = clonePtr(b.Message)
	c.Agenda = b.Agenda.clone()
	c.Links = maps.Clone(b.Links)
	c.Hands = maps.Clone(b.Hands)
	c.Follow = clonePtr(b.Follow)
	return &c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
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
	if b.Frames == nil {
		b.Frames = map[string]Frame{}
	}
	if b.Groups == nil {
		b.Groups = map[string]Group{}
	}
	if b.Votes == nil {
		b.Votes = map[string]Vote{}
	}
	b.initCanvas()
	for id, v := range b.Votes {
		if v.Ballots == nil {
			v.Ballots = map[string]map[string]int{}
			b.Votes[id] = v
		}
	}
	return b, nil
}

// initCanvas makes the canvas maps of a decoded board (absent from the
// JSON when empty, and from boards older than them).
func (b *Board) initCanvas() {
	if b.Shapes == nil {
		b.Shapes = map[string]Shape{}
	}
	if b.Clusters == nil {
		b.Clusters = map[string]Cluster{}
	}
	if b.Connectors == nil {
		b.Connectors = map[string]Connector{}
	}
	if b.Comments == nil {
		b.Comments = map[string]Comment{}
	}
	if b.Editing == nil {
		b.Editing = map[string]EditLock{}
	}
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
