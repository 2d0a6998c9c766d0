package server_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/samskap/samskap/workshops"
)

// Editing the canvas in a real browser (issue 15): shapes and clusters
// dragged and resized by pointer, connectors between any items changed
// after they are drawn, the name dialog, copy and paste between screens,
// and two people at one note.

// eventOf returns the next event of this kind on the scripted socket,
// skipping others.
func (c *canvasBoard) eventOf(kind workshops.OpKind) workshops.Event {
	c.t.Helper()
	for {
		if m := c.nextEvent(); m.Event.Op.Kind == kind {
			return m.Event
		}
	}
}

// jsAt is true when the item's element css selects is drawn at board (x, y).
func jsAt(css string, x, y int) string {
	return `(document.querySelector(` + jsString(css) + `) || {style: {}}).style.transform === ` + jsString(fmt.Sprintf("translate(%dpx, %dpx)", x, y))
}

func TestBrowserCanvasDragShapeAndCluster(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.op(map[string]any{"kind": "shape.create", "shape": "r1", "form": "rect", "x": 100, "y": 100, "w": 300, "h": 200})
	c.op(map[string]any{"kind": "cluster.create", "cluster": "k1", "name": "Trafikk", "x": 100, "y": 500, "w": 560, "h": 260})
	c.note("a", "Buss", 140, 560)
	c.note("b", "Sykkel", 420, 560)
	c.note("out", "Utenfor", 900, 560)

	a := c.open(newContext(), "Aud")
	b := c.open(newContext(), "Bo")
	a.poll("Aud sees the shape, the cluster and the notes", `!!document.querySelector('.shape[data-id="r1"]') && !!document.querySelector('.cluster[data-id="k1"]') && document.querySelectorAll('#canvas .note').length === 3`)
	b.poll("Bo sees the cluster", `!!document.querySelector('.cluster[data-id="k1"]')`)
	zoom := fitAll(t, a)

	// Drag the rectangle by its middle: the server holds the new place.
	x, y := center(t, a.ctx, `.shape[data-id="r1"]`)
	a.do("drag the rectangle", drag(x, y, x+200, y+100))
	ev := c.eventOf("shape.update")
	if ev.Op.X == nil || ev.Op.Y == nil || ev.Op.W != nil {
		t.Fatalf("a drag sent %+v, want x and y only", ev.Op)
	}
	if dx, dy := *ev.Op.X-100, *ev.Op.Y-100; dx < 150/zoom || dy < 50/zoom {
		t.Fatalf("the rectangle moved by (%v, %v) board units, want about (%v, %v)", dx, dy, 200/zoom, 100/zoom)
	}
	sx, sy := int(*ev.Op.X), int(*ev.Op.Y)
	b.poll("Bo sees the rectangle moved", jsAt(`.shape[data-id="r1"]`, sx, sy))

	// Its resize handle shows while it has focus; dragging it resizes.
	a.poll("the resize handle shows on the focused rectangle", `getComputedStyle(document.querySelector('.shape[data-id="r1"] .item-resize')).display !== 'none'`)
	hx, hy := center(t, a.ctx, `.shape[data-id="r1"] .item-resize`)
	a.do("drag the resize handle", drag(hx, hy, hx+120, hy+80))
	ev = c.eventOf("shape.update")
	if ev.Op.W == nil || ev.Op.H == nil || ev.Op.X != nil {
		t.Fatalf("a resize sent %+v, want w and h only", ev.Op)
	}
	if *ev.Op.W < 300+80/zoom || *ev.Op.H < 200+50/zoom {
		t.Fatalf("the rectangle is %vx%v, want about %vx%v", *ev.Op.W, *ev.Op.H, 300+120/zoom, 200+80/zoom)
	}
	b.poll("Bo sees the new size", fmt.Sprintf(`document.querySelector('.shape[data-id="r1"]').style.width === '%dpx'`, int(*ev.Op.W)))

	// Drag the cluster by its name: its two notes go with it, as one event.
	x, y = center(t, a.ctx, `.cluster[data-id="k1"] .cluster-name`)
	a.do("drag the cluster", drag(x, y, x+40, y+240))
	ev = c.nextEvent().Event
	for ev.Op.Kind == "note.editing" {
		ev = c.nextEvent().Event
	}
	if ev.Op.Kind != "batch" || len(ev.Op.Ops) != 3 {
		t.Fatalf("want one batch (the cluster and its two notes), got %s with %d ops", ev.Op.Kind, len(ev.Op.Ops))
	}
	var dy float64
	moved := map[string]bool{}
	for _, o := range ev.Op.Ops {
		switch o.Kind {
		case "cluster.update":
			dy = *o.Y - 500
		case "note.move":
			moved[o.Note] = true
		}
	}
	if !moved["a"] || !moved["b"] || moved["out"] || dy < 150/zoom {
		t.Fatalf("the batch moved %v by %v, want a and b with the cluster by about %v", moved, dy, 240/zoom)
	}
	d := int(dy)
	b.poll("Bo sees the cluster and its notes moved together", fmt.Sprintf(`%s && %s && %s`,
		jsNoteAt("a", 140+int(*ev.Op.Ops[0].X)-100, 560+d), jsNoteAt("b", 420+int(*ev.Op.Ops[0].X)-100, 560+d), jsNoteAt("out", 900, 560)))

	// One Ctrl+Z puts all of it back.
	a.do("Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	b.poll("Bo sees the cluster and its notes back", fmt.Sprintf(`%s && %s && %s`,
		jsAt(`.cluster[data-id="k1"]`, 100, 500), jsNoteAt("a", 140, 560), jsNoteAt("b", 420, 560)))

	// By keyboard: arrows move the focused rectangle, Alt+arrows resize it.
	a.do("focus the rectangle", chromedp.Focus(chromedp.CSS(`.shape[data-id="r1"]`)))
	a.do("Alt+Right", chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierAlt)))
	ev = c.eventOf("shape.update")
	if ev.Op.W == nil || ev.Op.X != nil {
		t.Fatalf("Alt+Right sent %+v, want a resize", ev.Op)
	}
}

