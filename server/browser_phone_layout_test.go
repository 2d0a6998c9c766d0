package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// setUpPhoneWorkshop lays out what a citizen meets mid-workshop: a welcome
// frame, then an exercise with a frame per breakout group.
func setUpPhoneWorkshop(t *testing.T, m node, w created, fac *wsClient) {
	t.Helper()
	fac.do("f0", `{"kind":"frame.create","frame":"welcome","title":"Velkommen","text":"Les dette først.","x":0,"y":0,"w":800,"h":400}`)
	fac.do("f1", `{"kind":"frame.create","frame":"ex1","title":"Hva liker du best?","x":0,"y":500,"w":2000,"h":900}`)
	fac.do("f1a", `{"kind":"frame.create","frame":"ex1a","title":"Gruppe A sine lapper","x":20,"y":560,"w":900,"h":800}`)
	fac.do("f1b", `{"kind":"frame.create","frame":"ex1b","title":"Gruppe B sine lapper","x":1000,"y":560,"w":900,"h":800}`)
	fac.do("g1", `{"kind":"group.create","group":"g1","name":"Gruppe A"}`)
	fac.do("g2", `{"kind":"group.create","group":"g2","name":"Gruppe B"}`)
	fac.do("fg1", `{"kind":"frame.update","frame":"ex1a","group":"g1"}`)
	fac.do("fg2", `{"kind":"frame.update","frame":"ex1b","group":"g2"}`)
}

