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

// BoardInfo is what a person gives when saving a board as a template.
type BoardInfo struct {
	// Key is the new template's key; empty: made from Name.
	Key string `json:"key"`
	// Name and Description are in the board's language; the template
	// gets them in all three (translate the file to improve on that).
	Name        string `json:"name"`
	Description string `json:"description"`
}

// DefaultExerciseMin is the suggested length of an exercise saved from a
// board whose template does not say.
const DefaultExerciseMin = 15

// FromBoard makes a template of a board as it is now: its frames and their
// layout, and the texts on them. source is the template the board was
// built from (export.InferTemplate names it), or nil.
//
//   - Every top-level frame (one inside no other) becomes an exercise, left
//     to right: a section made by Setup with the frames inside it, or a
//     frame made by hand that becomes an exercise with one frame. The frame
//     "intro" becomes the welcome frame.
//   - Inside a section, the frames that hold no other frame keep their
//     places; areas (a municipality's, a group's) are flattened, their
//     frames kept. A template of its own has no parameters, so frames
//     made per item (a target group, a persona) become fixed frames with
//     the item's texts, and groups are not kept: group frames become
//     plenary ones.
//   - A text that is still the source template's own (a section's title,
//     a fixed frame's prompt) keeps the source's three languages; other
//     texts are the board's, in every language. Braces become
//     parentheses, since they would be placeholders.
//   - An exercise of the source template keeps its length, its vote and
//     private step, and its script when no step needs what the new
//     template lacks (groups, breakout, cards to choose, a citizen panel);
//     otherwise, and for frames made by hand, the script is a plain one:
//     bring everyone here, write (privately, then reveal), vote.
//
// The result is checked exactly like a file (Parse); the error is a
// *FileError naming the field to fix, e.g. two frames of a section that
// overlap. FromBoard returns the template and its file.
func FromBoard(b *workshops.Board, lang workshops.Lang, source *Template, info BoardInfo) (*Template, []byte, error) {
	if !lang.Valid() {
		lang = workshops.LangNB
	}
	key := strings.TrimSpace(info.Key)
	if key == "" {
		key = Slug(info.Name)
	}
	file := key + ".json"
	if key == "" {
		file = "template.json"
	}
	name := clean(info.Name, workshops.MaxTitleLen)
	conv := &converter{b: b, lang: lang, source: source, vars: map[string]string{}}
	if source != nil {
		for k, v := range source.Recover(b, lang).Text {
			conv.vars[k] = sanitize(v)
		}
	}
	t := &Template{Format: Format, Key: key, Name: same(name), Exercises: []Exercise{}}
	desc := clean(info.Description, MaxDescriptionLen)
	if desc != "" {
		t.Description = same(desc)
	} else {
		t.Description = Text{
			NB: "Laget av tavla «" + sanitize(b.Title) + "».",
			NN: "Laga av tavla «" + sanitize(b.Title) + "».",
			EN: "Made from the board “" + sanitize(b.Title) + "”.",
		}
	}
	conv.build(t)
	data, err := t.Encode()
	if err != nil {
		return nil, nil, err
	}
	parsed, err := Parse(file, data)
	if err != nil {
		return nil, nil, err
	}
	return parsed, data, nil
}

type converter struct {
	b      *workshops.Board
	lang   workshops.Lang
	source *Template
	vars   map[string]string // the source's text parameters, as on the board
}

// same is a Text with s in every language.
func same(s string) Text { return Text{NB: s, NN: s, EN: s} }

// sanitize replaces braces, which a template reads as placeholders.
func sanitize(s string) string {
	return strings.NewReplacer("{", "(", "}", ")").Replace(s)
}

// clean trims s, cuts it to max characters and removes braces.
func clean(s string, max int) string {
	s = strings.TrimSpace(sanitize(s))
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimSpace(string([]rune(s)[:max]))
	}
	return s
}

