package server_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLanguageFromBrowser: with no stored choice, the page speaks
// the first of the browser's languages it has (Chromium started with
// --lang), on the join page, the start page and the accessibility
// statement; the workshop's language is the default on its board; and a
// page fetches only the table of the language it shows.
func TestBrowserLanguageFromBrowser(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m) // a bokmål workshop
	for _, c := range []struct {
		flag, lang, joinHeading string
	}{
		{"nn-NO", "nn", "Ver med i verkstaden"},
		{"en-GB", "en", "Join the workshop"},
	} {
		t.Run(c.flag, func(t *testing.T) {
			newContext := newBrowserWith(t, browserLang(c.flag)...)
			ctx := newContext()
			do, poll := tab{t, ctx, 15 * time.Second}.do, tab{t, ctx, 15 * time.Second}.poll
			onlyTable := `performance.getEntriesByType('resource').filter(e => /\/static\/messages\//.test(e.name)).map(e => e.name.replace(/.*\//, '')).join(',') === '` + c.lang + `.js'`
			do("open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll("the join page in "+c.lang, `document.documentElement.lang === '`+c.lang+`' && !!document.getElementById('join-h')
				&& document.getElementById('join-h').textContent === `+jsString(c.joinHeading)+`
				&& document.getElementById('lang-picker').value === '`+c.lang+`' && localStorage.getItem('samskap.lang') === null`)
			poll("only its table was fetched", onlyTable)
			for _, page := range []string{"/", "/tilgjengelighet"} {
				do("open "+page, chromedp.Navigate(m.URL()+page))
				poll(page+" in "+c.lang, `document.readyState === 'complete' && document.documentElement.lang === '`+c.lang+`'
					&& !!document.querySelector('main h1') && document.querySelector('main h1').textContent.length > 0`)
				poll(page+": only its table", onlyTable)
			}
			// On the board, the workshop's language (bokmål) is the default.
			do("join", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
			poll("join page", `!!document.getElementById('join-name')`)
			do("join", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Lin"), chromedp.Click(chromedp.CSS(`#join-submit`)))
			poll("the board in the workshop's language", `!!document.querySelector('#conn-state[data-state="online"]') && document.documentElement.lang === 'nb'
				&& document.getElementById('new-note').textContent.includes('Ny lapp')`)
		})
	}
}
