package server

import (
	"context"

	"github.com/samskap/samskap/workshops"
)

// load reads the board from the store: its state, and the recent events
// for resume and for recognising retried ops. Both come from one consistent
// read: the events are read up to the loaded seq and no further, so none is
// remembered before it is applied. Whatever was committed since the load is
// applied (and remembered) by the next catch-up, once.
func (b *board) load(ctx context.Context) error {
	h := b.hub
	committed, err := workshops.Load(ctx, h.store, b.ws.ID, b.ws.Title)
	if err != nil {
		return err
	}
	b.committed, b.spec = committed, committed.Clone()
	b.lastSnap = committed.Seq
	from := uint64(0)
	if window := uint64(max(h.DedupeWindow, h.ReplayLimit)); committed.Seq > window {
		from = committed.Seq - window
	}
	for from < committed.Seq {
		recent, err := h.store.Events(ctx, b.ws.ID, from, int(committed.Seq-from))
		if err != nil {
			return err
		}
		before := from
		for _, e := range recent {
			if e.Seq > committed.Seq {
				break // committed after the load: the catch-up applies it
			}
			b.remember(e)
			from = e.Seq
		}
		if from == before {
			break
		}
	}
	return nil
}
