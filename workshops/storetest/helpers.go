package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// NewWorkshop returns a workshop with the given ID and every field set: a
// join code and a facilitator key hash derived from the ID, a title with
// letters outside ASCII, and a creation time with nanoseconds in a zone that
// is not UTC, so that a round trip shows what a store loses.
func NewWorkshop(id string) workshops.Workshop {
	key := sha256.Sum256([]byte("facilitator key of " + id))
	return workshops.Workshop{
		ID:                 id,
		Title:              "Arbeidsmøte «" + id + "» – ærlig talt",
		Lang:               workshops.LangNB,
		CreatedAt:          time.Date(2025, time.March, 14, 9, 26, 53, 589_793_238, time.FixedZone("CET", 3600)),
		Epoch:              "epoch-" + id,
		JoinCode:           "JOIN-" + id,
		FacilitatorKeyHash: key[:],
		Schedule:           workshops.Schedule{Date: "2025-04-02", Start: "18:00", End: "20:30", Place: "Kulturhuset «Æ», sal 2"},
	}
}

// NewSession returns a session of the given workshop whose token hash is the
// SHA-256 of token.
func NewSession(workshopID, token string) workshops.Session {
	hash := sha256.Sum256([]byte(token))
	return workshops.Session{
		TokenHash:     hash[:],
		WorkshopID:    workshopID,
		ParticipantID: "participant-" + token,
		Role:          workshops.RoleParticipant,
		CreatedAt:     time.Date(2025, time.March, 14, 10, 0, 0, 123_456_789, time.UTC),
	}
}

// MustCreateWorkshop stores w and fails the test if that fails.
func MustCreateWorkshop(tb testing.TB, s workshops.Store, w workshops.Workshop) {
	tb.Helper()
	if err := s.CreateWorkshop(tb.Context(), w); err != nil {
		tb.Fatalf("CreateWorkshop(%q): %v", w.ID, err)
	}
}

// MustCreateSession stores sess and fails the test if that fails.
func MustCreateSession(tb testing.TB, s workshops.Store, sess workshops.Session) {
	tb.Helper()
	if err := s.CreateSession(tb.Context(), sess); err != nil {
		tb.Fatalf("CreateSession(%x): %v", sess.TokenHash, err)
	}
}

// MustAppend appends events (and snap, which may be nil) to the board's log
// and fails the test if that fails.
func MustAppend(tb testing.TB, s workshops.Store, boardID string, events []workshops.Event, snap *workshops.Snapshot) {
	tb.Helper()
	if err := s.Append(tb.Context(), boardID, events, snap); err != nil {
		tb.Fatalf("Append(%q, %s): %v", boardID, seqRange(events), err)
	}
}

// MustEvents returns the board's events after seq after, up to limit, and
// fails the test if reading them fails.
func MustEvents(tb testing.TB, s workshops.Store, boardID string, after uint64, limit int) []workshops.Event {
	tb.Helper()
	events, err := s.Events(tb.Context(), boardID, after, limit)
	if err != nil {
		tb.Fatalf("Events(%q, %d, %d): %v", boardID, after, limit, err)
	}
	return events
}

// MustLoad rebuilds the board from the store with workshops.Load and fails
// the test if that fails.
func MustLoad(tb testing.TB, s workshops.Store, boardID, title string) *workshops.Board {
	tb.Helper()
	b, err := workshops.Load(tb.Context(), s, boardID, title)
	if err != nil {
		tb.Fatalf("Load(%q): %v", boardID, err)
	}
	return b
}

// MustReplay applies events in order to a new board, without any store, and
// fails the test if one does not apply.
func MustReplay(tb testing.TB, boardID, title string, events []workshops.Event) *workshops.Board {
	tb.Helper()
	b := workshops.NewBoard(boardID, title)
	for _, e := range events {
		if err := workshops.Apply(b, e); err != nil {
			tb.Fatalf("Apply(event %d): %v", e.Seq, err)
		}
	}
	return b
}

// MustSnapshot returns the snapshot of b at its current seq, encoded the way
// workshops.Load decodes it.
func MustSnapshot(tb testing.TB, b *workshops.Board) *workshops.Snapshot {
	tb.Helper()
	state, err := json.Marshal(b)
	if err != nil {
		tb.Fatalf("encode board: %v", err)
	}
	return &workshops.Snapshot{BoardID: b.ID, Seq: b.Seq, State: state}
}

// CheckEvents fails the test unless got equals want exactly, comparing the
// values behind pointers (an Op's optional fields), and prints both as JSON
// when they differ.
func CheckEvents(tb testing.TB, got, want []workshops.Event) {
	tb.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("events differ:\n got: %s\nwant: %s", dump(got), dump(want))
	}
}

