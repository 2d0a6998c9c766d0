package templates_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// obj and arr step into decoded JSON.
func obj(v any, path ...any) map[string]any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(map[string]any)
}

// TestBrokenFiles breaks the visjon preset in one place at a time and
// checks that Parse refuses it with an error naming the file and the field.
func TestBrokenFiles(t *testing.T) {
	base := readFile(t, "data/visjon.json")
	if _, err := templates.Parse("visjon.json", base); err != nil {
		t.Fatalf("the unbroken file: %v", err)
	}
	cases := []struct {
		name   string
		break_ func(m map[string]any)
		raw    func([]byte) []byte // instead of break_, for malformed files
		want   []string
	}{
		{name: "missing nn text",
			break_: func(m map[string]any) { delete(obj(m, "exercises", 1, "frames", 0, "title"), "nn") },
			want:   []string{"visjon.json: exercises[1].frames[0].title.nn: empty"}},
		{name: "blank en text",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "script", 2, "say")["en"] = "  " },
			want:   []string{"visjon.json: exercises[0].script[2].say.en: empty"}},
		{name: "unknown language",
			break_: func(m map[string]any) { obj(m, "name")["se"] = "Visjonbargobádji" },
			want:   []string{"visjon.json: name.se: unknown field"}},
		{name: "duplicate exercise key",
			break_: func(m map[string]any) { obj(m, "exercises", 1)["key"] = "idemyldring" },
			want:   []string{"visjon.json: exercises[1].key:", `"idemyldring" is also the key of exercises[0]`}},
		{name: "duplicate frame key",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 1)["key"] = "tar-med" },
			want:   []string{"visjon.json: exercises[1].frames[1].key:", "also the key of frames[0]"}},
		{name: "frame key not a slug",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 1)["key"] = "Tar med" },
			want:   []string{"visjon.json: exercises[1].frames[1].key:", "not a key"}},
		{name: "negative coordinate",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 0, "layout")["x"] = -50 },
			want:   []string{"visjon.json: exercises[1].frames[0].layout:"}},
		{name: "coordinate off the board",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 1, "layout")["y"] = 250000 },
			want:   []string{"visjon.json: exercises[1].frames[1].layout:"}},
		{name: "zero size",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 1, "layout")["w"] = 0 },
			want:   []string{"visjon.json: exercises[1].frames[1].layout.w: must be 100 to 20000, got 0"}},
		{name: "overlapping frames",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "frames", 1, "layout")["x"] = 600 },
			want:   []string{"visjon.json: exercises[1].frames[1].layout:", `frame "viktigst-videre" overlaps frame "tar-med"`}},
		{name: "repeated frames overlap",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "frames", 0, "grid")["dx"] = 100 },
			want:   []string{"visjon.json: exercises[0].frames[0].layout:", "overlaps", "with the fewest parameter items"}},
		{name: "unknown parameter",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "frames", 0)["each"] = "temaer" },
			want:   []string{"visjon.json: exercises[0].frames[0].each: unknown list parameter \"temaer\""}},
		{name: "unknown group source",
			break_: func(m map[string]any) { obj(m, "groups")["each"] = "teams" },
			want:   []string{"visjon.json: groups.each: unknown list parameter \"teams\""}},
		{name: "unknown placeholder",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "frames", 0, "title")["nb"] = "{tema}" },
			want:   []string{"visjon.json: exercises[0].frames[0].title.nb: unknown placeholder {tema}"}},
		{name: "optional parameter in a title",
			break_: func(m map[string]any) { obj(m, "board_title")["nn"] = "{challenge}" },
			want:   []string{"visjon.json: board_title.nn: unknown placeholder {challenge}"}},
		{name: "unbalanced brace",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "prompt")["en"] = "Before we go {" },
			want:   []string{"visjon.json: exercises[1].prompt.en: has a { without a }"}},
		{name: "unknown field",
			break_: func(m map[string]any) { obj(m, "exercises", 0)["titel"] = "x" },
			want:   []string{"visjon.json: exercises[0].titel: unknown field"}},
		{name: "wrong type",
			break_: func(m map[string]any) { obj(m, "exercises", 0)["duration_min"] = "60" },
			want:   []string{"visjon.json: exercises[0].duration_min: want a whole number, got a string"}},
		{name: "fractional minutes",
			break_: func(m map[string]any) { obj(m, "exercises", 0)["duration_min"] = 12.5 },
			want:   []string{"visjon.json: exercises[0].duration_min: want a whole number, got 12.5"}},
		{name: "no duration",
			break_: func(m map[string]any) { obj(m, "exercises", 1)["duration_min"] = 0 },
			want:   []string{"visjon.json: exercises[1].duration_min: must be 1 to 240 minutes, got 0"}},
		{name: "exercises longer than the workshop",
			break_: func(m map[string]any) { m["duration_min"] = 60 },
			want:   []string{"visjon.json: duration_min: 60 minutes, but the exercises take 75"}},
		{name: "timers longer than the exercise",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "script", 1)["minutes"] = 55 },
			want:   []string{"visjon.json: exercises[0].script: the timers add up to 80 minutes"}},
		{name: "vote budget zero",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "vote")["budget"] = 0 },
			want:   []string{"visjon.json: exercises[0].vote.budget: must be 1 to 100 dots, got 0"}},
		{name: "cap above budget",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "vote")["cap"] = 5 },
			want:   []string{"visjon.json: exercises[0].vote.cap:"}},
		{name: "vote never revealed",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "script", 4)["do"] = []any{} },
			want:   []string{`visjon.json: exercises[0].script: no step does "vote.reveal"`}},
		{name: "unknown action",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "script", 0)["do"] = []any{"focus", "dance"} },
			want:   []string{`visjon.json: exercises[0].script[0].do[1]: unknown action "dance"`}},
		{name: "reveal before open",
			break_: func(m map[string]any) { obj(m, "exercises", 0, "script", 0)["do"] = []any{"vote.reveal"} },
			want:   []string{`visjon.json: exercises[0].script[0].do[0]: "vote.reveal" before "vote.open"`}},
		{name: "vote opened twice (the board refuses it)",
			break_: func(m map[string]any) {
				obj(m, "exercises", 0, "script", 4)["do"] = []any{"vote.reveal", "vote.top", "vote.open"}
			},
			want: []string{"visjon.json: exercises[0].script[4]: operation", "vote.open idemyldring) refused", "exists"}},
		{name: "frame ID too long after derivation",
			break_: func(m map[string]any) {
				obj(m, "exercises", 0, "frames", 0)["key"] = "{key}-" + strings.Repeat("a", 40)
			},
			want: []string{"visjon.json: exercises[0].frames[0]: makes the frame ID", "not a valid ID", "with the most and longest parameter values"}},
		{name: "title too long",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "title")["nb"] = strings.Repeat("x", 121) },
			want:   []string{"visjon.json: exercises[1].title.nb: longer than 120 characters (121)"}},
		{name: "wrong format",
			break_: func(m map[string]any) { m["format"] = 2 },
			want:   []string{"visjon.json: format: must be 1, got 2"}},
		{name: "missing exercises",
			break_: func(m map[string]any) { delete(m, "exercises") },
			want:   []string{"visjon.json: exercises: missing"}},
		{name: "breakout without groups",
			break_: func(m map[string]any) { delete(m, "groups") },
			want:   []string{"visjon.json: exercises[0].breakout: the template has no groups"}},
		{name: "panel never offered",
			break_: func(m map[string]any) { obj(m, "exercises", 1, "script", 2)["do"] = []any{} },
			want:   []string{`visjon.json: citizen_panel: no script step does "panel.invite"`}},
		{name: "reserved parameter key",
			break_: func(m map[string]any) { obj(m, "parameters", 1)["key"] = "name" },
			want:   []string{`visjon.json: parameters[1].key: "name" is reserved`}},
		{name: "malformed JSON",
			raw: func(b []byte) []byte {
				return []byte(strings.Replace(string(b), `"key": "visjon",`, `"key": "visjon"`, 1))
			},
			want: []string{"visjon.json: line 4, column 3: malformed JSON"}},
		{name: "truncated JSON",
			raw:  func(b []byte) []byte { return b[:200] },
			want: []string{"visjon.json: line", "the file ends too early"}},
		{name: "empty file",
			raw:  func([]byte) []byte { return nil },
			want: []string{"visjon.json: the file is empty"}},
		{name: "two values",
			raw:  func(b []byte) []byte { return append(append([]byte{}, b...), []byte("{}")...) },
			want: []string{"visjon.json: more than one JSON value"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			if tc.raw != nil {
				data = tc.raw(base)
			} else {
				var m map[string]any
				if err := json.Unmarshal(base, &m); err != nil {
					t.Fatal(err)
				}
				tc.break_(m)
				var err error
				if data, err = json.Marshal(m); err != nil {
					t.Fatal(err)
				}
			}
			tpl, err := templates.Parse("visjon.json", data)
			if tpl != nil {
				t.Error("Parse returned a template along with the error")
			}
			wantErrorNaming(t, err, tc.want...)
		})
	}
}

