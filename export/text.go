package export

import "github.com/samskap/samskap/workshops"

// tr is one text in bokmål, nynorsk and English.
type tr struct{ nb, nn, en string }

func (t tr) in(l workshops.Lang) string {
	switch l {
	case workshops.LangNN:
		return t.nn
	case workshops.LangEN:
		return t.en
	}
	return t.nb
}

// texts are every heading, label and gap prompt of the draft. Keys are
// stable; tests look texts up by key so they never copy a translation.
var texts = map[string]tr{
	"doc.title":    {"Konkurranseprogram – utkast", "Konkurranseprogram – utkast", "Competition brief – draft"},
	"doc.intro":    {"Utkastet er laget av Samskap fra tavlene i verkstedene. Alt som står i en markert luke må skrives av kommunen før programmet publiseres. Ingen navn på deltakere er med.", "Utkastet er laga av Samskap frå tavlene i verkstadene. Alt som står i ei markert luke, må kommunen skrive før programmet blir publisert. Ingen namn på deltakarar er med.", "Samskap drafted this from the workshop boards. Everything in a marked gap must be written by the municipality before the brief is published. No participant names are included."},
	"gap.label":    {"FYLLES UT", "FYLL UT", "TO BE COMPLETED"},
	"rule.label":   {"Slik er dette hentet", "Slik er dette henta", "How this was drawn"},
	"empty":        {"Ingenting fra tavlene her ennå.", "Ingenting frå tavlene her enno.", "Nothing from the boards here yet."},
	"a":            {"A. Innbydelse til innovasjonskonkurranse", "A. Innbyding til innovasjonskonkurranse", "A. Invitation to the innovation competition"},
	"a1":           {"Prosjektinformasjon", "Prosjektinformasjon", "Project information"},
	"a2":           {"Hovedmål og delmål", "Hovudmål og delmål", "Main goal and sub-goals"},
	"a3":           {"Fremdrift og prosess", "Framdrift og prosess", "Timeline and process"},
	"b":            {"B. Del 1: åpen konkurranse", "B. Del 1: open konkurranse", "B. Part 1: open competition"},
	"b1":           {"Problemstillinger", "Problemstillingar", "Problem statements"},
	"b2":           {"Premisser", "Premissar", "Premises"},
	"b3":           {"Leveranser", "Leveransar", "Deliverables"},
	"b4":           {"Vurderingskriterier", "Vurderingskriterium", "Evaluation criteria"},
	"b5":           {"Jury", "Jury", "Jury"},
	"c":            {"C. Del 2: utvalgte finalister", "C. Del 2: utvalde finalistar", "C. Part 2: selected finalists"},
	"d":            {"D. Premiering og rettigheter", "D. Premiering og rettar", "D. Prizes and rights"},
	"e":            {"E. Muligheter for videre oppdrag", "E. Moglegheiter for vidare oppdrag", "E. Opportunities for further contracts"},
	"appendix":     {"Vedlegg: alle lapper fra verkstedene", "Vedlegg: alle lappar frå verkstadene", "Appendix: every note from the workshops"},
	"challenge":    {"Utfordringen slik den ble lagt fram i verkstedene:", "Utfordringa slik ho vart lagd fram i verkstadene:", "The challenge as presented in the workshops:"},
	"goals.chosen": {"Målbilder kommunen valgte", "Målbilete kommunen valde", "Goal images the municipality chose"},
	"goals.vision": {"Visjonen for 2030", "Visjonen for 2030", "The vision for 2030"},
	"goals.next":   {"Det deltakerne mener er viktigst videre", "Det deltakarane meiner er viktigast vidare", "What participants find most important next"},
	"prob.top":     {"Innbyggernes toppideer (flest stemmer)", "Innbyggjarane sine toppidear (flest stemmer)", "The citizens' top ideas (most votes)"},
	"prob.needs":   {"Brukerbehov", "Brukarbehov", "User needs"},
	"prob.frust":   {"Personaenes frustrasjoner", "Frustrasjonane til personaane", "The personas' frustrations"},
	"prob.ideas":   {"Behov og ideer personaene peker på", "Behov og idear personaane peikar på", "Needs and ideas the personas point to"},
	"prem.list":    {"Prinsipper fra veikartet som gruppene ble enige om", "Prinsipp frå vegkartet som gruppene vart samde om", "Roadmap principles the groups agreed on"},
	"crit.list":    {"Forslag til kriterier", "Forslag til kriterium", "Proposed criteria"},
	"crit.goal":    {"Løsningens bidrag til målbildet «%s»", "Kva løysinga bidreg med til målbiletet «%s»", "The solution's contribution to the goal image “%s”"},
	"crit.prin":    {"Hvordan løsningen følger prinsippet «%s»", "Korleis løysinga følgjer prinsippet «%s»", "How the solution follows the principle “%s”"},
	"jury.list":    {"Kandidater fra aktørkartet", "Kandidatar frå aktørkartet", "Candidates from the stakeholder map"},
	"e.list":       {"Aktører fra næringslivet i aktørkartet", "Aktørar frå næringslivet i aktørkartet", "Businesses on the stakeholder map"},
	"col.workshop": {"Verksted", "Verkstad", "Workshop"},
	"col.date":     {"Dato", "Dato", "Date"},
	"col.people":   {"Deltakere", "Deltakarar", "Participants"},
	"col.template": {"Type", "Type", "Kind"},
	"col.frame":    {"Ramme", "Ramme", "Frame"},
	"col.group":    {"Gruppe", "Gruppe", "Group"},
	"col.text":     {"Tekst", "Tekst", "Text"},
	"col.votes":    {"Stemmer", "Stemmer", "Votes"},
	"col.cluster":  {"Klynge", "Klynge", "Cluster"},
	"votes":        {"%d stemmer", "%d stemmer", "%d votes"},
	"vote1":        {"1 stemme", "1 stemme", "1 vote"},
	"person":       {"Deltaker", "Deltakar", "Participant"},
	"groups":       {"grupper: %s", "grupper: %s", "groups: %s"},

	"rule.goals.recorded": {"Målbildene som prosesslederen merket som valgt på tavla, med lappene på dem; flest lapper først.", "Målbileta som prosessleiaren merkte som valde på tavla, med lappane på dei; flest lappar først.", "The goal images the facilitator marked as chosen on the board, with the notes on them; most notes first."},
	"rule.goals":          {"Et målbilde regnes som valgt når kortet har minst én lapp; flest lapper først. Sjekk at det er kommunens valg.", "Eit målbilete blir rekna som valt når kortet har minst éin lapp; flest lappar først. Sjekk at det er valet til kommunen.", "A goal image counts as chosen when its card holds at least one note; most notes first. Check that this is the municipality's choice."},
	"rule.top":            {"Lappene tilretteleggeren merket som toppideer etter avstemningen; uten merking de tre med flest stemmer i hver gruppe.", "Lappane tilretteleggjaren merkte som toppidear etter røystinga; utan merking dei tre med flest stemmer i kvar gruppe.", "The notes the facilitator marked as top ideas after the vote; without marks, the three with most votes in each group."},
	"rule.prem":           {"Et prinsipp er med når en gruppe skrev en lapp på kortet etter de private valgene; flest grupper først.", "Eit prinsipp er med når ei gruppe skreiv ein lapp på kortet etter dei private vala; flest grupper først.", "A principle is included when a group wrote a note on its card after the private picks; most groups first."},
	"rule.jury":           {"Aktører fra aktørkartet utenom næringslivet (som kan bli tilbydere). Juryen bør være uavhengig av deltakerne i konkurransen.", "Aktørar frå aktørkartet utanom næringslivet (som kan bli tilbydarar). Juryen bør vere uavhengig av deltakarane i konkurransen.", "Actors from the stakeholder map other than businesses (who may become bidders). The jury should be independent of the competitors."},
	"gap.a1":              {"Beskriv prosjektet: kommunen, bakgrunnen og behovet – som problemer, ikke som løsninger. Oppgi kontaktperson (funksjon, ikke privat kontaktinformasjon).", "Beskriv prosjektet: kommunen, bakgrunnen og behovet – som problem, ikkje som løysingar. Oppgi kontaktperson (funksjon, ikkje privat kontaktinformasjon).", "Describe the project: the municipality, the background and the need – as problems, not solutions. Name a contact (a role, not private contact details)."},
	"gap.a2":              {"Skriv hovedmålet og delmålene med egne ord, med utgangspunkt i målbildene og visjonen under.", "Skriv hovudmålet og delmåla med eigne ord, med utgangspunkt i målbileta og visjonen under.", "Write the main goal and the sub-goals in your own words, starting from the goal images and the vision below."},
	"gap.a3":              {"Tidsplan for konkurransen: frist for spørsmål, innlevering i del 1, juryering, del 2 og kontrakt.", "Tidsplan for konkurransen: frist for spørsmål, innlevering i del 1, juryering, del 2 og kontrakt.", "The competition timetable: deadlines for questions, part 1 submissions, judging, part 2 and contract."},
	"gap.b1":              {"Velg og formuler problemstillingene konkurransen skal handle om, som behov og problemer – ikke løsninger.", "Vel og formuler problemstillingane konkurransen skal handle om, som behov og problem – ikkje løysingar.", "Choose and phrase the problem statements the competition is about, as needs and problems – not solutions."},
	"gap.b2":              {"Andre premisser: lover og regler, budsjett, systemer løsningen må virke med, universell utforming og personvern.", "Andre premissar: lover og reglar, budsjett, system løysinga må verke saman med, universell utforming og personvern.", "Other premises: laws and rules, budget, systems the solution must work with, universal design and privacy."},
	"gap.b3":              {"Hva skal leveres i del 1 (for eksempel idéskisse, største sidetall) og i hvilket format.", "Kva skal leverast i del 1 (til dømes idéskisse, største sidetal) og i kva format.", "What is to be delivered in part 1 (e.g. an idea sketch, page limit) and in which format."},
	"gap.b4":              {"Tildelingskriteriene og vektingen av dem.", "Tildelingskriteria og vektinga av dei.", "The award criteria and their weighting."},
	"gap.b5":              {"Juryens mandat (avgjør den eller gir den råd?), sammensetning, uavhengighet og anonym bedømmelse.", "Mandatet til juryen (avgjer han eller gir han råd?), samansetjing, uavhengigheit og anonym vurdering.", "The jury's mandate (does it decide or advise?), its members, independence and anonymous judging."},
	"gap.c":               {"Hvor mange finalister som går videre, hva de skal utvikle i del 2, og hvordan de følges opp.", "Kor mange finalistar som går vidare, kva dei skal utvikle i del 2, og korleis dei blir følgde opp.", "How many finalists go on, what they develop in part 2, and how they are followed up."},
	"gap.d1":              {"Premiesummer og antall vinnere.", "Premiesummar og tal på vinnarar.", "Prize sums and the number of winners."},
	"gap.d2":              {"Rettigheter (IPR) til det som leveres: hva kommunen får bruke, og hva tilbyderen beholder.", "Rettar (IPR) til det som blir levert: kva kommunen får bruke, og kva tilbydaren held på.", "Rights (IPR) to what is delivered: what the municipality may use and what the bidder keeps."},
	"gap.e":               {"Eventuell videre kontrakt etter konkurransen må beskrives allerede nå: omfang, varighet og anskaffelsesprosedyre.", "Ei eventuell vidare kontrakt etter konkurransen må skildrast alt no: omfang, varigheit og anskaffingsprosedyre.", "Any follow-on contract after the competition must be stated up front: scope, duration and procurement procedure."},
}

// T returns the text with the given key in language l; tests use it to
// find headings and gaps without copying them.
func T(l workshops.Lang, key string) string {
	t, ok := texts[key]
	if !ok {
		panic("export: no text " + key)
	}
	return t.in(l)
}
