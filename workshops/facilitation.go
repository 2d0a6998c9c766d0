package workshops

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Limits of the facilitation state, checked by Apply.
const (
	MinFrameSize    = 100.0    // a frame's smallest width and height
	MaxFrameSize    = 20_000.0 // a frame's largest width and height
	MaxFrames       = 1000     // live frames on one board
	MaxGroups       = 100      // live breakout groups on one board
	MaxVotes        = 200      // votes ever opened on one board
	MaxBudget       = 100      // dots per person in one vote
	MaxListLen      = 100      // IDs in one operation's list (frames, notes)
	MaxCopyFrames   = 20       // frames copied by one frame.copy
	MaxGroupNameLen = 60       // characters in a group's name
	MaxMessageLen   = 500      // characters in a message to everyone
	MaxReasonLen    = 200      // characters in a moderation reason
	MinTimerMs      = 1000     // the shortest countdown, and the least time to add
	MaxTimerMs      = 24 * 60 * 60 * 1000
)

// Frame is a named area of the board: one exercise, theme or card. A note
// belongs to the frame it was placed in (Note.Frame). Deleted frames stay
// as tombstones without their title and prompt.
type Frame struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Prompt string  `json:"prompt,omitempty"` // the question the exercise asks
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	W      float64 `json:"w"`
	H      float64 `json:"h"`
	// Group is the breakout group the frame belongs to, or empty for a
	// plenary frame. During breakout only that group's members (and the
	// facilitators) see the frame and its notes.
	Group string `json:"group,omitempty"`
	// Locked stops participants changing notes in the frame.
	Locked bool `json:"locked,omitempty"`
	// Chosen marks a card the facilitator recorded as chosen (frame.choose):
	// a goal image a municipality picked, in that municipality's area.
	Chosen bool `json:"chosen,omitempty"`
	// Z orders frames for drawing: the seq of the frame's creation.
	Z         uint64 `json:"z"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
	Deleted   bool   `json:"deleted,omitempty"`
}

// contains reports whether the point lies in f, edges included.
func (f Frame) contains(x, y float64) bool {
	return f.X <= x && x <= f.X+f.W && f.Y <= y && y <= f.Y+f.H
}

// Group is a breakout group, often named after a theme. Deleted groups
// stay as tombstones.
type Group struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt int64  `json:"createdAt"`
	Deleted   bool   `json:"deleted,omitempty"`
}

// Vote is one round of dot voting. Who voted for what (Ballots) is the
// server's secret: it is never sent to anyone but, for their own dots, the
// voter. Facilitators see the totals at once, participants after the
// reveal.
type Vote struct {
	ID string `json:"id"`
	// Frames whose notes may get dots; empty means every note.
	Frames []string `json:"frames,omitempty"`
	Budget int      `json:"budget"`        // dots per participant
	Cap    int      `json:"cap,omitempty"` // most dots per person per note; 0: only the budget
	// Open while dots may be cast. Revealed once the totals are shown to
	// everyone; revealing closes the vote.
	Open     bool  `json:"open,omitempty"`
	Revealed bool  `json:"revealed,omitempty"`
	OpenedAt int64 `json:"openedAt"`
	ClosedAt int64 `json:"closedAt,omitempty"`
	// Ballots maps voter -> note -> dots (always > 0; empty maps are
	// removed). A dot on a note that is deleted or hidden while the vote is
	// open is handed back.
	Ballots map[string]map[string]int `json:"ballots,omitempty"`
	// Top is the notes the facilitator marked as the top ideas, in order.
	Top []string `json:"top,omitempty"`
}

func (v Vote) clone() Vote {
	v.Frames = slices.Clone(v.Frames)
	v.Top = slices.Clone(v.Top)
	if v.Ballots != nil {
		b := make(map[string]map[string]int, len(v.Ballots))
		for voter, dots := range v.Ballots {
			b[voter] = maps.Clone(dots)
		}
		v.Ballots = b
	}
	return v
}

// Spent returns how many dots voter has cast in the vote.
func (v Vote) Spent(voter string) int {
	n := 0
	for _, d := range v.Ballots[voter] {
		n += d
	}
	return n
}

// Totals returns the dots on each note that has any. It is the server's
// to use (export, ranking); what a person may see of it is in ViewFor.
func (v Vote) Totals() map[string]int {
	t := map[string]int{}
	for _, dots := range v.Ballots {
		for note, d := range dots {
			t[note] += d
		}
	}
	return t
}

// covers reports whether a note in frame f may get dots in the vote.
func (v Vote) covers(frame string) bool {
	return len(v.Frames) == 0 || slices.Contains(v.Frames, frame)
}

// PrivateStep is a private writing step: notes written in its frames while
// it runs are private to their authors until the facilitator reveals them.
type PrivateStep struct {
	Frames []string `json:"frames,omitempty"` // empty: the whole board
	// Sealed hides each private note from the facilitators too (the strict
	// reading: only the author sees it). Unsealed, facilitators see every
	// note as it is written, so they can moderate before the reveal.
	Sealed    bool   `json:"sealed,omitempty"`
	StartedAt int64  `json:"startedAt"`
	By        string `json:"by"`
}

// covers reports whether a note placed in frame f is private.
func (p *PrivateStep) covers(frame string) bool {
	return p != nil && (len(p.Frames) == 0 || slices.Contains(p.Frames, frame))
}

// Timer is a countdown that every client shows alike. Apply reads no clock:
// every change is stamped with Event.At, and a client computes the time
// left from the server's time (welcome.serverTime gives its offset) with
// [Timer.Remaining].
type Timer struct {
	DurationMs int64 `json:"durationMs"` // the whole countdown, added time included
	ElapsedMs  int64 `json:"elapsedMs"`  // time run before StartedAt
	StartedAt  int64 `json:"startedAt,omitempty"`
	Running    bool  `json:"running,omitempty"`
}

// Remaining returns the milliseconds left at server time now (unix ms),
// never less than zero. A running timer at zero has ended: clients give a
// gentle signal.
func (t Timer) Remaining(now int64) int64 {
	left := t.DurationMs - t.elapsed(now)
	return max(left, 0)
}

func (t Timer) elapsed(now int64) int64 {
	e := t.ElapsedMs
	if t.Running {
		e += max(now-t.StartedAt, 0)
	}
	return min(e, t.DurationMs)
}

// Focus is where the facilitator brought everyone: a frame, or a point when
// Frame is empty. Each board.focus event is a new "look here".
type Focus struct {
	Frame string  `json:"frame,omitempty"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	At    int64   `json:"at"`
	By    string  `json:"by"`
}

