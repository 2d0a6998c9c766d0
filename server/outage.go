package server

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/samskap/samskap/workshops"
)

// A dependency that cannot be reached (PostgreSQL restarting, Redis down, a
// link cut) is no bug of the request: the request may well succeed a moment
// later. Such errors answer 503 `unavailable` (retryable), never 500
// `internal`; their detail still goes to the log.

// outage returns err as EUNAVAILABLE if it is an outage of a dependency,
// else err itself. Domain errors are returned as they are.
func outage(err error) error {
	if isOutage(err) {
		return workshops.Errorf(workshops.EUNAVAILABLE, "the service is briefly unavailable; try again")
	}
	return err
}

// isOutage reports whether err says a dependency could not be reached, or
// did not answer in time, rather than that something is wrong with the
// request or the code.
func isOutage(err error) bool {
	if err == nil {
		return false
	}
	var domain *workshops.Error
	if errors.As(err, &domain) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case strings.HasPrefix(pg.Code, "08"): // connection exception
			return true
		case pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03": // shutting down, crashed, starting
			return true
		case pg.Code == "53300": // too many connections
			return true
		}
		return false
	}
	// pgx reports a connection it lost mid-query this way.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "connection reset") || strings.Contains(msg, "broken pipe")
}
