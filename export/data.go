package export

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
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

// csvLang is the language of a CSV: the first workshop's.
func csvLang(inputs []Input) workshops.Lang {
	if len(inputs) > 0 && inputs[0].Lang.Valid() {
		return inputs[0].Lang
	}
	return workshops.LangNB
}

// NotesCSV writes the notes of the boards (Notes: not deleted, hidden or
// private; private picks only with Input.PrivatePicks) as CSV, headed in
// the first workshop's language: workshop, exercise (its title), area
// (the municipality or følgekommune whose area the note is in), frame,
// group, text, votes. No authors. Cells that a spreadsheet would run as a
// formula (starting with = + - @) get a leading apostrophe.
func NotesCSV(cat *templates.Catalog, inputs ...Input) []byte {
	l := csvLang(inputs)
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.Write([]string{T(l, "col.workshop"), T(l, "col.exercise"), T(l, "col.area"), T(l, "col.frame"), T(l, "col.group"), T(l, "col.text"), T(l, "col.votes")})
	for _, in := range inputs {
		for _, r := range Notes(cat, in) {
			w.Write(cells(r.Workshop, cmp.Or(r.ExerciseTitle, r.Exercise), r.Area, r.Frame, r.Group, r.Text, strconv.Itoa(r.Votes)))
		}
	}
	w.Flush()
	return b.Bytes()
}

