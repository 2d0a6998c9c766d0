// Package workshops is the domain of Samskap: workshops, their boards, the
// sticky notes on a board, the people taking part, the facilitation of the
// exercises (frames, breakout groups, dot votes, private writing, the
// timer), and the operations that change a board.
//
// # The sync model
//
// Every change to a board is an [Op] sent by a client. The server checks who
// sent it, stamps it with the time and the board's next sequence number and
// records it as an [Event] in the board's ordered log. [Apply] folds one event
// into a [Board]. Apply is deterministic: it reads no clock and no randomness,
// so every replica that applies the same log in the same order reaches the
// same board, byte for byte ([Board.Hash]).
//
// Conflicts resolve per field: each operation sets only the fields it names,
// so the last writer in log order wins for each field (a move and an edit of
// the same note both survive). Deletes leave tombstones, so a late edit of a
// deleted note is rejected the same way on every replica. Rules that depend on
// order, such as who may edit what, a vote's budget or a locked frame, are
// decided by Apply in log order.
//
// What needs randomness or a clock is decided outside Apply and written
// into the op: group.assign carries the whole person-to-group mapping (the
// server computes "evenly at random" with [Board.AssignEvenly]); the timer
// is stamped with Event.At and clients count down from the server's time.
//
// # Roles
//
// Facilitators (any number) run the workshop: only they change frames,
// groups, votes, the timer, locks and the flow. Participants write, move and
// vote. Observers see but change nothing. A facilitator may remove a
// participant or observer (Participant.Removed): everything they send from
// then on is refused with EFORBIDDEN, they cannot join again under the same
// ID, and the server ends their sessions.
//
// Two ops are the server's, on a person's or a facilitator's behalf (the
// HTTP layer checks who asks): participant.erase deletes a person's data
// (their notes become empty tombstones, their name goes; see
// [ErasedEvents] for the stored log), and board.end ends the workshop for
// good (Board.Ended): from then on everything is refused with ECLOSED but a
// facilitator joining and an erasure.
//
// # Frames and notes
//
// A [Frame] is a named area (an exercise, a theme, a card). A note belongs to
// one frame or none (Note.Frame), decided when it is placed: note.create,
// note.move and note.resize put it in the innermost live frame that holds
// its centre (smallest area, then the one drawn on top, then the smallest
// ID). A participant may not place a note in a frame they cannot see
// (EFORBIDDEN), nor, during breakout, move one out of its group's frames or
// into them. Whoever sees a note sees its frame, so every client can apply
// the same rule to the frames it holds. Moving a frame carries its notes
// along; resizing a frame or creating one over loose notes does not capture
// them, and deleting a frame leaves its notes in no frame. A frame may
// belong to a breakout group, and may be locked.
//
// # Who sees what
//
// The Board holds everything, secrets included; nobody is ever sent it. The
// server sends each person [Board.ViewFor] as a snapshot and passes every
// event through [Board.NeedsResync] and [Board.EventFor]:
//
//   - Breakout: while Board.Breakout is on, a frame of a group, and the notes
//     in it, are seen only by that group's members and the facilitators. In
//     plenary everyone sees every frame: that is how the groups' results
//     come together side by side. Notes outside group frames are seen by all.
//   - Hidden notes (moderation) are seen by facilitators only, with the reason.
//   - Private notes, written during a private step in its frames, are seen by
//     their author and, unless the step is sealed, the facilitators, until
//     private.reveal shows them all at once.
//   - Votes: who voted for what never leaves the server, except each voter's
//     own dots to that voter. Facilitators see the totals as they grow;
//     everyone else sees them after vote.reveal, for the notes they see.
//
// An op on a note the actor may not see is refused as ENOTFOUND, so it does
// not even reveal that the note exists.
//
// Some events change what someone may see of things they already have, or
// lack: a move to another group, breakout starting or ending, a reveal, a
// note shown again, frames copied. Apply stamps such an event's seq into
// Board.ViewSeq, and NeedsResync tells the server whom to send a fresh
// ViewFor instead of the event. A client resuming from a seq below ViewSeq
// gets a snapshot ([Board.CanReplay]).
//
// # Dot voting
//
// vote.open sets a budget of dots per participant and an optional cap per
// note, over some frames or the whole board; one vote is open at a time.
// vote.cast and vote.retract move one dot; the budget and the cap are
// checked in log order, so two dots racing on two nodes end the same way
// everywhere. A dot on a note that is deleted or hidden while the vote is
// open is handed back. vote.reveal closes the vote and shows the totals;
// vote.top marks the top ideas (the client proposes them from the ranking).
//
// This package does no I/O. The interfaces that adapters implement (the
// [Store], the [Bus]) live here; the adapters live under server/.
package workshops
