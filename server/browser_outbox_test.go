package server_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/samskap/samskap/server"
)

// TestBrowserOutbox: nothing typed is lost. Ola, on a phone, writes a note
// while the server is down; the list says in words that it is not saved
// yet. Reloading warns first (beforeunload). The reload finds no server;
// the server comes back on the same address with the same data, Ola loads
// the board again, and the note, kept in IndexedDB, is sent with its
// original op ID: it arrives exactly once on Kari's screen and in the
// server's board. Half-typed text in the form survives the reload too.
func TestBrowserOutbox(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	dir := t.TempDir()
	m := MustStart(t, dir)
	addr := m.Addr()
	w := MustCreateWorkshop(t, m)
	const wait = 20 * time.Second
	do, poll := tabFuncs(t, wait)
	const text = "Skrevet uten nett"
	const draft = "Halvskrevet idé"

	ola, kari := newContext(), newContext()
	for _, p := range []struct {
		name string
		ctx  context.Context
	}{{"Ola", ola}, {"Kari", kari}} {
		do(p.ctx, p.name+" on a phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
		do(p.ctx, p.name+" joins", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
		poll(p.ctx, "join page", `!!document.getElementById('join-name')`)
		do(p.ctx, p.name+" joins", chromedp.SendKeys(chromedp.CSS(`#join-name`), p.name), chromedp.Click(chromedp.CSS(`#join-submit`)))
		poll(p.ctx, p.name+" online in the list view", `!!document.querySelector('#conn-state[data-state="online"]') && !document.getElementById('note-list').hidden && !document.getElementById('composer').hidden`)
	}
	boardURL := ""
	if u, err := chromedp.Run(ola, chromedp.Evaluate[string](`location.href`)); err != nil {
		t.Fatal(err)
	} else {
		boardURL = u
	}

	// The server goes away.
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	poll(ola, "Ola sees the connection lost", `document.querySelector('#conn-state').dataset.state !== 'online'`)

	do(ola, "Ola writes a note", chromedp.SendKeys(chromedp.CSS(`#composer-text`), text), chromedp.Click(chromedp.CSS(`#composer-save`)))
	poll(ola, "the note is marked not saved, in words", `[...document.querySelectorAll('.list-note')].some(li =>
		li.querySelector('.list-note-text').textContent === `+jsString(text)+` && !!li.querySelector('.note-badge--unsaved')
		&& li.querySelector('.note-badge--unsaved').textContent === 'Ikke lagret ennå')`)
	poll(ola, "the op is in IndexedDB", `new Promise(ok => { const r = indexedDB.open('samskap'); r.onsuccess = () => {
		const g = r.result.transaction('outbox').objectStore('outbox').getAll(); g.onsuccess = () => ok(g.result.some(e => e.op.text === `+jsString(text)+`)); }; r.onerror = () => ok(false); })`)
	do(ola, "Ola starts another", chromedp.SendKeys(chromedp.CSS(`#composer-text`), draft))

	// Reloading asks first.
	var warned atomic.Int32
	dialogs := chromedp.Events(ola, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			if ev.Type == page.DialogTypeBeforeunload {
				warned.Add(1)
			}
			go chromedp.Call(ola, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	do(ola, "Ola reloads", chromedp.Evaluate[chromedp.Void](`setTimeout(() => location.reload(), 0)`))
	deadline := time.Now().Add(wait)
	for warned.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the page did not warn before unloading with a note unsent")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The reload finds no server: the browser's error page.
	poll(ola, "the reload failed", `!location.href.startsWith('http://`+addr+`/w/') || document.readyState === 'complete' && !document.getElementById('main')`)

	// The server is back, same address, same data.
	m2 := MustStartWith(t, dir, func(m *server.Main) { m.Config.Addr = addr })
	do(ola, "Ola loads the board again", chromedp.Navigate(boardURL))
	poll(ola, "online again", `!!document.querySelector('#conn-state[data-state="online"]')`)
	poll(ola, "the draft is back in the form", `document.getElementById('composer-text').value === `+jsString(draft))
	poll(kari, "Kari sees the note", `[...document.querySelectorAll('.list-note-text')].filter(e => e.textContent === `+jsString(text)+`).length === 1`)
	poll(ola, "Ola's note is saved now", `[...document.querySelectorAll('.list-note')].some(li => li.querySelector('.list-note-text').textContent === `+jsString(text)+`)
		&& !document.querySelector('.note-badge--unsaved')`)
	poll(ola, "the outbox is empty", `new Promise(ok => { const r = indexedDB.open('samskap'); r.onsuccess = () => {
		const g = r.result.transaction('outbox').objectStore('outbox').count(); g.onsuccess = () => ok(g.result === 0); }; })`)
	// Once: on Kari's screen, on Ola's, and in the server's board.
	c := MustConnect(t, m2, w.Workshop.ID, MustFacilitate(t, m2, w, "Fride").Token, "", 0)
	defer c.conn.Close()
	n := 0
	for _, note := range c.next().Board.Notes {
		if note.Text == text {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the server's board has the note %d times, want once", n)
	}
	for _, p := range []struct {
		name string
		ctx  context.Context
	}{{"Kari", kari}, {"Ola", ola}} {
		got, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.list-note-text')].filter(e => e.textContent === `+jsString(text)+`).length`))
		if err != nil || got != 1 {
			t.Fatalf("%s sees the note %d times (%v), want once", p.name, got, err)
		}
	}
	if w := warned.Load(); w < 1 {
		t.Fatalf("warned %d times", w)
	}
}
