package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// The template exercises the draft draws on (templates/data).
const (
	exVision     = "attraktivt-sentrum-2030"
	exNeeds      = "brukerbehov"
	exGoals      = "malbilder"
	exActors     = "aktorkartlegging"
	exIdeas      = "idemyldring"
	exReflection = "sluttrefleksjon"
	exPersonas   = "personas"
	exPrinciples = "prinsipper"

	listFollowers    = "followers"    // the oppstart's følgekommuner
	listPersonas     = "personas"     // the samskaping's persona cards
	listMunicipality = "municipality" // the text parameter naming the municipality
	paramChallenge   = "challenge"    // the text parameter with the challenge
	keyNext          = "viktigst-videre"
	keyBusiness      = "naeringsliv"
	suffixFrust      = "-frustrasjoner"
	suffixNeedIdea   = "-behov-ideer"
	defaultTop       = 3
	totalWeight      = 100 // per cent, shared by the proposed criteria
)

// juryKinds sorts the stakeholder map's categories into the kinds of jury
// member they may give (doc.go); næringsliv is not among them.
var juryKinds = []struct {
	kind string
	cats []string
}{
	{"jury.users", []string{"innbyggere", "uvanlige", "organisasjoner"}},
	{"jury.experts", []string{"akademia"}},
	{"jury.partners", []string{"offentlig"}},
}

// Build makes the draft in language lang (the first input's if lang is
// not valid) from the boards of one workshop or a whole process, in the
// order given (the order they were held). cat may be nil: every board is
// then generic. The rules are in doc.go.
func Build(cat *templates.Catalog, lang workshops.Lang, inputs ...Input) *Document {
	if !lang.Valid() {
		lang = workshops.LangNB
		if len(inputs) > 0 && inputs[0].Lang.Valid() {
			lang = inputs[0].Lang
		}
	}
	bd := &builder{cat: cat, l: lang}
	for _, in := range inputs {
		bd.add(in)
	}
	return bd.document()
}

type cardNotes struct {
	key, title, description string
	order                   int
	groups                  []string
	notes                   []Item
	chosen                  bool // marked chosen on the board (frame.choose)
}

type frameList struct {
	title string
	items []Item
}

// persona is one persona card of a samskapingsverksted with what the
// group wrote about them.
type persona struct {
	key, name, situation, quote string
	age                         int
	frust, needIdeas            []Item
}

type builder struct {
	cat *templates.Catalog
	l   workshops.Lang

	municipality string
	challenges   []string
	process      [][]string
	// categories counts participants per workshop by declared category
	// (the last column: not said); any says whether anyone declared one.
	categories [][]string
	anyCat     bool
	// supplierShaped names the workshops where suppliers took part and
	// premises or criteria were written.
	supplierShaped []string
	goals          map[string]*cardNotes
	// goalsRecorded: a board marked its chosen målbilder (frame.choose);
	// the draft then lists those, not every card with notes.
	goalsRecorded bool
	principles    map[string]*cardNotes
	vision        []*frameList
	next          []Item
	top           []Item
	needs         []*frameList
	followers     []*frameList // marked by the facilitator
	unmarked      []string     // følgekommuner with needs not marked
	personas      []*persona
	jury          map[string][]Item // by jury kind
	business      []Item
	appendix      []Section
}

func (bd *builder) t(key string) string { return T(bd.l, key) }

// list returns the frameList titled title in *ls, adding it if new.
func list(ls *[]*frameList, title string) *frameList {
	for _, f := range *ls {
		if f.title == title {
			return f
		}
	}
	f := &frameList{title: title}
	*ls = append(*ls, f)
	return f
}

func (bd *builder) card(m *map[string]*cardNotes, key, title string, source string) *cardNotes {
	if *m == nil {
		*m = map[string]*cardNotes{}
	}
	c, ok := (*m)[key]
	if !ok {
		c = &cardNotes{key: key, title: title, order: 1000}
		if bd.cat != nil && bd.cat.Roadmap != nil {
			for i, card := range bd.cat.Roadmap.Cards(source) {
				if card.Key == key {
					c.order, c.title, c.description = i, card.Title.In(bd.l), card.Description.In(bd.l)
				}
			}
		}
		(*m)[key] = c
	}
	return c
}

