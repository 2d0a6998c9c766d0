package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type facilitatorLinkAnswer struct {
	FacilitatorKey string `json:"facilitatorKey"`
	FacilitatorURL string `json:"facilitatorUrl"`
}

// newFacilitatorLink gives a workshop a new facilitator link: POST
// /api/workshops/{id}/facilitator-link, the organiser's. The old link stops
// working at once; facilitators already on the board stay.
func (s *Server) newFacilitatorLink(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if _, err := s.store.Workshop(r.Context(), id); err != nil {
		writeError(w, r, err)
		return
	}
	key := randomToken(24)
	if err := s.store.SetFacilitatorKey(r.Context(), id, hashToken(key)); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, facilitatorLinkAnswer{FacilitatorKey: key, FacilitatorURL: "/w/" + id + "#key=" + key})
}
