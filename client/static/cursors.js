// Other people's cursors: the latest position of each, forgotten when it has
// not moved for a while (the person left, or put the mouse down).

/** A cursor not updated for this long is hidden. */
export const CURSOR_TTL_MS = 5000;

/** Cursor positions are sent at most this often. */
export const CURSOR_SEND_INTERVAL_MS = 50;

/**
 * @typedef {object} Cursor
 * @property {string} id participant ID
 * @property {number} x board units
 * @property {number} y board units
 * @property {number} at when it was last updated (local clock, ms)
 */

/** The latest cursor of each person. */
export class CursorTracker {
  constructor(ttl = CURSOR_TTL_MS) {
    this.ttl = ttl;
    /** @type {Map<string, Cursor>} */
    this.cursors = new Map();
  }

  /**
   * Records the positions of one `cursors` message.
   * @param {{id: string, x: number, y: number}[]} list
   * @param {number} now
   * @param {string} [selfId] ignored if present: the server never sends our
   *   own, but another tab of ours is the same person
   */
  update(list, now, selfId) {
    for (const c of list) {
      if (c.id === selfId) continue;
      this.cursors.set(c.id, { id: c.id, x: c.x, y: c.y, at: now });
    }
  }

  /**
   * The cursors to draw at time now; stale ones are forgotten.
   * @param {number} now
   * @returns {Cursor[]}
   */
  live(now) {
    for (const [id, c] of this.cursors) {
      if (now - c.at > this.ttl) this.cursors.delete(id);
    }
    return [...this.cursors.values()];
  }

  /**
   * Forgets the cursor of a person who left.
   * @param {string} id
   */
  remove(id) {
    this.cursors.delete(id);
  }
}

/**
 * Returns a function that calls fn with the latest arguments at most once
 * per interval ms: the first call goes at once, later ones within the
 * interval are merged into one trailing call. For cursor positions.
 * @template {any[]} A
 * @param {(...args: A) => void} fn
 * @param {number} interval
 * @param {{now: () => number, setTimeout: (f: () => void, ms: number) => any}} [clock]
 * @returns {(...args: A) => void}
 */
export function throttle(fn, interval, clock = { now: () => Date.now(), setTimeout: (f, ms) => setTimeout(f, ms) }) {
  let last = -Infinity;
  /** @type {A|null} */
  let queued = null;
  let timer = null;
  const run = () => {
    timer = null;
    if (queued === null) return;
    const args = queued;
    queued = null;
    last = clock.now();
    fn(...args);
  };
  return (...args) => {
    queued = args;
    const wait = last + interval - clock.now();
    if (wait <= 0 && timer === null) run();
    else if (timer === null) timer = clock.setTimeout(run, Math.max(0, wait));
  };
}
