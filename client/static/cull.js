// Culling for big boards (issue 19): a board of CULL_MIN_NOTES notes or more
// mounts as DOM only the notes
// that lie in the view or a margin around it, and a few more that the
// keyboard must reach (the focused or selected note, its neighbours in Tab
// order, the first and the last), so panning and zooming a board of 2,000
// notes touches a few dozen elements, not all of them. The list view is the
// full screen-reader equivalent; on the board, Tab still reaches every note
// because the next one in order is always mounted, and focusing it brings it
// into view.

/** @typedef {{x: number, y: number, w: number, h: number}} Rect */
/** @typedef {import('./viewport.js').View} View */

/**
 * Boards of fewer notes mount them all, as before issue 19: a few hundred
 * notes are cheap as DOM, and everything on the board stays in the page.
 */
export const CULL_MIN_NOTES = 300;

/** The margin mounted around the view, as a share of its size on each side. */
export const CULL_MARGIN = 0.5;

/**
 * The board rectangle a view shows on a width x height screen, grown by
 * margin (a share of its size) on each side.
 * @param {View} v
 * @param {number} width
 * @param {number} height
 * @param {number} [margin]
 * @returns {Rect}
 */
export function viewRect(v, width, height, margin = 0) {
  const w = width / v.scale, h = height / v.scale;
  return { x: -v.x / v.scale - w * margin, y: -v.y / v.scale - h * margin, w: w * (1 + 2 * margin), h: h * (1 + 2 * margin) };
}

/**
 * Whether two rectangles overlap (touching counts).
 * @param {Rect} a
 * @param {Rect} b
 * @returns {boolean}
 */
export function intersects(a, b) {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/**
 * Whether inner lies wholly inside outer.
 * @param {Rect} outer
 * @param {Rect} inner
 * @returns {boolean}
 */
export function contains(outer, inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/**
 * The notes next to id in Tab order (by rank), and the first and the last:
 * one linear pass, no sort.
 * @param {{id: string}[]} notes
 * @param {Map<string, number>} rank
 * @param {string|null} id
 * @returns {string[]}
 */
export function keyboardStops(notes, rank, id) {
  const at = id !== null && rank.has(id) ? /** @type {number} */ (rank.get(id)) : NaN;
  let first = '', last = '', prev = '', next = '';
  let rf = Infinity, rl = -Infinity, rp = -Infinity, rn = Infinity;
  for (const n of notes) {
    const r = rank.get(n.id);
    if (r === undefined) continue;
    if (r < rf) { rf = r; first = n.id; }
    if (r > rl) { rl = r; last = n.id; }
    if (r < at && r > rp) { rp = r; prev = n.id; }
    if (r > at && r < rn) { rn = r; next = n.id; }
  }
  return [first, last, prev, next].filter(Boolean);
}

/**
 * Puts elements into parent in rank order. The elements already in parent
 * must be in rank order and all among els; els must be sorted by rank.
 * Only the new ones move: a focused element already mounted keeps focus.
 * @param {Element} parent
 * @param {Element[]} els sorted by rank
 */
export function mountInOrder(parent, els) {
  let ref = parent.firstElementChild;
  for (const e of els) {
    if (e.parentNode === parent) {
      ref = e.nextElementSibling;
    } else {
      parent.insertBefore(e, ref);
    }
  }
}
