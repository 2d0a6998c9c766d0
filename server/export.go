package server

import (
	"cmp"
	"context"
	"io"
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

// exportWorkshop exports one workshop for its facilitators or the
// organiser: GET /api/workshops/{id}/export/{format}.
func (s *Server) exportWorkshop(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := s.mayExport(r, id); err != nil {
		writeError(w, r, err)
		return
	}
	s.export(w, r, []string{id})
}

// exportProcess turns several workshops, in the order given (a
// municipality's process: oppstart, felles, visjon, samskaping), into one
// draft: GET /api/export/{format}?workshops=id1,id2,... for the organiser.
func (s *Server) exportProcess(w http.ResponseWriter, r *http.Request) {
	var ids []string
	for _, id := range strings.Split(r.URL.Query().Get("workshops"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || len(ids) > 20 {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "name 1 to 20 workshops: ?workshops=id1,id2"))
		return
	}
	s.export(w, r, ids)
}

// export writes the workshops in the format the route names. The boards
// are rebuilt from the stored log (never from anyone's view) and each
// board's template is inferred from its frames.
func (s *Server) export(w http.ResponseWriter, r *http.Request, ids []string) {
	format, ok := exportFormats[chi.URLParam(r, "format")]
	if !ok {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such export format; try md, html, docx, csv, votes or json"))
		return
	}
	if chi.URLParam(r, "format") == "json" && len(ids) != 1 {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "an archive holds one workshop"))
		return
	}
	ctx := r.Context()
	cat := s.catalog()
	q := r.URL.Query()
	// Whose draft: the municipality named (the UI passes it), else the
	// process's when the workshops are in one; on a shared board only its
	// area goes in. ?area= (an area's key) is the older spelling.
	municipality := strings.TrimSpace(q.Get("municipality"))
	if municipality != "" {
		if _, err := workshops.CleanMunicipality(municipality); err != nil {
			writeError(w, r, err)
			return
		}
	}
	var inputs []export.Input
	var first workshops.Workshop
	processes := map[string]bool{}
	for i, id := range ids {
		ws, err := s.store.Workshop(ctx, id)
		if err == nil && s.expired(ws) {
			err = workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
		}
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
		if i == 0 {
			first = ws
		}
		processes[ws.Process] = true
		date := ws.Schedule.Day() // when it was held, else when it was made
		if date.IsZero() {
			date = ws.CreatedAt
		}
		inputs = append(inputs, export.Input{Board: b, Template: export.InferTemplate(cat, b), Title: title,
			Date: date, Start: ws.Schedule.Start, End: ws.Schedule.End, Lang: ws.Lang, Events: events,
			PrivatePicks: q.Get("picks") == "1"})
	}
	if municipality == "" && len(processes) == 1 && first.Process != "" {
		if p, err := s.store.Process(ctx, first.Process); err == nil {
			municipality = p.Municipality
		}
	}
	area := q.Get("area")
	if municipality != "" {
		area = templates.Slug(municipality)
	}
	for i := range inputs {
		inputs[i].Area, inputs[i].Municipality = area, municipality
	}
	lang := first.Lang
	now := s.hub.now()
	draft := func() *export.Document {
		d := export.Build(cat, lang, inputs...)
		d.SetDate(now)
		return d
	}
	var body []byte
	var err error
	switch chi.URLParam(r, "format") {
	case "md":
		body = export.Markdown(draft())
	case "html":
		body, err = export.HTML(draft())
		w.Header().Set("Content-Security-Policy", exportCSP)
	case "docx":
		body, err = export.Docx(draft(), now)
	case "csv":
		body = export.NotesCSV(cat, inputs...)
	case "votes":
		body = export.VotesCSV(cat, inputs...)
	case "json":
		body, err = export.NewArchive(first, inputs[0].Template, inputs[0].Events, false, s.hub.now()).JSON()
	}
	if err != nil {
		writeError(w, r, workshops.Errorf(workshops.EINTERNAL, "export: %v", err))
		return
	}
	name := inputs[0].Title
	if len(inputs) > 1 || chi.URLParam(r, "format") == "docx" || chi.URLParam(r, "format") == "md" || chi.URLParam(r, "format") == "html" {
		// A draft is named for what it is and whose it is.
		name = export.T(lang, "file.draft") + " " + cmp.Or(municipality, inputs[0].Title)
	}
	h := w.Header()
	h.Set("Content-Type", format.contentType)
	h.Set("Content-Disposition", export.ContentDisposition(name, format.ext))
	h.Set("Cache-Control", "no-store")
	w.Write(body)
}

// mayExport lets a signed-in organiser, or a facilitator's session on this
// workshop, export it: EUNAUTHORIZED for no valid session (s.session also
// refuses an expired one), EFORBIDDEN for a participant's or observer's
// (a known person without the role, as docs/PROTOCOL.md says).
func (s *Server) mayExport(r *http.Request, workshopID string) error {
	if s.auth.signedIn(r) {
		return nil
	}
	sess, err := s.session(r, workshopID)
	if err != nil {
		return err
	}
	if sess.Role != workshops.RoleFacilitator {
		return workshops.Errorf(workshops.EFORBIDDEN, "only the workshop's facilitators may export it")
	}
	return nil
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

// maxArchiveSize bounds an imported archive (a busy workshop's log is a
// few megabytes).
const maxArchiveSize = 64 << 20

// importWorkshop restores a workshop from its JSON archive: the same ID,
// epoch and log, new secrets (join code, facilitator key). A workshop with
// that ID must not exist: restoring never overwrites.
func (s *Server) importWorkshop(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "send application/json"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxArchiveSize))
	if err != nil {
		writeError(w, r, workshops.Errorf(workshops.ETOOLARGE, "the archive is larger than %d MiB", maxArchiveSize>>20))
		return
	}
	a, err := export.ParseArchive(data)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ctx := r.Context()
	ws := a.Restorable()
	// Back into its process, at its old place, if the process is still
	// there (the store gives the place; see workshops.ProcessStore).
	if ws.Process != "" {
		if _, err := s.store.Process(ctx, ws.Process); err != nil {
			ws.Process, ws.ProcessPos = "", 0
		}
	}
	// A restored workshop holds personal data again: it gets a deletion
	// date from today, as a new one would.
	ws.DeleteAfter = s.defaultDeleteAfter(s.hub.now())
	if _, err := s.store.Workshop(ctx, ws.ID); err == nil {
		writeError(w, r, workshops.Errorf(workshops.ECONFLICT, "this workshop exists; an archive restores only a workshop that is gone"))
		return
	}
	key := randomToken(24)
	ws.FacilitatorKeyHash = hashToken(key)
	for range 5 {
		ws.JoinCode = newJoinCode()
		if err = s.store.CreateWorkshop(ctx, ws); workshops.ErrorCode(err) != workshops.ECONFLICT {
			break
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	const batch = 500
	for i := 0; i < len(a.Events); i += batch {
		if err := s.store.Append(ctx, ws.ID, a.Events[i:min(i+batch, len(a.Events))], nil); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if ws.Process != "" {
		// The store gave the old place if it was free, else the last.
		if stored, err := s.store.Workshop(ctx, ws.ID); err == nil {
			ws.ProcessPos = stored.ProcessPos
		}
	}
	writeJSON(w, http.StatusCreated, createWorkshopResponse{
		Workshop: ws, FacilitatorKey: key,
		FacilitatorURL: "/w/" + ws.ID + "#key=" + key,
		JoinURL:        "/j/" + ws.JoinCode,
	})
}