// fitAll shows the whole board in the tab and returns the zoom.
func fitAll(t *testing.T, b tab) float64 {
	t.Helper()
	b.do("fit to everything", chromedp.Click(chromedp.CSS(`#fit-all`)))
	return evalFloat(t, b.ctx, jsZoom)
}

// jsOpenDialog is true when the dialog with this id is open.
func jsOpenDialog(id string) string {
	return `!!document.getElementById(` + jsString(id) + `) && document.getElementById(` + jsString(id) + `).open`
}

func TestBrowserCanvasClusterNameDialog(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.note("a", "Buss", 100, 100)
	c.note("b", "Sykkel", 320, 100)

	a := c.open(newContext(), "Aud")
	a.poll("Aud sees the notes", `document.querySelectorAll('#canvas .note').length === 2`)
	x0, y0 := pagePoint(t, a.ctx, 80, 80)
	x1, y1 := pagePoint(t, a.ctx, 560, 300)
	a.do("Shift+drag a marquee", drag(x0, y0, x1, y1, shiftHeld))
	a.poll("two notes selected", `document.querySelectorAll('.note--multi').length === 2`)
	a.poll("the selection bar offers a cluster", `!!document.getElementById("sel-cluster")`)
	a.do("make a cluster", chromedp.Click(chromedp.CSS(`#sel-cluster`)))
	a.poll("the name dialog opens with its field focused", jsOpenDialog("cluster-dialog")+` && document.activeElement.id === 'cluster-dialog-field' && document.querySelector('label[for="cluster-dialog-field"]').textContent !== ''`)

	// Escape cancels: no cluster, the dialog is gone.
	a.do("Escape", chromedp.KeyEvent(kb.Escape))
	a.poll("cancelled", `!document.getElementById('cluster-dialog') && !document.querySelector('.cluster')`)

	a.do("make a cluster again", chromedp.Click(chromedp.CSS(`#sel-cluster`)))
	a.poll("the dialog is open", jsOpenDialog("cluster-dialog"))
	a.do("type a name, Enter", chromedp.SendKeys(chromedp.CSS(`#cluster-dialog-field`), "Transport\r"))
	ev := c.eventOf("cluster.create")
	if ev.Op.Name == nil || *ev.Op.Name != "Transport" {
		t.Fatalf("cluster.create named %v, want Transport", ev.Op.Name)
	}
	a.poll("the cluster is drawn with its name, and the dialog is closed", `!document.getElementById('cluster-dialog') && document.querySelector('.cluster .cluster-name').textContent === 'Transport'`)

	// Rename: Enter on the focused cluster opens the same dialog with the name.
	a.do("focus the cluster", chromedp.Focus(chromedp.CSS(`.cluster`)))
	a.do("F2", chromedp.KeyEvent(kb.F2))
	a.poll("the dialog holds the name", jsOpenDialog("cluster-dialog")+` && document.getElementById('cluster-dialog-field').value === 'Transport'`)
	a.poll("the name is selected, so typing replaces it", `document.activeElement.id === 'cluster-dialog-field' && document.activeElement.selectionEnd - document.activeElement.selectionStart === 'Transport'.length`)
	a.do("clear and rename", chromedp.SendKeys(chromedp.CSS(`#cluster-dialog-field`), "Kollektivt"), chromedp.Click(chromedp.CSS(`#cluster-dialog-save`)))
	ev = c.eventOf("cluster.update")
	if ev.Op.Name == nil || *ev.Op.Name != "Kollektivt" {
		t.Fatalf("cluster.update named %v, want Kollektivt", ev.Op.Name)
	}
	a.poll("focus is back on the cluster", `document.activeElement.classList.contains('cluster') && document.querySelector('.cluster .cluster-name').textContent === 'Kollektivt'`)
}

