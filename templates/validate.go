package templates

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samskap/samskap/workshops"
)

// Limits on what a template file may say.
const (
	MaxTemplateKeyLen = 32
	MaxExerciseKeyLen = 24
	MaxFrameKeyLen    = 40
	MaxParamKeyLen    = 32
	MaxListItems      = 20  // the most items a list parameter may allow
	MaxWorkshopMin    = 720 // a workshop's length, in minutes
	MaxExerciseMin    = 240 // an exercise's length, in minutes
	MaxSayLen         = 1000
	MaxLabelLen       = 120
	MaxHelpLen        = 500
	MaxDescriptionLen = 1000
)

var langs = []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN}

var allActions = []string{DoFocus, DoTimer, DoMessage, DoGroupsPickOn, DoGroupsPickOff, DoGroupsAssign,
	DoBreakoutStart, DoBreakoutEnd, DoVoteOpen, DoVoteReveal, DoVoteTop, DoPrivateStart, DoPrivateReveal, DoPanelInvite,
	DoChooseRecord}

// validator checks a decoded template and collects the problems.
type validator struct {
	t    *Template
	road *Roadmap
	ps   problems
	// titleVars are the placeholders every title may use (the required
	// text parameters); textVars those every prompt may use (all of them).
	titleVars, textVars []string
}

// validate checks everything that can be checked without parameters. The
// worst-case runs in check.go then check the layout and scripts.
func validate(t *Template, road *Roadmap) []Problem {
	v := &validator{t: t, road: road}
	v.top()
	return v.ps.list
}

// textKind says how a Text is checked.
type textKind struct {
	max       int  // characters before expansion
	multiline bool // newlines allowed
}

var (
	titleText  = textKind{max: workshops.MaxTitleLen}
	promptText = textKind{max: workshops.MaxNoteTextLen, multiline: true}
)

// text checks that t has every language, that each is clean, and that its
// placeholders are among vars.
func (v *validator) text(path string, t Text, k textKind, vars []string) {
	for _, l := range langs {
		f := join(path, string(l))
		s := t.In(l)
		if strings.TrimSpace(s) == "" {
			v.ps.add(f, "empty")
			continue
		}
		if !utf8.ValidString(s) {
			v.ps.add(f, "not valid UTF-8")
			continue
		}
		if n := utf8.RuneCountInString(s); n > k.max {
			v.ps.add(f, "longer than %d characters (%d)", k.max, n)
		}
		for _, r := range s {
			if unicode.IsControl(r) && !(k.multiline && r == '\n') {
				v.ps.add(f, "contains a control character")
				break
			}
		}
		names, err := placeholders(s)
		if err != nil {
			v.ps.add(f, "%v", err)
			continue
		}
		for _, n := range names {
			if !slices.Contains(vars, n) {
				v.ps.add(f, "unknown placeholder {%s}%s", n, allowedHint(vars))
			}
		}
	}
}

func (v *validator) optText(path string, t *Text, k textKind, vars []string) {
	if t != nil {
		v.text(path, *t, k, vars)
	}
}

func allowedHint(vars []string) string {
	if len(vars) == 0 {
		return " (none may be used here)"
	}
	return " (here: {" + strings.Join(vars, "}, {") + "})"
}

