package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// setupActor is the facilitator the server joins to a board built from a
// template, to make its frames and groups: setup ops go through Apply
// like anyone's, with a facilitator's rights.
const setupActor = "setup"

// templateSummary is what the start page needs to offer a template: its
// texts in every language and the parameters it asks for.
type templateSummary struct {
	Key         string                `json:"key"`
	Name        templates.Text        `json:"name"`
	Description templates.Text        `json:"description"`
	DurationMin int                   `json:"durationMin"`
	ProcessStep int                   `json:"processStep,omitempty"`
	Parameters  []templates.Parameter `json:"parameters"`
	// Custom marks a template saved from a board or imported (it may be
	// deleted); the presets have none.
	Custom bool `json:"custom,omitempty"`
}

func (s *Server) summary(t *templates.Template) templateSummary {
	params := t.Parameters
	if params == nil {
		params = []templates.Parameter{}
	}
	_, preset := s.library.presets.Get(t.Key)
	return templateSummary{Key: t.Key, Name: t.Name, Description: t.Description,
		DurationMin: t.DurationMin, ProcessStep: t.ProcessStep, Parameters: params, Custom: !preset}
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) {
	list := []templateSummary{}
	for _, t := range s.catalog().Templates() {
		list = append(list, s.summary(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": list})
}

type previewRequest struct {
	Lang   workshops.Lang   `json:"lang"`
	Params templates.Params `json:"params"`
}

// previewFrame is one frame a template would create.
type previewFrame struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Group string `json:"group,omitempty"`
}

// previewTemplate shows what a template with these parameters would put on
// the board, or what is wrong with the parameters.
func (s *Server) previewTemplate(w http.ResponseWriter, r *http.Request) {
	t, ok := s.catalog().Get(chi.URLParam(r, "key"))
	if !ok {
		writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such template"))
		return
	}
	var req previewRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if !req.Lang.Valid() {
		req.Lang = workshops.LangNB
	}
	b, err := templates.Preview(t, req.Lang, req.Params)
	if err != nil {
		writeTemplateError(w, r, err)
		return
	}
	v := b.ViewFor("")
	frames := []previewFrame{}
	for _, f := range b.Frames {
		if !f.Deleted {
			frames = append(frames, previewFrame{ID: f.ID, Title: f.Title, Group: f.Group})
		}
	}
	sortFrames(frames)
	groups := []map[string]string{}
	for _, g := range v.Groups {
		groups = append(groups, map[string]string{"id": g.ID, "name": g.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{"title": b.Title, "frames": frames, "groups": groups})
}

// writeTemplateError answers a refused set of parameters with each problem
// and the field it is in, so the form can mark them.
func writeTemplateError(w http.ResponseWriter, r *http.Request, err error) {
	var pe *templates.ParamError
	if errors.As(err, &pe) {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"error":    map[string]string{"code": workshops.EINVALID, "message": pe.Error()},
			"problems": pe.Problems,
		})
		return
	}
	writeError(w, r, err)
}

// setUpFromTemplate builds a new workshop's board from a template: a setup
// facilitator joins, then every op of the template's setup is applied, in
// order, through the board like anyone's op.
func (s *Server) setUpFromTemplate(ctx context.Context, ws workshops.Workshop, ops []workshops.Op) error {
	setup := workshops.Participant{ID: setupActor, Name: "Samskap", Role: workshops.RoleFacilitator}
	join := workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &setup}
	if err := s.hub.Submit(ctx, ws, "", "", join); err != nil {
		return fmt.Errorf("setup join: %w", err)
	}
	for i, op := range ops {
		if err := s.hub.Submit(ctx, ws, setupActor, fmt.Sprint("setup-", i), op); err != nil {
			return fmt.Errorf("setup op %d (%s): %w", i, op.Kind, err)
		}
	}
	return nil
}

func sortFrames(frames []previewFrame) {
	slices.SortFunc(frames, func(a, b previewFrame) int { return strings.Compare(a.ID, b.ID) })
}
