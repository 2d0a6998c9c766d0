package storetest

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/samskap/samskap/workshops"
)

// workshopIndex returns the index of the workshop id in m.workshops, or -1.
// The caller holds m.mu.
func (m *MemStore) workshopIndex(id string) int {
	return slices.IndexFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == id })
}

// SetDeleteAfter implements workshops.PrivacyStore.
func (m *MemStore) SetDeleteAfter(ctx context.Context, workshopID string, at time.Time) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := m.workshopIndex(workshopID)
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	m.workshops[i].DeleteAfter = at
	return nil
}

// SetJoinCode implements workshops.PrivacyStore.
func (m *MemStore) SetJoinCode(ctx context.Context, workshopID, code string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := m.workshopIndex(workshopID)
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if code != "" && slices.ContainsFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID != workshopID && w.JoinCode == code }) {
		return workshops.Errorf(workshops.ECONFLICT, "the join code is taken")
	}
	m.workshops[i].JoinCode = code
	return nil
}

// SetFacilitatorKey implements workshops.PrivacyStore.
func (m *MemStore) SetFacilitatorKey(ctx context.Context, workshopID string, keyHash []byte) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := m.workshopIndex(workshopID)
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	m.workshops[i].FacilitatorKeyHash = slices.Clone(keyHash)
	return nil
}

// DeleteSessions implements workshops.PrivacyStore.
func (m *MemStore) DeleteSessions(ctx context.Context, workshopID string, f workshops.SessionFilter) (int, error) {
	if err := m.lock(ctx); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	n := 0
	for k, s := range m.sessions {
		if s.WorkshopID != workshopID || (f.Participant != "" && s.ParticipantID != f.Participant) ||
			(f.KeepRole != "" && s.Role == f.KeepRole) || (!f.CreatedBefore.IsZero() && !s.CreatedAt.Before(f.CreatedBefore)) {
			continue
		}
		delete(m.sessions, k)
		n++
	}
	return n, nil
}

// RedactEvents implements workshops.PrivacyStore.
func (m *MemStore) RedactEvents(ctx context.Context, boardID string, events []workshops.Event, dropSnapshotsBefore uint64) error {
	for _, e := range events {
		if e.Seq == 0 || e.Seq > math.MaxInt64 {
			return workshops.Errorf(workshops.EINVALID, "seq %d is out of range", e.Seq)
		}
		if _, err := json.Marshal(e.Op); err != nil {
			return workshops.Errorf(workshops.EINVALID, "event %d does not encode", e.Seq)
		}
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	log := m.logs[boardID]
	at := make([]int, len(events))
	for i, e := range events { // check all before changing any
		j, found := slices.BinarySearchFunc(log, e.Seq, func(x workshops.Event, seq uint64) int { return cmpSeq(x.Seq, seq) })
		if !found || log[j].OpID != e.OpID || log[j].Actor != e.Actor {
			return workshops.Errorf(workshops.ENOTFOUND, "no event %d with this op ID and actor", e.Seq)
		}
		at[i] = j
	}
	for i, e := range events {
		stored := log[at[i]]
		stored.Op = e.Op
		log[at[i]] = cloneEvent(stored)
	}
	m.snaps[boardID] = slices.DeleteFunc(m.snaps[boardID], func(s workshops.Snapshot) bool { return s.Seq < dropSnapshotsBefore })
	return nil
}

// SavePanelSignup implements workshops.PrivacyStore.
func (m *MemStore) SavePanelSignup(ctx context.Context, p workshops.PanelSignup) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if m.workshopIndex(p.WorkshopID) < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	i := slices.IndexFunc(m.panel, func(x workshops.PanelSignup) bool {
		return x.WorkshopID == p.WorkshopID && x.ParticipantID == p.ParticipantID
	})
	if i >= 0 {
		m.panel[i] = p
		return nil
	}
	m.panel = append(m.panel, p)
	return nil
}

// PanelSignups implements workshops.PrivacyStore.
func (m *MemStore) PanelSignups(ctx context.Context, workshopID string) ([]workshops.PanelSignup, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	list := []workshops.PanelSignup{}
	for _, p := range m.panel {
		if p.WorkshopID == workshopID {
			list = append(list, p)
		}
	}
	slices.SortStableFunc(list, func(a, b workshops.PanelSignup) int { return a.ConsentedAt.Compare(b.ConsentedAt) })
	return list, nil
}

// DeletePanelSignups implements workshops.PrivacyStore.
func (m *MemStore) DeletePanelSignups(ctx context.Context, workshopID, participantID string) (int, error) {
	if err := m.lock(ctx); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	before := len(m.panel)
	m.panel = slices.DeleteFunc(m.panel, func(p workshops.PanelSignup) bool {
		return p.WorkshopID == workshopID && (participantID == "" || p.ParticipantID == participantID)
	})
	return before - len(m.panel), nil
}
