package export_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/workshops"
)

// ballotLog is a workshop's log with two votes: Aud (who wrote a note, so
// her participant ID is known from note.create) casts and takes back dots
// in both, Bo and Dag vote, and Dag's data is erased after he voted.
func ballotLog(t *testing.T) (*workshops.Board, []workshops.Event) {
	t.Helper()
	b := workshops.NewBoard("ws-ballots", "Stemmer")
	var log []workshops.Event
	do := func(actor string, op workshops.Op) {
		t.Helper()
		e := workshops.Event{Seq: b.Seq + 1, Actor: actor, At: 1_700_000_000_000 + int64(b.Seq)*1000, Op: op}
		if actor != "" {
			e.OpID = actor + "-op-" + strings.Repeat("x", int(b.Seq%3)+1)
		}
		if err := workshops.Apply(b, e); err != nil {
			t.Fatalf("seq %d %s by %q: %v", e.Seq, op.Kind, actor, err)
		}
		log = append(log, e)
	}
	join := func(id, name string, role workshops.Role) {
		do("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: id, Name: name, Role: role}})
	}
	note := func(actor, id string, x float64) {
		text, c, y := "lapp "+id, workshops.ColorYellow, 0.0
		do(actor, workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: &text, Color: &c, X: &x, Y: &y})
	}
	budget := func(n int) *int { return &n }
	vote := func(actor string, kind workshops.OpKind, vote, note string) {
		do(actor, workshops.Op{Kind: kind, Vote: vote, Note: note})
	}
	join("fac", "Fasilitator", workshops.RoleFacilitator)
	join("aud", "Aud Hansen", workshops.RoleParticipant)
	join("bo", "Bo", workshops.RoleParticipant)
	join("dag", "Dag", workshops.RoleParticipant)
	note("aud", "n1", 0)
	note("bo", "n2", 300)
	note("dag", "n3", 600)
	do("fac", workshops.Op{Kind: workshops.OpVoteOpen, Vote: "v1", Budget: budget(3)})
	vote("aud", workshops.OpVoteCast, "v1", "n2")
	vote("aud", workshops.OpVoteCast, "v1", "n2")
	vote("aud", workshops.OpVoteCast, "v1", "n3")
	vote("aud", workshops.OpVoteRetract, "v1", "n3")
	vote("bo", workshops.OpVoteCast, "v1", "n1")
	vote("dag", workshops.OpVoteCast, "v1", "n1")
	vote("dag", workshops.OpVoteCast, "v1", "n2")
	vote("bo", workshops.OpVoteCast, "v1", "n3")
	do("fac", workshops.Op{Kind: workshops.OpVoteClose, Vote: "v1"})
	do("fac", workshops.Op{Kind: workshops.OpVoteOpen, Vote: "v2", Budget: budget(2)})
	vote("aud", workshops.OpVoteCast, "v2", "n2")
	vote("dag", workshops.OpVoteCast, "v2", "n1")
	vote("bo", workshops.OpVoteCast, "v2", "n3")
	// Dag leaves: his note goes (and bo's dot on it in the open vote v2
	// with it); his dots stay in the totals, as on the live board.
	do("", workshops.Op{Kind: workshops.OpParticipantErase, Person: "dag"})
	vote("aud", workshops.OpVoteCast, "v2", "n1")
	return b, log
}

