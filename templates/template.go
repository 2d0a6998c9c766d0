package templates

import (
	"github.com/samskap/samskap/workshops"
)

// Format is the version of the file format this package reads and writes.
// A file states it in its "format" field; any other value is refused.
const Format = 1

// Text is one text in every language of the product. All three are
// required wherever a Text appears. A Text may hold placeholders such as
// {municipality} or {name}; see doc.go.
type Text struct {
	NB string `json:"nb"`
	NN string `json:"nn"`
	EN string `json:"en"`
}

// In returns the text in language l (bokmål for an unknown language).
func (t Text) In(l workshops.Lang) string {
	switch l {
	case workshops.LangNN:
		return t.NN
	case workshops.LangEN:
		return t.EN
	default:
		return t.NB
	}
}

// Template is one workshop template: an agenda of exercises that Setup turns
// into a board.
type Template struct {
	Format int `json:"format"`
	// Key names the template: a slug, the same in every language. The
	// presets are oppstart, felles, visjon, samskaping and blank.
	Key string `json:"key"`
	// ProcessStep is the template's place in a municipality's process
	// (1 oppstart ... 4 samskaping); 0 for a template outside it.
	ProcessStep int  `json:"process_step,omitempty"`
	Name        Text `json:"name"`
	Description Text `json:"description"`
	// DurationMin is the whole workshop's suggested length in minutes,
	// breaks included; 0 for no set length (the blank board).
	DurationMin int `json:"duration_min"`
	// BoardTitle, if set, renames the board (board.rename) at setup.
	BoardTitle *Text `json:"board_title,omitempty"`
	// Parameters are what the facilitator fills in before setup.
	Parameters []Parameter `json:"parameters,omitempty"`
	// Groups, if set, are the breakout groups setup creates.
	Groups *Groups `json:"groups,omitempty"`
	// Intro, if set, is a welcome frame at the left of the board, with
	// the facilitator's script for the start of the workshop.
	Intro *Intro `json:"intro,omitempty"`
	// CitizenPanel, if set, lets citizens sign up for the citizen panel
	// at the step whose script does "panel.invite".
	CitizenPanel *CitizenPanel `json:"citizen_panel,omitempty"`
	Exercises    []Exercise    `json:"exercises"`
}

// The parameter types.
const (
	ParamText = "text" // one line or paragraph of text
	ParamList = "list" // a list of items (see Item)
)

// Parameter is one thing a template asks for before setup. Parameters with
// the same key mean the same thing in every template (municipality,
// challenge, target_groups, followers, municipalities, themes, personas),
// so a process can carry them from one workshop to the next.
type Parameter struct {
	Key   string `json:"key"`
	Type  string `json:"type"` // ParamText or ParamList
	Label Text   `json:"label"`
	Help  *Text  `json:"help,omitempty"`
	// Required: a text parameter must not be empty.
	Required bool `json:"required,omitempty"`
	// MaxLen is the most characters of a text parameter.
	MaxLen int `json:"max_len,omitempty"`
	// Min and Max bound the number of items of a list parameter.
	Min int `json:"min,omitempty"`
	Max int `json:"max,omitempty"`
	// Fields are the item fields a list needs besides key and name:
	// any of "theme", "age", "situation", "quote".
	Fields []string `json:"fields,omitempty"`
}

// Groups says which breakout groups setup creates: one per item of a list
// parameter, with an ID and a name made from the item.
type Groups struct {
	Each string `json:"each"` // a list parameter
	Key  string `json:"key"`  // the group ID, from {key} and {n}
	Name Text   `json:"name"` // the group's name
}