func (v *validator) top() {
	t := v.t
	if t.Format != Format {
		v.ps.add("format", "must be %d, got %d", Format, t.Format)
	}
	if !validSlug(t.Key) || len(t.Key) > MaxTemplateKeyLen {
		v.ps.add("key", "%q is not a key: use 1 to %d of a-z, 0-9 and single dashes", t.Key, MaxTemplateKeyLen)
	}
	if t.ProcessStep < 0 || t.ProcessStep > 9 {
		v.ps.add("process_step", "must be 0 to 9")
	}
	v.text("name", t.Name, titleText, nil)
	v.text("description", t.Description, textKind{max: MaxDescriptionLen, multiline: true}, nil)
	if t.DurationMin < 0 || t.DurationMin > MaxWorkshopMin {
		v.ps.add("duration_min", "must be 0 to %d minutes", MaxWorkshopMin)
	}
	v.params()
	v.optText("board_title", t.BoardTitle, titleText, v.titleVars)
	if g := t.Groups; g != nil {
		d := v.list("groups.each", g.Each)
		if d != nil && d.Min < 1 {
			v.ps.add("groups.each", "%s may be empty, so there may be no groups: give it a min of at least 1", g.Each)
		}
		v.keyPattern("groups.key", g.Key)
		v.text("groups.name", g.Name, textKind{max: workshops.MaxGroupNameLen}, v.itemVars(g.Each, true))
	}
	if in := t.Intro; in != nil {
		v.text("intro.title", in.Title, titleText, v.titleVars)
		v.optText("intro.prompt", in.Prompt, promptText, v.textVars)
		v.size("intro.size", in.Size.W, in.Size.H)
		v.script("intro.script", in.Script, nil)
	}
	if cp := t.CitizenPanel; cp != nil {
		v.text("citizen_panel.consent", cp.Consent, promptText, v.textVars)
	}
	if t.Exercises == nil {
		v.ps.add("exercises", "missing (a blank board has an empty list)")
	}
	if len(t.Exercises) > 0 && t.DurationMin == 0 {
		v.ps.add("duration_min", "missing: a template with exercises needs a length")
	}
	keys := map[string]int{}
	total := 0
	for i := range t.Exercises {
		ex := &t.Exercises[i]
		path := index("exercises", i)
		if j, dup := keys[ex.Key]; dup {
			v.ps.add(join(path, "key"), "%q is also the key of exercises[%d]", ex.Key, j)
		}
		keys[ex.Key] = i
		v.exercise(path, ex)
		total += ex.DurationMin
	}
	if t.DurationMin > 0 && total > t.DurationMin {
		v.ps.add("duration_min", "%d minutes, but the exercises take %d", t.DurationMin, total)
	}
	if t.CitizenPanel != nil && !v.anyStep(DoPanelInvite) {
		v.ps.add("citizen_panel", "no script step does %q", DoPanelInvite)
	}
}

// anyStep reports whether some step of some script does action.
func (v *validator) anyStep(action string) bool {
	var scripts [][]Step
	if v.t.Intro != nil {
		scripts = append(scripts, v.t.Intro.Script)
	}
	for _, ex := range v.t.Exercises {
		scripts = append(scripts, ex.Script)
	}
	for _, s := range scripts {
		for _, st := range s {
			if slices.Contains(st.Do, action) {
				return true
			}
		}
	}
	return false
}

