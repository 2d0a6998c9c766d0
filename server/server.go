package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/google/uuid"
	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"

	"github.com/samskap/samskap/client"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// contentSecurityPolicy allows only our own scripts, styles and sockets: no
// inline script, no third party, no framing.
const contentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; " +
	"script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// Server is the HTTP side: pages, the JSON API and WebSockets.
type Server struct {
	cfg     Config
	store   workshops.Store
	hub     *Hub
	log     zerolog.Logger
	auth    *organiserAuth
	guesses *guessGuard // failed secrets, per endpoint and address (limits.go)
	joins   *joinLimits // successful joins, per address and workshop

	scrubPending atomic.Bool   // a scrub failed; the next sweep scrubs again
	sweepNow     chan struct{} // wakes the retention sweep (a workshop is past its date)
	nextDeletion atomic.Int64  // the next deletion date the sweep knows of, unix ns; 0: none
	upgrader     websocket.Upgrader
	router       chi.Router
	library      *templateLibrary // the presets and the saved templates (library.go)

	mu     sync.Mutex
	conns  map[*conn]struct{}
	byAddr map[string]int // open WebSockets per client address
}

// NewServer returns a server over store and hub. cookieKey signs organiser
// cookies; organiserToken signs organisers in; catalog holds the workshop
// templates (nil: none).
func NewServer(cfg Config, store workshops.Store, hub *Hub, log zerolog.Logger, organiserToken string, cookieKey []byte, catalog *templates.Catalog) *Server {
	if catalog == nil {
		catalog = &templates.Catalog{} // no templates: blank boards only
	}
	s := &Server{
		cfg: cfg, store: store, hub: hub, log: log, library: newTemplateLibrary(catalog, store, log),
		auth:     &organiserAuth{token: []byte(organiserToken), key: cookieKey, now: hub.now, dir: cfg.DataDir},
		guesses:  newGuessGuard(),
		sweepNow: make(chan struct{}, 1),
		joins:    newJoinLimits(),
		conns:    map[*conn]struct{}{},
		byAddr:   map[string]int{},
	}
	if err := s.auth.loadGeneration(); err != nil {
		// Signing in still works; only "sign out everywhere" would not
		// survive a restart.
		log.Error().Err(err).Msg("organiser sign-in generation")
		s.auth.dir = ""
		s.auth.loadGeneration()
	}
	s.upgrader = newUpgrader(s.checkOrigin)
	s.router = s.routes()
	// Templates an older version kept in the data directory go into the
	// store, once (library.go).
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	s.library.migrateDir(ctx, cfg.DataDir)
	cancel()
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, s.trustProxies, s.logRequests, securityHeaders)

	static, err := fs.Sub(client.FS, "static")
	if err != nil {
		panic("server: client has no static folder")
	}
	files, err := loadStatic(static)
	if err != nil {
		panic("server: read the client: " + err.Error())
	}
	r.Handle("/static/*", http.StripPrefix("/static/", files))
	for _, page := range []string{"/", "/join", "/j/{code}", "/w/{id}", "/tilgjengelighet"} {
		r.Get(page, s.page)
	}
	r.Get("/j/{code}/qr.svg", s.joinQR)
	r.Get("/signin", s.signIn)
	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	r.Get("/readyz", s.ready)
	r.Handle("/metrics", s.hub.metrics.handler())

	r.Route("/api", func(r chi.Router) {
		r.Use(s.sameOrigin)
		r.Get("/me", s.me)
		r.With(s.organiserOnly).Post("/signout-everywhere", s.signOutEverywhere)
		r.With(s.organiserOnly).Post("/workshops", s.createWorkshop)
		r.With(s.organiserOnly).Get("/workshops", s.listWorkshops)
		r.With(s.organiserOnly).Post("/workshops/import", s.importWorkshop)
		r.With(s.organiserOnly).Delete("/workshops/{id}", s.deleteWorkshop)
		r.With(s.organiserOnly).Get("/export/{format}", s.exportProcess)
		r.With(s.organiserOnly).Get("/templates", s.listTemplates)
		r.With(s.organiserOnly).Post("/templates/{key}/preview", s.previewTemplate)
		// Template files and processes (library_api.go, processes.go).
		s.templateFileRoutes(r)
		s.processRoutes(r)
		s.scheduleRoutes(r)
		// The facilitator's run of show (agenda.go) and getting back in
		// (facilitator_link.go).
		s.agendaRoutes(r)
		r.With(s.organiserOnly).Post("/workshops/{id}/facilitator-link", s.newFacilitatorLink)
		r.Post("/join", s.join)
		r.Post("/workshops/{id}/facilitate", s.facilitate)
		r.Get("/workshops/{id}/public", s.publicWorkshop)
		r.Get("/workshops/{id}/export/{format}", s.exportWorkshop)
		// Retention, revocation and erasure (privacy.go), the citizen panel
		// (panel.go).
		r.Put("/workshops/{id}/delete-after", s.setDeleteAfter)
		r.Post("/workshops/{id}/join-code", s.regenerateJoinCode)
		r.Post("/workshops/{id}/end", s.endWorkshop)
		r.Post("/workshops/{id}/people/{person}/erase", s.erasePerson)
		r.Post("/workshops/{id}/leave", s.leave)
		r.Get("/workshops/{id}/panel", s.panelList)
		r.Get("/workshops/{id}/panel/csv", s.panelCSV)
		r.Delete("/workshops/{id}/panel", s.panelDeleteAll)
		r.Delete("/workshops/{id}/panel/people/{person}", s.panelDeleteOne)
		r.Get("/workshops/{id}/panel/me", s.mySignup)
		r.Put("/workshops/{id}/panel/me", s.signUp)
		r.Delete("/workshops/{id}/panel/me", s.withdraw)
	})
	r.Get("/ws/{id}", s.serveWS)
	return r
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // keeps join codes out of referrers
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// logRequests logs one line per request: no query strings (they may hold
// tokens) and no bodies (they may hold names).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		r = r.WithContext(s.log.WithContext(r.Context()))
		next.ServeHTTP(ww, r)
		s.log.Debug().Str("method", r.Method).Str("path", r.URL.Path).Int("status", ww.Status()).
			Dur("took", time.Since(start)).Msg("http")
	})
}