func (bd *builder) persona(key string) *persona {
	for _, p := range bd.personas {
		if p.key == key {
			return p
		}
	}
	p := &persona{key: key, name: key}
	bd.personas = append(bd.personas, p)
	return p
}

func (bd *builder) add(in Input) {
	b := in.Board
	var tpl *templates.Template
	if bd.cat != nil && in.Template != "" {
		tpl, _ = bd.cat.Get(in.Template)
	}
	var params templates.Params
	if tpl != nil {
		params = tpl.Recover(b, in.Lang)
	}
	if bd.municipality == "" {
		bd.municipality = cmp.Or(in.Municipality, params.Text[listMunicipality])
	}

	// Who took part: participants only (not facilitators or observers),
	// by the category they declared.
	people := 0
	counts := map[workshops.Category]int{}
	for _, p := range b.Participants {
		if p.Role == workshops.RoleParticipant {
			people++
			counts[p.Category]++
			bd.anyCat = bd.anyCat || p.Category != ""
		}
	}
	kind := ""
	if tpl != nil {
		kind = tpl.Name.In(bd.l)
	}
	when := in.Start
	if in.Start != "" && in.End != "" {
		when = in.Start + "–" + in.End
	}
	bd.process = append(bd.process, []string{in.Title, formatDate(bd.l, in.Date), when, strconv.Itoa(people), kind})
	row := []string{in.Title}
	for _, c := range append(slices.Clone(workshops.Categories), "") {
		row = append(row, strconv.Itoa(counts[c]))
	}
	bd.categories = append(bd.categories, row)

	if tpl != nil && tpl.Intro != nil && tpl.Intro.Prompt != nil && strings.TrimSpace(tpl.Intro.Prompt.In(in.Lang)) == "{challenge}" {
		if f, ok := b.Frames[templates.IntroFrameID]; ok && !f.Deleted && f.Prompt != "" && !slices.Contains(bd.challenges, f.Prompt) {
			bd.challenges = append(bd.challenges, f.Prompt)
		}
	}
	for _, it := range params.Lists[listPersonas] {
		p := bd.persona(cmp.Or(it.Key, templates.Slug(it.Name)))
		p.name, p.age, p.situation, p.quote = it.Name, it.Age, it.Situation, it.Quote
	}

	// The målbilder the board records as chosen, by area and card.
	var picked map[string]bool
	shaped := false // premises or criteria came from this board
	if tpl != nil && tpl.Exercise(exGoals) != nil {
		if picks, recorded := tpl.ChosenCards(b, exGoals); recorded {
			bd.goalsRecorded = true
			picked = map[string]bool{}
			for area, keys := range picks {
				if in.Area != "" && area != in.Area {
					continue
				}
				for _, k := range keys {
					picked[area+"/"+k] = true
					c := bd.card(&bd.goals, k, k, templates.EachGoals)
					c.chosen, shaped = true, true
				}
			}
		}
	}

	rows := Notes(bd.cat, in)
	unmarked := map[string]bool{}
	for _, r := range rows {
		if !r.known {
			continue
		}
		if r.ref.Exercise == exGoals && picked != nil && !picked[r.ref.Area+"/"+r.ref.Key] {
			continue // a card the board does not record as chosen
		}
		switch r.ref.Exercise {
		case exVision:
			f := list(&bd.vision, r.Frame)
			f.items = append(f.items, Item{Text: r.Text})
		case exReflection:
			if r.ref.Key == keyNext {
				bd.next = append(bd.next, Item{Text: r.Text, Detail: r.Group})
			}
		case exNeeds:
			switch {
			case !r.follower:
				f := list(&bd.needs, r.Frame)
				f.items = append(f.items, Item{Text: r.Text})
			case r.chosen:
				f := list(&bd.followers, r.Area)
				f.items = append(f.items, Item{Text: r.Text})
			default:
				unmarked[r.Area] = true
			}
		case exPersonas:
			key, frust := strings.CutSuffix(r.ref.Key, suffixFrust)
			key, idea := strings.CutSuffix(key, suffixNeedIdea)
			switch {
			case frust:
				p := bd.persona(key)
				p.frust = append(p.frust, Item{Text: r.Text})
			case idea:
				p := bd.persona(key)
				p.needIdeas = append(p.needIdeas, Item{Text: r.Text})
			}
		case exGoals:
			c := bd.card(&bd.goals, r.ref.Key, r.Frame, templates.EachGoals)
			c.notes = append(c.notes, Item{Text: r.Text})
			shaped = true
		case exPrinciples:
			if r.pick {
				continue
			}
			c := bd.card(&bd.principles, r.ref.Key, r.Frame, templates.EachPrinciples)
			c.notes = append(c.notes, Item{Text: r.Text, Detail: r.Group})
			if r.Group != "" && !slices.Contains(c.groups, r.Group) {
				c.groups = append(c.groups, r.Group)
			}
			shaped = true
		case exActors:
			actor, contribution, _ := strings.Cut(r.Text, "\n")
			actor, contribution = strings.TrimSpace(actor), strings.TrimSpace(contribution)
			if r.ref.Key == keyBusiness {
				why := bd.t("e.why.none")
				if contribution != "" {
					why = fmt.Sprintf(bd.t("e.why"), contribution)
				}
				bd.business = append(bd.business, Item{Text: actor, Detail: why})
				continue
			}
			for _, jk := range juryKinds {
				if slices.Contains(jk.cats, r.ref.Key) {
					if bd.jury == nil {
						bd.jury = map[string][]Item{}
					}
					detail := r.Frame
					if contribution != "" {
						detail += ": " + contribution
					}
					bd.jury[jk.kind] = append(bd.jury[jk.kind], Item{Text: actor, Detail: detail})
				}
			}
		}
	}
	for _, a := range slices.Sorted(mapsKeys(unmarked)) {
		if !slices.Contains(bd.unmarked, a) {
			bd.unmarked = append(bd.unmarked, a)
		}
	}
	if shaped && counts[workshops.CategorySupplier] > 0 {
		bd.supplierShaped = append(bd.supplierShaped, fmt.Sprintf(bd.t("prior.workshop"), in.Title, counts[workshops.CategorySupplier]))
	}
	bd.top = append(bd.top, bd.topIdeas(in, rows)...)

	table := &Table{Header: []string{bd.t("col.frame"), bd.t("col.group"), bd.t("col.text"), bd.t("col.votes")}}
	withArea := slices.ContainsFunc(rows, func(r NoteRow) bool { return r.Area != "" })
	clustered := slices.ContainsFunc(rows, func(r NoteRow) bool { return r.Cluster != "" })
	if withArea {
		table.Header = slices.Insert(table.Header, 2, bd.t("col.area"))
	}
	if clustered { // the clusters people made (issue 15), only where there are any
		table.Header = slices.Insert(table.Header, len(table.Header)-2, bd.t("col.cluster"))
	}
	for _, r := range rows {
		cells := []string{r.Frame, r.Group, r.Text, strconv.Itoa(r.Votes)}
		if withArea {
			cells = slices.Insert(cells, 2, r.Area)
		}
		if clustered {
			cells = slices.Insert(cells, len(cells)-2, r.Cluster)
		}
		table.Rows = append(table.Rows, cells)
	}
	title := in.Title
	if d := formatDate(bd.l, in.Date); d != "" {
		title += " (" + d + ")"
	}
	sec := Section{ID: fmt.Sprintf("appendix-%d", len(bd.appendix)+1), Level: 3, Title: title}
	if len(table.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, Block{Kind: KindParagraph, Text: bd.t("empty")})
	} else {
		sec.Blocks = append(sec.Blocks, Block{Kind: KindTable, Text: in.Title, Table: table})
	}
	bd.appendix = append(bd.appendix, sec)
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// topIdeas returns the top notes of every vote on the board: those marked
// with vote.top or, if none are, the defaultTop with most dots in each
// group (overall when the notes are in no group).
func (bd *builder) topIdeas(in Input, rows []NoteRow) []Item {
	b := in.Board
	byID := map[string]NoteRow{}
	for _, r := range rows {
		byID[r.id] = r
	}
	ids := make([]string, 0, len(b.Votes))
	for id := range b.Votes {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y string) int {
		return cmp.Or(cmp.Compare(b.Votes[x].OpenedAt, b.Votes[y].OpenedAt), strings.Compare(x, y))
	})
	var out []Item
	for _, id := range ids {
		v := b.Votes[id]
		if v.Open || !v.Revealed && v.ClosedAt == 0 {
			continue // still running: nothing is decided
		}
		top := v.Top
		if len(top) == 0 {
			perGroup := map[string]int{}
			for _, t := range b.Ranking(id) {
				if r, ok := byID[t.Note]; ok && perGroup[r.Group] < defaultTop {
					perGroup[r.Group]++
					top = append(top, t.Note)
				}
			}
		}
		totals := v.Totals()
		for _, n := range top {
			r, ok := byID[n]
			if !ok {
				continue // deleted, hidden, private or in another area
			}
			detail := votesText(bd.l, totals[n])
			if r.Group != "" {
				detail += " · " + r.Group
			} else if r.Frame != "" {
				detail += " · " + r.Frame
			}
			out = append(out, Item{Text: r.Text, Detail: detail})
		}
	}
	return out
}

