package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// docxText returns the text of word/document.xml, one paragraph per line
// (a line break within one as "\n" too), after checking the package
// (checkDocxPackage) and its metadata.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	checkDocxPackage(t, data)
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
	core := files["docProps/core.xml"]
	for _, bad := range []string{"gomutex", "godocx", "2013"} {
		for name, content := range files {
			if strings.Contains(content, bad) && !strings.HasSuffix(name, ".jpeg") {
				t.Errorf("%s holds foreign metadata %q", name, bad)
			}
		}
	}
	if strings.Contains(core, "<dc:creator>") && !strings.Contains(core, "<dc:creator></dc:creator>") {
		t.Errorf("core.xml names a creator: %s", core)
	}
	for name, content := range files {
		if strings.Contains(content, "en-US") {
			t.Errorf("%s still says en-US", name)
		}
	}
	doc := files["word/document.xml"]
	if !strings.Contains(doc, `<w:pStyle w:val="Heading1">`) || !strings.Contains(doc, `<w:pStyle w:val="ListBullet">`) {
		t.Error("document.xml lacks heading or list styles by ID")
	}
	if strings.Count(doc, "<w:tbl>") == 0 || strings.Count(doc, "<w:tblHeader/>") != strings.Count(doc, "<w:tbl>") {
		t.Errorf("%d tables, %d header rows", strings.Count(doc, "<w:tbl>"), strings.Count(doc, "<w:tblHeader/>"))
	}
	var out strings.Builder
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.CharData:
			out.Write(tk)
		case xml.StartElement:
			if tk.Name.Local == "br" {
				out.WriteString("\n")
			}
		case xml.EndElement:
			if tk.Name.Local == "p" {
				out.WriteString("\n")
			}
		}
	}
	return out.String()
}
