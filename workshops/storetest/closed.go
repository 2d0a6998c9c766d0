package storetest

import (
	"testing"
	"time"

	"github.com/samskap/samskap/workshops"
)

// CheckClosed checks that every method of a closed store returns
// EUNAVAILABLE, and that a second Close is a no-op. s must have been
// closed by the caller, after a workshop "w" was stored in it.
func CheckClosed(t *testing.T, s workshops.Store) {
	t.Helper()
	ctx := t.Context()
	check := func(name string, err error) {
		t.Helper()
		if workshops.ErrorCode(err) != workshops.EUNAVAILABLE {
			t.Errorf("%s after Close = %v, want %s", name, err, workshops.EUNAVAILABLE)
		}
	}
	second := func(_ any, err error) error { return err }

	check("CreateWorkshop", s.CreateWorkshop(ctx, NewWorkshop("w2")))
	check("Workshop", second(s.Workshop(ctx, "w")))
	check("WorkshopByJoinCode", second(s.WorkshopByJoinCode(ctx, "JOIN-w")))
	check("Workshops", second(s.Workshops(ctx)))
	check("DeleteWorkshop", s.DeleteWorkshop(ctx, "w"))
	check("CreateSession", s.CreateSession(ctx, NewSession("w", "t")))
	check("Session", second(s.Session(ctx, []byte("x"))))
	check("Append", s.Append(ctx, "b", Script(1), nil))
	check("Append of a snapshot", s.Append(ctx, "b", nil, &workshops.Snapshot{Seq: 0, State: []byte("{}")}))
	check("Events", second(s.Events(ctx, "b", 0, 10)))
	check("LastSnapshot", second(s.LastSnapshot(ctx, "b")))

	check("CreateProcess", s.CreateProcess(ctx, NewProcess("p")))
	check("Process", second(s.Process(ctx, "p")))
	check("Processes", second(s.Processes(ctx)))
	check("DeleteProcess", s.DeleteProcess(ctx, "p"))
	check("MoveToProcess", second(s.MoveToProcess(ctx, "w", "p")))
	check("SetSchedule", s.SetSchedule(ctx, "w", workshops.Schedule{Date: "2026-01-01"}))
	check("ReorderProcess", s.ReorderProcess(ctx, "p", []string{"w"}))

	check("SetDeleteAfter", s.SetDeleteAfter(ctx, "w", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)))
	check("SetJoinCode", s.SetJoinCode(ctx, "w", "NEWCOD"))
	check("SetFacilitatorKey", s.SetFacilitatorKey(ctx, "w", []byte("hash")))
	check("DeleteSessions", second(s.DeleteSessions(ctx, "w", workshops.SessionFilter{})))
	check("RedactEvents", s.RedactEvents(ctx, "b", Script(1), 0))
	check("SavePanelSignup", s.SavePanelSignup(ctx, workshops.PanelSignup{WorkshopID: "w", ParticipantID: "p-1", Name: "Ola",
		Email: "ola@example.no", ConsentVersion: workshops.PanelConsentVersion, ConsentLang: workshops.LangNB, ConsentedAt: time.Now()}))
	check("PanelSignups", second(s.PanelSignups(ctx, "w")))
	check("DeletePanelSignups", second(s.DeletePanelSignups(ctx, "w", "")))

	check("SaveTemplate", s.SaveTemplate(ctx, "t", []byte("{}")))
	check("TemplateKeys", second(s.TemplateKeys(ctx)))
	check("TemplateFile", second(s.TemplateFile(ctx, "t")))
	check("DeleteTemplate", s.DeleteTemplate(ctx, "t"))

	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}
