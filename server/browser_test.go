package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the browser to drive, or skips the test (fails it
// when SAMSKAP_REQUIRE_BROWSER=1).
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SAMSKAP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SAMSKAP_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium found and SAMSKAP_REQUIRE_BROWSER=1 (apt-get install chromium)")
	}
	t.Skip("browser test skipped: no chromium on PATH (apt-get install chromium, or set SAMSKAP_CHROMIUM)")
	return ""
}

// tabTimeout bounds everything one tab of newBrowser does; a measurement
// on a big board sets it longer.
var tabTimeout = 60 * time.Second

// newBrowser starts a headless Chromium and returns a function that opens a
// new browser context in it (separate cookies and storage, like two people).
//
// The browser speaks Norwegian bokmål (nb-NO), like most of the people a
// municipality invites, so pages start in bokmål without a stored choice.
//
// Browser tests call t.Parallel: they run two at a time on CI's two cores
// (go test's -parallel is GOMAXPROCS), after the package's other tests.
// Each has its own server and Chromium and waits on conditions, never on
// time, so sharing the machine only slows it down. The measuring tests
// (first load on a slow link, the big board) do not, so they run alone.
func newBrowser(t *testing.T) func() context.Context {
	t.Helper()
	return newBrowserFor(t, tabTimeout, browserLang("nb-NO")...)
}

// browserLang makes Chromium's language tag: --lang sets it for a normal
// Chromium, --accept-lang for a headless one (navigator.languages and the
// Accept-Language header).
func browserLang(tag string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{chromedp.Flag("lang", tag), chromedp.Flag("accept-lang", tag)}
}

// newBrowserWith is newBrowser with more command-line options (a
// --lang, say).
func newBrowserWith(t *testing.T, extra ...chromedp.ExecAllocatorOption) func() context.Context {
	t.Helper()
	return newBrowserFor(t, tabTimeout, extra...)
}

// newBrowserFor is newBrowserWith with tabs that may live for life: for a
// test that walks a whole workshop in the same tabs (each wait is still
// bounded by its own poll).
func newBrowserFor(t *testing.T, life time.Duration, extra ...chromedp.ExecAllocatorOption) func() context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(findChromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	opts = append(opts, extra...)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return func() context.Context {
		ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(ctx); err != nil { // open the tab without a deadline
			t.Fatalf("open tab: %v", err)
		}
		ctx, cancel = context.WithTimeout(ctx, life)
		t.Cleanup(cancel)
		return ctx
	}
}

// screenshotDir is where browser tests save screenshots: SAMSKAP_ARTIFACTS,
// or screenshots/ at the repository root.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SAMSKAP_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

const hostile = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`

func TestBrowserTwoPeopleSeeEachOthersNotes(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	joinURL := m.URL() + "/j/" + w.Workshop.JoinCode

	aud, bo := newContext(), newContext()
	for _, p := range []struct {
		name string
		ctx  context.Context
	}{{"Aud", aud}, {"Bo", bo}} {
		err := chromedp.Do(p.ctx,
			chromedp.Navigate(joinURL),
			chromedp.WaitVisible(chromedp.CSS(`#join-name`)),
			chromedp.SendKeys(chromedp.CSS(`#join-name`), p.name),
			chromedp.Click(chromedp.CSS(`#join-submit`)),
			chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
		)
		if err != nil {
			t.Fatalf("%s joins: %v", p.name, err)
		}
	}

	// Aud writes a note whose text is hostile HTML.
	err := chromedp.Do(aud,
		chromedp.Click(chromedp.CSS(`#new-note`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
		chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), hostile),
		chromedp.KeyEvent("\r"),
		chromedp.WaitNotPresent(chromedp.CSS(`textarea.note-editor`)),
	)
	if err != nil {
		t.Fatalf("Aud writes a note: %v", err)
	}

	// Bo sees it, as text, and nothing in it ran.
	hasText := func(s string) string {
		return `[...document.querySelectorAll('.note .note-text')].some(e => e.textContent === ` + jsString(s) + `)`
	}
	if _, err := chromedp.Run(bo, chromedp.Poll[chromedp.Void](hasText(hostile), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("Bo sees the note: %v", err)
	}
	injected, err := chromedp.Run(bo, chromedp.Evaluate[int](`document.querySelectorAll('#canvas img, #canvas script').length + (window.__xss === undefined ? 0 : 100)`))
	if err != nil || injected != 0 {
		t.Fatalf("hostile note text was interpreted as HTML (%d), %v", injected, err)
	}

	// Aud edits it in place; Bo sees the edit.
	const edited = "Flere benker og lys langs elva – æøå"
	err = chromedp.Do(aud,
		chromedp.DoubleClick(chromedp.CSS(`.note .note-text`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea.note-editor`)),
		// Select the old text so that typing replaces it.
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`(document.querySelector('textarea.note-editor').select(), true)`)(ctx, t)
			return chromedp.Void{}, err
		},
		chromedp.SendKeys(chromedp.CSS(`textarea.note-editor`), edited),
		chromedp.KeyEvent("\r"),
	)
	if err != nil {
		t.Fatalf("Aud edits: %v", err)
	}
	if _, err := chromedp.Run(bo, chromedp.Poll[chromedp.Void](hasText(edited), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("Bo sees the edit: %v", err)
	}
	// Both people are shown as present.
	if _, err := chromedp.Run(bo, chromedp.Poll[chromedp.Void](`document.querySelectorAll('#presence li').length === 2`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("presence: %v", err)
	}

	png, err := chromedp.Run(bo, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(screenshotDir(t), "board-two-people.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitJS evaluates the JavaScript condition js every 50 ms until it is
// true or timeout passes. It stands in for chromedp.Poll, which in a second
// browser context sometimes never returns even when its condition holds.
func waitJS(ctx context.Context, js string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		evalCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(evalCtx, chromedp.Evaluate[bool](`!!(`+js+`)`))
		cancel()
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = errors.New("condition still false")
			}
			return fmt.Errorf("after %v: %w", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tab drives one browser tab in a test: do runs actions and poll waits for
// a JavaScript condition, each failing the test with what it was doing.
type tab struct {
	t    *testing.T
	ctx  context.Context
	wait time.Duration
}

func (b tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b tab) poll(what, js string) {
	b.t.Helper()
	if err := waitJS(b.ctx, js, b.wait); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// tabFuncs returns do and poll for a test that drives several tabs and
// names the tab at each step.
func tabFuncs(t *testing.T, wait time.Duration) (
	do func(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]),
	poll func(ctx context.Context, what, js string),
) {
	do = func(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		tab{t, ctx, wait}.do(what, actions...)
	}
	poll = func(ctx context.Context, what, js string) {
		t.Helper()
		tab{t, ctx, wait}.poll(what, js)
	}
	return do, poll
}
