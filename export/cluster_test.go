package export_test

import (
	"strings"
	"testing"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// TestClusterNamesInTheAppendix: the clusters people made on the board
// travel to the appendix: a cluster column names each note's cluster (by
// region, workshops.Board.ClusterOf), and a board without clusters keeps
// the table as it was.
func TestClusterNamesInTheAppendix(t *testing.T) {
	cat, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	b := workshops.NewBoard("ws-k", "Visjonsverksted")
	seq := uint64(0)
	apply := func(actor string, op workshops.Op) {
		t.Helper()
		seq++
		if err := workshops.Apply(b, workshops.Event{Seq: seq, Actor: actor, At: int64(seq) * 1000, Op: op}); err != nil {
			t.Fatalf("%s: %v", op.Kind, err)
		}
	}
	f := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	apply("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: "fac", Name: "F", Role: workshops.RoleFacilitator}})
	apply("", workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{ID: "p", Name: "P", Role: workshops.RoleParticipant}})
	apply("fac", workshops.Op{Kind: workshops.OpFrameCreate, Frame: "fr", Title: s("Framtidsbilde"), X: f(0), Y: f(0), W: f(2000), H: f(1000)})
	note := func(id, text string, x float64) {
		apply("p", workshops.Op{Kind: workshops.OpNoteCreate, Note: id, Text: s(text), Color: ptrColor(workshops.ColorYellow), X: f(x), Y: f(100)})
	}
	note("n1", "Grønne lunger", 100)
	note("n2", "Parker ved elva", 300)
	note("n3", "Lys i gatene", 1200)
	md := func() string {
		in := export.Input{Board: b, Title: "Visjonsverksted", Lang: workshops.LangNN}
		return string(export.Markdown(export.Build(cat, workshops.LangNN, in)))
	}
	if got := md(); strings.Contains(got, "Klynge") {
		t.Fatalf("a board without clusters got a cluster column:\n%s", got)
	}
	apply("p", workshops.Op{Kind: workshops.OpClusterCreate, Cluster: "k1", Name: s("Grøntområde"), X: f(50), Y: f(50), W: f(600), H: f(300)})
	got := md()
	for _, want := range []string{"Klynge", "| Grøntområde | Grønne lunger", "| Grøntområde | Parker ved elva"} {
		if !strings.Contains(got, want) {
			t.Errorf("the appendix lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "| Grøntområde | Lys i gatene") {
		t.Errorf("a note outside the cluster is in it:\n%s", got)
	}
	// A note dragged out leaves the cluster.
	apply("p", workshops.Op{Kind: workshops.OpNoteMove, Note: "n2", X: f(900), Y: f(600)})
	if got := md(); strings.Contains(got, "| Grøntområde | Parker ved elva") {
		t.Errorf("a note moved out is still in the cluster:\n%s", got)
	}
}
