package server

import (
	"context"
	"time"

	"github.com/samskap/samskap/workshops"
)

// retentionSweep is how often the server looks for workshops past their
// deletion date.
const retentionSweep = time.Hour

// deleteAfter is when a workshop is deleted: its own date (set at creation,
// changed by a facilitator), or, for a workshop from before per-workshop
// dates, its creation plus the configured retention; the zero time when it
// is kept until deleted by hand.
func (s *Server) deleteAfter(w workshops.Workshop) time.Time {
	if !w.DeleteAfter.IsZero() {
		return w.DeleteAfter
	}
	return s.defaultDeleteAfter(w.CreatedAt)
}

// expired reports whether w is past its deletion date. Such a workshop is
// refused to everyone at once (as if it were gone already), and the sweep
// is woken to delete it now rather than at its next hourly run.
func (s *Server) expired(w workshops.Workshop) bool {
	at := s.deleteAfter(w)
	if at.IsZero() || !s.hub.now().After(at) {
		return false
	}
	select {
	case s.sweepNow <- struct{}{}:
	default: // a sweep is already due
	}
	return true
}

// SweepExpired deletes every workshop past its deletion date, with all its
// personal data, and returns how many it deleted. A workshop from before
// per-workshop dates is given its date (creation plus the retention) on
// the way, so that the date a facilitator sees is the one that holds. Main
// runs it at start and every hour; several nodes may run it at once (a
// workshop another node deleted first is simply gone). It also deletes the
// sessions past their TTL.
func (s *Server) SweepExpired(ctx context.Context) (int, error) {
	list, err := s.store.Workshops(ctx)
	if err != nil {
		return 0, err
	}
	now := s.hub.now()
	deleted, sessions := 0, 0
	var next time.Time // the first deletion date still to come
	defer func() { s.nextDeletion.Store(next.UnixNano()) }()
	// Whatever was deleted, even if the sweep stops half way, leaves no
	// trace in the store's files.
	defer func() {
		if deleted > 0 || sessions > 0 || s.scrubPending.Load() {
			s.scrub(ctx, "retention sweep")
		}
	}()
	for _, w := range list {
		// Sessions past their TTL open nothing; they go, so that no token
		// hash is kept longer than it can be used.
		if s.hub.SessionTTL > 0 {
			n, err := s.store.DeleteSessions(ctx, w.ID, workshops.SessionFilter{CreatedBefore: now.Add(-s.hub.SessionTTL)})
			if err != nil {
				return deleted, err
			}
			sessions += n
		}
		at := s.deleteAfter(w)
		if at.IsZero() {
			continue
		}
		if !now.After(at) {
			if next.IsZero() || at.Before(next) {
				next = at
			}
			if w.DeleteAfter.IsZero() {
				err := s.store.SetDeleteAfter(ctx, w.ID, at)
				if err != nil && workshops.ErrorCode(err) != workshops.ENOTFOUND {
					return deleted, err
				}
				w.DeleteAfter = at
				s.hub.UpdateWorkshop(w)
			}
			continue
		}
		switch err := s.hub.DeleteWorkshop(ctx, w.ID); workshops.ErrorCode(err) {
		case "":
			deleted++
			s.log.Info().Str("workshop", w.ID).Msg("deleted at the end of its retention period")
		case workshops.ENOTFOUND:
		default:
			return deleted, err
		}
	}
	return deleted, nil
}

// sweepLoop runs SweepExpired now, then at the next deletion date it
// found (so a workshop goes at its date, not up to an hour later) or
// after retentionSweep, whichever is first, and whenever a request finds
// a workshop past its date or a deletion date changes, until ctx ends.
func (s *Server) sweepLoop(ctx context.Context) {
	t := time.NewTimer(retentionSweep)
	defer t.Stop()
	for {
		if _, err := s.SweepExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Error().Err(err).Msg("retention sweep failed")
		}
		wait := retentionSweep
		if next := s.nextDeletion.Load(); next != 0 {
			// A moment past the date: the sweep deletes only after it.
			wait = min(wait, max(time.Duration(next-s.hub.now().UnixNano())+time.Second, time.Second))
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.sweepNow:
		}
	}
}
