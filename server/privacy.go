package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/samskap/samskap/workshops"
)

// maxDeleteAfter is how far ahead a facilitator may put a workshop's
// deletion date. Longer keeping is the organiser's archive (the export),
// not a live board full of names.
const maxDeleteAfter = 3 * 365 * 24 * time.Hour

// session returns the valid, unexpired session that the request's bearer
// token holds on the workshop; EUNAUTHORIZED when there is none.
func (s *Server) session(r *http.Request, workshopID string) (workshops.Session, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return workshops.Session{}, workshops.Errorf(workshops.EUNAUTHORIZED, "no valid session for this workshop")
	}
	sess, err := s.store.Session(r.Context(), hashToken(token))
	switch {
	case workshops.ErrorCode(err) == workshops.ENOTFOUND, err == nil && sess.WorkshopID != workshopID:
		return workshops.Session{}, workshops.Errorf(workshops.EUNAUTHORIZED, "no valid session for this workshop")
	case err != nil:
		return workshops.Session{}, err
	case s.hub.now().Sub(sess.CreatedAt) > s.hub.SessionTTL:
		return workshops.Session{}, workshops.Errorf(workshops.EUNAUTHORIZED, "this session has expired; join again")
	}
	if ws, err := s.store.Workshop(r.Context(), workshopID); err == nil && s.expired(ws) {
		return workshops.Session{}, workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
	}
	return sess, nil
}

// manager authorises a facilitator's action on the workshop of the route:
// the signed-in organiser, or a facilitator's session on this workshop. A
// participant's session gets EFORBIDDEN, anything else EUNAUTHORIZED. It
// returns the workshop.
func (s *Server) manager(r *http.Request) (workshops.Workshop, error) {
	id := chi.URLParam(r, "id")
	if !s.auth.signedIn(r) {
		sess, err := s.session(r, id)
		if err != nil {
			return workshops.Workshop{}, err
		}
		if sess.Role != workshops.RoleFacilitator {
			return workshops.Workshop{}, workshops.Errorf(workshops.EFORBIDDEN, "only the workshop's facilitators may do this")
		}
	}
	ws, err := s.store.Workshop(r.Context(), id)
	if err == nil && s.expired(ws) {
		return workshops.Workshop{}, workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
	}
	return ws, err
}

// defaultDeleteAfter is the deletion date a workshop created at created
// gets: created + Retention, or none with Retention 0.
func (s *Server) defaultDeleteAfter(created time.Time) time.Time {
	if s.cfg.Retention <= 0 {
		return time.Time{}
	}
	return created.Add(s.cfg.Retention).UTC()
}

// boardState returns the board of ws as committed: this node's replica if
// it has the board loaded, else rebuilt from the store.
func (s *Server) boardState(ctx context.Context, ws workshops.Workshop) (*workshops.Board, error) {
	if b, ok := s.hub.BoardState(ws.ID); ok {
		return b, nil
	}
	return workshops.Load(ctx, s.store, ws.ID, ws.Title)
}

type workshopAnswer struct {
	Workshop workshops.Workshop `json:"workshop"`
	JoinURL  string             `json:"joinUrl,omitempty"`
}

