package workshops

import (
	"slices"
	"strings"
)

// Progress is what a facilitator sees of how the work goes: per part of
// the agenda (an exercise), how many have written and voted, who has not
// written yet, and which areas (a municipality on a shared board) have
// picked too few cards. Only counts and participant IDs: no content, so
// it reveals nothing of a sealed private step.
type Progress struct {
	// Participants is how many participants (not removed) the board has.
	Participants int            `json:"participants"`
	Parts        []PartProgress `json:"parts"`
}

// PartProgress is the progress of one part (exercise) of the agenda.
type PartProgress struct {
	Part  string `json:"part"`
	Title string `json:"title"`
	// Wrote is how many participants have a live note in the part's frames.
	Wrote int `json:"wrote"`
	Notes int `json:"notes"`
	// Voted is how many have cast a dot in the part's latest vote; Vote
	// names it ("" for none).
	Vote  string `json:"vote,omitempty"`
	Voted int    `json:"voted"`
	// Idle lists the participants who have written nothing in the part.
	Idle []string `json:"idle"`
	// Areas are the part's areas that hold cards, with how many cards have
	// been picked (hold a note or are chosen) and the least to pick.
	Areas []AreaProgress `json:"areas,omitempty"`
}

// AreaProgress is one area of a part: a municipality's goal images.
type AreaProgress struct {
	Frame  string `json:"frame"`
	Title  string `json:"title"`
	Picked int    `json:"picked"`
	Min    int    `json:"min,omitempty"`
}

// inPart reports whether frame id belongs to part: the part's section or
// any frame under it (templates name frames part_area_key).
func inPart(id, part string) bool {
	return id == part || strings.HasPrefix(id, part+"_")
}

// Progress computes the board's progress per part of its agenda (one part
// for the whole board without an agenda).
func (b *Board) Progress() Progress {
	type partInfo struct {
		title   string
		pickMin int
	}
	var parts []string
	info := map[string]partInfo{}
	if b.Agenda != nil {
		for _, s := range b.Agenda.Steps {
			if s.Part == "" {
				continue
			}
			pi, seen := info[s.Part]
			if !seen {
				parts = append(parts, s.Part)
				pi.title = s.Title
			}
			pi.pickMin = max(pi.pickMin, s.PickMin)
			info[s.Part] = pi
		}
	}
	if len(parts) == 0 {
		parts = []string{""}
	}
	var people []string
	for id, p := range b.Participants {
		if p.Role == RoleParticipant && !p.Removed {
			people = append(people, id)
		}
	}
	slices.Sort(people)
	out := Progress{Participants: len(people), Parts: []PartProgress{}}
	for _, part := range parts {
		pp := PartProgress{Part: part, Title: info[part].title, Idle: []string{}}
		wrote := map[string]bool{}
		picked := map[string]int{} // area frame -> cards picked
		cardHasNote := map[string]bool{}
		for _, n := range b.Notes {
			if n.Deleted || (part != "" && !inPart(n.Frame, part)) {
				continue
			}
			pp.Notes++
			if p, ok := b.Participants[n.Author]; ok && p.Role == RoleParticipant {
				wrote[n.Author] = true
			}
			cardHasNote[n.Frame] = true
		}
		pp.Wrote = len(wrote)
		for _, id := range people {
			if !wrote[id] {
				pp.Idle = append(pp.Idle, id)
			}
		}
		if part != "" {
			for id, f := range b.Frames {
				segs := strings.Split(id, "_")
				if f.Deleted || len(segs) != 3 || segs[0] != part {
					continue
				}
				area := segs[0] + "_" + segs[1]
				if a, ok := b.Frames[area]; !ok || a.Deleted {
					continue
				}
				if _, ok := picked[area]; !ok {
					picked[area] = 0
				}
				if f.Chosen || cardHasNote[id] {
					picked[area]++
				}
			}
			for area, n := range picked {
				pp.Areas = append(pp.Areas, AreaProgress{Frame: area, Title: b.Frames[area].Title, Picked: n, Min: info[part].pickMin})
			}
			slices.SortFunc(pp.Areas, func(x, y AreaProgress) int { return strings.Compare(x.Frame, y.Frame) })
		}
		// The part's latest vote: one whose frames all lie in the part.
		var latest *Vote
		for _, v := range b.Votes {
			if part != "" && (len(v.Frames) == 0 || slices.ContainsFunc(v.Frames, func(f string) bool { return !inPart(f, part) })) && v.ID != part {
				continue
			}
			if latest == nil || v.OpenedAt > latest.OpenedAt || v.OpenedAt == latest.OpenedAt && v.ID > latest.ID {
				v := v
				latest = &v
			}
		}
		if latest != nil {
			pp.Vote, pp.Voted = latest.ID, len(latest.Ballots)
		}
		out.Parts = append(out.Parts, pp)
	}
	return out
}
