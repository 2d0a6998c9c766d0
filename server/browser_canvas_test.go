package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samskap/samskap/workshops"
)

// The canvas (issue 15) in a real browser: the opening view, selection,
// undo, connectors and comments, as people use them.

// canvasBoard is a workshop set up through a scripted facilitator socket,
// so a browser test can start from a board with frames, groups and notes.
type canvasBoard struct {
	t   *testing.T
	m   node
	w   created
	fac joined
	ws  *wsClient
	n   int
}

func newCanvasBoard(t *testing.T) *canvasBoard {
	t.Helper()
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Frida")
	ws := MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0)
	return &canvasBoard{t: t, m: m, w: w, fac: fac, ws: ws}
}

// open joins name to the board and opens it for them in ctx. The join's
// event is read off the facilitator's socket here, so a test's next
// event is the one it caused.
func (c *canvasBoard) open(ctx context.Context, name string) tab {
	c.t.Helper()
	j := MustJoin(c.t, c.m, c.w.Workshop.JoinCode, name)
	for {
		if e := c.eventOf(workshops.OpParticipantJoin); e.Op.Participant.ID == j.Participant.ID {
			break
		}
	}
	return openBoard(c.t, ctx, c.m, c.w.Workshop.ID, j.Token)
}

// op sends an op as the facilitator and waits for its ack.
func (c *canvasBoard) op(op map[string]any) {
	c.t.Helper()
	c.n++
	id := "setup-" + strconv.Itoa(c.n)
	c.ws.sendJSON(map[string]any{"type": "op", "id": id, "op": op})
	for {
		m := c.ws.next()
		if m.Type == "error" && m.ID == id {
			c.t.Fatalf("setup op %v refused: %s %s", op["kind"], m.Code, m.Message)
		}
		if m.Type == "ack" && m.ID == id {
			return
		}
	}
}

func (c *canvasBoard) frame(id, title string, x, y, w, h float64, group string) {
	op := map[string]any{"kind": "frame.create", "frame": id, "title": title, "x": x, "y": y, "w": w, "h": h}
	if group != "" {
		op["group"] = group
	}
	c.op(op)
}

func (c *canvasBoard) note(id, text string, x, y float64) {
	c.op(map[string]any{"kind": "note.create", "note": id, "text": text, "color": "yellow", "x": x, "y": y})
}

// openBoard opens the board in a tab with this session token, as a
// reload would after joining.
func openBoard(t *testing.T, ctx context.Context, m node, workshopID, token string) tab {
	t.Helper()
	b := tab{t, ctx, 20 * time.Second}
	b.do("open the site",
		chromedp.Navigate(m.URL()+"/"),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
	)
	b.poll("store the session", `(localStorage.setItem('samskap.session.'+`+jsString(workshopID)+`, `+jsString(token)+`), true)`)
	b.do("open the board",
		chromedp.Navigate(m.URL()+"/w/"+workshopID),
		chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)),
	)
	return b
}

// jsZoom is the canvas's zoom, read from its computed transform.
const jsZoom = `new DOMMatrix(getComputedStyle(document.getElementById('canvas')).transform).a`

// jsNoteTextPx is the rendered size of note text in CSS px: the computed
// font size times the zoom (the smallest over all notes shown).
const jsNoteTextPx = `Math.min(...[...document.querySelectorAll('#canvas .note .note-text')].map(e => parseFloat(getComputedStyle(e).fontSize) * ` + jsZoom + `))`

// jsShare is the share of a frame's on-screen box that lies inside #board.
func jsShare(frameID string) string {
	return `(() => {
		const f = document.querySelector('.frame[data-id=` + jsString(frameID) + `]').getBoundingClientRect();
		const b = document.getElementById('board').getBoundingClientRect();
		const w = Math.max(0, Math.min(f.right, b.right) - Math.max(f.left, b.left));
		const h = Math.max(0, Math.min(f.bottom, b.bottom) - Math.max(f.top, b.top));
		return (w * h) / (f.width * f.height);
	})()`
}

