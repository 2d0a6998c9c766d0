package templates

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/samskap/samskap/workshops"
)

// Recover reads back, from a board built from the template in lang, the
// parameters as the board has them now: the text parameters from the
// board's title, the intro and the sections ({municipality}, {challenge}),
// and every list parameter's items from the frames, areas and groups made
// per item (a target group's frame, a municipality's area, a persona's
// card and its group, a theme's frame). A later workshop of the same
// process starts from them (see the server's process prefill), so what a
// facilitator changed during the workshop carries over: a deleted frame's
// item is gone, a group added by hand is there.
//
// A text is read by matching the template's text, placeholders and all,
// against the board's: "Visjonsverksted – {municipality}" against
// "Visjonsverksted – Lebesby" gives municipality "Lebesby", and a match
// counts only if the values put back into the template's text give the
// board's text exactly. An item whose frame was retitled by hand keeps
// its key and takes the frame's title as its name. Items are in the order
// their first frame was made (the setup order), items found only as a
// group after them. A parameter nothing on the board speaks of is absent.
func (t *Template) Recover(b *workshops.Board, lang workshops.Lang) Params {
	r := &recoverer{t: t, b: b, lang: lang, out: Params{Text: map[string]string{}, Lists: map[string][]Item{}}}
	r.texts()
	r.lists()
	return r.out
}

type recoverer struct {
	t    *Template
	b    *workshops.Board
	lang workshops.Lang
	out  Params
}

// frame returns the live frame with the given ID.
func (r *recoverer) frame(id string) (workshops.Frame, bool) {
	f, ok := r.b.Frames[id]
	return f, ok && !f.Deleted
}

// texts reads the text parameters from the texts that use them outside
// repeated frames and areas.
func (r *recoverer) texts() {
	type pair struct {
		pattern *Text
		actual  string
	}
	var pairs []pair
	if r.t.BoardTitle != nil {
		pairs = append(pairs, pair{r.t.BoardTitle, r.b.Title})
	}
	if in := r.t.Intro; in != nil {
		if f, ok := r.frame(IntroFrameID); ok {
			pairs = append(pairs, pair{&in.Title, f.Title})
			if in.Prompt != nil {
				pairs = append(pairs, pair{in.Prompt, f.Prompt})
			}
		}
	}
	for i := range r.t.Exercises {
		ex := &r.t.Exercises[i]
		if f, ok := r.frame(FrameID(ex.Key, "", "")); ok {
			pairs = append(pairs, pair{&ex.Title, f.Title}, pair{&ex.Prompt, f.Prompt})
		}
		if ex.Areas != nil {
			continue
		}
		for j := range ex.Frames {
			fs := &ex.Frames[j]
			if fs.Each != "" {
				continue
			}
			if f, ok := r.frame(FrameID(ex.Key, "", fs.Key)); ok {
				pairs = append(pairs, pair{&fs.Title, f.Title})
				if fs.Prompt != nil {
					pairs = append(pairs, pair{fs.Prompt, f.Prompt})
				}
			}
		}
	}
	for _, p := range pairs {
		vars, ok := unexpand(p.pattern.In(r.lang), p.actual)
		if !ok {
			continue
		}
		for k, v := range vars {
			if d := r.t.param(k); d != nil && d.Type == ParamText {
				if _, seen := r.out.Text[k]; !seen {
					r.out.Text[k] = v
				}
			}
		}
	}
}

// found is an item read from the board, with where it was first seen.
type found struct {
	item  Item
	order uint64 // the Z of its first frame; groups after every frame
}

