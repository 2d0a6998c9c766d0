package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// collect reads events (and acks) until it has seen seq up to want.
func collect(t *testing.T, c *wsClient, want uint64) (events []workshops.Event, acks map[string]uint64) {
	t.Helper()
	acks = map[string]uint64{}
	var last uint64
	for last < want {
		m := c.next()
		switch m.Type {
		case "event":
			if m.Event.Seq != last+1 && last != 0 {
				t.Fatalf("event seq %d after %d", m.Event.Seq, last)
			}
			last = m.Event.Seq
			events = append(events, m.Event)
		case "ack":
			acks[m.ID] = m.Seq
		case "snapshot":
			last = m.Board.Seq
		default:
			t.Fatalf("unexpected %+v", m)
		}
	}
	return events, acks
}

func TestTwoClientsSeeSameOrder(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	b := MustJoin(t, m, strings.ToLower(w.Workshop.JoinCode[:3])+"-"+w.Workshop.JoinCode[3:], "Bjørn")
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	cb := MustConnect(t, m, w.Workshop.ID, b.Token, "", 0)
	snapA, snapB := ca.next(), cb.next()
	if snapA.Type != "snapshot" || snapB.Type != "snapshot" || snapA.Board.Seq != snapB.Board.Seq {
		t.Fatalf("want equal snapshots, got %+v / %+v", snapA, snapB)
	}
	start := snapA.Board.Seq

	const perClient = 40
	var wg sync.WaitGroup
	for i, c := range []*wsClient{ca, cb} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perClient {
				note := fmt.Sprintf("n%d-%d", i, j)
				c.op("op-"+note, createOp(note, "idé "+note, float64(j*10), float64(i*200)))
			}
		}()
	}
	wg.Wait()
	end := start + 2*perClient
	evA, acksA := collect(t, ca, end)
	evB, acksB := collect(t, cb, end)
	if len(evA) != 2*perClient || len(evB) != 2*perClient {
		t.Fatalf("got %d and %d events, want %d", len(evA), len(evB), 2*perClient)
	}
	for i := range evA {
		if evA[i].Seq != evB[i].Seq || evA[i].OpID != evB[i].OpID {
			t.Fatalf("event %d differs: %+v vs %+v", i, evA[i], evB[i])
		}
	}
	// Every op was acknowledged to its sender with the seq it has in the log.
	seqOf := map[string]uint64{}
	for _, e := range evA {
		seqOf[e.OpID] = e.Seq
	}
	for _, acks := range []map[string]uint64{acksA, acksB} {
		for id, seq := range acks {
			if seqOf[id] != seq {
				t.Errorf("ack %s seq %d, log has %d", id, seq, seqOf[id])
			}
		}
	}
	// Acks may trail the last event; read the rest.
	for len(acksA) < perClient {
		if m := ca.next(); m.Type == "ack" {
			acksA[m.ID] = m.Seq
		}
	}
	for len(acksB) < perClient {
		if m := cb.next(); m.Type == "ack" {
			acksB[m.ID] = m.Seq
		}
	}
}

