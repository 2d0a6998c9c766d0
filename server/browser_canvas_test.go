package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
