package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// The conformance tests of workshops.PrivacyStore; Run runs them with the
// others (suite in storetest.go).
var privacySuite = []struct {
	name string
	test func(*testing.T, workshops.Store)
}{
	{"DeleteAfterRoundTrip", testDeleteAfterRoundTrip},
	{"SetJoinCode", testSetJoinCode},
	{"SetFacilitatorKey", testSetFacilitatorKey},
	{"DeleteSessions", testDeleteSessions},
	{"RedactEvents", testRedactEvents},
	{"RedactEventsMismatch", testRedactEventsMismatch},
	{"PanelSignups", testPanelSignups},
	{"DeleteWorkshopDeletesPanel", testDeleteWorkshopDeletesPanel},
}

// NewPanelSignup returns a signup of the given person in a workshop with
// every field set, its time with nanoseconds in a zone that is not UTC.
func NewPanelSignup(workshopID, participantID string, minute int) workshops.PanelSignup {
	return workshops.PanelSignup{
		WorkshopID: workshopID, ParticipantID: participantID,
		Name: "Kari Nordmann-Ø " + participantID, Email: participantID + "@example.no", Phone: "+47 912 34 567",
		ConsentVersion: workshops.PanelConsentVersion, ConsentLang: workshops.LangNN,
		ConsentedAt: time.Date(2025, time.March, 14, 11, minute, 0, 271_828_182, time.FixedZone("CET", 3600)),
	}
}

func sameInstant(a, b time.Time) bool {
	d := a.Sub(b)
	return d > -time.Millisecond && d < time.Millisecond
}

func checkPanel(t *testing.T, call string, got, want []workshops.PanelSignup) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d signups, want %d: %+v", call, len(got), len(want), got)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.WorkshopID != w.WorkshopID || g.ParticipantID != w.ParticipantID || g.Name != w.Name || g.Email != w.Email ||
			g.Phone != w.Phone || g.ConsentVersion != w.ConsentVersion || g.ConsentLang != w.ConsentLang ||
			!sameInstant(g.ConsentedAt, w.ConsentedAt) {
			t.Errorf("%s[%d] = %+v, want %+v", call, i, g, w)
		}
	}
}

func testDeleteAfterRoundTrip(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w := NewWorkshop("w-dated")
	w.DeleteAfter = time.Date(2025, time.June, 12, 23, 59, 0, 123_456_789, time.FixedZone("CEST", 7200))
	MustCreateWorkshop(t, s, w)
	undated := NewWorkshop("w-undated")
	MustCreateWorkshop(t, s, undated)

	got, err := s.Workshop(ctx, w.ID)
	if err != nil || !sameInstant(got.DeleteAfter, w.DeleteAfter) {
		t.Fatalf("Workshop: DeleteAfter %v, %v; want %v", got.DeleteAfter, err, w.DeleteAfter)
	}
	if got, err := s.Workshop(ctx, undated.ID); err != nil || !got.DeleteAfter.IsZero() {
		t.Fatalf("a workshop without a date: DeleteAfter %v, %v", got.DeleteAfter, err)
	}
	list, err := s.Workshops(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(list, func(x workshops.Workshop) bool { return x.ID == w.ID })
	if i < 0 || !sameInstant(list[i].DeleteAfter, w.DeleteAfter) {
		t.Fatalf("Workshops does not carry the date: %+v", list)
	}

	later := w.DeleteAfter.Add(400 * 24 * time.Hour)
	if err := s.SetDeleteAfter(ctx, w.ID, later); err != nil {
		t.Fatalf("SetDeleteAfter: %v", err)
	}
	if got, _ := s.Workshop(ctx, w.ID); !sameInstant(got.DeleteAfter, later) {
		t.Errorf("after SetDeleteAfter: %v, want %v", got.DeleteAfter, later)
	}
	if got, _ := s.Workshop(ctx, undated.ID); !got.DeleteAfter.IsZero() {
		t.Errorf("SetDeleteAfter changed another workshop: %v", got.DeleteAfter)
	}
	if err := s.SetDeleteAfter(ctx, w.ID, time.Time{}); err != nil {
		t.Fatalf("SetDeleteAfter(zero): %v", err)
	}
	if got, _ := s.Workshop(ctx, w.ID); !got.DeleteAfter.IsZero() {
		t.Errorf("after clearing: %v", got.DeleteAfter)
	}
	wantCode(t, s.SetDeleteAfter(ctx, "no-such-workshop", later), workshops.ENOTFOUND, "SetDeleteAfter(unknown)")
}

func testSetJoinCode(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w, other := NewWorkshop("w-code"), NewWorkshop("w-other")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, other)

	if err := s.SetJoinCode(ctx, w.ID, "NEWCODE"); err != nil {
		t.Fatalf("SetJoinCode: %v", err)
	}
	if _, err := s.WorkshopByJoinCode(ctx, w.JoinCode); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("the old code still finds a workshop: %v", err)
	}
	if got, err := s.WorkshopByJoinCode(ctx, "NEWCODE"); err != nil || got.ID != w.ID {
		t.Errorf("the new code: %+v, %v", got, err)
	}
	if got, _ := s.Workshop(ctx, w.ID); got.JoinCode != "NEWCODE" {
		t.Errorf("Workshop has code %q", got.JoinCode)
	}
	// Another workshop's code is refused, and nothing changes.
	wantCode(t, s.SetJoinCode(ctx, w.ID, other.JoinCode), workshops.ECONFLICT, "SetJoinCode(taken)")
	if got, _ := s.Workshop(ctx, w.ID); got.JoinCode != "NEWCODE" {
		t.Errorf("a refused SetJoinCode changed the code to %q", got.JoinCode)
	}
	// The old code is free for anyone.
	if err := s.SetJoinCode(ctx, other.ID, w.JoinCode); err != nil {
		t.Errorf("taking a freed code: %v", err)
	}
	// No code: the workshop is found by ID only.
	if err := s.SetJoinCode(ctx, w.ID, ""); err != nil {
		t.Fatalf("SetJoinCode(\"\"): %v", err)
	}
	if got, err := s.Workshop(ctx, w.ID); err != nil || got.JoinCode != "" {
		t.Errorf("after removing the code: %q, %v", got.JoinCode, err)
	}
	if _, err := s.WorkshopByJoinCode(ctx, "NEWCODE"); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("a removed code still finds a workshop: %v", err)
	}
	if _, err := s.WorkshopByJoinCode(ctx, ""); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("the empty code finds a workshop: %v", err)
	}
	// Two workshops may both have none.
	if err := s.SetJoinCode(ctx, other.ID, ""); err != nil {
		t.Errorf("a second workshop without a code: %v", err)
	}
	wantCode(t, s.SetJoinCode(ctx, "no-such-workshop", "ANYCODE"), workshops.ENOTFOUND, "SetJoinCode(unknown)")
}