func TestBrowserCanvasOpensReadableOnMyFrame(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	kari := MustJoin(t, c.m, c.w.Workshop.JoinCode, "Kari")

	// A plenary frame at the origin and each group's frame far away: the
	// old opening view (fit everything at 50 %) showed only the first.
	c.op(map[string]any{"kind": "group.create", "group": "g1", "name": "Gruppe 1"})
	c.op(map[string]any{"kind": "group.create", "group": "g2", "name": "Gruppe 2"})
	c.frame("plenum", "Felles", 0, 0, 1000, 640, "")
	c.frame("f1", "Gruppe 1: Hva er viktig?", 1300, 0, 1000, 640, "g1")
	c.frame("f2", "Gruppe 2: Hva er viktig?", 1300, 900, 1000, 640, "g2")
	c.note("n-p", "Felles lapp", 40, 120)
	c.note("n2a", "Møteplass ved elva", 1340, 1020)
	c.note("n2b", "Bedre busstilbud om kvelden", 1540, 1020)
	c.op(map[string]any{"kind": "participant.group", "person": kari.Participant.ID, "group": "g2"})
	c.op(map[string]any{"kind": "breakout.start"})

	b := openBoard(t, newContext(), c.m, c.w.Workshop.ID, kari.Token)
	// Frames without a group stay in sight during breakout.
	b.poll("Kari sees the notes of her group and of the plenary", `document.querySelectorAll('#canvas .note').length === 3`)
	// The frame of her group is in view, most of it, and readable.
	b.poll("her group's frame is in view", jsShare("f2")+` > 0.6`)
	screenshot(t, b.ctx, "canvas-opening-1280.png")
	px := evalFloat(t, b.ctx, jsNoteTextPx)
	zoom := evalFloat(t, b.ctx, jsZoom)
	t.Logf("opening view: zoom %.3f, note text %.1f CSS px", zoom, px)
	if px < 14 {
		t.Fatalf("note text renders at %.1f px at the opening view (zoom %.2f), want >= 14", px, zoom)
	}

	// "Show all" zooms out to everything; "My frame" comes back.
	b.do("show all", chromedp.Click(chromedp.CSS(`#fit-all`)))
	b.poll("the whole board fits", jsShare("f2")+` > 0.99`)
	b.do("my frame", chromedp.Click(chromedp.CSS(`#fit-home`)))
	b.poll("back on her frame, readable", jsShare("f2")+` > 0.6 && `+jsNoteTextPx+` >= 14`)

	// The minimap has a button per frame she sees, and it works from the keyboard.
	b.poll("minimap lists her frame", `[...document.querySelectorAll('#minimap .minimap-frame-btn')].some(e => e.textContent.includes('Gruppe 2'))`)

	// The view is kept across a reload: pan with the keyboard, reload.
	b.do("pan", chromedp.Focus(chromedp.CSS(`#board`)), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
	before, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById('canvas')).transform`))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond) // the view is saved at most twice a second; this waits for the trailing save
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#conn-state[data-state="online"]`)))
	b.poll("the same view after the reload", `getComputedStyle(document.getElementById('canvas')).transform === `+jsString(before))
}

// screenshot saves a PNG of the tab under name.
func screenshot(t *testing.T, ctx context.Context, name string) {
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

// evalFloat evaluates a JavaScript number.
func evalFloat(t *testing.T, ctx context.Context, js string) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// leftHeld makes a mouse event carry a pressed left button (a drag).
func leftHeld(p *input.DispatchMouseEventParams) {
	p.Button = input.MouseButtonLeft
	p.Buttons = 1
}

// shiftHeld adds the Shift key to a mouse event.
func shiftHeld(p *input.DispatchMouseEventParams) {
	p.Modifiers |= 8 // Shift
}

// drag presses at (x0, y0), moves to (x1, y1) in steps and releases.
func drag(x0, y0, x1, y1 float64, opts ...chromedp.MouseOption) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if err := chromedp.Do(ctx, pressAndMove(x0, y0, x1, y1, opts...)); err != nil {
			return err
		}
		return chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, append([]chromedp.MouseOption{leftHeld, chromedp.ClickCount(1)}, opts...)...))
	})
}

