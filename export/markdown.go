package export

import (
	"bytes"
	"strings"
)

// Markdown renders the draft as CommonMark: # for the title, ## for A-E
// and the appendix, ### for their parts; gaps as bold block quotes
// "> **[FYLLES UT: …]**", rules in italics; tables as pipe tables. Text
// from the boards is escaped so that a note cannot become markup.
func Markdown(d *Document) []byte {
	var b bytes.Buffer
	b.WriteString("# " + mdEscape(d.Title) + "\n\n")
	for i, tp := range d.TitlePage() {
		b.WriteString("**" + mdEscape(tp.Label) + ":** " + mdLines(tp.Text, "\\\n"))
		if i < len(d.TitlePage())-1 {
			b.WriteString("\\")
		}
		b.WriteString("\n")
	}
	if len(d.TitlePage()) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(mdEscape(d.Intro) + "\n")
	var sec func(s *Section)
	sec = func(s *Section) {
		b.WriteString("\n" + strings.Repeat("#", s.Level) + " " + mdEscape(s.Title) + "\n")
		for _, bl := range s.Blocks {
			b.WriteString("\n")
			switch bl.Kind {
			case KindParagraph:
				b.WriteString(mdLines(bl.Text, "\\\n") + "\n")
			case KindNote:
				b.WriteString("> **" + mdEscape(T(d.Lang, "note.label")) + ":** " + mdLines(bl.Text, "\\\n> ") + "\n")
			case KindGap:
				b.WriteString("> **[" + mdEscape(T(d.Lang, "gap.label")) + ": " + mdEscape(bl.Text) + "]**\n")
			case KindRule:
				b.WriteString("*" + mdEscape(T(d.Lang, "rule.label")) + ": " + mdEscape(bl.Text) + "*\n")
			case KindList:
				if bl.Text != "" {
					b.WriteString("**" + mdEscape(bl.Text) + "**\n\n")
				}
				for _, it := range bl.Items {
					b.WriteString("- " + mdLines(it.Text, "\\\n  "))
					if it.Detail != "" {
						b.WriteString(" (" + mdLines(it.Detail, "\\\n  ") + ")")
					}
					b.WriteString("\n")
				}
			case KindTable:
				t := bl.Table
				row := func(cells []string) {
					b.WriteString("|")
					for _, c := range cells {
						b.WriteString(" " + mdCell(c) + " |")
					}
					b.WriteString("\n")
				}
				row(t.Header)
				b.WriteString("|" + strings.Repeat(" --- |", len(t.Header)) + "\n")
				for _, r := range t.Rows {
					row(r)
				}
			}
		}
		for i := range s.Sections {
			sec(&s.Sections[i])
		}
	}
	for i := range d.Sections {
		sec(&d.Sections[i])
	}
	return b.Bytes()
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"#", `\#`, "|", `\|`, "\r\n", " ", "\n", " ", "\r", " ")

// mdEscape escapes Markdown's inline markup and folds lines, so a note is
// always one line of plain text.
func mdEscape(s string) string {
	s = mdEscaper.Replace(s)
	// A line starting with a list marker or a number and a dot would
	// become a list; escape the first character.
	if len(s) > 0 && strings.ContainsRune("-+=", rune(s[0])) {
		s = `\` + s
	}
	return s
}

// mdCell escapes a table cell; its lines are joined with <br>, which
// CommonMark passes through as HTML inside a pipe table.
func mdCell(s string) string { return mdLines(s, "<br>") }

// mdLines escapes each line of s and joins them with sep: a hard line
// break (a backslash ending the line, then the indentation of the block)
// keeps one note's lines as lines.
func mdLines(s string, sep string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdEscape(l)
	}
	return strings.Join(lines, sep)
}