func TestBrowserCanvasConnectNoteToFrameAndEdit(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.frame("f1", "Næringsliv", 0, 0, 700, 500, "")
	c.op(map[string]any{"kind": "shape.create", "shape": "e1", "form": "ellipse", "x": 800, "y": 40, "w": 300, "h": 200})
	c.note("a", "Kommunen", 900, 400)

	a := c.open(newContext(), "Aud")
	b := c.open(newContext(), "Bo")
	a.poll("Aud sees the note", `document.querySelectorAll('#canvas .note').length === 1`)
	fitAll(t, a)

	// The note's panel lists every connectable item under its kind.
	a.do("open the note's panel", chromedp.Click(chromedp.CSS(`.note[data-id="a"] .note-open`)))
	a.poll("connect to lists the frame and the ellipse by kind", `[...document.querySelectorAll('#connect-to optgroup')].map(g => g.label + ':' + [...g.children].map(o => o.textContent).join('|')).join(';') === 'Rammer:Næringsliv;Former og tekster:Ellipse'`)
	a.do("connect to the frame", chromedp.SetValue(chromedp.CSS(`#connect-to`), "frame:f1"), chromedp.SendKeys(chromedp.CSS(`#connect-label`), "søker støtte"), chromedp.Click(chromedp.CSS(`#connect-send`)))
	ev := c.eventOf("connector.create")
	if ev.Op.From == nil || ev.Op.To == nil || ev.Op.From.Type != "note" || ev.Op.To.Type != "frame" || ev.Op.To.ID != "f1" {
		t.Fatalf("connector.create %+v %+v, want note a to frame f1", ev.Op.From, ev.Op.To)
	}
	id := ev.Op.Connector
	b.poll("Bo sees the arrow and its label", `document.querySelectorAll('line.connector').length === 1 && document.querySelector('.connector-label').textContent === 'søker støtte' && /^M[^M]+Z$/.test(document.querySelector('.connector-tips').getAttribute('d') || '')`)

	// From the panel's list (the keyboard path): change the label, switch to a plain line.
	a.poll("the panel lists the connector with Change", `!!document.querySelector('.connector-list .connector-edit') && document.querySelector('.connector-list .connector-edit').getAttribute('aria-label').includes('Næringsliv')`)
	a.do("Change", chromedp.Click(chromedp.CSS(`.connector-list .connector-edit`)))
	a.poll("the connector dialog is open, named by its ends, label focused", jsOpenDialog("connector-dialog")+` && document.getElementById('connector-dialog-h').textContent.includes('Kommunen') && document.activeElement.id === 'connector-label'`)
	a.do("relabel and restyle", chromedp.SendKeys(chromedp.CSS(`#connector-label`), "samarbeider med"), chromedp.SetValue(chromedp.CSS(`#connector-style`), "line"), chromedp.Click(chromedp.CSS(`#connector-save`)))
	ev = c.eventOf("connector.update")
	if ev.Op.Connector != id || ev.Op.Text == nil || *ev.Op.Text != "samarbeider med" || ev.Op.Style != "line" {
		t.Fatalf("connector.update %+v, want the new label and style line", ev.Op)
	}
	b.poll("Bo sees the new label and no arrow head", `document.querySelector('.connector-label').textContent === 'samarbeider med' && document.querySelector('line.connector').dataset.style === 'line' && !document.querySelector('.connector-tips').hasAttribute('d')`)
	a.poll("focus is back in the panel", `document.getElementById('note-panel').contains(document.activeElement)`)
	a.do("close the panel", chromedp.Click(chromedp.CSS(`#note-panel-close`)))

	// By pointer: a click on the label opens the same dialog; remove it.
	a.do("click the label", chromedp.Click(chromedp.CSS(`.connector-label`)))
	a.poll("the connector dialog is open", jsOpenDialog("connector-dialog"))
	a.do("remove", chromedp.Click(chromedp.CSS(`#connector-delete`)))
	ev = c.eventOf("connector.delete")
	if ev.Op.Connector != id {
		t.Fatalf("deleted %q, want %q", ev.Op.Connector, id)
	}
	b.poll("Bo sees it gone", `!document.querySelector('line.connector') && !document.querySelector('.connector-label')`)

	// By pointer: drag the ellipse's connect handle onto the note.
	a.do("focus the ellipse", chromedp.Focus(chromedp.CSS(`.shape[data-id="e1"]`)))
	x, y := center(t, a.ctx, `.shape[data-id="e1"] .item-connect`)
	nx, ny := center(t, a.ctx, `.note[data-id="a"] .note-text`)
	a.do("drag from the connect handle to the note", drag(x, y, nx, ny))
	ev = c.eventOf("connector.create")
	if ev.Op.From.Type != "shape" || ev.Op.From.ID != "e1" || ev.Op.To.Type != "note" || ev.Op.To.ID != "a" {
		t.Fatalf("connector.create %+v -> %+v, want shape e1 to note a", ev.Op.From, ev.Op.To)
	}
	b.poll("Bo sees the new arrow", `document.querySelectorAll('line.connector').length === 1`)

	// By keyboard from the ellipse: Tab to its connect button, Enter: the
	// dialog lists its connector and connects it to the frame.
	a.do("focus the ellipse's connect button", chromedp.Focus(chromedp.CSS(`.shape[data-id="e1"]`)), chromedp.KeyEvent(kb.Tab))
	a.poll("the connect button has focus and a name", `document.activeElement.classList.contains('item-connect') && document.activeElement.getAttribute('aria-label') === 'Koble «Ellipse» til …'`)
	a.do("Enter", chromedp.KeyEvent(kb.Enter))
	a.poll("the connect dialog lists the arrow to the note", jsOpenDialog("connect-dialog")+` && document.querySelector('#connect-dialog .connector-list').textContent.includes('Til «Kommunen»') && document.activeElement.id === 'connect-to'`)
	a.do("connect to the frame", chromedp.SetValue(chromedp.CSS(`#connect-to`), "frame:f1"), chromedp.Click(chromedp.CSS(`#connect-send`)))
	ev = c.eventOf("connector.create")
	if ev.Op.From.ID != "e1" || ev.Op.To.Type != "frame" || ev.Op.To.ID != "f1" {
		t.Fatalf("connector.create %+v -> %+v, want shape e1 to frame f1", ev.Op.From, ev.Op.To)
	}
	a.poll("the dialog lists both", `document.querySelectorAll('#connect-dialog .connector-list li').length === 2`)
	b.poll("Bo sees two arrows", `document.querySelectorAll('line.connector').length === 2`)
	a.do("Escape", chromedp.KeyEvent(kb.Escape))
	a.poll("closed, focus back on the connect button", `!document.getElementById('connect-dialog') && document.activeElement.classList.contains('item-connect')`)
}