// VotesCSV writes every vote's totals, headed in the first workshop's
// language: workshop, vote (the exercise's title for a template's vote),
// rank, frame, group, text, votes, top ("ja"/"yes" for a marked top
// idea). Only the totals: who voted for what never leaves the server.
func VotesCSV(cat *templates.Catalog, inputs ...Input) []byte {
	l := csvLang(inputs)
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.Write([]string{T(l, "col.workshop"), T(l, "col.vote"), T(l, "col.rank"), T(l, "col.frame"), T(l, "col.group"), T(l, "col.text"), T(l, "col.votes"), T(l, "col.top")})
	for _, in := range inputs {
		var tpl *templates.Template
		if cat != nil && in.Template != "" {
			tpl, _ = cat.Get(in.Template)
		}
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
			name := id
			if tpl != nil {
				for _, ex := range tpl.Exercises {
					if templates.VoteID(ex.Key) == id {
						name = ex.Title.In(l)
					}
				}
			}
			rank := 0
			for _, t := range in.Board.Ranking(id) {
				r, ok := rows[t.Note]
				if !ok {
					continue
				}
				rank++
				top := ""
				if slices.Contains(v.Top, t.Note) {
					top = T(l, "yes")
				}
				w.Write(cells(in.Title, name, strconv.Itoa(rank), r.Frame, r.Group, r.Text, strconv.Itoa(t.Dots), top))
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
// stand-in ("Deltaker 3") in place of the name. It never says who voted
// for what: every vote.cast and vote.retract is a vote.ballot under a
// ballot pseudonym instead (see NewArchive). ParseArchive reads one
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
	// Process and ProcessPos are the process the workshop was in and its
	// place there, so a restore can put it back; Schedule is when and
	// where it was planned.
	Process    string             `json:"process,omitempty"`
	ProcessPos int                `json:"processPos,omitempty"`
	Schedule   workshops.Schedule `json:"schedule,omitzero"`
}

// NewArchive builds the archive of workshop w from its log. With names
// false every name is replaced; the events are copied, never changed.
//
// Ballots are never linked to people, names or not: each vote.cast and
// vote.retract becomes a server-only vote.ballot (on for a cast, off for a
// retraction) with the same seq, time, vote and note, no actor and no op
// ID, and in place of the voter a ballot pseudonym: random, one per voter
// and vote (so a replay has the same totals and count of voters), a new
// one in every vote (so ballots cannot be followed from vote to vote) and
// none equal to a participant's ID. The log still replays to the same
// totals: a participant.erase leaves the erased voter's dots in the
// totals (Apply hands back only dots on the erased person's notes, which
// it does for a pseudonym's dots just the same).
func NewArchive(w workshops.Workshop, template string, events []workshops.Event, names bool, now time.Time) *Archive {
	a := &Archive{Format: ArchiveFormat, Kind: "samskap-workshop", ExportedAt: now.UTC(),
		Workshop: ArchiveWorkshop{ID: w.ID, Title: w.Title, Lang: w.Lang, CreatedAt: w.CreatedAt.UTC(), Epoch: w.Epoch, Template: template,
			Process: w.Process, ProcessPos: w.ProcessPos, Schedule: w.Schedule},
		Events: make([]workshops.Event, len(events))}
	stand := map[string]string{}
	standIn := func(id string) string {
		if s, ok := stand[id]; ok {
			return s
		}
		stand[id] = T(w.Lang, "person") + " " + strconv.Itoa(len(stand)+1)
		return stand[id]
	}
	people := map[string]bool{}
	for _, e := range events {
		if e.Op.Kind == workshops.OpParticipantJoin && e.Op.Participant != nil {
			people[e.Op.Participant.ID] = true
		}
	}
	ballots := map[[2]string]string{} // vote, voter -> pseudonym
	ballot := func(vote, voter string) string {
		k := [2]string{vote, voter}
		if p, ok := ballots[k]; ok {
			return p
		}
		p := newPseudonym()
		for people[p] {
			p = newPseudonym()
		}
		ballots[k] = p
		return p
	}
	for i, e := range events {
		if k := e.Op.Kind; k == workshops.OpVoteCast || k == workshops.OpVoteRetract {
			on := k == workshops.OpVoteCast
			e.Op = workshops.Op{Kind: workshops.OpVoteBallot, Vote: e.Op.Vote, Note: e.Op.Note, On: &on,
				Person: ballot(e.Op.Vote, e.Actor)}
			e.Actor, e.OpID = "", ""
		}
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

// newPseudonym returns a ballot pseudonym: 128 random bits, so it says
// nothing about the voter and does not repeat.
func newPseudonym() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return "ballot-" + hex.EncodeToString(b[:])
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
	if sc, err := workshops.CleanSchedule(w.Schedule); err != nil {
		return nil, err
	} else if sc != w.Schedule {
		return nil, workshops.Errorf(workshops.EINVALID, "the archive's schedule is not as Samskap writes it")
	}
	if w.ProcessPos < 0 || w.Process == "" && w.ProcessPos != 0 || w.Process != "" && !workshops.ValidID(w.Process) {
		return nil, workshops.Errorf(workshops.EINVALID, "the archive's process or place in it is not valid")
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
// title, language, creation time, epoch, schedule, process and place in
// it. The secrets (join code, facilitator key) are not in an archive; the
// caller makes new ones, and puts the workshop back in its process only if
// the process still exists (the store gives the place; see
// server.importWorkshop).
func (a *Archive) Restorable() workshops.Workshop {
	return workshops.Workshop{ID: a.Workshop.ID, Title: a.Workshop.Title, Lang: a.Workshop.Lang,
		CreatedAt: a.Workshop.CreatedAt, Epoch: a.Workshop.Epoch, Schedule: a.Workshop.Schedule,
		Process: a.Workshop.Process, ProcessPos: a.Workshop.ProcessPos}
}

// FileName makes a download's file name from a title: every word kept
// (letters as in templates.Slug: æ to ae, ø to o, å to a), joined by
// dashes, at most 100 characters, cut at a word; "samskap" if nothing is
// left.
func FileName(title string) string {
	var words []string
	n := 0
	for _, w := range strings.Fields(title) {
		s := templates.Slug(w)
		if s == "" {
			continue
		}
		if n+len(s)+1 > 100 {
			break
		}
		words = append(words, s)
		n += len(s) + 1
	}
	if len(words) == 0 {
		return "samskap"
	}
	return strings.Join(words, "-")
}

// ContentDisposition is the header that offers a download named after
// title with the extension ext: an ASCII name (FileName) for every
// client, and the title itself, æøå and all, as RFC 6266's filename* for
// those that read it.
func ContentDisposition(title, ext string) string {
	return fmt.Sprintf(`attachment; filename="%s.%s"; filename*=UTF-8''%s.%s`, FileName(title), ext,
		extValue(strings.Join(strings.Fields(title), " ")), ext)
}

// extValue percent-encodes s for an RFC 8187 ext-value: every byte but
// the attr-chars.
func extValue(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
