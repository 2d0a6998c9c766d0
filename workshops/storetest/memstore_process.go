package storetest

import (
	"context"
	"slices"

	"github.com/samskap/samskap/workshops"
)

// processIndex returns the index of the process id in m.processes, or -1.
// The caller holds m.mu.
func (m *MemStore) processIndex(id string) int {
	return slices.IndexFunc(m.processes, func(p workshops.Process) bool { return p.ID == id })
}

// nextPos returns the position one past the highest in process id, or
// ELIMIT when the process is full. The caller holds m.mu.
func (m *MemStore) nextPos(id string) (int, error) { return m.posAt(id, 0) }

// posAt is nextPos, except that a wanted place (> 0) no workshop of the
// process holds is given instead. The caller holds m.mu.
func (m *MemStore) posAt(id string, want int) (int, error) {
	last, n := 0, 0
	for _, w := range m.workshops {
		if w.Process == id {
			last = max(last, w.ProcessPos)
			n++
		}
	}
	if n >= workshops.MaxProcessWorkshops {
		return 0, workshops.Errorf(workshops.ELIMIT, "a process holds at most %d workshops", workshops.MaxProcessWorkshops)
	}
	if want > 0 && !slices.ContainsFunc(m.workshops, func(w workshops.Workshop) bool { return w.Process == id && w.ProcessPos == want }) {
		return want, nil
	}
	return last + 1, nil
}

// CreateProcess implements workshops.ProcessStore.
func (m *MemStore) CreateProcess(ctx context.Context, p workshops.Process) error {
	if p.ID == "" {
		return workshops.Errorf(workshops.EINVALID, "a process needs an ID")
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if m.processIndex(p.ID) >= 0 {
		return workshops.Errorf(workshops.ECONFLICT, "a process with this ID exists")
	}
	m.processes = append(m.processes, p)
	return nil
}

// Process implements workshops.ProcessStore.
func (m *MemStore) Process(ctx context.Context, id string) (workshops.Process, error) {
	if err := m.lock(ctx); err != nil {
		return workshops.Process{}, err
	}
	defer m.mu.Unlock()
	i := m.processIndex(id)
	if i < 0 {
		return workshops.Process{}, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	return m.processes[i], nil
}

// Processes implements workshops.ProcessStore.
func (m *MemStore) Processes(ctx context.Context) ([]workshops.Process, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	list := make([]workshops.Process, 0, len(m.processes))
	for i := len(m.processes) - 1; i >= 0; i-- {
		list = append(list, m.processes[i])
	}
	slices.SortStableFunc(list, func(a, b workshops.Process) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return list, nil
}

// DeleteProcess implements workshops.ProcessStore.
func (m *MemStore) DeleteProcess(ctx context.Context, id string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	i := m.processIndex(id)
	if i < 0 {
		return workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	m.processes = slices.Delete(m.processes, i, i+1)
	for j := range m.workshops {
		if m.workshops[j].Process == id {
			m.workshops[j].Process, m.workshops[j].ProcessPos = "", 0
		}
	}
	return nil
}

// MoveToProcess implements workshops.ProcessStore.
func (m *MemStore) MoveToProcess(ctx context.Context, workshopID, processID string) (workshops.Workshop, error) {
	if err := m.lock(ctx); err != nil {
		return workshops.Workshop{}, err
	}
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.workshops, func(w workshops.Workshop) bool { return w.ID == workshopID })
	if i < 0 {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if processID != "" && m.processIndex(processID) < 0 {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "no such process")
	}
	w := &m.workshops[i]
	switch {
	case processID == "":
		w.Process, w.ProcessPos = "", 0
	case w.Process != processID:
		pos, err := m.nextPos(processID)
		if err != nil {
			return workshops.Workshop{}, err
		}
		w.ProcessPos, w.Process = pos, processID
	}
	return cloneWorkshop(*w), nil
}