func TestBrowserCanvasTwoPeopleEditOneNote(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	kari := MustJoin(t, c.m, c.w.Workshop.JoinCode, "Kari")
	ks := MustConnect(t, c.m, c.w.Workshop.ID, kari.Token, "", 0)
	ks.wireAck("n", `{"kind":"note.create","note":"n1","text":"Kafé","color":"yellow","x":100,"y":100}`)

	k := openBoard(t, newContext(), c.m, c.w.Workshop.ID, kari.Token)
	f := openBoard(t, newContext(), c.m, c.w.Workshop.ID, c.fac.Token)
	k.poll("Kari sees her note", `!!document.querySelector('.note[data-id="n1"]')`)
	f.poll("Frida sees it", `!!document.querySelector('.note[data-id="n1"]')`)

	// Kari writes in it: Frida sees who.
	k.do("Kari opens the editor", chromedp.DoubleClick(chromedp.CSS(`.note[data-id="n1"] .note-text`)))
	k.poll("the editor is open", `!!document.querySelector('.note[data-id="n1"] .note-editor')`)
	k.do("Kari types", chromedp.SendKeys(chromedp.CSS(`.note-editor`), " med uteservering"))
	f.poll("Frida sees Kari writing", `(document.querySelector('.note[data-id="n1"] .note-writing') || {}).textContent === 'Kari skriver …'`)

	// Frida's try to edit is refused with a message that says why.
	f.do("Frida double-clicks the note", chromedp.DoubleClick(chromedp.CSS(`.note[data-id="n1"] .note-text`)))
	f.poll("Frida is told Kari is writing, and no editor opens", `!document.getElementById('toast').hidden && document.getElementById('toast').textContent.includes('Kari skriver i denne lappen') && !document.querySelector('.note-editor')`)

	// Kari finishes: her text stands, and the lock is let go.
	k.do("Kari presses Enter", chromedp.KeyEvent(kb.Enter))
	ev := c.eventOf("note.edit")
	if ev.Op.Text == nil || *ev.Op.Text != "Kafé med uteservering" || ev.Actor != kari.Participant.ID {
		t.Fatalf("Kari's edit arrived as %+v", ev.Op)
	}
	f.poll("Frida sees Kari's text and nobody writing", `document.querySelector('.note[data-id="n1"] .note-text').textContent === 'Kafé med uteservering' && !document.querySelector('.note[data-id="n1"] .note-writing')`)

	// Now Frida may edit.
	f.do("Frida opens the editor", chromedp.DoubleClick(chromedp.CSS(`.note[data-id="n1"] .note-text`)))
	f.poll("the editor opens for Frida", `!!document.querySelector('.note[data-id="n1"] .note-editor')`)
	k.poll("Kari sees Frida writing", `(document.querySelector('.note[data-id="n1"] .note-writing') || {}).textContent === 'Frida skriver …'`)
	f.do("Frida types and saves", chromedp.SendKeys(chromedp.CSS(`.note-editor`), " og bibliotek"), chromedp.KeyEvent(kb.Enter))
	ev = c.eventOf("note.edit")
	if *ev.Op.Text != "Kafé med uteservering og bibliotek" || ev.Actor != c.fac.Participant.ID {
		t.Fatalf("Frida's edit arrived as %+v", ev.Op)
	}
	k.poll("Kari sees Frida's text", `document.querySelector('.note[data-id="n1"] .note-text').textContent === 'Kafé med uteservering og bibliotek'`)
}

