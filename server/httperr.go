package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/workshops"
)

// httpStatus maps domain error codes to HTTP statuses: the one place where
// that happens (docs/PROTOCOL.md lists the table).
var httpStatus = map[string]int{
	workshops.EINVALID:      http.StatusBadRequest,
	workshops.EBADJSON:      http.StatusBadRequest,
	workshops.EUNKNOWNOP:    http.StatusBadRequest,
	workshops.ENOTJOINED:    http.StatusBadRequest,
	workshops.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	workshops.EUNAUTHORIZED: http.StatusUnauthorized,
	workshops.EFORBIDDEN:    http.StatusForbidden,
	workshops.ESERVERONLY:   http.StatusForbidden,
	workshops.ENOTFOUND:     http.StatusNotFound,
	workshops.EDELETED:      http.StatusNotFound,
	workshops.ECONFLICT:     http.StatusConflict,
	workshops.ELIMIT:        http.StatusConflict,
	workshops.ELOCKED:       http.StatusConflict,
	workshops.EOVERBUDGET:   http.StatusConflict,
	workshops.ECLOSED:       http.StatusConflict,
	workshops.ESTALE:        http.StatusConflict,
	workshops.EEDITING:      http.StatusConflict,
	workshops.ERATELIMITED:  http.StatusTooManyRequests,
	workshops.EUNAVAILABLE:  http.StatusServiceUnavailable,
	workshops.EINTERNAL:     http.StatusInternalServerError,
}

// writeError answers with err as JSON. Internal errors are logged with their
// detail and shown to the user without it; an outage of a dependency is
// 503 unavailable (outage.go).
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := workshops.ErrorCode(outage(err))
	status, ok := httpStatus[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("path", r.URL.Path).Msg("request failed")
	}
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": workshops.ErrorMessage(outage(err))}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// readJSON decodes a small JSON request body strictly into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		// Also a CSRF guard: a cross-site form cannot send this type
		// without a CORS preflight, which we never allow.
		return workshops.Errorf(workshops.EINVALID, "send application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return workshops.Errorf(workshops.ETOOLARGE, "request body too large")
		}
		return workshops.JSONError(err)
	}
	return nil
}
