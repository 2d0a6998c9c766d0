package server_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/client"
	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// call sends a request with an optional bearer token and JSON body and
// returns the status and the body.
func call(t *testing.T, c *http.Client, method, url, token, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// wantError checks an API answer: the status and the error code.
func wantError(t *testing.T, what string, status int, body []byte, wantStatus int, wantCode string) {
	t.Helper()
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal(body, &e)
	if status != wantStatus || e.Error.Code != wantCode {
		t.Fatalf("%s: %d %s, want %d %s", what, status, body, wantStatus, wantCode)
	}
}

// openDB opens a stopped server's SQLite file for queries.
func openDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "samskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// workshopRows counts every row of a workshop in every table that holds
// workshop data.
func workshopRows(t *testing.T, db *sql.DB, id string) map[string]int {
	t.Helper()
	return map[string]int{
		"workshops":     count(t, db, `SELECT count(*) FROM workshops WHERE id = ?`, id),
		"sessions":      count(t, db, `SELECT count(*) FROM sessions WHERE workshop_id = ?`, id),
		"events":        count(t, db, `SELECT count(*) FROM events WHERE board_id = ?`, id),
		"snapshots":     count(t, db, `SELECT count(*) FROM snapshots WHERE board_id = ?`, id),
		"panel_signups": count(t, db, `SELECT count(*) FROM panel_signups WHERE workshop_id = ?`, id),
	}
}

func panelBody(name, email, phone string) string {
	b, _ := json.Marshal(map[string]any{"name": name, "email": email, "phone": phone, "consent": true,
		"consentVersion": workshops.PanelConsentVersion, "lang": "nb"})
	return string(b)
}

// TestRetentionPerWorkshop: every workshop gets a deletion date when it is
// created; a facilitator moves it (and nobody else may, nor to a date out
// of bounds); the sweep, with an injected clock, deletes each workshop
// after its own date, and a query of the database file finds nothing of
// it in any table.
func TestRetentionPerWorkshop(t *testing.T) {
	day := 24 * time.Hour
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	now := t0
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	dir := t.TempDir()
	m := MustStartWith(t, dir, func(m *server.Main) {
		m.Now = clock
		m.Config.Retention = 30 * day
	})
	old := MustCreateWorkshop(t, m)
	if want := t0.Add(30 * day); !old.Workshop.DeleteAfter.Equal(want) {
		t.Fatalf("a new workshop's deletion date: %v, want %v", old.Workshop.DeleteAfter, want)
	}
	oldPart := MustJoin(t, m, old.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, old.Workshop.ID, oldPart.Token, "", 0)
	c.next()
	c.do("n1", `{"kind":"note.create","note":"n1","text":"Aud bor i Storgata 7","color":"yellow","x":0,"y":0}`)
	if status, body := call(t, http.DefaultClient, http.MethodPut, m.URL()+"/api/workshops/"+old.Workshop.ID+"/panel/me",
		oldPart.Token, panelBody("Aud Andersen", "aud@example.no", "")); status != http.StatusOK {
		t.Fatalf("panel signup: %d %s", status, body)
	}

	advance(20 * day)
	young := MustCreateWorkshop(t, m)
	kept := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, young, "Fasilitator")
	youngPart := MustJoin(t, m, young.Workshop.JoinCode, "Bo")
	url := m.URL() + "/api/workshops/" + young.Workshop.ID + "/delete-after"
	at := func(d time.Time) string { return fmt.Sprintf(`{"deleteAfter":%q}`, d.Format(time.RFC3339)) }

	// Wrong people and wrong dates change nothing.
	status, body := call(t, http.DefaultClient, http.MethodPut, url, youngPart.Token, at(now.Add(5*day)))
	wantError(t, "a participant moves the date", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	status, body = call(t, http.DefaultClient, http.MethodPut, url, oldPart.Token, at(now.Add(5*day)))
	wantError(t, "another workshop's session", status, body, http.StatusUnauthorized, workshops.EUNAUTHORIZED)
	status, body = call(t, http.DefaultClient, http.MethodPut, url, "", at(now.Add(5*day)))
	wantError(t, "no session", status, body, http.StatusUnauthorized, workshops.EUNAUTHORIZED)
	for name, bad := range map[string]string{
		"in the past":         at(now.Add(-time.Hour)),
		"ten years ahead":     at(now.Add(3650 * day)),
		"missing":             `{}`,
		"not a date":          `{"deleteAfter":"neste tirsdag"}`,
		"an extra field":      `{"deleteAfter":"2027-01-01T00:00:00Z","keep":true}`,
		"null":                `{"deleteAfter":null}`,
		"a date without time": `{"deleteAfter":"2026-12-24"}`,
	} {
		status, _ := call(t, http.DefaultClient, http.MethodPut, url, fac.Token, bad)
		if status != http.StatusBadRequest {
			t.Errorf("a date %s: status %d, want 400", name, status)
		}
	}
	// The facilitator moves it closer: 5 days from now, 25 from t0.
	status, body = call(t, http.DefaultClient, http.MethodPut, url, fac.Token, at(now.Add(5*day)))
	if status != http.StatusOK {
		t.Fatalf("the facilitator moves the date: %d %s", status, body)
	}
	var moved struct{ Workshop workshops.Workshop }
	json.Unmarshal(body, &moved)
	if !moved.Workshop.DeleteAfter.Equal(t0.Add(25 * day)) {
		t.Fatalf("the answer says %v", moved.Workshop.DeleteAfter)
	}
	// Whoever opens the board now is told the new date.
	welcome := MustDial(t, m, young.Workshop.ID)
	welcome.sendJSON(map[string]any{"type": "hello", "token": fac.Token})
	if got := welcome.next(); !got.Workshop.DeleteAfter.Equal(t0.Add(25 * day)) {
		t.Fatalf("welcome says the workshop is deleted after %v", got.Workshop.DeleteAfter)
	}
	// The organiser's list shows each date.
	var list struct{ Workshops []workshops.Workshop }
	resp, err := MustOrganiser(t, m).Get(m.URL() + "/api/workshops")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	dates := map[string]time.Time{}
	for _, w := range list.Workshops {
		dates[w.ID] = w.DeleteAfter
	}
	if !dates[old.Workshop.ID].Equal(t0.Add(30*day)) || !dates[young.Workshop.ID].Equal(t0.Add(25*day)) ||
		!dates[kept.Workshop.ID].Equal(t0.Add(50*day)) {
		t.Fatalf("the list's dates: %v", dates)
	}

	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 0 {
		t.Fatalf("sweep before any date: %d, %v", n, err)
	}
	advance(6 * day) // t0 + 26 days: past the young one's own date only
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 1 {
		t.Fatalf("sweep at day 26: %d deleted, %v; want 1", n, err)
	}
	if status, _ := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/join", "", fmt.Sprintf(`{"code":%q,"name":"Cai"}`, young.Workshop.JoinCode)); status != http.StatusNotFound {
		t.Fatalf("joining the deleted workshop: %d", status)
	}
	MustJoin(t, m, old.Workshop.JoinCode, "Cai") // not yet
	advance(5 * day)                             // day 31
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 1 {
		t.Fatalf("sweep at day 31: %d deleted, %v; want 1", n, err)
	}
	if code := c.closeCode(); code != server.CloseNotFound {
		t.Fatalf("a participant of the expired workshop: close %d", code)
	}
	MustJoin(t, m, kept.Workshop.JoinCode, "Dag")
	m.Close()

	db := openDB(t, dir)
	for _, id := range []string{old.Workshop.ID, young.Workshop.ID} {
		for table, n := range workshopRows(t, db, id) {
			if n != 0 {
				t.Errorf("%s still has %d rows of an expired workshop", table, n)
			}
		}
	}
	if n := count(t, db, `SELECT count(*) FROM events WHERE op LIKE '%Storgata%'`); n != 0 {
		t.Errorf("%d events still hold the note", n)
	}
	if rows := workshopRows(t, db, kept.Workshop.ID); rows["workshops"] != 1 || rows["events"] == 0 {
		t.Errorf("the workshop within its date lost data: %v", rows)
	}
}

