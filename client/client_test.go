package client_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/client"
)

// TestNode runs the client's JavaScript tests (test/*.test.mjs) with
// `node --test`. Without node it skips, unless SAMSKAP_REQUIRE_NODE=1 (CI
// sets it), so a machine without node still runs the Go suite.
func TestNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("SAMSKAP_REQUIRE_NODE") == "1" {
			t.Fatal("node is not on PATH, and SAMSKAP_REQUIRE_NODE=1 requires the JavaScript tests to run")
		}
		t.Skip("node is not on PATH: skipping the client's JavaScript tests (install node 20+, or set SAMSKAP_REQUIRE_NODE=1 to make this fail)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "test/")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("node --test test/ failed: %v\n%s", err, out.String())
	}
	if testing.Verbose() {
		t.Log(lastLines(out.String(), 10))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// readFS returns a file from the embedded client.
func readFS(t *testing.T, name string) string {
	t.Helper()
	data, err := fs.ReadFile(client.FS, name)
	if err != nil {
		t.Fatalf("embedded %s: %v", name, err)
	}
	return string(data)
}

// staticPath maps a URL under /static/ to its path in FS.
func staticPath(url string) (string, bool) {
	rest, ok := strings.CutPrefix(url, "/static/")
	if !ok {
		return "", false
	}
	return path.Join("static", rest), true
}

// TestIndexReferences checks that every file index.html loads from
// /static/ is embedded, so the page never asks for a file that is not there.
func TestIndexReferences(t *testing.T) {
	// The server fills {{.Lang}} with nb, nn or en: each must be there.
	var html string
	for _, lang := range []string{"nb", "nn", "en"} {
		html += strings.ReplaceAll(readFS(t, "index.html"), "{{.Lang}}", lang)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(html, -1)
	var static int
	for _, m := range refs {
		url := m[1]
		if p, ok := staticPath(url); ok {
			static++
			if _, err := fs.Stat(client.FS, p); err != nil {
				t.Errorf("index.html references %s, which is not in client.FS: %v", url, err)
			}
		} else if strings.Contains(url, "://") || strings.HasPrefix(url, "//") {
			t.Errorf("index.html loads %s from another origin; the CSP allows only 'self'", url)
		}
	}
	for _, want := range []string{"/static/app.js", "/static/style.css"} {
		if !strings.Contains(html, `"`+want+`"`) {
			t.Errorf("index.html does not reference %s", want)
		}
	}
	if static == 0 {
		t.Fatal("index.html references no /static/ files")
	}
}

// TestModuleImports checks that every module a module imports is embedded,
// and that imports are relative: the client loads no third-party code.
func TestModuleImports(t *testing.T) {
	importRE := regexp.MustCompile(`(?m)^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'`)
	files, err := fs.Glob(client.FS, "static/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no modules in static/: %v", err)
	}
	for _, f := range files {
		for _, m := range importRE.FindAllStringSubmatch(readFS(t, f), -1) {
			spec := m[1]
			if !strings.HasPrefix(spec, "./") {
				t.Errorf("%s imports %q: only relative imports of our own modules", f, spec)
				continue
			}
			target := path.Join(path.Dir(f), spec)
			if _, err := fs.Stat(client.FS, target); err != nil {
				t.Errorf("%s imports %s, which is not embedded", f, target)
			}
		}
	}
}

// TestCSPSafe guards the Content-Security-Policy and the rule that user
// text never becomes HTML: no inline scripts, styles or style attributes in
// the page, and no HTML-parsing sinks or eval in the modules.
func TestCSPSafe(t *testing.T) {
	html := readFS(t, "index.html")
	for _, m := range regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
			t.Errorf("index.html has an inline script (%.60q); the CSP allows only script files", m[0])
		}
	}
	checks := []struct {
		re   string
		what string
	}{
		{`<style`, "a <style> element"},
		{`\sstyle=`, "a style attribute"},
		{`\son[a-z]+=`, "an inline event handler"},
	}
	for _, c := range checks {
		if regexp.MustCompile(`(?i)` + c.re).MatchString(html) {
			t.Errorf("index.html has %s, which the CSP forbids", c.what)
		}
	}
	sinks := regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*'style'|createContextualFragment|DOMParser`)
	files, _ := fs.Glob(client.FS, "static/*.js")
	for _, f := range files {
		if m := sinks.FindString(readFS(t, f)); m != "" {
			t.Errorf("%s uses %s: build DOM with createElement and textContent instead", f, m)
		}
	}
}

// TestStyleSheetWellFormed guards style.css against a block left open: a
// missing "}" after an @media block once put every later rule inside a
// phone-only media query, and no browser complains about that. The client
// does not use CSS nesting, so a rule's block may hold only declarations;
// a "{" inside a rule's block, a "}" with nothing open, or a block still
// open at the end of the file is a mistake, reported with its line.
func TestStyleSheetWellFormed(t *testing.T) {
	css, err := fs.ReadFile(client.FS, "static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBlocks(string(css)); err != nil {
		t.Fatalf("static/style.css: %v", err)
	}
	// The check itself must catch the mistake it is for.
	broken := "@media (max-width: 40rem) {\n  .a { color: red; }\n\n.b { color: blue; }\n.c { color: green; }\n"
	if checkBlocks(broken) == nil {
		t.Fatal("checkBlocks accepted an @media block left open")
	}
	for _, ok := range []string{
		"@media (min-width: 1px) { .a { color: red } }\n@keyframes k { 50% { opacity: 0 } }",
		".a::before { content: \"{\"; } /* } */ .b { }",
	} {
		if err := checkBlocks(ok); err != nil {
			t.Fatalf("checkBlocks refused well-formed CSS %q: %v", ok, err)
		}
	}
}

// checkBlocks reports the first misplaced brace in css, skipping comments
// and strings. An at-rule's block (@media, @supports, @keyframes) may hold
// rules; a rule's block may not.
func checkBlocks(css string) error {
	type block struct {
		at   bool
		line int
	}
	var open []block
	line, start := 1, 0 // start: where the current prelude begins
	for i := 0; i < len(css); i++ {
		switch c := css[i]; {
		case c == '\n':
			line++
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				return fmt.Errorf("line %d: comment never closed", line)
			}
			line += strings.Count(css[i:i+2+end], "\n")
			i += end + 3
			start = i + 1
		case c == '"' || c == '\'':
			end := strings.IndexByte(css[i+1:], c)
			if end < 0 {
				return fmt.Errorf("line %d: string never closed", line)
			}
			i += end + 1
		case c == '{':
			if n := len(open); n > 0 && !open[n-1].at {
				return fmt.Errorf("line %d: a block inside the rule opened on line %d: is a \"}\" missing?", line, open[n-1].line)
			}
			prelude := strings.TrimSpace(css[start:i])
			open = append(open, block{at: strings.HasPrefix(prelude, "@"), line: line})
			start = i + 1
		case c == '}':
			if len(open) == 0 {
				return fmt.Errorf("line %d: \"}\" with no block open", line)
			}
			open = open[:len(open)-1]
			start = i + 1
		case c == ';':
			start = i + 1
		}
	}
	if n := len(open); n > 0 {
		return fmt.Errorf("the block opened on line %d is never closed", open[n-1].line)
	}
	return nil
}
