package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// The citizen panel (innbyggerpanel): a participant may leave contact
// details to be asked again, kept apart from the board. The handlers here
// are the only way in and out of the panel table: nothing of it enters the
// log, a broadcast, a board export or a log line.

type panelRequest struct {
	Name           string         `json:"name"`
	Email          string         `json:"email"`
	Phone          string         `json:"phone"`
	Consent        bool           `json:"consent"`
	ConsentVersion string         `json:"consentVersion"`
	Lang           workshops.Lang `json:"lang"`
}

// panelSession returns the session of a person who may sign up for the
// panel themselves: a participant or an observer on this workshop.
func (s *Server) panelSession(r *http.Request) (workshops.Session, error) {
	sess, err := s.session(r, chi.URLParam(r, "id"))
	if err != nil {
		return sess, err
	}
	if sess.Role == workshops.RoleFacilitator {
		return sess, workshops.Errorf(workshops.EFORBIDDEN, "the citizen panel is for participants")
	}
	return sess, nil
}

// mySignup returns the caller's own signup: GET /api/workshops/{id}/panel/me.
func (s *Server) mySignup(w http.ResponseWriter, r *http.Request) {
	sess, err := s.panelSession(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.store.PanelSignups(r.Context(), sess.WorkshopID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	for _, p := range list {
		if p.ParticipantID == sess.ParticipantID {
			writeJSON(w, http.StatusOK, map[string]any{"signup": p})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"signup": nil})
}

// signUp stores the caller's consent and contact details, replacing what
// they gave before: PUT /api/workshops/{id}/panel/me.
func (s *Server) signUp(w http.ResponseWriter, r *http.Request) {
	sess, err := s.panelSession(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req panelRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	switch {
	case !req.Consent:
		err = workshops.Errorf(workshops.EINVALID, "the panel needs your consent")
	case req.ConsentVersion != workshops.PanelConsentVersion:
		err = workshops.Errorf(workshops.EINVALID, "the consent text has changed; reload the page and read it again")
	case !req.Lang.Valid():
		err = workshops.Errorf(workshops.EINVALID, "lang must be nb, nn or en: the language of the consent text")
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	name, email, phone, err := workshops.CleanPanelContact(req.Name, req.Email, req.Phone)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// After the end a participant's session may only withdraw (see
	// endWorkshop): no new signups.
	ws, err := s.store.Workshop(r.Context(), sess.WorkshopID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if b, err := s.boardState(r.Context(), ws); err != nil {
		writeError(w, r, err)
		return
	} else if b.Ended {
		writeError(w, r, workshops.Errorf(workshops.ECLOSED, "the workshop has ended; you can only withdraw"))
		return
	}
	p := workshops.PanelSignup{
		WorkshopID: sess.WorkshopID, ParticipantID: sess.ParticipantID, Name: name, Email: email, Phone: phone,
		ConsentVersion: req.ConsentVersion, ConsentLang: req.Lang, ConsentedAt: s.hub.now().UTC(),
	}
	if err := s.store.SavePanelSignup(r.Context(), p); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"signup": p})
}

// withdraw deletes the caller's signup: DELETE /api/workshops/{id}/panel/me.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	sess, err := s.panelSession(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if _, err := s.store.DeletePanelSignups(r.Context(), sess.WorkshopID, sess.ParticipantID); err != nil {
		writeError(w, r, err)
		return
	}
	s.scrub(r.Context(), "panel withdrawal")
	w.WriteHeader(http.StatusNoContent)
}

// panelList lists a workshop's signups for its facilitators or the
// organiser: GET /api/workshops/{id}/panel.
func (s *Server) panelList(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.store.PanelSignups(r.Context(), ws.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"signups": list})
}

// panelCSV downloads a workshop's signups as CSV: GET
// /api/workshops/{id}/panel/csv.
func (s *Server) panelCSV(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.store.PanelSignups(r.Context(), ws.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	name := templates.Slug(ws.Title)
	if name == "" {
		name = "workshop"
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="innbyggerpanel-%s.csv"`, name))
	h.Set("Cache-Control", "no-store")
	w.Write(PanelCSV(ws, list))
}

// PanelCSV writes panel signups as CSV, with a byte order mark for Excel:
// workshop, name, email, phone, consent version, consent language and
// consent time (RFC 3339, UTC). Cells a spreadsheet would run as a formula
// (starting with = + - @) get a leading apostrophe, so a phone number
// written +47 reads '+47.
func PanelCSV(ws workshops.Workshop, list []workshops.PanelSignup) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	cw.Write([]string{"workshop", "name", "email", "phone", "consent_version", "consent_lang", "consented_at"})
	for _, p := range list {
		cw.Write(safeCells(ws.Title, p.Name, p.Email, p.Phone, p.ConsentVersion, string(p.ConsentLang),
			p.ConsentedAt.UTC().Format(time.RFC3339)))
	}
	cw.Flush()
	return b.Bytes()
}

func safeCells(ss ...string) []string {
	for i, s := range ss {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			ss[i] = "'" + s
		}
	}
	return ss
}

// panelDeleteAll deletes every signup of a workshop, for its facilitators
// or the organiser: DELETE /api/workshops/{id}/panel. It answers how many
// it deleted.
func (s *Server) panelDeleteAll(w http.ResponseWriter, r *http.Request) {
	s.panelDelete(w, r, "")
}

// panelDeleteOne deletes one person's signup: DELETE
// /api/workshops/{id}/panel/people/{person}; ENOTFOUND if they have none.
func (s *Server) panelDeleteOne(w http.ResponseWriter, r *http.Request) {
	person := chi.URLParam(r, "person")
	if person == "" {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "name the person"))
		return
	}
	s.panelDelete(w, r, person)
}

func (s *Server) panelDelete(w http.ResponseWriter, r *http.Request, person string) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	n, err := s.store.DeletePanelSignups(r.Context(), ws.ID, person)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if person != "" && n == 0 {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "this person has not signed up"))
		return
	}
	if n > 0 {
		s.scrub(r.Context(), "panel deletion")
	}
	writeJSON(w, http.StatusOK, map[string]int{"deleted": n})
}
