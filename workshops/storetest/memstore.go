package storetest

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/samskap/samskap/workshops"
)

// MemStore is a workshops.Store that keeps everything in memory, for tests
// of code that uses a store (the hub, the HTTP handlers). It passes Run, and
// it refuses what the SQLite store refuses: an Append whose first seq does
// not follow the board's last event (ECONFLICT when that seq is taken,
// EINVALID when it leaves a gap), seqs that are not consecutive, a snapshot
// of another board, and a snapshot at a seq the log has not reached. It copies what it is given and what it returns, so callers
// may reuse their memory. The zero value is not ready; use NewMemStore.
type MemStore struct {
	mu        sync.Mutex
	closed    bool
	workshops []workshops.Workshop // in creation order
	sessions  map[string]workshops.Session
	logs      map[string][]workshops.Event
	snaps     map[string][]workshops.Snapshot // in seq order
	processes []workshops.Process             // in creation order
	panel     []workshops.PanelSignup         // in signup order
	templates map[string][]byte               // saved templates by key
}

var _ workshops.Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		sessions: map[string]workshops.Session{},
		logs:     map[string][]workshops.Event{},
		snaps:    map[string][]workshops.Snapshot{},
	}
}

// lock locks the store unless ctx is done or the store is closed.
func (m *MemStore) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return workshops.Errorf(workshops.EUNAVAILABLE, "the store is closed")
	}
	return nil
}

// CreateWorkshop implements workshops.Store.
func (m *MemStore) CreateWorkshop(ctx context.Context, w workshops.Workshop) error {
	if w.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a workshop needs an ID")
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	for _, old := range m.workshops {
		if old.ID == w.ID {
			return workshops.Errorf(workshops.ECONFLICT, "a workshop with this ID exists")
		}
		if w.JoinCode != "" && old.JoinCode == w.JoinCode {
			return workshops.Errorf(workshops.ECONFLICT, "the join code is taken")
		}
	}
	want := w.ProcessPos
	w.ProcessPos = 0
	if w.Process != "" {
		if m.processIndex(w.Process) < 0 {
			return workshops.Errorf(workshops.ENOTFOUND, "no such process")
		}
		pos, err := m.posAt(w.Process, want)
		if err != nil {
			return err
		}
		w.ProcessPos = pos
	}
	m.workshops = append(m.workshops, cloneWorkshop(w))
	return nil
}

// DeleteWorkshop implements workshops.Store.
func (m *MemStore) DeleteWorkshop(ctx context.Context, id string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == id })
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	m.workshops = slices.Delete(m.workshops, i, i+1)
	for k, s := range m.sessions {
		if s.WorkshopID == id {
			delete(m.sessions, k)
		}
	}
	delete(m.logs, id)
	delete(m.snaps, id)
	m.panel = slices.DeleteFunc(m.panel, func(p workshops.PanelSignup) bool { return p.WorkshopID == id })
	return nil
}

// Workshop implements workshops.Store.
func (m *MemStore) Workshop(ctx context.Context, id string) (workshops.Workshop, error) {
	return m.findWorkshop(ctx, func(w *workshops.Workshop) bool { return w.ID == id })
}

// WorkshopByJoinCode implements workshops.Store.
func (m *MemStore) WorkshopByJoinCode(ctx context.Context, code string) (workshops.Workshop, error) {
	return m.findWorkshop(ctx, func(w *workshops.Workshop) bool { return code != "" && w.JoinCode == code })
}

func (m *MemStore) findWorkshop(ctx context.Context, match func(*workshops.Workshop) bool) (workshops.Workshop, error) {
	if err := m.lock(ctx); err != nil {
		return workshops.Workshop{}, err
	}
	defer m.mu.Unlock()
	for i := range m.workshops {
		if match(&m.workshops[i]) {
			return cloneWorkshop(m.workshops[i]), nil
		}
	}
	return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
}