// pressAndMove presses the left button at (x0, y0) and moves it to (x1,
// y1) in steps, holding it: the start of a drag.
func pressAndMove(x0, y0, x1, y1 float64, opts ...chromedp.MouseOption) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		press := append([]chromedp.MouseOption{leftHeld, chromedp.ClickCount(1)}, opts...)
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MousePressed, x0, y0, press...)); err != nil {
			return err
		}
		for i := 1; i <= 8; i++ {
			x, y := x0+(x1-x0)*float64(i)/8, y0+(y1-y0)*float64(i)/8
			if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y, append([]chromedp.MouseOption{leftHeld}, opts...)...)); err != nil {
				return err
			}
		}
		return nil
	})
}

// center returns the middle of the element css selects, in CSS px of the page,
// or the point nearest to it that is not covered by something else.
func center(t *testing.T, ctx context.Context, css string) (float64, float64) {
	t.Helper()
	// The centre, or where the centre is covered (the minimap and the view
	// controls float on the canvas) the point nearest to it that a pointer
	// would reach, as a person would aim for the part they can see.
	r, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const e = document.querySelector(`+jsString(css)+`), r = e.getBoundingClientRect();
		const cx = r.left + r.width / 2, cy = r.top + r.height / 2, pts = [];
		for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) pts.push([r.left + r.width * i / 8, r.top + r.height * j / 8]);
		pts.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
		const hit = [[cx, cy], ...pts].find(([x, y]) => e.contains(document.elementFromPoint(x, y)));
		return hit || [cx, cy];
	})()`))
	if err != nil || len(r) != 2 {
		t.Fatalf("centre of %s: %v", css, err)
	}
	return r[0], r[1]
}

// jsNoteAt is true when the note is drawn at board position (x, y).
func jsNoteAt(id string, x, y int) string {
	return `(document.querySelector('.note[data-id=` + jsString(id) + `]') || {style: {}}).style.transform === ` + jsString(fmt.Sprintf("translate(%dpx, %dpx)", x, y))
}

func TestBrowserCanvasUndoDragOnAnotherScreen(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.note("n1", "Flytt meg", 100, 100)

	a := c.open(newContext(), "Aud")
	b := c.open(newContext(), "Bo")
	a.poll("Aud sees the note", jsNoteAt("n1", 100, 100))
	b.poll("Bo sees the note", jsNoteAt("n1", 100, 100))

	// Aud drags it (someone else's note) away by mistake ...
	x, y := center(t, a.ctx, `.note[data-id="n1"] .note-text`)
	a.do("drag the note", drag(x, y, x+260, y+160))
	b.poll("Bo sees it moved", `!(`+jsNoteAt("n1", 100, 100)+`)`)
	// ... and puts it back with Ctrl+Z: a new op, seen by Bo.
	a.poll("undo is offered", `!document.getElementById('undo').disabled`)
	a.do("Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	b.poll("Bo sees it back where it was", jsNoteAt("n1", 100, 100))
	a.poll("and so does Aud", jsNoteAt("n1", 100, 100))

	// Redo moves it again; then Bo moves it, and Aud's undo no longer
	// applies: refused with a message that says why, nothing changes.
	a.poll("redo is offered", `!document.getElementById('redo').disabled`)
	a.do("redo (the button, as on a touch screen)", chromedp.Click(chromedp.CSS(`#redo`)))
	b.poll("Bo sees the redo", `!(`+jsNoteAt("n1", 100, 100)+`)`)
	bx, by := center(t, b.ctx, `.note[data-id="n1"] .note-text`)
	b.do("Bo moves it", drag(bx, by, bx-100, by+40))
	a.poll("Aud sees Bo's move", `(() => { const t = document.querySelector('.note[data-id="n1"]').style.transform; return t !== 'translate(100px, 100px)' && t !== `+jsString("")+`; })()`)
	time.Sleep(300 * time.Millisecond) // let Bo's event settle in Aud's state before she presses Ctrl+Z
	before, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('.note[data-id="n1"]').style.transform`))
	if err != nil {
		t.Fatal(err)
	}
	a.do("Ctrl+Z once more", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	a.poll("Aud is told the undo no longer applies", `!document.getElementById('toast').hidden && document.getElementById('toast').textContent.startsWith('Kan ikke angre')`)
	after, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('.note[data-id="n1"]').style.transform`))
	if after != before {
		t.Fatalf("a refused undo moved the note on Bo's screen: %s -> %s", before, after)
	}
}