// lists reads the list parameters' items.
func (r *recoverer) lists() {
	items := map[string]map[string]*found{} // list -> item key -> item
	groupItem := map[string]string{}        // group ID -> item key (grouped frames)
	add := func(list, key string, vars map[string]string, order uint64) {
		if key == "" {
			return
		}
		m := items[list]
		if m == nil {
			m = map[string]*found{}
			items[list] = m
		}
		f := m[key]
		if f == nil {
			f = &found{item: Item{Key: key}, order: order}
			m[key] = f
		}
		f.order = min(f.order, order)
		it := &f.item
		fill := func(dst *string, k string) {
			if v := strings.TrimSpace(vars[k]); *dst == "" && v != "" {
				*dst = v
			}
		}
		fill(&it.Name, VarName)
		fill(&it.Theme, FieldTheme)
		fill(&it.Situation, FieldSituation)
		fill(&it.Quote, FieldQuote)
		if it.Age == 0 {
			if n, err := strconv.Atoi(vars[FieldAge]); err == nil && n > 0 && n <= MaxAge {
				it.Age = n
			}
		}
	}
	isList := func(source string) bool {
		d := r.t.param(source)
		return d != nil && d.Type == ParamList
	}

	ids := make([]string, 0, len(r.b.Frames))
	for id, f := range r.b.Frames {
		if !f.Deleted {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(r.b.Frames[a].Z, r.b.Frames[b].Z), strings.Compare(a, b))
	})
	for _, id := range ids {
		f := r.b.Frames[id]
		ref, ok := r.t.FrameRef(id)
		if !ok {
			continue
		}
		ex := r.t.Exercise(ref.Exercise)
		switch ref.Kind {
		case KindArea:
			if a := ex.Areas; a != nil && isList(a.Each) {
				vars := r.match(f, &a.Title, a.Prompt)
				if vars == nil {
					vars = map[string]string{VarName: f.Title}
				}
				add(a.Each, ref.Area, vars, f.Z)
			}
		case KindFrame:
			fs, vars := r.bestSpec(ex, ref.Key, f)
			if fs == nil || !isList(fs.Each) {
				continue
			}
			key := vars[VarKey]
			if ex.Areas != nil && ex.Areas.Each == fs.Each {
				key = ref.Area // the same item's area (not made by any preset)
			}
			add(fs.Each, key, vars, f.Z)
			if f.Group != "" && (fs.Grouped || r.t.Groups != nil && r.t.Groups.Each == fs.Each) {
				groupItem[f.Group] = key
			}
		}
	}
	if g := r.t.Groups; g != nil && isList(g.Each) {
		gids := make([]string, 0, len(r.b.Groups))
		for id, grp := range r.b.Groups {
			if !grp.Deleted {
				gids = append(gids, id)
			}
		}
		slices.Sort(gids)
		for _, id := range gids {
			vars, _ := unexpand(g.Name.In(r.lang), r.b.Groups[id].Name)
			if vars == nil {
				vars = map[string]string{VarName: r.b.Groups[id].Name}
			}
			key := groupItem[id]
			if key == "" {
				if kv, ok := unexpand(g.Key, id); ok && kv[VarKey] != "" {
					key = kv[VarKey]
				} else if ok {
					key = id // a pattern with {n} only: the group ID is the best key
				}
			}
			add(g.Each, key, vars, ^uint64(0))
		}
	}
	for list, m := range items {
		all := make([]*found, 0, len(m))
		for _, f := range m {
			all = append(all, f)
		}
		slices.SortFunc(all, func(a, b *found) int {
			return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.item.Key, b.item.Key))
		})
		out := make([]Item, len(all))
		for i, f := range all {
			if f.item.Name == "" {
				f.item.Name = f.item.Key
			}
			out[i] = f.item
		}
		r.out.Lists[list] = out
	}
}

// match reads a frame's title and prompt against the template's texts and
// returns the values, or nil if neither matches. Title and prompt must
// agree where both give a value.
func (r *recoverer) match(f workshops.Frame, title *Text, prompt *Text) map[string]string {
	vars, ok := unexpand(title.In(r.lang), f.Title)
	if !ok {
		vars = nil
	}
	if prompt != nil {
		if pv, ok := unexpand(prompt.In(r.lang), f.Prompt); ok {
			if vars == nil {
				vars = map[string]string{}
			}
			for k, v := range pv {
				if _, set := vars[k]; !set {
					vars[k] = v
				}
			}
		}
	}
	return vars
}

// bestSpec finds the repeated frame spec of ex that made the frame with
// key (its key in the exercise): of those whose key pattern fits, the one
// whose title and prompt match the frame's best (the oppstart template
// makes target groups and følgekommuner with the same key pattern, told
// apart by their texts). It returns the spec and the values read, with
// {key} from the key pattern.
func (r *recoverer) bestSpec(ex *Exercise, key string, f workshops.Frame) (*FrameSpec, map[string]string) {
	var best *FrameSpec
	var bestVars map[string]string
	bestScore, bestLiteral := -1, -1
	for i := range ex.Frames {
		fs := &ex.Frames[i]
		if fs.Each == "" {
			continue
		}
		kv, ok := unexpand(fs.Key, key)
		if !ok || !validSlug(kv[VarKey]) && kv[VarKey] != "" {
			continue
		}
		score := 0
		vars := map[string]string{}
		if tv, ok := unexpand(fs.Title.In(r.lang), f.Title); ok {
			score += 2
			for k, v := range tv {
				vars[k] = v
			}
		}
		if fs.Prompt != nil {
			if pv, ok := unexpand(fs.Prompt.In(r.lang), f.Prompt); ok {
				score++
				for k, v := range pv {
					if _, set := vars[k]; !set {
						vars[k] = v
					}
				}
			}
		}
		if score == 0 {
			vars[VarName] = f.Title // retitled by hand: the title is the name
		}
		for k, v := range kv {
			vars[k] = v
		}
		// Between equal matches the more specific key pattern wins:
		// "{key}-motivasjoner" over "{key}", which fits any key.
		literal := len(fs.Key) - 2*len(kv) - len(strings.Join(slices.Collect(maps.Keys(kv)), ""))
		if score > bestScore || score == bestScore && literal > bestLiteral {
			best, bestVars, bestScore, bestLiteral = fs, vars, score, literal
		}
	}
	return best, bestVars
}

