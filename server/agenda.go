package server

import (
	"math/rand/v2"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/samskap/samskap/workshops"
)

// The agenda resource: a facilitator moves through the workshop's run of
// show (workshops.Agenda). "next" and "repeat" perform the step's actions
// on the server, as operations of the facilitator, so one click does the
// same on every screen; "skip" and "back" only move.
func (s *Server) agendaRoutes(r chi.Router) {
	r.Post("/workshops/{id}/agenda/{action}", s.agendaStep)
	r.Get("/workshops/{id}/progress", s.progress)
}

// progress is how the work goes, per part of the agenda: GET
// /api/workshops/{id}/progress, for the workshop's facilitators and the
// organiser. The facilitator's panel asks every few seconds while open.
func (s *Server) progress(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b, err := s.boardState(r.Context(), ws)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b.Progress())
}

type agendaRequest struct {
	// From is the step the facilitator's screen shows as current; a
	// different current step (someone moved it meanwhile) is a conflict.
	From *int `json:"from"`
}

type agendaAnswer struct {
	Current int                 `json:"current"`
	Done    []workshops.OpKind  `json:"done"`
	Skipped []workshops.Skipped `json:"skipped"`
}

func (s *Server) agendaStep(w http.ResponseWriter, r *http.Request) {
	action := chi.URLParam(r, "action")
	if action != "next" && action != "skip" && action != "back" && action != "repeat" {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such agenda action"))
		return
	}
	var req agendaRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.From == nil {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "give the step you are at (from)"))
		return
	}
	id := chi.URLParam(r, "id")
	sess, err := s.session(r, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if sess.Role != workshops.RoleFacilitator {
		writeError(w, r, workshops.Errorf(workshops.EFORBIDDEN, "only the workshop's facilitators may run the agenda"))
		return
	}
	ws, err := s.store.Workshop(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b, err := s.boardState(r.Context(), ws)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if b.Agenda == nil {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "the workshop has no agenda"))
		return
	}
	from := *req.From
	to := from
	switch action {
	case "next", "skip":
		to = from + 1
	case "back":
		to = from - 1
	}
	if to < 0 || to > len(b.Agenda.Steps) || (action == "next" || action == "repeat") && to == 0 {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "there is no such step"))
		return
	}
	// Move first: agenda.go checks that the agenda is still at from, so
	// two facilitators pressing "Next step" at once perform it once.
	move := workshops.Op{Kind: workshops.OpAgendaGo, Step: &to, FromStep: &from}
	if err := s.hub.Submit(r.Context(), ws, sess.ParticipantID, uuid.NewString(), move); err != nil {
		writeError(w, r, err)
		return
	}
	ans := agendaAnswer{Current: to, Done: []workshops.OpKind{}, Skipped: []workshops.Skipped{}}
	if action == "next" || action == "repeat" {
		b, err := s.boardState(r.Context(), ws)
		if err != nil {
			writeError(w, r, err)
			return
		}
		ops, skipped := b.PlanStep(b.Agenda.Steps[to-1], sess.ParticipantID, rand.Shuffle)
		ans.Skipped = append(ans.Skipped, skipped...)
		for _, op := range ops {
			if err := s.hub.Submit(r.Context(), ws, sess.ParticipantID, uuid.NewString(), op); err != nil {
				// Someone changed the board in between: say what was done.
				ans.Skipped = append(ans.Skipped, workshops.Skipped{Kind: op.Kind, Reason: workshops.ErrorMessage(err)})
				continue
			}
			ans.Done = append(ans.Done, op.Kind)
		}
	}
	writeJSON(w, http.StatusOK, ans)
}