// setDeleteAfter changes a workshop's deletion date:
// PUT /api/workshops/{id}/delete-after {"deleteAfter": RFC 3339}.
func (s *Server) setDeleteAfter(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req struct {
		DeleteAfter *time.Time `json:"deleteAfter"`
	}
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	now := s.hub.now()
	switch {
	case req.DeleteAfter == nil:
		err = workshops.Errorf(workshops.EINVALID, "give the deletion date as deleteAfter")
	case !req.DeleteAfter.After(now):
		err = workshops.Errorf(workshops.EINVALID, "the deletion date must be in the future")
	case req.DeleteAfter.After(now.Add(maxDeleteAfter)):
		err = workshops.Errorf(workshops.EINVALID, "the deletion date may be at most %d days ahead", int(maxDeleteAfter/(24*time.Hour)))
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	at := req.DeleteAfter.UTC()
	if err := s.store.SetDeleteAfter(r.Context(), ws.ID, at); err != nil {
		writeError(w, r, err)
		return
	}
	ws.DeleteAfter = at
	s.hub.UpdateWorkshop(ws)
	select { // the sweep learns the new date
	case s.sweepNow <- struct{}{}:
	default:
	}
	writeJSON(w, http.StatusOK, workshopAnswer{Workshop: ws})
}

// regenerateJoinCode gives a workshop a new join code: POST
// /api/workshops/{id}/join-code. The old code finds nothing from now on;
// people already on the board stay.
func (s *Server) regenerateJoinCode(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b, err := s.boardState(ctx, ws)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if b.Ended {
		writeError(w, r, workshops.Errorf(workshops.ECLOSED, "the workshop has ended; it takes nobody new"))
		return
	}
	for range 5 { // a new code may collide with another workshop's
		ws.JoinCode = newJoinCode()
		if err = s.store.SetJoinCode(ctx, ws.ID, ws.JoinCode); workshops.ErrorCode(err) != workshops.ECONFLICT {
			break
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.hub.UpdateWorkshop(ws)
	writeJSON(w, http.StatusOK, workshopAnswer{Workshop: ws, JoinURL: "/j/" + ws.JoinCode})
}

// endWorkshop ends a workshop for good: POST /api/workshops/{id}/end. The
// board.end op makes the board read-only and closes it to everyone but
// facilitators (every node kicks its participants, and the socket refuses
// them from now on); the join code is removed. Participants' and
// observers' sessions stay, withdraw-only, until the workshop is deleted
// (or the session expires): the consent text promises that they can
// withdraw here, so they may still "delete my notes and leave", see and
// withdraw their panel signup, but not sign up anew, nor see the board.
// Ending an ended workshop again finishes what a failed attempt left
// undone.
func (s *Server) endWorkshop(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	err = s.hub.Submit(ctx, ws, "", "", workshops.Op{Kind: workshops.OpBoardEnd})
	if err != nil && workshops.ErrorCode(err) != workshops.ECLOSED {
		writeError(w, r, err)
		return
	}
	// Once the end is in the log, the sessions go even if the caller does.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := s.store.SetJoinCode(ctx, ws.ID, ""); err != nil {
		writeError(w, r, err)
		return
	}
	ws.JoinCode = ""
	s.hub.UpdateWorkshop(ws)
	s.log.Info().Str("workshop", ws.ID).Msg("workshop ended")
	writeJSON(w, http.StatusOK, workshopAnswer{Workshop: ws})
}

// erasePerson deletes one participant's data for a facilitator: POST
// /api/workshops/{id}/people/{person}/erase.
func (s *Server) erasePerson(w http.ResponseWriter, r *http.Request) {
	ws, err := s.manager(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.erase(r.Context(), ws, chi.URLParam(r, "person")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// leave deletes the caller's own notes and takes them off the board: POST
// /api/workshops/{id}/leave with their session. Their session ends.
func (s *Server) leave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.session(r, chi.URLParam(r, "id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	if sess.Role == workshops.RoleFacilitator {
		writeError(w, r, workshops.Errorf(workshops.EFORBIDDEN, "facilitators run the workshop; they cannot leave it this way"))
		return
	}
	ws, err := s.store.Workshop(r.Context(), sess.WorkshopID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.erase(r.Context(), ws, sess.ParticipantID); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// erase deletes a person's data from a workshop, in an order that a retry
// completes whatever a failure left undone:
//
//  1. participant.erase through the board, so every client (on every node)
//     drops the person's notes at once and the person is disconnected;
//  2. their sessions and their citizen panel signup;
//  3. the text of their notes and their name in the stored log, and the
//     snapshots from before the erasure (Store.RedactEvents).
//
// An erasure already in the log (EDELETED) goes on with steps 2 and 3.
func (s *Server) erase(ctx context.Context, ws workshops.Workshop, person string) error {
	err := s.hub.Submit(ctx, ws, "", "", workshops.Op{Kind: workshops.OpParticipantErase, Person: person})
	if err != nil && workshops.ErrorCode(err) != workshops.EDELETED {
		return err
	}
	// Once the erasure is in the log the rest is done even if the caller
	// goes away (a retry would finish it too).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if _, err := s.store.DeleteSessions(ctx, ws.ID, workshops.SessionFilter{Participant: person}); err != nil {
		return err
	}
	if _, err := s.store.DeletePanelSignups(ctx, ws.ID, person); err != nil {
		return err
	}
	events, err := allEvents(ctx, s.store, ws.ID)
	if err != nil {
		return err
	}
	var at uint64 // the seq of the erasure
	for _, e := range events {
		if e.Op.Kind == workshops.OpParticipantErase && e.Op.Person == person {
			at = e.Seq
			break
		}
	}
	if at == 0 {
		return workshops.Errorf(workshops.EINTERNAL, "the erasure is not in the log")
	}
	if err := s.store.RedactEvents(ctx, ws.ID, workshops.ErasedEvents(events[:at], person), at); err != nil {
		return err
	}
	s.scrub(ctx, "erasure")
	s.log.Info().Str("workshop", ws.ID).Uint64("seq", at).Msg("a person's data was deleted")
	return nil
}

// scrub has the store remove what deleted data leaves behind in its files
// (workshops.Scrubber): SQLite's write-ahead log, PostgreSQL's dead rows.
// The deletion itself has happened when scrub is called, so a failure does
// not undo or fail it: it is logged, and the next retention sweep (at the
// latest within retentionSweep) scrubs again.
func (s *Server) scrub(ctx context.Context, after string) {
	sc, ok := s.store.(workshops.Scrubber)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := sc.Scrub(ctx); err != nil {
		s.scrubPending.Store(true)
		s.log.Error().Err(err).Str("after", after).Msg("deleted data may stay in the store's files until the next sweep")
		return
	}
	s.scrubPending.Store(false)
}

// workshopRequest hands a board its workshop as changed (a new join code,
// a new deletion date), so that welcomes tell the truth. With tell the
// other nodes are told to read it again.
type workshopRequest struct {
	ws   workshops.Workshop
	tell bool
}

// UpdateWorkshop tells this node's board of ws, if it is loaded, and the
// other nodes' boards that the workshop changed.
func (h *Hub) UpdateWorkshop(ws workshops.Workshop) {
	h.mu.Lock()
	ref, ok := h.boards[ws.ID]
	h.mu.Unlock()
	if ok {
		<-ref.ready
		if ref.b != nil && ref.b.submit(workshopRequest{ws: ws, tell: true}) {
			return
		}
	}
	if h.bus != nil {
		msg, _ := json.Marshal(busMsg{Node: h.nodeID, Kind: busWorkshop})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		h.bus.Publish(ctx, ws.ID, msg)
		cancel()
	}
}

// workshopChanged takes the workshop of r (in the board's goroutine).
func (b *board) workshopChanged(r workshopRequest) {
	if r.ws.ID != b.ws.ID || r.ws.Epoch != b.ws.Epoch {
		return // not this board's history
	}
	// Only what may change, field by field: other goroutines read b.ws.ID.
	b.ws.JoinCode, b.ws.DeleteAfter = r.ws.JoinCode, r.ws.DeleteAfter
	if r.tell {
		b.publish(busMsg{Kind: busWorkshop})
	}
}

// reloadWorkshop reads the board's workshop from the store and hands it to
// the board; another node changed it.
func (b *board) reloadWorkshop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, err := b.hub.store.Workshop(ctx, b.ws.ID)
	if err != nil {
		return // deleted meanwhile, or the store is away: the next change tells again
	}
	b.submit(workshopRequest{ws: ws})
}

// endSessions closes the connections that a committed event ends, after
// the event itself was queued for them (so they learn why): the erased
// person's, and every non-facilitator's when the workshop ends. Each node
// does this for its own connections as it commits the event.
func (b *board) endSessions(e workshops.Event) {
	switch e.Op.Kind {
	case workshops.OpParticipantErase:
		for c := range b.conns {
			if c.participantID == e.Op.Person {
				c.kick(CloseUnauthorized, "your data was deleted from the workshop")
				delete(b.conns, c)
				b.markPresence(true)
			}
		}
	case workshops.OpBoardEnd:
		for c := range b.conns {
			if b.committed.Participants[c.participantID].Role != workshops.RoleFacilitator {
				c.kick(CloseUnauthorized, "the workshop has ended")
				delete(b.conns, c)
				b.markPresence(true)
			}
		}
	}
}