// Workshops implements workshops.Store. Workshops created at the same
// instant are listed last created first.
func (m *MemStore) Workshops(ctx context.Context) ([]workshops.Workshop, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	list := make([]workshops.Workshop, 0, len(m.workshops))
	for i := len(m.workshops) - 1; i >= 0; i-- {
		list = append(list, cloneWorkshop(m.workshops[i]))
	}
	slices.SortStableFunc(list, func(a, b workshops.Workshop) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return list, nil
}

// CreateSession implements workshops.Store. The session's workshop must
// exist (ENOTFOUND otherwise).
func (m *MemStore) CreateSession(ctx context.Context, s workshops.Session) error {
	if len(s.TokenHash) == 0 {
		return workshops.Errorf(workshops.EINVALID, "a session needs a token hash")
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if _, ok := m.sessions[string(s.TokenHash)]; ok {
		return workshops.Errorf(workshops.ECONFLICT, "a session with this token exists")
	}
	if !slices.ContainsFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == s.WorkshopID }) {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	s.TokenHash = bytes.Clone(s.TokenHash)
	m.sessions[string(s.TokenHash)] = s
	return nil
}

// Session implements workshops.Store.
func (m *MemStore) Session(ctx context.Context, tokenHash []byte) (workshops.Session, error) {
	if err := m.lock(ctx); err != nil {
		return workshops.Session{}, err
	}
	defer m.mu.Unlock()
	s, ok := m.sessions[string(tokenHash)]
	if !ok {
		return workshops.Session{}, workshops.Errorf(workshops.ENOTFOUND, "no such session")
	}
	s.TokenHash = bytes.Clone(s.TokenHash)
	return s, nil
}

// Append implements workshops.Store.
func (m *MemStore) Append(ctx context.Context, boardID string, events []workshops.Event, snap *workshops.Snapshot) error {
	if err := workshops.CheckAppend(boardID, events, snap); err != nil {
		return err
	}
	if len(events) == 0 && snap == nil {
		return nil
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	log, snaps := m.logs[boardID], m.snaps[boardID]
	var last uint64
	if len(log) > 0 {
		last = log[len(log)-1].Seq
	}
	if len(events) > 0 {
		switch first := events[0].Seq; {
		case first <= last:
			return workshops.Errorf(workshops.ECONFLICT, "seq %d is taken", first)
		case first > last+1:
			return workshops.Errorf(workshops.EINVALID, "seq %d leaves a gap after seq %d", first, last)
		}
	}
	var i int
	if snap != nil {
		var found bool
		i, found = sort.Find(len(snaps), func(i int) int { return cmpSeq(snap.Seq, snaps[i].Seq) })
		if found {
			return workshops.Errorf(workshops.ECONFLICT, "the board has a snapshot at seq %d", snap.Seq)
		}
		if len(events) == 0 && snap.Seq > last {
			return workshops.Errorf(workshops.EINVALID, "the snapshot is ahead of the board's log")
		}
	}
	for _, e := range events {
		log = append(log, cloneEvent(e))
	}
	m.logs[boardID] = log
	if snap != nil {
		m.snaps[boardID] = slices.Insert(snaps, i, workshops.Snapshot{BoardID: boardID, Seq: snap.Seq, State: bytes.Clone(snap.State)})
	}
	return nil
}

// Events implements workshops.Store.
func (m *MemStore) Events(ctx context.Context, boardID string, after uint64, limit int) ([]workshops.Event, error) {
	if limit <= 0 {
		return nil, workshops.Errorf(workshops.EINVALID, "limit must be positive")
	}
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	log := m.logs[boardID]
	i := sort.Search(len(log), func(i int) bool { return log[i].Seq > after })
	page := log[i:min(len(log), i+min(limit, len(log)))]
	events := make([]workshops.Event, len(page))
	for j, e := range page {
		events[j] = cloneEvent(e)
	}
	return events, nil
}

// LastSnapshot implements workshops.Store.
func (m *MemStore) LastSnapshot(ctx context.Context, boardID string) (workshops.Snapshot, error) {
	if err := m.lock(ctx); err != nil {
		return workshops.Snapshot{}, err
	}
	defer m.mu.Unlock()
	snaps := m.snaps[boardID]
	if len(snaps) == 0 {
		return workshops.Snapshot{}, workshops.Errorf(workshops.ENOTFOUND, "the board has no snapshot")
	}
	s := snaps[len(snaps)-1]
	s.State = bytes.Clone(s.State)
	return s, nil
}

// Close implements workshops.Store. Calls after Close return EUNAVAILABLE;
// Close itself may be called again.
func (m *MemStore) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

func cmpSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cloneWorkshop(w workshops.Workshop) workshops.Workshop {
	w.FacilitatorKeyHash = bytes.Clone(w.FacilitatorKeyHash)
	return w
}

// cloneEvent copies e with everything its pointers point to.
func cloneEvent(e workshops.Event) workshops.Event {
	op := &e.Op
	op.Text = clonePtr(op.Text)
	op.Color = clonePtr(op.Color)
	op.X, op.Y, op.W, op.H = clonePtr(op.X), clonePtr(op.Y), clonePtr(op.W), clonePtr(op.H)
	op.Title = clonePtr(op.Title)
	op.Participant = clonePtr(op.Participant)
	return e
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
