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

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestBrowserProcessAndTemplates: on the start page the organiser sees the
// Lebesby process with its oppstart workshop, presses "new workshop in the
// process", gets the fellesverksted with the municipality and its
// følgekommune filled in from the oppstart board, and creates it in the
// process; then imports a broken template file and is shown each problem
// with its field, and a good one, which is listed.
func TestBrowserProcessAndTemplates(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	ctx, cancel := context.WithTimeout(newContext(), 60*time.Second)
	defer cancel()
	const wait = 15 * time.Second

	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(wait))); err != nil {
			state, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](`JSON.stringify({
				active: document.activeElement && document.activeElement.id,
				note: (document.getElementById('create-prefill-note') || {}).textContent,
				processes: (document.getElementById('process-list') || {}).textContent,
				problems: (document.getElementById('template-problems') || {}).textContent,
				fileError: (document.getElementById('template-file-error') || {}).textContent,
			})`))
			t.Fatalf("%s: %v\npage: %s", what, err, state)
		}
	}
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
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

	// The process and its first workshop, through the API.
	var proc struct{ Process workshops.Process }
	if st := apiCall(t, org, "POST", m.URL()+"/api/processes", "", `{"municipality":"Lebesby"}`, &proc); st != http.StatusCreated {
		t.Fatalf("create process: %d", st)
	}
	pid := proc.Process.ID
	body := `{"lang":"nb","template":"oppstart","process":"` + pid + `","params":{"municipality":"Lebesby","challenge":"Flere unge skal bo i Kjøllefjord.",
		"target_groups":[{"name":"Unge utflyttere"}],"followers":[{"name":"Gamvik"}]}}`
	if st := postJSON(t, org, m.URL()+"/api/workshops", body, nil); st != http.StatusCreated {
		t.Fatalf("create oppstart: %d", st)
	}

	do("sign in",
		chromedp.Navigate(m.URL()+"/signin?token="+organiserToken),
		chromedp.WaitVisible(chromedp.CSS(`#create-template-felles`)),
	)
	poll("the process is listed with its workshop", `(() => {
		const card = document.querySelector('[data-process="`+pid+`"]');
		return card && card.textContent.includes('Lebesby') && card.querySelectorAll('.process-order li').length === 1;
	})()`)
	screenshot("start-processes.png")
	do("new workshop in the process", chromedp.Click(chromedp.CSS(`[data-new-in="`+pid+`"]`)))
	poll("felles chosen, filled in from the oppstart board, focus on the form", `(() => {
		const v = (id) => (document.getElementById(id) || {}).value;
		return document.querySelector('#create-template input:checked').id === 'create-template-felles'
			&& v('create-process') === '`+pid+`'
			&& v('param-municipalities-0-name') === 'Lebesby' && v('param-municipalities-1-name') === 'Gamvik'
			&& document.getElementById('create-prefill-note').textContent.includes('Oppstartsverksted – Lebesby')
			&& document.activeElement && document.activeElement.id === 'create-h';
	})()`)
	screenshot("start-prefill.png")
	do("create it", chromedp.Click(chromedp.CSS(`#create-submit`)))
	poll("created, and second in the process", `(() => {
		const card = document.querySelector('[data-process="`+pid+`"]');
		return !document.getElementById('created').hidden && card && card.querySelectorAll('.process-order li').length === 2;
	})()`)
	// The facilitator marks a målbilde Lebesby chose, and saves the board
	// as a template.
	facURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('created-facilitator-url').href`))
	if err != nil || !strings.Contains(facURL, "#key=") {
		t.Fatalf("facilitator link: %q %v", facURL, err)
	}
	do("the facilitator opens the felles board",
		chromedp.Navigate(facURL),
		chromedp.WaitVisible(chromedp.CSS(`#fac-name`)),
		chromedp.SendKeys(chromedp.CSS(`#fac-name`), "Fride"),
		chromedp.Click(chromedp.CSS(`#fac-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#fac-panel`)),
	)
	chosen := `document.querySelector('[data-k="fc-malbilder_lebesby_attraktive"]')`
	poll("the card has a Chosen button", `!!`+chosen+` && `+chosen+`.getAttribute('aria-pressed') === 'false'
		&& `+chosen+`.getAttribute('aria-label') === 'Valgt: Attraktive'`)
	do("mark it chosen", chromedp.Evaluate[chromedp.Void](chosen+`.click()`))
	poll("marked once the board says so", chosen+`.getAttribute('aria-pressed') === 'true'`)
	do("save the board as a template",
		chromedp.SendKeys(chromedp.CSS(`#template-name`), "Felles, vår variant"),
		chromedp.Click(chromedp.CSS(`#template-save`)),
	)
	poll("saved", `document.getElementById('template-save-status').textContent.includes('«Felles, vår variant» er lagret')`)
	if l := listedTemplates(t, org, m); !l["felles-var-variant"] {
		t.Errorf("the saved template is not listed: %v", l)
	}
	var prefill prefillAnswer
	apiCall(t, org, "GET", m.URL()+"/api/processes/"+pid+"/prefill?template=visjon&lang=nb", "", "", &prefill)
	if prefill.Goals == nil || !prefill.Goals.Recorded || len(prefill.Goals.Items) != 1 || prefill.Goals.Items[0].Name != "Attraktive" {
		t.Errorf("goals after marking one in the browser: %+v", prefill.Goals)
	}
	do("back to the start page",
		chromedp.Navigate(m.URL()+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#template-file`)),
	)

	var list struct{ Workshops []workshops.Workshop }
	apiCall(t, org, "GET", m.URL()+"/api/workshops", "", "", &list)
	places := map[int]string{}
	for _, w := range list.Workshops {
		if w.Process == pid {
			places[w.ProcessPos] = w.Title
		}
	}
	if len(places) != 2 || !strings.Contains(places[2], "Fellesverksted") {
		t.Errorf("places in the process: %v", places)
	}

	// Templates: a broken file, then a good one.
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	vis, _ := cat.Get("visjon")
	good, _ := vis.Encode()
	good = []byte(strings.Replace(string(good), `"key": "visjon"`, `"key": "visjon-kveld"`, 1))
	broken := []byte(strings.Replace(string(good), `"nn": "Visjonsverkstad"`, `"nn": ""`, 1))
	var probe map[string]any
	if json.Unmarshal(broken, &probe) != nil || string(broken) == string(good) {
		t.Fatal("the broken file is not what the test means")
	}
	dir := t.TempDir()
	brokenPath, goodPath := filepath.Join(dir, "min-mal.json"), filepath.Join(dir, "visjon-kveld.json")
	os.WriteFile(brokenPath, broken, 0o600)
	os.WriteFile(goodPath, good, 0o600)
	do("import the broken file",
		chromedp.SetUploadFiles(chromedp.CSS(`#template-file`), []string{brokenPath}),
		chromedp.Click(chromedp.CSS(`#template-import`)),
	)
	poll("the problems, each with its field", `(() => {
		const p = document.getElementById('template-problems');
		const e = document.getElementById('template-file-error');
		return !p.hidden && p.textContent.includes('min-mal.json: name.nn: empty') && !e.hidden && e.textContent.includes('min-mal.json');
	})()`)
	screenshot("start-template-problems.png")
	do("import the good file",
		chromedp.SetUploadFiles(chromedp.CSS(`#template-file`), []string{goodPath}),
		chromedp.Click(chromedp.CSS(`#template-import`)),
	)
	poll("listed, and offered in the create form", `!!document.querySelector('#template-list [data-template="visjon-kveld"]')
		&& !!document.getElementById('create-template-visjon-kveld')
		&& document.getElementById('template-problems').hidden`)
}