// TestRetentionOffAndLegacy: with -retention 0 a workshop has no date until
// a facilitator gives it one, and the sweep keeps it until then; a workshop
// stored without a date while retention is on gets creation + retention.
func TestRetentionOffAndLegacy(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	dir := t.TempDir()
	m := MustStartWith(t, dir, func(m *server.Main) {
		m.Now = clock
		m.Config.Retention = 0
	})
	w := MustCreateWorkshop(t, m)
	legacy := MustCreateWorkshop(t, m)
	if !w.Workshop.DeleteAfter.IsZero() {
		t.Fatalf("with retention 0 a workshop got a date: %v", w.Workshop.DeleteAfter)
	}
	mu.Lock()
	now = now.Add(5000 * time.Hour)
	mu.Unlock()
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 0 {
		t.Fatalf("sweep with retention 0: %d, %v", n, err)
	}
	body := fmt.Sprintf(`{"deleteAfter":%q}`, now.Add(time.Hour).Format(time.RFC3339))
	if status, b := call(t, MustOrganiser(t, m), http.MethodPut, m.URL()+"/api/workshops/"+w.Workshop.ID+"/delete-after", "", body); status != http.StatusOK {
		t.Fatalf("setting a date: %d %s", status, b)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	// The server's own sweep wakes when a date is set and may get there
	// first: the workshop must be gone, by one sweep or the other.
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n > 1 {
		t.Fatalf("sweep after the facilitator's date: %d, %v", n, err)
	}
	waitFor(t, "the workshop past the facilitator's date is deleted", func() bool {
		status, _ := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/join", "", fmt.Sprintf(`{"code":%q,"name":"Cai"}`, w.Workshop.JoinCode))
		return status == http.StatusNotFound
	})
	m.Close()

	// The operator turns retention on: the workshop without a date gets
	// creation + retention, and goes when that has passed.
	m = MustStartWith(t, dir, func(m *server.Main) {
		m.Now = clock
		m.Config.Retention = 400 * 24 * time.Hour
	})
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 0 {
		t.Fatalf("sweep of a workshop that got its date now: %d, %v", n, err)
	}
	var list struct{ Workshops []workshops.Workshop }
	resp, err := MustOrganiser(t, m).Get(m.URL() + "/api/workshops")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Workshops) != 1 || !list.Workshops[0].DeleteAfter.Equal(legacy.Workshop.CreatedAt.Add(400*24*time.Hour)) {
		t.Fatalf("the workshop without a date: %+v", list.Workshops)
	}
	mu.Lock()
	now = now.Add(200 * 24 * time.Hour) // 5000 h + 200 days after its creation
	mu.Unlock()
	if n, err := m.Server().SweepExpired(t.Context()); err != nil || n != 1 {
		t.Fatalf("sweep after creation + retention: %d, %v", n, err)
	}
}

