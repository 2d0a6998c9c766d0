// Package workshops is the domain of Samskap: workshops, their boards, the
// sticky notes on a board, the people taking part, and the operations that
// change a board.
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
// order, such as who may edit what, are decided by Apply in log order.
//
// This package does no I/O. The interfaces that adapters implement (the
// [Store]) live here; the adapters live under server/.
package workshops
