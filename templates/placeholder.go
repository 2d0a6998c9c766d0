package templates

import (
	"errors"
	"strings"
)

// Placeholders an item offers, besides the fields of its list (theme, age,
// situation, quote): its key, its name and its place in the list (1-based).
// Roadmap cards offer key, name (the card's title), n and description;
// breakout groups offer key (the group ID), name and n.
const (
	VarKey         = "key"
	VarName        = "name"
	VarN           = "n"
	VarDescription = "description"
)

// reservedVars may not be used as parameter keys.
var reservedVars = []string{VarKey, VarName, VarN, VarDescription, FieldTheme, FieldAge, FieldSituation, FieldQuote}

// placeholders returns the names of the {placeholders} in s, in order.
func placeholders(s string) ([]string, error) {
	var names []string
	for {
		open := strings.IndexAny(s, "{}")
		if open < 0 {
			return names, nil
		}
		if s[open] == '}' {
			return names, errors.New("has a } without a {")
		}
		end := strings.IndexAny(s[open+1:], "{}")
		if end < 0 || s[open+1+end] == '{' {
			return names, errors.New("has a { without a }")
		}
		name := s[open+1 : open+1+end]
		if name == "" || strings.TrimSpace(name) != name {
			return names, errors.New("has an empty or spaced {placeholder}")
		}
		names = append(names, name)
		s = s[open+1+end+1:]
	}
}

// expand replaces each {name} in s with vars[name]. The values are not
// expanded again, so text the facilitator typed cannot inject placeholders.
// A name not in vars is left as it is (validation has ruled that out).
func expand(s string, vars map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:open])
		name := s[open+1 : open+end]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[open : open+end+1])
		}
		s = s[open+end+1:]
	}
}
