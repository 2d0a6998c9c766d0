// Package export turns workshop boards into what a municipality takes
// away: a draft konkurranseprogram (the competition brief) to finish in
// Word, the notes and vote totals as CSV, and an archive of a whole
// workshop. It reads boards and templates only and does no I/O: the
// server loads the board (workshops.Load, the committed log, never a
// person's view) and sends the bytes.
//
// # The document model
//
// [Build] makes a [Document] from one or more [Input]s (a board with its
// template key, title, the day it was held: its planned date, else its
// creation date, its planned times, language, the municipality whose
// draft it is, and optionally its event log), in the order the workshops
// were held. The document opens with a title page: the title naming the
// municipality, then the municipality, the challenge as presented in the
// workshops and the draft's date ([Document.SetDate]; the server sets it
// to the day of the export). Then a tree of [Section]s: A-E and the
// appendix (level 2) with their parts (level 3) and, where a part has
// parts of its own (the personas in B1), level 4, following the structure
// every 2021 brief shared (shared/PRODUCT.md):
//
//	a  A Innbydelse: a1 prosjektinformasjon, a2 hovedmål og delmål, a3 fremdrift og prosess
//	b  B Del 1 åpen konkurranse: b1 problemstillinger, b2 premisser, b3 leveranser,
//	   b4 vurderingskriterier, b5 jury
//	c  C Del 2 utvalgte finalister
//	d  D Premiering og rettigheter
//	e  E Muligheter for videre oppdrag
//	appendix  every note, one table per workshop (appendix-1, -2, ...)
//
// A section holds [Block]s: paragraphs, lists (items with a detail such as
// the votes or the group), tables with a header row, rules (how the
// content was drawn, so the reader can check it), notes ([KindNote]):
// something marked that the municipality must handle (prior involvement,
// the jury's independence), and gaps ([KindGap]): a place only a person
// can fill, with what to write. Headings, labels and gap prompts are in
// bokmål, nynorsk and English ([T]); the draft is in the language asked
// for, else the first workshop's.
//
// # Rules: what goes where
//
// Which template a board comes from decides what its frames mean: frame IDs
// are the template's ([templates.Template.FrameRef]). The workshop does
// not store its template yet, so [InferTemplate] names it from the frames;
// a board no template recognises is generic and gives only its top-voted
// notes, the process row and the appendix. The template's parameters are
// read back from the board ([templates.Template.Recover]): the
// municipality, the følgekommuner, the persona cards.
//
// Notes: only notes that are not deleted, not hidden, and not private
// (a private note counts once revealed). With Input.Area set, notes in
// other municipalities' areas of a shared board are left out, and so are
// their chosen målbilder: a municipality's draft holds only its own area.
// A note in an area carries the area's name ([NoteRow].Area): the
// municipality on a shared board, the følgekommune in the user needs.
//
// The texts follow these rules, each tested (rules_test.go):
//
//   - One name per role per language: the facilitator is prosessleder
//     (nn prosessleiar), a participant deltaker (deltakar), a bidder
//     tilbyder (tilbydar), nowhere another word for them.
//
//   - No repeated headings: a heading or list title never repeats a word
//     of itself or of the heading above it; lists under a heading are
//     titled by their frame alone.
//
//   - One note per line: every note is a list item or table cell of its
//     own, never run together with another; a note's own line breaks stay
//     (w:br in Word, a hard break or <br> in Markdown, pre-line in HTML).
//
//   - a1 prosjektinformasjon: the challenge text as shown in the intro frame
//     of templates whose intro is the {challenge} parameter; a gap for the
//     project description and contact (a role, never a person's details).
//
//   - a2 hovedmål og delmål: the målbilder (malbilder cards) chosen, most
//     notes first, each with its number of notes, then one list per
//     målbilde of its notes. A board whose facilitator marked the chosen
//     cards (frame.choose, [templates.Template.ChosenCards]) gives exactly
//     those, notes or not, in the area asked for; on a board without marks
//     a card with notes counts as chosen and a rule says so (check it).
//     Then the 2030 vision (attraktivt-sentrum-2030: ser, liker, grep) in
//     a part of its own, one list per frame, and what participants find
//     most important next (sluttrefleksjon: viktigst-videre). A gap for the
//     goals in words.
//
//   - a3 fremdrift og prosess: a table of the workshops held: title, date
//     (dd.mm.yyyy in nb/nn, yyyy-mm-dd in en: the planned date, else the
//     creation date), planned times, participants (people with the role
//     participant, facilitators and observers not counted) and the
//     template's name. When anyone declared a category at join
//     (workshops.Category: citizen, staff, supplier, other), a second
//     table counts each workshop's participants by category, "not said"
//     last. A gap for the competition's timetable.
//
//   - b1 problemstillinger: the top ideas of every vote that is closed or
//     revealed: the notes marked with vote.top, or if none are marked the
//     three with most dots in each group, with their dots and group; the
//     user needs (brukerbehov), one list per target group; the
//     følgekommuner's needs, credited to each by name and only when the
//     facilitator marked the følgekommune's area chosen (frame.choose, a
//     facilitator-only operation), with a rule saying they are not this
//     municipality's own problems and the unmarked ones named (they stay in
//     the appendix); and one part per persona of the samskapingsverksted:
//     name and age, situation, quote, then the frustrations
//     (*-frustrasjoner) and the needs and ideas (*-behov-ideer) the group
//     wrote. A gap to choose and phrase.
//
//   - b2 premisser: the roadmap principles (prinsipper cards) a group agreed
//     on: a card counts when a group wrote a note on it after the private
//     step. With Input.Events the notes written while a private step ran
//     (the private picks) are told apart and left out; without the log
//     every note on a card counts. Most groups first, then roadmap order,
//     with the groups; then one list per principle of its notes. When
//     participants who declared themselves suppliers took part in a
//     workshop that gave premises or criteria (principle notes, chosen
//     målbilder), a marked note on prior involvement names those workshops
//     and how many suppliers, and says what the municipality must do
//     (Directive 2014/24/EU art. 41). A gap for other premises.
//
//   - b3 leveranser: a gap.
//
//   - b4 vurderingskriterier: a table with one criterion per premise
//     principle and per chosen målbilde: its name, its source (the groups),
//     what the jury looks for (the roadmap's description) and a proposed
//     weight, equal shares adding up to 100 %; then a traffic-light scale
//     (green, yellow, red, with what each means) for the municipality to
//     edit; with suppliers among the authors, a marked note to check the
//     criteria favour no one. A gap for the award criteria and weighting.
//
//   - b5 jury: actors from the stakeholder map (aktorkartlegging), one per
//     note, the note's first line naming the actor and the rest what they
//     can contribute, by the kind of member they can give: user
//     representatives (innbyggere, uvanlige, organisasjoner), professionals
//     (akademia), partners (offentlig); never næringsliv (businesses may
//     become bidders). Two marked notes: independence (anyone who took part
//     in the workshops helped shape the premises; the map names groups, the
//     jury is people) and, for a design contest that requires a
//     professional qualification, at least a third of the jury with it
//     (Directive 2014/24/EU art. 81). A gap for the jury's mandate, members,
//     independence and anonymous judging.
//
//   - c, d: gaps (finalists; prize sums and winners; rights/IPR).
//
//   - e: a gap for any follow-on contract, and the businesses on the
//     stakeholder map as possible suppliers, each saying why it is there
//     (under næringsliv on the map, and what it can contribute), with a
//     rule: equal information to every possible bidder, through the
//     announcement.
//
//   - appendix: every note (as above) with its frame's title, its group's
//     name, its area (when the board has areas), its votes (the dots of
//     every vote added up) and, where people clustered notes on the board,
//     the name of each note's cluster (a column only in the workshops that
//     have clusters). The private picks (notes written in a private step on
//     principle cards) only with Input.PrivatePicks.
//
// # Personal data
//
// Nothing in the draft, the CSV or the renderings names a person: no
// author, no participant name or alias, no voter (only totals). The
// citizen panel's contact list is never on a board, so it cannot reach an
// export. What people wrote in their notes is theirs to keep out.
//
// # Renderings
//
//   - [Markdown]: CommonMark with pipe tables; board text is escaped.
//   - [HTML]: one printable page (html/template, escaped), <html lang>,
//     h1-h3, tables with caption and <th scope="col">, print CSS. Its
//     styles are inline in a <style>: the page is served as a download
//     (Content-Disposition: attachment), not inside the app's origin, and
//     with its own CSP (inline styles only), so the app's CSP is untouched.
//   - [Docx]: Word via github.com/gomutex/godocx v0.1.5. Styles are set by
//     style ID (Title, Subtitle for the title page, Heading1-3, ListBullet,
//     IntenseQuote for gaps, Quote for notes, Caption, TableGrid), never by
//     name, which Word would ignore. The title page ends with a page break.
//     godocx's built-in template carries foreign metadata and parts, so the
//     written package is rewritten (finishDocx): our own core.xml (title,
//     language, created now, no creator) and app.xml; the template's
//     thumbnail, customXml bibliography part and stylesWithEffects left out
//     with every relationship and content type naming them (any
//     relationship whose target is missing is dropped); nb-NO / nn-NO /
//     en-GB instead of en-US, and no ja-JP or ar-SA defaults; A4 paper;
//     tables full width with one w:trPr per row, the first row marked as a
//     repeating header row (godocx has no API for w:tblHeader). A
//     structural test (docx_package_test.go) fails on a missing target, an
//     element more often than the schema allows where we write it, and
//     template leftovers; another opens the file in LibreOffice.
//
// # Data exports
//
//   - [NotesCSV]: workshop, exercise (its title), area, frame, group,
//     text, votes.
//   - [VotesCSV]: per vote (named by its exercise), the ranked totals with
//     the top marks ("ja"/"yes").
//     Both are headed, and their values written, in the first workshop's
//     language; both start with a UTF-8 byte order mark (Excel needs it
//     for æøå) and defuse cells a spreadsheet would run as formulas.
//   - [NewArchive]: the workshop's metadata (no join code, no key; its
//     process, place there and schedule) and its full event log, as JSON.
//     Names in participant.join and participant.rename are replaced by
//     stand-ins ("Deltaker 3") unless names is true. Ballots never name
//     the voter: every vote.cast and vote.retract is a server-only
//     vote.ballot under a random pseudonym, one per voter and vote, that
//     replays to the same totals and count of voters. [ParseArchive] reads
//     one back and checks it replays; the server restores it (POST
//     /api/workshops/import) into its process at its old place, if the
//     process still exists and the place is free.
//   - [FileName], [ContentDisposition]: a download is named after the
//     whole title (a draft: "konkurranseprogram-" and the municipality).
package export
