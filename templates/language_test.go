package templates_test

import (
	"encoding/binary"
	"flag"
	"hash/fnv"
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

// seedShingles is the fixture of TestNotCopiedFromSeed: the FNV-1a hash of
// every run of seedRun words in the seed documents (the public reports and
// pages the templates' methods were learnt from), as sorted little-endian
// uint64s. Hashes, not the documents: the repository does not redistribute
// third-party text, yet the test runs in every clone. Rebuild it when the
// seed documents change:
//
//	go test ./templates -run TestNotCopiedFromSeed -seeds /path/to/seeds
const seedShingles = "testdata/seed-shingles.bin"

const seedRun = 6

var seedsDir = flag.String("seeds", "", "rebuild "+seedShingles+" from the *.txt seed documents in this directory")

func shingle(ws []string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(ws, " ")))
	return h.Sum64()
}

// loadShingles reads seedShingles, first rebuilding it with -seeds.
func loadShingles(t *testing.T) []uint64 {
	t.Helper()
	if *seedsDir != "" {
		paths, _ := filepath.Glob(filepath.Join(*seedsDir, "*.txt"))
		if len(paths) == 0 {
			t.Fatalf("no *.txt in %s", *seedsDir)
		}
		var hs []uint64
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			ws := words(string(data))
			for i := 0; i+seedRun <= len(ws); i++ {
				hs = append(hs, shingle(ws[i:i+seedRun]))
			}
		}
		slices.Sort(hs)
		hs = slices.Compact(hs)
		out := make([]byte, 8*len(hs))
		for i, h := range hs {
			binary.LittleEndian.PutUint64(out[8*i:], h)
		}
		if err := os.WriteFile(seedShingles, out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d runs of %d words from %d documents to %s", len(hs), seedRun, len(paths), seedShingles)
	}
	data, err := os.ReadFile(seedShingles)
	if err != nil {
		t.Fatalf("the seed fixture is part of the repository: %v", err)
	}
	if len(data) == 0 || len(data)%8 != 0 {
		t.Fatalf("%s: %d bytes, not a list of uint64s", seedShingles, len(data))
	}
	hs := make([]uint64, len(data)/8)
	for i := range hs {
		hs[i] = binary.LittleEndian.Uint64(data[8*i:])
	}
	if !slices.IsSorted(hs) {
		t.Fatalf("%s is not sorted", seedShingles)
	}
	return hs
}

// TestNotCopiedFromSeed: no text of a template or the roadmap repeats six
// words in a row from the seed documents (the seed report's appendix
// describes the exercises; the texts must be our own words).
func TestNotCopiedFromSeed(t *testing.T) {
	seen := loadShingles(t)
	// The fixture must catch a copy: a run of the seed report's wording
	// about the roadmap (its title is a name every template quotes).
	if _, ok := slices.BinarySearch(seen, shingle(words("nasjonalt veikart for smarte og bærekraftige"))); !ok {
		t.Fatal("the seed fixture does not hold a run the seed documents have; rebuild it with -seeds")
	}
	const n = seedRun
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
				if _, ok := slices.BinarySearch(seen, shingle(ws[i:i+n])); ok {
					t.Errorf("%q repeats %q from the seed documents", s, strings.Join(ws[i:i+n], " "))
				}
			}
		}
	}
}
