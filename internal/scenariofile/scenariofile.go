// Package scenariofile reads the invented workshop processes in
// testdata/scenarios at the repository's root (their README describes the
// format) for tests and demos: the parts of a file that the tests replay,
// and the template parameters a workshop of the process was set up with.
package scenariofile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/samskap/samskap/templates"
)

// Scenario is one municipality's whole process.
type Scenario struct {
	Kommune   string `json:"kommune"`
	Language  string `json:"language"`
	Challenge struct {
		Title        string `json:"title"`
		Summary      string `json:"summary"`
		TargetGroups []struct {
			Key  string `json:"key"`
			Name string `json:"name"`
		} `json:"target_groups"`
		Followers []string `json:"followers"`
	} `json:"challenge"`
	Process []Workshop `json:"process"`
}

// Workshop is one workshop of the process.
type Workshop struct {
	Kind       string   `json:"kind"`
	Title      string   `json:"title"`
	Date       string   `json:"date"`
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Place      string   `json:"place"`
	Area       string   `json:"area"`
	SharedWith []string `json:"shared_with"`
	Groups     []struct {
		Key   string `json:"key"`
		Title string `json:"title"`
		Theme string `json:"theme"`
	} `json:"groups"`
	Participants []struct {
		Alias string `json:"alias"`
		Role  string `json:"role"`
		Group string `json:"group"`
		Org   string `json:"org"`
		// Category is what the participant would declare at join:
		// citizen, staff, supplier or other ("" for non-participants).
		Category string `json:"category"`
	} `json:"participants"`
	Exercises    []Exercise `json:"exercises"`
	CitizenPanel *struct {
		Optins []struct {
			Alias string `json:"alias"`
			Name  string `json:"name"`
			Email string `json:"email"`
			Phone string `json:"phone"`
		} `json:"optins"`
	} `json:"citizen_panel"`
}

// Exercise is one exercise of a workshop, with what people wrote and chose.
type Exercise struct {
	Key    string `json:"key"`
	Frames []struct {
		Key   string `json:"key"`
		Title string `json:"title"`
		Group string `json:"group"`
		Area  string `json:"area"`
	} `json:"frames"`
	Notes []struct {
		Frame  string `json:"frame"`
		Author string `json:"author"`
		Group  string `json:"group"`
		Actor  string `json:"actor"`
		Text   string `json:"text"`
	} `json:"notes"`
	Votes *struct {
		Budget     int `json:"budget"`
		CapPerNote int `json:"cap_per_note"`
		Ballots    []struct {
			Voter     string `json:"voter"`
			NoteIndex int    `json:"note_index"`
			Count     int    `json:"count"`
		} `json:"ballots"`
	} `json:"votes"`
	Top      []int `json:"top"`
	Personas []struct {
		Key       string `json:"key"`
		Group     string `json:"group"`
		Name      string `json:"name"`
		Age       int    `json:"age"`
		Situation string `json:"situation"`
		Quote     string `json:"quote"`
	} `json:"personas"`
	Picks []struct {
		By      string   `json:"by"`
		Group   string   `json:"group"`
		Choices []string `json:"choices"`
	} `json:"picks"`
	Agreed []struct {
		Group   string   `json:"group"`
		Area    string   `json:"area"`
		Choices []string `json:"choices"`
	} `json:"agreed"`
}

// Load reads a scenario file. A missing file is an error for which
// os.IsNotExist (errors.Is fs.ErrNotExist) holds.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{}
	if err := json.Unmarshal(data, sc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sc, nil
}

// Lebesby is the Lebesby scenario's path from the repository's root.
const Lebesby = "testdata/scenarios/lebesby.json"

// Root returns the repository's root: the nearest directory at or above
// the working directory (a test's package directory) holding go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// MustLoad reads the Lebesby scenario for a test and fails the test when
// the file is missing or does not parse: it is part of the repository.
func MustLoad(tb testing.TB) *Scenario {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := Load(filepath.Join(root, Lebesby))
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// Params fills the parameters of workshop w's template from the scenario,
// as the scenario README's "Turning a file into board operations" says.
func Params(sc *Scenario, w *Workshop) templates.Params {
	p := templates.Params{Text: map[string]string{}, Lists: map[string][]templates.Item{}}
	add := func(list string, it templates.Item) { p.Lists[list] = append(p.Lists[list], it) }
	switch w.Kind {
	case "oppstart":
		p.Text["municipality"], p.Text["challenge"] = sc.Kommune, sc.Challenge.Summary
		for _, g := range sc.Challenge.TargetGroups {
			add("target_groups", templates.Item{Key: g.Key, Name: g.Name})
		}
		for _, f := range sc.Challenge.Followers {
			add("followers", templates.Item{Name: f})
		}
	case "felles":
		for _, m := range append([]string{w.Area}, w.SharedWith...) {
			add("municipalities", templates.Item{Name: m})
		}
	case "visjon":
		p.Text["municipality"], p.Text["challenge"] = sc.Kommune, sc.Challenge.Summary
		for _, g := range w.Groups {
			add("themes", templates.Item{Key: g.Key, Name: g.Title, Theme: g.Theme})
		}
	case "samskaping":
		p.Text["municipality"], p.Text["challenge"] = sc.Kommune, sc.Challenge.Summary
		for _, ex := range w.Exercises {
			for _, ps := range ex.Personas {
				add("personas", templates.Item{Key: ps.Key, Name: ps.Name, Age: ps.Age, Situation: ps.Situation, Quote: ps.Quote})
			}
		}
	}
	return p
}