// TestRegenerateJoinCode: the old code stops working at once, the new one
// works and is what the board tells facilitators; people already in stay.
func TestRegenerateJoinCode(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	other := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fasilitator")
	otherFac := MustFacilitate(t, m, other, "Annen")
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	ca := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	ca.next()
	url := m.URL() + "/api/workshops/" + w.Workshop.ID + "/join-code"

	status, body := call(t, http.DefaultClient, http.MethodPost, url, aud.Token, "")
	wantError(t, "a participant", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	status, body = call(t, http.DefaultClient, http.MethodPost, url, otherFac.Token, "")
	wantError(t, "another workshop's facilitator", status, body, http.StatusUnauthorized, workshops.EUNAUTHORIZED)
	MustJoin(t, m, w.Workshop.JoinCode, "Still works") // nothing changed

	status, body = call(t, http.DefaultClient, http.MethodPost, url, fac.Token, "")
	var got struct {
		Workshop workshops.Workshop
		JoinURL  string
	}
	json.Unmarshal(body, &got)
	code := got.Workshop.JoinCode
	if status != http.StatusOK || code == "" || code == w.Workshop.JoinCode || got.JoinURL != "/j/"+code {
		t.Fatalf("regenerate: %d %s", status, body)
	}
	status, body = call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/join", "", fmt.Sprintf(`{"code":%q,"name":"Bo"}`, w.Workshop.JoinCode))
	wantError(t, "the old code", status, body, http.StatusNotFound, workshops.ENOTFOUND)
	MustJoin(t, m, code, "Bo")
	c := MustDial(t, m, w.Workshop.ID)
	c.sendJSON(map[string]any{"type": "hello", "token": fac.Token})
	if welcome := c.next(); welcome.Workshop.JoinCode != code {
		t.Fatalf("the board still tells the code %q", welcome.Workshop.JoinCode)
	}
	// The organiser may do it too; Aud was never disconnected.
	if status, _ := call(t, MustOrganiser(t, m), http.MethodPost, url, "", ""); status != http.StatusOK {
		t.Fatalf("the organiser regenerates: %d", status)
	}
	ca.do("still-here", `{"kind":"note.create","note":"s","text":"her","color":"blue","x":0,"y":0}`)
}

// TestEndWorkshop: ending closes joining for good, closes the board to
// every participant (connected ones are told and closed; their tokens
// open no socket afterwards) but leaves them the right to withdraw (see
// and withdraw their panel signup, "delete my notes and leave", but not
// sign up anew), and leaves the board to the facilitators, read-only, to
// read and export. Ending again is harmless.
func TestEndWorkshop(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fasilitator")
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	var obs joined
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", fmt.Sprintf(`{"code":%q,"name":"Olav","role":"observer"}`, w.Workshop.JoinCode), &obs); status != http.StatusOK {
		t.Fatalf("observer join: %d", status)
	}
	cf := MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0)
	cf.next()
	ca := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	ca.next()
	co := MustConnect(t, m, w.Workshop.ID, obs.Token, "", 0)
	co.next()
	ca.do("n1", `{"kind":"note.create","note":"n1","text":"en idé","color":"yellow","x":0,"y":0}`)
	me := m.URL() + "/api/workshops/" + w.Workshop.ID + "/panel/me"
	if status, body := call(t, http.DefaultClient, http.MethodPut, me, obs.Token, panelBody("Olav Panel", "olav@example.no", "")); status != http.StatusOK {
		t.Fatalf("the observer signs up: %d %s", status, body)
	}
	url := m.URL() + "/api/workshops/" + w.Workshop.ID + "/end"

	status, body := call(t, http.DefaultClient, http.MethodPost, url, aud.Token, "")
	wantError(t, "a participant ends it", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	if status, body := call(t, http.DefaultClient, http.MethodPost, url, fac.Token, ""); status != http.StatusOK {
		t.Fatalf("end: %d %s", status, body)
	}
	for name, c := range map[string]*wsClient{"the participant": ca, "the observer": co} {
		if e := c.expectKind(workshops.OpBoardEnd); e.Event.Op.Kind != workshops.OpBoardEnd {
			t.Fatalf("%s got %+v, want the board.end event", name, e)
		}
		if code := c.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("%s: close %d, want 4003", name, code)
		}
	}
	if e := cf.expectKind(workshops.OpBoardEnd); e.Event.Op.Kind != workshops.OpBoardEnd {
		t.Fatalf("the facilitator got %+v", e)
	}
	// Nobody gets back in, nobody new comes.
	for _, tok := range []string{aud.Token, obs.Token} {
		again := MustDial(t, m, w.Workshop.ID)
		again.sendJSON(map[string]any{"type": "hello", "token": tok})
		if code := again.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("a participant's session after the end: close %d", code)
		}
		status, body := call(t, http.DefaultClient, http.MethodPut, me, tok, panelBody("Ny Påmelding", "ny@example.no", ""))
		wantError(t, "a panel signup after the end", status, body, http.StatusConflict, workshops.ECLOSED)
	}
	// The right to withdraw holds after the end.
	if status, body := call(t, http.DefaultClient, http.MethodGet, me, obs.Token, ""); status != http.StatusOK || !strings.Contains(string(body), "olav@example.no") {
		t.Fatalf("the observer sees their signup after the end: %d %s", status, body)
	}
	if status, body := call(t, http.DefaultClient, http.MethodDelete, me, obs.Token, ""); status != http.StatusNoContent {
		t.Fatalf("the observer withdraws after the end: %d %s", status, body)
	}
	if status, body := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/workshops/"+w.Workshop.ID+"/leave", aud.Token, ""); status != http.StatusNoContent {
		t.Fatalf("the participant deletes their notes after the end: %d %s", status, body)
	}
	if e := cf.expectKind(workshops.OpParticipantErase); e.Event.Op.Person != aud.Participant.ID {
		t.Fatalf("the facilitator saw %+v", e)
	}
	status, body = call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/join", "", fmt.Sprintf(`{"code":%q,"name":"Sein"}`, w.Workshop.JoinCode))
	wantError(t, "joining after the end", status, body, http.StatusNotFound, workshops.ENOTFOUND)
	status, body = call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/workshops/"+w.Workshop.ID+"/join-code", fac.Token, "")
	wantError(t, "a new join code after the end", status, body, http.StatusConflict, workshops.ECLOSED)

	// The facilitator still reads the board, changes nothing, exports.
	cf.sendRaw(`{"type":"op","id":"late","op":{"kind":"board.rename","title":"Ny tittel"}}`)
	if e := cf.expect("error", "late"); e.Code != workshops.ECLOSED {
		t.Fatalf("a change after the end: %+v", e)
	}
	fresh := MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0)
	if snap := fresh.next(); snap.Type != "snapshot" || !snap.Board.Ended || len(snap.Board.Notes) != 0 { // the leaver's note went
		t.Fatalf("the facilitator's board after the end: %+v", snap)
	}
	co2 := MustFacilitate(t, m, w, "Medfasilitator") // the facilitator link still works
	if status, _, _ := getExport(t, http.DefaultClient, m.URL()+"/api/workshops/"+w.Workshop.ID+"/export/csv", co2.Token); status != http.StatusOK {
		t.Fatalf("export after the end: %d", status)
	}
	if status, body := call(t, http.DefaultClient, http.MethodPost, url, fac.Token, ""); status != http.StatusOK {
		t.Fatalf("ending again: %d %s", status, body)
	}
}

