package templates

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samskap/samskap/workshops"
)

// The board layout around the template's own frame layouts, in board units.
// Exercises become sections laid out left to right; a section's frames (or
// areas) sit below a header that holds its title and prompt.
const (
	SectionPad  = 60.0  // inside a section or area, around its content
	SectionHead = 320.0 // a section's header: title and prompt
	AreaHead    = 240.0 // an area's header
	SectionGap  = 400.0 // between sections
	AreaGap     = 120.0 // between the areas of a section
	MinSection  = 1200.0
	MinArea     = 600.0
)

// IntroFrameID is the ID of the intro frame.
const IntroFrameID = "intro"

// FrameKind says what a frame of a set-up board is.
type FrameKind string

// The kinds of frame Setup makes.
const (
	KindIntro   FrameKind = "intro"   // the welcome frame
	KindSection FrameKind = "section" // an exercise's whole section: title, prompt, everything
	KindArea    FrameKind = "area"    // one area of an exercise (a municipality, a group)
	KindFrame   FrameKind = "frame"   // a frame of an exercise, where notes go
)

// FrameRef says what a frame of a set-up board is: which exercise, area
// and key. Keys are those of the template (ser, attraktive, unge-utflyttere,
// persona-1-motivasjoner, ...), the same in every language.
type FrameRef struct {
	Kind     FrameKind `json:"kind"`
	Exercise string    `json:"exercise,omitempty"`
	Area     string    `json:"area,omitempty"` // the area's item key
	Key      string    `json:"key,omitempty"`  // the frame's key in its exercise
}

// FrameID is the board ID Setup gives a frame: the exercise key, then the
// area key, then the frame key, joined by "_" (keys are slugs, so "_"
// never occurs inside one). A section has the exercise key alone, an area
// exercise_area. Examples: brukerbehov_unge-utflyttere,
// malbilder_lebesby_attraktive, prinsipper_gruppe-2.
func FrameID(exercise, area, key string) string {
	id := exercise
	if area != "" {
		id += "_" + area
	}
	if key != "" {
		id += "_" + key
	}
	return id
}

// FrameRef tells what the frame with board ID id is, if Setup of this
// template made it.
func (t *Template) FrameRef(id string) (FrameRef, bool) {
	if id == IntroFrameID && t.Intro != nil {
		return FrameRef{Kind: KindIntro}, true
	}
	parts := strings.Split(id, "_")
	ex := t.Exercise(parts[0])
	if ex == nil || len(parts) > 3 {
		return FrameRef{}, false
	}
	for _, p := range parts {
		if !validSlug(p) {
			return FrameRef{}, false
		}
	}
	ref := FrameRef{Exercise: ex.Key}
	switch {
	case len(parts) == 1:
		ref.Kind = KindSection
	case ex.Areas != nil && len(parts) == 2:
		ref.Kind, ref.Area = KindArea, parts[1]
	case ex.Areas != nil && len(parts) == 3:
		ref.Kind, ref.Area, ref.Key = KindFrame, parts[1], parts[2]
	case ex.Areas == nil && len(parts) == 2:
		ref.Kind, ref.Key = KindFrame, parts[1]
	default:
		return FrameRef{}, false
	}
	return ref, true
}

// Exercise returns the exercise with the given key, or nil.
func (t *Template) Exercise(key string) *Exercise {
	for i := range t.Exercises {
		if t.Exercises[i].Key == key {
			return &t.Exercises[i]
		}
	}
	return nil
}

// Plan is what Setup builds, before it becomes operations: the board's
// title, the groups and every frame with its place, in creation order.
type Plan struct {
	Lang   workshops.Lang `json:"lang"`
	Title  string         `json:"title,omitempty"` // empty: the board keeps its title
	Groups []PlannedGroup `json:"groups,omitempty"`
	Frames []PlannedFrame `json:"frames"`

	text map[string]string // the text parameters, for script messages
}

// PlannedGroup is a breakout group Setup creates.
type PlannedGroup struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Item string `json:"item"` // the key of the item it was made from
}

