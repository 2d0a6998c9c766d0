package server

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// processRoutes are a municipality's processes, for the organiser.
func (s *Server) processRoutes(r chi.Router) {
	r.With(s.organiserOnly).Get("/processes", s.listProcesses)
	r.With(s.organiserOnly).Post("/processes", s.createProcess)
	r.With(s.organiserOnly).Delete("/processes/{id}", s.deleteProcess)
	r.With(s.organiserOnly).Get("/processes/{id}/prefill", s.prefillProcess)
	r.With(s.organiserOnly).Put("/workshops/{id}/process", s.moveToProcess)
}

func (s *Server) listProcesses(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Processes(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"processes": list})
}

type createProcessRequest struct {
	Title        string `json:"title"` // empty: the municipality's name
	Municipality string `json:"municipality"`
}

func (s *Server) createProcess(w http.ResponseWriter, r *http.Request) {
	var req createProcessRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	m, err := workshops.CleanMunicipality(req.Municipality)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if strings.TrimSpace(req.Title) == "" {
		req.Title = m
	}
	title, err := workshops.CleanTitle(req.Title)
	if err != nil {
		writeError(w, r, err)
		return
	}
	p := workshops.Process{ID: uuid.NewString(), Title: title, Municipality: m, CreatedAt: s.hub.now().UTC()}
	if err := s.store.CreateProcess(r.Context(), p); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"process": p})
}

