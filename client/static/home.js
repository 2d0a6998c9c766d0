// Where a person belongs on the board right now ("home"): the place the
// board opens on, "fit to my frame" goes back to and the list view
// scrolls to on opening. In order: their group's frame during breakout
// (in the current exercise when it has one there), the frame of the
// agenda's current step, the facilitator's focus ("look here"), else the
// frame of the current exercise as the board tells it. The current
// exercise is composer.js's currentExercise, which also gives the list
// form's default frame, so the three agree.

import { agendaExercise, currentExercise, exerciseOf } from './composer.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./state.js').Frame} Frame */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * @typedef {{kind: 'frame', frame: Frame} | {kind: 'point', x: number, y: number}} Home
 */

/**
 * The place this person belongs, or null on a board without frames or focus.
 * @param {Board} board
 * @param {Participant|null} me
 * @returns {Home|null}
 */
export function homeOf(board, me) {
  const mine = me ? board.participants[me.id] || me : null;
  const ex = currentExercise(board);
  const inEx = (/** @type {Frame} */ f) => !!ex && exerciseOf(board, f).id === ex.id;
  if (board.breakout && mine && mine.group) {
    const ours = framesInOrder(board).filter((x) => x.group === mine.group);
    const f = ours.find(inEx) || ours[0];
    if (f) return { kind: 'frame', frame: f };
  }
  const step = agendaExercise(board);
  const focus = board.focus;
  const focused = focus && focus.frame && board.frames[focus.frame] ? board.frames[focus.frame] : null;
  // The focus, when it is inside the step's exercise, says more exactly where.
  if (focused && (!step || exerciseOf(board, focused).id === step.id)) return { kind: 'frame', frame: focused };
  if (step) return { kind: 'frame', frame: step };
  if (focus && !focus.frame) return { kind: 'point', x: focus.x, y: focus.y };
  const f = ex || framesInOrder(board)[0];
  return f ? { kind: 'frame', frame: f } : null;
}

/**
 * The live frames, top to bottom, then left to right: reading order.
 * @param {Board} board
 * @returns {Frame[]}
 */
export function framesInOrder(board) {
  return Object.values(board.frames).sort((a, b) => (a.y - b.y) || (a.x - b.x) || (a.id < b.id ? -1 : 1));
}
