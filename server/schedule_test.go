package server_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestScheduleAPI: a workshop's planned date, times and place are set at
// creation or later by the organiser or a facilitator (not a
// participant); a wrong field is refused and changes nothing; the
// organiser's list is sorted by them; the join page reads them by code.
func TestScheduleAPI(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	base := m.URL() + "/api"
	mk := func(title, schedule string) created {
		t.Helper()
		var c created
		if st := postJSON(t, org, base+"/workshops", `{"title":"`+title+`","schedule":`+schedule+`}`, &c); st != http.StatusCreated {
			t.Fatalf("create %s: %d", title, st)
		}
		return c
	}
	late := mk("Visjonsverkstad", `{"date":"2026-03-18","start":"18:00","end":"20:30","place":"Kulturhuset, Kjøllefjord"}`)
	early := mk("Oppstartsverkstad", `{"date":"2026-02-12","start":"09:00"}`)
	unplanned := mk("Uplanlagd", `{}`)
	if late.Workshop.Schedule != (workshops.Schedule{Date: "2026-03-18", Start: "18:00", End: "20:30", Place: "Kulturhuset, Kjøllefjord"}) {
		t.Errorf("created with %+v", late.Workshop.Schedule)
	}
	var bad created
	if st := postJSON(t, org, base+"/workshops", `{"title":"X","schedule":{"date":"2026-02-30"}}`, &bad); st != http.StatusBadRequest {
		t.Errorf("a workshop on 30 February: %d", st)
	}

	var list struct{ Workshops []workshops.Workshop }
	if st := apiCall(t, org, "GET", base+"/workshops", "", "", &list); st != http.StatusOK {
		t.Fatal(st)
	}
	var order []string
	for _, w := range list.Workshops {
		order = append(order, w.ID)
	}
	if want := []string{early.Workshop.ID, late.Workshop.ID, unplanned.Workshop.ID}; !slices.Equal(order, want) {
		t.Errorf("the list's order %v, want by planned date %v", order, want)
	}

	// Who may change it, and what is refused.
	fac := MustFacilitate(t, m, late, "Fasilitator")
	part := MustJoin(t, m, late.Workshop.JoinCode, "Deltakar")
	url := base + "/workshops/" + late.Workshop.ID + "/schedule"
	link := `{"date":"2026-03-19","start":"18:00","end":"20:00","place":"https://meet.example.invalid/lebesby"}`
	if st := apiCall(t, http.DefaultClient, "PUT", url, part.Token, link, nil); st != http.StatusForbidden {
		t.Errorf("a participant set the schedule: %d", st)
	}
	if st := apiCall(t, http.DefaultClient, "PUT", url, "", link, nil); st != http.StatusUnauthorized {
		t.Errorf("anyone set the schedule: %d", st)
	}
	for _, body := range []string{
		`{"date":"19.03.2026"}`,                                         // not YYYY-MM-DD
		`{"date":"2026-03-19","start":"25:00"}`,                         // no such time
		`{"date":"2026-03-19","start":"18:00","end":"17:00"}`,           // ends before it starts
		`{"start":"18:00"}`,                                             // a time without a day
		`{"date":"2026-03-19","place":"http://meet.example.invalid/x"}`, // a link, not https
		`{"date":"2026-03-19","place":"javascript://alert(1)"}`,
		`{"date":"2026-03-19","place":"Sal 1\nSal 2"}`, // two lines
	} {
		if st := apiCall(t, http.DefaultClient, "PUT", url, fac.Token, body, nil); st != http.StatusBadRequest {
			t.Errorf("PUT %s: %d, want 400", body, st)
		}
	}
	var info struct {
		Title    string
		Schedule workshops.Schedule
	}
	if st := apiCall(t, http.DefaultClient, "GET", base+"/join/"+late.Workshop.JoinCode, "", "", &info); st != http.StatusOK || info.Schedule.Date != "2026-03-18" {
		t.Fatalf("after refused changes: %d %+v", st, info)
	}
	var answer struct{ Workshop workshops.Workshop }
	if st := apiCall(t, http.DefaultClient, "PUT", url, fac.Token, link, &answer); st != http.StatusOK || answer.Workshop.Schedule.PlaceURL() == "" {
		t.Fatalf("the facilitator set the schedule: %d %+v", st, answer.Workshop.Schedule)
	}
	// The join page's look-up: title and schedule, nothing more.
	var raw map[string]json.RawMessage
	if st := apiCall(t, http.DefaultClient, "GET", base+"/join/"+late.Workshop.JoinCode, "", "", &raw); st != http.StatusOK {
		t.Fatal(st)
	}
	json.Unmarshal(raw["schedule"], &info.Schedule)
	if info.Schedule.Place != "https://meet.example.invalid/lebesby" || info.Schedule.Date != "2026-03-19" {
		t.Errorf("the join page reads %+v", info.Schedule)
	}
	for k := range raw {
		if k != "title" && k != "lang" && k != "schedule" {
			t.Errorf("the join look-up tells %q", k)
		}
	}
	if st := apiCall(t, http.DefaultClient, "GET", base+"/join/ZZZZZZ", "", "", nil); st != http.StatusNotFound {
		t.Errorf("an unknown code: %d", st)
	}
	// Cleared by the organiser.
	answer.Workshop = workshops.Workshop{}
	if st := apiCall(t, org, "PUT", url, "", `{}`, &answer); st != http.StatusOK || !answer.Workshop.Schedule.IsZero() {
		t.Errorf("clearing: %d %+v", st, answer.Workshop.Schedule)
	}
}

