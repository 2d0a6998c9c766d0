package export

import (
	"strings"
	"testing"

	"github.com/samskap/samskap/workshops"
)

// TestOneNamePerRole: within one language the draft's texts call each role
// by one name: the facilitator, the participants, the bidders.
func TestOneNamePerRole(t *testing.T) {
	roles := map[string][]string{ // role: the names it goes by, any language
		"facilitator": {"prosessled", "prosessleiar", "tilrettelegg", "fasilitator", "facilitator", "moderator"},
		"participant": {"deltaker", "deltakar", "deltager", "participant"},
		"bidder":      {"tilbyder", "tilbydar", "bidder", "tenderer"},
	}
	for _, l := range []workshops.Lang{workshops.LangNB, workshops.LangNN, workshops.LangEN} {
		var all strings.Builder
		for _, tx := range texts {
			all.WriteString(strings.ToLower(tx.in(l)) + "\n")
		}
		for role, names := range roles {
			var used []string
			for _, n := range names {
				if strings.Contains(all.String(), n) {
					used = append(used, n)
				}
			}
			// A name may contain another (prosessled-er / -ar): count the
			// distinct families.
			if len(used) > 1 {
				t.Errorf("%s: the %s goes by %q", l, role, used)
			}
		}
	}
}
