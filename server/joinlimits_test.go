package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/workshops"
)

// postJoin posts a join and returns the status and the error code, if any.
func postJoin(t *testing.T, m node, code, name string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"code": code, "name": name})
	resp, err := http.Post(m.URL()+"/api/join", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error.Code
}

// TestHallJoinsWhileOneGuesses: 300 people behind one address (a school
// hall's, here 127.0.0.1) join one workshop while one of them guesses
// codes as fast as the server answers. Everyone with the right code gets
// in; so do the facilitator and the organiser; the guesser's attempts are
// paced once their budget is used up.
func TestHallJoinsWhileOneGuesses(t *testing.T) {
	if testing.Short() {
		t.Skip("300 joins")
	}
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	start := time.Now()

	stop := make(chan struct{})
	var guesses, guessRefused atomic.Int64
	guesserDone := make(chan struct{})
	go func() {
		defer close(guesserDone)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			status, code := postJoin(t, m, fmt.Sprintf("ZZ%04d", i), "Gjetter")
			guesses.Add(1)
			switch {
			case status == http.StatusNotFound && code == workshops.ENOTFOUND:
			case status == http.StatusTooManyRequests && code == workshops.ERATELIMITED:
				guessRefused.Add(1)
			default:
				t.Errorf("a wrong code: %d %s", status, code)
				return
			}
		}
	}()

	const people, workers = 300, 8
	names := make(chan int, people)
	for i := range people {
		names <- i
	}
	close(names)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range names {
				if status, code := postJoin(t, m, w.Workshop.JoinCode, fmt.Sprint("Elev ", i)); status != http.StatusOK {
					failed.Add(1)
					t.Errorf("person %d with the right code: %d %s", i, status, code)
				}
			}
		}()
	}
	// While the hall joins, the facilitator and the organiser get in too.
	MustFacilitate(t, m, w, "Fasilitator")
	MustOrganiser(t, m)
	wg.Wait()
	took := time.Since(start)
	close(stop)
	<-guesserDone
	if failed.Load() > 0 {
		t.Fatalf("%d of %d people with the right code were refused", failed.Load(), people)
	}
	b, ok := m.Hub().BoardState(w.Workshop.ID)
	if !ok {
		t.Fatal("the board is not loaded")
	}
	if n := len(b.Participants); n != people+1 {
		t.Fatalf("the board holds %d people, want %d and the facilitator", n, people)
	}
	// The guesser had 30 free failures, then at most 10 checks a second
	// (shared with the hall); generous slack for a slow machine.
	limit := 30 + int64(10*took.Seconds()) + 20
	if g := guesses.Load() - guessRefused.Load(); g > limit {
		t.Fatalf("the guesser had %d codes checked in %v; the pace allows at most %d", g, took, limit)
	}
	t.Logf("%d joins from one address in %v (noisy: a shared machine); the guesser tried %d codes, %d refused outright",
		people, took.Round(time.Millisecond), guesses.Load(), guessRefused.Load())
}

// TestWorkshopCapCountsActivePeople: with -max-people 3 the fourth
// person is refused (limit_reached), the facilitator is always let in,
// and someone who joined more than ten minutes ago and never wrote
// anything stops counting, while a writer still counts.
func TestWorkshopCapCountsActivePeople(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	m := MustStartWith(t, t.TempDir(), func(m *server.Main) {
		m.Now = clock
		m.Config.MaxPeople = 3
	})
	w := MustCreateWorkshop(t, m)
	writer := MustJoin(t, m, w.Workshop.JoinCode, "Skriver")
	c := MustConnect(t, m, w.Workshop.ID, writer.Token, "", 0)
	c.next()
	c.do("n1", `{"kind":"note.create","note":"n1","text":"en idé","color":"yellow","x":0,"y":0}`)
	MustJoin(t, m, w.Workshop.JoinCode, "Stille 1")
	MustJoin(t, m, w.Workshop.JoinCode, "Stille 2")
	if status, code := postJoin(t, m, w.Workshop.JoinCode, "Fjerde"); status != http.StatusConflict || code != workshops.ELIMIT {
		t.Fatalf("a fourth person in a room for 3: %d %s", status, code)
	}
	MustFacilitate(t, m, w, "Fasilitator") // always let in
	mu.Lock()
	now = now.Add(11 * time.Minute)
	mu.Unlock()
	// The two silent ones count no more; the writer does.
	MustJoin(t, m, w.Workshop.JoinCode, "Ny 1")
	MustJoin(t, m, w.Workshop.JoinCode, "Ny 2")
	if status, code := postJoin(t, m, w.Workshop.JoinCode, "Ny 3"); status != http.StatusConflict || code != workshops.ELIMIT {
		t.Fatalf("after the silent ones stopped counting, a third newcomer: %d %s", status, code)
	}
}