func TestResumeGetsExactlyWhatWasMissed(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	b := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	seq := ca.next().Board.Seq
	ca.op("a1", createOp("a1", "first", 0, 0))
	_, acks := collect(t, ca, seq+1)
	for acks["a1"] == 0 {
		if m := ca.next(); m.Type == "ack" {
			acks[m.ID] = m.Seq
		}
	}
	seq = acks["a1"]
	ca.conn.Close()

	cb := MustConnect(t, m, w.Workshop.ID, b.Token, "", 0)
	cb.next() // snapshot
	for i := range 5 {
		cb.op(fmt.Sprintf("b%d", i), workshops.Op{Kind: workshops.OpNoteMove, Note: "a1", X: ptr(float64(i)), Y: ptr(1.0)})
	}
	collect(t, cb, seq+5)

	ca = MustDial(t, m, w.Workshop.ID)
	ca.sendJSON(map[string]any{"type": "hello", "token": a.Token, "epoch": w.Workshop.Epoch, "lastSeq": seq})
	if got := ca.next(); got.Type != "welcome" || got.Seq != seq+5 || got.You.ID != a.Participant.ID || got.You.Name != "Aud" {
		t.Fatalf("welcome: %+v, want head %d", got, seq+5)
	}
	for i := range 5 {
		got := ca.next()
		if got.Type != "event" || got.Event.Seq != seq+uint64(i)+1 || got.Event.OpID != fmt.Sprintf("b%d", i) {
			t.Fatalf("missed event %d: got %+v", i, got)
		}
	}
	ca.quiet(300 * time.Millisecond)
	cb.op("b5", workshops.Op{Kind: workshops.OpNoteEdit, Note: "a1", Text: ptr("not mine")})
	got := cb.next()
	for got.Type == "ack" { // acks of b0..b4 may trail their events
		got = cb.next()
	}
	if got.Type != "error" || got.ID != "b5" || got.Code != workshops.EFORBIDDEN {
		t.Fatalf("editing another's note: got %+v", got)
	}
	cb.op("b6", workshops.Op{Kind: workshops.OpNoteRecolor, Note: "a1", Color: ptr(workshops.ColorBlue)})
	if got = ca.next(); got.Type != "event" || got.Event.Seq != seq+6 {
		t.Fatalf("live event after resume: got %+v", got)
	}

	// A client from another history, or too far behind, gets a snapshot.
	stale := MustConnect(t, m, w.Workshop.ID, a.Token, "other-epoch", seq)
	if got := stale.next(); got.Type != "snapshot" || got.Board.Seq != seq+6 {
		t.Fatalf("other epoch: got %+v", got)
	}
}

func TestFarBehindGetsSnapshot(t *testing.T) {
	m := MustStart(t, t.TempDir(), func(h *server.Hub) { h.ReplayLimit = 3 })
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	seq := ca.next().Board.Seq
	for i := range 4 {
		ca.op(fmt.Sprint("op", i), createOp(fmt.Sprint("n", i), "x", 0, 0))
	}
	collect(t, ca, seq+4)
	c2 := MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq)
	got := c2.next()
	if got.Type != "snapshot" || got.Board.Seq != seq+4 || len(got.Board.Notes) != 4 {
		t.Fatalf("want snapshot at %d with 4 notes, got %+v", seq+4, got)
	}
	c3 := MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq+1)
	for i := range 3 {
		if got := c3.next(); got.Type != "event" || got.Event.Seq != seq+2+uint64(i) {
			t.Fatalf("want event %d, got %+v", seq+2+uint64(i), got)
		}
	}
}

