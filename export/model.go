package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// Input is one workshop's board and what the export needs to know about it.
type Input struct {
	// Board is the full server-side state (workshops.Load), never a view.
	Board *workshops.Board
	// Template is the key of the template the board was built from
	// (InferTemplate), or "" for a board treated generically.
	Template string
	Title    string
	// Date is the day the workshop was held: its planned date
	// (workshops.Schedule), else its creation date.
	Date time.Time
	// Start and End are its planned times (HH:MM), if any.
	Start, End string
	Lang       workshops.Lang
	// Area, if set, keeps only this area (an item key such as "lebesby")
	// of exercises repeated per municipality on a shared board.
	Area string
	// Municipality names the municipality whose draft this is, for the
	// title page (the process's municipality); "" to read it from the
	// board's template parameters.
	Municipality string
	// PrivatePicks puts the notes written in a private step (the private
	// picks) in the appendix and the CSV too; they are left out unless
	// asked for.
	PrivatePicks bool
	// Events, if given, is the board's log. It tells the private picks of a
	// private step from the notes written after it (see doc.go).
	Events []workshops.Event
}

// Document is the konkurranseprogram draft.
type Document struct {
	Lang  workshops.Lang `json:"lang"`
	Title string         `json:"title"`
	// The title page: the municipality, the challenge as presented in the
	// workshops, and the draft's date (SetDate); each may be empty.
	Municipality string `json:"municipality,omitempty"`
	Challenge    string `json:"challenge,omitempty"`
	Date         string `json:"date,omitempty"`
	Intro        string `json:"intro"`
	// Sections are A-E, then the appendix; each has its subsections.
	Sections []Section `json:"sections"`
}

// Section is a part of the draft. Level 2 for A-E and the appendix, 3 for
// their parts, 4 for a part's own parts (a persona in B1); level 1 is the
// document's title.
type Section struct {
	ID       string    `json:"id"` // a, a1, a2, a3, b, b1..b5, c, d, e, appendix; deeper: b1-persona-1 ...
	Level    int       `json:"level"`
	Title    string    `json:"title"`
	Blocks   []Block   `json:"blocks,omitempty"`
	Sections []Section `json:"sections,omitempty"`
}

// BlockKind says what a block is.
type BlockKind string

// The kinds of block.
const (
	KindParagraph BlockKind = "paragraph"
	KindList      BlockKind = "list"  // Text is the list's heading, if any
	KindTable     BlockKind = "table" // Text is the table's caption
	KindGap       BlockKind = "gap"   // Text is what a person must write
	KindRule      BlockKind = "rule"  // Text says how the content was drawn
	KindNote      BlockKind = "note"  // Text is something the municipality must handle (marked)
)

// Block is one piece of a section's content.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Text  string    `json:"text,omitempty"`
	Items []Item    `json:"items,omitempty"`
	Table *Table    `json:"table,omitempty"`
}

// Item is one list item; Detail is secondary (votes, group, category).
type Item struct {
	Text   string `json:"text"`
	Detail string `json:"detail,omitempty"`
}

// Table is a table with a header row.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Section returns the section (at any depth) with the given ID, or nil.
func (d *Document) Section(id string) *Section {
	var find func([]Section) *Section
	find = func(ss []Section) *Section {
		for i := range ss {
			if ss[i].ID == id {
				return &ss[i]
			}
			if s := find(ss[i].Sections); s != nil {
				return s
			}
		}
		return nil
	}
	return find(d.Sections)
}

// SetDate sets the draft's date on the title page, written as in the
// process table (dd.mm.yyyy in nb and nn, yyyy-mm-dd in en).
func (d *Document) SetDate(t time.Time) { d.Date = formatDate(d.Lang, t) }

// formatDate writes a day as the draft does.
func formatDate(l workshops.Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l == workshops.LangEN {
		return t.Format("2006-01-02")
	}
	return t.Format("02.01.2006")
}

// TitleLine is one line of the title page: a label and its text.
type TitleLine struct{ Label, Text string }