// indexPage is the HTML every page of the app starts from, with what the
// organisation configured: where its accessibility statement is, and whom
// to contact about accessibility.
var indexPage = template.Must(template.ParseFS(client.FS, "index.html"))

// pageData fills indexPage.
type pageData struct {
	AccessibilityURL     string // the footer's link
	AccessibilityContact string // shown in the built-in statement
	Lang                 string // the language guessed from Accept-Language (pagelang.go)
	BoardModules         string // the board page's modules, for the join page to preload (modulegraph.go)
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	data := pageData{AccessibilityURL: s.cfg.AccessibilityURL, AccessibilityContact: s.cfg.AccessibilityContact,
		Lang: pageLang(r.Header.Get("Accept-Language")), BoardModules: boardModules()}
	if data.AccessibilityURL == "" {
		data.AccessibilityURL = "/tilgjengelighet"
	}
	var b bytes.Buffer
	if err := indexPage.Execute(&b, data); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Vary", "Accept-Language")
	w.Write(b.Bytes())
}

// checkOrigin allows WebSockets from our own origin, from configured ones,
// and from clients that send no Origin (not browsers, so no CSRF risk).
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	return s.allowedOrigin(r, origin)
}

// sameOrigin refuses a state-changing request (any method but GET, HEAD
// and OPTIONS) that a browser sent from a page of another origin: a
// cross-site page, or a same-site one (a sibling subdomain of the
// municipality, which SameSite=Lax cookies do not keep out). Body-less
// POSTs (end, join-code, erase) need it most: they pass no JSON content
// type check. The browser says where the request came from in
// Sec-Fetch-Site (same-origin passes at once) and Origin, which must be
// ours, a configured one, or the public URL's. A request with neither
// header does not come from a browser page, so it carries no forged
// intent.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		site, origin := r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin")
		ok := site == "same-origin" || (site == "" || site == "none") && origin == ""
		if !ok && origin != "" && origin != "null" {
			ok = s.allowedOrigin(r, origin)
		}
		if !ok {
			s.log.Warn().Str("path", r.URL.Path).Str("origin", origin).Str("site", site).Msg("refused a request from another site")
			writeError(w, r, workshops.Errorf(workshops.EFORBIDDEN, "this request came from another site"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedOrigin reports whether origin (scheme://host[:port]) is this
// server's own (the request's host), a configured one, or the public
// URL's.
func (s *Server) allowedOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, o := range s.cfg.Origins {
		if strings.EqualFold(o, origin) {
			return true
		}
	}
	if s.cfg.PublicURL != "" && strings.EqualFold(strings.TrimRight(s.cfg.PublicURL, "/"), origin) {
		return true
	}
	return false
}

func (s *Server) organiserOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.auth.signedIn(r) {
			writeError(w, r, workshops.Errorf(workshops.EUNAUTHORIZED, "sign in as organiser first"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if err := s.guesses.turn(r.Context(), "signin", addr); err != nil {
		writeError(w, r, err)
		return
	}
	if !s.auth.validToken(r.URL.Query().Get("token")) {
		s.guesses.fail("signin", addr)
		writeError(w, r, workshops.Errorf(workshops.EUNAUTHORIZED, "this sign-in link is not valid"))
		return
	}
	http.SetCookie(w, s.auth.cookie(r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https:")))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// ready answers 200 when the store reads and takes a write (a probe that
// changes nothing), else 503: a load balancer should send this node nothing
// then. A bus that does not answer leaves the node ready (it says so in the
// body): boards load and follow each other through the store until the bus
// is back.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	// Looking up a workshop that cannot exist is a round trip to the store
	// that every adapter supports; ENOTFOUND means it answered.
	if _, err := s.store.Workshop(ctx, "readyz-probe"); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		s.log.Warn().Err(err).Msg("not ready: store")
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	// A store that reads but cannot write (a read-only file or mount, a
	// read-only replica, a full disk) would answer every change with 500:
	// the write probe updates a workshop that cannot exist, which takes
	// the store's write lock (a write transaction) and changes nothing;
	// ENOTFOUND means it could have written.
	if err := s.store.SetDeleteAfter(ctx, "readyz-probe", time.Time{}); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		s.log.Warn().Err(err).Msg("not ready: the store does not take writes")
		http.Error(w, "store does not take writes", http.StatusServiceUnavailable)
		return
	}
	if s.hub.bus != nil {
		if err := s.hub.bus.Ping(ctx); err != nil {
			s.log.Warn().Err(err).Msg("bus unreachable: boards follow the store")
			w.Write([]byte("ready; the bus is unreachable, boards follow the store\n"))
			return
		}
	}
	w.Write([]byte("ready\n"))
}

// signOutEverywhere signs every organiser out, on every device, the
// caller too: POST /api/signout-everywhere. Everyone signs in again with
// the sign-in link. With several nodes it holds on the node that took it
// (each keeps its own data directory); change the organiser token there.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := s.auth.newGeneration(); err != nil {
		writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: organiserCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https:"), SameSite: http.SameSiteLaxMode})
	s.log.Info().Msg("every organiser was signed out")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]bool{"organiser": s.auth.signedIn(r)})
}

type createWorkshopRequest struct {
	Title    string           `json:"title"`
	Lang     workshops.Lang   `json:"lang"`
	Template string           `json:"template"` // optional; see templates
	Params   templates.Params `json:"params"`   // the template's parameters
	Process  string           `json:"process"`  // optional: the process it joins, last
	// Schedule is when and where it is planned (optional).
	Schedule workshops.Schedule `json:"schedule"`
}

type createWorkshopResponse struct {
	Workshop       workshops.Workshop `json:"workshop"`
	FacilitatorKey string             `json:"facilitatorKey"`
	FacilitatorURL string             `json:"facilitatorUrl"`
	JoinURL        string             `json:"joinUrl"`
}

func (s *Server) createWorkshop(w http.ResponseWriter, r *http.Request) {
	var req createWorkshopRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Lang == "" {
		req.Lang = workshops.LangNB
	}
	if !req.Lang.Valid() {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "language must be nb, nn or en"))
		return
	}
	// A template's setup is checked before anything is created, so wrong
	// parameters change nothing.
	var setupOps []workshops.Op
	if req.Template != "" {
		t, ok := s.catalog().Get(req.Template)
		if !ok {
			writeError(w, r, workshops.Errorf(workshops.ENOTFOUND, "no such template"))
			return
		}
		ops, err := t.Setup(req.Lang, req.Params)
		if err != nil {
			writeTemplateError(w, r, err)
			return
		}
		setupOps = ops
		// The template's scripts become the board's agenda (agenda.go).
		agenda, err := t.Agenda(req.Lang, req.Params)
		if err != nil {
			writeTemplateError(w, r, err)
			return
		}
		if len(agenda) > 0 {
			setupOps = append(setupOps, workshops.Op{Kind: workshops.OpAgendaSet, Agenda: agenda})
		}
		if req.Title == "" {
			req.Title = t.Name.In(req.Lang)
		}
	}
	title, err := workshops.CleanTitle(req.Title)
	if err != nil {
		writeError(w, r, err)
		return
	}
	schedule, err := workshops.CleanSchedule(req.Schedule)
	if err != nil {
		writeError(w, r, err)
		return
	}
	key := randomToken(24)
	ws := workshops.Workshop{
		ID: uuid.NewString(), Title: title, Lang: req.Lang, CreatedAt: s.hub.now().UTC(),
		Epoch: uuid.NewString(), FacilitatorKeyHash: hashToken(key), Process: req.Process,
		Schedule: schedule,
	}
	ws.DeleteAfter = s.defaultDeleteAfter(ws.CreatedAt)
	// A new code may collide with an existing one; try a few.
	for range 5 {
		ws.JoinCode = newJoinCode()
		if err = s.store.CreateWorkshop(r.Context(), ws); workshops.ErrorCode(err) != workshops.ECONFLICT {
			break
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	if len(setupOps) > 0 {
		if err := s.setUpFromTemplate(r.Context(), ws, setupOps); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if ws.Process != "" {
		// The store gave the workshop its place in the process.
		if stored, err := s.store.Workshop(r.Context(), ws.ID); err == nil {
			ws.ProcessPos = stored.ProcessPos
		}
	}
	writeJSON(w, http.StatusCreated, createWorkshopResponse{
		Workshop: ws, FacilitatorKey: key,
		FacilitatorURL: "/w/" + ws.ID + "#key=" + key,
		JoinURL:        "/j/" + ws.JoinCode,
	})
}

// deleteWorkshop deletes a workshop and all its data (the organiser's
// action; archive it first if it must be kept).
func (s *Server) deleteWorkshop(w http.ResponseWriter, r *http.Request) {
	if err := s.hub.DeleteWorkshop(r.Context(), chi.URLParam(r, "id")); err != nil {
		writeError(w, r, err)
		return
	}
	s.scrub(r.Context(), "workshop deletion")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listWorkshops(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Workshops(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	for i := range list {
		list[i].DeleteAfter = s.deleteAfter(list[i]) // absent: kept until deleted by hand
	}
	sortBySchedule(list)
	writeJSON(w, http.StatusOK, map[string]any{"workshops": list})
}

type joinRequest struct {
	Code string         `json:"code"`
	Key  string         `json:"key"`
	Name string         `json:"name"`
	Role workshops.Role `json:"role"` // join only: "" or participant, or observer
	// Category is what the person says they take part as (join only,
	// optional): citizen, staff, supplier or other.
	Category workshops.Category `json:"category"`
}

type joinResponse struct {
	WorkshopID  string                `json:"workshopId"`
	Token       string                `json:"token"`
	Participant workshops.Participant `json:"participant"`
}

// join lets anyone with the join code onto the board, with a name only.
func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	var req joinRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Key != "" {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "join takes code, name, role and category"))
		return
	}
	if !req.Category.Valid() {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "category must be citizen, staff, supplier or other, or left out"))
		return
	}
	// Anyone with the code may join to write, or only to follow along
	// (a følgekommune, the county): observers change nothing.
	role := workshops.RoleParticipant
	switch req.Role {
	case "", workshops.RoleParticipant:
	case workshops.RoleObserver:
		role = workshops.RoleObserver
	default:
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "role must be participant or observer"))
		return
	}
	name, err := workshops.CleanName(req.Name)
	if err != nil {
		writeError(w, r, err)
		return
	}
	addr := clientAddr(r)
	if err := s.guesses.turn(r.Context(), "join", addr); err != nil {
		writeError(w, r, err)
		return
	}
	ws, err := s.store.WorkshopByJoinCode(r.Context(), NormalizeJoinCode(req.Code))
	if err == nil && s.expired(ws) {
		err = workshops.Errorf(workshops.ENOTFOUND, "no workshop has this code")
	}
	if err != nil {
		if workshops.ErrorCode(err) == workshops.ENOTFOUND {
			if s.guesses.fail("join", addr) {
				s.log.Warn().Int("perMinute", globalGuessBudget).
					Msg("many wrong join codes across the server: someone may be guessing codes; join-code checks are paced")
			}
			err = workshops.Errorf(workshops.ENOTFOUND, "no workshop has this code")
		}
		writeError(w, r, err)
		return
	}
	if err := s.joins.allow(addr, ws.ID); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.roomFor(r.Context(), ws); err != nil {
		writeError(w, r, err)
		return
	}
	s.admit(w, r, ws, workshops.Participant{Name: name, Role: role, Category: req.Category})
}

