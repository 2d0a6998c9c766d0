package workshops

import (
	"cmp"
	"context"
	"net/url"
	"strings"
	"time"
)

// Schedule is when and where a workshop is planned: the organiser sets it,
// the join page shows it, the organiser's list sorts by it, and the
// export's process table dates the workshop by it. Every field may be
// empty (not planned yet); a workshop from before schedules has none.
type Schedule struct {
	// Date is the day, YYYY-MM-DD, in the municipality's local time.
	Date string `json:"date,omitempty"`
	// Start and End are HH:MM on that day; End after Start.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Place is a room or an address, or a meeting link (an https URL,
	// which the join page shows as a link).
	Place string `json:"place,omitempty"`
}

// MaxPlaceLen is the most characters of a schedule's place.
const MaxPlaceLen = 200

// IsZero reports whether nothing is planned.
func (s Schedule) IsZero() bool { return s == Schedule{} }

// Day returns the planned date as a time at midnight UTC, or the zero time
// when the schedule has no date.
func (s Schedule) Day() time.Time {
	t, err := time.Parse(time.DateOnly, s.Date)
	if err != nil {
		return time.Time{}
	}
	return t
}

// PlaceURL returns the place as a URL when it is a meeting link (https, with
// a host), else "".
func (s Schedule) PlaceURL() string {
	u, err := url.Parse(s.Place)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(s.Place, " \t") {
		return ""
	}
	return u.String()
}

// CleanSchedule trims a schedule and checks it: a real date (years 2000 to
// 2999), times HH:MM, a time only with a date, an end only with a start and
// after it, a place of one line up to MaxPlaceLen characters. A place that
// starts with a URL scheme must be an https link. An error is EINVALID or
// ETOOLARGE and says which field is wrong.
func CleanSchedule(s Schedule) (Schedule, error) {
	s.Date, s.Start, s.End = strings.TrimSpace(s.Date), strings.TrimSpace(s.Start), strings.TrimSpace(s.End)
	if s.Date != "" {
		d, err := time.Parse(time.DateOnly, s.Date)
		if err != nil || d.Year() < 2000 || d.Year() > 2999 {
			return Schedule{}, Errorf(EINVALID, "the date %q is not a date as YYYY-MM-DD", s.Date)
		}
	}
	var start, end time.Time
	for _, f := range []struct {
		v    string
		t    *time.Time
		what string
	}{{s.Start, &start, "start"}, {s.End, &end, "end"}} {
		if f.v == "" {
			continue
		}
		t, err := time.Parse("15:04", f.v)
		if err != nil {
			return Schedule{}, Errorf(EINVALID, "the %s time %q is not a time as HH:MM", f.what, f.v)
		}
		*f.t = t
	}
	switch {
	case s.Start != "" && s.Date == "":
		return Schedule{}, Errorf(EINVALID, "a start time needs a date")
	case s.End != "" && s.Start == "":
		return Schedule{}, Errorf(EINVALID, "an end time needs a start time")
	case s.End != "" && !end.After(start):
		return Schedule{}, Errorf(EINVALID, "the end time %s is not after the start time %s", s.End, s.Start)
	}
	if strings.TrimSpace(s.Place) != "" {
		p, err := cleanLine(s.Place, "place", MaxPlaceLen)
		if err != nil {
			return Schedule{}, err
		}
		s.Place = p
		if i := strings.Index(p, "://"); i > 0 && !strings.ContainsAny(p[:i], " ,") {
			if (Schedule{Place: p}).PlaceURL() == "" {
				return Schedule{}, Errorf(EINVALID, "a meeting link must be an https:// address")
			}
		}
	} else {
		s.Place = ""
	}
	return s, nil
}

// CompareSchedule orders workshops for the organiser's list: planned ones
// by date and start time, earliest first, then those without a date,
// newest created first.
func CompareSchedule(a, b Workshop) int {
	ad, bd := a.Schedule.Date, b.Schedule.Date
	switch {
	case ad != "" && bd == "":
		return -1
	case ad == "" && bd != "":
		return 1
	case ad != "":
		if c := cmp.Or(strings.Compare(ad, bd), strings.Compare(a.Schedule.Start, b.Schedule.Start)); c != 0 {
			return c
		}
	}
	return b.CreatedAt.Compare(a.CreatedAt)
}

// ScheduleStore keeps the workshops' schedules and the order of a
// process's workshops. It is part of Store.
type ScheduleStore interface {
	// SetSchedule stores a workshop's schedule (already cleaned with
	// CleanSchedule), replacing the one it had. ENOTFOUND if there is no
	// such workshop.
	SetSchedule(ctx context.Context, workshopID string, s Schedule) error
	// ReorderProcess puts the workshops of a process in the order given:
	// workshopIDs must name every workshop of the process exactly once
	// (EINVALID otherwise, and nothing changes); they get the positions 1,
	// 2, 3 ... in that order. ENOTFOUND if there is no such process.
	ReorderProcess(ctx context.Context, processID string, workshopIDs []string) error
}

// CheckReorder checks a reorder request against the workshops the process
// holds now: every one named exactly once, no other. Stores call it inside
// their transaction.
func CheckReorder(current, ids []string) error {
	if len(ids) != len(current) {
		return Errorf(EINVALID, "name every workshop of the process once: it holds %d, the order names %d", len(current), len(ids))
	}
	in := make(map[string]bool, len(current))
	for _, id := range current {
		in[id] = true
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !in[id] {
			return Errorf(EINVALID, "workshop %q is not in the process", id)
		}
		if seen[id] {
			return Errorf(EINVALID, "workshop %q is named twice", id)
		}
		seen[id] = true
	}
	return nil
}