// ctrlKey presses Ctrl+key as a person does, with the editing command the
// browser runs for it (copy, paste), which a headless browser only runs
// when told.
func ctrlKey(key, code string, keyCode int64, command string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		p := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeRawKeyDown, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, Modifiers: 2}
		if command != "" {
			p.Commands = []string{command}
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			return err
		}
		p.Type, p.Commands = input.DispatchKeyEventTypeKeyUp, nil
		_, err := chromedp.Call(ctx, input.DispatchKeyEvent, p)
		return err
	})
}

// batchOfCreates returns the texts and places of the notes a batch creates.
func batchOfCreates(t *testing.T, ev workshops.Event) (texts []string, xs, ys []float64) {
	t.Helper()
	if ev.Op.Kind != "batch" {
		t.Fatalf("want a batch, got %s", ev.Op.Kind)
	}
	for _, o := range ev.Op.Ops {
		if o.Kind != "note.create" {
			t.Fatalf("a %s in the paste", o.Kind)
		}
		texts = append(texts, *o.Text)
		xs = append(xs, *o.X)
		ys = append(ys, *o.Y)
	}
	return texts, xs, ys
}

func TestBrowserCanvasCopyPasteDuplicate(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowserWith(t, chromedp.Flag("enable-features", "ClipboardUnsanitizedContent"))
	c := newCanvasBoard(t)
	c.note("a", "Buss", 100, 100)
	c.note("b", "Sykkel", 320, 100)

	a := c.open(newContext(), "Aud")
	b := c.open(newContext(), "Bo")
	a.poll("Aud sees the notes", `document.querySelectorAll('#canvas .note').length === 2`)
	b.poll("Bo sees the notes", `document.querySelectorAll('#canvas .note').length === 2`)

	x0, y0 := pagePoint(t, a.ctx, 80, 80)
	x1, y1 := pagePoint(t, a.ctx, 560, 300)
	a.do("Shift+drag a marquee", drag(x0, y0, x1, y1, shiftHeld))
	a.poll("two notes selected", `document.querySelectorAll('.note--multi').length === 2`)

	// Ctrl+C, point at an empty place, Ctrl+V: copies arrive there on Bo's screen.
	a.do("Ctrl+C", ctrlKey("c", "KeyC", 67, "copy"))
	px, py := pagePoint(t, a.ctx, 400, 280)
	a.do("point at the place", chromedp.MouseEvent(chromedp.MouseMoved, px, py))
	a.do("Ctrl+V", ctrlKey("v", "KeyV", 86, "paste"))
	texts, xs, ys := batchOfCreates(t, c.eventOf("batch"))
	if len(texts) != 2 || texts[0] != "Buss" || texts[1] != "Sykkel" {
		t.Fatalf("pasted %q, want the two notes", texts)
	}
	// The first copy's middle lies under the pointer: its corner at (310, 210).
	if math.Abs(xs[0]-310) > 15 || math.Abs(ys[0]-210) > 15 || xs[1]-xs[0] != 220 {
		t.Fatalf("pasted at %v, %v: want the first near (310, 210) and the layout kept", xs, ys)
	}
	b.poll("Bo sees the copies", `document.querySelectorAll('#canvas .note').length === 4`)

	// Ctrl+D duplicates the selection (now the copies) beside it.
	a.poll("the copies are selected", `document.querySelectorAll('.note--multi').length === 2 && ![...document.querySelectorAll('.note--multi')].some(n => n.dataset.id === 'a')`)
	a.do("Ctrl+D", ctrlKey("d", "KeyD", 68, ""))
	texts, _, _ = batchOfCreates(t, c.eventOf("batch"))
	if len(texts) != 2 || texts[0] != "Buss" {
		t.Fatalf("duplicated %q", texts)
	}
	b.poll("Bo sees the duplicates", `document.querySelectorAll('#canvas .note').length === 6`)

	// Plain text from elsewhere: one note per line.
	// (copied from a text field, as from another program)
	a.poll("a text field from elsewhere, its text selected", `(() => { const ta = document.createElement('textarea'); ta.id = 'elsewhere'; ta.value = 'Første idé\n\n- Andre idé\nTredje idé'; document.body.append(ta); ta.focus(); ta.select(); return true; })()`)
	a.do("copy it", ctrlKey("c", "KeyC", 67, "copy"))
	a.poll("back on the board", `(document.getElementById('elsewhere').remove(), document.getElementById('board').focus(), document.activeElement.id === 'board')`)
	a.do("Ctrl+V", ctrlKey("v", "KeyV", 86, "paste"))
	texts, _, _ = batchOfCreates(t, c.eventOf("batch"))
	if strings.Join(texts, "|") != "Første idé|Andre idé|Tredje idé" {
		t.Fatalf("pasted text became %q", texts)
	}
	b.poll("Bo sees three new notes", `[...document.querySelectorAll('#canvas .note .note-text')].filter(n => n.textContent.endsWith(' idé')).length === 3`)
}