// facilitate lets the holder of the facilitator key in as a facilitator.
func (s *Server) facilitate(w http.ResponseWriter, r *http.Request) {
	var req joinRequest
	if err := readJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Code != "" || req.Role != "" || req.Category != "" {
		writeError(w, r, workshops.Errorf(workshops.EINVALID, "facilitate takes key and name"))
		return
	}
	name, err := workshops.CleanName(req.Name)
	if err != nil {
		writeError(w, r, err)
		return
	}
	addr := clientAddr(r)
	if err := s.guesses.turn(r.Context(), "facilitate", addr); err != nil {
		writeError(w, r, err)
		return
	}
	ws, err := s.store.Workshop(r.Context(), chi.URLParam(r, "id"))
	// The signed-in organiser may open any workshop as facilitator without
	// its link ("open as facilitator", facilitator_link.go): a facilitator
	// who lost the one-time link is never locked out.
	organiser := req.Key == "" && s.auth.signedIn(r)
	if err == nil && !organiser && !equalHash(ws.FacilitatorKeyHash, hashToken(req.Key)) {
		err = workshops.Errorf(workshops.EUNAUTHORIZED, "this facilitator link is not valid")
	}
	if err == nil && s.expired(ws) {
		err = workshops.Errorf(workshops.ENOTFOUND, "no such workshop")
	}
	if err != nil {
		if c := workshops.ErrorCode(err); c == workshops.ENOTFOUND || c == workshops.EUNAUTHORIZED {
			s.guesses.fail("facilitate", addr)
		}
		writeError(w, r, err)
		return
	}
	s.admit(w, r, ws, workshops.Participant{Name: name, Role: workshops.RoleFacilitator})
}

