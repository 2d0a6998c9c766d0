package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// phoneOnBoard joins a workshop as name on a 360 x 640 touch screen and
// switches to the board (the choice is remembered across reloads).
func phoneOnBoard(t *testing.T, ctx context.Context, m node, w created, name string, wait time.Duration) {
	t.Helper()
	do, poll := tab{t, ctx, wait}.do, tab{t, ctx, wait}.poll
	do(name+" on a phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	do(name+" opens the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	poll("join page", `!!document.getElementById('join-name')`)
	do(name+" joins", chromedp.SendKeys(chromedp.CSS(`#join-name`), name), chromedp.Tap(chromedp.CSS(`#join-submit`)))
	poll(name+" online in the list", `!!document.querySelector('#conn-state[data-state="online"]') && !document.getElementById('note-list').hidden`)
	do(name+" shows the board", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll(name+" on the board", `!document.getElementById('board').hidden`)
}

// TestBrowserPhoneBoardDraft: text typed in a note's editor on the board
// survives a reload. Ola writes a new note on the board and reloads before
// sending: the text is back in the note's editor; sent, it arrives exactly
// once on Kari's screen. Changing the note, reloading and giving up
// (Escape) forgets the draft and leaves the note as it was.
func TestBrowserPhoneBoardDraft(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	const wait = 20 * time.Second
	ola, kari := newContext(), newContext()
	phoneOnBoard(t, ola, m, w, "Ola", wait)
	phoneOnBoard(t, kari, m, w, "Kari", wait)
	do, poll := tab{t, ola, wait}.do, tab{t, ola, wait}.poll
	kpoll := tab{t, kari, wait}.poll
	// Leaving while an op (the note's editing mark, say) is not yet
	// acknowledged asks first; Ola says yes.
	dialogs := chromedp.Events(ola, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			if ev.Type == page.DialogTypeBeforeunload {
				go chromedp.Call(ola, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}
		}
	}()
	const text = "Halvskrevet på tavla"
	count := func(ctx context.Context, s string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('#board .note-text')].filter(e => e.textContent === `+jsString(s)+`).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	draftKey := `Object.keys(localStorage).filter(k => k.startsWith('samskap.draft.') && k.endsWith('.note'))`

	do("Ola writes a new note on the board", chromedp.Tap(chromedp.CSS(`#new-note`)))
	poll("its editor is open", `document.activeElement && document.activeElement.classList.contains('note-editor')`)
	do("Ola types", chromedp.SendKeys(chromedp.CSS(`.note-editor`), text))
	poll("the draft is kept", `(() => { const k = `+draftKey+`; return k.length === 1 && JSON.parse(localStorage.getItem(k[0])).text === `+jsString(text)+`; })()`)
	kpoll("Kari sees an empty note, not the text yet", `document.querySelectorAll('#board .note').length === 1`)

	do("Ola reloads before sending", chromedp.Reload())
	poll("the text is back in the note's editor", `!document.getElementById('board').hidden && !!document.querySelector('.note-editor') && document.querySelector('.note-editor').value === `+jsString(text))
	if n := count(kari, text); n != 0 {
		t.Fatalf("Kari sees the text %d times before it was sent", n)
	}
	do("Ola sends it (Enter)", chromedp.Evaluate[chromedp.Void](`document.querySelector('.note-editor').focus()`), chromedp.KeyEvent("\r"))
	poll("the editor closed and the draft is forgotten", `!document.querySelector('.note-editor') && `+draftKey+`.length === 0`)
	kpoll("Kari sees the note", `[...document.querySelectorAll('#board .note-text')].some(e => e.textContent === `+jsString(text)+`)`)
	// Exactly once: on Kari's screen and in the server's board.
	if n := count(kari, text); n != 1 {
		t.Fatalf("Kari sees the text %d times, want once", n)
	}
	kpoll("one note on Kari's board", `document.querySelectorAll('#board .note').length === 1`)
	c := MustConnect(t, m, w.Workshop.ID, MustFacilitate(t, m, w, "Fride").Token, "", 0)
	notes := c.next().Board.Notes
	c.conn.Close()
	if len(notes) != 1 || notes[0].Text != text {
		t.Fatalf("the server's board has %+v, want the one note", notes)
	}

	// Changing it, reloading, and giving up: the draft is forgotten.
	// Enter on the note opens its editor (a key down only: the key's
	// character would go on into the editor).
	do("Ola opens the note's editor (Enter)", chromedp.Evaluate[chromedp.Void](`(() => { const n = document.querySelector('#board .note'); n.focus();
		n.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })); })()`))
	poll("editor open with the note's text", `!!document.querySelector('.note-editor') && document.querySelector('.note-editor').value === `+jsString(text))
	do("Ola adds words", chromedp.SendKeys(chromedp.CSS(`.note-editor`), " og mer"))
	poll("kept", ``+draftKey+`.length === 1`)
	do("Ola reloads", chromedp.Reload())
	poll("the changed text is back", `!!document.querySelector('.note-editor') && document.querySelector('.note-editor').value === `+jsString(text+" og mer"))
	do("Ola gives up (Escape)", chromedp.Evaluate[chromedp.Void](`document.querySelector('.note-editor').focus()`), chromedp.KeyEvent("\x1b"))
	poll("closed, the draft forgotten, the note as it was", `!document.querySelector('.note-editor') && `+draftKey+`.length === 0
		&& document.querySelector('#board .note-text').textContent === `+jsString(text))
	do("Ola reloads again", chromedp.Reload())
	poll("the board is back", `!document.getElementById('board').hidden && document.querySelectorAll('#board .note').length === 1`)
	if open, err := chromedp.Run(ola, chromedp.Evaluate[bool](`!!document.querySelector('.note-editor')`)); err != nil || open {
		t.Fatalf("a draft given up came back (%v)", err)
	}
	if n := count(kari, text); n != 1 {
		t.Fatalf("Kari sees the text %d times at the end, want once", n)
	}
}

// TestBrowserPhoneBoardNewMark: others' new notes are marked "Ny" on the
// board too, in sight and for screen readers (the note's description),
// without covering the note's text, until the note has been in view a
// moment or had focus.
func TestBrowserPhoneBoardNewMark(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	const wait = 20 * time.Second
	ola := newContext()
	phoneOnBoard(t, ola, m, w, "Ola", wait)
	do, poll := tab{t, ola, wait}.do, tab{t, ola, wait}.poll
	kj := MustJoin(t, m, w.Workshop.JoinCode, "Kari")
	kari := MustConnect(t, m, w.Workshop.ID, kj.Token, "", 0)
	defer kari.conn.Close()
	// One note where Ola looks (the board opens on its origin), one far away.
	kari.do("near", `{"kind":"note.create","note":"near","text":"Her","color":"yellow","x":20,"y":20}`)
	kari.do("far", `{"kind":"note.create","note":"far","text":"Langt unna","color":"blue","x":9000,"y":9000}`)

	marked := func(id string) string {
		return `(() => { const n = document.querySelector('#board .note[data-id="` + id + `"]'); if (!n) return false;
			const m = n.querySelector('.note-new'); if (!m || m.textContent !== 'Ny' || !n.classList.contains('note--new')) return false;
			const by = (n.getAttribute('aria-describedby') || '').split(' ');
			return by.includes(m.id) && getComputedStyle(m).display !== 'none'; })()`
	}
	poll("the far note is marked new, in sight and in words", marked("far"))
	poll("the near one too", marked("near"))
	if png, err := chromedp.Run(ola, chromedp.CaptureScreenshot()); err == nil {
		path := filepath.Join(screenshotDir(t), "phone-board-new-mark.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	if covers, err := chromedp.Run(ola, chromedp.Evaluate[bool](`(() => { const n = document.querySelector('#board .note[data-id="near"]'); const m = n && n.querySelector('.note-new');
		if (!m) return false; const a = m.getBoundingClientRect(), b = n.querySelector('.note-text').getBoundingClientRect();
		return a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right; })()`)); err != nil || covers {
		t.Errorf("the new mark covers the note's text (%v)", err)
	}
	poll("the note in view is seen after a moment: no longer new", `(() => { const n = document.querySelector('#board .note[data-id="near"]');
		return !!n && !n.querySelector('.note-new') && !n.classList.contains('note--new') && !n.hasAttribute('aria-describedby'); })()`)
	poll("the far one, out of view, is still new", marked("far"))
	do("Ola tabs to the far note (focus)", chromedp.Evaluate[chromedp.Void](`document.querySelector('#board .note[data-id="far"]').focus()`))
	poll("focused: seen", `!document.querySelector('#board .note-new') && !document.querySelector('#board .note--new')`)
	do("the list", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll("the list does not mark them new either", `document.querySelectorAll('.list-note').length === 2 && !document.querySelector('.list-note--new')`)
}

// TestBrowserPhoneCurrentExercise: where the facilitator runs an agenda,
// its current step says what the current exercise is, over the board's
// own hints (here a focus on another exercise): the board opens on it, the
// list scrolls to it on opening, and the list's form starts in its frame.
func TestBrowserPhoneCurrentExercise(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	facJ := MustFacilitate(t, m, w, "Fride")
	fac := MustConnect(t, m, w.Workshop.ID, facJ.Token, "", 0)
	defer fac.conn.Close()
	setUpPhoneWorkshop(t, m, w, fac)
	// A second exercise, laid out as a template does (ex2, and ex2_ideas in it),
	// far below a first exercise full of notes.
	fac.do("f2", `{"kind":"frame.create","frame":"ex2","title":"Idémyldring","x":0,"y":3000,"w":1200,"h":800}`)
	fac.do("f2i", `{"kind":"frame.create","frame":"ex2_ideas","title":"Idéene","x":20,"y":3060,"w":1100,"h":700}`)
	for i := 0; i < 12; i++ {
		fac.do(fmt.Sprintf("n%d", i), fmt.Sprintf(`{"kind":"note.create","note":"n%d","text":"Lapp %d","color":"yellow","x":%d,"y":%d}`, i, i, 40+(i%4)*220, 600+(i/4)*220))
	}
	fac.do("fo", `{"kind":"board.focus","frame":"ex1"}`)
	fac.do("as", `{"kind":"agenda.set","agenda":[{"part":"welcome","title":"Velkommen"},{"part":"ex2","title":"Idémyldring"}]}`)
	fac.do("go", `{"kind":"agenda.go","step":2,"fromStep":0}`)

	const wait = 20 * time.Second
	// A laptop: the board opens on the step's exercise.
	kari := newContext()
	kdo, kpoll := tab{t, kari, wait}.do, tab{t, kari, wait}.poll
	kdo("laptop", chromedp.EmulateViewport(1280, 800))
	kdo("Kari joins", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	kpoll("join page", `!!document.getElementById('join-name')`)
	kdo("Kari joins", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Kari"), chromedp.Click(chromedp.CSS(`#join-submit`)))
	kpoll("the board opens on the step's exercise", `(() => { const b = document.getElementById('board'); const f = document.querySelector('#board .frame[data-id="ex2"]');
		if (!f || b.hidden) return false; const r = f.getBoundingClientRect(), v = b.getBoundingClientRect(), cx = v.left + v.width / 2, cy = v.top + v.height / 2;
		return r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom; })()`)

	// A phone: the list scrolls to it, and the form starts in its frame.
	ola := newContext()
	do, poll := tab{t, ola, wait}.do, tab{t, ola, wait}.poll
	do("phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	do("Ola joins", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	poll("join page", `!!document.getElementById('join-name')`)
	do("Ola joins", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ola"), chromedp.Tap(chromedp.CSS(`#join-submit`)))
	poll("the list", `!document.getElementById('note-list').hidden && document.querySelectorAll('.list-note').length === 12`)
	inView := `(() => { const f = document.querySelector('.list-frame[data-frame="ex2"]'); if (!f) return false;
		const l = document.getElementById('note-list').getBoundingClientRect(), r = f.getBoundingClientRect();
		return r.top >= l.top - 2 && r.top < Math.min(l.bottom, innerHeight) - 40; })()`
	poll("the list has scrolled to the step's exercise", inView)
	poll("the form starts in its frame", `document.getElementById('composer-frame').value === 'ex2_ideas'`)
	// Again when the list is opened again.
	do("to the board", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll("board", `!document.getElementById('board').hidden`)
	do("scroll the list's page to the top meanwhile", chromedp.Evaluate[chromedp.Void](`document.getElementById('note-list').scrollTop = 0; document.scrollingElement.scrollTop = 0`))
	do("back to the list", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll("the list is at the step's exercise again", inView)
}
