package workshops

import (
	"context"
	"math"
)

// Snapshot is a board's whole state at one seq, so that loading a board (or
// catching up a client far behind) does not replay the whole log.
type Snapshot struct {
	BoardID string
	Seq     uint64
	State   []byte // the board as JSON (json.Marshal of *Board)
}

// Store keeps workshops, sessions and every board's operation log durably.
// Implementations are safe for concurrent use.
//
// Every method returns an *Error with ENOTFOUND when the thing asked for does
// not exist, and ECONFLICT when it would overwrite something.
type Store interface {
	// CreateWorkshop stores a new workshop, its schedule included. Its ID
	// and join code must be new.
	// With w.Process set it joins that process, last (see ProcessStore);
	// ENOTFOUND if the process does not exist.
	CreateWorkshop(ctx context.Context, w Workshop) error
	// Workshop returns the workshop with the given ID.
	Workshop(ctx context.Context, id string) (Workshop, error)
	// WorkshopByJoinCode returns the workshop with the given join code.
	WorkshopByJoinCode(ctx context.Context, code string) (Workshop, error)
	// Workshops lists every workshop, newest first.
	Workshops(ctx context.Context) ([]Workshop, error)
	// DeleteWorkshop deletes a workshop and everything of it: its sessions,
	// its board's log and snapshots, its citizen panel signups. Nothing of
	// it remains to be read.
	// ENOTFOUND if there is no such workshop.
	DeleteWorkshop(ctx context.Context, id string) error

	// CreateSession stores a session; its token hash must be new.
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session whose token has the given SHA-256 hash.
	Session(ctx context.Context, tokenHash []byte) (Session, error)

	// Append durably adds events to a board's log, together with an optional
	// snapshot, all or nothing. The events must have consecutive seqs
	// starting at 1 or right after the board's last stored event: if the
	// first seq is taken Append stores nothing and returns ECONFLICT, and a
	// gap is EINVALID. A snapshot must be at a seq the log reaches with this
	// call (usually the last event's).
	//
	// When Append returns nil, the events survive a crash of the process or
	// of the machine. Any other error means the outcome is unknown: the
	// batch may have been stored (e.g. ctx ended while it was committed), so
	// the caller must read the log before deciding.
	Append(ctx context.Context, boardID string, events []Event, snap *Snapshot) error
	// Events returns up to limit (> 0) events of a board with seq > after,
	// in seq order. A board with no events has an empty log, not ENOTFOUND.
	Events(ctx context.Context, boardID string, after uint64, limit int) ([]Event, error)
	// LastSnapshot returns the board's snapshot with the highest seq, or
	// ENOTFOUND if it has none.
	LastSnapshot(ctx context.Context, boardID string) (Snapshot, error)

	// Close releases the store, after finishing writes in progress. Later
	// calls of other methods return EUNAVAILABLE; a second Close is a no-op.
	Close() error

	// ProcessStore keeps the processes that group workshops.
	ProcessStore
	// PrivacyStore changes deletion dates and join codes, revokes
	// sessions, redacts erased people's data and keeps the citizen panel.
	PrivacyStore
	// TemplateStore keeps the saved and imported templates.
	TemplateStore
	// ScheduleStore keeps when and where workshops are planned and the
	// order of a process's workshops.
	ScheduleStore
}

// Load rebuilds a board from its last snapshot and the events after it.
// A board with no snapshot and no events is the empty board.
func Load(ctx context.Context, s Store, boardID, title string) (*Board, error) {
	b := NewBoard(boardID, title)
	snap, err := s.LastSnapshot(ctx, boardID)
	switch {
	case err == nil:
		if b, err = DecodeBoard(snap.State); err != nil {
			return nil, Errorf(EINTERNAL, "snapshot %d of board does not decode: %v", snap.Seq, err)
		}
	case ErrorCode(err) != ENOTFOUND:
		return nil, err
	}
	const page = 1000
	for {
		events, err := s.Events(ctx, boardID, b.Seq, page)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if err := Apply(b, e); err != nil {
				// A logged event was accepted once; failing now means the log
				// or this code is broken. Refuse to serve a wrong board.
				return nil, Errorf(EINTERNAL, "replaying event %d: %v", e.Seq, err)
			}
		}
		if len(events) < page {
			return b, nil
		}
	}
}

// CheckAppend checks the arguments of a Store.Append that every store
// refuses alike (EINVALID): a board ID, seqs in 1..MaxInt64 that follow
// each other, finite numbers, and a snapshot of this board, not ahead of
// the events, not empty. Stores call it before they touch anything.
func CheckAppend(boardID string, events []Event, snap *Snapshot) error {
	if boardID == "" {
		return Errorf(EINVALID, "a board ID is needed")
	}
	for i, e := range events {
		if e.Seq == 0 || e.Seq > math.MaxInt64 {
			return Errorf(EINVALID, "seq %d is out of range", e.Seq)
		}
		if i > 0 && e.Seq != events[i-1].Seq+1 {
			return Errorf(EINVALID, "seq %d does not follow seq %d", e.Seq, events[i-1].Seq)
		}
		for _, p := range []*float64{e.Op.X, e.Op.Y, e.Op.W, e.Op.H} {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
				return Errorf(EINVALID, "event %d: numbers must be finite", e.Seq)
			}
		}
	}
	if snap == nil {
		return nil
	}
	if snap.BoardID != "" && snap.BoardID != boardID {
		return Errorf(EINVALID, "the snapshot is of another board")
	}
	if snap.Seq > math.MaxInt64 {
		return Errorf(EINVALID, "seq %d is out of range", snap.Seq)
	}
	if len(events) > 0 && snap.Seq > events[len(events)-1].Seq {
		return Errorf(EINVALID, "the snapshot is ahead of the events")
	}
	if len(snap.State) == 0 {
		return Errorf(EINVALID, "the snapshot is empty")
	}
	return nil
}