// deleteProcess deletes a process; its workshops stay, outside any process.
func (s *Server) deleteProcess(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteProcess(r.Context(), chi.URLParam(r, "id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// processWorkshops returns the workshops of a process in their order.
func (s *Server) processWorkshops(ctx context.Context, id string) ([]workshops.Workshop, error) {
	all, err := s.store.Workshops(ctx)
	if err != nil {
		return nil, err
	}
	var in []workshops.Workshop
	for _, ws := range all {
		if ws.Process == id {
			in = append(in, ws)
		}
	}
	slices.SortFunc(in, func(a, b workshops.Workshop) int {
		return cmp.Or(cmp.Compare(a.ProcessPos, b.ProcessPos), a.CreatedAt.Compare(b.CreatedAt))
	})
	return in, nil
}

// moveToProcess puts a workshop last in a process, or takes it out of its
// process: PUT /api/workshops/{id}/process {"process": "id" or ""}.
func (s *Server) moveToProcess(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Process string `json:"process"`
	}
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	ctx := r.Context()
	id := chi.URLParam(r, "id")
	// The store checks that both exist and that the process has room
	// (ELIMIT), at once with the move.
	ws, err := s.store.MoveToProcess(ctx, id, req.Process)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ws.DeleteAfter = s.deleteAfter(ws)
	writeJSON(w, http.StatusOK, map[string]any{"workshop": ws})
}

// prefillSource says where a prefilled value came from.
type prefillSource struct {
	Param    string `json:"param"`
	Workshop string `json:"workshop,omitempty"` // the workshop's ID; empty: the process itself
	Title    string `json:"title,omitempty"`    // the workshop's title
	// From is "board" (read from the workshop's board), "goals" (the
	// målbilder it chose, as themes), "followers" (the municipality and
	// its følgekommuner) or "process" (the process's municipality).
	From string `json:"from"`
}

// prefillGoals are the målbilder the process's municipality chose on the
// latest shared board (fellesverksted).
type prefillGoals struct {
	Workshop string `json:"workshop"`
	Title    string `json:"title"`
	Area     string `json:"area"`
	// Recorded: the facilitator marked them (frame.choose); otherwise they
	// are the cards the municipality wrote on, a guess to check.
	Recorded bool             `json:"recorded"`
	Items    []templates.Item `json:"items"`
}

type prefillResponse struct {
	Process  workshops.Process `json:"process"`
	Template string            `json:"template"`
	Params   templates.Params  `json:"params"`
	Sources  []prefillSource   `json:"sources"`
	Goals    *prefillGoals     `json:"goals"`
}

// prefillProcess proposes the parameters of a new workshop in a process,
// from what its earlier workshops produced: GET
// /api/processes/{id}/prefill?template=visjon&lang=nn. Each earlier board is
// read as it is now (templates.Template.Recover): the municipality and the
// challenge, the target groups and følgekommuner from the oppstart board's
// Brukerbehov, the themes of a visjon board, the personas of a samskaping
// board, and the målbilder the municipality chose on the shared board. The
// latest workshop that has a value wins. Without themes of their own, a
// visjon workshop's themes start as the chosen målbilder, and a shared
// board's municipalities as the municipality and its følgekommuner. The
// organiser edits the proposal in the form; nothing is stored here.
func (s *Server) prefillProcess(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.store.Process(ctx, chi.URLParam(r, "id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	cat := s.catalog()
	q := r.URL.Query()
	target, ok := cat.Get(q.Get("template"))
	if !ok {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such template"))
		return
	}
	lang := workshops.Lang(q.Get("lang"))
	if !lang.Valid() {
		lang = workshops.LangNB
	}
	in, err := s.processWorkshops(ctx, p.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	type reading struct {
		ws     workshops.Workshop
		params templates.Params
	}
	var readings []reading
	var goals *prefillGoals
	for _, ws := range in {
		b, err := workshops.Load(ctx, s.store, ws.ID, ws.Title)
		if err != nil {
			writeError(w, r, err)
			return
		}
		tpl, ok := cat.Get(export.InferTemplate(cat, b))
		if !ok {
			continue
		}
		title := b.Title
		if title == "" {
			title = ws.Title
		}
		ws.Title = title
		readings = append(readings, reading{ws: ws, params: tpl.Recover(b, ws.Lang)})
		if g := chosenGoals(cat, tpl, b, p.Municipality, lang); g != nil {
			g.Workshop, g.Title = ws.ID, title
			goals = g
		}
	}

	out := prefillResponse{Process: p, Template: target.Key, Sources: []prefillSource{},
		Params: templates.Params{Text: map[string]string{}, Lists: map[string][]templates.Item{}}}
	for _, d := range target.Parameters {
		var from *reading
		for i := len(readings) - 1; i >= 0; i-- {
			rd := &readings[i]
			if d.Type == templates.ParamText && strings.TrimSpace(rd.params.Text[d.Key]) != "" ||
				d.Type == templates.ParamList && len(rd.params.Lists[d.Key]) > 0 {
				from = rd
				break
			}
		}
		switch {
		case from != nil && d.Type == templates.ParamText:
			out.Params.Text[d.Key] = truncateRunes(from.params.Text[d.Key], d.MaxLen)
			out.Sources = append(out.Sources, prefillSource{Param: d.Key, Workshop: from.ws.ID, Title: from.ws.Title, From: "board"})
		case from != nil:
			out.Params.Lists[d.Key] = fitItems(&d, from.params.Lists[d.Key])
			out.Sources = append(out.Sources, prefillSource{Param: d.Key, Workshop: from.ws.ID, Title: from.ws.Title, From: "board"})
		case d.Key == "municipality" && d.Type == templates.ParamText:
			out.Params.Text[d.Key] = truncateRunes(p.Municipality, d.MaxLen)
			out.Sources = append(out.Sources, prefillSource{Param: d.Key, From: "process"})
		case d.Key == "themes" && d.Type == templates.ParamList && goals != nil && len(goals.Items) > 0:
			out.Params.Lists[d.Key] = fitItems(&d, goals.Items)
			out.Sources = append(out.Sources, prefillSource{Param: d.Key, Workshop: goals.Workshop, Title: goals.Title, From: "goals"})
		case d.Key == "municipalities" && d.Type == templates.ParamList:
			items := []templates.Item{{Key: templates.Slug(p.Municipality), Name: p.Municipality}}
			src := prefillSource{Param: d.Key, From: "process"}
			for i := len(readings) - 1; i >= 0; i-- {
				if f := readings[i].params.Lists["followers"]; len(f) > 0 {
					items = append(items, f...)
					src = prefillSource{Param: d.Key, Workshop: readings[i].ws.ID, Title: readings[i].ws.Title, From: "followers"}
					break
				}
			}
			out.Params.Lists[d.Key] = fitItems(&d, items)
			out.Sources = append(out.Sources, src)
		}
	}
	out.Goals = goals
	writeJSON(w, http.StatusOK, out)
}

// chosenGoals reads the målbilder the municipality chose on a board of tpl
// whose exercise is made of goal cards in areas: the area of the
// municipality (its key or its title), or the board's only area.
func chosenGoals(cat *templates.Catalog, tpl *templates.Template, b *workshops.Board, municipality string, lang workshops.Lang) *prefillGoals {
	for _, ex := range tpl.Exercises {
		if !slices.ContainsFunc(ex.Frames, func(f templates.FrameSpec) bool { return f.Each == templates.EachGoals }) {
			continue
		}
		picks, recorded := tpl.ChosenCards(b, ex.Key)
		area, found := templates.Slug(municipality), false
		if _, ok := picks[area]; ok {
			found = true
		}
		if !found && ex.Areas != nil {
			for id, f := range b.Frames {
				ref, ok := tpl.FrameRef(id)
				if ok && !f.Deleted && ref.Kind == templates.KindArea && ref.Exercise == ex.Key && strings.EqualFold(strings.TrimSpace(f.Title), strings.TrimSpace(municipality)) {
					area, found = ref.Area, true
				}
			}
		}
		if !found && len(picks) == 1 {
			for a := range picks {
				area, found = a, true
			}
		}
		if !found || len(picks[area]) == 0 {
			continue
		}
		g := &prefillGoals{Area: area, Recorded: recorded, Items: []templates.Item{}}
		for _, key := range picks[area] {
			for _, c := range cat.Roadmap.Goals {
				if c.Key == key {
					g.Items = append(g.Items, templates.Item{Key: c.Key, Name: c.Title.In(lang),
						Theme: truncateRunes(c.Description.In(lang), templates.MaxThemeLen)})
				}
			}
		}
		return g
	}
	return nil
}

// fitItems shapes items for list parameter d: at most d.Max, and only the
// fields d asks for.
func fitItems(d *templates.Parameter, items []templates.Item) []templates.Item {
	out := make([]templates.Item, 0, min(len(items), d.Max))
	for _, it := range items {
		if len(out) == d.Max {
			break
		}
		has := func(f string) bool { return slices.Contains(d.Fields, f) }
		if !has(templates.FieldTheme) {
			it.Theme = ""
		}
		if !has(templates.FieldAge) {
			it.Age = 0
		}
		if !has(templates.FieldSituation) {
			it.Situation = ""
		}
		if !has(templates.FieldQuote) {
			it.Quote = ""
		}
		out = append(out, it)
	}
	return out
}

func truncateRunes(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}
