package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTemplateForm makes a visjon workshop on the start page: an
// organiser signs in, chooses the template, fills in the municipality and
// one theme, and is told next to the themes that four are needed, with
// nothing created; fills in the other three, previews four groups with a
// frame each titled with its theme, creates, and opens the board with the
// facilitator link, where the theme frames are.
func TestBrowserTemplateForm(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	ctx, cancel := context.WithTimeout(newContext(), 40*time.Second)
	defer cancel()
	const wait = 15 * time.Second

	do, poll := tab{t, ctx, wait}.do, tab{t, ctx, wait}.poll
	evalString := func(what, js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return s
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(screenshotDir(t), name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	workshopCount := func() int {
		t.Helper()
		resp, err := org.Get(m.URL() + "/api/workshops")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Workshops []json.RawMessage `json:"workshops"`
		}
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
			t.Fatalf("list workshops: %s", resp.Status)
		}
		return len(out.Workshops)
	}

	themes := []struct{ name, question string }{
		{"Jobb og bolig", "Hva skal til for at flere vil bo og jobbe i Lebesby?"},
		{"Unge", "Hva får unge til å bli, eller til å komme tilbake?"},
		{"Møteplasser", "Hvor vil vi møtes i sentrum i 2030?"},
		{"Natur og næring", "Hvordan kan naturen gi flere arbeidsplasser?"},
	}
	fillTheme := func(i int) {
		t.Helper()
		id := func(field string) string { return "#param-themes-" + string(rune('0'+i)) + "-" + field }
		do("fill theme "+themes[i].name,
			chromedp.SendKeys(chromedp.CSS(id("name")), themes[i].name),
			chromedp.SendKeys(chromedp.CSS(id("theme")), themes[i].question),
		)
	}

	// Sign in; the start page offers the templates, a blank board chosen.
	do("sign in and choose visjon",
		chromedp.Navigate(m.URL()+"/signin?token="+organiserToken),
		chromedp.WaitVisible(chromedp.CSS(`#create-template-visjon`)),
	)
	if got := evalString("blank is chosen", `document.querySelector('#create-template input:checked').id`); got != "create-template-blank" {
		t.Fatalf("chosen at first: %q, want the blank board", got)
	}
	do("choose visjon",
		chromedp.Click(chromedp.CSS(`#create-template-visjon`)),
		chromedp.WaitVisible(chromedp.CSS(`#param-municipality`)),
	)
	poll("four theme items, labelled, without add or remove", `document.querySelectorAll('#param-themes .param-item').length === 4
		&& !!document.querySelector('label[for="param-themes-3-theme"]')
		&& document.querySelector('#param-themes legend').textContent !== ''
		&& document.getElementById('param-themes-add').hidden
		&& document.querySelector('label[for="param-municipality"]').textContent.includes('(må fylles ut)')`)
	do("fill municipality and one theme", chromedp.SendKeys(chromedp.CSS(`#param-municipality`), "Lebesby"))
	fillTheme(0)

	// One theme is not enough: the error is next to the themes, focus goes
	// to the first empty theme, and nothing is created.
	do("create with one theme", chromedp.Click(chromedp.CSS(`#create-submit`)))
	poll("error next to the themes", `(() => {
		const e = document.getElementById('param-themes-error');
		return !e.hidden && e.textContent.includes('4')
			&& document.getElementById('param-themes').getAttribute('aria-describedby').includes('param-themes-error')
			&& document.activeElement && document.activeElement.id === 'param-themes-1-name';
	})()`)
	if n := workshopCount(); n != 0 {
		t.Fatalf("after refused parameters: %d workshops, want 0", n)
	}
	if !evalBool(t, ctx, `document.getElementById('created').hidden`) {
		t.Fatal("the created panel shows after refused parameters")
	}

	// The other three themes, then the preview: four groups, each with the
	// frame of its theme.
	for i := 1; i < 4; i++ {
		fillTheme(i)
	}
	do("preview", chromedp.Click(chromedp.CSS(`#template-preview-button`)))
	poll("preview with four groups", `document.querySelectorAll('#template-preview > li[data-group]').length === 4`)
	groups := evalString("preview groups", `JSON.stringify([...document.querySelectorAll('#template-preview > li[data-group]')].map(li =>
		[li.querySelector('h4').textContent, ...[...li.querySelectorAll('.preview-frame')].map(f => f.textContent)]))`)
	var got [][]string
	if err := json.Unmarshal([]byte(groups), &got); err != nil {
		t.Fatal(err)
	}
	for _, th := range themes {
		found := false
		for _, g := range got {
			if len(g) == 2 && g[0] == th.name && g[1] == th.question {
				found = true
			}
		}
		if !found {
			t.Errorf("preview has no group %q with the frame %q: %q", th.name, th.question, got)
		}
	}
	if hidden := evalBool(t, ctx, `document.getElementById('param-themes-error').hidden`); !hidden {
		t.Error("the themes error still shows after a good preview")
	}
	screenshot("template-form.png")

	// Create: the links show, with no title typed (the template's name).
	do("create",
		chromedp.Click(chromedp.CSS(`#create-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#created-facilitator-url`)),
	)
	if code := evalString("join code", `document.getElementById('created-join-code').textContent`); len(strings.TrimSpace(code)) < 6 {
		t.Fatalf("join code %q", code)
	}
	if n := workshopCount(); n != 1 {
		t.Fatalf("after create: %d workshops, want 1", n)
	}
	facURL := evalString("facilitator link", `document.getElementById('created-facilitator-url').href`)

	// The facilitator opens the board: the theme frames are there.
	do("open the board as facilitator",
		chromedp.Navigate(facURL),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
	)
	for _, th := range themes {
		poll("frame "+th.question, `[...document.querySelectorAll('[role=region]')].some(r =>
			(r.getAttribute('aria-label') || '').includes(`+jsString(th.question)+`))`)
	}
	if title := evalString("board title", `document.getElementById('board-title').textContent`); !strings.Contains(title, "Lebesby") {
		t.Errorf("board title %q does not name the municipality", title)
	}
	// With the panel closed and the board zoomed out, the screenshot shows
	// the theme frames too.
	do("close the panel and zoom out",
		chromedp.Click(chromedp.CSS(`#fac-toggle`)),
		chromedp.Click(chromedp.CSS(`#fit-all`)),
	)
	// The board opens readable (90 %); "show everything" fits every frame.
	poll("zoomed out", `parseInt(document.getElementById('zoom-reset').textContent, 10) < 60`)
	screenshot("template-board.png")
}

// evalBool evaluates a boolean expression in ctx.
func evalBool(t *testing.T, ctx context.Context, js string) bool {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return b
}
