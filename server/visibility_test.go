package server_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// expect reads until a message of the given type (and op id, if any) comes.
func (c *wsClient) expect(typ, id string) msg {
	c.tb.Helper()
	for {
		m := c.next()
		if m.Type == typ && (id == "" || m.ID == id || m.Event.OpID == id) {
			return m
		}
		if m.Type == "error" && m.ID == id && typ != "error" {
			c.tb.Fatalf("op %s refused: %s %s", id, m.Code, m.Message)
		}
	}
}

// do sends a raw op and waits for its ack.
func (c *wsClient) do(id, op string) {
	c.tb.Helper()
	c.sendRaw(`{"type":"op","id":"` + id + `","op":` + op + `}`)
	c.expect("ack", id)
}

// TestVisibilityOnTheWire runs a breakout round, a dot vote and a private
// step through the real server and searches every byte each participant
// received for what they must not see.
func TestVisibilityOnTheWire(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	fj := MustFacilitate(t, m, w, "Fasilitator")
	aj := MustJoin(t, m, w.Workshop.JoinCode, "Aud")
	bj := MustJoin(t, m, w.Workshop.JoinCode, "Bo")
	f := MustConnect(t, m, w.Workshop.ID, fj.Token, "", 0)
	a := MustConnect(t, m, w.Workshop.ID, aj.Token, "", 0)
	b := MustConnect(t, m, w.Workshop.ID, bj.Token, "", 0)

	f.do("g1", `{"kind":"group.create","group":"g1","name":"Tema 1"}`)
	f.do("g2", `{"kind":"group.create","group":"g2","name":"Tema 2"}`)
	f.do("f1", `{"kind":"frame.create","frame":"f1","title":"Idéer 1","x":0,"y":0,"w":600,"h":600,"group":"g1"}`)
	f.do("f2", `{"kind":"frame.create","frame":"f2","title":"Idéer 2","x":1000,"y":0,"w":600,"h":600,"group":"g2"}`)
	f.do("as", fmt.Sprintf(`{"kind":"group.assign","assign":{%q:"g1",%q:"g2"}}`, aj.Participant.ID, bj.Participant.ID))
	f.do("bs", `{"kind":"breakout.start"}`)

	// In breakout, each group writes in its own frame.
	a.do("a1", `{"kind":"note.create","note":"note-of-group-a","text":"SECRET-GROUP-A","color":"yellow","x":100,"y":100}`)
	b.do("b1", `{"kind":"note.create","note":"note-of-group-b","text":"idé fra B","color":"blue","x":1100,"y":100}`)
	// B cannot reach into group A's frame either.
	b.sendRaw(`{"type":"op","id":"b2","op":{"kind":"note.move","note":"note-of-group-a","x":1,"y":1}}`)
	if got := b.expect("error", "b2"); got.Code != workshops.ENOTFOUND {
		t.Fatalf("B moving A's note: %+v", got)
	}

	// A dot vote: budget 2, A spends both on her note, a third is refused.
	f.do("v", `{"kind":"vote.open","vote":"v1","budget":2,"frames":["f1","f2"]}`)
	a.do("c1", `{"kind":"vote.cast","vote":"v1","note":"note-of-group-a"}`)
	a.do("c2", `{"kind":"vote.cast","vote":"v1","note":"note-of-group-a"}`)
	a.sendRaw(`{"type":"op","id":"c3","op":{"kind":"vote.cast","vote":"v1","note":"note-of-group-a"}}`)
	if got := a.expect("error", "c3"); got.Code != workshops.EOVERBUDGET {
		t.Fatalf("a third dot: %+v", got)
	}
	b.do("c4", `{"kind":"vote.cast","vote":"v1","note":"note-of-group-b"}`)
	f.do("sync1", `{"kind":"board.message","text":"tid for pause"}`)
	b.expect("event", "sync1")
	a.expect("event", "sync1")

	for name, c := range map[string]*wsClient{"B": b} {
		raw := c.received()
		for _, secret := range []string{"SECRET-GROUP-A", "note-of-group-a"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s received %q during breakout", name, secret)
			}
		}
	}
	for name, c := range map[string]*wsClient{"A": a, "B": b} {
		raw := string(c.received())
		if strings.Contains(raw, `"totals"`) {
			t.Errorf("%s received vote totals before the reveal", name)
		}
		for _, line := range strings.Split(raw, "\n") {
			if strings.Contains(line, `"vote.cast"`) && !strings.Contains(line, `"actor":"`+map[string]string{"A": aj.Participant.ID, "B": bj.Participant.ID}[name]+`"`) {
				t.Errorf("%s received someone else's ballot: %s", name, line)
			}
		}
	}
	// The facilitator sees both groups' notes, and totals without voters.
	if raw := string(f.received()); !strings.Contains(raw, "SECRET-GROUP-A") || !strings.Contains(raw, "idé fra B") {
		t.Error("the facilitator did not see both groups")
	}
	for _, line := range strings.Split(string(f.received()), "\n") {
		if strings.Contains(line, `"vote.cast"`) && (strings.Contains(line, aj.Participant.ID) || strings.Contains(line, bj.Participant.ID)) {
			t.Errorf("the facilitator was told who voted: %s", line)
		}
	}

	// Back to plenary and reveal: now everyone sees every frame and the totals.
	f.do("be", `{"kind":"breakout.end"}`)
	f.do("rv", `{"kind":"vote.reveal","vote":"v1"}`)
	deadline := time.Now().Add(5 * time.Second)
	for !bytes.Contains(b.received(), []byte("SECRET-GROUP-A")) || !bytes.Contains(b.received(), []byte(`"totals"`)) {
		if time.Now().After(deadline) {
			t.Fatal("after plenary and reveal, B never saw group A's note and the totals")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if bytes.Contains(b.received(), []byte(`"voters":{"`+aj.Participant.ID)) {
		t.Error("B learned who voted")
	}

	// A private step: A's note reaches nobody else until the reveal.
	f.do("ps", `{"kind":"private.start","sealed":true}`)
	a.do("p1", `{"kind":"note.create","note":"private-a","text":"PRIVATE-THOUGHT-A","color":"green","x":300,"y":300}`)
	f.do("sync2", `{"kind":"board.message","text":"snart ferdig"}`)
	b.expect("event", "sync2")
	if bytes.Contains(b.received(), []byte("PRIVATE-THOUGHT-A")) || bytes.Contains(f.received(), []byte("PRIVATE-THOUGHT-A")) {
		t.Fatal("a private note reached someone before the reveal")
	}
	f.do("pr", `{"kind":"private.reveal"}`)
	deadline = time.Now().Add(5 * time.Second)
	for !bytes.Contains(b.received(), []byte("PRIVATE-THOUGHT-A")) {
		if time.Now().After(deadline) {
			t.Fatal("after the reveal B never saw A's private note")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A removed participant is disconnected and cannot come back with the
	// same session.
	f.do("rm", fmt.Sprintf(`{"kind":"participant.remove","person":%q}`, bj.Participant.ID))
	if code := b.closeCode(); code != 4003 {
		t.Fatalf("removed participant: close %d", code)
	}
	again := MustDial(t, m, w.Workshop.ID)
	again.sendJSON(map[string]any{"type": "hello", "token": bj.Token})
	if code := again.closeCode(); code != 4003 {
		t.Fatalf("removed participant's session: close %d", code)
	}
}

// TestBudgetHoldsAcrossNodes: one person casts dots through two nodes at
// once; the budget is decided in log order, so exactly budget dots count,
// whichever node took them.
func TestBudgetHoldsAcrossNodes(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		w := MustCreateWorkshop(t, c.nodes[0])
		fj := MustFacilitate(t, c.nodes[0], w, "Fasilitator")
		aj := MustJoin(t, c.nodes[0], w.Workshop.JoinCode, "Aud")
		f := MustConnect(t, c.nodes[0], w.Workshop.ID, fj.Token, "", 0)
		f.next()
		f.do("n", `{"kind":"note.create","note":"idea","text":"idé","color":"yellow","x":0,"y":0}`)
		f.do("v", `{"kind":"vote.open","vote":"v1","budget":3}`)
		conns := []*wsClient{
			MustConnect(t, c.nodes[0], w.Workshop.ID, aj.Token, "", 0),
			MustConnect(t, c.nodes[1], w.Workshop.ID, aj.Token, "", 0),
		}
		const per = 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		outcome := map[string]int{}
		for i, ac := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range per {
					ac.sendRaw(fmt.Sprintf(`{"type":"op","id":"dot-%d-%d","op":{"kind":"vote.cast","vote":"v1","note":"idea"}}`, i, k))
				}
				for settled := 0; settled < per; {
					m, err := ac.read(10 * time.Second)
					if err != nil {
						t.Errorf("node %d: %v", i, err)
						return
					}
					if (m.Type == "ack" || m.Type == "error") && strings.HasPrefix(m.ID, "dot-") {
						settled++
						mu.Lock()
						outcome[m.Type+" "+m.Code]++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		if outcome["ack "] != 3 || outcome["error "+workshops.EOVERBUDGET] != 2*per-3 {
			t.Fatalf("outcomes %v, want 3 acks and %d over_budget", outcome, 2*per-3)
		}
	})
}