// TestLeaveTakesMyNotes: "delete my notes and leave" deletes the person's
// notes through the log (everyone sees them go), ends their session, and
// leaves neither the text nor their name in the stored log or snapshots;
// the board loads the same after a restart.
func TestLeaveTakesMyNotes(t *testing.T) {
	dir := t.TempDir()
	m := MustStart(t, dir, func(h *server.Hub) { h.SnapshotEvery = 3 })
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fasilitator")
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud Hemmelignavn")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	ca.next()
	cb := MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	cb.next()
	const secret = "HEMMELIG-tlf-98765432"
	ca.do("a1", `{"kind":"note.create","note":"a1","text":"`+secret+`","color":"yellow","x":0,"y":0}`)
	ca.do("a2", `{"kind":"note.create","note":"a2","text":"andre","color":"pink","x":300,"y":0}`)
	ca.do("a3", `{"kind":"note.edit","note":"a2","text":"andre `+secret+`"}`)
	cb.do("b1", `{"kind":"note.create","note":"b1","text":"Bos lapp","color":"blue","x":600,"y":0}`)

	leave := m.URL() + "/api/workshops/" + w.Workshop.ID + "/leave"
	status, body := call(t, http.DefaultClient, http.MethodPost, leave, fac.Token, "")
	wantError(t, "a facilitator leaves", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	status, body = call(t, http.DefaultClient, http.MethodPost, leave, "not-a-token", "")
	wantError(t, "no session", status, body, http.StatusUnauthorized, workshops.EUNAUTHORIZED)
	if status, body := call(t, http.DefaultClient, http.MethodPost, leave, aud.Token, ""); status != http.StatusNoContent {
		t.Fatalf("leave: %d %s", status, body)
	}
	if e := cb.expectKind(workshops.OpParticipantErase); e.Event.Op.Person != aud.Participant.ID {
		t.Fatalf("the other participant got %+v", e)
	}
	if code := ca.closeCode(); code != server.CloseUnauthorized {
		t.Fatalf("the leaver's connection: close %d", code)
	}
	status, body = call(t, http.DefaultClient, http.MethodPost, leave, aud.Token, "")
	wantError(t, "the leaver's token afterwards", status, body, http.StatusUnauthorized, workshops.EUNAUTHORIZED)
	check := func(when string, snap msg) {
		t.Helper()
		for _, n := range snap.Board.Notes {
			if n.Author == aud.Participant.ID && !n.Deleted {
				t.Errorf("%s: the leaver's note %s is on the board", when, n.ID)
			}
			if n.ID == "b1" && (n.Deleted || n.Text != "Bos lapp") {
				t.Errorf("%s: the other participant's note changed: %+v", when, n)
			}
		}
	}
	check("a new connection", MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0).next())
	if bytes.Contains(MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0).messageBytes(t), []byte("Hemmelignavn")) {
		t.Error("the facilitator's snapshot still names the leaver")
	}
	m.Close()

	db := openDB(t, dir)
	for _, s := range []string{secret, "Hemmelignavn"} {
		if n := count(t, db, `SELECT count(*) FROM events WHERE op LIKE ?`, "%"+s+"%"); n != 0 {
			t.Errorf("%d events still hold %q", n, s)
		}
		if n := count(t, db, `SELECT count(*) FROM snapshots WHERE CAST(state AS TEXT) LIKE ?`, "%"+s+"%"); n != 0 {
			t.Errorf("%d snapshots still hold %q", n, s)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE participant_id = ?`, aud.Participant.ID); n != 0 {
		t.Errorf("the leaver still has %d sessions", n)
	}
	db.Close()

	// The redacted log loads, and Bo's note is there.
	m2 := MustStart(t, dir)
	check("after a restart", MustConnect(t, m2, w.Workshop.ID, bo.Token, "", 0).next())
}

// expectKind reads until an event of the given kind, which it returns.
func (c *wsClient) expectKind(kind workshops.OpKind) msg {
	c.tb.Helper()
	for {
		if m := c.expect("event", ""); m.Event.Op.Kind == kind {
			return m
		}
	}
}

// messageBytes reads the next message (a snapshot) and returns everything
// received so far.
func (c *wsClient) messageBytes(t *testing.T) []byte {
	t.Helper()
	c.next()
	return c.received()
}

// TestFacilitatorErasesParticipant: a facilitator deletes one participant's
// data; only facilitators may, not of a facilitator, and also after the
// workshop ended.
func TestFacilitatorErasesParticipant(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fasilitator")
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	ca.next()
	cb := MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	cb.next()
	cb.do("b1", `{"kind":"note.create","note":"b1","text":"Bos lapp","color":"blue","x":0,"y":0}`)
	erase := func(person string) string {
		return m.URL() + "/api/workshops/" + w.Workshop.ID + "/people/" + person + "/erase"
	}
	status, body := call(t, http.DefaultClient, http.MethodPost, erase(bo.Participant.ID), aud.Token, "")
	wantError(t, "a participant erases another", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	status, body = call(t, http.DefaultClient, http.MethodPost, erase("nobody"), fac.Token, "")
	wantError(t, "erasing nobody", status, body, http.StatusNotFound, workshops.ENOTFOUND)
	status, body = call(t, http.DefaultClient, http.MethodPost, erase(fac.Participant.ID), fac.Token, "")
	wantError(t, "erasing a facilitator", status, body, http.StatusForbidden, workshops.EFORBIDDEN)

	if status, body := call(t, http.DefaultClient, http.MethodPost, erase(bo.Participant.ID), fac.Token, ""); status != http.StatusNoContent {
		t.Fatalf("erase: %d %s", status, body)
	}
	if e := ca.expectKind(workshops.OpParticipantErase); e.Event.Op.Person != bo.Participant.ID {
		t.Fatalf("the others got %+v", e)
	}
	if code := cb.closeCode(); code != server.CloseUnauthorized {
		t.Fatalf("the erased participant: close %d", code)
	}
	// Again is harmless (it completes an erasure a failure left half done).
	if status, _ := call(t, http.DefaultClient, http.MethodPost, erase(bo.Participant.ID), fac.Token, ""); status != http.StatusNoContent {
		t.Fatalf("erasing again: %d", status)
	}
	// After the end, too.
	if status, _ := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/workshops/"+w.Workshop.ID+"/end", fac.Token, ""); status != http.StatusOK {
		t.Fatal("end")
	}
	if status, body := call(t, MustOrganiser(t, m), http.MethodPost, erase(aud.Participant.ID), "", ""); status != http.StatusNoContent {
		t.Fatalf("the organiser erases after the end: %d %s", status, body)
	}
}

// TestCitizenPanel: a participant opts in with contact details, which are
// kept apart from the board: never in the log, on the wire to others, in
// board exports or in the log file. Facilitators list, export and delete
// signups; the participant withdraws; leaving and deleting the workshop
// take the signup along.
func TestCitizenPanel(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	var logMu sync.Mutex
	m := MustStartWith(t, dir, func(m *server.Main) {
		m.Config.LogLevel = "info"
		m.Stderr = lockedWriter{&logMu, &logs}
	})
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fasilitator")
	aud := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	cb := MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	cb.next()
	cf := MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0)
	cf.next()
	me := m.URL() + "/api/workshops/" + w.Workshop.ID + "/panel/me"
	panel := m.URL() + "/api/workshops/" + w.Workshop.ID + "/panel"
	const (
		name  = "Aud Kontaktsen"
		email = "aud.kontakt@example.no"
		phone = "+47 915 55 123"
	)

	// Bad input is refused and stores nothing.
	noConsent := strings.Replace(panelBody(name, email, phone), `"consent":true`, `"consent":false`, 1)
	oldText := strings.Replace(panelBody(name, email, phone), workshops.PanelConsentVersion, "1999-1", 1)
	for what, bad := range map[string]string{
		"no consent":          noConsent,
		"an old consent text": oldText,
		"no contact":          panelBody(name, "", ""),
		"a bad e-mail":        panelBody(name, "aud@", ""),
		"a bad phone":         panelBody(name, "", "ring meg"),
		"no name":             panelBody("  ", email, ""),
		"an unknown field":    `{"name":"x","email":"a@b.no","consent":true,"consentVersion":"` + workshops.PanelConsentVersion + `","lang":"nb","age":40}`,
	} {
		if status, body := call(t, http.DefaultClient, http.MethodPut, me, aud.Token, bad); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", what, status, body)
		}
	}
	status, body := call(t, http.DefaultClient, http.MethodPut, me, fac.Token, panelBody(name, email, phone))
	wantError(t, "a facilitator signs up", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	status, body = call(t, http.DefaultClient, http.MethodGet, panel, aud.Token, "")
	wantError(t, "a participant lists the panel", status, body, http.StatusForbidden, workshops.EFORBIDDEN)
	if status, body := call(t, http.DefaultClient, http.MethodGet, panel, fac.Token, ""); status != http.StatusOK || !bytes.Contains(body, []byte(`"signups":[]`)) {
		t.Fatalf("the panel after refused signups: %d %s", status, body)
	}

	if status, body := call(t, http.DefaultClient, http.MethodPut, me, aud.Token, panelBody(name, email, phone)); status != http.StatusOK {
		t.Fatalf("sign up: %d %s", status, body)
	}
	if status, body := call(t, http.DefaultClient, http.MethodGet, me, aud.Token, ""); status != http.StatusOK || !bytes.Contains(body, []byte(email)) {
		t.Fatalf("my signup: %d %s", status, body)
	}
	if status, body := call(t, http.DefaultClient, http.MethodPut, me, bo.Token, panelBody("Bo Bosen", "", "12345678")); status != http.StatusOK {
		t.Fatalf("sign up: %d %s", status, body)
	}
	var listed struct{ Signups []workshops.PanelSignup }
	status, body = call(t, http.DefaultClient, http.MethodGet, panel, fac.Token, "")
	json.Unmarshal(body, &listed)
	if status != http.StatusOK || len(listed.Signups) != 2 || listed.Signups[0].Email != email ||
		listed.Signups[0].ConsentVersion != workshops.PanelConsentVersion || listed.Signups[0].ConsentedAt.IsZero() {
		t.Fatalf("the facilitator's list: %d %s", status, body)
	}
	status, body = call(t, MustOrganiser(t, m), http.MethodGet, panel+"/csv", "", "")
	if status != http.StatusOK || !bytes.HasPrefix(body, []byte("\ufeffworkshop,name,email,phone,consent_version")) ||
		!bytes.Contains(body, []byte(email)) || !bytes.Contains(body, []byte("'"+phone)) {
		t.Fatalf("the CSV: %d %s", status, body)
	}

	// Nowhere else: not on the wire, not in exports, not in the log file.
	cb.quiet(200 * time.Millisecond)
	cf.quiet(50 * time.Millisecond)
	for _, c := range []*wsClient{cb, cf} {
		if raw := c.received(); bytes.Contains(raw, []byte(email)) || bytes.Contains(raw, []byte("Kontaktsen")) {
			t.Fatal("contact details went out on a WebSocket")
		}
	}
	for _, format := range []string{"json", "csv", "md", "html"} {
		_, _, data := getExport(t, http.DefaultClient, m.URL()+"/api/workshops/"+w.Workshop.ID+"/export/"+format, fac.Token)
		if bytes.Contains(data, []byte(email)) || bytes.Contains(data, []byte("Kontaktsen")) {
			t.Errorf("the %s export holds contact details", format)
		}
	}

	// Withdrawing, and the facilitator deleting one or all.
	if status, _ := call(t, http.DefaultClient, http.MethodDelete, me, aud.Token, ""); status != http.StatusNoContent {
		t.Fatalf("withdraw: %d", status)
	}
	if _, body := call(t, http.DefaultClient, http.MethodGet, me, aud.Token, ""); !bytes.Contains(body, []byte(`"signup":null`)) {
		t.Fatalf("after withdrawing: %s", body)
	}
	status, body = call(t, http.DefaultClient, http.MethodDelete, panel+"/people/"+aud.Participant.ID, fac.Token, "")
	wantError(t, "deleting a signup that is gone", status, body, http.StatusNotFound, workshops.ENOTFOUND)
	if status, body := call(t, http.DefaultClient, http.MethodDelete, panel+"/people/"+bo.Participant.ID, fac.Token, ""); status != http.StatusOK || !bytes.Contains(body, []byte(`"deleted":1`)) {
		t.Fatalf("deleting one: %d %s", status, body)
	}
	call(t, http.DefaultClient, http.MethodPut, me, aud.Token, panelBody(name, email, phone))
	call(t, http.DefaultClient, http.MethodPut, me, bo.Token, panelBody("Bo Bosen", "", "12345678"))
	if status, body := call(t, http.DefaultClient, http.MethodDelete, panel, fac.Token, ""); status != http.StatusOK || !bytes.Contains(body, []byte(`"deleted":2`)) {
		t.Fatalf("deleting all: %d %s", status, body)
	}
	// Leaving takes the signup along; so does deleting the workshop.
	call(t, http.DefaultClient, http.MethodPut, me, aud.Token, panelBody(name, email, phone))
	call(t, http.DefaultClient, http.MethodPut, me, bo.Token, panelBody("Bo Bosen", "", "12345678"))
	if status, _ := call(t, http.DefaultClient, http.MethodPost, m.URL()+"/api/workshops/"+w.Workshop.ID+"/leave", aud.Token, ""); status != http.StatusNoContent {
		t.Fatal("leave")
	}
	status, body = call(t, http.DefaultClient, http.MethodGet, panel, fac.Token, "")
	if status != http.StatusOK || bytes.Contains(body, []byte(email)) || !bytes.Contains(body, []byte("Bo Bosen")) {
		t.Fatalf("the panel after Aud left: %s", body)
	}
	req, _ := http.NewRequest(http.MethodDelete, m.URL()+"/api/workshops/"+w.Workshop.ID, nil)
	if resp, err := MustOrganiser(t, m).Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete the workshop: %v %v", err, resp)
	}
	m.Close()
	db := openDB(t, dir)
	if n := count(t, db, `SELECT count(*) FROM panel_signups`); n != 0 {
		t.Errorf("%d panel signups survive the workshop", n)
	}
	if n := count(t, db, `SELECT count(*) FROM events WHERE op LIKE '%example.no%' OR op LIKE '%Kontaktsen%'`); n != 0 {
		t.Errorf("%d events hold contact details", n)
	}
	logMu.Lock()
	defer logMu.Unlock()
	for _, s := range []string{email, "Kontaktsen", "Bosen", "12345678"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds %q", s)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestConsentVersionsAgree: the client sends the consent text's version
// that the server accepts.
func TestConsentVersionsAgree(t *testing.T) {
	src, err := fs.ReadFile(client.FS, "static/protocol.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`PANEL_CONSENT_VERSION = '([^']+)'`).FindSubmatch(src)
	if m == nil || string(m[1]) != workshops.PanelConsentVersion {
		t.Fatalf("client consent version %q, server %q", m, workshops.PanelConsentVersion)
	}
}