// TestBrowserCanvasConnectorFollowsDuringDrag: while a pointer carries a
// shape or a note, alone or as one of a cluster's, the item and the
// connector at it follow at once, not only when the drag ends.
func TestBrowserCanvasConnectorFollowsDuringDrag(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	c := newCanvasBoard(t)
	c.op(map[string]any{"kind": "cluster.create", "cluster": "k1", "name": "Trafikk", "x": 100, "y": 100, "w": 400, "h": 260})
	c.op(map[string]any{"kind": "shape.create", "shape": "s1", "form": "rect", "x": 100, "y": 600, "w": 200, "h": 120})
	c.note("a", "Buss", 140, 160)
	c.note("out", "Utenfor", 800, 160)
	end := func(typ, id string) map[string]any { return map[string]any{"type": typ, "id": id} }
	c.op(map[string]any{"kind": "connector.create", "connector": "c1", "from": end("note", "a"), "to": end("note", "out")})
	c.op(map[string]any{"kind": "connector.create", "connector": "c2", "from": end("shape", "s1"), "to": end("note", "out")})

	a := c.open(newContext(), "Aud")
	a.poll("Aud sees the connectors", `document.querySelectorAll('line.connector').length === 2`)
	fitAll(t, a)
	// Where a connector and an item are drawn: the line's ends, then the
	// item's corner, comma-separated.
	drawn := func(connector, item string) string {
		return `(() => { const l = document.querySelector('line.connector[data-id="` + connector + `"]'), r = document.querySelector(` + jsString(item) + `).getBoundingClientRect();` +
			` return l ? [l.getAttribute('x1'), l.getAttribute('y1'), l.getAttribute('x2'), l.getAttribute('y2'), Math.round(r.left), Math.round(r.top)].join(',') : ''; })()`
	}
	// Both the line and the item have left where they were.
	bothMoved := func(js, before string) string {
		return `(() => { const now = ` + js + `.split(','), then = ` + jsString(before) + `.split(',');` +
			` return now.length === 6 && now.slice(0, 4).join() !== then.slice(0, 4).join() && now.slice(4).join() !== then.slice(4).join(); })()`
	}

	for _, tc := range []struct {
		what, press, connector, item string
		event                        workshops.OpKind
		first                        chromedp.Action[chromedp.Void] // before the press
	}{
		{what: "the rectangle", press: `.shape[data-id="s1"]`, connector: "c2", item: `.shape[data-id="s1"]`, event: "shape.update"},
		{what: "the cluster (carrying note a)", press: `.cluster[data-id="k1"] .cluster-name`, connector: "c1", item: `.note[data-id="a"]`, event: "batch"},
		{what: "note out alone", press: `.note[data-id="out"] .note-text`, connector: "c1", item: `.note[data-id="out"]`, event: "note.move"},
		// Carrying a with out selected too: out, and the rectangle's
		// connector at it, go along.
		{what: "note out, selected with the carried note a", press: `.note[data-id="a"] .note-text`, connector: "c2", item: `.note[data-id="out"]`, event: "batch",
			first: chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				// A click selects out, Shift+click adds a.
				for _, id := range []string{"out", "a"} {
					x, y := center(t, ctx, `.note[data-id="`+id+`"] .note-text`)
					var opts []chromedp.MouseOption
					if id == "a" {
						opts = append(opts, shiftHeld)
					}
					if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y, opts...)); err != nil {
						return err
					}
				}
				return nil
			})},
	} {
		if tc.first != nil {
			a.do("before carrying "+tc.what, tc.first)
			a.poll("a and out are selected", `document.querySelectorAll('.note[data-id="a"].note--multi, .note[data-id="out"].note--multi').length === 2`)
		}
		js := drawn(tc.connector, tc.item)
		before, err := chromedp.Run(a.ctx, chromedp.Evaluate[string](js))
		if err != nil || before == "" {
			t.Fatalf("%s: %q, %v", tc.what, before, err)
		}
		x, y := center(t, a.ctx, tc.press)
		a.do("press and carry "+tc.what, pressAndMove(x, y, x+30, y+120))
		a.poll(tc.what+" and its connector move while it is carried", bothMoved(js, before))
		during, err := chromedp.Run(a.ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		a.do("let go", chromedp.MouseEvent(chromedp.MouseReleased, x+30, y+120, leftHeld, chromedp.ClickCount(1)))
		c.eventOf(tc.event)
		// Within a pixel: the op's coordinates are rounded.
		a.poll(tc.what+" and its connector stay where they were carried to",
			`(() => { const now = `+js+`.split(',').map(Number), then = `+jsString(during)+`.split(',').map(Number);`+
				` return now.length === then.length && now.every((v, i) => Math.abs(v - then[i]) <= 1); })()`)
	}
}