// text is the template text for a board text: the source's own, in all
// three languages, if it still reads the same on the board; else the
// board's.
func (c *converter) text(src *Text, onBoard string, max int) Text {
	if src != nil {
		if expand(src.In(c.lang), c.vars) == onBoard {
			out := Text{}
			for _, l := range langs {
				s := clean(expand(src.In(l), c.vars), max)
				switch l {
				case workshops.LangNB:
					out.NB = s
				case workshops.LangNN:
					out.NN = s
				default:
					out.EN = s
				}
			}
			if out.NB != "" && out.NN != "" && out.EN != "" {
				return out
			}
		}
	}
	return same(clean(onBoard, max))
}

func optText(t Text) *Text {
	if t.NB == "" {
		return nil
	}
	return &t
}

// inside reports whether frame a lies wholly inside frame b.
func inside(a, b workshops.Frame) bool {
	return a.X >= b.X && a.Y >= b.Y && a.X+a.W <= b.X+b.W && a.Y+a.H <= b.Y+b.H
}

func (c *converter) build(t *Template) {
	var live []workshops.Frame
	for _, f := range c.b.Frames {
		if !f.Deleted {
			live = append(live, f)
		}
	}
	slices.SortFunc(live, func(x, y workshops.Frame) int {
		return cmp.Or(cmp.Compare(x.X, y.X), cmp.Compare(x.Y, y.Y), strings.Compare(x.ID, y.ID))
	})
	contains := func(outer, inner workshops.Frame) bool {
		return outer.ID != inner.ID && inside(inner, outer) && !(inside(outer, inner) && outer.ID > inner.ID)
	}
	var tops []workshops.Frame
	for _, f := range live {
		if !slices.ContainsFunc(live, func(o workshops.Frame) bool { return contains(o, f) }) {
			tops = append(tops, f)
		}
	}
	usedEx := map[string]bool{IntroFrameID: true}
	for _, top := range tops {
		if top.ID == IntroFrameID && t.Intro == nil && !slices.ContainsFunc(live, func(o workshops.Frame) bool { return contains(top, o) }) {
			t.Intro = c.intro(top)
			continue
		}
		var leaves []workshops.Frame
		for _, f := range live {
			if contains(top, f) && !slices.ContainsFunc(live, func(o workshops.Frame) bool { return contains(f, o) }) {
				leaves = append(leaves, f)
			}
		}
		t.Exercises = append(t.Exercises, c.exercise(top, leaves, usedEx, len(t.Exercises)+1))
	}
	for _, ex := range t.Exercises {
		t.DurationMin += ex.DurationMin
	}
	t.DurationMin = min(t.DurationMin, MaxWorkshopMin)
}

func (c *converter) intro(f workshops.Frame) *Intro {
	in := &Intro{Size: Size{W: f.W, H: f.H}}
	var src *Intro
	if c.source != nil {
		src = c.source.Intro
	}
	var srcTitle, srcPrompt *Text
	if src != nil {
		srcTitle, srcPrompt = &src.Title, src.Prompt
	}
	in.Title = c.text(srcTitle, f.Title, workshops.MaxTitleLen)
	if f.Prompt != "" {
		in.Prompt = optText(c.text(srcPrompt, f.Prompt, workshops.MaxNoteTextLen))
	}
	in.Script = []Step{{
		Say: Text{
			NB: "Ønsk velkommen. Si kort hva dere skal gjøre i dag, og hvor lenge det varer.",
			NN: "Ønsk velkomen. Sei kort kva de skal gjere i dag, og kor lenge det varer.",
			EN: "Welcome everyone. Say briefly what you will do today, and how long it takes.",
		},
		Do: []string{DoFocus},
	}}
	return in
}

// exerciseKey makes a unique exercise key from a frame ID.
func exerciseKey(id string, used map[string]bool, n int) string {
	key := id
	if !validSlug(key) || len(key) > MaxExerciseKeyLen {
		key = Slug(strings.ReplaceAll(id, "_", "-"))
		if len(key) > MaxExerciseKeyLen {
			key = strings.TrimRight(key[:MaxExerciseKeyLen], "-")
		}
	}
	if key == "" || used[key] {
		key = "ovelse-" + strconv.Itoa(n)
	}
	for i := 2; used[key]; i++ {
		key = "ovelse-" + strconv.Itoa(n) + "-" + strconv.Itoa(i)
	}
	used[key] = true
	return key
}

