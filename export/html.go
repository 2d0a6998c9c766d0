package export

import (
	"bytes"
	"html/template"
)

// HTML renders the draft as one printable page: html/template escapes
// every text, <html lang> is the draft's language, the title is h1, A-E
// and the appendix h2, their parts h3; tables have a caption and header
// cells with scope="col"; gaps are <p class="gap"> with a visible label
// (not colour alone). The styles sit in the page's own <style>: the page
// is a download (Content-Disposition: attachment) read outside the app's
// origin, so the app's CSP (style-src 'self') does not apply to it; the
// server sends it with a CSP of its own that allows those inline styles
// and nothing else (no scripts, no requests).
func HTML(d *Document) ([]byte, error) {
	t, err := htmlPage.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(template.FuncMap{"label": func(key string) string { return T(d.Lang, key) }})
	var b bytes.Buffer
	err = t.Execute(&b, map[string]any{"D": d})
	return b.Bytes(), err
}

var htmlPage = template.Must(template.New("page").Funcs(template.FuncMap{"label": func(string) string { return "" }}).Parse(`<!DOCTYPE html>
<html lang="{{.D.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.D.Title}}</title>
<style>
body { font: 12pt/1.5 "Segoe UI", Arial, sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
h1 { font-size: 1.8em; } h2 { font-size: 1.4em; margin-top: 2em; border-bottom: 1px solid #555; } h3 { font-size: 1.15em; } h4 { font-size: 1em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #555; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
.gap { border: 2px dashed #8a4b00; background: #fff4e0; padding: .5em .8em; }
.gap strong { text-transform: uppercase; }
.rule { font-style: italic; color: #444; }
.detail { color: #444; }
.note { border-left: 6px solid #8a4b00; padding: .3em .8em; }
.titlepage { font-size: 1.1em; }
p, li, td { white-space: pre-line; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } h3, h4 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } }
</style>
</head>
<body>
<main>
<h1>{{.D.Title}}</h1>
{{range .D.TitlePage}}<p class="titlepage"><strong>{{.Label}}:</strong> {{.Text}}</p>
{{end}}<p>{{.D.Intro}}</p>
{{range .D.Sections}}{{template "section" .}}{{end}}
</main>
</body>
</html>
{{define "section"}}<section aria-labelledby="s-{{.ID}}">
{{if eq .Level 2}}<h2 id="s-{{.ID}}">{{.Title}}</h2>{{else if eq .Level 3}}<h3 id="s-{{.ID}}">{{.Title}}</h3>{{else}}<h4 id="s-{{.ID}}">{{.Title}}</h4>{{end}}
{{range .Blocks}}{{template "block" .}}{{end}}
{{range .Sections}}{{template "section" .}}{{end}}
</section>
{{end}}
{{define "block"}}{{if eq .Kind "paragraph"}}<p>{{.Text}}</p>
{{else if eq .Kind "gap"}}<p class="gap"><strong>{{label "gap.label"}}:</strong> {{.Text}}</p>
{{else if eq .Kind "note"}}<p class="note"><strong>{{label "note.label"}}:</strong> {{.Text}}</p>
{{else if eq .Kind "rule"}}<p class="rule">{{label "rule.label"}}: {{.Text}}</p>
{{else if eq .Kind "list"}}{{if .Text}}<p><strong>{{.Text}}</strong></p>{{end}}
<ul>{{range .Items}}<li>{{.Text}}{{if .Detail}} <span class="detail">({{.Detail}})</span>{{end}}</li>{{end}}</ul>
{{else if eq .Kind "table"}}<table>{{if .Text}}<caption>{{.Text}}</caption>{{end}}
<thead><tr>{{range .Table.Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Table.Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table>
{{end}}{{end}}`))
