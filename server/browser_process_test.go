package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserProcess: on the start page the organiser ticks two workshops,
// moves the second up, and shows one draft of both, in that order; then, on
// a second server, restores a workshop from its archive with the file
// input and gets its new links.
func TestBrowserProcess(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	titles := []string{"Lebesby oppstart – Kjøllefjord", "Lebesby visjonsverksted – æøå"}
	var ws []created
	for _, title := range titles {
		var c created
		body, _ := json.Marshal(map[string]string{"title": title, "lang": "nb"})
		if status := postJSON(t, org, m.URL()+"/api/workshops", string(body), &c); status != http.StatusCreated {
			t.Fatalf("create %q: %d", title, status)
		}
		ws = append(ws, c)
	}
	// A note, so that the archive has a log to replay.
	fj := MustFacilitate(t, m, ws[0], "Fasilitator")
	f := MustConnect(t, m, ws[0].Workshop.ID, fj.Token, "", 0)
	f.next()
	f.do("n1", `{"kind":"note.create","note":"n1","text":"Benker ved fjorden – æøå","color":"yellow","x":30,"y":0}`)
	first, second := ws[0].Workshop.ID, ws[1].Workshop.ID

	ctx := newContext()
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	start := time.Now()
	poll := func(what, js string) {
		t.Helper()
		defer func() { t.Logf("%5.1fs %s", time.Since(start).Seconds(), what) }()
		if err := waitJS(ctx, js, 10*time.Second); err != nil {
			state, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](`JSON.stringify({
				active: document.activeElement && document.activeElement.id,
				created: !document.getElementById('created') || document.getElementById('created').hidden,
				error: (document.getElementById('restore-file-error') || {}).textContent,
				list: (document.getElementById('workshop-list') || {}).textContent,
			})`))
			t.Fatalf("%s: %v (%s)\npage: %s", what, err, js, state)
		}
	}
	evalString := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(screenshotDir(t), name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	do("sign in", chromedp.Navigate(m.URL()+"/signin?token="+organiserToken))
	poll("both workshops in the list and in the process section", `document.querySelectorAll('#workshop-list li[data-id]').length === 2
		&& !!document.getElementById('process-pick-`+first+`') && !!document.getElementById('process-pick-`+second+`')`)

	// Each workshop in the list has its archive and its draft, and the
	// organiser cookie alone downloads them.
	for _, id := range []string{first, second} {
		for _, format := range []string{"json", "docx"} {
			href := evalString(`document.querySelector('#workshop-list li[data-id="` + id + `"] a[data-format="` + format + `"]').getAttribute('href')`)
			if want := "/api/workshops/" + id + "/export/" + format; href != want {
				t.Errorf("%s link %q, want %q", format, href, want)
			}
		}
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch(document.querySelector('#workshop-list a[data-format="json"]').href).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != http.StatusOK {
		t.Fatalf("the archive link with the organiser cookie: %d, %v", status, err)
	}
	// Each checkbox is labelled with its workshop's title.
	for i, id := range []string{first, second} {
		label := evalString(`document.querySelector('label[for="process-pick-` + id + `"]').textContent`)
		if !strings.Contains(label, titles[i]) {
			t.Errorf("label %q does not name %q", label, titles[i])
		}
	}
	if evalString(`document.querySelector('#process-pick').closest('fieldset').querySelector('legend').textContent`) == "" {
		t.Error("the choice of workshops has no legend")
	}

	// Tick both, in list order; then move the second up.
	do("tick both",
		chromedp.Click(chromedp.CSS(`#process-pick-`+first)),
		chromedp.Click(chromedp.CSS(`#process-pick-`+second)),
	)
	poll("both in the order, first first", `[...document.querySelectorAll('#process-order li')].map(li => li.dataset.id).join() === `+jsString(first+","+second)+`
		&& !document.getElementById('process-actions').hidden`)
	do("move the second up", chromedp.Click(chromedp.CSS(`#process-up-`+second)))
	poll("the order turned, the focus stayed on the button, the move announced", `[...document.querySelectorAll('#process-order li')].map(li => li.dataset.id).join() === `+jsString(second+","+first)+`
		&& document.activeElement && document.activeElement.id === 'process-up-`+second+`'
		&& document.activeElement.getAttribute('aria-disabled') === 'true'
		&& document.getElementById('process-live').textContent.includes('nummer 1 av 2')`)
	for _, format := range []string{"docx", "md", "html"} {
		href := evalString(`document.getElementById('process-` + format + `').getAttribute('href')`)
		if want := "/api/export/" + format + "?workshops=" + second + "," + first; href != want {
			t.Errorf("%s download %q, want %q", format, href, want)
		}
	}

	// Up again at the top: nothing moves, and that is said.
	do("up at the top", chromedp.Click(chromedp.CSS(`#process-up-`+second)))
	poll("already first", `document.getElementById('process-live').textContent.includes('allerede først')`)

	do("show the draft here", chromedp.Click(chromedp.CSS(`#process-show`)))
	poll("the draft shows", `!document.getElementById('process-preview').hidden && document.getElementById('process-preview').textContent.includes('Fremdrift og prosess')`)
	draft := evalString(`document.getElementById('process-preview').textContent`)
	at := strings.Index(draft, "Fremdrift og prosess")
	for _, title := range []string{titles[1], titles[0]} {
		i := strings.Index(draft[at:], title)
		if i < 0 {
			t.Fatalf("the process section lacks %q, or has it out of order:\n%s", title, draft[at:])
		}
		at += i
	}
	do("scroll to the process", chromedp.ScrollIntoView(chromedp.CSS(`#process`)))
	screenshot("process.png")

	// The archive of the first workshop, downloaded as the organiser.
	code, _, archive := getExport(t, org, m.URL()+"/api/workshops/"+first+"/export/json", "")
	if code != http.StatusOK {
		t.Fatalf("archive: %d", code)
	}
	dir := t.TempDir()
	archivePath := filepath.Join(dir, "lebesby-oppstart.json")
	brokenPath := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(archivePath, archive, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(brokenPath, []byte(`{"format":"no archive"}`), 0o644); err != nil {
		t.Fatal(err)
	}

	// A second server, without that workshop; a new browser context signs in.
	m2 := MustStart(t, t.TempDir())
	ctx = newContext()
	do("sign in on the second server", chromedp.Navigate(m2.URL()+"/signin?token="+organiserToken))
	poll("the restore form and an empty list", `!!document.getElementById('restore-file')
		&& document.querySelector('label[for="restore-file"]') !== null
		&& document.querySelectorAll('#workshop-list li[data-id]').length === 0
		&& document.querySelector('#workshop-list li') !== null`)

	do("restore without a file", chromedp.Click(chromedp.CSS(`#restore-submit`)))
	poll("asks for a file, focus on the input", `!document.getElementById('restore-file-error').hidden
		&& document.getElementById('restore-file').getAttribute('aria-invalid') === 'true'
		&& document.activeElement.id === 'restore-file'`)

	do("restore a broken file",
		chromedp.SetUploadFiles(chromedp.CSS(`#restore-file`), []string{brokenPath}),
		chromedp.Click(chromedp.CSS(`#restore-submit`)),
	)
	poll("not a valid archive", `document.getElementById('restore-file-error').textContent.includes('ikke et gyldig arkiv')
		&& document.getElementById('restore-file-error').getAttribute('role') === 'alert'
		&& document.getElementById('created').hidden`)

	do("restore the archive",
		chromedp.SetUploadFiles(chromedp.CSS(`#restore-file`), []string{archivePath}),
		chromedp.Click(chromedp.CSS(`#restore-submit`)),
	)
	poll("the result panel and the restored workshop in the list", `!document.getElementById('created').hidden
		&& document.activeElement && document.activeElement.id === 'created-h'
		&& document.getElementById('restore-file-error').hidden
		&& document.querySelector('#workshop-list li[data-id="`+first+`"] .workshop-title').textContent === `+jsString(titles[0]))
	joinCode := evalString(`document.getElementById('created-join-code').textContent`)
	if !regexp.MustCompile(`^[A-Z0-9]{3,}(-[A-Z0-9]+)*$`).MatchString(joinCode) {
		t.Errorf("join code %q", joinCode)
	}
	if heading := evalString(`document.getElementById('created-h').textContent`); !strings.Contains(heading, titles[0]) {
		t.Errorf("result heading %q", heading)
	}
	if fac := evalString(`document.getElementById('created-facilitator-url').textContent`); !strings.Contains(fac, "/w/"+first+"#key=") {
		t.Errorf("facilitator link %q", fac)
	}
	// The restored workshop is in the process section too.
	poll("in the process section", `!!document.getElementById('process-pick-`+first+`')`)
	screenshot("process-restore.png")

	// Again: it is there now, and the page says so in plain words.
	do("restore the same archive again",
		chromedp.SetUploadFiles(chromedp.CSS(`#restore-file`), []string{archivePath}),
		chromedp.Click(chromedp.CSS(`#restore-submit`)),
	)
	poll("already exists", `!document.getElementById('restore-file-error').hidden
		&& document.getElementById('restore-file-error').textContent.includes('finnes allerede')
		&& document.querySelectorAll('#workshop-list li[data-id]').length === 1`)

}