// admit adds a person to the board and gives them a session. The join is in
// the board's log (durable) before the session exists, so a session always
// names someone the board knows.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, ws workshops.Workshop, p workshops.Participant) {
	p.ID = uuid.NewString()
	role := p.Role
	joining := p // the op is the board's from now on; p stays ours
	op := workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &joining}
	if err := s.hub.Submit(r.Context(), ws, "", "", op); err != nil {
		writeError(w, r, err)
		return
	}
	token := randomToken(32)
	sess := workshops.Session{TokenHash: hashToken(token), WorkshopID: ws.ID, ParticipantID: p.ID, Role: role, CreatedAt: s.hub.now().UTC()}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		writeError(w, r, err)
		return
	}
	p.JoinedAt = s.hub.now().UnixMilli()
	writeJSON(w, http.StatusOK, joinResponse{WorkshopID: ws.ID, Token: token, Participant: p})
}

// publicWorkshop returns the workshop to a person holding a session for it.
func (s *Server) publicWorkshop(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	sess, err := s.store.Session(r.Context(), hashToken(token))
	if !ok || err != nil || sess.WorkshopID != chi.URLParam(r, "id") {
		writeError(w, r, workshops.Errorf(workshops.EUNAUTHORIZED, "no valid session for this workshop"))
		return
	}
	ws, err := s.store.Workshop(r.Context(), sess.WorkshopID)
	if err == nil && s.expired(ws) {
		err = workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workshop": ws})
}

// serveWS upgrades to a WebSocket and runs the connection.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if !s.countAddr(addr, 1) {
		writeError(w, r, workshops.Errorf(workshops.ERATELIMITED, "too many connections from this address"))
		return
	}
	handedOff := false
	defer func() {
		if !handedOff {
			s.countAddr(addr, -1)
		}
	}()
	ws, wsErr := s.store.Workshop(r.Context(), chi.URLParam(r, "id"))
	if wsErr == nil && s.expired(ws) {
		wsErr = workshops.Errorf(workshops.ENOTFOUND, "the workshop was deleted")
	}
	conn, err := s.hub.upgrade(&s.upgrader, w, r)
	if err != nil {
		return // the upgrader has answered
	}
	if wsErr != nil {
		// Answer with a close code: a browser cannot read an HTTP status
		// of a refused upgrade.
		code := CloseNotFound
		if workshops.ErrorCode(wsErr) != workshops.ENOTFOUND {
			code = websocket.CloseTryAgainLater
		}
		conn.kick(code, "no such workshop")
		return
	}
	if !s.track(conn) {
		conn.kick(websocket.CloseGoingAway, "server shutting down")
		return
	}
	// serve reads the hello here, then leaves the connection to a goroutine
	// of its own and returns, so net/http lets go of the request and its
	// buffers. The request context ends then; the connection outlives
	// nothing but the server.
	handedOff = true
	conn.serve(context.WithoutCancel(r.Context()), ws, func() {
		s.untrack(conn)
		s.countAddr(addr, -1)
	})
}

