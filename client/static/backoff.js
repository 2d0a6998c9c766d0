// Reconnect delays: exponential with jitter, between 0.5 s and 10 s.
//
// The jitter matters more than the curve: when a server restarts, every
// browser on the board loses its socket in the same instant, and without
// jitter they would all knock again in the same instant too.

/**
 * @typedef {object} Backoff
 * @property {() => number} next the delay before the next attempt, in ms
 * @property {() => void} reset call once a connection has been accepted
 * @property {() => number} attempts attempts since the last reset
 */

/**
 * Returns a backoff whose n-th delay (from 0) is drawn uniformly from the
 * upper half of min * 2^(n+1), capped at max, and never below min. So the
 * first retry waits 0.5-1 s, and from the fifth on 5-10 s.
 * @param {{min?: number, max?: number, random?: () => number}} [opts]
 * @returns {Backoff}
 */
export function createBackoff({ min = 500, max = 10000, random = Math.random } = {}) {
  let n = 0;
  return {
    next() {
      // 2^n stops growing at the cap; bounding n keeps the number finite.
      const ceiling = Math.min(max, min * 2 ** Math.min(n + 1, 30));
      n++;
      const d = ceiling / 2 + random() * (ceiling / 2);
      return Math.round(Math.max(min, Math.min(max, d)));
    },
    reset() {
      n = 0;
    },
    attempts() {
      return n;
    },
  };
}
