package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/server/sqlite"
	"github.com/samskap/samskap/workshops"
)

// TestSnapshotStormSharesCorrectViews: 40 people connect at once (a county
// on one board after a network blip) to a board in breakout, with hidden
// notes, a vote and a dot of one person's own, while the facilitator keeps
// writing. The runner encodes a snapshot once per seq for everyone who sees
// the same (workshops.ViewKeys); each person's snapshot must still be
// exactly their view of the board at the seq it claims, as rebuilt from
// the store's log.
func TestSnapshotStormSharesCorrectViews(t *testing.T) {
	dir := t.TempDir()
	store, err := sqlite.Open(filepath.Join(dir, "own.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	m := MustStartWith(t, dir, func(m *server.Main) { m.Store = store })
	w := MustCreateWorkshop(t, m)
	fac := MustFacilitate(t, m, w, "Fac")
	f := MustConnect(t, m, w.Workshop.ID, fac.Token, "", 0)
	f.next()
	n := 0
	do := func(c *wsClient, op workshops.Op) {
		t.Helper()
		n++
		id := fmt.Sprint("o", n)
		c.op(id, op)
		for got := c.next(); got.Type != "ack" || got.ID != id; got = c.next() {
			if got.Type == "error" {
				t.Fatalf("%s: %+v", op.Kind, got)
			}
		}
	}
	const people = 40
	var joined []joined
	assign := map[string]string{}
	for i := range people {
		p := MustJoin(t, m, w.Workshop.JoinCode, fmt.Sprint("P", i))
		joined = append(joined, p)
		assign[p.Participant.ID] = []string{"g1", "g2", ""}[i%3]
	}
	do(f, workshops.Op{Kind: workshops.OpGroupCreate, Group: ptr("g1"), Name: ptr("Bolig")})
	do(f, workshops.Op{Kind: workshops.OpGroupCreate, Group: ptr("g2"), Name: ptr("Jobb")})
	do(f, workshops.Op{Kind: workshops.OpGroupAssign, Assign: assign})
	do(f, workshops.Op{Kind: workshops.OpFrameCreate, Frame: "f1", Title: ptr("En"), X: ptr(0.0), Y: ptr(0.0), W: ptr(1000.0), H: ptr(1000.0), Group: ptr("g1")})
	do(f, workshops.Op{Kind: workshops.OpFrameCreate, Frame: "f2", Title: ptr("To"), X: ptr(2000.0), Y: ptr(0.0), W: ptr(1000.0), H: ptr(1000.0), Group: ptr("g2")})
	do(f, workshops.Op{Kind: workshops.OpBreakoutStart})
	for i := range 12 {
		do(f, createOp(fmt.Sprint("n", i), fmt.Sprint("lapp ", i), float64(100+(i%3)*1000), 100))
	}
	do(f, workshops.Op{Kind: workshops.OpNoteHide, Note: "n0", On: ptr(true)})
	do(f, workshops.Op{Kind: workshops.OpVoteOpen, Vote: "v1", Budget: ptr(3)})
	p0 := MustConnect(t, m, w.Workshop.ID, joined[0].Token, "", 0)
	p0.next()
	do(p0, workshops.Op{Kind: workshops.OpVoteCast, Vote: "v1", Note: "n1"})

	// The storm, while the facilitator writes.
	stop := make(chan struct{})
	var writer sync.WaitGroup
	writer.Add(1)
	go func() {
		defer writer.Done()
		for i := 100; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			f.op(fmt.Sprint("w", i), createOp(fmt.Sprint("n", i), "mer", float64(2100), 100))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	type got struct {
		person string
		view   workshops.View
	}
	results := make([]got, people)
	var wg sync.WaitGroup
	for i, p := range joined {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, _, err := websocket.DefaultDialer.Dial(socketURL(m, w.Workshop.ID), nil)
			if err != nil {
				t.Errorf("P%d: %v", i, err)
				return
			}
			t.Cleanup(func() { conn.Close() })
			if err := conn.WriteJSON(map[string]any{"type": "hello", "token": p.Token}); err != nil {
				t.Errorf("P%d: %v", i, err)
				return
			}
			c := newWSClient(t, conn)
			for {
				msg, err := c.read(30 * time.Second)
				if err != nil {
					t.Errorf("P%d: %v", i, err)
					return
				}
				if msg.Type == "snapshot" {
					results[i] = got{p.Participant.ID, msg.Board}
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	writer.Wait()
	if t.Failed() {
		return
	}

	// Each snapshot against the log up to its seq.
	events, err := store.Events(context.Background(), w.Workshop.ID, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[uint64]bool{}
	for _, r := range results {
		seqs[r.view.Seq] = true
		b := workshops.NewBoard(w.Workshop.ID, w.Workshop.Title)
		for _, e := range events {
			if e.Seq > r.view.Seq {
				break
			}
			if err := workshops.Apply(b, e); err != nil {
				t.Fatalf("replaying %d: %v", e.Seq, err)
			}
		}
		want, _ := json.Marshal(b.ViewFor(r.person))
		have, _ := json.Marshal(r.view)
		if string(want) != string(have) {
			t.Fatalf("%s's snapshot at seq %d:\n%s\nwant\n%s", r.person, r.view.Seq, have, want)
		}
	}
	// The storm did share encodings (else this test tests nothing new).
	resp, err := http.Get(m.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	shared := ""
	for line := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "samskap_snapshots_shared_total "); ok {
			shared = v
		}
	}
	if shared == "" || shared == "0" {
		t.Fatalf("no snapshot was shared (samskap_snapshots_shared_total %q)", shared)
	}
	t.Logf("%d people, snapshots at %d different seqs, %s shared", people, len(seqs), shared)
}