// Size is a width and height in board units.
type Size struct {
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Intro is the welcome frame and the script for the start of a workshop.
type Intro struct {
	Title  Text   `json:"title"`
	Prompt *Text  `json:"prompt,omitempty"`
	Size   Size   `json:"size"`
	Script []Step `json:"script"`
}

// CitizenPanel is the opt-in to the citizen panel (innbyggerpanel). The
// contact details it collects never go on the board.
type CitizenPanel struct {
	// Consent is what a citizen agrees to; it may name {municipality}.
	Consent Text `json:"consent"`
}

// Exercise is one item of the agenda: a section of the board with its
// frames, settings and script.
type Exercise struct {
	// Key is a slug, the same in every language (attraktivt-sentrum-2030,
	// brukerbehov, malbilder, ...).
	Key    string `json:"key"`
	Title  Text   `json:"title"`
	Prompt Text   `json:"prompt"`
	// DurationMin is the suggested length in minutes.
	DurationMin int `json:"duration_min"`
	// Breakout: the exercise is done in the template's breakout groups.
	Breakout bool `json:"breakout,omitempty"`
	// Areas, if set, repeat the exercise's frames in one area per item
	// (a municipality on a shared board, a breakout group).
	Areas  *Areas      `json:"areas,omitempty"`
	Frames []FrameSpec `json:"frames"`
	// Vote, if set, is the dot vote over the exercise's frames.
	Vote *Vote `json:"vote,omitempty"`
	// Private, if set, is the private writing step over its frames.
	Private *Private `json:"private,omitempty"`
	// Choose says who picks how many of the exercise's cards.
	Choose []Choice `json:"choose,omitempty"`
	// Script is what the facilitator says and does, in order.
	Script []Step `json:"script"`
}

// Area directions: how the areas of an exercise line up.
const (
	DirRight = "right"
	DirDown  = "down"
)

// Areas repeats an exercise's frames once per item of a list parameter, or
// once per breakout group ("groups"), each copy inside an area frame.
type Areas struct {
	Each   string `json:"each"`
	Title  Text   `json:"title"`
	Prompt *Text  `json:"prompt,omitempty"`
	// Grouped puts each area (and its frames) in the breakout group made
	// from the same item. Areas per "groups" are always grouped.
	Grouped   bool   `json:"grouped,omitempty"`
	Direction string `json:"direction"` // DirRight or DirDown
}

// Sources of repeated frames and areas besides list parameters.
const (
	EachGroups     = "groups"     // the template's breakout groups
	EachGoals      = "goals"      // the roadmap's six målbilder
	EachPrinciples = "principles" // the roadmap's eight principles
)

// FrameSpec is one frame of an exercise, or with Each one frame per item.
type FrameSpec struct {
	// Key is the frame's key within its exercise, a slug. A repeated frame
	// makes it from the item: "{key}" or "{key}-motivasjoner".
	Key    string `json:"key"`
	Title  Text   `json:"title"`
	Prompt *Text  `json:"prompt,omitempty"`
	// Layout is where the frame lies, relative to the top-left corner of
	// its section's (or area's) content; for a repeated frame, the first.
	Layout Layout `json:"layout"`
	// Each repeats the frame per item of a list parameter, per breakout
	// group, or per roadmap card (goals, principles).
	Each string `json:"each,omitempty"`
	// Grid places the repeated frames: item i at column i%Columns and row
	// i/Columns, DX and DY apart.
	Grid *Grid `json:"grid,omitempty"`
	// Grouped puts each repeated frame in the breakout group made from the
	// same item. Frames per "groups" are always grouped.
	Grouped bool `json:"grouped,omitempty"`
}

// Layout is a rectangle in board units.
type Layout struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Grid places repeated frames in rows.
type Grid struct {
	Columns int     `json:"columns"`
	DX      float64 `json:"dx"`
	DY      float64 `json:"dy"`
}

// Vote is an exercise's dot vote.
type Vote struct {
	Budget int `json:"budget"`        // dots per participant
	Cap    int `json:"cap,omitempty"` // most dots per person on one note; 0: none
	// Top is how many notes the facilitator marks as top ideas, overall
	// or, with PerGroup, in each breakout group.
	Top      int  `json:"top,omitempty"`
	PerGroup bool `json:"per_group,omitempty"`
}

// Private is an exercise's private writing step.
type Private struct {
	// Sealed hides the private notes from the facilitators too.
	Sealed bool `json:"sealed,omitempty"`
}

// Who chooses, in a Choice.
const (
	ByPerson = "person"
	ByGroup  = "group"
	ByArea   = "area"
)

// Choice says that each person, group or area picks between Min and Max
// of the exercise's cards (a card counts as picked when it holds a note
// from them; with Private, while the private step runs). The board does
// not enforce it: the client shows who has picked too few or too many.
type Choice struct {
	By      string `json:"by"`
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	Private bool   `json:"private,omitempty"`
}

// Step is one step of a facilitator's script.
type Step struct {
	// Say is what the facilitator says and does, in plain words.
	Say Text `json:"say"`
	// Do lists the actions of the step, in order (see the Do constants).
	Do []string `json:"do,omitempty"`
	// Minutes is the timer's length for "timer"; 0 means the exercise's
	// whole duration.
	Minutes int `json:"minutes,omitempty"`
	// Message is shown to everyone on "message" (board.message).
	Message *Text `json:"message,omitempty"`
}

// The actions of a script step. StepOps turns those marked "op" into
// operations; the others need the live board or a form, so the client
// (or the server) carries them out.
const (
	DoFocus         = "focus"           // op: board.focus on the exercise's section
	DoTimer         = "timer"           // op: timer.start
	DoMessage       = "message"         // op: board.message with the step's Message
	DoGroupsPickOn  = "groups.pick.on"  // op: group.pick on (people choose their group)
	DoGroupsPickOff = "groups.pick.off" // op: group.pick off
	DoGroupsAssign  = "groups.assign"   // client: group.assign from Board.AssignEvenly
	DoBreakoutStart = "breakout.start"  // op
	DoBreakoutEnd   = "breakout.end"    // op
	DoVoteOpen      = "vote.open"       // op: the exercise's vote, over its frames
	DoVoteReveal    = "vote.reveal"     // op
	DoVoteTop       = "vote.top"        // client: vote.top from TopNotes
	DoPrivateStart  = "private.start"   // op: over the exercise's frames
	DoPrivateReveal = "private.reveal"  // op
	DoPanelInvite   = "panel.invite"    // client: the citizen panel's opt-in form
	DoChooseRecord  = "choose.record"   // client: frame.choose on the cards picked (ProposeChosen)
)

// Roadmap is the shared data of the national roadmap for smart and
// sustainable cities and communities: its goal images and principles.
type Roadmap struct {
	Format int `json:"format"`
	// Source names the roadmap, and Note says what to check.
	Source     Text   `json:"source"`
	Note       Text   `json:"note"`
	Goals      []Card `json:"goals"`
	Principles []Card `json:"principles"`
}

// Card is one goal image or principle.
type Card struct {
	Key         string `json:"key"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	// Review marks a description still to be checked against the
	// roadmap's own wording.
	Review bool `json:"review,omitempty"`
}

// Cards returns the cards of a source (EachGoals or EachPrinciples).
func (r *Roadmap) Cards(source string) []Card {
	switch source {
	case EachGoals:
		return r.Goals
	case EachPrinciples:
		return r.Principles
	}
	return nil
}
