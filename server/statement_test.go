package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/samskap/samskap/server"
)

// TestAccessibilityStatementLinks: every page has a footer link to the
// accessibility statement, the built-in /tilgjengelighet unless the
// organisation points it at its own; the contact it configured reaches
// the page escaped.
func TestAccessibilityStatementLinks(t *testing.T) {
	get := func(url string) string {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", url, res.StatusCode)
		}
		return string(b)
	}

	m := MustStart(t, t.TempDir())
	for _, path := range []string{"/", "/join", "/tilgjengelighet", "/j/ABCDEF"} {
		if page := get(m.URL() + path); !strings.Contains(page, `id="a11y-link" href="/tilgjengelighet"`) {
			t.Errorf("%s: no footer link to the built-in statement", path)
		}
	}

	own := MustStartWith(t, t.TempDir(), func(m *server.Main) {
		m.Config.AccessibilityURL = "https://uustatus.no/nn/erklaringer/publisert/abc&x=1"
		m.Config.AccessibilityContact = `uu@lebesby.kommune.no "quoted" & more`
	})
	page := get(own.URL() + "/join")
	if !strings.Contains(page, `href="https://uustatus.no/nn/erklaringer/publisert/abc&amp;x=1"`) {
		t.Errorf("the footer does not link to the configured statement:\n%s", page)
	}
	if !strings.Contains(page, `content="uu@lebesby.kommune.no &#34;quoted&#34; &amp; more"`) {
		t.Errorf("the contact is not in the page, escaped:\n%s", page)
	}
}