func testDeleteSessions(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w, other := NewWorkshop("w-sess"), NewWorkshop("w-sess-other")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, other)
	sess := func(ws, token, person string, role workshops.Role) workshops.Session {
		x := NewSession(ws, token)
		x.ParticipantID, x.Role = person, role
		MustCreateSession(t, s, x)
		return x
	}
	fac := sess(w.ID, "fac", "p-fac", workshops.RoleFacilitator)
	a1 := sess(w.ID, "a1", "p-a", workshops.RoleParticipant)
	a2 := sess(w.ID, "a2", "p-a", workshops.RoleParticipant) // a second device
	b := sess(w.ID, "b", "p-b", workshops.RoleParticipant)
	obs := sess(w.ID, "obs", "p-obs", workshops.RoleObserver)
	elsewhere := sess(other.ID, "else", "p-a", workshops.RoleParticipant) // the same ID in another workshop
	alive := func(x workshops.Session) bool {
		_, err := s.Session(ctx, x.TokenHash)
		if err != nil && workshops.ErrorCode(err) != workshops.ENOTFOUND {
			t.Fatalf("Session: %v", err)
		}
		return err == nil
	}

	n, err := s.DeleteSessions(ctx, w.ID, workshops.SessionFilter{Participant: "p-a"})
	if err != nil || n != 2 {
		t.Fatalf("DeleteSessions(one person) = %d, %v; want 2", n, err)
	}
	if alive(a1) || alive(a2) {
		t.Error("the person's sessions survived")
	}
	if !alive(b) || !alive(fac) || !alive(obs) || !alive(elsewhere) {
		t.Error("DeleteSessions(one person) took others' sessions")
	}
	if n, err := s.DeleteSessions(ctx, w.ID, workshops.SessionFilter{Participant: "p-a"}); err != nil || n != 0 {
		t.Errorf("deleting again = %d, %v; want 0, nil", n, err)
	}
	n, err = s.DeleteSessions(ctx, w.ID, workshops.SessionFilter{KeepRole: workshops.RoleFacilitator})
	if err != nil || n != 2 {
		t.Fatalf("DeleteSessions(all but facilitators) = %d, %v; want 2", n, err)
	}
	if alive(b) || alive(obs) {
		t.Error("participants' and observers' sessions survived")
	}
	if !alive(fac) || !alive(elsewhere) {
		t.Error("the facilitator's session, or another workshop's, was deleted")
	}
	if n, err := s.DeleteSessions(ctx, "no-such-workshop", workshops.SessionFilter{}); err != nil || n != 0 {
		t.Errorf("DeleteSessions(unknown) = %d, %v", n, err)
	}
	if n, err := s.DeleteSessions(ctx, w.ID, workshops.SessionFilter{}); err != nil || n != 1 || alive(fac) {
		t.Errorf("DeleteSessions(everyone) = %d, %v", n, err)
	}

	// Expired ones: only sessions created before the cutoff go, whatever
	// the zone of the times.
	at := func(token string, created time.Time) workshops.Session {
		x := NewSession(w.ID, token)
		x.CreatedAt = created
		MustCreateSession(t, s, x)
		return x
	}
	cutoff := time.Date(2026, time.January, 10, 12, 0, 0, 0, time.UTC)
	old1 := at("old-1", cutoff.Add(-30*24*time.Hour))
	old2 := at("old-2", cutoff.Add(-time.Second).In(time.FixedZone("CET", 3600)))
	young := at("young", cutoff.Add(time.Second).In(time.FixedZone("", -5*3600)))
	if n, err := s.DeleteSessions(ctx, w.ID, workshops.SessionFilter{CreatedBefore: cutoff}); err != nil || n != 2 {
		t.Fatalf("DeleteSessions(created before) = %d, %v; want 2", n, err)
	}
	if alive(old1) || alive(old2) || !alive(young) {
		t.Errorf("after deleting the expired: old %v %v, young %v; want false false true", alive(old1), alive(old2), alive(young))
	}
}