func TestRestartKeepsAcknowledgedOps(t *testing.T) {
	dir := t.TempDir()
	// Snapshot often so the restart loads a snapshot plus a log tail.
	tune := func(h *server.Hub) { h.SnapshotEvery = 7 }
	m := MustStart(t, dir, tune)
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	ca.next()
	const n = 50
	for i := range n {
		ca.op(fmt.Sprint("c", i), createOp(fmt.Sprint("n", i), fmt.Sprint("lapp ", i), float64(i), 0))
		ca.op(fmt.Sprint("m", i), workshops.Op{Kind: workshops.OpNoteMove, Note: fmt.Sprint("n", i), X: ptr(float64(i)), Y: ptr(99.0)})
	}
	acked := map[string]uint64{}
	for len(acked) < 2*n {
		if got := ca.next(); got.Type == "ack" {
			acked[got.ID] = got.Seq
		} else if got.Type == "error" {
			t.Fatalf("op refused: %+v", got)
		}
	}
	before, ok := m.Hub().BoardState(w.Workshop.ID)
	if !ok {
		t.Fatal("board not loaded")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	m2 := MustStart(t, dir, tune)
	c := MustConnect(t, m2, w.Workshop.ID, a.Token, "", 0)
	snap := c.next()
	if snap.Type != "snapshot" || snap.Board.Seq != before.Seq || len(snap.Board.Notes) != n {
		t.Fatalf("after restart: seq %d notes %d, want %d and %d", snap.Board.Seq, len(snap.Board.Notes), before.Seq, n)
	}
	for _, note := range snap.Board.Notes {
		if note.Y != 99 {
			t.Fatalf("note %s lost its move: %+v", note.ID, note)
		}
	}
	after, _ := m2.Hub().BoardState(w.Workshop.ID)
	if after.Hash() != before.Hash() {
		t.Fatal("board after restart differs from before")
	}
	// A retry of an op acknowledged before the restart is not applied again.
	c.op("c3", createOp("n3", "lapp 3", 3, 0))
	if got := c.next(); got.Type != "ack" || got.Seq != acked["c3"] {
		t.Fatalf("retry after restart: got %+v, want ack %d", got, acked["c3"])
	}
	// Resume across the restart with the old epoch and seq works too.
	r := MustConnect(t, m2, w.Workshop.ID, a.Token, w.Workshop.Epoch, before.Seq-3)
	for i := range 3 {
		if got := r.next(); got.Type != "event" || got.Event.Seq != before.Seq-2+uint64(i) {
			t.Fatalf("resume after restart: got %+v", got)
		}
	}
}

func TestRetryIsAppliedOnce(t *testing.T) {
	m, w, a, ca, cb, seq := twoOnABoard(t)
	// The same op twice in a row, as after a lost ack: one event, two acks.
	ca.op("same", createOp("n1", "hei", 0, 0))
	ca.op("same", createOp("n1", "hei", 0, 0))
	var acks []uint64
	events := 0
	for len(acks) < 2 {
		switch got := ca.next(); got.Type {
		case "ack":
			acks = append(acks, got.Seq)
		case "event":
			events++
		default:
			t.Fatalf("unexpected %+v", got)
		}
	}
	if events != 1 || acks[0] != seq+1 || acks[1] != seq+1 {
		t.Fatalf("events %d acks %v, want 1 event and two acks of %d", events, acks, seq+1)
	}
	// After a reconnect, too.
	ca.conn.Close()
	ca = MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq+1)
	ca.op("same", createOp("n1", "hei", 0, 0))
	if got := ca.next(); got.Type != "ack" || got.Seq != seq+1 {
		t.Fatalf("retry after reconnect: %+v", got)
	}
	// Another person may use the same op id: ids are per person.
	cb.next() // the event of "same"
	cb.op("same", createOp("n2", "hallo", 0, 0))
	if got := cb.next(); got.Type != "event" || got.Event.Seq != seq+2 {
		t.Fatalf("same id from another person: %+v", got)
	}
	ca.quietExcept(t, seq+2)
}

// quietExcept asserts that c sees exactly the event at seq and nothing else.
func (c *wsClient) quietExcept(t *testing.T, seq uint64) {
	t.Helper()
	if got := c.next(); got.Type != "event" || got.Event.Seq != seq {
		t.Fatalf("want event %d, got %+v", seq, got)
	}
	c.quiet(200 * time.Millisecond)
}