// frameKey makes a unique frame key from a frame ID, without the
// exercise's prefix.
func frameKey(id, exercise string, used map[string]bool) string {
	rest := strings.TrimPrefix(id, exercise+"_")
	key := Slug(strings.ReplaceAll(rest, "_", "-"))
	if len(rest) <= MaxFrameKeyLen && validSlug(strings.ReplaceAll(rest, "_", "-")) {
		key = strings.ReplaceAll(rest, "_", "-")
	}
	if len(key) > MaxFrameKeyLen {
		key = strings.TrimRight(key[:MaxFrameKeyLen], "-")
	}
	if key == "" {
		key = "ramme"
	}
	base := key
	for i := 2; used[key]; i++ {
		suffix := "-" + strconv.Itoa(i)
		key = strings.TrimRight(base[:min(len(base), MaxFrameKeyLen-len(suffix))], "-") + suffix
	}
	used[key] = true
	return key
}

func (c *converter) exercise(top workshops.Frame, leaves []workshops.Frame, used map[string]bool, n int) Exercise {
	var src *Exercise
	if c.source != nil {
		if ref, ok := c.source.FrameRef(top.ID); ok && ref.Kind == KindSection {
			src = c.source.Exercise(ref.Exercise)
		}
	}
	ex := Exercise{Key: exerciseKey(top.ID, used, n), DurationMin: DefaultExerciseMin}
	var srcTitle, srcPrompt *Text
	if src != nil {
		srcTitle, srcPrompt = &src.Title, &src.Prompt
		ex.DurationMin = src.DurationMin
	}
	ex.Title = c.text(srcTitle, top.Title, workshops.MaxTitleLen)
	prompt := top.Prompt
	if strings.TrimSpace(prompt) == "" {
		prompt, srcPrompt = top.Title, nil
	}
	ex.Prompt = c.text(srcPrompt, prompt, workshops.MaxNoteTextLen)

	// The frames, relative to the section's content (as Setup places
	// them), moved right and down if a frame made by hand lies above or
	// left of it.
	ox, oy := top.X+SectionPad, top.Y+SectionHead
	if len(leaves) == 0 {
		leaves = []workshops.Frame{top}
		ox, oy = top.X, top.Y
	}
	dx, dy := 0.0, 0.0
	for _, f := range leaves {
		dx, dy = max(dx, ox-f.X), max(dy, oy-f.Y)
	}
	slices.SortFunc(leaves, func(x, y workshops.Frame) int {
		return cmp.Or(cmp.Compare(x.Y, y.Y), cmp.Compare(x.X, y.X), strings.Compare(x.ID, y.ID))
	})
	keys := map[string]bool{}
	for _, f := range leaves {
		fs := FrameSpec{Key: frameKey(f.ID, top.ID, keys), Layout: Layout{X: f.X - ox + dx, Y: f.Y - oy + dy, W: f.W, H: f.H}}
		var srcFrame *FrameSpec
		if src != nil && src.Areas == nil {
			if ref, ok := c.source.FrameRef(f.ID); ok && ref.Kind == KindFrame && ref.Area == "" {
				for i := range src.Frames {
					if src.Frames[i].Each == "" && src.Frames[i].Key == ref.Key {
						srcFrame = &src.Frames[i]
					}
				}
			}
		}
		var st, sp *Text
		if srcFrame != nil {
			st, sp = &srcFrame.Title, srcFrame.Prompt
		}
		fs.Title = c.text(st, f.Title, workshops.MaxTitleLen)
		if f.Prompt != "" {
			fs.Prompt = optText(c.text(sp, f.Prompt, workshops.MaxNoteTextLen))
		}
		ex.Frames = append(ex.Frames, fs)
	}

	if src != nil {
		if src.Vote != nil {
			v := *src.Vote
			v.PerGroup = false
			ex.Vote = &v
		}
		if src.Private != nil {
			p := *src.Private
			ex.Private = &p
		}
		if script, ok := c.keptScript(src, ex); ok {
			ex.Script = script
			return ex
		}
	} else {
		for _, v := range c.b.Votes {
			if slices.Contains(v.Frames, top.ID) || slices.ContainsFunc(leaves, func(f workshops.Frame) bool { return slices.Contains(v.Frames, f.ID) }) {
				ex.Vote = &Vote{Budget: v.Budget, Cap: v.Cap}
				break
			}
		}
	}
	if ex.Vote != nil {
		ex.Vote.Top = 0 // the plain script marks no top ideas
	}
	ex.Script = plainScript(ex)
	return ex
}

