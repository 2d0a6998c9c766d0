package workshops

import (
	"context"
	"time"
)

// SessionFilter picks the sessions of one workshop that DeleteSessions
// deletes: one person's (Participant set), or everyone's; in either case
// sessions of the role KeepRole, if set, stay, and with CreatedBefore set
// only sessions created before it go (expired ones).
type SessionFilter struct {
	Participant   string    // only this person's sessions; "" for everyone's
	KeepRole      Role      // sessions of this role stay; "" keeps none
	CreatedBefore time.Time // only sessions created before this; zero: any
}

// PrivacyStore is what retention, revocation and erasure need of a store,
// and where the citizen panel's signups live (apart from the boards). It is
// part of Store.
type PrivacyStore interface {
	// SetDeleteAfter sets the date a workshop is deleted after; the zero
	// time means none of its own. ENOTFOUND if there is no such workshop.
	SetDeleteAfter(ctx context.Context, workshopID string, at time.Time) error
	// SetJoinCode gives a workshop a new join code, or none with "": the
	// old code finds nothing from the moment SetJoinCode returns.
	// ECONFLICT if another workshop has the code; ENOTFOUND if there is no
	// such workshop.
	SetJoinCode(ctx context.Context, workshopID, code string) error
	// SetFacilitatorKey replaces the hash of a workshop's facilitator key:
	// the old facilitator link stops working the moment it returns
	// (sessions made with it stay). ENOTFOUND if there is no such workshop.
	SetFacilitatorKey(ctx context.Context, workshopID string, keyHash []byte) error
	// DeleteSessions deletes the sessions of a workshop that f picks and
	// returns how many there were. None is not an error.
	DeleteSessions(ctx context.Context, workshopID string, f SessionFilter) (int, error)
	// RedactEvents overwrites the ops of stored events of a board with
	// those of events (each found by its seq, op ID and actor, which must
	// match: ENOTFOUND otherwise, and nothing changes), and deletes the
	// board's snapshots at seqs below dropSnapshotsBefore, all in one
	// transaction. It exists for one purpose, erasing a person's data
	// (see ErasedEvents); the board the log replays to must not change.
	RedactEvents(ctx context.Context, boardID string, events []Event, dropSnapshotsBefore uint64) error

	// SavePanelSignup stores a citizen panel signup, replacing the one the
	// same person made in the same workshop, if any. ENOTFOUND if the
	// workshop does not exist.
	SavePanelSignup(ctx context.Context, p PanelSignup) error
	// PanelSignups lists a workshop's panel signups in the order they were
	// made (the first ConsentedAt first). None is an empty list.
	PanelSignups(ctx context.Context, workshopID string) ([]PanelSignup, error)
	// DeletePanelSignups deletes one person's panel signup in a workshop,
	// or every signup of the workshop when participantID is "", and
	// returns how many it deleted. None is not an error.
	DeletePanelSignups(ctx context.Context, workshopID, participantID string) (int, error)
}

// Scrubber is implemented by a store whose files may keep the bytes of
// deleted rows for a while (a write-ahead log, free pages, dead tuples).
// Scrub removes what the engine allows: after it returns nil, data deleted
// before the call is no longer in the store's files, or (where the engine
// cannot promise that) has been handed to the engine's own clean-up. The
// server calls it after every erasure, leave, withdrawal, workshop deletion
// and retention sweep. It is optional: a store without it keeps nothing.
type Scrubber interface {
	Scrub(ctx context.Context) error
}
