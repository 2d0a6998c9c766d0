package workshops_test

import (
	"testing"

	"github.com/samskap/samskap/workshops"
)

func ballotOp(vote, note, person string, on bool) workshops.Op {
	return op(workshops.OpVoteBallot, withVote(vote), withNote(note), withPerson(person), withOn(on))
}

// TestVoteBallot: vote.ballot, a restored archive's dot under a ballot
// pseudonym, counts in the totals and the voters like a vote.cast, is
// refused from every client (server-only), never names a participant, and
// is sent to nobody: viewers get a snapshot instead.
func TestVoteBallot(t *testing.T) {
	b := workshopBoard(t)
	mustApply(t, b, facID, voteOpenOp("v1", 2))
	mustApply(t, b, aliceID, castOp("v1", "n-plen"))
	e := mustApply(t, b, "", ballotOp("v1", "n-plen", "ballot-1", true))
	mustApply(t, b, "", ballotOp("v1", "n-a", "ballot-1", true))
	mustApply(t, b, "", ballotOp("v1", "n-a", "ballot-2", true))
	mustApply(t, b, "", ballotOp("v1", "n-a", "ballot-2", true)) // no cap, no budget: checked at the cast
	last := mustApply(t, b, "", ballotOp("v1", "n-a", "ballot-2", false))
	v := b.Votes["v1"]
	if got := v.Totals(); got["n-plen"] != 2 || got["n-a"] != 2 || len(got) != 2 {
		t.Fatalf("totals %v", got)
	}
	if len(v.Ballots) != 3 || v.Spent(aliceID) != 1 {
		t.Fatalf("ballots %v", v.Ballots)
	}
	view := b.ViewFor(facID)
	if len(view.Votes) != 1 || view.Votes[0].Voters != 3 || view.Votes[0].Totals["n-a"] != 2 {
		t.Fatalf("the facilitator sees %+v", view.Votes)
	}

	for _, who := range []string{aliceID, bobID, facID, obsID} {
		refused(t, b, who, ballotOp("v1", "n-plen", "ballot-9", true), workshops.ESERVERONLY)
		if ev, ok := b.EventFor(last, who); ok {
			t.Errorf("%s was sent a ballot: %+v", who, ev)
		}
		if !b.NeedsResync(last, who) {
			t.Errorf("%s is not sent a snapshot after a ballot", who)
		}
	}
	if b.ViewSeq != last.Seq || b.CanReplay(e.Seq) {
		t.Errorf("a client behind a ballot may replay it (view seq %d)", b.ViewSeq)
	}
	// A pseudonym never puts a dot on a person, and a ballot must be
	// consistent with the board.
	refused(t, b, "", ballotOp("v1", "n-plen", aliceID, true), workshops.EINVALID)
	refused(t, b, "", ballotOp("v1", "n-plen", "not valid!", true), workshops.EINVALID)
	refused(t, b, "", ballotOp("v1", "n-plen", "ballot-3", false), workshops.EINVALID)
	refused(t, b, "", ballotOp("v1", "ghost", "ballot-3", true), workshops.ENOTFOUND)
	refused(t, b, "", ballotOp("v9", "n-plen", "ballot-3", true), workshops.ENOTFOUND)
	mustApply(t, b, facID, op(workshops.OpVoteClose, withVote("v1")))
	refused(t, b, "", ballotOp("v1", "n-plen", "ballot-3", true), workshops.ECLOSED)

	if _, err := workshops.DecodeOp([]byte(`{"kind":"vote.ballot","vote":"v1","note":"n-a","on":true}`)); workshops.ErrorCode(err) != workshops.EINVALID {
		t.Errorf("a ballot without a pseudonym: %v", err)
	}
}
