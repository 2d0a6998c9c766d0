package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Params are what the facilitator filled in for a template's parameters:
// text parameters by key, and list parameters by key. In JSON they are one
// flat object, as a setup form would post it:
//
//	{"municipality": "Lebesby",
//	 "target_groups": [{"key": "unge-utflyttere", "name": "Unge utflyttere"}]}
type Params struct {
	Text  map[string]string
	Lists map[string][]Item
}

// Item is one item of a list parameter: a target group, a følgekommune, a
// municipality on a shared board, a theme, a persona. Which fields besides
// Name a list needs is in its Parameter.Fields.
type Item struct {
	// Key is the item's slug; if empty it is made from Name
	// ("Høylandet" -> "hoylandet"). Frame and group IDs are made from it.
	Key  string `json:"key,omitempty"`
	Name string `json:"name"`
	// Theme is the question a visjon group works on.
	Theme string `json:"theme,omitempty"`
	// Age, Situation and Quote describe a persona.
	Age       int    `json:"age,omitempty"`
	Situation string `json:"situation,omitempty"`
	Quote     string `json:"quote,omitempty"`
}

// Item fields a list parameter may ask for.
const (
	FieldTheme     = "theme"
	FieldAge       = "age"
	FieldSituation = "situation"
	FieldQuote     = "quote"
)

var itemFields = []string{FieldTheme, FieldAge, FieldSituation, FieldQuote}

// Limits on parameter values, in characters.
const (
	MaxKeyLen       = 20  // an item's key
	MaxItemNameLen  = 60  // an item's name
	MaxThemeLen     = 120 // a theme (it becomes a frame title)
	MaxSituationLen = 600 // a persona's situation
	MaxQuoteLen     = 200 // a persona's quote
	MaxAge          = 120
	MaxTextParamLen = 900 // the most a text parameter may declare
)

// MarshalJSON writes the flat object.
func (p Params) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range p.Text {
		m[k] = v
	}
	for k, v := range p.Lists {
		m[k] = v
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the flat object: a string is a text parameter, a list
// a list parameter.
func (p *Params) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	p.Text, p.Lists = map[string]string{}, map[string][]Item{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		raw := bytes.TrimSpace(m[k])
		switch {
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			p.Text[k] = s
		case len(raw) > 0 && raw[0] == '[':
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			var items []Item
			if err := dec.Decode(&items); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			p.Lists[k] = items
		default:
			return fmt.Errorf("%s: want a string or a list", k)
		}
	}
	return nil
}

// Slug makes an item key from a name: lower case ASCII letters, digits and
// single dashes, æ as ae, ø as o, å as a, at most MaxKeyLen characters.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		var s string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		case r == 'æ' || r == 'ä':
			s = "ae"
		case r == 'ø' || r == 'ö' || r == 'ó' || r == 'ò' || r == 'ô':
			s = "o"
		case r == 'å' || r == 'á' || r == 'à' || r == 'â':
			s = "a"
		case r == 'é' || r == 'è' || r == 'ê' || r == 'ë':
			s = "e"
		case r == 'ü' || r == 'ú':
			s = "u"
		case r == 'í' || r == 'ï':
			s = "i"
		case r == 'č' || r == 'ç':
			s = "c"
		case r == 'š':
			s = "s"
		case r == 'ž':
			s = "z"
		case r == 'đ':
			s = "d"
		case r == 'ŋ':
			s = "n"
		case r == 'ŧ':
			s = "t"
		}
		if s == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
	}
	out := b.String()
	if len(out) > MaxKeyLen {
		out = strings.TrimRight(out[:MaxKeyLen], "-")
	}
	return out
}

// validSlug reports whether s is a slug: a-z, 0-9 and single inner dashes.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkLine checks a one-line value: valid UTF-8, no control characters,
// at most max characters. It returns the trimmed value.
func checkLine(ps *problems, field, s string, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		ps.add(field, "not valid text")
		return s
	}
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > max {
		ps.add(field, "longer than %d characters (%d)", max, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			if multiline {
				ps.add(field, "contains control characters")
			} else {
				ps.add(field, "must be one line without control characters")
			}
			break
		}
	}
	return s
}

