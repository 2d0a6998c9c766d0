package export_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// findOffice returns LibreOffice's command, or skips the test (fails it
// when SAMSKAP_REQUIRE_LIBREOFFICE=1).
func findOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SAMSKAP_REQUIRE_LIBREOFFICE") == "1" {
		t.Fatal("no soffice found and SAMSKAP_REQUIRE_LIBREOFFICE=1 (apt-get install libreoffice-writer-nogui)")
	}
	t.Skip("LibreOffice test skipped: no soffice on PATH (apt-get install libreoffice-writer-nogui)")
	return ""
}

// TestDocxOpensInLibreOffice converts the Lebesby draft with real
// LibreOffice, headless, to plain text: every section heading must be
// there, in order, with æ, ø and å intact, and no person named.
func TestDocxOpensInLibreOffice(t *testing.T) {
	office := findOffice(t)
	sc := loadScenario(t)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	var inputs []export.Input
	for wi := range sc.Process {
		inputs = append(inputs, replay(t, cat, sc, &sc.Process[wi]))
	}
	d := export.Build(cat, workshops.Lang(sc.Language), inputs...)
	data, err := export.Docx(d, time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "konkurranseprogram.docx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), office, "--headless", "--norestore", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir) // a profile of its own
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "konkurranseprogram.txt"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no text: %v", err)
	}
	text := string(txt)
	at := 0
	var walk func([]export.Section)
	walk = func(secs []export.Section) {
		for _, s := range secs {
			i := strings.Index(text[at:], s.Title)
			if i < 0 {
				t.Fatalf("heading %q is missing after byte %d of LibreOffice's text", s.Title, at)
			}
			at += i + len(s.Title)
			walk(s.Sections)
		}
	}
	walk(d.Sections)
	for _, r := range []string{"æ", "ø", "å"} {
		if !strings.Contains(text, r) {
			t.Errorf("no %q in the text: Norwegian letters were lost", r)
		}
	}
	for _, p := range sc.Process {
		for _, person := range p.Participants {
			if len(person.Alias) > 3 && strings.Contains(text, person.Alias) {
				t.Fatalf("the draft names %q", person.Alias)
			}
		}
	}
	t.Logf("LibreOffice read %d bytes of text with every one of the draft's headings in order", len(txt))
}
