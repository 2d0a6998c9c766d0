package storetest

import (
	"context"
	"slices"

	"github.com/samskap/samskap/workshops"
)

// SetSchedule implements workshops.ScheduleStore.
func (m *MemStore) SetSchedule(ctx context.Context, workshopID string, s workshops.Schedule) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == workshopID })
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	m.workshops[i].Schedule = s
	return nil
}

// ReorderProcess implements workshops.ScheduleStore.
func (m *MemStore) ReorderProcess(ctx context.Context, processID string, workshopIDs []string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if m.processIndex(processID) < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	var current []string
	for _, w := range m.workshops {
		if w.Process == processID {
			current = append(current, w.ID)
		}
	}
	if err := workshops.CheckReorder(current, workshopIDs); err != nil {
		return err
	}
	for pos, id := range workshopIDs {
		i := slices.IndexFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == id })
		m.workshops[i].ProcessPos = pos + 1
	}
	return nil
}
