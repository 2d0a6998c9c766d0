package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/workshops"
)

// schemaMax is how often a child may appear in a parent where the draft
// writes it (WordprocessingML, ECMA-376 part 1, wml.xsd: CT_Body, CT_P,
// CT_PPr, CT_R, CT_RPr, CT_Tbl, CT_TblPr, CT_Row, CT_TrPr, CT_Tc, CT_SectPr;
// "-" elements the schema does not let repeat). Children not listed may
// repeat (w:p in a body, w:tc in a row, w:t and w:br in a run).
var schemaMax = map[string]map[string]int{
	"document": {"body": 1},
	"body":     {"sectPr": 1},
	"p":        {"pPr": 1},
	"pPr":      {"pStyle": 1, "numPr": 1, "spacing": 1, "jc": 1, "rPr": 1, "keepNext": 1},
	"r":        {"rPr": 1},
	"rPr":      {"b": 1, "i": 1, "rStyle": 1, "lang": 1, "sz": 1, "color": 1},
	"tbl":      {"tblPr": 1, "tblGrid": 1},
	"tblPr":    {"tblStyle": 1, "tblW": 1, "tblLook": 1},
	"tr":       {"trPr": 1, "tblPrEx": 1},
	"trPr":     {"tblHeader": 1, "cantSplit": 1},
	"tc":       {"tcPr": 1},
	"sectPr":   {"pgSz": 1, "pgMar": 1, "docGrid": 1},
}

// schemaFirst: children that must come before every other child.
var schemaFirst = map[string][]string{
	"p":   {"pPr"},
	"r":   {"rPr"},
	"tbl": {"tblPr", "tblGrid"},
	"tr":  {"tblPrEx", "trPr"},
	"tc":  {"tcPr"},
}

// checkDocxPackage fails the test on anything in a .docx package that
// Word could refuse or offer to repair, or that is not ours: XML that is
// not well-formed; a relationship whose target part is missing; a content
// type override of a missing part, or a part without a content type; an
// element more often, or earlier or later, than the schema allows where
// the draft writes it; and leftovers of godocx's template (its parts,
// languages, author, preview picture, US Letter paper).
func checkDocxPackage(t reporter, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	for name, content := range files {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(content))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
				break
			}
		}
	}

	// Relationships: every internal target exists.
	rel := regexp.MustCompile(`<Relationship\b[^>]*>`)
	attr := func(el, name string) string {
		m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(el)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for name, content := range files {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		source := path.Dir(path.Dir(name))
		for _, r := range rel.FindAllString(content, -1) {
			if attr(r, "TargetMode") == "External" {
				continue
			}
			target := attr(r, "Target")
			if !strings.HasPrefix(target, "/") {
				target = path.Join(source, target)
			}
			target = strings.TrimPrefix(path.Clean("/"+target), "/")
			if _, ok := files[target]; !ok {
				t.Errorf("%s: relationship %s points to %s, which is not in the package", name, attr(r, "Id"), target)
			}
		}
	}
	if !strings.Contains(files["_rels/.rels"], `Target="word/document.xml"`) {
		t.Error("_rels/.rels does not name the main document")
	}

	// Content types: overrides name real parts; every part has a type.
	ct := files["[Content_Types].xml"]
	defaults := map[string]bool{}
	for _, d := range regexp.MustCompile(`<Default\b[^>]*>`).FindAllString(ct, -1) {
		defaults[attr(d, "Extension")] = true
	}
	overrides := map[string]bool{}
	for _, o := range regexp.MustCompile(`<Override\b[^>]*>`).FindAllString(ct, -1) {
		p := strings.TrimPrefix(attr(o, "PartName"), "/")
		overrides[p] = true
		if _, ok := files[p]; !ok {
			t.Errorf("[Content_Types].xml names %s, which is not in the package", p)
		}
	}
	for name := range files {
		if name != "[Content_Types].xml" && !overrides[name] && !defaults[strings.TrimPrefix(path.Ext(name), ".")] {
			t.Errorf("part %s has no content type", name)
		}
	}

	// The schema's limits on the elements the draft writes.
	type frame struct {
		name   string
		counts map[string]int
		others bool // a child not in schemaFirst came already
	}
	dec := xml.NewDecoder(strings.NewReader(files["word/document.xml"]))
	var stack []*frame
	reported := map[string]bool{}
	report := func(msg string) {
		if !reported[msg] {
			reported[msg] = true
			t.Error("word/document.xml: " + msg)
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			name := tk.Name.Local
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.counts[name]++
				if max, ok := schemaMax[parent.name][name]; ok && parent.counts[name] > max {
					report("w:" + parent.name + " has more than " + itoa(max) + " w:" + name)
				}
				first := schemaFirst[parent.name]
				isFirst := false
				for _, f := range first {
					isFirst = isFirst || f == name
				}
				switch {
				case isFirst && parent.others:
					report("w:" + name + " comes after other children of w:" + parent.name)
				case !isFirst:
					parent.others = true
				}
			}
			stack = append(stack, &frame{name: name, counts: map[string]int{}})
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.name == "tbl" && (f.counts["tblPr"] != 1 || f.counts["tblGrid"] != 1) {
				report("a w:tbl needs one w:tblPr and one w:tblGrid")
			}
		}
	}

	// Leftovers of the template.
	for _, p := range []string{"docProps/thumbnail.jpeg", "customXml/item1.xml", "customXml/itemProps1.xml", "word/stylesWithEffects.xml"} {
		if _, ok := files[p]; ok {
			t.Errorf("the package still holds the template's %s", p)
		}
	}
	for name, content := range files {
		for _, bad := range []string{"en-US", "ja-JP", "ar-SA", "gomutex", "godocx", "savePreviewPicture", "w:rsidRoot", "customXml", "stylesWithEffects", "thumbnail", `w:w="12240"`} {
			if strings.Contains(content, bad) {
				t.Errorf("%s holds the template's %q", name, bad)
			}
		}
	}
	return files
}