func testRedactEvents(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w := NewWorkshop("w-redact")
	MustCreateWorkshop(t, s, w)
	events := Script(40)
	MustAppend(t, s, w.ID, events[:10], MustSnapshot(t, MustReplay(t, w.ID, w.Title, events[:10])))
	MustAppend(t, s, w.ID, events[10:30], MustSnapshot(t, MustReplay(t, w.ID, w.Title, events[:30])))
	MustAppend(t, s, w.ID, events[30:], nil)
	MustCreateWorkshop(t, s, NewWorkshop("w-neighbour"))
	MustAppend(t, s, "w-neighbour", events, nil)

	redacted := workshops.ErasedEvents(events, "par-1")
	if len(redacted) < 3 {
		t.Fatalf("the script has only %d events to redact", len(redacted))
	}
	if err := s.RedactEvents(ctx, w.ID, redacted, 30); err != nil {
		t.Fatalf("RedactEvents: %v", err)
	}
	want := slices.Clone(events)
	for _, r := range redacted {
		want[r.Seq-1] = r
	}
	CheckEvents(t, MustEvents(t, s, w.ID, 0, 100), want)
	CheckEvents(t, MustEvents(t, s, "w-neighbour", 0, 100), events)
	snap, err := s.LastSnapshot(ctx, w.ID)
	if err != nil || snap.Seq != 30 {
		t.Fatalf("the snapshot at 30 went: %d, %v", snap.Seq, err)
	}
	// The snapshot at 10 went: after dropping 30 too, there is none.
	if err := s.RedactEvents(ctx, w.ID, nil, 31); err != nil {
		t.Fatalf("RedactEvents(no events): %v", err)
	}
	if _, err := s.LastSnapshot(ctx, w.ID); workshops.ErrorCode(err) != workshops.ENOTFOUND {
		t.Errorf("snapshots below 31 remain: %v", err)
	}
	// The redacted log replays.
	MustLoad(t, s, w.ID, w.Title)
}

func testRedactEventsMismatch(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w := NewWorkshop("w-mismatch")
	MustCreateWorkshop(t, s, w)
	events := Script(12)
	MustAppend(t, s, w.ID, events, MustSnapshot(t, MustReplay(t, w.ID, w.Title, events)))
	redacted := workshops.ErasedEvents(events, "par-1")
	wrongActor := redacted[len(redacted)-1]
	wrongActor.Actor = "fac-1"
	beyond := redacted[0]
	beyond.Seq = 99
	for name, bad := range map[string]workshops.Event{"another actor": wrongActor, "a seq not stored": beyond} {
		batch := append(slices.Clone(redacted[:1]), bad)
		wantCode(t, s.RedactEvents(ctx, w.ID, batch, 13), workshops.ENOTFOUND, "RedactEvents("+name+")")
		CheckEvents(t, MustEvents(t, s, w.ID, 0, 100), events)
		if _, err := s.LastSnapshot(ctx, w.ID); err != nil {
			t.Errorf("%s: a refused RedactEvents dropped the snapshot: %v", name, err)
		}
	}
	wantCode(t, s.RedactEvents(ctx, "no-such-board", redacted[:1], 0), workshops.ENOTFOUND, "RedactEvents(unknown board)")
}