// pagePoint returns where the board point (x, y) is on the page, in CSS px.
func pagePoint(t *testing.T, ctx context.Context, x, y float64) (float64, float64) {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
		const m = new DOMMatrix(getComputedStyle(document.getElementById('canvas')).transform);
		const b = document.getElementById('board').getBoundingClientRect();
		return [b.left + m.e + %f * m.a, b.top + m.f + %f * m.a];
	})()`, x, y)))
	if err != nil || len(r) != 2 {
		t.Fatalf("page point: %v", err)
	}
	return r[0], r[1]
}

// nextEvent returns the next event on the scripted socket, skipping the rest.
func (c *canvasBoard) nextEvent() msg {
	c.t.Helper()
	for {
		if m := c.ws.next(); m.Type == "event" {
			return m
		}
	}
}

func TestBrowserCanvasMarqueeMovesThreeAsOne(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.note("a", "Én", 100, 100)
	c.note("b", "To", 320, 100)
	c.note("c", "Tre", 540, 120)
	c.note("d", "Ikke meg", 100, 500)

	a := c.open(newContext(), "Aud")
	b := c.open(newContext(), "Bo")
	b.poll("Bo sees the notes", `document.querySelectorAll('#canvas .note').length === 4`)
	a.poll("Aud sees the notes", `document.querySelectorAll('#canvas .note').length === 4`)

	// A Shift+drag on the empty board around the first three selects them.
	x0, y0 := pagePoint(t, a.ctx, 80, 85)
	x1, y1 := pagePoint(t, a.ctx, 760, 300)
	a.do("Shift+drag a marquee", drag(x0, y0, x1, y1, shiftHeld))
	a.poll("three notes selected", `document.querySelectorAll('.note--multi').length === 3 && !document.querySelector('.note--multi[data-id="d"]')`)
	a.poll("the selection toolbar says so", `!document.getElementById('selection-bar').hidden && document.querySelector('#selection-bar .selection-count').textContent.includes('3')`)

	// Dragging one of them moves all three, as one op: one event.
	x, y := center(t, a.ctx, `.note[data-id="b"] .note-text`)
	a.do("drag the selection", drag(x, y, x, y+220))
	ev := c.nextEvent()
	if ev.Event.Op.Kind != "batch" || len(ev.Event.Op.Ops) != 3 {
		t.Fatalf("want one batch of three moves, got %s with %d ops", ev.Event.Op.Kind, len(ev.Event.Op.Ops))
	}
	dy := *ev.Event.Op.Ops[0].Y - 100
	if dy < 150 {
		t.Fatalf("moved by %v board units, want about 220 / zoom", dy)
	}
	for _, o := range ev.Event.Op.Ops {
		if o.Note == "d" {
			t.Fatal("the unselected note moved")
		}
	}
	b.poll("Bo sees all three moved by the same amount", fmt.Sprintf(`%s && %s && %s && %s`,
		jsNoteAt("a", 100, 100+int(dy)), jsNoteAt("b", 320, 100+int(dy)), jsNoteAt("c", 540, 120+int(dy)), jsNoteAt("d", 100, 500)))

	// One Ctrl+Z puts all three back.
	a.do("Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	b.poll("Bo sees all three back", fmt.Sprintf(`%s && %s && %s`, jsNoteAt("a", 100, 100), jsNoteAt("b", 320, 100), jsNoteAt("c", 540, 120)))
}

// canvasObserver joins a workshop as an observer.
func canvasObserver(t *testing.T, m node, code, name string) joined {
	t.Helper()
	var out joined
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", fmt.Sprintf(`{"code":%q,"name":%q,"role":"observer"}`, code, name), &out); status != http.StatusOK {
		t.Fatalf("observer join: %d", status)
	}
	return out
}

// jsLine is the connector line's end points on the page, as a string.
const jsLine = `(() => { const l = document.querySelector('line.connector'); return l ? [l.getAttribute('x1'), l.getAttribute('y1'), l.getAttribute('x2'), l.getAttribute('y2')].join(',') : ''; })()`

func TestBrowserCanvasConnectorFollowsAndObserverComments(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	olav := canvasObserver(t, c.m, c.w.Workshop.JoinCode, "Olav")
	c.note("a", "Kommunen", 100, 100)
	c.note("b", "Idrettslaget", 500, 100)

	a := c.open(newContext(), "Aud")
	o := openBoard(t, newContext(), c.m, c.w.Workshop.ID, olav.Token)
	a.poll("Aud sees both notes", `document.querySelectorAll('#canvas .note').length === 2`)

	// Aud connects the two notes from the keyboard path: the note's panel,
	// "connect to" listing the notes by their text.
	a.do("open the note's panel", chromedp.Click(chromedp.CSS(`.note[data-id="a"] .note-open`)))
	a.poll("the panel lists the other note by its text", `[...document.querySelectorAll('#connect-to option')].some(o => o.textContent === 'Idrettslaget')`)
	a.do("connect", chromedp.SendKeys(chromedp.CSS(`#connect-label`), "samarbeider med"), chromedp.Click(chromedp.CSS(`#connect-send`)))
	o.poll("the observer sees the arrow and its label", `document.querySelectorAll('line.connector').length === 1 && document.querySelector('.connector-label').textContent === 'samarbeider med'`)
	before, err := chromedp.Run(o.ctx, chromedp.Evaluate[string](jsLine))
	if err != nil {
		t.Fatal(err)
	}
	a.do("close the panel", chromedp.Click(chromedp.CSS(`#note-panel-close`)))

	// Moving one end moves the arrow on every screen.
	x, y := center(t, a.ctx, `.note[data-id="b"] .note-text`)
	a.do("drag note b", drag(x, y, x+40, y+260))
	o.poll("the arrow follows the note", jsLine+` !== `+jsString(before)+` && `+jsLine+` !== ''`)

	// The observer comments on a note and reacts; Aud sees both.
	o.do("observer opens the note", chromedp.Click(chromedp.CSS(`.note[data-id="a"] .note-open`)))
	o.poll("no connect form for an observer", `!document.getElementById('connect-to') && !!document.getElementById('comment-text')`)
	o.do("comment", chromedp.SendKeys(chromedp.CSS(`#comment-text`), "Gjeld dette heile kommunen?"), chromedp.Click(chromedp.CSS(`#comment-send`)))
	o.do("react", chromedp.Click(chromedp.CSS(`#react-idea`)))
	a.poll("Aud sees the comment count and the reaction on the note", `document.querySelector('.note[data-id="a"] .note-open').textContent.includes('1') && document.querySelector('.note[data-id="a"] .note-reaction').textContent.includes('💡')`)
	a.do("open the thread", chromedp.Click(chromedp.CSS(`.note[data-id="a"] .note-open`)))
	a.poll("the comment is there, with its author", `[...document.querySelectorAll('.comment')].some(c => c.textContent.includes('Olav') && c.textContent.includes('Gjeld dette heile kommunen?'))`)
}