// Message is the facilitator's latest message to every group.
type Message struct {
	Text string `json:"text"`
	At   int64  `json:"at"`
	By   string `json:"by"`
}

// CopyFrameID is the ID frame.copy gives the copy of the fi-th frame of its
// list for the gi-th live group (groups in ID order) when applied as event
// seq. It depends only on the event, so every replica derives the same IDs.
func CopyFrameID(seq uint64, gi, fi int) string {
	return fmt.Sprintf("c%d-%d-%d", seq, gi, fi)
}

// liveGroups returns the IDs of the groups that are not deleted, sorted.
func (b *Board) liveGroups() []string {
	var ids []string
	for id, g := range b.Groups {
		if !g.Deleted {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// AssignEvenly returns a group.assign mapping that spreads the participants
// (role participant, not removed) evenly over the live groups, in the order
// shuffle leaves them: pass rand.Shuffle for "evenly at random". Group
// sizes differ by at most one. Facilitators and observers keep the group
// they are in. Randomness is the caller's: Apply only ever sees the result.
func (b *Board) AssignEvenly(shuffle func(n int, swap func(i, j int))) (map[string]string, error) {
	groups := b.liveGroups()
	if len(groups) == 0 {
		return nil, Errorf(EINVALID, "create groups first")
	}
	assign := map[string]string{}
	var people []string
	for id, p := range b.Participants {
		switch {
		case p.Removed:
		case p.Role == RoleParticipant:
			people = append(people, id)
		default:
			assign[id] = p.Group
		}
	}
	slices.Sort(people)
	if shuffle != nil {
		shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
	}
	for i, id := range people {
		assign[id] = groups[i%len(groups)]
	}
	if len(assign) == 0 {
		return nil, Errorf(EINVALID, "nobody to assign")
	}
	return assign, nil
}

// Tally is one note's dots in a vote.
type Tally struct {
	Note  string `json:"note"`
	Group string `json:"group,omitempty"` // the group of the note's frame
	Dots  int    `json:"dots"`
}

// Ranking returns the notes of a vote that got dots, most dots first; ties
// go to the older note, then to the smaller ID. Deleted and hidden notes
// are left out. It is the server's view (for export); participants rank
// the totals they are sent after the reveal.
func (b *Board) Ranking(voteID string) []Tally {
	v, ok := b.Votes[voteID]
	if !ok {
		return nil
	}
	var out []Tally
	for id, d := range v.Totals() {
		n, ok := b.Notes[id]
		if !ok || n.Deleted || n.Hidden {
			continue
		}
		out = append(out, Tally{Note: id, Group: b.frameGroup(n.Frame), Dots: d})
	}
	slices.SortFunc(out, func(x, y Tally) int {
		if x.Dots != y.Dots {
			return y.Dots - x.Dots
		}
		if zx, zy := b.Notes[x.Note].CreatedAt, b.Notes[y.Note].CreatedAt; zx != zy {
			if zx < zy {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Note, y.Note)
	})
	return out
}
