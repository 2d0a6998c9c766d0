package templates_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/samskap/samskap/templates"
)

// words splits s into lower-case words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Common bokmål forms that nynorsk writes otherwise (hva/kva, ikke/ikkje,
// innbyggere/innbyggjarar ...), and the other way round. A cheap check that
// the nn texts are nynorsk and the nb texts bokmål; a person still has to
// read them.
var (
	bokmalOnly = []string{"hva", "hvem", "hvordan", "hvorfor", "hvilke", "hvilken", "hvilket", "hvor", "hver", "hvert",
		"ikke", "jeg", "noen", "noe", "fra", "bare", "sammen", "gjøre", "gjør", "være", "mer", "mye", "dere", "deres",
		"kommer", "komme", "innbyggere", "innbyggerne", "innbyggerpanelet", "helhetlig", "veikart", "veikartet",
		"målbilder", "målbildene", "verksted", "verkstedet", "uten", "egen", "eget", "egne", "samme", "viktigste",
		"ideer", "ideene", "deltakere", "deltakerne", "gruppen", "tiden", "disse", "løsninger", "løsningene",
		"tjenester", "høyt", "høyst", "følger", "følge", "spørre", "enige", "enig", "valgt", "valgte", "hvis", "selv",
		"lapper", "lappene", "rammen", "kortene", "prikker", "avstemningen", "tidtakeren", "kommunene", "kommuner",
		"følgekommunene", "følgekommuner", "velkommen", "behovene", "prinsipper", "prinsippene", "dem", "bo",
		"skrives", "vises", "tas", "lagres", "slettes", "legger", "bedre", "lavere", "omgivelser",
		"også", "nå", "ennå", "allerede", "fortsatt", "navn", "navnet", "hun", "ble", "fikk", "gikk", "mens", "hjem",
		"hjemme", "slettet", "lagret", "endret", "laget", "verksteder", "verkstedene", "deltaker", "deltakeren", "tavlen"}
	nynorskOnly = []string{"ikkje", "kva", "korleis", "kvifor", "kven", "eit", "ein", "eg", "berre", "saman", "frå",
		"meir", "mykje", "dykk", "dykkar", "nokon", "noko", "nokre", "vere", "gjere", "kvar", "kvart", "utan", "eigen",
		"eige", "eigne", "viktigaste", "idear", "deltakarar", "innbyggjarar", "innbyggjarane", "heilskapleg",
		"vegkart", "vegkartet", "målbilete", "verkstad", "verkstaden", "høgt", "høgst", "følgje", "spørje", "samde",
		"valde", "lappar", "lappane", "korta", "prikkar", "tidtakaren", "kommunane", "sjølv", "sjå", "seie", "kome",
		"dei", "velkomen", "behova", "prinsippa", "bu", "løysingar", "tenester", "ramma",
		"òg", "enno", "framleis", "namn", "namnet", "vart", "fekk", "gjekk", "medan", "heim", "heime", "verkstader",
		"deltakar", "deltakaren", "valt"}
)

func TestLanguageForms(t *testing.T) {
	c := mustLoad(t)
	var all []templates.Text
	for _, tpl := range c.Templates() {
		all = append(all, texts(tpl)...)
	}
	all = append(all, texts(c.Roadmap)...)
	if len(all) < 200 {
		t.Fatalf("found only %d texts", len(all))
	}
	for _, tx := range all {
		for _, w := range words(tx.NN) {
			if slices.Contains(bokmalOnly, w) {
				t.Errorf("nynorsk text has the bokmål form %q: %q", w, tx.NN)
			}
		}
		for _, w := range words(tx.NB) {
			if slices.Contains(nynorskOnly, w) {
				t.Errorf("bokmål text has the nynorsk form %q: %q", w, tx.NB)
			}
		}
		if tx.NB == tx.EN && len(words(tx.NB)) > 3 {
			t.Errorf("English text is the bokmål one: %q", tx.EN)
		}
	}
}

// TestNotCopiedFromSeed: no text of a template or the roadmap repeats six
// words in a row from the seed report (its appendix describes the
// exercises; the texts must be our own words).
func TestNotCopiedFromSeed(t *testing.T) {
	paths, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(paths) == 0 {
		t.Skip("the seed documents are missing; skipping")
	}
	const n = 6
	seen := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ws := words(string(data))
		for i := 0; i+n <= len(ws); i++ {
			seen[strings.Join(ws[i:i+n], " ")] = filepath.Base(p)
		}
	}
	c := mustLoad(t)
	var all []templates.Text
	for _, tpl := range c.Templates() {
		all = append(all, texts(tpl)...)
	}
	// The roadmap's own name and the names of its principles are names,
	// quoted as they are; the descriptions are ours.
	names := []templates.Text{c.Roadmap.Source}
	for _, card := range append(slices.Clone(c.Roadmap.Goals), c.Roadmap.Principles...) {
		names = append(names, card.Title)
	}
	all = append(all, texts(c.Roadmap)...)
	for _, tx := range all {
		if slices.Contains(names, tx) {
			continue
		}
		for _, s := range []string{tx.NB, tx.NN} {
			ws := words(s)
			for i := 0; i+n <= len(ws); i++ {
				if f, ok := seen[strings.Join(ws[i:i+n], " ")]; ok {
					t.Errorf("%q repeats %q from %s", s, strings.Join(ws[i:i+n], " "), f)
				}
			}
		}
	}
}