// TestBrowserCanvasScreenshots draws a board that uses every item (frames,
// notes, a text label, shapes, a cluster, connectors with and without a
// label, comments and reactions, someone writing) and saves it at
// 1280x800 and 360x640 for a person to look at.
func TestBrowserCanvasScreenshots(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	aud := MustJoin(t, c.m, c.w.Workshop.JoinCode, "Aud")
	c.frame("f1", "Aktørkartlegging: hvem jobber med hvem?", 0, 0, 1180, 720, "")
	c.op(map[string]any{"kind": "shape.create", "shape": "lbl", "form": "text", "x": 40, "y": 70, "w": 420, "h": 44, "text": "Sentrum 2030"})
	c.op(map[string]any{"kind": "shape.create", "shape": "area", "form": "ellipse", "x": 700, "y": 380, "w": 420, "h": 300, "color": "green"})
	c.op(map[string]any{"kind": "shape.create", "shape": "box", "form": "rect", "x": 40, "y": 420, "w": 560, "h": 260, "text": ""})
	c.note("k", "Kommunen", 60, 140)
	c.note("i", "Idrettslaget", 420, 140)
	c.note("n", "Næringsforeningen", 780, 140)
	c.note("u", "Ungdomsrådet", 80, 470)
	c.note("s", "Skolen", 300, 470)
	c.note("p", "Parken ved elva", 800, 450)
	c.op(map[string]any{"kind": "cluster.create", "cluster": "cl", "name": "Barn og unge", "x": 60, "y": 430, "w": 440, "h": 210})
	c.op(map[string]any{"kind": "connector.create", "connector": "c1", "from": map[string]any{"type": "note", "id": "k"}, "to": map[string]any{"type": "note", "id": "i"}, "text": "samarbeider med"})
	c.op(map[string]any{"kind": "connector.create", "connector": "c2", "from": map[string]any{"type": "note", "id": "i"}, "to": map[string]any{"type": "note", "id": "n"}, "style": "line"})
	c.op(map[string]any{"kind": "connector.create", "connector": "c3", "from": map[string]any{"type": "note", "id": "k"}, "to": map[string]any{"type": "note", "id": "u"}})
	c.op(map[string]any{"kind": "comment.create", "comment": "m1", "note": "p", "text": "Trenger mer lys om kvelden"})
	c.op(map[string]any{"kind": "comment.create", "comment": "m2", "note": "p", "text": "Enig!"})
	c.op(map[string]any{"kind": "reaction.set", "note": "p", "reaction": "idea", "on": true})
	c.op(map[string]any{"kind": "reaction.set", "note": "k", "reaction": "like", "on": true})
	c.op(map[string]any{"kind": "note.editing", "note": "s", "on": true})

	b := openBoard(t, newContext(), c.m, c.w.Workshop.ID, aud.Token)
	b.poll("everything is drawn", `document.querySelectorAll('line.connector').length === 3 && !!document.querySelector('.cluster') && !!document.querySelector('.note-writing')`)
	b.do("show all", chromedp.Click(chromedp.CSS(`#fit-home`)))
	screenshot(t, b.ctx, "canvas-every-item-1280.png")
	b.do("search", chromedp.Focus(chromedp.CSS(`#board-search`)), chromedp.SendKeys(chromedp.CSS(`#board-search`), "naering"))
	b.poll("æ is found by ae", `[...document.querySelectorAll('#search-results .search-hit')].some(e => e.textContent.includes('Næringsforeningen'))`)
	screenshot(t, b.ctx, "canvas-search-1280.png")

	p := openBoard(t, newContext(), c.m, c.w.Workshop.ID, aud.Token)
	p.do("phone size", chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	p.poll("store the board view", `(localStorage.setItem('samskap.view', 'board'), true)`)
	p.do("reload", chromedp.Reload())
	// On a phone the connection's state is in the status sheet, not on screen.
	p.poll("online again", `document.getElementById('conn-state') && document.getElementById('conn-state').dataset.state === 'online'`)
	p.poll("drawn on the phone", `document.querySelectorAll('line.connector').length === 3`)
	p.do("my frame", chromedp.Click(chromedp.CSS(`#fit-home`)))
	screenshot(t, p.ctx, "canvas-every-item-360.png")
}
