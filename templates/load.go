package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/samskap/samskap/workshops"
)

// The preset templates (data/*.json, one per template, named after its
// key) and the roadmap's goal images and principles (roadmap.json).
//
//go:embed data/*.json roadmap.json
var embedded embed.FS

const roadmapFile = "roadmap.json"

// loadRoadmap parses the embedded roadmap once.
var loadRoadmap = sync.OnceValues(func() (*Roadmap, error) {
	data, err := embedded.ReadFile(roadmapFile)
	if err != nil {
		return nil, err
	}
	return ParseRoadmap(roadmapFile, data)
})

// Catalog is the set of preset templates and the roadmap they use. It and
// the templates in it are shared: treat them as read-only.
type Catalog struct {
	Roadmap *Roadmap
	list    []*Template
	byKey   map[string]*Template
}

// Templates returns the templates in process order (oppstart, felles,
// visjon, samskaping), then those outside the process (blank) by key.
func (c *Catalog) Templates() []*Template { return slices.Clone(c.list) }

// Get returns the template with the given key.
func (c *Catalog) Get(key string) (*Template, bool) {
	t, ok := c.byKey[key]
	return t, ok
}

// Load reads and validates the embedded presets and the roadmap. Every
// problem of every file is in the error, each naming its file and field.
// A preset that fails here fails the tests, never a running workshop.
func Load() (*Catalog, error) {
	road, err := loadRoadmap()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(embedded, "data/*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{Roadmap: road, byKey: map[string]*Template{}}
	var errs []error
	for _, name := range names {
		base := path.Base(name)
		data, err := embedded.ReadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, err := parse(base, data, road)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if want := t.Key + ".json"; base != want {
			errs = append(errs, &FileError{File: base, Problems: []Problem{{Field: "key", Message: fmt.Sprintf("%q belongs in %s", t.Key, want)}}})
			continue
		}
		c.byKey[t.Key] = t
		c.list = append(c.list, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sortTemplates(c.list)
	return c, nil
}

// sortTemplates puts templates in process order, then those outside the
// process by key.
func sortTemplates(list []*Template) {
	slices.SortFunc(list, func(a, b *Template) int {
		sa, sb := a.ProcessStep, b.ProcessStep
		if sa == 0 {
			sa = 1000
		}
		if sb == 0 {
			sb = 1000
		}
		if sa != sb {
			return sa - sb
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// With returns a new catalog of c's templates and extra ones (templates
// saved from boards or imported, each checked by Parse), in the same
// order as Templates. c is not changed. A key in both is an error.
func (c *Catalog) With(extra ...*Template) (*Catalog, error) {
	out := &Catalog{Roadmap: c.Roadmap, list: slices.Clone(c.list), byKey: make(map[string]*Template, len(c.list)+len(extra))}
	if out.Roadmap == nil {
		road, err := loadRoadmap()
		if err != nil {
			return nil, err
		}
		out.Roadmap = road
	}
	for _, t := range out.list {
		out.byKey[t.Key] = t
	}
	for _, t := range extra {
		if _, dup := out.byKey[t.Key]; dup {
			return nil, workshops.Errorf(workshops.ECONFLICT, "a template with the key %q exists", t.Key)
		}
		out.byKey[t.Key] = t
		out.list = append(out.list, t)
	}
	sortTemplates(out.list)
	return out, nil
}

// Parse reads one template file, such as an imported one, and validates it
// like the presets: the error is a *FileError naming name and each field.
func Parse(name string, data []byte) (*Template, error) {
	road, err := loadRoadmap()
	if err != nil {
		return nil, err
	}
	return parse(name, data, road)
}

func parse(name string, data []byte, road *Roadmap) (*Template, error) {
	t := &Template{}
	if ps := decodeStrict(data, t); len(ps) > 0 {
		return nil, &FileError{File: name, Problems: ps}
	}
	if ps := validate(t, road); len(ps) > 0 {
		return nil, &FileError{File: name, Problems: ps}
	}
	if ps := rehearse(t, road); len(ps) > 0 {
		return nil, &FileError{File: name, Problems: ps}
	}
	return t, nil
}

// Encode writes the template as a file Parse reads back (for export).
func (t *Template) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseRoadmap reads and validates a roadmap file.
func ParseRoadmap(name string, data []byte) (*Roadmap, error) {
	r := &Roadmap{}
	if ps := decodeStrict(data, r); len(ps) > 0 {
		return nil, &FileError{File: name, Problems: ps}
	}
	v := &validator{}
	if r.Format != Format {
		v.ps.add("format", "must be %d, got %d", Format, r.Format)
	}
	v.text("source", r.Source, promptText, nil)
	v.text("note", r.Note, promptText, nil)
	for _, set := range []struct {
		name  string
		cards []Card
	}{{EachGoals, r.Goals}, {EachPrinciples, r.Principles}} {
		if len(set.cards) == 0 {
			v.ps.add(set.name, "empty")
		}
		keys := map[string]int{}
		for i, c := range set.cards {
			p := index(set.name, i)
			if !validSlug(c.Key) || len(c.Key) > MaxFrameKeyLen {
				v.ps.add(join(p, "key"), "%q is not a key: use 1 to %d of a-z, 0-9 and single dashes", c.Key, MaxFrameKeyLen)
			}
			if j, dup := keys[c.Key]; dup {
				v.ps.add(join(p, "key"), "%q is also the key of %s", c.Key, index(set.name, j))
			}
			keys[c.Key] = i
			v.text(join(p, "title"), c.Title, titleText, nil)
			v.text(join(p, "description"), c.Description, textKind{max: 300}, nil)
		}
	}
	if !v.ps.ok() {
		return nil, &FileError{File: name, Problems: v.ps.list}
	}
	return r, nil
}

// rehearse sets the template up in every language with the fewest and
// with the most (and longest) parameter values it allows, applies the
// setup to a preview board, and runs every script step on it in order. A
// layout that overlaps or leaves the board, a title that grows too long,
// or a step the board refuses is reported here, at load, rather than when
// a facilitator sets up a workshop.
func rehearse(t *Template, road *Roadmap) []Problem {
	var out []Problem
	seen := map[Problem]bool{}
	add := func(p Problem) {
		if !seen[p] && len(out) < maxProblems {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, most := range []bool{false, true} {
		how := "with the fewest parameter items"
		if most {
			how = "with the most and longest parameter values"
		}
		for _, lang := range langs {
			for _, p := range rehearseOnce(t, road, lang, most) {
				p.Message += " (" + how + ")"
				add(p)
			}
		}
	}
	return out
}

func rehearseOnce(t *Template, road *Roadmap, lang workshops.Lang, most bool) []Problem {
	params, err := t.CheckParams(sampleParams(t, most))
	if err != nil {
		return []Problem{{Field: "parameters", Message: "sample values are refused: " + err.Error()}}
	}
	plan, ps := t.plan(lang, params, road)
	if len(ps) > 0 {
		return ps
	}
	b, err := previewBoard(t, lang)
	if err != nil {
		return []Problem{{Field: "name", Message: err.Error()}}
	}
	for _, op := range plan.Ops() {
		if err := ApplyOps(b, PreviewFacilitator, []workshops.Op{op}); err != nil {
			field := "board_title"
			if f := plan.Frame(op.Frame); f != nil {
				field = f.spec
			} else if op.Kind == workshops.OpGroupCreate {
				field = "groups"
			}
			return []Problem{{Field: field, Message: err.Error()}}
		}
	}
	run := func(path string, steps []Step, ex *Exercise) []Problem {
		for i := range steps {
			if err := ApplyOps(b, PreviewFacilitator, stepOps(plan, ex, &steps[i], lang)); err != nil {
				return []Problem{{Field: index(path, i), Message: err.Error()}}
			}
		}
		return nil
	}
	if t.Intro != nil {
		if ps := run("intro.script", t.Intro.Script, nil); ps != nil {
			return ps
		}
	}
	for i := range t.Exercises {
		if ps := run(join(index("exercises", i), "script"), t.Exercises[i].Script, &t.Exercises[i]); ps != nil {
			return ps
		}
	}
	return nil
}

// sampleParams makes parameter values for rehearse: the fewest items and
// short values, or the most items with the longest values and keys.
func sampleParams(t *Template, most bool) Params {
	p := Params{Text: map[string]string{}, Lists: map[string][]Item{}}
	for pi, d := range t.Parameters {
		letter := 'a' + rune(pi%26) // keys differ between lists
		switch d.Type {
		case ParamText:
			if most {
				p.Text[d.Key] = filler(d.MaxLen)
			} else if d.Required {
				p.Text[d.Key] = "Å"
			}
		case ParamList:
			n := d.Min
			if most {
				n = d.Max
			}
			items := make([]Item, n)
			for i := range items {
				it := Item{Key: fmt.Sprintf("%c%d", letter, i+1), Name: fmt.Sprintf("Ø %d", i+1)}
				size := func(n int) string { return "Æ" }
				if most {
					it.Key = fmt.Sprintf("%c%0*d", letter, MaxKeyLen-1, i+1)
					it.Name = filler(MaxItemNameLen)
					size = filler
				}
				for _, f := range d.Fields {
					switch f {
					case FieldTheme:
						it.Theme = size(MaxThemeLen)
					case FieldAge:
						it.Age = MaxAge
					case FieldSituation:
						it.Situation = size(MaxSituationLen)
					case FieldQuote:
						it.Quote = size(MaxQuoteLen)
					}
				}
				items[i] = it
			}
			p.Lists[d.Key] = items
		}
	}
	return p
}

// filler returns n characters of Norwegian-looking text.
func filler(n int) string {
	const words = "Åfjord og Ørsta har bærekraftige lokalsamfunn "
	r := []rune(strings.Repeat(words, n/len([]rune(words))+1))[:n]
	if r[n-1] == ' ' {
		r[n-1] = 'x'
	}
	return string(r)
}

// MinimalParams returns the fewest parameter values the template accepts
// (one-letter texts, as few list items as allowed): for tests and for
// trying a template out.
func (t *Template) MinimalParams() Params { return sampleParams(t, false) }