// unexpand matches s against pattern, a text with {placeholders}, and
// returns the value of each placeholder: the inverse of expand. It
// succeeds only if expanding the pattern with the values gives s again,
// so a text changed by hand does not yield values. Numbers ({age}, {n})
// must be digits. Of several readings the shortest values first win.
func unexpand(pattern, s string) (map[string]string, bool) {
	names, err := placeholders(pattern)
	if err != nil {
		return nil, false
	}
	if len(names) == 0 {
		return map[string]string{}, pattern == s
	}
	for _, lazy := range []bool{true, false} {
		re, order := patternRegexp(pattern, lazy)
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		vars := map[string]string{}
		for i, name := range order {
			vars[name] = m[i+1]
		}
		if expand(pattern, vars) == s {
			return vars, true
		}
	}
	return nil, false
}

// patternRegexp turns a pattern into an anchored regular expression with
// one group per first use of a placeholder, and returns the names of the
// groups in order. A placeholder used again matches anything; the caller
// checks the round trip.
func patternRegexp(pattern string, lazy bool) (*regexp.Regexp, []string) {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	var order []string
	wild := `(.*)`
	if lazy {
		wild = `(.*?)`
	}
	rest := pattern
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		b.WriteString(regexp.QuoteMeta(rest[:open]))
		name := rest[open+1 : open+end]
		switch {
		case slices.Contains(order, name):
			b.WriteString(`(?:.*?)`)
		case name == FieldAge || name == VarN:
			b.WriteString(`([0-9]{1,3})`)
			order = append(order, name)
		default:
			b.WriteString(wild)
			order = append(order, name)
		}
		rest = rest[open+end+1:]
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String()), order
}

// ChosenCards tells which cards of an exercise (its frames made per goal
// image or principle) each area picked: those the facilitator recorded
// as chosen (frame.choose) if any card of the exercise is marked, and
// otherwise, as a guess, those holding at least one live note that is
// neither private nor hidden (recorded is then false). The map is by area
// item key ("" for an exercise without areas); each list holds card keys
// in the roadmap's order.
func (t *Template) ChosenCards(b *workshops.Board, exercise string) (picks map[string][]string, recorded bool) {
	cards := t.cardFrames(b, exercise)
	for _, c := range cards {
		if c.frame.Chosen {
			recorded = true
			break
		}
	}
	withNotes := map[string]bool{}
	if !recorded {
		for _, n := range b.Notes {
			if !n.Deleted && !n.Private && !n.Hidden && n.Frame != "" {
				withNotes[n.Frame] = true
			}
		}
	}
	picks = map[string][]string{}
	for _, c := range cards {
		if recorded && c.frame.Chosen || !recorded && withNotes[c.id] {
			picks[c.area] = append(picks[c.area], c.card)
		}
	}
	return picks, recorded
}

// ProposeChosen returns the IDs of the cards of an exercise that hold at
// least one live note that is neither private nor hidden, sorted: what a
// choose.record step marks as chosen with frame.choose (the facilitator
// may change it). It is to ChosenCards what TopNotes is to vote.top.
func (t *Template) ProposeChosen(b *workshops.Board, exercise string) []string {
	withNotes := map[string]bool{}
	for _, n := range b.Notes {
		if !n.Deleted && !n.Private && !n.Hidden && n.Frame != "" {
			withNotes[n.Frame] = true
		}
	}
	var ids []string
	for _, c := range t.cardFrames(b, exercise) {
		if withNotes[c.id] {
			ids = append(ids, c.id)
		}
	}
	slices.Sort(ids)
	return ids
}

type cardFrame struct {
	id, area, card string
	order          int
	frame          workshops.Frame
}

// cardFrames returns the live frames of an exercise made per roadmap card,
// in the roadmap's order (then by area and ID).
func (t *Template) cardFrames(b *workshops.Board, exercise string) []cardFrame {
	ex := t.Exercise(exercise)
	if ex == nil {
		return nil
	}
	road, _ := loadRoadmap()
	var out []cardFrame
	for id, f := range b.Frames {
		if f.Deleted {
			continue
		}
		ref, ok := t.FrameRef(id)
		if !ok || ref.Kind != KindFrame || ref.Exercise != exercise {
			continue
		}
		for i := range ex.Frames {
			fs := &ex.Frames[i]
			if fs.Each != EachGoals && fs.Each != EachPrinciples {
				continue
			}
			kv, ok := unexpand(fs.Key, ref.Key)
			if !ok {
				continue
			}
			order := 1000
			if road != nil {
				order = slices.IndexFunc(road.Cards(fs.Each), func(c Card) bool { return c.Key == kv[VarKey] })
				if order < 0 {
					order = 1000
				}
			}
			out = append(out, cardFrame{id: id, area: ref.Area, card: kv[VarKey], order: order, frame: f})
			break
		}
	}
	slices.SortFunc(out, func(a, b cardFrame) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.area, b.area), strings.Compare(a.id, b.id))
	})
	return out
}