// PlannedFrame is a frame Setup creates.
type PlannedFrame struct {
	ID string `json:"id"`
	FrameRef
	// Item is the key of the item a repeated frame was made from.
	Item   string  `json:"item,omitempty"`
	Title  string  `json:"title"`
	Prompt string  `json:"prompt,omitempty"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	W      float64 `json:"w"`
	H      float64 `json:"h"`
	Group  string  `json:"group,omitempty"`

	spec string // the template field that made it, for errors
}

// Frame returns the planned frame with the given ID, or nil.
func (p *Plan) Frame(id string) *PlannedFrame {
	for i := range p.Frames {
		if p.Frames[i].ID == id {
			return &p.Frames[i]
		}
	}
	return nil
}

// GroupIDs returns the IDs of the planned groups, in order.
func (p *Plan) GroupIDs() []string {
	ids := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		ids[i] = g.ID
	}
	return ids
}

// ExerciseFrames returns the IDs of every frame of an exercise: its
// section, its areas and their frames. A vote or private step of the
// exercise covers them all.
func (p *Plan) ExerciseFrames(exercise string) []string {
	var ids []string
	for _, f := range p.Frames {
		if f.Exercise == exercise {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// Ops returns the operations that build the planned board, in order:
// board.rename (if the template names the board), group.create for each
// group, then frame.create for each frame, outer frames before the frames
// inside them.
func (p *Plan) Ops() []workshops.Op {
	var ops []workshops.Op
	if p.Title != "" {
		ops = append(ops, workshops.Op{Kind: workshops.OpBoardRename, Title: ptr(p.Title)})
	}
	for _, g := range p.Groups {
		ops = append(ops, workshops.Op{Kind: workshops.OpGroupCreate, Group: ptr(g.ID), Name: ptr(g.Name)})
	}
	for _, f := range p.Frames {
		op := workshops.Op{Kind: workshops.OpFrameCreate, Frame: f.ID, Title: ptr(f.Title),
			X: ptr(f.X), Y: ptr(f.Y), W: ptr(f.W), H: ptr(f.H)}
		if f.Prompt != "" {
			op.Text = ptr(f.Prompt)
		}
		if f.Group != "" {
			op.Group = ptr(f.Group)
		}
		ops = append(ops, op)
	}
	return ops
}

func ptr[T any](v T) *T { return &v }

// Plan checks params and works out the board the template makes in lang.
// The error is a *ParamError.
func (t *Template) Plan(lang workshops.Lang, params Params) (*Plan, error) {
	if !lang.Valid() {
		return nil, &ParamError{Problems: []Problem{{Field: "lang", Message: fmt.Sprintf("unknown language %q", lang)}}}
	}
	p, err := t.CheckParams(params)
	if err != nil {
		return nil, err
	}
	road, err := loadRoadmap()
	if err != nil {
		return nil, err
	}
	plan, ps := t.plan(lang, p, road)
	if len(ps) > 0 {
		return nil, &ParamError{Problems: ps}
	}
	return plan, nil
}

// Setup returns the operations that build the template's board in lang
// with the given parameters (see Plan.Ops). Frame IDs are deterministic
// (FrameID), so the same parameters always give the same operations. The
// error is a *ParamError naming what to change.
func (t *Template) Setup(lang workshops.Lang, params Params) ([]workshops.Op, error) {
	plan, err := t.Plan(lang, params)
	if err != nil {
		return nil, err
	}
	return plan.Ops(), nil
}

// item is one item a repeated frame, area or group is made from.
type item struct {
	key   string
	group string // the breakout group made from it, if any
	vars  map[string]string
}

type planner struct {
	t     *Template
	lang  workshops.Lang
	p     Params
	road  *Roadmap
	text  map[string]string // the text parameters
	plan  *Plan
	ps    problems
	ids   map[string]string // frame ID -> the spec that made it
	group map[string]string // item key of the groups' list -> group ID
}

// plan lays out the board. Problems name the template field involved.
func (t *Template) plan(lang workshops.Lang, p Params, road *Roadmap) (*Plan, []Problem) {
	pl := &planner{t: t, lang: lang, p: p, road: road, text: p.Text, plan: &Plan{Lang: lang},
		ids: map[string]string{}, group: map[string]string{}}
	if pl.text == nil {
		pl.text = map[string]string{}
	}
	pl.plan.text = pl.text
	if t.BoardTitle != nil {
		pl.plan.Title = pl.title("board_title", expand(t.BoardTitle.In(lang), pl.text))
	}
	pl.groups()
	x := 0.0
	if in := t.Intro; in != nil {
		f := PlannedFrame{ID: IntroFrameID, FrameRef: FrameRef{Kind: KindIntro},
			Title: pl.title("intro.title", expand(in.Title.In(lang), pl.text)),
			W:     in.Size.W, H: in.Size.H, spec: "intro"}
		if in.Prompt != nil {
			f.Prompt = pl.prompt("intro.prompt", expand(in.Prompt.In(lang), pl.text))
		}
		pl.add(f)
		x = in.Size.W + SectionGap
	}
	for i := range t.Exercises {
		x += pl.exercise(index("exercises", i), &t.Exercises[i], x) + SectionGap
	}
	if n := len(pl.plan.Frames); n > workshops.MaxFrames {
		pl.ps.add("exercises", "makes %d frames; a board holds at most %d", n, workshops.MaxFrames)
	}
	return pl.plan, pl.ps.list
}

// withText returns vars with the text parameters added.
func (pl *planner) withText(vars map[string]string) map[string]string {
	m := make(map[string]string, len(vars)+len(pl.text))
	for k, v := range pl.text {
		m[k] = v
	}
	for k, v := range vars {
		m[k] = v
	}
	return m
}

// items returns the items of a source: a list parameter, the groups, or
// roadmap cards.
func (pl *planner) items(source string) []item {
	var out []item
	switch source {
	case EachGroups:
		for i, g := range pl.plan.Groups {
			out = append(out, item{key: g.ID, group: g.ID, vars: pl.withText(map[string]string{
				VarKey: g.ID, VarName: g.Name, VarN: strconv.Itoa(i + 1)})})
		}
	case EachGoals, EachPrinciples:
		for i, c := range pl.road.Cards(source) {
			out = append(out, item{key: c.Key, vars: pl.withText(map[string]string{
				VarKey: c.Key, VarName: c.Title.In(pl.lang), VarDescription: c.Description.In(pl.lang), VarN: strconv.Itoa(i + 1)})})
		}
	default:
		for i, it := range pl.p.Lists[source] {
			vars := map[string]string{VarKey: it.Key, VarName: it.Name, VarN: strconv.Itoa(i + 1),
				FieldTheme: it.Theme, FieldSituation: it.Situation, FieldQuote: it.Quote}
			if it.Age > 0 {
				vars[FieldAge] = strconv.Itoa(it.Age)
			}
			g := ""
			if pl.t.Groups != nil && pl.t.Groups.Each == source {
				g = pl.group[it.Key]
			}
			out = append(out, item{key: it.Key, group: g, vars: pl.withText(vars)})
		}
	}
	return out
}

func (pl *planner) groups() {
	g := pl.t.Groups
	if g == nil {
		return
	}
	seen := map[string]bool{}
	for i, it := range pl.items(g.Each) {
		id := expand(g.Key, it.vars)
		if !workshops.ValidID(id) || !validSlug(id) {
			pl.ps.add("groups.key", "makes the group ID %q, which is not a valid ID", id)
		}
		if seen[id] {
			pl.ps.add("groups.key", "makes the group ID %q twice; give the %s different keys", id, g.Each)
		}
		seen[id] = true
		name := strings.TrimSpace(expand(g.Name.In(pl.lang), it.vars))
		if utf8.RuneCountInString(name) > workshops.MaxGroupNameLen {
			name = string([]rune(name)[:workshops.MaxGroupNameLen-1]) + "…"
		}
		if name == "" {
			pl.ps.add(join("groups.name", string(pl.lang)), "makes an empty group name for %s", index(g.Each, i))
		}
		pl.group[it.key] = id
		pl.plan.Groups = append(pl.plan.Groups, PlannedGroup{ID: id, Name: name, Item: it.key})
	}
}

// title checks a frame or board title.
func (pl *planner) title(field, s string) string {
	t, err := workshops.CleanTitle(s)
	if err != nil {
		pl.ps.add(join(field, string(pl.lang)), "makes the title %q: %s", truncate(s, 60), workshops.ErrorMessage(err))
	}
	return t
}

// prompt checks a frame prompt.
func (pl *planner) prompt(field, s string) string {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > workshops.MaxNoteTextLen {
		pl.ps.add(join(field, string(pl.lang)), "makes a prompt of %d characters; at most %d", n, workshops.MaxNoteTextLen)
	}
	return s
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// add checks a frame's ID and geometry and appends it to the plan.
func (pl *planner) add(f PlannedFrame) {
	if !workshops.ValidID(f.ID) {
		pl.ps.add(f.spec, "makes the frame ID %q, which is not a valid ID (1 to 64 of A-Z a-z 0-9 - _)", f.ID)
	}
	if other, dup := pl.ids[f.ID]; dup {
		pl.ps.add(f.spec, "makes the frame ID %q, which %s made already; give the items different keys", f.ID, other)
	}
	pl.ids[f.ID] = f.spec
	if f.W < workshops.MinFrameSize || f.H < workshops.MinFrameSize || f.W > workshops.MaxFrameSize || f.H > workshops.MaxFrameSize {
		pl.ps.add(f.spec, "makes frame %s %gx%g; a frame's sides must be %g to %g", f.ID, f.W, f.H, workshops.MinFrameSize, workshops.MaxFrameSize)
	}
	if f.X < -workshops.MaxCoord || f.Y < -workshops.MaxCoord || f.X+f.W > workshops.MaxCoord || f.Y+f.H > workshops.MaxCoord {
		pl.ps.add(f.spec, "puts frame %s off the board (beyond ±%g)", f.ID, workshops.MaxCoord)
	}
	pl.plan.Frames = append(pl.plan.Frames, f)
}

// rel is a frame of a section or area, placed relative to its content.
type rel struct {
	spec   string
	key    string
	item   string
	title  string
	prompt string
	group  string
	x, y   float64
	w, h   float64
}

// frames lays out an exercise's frames relative to the content's origin.
func (pl *planner) frames(path string, ex *Exercise) []rel {
	var out []rel
	for fi := range ex.Frames {
		fs := &ex.Frames[fi]
		fpath := index(join(path, "frames"), fi)
		one := func(k int, it *item) {
			vars := pl.text
			r := rel{spec: fpath, key: fs.Key, x: fs.Layout.X, y: fs.Layout.Y, w: fs.Layout.W, h: fs.Layout.H}
			if it != nil {
				vars = it.vars
				r.key, r.item = expand(fs.Key, vars), it.key
				if fs.Grid != nil && fs.Grid.Columns > 0 {
					r.x += float64(k%fs.Grid.Columns) * fs.Grid.DX
					r.y += float64(k/fs.Grid.Columns) * fs.Grid.DY
				}
				if fs.Grouped || fs.Each == EachGroups {
					r.group = it.group
				}
			}
			r.title = pl.title(join(fpath, "title"), expand(fs.Title.In(pl.lang), vars))
			if fs.Prompt != nil {
				r.prompt = pl.prompt(join(fpath, "prompt"), expand(fs.Prompt.In(pl.lang), vars))
			}
			if !validSlug(r.key) {
				pl.ps.add(join(fpath, "key"), "makes the key %q, which is not a slug", r.key)
			}
			out = append(out, r)
		}
		if fs.Each == "" {
			one(0, nil)
			continue
		}
		for k, it := range pl.items(fs.Each) {
			one(k, &it)
		}
	}
	// Reading order (and so creation order, and the order of a list view
	// or screen reader): top to bottom, then left to right.
	slices.SortStableFunc(out, func(a, b rel) int {
		if c := cmp.Compare(a.y, b.y); c != 0 {
			return c
		}
		return cmp.Compare(a.x, b.x)
	})
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			a, b := out[i], out[j]
			if a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h {
				pl.ps.add(join(b.spec, "layout"), "frame %q overlaps frame %q (%s)", b.key, a.key, a.spec)
			}
		}
	}
	return out
}

// exercise lays out one exercise as a section at x and returns its width.
func (pl *planner) exercise(path string, ex *Exercise, x float64) float64 {
	rels := pl.frames(path, ex)
	var cw, ch float64
	for _, r := range rels {
		cw, ch = max(cw, r.x+r.w), max(ch, r.y+r.h)
	}
	type area struct {
		it     item
		dx, dy float64
	}
	var areas []area
	aw, ah := max(cw+2*SectionPad, MinArea), AreaHead+ch+SectionPad
	contentW, contentH := cw, ch
	if ex.Areas != nil {
		items := pl.items(ex.Areas.Each)
		for j, it := range items {
			a := area{it: it}
			if ex.Areas.Direction == DirDown {
				a.dy = float64(j) * (ah + AreaGap)
			} else {
				a.dx = float64(j) * (aw + AreaGap)
			}
			areas = append(areas, a)
		}
		contentW, contentH = 0, 0
		if n := float64(len(items)); n > 0 {
			contentW, contentH = n*aw+(n-1)*AreaGap, ah
			if ex.Areas.Direction == DirDown {
				contentW, contentH = aw, n*ah+(n-1)*AreaGap
			}
		}
	}
	sec := PlannedFrame{ID: FrameID(ex.Key, "", ""), FrameRef: FrameRef{Kind: KindSection, Exercise: ex.Key},
		Title:  pl.title(join(path, "title"), expand(ex.Title.In(pl.lang), pl.text)),
		Prompt: pl.prompt(join(path, "prompt"), expand(ex.Prompt.In(pl.lang), pl.text)),
		X:      x, Y: 0, W: max(contentW+2*SectionPad, MinSection), H: SectionHead + contentH + SectionPad, spec: path}
	pl.add(sec)
	ox, oy := x+SectionPad, SectionHead
	place := func(r rel, areaKey string, dx, dy float64, group string) {
		f := PlannedFrame{ID: FrameID(ex.Key, areaKey, r.key), FrameRef: FrameRef{Kind: KindFrame, Exercise: ex.Key, Area: areaKey, Key: r.key},
			Item: r.item, Title: r.title, Prompt: r.prompt, X: dx + r.x, Y: dy + r.y, W: r.w, H: r.h, Group: r.group, spec: r.spec}
		if group != "" {
			f.Group = group
		}
		pl.add(f)
	}
	if ex.Areas == nil {
		for _, r := range rels {
			place(r, "", ox, oy, "")
		}
		return sec.W
	}
	apath := join(path, "areas")
	for _, a := range areas {
		af := PlannedFrame{ID: FrameID(ex.Key, a.it.key, ""), FrameRef: FrameRef{Kind: KindArea, Exercise: ex.Key, Area: a.it.key},
			Item:  a.it.key,
			Title: pl.title(join(apath, "title"), expand(ex.Areas.Title.In(pl.lang), a.it.vars)),
			X:     ox + a.dx, Y: oy + a.dy, W: aw, H: ah, spec: apath}
		if ex.Areas.Prompt != nil {
			af.Prompt = pl.prompt(join(apath, "prompt"), expand(ex.Areas.Prompt.In(pl.lang), a.it.vars))
		}
		if ex.Areas.Grouped || ex.Areas.Each == EachGroups {
			af.Group = a.it.group
		}
		pl.add(af)
		for _, r := range rels {
			place(r, a.it.key, af.X+SectionPad, af.Y+AreaHead, af.Group)
		}
	}
	return sec.W
}