// sortedCards returns the cards with notes, most groups (then notes) first,
// then in roadmap order.
func sortedCards(m map[string]*cardNotes) []*cardNotes {
	var out []*cardNotes
	for _, c := range m {
		if len(c.notes) > 0 || c.chosen {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y *cardNotes) int {
		return cmp.Or(cmp.Compare(len(y.groups), len(x.groups)), cmp.Compare(len(y.notes), len(x.notes)),
			cmp.Compare(x.order, y.order), strings.Compare(x.key, y.key))
	})
	return out
}

func gap(text string) Block  { return Block{Kind: KindGap, Text: text} }
func rule(text string) Block { return Block{Kind: KindRule, Text: text} }
func note(text string) Block { return Block{Kind: KindNote, Text: text} }

func listBlock(title string, items []Item) Block {
	return Block{Kind: KindList, Text: title, Items: items}
}

// lists turns frame lists into one list block each, titled by the frame
// alone: the section's heading already says what they are.
func lists(ls []*frameList) []Block {
	var out []Block
	for _, f := range ls {
		out = append(out, listBlock(f.title, f.items))
	}
	return out
}

// weights shares totalWeight among n criteria, the first ones taking the
// remainder, so that the proposal adds up.
func weights(n int) []int {
	if n == 0 {
		return nil
	}
	w := make([]int, n)
	for i := range w {
		w[i] = totalWeight / n
		if i < totalWeight%n {
			w[i]++
		}
	}
	return w
}

