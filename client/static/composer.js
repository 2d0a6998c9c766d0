// Where a new note goes, for the list view's form: the frames grouped by
// exercise, and the frame to start in (the current exercise's, or my
// group's during breakout) rather than the first frame on the board (the
// welcome).
//
// An exercise is a top-level frame, as templates lay them out
// (templates.FromBoard: one exercise per top-level frame); a frame inside
// another belongs to the exercise that holds it (a breakout group's frame,
// say). No DOM.

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./state.js').Frame} Frame */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * Whether frame a lies wholly inside frame b (and is not b).
 * @param {Frame} a
 * @param {Frame} b
 */
function inside(a, b) {
  return a.id !== b.id && a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h
    && a.w * a.h < b.w * b.h;
}

/**
 * The exercise a frame belongs to: the outermost frame holding it, or
 * itself.
 * @param {Board} b
 * @param {Frame} f
 * @returns {Frame}
 */
export function exerciseOf(b, f) {
  let best = f;
  for (const id in b.frames) {
    const o = b.frames[id];
    if (inside(f, o) && o.w * o.h > best.w * best.h) best = o;
  }
  return best;
}

/**
 * Frames grouped under their exercises, both in the order given (reading
 * order): for a select with an optgroup per exercise.
 * @param {Board} b
 * @param {Frame[]} frames the frames one may write in, in order
 * @returns {{exercise: Frame, frames: Frame[]}[]}
 */
export function groupByExercise(b, frames) {
  /** @type {Map<string, {exercise: Frame, frames: Frame[]}>} */
  const groups = new Map();
  for (const f of frames) {
    const ex = exerciseOf(b, f);
    let g = groups.get(ex.id);
    if (!g) {
      g = { exercise: ex, frames: [] };
      groups.set(ex.id, g);
    }
    g.frames.push(f);
  }
  return [...groups.values()];
}

/**
 * The exercise of the agenda's current step (agenda.js), when the
 * facilitator runs an agenda: the frame named by the step's part (a
 * template's exercise key is its section frame's id, its frames' ids
 * start with "key_"), else, for a facilitator who sees the step's
 * operations, the frame it points everyone to, or the frames its vote or
 * private writing covers. null before the first step, after the last, or
 * when the step names no frame.
 * @param {Board} b
 * @returns {Frame|null}
 */
export function agendaExercise(b) {
  const a = b.agenda;
  if (!a || !a.current || a.current > a.steps.length) return null;
  const step = a.steps[a.current - 1];
  if (step.part) {
    const own = b.frames[step.part];
    if (own) return exerciseOf(b, own);
    const prefix = `${step.part}_`;
    const ids = Object.keys(b.frames).filter((id) => id.startsWith(prefix)).sort();
    if (ids.length) return exerciseOf(b, b.frames[ids[0]]);
  }
  for (const op of step.ops || []) {
    const ids = op.kind === 'board.focus' ? [op.frame] : op.kind === 'vote.open' || op.kind === 'private.start' ? op.frames || [] : [];
    const f = ids.map((id) => (id && b.frames[id] ? b.frames[id] : null)).find(Boolean);
    if (f) return exerciseOf(b, f);
  }
  return null;
}

/**
 * The exercise going on now: the agenda's current step's
 * (agendaExercise), where the facilitator runs an agenda; else, as far as
 * the board tells, the frame the facilitator pointed everyone to, else
 * the frames of the private writing step, else those of the open vote,
 * else the exercise where notes were written last. null if none of that
 * says. The one answer for the list form's default frame, where the list
 * scrolls to on opening and where the board opens (home.js).
 * @param {Board} b
 * @returns {Frame|null}
 */
export function currentExercise(b) {
  const step = agendaExercise(b);
  if (step) return step;
  const byId = (/** @type {string|undefined} */ id) => (id && b.frames[id] ? b.frames[id] : null);
  const focus = b.focus && byId(b.focus.frame);
  if (focus) return exerciseOf(b, focus);
  const priv = b.private && b.private.frames ? b.private.frames.map(byId).find(Boolean) : null;
  if (priv) return exerciseOf(b, priv);
  for (const id in b.votes) {
    const v = b.votes[id];
    if (v.open && v.frames) {
      const f = v.frames.map(byId).find(Boolean);
      if (f) return exerciseOf(b, f);
    }
  }
  let last = null;
  for (const id in b.notes) {
    const n = b.notes[id];
    if (n.deleted || !n.frame || !b.frames[n.frame]) continue;
    if (!last || n.createdAt > last.createdAt) last = n;
  }
  return last && last.frame ? exerciseOf(b, b.frames[last.frame]) : null;
}

/**
 * The frame the form starts in. During breakout: my group's frame, in the
 * current exercise if it has one there. Else the current exercise's first
 * frame I may write in that belongs to no group. Else the first frame.
 * '' if there is no frame to write in.
 * @param {Board} b
 * @param {Participant|null} me
 * @param {Frame[]} frames the frames me may write in, in reading order
 * @returns {string}
 */
export function defaultFrame(b, me, frames) {
  if (frames.length === 0) return '';
  const ex = currentExercise(b);
  const inEx = (/** @type {Frame} */ f) => !!ex && exerciseOf(b, f).id === ex.id;
  const mine = me && b.participants[me.id] ? b.participants[me.id] : me;
  const group = mine && mine.group ? mine.group : '';
  if (b.breakout && group) {
    const ours = frames.filter((f) => f.group === group);
    const pick = ours.find(inEx) || ours[0];
    if (pick) return pick.id;
  }
  if (ex) {
    const here = frames.filter(inEx);
    const pick = here.find((f) => !f.group && f.id !== ex.id) || here.find((f) => !f.group) || (group && here.find((f) => f.group === group));
    if (pick) return pick.id;
  }
  return frames[0].id;
}