func TestBrokenRoadmap(t *testing.T) {
	base := readFile(t, "roadmap.json")
	if _, err := templates.ParseRoadmap("roadmap.json", base); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(base, &m); err != nil {
		t.Fatal(err)
	}
	delete(obj(m, "principles", 3, "description"), "nn")
	obj(m, "goals", 2)["key"] = "attraktive"
	data, _ := json.Marshal(m)
	_, err := templates.ParseRoadmap("roadmap.json", data)
	wantErrorNaming(t, err, "roadmap.json: principles[3].description.nn: empty",
		`roadmap.json: goals[2].key: "attraktive" is also the key of goals[0]`)
}

// TestParamErrors: wrong parameters give a *ParamError (code EINVALID)
// naming the field, and no operations.
func TestParamErrors(t *testing.T) {
	c := mustLoad(t)
	cases := []struct {
		name     string
		template string
		change   func(p *templates.Params)
		want     string
	}{
		{"three themes", "visjon", func(p *templates.Params) { p.Lists["themes"] = p.Lists["themes"][:3] },
			"themes: needs exactly 4 items, got 3"},
		{"persona without quote", "samskaping", func(p *templates.Params) { p.Lists["personas"][1].Quote = " " },
			"personas[1].quote: empty; this template needs it"},
		{"persona without age", "samskaping", func(p *templates.Params) { p.Lists["personas"][2].Age = 0 },
			"personas[2].age: empty"},
		{"persona aged 300", "samskaping", func(p *templates.Params) { p.Lists["personas"][0].Age = 300 },
			"personas[0].age: must be between 1 and 120"},
		{"two personas", "samskaping", func(p *templates.Params) { p.Lists["personas"] = p.Lists["personas"][1:] },
			"personas: needs exactly 3 items, got 2"},
		{"no municipality", "visjon", func(p *templates.Params) { delete(p.Text, "municipality") },
			"municipality: empty; this template needs it"},
		{"municipality on two lines", "visjon", func(p *templates.Params) { p.Text["municipality"] = "Lund\nkommune" },
			"municipality: must be one line"},
		{"unknown parameter", "oppstart", func(p *templates.Params) { p.Text["kommune"] = "Vang" },
			`kommune: this template has no text parameter "kommune"`},
		{"unknown list", "felles", func(p *templates.Params) { p.Lists["kommuner"] = nil },
			`kommuner: this template has no list parameter "kommuner"`},
		{"no target groups", "oppstart", func(p *templates.Params) { p.Lists["target_groups"] = nil },
			"target_groups: needs 1 to 8 items, got 0"},
		{"too many followers", "oppstart", func(p *templates.Params) {
			p.Lists["followers"] = make([]templates.Item, 7)
			for i := range p.Lists["followers"] {
				p.Lists["followers"][i].Name = "K" + strings.Repeat("x", i+1)
			}
		}, "followers: needs at most 6 items, got 7"},
		{"field the list does not use", "oppstart", func(p *templates.Params) { p.Lists["target_groups"][0].Theme = "x" },
			"target_groups[0].theme: not used by target_groups"},
		{"bad key", "visjon", func(p *templates.Params) { p.Lists["themes"][0].Key = "Hjem igjen" },
			`themes[0].key: "Hjem igjen" is not a key`},
		{"same key twice", "visjon", func(p *templates.Params) { p.Lists["themes"][0].Key, p.Lists["themes"][1].Key = "bo", "bo" },
			"themes[1].key: \"bo\" is also the key of themes[0]"},
		{"same name twice makes the same key", "felles", func(p *templates.Params) {
			p.Lists["municipalities"][1].Name = p.Lists["municipalities"][0].Name
		}, `municipalities[1].key: "vang" is also the key of municipalities[0]`},
		{"name too long", "felles", func(p *templates.Params) { p.Lists["municipalities"][0].Name = strings.Repeat("Å", 61) },
			"municipalities[0].name: longer than 60 characters (61)"},
		{"target group and follower with one key", "oppstart", func(p *templates.Params) {
			p.Lists["followers"][0].Key = templates.Slug(p.Lists["target_groups"][0].Name)
		}, `exercises[1].frames[1]: makes the frame ID "brukerbehov_unge-voksne", which exercises[1].frames[0] made already`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := mustGet(t, c, tc.template)
			p := sampleParams(tc.template)
			tc.change(&p)
			ops, err := tpl.Setup(workshops.LangNN, p)
			if err == nil || ops != nil {
				t.Fatalf("Setup took it: %d ops", len(ops))
			}
			var pe *templates.ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T (%v) is not a *ParamError", err, err)
			}
			if workshops.ErrorCode(err) != workshops.EINVALID {
				t.Errorf("code %q", workshops.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error does not say %q:\n%v", tc.want, err)
			}
			if _, err := templates.Preview(tpl, workshops.LangNN, p); err == nil {
				t.Error("Preview took it")
			}
		})
	}
	if _, err := mustGet(t, c, "visjon").Setup("se", sampleParams("visjon")); err == nil || !strings.Contains(err.Error(), `lang: unknown language "se"`) {
		t.Errorf("Setup in Sámi: %v", err)
	}
}
