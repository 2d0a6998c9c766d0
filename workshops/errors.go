package workshops

import (
	"errors"
	"fmt"
)

// Error codes. They are part of the wire protocol (docs/PROTOCOL.md) and are
// mapped to HTTP statuses in one place, server/httperr.go.
const (
	EINVALID      = "invalid"       // the request is malformed or breaks a rule
	ENOTFOUND     = "not_found"     // the thing named does not exist
	ECONFLICT     = "conflict"      // the thing exists already, or a seq is taken
	EFORBIDDEN    = "forbidden"     // the sender's role may not do this
	EUNAUTHORIZED = "unauthorized"  // no valid credential
	ETOOLARGE     = "too_large"     // a message or a field is over its limit
	ERATELIMITED  = "rate_limited"  // too many requests; try again later
	EUNAVAILABLE  = "unavailable"   // the server cannot save right now; retry
	EINTERNAL     = "internal"      // a bug or an unexpected failure
	EUNKNOWNOP    = "unknown_op"    // an operation kind the server does not know
	EBADJSON      = "bad_json"      // the message is not valid JSON of the right shape
	EDELETED      = "deleted"       // the note (frame, group) was deleted, or the person removed
	ENOTJOINED    = "not_joined"    // a message arrived before hello
	ESERVERONLY   = "server_only"   // an operation only the server may issue
	ELIMIT        = "limit_reached" // the board holds as much as it may
	ELOCKED       = "locked"        // a facilitator locked the board or the frame
	EOVERBUDGET   = "over_budget"   // no dots left, or the cap per note is reached
	ECLOSED       = "closed"        // the vote (or private step) is not open
	ESTALE        = "stale"         // the item changed since the op's ifSeq (an undo that no longer applies)
	EEDITING      = "editing"       // someone else is editing the note's text (note.editing)
)

// Error is the domain error: a code from the list above and a message that
// may be shown to the user. A message may quote a short piece of the input
// (an unknown field's name), so clients must show it as text.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// EINTERNAL otherwise. A nil error has no code.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of an
// *Error, or a generic text for anything else (whose detail belongs in the
// log, not in front of the user).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
