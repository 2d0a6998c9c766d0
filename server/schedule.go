package server

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/workshops"
)

// scheduleRoutes: when and where a workshop is planned, the order of a
// process's workshops, and what the join page may show before joining.
func (s *Server) scheduleRoutes(r chi.Router) {
	r.Put("/workshops/{id}/schedule", s.setSchedule)
	r.With(s.organiserOnly).Put("/processes/{id}/order", s.reorderProcess)
	r.Get("/join/{code}", s.joinInfo)
}

// setSchedule sets when and where a workshop is planned, for the organiser
// or the workshop's facilitators: PUT /api/workshops/{id}/schedule
// {"date": "2026-03-05", "start": "09:00", "end": "15:30", "place": "..."};
// empty fields clear them. A wrong field is refused (EINVALID) and nothing
// changes.
func (s *Server) setSchedule(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req workshops.Schedule
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	sc, err := workshops.CleanSchedule(req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.store.SetSchedule(r.Context(), ws.ID, sc); err != nil {
		writeError(w, r, err)
		return
	}
	ws.Schedule = sc
	s.hub.UpdateWorkshop(ws)
	ws.DeleteAfter = s.deleteAfter(ws)
	writeJSON(w, http.StatusOK, workshopAnswer{Workshop: ws})
}

// reorderProcess puts a process's workshops in a new order: PUT
// /api/processes/{id}/order {"workshops": ["id3", "id1", "id2"]}, every
// workshop of the process once. It answers with the workshops in their
// new order.
func (s *Server) reorderProcess(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Workshops []string `json:"workshops"`
	}
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if len(req.Workshops) > workshops.MaxProcessWorkshops {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "a process holds at most %d workshops", workshops.MaxProcessWorkshops))
		return
	}
	id := chi.URLParam(r, "id")
	if err := s.store.ReorderProcess(r.Context(), id, req.Workshops); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.processWorkshops(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	for i := range list {
		list[i].DeleteAfter = s.deleteAfter(list[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"workshops": list})
}

// joinInfo tells the join page, before anyone joins, the title and the
// schedule of the workshop with a join code: GET /api/join/{code}. Nothing
// else: no ID, no participants. Wrong codes count against the address as
// in join, so the lookup is no faster way to guess codes.
func (s *Server) joinInfo(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if err := s.guesses.turn(r.Context(), "join", addr); err != nil {
		writeError(w, r, err)
		return
	}
	ws, err := s.store.WorkshopByJoinCode(r.Context(), NormalizeJoinCode(chi.URLParam(r, "code")))
	if err == nil && s.expired(ws) {
		err = workshops.Errorf(workshops.ENOTFOUND, "no workshop has this code")
	}
	if err != nil {
		if workshops.ErrorCode(err) == workshops.ENOTFOUND {
			s.guesses.fail("join", addr)
			err = workshops.Errorf(workshops.ENOTFOUND, "no workshop has this code")
		}
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"title": ws.Title, "lang": ws.Lang, "schedule": ws.Schedule})
}

// sortBySchedule orders the organiser's list (workshops.CompareSchedule):
// planned workshops by date and time, then the rest, newest first.
func sortBySchedule(list []workshops.Workshop) {
	slices.SortStableFunc(list, workshops.CompareSchedule)
}
