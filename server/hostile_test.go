package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// The hostile-client suite: each test is an attack an outside audit tried
// (issue 13), kept here so that it stays shut. Other attacks live next to
// what they attack: HTML in notes (browser_test.go), guessing from a
// shared address (joinlimits_test.go, TestWrongJoinCodesArePaced), erased
// data on disk (erasure_disk_test.go).

// send makes a request with the given headers and returns the status and
// the error code of the answer, if any.
func send(t *testing.T, c *http.Client, method, url, body string, headers map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	code := ""
	if i := strings.Index(string(b), `"code":"`); i >= 0 {
		code, _, _ = strings.Cut(string(b)[i+len(`"code":"`):], `"`)
	}
	return resp.StatusCode, code
}

// TestHostileForgedPosts: a page on another site, or on a sibling
// subdomain (same-site, which SameSite=Lax cookies do not stop), makes the
// organiser's browser post to the body-less endpoints. The server refuses
// them by Origin and Sec-Fetch-Site, and the same requests from the app's
// own pages (and from non-browser clients, which send neither) work.
func TestHostileForgedPosts(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	w := MustCreateWorkshop(t, m)
	p := MustJoin(t, m, w.Workshop.JoinCode, "Offer")
	base := m.URL() + "/api/workshops/" + w.Workshop.ID
	forged := []map[string]string{
		{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://skole.kommune.no", "Sec-Fetch-Site": "same-site"},
		{"Origin": "https://evil.example"}, // an older browser: Origin only
		{"Origin": "null", "Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "cross-site"}, // Origin stripped
	}
	for _, target := range []struct{ method, url string }{
		{http.MethodPost, base + "/end"},
		{http.MethodPost, base + "/join-code"},
		{http.MethodPost, base + "/people/" + p.Participant.ID + "/erase"},
		{http.MethodDelete, base},
		{http.MethodDelete, m.URL() + "/api/workshops/" + w.Workshop.ID},
		{http.MethodPost, m.URL() + "/api/workshops"},
	} {
		for _, h := range forged {
			status, code := send(t, org, target.method, target.url, "", h)
			if status != http.StatusForbidden || code != workshops.EFORBIDDEN {
				t.Errorf("%s %s with %v: %d %s, want 403 forbidden", target.method, target.url, h, status, code)
			}
		}
	}
	// Nothing changed: the participant is still on the board, the code
	// still works.
	MustJoin(t, m, w.Workshop.JoinCode, "Etterpå")
	b, _ := m.Hub().BoardState(w.Workshop.ID)
	if b == nil || b.Ended || b.Participants[p.Participant.ID].Erased {
		t.Fatal("a forged request changed the workshop")
	}

	// The app's own pages may.
	own := map[string]string{"Origin": m.URL(), "Sec-Fetch-Site": "same-origin"}
	if status, code := send(t, org, http.MethodPost, base+"/join-code", "", own); status != http.StatusOK {
		t.Fatalf("a new join code from our own page: %d %s", status, code)
	}
	if status, code := send(t, org, http.MethodPost, base+"/join-code", "", map[string]string{"Origin": m.URL()}); status != http.StatusOK {
		t.Fatalf("a new join code with our Origin only: %d %s", status, code)
	}
	if status, code := send(t, org, http.MethodPost, base+"/end", "", nil); status != http.StatusOK {
		t.Fatalf("ending from a client that sends no Origin: %d %s", status, code)
	}
}
