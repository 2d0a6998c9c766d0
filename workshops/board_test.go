package workshops_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

func TestNewBoard(t *testing.T) {
	b := workshops.NewBoard("ws-1", "Retro")
	if b.ID != "ws-1" || b.Title != "Retro" || b.Seq != 0 || b.LiveNotes != 0 {
		t.Errorf("NewBoard = %+v", b)
	}
	if b.Notes == nil || b.Participants == nil {
		t.Fatal("NewBoard leaves a map nil")
	}
	if h := b.Hash(); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(h) {
		t.Errorf("Hash = %q; want 64 hex digits", h)
	}
	if workshops.NewBoard("ws-1", "Retro").Hash() != b.Hash() {
		t.Errorf("two new boards have different hashes")
	}
	if workshops.NewBoard("ws-2", "Retro").Hash() == b.Hash() {
		t.Errorf("boards of different workshops have the same hash")
	}
}

func TestBoardClone(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, c *workshops.Board)
	}{
		{"change a note in the clone's map", func(t *testing.T, c *workshops.Board) {
			n := c.Notes["n-alice"]
			n.Text, n.X = "changed", 999
			c.Notes["n-alice"] = n
		}},
		{"add a note to the clone's map", func(t *testing.T, c *workshops.Board) {
			c.Notes["n-extra"] = workshops.Note{ID: "n-extra"}
			c.LiveNotes++
		}},
		{"remove a note from the clone's map", func(t *testing.T, c *workshops.Board) { delete(c.Notes, "n-bob") }},
		{"clear the clone's notes", func(t *testing.T, c *workshops.Board) { clear(c.Notes) }},
		{"change a participant in the clone's map", func(t *testing.T, c *workshops.Board) {
			p := c.Participants[bobID]
			p.Role = workshops.RoleFacilitator
			c.Participants[bobID] = p
		}},
		{"add and remove participants in the clone", func(t *testing.T, c *workshops.Board) {
			c.Participants["p-new"] = workshops.Participant{ID: "p-new"}
			delete(c.Participants, aliceID)
		}},
		{"change the clone's scalars", func(t *testing.T, c *workshops.Board) {
			c.Title, c.Seq, c.ID, c.LiveNotes = "other", 99, "ws-x", 0
		}},
		{"apply events to the clone", func(t *testing.T, c *workshops.Board) {
			mustApply(t, c, bobID, moveOp("n-alice", 5, 5))
			mustApply(t, c, aliceID, deleteOp("n-alice"))
			mustApply(t, c, "", joinOp("p-new", "New", workshops.RoleParticipant))
			mustApply(t, c, facID, renameOp("Cloned"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := fixtureBoard(t)
			want := fixtureBoard(t)
			hash := b.Hash()
			c := b.Clone()
			if c == b {
				t.Fatal("Clone returned the same pointer")
			}
			if c.Hash() != hash || !reflect.DeepEqual(c, b) {
				t.Fatal("clone differs from the original")
			}
			tt.mutate(t, c)
			if b.Hash() != hash {
				t.Errorf("changing the clone changed the original's hash")
			}
			if !reflect.DeepEqual(b, want) {
				t.Errorf("changing the clone changed the original")
			}
			if c.Hash() == hash {
				t.Errorf("the clone's hash did not change; the test changed nothing")
			}
		})
	}
	t.Run("changing the original leaves the clone", func(t *testing.T) {
		b := fixtureBoard(t)
		c := b.Clone()
		hash := c.Hash()
		mustApply(t, b, aliceID, editOp("n-alice", "new words"))
		b.Participants[aliceID] = workshops.Participant{}
		if c.Hash() != hash {
			t.Errorf("changing the original changed the clone")
		}
	})
}

func TestBoardView(t *testing.T) {
	b := workshops.NewBoard("ws-1", "Retro")
	b.Seq = 40
	note := func(id string, z uint64, deleted bool) workshops.Note {
		text := "text of " + id
		if deleted {
			text = ""
		}
		return workshops.Note{ID: id, Text: text, Color: workshops.ColorBlue, W: 180, H: 140, Author: aliceID, Z: z, Deleted: deleted}
	}
	// Built directly, so that Z ties (impossible through Apply) are covered.
	for _, n := range []workshops.Note{
		note("m", 7, false),
		note("a", 30, false),
		note("tomb-low", 1, true),
		note("b", 7, false),
		note("z", 2, false),
		note("tomb-mid", 7, true),
		note("A", 7, false),
		note("c", 12, false),
	} {
		b.Notes[n.ID] = n
		if !n.Deleted {
			b.LiveNotes++
		}
	}
	for _, id := range []string{"zed", "amy", "Bob", "mo"} {
		b.Participants[id] = workshops.Participant{ID: id, Name: id, Role: workshops.RoleParticipant, JoinedAt: 1}
	}
	hash := b.Hash()

	v := b.View()
	var gotNotes []string
	for _, n := range v.Notes {
		gotNotes = append(gotNotes, fmt.Sprintf("%s@%d", n.ID, n.Z))
		if n.Deleted {
			t.Errorf("View includes tombstone %s", n.ID)
		}
		if !reflect.DeepEqual(n, b.Notes[n.ID]) {
			t.Errorf("View note %s = %+v, board has %+v", n.ID, n, b.Notes[n.ID])
		}
	}
	wantNotes := []string{"z@2", "A@7", "b@7", "m@7", "c@12", "a@30"}
	if !reflect.DeepEqual(gotNotes, wantNotes) {
		t.Errorf("View notes = %v, want %v (by Z, then ID)", gotNotes, wantNotes)
	}
	var gotPeople []string
	for _, p := range v.Participants {
		gotPeople = append(gotPeople, p.ID)
	}
	if want := []string{"Bob", "amy", "mo", "zed"}; !reflect.DeepEqual(gotPeople, want) {
		t.Errorf("View participants = %v, want %v", gotPeople, want)
	}
	if v.Seq != 40 || v.Title != "Retro" {
		t.Errorf("View seq, title = %d, %q", v.Seq, v.Title)
	}
	if b.Hash() != hash {
		t.Errorf("View changed the board")
	}
	// Changing the view does not change the board.
	v.Notes[0].Text = "changed"
	v.Participants[0].Name = "changed"
	if b.Hash() != hash {
		t.Errorf("changing the View changed the board")
	}
	// Same board, same view, whatever the map order.
	for range 20 {
		if !reflect.DeepEqual(b.View(), b.View()) {
			t.Fatal("View is not deterministic")
		}
	}
}

func TestBoardViewFromApply(t *testing.T) {
	b := fixtureBoard(t)
	mustApply(t, b, bobID, moveOp("n-alice", 1, 1)) // n-alice goes on top
	v := b.View()
	var ids []string
	for _, n := range v.Notes {
		ids = append(ids, n.ID)
	}
	if want := []string{"n-bob", "n-alice"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("View notes = %v, want %v", ids, want)
	}
	if len(v.Participants) != 4 {
		t.Errorf("View has %d participants, want 4", len(v.Participants))
	}
}

// An empty board's view encodes empty lists, not null, for the client.
func TestBoardViewEmptyJSON(t *testing.T) {
	data, err := json.Marshal(workshops.NewBoard("ws-1", "T").View())
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"seq":0,"title":"T","notes":[],"participants":[]}`; string(data) != want {
		t.Errorf("empty view = %s, want %s", data, want)
	}
}

func TestDecodeBoardRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		board func(t testing.TB) *workshops.Board
	}{
		{"new board", func(t testing.TB) *workshops.Board { return workshops.NewBoard("ws-1", "Tom") }},
		{"fixture with a tombstone", fixtureBoard},
		{"awkward floats, text and a full board", func(t testing.TB) *workshops.Board {
			b := fixtureBoard(t)
			mustApply(t, b, aliceID, createSizedOp("n-f", "æøå \"quoted\" <b>&amp;</b>\n\u2028 🎉", workshops.ColorPink, 0.1, -1e-7, 80.00000000000001, 1199.9999999999998))
			mustApply(t, b, aliceID, moveOp("n-alice", 1.0/3, -workshops.MaxCoord))
			mustApply(t, b, facID, renameOp("Tittel med «sitat»"))
			return b
		}},
		{"many notes", func(t testing.TB) *workshops.Board { return fullBoard(t) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.board(t)
			data, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			got, err := workshops.DecodeBoard(data)
			if err != nil {
				t.Fatalf("DecodeBoard: %v", err)
			}
			if got.Hash() != b.Hash() {
				t.Errorf("hash changed over the round trip")
			}
			if !reflect.DeepEqual(got, b) {
				t.Errorf("board changed over the round trip")
			}
			// The decoded board carries on like the original.
			mustApply(t, b, "", joinOp("p-after", "After", workshops.RoleParticipant))
			mustApply(t, got, "", joinOp("p-after", "After", workshops.RoleParticipant))
			if got.Hash() != b.Hash() {
				t.Errorf("decoded board diverges on the next event")
			}
		})
	}
}

func TestDecodeBoardInput(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr bool
		check   func(t *testing.T, b *workshops.Board)
	}{
		{name: "empty object gets maps", json: `{}`, check: func(t *testing.T, b *workshops.Board) {
			if b.Notes == nil || b.Participants == nil {
				t.Error("DecodeBoard left a map nil")
			}
		}},
		{name: "null maps get maps", json: `{"id":"ws-1","seq":3,"notes":null,"participants":null}`, check: func(t *testing.T, b *workshops.Board) {
			if b.Notes == nil || b.Participants == nil || b.Seq != 3 || b.ID != "ws-1" {
				t.Errorf("DecodeBoard = %+v", b)
			}
			// And it takes events.
			mustApply(t, b, "", joinOp("p-1", "P", workshops.RoleFacilitator))
			mustApply(t, b, "p-1", createOp("n-1", "t", workshops.ColorBlue, 0, 0))
		}},
		{name: "not JSON", json: `{"id":`, wantErr: true},
		{name: "wrong type", json: `{"seq":"three"}`, wantErr: true},
		{name: "empty input", json: ``, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := workshops.DecodeBoard([]byte(tt.json))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("DecodeBoard(%q) = %+v, want an error", tt.json, b)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeBoard: %v", err)
			}
			tt.check(t, b)
		})
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a", true},
		{"Z", true},
		{"0", true},
		{"-", true},
		{"_", true},
		{"note-1_B", true},
		{"3f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f", true},
		{strings.Repeat("x", 64), true},
		{"", false},
		{strings.Repeat("x", 65), false},
		{"has space", false},
		{" lead", false},
		{"trail\n", false},
		{"a.b", false},
		{"a/b", false},
		{"a:b", false},
		{"a+b", false},
		{"<script>", false},
		{"blåbær", false},
		{"a\x00", false},
		{"\xff", false},
		{"ｆｕｌｌ", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.20q", tt.id), func(t *testing.T) {
			if got := workshops.ValidID(tt.id); got != tt.want {
				t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

type cleanCase struct {
	name string
	in   string
	want string // the cleaned text when code is ""
	code string
}

func cleanCases(max int) []cleanCase {
	return []cleanCase{
		{name: "plain", in: "Kari", want: "Kari"},
		{name: "trimmed", in: "  Kari Nordmann \t\n", want: "Kari Nordmann"},
		{name: "trims unicode spaces", in: "\u00a0\u3000Kari\u2003", want: "Kari"},
		{name: "inner spaces kept", in: "a  b", want: "a  b"},
		{name: "one character", in: "x", want: "x"},
		{name: "exactly max ASCII", in: strings.Repeat("a", max), want: strings.Repeat("a", max)},
		{name: "exactly max multi-byte", in: strings.Repeat("æ", max), want: strings.Repeat("æ", max)},
		{name: "max after trimming", in: "   " + strings.Repeat("ø", max) + "   ", want: strings.Repeat("ø", max)},
		{name: "emoji", in: "🎉 Team", want: "🎉 Team"},
		{name: "empty", in: "", code: workshops.EINVALID},
		{name: "only spaces", in: "   ", code: workshops.EINVALID},
		{name: "only whitespace of all kinds", in: " \t\n\r\v\f\u00a0", code: workshops.EINVALID},
		{name: "one over max", in: strings.Repeat("a", max+1), code: workshops.ETOOLARGE},
		{name: "one over max multi-byte", in: strings.Repeat("å", max+1), code: workshops.ETOOLARGE},
		{name: "NUL", in: "a\x00b", code: workshops.EINVALID},
		{name: "tab inside", in: "a\tb", code: workshops.EINVALID},
		{name: "newline inside", in: "a\nb", code: workshops.EINVALID},
		{name: "escape", in: "a\x1b[31mb", code: workshops.EINVALID},
		{name: "DEL", in: "a\x7fb", code: workshops.EINVALID},
		{name: "C1 control", in: "a\u0085b", code: workshops.EINVALID},
		{name: "only a control character", in: "\x00", code: workshops.EINVALID},
		{name: "invalid UTF-8", in: "Kari\xff", code: workshops.EINVALID},
		{name: "truncated UTF-8", in: "\xc3", code: workshops.EINVALID},
	}
}

func TestCleanName(t *testing.T) {
	testClean(t, workshops.CleanName, cleanCases(workshops.MaxNameLen))
}

func TestCleanTitle(t *testing.T) {
	testClean(t, workshops.CleanTitle, cleanCases(workshops.MaxTitleLen))
}

func testClean(t *testing.T, clean func(string) (string, error), cases []cleanCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clean(tt.in)
			wantCode(t, err, tt.code)
			if tt.code != "" {
				if got != "" {
					t.Errorf("got %q with an error; want empty", got)
				}
				if msg := workshops.ErrorMessage(err); strings.Contains(msg, tt.in) && strings.TrimSpace(tt.in) != "" {
					t.Errorf("message %q echoes the input", msg)
				}
				return
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidators(t *testing.T) {
	for _, c := range workshops.Colors {
		if !c.Valid() {
			t.Errorf("Color %q not valid", c)
		}
	}
	for _, c := range []workshops.Color{"", "red", "Yellow", "yellow "} {
		if c.Valid() {
			t.Errorf("Color %q valid", c)
		}
	}
	for _, r := range []workshops.Role{workshops.RoleFacilitator, workshops.RoleParticipant, workshops.RoleObserver} {
		if !r.Valid() {
			t.Errorf("Role %q not valid", r)
		}
	}
	for _, r := range []workshops.Role{"", "admin", "Facilitator"} {
		if r.Valid() {
			t.Errorf("Role %q valid", r)
		}
	}
	for _, l := range []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN} {
		if !l.Valid() {
			t.Errorf("Lang %q not valid", l)
		}
	}
	for _, l := range []workshops.Lang{"", "no", "NB", "en-GB", "sv"} {
		if l.Valid() {
			t.Errorf("Lang %q valid", l)
		}
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	domain := workshops.Errorf(workshops.ENOTFOUND, "no such %s", "note")
	tests := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"nil", nil, "", ""},
		{"domain error", domain, workshops.ENOTFOUND, "no such note"},
		{"wrapped domain error", fmt.Errorf("loading: %w", domain), workshops.ENOTFOUND, "no such note"},
		{"other error", errors.New("disk on fire"), workshops.EINTERNAL, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workshops.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := workshops.ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.msg)
			}
		})
	}
	if got := domain.Error(); got != "not_found: no such note" {
		t.Errorf("Error() = %q", got)
	}
}
