package workshops

import (
	"context"
	"time"
)

// Process is a municipality's process (prosess): its workshops in the order
// they are held (oppstart, felles, visjon, samskaping, or any others). A
// workshop names its process in Workshop.Process and its place in it in
// Workshop.ProcessPos; the process itself holds only its name.
type Process struct {
	ID string `json:"id"`
	// Title names the process for the organiser, e.g. "Lebesby 2025".
	Title string `json:"title"`
	// Municipality is the municipality whose process it is. A new
	// workshop in the process starts with it, and on a shared board
	// (fellesverksted) its area is the one read back.
	Municipality string    `json:"municipality"`
	CreatedAt    time.Time `json:"createdAt"`
}

// MaxProcessWorkshops is the most workshops one process holds.
const MaxProcessWorkshops = 20

// MaxMunicipalityLen is the most characters of a process's municipality.
const MaxMunicipalityLen = 60

// CleanMunicipality trims a municipality's name and checks it like
// CleanName, up to MaxMunicipalityLen characters.
func CleanMunicipality(s string) (string, error) {
	return cleanLine(s, "municipality", MaxMunicipalityLen)
}

// ProcessStore keeps processes and which workshops belong to them. It is
// part of Store.
//
// A workshop joins a process when it is created with Workshop.Process set
// (CreateWorkshop) or by MoveToProcess; either way the store puts it last,
// with a ProcessPos one past the highest in the process, so positions
// order the process. The one exception is a restore: CreateWorkshop with a
// ProcessPos > 0 that no workshop of the process holds takes that place. Positions left by a
// deleted or moved workshop stay free: they order, they do not count.
type ProcessStore interface {
	// CreateProcess stores a new process; its ID must be new (ECONFLICT).
	CreateProcess(ctx context.Context, p Process) error
	// Process returns the process with the given ID.
	Process(ctx context.Context, id string) (Process, error)
	// Processes lists every process, newest first (the last created
	// first among those created at the same instant).
	Processes(ctx context.Context) ([]Process, error)
	// DeleteProcess deletes a process. Its workshops stay, outside any
	// process. ENOTFOUND if there is no such process.
	DeleteProcess(ctx context.Context, id string) error
	// MoveToProcess puts a workshop last in the process processID, or
	// takes it out of its process when processID is "", and returns the
	// workshop as stored. A workshop already in processID stays where it
	// is. ENOTFOUND if the workshop or the process does not exist.
	MoveToProcess(ctx context.Context, workshopID, processID string) (Workshop, error)
}