// TestArchiveBallotsUnlinked: the archive of a board where a known author
// voted holds no vote op that names a participant, by actor, op ID or
// field; every dot is under a pseudonym that is no participant's ID and is
// new in every vote. The restored board has the live board's totals and
// count of voters, an erased voter's dots included.
func TestArchiveBallotsUnlinked(t *testing.T) {
	live, log := ballotLog(t)
	people := []string{"fac", "aud", "bo", "dag"}
	for _, names := range []bool{false, true} {
		a := export.NewArchive(workshops.Workshop{ID: "ws-ballots", Title: "Stemmer", Lang: workshops.LangNB,
			CreatedAt: time.Unix(1_700_000_000, 0), Epoch: "e1"}, "", log, names, time.Now())
		if len(a.Events) != len(log) {
			t.Fatalf("%d events, want %d", len(a.Events), len(log))
		}
		pseudonyms := map[string]string{} // pseudonym -> vote
		perVote := map[string]map[string]bool{}
		for i, e := range a.Events {
			if e.Seq != log[i].Seq || e.At != log[i].At {
				t.Fatalf("event %d: seq %d at %d, want %d at %d", i, e.Seq, e.At, log[i].Seq, log[i].At)
			}
			switch e.Op.Kind {
			case workshops.OpVoteCast, workshops.OpVoteRetract:
				t.Fatalf("event %d is a %s by %q", i, e.Op.Kind, e.Actor)
			case workshops.OpVoteBallot:
			default:
				continue
			}
			raw, _ := json.Marshal(e)
			for _, p := range people {
				if e.Actor == p || e.Op.Person == p || strings.Contains(string(raw), `"`+p) || strings.Contains(e.OpID, p) {
					t.Fatalf("ballot %s names %s", raw, p)
				}
			}
			if e.Actor != "" || e.OpID != "" || !strings.HasPrefix(e.Op.Person, "ballot-") {
				t.Fatalf("ballot %s", raw)
			}
			if v, ok := pseudonyms[e.Op.Person]; ok && v != e.Op.Vote {
				t.Fatalf("pseudonym %s in votes %s and %s", e.Op.Person, v, e.Op.Vote)
			}
			pseudonyms[e.Op.Person] = e.Op.Vote
			if perVote[e.Op.Vote] == nil {
				perVote[e.Op.Vote] = map[string]bool{}
			}
			perVote[e.Op.Vote][e.Op.Person] = true
		}
		// One pseudonym per voter and vote: v1 had aud, bo and dag; v2 aud, dag, bo.
		if len(perVote["v1"]) != 3 || len(perVote["v2"]) != 3 {
			t.Fatalf("pseudonyms per vote: %v", perVote)
		}

		data, err := a.JSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := export.ParseArchive(data)
		if err != nil {
			t.Fatal(err)
		}
		restored := workshops.NewBoard("ws-ballots", "Stemmer")
		for _, e := range back.Events {
			if err := workshops.Apply(restored, e); err != nil {
				t.Fatalf("replay seq %d: %v", e.Seq, err)
			}
		}
		for id, v := range live.Votes {
			r := restored.Votes[id]
			if !reflect.DeepEqual(r.Totals(), v.Totals()) || len(r.Ballots) != len(v.Ballots) {
				t.Fatalf("vote %s: restored totals %v from %d voters, live %v from %d", id, r.Totals(), len(r.Ballots), v.Totals(), len(v.Ballots))
			}
			for voter := range r.Ballots {
				if _, ok := restored.Participants[voter]; ok {
					t.Fatalf("vote %s has a ballot under participant %s", id, voter)
				}
			}
		}
		if got, want := restored.ViewFor("fac").Votes, live.ViewFor("fac").Votes; !reflect.DeepEqual(got, want) {
			t.Fatalf("the facilitator sees\n%+v\nlive\n%+v", got, want)
		}
		// The erased voter's dots count, as they do live: the test would
		// pass vacuously if the fixture had none.
		if live.Votes["v2"].Totals()["n1"] != 2 || len(live.Votes["v1"].Ballots) != 3 {
			t.Fatalf("fixture: v1 %v, v2 %v", live.Votes["v1"].Ballots, live.Votes["v2"].Ballots)
		}

		// An archive of the restored log is the same archive: ballots stay
		// as they are.
		again := export.NewArchive(back.Restorable(), "", back.Events, names, time.Now())
		if !reflect.DeepEqual(again.Events, back.Events) {
			t.Fatal("archiving a restored log changed its events")
		}
	}

	// An archive written before ballots had pseudonyms (vote.cast with the
	// voter) still restores; archived again, it has them.
	w0 := workshops.Workshop{ID: "ws-ballots", Title: "Stemmer", Lang: workshops.LangNB, CreatedAt: time.Unix(1_700_000_000, 0), Epoch: "e1"}
	old, err := json.Marshal(export.Archive{Format: export.ArchiveFormat, Kind: "samskap-workshop", Workshop: export.ArchiveWorkshop{
		ID: w0.ID, Title: w0.Title, Lang: w0.Lang, CreatedAt: w0.CreatedAt, Epoch: w0.Epoch}, Events: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.ParseArchive(old); err != nil {
		t.Fatalf("an older archive: %v", err)
	}

	// Each archive draws new pseudonyms: two exports cannot be joined up
	// either.
	w := workshops.Workshop{ID: "ws-ballots", Title: "Stemmer", Lang: workshops.LangNB, CreatedAt: time.Unix(1_700_000_000, 0), Epoch: "e1"}
	one, two := export.NewArchive(w, "", log, false, time.Now()), export.NewArchive(w, "", log, false, time.Now())
	for i := range one.Events {
		if one.Events[i].Op.Kind == workshops.OpVoteBallot && one.Events[i].Op.Person == two.Events[i].Op.Person {
			t.Fatalf("event %d has the same pseudonym in two archives", i)
		}
	}
}
