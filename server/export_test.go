package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samskap/samskap/export"
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// getExport fetches one export format with the given client and bearer
// token (none if empty).
func getExport(t *testing.T, c *http.Client, url, token string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body
}

// TestExportVisjon runs a small visjonsverksted through the server (notes
// in the theme frames, a dot vote, top ideas) and exports it in every
// format.
func TestExportVisjon(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	var c created
	if status := postJSON(t, org, m.URL()+"/api/workshops", `{"lang":"nb","template":"visjon","params":`+visjonParams+`}`, &c); status != http.StatusCreated {
		t.Fatalf("create from template: %d", status)
	}
	fj := MustFacilitate(t, m, c, "Fasilitator Frøydis")
	f := MustConnect(t, m, c.Workshop.ID, fj.Token, "", 0)
	snap := f.next()
	var themes []workshops.Frame
	for _, fr := range snap.Board.Frames {
		if strings.HasPrefix(fr.ID, "idemyldring_") && fr.Group != "" {
			themes = append(themes, fr)
		}
	}
	if len(themes) != 4 {
		t.Fatalf("%d theme frames", len(themes))
	}
	names := []string{"Åsmund Ærlighetsen", "Bjørg Særnavnsdatter", "Cæcilie Østhagen", "Dagfinn Åkerøy"}
	var people []*wsClient
	for _, n := range names {
		j := MustJoin(t, m, c.Workshop.JoinCode, n)
		people = append(people, MustConnect(t, m, c.Workshop.ID, j.Token, "", 0))
	}
	// Each person writes two ideas in "their" theme.
	texts := map[string]string{}
	for i, p := range people {
		fr := themes[i]
		for k := range 2 {
			id := fmt.Sprintf("n%d-%d", i, k)
			texts[id] = fmt.Sprintf("Idé %d-%d: møteplass på kaia, bølgeskvulp og blåbærsyltetøy", i, k)
			p.do(id, fmt.Sprintf(`{"kind":"note.create","note":%q,"text":%q,"color":"yellow","x":%g,"y":%g}`,
				id, texts[id], fr.X+fr.W/2-90, fr.Y+fr.H/2-30+float64(k)*10))
		}
	}
	f.do("vo", `{"kind":"vote.open","vote":"idemyldring","budget":3}`)
	// Everyone puts two dots on n0-0 and one on n1-1; n2-0 gets one more.
	for i, p := range people {
		p.do(fmt.Sprint("c", i, "a"), `{"kind":"vote.cast","vote":"idemyldring","note":"n0-0"}`)
		p.do(fmt.Sprint("c", i, "b"), `{"kind":"vote.cast","vote":"idemyldring","note":"n0-0"}`)
		p.do(fmt.Sprint("c", i, "c"), `{"kind":"vote.cast","vote":"idemyldring","note":"n1-1"}`)
	}
	f.do("vr", `{"kind":"vote.reveal","vote":"idemyldring"}`)
	f.do("vt", `{"kind":"vote.top","vote":"idemyldring","notes":["n0-0","n1-1"]}`)

	base := m.URL() + "/api/workshops/" + c.Workshop.ID + "/export/"
	// Who may export: the facilitator and the organiser; not a
	// participant, not anonymous.
	pj := MustJoin(t, m, c.Workshop.JoinCode, "Nysgjerrig")
	for _, token := range []string{"", "not-a-token"} {
		if status, _, _ := getExport(t, http.DefaultClient, base+"md", token); status != http.StatusUnauthorized {
			t.Errorf("export with token %q: %d, want 401", token, status)
		}
	}
	// A known person without the role: 403, as docs/PROTOCOL.md says.
	if status, _, _ := getExport(t, http.DefaultClient, base+"md", pj.Token); status != http.StatusForbidden {
		t.Errorf("export by a participant: %d, want 403", status)
	}
	if status, _, _ := getExport(t, org, base+"md", ""); status != http.StatusOK {
		t.Errorf("organiser export: %d", status)
	}
	if status, _, _ := getExport(t, http.DefaultClient, base+"pdf", fj.Token); status != http.StatusNotFound {
		t.Errorf("unknown format: %d", status)
	}

	bodies := map[string][]byte{}
	for _, format := range []string{"md", "html", "docx", "csv", "votes", "json"} {
		status, h, body := getExport(t, http.DefaultClient, base+format, fj.Token)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", format, status, body)
		}
		if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") {
			t.Errorf("%s: Content-Disposition %q", format, h.Get("Content-Disposition"))
		}
		bodies[format] = body
	}
	bodies["docx-text"] = []byte(docxPlainText(t, bodies["docx"]))

	// The draft's sections in order, top ideas under the problem
	// statements, gaps marked.
	lang := workshops.LangNB
	for _, format := range []string{"md", "html", "docx-text"} {
		text := string(bodies[format])
		pos := 0
		for _, key := range []string{"a", "a1", "a2", "a3", "b", "b1", "b2", "b3", "b4", "b5", "c", "d", "e", "appendix"} {
			heading := export.T(lang, key)
			if format == "html" {
				heading = strings.ReplaceAll(heading, "'", "&#39;")
			}
			i := strings.Index(text[pos:], heading)
			if i < 0 {
				t.Fatalf("%s: no heading %q after %d", format, heading, pos)
			}
			pos += i
		}
		b1 := strings.Index(text, export.T(lang, "b1"))
		b2 := strings.Index(text, export.T(lang, "b2"))
		for _, top := range []string{texts["n0-0"], texts["n1-1"]} {
			if i := strings.Index(text[b1:], top); i < 0 || b1+i > b2 {
				t.Errorf("%s: top idea %q not under %s", format, top, export.T(lang, "b1"))
			}
		}
		if strings.Contains(text[b1:b2], texts["n3-0"]) {
			t.Errorf("%s: an idea without votes is among the problem statements", format)
		}
		if !strings.Contains(text, export.T(lang, "gap.label")) || !strings.Contains(text, export.T(lang, "gap.d1")) {
			t.Errorf("%s: gaps are not marked", format)
		}
	}
	if !strings.Contains(string(bodies["html"]), `<html lang="nb">`) || !strings.Contains(string(bodies["html"]), `<th scope="col">`) {
		t.Error("html lacks lang or table headers")
	}

	// CSV: parses, every note with its votes, no authors.
	// Headers and values in the workshop's language (bokmål here), the
	// exercise by its title, not its key.
	rows := readCSV(t, bodies["csv"])
	wantHeader := []string{export.T(lang, "col.workshop"), export.T(lang, "col.exercise"), export.T(lang, "col.area"),
		export.T(lang, "col.frame"), export.T(lang, "col.group"), export.T(lang, "col.text"), export.T(lang, "col.votes")}
	if !slices.Equal(rows[0], wantHeader) || len(rows) != 1+len(texts) {
		t.Fatalf("notes CSV: %d rows, header %v, want %v", len(rows), rows[0], wantHeader)
	}
	for _, r := range rows[1:] {
		if r[5] == texts["n0-0"] && r[6] != "8" {
			t.Errorf("n0-0 has %s votes in the CSV, want 8", r[6])
		}
		if r[1] == "idemyldring" || r[1] == "" {
			t.Errorf("the CSV names the exercise %q, not by its title", r[1])
		}
	}
	if v := readCSV(t, bodies["votes"]); len(v) != 3 || v[1][6] != "8" || v[1][7] != export.T(lang, "yes") || v[0][0] != export.T(lang, "col.workshop") || v[1][1] == "idemyldring" {
		t.Errorf("votes CSV: %v", v)
	}
	// Download names: the whole title, no cut at 20 characters.
	// The board is titled "Visjonsverksted – Lebesby" (visjonParams).
	if _, h, _ := getExport(t, http.DefaultClient, base+"csv", fj.Token); h.Get("Content-Disposition") !=
		`attachment; filename="visjonsverksted-lebesby.csv"; filename*=UTF-8''Visjonsverksted%20%E2%80%93%20Lebesby.csv` {
		t.Errorf("CSV download name: %s", h.Get("Content-Disposition"))
	}
	if _, h, _ := getExport(t, http.DefaultClient, base+"docx", fj.Token); !strings.Contains(h.Get("Content-Disposition"), `filename="konkurranseprogram-visjonsverksted-lebesby.docx"`) {
		t.Errorf("draft download name: %s", h.Get("Content-Disposition"))
	}

	// JSON archive: parses and holds every event of the log.
	var arch export.Archive
	if err := json.Unmarshal(bodies["json"], &arch); err != nil {
		t.Fatal(err)
	}
	if arch.Workshop.ID != c.Workshop.ID || arch.Workshop.Template != "visjon" || len(arch.Events) == 0 {
		t.Fatalf("archive: %+v, %d events", arch.Workshop, len(arch.Events))
	}
	for i, e := range arch.Events {
		if e.Seq != uint64(i+1) {
			t.Fatalf("archive event %d has seq %d: the log is not whole", i, e.Seq)
		}
	}
	if !slices.ContainsFunc(arch.Events, func(e workshops.Event) bool { return e.Op.Kind == workshops.OpVoteTop }) {
		t.Error("the archive lacks the vote.top")
	}

	// No names in any format; Norwegian letters intact.
	for format, body := range bodies {
		for _, n := range append(names, "Fasilitator Frøydis", "Nysgjerrig") {
			if bytes.Contains(body, []byte(n)) {
				t.Errorf("%s holds the name %q", format, n)
			}
		}
		if format != "docx" && !bytes.Contains(body, []byte("blåbærsyltetøy")) {
			t.Errorf("%s: æøå not intact", format)
		}
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// docxPlainText returns the text of a .docx's word/document.xml, one
// paragraph a line.
func docxPlainText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	var out strings.Builder
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.CharData:
				out.Write(tk)
			case xml.EndElement:
				if tk.Name.Local == "p" {
					out.WriteString("\n")
				}
			}
		}
		rc.Close()
	}
	return out.String()
}