// TestBrowserPhoneLayout: on a 360 x 640 touch screen, with a timer, an
// open vote, breakout and 20 people present, the notes get at least 65 %
// of the screen's height (measured); one slim status line says time left,
// group, dots left and the connection, and opens a sheet with the details;
// the vote's result shows as a band that closes and comes back from the
// sheet; the form for a new note starts in the person's group's frame.
// Screenshots: phone-layout-*.png, portrait and landscape, and 1280 x 800.
func TestBrowserPhoneLayout(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	facJ := MustFacilitate(t, m, w, "Fride")
	fac := MustConnect(t, m, w.Workshop.ID, facJ.Token, "", 0)
	setUpPhoneWorkshop(t, m, w, fac)
	// 18 more people, present (their sockets stay open).
	others := map[string]string{}
	for i := 0; i < 18; i++ {
		j := MustJoin(t, m, w.Workshop.JoinCode, fmt.Sprintf("Deltaker %02d", i+1))
		c := MustConnect(t, m, w.Workshop.ID, j.Token, "", 0)
		t.Cleanup(func() { c.conn.Close() })
		others[j.Participant.ID] = []string{"g1", "g2"}[i%2]
	}

	const wait = 20 * time.Second
	ctx := newContext()
	do, poll := tab{t, ctx, wait}.do, tab{t, ctx, wait}.poll
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(screenshotDir(t), "phone-layout-"+name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	// notesShare: the part of the viewport's height the notes (the list,
	// or the board) take.
	notesShare := func() float64 {
		t.Helper()
		share, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const area = [document.getElementById('note-list'), document.getElementById('board')].find(e => e && !e.hidden);
			const r = area.getBoundingClientRect();
			return (Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / innerHeight; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return share
	}
	// heights: where the screen's height goes, for a failure's message.
	heights := func() string {
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`['.board-head', '.board-tools', '#status-line', '#news-bands', '#note-list', '#board']
			.map(s => { const e = document.querySelector(s); return e && !e.hidden ? s + ' ' + Math.round(e.getBoundingClientRect().top) + '+' + Math.round(e.getBoundingClientRect().height) : ''; }).filter(Boolean).join(', ')`))
		if err != nil {
			return err.Error()
		}
		return "top+height: " + out
	}
	do("phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	do("open the join link", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	poll("join page", `!!document.getElementById('join-name')`)
	do("join", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ola"), chromedp.Tap(chromedp.CSS(`#join-submit`)))
	poll("online, in the list", `!!document.querySelector('#status-line[data-conn="online"]') && !document.getElementById('note-list').hidden`)
	ola := ""
	look := MustConnect(t, m, w.Workshop.ID, facJ.Token, "", 0)
	for _, p := range look.next().Board.Participants {
		if p.Name == "Ola" {
			ola = p.ID
		}
	}
	look.conn.Close()
	if ola == "" {
		t.Fatal("Ola is not on the board")
	}
	others[ola] = "g1"
	assign, _ := json.Marshal(others)
	fac.do("as", `{"kind":"group.assign","assign":`+string(assign)+`}`)
	fac.do("bs", `{"kind":"breakout.start"}`)
	fac.do("fo", `{"kind":"board.focus","frame":"ex1"}`)
	fac.do("n1", `{"kind":"note.create","note":"n1","text":"Benken ved kaia","color":"yellow","x":40,"y":600}`)
	fac.do("n2", `{"kind":"note.create","note":"n2","text":"Lys langs stien","color":"blue","x":300,"y":600}`)
	fac.do("ts", `{"kind":"timer.start","ms":600000}`)
	fac.do("vo", `{"kind":"vote.open","vote":"v1","budget":3}`)

	poll("the status line: time, group, dots, connection, people", `(() => {
		const l = document.getElementById('status-line'); if (!l || l.hidden) return false;
		const k = [...l.querySelectorAll('.status-part:not([hidden])')].map(e => e.dataset.kind);
		return JSON.stringify(k) === JSON.stringify(['timer', 'group', 'dots', 'conn'])
			&& /^\d+:\d\d$/.test(l.querySelector('[data-kind=timer] .status-part__short').textContent) && /Tid igjen: \d/.test(l.querySelector('[data-kind=timer]').textContent)
			&& l.querySelector('[data-kind=group] .status-part__short').textContent === 'Gruppe A'
			&& /Gruppe: Gruppe A/.test(l.querySelector('[data-kind=group]').textContent)
			&& l.querySelector('[data-kind=dots]').textContent === '3 prikker igjen'
			&& document.getElementById('status-people').textContent === '20 til stede'; })()`)
	poll("the form starts in Ola's group's frame", `!document.getElementById('composer').hidden && document.getElementById('composer-frame').value === 'ex1a'`)
	poll("frames grouped by exercise", `[...document.querySelectorAll('#composer-frame optgroup')].some(g => g.label === 'Hva liker du best?' && !!g.querySelector('option[value="ex1a"]'))`)
	poll("the notes are listed", `document.querySelectorAll('.list-note').length === 2`)
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById('status-open').getBoundingClientRect().height`)); err != nil || h > 48 {
		t.Errorf("the status line is %.0f px high (%v); one slim line is at most 48", h, err)
	}
	if share := notesShare(); share < 0.65 {
		t.Errorf("with a timer, a vote, breakout and 20 present the notes get %.1f %% of the height, want at least 65 %%; %s", share*100, heights())
	} else {
		t.Logf("timer, vote, breakout, 20 present: the notes get %.1f %% of 640 px", share*100)
	}
	shot("portrait")

	// The sheet: the details, and who is here.
	do("open the sheet", chromedp.Tap(chromedp.CSS(`#status-open`)))
	poll("the sheet shows the details", `document.getElementById('status-sheet').open && document.querySelectorAll('#status-sheet #presence li').length === 20
		&& !!document.querySelector('#status-sheet #timer:not([hidden])') && !!document.querySelector('#status-sheet #votes-left:not([hidden])')`)
	shot("sheet")
	do("close the sheet", chromedp.Tap(chromedp.CSS(`#sheet-close`)))
	poll("closed, focus back on the line", `!document.getElementById('status-sheet').open && document.activeElement.id === 'status-open'`)

	// Three dots spent: the words say so, without "press Vote".
	for _, n := range []string{"n1", "n1", "n2"} {
		do("vote", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-key="vote:`+n+`"]') && document.querySelector('[data-key="vote:`+n+`"]').click()`))
		time.Sleep(300 * time.Millisecond)
	}
	poll("0 dots", `document.querySelector('#status-line [data-kind=dots]').dataset.left === '0'
		&& document.querySelector('#status-line [data-kind=dots]').textContent === '0 prikker igjen'
		&& !/Trykk «Stem»/.test(document.getElementById('votes-left').textContent)`)

	// The result, revealed: a band that closes and comes back from the sheet.
	fac.do("vr", `{"kind":"vote.reveal","vote":"v1"}`)
	fac.do("msg", `{"kind":"board.message","text":"Ti minutter igjen, så samles vi."}`)
	// Two pieces of news: one band at a time ("1/2 ›"), never two stacked.
	poll("the message band, shown first as the newest, the second of two", `document.querySelectorAll('.news-band').length === 1 && !!document.querySelector('.news-band--message')
		&& document.querySelector('.news-band__next').textContent.startsWith('2/2')`)
	if share := notesShare(); share < 0.65 {
		t.Errorf("with a timer, breakout, 20 present and two news bands open (a result and a message) the notes get %.1f %% of the height, want at least 65 %%; %s", share*100, heights())
	} else {
		t.Logf("with a result band and a message band too: %.1f %%", share*100)
	}
	// bandsLow: with n pieces of news there is one band, as low as a button.
	bandsLow := func(n int) {
		t.Helper()
		h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById('news-bands').getBoundingClientRect().height`))
		if err != nil || h > 48 {
			t.Errorf("with %d pieces of news the bands are %.0f px high (%v), want one band of at most 48 px", n, h, err)
		}
	}
	bandsLow(2)
	shot("bands")
	do("the next news", chromedp.Tap(chromedp.CSS(`.news-band__next`)))
	poll("the result band, 1 of 2", `document.querySelectorAll('.news-band').length === 1 && /Benken ved kaia/.test(document.querySelector('.news-band--result').textContent)
		&& document.querySelector('.news-band__next').textContent.startsWith('1/2') && document.activeElement.classList.contains('news-band__next')`)
	if share := notesShare(); share < 0.65 {
		t.Errorf("with the result's band shown the notes get %.1f %%", share*100)
	}
	noteTextCovered := `(() => { const b = document.getElementById('news-bands').getBoundingClientRect();
		return [...document.querySelectorAll('.list-note-text')].some(e => { const r = e.getBoundingClientRect(); return r.bottom > b.top && r.top < b.bottom && r.height > 0; }); })()`
	if covered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](noteTextCovered)); err != nil || covered {
		t.Errorf("the news band covers note text (%v)", err)
	}
	do("close the result", chromedp.Tap(chromedp.CSS(`.news-band--result .news-band__close`)))
	poll("the message band is left, without 1/2", `!document.querySelector('.news-band--result') && !!document.querySelector('.news-band--message') && !document.querySelector('.news-band__next')`)
	do("close the message", chromedp.Tap(chromedp.CSS(`.news-band--message .news-band__close`)))
	poll("both gone", `document.getElementById('news-bands').hidden`)
	if share := notesShare(); share < 0.65 {
		t.Errorf("after closing the bands the notes get %.1f %%", share*100)
	}
	do("open the sheet", chromedp.Tap(chromedp.CSS(`#status-open`)))
	poll("the result can be brought back", `document.getElementById('status-sheet').open && document.querySelectorAll('#sheet-news button').length === 2`)
	do("bring the result back", chromedp.Tap(chromedp.CSS(`#sheet-news button[data-news^="vote:"]`)))
	poll("the result band is back", `!!document.querySelector('.news-band--result') && !document.getElementById('status-sheet').open`)
	do("and closed again", chromedp.Tap(chromedp.CSS(`.news-band--result .news-band__close`)))
	poll("no bands", `document.getElementById('news-bands').hidden`)

	// Writing: the form stays ready for the next note.
	do("write", chromedp.Tap(chromedp.CSS(`#composer-text`)), chromedp.SendKeys(chromedp.CSS(`#composer-text`), "Benker i skyggen"), chromedp.Tap(chromedp.CSS(`#composer-save`)))
	poll("saved, ready for the next", `[...document.querySelectorAll('.list-note-text')].some(e => e.textContent === 'Benker i skyggen')
		&& document.getElementById('composer-text').value === '' && document.activeElement.id === 'composer-text' && document.getElementById('composer-frame').value === 'ex1a'`)
	do("hide the keyboard", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))

	// The view toggle says what it does.
	poll("in the list it offers the board", `document.getElementById('view-toggle').textContent === 'Vis som tavle'`)
	do("show the board", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll("on the board it offers the list", `!document.getElementById('board').hidden && document.getElementById('view-toggle').textContent === 'Vis som liste'`)
	if share := notesShare(); share < 0.65 {
		t.Errorf("the board gets %.1f %% of the height; %s", share*100, heights())
	} else {
		t.Logf("the board view: %.1f %%", share*100)
	}
	shot("board")
	// The board with both pieces of news back: one band there too.
	do("open the sheet on the board", chromedp.Tap(chromedp.CSS(`#status-open`)))
	poll("the news can be brought back", `document.getElementById('status-sheet').open && document.querySelectorAll('#sheet-news button').length === 2`)
	do("bring the result back", chromedp.Tap(chromedp.CSS(`#sheet-news button[data-news^="vote:"]`)))
	poll("closed", `!document.getElementById('status-sheet').open`)
	do("open the sheet again", chromedp.Tap(chromedp.CSS(`#status-open`)))
	poll("the message can be brought back", `document.getElementById('status-sheet').open && document.querySelectorAll('#sheet-news button').length === 1`)
	do("bring the message back", chromedp.Tap(chromedp.CSS(`#sheet-news button[data-news^="message:"]`)))
	poll("one band, 2 of 2, on the board", `!document.getElementById('status-sheet').open && document.querySelectorAll('.news-band').length === 1
		&& document.querySelector('.news-band__next').textContent.startsWith('2/2')`)
	// The board's tools take two rows on an upright phone (the raised hand
	// is in the status line, undo and redo are arrows), so the board keeps
	// 65 % with the news band too.
	boardNews := notesShare()
	t.Logf("the board view with a result band and a message band: %.1f %% (%s)", boardNews*100, heights())
	if boardNews < 0.65 {
		t.Errorf("the board view with news gets %.1f %% of the height, want >= 65 %% (%s)", boardNews*100, heights())
	}
	// The raised hand is in the status line there, and still says what it is.
	poll("the hand is in the status line", `(() => { const h = document.querySelector('#status-line #raise-hand'); return !!h && !h.hidden && h.textContent === 'Rekk opp hånda' && h.getBoundingClientRect().height >= 44; })()`)
	bandsLow(2)
	shot("board-bands")
	do("close the message", chromedp.Tap(chromedp.CSS(`.news-band--message .news-band__close`)))
	do("close the result", chromedp.Tap(chromedp.CSS(`.news-band--result .news-band__close`)))
	poll("no bands on the board", `document.getElementById('news-bands').hidden`)
	do("back to the list", chromedp.Tap(chromedp.CSS(`#view-toggle`)))
	poll("list", `!document.getElementById('note-list').hidden`)

	// On its side.
	do("landscape", chromedp.EmulateViewport(640, 360, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateLandscape))
	poll("landscape laid out", `innerWidth > innerHeight && !document.getElementById('status-line').hidden`)
	if share := notesShare(); share < 0.65 {
		t.Errorf("on its side the notes get %.1f %% of 360 px; %s", share*100, heights())
	} else {
		t.Logf("landscape 640 x 360: the notes get %.1f %%", share*100)
	}
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= innerWidth`))
	if err != nil || !fits {
		t.Errorf("landscape: the page is wider than the screen (%v)", err)
	}
	// On its side the status line and the raised hand stay one row (in
	// portrait the hand may wrap below it with large text): every part
	// shares a band of the line's height.
	oneRow, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const parts = [...document.getElementById('status-line').children].filter(c => c.getClientRects().length).map(c => c.getBoundingClientRect());
		const top = Math.max(...parts.map(r => r.top)), bottom = Math.min(...parts.map(r => r.bottom));
		return parts.length >= 2 && top < bottom ? '' : parts.map(r => Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)).join('; ');
	})()`))
	if err != nil || oneRow != "" {
		t.Errorf("landscape: the status line is not one row: %s (%v)", oneRow, err)
	}
	shot("landscape")

	// A laptop: the full header, no status line.
	do("laptop", chromedp.EmulateViewport(1280, 800))
	poll("wide layout", `innerWidth === 1280 && document.getElementById('status-line').hidden && !!document.querySelector('.board-head #presence')`)
	shot("desktop")
	_ = context.Background
}
