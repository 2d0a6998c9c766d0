package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

type agendaAnswer struct {
	Current int                 `json:"current"`
	Done    []workshops.OpKind  `json:"done"`
	Skipped []workshops.Skipped `json:"skipped"`
	Error   *struct {
		Code string `json:"code"`
	} `json:"error"`
}

// agendaPost runs one agenda action as the holder of token.
func agendaPost(tb testing.TB, m node, id, token, action, body string) (int, agendaAnswer) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, m.URL()+"/api/workshops/"+id+"/agenda/"+action, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out agendaAnswer
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

// TestAgendaEveryPreset runs the agenda of every preset, in bokmål and
// nynorsk, with "Next step" alone through the server, with two participants
// on the board: every step's actions are performed without a refusal, and
// after each step the board is where the step says (the agenda's current
// step, the step's timer, breakout, the template's vote budget and cap).
func TestAgendaEveryPreset(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range cat.Templates() {
		for _, lang := range []workshops.Lang{workshops.LangNB, workshops.LangNN} {
			t.Run(tpl.Key+"-"+string(lang), func(t *testing.T) {
				params := tpl.MinimalParams()
				pj, _ := json.Marshal(params)
				var ws created
				if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"`+string(lang)+`","template":"`+tpl.Key+`","params":`+string(pj)+`}`, &ws); st != http.StatusCreated {
					t.Fatalf("create: %d", st)
				}
				id := ws.Workshop.ID
				fac := MustFacilitate(t, m, ws, "Fasilitator")
				MustJoin(t, m, ws.Workshop.JoinCode, "Kari")
				MustJoin(t, m, ws.Workshop.JoinCode, "Ola")
				want, err := tpl.Agenda(lang, params)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := m.Hub().BoardState(id)
				if len(want) == 0 {
					if b.Agenda != nil {
						t.Fatalf("a template without scripts got an agenda: %+v", b.Agenda)
					}
					if st, _ := agendaPost(t, m, id, fac.Token, "next", `{"from":0}`); st != http.StatusNotFound {
						t.Fatalf("next without an agenda: %d, want 404", st)
					}
					return
				}
				if b.Agenda == nil || len(b.Agenda.Steps) != len(want) || b.Agenda.Current != 0 {
					t.Fatalf("agenda after setup: %+v, want %d steps at 0", b.Agenda, len(want))
				}
				for i, step := range want {
					st, ans := agendaPost(t, m, id, fac.Token, "next", fmt.Sprintf(`{"from":%d}`, i))
					if st != http.StatusOK || ans.Current != i+1 {
						t.Fatalf("step %d: %d %+v", i+1, st, ans)
					}
					for _, s := range ans.Skipped {
						// Nobody voted in this run, so there are no top notes to mark.
						if s.Kind != workshops.OpVoteTop {
							t.Errorf("step %d (%s): %s refused: %s", i+1, step.Title, s.Kind, s.Reason)
						}
					}
					wantDone := len(step.Ops)
					if step.Assign {
						wantDone++ // the server's group.assign
					}
					if len(ans.Done) != wantDone {
						t.Errorf("step %d: did %v, want the step's %d operations", i+1, ans.Done, len(step.Ops))
					}
					b, _ := m.Hub().BoardState(id)
					if b.Agenda.Current != i+1 {
						t.Fatalf("step %d: board agenda at %d", i+1, b.Agenda.Current)
					}
					for _, op := range step.Ops {
						switch op.Kind {
						case workshops.OpTimerStart:
							if b.Timer == nil || !b.Timer.Running || b.Timer.DurationMs != int64(step.Minutes)*60_000 {
								t.Errorf("step %d: timer %+v, want %d min running", i+1, b.Timer, step.Minutes)
							}
						case workshops.OpBreakoutStart, workshops.OpBreakoutEnd:
							if b.Breakout != (op.Kind == workshops.OpBreakoutStart) {
								t.Errorf("step %d: breakout %v after %s", i+1, b.Breakout, op.Kind)
							}
						case workshops.OpVoteOpen:
							v := b.Votes[op.Vote]
							if !v.Open || v.Budget != *op.Budget || op.Cap != nil && v.Cap != *op.Cap {
								t.Errorf("step %d: vote %+v, want open with %d dots", i+1, v, *op.Budget)
							}
						case workshops.OpVoteReveal:
							if !b.Votes[op.Vote].Revealed {
								t.Errorf("step %d: vote %s not revealed", i+1, op.Vote)
							}
						case workshops.OpBoardFocus:
							if b.Focus == nil || b.Focus.Frame != op.Frame {
								t.Errorf("step %d: focus %+v, want %s", i+1, b.Focus, op.Frame)
							}
						}
					}
				}
				// Past the last step there is nothing to do.
				if st, _ := agendaPost(t, m, id, fac.Token, "next", fmt.Sprintf(`{"from":%d}`, len(want))); st != http.StatusBadRequest {
					t.Errorf("next past the end: %d, want 400", st)
				}
			})
		}
	}
}

// TestAgendaRefusals: someone who is not a facilitator, a stale "from" and
// an unknown action are refused and change nothing; back, skip and repeat
// move as they say.
func TestAgendaRefusals(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	tpl := "visjon"
	cat, _ := templates.Load()
	vis, _ := cat.Get(tpl)
	pj, _ := json.Marshal(vis.MinimalParams())
	var ws created
	if st := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":`+string(pj)+`}`, &ws); st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	id := ws.Workshop.ID
	fac := MustFacilitate(t, m, ws, "Fasilitator")
	kari := MustJoin(t, m, ws.Workshop.JoinCode, "Kari")
	before, _ := m.Hub().BoardState(id)

	for _, c := range []struct {
		name, token, action, body string
		status                    int
	}{
		{"participant", kari.Token, "next", `{"from":0}`, http.StatusForbidden},
		{"no session", "", "next", `{"from":0}`, http.StatusUnauthorized},
		{"stale from", fac.Token, "next", `{"from":3}`, http.StatusConflict},
		{"no from", fac.Token, "next", `{}`, http.StatusBadRequest},
		{"back before the start", fac.Token, "back", `{"from":0}`, http.StatusBadRequest},
		{"repeat before the start", fac.Token, "repeat", `{"from":0}`, http.StatusBadRequest},
		{"unknown action", fac.Token, "jump", `{"from":0}`, http.StatusNotFound},
	} {
		if st, _ := agendaPost(t, m, id, c.token, c.action, c.body); st != c.status {
			t.Errorf("%s: %d, want %d", c.name, st, c.status)
		}
	}
	after, _ := m.Hub().BoardState(id)
	// Kari's join is the one change since: no refusal moved anything.
	if after.Seq != before.Seq || after.Agenda.Current != 0 || after.Timer != nil || after.Focus != nil {
		t.Fatalf("refusals changed the board: seq %d -> %d, agenda at %d", before.Seq, after.Seq, after.Agenda.Current)
	}

	// skip moves without acting; back too; repeat acts again.
	if st, ans := agendaPost(t, m, id, fac.Token, "skip", `{"from":0}`); st != http.StatusOK || ans.Current != 1 || len(ans.Done) != 0 {
		t.Fatalf("skip: %d %+v", st, ans)
	}
	if b, _ := m.Hub().BoardState(id); b.Focus != nil {
		t.Fatalf("skip performed the step: focus %+v", b.Focus)
	}
	if st, ans := agendaPost(t, m, id, fac.Token, "repeat", `{"from":1}`); st != http.StatusOK || ans.Current != 1 || len(ans.Done) == 0 {
		t.Fatalf("repeat: %d %+v", st, ans)
	}
	if b, _ := m.Hub().BoardState(id); b.Focus == nil || b.Focus.Frame != templates.IntroFrameID {
		t.Fatalf("repeat did not focus the intro: %+v", b.Focus)
	}
	if st, ans := agendaPost(t, m, id, fac.Token, "back", `{"from":1}`); st != http.StatusOK || ans.Current != 0 {
		t.Fatalf("back: %d %+v", st, ans)
	}

	// Progress: the facilitators' and the organiser's only.
	get := func(token string) (int, workshops.Progress) {
		req, _ := http.NewRequest(http.MethodGet, m.URL()+"/api/workshops/"+id+"/progress", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var p workshops.Progress
		json.NewDecoder(resp.Body).Decode(&p)
		return resp.StatusCode, p
	}
	if st, _ := get(kari.Token); st != http.StatusForbidden {
		t.Errorf("a participant's progress: %d", st)
	}
	if st, _ := get(""); st != http.StatusUnauthorized {
		t.Errorf("progress without a session: %d", st)
	}
	st, p := get(fac.Token)
	if st != http.StatusOK || p.Participants != 1 || len(p.Parts) != 3 || p.Parts[1].Part != "idemyldring" || len(p.Parts[1].Idle) != 1 || p.Parts[1].Idle[0] != kari.Participant.ID {
		t.Errorf("progress: %d %+v", st, p)
	}
}

// TestFacilitatorLinkRenewal: the organiser's "new facilitator link" makes
// the old link stop working and the new one work; a facilitator on the
// board stays; the organiser may open the workshop as facilitator without
// a link; nobody else may do either.
func TestFacilitatorLinkRenewal(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	w := MustCreateWorkshop(t, m)
	first := MustFacilitate(t, m, w, "Fride")
	id := w.Workshop.ID

	// Not the organiser: refused, the old link still works.
	if st := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops/"+id+"/facilitator-link", `{}`, nil); st != http.StatusUnauthorized && st != http.StatusForbidden {
		t.Fatalf("a stranger renewed the link: %d", st)
	}
	MustFacilitate(t, m, w, "Frode")

	var ans struct {
		FacilitatorKey string `json:"facilitatorKey"`
		FacilitatorURL string `json:"facilitatorUrl"`
	}
	if st := postJSON(t, org, m.URL()+"/api/workshops/"+id+"/facilitator-link", `{}`, &ans); st != http.StatusOK || ans.FacilitatorKey == "" || ans.FacilitatorKey == w.FacilitatorKey ||
		ans.FacilitatorURL != "/w/"+id+"#key="+ans.FacilitatorKey {
		t.Fatalf("renew: %d %+v", st, ans)
	}
	body, _ := json.Marshal(map[string]string{"key": w.FacilitatorKey, "name": "Gammel"})
	if st := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops/"+id+"/facilitate", string(body), nil); st != http.StatusUnauthorized {
		t.Fatalf("the old link still works: %d", st)
	}
	renewed := w
	renewed.FacilitatorKey = ans.FacilitatorKey
	MustFacilitate(t, m, renewed, "Ny")
	// The facilitator who came in with the old link keeps their session.
	if st, _ := agendaPost(t, m, id, first.Token, "next", `{"from":0}`); st != http.StatusNotFound { // no agenda on a blank board
		t.Fatalf("the first facilitator's session: %d, want 404 (allowed, no agenda)", st)
	}
	// Without a key: the organiser gets in, a stranger does not.
	if st := postJSON(t, org, m.URL()+"/api/workshops/"+id+"/facilitate", `{"name":"Organisator"}`, nil); st != http.StatusOK {
		t.Fatalf("open as facilitator: %d", st)
	}
	if st := postJSON(t, http.DefaultClient, m.URL()+"/api/workshops/"+id+"/facilitate", `{"name":"Inntrenger"}`, nil); st != http.StatusUnauthorized {
		t.Fatalf("a stranger without a key: %d", st)
	}
	if st := postJSON(t, org, m.URL()+"/api/workshops/nope/facilitator-link", `{}`, nil); st != http.StatusNotFound {
		t.Fatalf("renew an unknown workshop: %d", st)
	}
}