// param returns the template's parameter with the given key.
func (t *Template) param(key string) *Parameter {
	for i := range t.Parameters {
		if t.Parameters[i].Key == key {
			return &t.Parameters[i]
		}
	}
	return nil
}

// CheckParams checks p against the template's parameters and returns a
// clean copy: values trimmed, missing item keys made from the names,
// absent optional parameters filled in as empty. The error is a
// *ParamError.
func (t *Template) CheckParams(p Params) (Params, error) {
	var ps problems
	out := Params{Text: map[string]string{}, Lists: map[string][]Item{}}
	for _, k := range slices.Sorted(maps.Keys(p.Text)) {
		if d := t.param(k); d == nil || d.Type != ParamText {
			ps.add(k, "this template has no text parameter %q", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.Lists)) {
		if d := t.param(k); d == nil || d.Type != ParamList {
			ps.add(k, "this template has no list parameter %q", k)
		}
	}
	for _, d := range t.Parameters {
		switch d.Type {
		case ParamText:
			v := checkLine(&ps, d.Key, p.Text[d.Key], d.MaxLen, d.MaxLen > 120)
			if d.Required && v == "" {
				ps.add(d.Key, "empty; this template needs it")
			}
			out.Text[d.Key] = v
		case ParamList:
			out.Lists[d.Key] = checkItems(&ps, &d, p.Lists[d.Key])
		}
	}
	if !ps.ok() {
		return out, &ParamError{Problems: ps.list}
	}
	return out, nil
}

func countRule(d *Parameter) string {
	switch {
	case d.Min == d.Max:
		return "exactly " + strconv.Itoa(d.Min)
	case d.Min == 0:
		return "at most " + strconv.Itoa(d.Max)
	default:
		return fmt.Sprintf("%d to %d", d.Min, d.Max)
	}
}

func checkItems(ps *problems, d *Parameter, in []Item) []Item {
	if len(in) < d.Min || len(in) > d.Max {
		ps.add(d.Key, "needs %s items, got %d", countRule(d), len(in))
	}
	out := make([]Item, 0, len(in))
	seen := map[string]int{}
	for i, it := range in {
		f := index(d.Key, i)
		it.Name = checkLine(ps, join(f, "name"), it.Name, MaxItemNameLen, false)
		if it.Name == "" {
			ps.add(join(f, "name"), "empty")
		}
		it.Key = strings.TrimSpace(it.Key)
		if it.Key == "" {
			it.Key = Slug(it.Name)
			if it.Key == "" {
				it.Key = "item-" + strconv.Itoa(i+1)
			}
		} else if len(it.Key) > MaxKeyLen || !validSlug(it.Key) {
			ps.add(join(f, "key"), "%q is not a key: use 1 to %d of a-z, 0-9 and single dashes", it.Key, MaxKeyLen)
		}
		if j, dup := seen[it.Key]; dup {
			ps.add(join(f, "key"), "%q is also the key of %s; give them different keys", it.Key, index(d.Key, j))
		}
		seen[it.Key] = i
		has := func(field string) bool { return slices.Contains(d.Fields, field) }
		it.Theme = checkLine(ps, join(f, FieldTheme), it.Theme, MaxThemeLen, false)
		it.Situation = checkLine(ps, join(f, FieldSituation), it.Situation, MaxSituationLen, true)
		it.Quote = checkLine(ps, join(f, FieldQuote), it.Quote, MaxQuoteLen, false)
		for _, c := range []struct {
			field string
			empty bool
		}{{FieldTheme, it.Theme == ""}, {FieldAge, it.Age == 0}, {FieldSituation, it.Situation == ""}, {FieldQuote, it.Quote == ""}} {
			switch {
			case has(c.field) && c.empty:
				ps.add(join(f, c.field), "empty; this template needs it")
			case !has(c.field) && !c.empty:
				ps.add(join(f, c.field), "not used by %s; leave it out", d.Key)
			}
		}
		if it.Age < 0 || it.Age > MaxAge {
			ps.add(join(f, FieldAge), "must be between 1 and %d", MaxAge)
		}
		out = append(out, it)
	}
	return out
}