func validParamKey(s string) bool {
	if s == "" || len(s) > MaxParamKeyLen || !(s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (v *validator) params() {
	seen := map[string]int{}
	for i, d := range v.t.Parameters {
		path := index("parameters", i)
		switch {
		case !validParamKey(d.Key):
			v.ps.add(join(path, "key"), "%q is not a parameter key: use a-z, 0-9 and _, starting with a letter", d.Key)
		case slices.Contains(reservedVars, d.Key) || slices.Contains([]string{EachGroups, EachGoals, EachPrinciples}, d.Key):
			v.ps.add(join(path, "key"), "%q is reserved", d.Key)
		}
		if j, dup := seen[d.Key]; dup {
			v.ps.add(join(path, "key"), "%q is also the key of parameters[%d]", d.Key, j)
		}
		seen[d.Key] = i
		v.text(join(path, "label"), d.Label, textKind{max: MaxLabelLen}, nil)
		v.optText(join(path, "help"), d.Help, textKind{max: MaxHelpLen}, nil)
		switch d.Type {
		case ParamText:
			if d.MaxLen < 1 || d.MaxLen > MaxTextParamLen {
				v.ps.add(join(path, "max_len"), "must be 1 to %d", MaxTextParamLen)
			}
			if d.Min != 0 || d.Max != 0 || len(d.Fields) > 0 {
				v.ps.add(path, "min, max and fields are for lists")
			}
			v.textVars = append(v.textVars, d.Key)
			if d.Required {
				v.titleVars = append(v.titleVars, d.Key)
			}
		case ParamList:
			if d.Min < 0 || d.Max < 1 || d.Min > d.Max || d.Max > MaxListItems {
				v.ps.add(join(path, "max"), "want 0 <= min <= max, 1 <= max <= %d; got min %d, max %d", MaxListItems, d.Min, d.Max)
			}
			if d.Required || d.MaxLen != 0 {
				v.ps.add(path, "required and max_len are for text; a list has min and max")
			}
			for j, f := range d.Fields {
				if !slices.Contains(itemFields, f) {
					v.ps.add(index(join(path, "fields"), j), "unknown item field %q (known: %s)", f, strings.Join(itemFields, ", "))
				}
				if slices.Index(d.Fields, f) != j {
					v.ps.add(index(join(path, "fields"), j), "%q is listed twice", f)
				}
			}
		default:
			v.ps.add(join(path, "type"), "must be %q or %q, got %q", ParamText, ParamList, d.Type)
		}
	}
}

// list returns the list parameter named at path, or reports it.
func (v *validator) list(path, key string) *Parameter {
	d := v.t.param(key)
	if d == nil || d.Type != ParamList {
		v.ps.add(path, "unknown list parameter %q", key)
		return nil
	}
	return d
}

// itemVars are the placeholders an item of source offers, plus the text
// parameters (only the required ones for titles).
func (v *validator) itemVars(source string, title bool) []string {
	vars := []string{VarKey, VarName, VarN}
	switch source {
	case EachGroups:
	case EachGoals, EachPrinciples:
		vars = append(vars, VarDescription)
	default:
		if d := v.t.param(source); d != nil {
			vars = append(vars, d.Fields...)
		}
	}
	if title {
		return append(vars, v.titleVars...)
	}
	return append(vars, v.textVars...)
}

// source checks the each of a repeated frame or area.
func (v *validator) source(path, each string, cards bool) {
	switch each {
	case EachGroups:
		if v.t.Groups == nil {
			v.ps.add(path, "%q needs the template's groups", each)
		}
	case EachGoals, EachPrinciples:
		if !cards {
			v.ps.add(path, "areas cannot be made from roadmap cards")
		} else if len(v.road.Cards(each)) == 0 {
			v.ps.add(path, "the roadmap has no %s", each)
		}
	default:
		v.list(path, each)
	}
}

// keyPattern checks a key made from an item: a slug with {key} or {n}.
func (v *validator) keyPattern(path, pattern string) {
	names, err := placeholders(pattern)
	if err != nil {
		v.ps.add(path, "%v", err)
		return
	}
	for _, n := range names {
		if n != VarKey && n != VarN {
			v.ps.add(path, "unknown placeholder {%s} (keys may use {key} and {n})", n)
		}
	}
	if len(names) == 0 {
		v.ps.add(path, "must contain {key} or {n}, or every item gets the same key")
	}
	if s := expand(pattern, map[string]string{VarKey: "k", VarN: "1"}); !validSlug(s) {
		v.ps.add(path, "%q does not make a slug", pattern)
	}
}

func (v *validator) size(path string, w, h float64) {
	lo, hi := workshops.MinFrameSize, workshops.MaxFrameSize
	if !(w >= lo && w <= hi) {
		v.ps.add(join(path, "w"), "must be %g to %g, got %g", lo, hi, w)
	}
	if !(h >= lo && h <= hi) {
		v.ps.add(join(path, "h"), "must be %g to %g, got %g", lo, hi, h)
	}
}

func (v *validator) exercise(path string, ex *Exercise) {
	if !validSlug(ex.Key) || len(ex.Key) > MaxExerciseKeyLen {
		v.ps.add(join(path, "key"), "%q is not a key: use 1 to %d of a-z, 0-9 and single dashes", ex.Key, MaxExerciseKeyLen)
	}
	if ex.Key == IntroFrameID {
		v.ps.add(join(path, "key"), "%q is reserved for the intro", ex.Key)
	}
	v.text(join(path, "title"), ex.Title, titleText, v.titleVars)
	v.text(join(path, "prompt"), ex.Prompt, promptText, v.textVars)
	if ex.DurationMin < 1 || ex.DurationMin > MaxExerciseMin {
		v.ps.add(join(path, "duration_min"), "must be 1 to %d minutes, got %d", MaxExerciseMin, ex.DurationMin)
	}
	if ex.Breakout && v.t.Groups == nil {
		v.ps.add(join(path, "breakout"), "the template has no groups")
	}
	grouped := v.t.Groups != nil
	inGroupedArea := false
	if a := ex.Areas; a != nil {
		ap := join(path, "areas")
		v.source(join(ap, "each"), a.Each, false)
		v.text(join(ap, "title"), a.Title, titleText, v.itemVars(a.Each, true))
		v.optText(join(ap, "prompt"), a.Prompt, promptText, v.itemVars(a.Each, false))
		if a.Direction != DirRight && a.Direction != DirDown {
			v.ps.add(join(ap, "direction"), "must be %q or %q", DirRight, DirDown)
		}
		if a.Grouped && a.Each != EachGroups && !(grouped && v.t.Groups.Each == a.Each) {
			v.ps.add(join(ap, "grouped"), "the groups are not made from %q", a.Each)
		}
		inGroupedArea = a.Grouped || a.Each == EachGroups
	}
	if len(ex.Frames) == 0 {
		v.ps.add(join(path, "frames"), "empty: an exercise needs a frame")
	}
	keys := map[string]int{}
	for i := range ex.Frames {
		fs := &ex.Frames[i]
		fp := index(join(path, "frames"), i)
		// Keys made from items of different lists may meet only at setup;
		// Plan checks the frame IDs it makes.
		if j, dup := keys[fs.Each+"|"+fs.Key]; dup {
			v.ps.add(join(fp, "key"), "%q is also the key of frames[%d]", fs.Key, j)
		}
		keys[fs.Each+"|"+fs.Key] = i
		titleVars, textVars := v.titleVars, v.textVars
		if fs.Each == "" {
			if !validSlug(fs.Key) || len(fs.Key) > MaxFrameKeyLen {
				v.ps.add(join(fp, "key"), "%q is not a key: use 1 to %d of a-z, 0-9 and single dashes", fs.Key, MaxFrameKeyLen)
			}
			if fs.Grid != nil {
				v.ps.add(join(fp, "grid"), "only a repeated frame (each) has a grid")
			}
			if fs.Grouped {
				v.ps.add(join(fp, "grouped"), "only a repeated frame (each) can be grouped")
			}
		} else {
			v.source(join(fp, "each"), fs.Each, true)
			v.keyPattern(join(fp, "key"), fs.Key)
			titleVars, textVars = v.itemVars(fs.Each, true), v.itemVars(fs.Each, false)
			if fs.Grid == nil {
				v.ps.add(join(fp, "grid"), "missing: a repeated frame needs a grid")
			} else {
				if fs.Grid.Columns < 1 {
					v.ps.add(join(fp, "grid.columns"), "must be at least 1")
				}
				if fs.Grid.DX < 0 || fs.Grid.DY < 0 {
					v.ps.add(join(fp, "grid"), "dx and dy must not be negative")
				}
			}
			if fs.Grouped && fs.Each != EachGroups && !(grouped && v.t.Groups.Each == fs.Each) {
				v.ps.add(join(fp, "grouped"), "the groups are not made from %q", fs.Each)
			}
			if (fs.Grouped || fs.Each == EachGroups) && inGroupedArea {
				v.ps.add(join(fp, "grouped"), "the frame lies in a grouped area already")
			}
		}
		v.text(join(fp, "title"), fs.Title, titleText, titleVars)
		v.optText(join(fp, "prompt"), fs.Prompt, promptText, textVars)
		l := fs.Layout
		if !(l.X >= 0 && l.Y >= 0 && l.X <= workshops.MaxFrameSize && l.Y <= workshops.MaxFrameSize) {
			v.ps.add(join(fp, "layout"), "x and y are relative to the section and must be 0 to %g", workshops.MaxFrameSize)
		}
		v.size(join(fp, "layout"), l.W, l.H)
	}
	if vt := ex.Vote; vt != nil {
		vp := join(path, "vote")
		if vt.Budget < 1 || vt.Budget > workshops.MaxBudget {
			v.ps.add(join(vp, "budget"), "must be 1 to %d dots, got %d", workshops.MaxBudget, vt.Budget)
		}
		if vt.Cap < 0 || vt.Cap > vt.Budget {
			v.ps.add(join(vp, "cap"), "must be 0 (none) to the budget, got %d", vt.Cap)
		}
		if vt.Top < 0 || vt.Top > 20 {
			v.ps.add(join(vp, "top"), "must be 0 to 20")
		}
		if vt.PerGroup && !ex.Breakout {
			v.ps.add(join(vp, "per_group"), "the exercise is not done in breakout groups")
		}
	}
	for i, c := range ex.Choose {
		cp := index(join(path, "choose"), i)
		switch c.By {
		case ByPerson:
		case ByGroup:
			if !ex.Breakout {
				v.ps.add(join(cp, "by"), "the exercise is not done in breakout groups")
			}
		case ByArea:
			if ex.Areas == nil {
				v.ps.add(join(cp, "by"), "the exercise has no areas")
			}
		default:
			v.ps.add(join(cp, "by"), "must be %q, %q or %q", ByPerson, ByGroup, ByArea)
		}
		if c.Min < 0 || c.Max < 1 || c.Min > c.Max {
			v.ps.add(cp, "want 0 <= min <= max and max >= 1; got min %d, max %d", c.Min, c.Max)
		}
		if c.Private && ex.Private == nil {
			v.ps.add(join(cp, "private"), "the exercise has no private step")
		}
	}
	v.script(join(path, "script"), ex.Script, ex)
}

// script checks a script: each step's texts and actions, and that the
// exercise's vote, private step and breakout each open and close.
func (v *validator) script(path string, steps []Step, ex *Exercise) {
	if len(steps) == 0 {
		v.ps.add(path, "empty: the facilitator needs at least one step")
	}
	seen := map[string]int{} // action -> first step
	minutes := 0
	for i, s := range steps {
		sp := index(path, i)
		v.text(join(sp, "say"), s.Say, textKind{max: MaxSayLen, multiline: true}, v.textVars)
		for j, do := range s.Do {
			dp := index(join(sp, "do"), j)
			if !slices.Contains(allActions, do) {
				v.ps.add(dp, "unknown action %q (known: %s)", do, strings.Join(allActions, ", "))
				continue
			}
			if slices.Index(s.Do, do) != j {
				v.ps.add(dp, "%q is listed twice", do)
			}
			if _, ok := seen[do]; !ok {
				seen[do] = i
			}
			v.action(dp, do, s, ex, seen)
		}
		if slices.Contains(s.Do, DoTimer) {
			m := s.Minutes
			if m == 0 && ex != nil {
				m = ex.DurationMin
			}
			if m < 1 || m > MaxExerciseMin {
				v.ps.add(join(sp, "minutes"), "a timer needs 1 to %d minutes", MaxExerciseMin)
			}
			minutes += m
		} else if s.Minutes != 0 {
			v.ps.add(join(sp, "minutes"), "set, but the step has no timer")
		}
		if s.Message != nil && !slices.Contains(s.Do, DoMessage) {
			v.ps.add(join(sp, "message"), "set, but the step does not do %q", DoMessage)
		}
		v.optText(join(sp, "message"), s.Message, textKind{max: workshops.MaxMessageLen, multiline: true}, v.textVars)
	}
	if ex == nil {
		return
	}
	if minutes > ex.DurationMin {
		v.ps.add(path, "the timers add up to %d minutes, more than the exercise's %d", minutes, ex.DurationMin)
	}
	need := func(cond bool, action string, why string) {
		if _, ok := seen[action]; cond && !ok {
			v.ps.add(path, "no step does %q, but %s", action, why)
		}
	}
	need(ex.Vote != nil, DoVoteOpen, "the exercise has a vote")
	need(ex.Vote != nil, DoVoteReveal, "the exercise has a vote")
	need(ex.Vote != nil && ex.Vote.Top > 0, DoVoteTop, "the vote has a top")
	need(ex.Private != nil, DoPrivateStart, "the exercise has a private step")
	need(ex.Private != nil, DoPrivateReveal, "the exercise has a private step")
	need(ex.Breakout, DoBreakoutStart, "the exercise is done in breakout groups")
	need(ex.Breakout, DoBreakoutEnd, "the exercise is done in breakout groups")
}

// action checks one action of a step against the exercise.
func (v *validator) action(path, do string, s Step, ex *Exercise, seen map[string]int) {
	after := func(first string) {
		if _, ok := seen[first]; !ok {
			v.ps.add(path, "%q before %q", do, first)
		}
	}
	switch do {
	case DoMessage:
		if s.Message == nil {
			v.ps.add(path, "%q needs the step's message", do)
		}
	case DoGroupsPickOn, DoGroupsPickOff, DoGroupsAssign:
		if v.t.Groups == nil {
			v.ps.add(path, "%q: the template has no groups", do)
		}
	case DoBreakoutStart, DoBreakoutEnd:
		if ex == nil || !ex.Breakout {
			v.ps.add(path, "%q outside a breakout exercise", do)
		}
		if do == DoBreakoutEnd {
			after(DoBreakoutStart)
		}
	case DoVoteOpen, DoVoteReveal, DoVoteTop:
		if ex == nil || ex.Vote == nil {
			v.ps.add(path, "%q: the exercise has no vote", do)
		}
		if do == DoVoteReveal {
			after(DoVoteOpen)
		}
		if do == DoVoteTop {
			after(DoVoteReveal)
			if ex != nil && ex.Vote != nil && ex.Vote.Top == 0 {
				v.ps.add(path, "%q: the vote has no top", do)
			}
		}
	case DoPrivateStart, DoPrivateReveal:
		if ex == nil || ex.Private == nil {
			v.ps.add(path, "%q: the exercise has no private step", do)
		}
		if do == DoPrivateReveal {
			after(DoPrivateStart)
		}
	case DoPanelInvite:
		if v.t.CitizenPanel == nil {
			v.ps.add(path, "%q: the template has no citizen_panel", do)
		}
	case DoChooseRecord:
		if ex == nil || len(ex.Choose) == 0 || !slices.ContainsFunc(ex.Frames, func(f FrameSpec) bool {
			return f.Each == EachGoals || f.Each == EachPrinciples
		}) {
			v.ps.add(path, "%q: the exercise has no roadmap cards to choose", do)
		}
	}
}