// keptScript returns the source exercise's script with its texts for the
// new template, or false if a step needs what the new template lacks.
func (c *converter) keptScript(src *Exercise, ex Exercise) ([]Step, bool) {
	var out []Step
	for _, s := range src.Script {
		for _, do := range s.Do {
			switch do {
			case DoGroupsPickOn, DoGroupsPickOff, DoGroupsAssign, DoBreakoutStart, DoBreakoutEnd, DoChooseRecord, DoPanelInvite:
				return nil, false
			case DoVoteTop:
				if ex.Vote == nil || ex.Vote.Top == 0 {
					return nil, false
				}
			}
		}
		step := Step{Do: slices.Clone(s.Do), Minutes: s.Minutes}
		step.Say = c.expandText(s.Say, MaxSayLen)
		if s.Message != nil {
			m := c.expandText(*s.Message, workshops.MaxMessageLen)
			step.Message = &m
		}
		out = append(out, step)
	}
	return out, len(out) > 0
}

// expandText fills the source's text parameters into t, in every language.
func (c *converter) expandText(t Text, max int) Text {
	return Text{NB: clean(expand(t.NB, c.vars), max), NN: clean(expand(t.NN, c.vars), max), EN: clean(expand(t.EN, c.vars), max)}
}

// plainScript is the script of an exercise without one of its own.
func plainScript(ex Exercise) []Step {
	title := func(l workshops.Lang) string { return ex.Title.In(l) }
	steps := []Step{{
		Say: Text{
			NB: fmt.Sprintf("Samle alle ved «%s». Les oppgaven høyt, og si hvor lang tid dere har.", title(workshops.LangNB)),
			NN: fmt.Sprintf("Samle alle ved «%s». Les oppgåva høgt, og sei kor lang tid de har.", title(workshops.LangNN)),
			EN: fmt.Sprintf("Bring everyone to “%s”. Read the task aloud, and say how much time you have.", title(workshops.LangEN)),
		},
		Do: []string{DoFocus},
	}}
	if ex.Private != nil {
		steps = append(steps, Step{
			Say: Text{
				NB: "Start tidtakeren. Alle skriver først for seg selv; lappene vises for de andre når du viser dem fram.",
				NN: "Start tidtakaren. Alle skriv først for seg sjølve; lappane blir viste for dei andre når du viser dei fram.",
				EN: "Start the timer. Everyone writes on their own first; the others see the notes when you reveal them.",
			},
			Do: []string{DoPrivateStart, DoTimer},
		}, Step{
			Say: Text{
				NB: "Vis fram lappene, og snakk om dem sammen.",
				NN: "Vis fram lappane, og snakk om dei saman.",
				EN: "Reveal the notes, and talk about them together.",
			},
			Do: []string{DoPrivateReveal},
		})
	} else {
		steps = append(steps, Step{
			Say: Text{
				NB: "Start tidtakeren. Alle skriver, én tanke per lapp.",
				NN: "Start tidtakaren. Alle skriv, éin tanke per lapp.",
				EN: "Start the timer. Everyone writes, one thought per note.",
			},
			Do: []string{DoTimer},
		})
	}
	if ex.Vote != nil {
		steps = append(steps, Step{
			Say: Text{
				NB: "Åpne avstemningen. Hver person setter prikkene sine på lappene som betyr mest.",
				NN: "Opne avstemminga. Kvar person set prikkane sine på lappane som betyr mest.",
				EN: "Open the vote. Each person puts their dots on the notes that matter most.",
			},
			Do: []string{DoVoteOpen},
		}, Step{
			Say: Text{
				NB: "Vis resultatet, og snakk om lappene som fikk flest prikker.",
				NN: "Vis resultatet, og snakk om lappane som fekk flest prikkar.",
				EN: "Show the result, and talk about the notes with the most dots.",
			},
			Do: []string{DoVoteReveal},
		})
	}
	return steps
}