// TestArchiveRoundTrip: export a workshop's JSON archive, restore it on
// another server, export it again: the same archive. Restoring over an
// existing workshop, or a broken archive, changes nothing.
func TestArchiveRoundTrip(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	f := MustFacilitate(t, m, w, "Fasilitator")
	a := MustJoin(t, m, w.Workshop.JoinCode, "Aud Hansen")
	c := MustConnect(t, m, w.Workshop.ID, a.Token, "", 0)
	c.next()
	c.do("n1", `{"kind":"note.create","note":"n1","text":"Benker ved fjorden – æøå","color":"green","x":10,"y":20}`)
	c.do("n2", `{"kind":"note.move","note":"n1","x":30,"y":40}`)

	status, _, first := getExport(t, http.DefaultClient, m.URL()+"/api/workshops/"+w.Workshop.ID+"/export/json", f.Token)
	if status != http.StatusOK {
		t.Fatalf("export: %d", status)
	}
	if strings.Contains(string(first), "Aud Hansen") {
		t.Fatal("the archive names a participant")
	}

	org := MustOrganiser(t, m)
	if status := postJSON(t, org, m.URL()+"/api/workshops/import", string(first), nil); status != http.StatusConflict {
		t.Fatalf("restoring over an existing workshop: %d", status)
	}
	broken := strings.Replace(string(first), `"seq": 3`, `"seq": 7`, 1)
	m2 := MustStart(t, t.TempDir())
	org2 := MustOrganiser(t, m2)
	var refused struct{ Error struct{ Code string } }
	if status := postJSON(t, org2, m2.URL()+"/api/workshops/import", broken, &refused); status != http.StatusBadRequest || refused.Error.Code != workshops.EINVALID {
		t.Fatalf("a broken archive: %d %+v", status, refused)
	}

	var restored created
	if status := postJSON(t, org2, m2.URL()+"/api/workshops/import", string(first), &restored); status != http.StatusCreated {
		t.Fatalf("restore: %d", status)
	}
	if restored.Workshop.ID != w.Workshop.ID || restored.Workshop.JoinCode == w.Workshop.JoinCode {
		t.Fatalf("restored workshop %s with code %s", restored.Workshop.ID, restored.Workshop.JoinCode)
	}
	// Exported again by the organiser (a facilitator joining would add an
	// event): the same archive but for its export time.
	status, _, second := getExport(t, org2, m2.URL()+"/api/workshops/"+w.Workshop.ID+"/export/json", "")
	if status != http.StatusOK {
		t.Fatalf("export after restore: %d", status)
	}
	var one, two struct {
		Workshop json.RawMessage
		Events   []json.RawMessage
	}
	if err := json.Unmarshal(first, &one); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(second, &two); err != nil {
		t.Fatal(err)
	}
	if string(one.Workshop) != string(two.Workshop) {
		t.Fatalf("workshop differs:\n%s\n%s", one.Workshop, two.Workshop)
	}
	if len(two.Events) != len(one.Events) {
		t.Fatalf("%d events after the round trip, want %d", len(two.Events), len(one.Events))
	}
	for i := range one.Events {
		if string(one.Events[i]) != string(two.Events[i]) {
			t.Fatalf("event %d differs:\n%s\n%s", i, one.Events[i], two.Events[i])
		}
	}
	f2 := MustFacilitate(t, m2, restored, "Fasilitator")
	snap := MustConnect(t, m2, w.Workshop.ID, f2.Token, "", 0).next()
	if len(snap.Board.Notes) != 1 || snap.Board.Notes[0].X != 30 || snap.Board.Notes[0].Text != "Benker ved fjorden – æøå" {
		t.Fatalf("restored board: %+v", snap.Board.Notes)
	}
}

