package server

import (
	"sort"
	"strconv"
	"strings"
)

// pageLangs are the client's languages (client/static/languages.js), bokmål
// first as the default.
var pageLangs = []string{"nb", "nn", "en"}

// langAliases are tags whose language is not their first subtag.
var langAliases = map[string]string{"no-nn": "nn", "no": "nb", "no-no": "nb", "no-nb": "nb"}

// pageLang guesses from an Accept-Language header the language the client
// will start in when the person has stored no choice, so the page can
// preload that table and set <html lang> before any script runs. It maps
// tags as the client's browserLang does (nn, nn-NO, no-NN: nynorsk; nb,
// no: bokmål; en-*: English), honours q-values, and is bokmål otherwise.
// The client still decides: a stored choice wins over this guess.
func pageLang(header string) string {
	type tag struct {
		lang string
		q    float64
		i    int
	}
	var tags []tag
	for i, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		q := 1.0
		if name, params, ok := strings.Cut(part, ";"); ok {
			part = strings.TrimSpace(name)
			for _, p := range strings.Split(params, ";") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
					if f, err := strconv.ParseFloat(v, 64); err == nil {
						q = f
					}
				}
			}
		}
		if q <= 0 {
			continue
		}
		tags = append(tags, tag{strings.ToLower(strings.ReplaceAll(part, "_", "-")), q, i})
	}
	sort.SliceStable(tags, func(a, b int) bool { return tags[a].q > tags[b].q })
	for _, t := range tags {
		parts := strings.Split(t.lang, "-")
		two := parts[0]
		if len(parts) > 1 {
			two += "-" + parts[1]
		}
		for _, c := range []string{langAliases[two], langAliases[parts[0]], parts[0]} {
			for _, l := range pageLangs {
				if c != "" && c == l {
					return l
				}
			}
		}
	}
	return pageLangs[0]
}