// TestPrivacyAcrossNodes: a new join code, an erasure and the end of a
// workshop made on one node reach the people connected to another.
func TestPrivacyAcrossNodes(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		a, b := c.nodes[0], c.nodes[1]
		w := MustCreateWorkshop(t, a)
		fac := MustFacilitate(t, a, w, "Fasilitator")
		aud := MustJoin(t, b, w.Workshop.JoinCode, "Aud")
		bo := MustJoin(t, b, w.Workshop.JoinCode, "Bo")
		ca := MustConnect(t, b, w.Workshop.ID, aud.Token, "", 0)
		ca.next()
		cb := MustConnect(t, b, w.Workshop.ID, bo.Token, "", 0)
		cb.next()
		cf := MustConnect(t, b, w.Workshop.ID, fac.Token, "", 0) // the board is loaded on b
		cf.next()
		ca.do("a1", `{"kind":"note.create","note":"a1","text":"Auds lapp","color":"yellow","x":0,"y":0}`)

		status, body := call(t, http.DefaultClient, http.MethodPost, a.URL()+"/api/workshops/"+w.Workshop.ID+"/join-code", fac.Token, "")
		var got struct{ Workshop workshops.Workshop }
		json.Unmarshal(body, &got)
		if status != http.StatusOK {
			t.Fatalf("new code: %d %s", status, body)
		}
		waitFor(t, "the other node tells the new code", func() bool {
			c := MustDial(t, b, w.Workshop.ID)
			defer c.conn.Close()
			c.sendJSON(map[string]any{"type": "hello", "token": fac.Token})
			return c.next().Workshop.JoinCode == got.Workshop.JoinCode
		})

		if status, body := call(t, http.DefaultClient, http.MethodPost, a.URL()+"/api/workshops/"+w.Workshop.ID+"/people/"+aud.Participant.ID+"/erase", fac.Token, ""); status != http.StatusNoContent {
			t.Fatalf("erase: %d %s", status, body)
		}
		if e := cb.expectKind(workshops.OpParticipantErase); e.Event.Op.Person != aud.Participant.ID {
			t.Fatalf("%+v", e)
		}
		if code := ca.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("the erased person on the other node: close %d", code)
		}
		if status, body := call(t, http.DefaultClient, http.MethodPost, a.URL()+"/api/workshops/"+w.Workshop.ID+"/end", fac.Token, ""); status != http.StatusOK {
			t.Fatalf("end: %d %s", status, body)
		}
		cb.expectKind(workshops.OpBoardEnd)
		if code := cb.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("a participant on the other node after the end: close %d", code)
		}
		cf.expectKind(workshops.OpBoardEnd)
	})
}

// waitFor polls cond for up to expectWait (generous: a busy machine is slow).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(expectWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, expectWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