// TestExportProcess: the organiser turns a municipality's four workshops
// into one draft; its process section lists all four, in order.
func TestExportProcess(t *testing.T) {
	m := MustStart(t, t.TempDir())
	org := MustOrganiser(t, m)
	catalog, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids, titles []string
	for _, key := range []string{"oppstart", "felles", "visjon", "samskaping"} {
		tpl, _ := catalog.Get(key)
		params, _ := json.Marshal(tpl.MinimalParams())
		var c created
		body := `{"lang":"nb","title":"Lebesby ` + key + `","template":"` + key + `","params":` + string(params) + `}`
		if status := postJSON(t, org, m.URL()+"/api/workshops", body, &c); status != http.StatusCreated {
			t.Fatalf("create %s: %d", key, status)
		}
		ids = append(ids, c.Workshop.ID)
		titles = append(titles, tpl.Name.In(workshops.LangNB)) // the board is titled after its template
	}
	status, _, md := getExport(t, org, m.URL()+"/api/export/md?workshops="+strings.Join(ids, ","), "")
	if status != http.StatusOK {
		t.Fatalf("process export: %d", status)
	}
	text := string(md)
	at := strings.Index(text, "Fremdrift og prosess")
	if at < 0 {
		t.Fatal("no process section")
	}
	for _, title := range titles {
		i := strings.Index(text[at:], title)
		if i < 0 {
			t.Fatalf("the process section lacks %q (or has it out of order):\n%s", title, text[at:])
		}
		at += i
	}
	if status, _, _ := getExport(t, http.DefaultClient, m.URL()+"/api/export/md?workshops="+ids[0], ""); status != http.StatusUnauthorized {
		t.Fatalf("process export without the organiser: %d", status)
	}
}
