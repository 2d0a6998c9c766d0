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

	keyNext        = "viktigst-videre"
	keyBusiness    = "naeringsliv"
	suffixFrust    = "-frustrasjoner"
	suffixNeedIdea = "-behov-ideer"
	defaultTop     = 3
)

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
	key, title string
	order      int
	groups     []string
	notes      []string
	chosen     bool // marked chosen on the board (frame.choose)
}

type frameList struct {
	title string
	items []Item
}

type builder struct {
	cat *templates.Catalog
	l   workshops.Lang

	challenges []string
	process    [][]string
	goals      map[string]*cardNotes
	// goalsRecorded: a board marked its chosen målbilder (frame.choose);
	// the draft then lists those, not every card with notes.
	goalsRecorded bool
	principles    map[string]*cardNotes
	vision        []*frameList
	next          []Item
	top           []Item
	needs         []*frameList
	frust         []*frameList
	needIdeas     []*frameList
	jury          []Item
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
					c.order = i
				}
			}
		}
		(*m)[key] = c
	}
	return c
}

func (bd *builder) add(in Input) {
	b := in.Board
	var tpl *templates.Template
	if bd.cat != nil && in.Template != "" {
		tpl, _ = bd.cat.Get(in.Template)
	}
	people := 0
	for _, p := range b.Participants {
		if p.Role == workshops.RoleParticipant {
			people++
		}
	}
	kind := ""
	if tpl != nil {
		kind = tpl.Name.In(bd.l)
	}
	bd.process = append(bd.process, []string{in.Title, bd.date(in), strconv.Itoa(people), kind})

	if tpl != nil && tpl.Intro != nil && tpl.Intro.Prompt != nil && strings.TrimSpace(tpl.Intro.Prompt.In(in.Lang)) == "{challenge}" {
		if f, ok := b.Frames[templates.IntroFrameID]; ok && !f.Deleted && f.Prompt != "" && !slices.Contains(bd.challenges, f.Prompt) {
			bd.challenges = append(bd.challenges, f.Prompt)
		}
	}

	// The målbilder the board records as chosen, by area and card.
	var picked map[string]bool
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
					c := bd.card(&bd.goals, k, bd.goalTitle(k), templates.EachGoals)
					c.chosen = true
				}
			}
		}
	}

	rows := Notes(bd.cat, in)
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
			f := list(&bd.needs, r.Frame)
			f.items = append(f.items, Item{Text: r.Text})
		case exPersonas:
			switch {
			case strings.HasSuffix(r.ref.Key, suffixFrust):
				f := list(&bd.frust, r.Frame)
				f.items = append(f.items, Item{Text: r.Text})
			case strings.HasSuffix(r.ref.Key, suffixNeedIdea):
				f := list(&bd.needIdeas, r.Frame)
				f.items = append(f.items, Item{Text: r.Text})
			}
		case exGoals:
			c := bd.card(&bd.goals, r.ref.Key, r.Frame, templates.EachGoals)
			c.notes = append(c.notes, r.Text)
		case exPrinciples:
			if r.pick {
				continue
			}
			c := bd.card(&bd.principles, r.ref.Key, r.Frame, templates.EachPrinciples)
			c.notes = append(c.notes, r.Text)
			if r.Group != "" && !slices.Contains(c.groups, r.Group) {
				c.groups = append(c.groups, r.Group)
			}
		case exActors:
			actor, contribution, _ := strings.Cut(r.Text, "\n")
			it := Item{Text: strings.TrimSpace(actor), Detail: r.Frame}
			if c := strings.TrimSpace(contribution); c != "" {
				it.Detail = r.Frame + ": " + c
			}
			if r.ref.Key == keyBusiness {
				bd.business = append(bd.business, it)
			} else {
				bd.jury = append(bd.jury, it)
			}
		}
	}
	bd.top = append(bd.top, bd.topIdeas(in, rows)...)

	table := &Table{Header: []string{bd.t("col.frame"), bd.t("col.group"), bd.t("col.text"), bd.t("col.votes")}}
	clustered := slices.ContainsFunc(rows, func(r NoteRow) bool { return r.Cluster != "" })
	if clustered { // the clusters people made (issue 15), only where there are any
		table.Header = slices.Insert(table.Header, 2, bd.t("col.cluster"))
	}
	for _, r := range rows {
		row := []string{r.Frame, r.Group, r.Text, strconv.Itoa(r.Votes)}
		if clustered {
			row = slices.Insert(row, 2, r.Cluster)
		}
		table.Rows = append(table.Rows, row)
	}
	sec := Section{ID: fmt.Sprintf("appendix-%d", len(bd.appendix)+1), Level: 3, Title: in.Title + " (" + bd.date(in) + ")"}
	if len(table.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, Block{Kind: KindParagraph, Text: bd.t("empty")})
	} else {
		sec.Blocks = append(sec.Blocks, Block{Kind: KindTable, Text: in.Title, Table: table})
	}
	bd.appendix = append(bd.appendix, sec)
}

