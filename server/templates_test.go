package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

const visjonParams = `{"municipality":"Lebesby","challenge":"Flere innbyggere","themes":[
 {"name":"Møteplasser","theme":"Hvor møtes vi?"},{"name":"Jobb","theme":"Hva slags jobber?"},
 {"name":"Bolig","theme":"Hvor bor vi?"},{"name":"Unge","theme":"Hva trenger de unge?"}]}`

func TestWorkshopFromTemplate(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)

	var list struct {
		Templates []struct {
			Key        string
			Parameters []struct{ Key string }
		}
	}
	resp, err := org.Get(m.URL() + "/api/templates")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	keys := []string{}
	for _, tpl := range list.Templates {
		keys = append(keys, tpl.Key)
	}
	for _, want := range []string{"oppstart", "felles", "visjon", "samskaping", "blank"} {
		if !strings.Contains(strings.Join(keys, ","), want) {
			t.Fatalf("templates %v lack %s", keys, want)
		}
	}

	// Preview, then a bad set of parameters, then the real thing.
	var preview struct {
		Frames []struct{ ID, Title, Group string }
		Groups []struct{ ID, Name string }
	}
	if status := postJSON(t, org, m.URL()+"/api/templates/visjon/preview", `{"lang":"nn","params":`+visjonParams+`}`, &preview); status != http.StatusOK {
		t.Fatalf("preview: %d", status)
	}
	if len(preview.Groups) != 4 || len(preview.Frames) < 6 {
		t.Fatalf("preview: %d groups, %d frames", len(preview.Groups), len(preview.Frames))
	}
	var bad struct {
		Error    struct{ Code string }
		Problems []struct{ Field, Message string }
	}
	status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":{"municipality":"Lebesby","themes":[{"name":"Bare ett","theme":"?"}]}}`, &bad)
	if status != http.StatusBadRequest || bad.Error.Code != workshops.EINVALID || len(bad.Problems) == 0 || bad.Problems[0].Field == "" {
		t.Fatalf("wrong parameters: %d %+v", status, bad)
	}
	var none struct{ Workshops []any }
	resp, _ = org.Get(m.URL() + "/api/workshops")
	json.NewDecoder(resp.Body).Decode(&none)
	resp.Body.Close()
	if len(none.Workshops) != 0 {
		t.Fatal("refused parameters created a workshop")
	}

	var c created
	if status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":`+visjonParams+`}`, &c); status != http.StatusCreated {
		t.Fatalf("create from template: %d", status)
	}
	if c.Workshop.Title == "" {
		t.Fatal("no title from the template")
	}
	f := MustFacilitate(t, m, c, "Fasilitator")
	ws := MustConnect(t, m, c.Workshop.ID, f.Token, "", 0)
	snap := ws.next()
	if snap.Type != "snapshot" || len(snap.Board.Groups) != 4 || len(snap.Board.Frames) != len(preview.Frames) {
		t.Fatalf("the board from the template: %d groups, %d frames (preview had %d)", len(snap.Board.Groups), len(snap.Board.Frames), len(preview.Frames))
	}
	titles := ""
	for _, fr := range snap.Board.Frames {
		titles += fr.Title + "|"
	}
	if !strings.Contains(titles, "Hvor møtes vi?") {
		t.Fatalf("frame titles %q lack the theme", titles)
	}
}

// TestEveryPresetThroughTheServer creates a workshop from every preset
// through the API and checks the board a facilitator then sees is the
// template's preview, frame for frame.
func TestEveryPresetThroughTheServer(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	catalog, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range catalog.Templates() {
		t.Run(tpl.Key, func(t *testing.T) {
			params, _ := json.Marshal(tpl.MinimalParams())
			want, err := templates.Preview(tpl, workshops.LangNN, tpl.MinimalParams())
			if err != nil {
				t.Fatal(err)
			}
			var c created
			body := `{"lang":"nn","template":"` + tpl.Key + `","params":` + string(params) + `}`
			if status := postJSON(t, org, m.URL()+"/api/workshops", body, &c); status != http.StatusCreated {
				t.Fatalf("create: %d", status)
			}
			f := MustFacilitate(t, m, c, "Fasilitator")
			snap := MustConnect(t, m, c.Workshop.ID, f.Token, "", 0).next()
			got := map[string]string{}
			for _, fr := range snap.Board.Frames {
				got[fr.ID] = fr.Title
			}
			live := 0
			for id, fr := range want.Frames {
				if fr.Deleted {
					continue
				}
				live++
				if got[id] != fr.Title {
					t.Errorf("frame %s: %q on the board, %q in the preview", id, got[id], fr.Title)
				}
			}
			if len(got) != live || len(snap.Board.Groups) != len(want.Groups) {
				t.Fatalf("%d frames and %d groups on the board, %d and %d in the preview", len(got), len(snap.Board.Groups), live, len(want.Groups))
			}
		})
	}
}
