package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/gomutex/godocx"
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
	rd.AddParagraph(d.Intro)
	var sec func(s *Section) error
	sec = func(s *Section) error {
		if _, err := rd.AddHeading(s.Title, uint(s.Level-1)); err != nil { // Heading1 for A-E
			return err
		}
		for _, bl := range s.Blocks {
			switch bl.Kind {
			case KindParagraph:
				rd.AddParagraph(bl.Text)
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
					p.AddText(it.Text)
					if it.Detail != "" {
						p.AddText(" (" + it.Detail + ")").Italic(true)
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
						row.AddCell().AddParagraph(c)
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

var (
	thumbnailRel = regexp.MustCompile(`<Relationship[^>]*Target="docProps/thumbnail\.jpeg"[^>]*/>`)
	tableRow     = regexp.MustCompile(`<w:tbl>(.*?)<w:tr>`)
)

// finishDocx rewrites the package godocx wrote from its built-in template,
// which carries foreign metadata (DOMAIN.md): our own docProps/core.xml
// (title, language, created and modified now, no creator, no "generated
// by") and app.xml (application Samskap); the template's thumbnail
// dropped; en-US replaced by lang in the styles and settings; and a
// w:tblHeader on each table's first row (godocx has no API for it).
func finishDocx(in []byte, title, lang string, created time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "docProps/thumbnail.jpeg" {
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
		switch f.Name {
		case "docProps/core.xml":
			data = coreXML(title, lang, created)
		case "docProps/app.xml":
			data = []byte(xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Samskap</Application></Properties>`)
		case "_rels/.rels":
			data = thumbnailRel.ReplaceAll(data, nil)
		case "word/document.xml":
			data = tableRow.ReplaceAll(data, []byte(`<w:tbl>$1<w:tr><w:trPr><w:tblHeader/></w:trPr>`))
		}
		if strings.HasPrefix(f.Name, "word/") && strings.HasSuffix(f.Name, ".xml") {
			data = bytes.ReplaceAll(data, []byte(`"en-US"`), []byte(`"`+lang+`"`))
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

func coreXML(title, lang string, created time.Time) []byte {
	var t bytes.Buffer
	xml.EscapeText(&t, []byte(title))
	ts := created.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(fmt.Sprintf(xml.Header+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<dc:title>%s</dc:title><dc:language>%s</dc:language><cp:revision>1</cp:revision>`+
		`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`+
		`</cp:coreProperties>`, t.String(), lang, ts, ts))
}