// goalTitle is a målbilde's title in the draft's language.
func (bd *builder) goalTitle(key string) string {
	if bd.cat != nil && bd.cat.Roadmap != nil {
		for _, c := range bd.cat.Roadmap.Goals {
			if c.Key == key {
				return c.Title.In(bd.l)
			}
		}
	}
	return key
}

func (bd *builder) date(in Input) string {
	if in.Date.IsZero() {
		return ""
	}
	if bd.l == workshops.LangEN {
		return in.Date.Format("2006-01-02")
	}
	return in.Date.Format("02.01.2006")
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

func listBlock(title string, items []Item) Block {
	return Block{Kind: KindList, Text: title, Items: items}
}

// lists turns frame lists into one list block each, titled by the frame.
func lists(heading string, ls []*frameList) []Block {
	var out []Block
	for _, f := range ls {
		out = append(out, listBlock(heading+": "+f.title, f.items))
	}
	return out
}

func (bd *builder) document() *Document {
	d := &Document{Lang: bd.l, Title: bd.t("doc.title"), Intro: bd.t("doc.intro")}
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
			items = append(items, Item{Text: c.title, Detail: strings.Join(c.notes, " · ")})
		}
		ruleKey := "rule.goals"
		if bd.goalsRecorded {
			ruleKey = "rule.goals.recorded"
		}
		a2.Blocks = append(a2.Blocks, listBlock(bd.t("goals.chosen"), items), rule(bd.t(ruleKey)))
	}
	a2.Blocks = append(a2.Blocks, lists(bd.t("goals.vision"), bd.vision)...)
	if len(bd.next) > 0 {
		a2.Blocks = append(a2.Blocks, listBlock(bd.t("goals.next"), bd.next))
	}
	a3 := sec("a3", 3, Block{Kind: KindTable, Text: bd.t("a3"), Table: &Table{
		Header: []string{bd.t("col.workshop"), bd.t("col.date"), bd.t("col.people"), bd.t("col.template")}, Rows: bd.process}},
		gap(bd.t("gap.a3")))
	a := sec("a", 2)
	a.Sections = []Section{a1, a2, a3}

	// B
	b1 := sec("b1", 3, gap(bd.t("gap.b1")))
	if len(bd.top) > 0 {
		b1.Blocks = append(b1.Blocks, listBlock(bd.t("prob.top"), bd.top), rule(bd.t("rule.top")))
	}
	b1.Blocks = append(b1.Blocks, lists(bd.t("prob.needs"), bd.needs)...)
	b1.Blocks = append(b1.Blocks, lists(bd.t("prob.frust"), bd.frust)...)
	b1.Blocks = append(b1.Blocks, lists(bd.t("prob.ideas"), bd.needIdeas)...)

	principles := sortedCards(bd.principles)
	b2 := sec("b2", 3)
	if len(principles) > 0 {
		var items []Item
		for _, c := range principles {
			detail := strings.Join(c.notes, " · ")
			if len(c.groups) > 0 {
				detail = fmt.Sprintf(bd.t("groups"), strings.Join(c.groups, ", ")) + " – " + detail
			}
			items = append(items, Item{Text: c.title, Detail: detail})
		}
		b2.Blocks = append(b2.Blocks, listBlock(bd.t("prem.list"), items), rule(bd.t("rule.prem")))
	}
	b2.Blocks = append(b2.Blocks, gap(bd.t("gap.b2")))
	b3 := sec("b3", 3, gap(bd.t("gap.b3")))
	b4 := sec("b4", 3)
	var crit []Item
	for _, c := range principles {
		crit = append(crit, Item{Text: fmt.Sprintf(bd.t("crit.prin"), c.title)})
	}
	for _, c := range goals {
		crit = append(crit, Item{Text: fmt.Sprintf(bd.t("crit.goal"), c.title)})
	}
	if len(crit) > 0 {
		b4.Blocks = append(b4.Blocks, listBlock(bd.t("crit.list"), crit))
	}
	b4.Blocks = append(b4.Blocks, gap(bd.t("gap.b4")))
	b5 := sec("b5", 3)
	if len(bd.jury) > 0 {
		b5.Blocks = append(b5.Blocks, listBlock(bd.t("jury.list"), bd.jury), rule(bd.t("rule.jury")))
	}
	b5.Blocks = append(b5.Blocks, gap(bd.t("gap.b5")))
	b := sec("b", 2)
	b.Sections = []Section{b1, b2, b3, b4, b5}

	c := sec("c", 2, gap(bd.t("gap.c")))
	dd := sec("d", 2, gap(bd.t("gap.d1")), gap(bd.t("gap.d2")))
	e := sec("e", 2, gap(bd.t("gap.e")))
	if len(bd.business) > 0 {
		e.Blocks = append(e.Blocks, listBlock(bd.t("e.list"), bd.business))
	}
	app := sec("appendix", 2)
	app.Sections = bd.appendix

	d.Sections = []Section{a, b, c, dd, e, app}
	return d
}