func TestBadInputChangesNothing(t *testing.T) {
	m, w, a, ca, cb, seq := twoOnABoard(t)
	ca.op("ok", createOp("mine", "min lapp", 0, 0))
	collect(t, ca, seq+1)
	collect(t, cb, seq+1)
	seq++
	for ca.next().Type != "ack" {
	}
	before, _ := m.Hub().BoardState(w.Workshop.ID)

	long := strings.Repeat("å", workshops.MaxNoteTextLen+1)
	cases := []struct {
		name, raw, wantID, wantCode string
		sender                      *wsClient
	}{
		{"malformed JSON", `{"type":"op",`, "", workshops.EBADJSON, ca},
		{"not an object", `[1,2,3]`, "", workshops.EBADJSON, ca},
		{"unknown message type", `{"type":"shout"}`, "", workshops.EINVALID, ca},
		{"unknown field", `{"type":"op","id":"x1","op":{"kind":"note.delete","note":"mine"},"extra":1}`, "x1", workshops.EBADJSON, ca},
		{"unknown operation", `{"type":"op","id":"x2","op":{"kind":"note.explode","note":"mine"}}`, "x2", workshops.EUNKNOWNOP, ca},
		{"wrong field type", `{"type":"op","id":"x3","op":{"kind":"note.move","note":"mine","x":"12","y":3}}`, "x3", workshops.EBADJSON, ca},
		{"missing field", `{"type":"op","id":"x4","op":{"kind":"note.move","note":"mine","x":12}}`, "x4", workshops.EINVALID, ca},
		{"op without id", `{"type":"op","op":{"kind":"note.delete","note":"mine"}}`, "", workshops.EINVALID, ca},
		{"bad op id", `{"type":"op","id":"<script>","op":{"kind":"note.delete","note":"mine"}}`, "", workshops.EINVALID, ca},
		{"note text too long", `{"type":"op","id":"x5","op":{"kind":"note.edit","note":"mine","text":"` + long + `"}}`, "x5", workshops.ETOOLARGE, ca},
		{"note that does not exist", `{"type":"op","id":"x6","op":{"kind":"note.move","note":"ghost","x":1,"y":1}}`, "x6", workshops.ENOTFOUND, ca},
		{"duplicate note", `{"type":"op","id":"x7","op":{"kind":"note.create","note":"mine","text":"","color":"yellow","x":0,"y":0}}`, "x7", workshops.ECONFLICT, ca},
		{"bad colour", `{"type":"op","id":"x8","op":{"kind":"note.recolor","note":"mine","color":"red"}}`, "x8", workshops.EINVALID, ca},
		{"off the board", `{"type":"op","id":"x9","op":{"kind":"note.move","note":"mine","x":1e9,"y":0}}`, "x9", workshops.EINVALID, ca},
		{"server-only op", `{"type":"op","id":"x10","op":{"kind":"participant.join","participant":{"id":"p","name":"Evil","role":"facilitator"}}}`, "x10", workshops.ESERVERONLY, ca},
		{"facilitator action by participant", `{"type":"op","id":"x11","op":{"kind":"board.rename","title":"Mine now"}}`, "x11", workshops.EFORBIDDEN, cb},
		{"another's note text", `{"type":"op","id":"x12","op":{"kind":"note.delete","note":"mine"}}`, "x12", workshops.EFORBIDDEN, cb},
		{"second hello", `{"type":"hello","token":"x"}`, "", workshops.EINVALID, ca},
		{"cursor with extra fields", `{"type":"cursor","x":1,"y":2,"id":"x13"}`, "", workshops.EINVALID, ca},
		{"forged author", `{"type":"op","id":"x14","op":{"kind":"note.edit","note":"mine","text":"x","author":"someone"}}`, "x14", workshops.EBADJSON, cb},
		{"forged seq and actor", `{"type":"op","id":"x15","seq":99,"actor":"p","op":{"kind":"note.delete","note":"mine"}}`, "x15", workshops.EBADJSON, cb},
		{"replayed ack", `{"type":"ack","id":"ok","seq":1}`, "ok", workshops.EBADJSON, ca},
		{"invalid UTF-8 in text", "{\"type\":\"op\",\"id\":\"x16\",\"op\":{\"kind\":\"note.edit\",\"note\":\"mine\",\"text\":\"\xff\xfe\"}}", "x16", workshops.EBADJSON, ca},
		{"deeply nested JSON", `{"type":"op","id":"x17","op":{"kind":"note.edit","note":"mine","text":` + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + `}}`, "x17", workshops.EBADJSON, ca},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.sender.sendRaw(tc.raw)
			got := tc.sender.next()
			if got.Type != "error" || got.Code != tc.wantCode || got.ID != tc.wantID {
				t.Fatalf("got %+v, want error %s for %q", got, tc.wantCode, tc.wantID)
			}
			if got.Message == "" || strings.Contains(got.Message, "<script>") {
				t.Fatalf("error message %q", got.Message)
			}
		})
	}
	after, _ := m.Hub().BoardState(w.Workshop.ID)
	if after.Hash() != before.Hash() || after.Seq != seq {
		t.Fatal("bad input changed the board")
	}
	// The other client saw none of it: its next event is the next good op.
	ca.op("good", workshops.Op{Kind: workshops.OpNoteMove, Note: "mine", X: ptr(5.0), Y: ptr(5.0)})
	if got := cb.next(); got.Type != "event" || got.Event.Seq != seq+1 || got.Event.OpID != "good" {
		t.Fatalf("other client: got %+v", got)
	}
	cb.quiet(200 * time.Millisecond)

	t.Run("oversized message closes with 1009", func(t *testing.T) {
		c := MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq+1)
		// The server may refuse the frame as soon as it has read its header,
		// so the write itself may fail; what counts is the close code.
		c.conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"op","id":"big","op":{"kind":"note.edit","note":"mine","text":"`+strings.Repeat("x", 20<<10)+`"}}`))
		if code := c.closeCode(); code != websocket.CloseMessageTooBig {
			t.Fatalf("close code %d", code)
		}
		if st, _ := m.Hub().BoardState(w.Workshop.ID); st.Seq != seq+1 {
			t.Fatal("oversized message changed the board")
		}
	})
}

func TestHelloAndAccess(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	other := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")

	t.Run("first message must be hello", func(t *testing.T) {
		c := MustDial(t, m, w.Workshop.ID)
		c.sendJSON(map[string]any{"type": "op", "id": "x", "op": createOp("n", "x", 0, 0)})
		if got := c.next(); got.Type != "error" || got.Code != workshops.ENOTJOINED {
			t.Fatalf("got %+v", got)
		}
		if code := c.closeCode(); code != websocket.ClosePolicyViolation {
			t.Fatalf("close %d", code)
		}
	})
	t.Run("bad token", func(t *testing.T) {
		c := MustDial(t, m, w.Workshop.ID)
		c.sendJSON(map[string]any{"type": "hello", "token": "nope"})
		if code := c.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("close %d", code)
		}
	})
	t.Run("token of another workshop", func(t *testing.T) {
		c := MustDial(t, m, other.Workshop.ID)
		c.sendJSON(map[string]any{"type": "hello", "token": a.Token})
		if code := c.closeCode(); code != server.CloseUnauthorized {
			t.Fatalf("close %d", code)
		}
	})
	t.Run("no such workshop", func(t *testing.T) {
		c := MustDial(t, m, "does-not-exist")
		if code := c.closeCode(); code != server.CloseNotFound {
			t.Fatalf("close %d", code)
		}
	})
	t.Run("foreign origin refused", func(t *testing.T) {
		h := http.Header{"Origin": {"https://evil.example"}}
		_, resp, err := websocket.DefaultDialer.Dial("ws://"+m.Addr()+"/ws/"+w.Workshop.ID, h)
		if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Fatalf("want 403, got %v %v", err, resp)
		}
		h = http.Header{"Origin": {"http://" + m.Addr()}}
		c, _, err := websocket.DefaultDialer.Dial("ws://"+m.Addr()+"/ws/"+w.Workshop.ID, h)
		if err != nil {
			t.Fatalf("same origin refused: %v", err)
		}
		c.Close()
	})
	t.Run("creating workshops needs the organiser", func(t *testing.T) {
		status := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops", `{"title":"x","lang":"nb"}`, nil)
		if status != http.StatusUnauthorized {
			t.Fatalf("status %d", status)
		}
		resp, err := http.Get(m.URL() + "/signin?token=wrong")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong sign-in token: %s", resp.Status)
		}
	})
	t.Run("participant token is not a facilitator key", func(t *testing.T) {
		status := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops/"+w.Workshop.ID+"/facilitate", `{"key":"`+a.Token+`","name":"Sneaky"}`, nil)
		if status != http.StatusUnauthorized {
			t.Fatalf("status %d", status)
		}
	})
	t.Run("facilitator can rename, participant gets forbidden", func(t *testing.T) {
		f := MustFacilitate(t, m, w, "Fasilitator")
		if f.Participant.Role != workshops.RoleFacilitator {
			t.Fatalf("role %s", f.Participant.Role)
		}
		c := MustConnect(t, m, w.Workshop.ID, f.Token, "", 0)
		c.next()
		c.op("r1", workshops.Op{Kind: workshops.OpBoardRename, Title: ptr("Nytt navn")})
		if got := c.next(); got.Type != "event" || got.Event.Op.Kind != workshops.OpBoardRename {
			t.Fatalf("rename: %+v", got)
		}
	})
	t.Run("bad names", func(t *testing.T) {
		for _, name := range []string{"", "   ", strings.Repeat("n", workshops.MaxNameLen+1), "a\x00b"} {
			body := fmt.Sprintf(`{"code":%q,"name":%q}`, w.Workshop.JoinCode, name)
			if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, nil); status/100 != 4 {
				t.Errorf("name %q: status %d", name, status)
			}
		}
	})
}

// TestWrongJoinCodesArePaced: after its budget of wrong codes an address
// has its attempts checked at a bounded pace, but the right code is never
// refused because of the failures.
func TestWrongJoinCodesArePaced(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	wrong := func() {
		var errBody struct {
			Error struct{ Code string } `json:"error"`
		}
		status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", `{"code":"ZZZZZZ","name":"Gjett"}`, &errBody)
		if status != http.StatusNotFound || errBody.Error.Code != workshops.ENOTFOUND {
			t.Errorf("a wrong code: status %d %+v", status, errBody)
		}
	}
	for range 30 { // the budget
		wrong()
	}
	MustJoin(t, m, w.Workshop.JoinCode, "Riktig kode")
	// Now at most 10 checks a second (a burst of 10 first): 40 wrong
	// codes, 8 at a time, take at least 3 seconds however fast the
	// machine.
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				wrong()
			}
		}()
	}
	wg.Wait()
	if took := time.Since(start); took < 2900*time.Millisecond {
		t.Fatalf("40 wrong codes past the budget were answered in %v; they should be paced", took)
	}
	MustJoin(t, m, w.Workshop.JoinCode, "Riktig kode igjen")
}

func TestPresenceAndCursors(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	b := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	cb := MustConnect(t, m, w.Workshop.ID, b.Token, "", 0)
	// Presence converges on both people, each once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := ca.read(time.Until(deadline))
		if err != nil {
			t.Fatalf("no presence with both: %v", err)
		}
		if got.Type == "presence" && len(got.People) == 2 {
			break
		}
	}
	// Many cursor moves are coalesced into few messages with the latest one.
	for i := range 30 {
		cb.sendJSON(map[string]any{"type": "cursor", "x": float64(i), "y": 1.0})
	}
	msgs := 0
	for {
		got, err := ca.read(2 * time.Second)
		if err != nil {
			t.Fatalf("cursor 29 never arrived: %v (%d messages)", err, msgs)
		}
		if got.Type != "cursors" {
			continue
		}
		msgs++
		if c := got.Cursors[len(got.Cursors)-1]; c.ID == b.Participant.ID && c.X == 29 {
			break
		}
	}
	if msgs >= 30 {
		t.Fatalf("%d cursor messages for 30 moves: not coalesced", msgs)
	}
	cb.conn.Close()
	for {
		got, err := ca.read(5 * time.Second)
		if err != nil {
			t.Fatalf("presence after leave: %v", err)
		}
		if got.Type == "presence" && len(got.People) == 1 && got.People[0].Name == "Aud" {
			break
		}
	}
}

func TestObserverChangesNothing(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	var o joined
	body := fmt.Sprintf(`{"code":%q,"name":"Fylket","role":"observer"}`, w.Workshop.JoinCode)
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, &o); status != http.StatusOK || o.Participant.Role != workshops.RoleObserver {
		t.Fatalf("observer join: %d %+v", status, o)
	}
	body = fmt.Sprintf(`{"code":%q,"name":"Sjef","role":"facilitator"}`, w.Workshop.JoinCode)
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, nil); status != http.StatusBadRequest {
		t.Fatalf("joining as facilitator with the join code: status %d", status)
	}
	ca := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	co := MustConnect(t, m, w.Workshop.ID, o.Token, "", 0)
	ca.next()
	co.next()
	ca.op("a1", createOp("n1", "fra Aud", 0, 0))
	if got := co.next(); got.Type != "event" || got.Event.OpID != "a1" {
		t.Fatalf("the observer does not see the board live: %+v", got)
	}
	for _, op := range []workshops.Op{
		createOp("n2", "fra observatør", 0, 0),
		{Kind: workshops.OpNoteMove, Note: "n1", X: ptr(1.0), Y: ptr(1.0)},
	} {
		co.op("o-"+strings.ReplaceAll(string(op.Kind), ".", "-"), op)
		if got := co.next(); got.Type != "error" || got.Code != workshops.EFORBIDDEN {
			t.Fatalf("observer %s: %+v", op.Kind, got)
		}
	}
}

func TestMessageFloodIsRateLimited(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	seq := c.next().Board.Seq
	// More than the burst (120) at once: the excess is refused, not queued,
	// and the connection stays usable.
	const flood = 150
	for i := range flood {
		c.op(fmt.Sprint("f", i), createOp(fmt.Sprint("n", i), "x", 0, 0))
	}
	acks, limited := 0, 0
	for acks+limited < flood {
		switch got := c.next(); got.Type {
		case "ack":
			acks++
		case "error":
			if got.Code != workshops.ERATELIMITED || !strings.HasPrefix(got.ID, "f") {
				t.Fatalf("unexpected error %+v", got)
			}
			limited++
		}
	}
	if limited == 0 || acks < 100 || acks > 140 {
		t.Fatalf("%d acks and %d refusals for %d ops at once; want about the burst (120) through", acks, limited, flood)
	}
	st, _ := m.Hub().BoardState(w.Workshop.ID)
	if st.Seq != seq+uint64(acks) {
		t.Fatalf("board seq %d, want %d", st.Seq, seq+uint64(acks))
	}
	time.Sleep(300 * time.Millisecond) // the bucket refills
	c.op("after", createOp("after", "x", 0, 0))
	for {
		if got := c.next(); got.Type == "ack" && got.ID == "after" {
			break
		} else if got.Type == "error" && got.ID == "after" {
			t.Fatalf("after the flood: %+v", got)
		}
	}
}

// TestLongReplayBecomesSnapshot: a client far enough behind that replaying
// would overflow its send queue gets one snapshot, not 4001 over and over.
func TestLongReplayBecomesSnapshot(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	seq := c.next().Board.Seq
	c.conn.Close()
	const n = 300
	for i := range n {
		if err := m.Hub().Submit(t.Context(), w.Workshop, a.Participant.ID, fmt.Sprint("s", i), createOp(fmt.Sprint("n", i), "x", float64(i), 0)); err != nil {
			t.Fatal(err)
		}
	}
	r := MustConnect(t, m, w.Workshop.ID, a.Token, w.Workshop.Epoch, seq)
	if got := r.next(); got.Type != "snapshot" || got.Board.Seq != seq+n || len(got.Board.Notes) != n {
		t.Fatalf("want a snapshot at %d with %d notes, got %s at %d", seq+n, n, got.Type, got.Board.Seq)
	}
	r.quiet(200 * time.Millisecond)
}

func TestFacilitatorClosesJoining(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fasilitator")
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	f.next()
	f.do("close", `{"kind":"board.joining","on":false}`)
	var errBody struct {
		Error struct{ Code string } `json:"error"`
	}
	body := fmt.Sprintf(`{"code":%q,"name":"Sein"}`, w.Workshop.JoinCode)
	if status := postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, &errBody); status != http.StatusConflict || errBody.Error.Code != workshops.ECLOSED {
		t.Fatalf("joining a closed workshop: %d %+v", status, errBody)
	}
	// Those already in keep their place; co-facilitators may still come.
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	if snap := c.next(); snap.Type != "snapshot" {
		t.Fatalf("a participant already in: %+v", snap)
	}
	MustFacilitate(t, m, w, "Medfasilitator")
	f.do("open", `{"kind":"board.joining","on":true}`)
	MustJoin(t, m, w.Workshop.JoinCode, "Sein")
}

func TestSessionsExpireAndNotesAreLimited(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	dir := t.TempDir()
	m := MustStartWith(t, dir, func(m *server.Main) { m.Now = clock }, func(h *server.Hub) {
		h.SessionTTL = 24 * time.Hour
		h.NotesPerMinute = 5
	})
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fride")
	exportStatus := func() int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, m.URL()+"/api/workshops/"+w.Workshop.ID+"/export/json", nil)
		req.Header.Set("Authorization", "Bearer "+fac.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := exportStatus(); got != http.StatusOK {
		t.Fatalf("a facilitator's export: status %d", got)
	}
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	c.next()
	// Five notes at once are fine; the sixth within the minute is not.
	for i := range 6 {
		c.op(fmt.Sprint("c", i), createOp(fmt.Sprint("n", i), "x", 0, 0))
	}
	acks, limited := 0, 0
	for acks+limited < 6 {
		switch got := c.next(); got.Type {
		case "ack":
			acks++
		case "error":
			if got.Code != workshops.ERATELIMITED {
				t.Fatalf("%+v", got)
			}
			limited++
		}
	}
	if acks != 5 || limited != 1 {
		t.Fatalf("%d acks, %d refused; want 5 and 1", acks, limited)
	}
	advance(time.Minute)
	c.op("later", createOp("later", "x", 0, 0))
	if got := c.expect("ack", "later"); got.Type != "ack" {
		t.Fatalf("a note a minute later: %+v", got)
	}
	// A day later the session no longer opens the board.
	advance(25 * time.Hour)
	old := MustDial(t, m, w.Workshop.ID)
	old.sendJSON(map[string]any{"type": "hello", "token": a.Token})
	if code := old.closeCode(); code != server.CloseUnauthorized {
		t.Fatalf("an expired session: close %d", code)
	}
	// Nor does an expired facilitator's session export the board.
	if got := exportStatus(); got == http.StatusOK {
		t.Fatalf("an expired facilitator's session still exports the board")
	}
	// The sweep deletes expired sessions (their token hashes are kept no
	// longer than they can be used) and keeps a young one.
	MustJoin(t, m, w.Workshop.JoinCode, "Ny")
	db := openDB(t, dir)
	sessions := func() int { return count(t, db, `SELECT count(*) FROM sessions WHERE workshop_id = ?`, w.Workshop.ID) }
	if n := sessions(); n != 3 {
		t.Fatalf("%d sessions stored before the sweep, want 3", n)
	}
	if _, err := m.Server().SweepExpired(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := sessions(); n != 1 {
		t.Fatalf("%d sessions left after the sweep, want 1 (the young one)", n)
	}
}

// twoOnABoard starts a server with one workshop, where Aud and Bo are
// connected and have read their snapshots, at seq.
func twoOnABoard(t *testing.T) (m *server.Main, w created, aud joined, ca, cb *wsClient, seq uint64) {
	t.Helper()
	m = MustStart(t, t.TempDir())
	w = MustCreateWorkshop(t, m)
	aud = MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bo := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	ca = MustConnect(t, m, w.Workshop.ID, aud.Token, "", 0)
	cb = MustConnect(t, m, w.Workshop.ID, bo.Token, "", 0)
	seq = ca.next().Board.Seq
	cb.next()
	return m, w, aud, ca, cb, seq
}
