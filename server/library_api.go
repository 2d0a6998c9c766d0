package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// catalog returns the templates the server offers: the presets and the
// saved ones.
func (s *Server) catalog() *templates.Catalog { return s.library.catalog() }

// templateFileRoutes are the template files: import and export for the
// organiser, and saving a board as a template for its facilitators too.
func (s *Server) templateFileRoutes(r chi.Router) {
	r.With(s.organiserOnly).Post("/templates", s.importTemplate)
	r.With(s.organiserOnly).Get("/templates/{key}/file", s.exportTemplate)
	r.With(s.organiserOnly).Delete("/templates/{key}", s.deleteTemplate)
	r.Post("/workshops/{id}/template", s.saveBoardAsTemplate)
}

// writeFileError answers a template file that does not validate: each
// problem with its field, and the file's name, so the form can say
// "felles.json: exercises[0].title.nn: empty".
func writeFileError(w http.ResponseWriter, r *http.Request, err error) {
	var fe *templates.FileError
	if errors.As(err, &fe) {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"error":    map[string]string{"code": workshops.EINVALID, "message": fe.Error()},
			"file":     fe.File,
			"problems": fe.Problems,
		})
		return
	}
	writeError(w, r, err)
}

// importTemplate takes a template file (POST /api/templates?file=name.json,
// the file as the body) and, if it validates exactly like the presets,
// keeps it in the catalog.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "send the file as application/json"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxTemplateFile))
	if err != nil {
		writeError(w, r, workshops.Errorf(workshops.ETOOLARGE, "a template file may be at most 1 MiB"))
		return
	}
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("file"), "\\", "/"))
	if name == "" || name == "." || name == "/" || len(name) > 100 {
		name = "template.json"
	}
	t, err := templates.Parse(name, data)
	if err != nil {
		writeFileError(w, r, err)
		return
	}
	if err := s.library.add(r.Context(), t, data); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"template": s.summary(t)})
}

// exportTemplate sends a template, preset or saved, as a file that
// POST /api/templates takes back.
func (s *Server) exportTemplate(w http.ResponseWriter, r *http.Request) {
	t, ok := s.catalog().Get(chi.URLParam(r, "key"))
	if !ok {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such template"))
		return
	}
	data, err := t.Encode()
	if err != nil {
		writeError(w, r, workshops.Errorf(workshops.EINTERNAL, "encode template: %v", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, t.Key))
	h.Set("Cache-Control", "no-store")
	w.Write(data)
}

// deleteTemplate deletes a saved or imported template. Workshops made
// from it keep their boards.
func (s *Server) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	if err := s.library.remove(r.Context(), chi.URLParam(r, "key")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// saveBoardAsTemplate makes a template of a workshop's board as it is now
// (templates.FromBoard) and keeps it in the catalog: the organiser's, or a
// facilitator's of this workshop (Bearer token).
func (s *Server) saveBoardAsTemplate(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := s.mayExport(r, id); err != nil {
		writeError(w, r, err)
		return
	}
	var info templates.BoardInfo
	if err := readJSON(w, r, &info); err != nil {
		writeError(w, r, err)
		return
	}
	name := strings.TrimSpace(info.Name)
	if name == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"error":    map[string]string{"code": workshops.EINVALID, "message": "name: empty; give the template a name"},
			"problems": []templates.Problem{{Field: "name", Message: "empty; give the template a name"}},
		})
		return
	}
	ctx := r.Context()
	ws, err := s.store.Workshop(ctx, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b, err := workshops.Load(ctx, s.store, id, ws.Title)
	if err != nil {
		writeError(w, r, err)
		return
	}
	cat := s.catalog()
	source, _ := cat.Get(export.InferTemplate(cat, b))
	t, data, err := templates.FromBoard(b, ws.Lang, source, info)
	if err != nil {
		writeFileError(w, r, err)
		return
	}
	if err := s.library.add(r.Context(), t, data); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"template": s.summary(t)})
}
