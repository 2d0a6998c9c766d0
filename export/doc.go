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
// template key, title, date = the workshop's CreatedAt, language, and
// optionally its event log), in the order the workshops were held. The
// document is a tree of [Section]s: the title (level 1), then A-E and the
// appendix (level 2) with their parts (level 3), following the structure
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
// content was drawn, so the reader can check it) and gaps ([KindGap]): a
// place only a person can fill, with what to write. Headings, labels and
// gap prompts are in bokmål, nynorsk and English ([T]); the draft is in
// the language asked for, else the first workshop's.
//
// # Rules: what goes where
//
// Which template a board comes from decides what its frames mean: frame IDs
// are the template's ([templates.Template.FrameRef]). The workshop does
// not store its template yet, so [InferTemplate] names it from the frames;
// a board no template recognises is generic and gives only its top-voted
// notes, the process row and the appendix.
//
// Notes: only notes that are not deleted, not hidden, and not private
// (a private note counts once revealed). With Input.Area set, notes in
// other municipalities' areas of a shared board are left out.
//
//   - a1 prosjektinformasjon: the challenge text as shown in the intro frame
//     of templates whose intro is the {challenge} parameter; a gap for the
//     project description and contact (a role, never a person's details).
//   - a2 hovedmål og delmål: the målbilder (malbilder cards) chosen, most
//     notes first, with their notes. A board whose facilitator marked the
//     chosen cards (frame.choose, [templates.Template.ChosenCards]) gives
//     exactly those, notes or not, in the area asked for; on a board
//     without marks a card with notes counts as chosen and a rule says so
//     (check it). Then
//     the 2030 vision (attraktivt-sentrum-2030: ser, liker, grep), one list
//     per frame, and what participants find most important next
//     (sluttrefleksjon: viktigst-videre). A gap for the goals in words.
//   - a3 fremdrift og prosess: a table of the workshops held: title, date
//     (dd.mm.yyyy in nb/nn, yyyy-mm-dd in en), participants (people with the
//     role participant, facilitators and observers not counted) and the
//     template's name. A gap for the competition's timetable.
//   - b1 problemstillinger: the top ideas of every vote that is closed or
//     revealed: the notes marked with vote.top, or if none are marked the
//     three with most dots in each group, with their dots and group; the
//     user needs (brukerbehov), one list per target group or følgekommune;
//     the personas' frustrations (personas *-frustrasjoner) and the needs
//     and ideas they point to (*-behov-ideer). A gap to choose and phrase.
//   - b2 premisser: the roadmap principles (prinsipper cards) a group agreed
//     on: a card counts when a group wrote a note on it after the private
//     step. With Input.Events the notes written while a private step ran
//     (the private picks) are told apart and left out; without the log
//     every note on a card counts. Most groups first, then roadmap order,
//     with the groups and their notes. A gap for other premises.
//   - b3 leveranser: a gap.
//   - b4 vurderingskriterier: a proposed criterion per premise principle
//     and per chosen målbilde; a gap for the award criteria and weighting.
//   - b5 jury: actors from the stakeholder map (aktorkartlegging), one per
//     note, the note's first line naming the actor and the rest what they
//     can contribute, from every category but næringsliv (businesses may
//     become bidders, and a jury should be independent). A gap for the
//     jury's mandate, members, independence and anonymous judging.
//   - c, d: gaps (finalists; prize sums and winners; rights/IPR).
//   - e: a gap for any follow-on contract, and the businesses on the
//     stakeholder map as partners to inform.
//   - appendix: every note (as above) with its frame's title, its group's
//     name and its votes (the dots of every vote added up); where people
//     clustered notes on the board, also the name of each note's cluster
//     (a column only in the workshops that have clusters).
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
//     style ID (Title, Heading1, Heading2, ListBullet, IntenseQuote for
//     gaps, Caption, TableGrid), never by name, which Word would ignore.
//     godocx's built-in template carries foreign metadata (creator gomutex,
//     a 2013 date, en-US), so the written package is rewritten
//     (finishDocx): our own core.xml (title, language, created now, no
//     creator) and app.xml, no thumbnail, nb-NO / nn-NO / en-GB instead of
//     en-US, and each table's first row marked as a repeating header row
//     (godocx has no API for w:tblHeader).
//
// # Data exports
//
//   - [NotesCSV]: workshop, exercise, frame, group, text, votes.
//   - [VotesCSV]: per vote, the ranked totals with the top marks.
//     Both start with a UTF-8 byte order mark (Excel needs it for æøå) and
//     defuse cells a spreadsheet would run as formulas.
//   - [NewArchive]: the workshop's metadata (no join code, no key) and its
//     full event log, as JSON. Names in participant.join and
//     participant.rename are replaced by stand-ins ("Deltaker 3") unless
//     names is true. Import (restore) is not built: it needs the store to
//     take a whole log for a new workshop.
package export