// countAddr adds delta to the open connections of addr; it refuses (false)
// an opening beyond MaxConnsPerAddr. Loopback addresses are not limited:
// they are a reverse proxy on the same machine (whose clients all share
// its address) or a load test.
func (s *Server) countAddr(addr string, delta int) bool {
	if ip := net.ParseIP(addr); ip != nil && ip.IsLoopback() {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.byAddr[addr] + delta
	if delta > 0 && s.cfg.MaxConnsPerAddr > 0 && n > s.cfg.MaxConnsPerAddr {
		return false
	}
	if n <= 0 {
		delete(s.byAddr, addr)
	} else {
		s.byAddr[addr] = n
	}
	return true
}

func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// CloseConnections closes every WebSocket with 1001 (going away) so clients
// reconnect elsewhere or later, and refuses new ones.
func (s *Server) CloseConnections() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for c := range conns {
		c.kick(websocket.CloseGoingAway, "server shutting down")
	}
}

// roomFor refuses a join when the workshop holds MaxPeople people who
// count (peopleWhoCount). It reads the committed board, so joins racing
// for the last places may pass it together; the board's own bound
// (workshops.MaxParticipant) is the hard one.
func (s *Server) roomFor(ctx context.Context, ws workshops.Workshop) error {
	if s.cfg.MaxPeople <= 0 {
		return nil
	}
	b, err := s.boardState(ctx, ws)
	if err != nil {
		return err
	}
	if peopleWhoCount(b, s.hub.now()) >= s.cfg.MaxPeople {
		return workshops.Errorf(workshops.ELIMIT, "the workshop has room for %d people", s.cfg.MaxPeople)
	}
	return nil
}

func equalHash(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && hmac.Equal(a, b)
}
