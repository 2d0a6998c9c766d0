package server_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	_ "modernc.org/sqlite"

	"github.com/samskap/samskap/workshops"
)

// TestDeleteWorkshopLeavesNothing: the organiser deletes a workshop; its
// people are disconnected, nobody can join or resume, and a query of the
// database file (not the API) finds nothing of it, not even the bytes of
// a note.
func TestDeleteWorkshopLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir)
	w := MustCreateWorkshop(t, m)
	keep := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	c.next()
	const secret = "SLETTMEG-Aud-bor-i-Storgata-7"
	c.do("n1", `{"kind":"note.create","note":"n1","text":"`+secret+`","color":"yellow","x":0,"y":0}`)

	org := MustOrganiser(t, m)
	req, _ := http.NewRequest(http.MethodDelete, m.URL()+"/api/workshops/"+w.Workshop.ID, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("delete without the organiser: %v %v", err, resp)
	}
	resp, err := org.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %v", err, resp)
	}
	resp.Body.Close()
	if code := c.closeCode(); code != 4004 {
		t.Fatalf("a connected participant: close %d, want 4004", code)
	}
	body := fmt.Sprintf(`{"code":%q,"name":"Bo"}`, w.Workshop.JoinCode)
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, nil); status != http.StatusNotFound {
		t.Fatalf("joining a deleted workshop: %d", status)
	}
	again := MustDial(t, m, w.Workshop.ID)
	if code := again.closeCode(); code != 4004 {
		t.Fatalf("resuming on a deleted workshop: close %d", code)
	}
	if resp, _ := org.Do(req); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("deleting twice: %d", resp.StatusCode)
	}
	MustJoin(t, m, keep.Workshop.JoinCode, "Bo") // the other workshop lives
	m.Close()

	db, err := sql.Open("sqlite", filepath.Join(dir, "samskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`SELECT count(*) FROM workshops WHERE id = ?`,
		`SELECT count(*) FROM sessions WHERE workshop_id = ?`,
		`SELECT count(*) FROM events WHERE board_id = ?`,
		`SELECT count(*) FROM snapshots WHERE board_id = ?`,
		`SELECT count(*) FROM panel_signups WHERE workshop_id = ?`,
	} {
		var n int
		if err := db.QueryRow(q, w.Workshop.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s: %d rows, %v", q, n, err)
		}
	}
	db.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "samskap.db*"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte(secret)) {
			t.Fatalf("%s still holds the note's text", filepath.Base(f))
		}
	}
}

// TestDeleteWorkshopAcrossNodes: deleting on one node closes the board on
// the others too.
func TestDeleteWorkshopAcrossNodes(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		w := MustCreateWorkshop(t, c.nodes[0])
		a := MustJoin(t, c.nodes[1], w.Workshop.JoinCode, "Aud")
		ws := MustConnect(t, c.nodes[1], w.Workshop.ID, a.Token, "", 0)
		ws.next()
		req, _ := http.NewRequest(http.MethodDelete, c.nodes[0].URL()+"/api/workshops/"+w.Workshop.ID, nil)
		resp, err := MustOrganiser(t, c.nodes[0]).Do(req)
		if err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %v %v", err, resp)
		}
		if code := ws.closeCode(); code != 4004 {
			t.Fatalf("the other node's participant: close %d", code)
		}
		if _, err := be.store.Workshop(t.Context(), w.Workshop.ID); workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Fatalf("the store still has the workshop: %v", err)
		}
	})
}

// TestBrowserOrganiserDeletesWorkshop: the delete button on the start page
// asks, names the workshop, deletes it and updates the list.
func TestBrowserOrganiserDeletesWorkshop(t *testing.T) {
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	ctx := newContext()
	err := chromedp.Do(ctx,
		chromedp.Navigate(m.URL()+"/signin?token="+organiserToken),
		chromedp.WaitVisible(chromedp.CSS(`[data-delete="`+w.Workshop.ID+`"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Answer the confirmation as a person would, and remember the question.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = (q) => { window.__asked = q; return true; }, true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-delete="`+w.Workshop.ID+`"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`!document.querySelector('[data-delete]') && document.querySelector('#workshop-list').textContent.length > 0`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the workshop stayed in the list: %v", err)
	}
	asked, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__asked || ''`))
	if !strings.Contains(asked, w.Workshop.Title) {
		t.Fatalf("the question %q does not name the workshop", asked)
	}
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", fmt.Sprintf(`{"code":%q,"name":"Bo"}`, w.Workshop.JoinCode), nil); status != http.StatusNotFound {
		t.Fatalf("joining the deleted workshop: %d", status)
	}
}

// The retention tests (per-workshop deletion dates, an injected clock, a
// query of the file afterwards) are in privacy_test.go.
