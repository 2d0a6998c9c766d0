package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// bom starts every CSV: Excel, which most municipalities open CSV files
// with, reads UTF-8 (æøå) only with it. encoding/csv readers must strip it.
const bom = "\ufeff"

// NotesCSV writes the notes of the boards (Notes: not deleted, hidden or
// private) as CSV: workshop, exercise, frame, group, text, votes. No
// authors. Cells that a spreadsheet would run as a formula (starting with
// = + - @) get a leading apostrophe.
func NotesCSV(cat *templates.Catalog, inputs ...Input) []byte {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.Write([]string{"workshop", "exercise", "frame", "group", "text", "votes"})
	for _, in := range inputs {
		for _, r := range Notes(cat, in) {
			w.Write(cells(r.Workshop, r.Exercise, r.Frame, r.Group, r.Text, strconv.Itoa(r.Votes)))
		}
	}
	w.Flush()
	return b.Bytes()
}

// VotesCSV writes every vote's totals: workshop, vote, rank, frame, group,
// text, votes, top ("yes" for a marked top idea). Only the totals: who
// voted for what never leaves the server.
func VotesCSV(cat *templates.Catalog, inputs ...Input) []byte {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.Write([]string{"workshop", "vote", "rank", "frame", "group", "text", "votes", "top"})
	for _, in := range inputs {
		rows := map[string]NoteRow{}
		for _, r := range Notes(cat, in) {
			rows[r.id] = r
		}
		ids := make([]string, 0, len(in.Board.Votes))
		for id := range in.Board.Votes {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			v := in.Board.Votes[id]
			rank := 0
			for _, t := range in.Board.Ranking(id) {
				r, ok := rows[t.Note]
				if !ok {
					continue
				}
				rank++
				top := ""
				if slices.Contains(v.Top, t.Note) {
					top = "yes"
				}
				w.Write(cells(in.Title, id, strconv.Itoa(rank), r.Frame, r.Group, r.Text, strconv.Itoa(t.Dots), top))
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

func cells(ss ...string) []string {
	for i, s := range ss {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			ss[i] = "'" + s
		}
	}
	return ss
}

// ArchiveFormat is the version of the workshop archive.
const ArchiveFormat = 1

// Archive is a whole workshop as JSON: its metadata and its full event
// log. It leaves out the secrets (join code, facilitator key) and, unless
// asked, people's names: participant.join and participant.rename carry a
// stand-in ("Deltaker 3") in place of the name. ParseArchive reads one
// back to restore the workshop (POST /api/workshops/import).
type Archive struct {
	Format     int               `json:"format"`
	Kind       string            `json:"kind"` // "samskap-workshop"
	ExportedAt time.Time         `json:"exportedAt"`
	Workshop   ArchiveWorkshop   `json:"workshop"`
	Events     []workshops.Event `json:"events"`
}

// ArchiveWorkshop is the workshop's metadata in an archive.
type ArchiveWorkshop struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Lang      workshops.Lang `json:"lang"`
	CreatedAt time.Time      `json:"createdAt"`
	Epoch     string         `json:"epoch"`
	Template  string         `json:"template,omitempty"`
}

// NewArchive builds the archive of workshop w from its log. With names
// false every name is replaced; the events are copied, never changed.
func NewArchive(w workshops.Workshop, template string, events []workshops.Event, names bool, now time.Time) *Archive {
	a := &Archive{Format: ArchiveFormat, Kind: "samskap-workshop", ExportedAt: now.UTC(),
		Workshop: ArchiveWorkshop{ID: w.ID, Title: w.Title, Lang: w.Lang, CreatedAt: w.CreatedAt.UTC(), Epoch: w.Epoch, Template: template},
		Events:   make([]workshops.Event, len(events))}
	stand := map[string]string{}
	standIn := func(id string) string {
		if s, ok := stand[id]; ok {
			return s
		}
		stand[id] = T(w.Lang, "person") + " " + strconv.Itoa(len(stand)+1)
		return stand[id]
	}
	for i, e := range events {
		if !names {
			switch e.Op.Kind {
			case workshops.OpParticipantJoin:
				if e.Op.Participant != nil {
					p := *e.Op.Participant
					p.Name = standIn(p.ID)
					e.Op.Participant = &p
				}
			case workshops.OpParticipantRename:
				n := standIn(e.Op.Person)
				e.Op.Name = &n
			}
		}
		a.Events[i] = e
	}
	return a
}

// JSON encodes the archive, indented.
func (a *Archive) JSON() ([]byte, error) { return json.MarshalIndent(a, "", " ") }

// ParseArchive reads an archive written by Archive.JSON and checks it can
// be restored: the right kind and format, a valid workshop, and events
// that replay from seq 1 through workshops.Apply without a refusal. An
// error is an *workshops.Error (EINVALID or EBADJSON) that says what is
// wrong.
func ParseArchive(data []byte) (*Archive, error) {
	var a Archive
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, workshops.JSONError(err)
	}
	if a.Kind != "samskap-workshop" || a.Format != ArchiveFormat {
		return nil, workshops.Errorf(workshops.EINVALID, "not a Samskap workshop archive of format %d", ArchiveFormat)
	}
	w := a.Workshop
	if !workshops.ValidID(w.ID) || !workshops.ValidID(w.Epoch) || !w.Lang.Valid() || w.CreatedAt.IsZero() {
		return nil, workshops.Errorf(workshops.EINVALID, "the archive's workshop needs an id, an epoch, a language and a creation time")
	}
	if _, err := workshops.CleanTitle(w.Title); err != nil {
		return nil, err
	}
	b := workshops.NewBoard(w.ID, w.Title)
	for i, e := range a.Events {
		if err := workshops.Apply(b, e); err != nil {
			return nil, workshops.Errorf(workshops.EINVALID, "event %d of the archive (seq %d) does not apply: %s", i, e.Seq, workshops.ErrorMessage(err))
		}
	}
	return &a, nil
}

// Restorable returns the archive's workshop, to restore: the same ID,
// title, language, creation time and epoch. The secrets (join code,
// facilitator key) are not in an archive; the caller makes new ones.
func (a *Archive) Restorable() workshops.Workshop {
	return workshops.Workshop{ID: a.Workshop.ID, Title: a.Workshop.Title, Lang: a.Workshop.Lang,
		CreatedAt: a.Workshop.CreatedAt, Epoch: a.Workshop.Epoch}
}
