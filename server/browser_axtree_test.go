package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// axItem is one node of Chromium's accessibility tree, in reading order.
type axItem struct{ role, name string }

// axTree returns the page's accessibility tree (CDP
// Accessibility.getFullAXTree) in the order a screen reader reads it: a
// depth-first walk from the root, leaving out ignored nodes.
func axTree(t *testing.T, ctx context.Context) []axItem {
	t.Helper()
	var nodes []*accessibility.Node
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		nodes = res.Nodes
		return err
	})); err != nil {
		t.Fatal(err)
	}
	byID := map[accessibility.NodeID]*accessibility.Node{}
	var root *accessibility.Node
	for _, n := range nodes {
		byID[n.NodeID] = n
		if n.ParentID == "" && root == nil {
			root = n
		}
	}
	str := func(v *accessibility.Value) string {
		if v == nil || len(v.Value) == 0 {
			return ""
		}
		var s string
		if json.Unmarshal([]byte(v.Value), &s) != nil {
			return ""
		}
		return s
	}
	var out []axItem
	var walk func(n *accessibility.Node)
	walk = func(n *accessibility.Node) {
		if n == nil {
			return
		}
		if !n.Ignored {
			out = append(out, axItem{str(n.Role), strings.TrimSpace(str(n.Name))})
		}
		for _, c := range n.ChildIDs {
			walk(byID[c])
		}
	}
	walk(root)
	return out
}

// TestBrowserListViewAXTree checks the list view as a screen reader gets it
// from Chromium's accessibility tree (no NVDA, VoiceOver or TalkBack runs
// here): under each frame's heading, every note's label (its colour and
// author), its text, its votes, and its actions, each a button named with
// the note's text (not its author), in reading order.
func TestBrowserListViewAXTree(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustConnect(t, m, w.Workshop.ID, MustFacilitate(t, m, w, "Fride").Token, "", 0)
	fac.do("f1", `{"kind":"frame.create","frame":"f1","title":"Hva liker du best?","x":0,"y":0,"w":1000,"h":600}`)
	fac.do("f2", `{"kind":"frame.create","frame":"f2","title":"Hva mangler?","x":0,"y":700,"w":1000,"h":600}`)
	fac.do("n1", `{"kind":"note.create","note":"n1","text":"Benken ved kaia","color":"yellow","x":40,"y":80}`)
	fac.do("n2", `{"kind":"note.create","note":"n2","text":"Lys langs stien","color":"blue","x":400,"y":80}`)
	fac.do("n3", `{"kind":"note.create","note":"n3","text":"Et sted å sitte i le","color":"green","x":40,"y":780}`)

	ctx := newContext()
	do, poll := tab{t, ctx, 20 * time.Second}.do, tab{t, ctx, 20 * time.Second}.poll
	do("phone", chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	do("join", chromedp.Navigate(m.URL()+"/j/"+w.Workshop.JoinCode))
	poll("join page", `!!document.getElementById('join-name')`)
	do("join", chromedp.SendKeys(chromedp.CSS(`#join-name`), "Ola"), chromedp.Click(chromedp.CSS(`#join-submit`)))
	poll("list", `!document.getElementById('note-list').hidden && !document.getElementById('composer').hidden`)
	do("Ola writes", chromedp.SendKeys(chromedp.CSS(`#composer-text`), "Tak over benken"), chromedp.Click(chromedp.CSS(`#composer-save`)))
	fac.do("vo", `{"kind":"vote.open","vote":"v1","budget":3}`)
	poll("Ola's note saved, the vote open", `document.querySelectorAll('.list-note').length === 4 && !document.querySelector('.note-badge--unsaved') && document.querySelectorAll('[data-key^="vote:"]').length === 4`)
	do("Ola votes", chromedp.Click(chromedp.CSS(`[data-key="vote:n1"]`)))
	poll("the dot shows", `!!document.querySelector('[data-key="unvote:n1"]')`)
	do("leave the form", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	// The order the list shows (readingOrder, tested in the node tests):
	// frame headings and the notes' texts under each.
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll('#list-notes > .list-frame')].map(f =>
		[f.querySelector('.list-frame-title').textContent, [...f.querySelectorAll('.list-note-text')].map(e => e.textContent)]))`))
	if err != nil {
		t.Fatal(err)
	}
	var order [][2]json.RawMessage
	if err := json.Unmarshal([]byte(shown), &order); err != nil {
		t.Fatal(err)
	}
	tree := axTree(t, ctx)
	pos := 0
	// expect finds the next node with role and name at or after pos.
	expect := func(what, role, name string) {
		t.Helper()
		for i := pos; i < len(tree); i++ {
			if tree[i].role == role && tree[i].name == name {
				pos = i + 1
				return
			}
		}
		var near []string
		for i := pos; i < len(tree) && i < pos+30; i++ {
			near = append(near, tree[i].role+":"+tree[i].name)
		}
		t.Fatalf("%s: no %s named %q after position %d; next: %s", what, role, name, pos, strings.Join(near, " | "))
	}
	type noteWant struct {
		text, label string
		mine, voted bool
	}
	want := map[string]noteWant{
		"Benken ved kaia":      {label: "Gul lapp fra Fride:", voted: true},
		"Lys langs stien":      {label: "Blå lapp fra Fride:"},
		"Et sted å sitte i le": {label: "Grønn lapp fra Fride:"},
		"Tak over benken":      {label: "Gul lapp fra Ola:", mine: true},
	}
	type frameWant struct {
		heading string
		notes   []string
	}
	var frames []frameWant
	seen := 0
	for _, f := range order {
		var fw frameWant
		if json.Unmarshal(f[0], &fw.heading) != nil || json.Unmarshal(f[1], &fw.notes) != nil {
			t.Fatalf("list order: %s", shown)
		}
		seen += len(fw.notes)
		frames = append(frames, fw)
	}
	if len(frames) != 2 || frames[0].heading != "Ramme: Hva liker du best?" || seen != 4 {
		t.Fatalf("the list shows %s", shown)
	}
	expect("the list's heading", "heading", "Lappene i leserekkefølge")
	for _, f := range frames {
		expect("frame", "heading", f.heading)
		for _, text := range f.notes {
			n := want[text]
			n.text = text
			expect("label of "+n.text, "StaticText", n.label)
			expect("text", "StaticText", n.text)
			if n.voted {
				expect("my dot on "+n.text, "StaticText", "Du har gitt 1 prikk")
			}
			expect("vote on "+n.text, "button", "Stem på «"+n.text+"»")
			if n.voted {
				expect("take back", "button", "Ta tilbake en prikk fra «"+n.text+"»")
			}
			if n.mine {
				expect("change", "button", "Endre «"+n.text+"»")
				expect("delete", "button", "Slett «"+n.text+"»")
			}
			expect("show", "button", "Vis på tavla: «"+n.text+"»")
		}
	}
	// Every button in the list has a name, and none names an author.
	for _, it := range tree {
		if it.role == "button" && it.name == "" {
			t.Errorf("a button without a name")
		}
		if it.role == "button" && (strings.Contains(it.name, "Fride") || strings.Contains(it.name, "Ola")) {
			t.Errorf("button %q names a person", it.name)
		}
	}
	t.Logf("accessibility tree: %d nodes; the list's %d notes read in order", len(tree), 4)
}