func itoa(n int) string { return strconv.Itoa(n) }

// reporter is what checkDocxPackage needs of a *testing.T; failures
// implements it to show the check fails on broken packages.
type reporter interface {
	Helper()
	Error(args ...any)
	Errorf(format string, args ...any)
	Fatal(args ...any)
}

// failures records what a check reports instead of failing the test.
type failures struct{ msgs []string }

type fatal struct{}

func (f *failures) Helper()           {}
func (f *failures) Error(args ...any) { f.msgs = append(f.msgs, fmt.Sprint(args...)) }
func (f *failures) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *failures) Fatal(args ...any) { f.Error(args...); panic(fatal{}) }

// check runs checkDocxPackage on data and returns what it reported.
func (f *failures) check(data []byte) []string {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatal); !ok {
				panic(r)
			}
		}
	}()
	checkDocxPackage(f, data)
	return f.msgs
}

// TestDocxPackage checks the package of a small draft (tables, lists,
// gaps, notes of several lines, in every language) and of the empty draft.
func TestDocxPackage(t *testing.T) {
	for _, lang := range []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			b := workshops.NewBoard("b1", "Verkstad")
			d := export.Build(nil, lang, export.Input{Board: b, Title: "Verkstad i Årdal", Lang: lang,
				Date: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)})
			data, err := export.Docx(d, time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			files := checkDocxPackage(t, data)
			doc := files["word/document.xml"]
			if n, h := strings.Count(doc, "<w:tbl>"), strings.Count(doc, "<w:tblHeader/>"); n == 0 || n != h {
				t.Errorf("%d tables, %d header rows", n, h)
			}
			if !strings.Contains(files["docProps/core.xml"], "<dc:language>") {
				t.Error("core.xml has no language")
			}
		})
	}
}

// TestDocxPackageCheckFails shows the structural check catches what it is
// for, on packages broken on purpose: a relationship to a missing part, a
// second w:trPr in a row, and a template part left in.
func TestDocxPackageCheckFails(t *testing.T) {
	d := export.Build(nil, workshops.LangNB, export.Input{Board: workshops.NewBoard("b1", "V"), Title: "V", Lang: workshops.LangNB})
	good, err := export.Docx(d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for name, breakIt := range map[string]func(map[string][]byte){
		"missing target": func(f map[string][]byte) {
			f["_rels/.rels"] = bytes.Replace(f["_rels/.rels"], []byte("</Relationships>"),
				[]byte(`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"></Relationship></Relationships>`), 1)
		},
		"two trPr": func(f map[string][]byte) {
			f["word/document.xml"] = bytes.Replace(f["word/document.xml"], []byte("<w:tblHeader/></w:trPr>"), []byte("<w:tblHeader/></w:trPr><w:trPr></w:trPr>"), 1)
		},
		"template part": func(f map[string][]byte) {
			f["word/stylesWithEffects.xml"] = []byte(`<?xml version="1.0"?><x/>`)
		},
	} {
		t.Run(name, func(t *testing.T) {
			files := unzip(t, good)
			breakIt(files)
			msgs := (&failures{}).check(rezip(t, files))
			if len(msgs) == 0 {
				t.Errorf("the check passed a package with %s", name)
			}
			t.Logf("%s: %s", name, strings.Join(msgs, "; "))
		})
	}
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func rezip(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