// CheckSnapshot fails the test unless got equals want field by field.
func CheckSnapshot(tb testing.TB, got, want workshops.Snapshot) {
	tb.Helper()
	if got.BoardID != want.BoardID || got.Seq != want.Seq || !bytes.Equal(got.State, want.State) {
		tb.Errorf("snapshot = {%q %d %s}, want {%q %d %s}", got.BoardID, got.Seq, short(got.State), want.BoardID, want.Seq, short(want.State))
	}
}

// Script returns a valid log of n events, seqs 1 to n: a facilitator and a
// participant join, then notes are created, edited, moved, resized,
// recoloured and deleted and the board is renamed, with text in several
// scripts. Every event applies to the board before it (Script panics
// otherwise), so tests can replay it, store it, and compare boards. The log
// is the same on every call.
func Script(n int) []workshops.Event {
	const (
		facilitator = "fac-1"
		participant = "par-1"
	)
	texts := []string{
		"Blåbærsyltetøy på brødskiva",
		"Sámegiella: čállit ja lohkat",
		"Idé 🫐🧠 – «ta med alle»",
		"Ελληνικά και 日本語のメモ",
		"første linje\nandre linje",
		"",
		`"sitat" med \ og <b>&amp;</b>`,
	}
	b := workshops.NewBoard("script", "Script")
	events := make([]workshops.Event, 0, n)
	var live []string // IDs of notes not deleted, in creation order
	var created int
	at := int64(1_741_940_000_000)
	for i := range n {
		seq := uint64(i + 1)
		at += 250
		e := workshops.Event{Seq: seq, OpID: fmt.Sprintf("op-%d", seq), At: at}
		pick := func() string { return live[(i*7)%len(live)] }
		switch {
		case seq == 1 || seq == 2:
			id, name, role := facilitator, "Åse Ødegård", workshops.RoleFacilitator
			if seq == 2 {
				id, name, role = participant, "Björn 🦊", workshops.RoleParticipant
			}
			e.Op = workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: id, Name: name, Role: role}}
		case len(live) < 3 || i%10 < 3:
			created++
			note := fmt.Sprintf("note-%d", created)
			e.Actor = []string{facilitator, participant}[i%2]
			e.Op = workshops.Op{Kind: workshops.OpNoteCreate, Note: note, Text: ptr(texts[i%len(texts)]),
				Color: ptr(workshops.Colors[i%len(workshops.Colors)]), X: ptr(float64(i%97) * 10.5), Y: ptr(-float64(i%89) * 3.25)}
			if i%4 == 0 {
				e.Op.W, e.Op.H = ptr(240.0), ptr(200.0)
			}
			live = append(live, note)
		case i%10 == 3:
			e.Actor = facilitator
			e.Op = workshops.Op{Kind: workshops.OpNoteEdit, Note: pick(), Text: ptr(texts[(i+3)%len(texts)] + " (endra)")}
		case i%10 == 4 || i%10 == 5:
			e.Actor = participant
			e.Op = workshops.Op{Kind: workshops.OpNoteMove, Note: pick(), X: ptr(float64(i%500) - 250.125), Y: ptr(float64(i%300) + 0.1)}
		case i%10 == 6:
			e.Actor = participant
			e.Op = workshops.Op{Kind: workshops.OpNoteResize, Note: pick(), W: ptr(80 + float64(i%1000)), H: ptr(1200 - float64(i%1000))}
		case i%10 == 7:
			e.Actor = participant
			e.Op = workshops.Op{Kind: workshops.OpNoteRecolor, Note: pick(), Color: ptr(workshops.Colors[(i/10)%len(workshops.Colors)])}
		case i%10 == 8:
			e.Actor = facilitator
			k := (i * 7) % len(live)
			e.Op = workshops.Op{Kind: workshops.OpNoteDelete, Note: live[k]}
			live = append(live[:k], live[k+1:]...)
		default:
			e.Actor = facilitator
			e.Op = workshops.Op{Kind: workshops.OpBoardRename, Title: ptr(fmt.Sprintf("Verkstad nr. %d – ŋ", seq))}
		}
		if err := workshops.Apply(b, e); err != nil {
			panic(fmt.Sprintf("storetest: Script event %d does not apply: %v", seq, err))
		}
		events = append(events, e)
	}
	return events
}

func ptr[T any](v T) *T { return &v }

func dump(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(data)
}

// short shows a snapshot's state in a failure message without flooding it.
func short(state []byte) string {
	if len(state) <= 64 {
		return fmt.Sprintf("%q", state)
	}
	return fmt.Sprintf("%q... (%d bytes)", state[:64], len(state))
}

func seqRange(events []workshops.Event) string {
	switch len(events) {
	case 0:
		return "no events"
	case 1:
		return fmt.Sprintf("seq %d", events[0].Seq)
	}
	return fmt.Sprintf("seqs %d-%d", events[0].Seq, events[len(events)-1].Seq)
}
