package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/stypes"
)

// langTag is the language of a .docx: w:lang and dc:language.
func langTag(d *Document) string {
	switch d.Lang {
	case "nn":
		return "nn-NO"
	case "en":
		return "en-GB"
	}
	return "nb-NO"
}

// Docx renders the draft as a Word document with github.com/gomutex/godocx
// and then makes the package ours (see finishDocx): paragraph styles are
// set by style ID (Title for the title, Heading1 for A-E and the appendix,
// Heading2 for their parts, ListBullet, IntenseQuote for gaps, Caption,
// TableGrid),
// never by display name, so Word applies them and its navigation pane and
// PDF/A export see real headings; every table's first row repeats as a
// header row. created is the document's creation time.
func Docx(d *Document, created time.Time) ([]byte, error) {
	rd, err := godocx.NewDocument()
	if err != nil {
		return nil, err
	}
	if _, err := rd.AddHeading(d.Title, 0); err != nil { // style Title
		return nil, err
	}
	// The title page: municipality, challenge and date, then a page break.
	for _, tp := range d.TitlePage() {
		p := rd.AddEmptyParagraph()
		p.Style("Subtitle")
		p.AddText(tp.Label + ": ").Bold(true)
		addLines(p, tp.Text, nil)
	}
	rd.AddEmptyParagraph().AddRun().AddBreak(ptr(stypes.BreakTypePage))
	rd.AddParagraph(d.Intro)
	var sec func(s *Section) error
	sec = func(s *Section) error {
		if _, err := rd.AddHeading(s.Title, uint(s.Level-1)); err != nil { // Heading1 for A-E, 2 and 3 below
			return err
		}
		for _, bl := range s.Blocks {
			switch bl.Kind {
			case KindParagraph:
				addLines(rd.AddEmptyParagraph(), bl.Text, nil)
			case KindNote:
				p := rd.AddEmptyParagraph()
				p.Style("Quote")
				p.AddText(T(d.Lang, "note.label") + ": ").Bold(true)
				addLines(p, bl.Text, nil)
			case KindGap:
				p := rd.AddEmptyParagraph()
				p.Style("IntenseQuote")
				p.AddText("[" + T(d.Lang, "gap.label") + ": ").Bold(true)
				p.AddText(bl.Text).Bold(true)
				p.AddText("]").Bold(true)
			case KindRule:
				p := rd.AddEmptyParagraph()
				p.AddText(T(d.Lang, "rule.label") + ": " + bl.Text).Italic(true)
			case KindList:
				if bl.Text != "" {
					p := rd.AddEmptyParagraph()
					p.AddText(bl.Text).Bold(true)
				}
				for _, it := range bl.Items {
					p := rd.AddEmptyParagraph()
					p.Style("ListBullet")
					addLines(p, it.Text, nil)
					if it.Detail != "" {
						addLines(p, " ("+it.Detail+")", func(r *docx.Run) { r.Italic(true) })
					}
				}
			case KindTable:
				if bl.Text != "" {
					p := rd.AddParagraph(bl.Text)
					p.Style("Caption")
				}
				t := rd.AddTable()
				t.Style("TableGrid")
				hr := t.AddRow()
				for _, h := range bl.Table.Header {
					hr.AddCell().AddEmptyPara().AddText(h).Bold(true)
				}
				for _, r := range bl.Table.Rows {
					row := t.AddRow()
					for _, c := range r {
						addLines(row.AddCell().AddEmptyPara(), c, nil)
					}
				}
			}
		}
		for i := range s.Sections {
			if err := sec(&s.Sections[i]); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range d.Sections {
		if err := sec(&d.Sections[i]); err != nil {
			return nil, err
		}
	}
	var raw bytes.Buffer
	if err := rd.Write(&raw); err != nil {
		return nil, err
	}
	return finishDocx(raw.Bytes(), d.Title, langTag(d), created)
}

// dropParts are parts of godocx's built-in template that are not ours: the
// thumbnail (of someone else's document), a bibliography sources part in
// customXml, and Word 2010's stylesWithEffects. finishDocx leaves them out,
// and with them every relationship and content type that named them.
var dropParts = map[string]bool{
	"docProps/thumbnail.jpeg":        true,
	"customXml/item1.xml":            true,
	"customXml/itemProps1.xml":       true,
	"customXml/_rels/item1.xml.rels": true,
	"word/stylesWithEffects.xml":     true,
}

// addLines adds text to p as runs, a line break (w:br) between its lines,
// so that a note of several lines keeps them; style, if set, styles each
// run.
func addLines(p *docx.Paragraph, text string, style func(*docx.Run)) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, line := range lines {
		r := p.AddText(line)
		if style != nil {
			style(r)
		}
		if i < len(lines)-1 {
			r.AddBreak(nil)
		}
	}
}

func ptr[T any](v T) *T { return &v }

var (
	// relationship matches one Relationship, self-closing or as an
	// open/close pair (godocx writes the pair).
	relationship = regexp.MustCompile(`<Relationship\b[^>]*?(?:/>|>\s*</Relationship>)`)
	// override matches one Override of [Content_Types].xml, either form.
	override  = regexp.MustCompile(`<Override\b[^>]*?(?:/>|>\s*</Override>)`)
	jpegType  = regexp.MustCompile(`<Default Extension="jpeg"[^>]*?(?:/>|>\s*</Default>)`)
	attr      = func(name string) *regexp.Regexp { return regexp.MustCompile(`\b` + name + `="([^"]*)"`) }
	targetAt  = attr("Target")
	modeAt    = attr("TargetMode")
	partAt    = attr("PartName")
	emptyTrPr = regexp.MustCompile(`<w:trPr>\s*</w:trPr>|<w:trPr/>`)
	// tableStart is a table's start up to its first row's first cell.
	tableStart = regexp.MustCompile(`<w:tbl><w:tblPr>(.*?)</w:tblPr>(.*?)<w:tr>`)
	// foreignLang are language attributes of the template that name
	// other languages than the draft's (East Asian and bidi defaults).
	foreignLang = regexp.MustCompile(` w:(?:eastAsia|bidi)="[^"]*"`)
	rsids       = regexp.MustCompile(`(?s)\s*<w:rsids>.*?</w:rsids>`)
	preview     = regexp.MustCompile(`\s*<w:savePreviewPicture/>`)
	pageSize    = regexp.MustCompile(`<w:pgSz w:w="12240" w:h="15840">\s*</w:pgSz>|<w:pgSz w:w="12240" w:h="15840"/>`)
	pageMargins = regexp.MustCompile(`<w:pgMar [^>]*?(?:/>|>\s*</w:pgMar>)`)
	decimal     = regexp.MustCompile(`<w:decimalSymbol w:val="[^"]*"/>`)
	listSep     = regexp.MustCompile(`<w:listSeparator w:val="[^"]*"/>`)
)

// finishDocx rewrites the package godocx wrote from its built-in template,
// which carries foreign metadata and parts (DOMAIN.md), into ours:
//   - our own docProps/core.xml (title, language, created and modified
//     now, no creator, no "generated by") and app.xml (application Samskap);
//   - the template's parts in dropParts left out, and every relationship
//     whose target is not in the package, every content type override of
//     a part that is not, dropped (a package must not point at nothing);
//   - the language: en-US becomes lang, and the template's East Asian and
//     bidi language defaults (ja-JP, ar-SA) go; Norwegian decimal comma
//     and list separator in nb and nn;
//   - A4 paper with 2.5 cm margins instead of US Letter, no preview
//     picture, no revision IDs of the template's author;
//   - each table full width, and its first row, and only that row, marked
//     as a repeating header row (w:tblHeader; godocx has no API for it and
//     writes an empty w:trPr in every row, which this replaces: a row may
//     have one w:trPr).
func finishDocx(in []byte, title, lang string, created time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, err
	}
	parts := map[string]bool{}
	for _, f := range zr.File {
		if !dropParts[f.Name] {
			parts[f.Name] = true
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if dropParts[f.Name] {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		switch {
		case f.Name == "docProps/core.xml":
			data = coreXML(title, lang, created)
		case f.Name == "docProps/app.xml":
			data = []byte(xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Samskap</Application></Properties>`)
		case f.Name == "[Content_Types].xml":
			data = override.ReplaceAllFunc(data, func(o []byte) []byte {
				if m := partAt.FindSubmatch(o); m != nil && !parts[strings.TrimPrefix(string(m[1]), "/")] {
					return nil
				}
				return o
			})
			data = jpegType.ReplaceAll(data, nil)
		case strings.HasSuffix(f.Name, ".rels"):
			data = relationship.ReplaceAllFunc(data, func(r []byte) []byte {
				if m := modeAt.FindSubmatch(r); m != nil && string(m[1]) == "External" {
					return r
				}
				if m := targetAt.FindSubmatch(r); m != nil && !parts[relTarget(f.Name, string(m[1]))] {
					return nil
				}
				return r
			})
		case f.Name == "word/document.xml":
			data = emptyTrPr.ReplaceAll(data, nil)
			data = tableStart.ReplaceAll(data, []byte(`<w:tbl><w:tblPr>$1<w:tblW w:w="5000" w:type="pct"/></w:tblPr>$2<w:tr><w:trPr><w:tblHeader/></w:trPr>`))
			data = pageSize.ReplaceAll(data, []byte(`<w:pgSz w:w="11906" w:h="16838"/>`))
			data = pageMargins.ReplaceAll(data, []byte(`<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>`))
		case f.Name == "word/settings.xml":
			data = rsids.ReplaceAll(data, nil)
			data = preview.ReplaceAll(data, nil)
			if lang != "en-GB" {
				data = decimal.ReplaceAll(data, []byte(`<w:decimalSymbol w:val=","/>`))
				data = listSep.ReplaceAll(data, []byte(`<w:listSeparator w:val=";"/>`))
			}
		}
		if strings.HasPrefix(f.Name, "word/") && strings.HasSuffix(f.Name, ".xml") {
			data = bytes.ReplaceAll(data, []byte(`"en-US"`), []byte(`"`+lang+`"`))
			data = foreignLang.ReplaceAll(data, nil)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// relTarget resolves a relationship's target, relative to the part the
// .rels file belongs to (OPC): _rels/.rels is the package's own,
// word/_rels/document.xml.rels is word/document.xml's. The result is a
// part name without a leading slash.
func relTarget(relsName, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	dir := path.Dir(path.Dir(relsName)) // the source part's folder
	if dir == "." {
		return path.Clean(target)
	}
	return path.Clean(dir + "/" + target)
}

func coreXML(title, lang string, created time.Time) []byte {
	var t bytes.Buffer
	xml.EscapeText(&t, []byte(title))
	ts := created.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(fmt.Sprintf(xml.Header+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<dc:title>%s</dc:title><dc:language>%s</dc:language><cp:revision>1</cp:revision>`+
		`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`+
		`</cp:coreProperties>`, t.String(), lang, ts, ts))
}
