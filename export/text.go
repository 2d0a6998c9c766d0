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
	"prem.list":    {"Prinsipper fra veikartet som gruppene ble enige om", "Prinsipp frå vegkartet som gruppene vart samde om", "Roadmap principles the groups agreed on"},
	"e.list":       {"Mulige leverandører og samarbeidspartnere fra aktørkartet", "Moglege leverandørar og samarbeidspartnarar frå aktørkartet", "Possible suppliers and partners from the stakeholder map"},
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
	"rule.top":            {"Lappene prosesslederen merket som toppideer etter avstemningen; uten merking de tre med flest stemmer i hver gruppe.", "Lappane prosessleiaren merkte som toppidear etter avrøystinga; utan merking dei tre med flest stemmer i kvar gruppe.", "The notes the facilitator marked as top ideas after the vote; without marks, the three with most votes in each group."},
	"rule.prem":           {"Et prinsipp er med når en gruppe skrev en lapp på kortet etter de private valgene; flest grupper først.", "Eit prinsipp er med når ei gruppe skreiv ein lapp på kortet etter dei private vala; flest grupper først.", "A principle is included when a group wrote a note on its card after the private picks; most groups first."},
	"rule.jury":           {"Aktører fra aktørkartet, sortert etter hva slags jurymedlem de kan gi: innbyggere, organisasjoner og uvanlige aktører som brukerrepresentanter, akademia som fagpersoner, offentlige aktører som samarbeidspartnere. Næringslivet er ikke med, fordi bedrifter kan bli tilbydere.", "Aktørar frå aktørkartet, sorterte etter kva slags jurymedlem dei kan gi: innbyggjarar, organisasjonar og uvanlege aktørar som brukarrepresentantar, akademia som fagpersonar, offentlege aktørar som samarbeidspartnarar. Næringslivet er ikkje med, fordi verksemder kan bli tilbydarar.", "Actors from the stakeholder map, sorted by the kind of jury member they can give: citizens, organisations and unusual suspects as user representatives, academia as professionals, public bodies as partners. Businesses are left out, as they may become bidders."},
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
	// The title page, the process table and participation by category.
	"doc.title.of":    {"Konkurranseprogram for %s – utkast", "Konkurranseprogram for %s – utkast", "Competition brief for %s – draft"},
	"a3.table":        {"Verkstedene i prosessen", "Verkstadene i prosessen", "The workshops of the process"},
	"col.time":        {"Tid", "Tid", "Time"},
	"col.area":        {"Område", "Område", "Area"},
	"cat.table":       {"Hvem deltok (slik deltakerne selv oppga det)", "Kven deltok (slik deltakarane sjølve oppgav det)", "Who took part (as the participants said themselves)"},
	"cat.citizen":     {"Innbyggere", "Innbyggjarar", "Citizens"},
	"cat.staff":       {"Ansatte i kommunen", "Tilsette i kommunen", "Municipal staff"},
	"cat.supplier":    {"Leverandører", "Leverandørar", "Suppliers"},
	"cat.other":       {"Andre", "Andre", "Others"},
	"cat.none":        {"Ikke oppgitt", "Ikkje oppgitt", "Not said"},
	"rule.cat":        {"Deltakerne kunne selv oppgi hva de deltok som da de ble med; ingen navn eller organisasjoner er lagret. Prosessledere og observatører er ikke talt med.", "Deltakarane kunne sjølve oppgi kva dei deltok som då dei vart med; ingen namn eller organisasjonar er lagra. Prosessleiarar og observatørar er ikkje talde med.", "Participants could say what they took part as when they joined; no names or organisations are stored. Facilitators and observers are not counted."},
	"note.label":      {"MERK", "MERK", "NOTE"},
	"col.exercise":    {"Øvelse", "Øving", "Exercise"},
	"col.vote":        {"Avstemning", "Avrøysting", "Vote"},
	"col.rank":        {"Plass", "Plass", "Rank"},
	"col.top":         {"Toppidé", "Toppidé", "Top idea"},
	"yes":             {"ja", "ja", "yes"},
	"file.draft":      {"Konkurranseprogram", "Konkurranseprogram", "Competition brief"},
	"tp.municipality": {"Kommune", "Kommune", "Municipality"},
	"tp.challenge":    {"Utfordring", "Utfordring", "Challenge"},
	"tp.date":         {"Utkast per", "Utkast per", "Draft as of"},
	"notes":           {"%d lapper", "%d lappar", "%d notes"},
	"note1":           {"1 lapp", "1 lapp", "1 note"},

	// Prior involvement of suppliers.
	"prior.workshop": {"%s (%d leverandører)", "%s (%d leverandørar)", "%s (%d suppliers)"},
	"prior":          {"Leverandører deltok i verksteder der premissene eller kriteriene ble til: %s. De kan få et forsprang om de legger inn tilbud. Kommunen må sørge for at konkurransen ikke blir vridd: gi alle tilbydere det samme materialet fra verkstedene, sett frister som gir alle nok tid, og vurder om noen må avvises fordi forspranget ikke kan utjevnes (tidligere involvering, direktiv 2014/24/EU art. 41). Skriv hvordan dette er håndtert.", "Leverandørar deltok i verkstader der premissane eller kriteria vart til: %s. Dei kan få eit forsprang om dei leverer tilbod. Kommunen må syte for at konkurransen ikkje blir vriden: gi alle tilbydarar det same materialet frå verkstadene, set fristar som gir alle nok tid, og vurder om nokon må avvisast fordi forspranget ikkje kan jamnast ut (tidlegare involvering, direktiv 2014/24/EU art. 41). Skriv korleis dette er handtert.", "Suppliers took part in workshops where the premises or criteria were shaped: %s. They may have a head start if they bid. The municipality must keep the competition fair: give every bidder the same material from the workshops, set deadlines that give everyone enough time, and consider whether anyone must be excluded because the advantage cannot be evened out (prior involvement, Directive 2014/24/EU art. 41). Write how this is handled."},
	"prior.crit":     {"Kriteriene bygger på verksteder der leverandører deltok (se premissene). Sjekk at ingen kriterier favoriserer løsningene til dem som var med.", "Kriteria byggjer på verkstader der leverandørar deltok (sjå premissane). Sjekk at ingen kriterium favoriserer løysingane til dei som var med.", "The criteria build on workshops suppliers took part in (see the premises). Check that no criterion favours the solutions of those who took part."},

	// B1: the følgekommuner's needs and the personas.
	"prob.followers":     {"Behov fra følgekommunene", "Behov frå følgjekommunane", "Needs from the follower municipalities"},
	"rule.followers":     {"Følgekommunenes egne behov, under navnet til hver følgekommune. De er med bare når prosesslederen har merket følgekommunens område som valgt på tavla; de er ikke kommunens egne problemstillinger.", "Dei eigne behova til følgjekommunane, under namnet til kvar følgjekommune. Dei er med berre når prosessleiaren har merkt området til følgjekommunen som valt på tavla; dei er ikkje problemstillingane til kommunen sjølv.", "The follower municipalities' own needs, under each one's name. They are included only when the facilitator marked the follower's area as chosen on the board; they are not this municipality's own problem statements."},
	"followers.unmarked": {"Ikke merket, og derfor bare i vedlegget: %s.", "Ikkje merkt, og difor berre i vedlegget: %s.", "Not marked, so in the appendix only: %s."},
	"persona":            {"Persona: %s", "Persona: %s", "Persona: %s"},
	"persona.age":        {"%s, %d år", "%s, %d år", "%s, %d"},
	"persona.frust":      {"Frustrasjoner", "Frustrasjonar", "Frustrations"},
	"persona.ideas":      {"Behov og ideer", "Behov og idear", "Needs and ideas"},
	"rule.personas":      {"Personaene fra samskapingsverkstedet med situasjon og sitat, og det gruppene skrev om frustrasjonene deres og behovene bak: godt grunnlag for problemstillinger.", "Personaane frå samskapingsverkstaden med situasjon og sitat, og det gruppene skreiv om frustrasjonane deira og behova bak: godt grunnlag for problemstillingar.", "The personas of the co-creation workshop with their situation and quote, and what the groups wrote about their frustrations and the needs behind them: good ground for problem statements."},

	// B4: criteria as a table with weights and a traffic-light scale.
	"crit.list":          {"Forslag til kriterier og vekting", "Forslag til kriterium og vekting", "Proposed criteria and weights"},
	"crit.prin":          {"Prinsipp fra veikartet (grupper: %s)", "Prinsipp frå vegkartet (grupper: %s)", "Roadmap principle (groups: %s)"},
	"crit.goal":          {"Målbilde kommunen valgte", "Målbilete kommunen valde", "Goal image the municipality chose"},
	"col.criterion":      {"Kriterium", "Kriterium", "Criterion"},
	"col.source":         {"Kilde", "Kjelde", "Source"},
	"col.basis":          {"Hva juryen ser etter", "Kva juryen ser etter", "What the jury looks for"},
	"col.weight":         {"Foreslått vekt", "Foreslått vekt", "Proposed weight"},
	"col.level":          {"Nivå", "Nivå", "Level"},
	"col.meaning":        {"Betydning", "Tyding", "Meaning"},
	"crit.scale":         {"Skala for hvert kriterium (trafikklys)", "Skala for kvart kriterium (trafikklys)", "Scale for each criterion (traffic light)"},
	"scale.green":        {"Grønn", "Grøn", "Green"},
	"scale.yellow":       {"Gul", "Gul", "Yellow"},
	"scale.red":          {"Rød", "Raud", "Red"},
	"scale.green.means":  {"Svarer godt og konkret på kriteriet.", "Svarar godt og konkret på kriteriet.", "Meets the criterion well and concretely."},
	"scale.yellow.means": {"Svarer delvis, eller uten å vise hvordan.", "Svarar delvis, eller utan å vise korleis.", "Meets it in part, or without showing how."},
	"scale.red.means":    {"Svarer ikke på kriteriet.", "Svarar ikkje på kriteriet.", "Does not meet the criterion."},
	"rule.crit":          {"Ett kriterium per prinsipp gruppene ble enige om og per målbilde kommunen valgte, med lik vekt som utgangspunkt; beskrivelsene er veikartets. Kommunen bestemmer kriteriene og vektene.", "Eitt kriterium per prinsipp gruppene vart samde om og per målbilete kommunen valde, med lik vekt som utgangspunkt; skildringane er vegkartet sine. Kommunen bestemmer kriteria og vektene.", "One criterion per principle the groups agreed on and per goal image the municipality chose, with equal weights to start from; the descriptions are the roadmap's. The municipality decides the criteria and weights."},

	// B5: the jury by kind.
	"jury.users":         {"Mulige brukerrepresentanter", "Moglege brukarrepresentantar", "Possible user representatives"},
	"jury.experts":       {"Mulige fagpersoner", "Moglege fagpersonar", "Possible professionals"},
	"jury.partners":      {"Mulige samarbeidspartnere", "Moglege samarbeidspartnarar", "Possible partners"},
	"jury.independence":  {"Juryen skal være uavhengig av deltakerne i konkurransen. Den som deltok i verkstedene, har vært med på å forme premissene: vurder hver kandidat, og velg ingen som har bånd til en mulig tilbyder. Aktørkartet navngir grupper og virksomheter, ikke personer; juryen består av personer.", "Juryen skal vere uavhengig av deltakarane i konkurransen. Den som deltok i verkstadene, har vore med på å forme premissane: vurder kvar kandidat, og vel ingen som har band til ein mogleg tilbydar. Aktørkartet namngir grupper og verksemder, ikkje personar; juryen består av personar.", "The jury must be independent of the competitors. Anyone who took part in the workshops helped shape the premises: consider each candidate, and choose no one with ties to a possible bidder. The stakeholder map names groups and organisations, not people; the jury is made of people."},
	"jury.qualification": {"Er dette en plan- og designkonkurranse der deltakerne må ha en bestemt faglig kvalifikasjon (for eksempel arkitekt), må minst en tredjedel av jurymedlemmene ha den samme eller en tilsvarende kvalifikasjon (direktiv 2014/24/EU art. 81).", "Er dette ein plan- og designkonkurranse der deltakarane må ha ein bestemt fagleg kvalifikasjon (til dømes arkitekt), må minst ein tredjedel av jurymedlemmene ha den same eller ein tilsvarande kvalifikasjon (direktiv 2014/24/EU art. 81).", "If this is a design contest in which participants must hold a particular professional qualification (an architect, say), at least a third of the jury must hold that qualification or an equivalent one (Directive 2014/24/EU art. 81)."},

	// E: why each possible supplier is there.
	"e.why":      {"står under næringsliv i aktørkartet; kan bidra med: %s", "står under næringsliv i aktørkartet; kan bidra med: %s", "under business on the stakeholder map; can contribute: %s"},
	"e.why.none": {"står under næringsliv i aktørkartet", "står under næringsliv i aktørkartet", "under business on the stakeholder map"},
	"rule.e":     {"Virksomhetene står her fordi aktørkartet plasserer dem under næringsliv: de kan bli tilbydere eller underleverandører, ikke jurymedlemmer. Alle mulige tilbydere skal få den samme informasjonen samtidig, gjennom kunngjøringen; ikke kontakt dem én og én om konkurransen.", "Verksemdene står her fordi aktørkartet plasserer dei under næringsliv: dei kan bli tilbydarar eller underleverandørar, ikkje jurymedlemmer. Alle moglege tilbydarar skal få den same informasjonen samtidig, gjennom kunngjeringa; ikkje kontakt dei éin og éin om konkurransen.", "The businesses are here because the stakeholder map places them under business: they may become bidders or subcontractors, not jury members. Every possible bidder must get the same information at the same time, through the announcement; do not contact them one by one about the competition."},
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