// TitlePage returns the title page's lines that have a text: the
// municipality, the challenge and the draft's date.
func (d *Document) TitlePage() []TitleLine {
	var out []TitleLine
	for _, l := range []TitleLine{{T(d.Lang, "tp.municipality"), d.Municipality}, {T(d.Lang, "tp.challenge"), d.Challenge}, {T(d.Lang, "tp.date"), d.Date}} {
		if l.Text != "" {
			out = append(out, l)
		}
	}
	return out
}

// Blocks returns every block of the kind, in document order.
func (d *Document) Blocks(kind BlockKind) []Block {
	var out []Block
	d.walk(func(_ *Section, b *Block) {
		if b.Kind == kind {
			out = append(out, *b)
		}
	})
	return out
}

// Gaps returns every gap's text, in document order.
func (d *Document) Gaps() []string {
	var out []string
	d.walk(func(_ *Section, b *Block) {
		if b.Kind == KindGap {
			out = append(out, b.Text)
		}
	})
	return out
}

func (d *Document) walk(f func(*Section, *Block)) {
	var w func([]Section)
	w = func(ss []Section) {
		for i := range ss {
			for j := range ss[i].Blocks {
				f(&ss[i], &ss[i].Blocks[j])
			}
			w(ss[i].Sections)
		}
	}
	w(d.Sections)
}

// Text returns every text of the section and its subsections, one per
// line: headings, paragraphs, list items with details, table cells.
func (s *Section) Text() string {
	var b strings.Builder
	var w func(*Section)
	w = func(s *Section) {
		b.WriteString(s.Title + "\n")
		for _, bl := range s.Blocks {
			if bl.Text != "" {
				b.WriteString(bl.Text + "\n")
			}
			for _, it := range bl.Items {
				b.WriteString(it.Text + " " + it.Detail + "\n")
			}
			if bl.Table != nil {
				b.WriteString(strings.Join(bl.Table.Header, " | ") + "\n")
				for _, r := range bl.Table.Rows {
					b.WriteString(strings.Join(r, " | ") + "\n")
				}
			}
		}
		for i := range s.Sections {
			w(&s.Sections[i])
		}
	}
	w(s)
	return b.String()
}