// TestJoinCategory: the join API takes an optional category; an unknown
// one is refused; the facilitator sees it on the board, another
// participant does not.
func TestJoinCategory(t *testing.T) {
	m := MustStart(t, t.TempDir())
	c := MustCreateWorkshop(t, m)
	join := func(body string) (int, joined) {
		var j joined
		return postJSON(t, http.DefaultClient, m.URL()+"/api/join", body, &j), j
	}
	if st, _ := join(`{"code":"` + c.Workshop.JoinCode + `","name":"Kari","category":"leverandør"}`); st != http.StatusBadRequest {
		t.Errorf("an unknown category: %d", st)
	}
	st, sup := join(`{"code":"` + c.Workshop.JoinCode + `","name":"Kari","category":"supplier"}`)
	if st != http.StatusOK || sup.Participant.Category != workshops.CategorySupplier {
		t.Fatalf("join as a supplier: %d %+v", st, sup.Participant)
	}
	_, other := join(`{"code":"` + c.Workshop.JoinCode + `","name":"Ola"}`)
	if other.Participant.Category != "" {
		t.Errorf("a join without a category got %q", other.Participant.Category)
	}
	fac := MustFacilitate(t, m, c, "Fasilitator")
	category := func(token string) workshops.Category {
		t.Helper()
		conn := MustConnect(t, m, c.Workshop.ID, token, "", 0)
		snap := conn.next()
		for _, p := range snap.Board.Participants {
			if p.ID == sup.Participant.ID {
				return p.Category
			}
		}
		t.Fatal("Kari is not on the board")
		return ""
	}
	if got := category(fac.Token); got != workshops.CategorySupplier {
		t.Errorf("the facilitator sees %q", got)
	}
	if got := category(other.Token); got != "" {
		t.Errorf("another participant sees Kari's category %q", got)
	}
}

// TestReorderProcessAPI: the organiser reorders a process's workshops; an
// order that leaves one out is refused and changes nothing.
func TestReorderProcessAPI(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	base := m.URL() + "/api"
	var p struct{ Process workshops.Process }
	if st := postJSON(t, org, base+"/processes", `{"municipality":"Lebesby"}`, &p); st != http.StatusCreated {
		t.Fatal(st)
	}
	var ids []string
	for _, title := range []string{"A", "B", "C"} {
		var c created
		if st := postJSON(t, org, base+"/workshops", `{"title":"`+title+`","process":"`+p.Process.ID+`"}`, &c); st != http.StatusCreated {
			t.Fatal(st)
		}
		ids = append(ids, c.Workshop.ID)
	}
	url := base + "/processes/" + p.Process.ID + "/order"
	body := func(ids ...string) string {
		b, _ := json.Marshal(map[string][]string{"workshops": ids})
		return string(b)
	}
	if st := apiCall(t, org, "PUT", url, "", body(ids[2], ids[0]), nil); st != http.StatusBadRequest {
		t.Errorf("an order leaving one out: %d", st)
	}
	if st := apiCall(t, http.DefaultClient, "PUT", url, "", body(ids[2], ids[0], ids[1]), nil); st == http.StatusOK {
		t.Error("anyone may reorder")
	}
	var out struct{ Workshops []workshops.Workshop }
	if st := apiCall(t, org, "PUT", url, "", body(ids[2], ids[0], ids[1]), &out); st != http.StatusOK {
		t.Fatal(st)
	}
	var got []string
	for _, w := range out.Workshops {
		got = append(got, w.ID)
	}
	if want := []string{ids[2], ids[0], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