func testPanelSignups(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w, other := NewWorkshop("w-panel"), NewWorkshop("w-panel-other")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, other)
	if list, err := s.PanelSignups(ctx, w.ID); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("PanelSignups of none = %#v, %v; want an empty list", list, err)
	}
	b := NewPanelSignup(w.ID, "p-b", 20)
	a := NewPanelSignup(w.ID, "p-a", 10)
	a.Phone = "" // e-mail only
	c := NewPanelSignup(other.ID, "p-a", 5)
	c.Email = "" // phone only
	for _, p := range []workshops.PanelSignup{b, a, c} {
		if err := s.SavePanelSignup(ctx, p); err != nil {
			t.Fatalf("SavePanelSignup(%s): %v", p.ParticipantID, err)
		}
	}
	list, err := s.PanelSignups(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkPanel(t, "PanelSignups", list, []workshops.PanelSignup{a, b})

	// The same person again replaces their signup.
	a2 := a
	a2.Email, a2.Phone, a2.ConsentedAt = "ny@example.no", "12345", a.ConsentedAt.Add(30*time.Minute)
	if err := s.SavePanelSignup(ctx, a2); err != nil {
		t.Fatalf("SavePanelSignup again: %v", err)
	}
	list, _ = s.PanelSignups(ctx, w.ID)
	checkPanel(t, "PanelSignups after a change", list, []workshops.PanelSignup{b, a2})

	wantCode(t, s.SavePanelSignup(ctx, NewPanelSignup("no-such-workshop", "p-x", 1)), workshops.ENOTFOUND, "SavePanelSignup(unknown workshop)")

	if n, err := s.DeletePanelSignups(ctx, w.ID, "p-b"); err != nil || n != 1 {
		t.Fatalf("DeletePanelSignups(one) = %d, %v", n, err)
	}
	list, _ = s.PanelSignups(ctx, w.ID)
	checkPanel(t, "PanelSignups after deleting one", list, []workshops.PanelSignup{a2})
	if n, err := s.DeletePanelSignups(ctx, w.ID, "p-b"); err != nil || n != 0 {
		t.Errorf("deleting again = %d, %v", n, err)
	}
	if n, err := s.DeletePanelSignups(ctx, w.ID, ""); err != nil || n != 1 {
		t.Fatalf("DeletePanelSignups(all) = %d, %v", n, err)
	}
	list, _ = s.PanelSignups(ctx, w.ID)
	checkPanel(t, "PanelSignups after deleting all", list, nil)
	list, _ = s.PanelSignups(ctx, other.ID)
	checkPanel(t, "the other workshop's signups", list, []workshops.PanelSignup{c})
}

func testDeleteWorkshopDeletesPanel(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w, kept := NewWorkshop("w-gone"), NewWorkshop("w-kept")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, kept)
	for _, p := range []workshops.PanelSignup{NewPanelSignup(w.ID, "p-a", 1), NewPanelSignup(kept.ID, "p-a", 2)} {
		if err := s.SavePanelSignup(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteWorkshop(ctx, w.ID); err != nil {
		t.Fatalf("DeleteWorkshop: %v", err)
	}
	if list, err := s.PanelSignups(ctx, w.ID); err != nil || len(list) != 0 {
		t.Errorf("signups of a deleted workshop: %+v, %v", list, err)
	}
	if list, err := s.PanelSignups(ctx, kept.ID); err != nil || len(list) != 1 {
		t.Errorf("the other workshop's signups: %+v, %v", list, err)
	}
	// The ID may be used again, without the old signups.
	MustCreateWorkshop(t, s, w)
	if list, _ := s.PanelSignups(ctx, w.ID); len(list) != 0 {
		t.Errorf("a new workshop with the old ID has %d signups", len(list))
	}
}

func testSetFacilitatorKey(t *testing.T, s workshops.Store) {
	ctx := t.Context()
	w, other := NewWorkshop("w-key"), NewWorkshop("w-key-other")
	MustCreateWorkshop(t, s, w)
	MustCreateWorkshop(t, s, other)
	newHash := []byte("0123456789abcdef0123456789abcdef")
	if err := s.SetFacilitatorKey(ctx, w.ID, newHash); err != nil {
		t.Fatalf("SetFacilitatorKey: %v", err)
	}
	if got, err := s.Workshop(ctx, w.ID); err != nil || string(got.FacilitatorKeyHash) != string(newHash) {
		t.Errorf("after SetFacilitatorKey: %x, %v", got.FacilitatorKeyHash, err)
	}
	if got, _ := s.Workshop(ctx, other.ID); string(got.FacilitatorKeyHash) != string(other.FacilitatorKeyHash) {
		t.Errorf("another workshop's key changed: %x", got.FacilitatorKeyHash)
	}
	wantCode(t, s.SetFacilitatorKey(ctx, "no-such-workshop", newHash), workshops.ENOTFOUND, "SetFacilitatorKey(unknown)")
}
