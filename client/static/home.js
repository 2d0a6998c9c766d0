// Where a person belongs on the board right now ("home"): the place the
// board opens on and "fit to my frame" goes back to. In order: their
// group's frame during breakout, the facilitator's focus ("look here"),
// else the frame of the current exercise.

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
  if (board.breakout && mine && mine.group) {
    const f = framesInOrder(board).find((x) => x.group === mine.group);
    if (f) return { kind: 'frame', frame: f };
  }
  const focus = board.focus;
  if (focus) {
    if (focus.frame && board.frames[focus.frame]) return { kind: 'frame', frame: board.frames[focus.frame] };
    if (!focus.frame) return { kind: 'point', x: focus.x, y: focus.y };
  }
  const f = currentFrame(board);
  return f ? { kind: 'frame', frame: f } : null;
}

/**
 * The frame of the current exercise: the one an open vote or a private
 * writing step covers, else the one where notes were written or moved
 * last, else the first frame.
 * @param {Board} board
 * @returns {Frame|null}
 */
export function currentFrame(board) {
  const live = (/** @type {string|undefined} */ id) => (id && board.frames[id] ? board.frames[id] : null);
  for (const id in board.votes) {
    const v = board.votes[id];
    if (v.open && v.frames && v.frames.length) {
      const f = live(v.frames[0]);
      if (f) return f;
    }
  }
  if (board.private && board.private.frames) {
    const f = live(board.private.frames[0]);
    if (f) return f;
  }
  let latest = null;
  let at = -Infinity;
  for (const id in board.notes) {
    const n = board.notes[id];
    if (n.deleted || n.hidden || !n.frame || !board.frames[n.frame]) continue;
    const when = n.updatedAt || n.createdAt || 0;
    if (when > at) {
      at = when;
      latest = board.frames[n.frame];
    }
  }
  return latest || framesInOrder(board)[0] || null;
}

/**
 * The live frames, top to bottom, then left to right: reading order.
 * @param {Board} board
 * @returns {Frame[]}
 */
export function framesInOrder(board) {
  return Object.values(board.frames).sort((a, b) => (a.y - b.y) || (a.x - b.x) || (a.id < b.id ? -1 : 1));
}
