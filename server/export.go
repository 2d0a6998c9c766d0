package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// exportFormats are the formats of GET /api/workshops/{id}/export/{format}:
// the draft konkurranseprogram (md, html, docx), the notes and the vote
// totals as CSV (csv, votes), and the workshop's archive (json).
var exportFormats = map[string]struct{ ext, contentType string }{
	"md":    {"md", "text/markdown; charset=utf-8"},
	"html":  {"html", "text/html; charset=utf-8"},
	"docx":  {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	"csv":   {"csv", "text/csv; charset=utf-8"},
	"votes": {"votes.csv", "text/csv; charset=utf-8"},
	"json":  {"json", "application/json; charset=utf-8"},
}

// exportCSP is the policy of an exported HTML page, should a browser show
// it inline after all: its own inline styles and nothing else.
const exportCSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// exportWorkshop answers GET /api/workshops/{id}/export/{format} with a
// download, to a facilitator of the workshop (Authorization: Bearer
// <session token>) or a signed-in organiser. It reads the committed log
// from the store, never a person's view. The workshop does not store its
// template, so export.InferTemplate names it from the frames. ?area= keeps
// one municipality's area of a shared board (its key, e.g. "lebesby").
func (s *Server) exportWorkshop(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if !s.mayExport(r, id) {
		writeError(w, r, workshops.Errorf(workshops.EUNAUTHORIZED, "only the workshop's facilitators may export it"))
		return
	}
	format, ok := exportFormats[chi.URLParam(r, "format")]
	if !ok {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such export format; try md, html, docx, csv, votes or json"))
		return
	}
	ctx := r.Context()
	ws, err := s.store.Workshop(ctx, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	events, err := allEvents(ctx, s.store, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b, err := workshops.Load(ctx, s.store, id, ws.Title)
	if err != nil {
		writeError(w, r, err)
		return
	}
	title := b.Title
	if title == "" {
		title = ws.Title
	}
	in := export.Input{Board: b, Template: export.InferTemplate(s.templates, b), Title: title, Date: ws.CreatedAt,
		Lang: ws.Lang, Area: r.URL.Query().Get("area"), Events: events}
	var body []byte
	switch chi.URLParam(r, "format") {
	case "md":
		body = export.Markdown(export.Build(s.templates, ws.Lang, in))
	case "html":
		body, err = export.HTML(export.Build(s.templates, ws.Lang, in))
		w.Header().Set("Content-Security-Policy", exportCSP)
	case "docx":
		body, err = export.Docx(export.Build(s.templates, ws.Lang, in), s.hub.now())
	case "csv":
		body = export.NotesCSV(s.templates, in)
	case "votes":
		body = export.VotesCSV(s.templates, in)
	case "json":
		body, err = export.NewArchive(ws, in.Template, events, false, s.hub.now()).JSON()
	}
	if err != nil {
		writeError(w, r, workshops.Errorf(workshops.EINTERNAL, "export: %v", err))
		return
	}
	name := templates.Slug(title)
	if name == "" {
		name = "workshop"
	}
	h := w.Header()
	h.Set("Content-Type", format.contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format.ext))
	h.Set("Cache-Control", "no-store")
	w.Write(body)
}

// mayExport: a signed-in organiser, or a facilitator's session on this
// workshop.
func (s *Server) mayExport(r *http.Request, workshopID string) bool {
	if s.auth.signedIn(r) {
		return true
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return false
	}
	sess, err := s.store.Session(r.Context(), hashToken(token))
	return err == nil && sess.WorkshopID == workshopID && sess.Role == workshops.RoleFacilitator
}

// allEvents reads a board's whole log.
func allEvents(ctx context.Context, st workshops.Store, boardID string) ([]workshops.Event, error) {
	const page = 1000
	var out []workshops.Event
	for {
		var after uint64
		if len(out) > 0 {
			after = out[len(out)-1].Seq
		}
		events, err := st.Events(ctx, boardID, after, page)
		if err != nil {
			return nil, err
		}
		out = append(out, events...)
		if len(events) < page {
			return out, nil
		}
	}
}
