// Package templates holds the preset workshops of Samskap (the
// oppstarts-, felles-, visjons- and samskapingsverksted of the Gnist method,
// and a blank board) as data files embedded in the binary, reads and
// validates them, and turns a template and the facilitator's parameters
// into the operations that build the board.
//
// # Files
//
// Each template is one JSON file, data/<key>.json; the roadmap's six goal
// images (målbilder) and eight principles are shared data in roadmap.json.
// [Load] reads and validates all of them; [Parse] reads one file (an
// imported template) the same way; [Template.Encode] writes one back.
// Every text is a [Text] with "nb", "nn" and "en", all required. Unknown
// fields are errors, so a typo does not pass silently.
//
// A template (see [Template] for every field):
//
//	format        1
//	key           slug: "visjon"
//	process_step  1-4: its place in a municipality's process; 0 outside it
//	name, description, duration_min (the whole workshop, breaks included)
//	board_title   the board's name after setup, e.g. "Visjonsverksted – {municipality}"
//	parameters    what the facilitator fills in: text (municipality, challenge)
//	              or lists of items (target_groups, followers, municipalities,
//	              themes, personas), with min/max counts and the item fields
//	              each needs (theme; age, situation, quote)
//	groups        the breakout groups: one per item of a list
//	intro         a welcome frame and the script for the start
//	citizen_panel the consent text of the innbyggerpanel opt-in
//	exercises     the agenda, in order
//
// An exercise has a key (the scenario keys: attraktivt-sentrum-2030,
// brukerbehov, malbilder, aktorkartlegging, idemyldring, sluttrefleksjon,
// personas, prinsipper), a title, a prompt, a suggested duration, whether it
// runs in breakout groups, its frames, optional areas, a dot vote (budget,
// cap, top N overall or per group), a private writing step (sealed or not),
// who chooses how many of its cards (choose), and the facilitator's script.
//
// A frame has a key, a title, a prompt and a layout (x, y, w, h relative to
// its section). With "each" it is repeated: once per item of a list
// parameter, per breakout group ("groups"), or per roadmap card ("goals",
// "principles"), placed on a grid; its key is then a pattern such as
// "{key}" or "{key}-motivasjoner", and "grouped" puts each copy in the
// breakout group made from the same item. With "areas" a whole exercise is
// repeated once per item: per municipality on the shared fellesverksted
// board, or per breakout group (each group's own set of principle cards).
//
// # Placeholders
//
// Texts may hold {placeholders}: every text parameter ({municipality},
// {challenge}) and, for a repeated frame, area or group, the item's {key},
// {name}, {n} (its place, from 1) and fields ({theme}, {age}, {situation},
// {quote}; a roadmap card's {description}). Titles may use only required
// text parameters, so a title never comes out empty. Values are inserted
// once and never expanded again. An unknown placeholder is an error.
//
// # What Setup makes
//
// [Template.Setup] returns, in order: board.rename (if board_title is set),
// group.create for each group, then frame.create for every frame, outer
// before inner, each section's frames in reading order. The board is laid
// out left to right: the intro frame, then one section per exercise (a
// frame holding the exercise's title and prompt, for board.focus to bring
// everyone to), each holding its areas and frames. Frame IDs are
// deterministic ([FrameID]): "intro", the exercise key for a section,
// exercise_area for an area, exercise_key or exercise_area_key for a frame
// (brukerbehov_unge-utflyttere, malbilder_lebesby_attraktive,
// prinsipper_gruppe-2_apne-data). [Template.FrameRef] reads an ID back.
//
// Roadmap cards (målbilder, principles) are frames: the card's title is the
// frame's title and its description the frame's prompt; notes go on them.
// Setup creates no notes: notes need an author, and a card that is a note
// could be moved, deleted or voted on by mistake.
//
// [Preview] applies Setup's operations with workshops.Apply to a fresh
// board with one facilitator, exactly as the server will, and returns the
// board; [Template.Plan] returns the same as data, with each frame's
// exercise, area and key.
//
// # Scripts
//
// A script is a list of steps; each step has what the facilitator says
// (say), optional actions (do), a timer length (minutes) and a message to
// everyone. [Template.StepOps] turns a step's actions into operations:
// focus, timer, message, groups.pick.on/off, breakout.start/end, vote.open
// and vote.reveal (the vote is named after the exercise, [VoteID], and
// covers all its frames), private.start and private.reveal. Four actions
// need the live board or a form and are the client's: groups.assign
// (workshops.Board.AssignEvenly), vote.top ([TopNotes]), choose.record
// (frame.choose on the cards picked, [Template.ProposeChosen]) and
// panel.invite (the citizen panel's consent form, kept off the board).
//
// # Reading a board back
//
// [Template.Recover] reads the parameters back from a board the template
// built, as the board is now, so the next workshop of a process starts from
// them; [Template.ChosenCards] tells which roadmap cards each area chose
// (marked with frame.choose, or guessed from the notes); [FromBoard] makes a
// new template of a board. [Catalog.With] adds saved templates to the
// presets.
//
// # Validation
//
// A file is checked in three passes; every problem names the file and the
// field path, e.g. "visjon.json: exercises[1].frames[0].title.nn: empty":
//
//  1. shape: JSON syntax (with line and column), unknown fields, types;
//  2. content: required fields and texts in all three languages, slugs and
//     unique keys, placeholders, parameters referenced, sizes and relative
//     positions, durations (each exercise 1-240 minutes, together within
//     the workshop, timers within the exercise), vote budget and cap,
//     choose rules, script actions that fit the exercise, and a vote,
//     private step or breakout that is both opened and closed;
//  3. rehearsal: the template is set up in nb, nn and en with the fewest
//     parameter items and with the most and longest values it allows; the
//     layout must not overlap or leave the board, every derived ID must be
//     a valid workshops ID, every title must fit, and Setup's operations and
//     every script step, run in order, must be accepted by workshops.Apply.
//
// So a broken template fails at load (in the tests), never in a workshop.
// Parameter problems at setup are a [ParamError] listing each field.
package templates