func (bd *builder) document() *Document {
	d := &Document{Lang: bd.l, Title: bd.t("doc.title"), Intro: bd.t("doc.intro"), Municipality: bd.municipality}
	if len(bd.challenges) > 0 {
		d.Challenge = bd.challenges[0]
	}
	if d.Municipality != "" {
		d.Title = fmt.Sprintf(bd.t("doc.title.of"), d.Municipality)
	}
	sec := func(id string, level int, blocks ...Block) Section {
		return Section{ID: id, Level: level, Title: bd.t(id), Blocks: blocks}
	}

	// A
	a1 := sec("a1", 3, gap(bd.t("gap.a1")))
	if len(bd.challenges) > 0 {
		a1.Blocks = append(a1.Blocks, Block{Kind: KindParagraph, Text: bd.t("challenge")})
		for _, c := range bd.challenges {
			a1.Blocks = append(a1.Blocks, Block{Kind: KindParagraph, Text: c})
		}
	}
	a2 := sec("a2", 3, gap(bd.t("gap.a2")))
	goals := sortedCards(bd.goals)
	if len(goals) > 0 {
		var items []Item
		for _, c := range goals {
			items = append(items, Item{Text: c.title, Detail: notesText(bd.l, len(c.notes))})
		}
		ruleKey := "rule.goals"
		if bd.goalsRecorded {
			ruleKey = "rule.goals.recorded"
		}
		a2.Blocks = append(a2.Blocks, listBlock(bd.t("goals.chosen"), items), rule(bd.t(ruleKey)))
		for _, c := range goals {
			if len(c.notes) > 0 {
				a2.Blocks = append(a2.Blocks, listBlock(c.title, c.notes))
			}
		}
	}
	if len(bd.vision) > 0 {
		a2.Sections = append(a2.Sections, Section{ID: "a2-vision", Level: 4, Title: bd.t("goals.vision"), Blocks: lists(bd.vision)})
	}
	if len(bd.next) > 0 {
		a2.Blocks = append(a2.Blocks, listBlock(bd.t("goals.next"), bd.next))
	}
	a3 := sec("a3", 3, Block{Kind: KindTable, Text: bd.t("a3.table"), Table: &Table{
		Header: []string{bd.t("col.workshop"), bd.t("col.date"), bd.t("col.time"), bd.t("col.people"), bd.t("col.template")}, Rows: bd.process}})
	if bd.anyCat {
		header := []string{bd.t("col.workshop")}
		for _, c := range workshops.Categories {
			header = append(header, bd.t("cat."+string(c)))
		}
		header = append(header, bd.t("cat.none"))
		a3.Blocks = append(a3.Blocks, Block{Kind: KindTable, Text: bd.t("cat.table"), Table: &Table{Header: header, Rows: bd.categories}},
			rule(bd.t("rule.cat")))
	}
	a3.Blocks = append(a3.Blocks, gap(bd.t("gap.a3")))
	a := sec("a", 2)
	a.Sections = []Section{a1, a2, a3}

	// B
	b1 := sec("b1", 3, gap(bd.t("gap.b1")))
	if len(bd.top) > 0 {
		b1.Blocks = append(b1.Blocks, listBlock(bd.t("prob.top"), bd.top), rule(bd.t("rule.top")))
	}
	if len(bd.needs) > 0 {
		b1.Sections = append(b1.Sections, Section{ID: "b1-needs", Level: 4, Title: bd.t("prob.needs"), Blocks: lists(bd.needs)})
	}
	if len(bd.followers) > 0 || len(bd.unmarked) > 0 {
		s := Section{ID: "b1-followers", Level: 4, Title: bd.t("prob.followers"), Blocks: lists(bd.followers)}
		s.Blocks = append(s.Blocks, rule(bd.t("rule.followers")))
		if len(bd.unmarked) > 0 {
			s.Blocks = append(s.Blocks, Block{Kind: KindParagraph, Text: fmt.Sprintf(bd.t("followers.unmarked"), strings.Join(bd.unmarked, ", "))})
		}
		b1.Sections = append(b1.Sections, s)
	}
	for i, p := range bd.personas {
		title := p.name
		if p.age > 0 {
			title = fmt.Sprintf(bd.t("persona.age"), p.name, p.age)
		}
		s := Section{ID: fmt.Sprintf("b1-persona-%d", i+1), Level: 4, Title: fmt.Sprintf(bd.t("persona"), title)}
		if p.situation != "" {
			s.Blocks = append(s.Blocks, Block{Kind: KindParagraph, Text: p.situation})
		}
		if p.quote != "" {
			s.Blocks = append(s.Blocks, Block{Kind: KindParagraph, Text: "«" + strings.Trim(p.quote, "«»\"“”") + "»"})
		}
		if len(p.frust) > 0 {
			s.Blocks = append(s.Blocks, listBlock(bd.t("persona.frust"), p.frust))
		}
		if len(p.needIdeas) > 0 {
			s.Blocks = append(s.Blocks, listBlock(bd.t("persona.ideas"), p.needIdeas))
		}
		if i == 0 {
			s.Blocks = append(s.Blocks, rule(bd.t("rule.personas")))
		}
		b1.Sections = append(b1.Sections, s)
	}

	principles := sortedCards(bd.principles)
	b2 := sec("b2", 3)
	if len(principles) > 0 {
		var items []Item
		for _, c := range principles {
			items = append(items, Item{Text: c.title, Detail: fmt.Sprintf(bd.t("groups"), strings.Join(c.groups, ", "))})
		}
		b2.Blocks = append(b2.Blocks, listBlock(bd.t("prem.list"), items), rule(bd.t("rule.prem")))
		for _, c := range principles {
			b2.Blocks = append(b2.Blocks, listBlock(c.title, c.notes))
		}
	}
	if len(bd.supplierShaped) > 0 {
		b2.Blocks = append(b2.Blocks, note(fmt.Sprintf(bd.t("prior"), strings.Join(bd.supplierShaped, "; "))))
	}
	b2.Blocks = append(b2.Blocks, gap(bd.t("gap.b2")))
	b3 := sec("b3", 3, gap(bd.t("gap.b3")))
	b4 := sec("b4", 3)
	type criterion struct{ title, source, basis string }
	var crits []criterion
	for _, c := range principles {
		crits = append(crits, criterion{c.title, fmt.Sprintf(bd.t("crit.prin"), strings.Join(c.groups, ", ")), c.description})
	}
	for _, c := range goals {
		crits = append(crits, criterion{c.title, bd.t("crit.goal"), c.description})
	}
	if len(crits) > 0 {
		t := &Table{Header: []string{bd.t("col.criterion"), bd.t("col.source"), bd.t("col.basis"), bd.t("col.weight")}}
		for i, w := range weights(len(crits)) {
			c := crits[i]
			t.Rows = append(t.Rows, []string{c.title, c.source, c.basis, strconv.Itoa(w) + " %"})
		}
		scale := &Table{Header: []string{bd.t("col.level"), bd.t("col.meaning")}}
		for _, lv := range []string{"green", "yellow", "red"} {
			scale.Rows = append(scale.Rows, []string{bd.t("scale." + lv), bd.t("scale." + lv + ".means")})
		}
		b4.Blocks = append(b4.Blocks, Block{Kind: KindTable, Text: bd.t("crit.list"), Table: t}, rule(bd.t("rule.crit")),
			Block{Kind: KindTable, Text: bd.t("crit.scale"), Table: scale})
	}
	if len(bd.supplierShaped) > 0 {
		b4.Blocks = append(b4.Blocks, note(bd.t("prior.crit")))
	}
	b4.Blocks = append(b4.Blocks, gap(bd.t("gap.b4")))
	b5 := sec("b5", 3)
	if len(bd.jury) > 0 {
		for _, jk := range juryKinds {
			if items := bd.jury[jk.kind]; len(items) > 0 {
				b5.Blocks = append(b5.Blocks, listBlock(bd.t(jk.kind), items))
			}
		}
		b5.Blocks = append(b5.Blocks, rule(bd.t("rule.jury")))
	}
	b5.Blocks = append(b5.Blocks, note(bd.t("jury.independence")), note(bd.t("jury.qualification")), gap(bd.t("gap.b5")))
	b := sec("b", 2)
	b.Sections = []Section{b1, b2, b3, b4, b5}

	c := sec("c", 2, gap(bd.t("gap.c")))
	dd := sec("d", 2, gap(bd.t("gap.d1")), gap(bd.t("gap.d2")))
	e := sec("e", 2, gap(bd.t("gap.e")))
	if len(bd.business) > 0 {
		e.Blocks = append(e.Blocks, listBlock(bd.t("e.list"), bd.business), rule(bd.t("rule.e")))
	}
	app := sec("appendix", 2)
	app.Sections = bd.appendix

	d.Sections = []Section{a, b, c, dd, e, app}
	return d
}

// notesText says "3 lapper".
func notesText(l workshops.Lang, n int) string {
	if n == 1 {
		return T(l, "note1")
	}
	return fmt.Sprintf(T(l, "notes"), n)
}