// Text returns the whole document as text (see Section.Text).
func (d *Document) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n")
	for _, l := range []string{d.Municipality, d.Challenge, d.Date} {
		if l != "" {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString(d.Intro + "\n")
	for i := range d.Sections {
		b.WriteString(d.Sections[i].Text())
	}
	return b.String()
}

// NoteRow is one note as the appendix and the CSV list it.
type NoteRow struct {
	Workshop string `json:"workshop"`
	Exercise string `json:"exercise,omitempty"` // template exercise key, if known
	// ExerciseTitle is the exercise's title in the workshop's language.
	ExerciseTitle string `json:"exerciseTitle,omitempty"`
	FrameID       string `json:"frameId,omitempty"`
	Frame         string `json:"frame"` // the frame's title
	Group         string `json:"group"` // the group's name
	// Area is the municipality whose area of a shared board the note is
	// in, or the følgekommune whose area of the user needs it is in; ""
	// for notes of the whole workshop.
	Area  string `json:"area,omitempty"`
	Text  string `json:"text"`
	Votes int    `json:"votes"`
	// Cluster is the name of the cluster the note lies in, if any
	// (workshops.Board.ClusterOf).
	Cluster string `json:"cluster,omitempty"`

	id       string
	ref      templates.FrameRef
	known    bool
	pick     bool // written in a private step
	follower bool // in a følgekommune's area (Area names it)
	chosen   bool // its frame is marked chosen (frame.choose)
}

// Notes returns the notes of a board that the export may show: not
// deleted, not hidden, not private (a private note shows once revealed),
// in frame order (frames by creation), then by time of writing. The group
// is that of the note's frame. Votes add up the dots of every vote.
func Notes(cat *templates.Catalog, in Input) []NoteRow {
	b := in.Board
	var tpl *templates.Template
	if cat != nil && in.Template != "" {
		tpl, _ = cat.Get(in.Template)
	}
	votes := map[string]int{}
	for _, v := range b.Votes {
		for n, d := range v.Totals() {
			votes[n] += d
		}
	}
	picks := privateNotes(in.Events)
	var areaNames map[string]map[string]string // list -> item key -> name
	followers := map[string]bool{}
	if tpl != nil {
		areaNames = map[string]map[string]string{}
		for list, items := range tpl.Recover(b, in.Lang).Lists {
			areaNames[list] = map[string]string{}
			for _, it := range items {
				key := it.Key
				if key == "" {
					key = templates.Slug(it.Name)
				}
				areaNames[list][key] = it.Name
				if list == listFollowers {
					followers[key] = true
				}
			}
		}
	}
	var rows []NoteRow
	for id, n := range b.Notes {
		if !shown(n) {
			continue
		}
		r := NoteRow{Workshop: in.Title, FrameID: n.Frame, Text: n.Text, Votes: votes[id], id: id, pick: picks[id]}
		if c := b.ClusterOf(n); c != "" {
			r.Cluster = b.Clusters[c].Name
		}
		if f, ok := b.Frames[n.Frame]; ok && !f.Deleted {
			r.Frame, r.chosen = f.Title, f.Chosen
			if g, ok := b.Groups[f.Group]; ok {
				r.Group = g.Name
			}
		} else {
			r.FrameID = ""
		}
		if tpl != nil && r.FrameID != "" {
			r.ref, r.known = tpl.FrameRef(r.FrameID)
			r.Exercise = r.ref.Exercise
			if ex := tpl.Exercise(r.Exercise); ex != nil {
				r.ExerciseTitle = ex.Title.In(in.Lang)
			}
		}
		if r.known && in.Area != "" && r.ref.Area != "" && !groupAreas(tpl, r.ref.Exercise) && r.ref.Area != in.Area {
			continue
		}
		if r.known && r.ref.Area != "" && !groupAreas(tpl, r.ref.Exercise) {
			if ex := tpl.Exercise(r.Exercise); ex != nil && ex.Areas != nil {
				r.Area = cmp.Or(areaNames[ex.Areas.Each][r.ref.Area], r.ref.Area)
			}
		}
		if r.known && r.ref.Exercise == exNeeds && followers[r.ref.Key] {
			r.follower, r.Area = true, areaNames[listFollowers][r.ref.Key]
		}
		if r.pick && !in.PrivatePicks && r.known && r.ref.Exercise == exPrinciples {
			continue // a private pick: out unless asked for
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(x, y NoteRow) int {
		fx, fy := b.Frames[x.FrameID], b.Frames[y.FrameID]
		if c := cmp.Compare(fx.Z, fy.Z); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Notes[x.id].CreatedAt, b.Notes[y.id].CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.id, y.id)
	})
	return rows
}

func shown(n workshops.Note) bool { return !n.Deleted && !n.Hidden && !n.Private }

// groupAreas reports whether the exercise's areas are the breakout groups
// (not municipalities), so an area filter does not apply.
func groupAreas(tpl *templates.Template, exercise string) bool {
	ex := tpl.Exercise(exercise)
	return ex != nil && ex.Areas != nil && ex.Areas.Each == templates.EachGroups
}

// privateNotes returns the notes created while a private step ran, from
// the log. Only notes on principle cards use it.
func privateNotes(events []workshops.Event) map[string]bool {
	out := map[string]bool{}
	running := false
	for i := range events {
		switch op := &events[i].Op; op.Kind {
		case workshops.OpPrivateStart:
			running = true
		case workshops.OpPrivateReveal:
			running = false
		case workshops.OpNoteCreate:
			if running {
				out[op.Note] = true
			}
		}
	}
	return out
}

// votesText says "3 stemmer".
func votesText(l workshops.Lang, n int) string {
	if n == 1 {
		return T(l, "vote1")
	}
	return fmt.Sprintf(T(l, "votes"), n)
}
