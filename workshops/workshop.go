package workshops

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Lang is a language the board is shown in: a BCP 47 primary tag.
type Lang string

// The languages of the translation tables. Bokmål is the default.
const (
	LangNB Lang = "nb"
	LangNN Lang = "nn"
	LangEN Lang = "en"
)

// Valid reports whether l is a language the product has tables for.
func (l Lang) Valid() bool { return l == LangNB || l == LangNN || l == LangEN }

// Workshop is one workshop: its title, language and the secrets that let
// people in. A workshop has one board, whose log is keyed by the workshop ID.
type Workshop struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Lang      Lang      `json:"lang"`
	CreatedAt time.Time `json:"createdAt"`
	// Epoch names this board's history. It changes if the board is ever
	// recreated, so a client holding a seq from another history starts over.
	Epoch string `json:"epoch"`
	// JoinCode is the short code participants type or follow a link with.
	// It is not secret from participants, only from the rest of the world.
	JoinCode string `json:"joinCode"`
	// FacilitatorKeyHash is the SHA-256 of the facilitator link's key. The
	// key itself is shown once, when the workshop is created.
	FacilitatorKeyHash []byte `json:"-"`
	// DeleteAfter is when the workshop and all its personal data are
	// deleted (the retention sweep). It is set at creation and may be
	// changed by a facilitator; the zero time means no date of its own
	// (workshops from before per-workshop dates, or a server that keeps
	// workshops until they are deleted by hand).
	DeleteAfter time.Time `json:"deleteAfter,omitzero"`
	// Process is the ID of the process (prosess) the workshop belongs to,
	// or empty. ProcessPos is its place in that process, counted from 1;
	// the store gives it when the workshop joins the process (see
	// ProcessStore); a caller's value counts only when it is free, for a
	// restored workshop going back to its place.
	Process    string `json:"process,omitempty"`
	ProcessPos int    `json:"processPos,omitempty"`
	// Schedule is when and where the workshop is planned (see
	// ScheduleStore); zero when not planned.
	Schedule Schedule `json:"schedule,omitzero"`
}

// Role is what a person may do on a board.
type Role string

// The roles.
const (
	RoleFacilitator Role = "facilitator" // runs the workshop; may do everything
	RoleParticipant Role = "participant" // writes and moves notes
	RoleObserver    Role = "observer"    // sees the board live, changes nothing
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleFacilitator || r == RoleParticipant || r == RoleObserver
}

// Participant is a person on a board, known by a display name only.
type Participant struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	JoinedAt int64  `json:"joinedAt"` // unix milliseconds
	// Group is the breakout group the person is in; empty for none.
	Group string `json:"group,omitempty"`
	// Removed marks a person a facilitator removed. Their later operations
	// are refused (EFORBIDDEN), they cannot join again under the same ID,
	// and the server ends their sessions. They stay in the list so that
	// their notes keep an author.
	Removed bool `json:"removed,omitempty"`
	// Erased marks a person whose data was deleted (participant.erase):
	// they left, or a facilitator deleted their data. Their notes are
	// gone, their name is empty, and they are Removed too.
	Erased bool `json:"erased,omitempty"`
	// Category is what the person said they take part as, if they chose
	// to (Categories; "" when they did not say): for the export's count of
	// who took part, never a name or an organisation. Only facilitators
	// and the person see it (ViewFor, EventFor).
	Category Category `json:"category,omitempty"`
}

// Category is a participant's self-declared kind of participation.
type Category string

// The categories a person may declare at join.
const (
	CategoryCitizen  Category = "citizen"  // innbyggar / innbyggjar
	CategoryStaff    Category = "staff"    // employed by the municipality
	CategorySupplier Category = "supplier" // a supplier (leverandør)
	CategoryOther    Category = "other"
)

// Categories are the valid categories, in the order the join page and
// the export list them.
var Categories = []Category{CategoryCitizen, CategoryStaff, CategorySupplier, CategoryOther}

// Valid reports whether c is "" (not said) or one of Categories.
func (c Category) Valid() bool {
	return c == "" || c == CategoryCitizen || c == CategoryStaff || c == CategorySupplier || c == CategoryOther
}

// Session ties a bearer token (stored only as its hash) to a participant of
// one workshop.
type Session struct {
	TokenHash     []byte
	WorkshopID    string
	ParticipantID string
	Role          Role
	CreatedAt     time.Time
}

// Limits on what people type.
const (
	MaxNameLen     = 40   // characters in a display name
	MaxTitleLen    = 120  // characters in a workshop title
	MaxNoteTextLen = 1000 // characters in a sticky note
)

// CleanName trims a display name and checks it: 1 to MaxNameLen characters,
// valid UTF-8, no control characters. It returns the cleaned name.
func CleanName(s string) (string, error) {
	return cleanLine(s, "name", MaxNameLen)
}

// CleanTitle trims a title and checks it like CleanName, up to MaxTitleLen.
func CleanTitle(s string) (string, error) {
	return cleanLine(s, "title", MaxTitleLen)
}

func cleanLine(s, what string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "%s is not valid text", what)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Errorf(EINVALID, "%s is empty", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Errorf(ETOOLARGE, "%s is longer than %d characters", what, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", Errorf(EINVALID, "%s contains control characters", what)
		}
	}
	return s, nil
}
