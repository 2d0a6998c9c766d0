package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/workshops"
)

// An outage of PostgreSQL is no bug: the API answers 503 unavailable
// (retryable) and a board that cannot be opened closes with 1013, with an
// "unavailable" error first; nothing answers 500.
func TestStoreOutageAnswersUnavailable(t *testing.T) {
	be := realBackend(t)
	c := startCluster(t, be, 1)
	node := c.nodes[0]
	w := MustCreateWorkshop(t, node)
	aud := MustJoin(t, node, w.Workshop.JoinCode, "Aud")
	be.cutDB(true)

	body := `{"code":"` + w.Workshop.JoinCode + `","name":"Bo"}`
	resp, err := http.Post(node.URL()+"/api/join", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Error struct{ Code string } }
	json.NewDecoder(resp.Body).Decode(&answer)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || answer.Error.Code != workshops.EUNAVAILABLE {
		t.Fatalf("join with the store down: %d %q, want 503 %q", resp.StatusCode, answer.Error.Code, workshops.EUNAVAILABLE)
	}

	ws := MustDial(t, node, w.Workshop.ID)
	// The server may close with 1013 before the hello (it looks the
	// workshop up as the socket opens), so a failed send is no failure:
	// the close code below is what counts.
	_ = ws.conn.WriteJSON(map[string]any{"type": "hello", "token": aud.Token})
	var codes []string
	for {
		m, err := ws.read(10 * time.Second)
		if ce, ok := err.(*websocket.CloseError); ok {
			if ce.Code != websocket.CloseTryAgainLater {
				t.Fatalf("board with the store down closed with %d, want 1013", ce.Code)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.Type == "error" {
			codes = append(codes, m.Code)
		}
	}
	for _, code := range codes {
		if code != workshops.EUNAVAILABLE {
			t.Fatalf("board with the store down: error %q, want %q", code, workshops.EUNAVAILABLE)
		}
	}

	be.cutDB(false)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(node.URL()+"/api/join", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("join after the store is back: %d", resp.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
