// Pan and zoom as plain arithmetic. A view {x, y, scale} says where the
// board's origin lies on the screen (x, y, in CSS pixels of the #board
// element) and how big one board unit is. The canvas gets the CSS transform
// translate(x, y) scale(scale) with transform-origin 0 0, so
//   screen = board * scale + (x, y).

/**
 * @typedef {object} View
 * @property {number} x
 * @property {number} y
 * @property {number} scale
 */

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 3;
/** Zoom step of the +/- buttons and keys. */
export const ZOOM_STEP = 1.25;

/**
 * @param {number} s
 * @returns {number}
 */
export function clampScale(s) {
  return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
}

/**
 * The starting view: the board origin a little in from the top left.
 * @returns {View}
 */
export function initialView() {
  return { x: 24, y: 24, scale: 1 };
}

/**
 * Screen point (relative to #board) to board coordinates.
 * @param {View} v
 * @param {number} sx
 * @param {number} sy
 * @returns {{x: number, y: number}}
 */
export function toBoard(v, sx, sy) {
  return { x: (sx - v.x) / v.scale, y: (sy - v.y) / v.scale };
}

/**
 * Board coordinates to a screen point relative to #board.
 * @param {View} v
 * @param {number} bx
 * @param {number} by
 * @returns {{x: number, y: number}}
 */
export function toScreen(v, bx, by) {
  return { x: bx * v.scale + v.x, y: by * v.scale + v.y };
}

/**
 * Moves the board by (dx, dy) screen pixels.
 * @param {View} v
 * @param {number} dx
 * @param {number} dy
 * @returns {View}
 */
export function pan(v, dx, dy) {
  return { ...v, x: v.x + dx, y: v.y + dy };
}

/**
 * Zooms by factor, keeping the board point under the screen point (sx, sy)
 * where it is: the point under the pointer, or the middle for the buttons.
 * @param {View} v
 * @param {number} factor
 * @param {number} sx
 * @param {number} sy
 * @returns {View}
 */
export function zoomAt(v, factor, sx, sy) {
  const scale = clampScale(v.scale * factor);
  const b = toBoard(v, sx, sy);
  return { scale, x: sx - b.x * scale, y: sy - b.y * scale };
}

/**
 * Sets the zoom to exactly scale around (sx, sy).
 * @param {View} v
 * @param {number} scale
 * @param {number} sx
 * @param {number} sy
 * @returns {View}
 */
export function zoomTo(v, scale, sx, sy) {
  return zoomAt(v, scale / v.scale, sx, sy);
}

/**
 * The zoom factor for a wheel movement; smooth for trackpads, which send
 * many small deltas, and bounded for mice, which send big ones.
 * @param {number} deltaY
 * @returns {number}
 */
export function wheelZoomFactor(deltaY) {
  const d = Math.max(-100, Math.min(100, deltaY));
  return Math.exp(-d * 0.005);
}

/**
 * The view after a two-finger gesture moved the fingers from (a0, b0) to
 * (a1, b1): the board follows the midpoint and scales with the distance.
 * @param {View} v
 * @param {{x: number, y: number}} a0
 * @param {{x: number, y: number}} b0
 * @param {{x: number, y: number}} a1
 * @param {{x: number, y: number}} b1
 * @returns {View}
 */
export function pinch(v, a0, b0, a1, b1) {
  const d0 = Math.hypot(b0.x - a0.x, b0.y - a0.y);
  const d1 = Math.hypot(b1.x - a1.x, b1.y - a1.y);
  const m0 = { x: (a0.x + b0.x) / 2, y: (a0.y + b0.y) / 2 };
  const m1 = { x: (a1.x + b1.x) / 2, y: (a1.y + b1.y) / 2 };
  const zoomed = d0 > 0 ? zoomAt(v, d1 / d0, m0.x, m0.y) : v;
  return pan(zoomed, m1.x - m0.x, m1.y - m0.y);
}

/**
 * The board point in the middle of a width x height viewport.
 * @param {View} v
 * @param {number} width
 * @param {number} height
 * @returns {{x: number, y: number}}
 */
export function visibleCenter(v, width, height) {
  return toBoard(v, width / 2, height / 2);
}

/**
 * A view that shows the given rectangles (notes), centred, at zoom 1 if
 * they fit and smaller (down to 0.5) if not. With none, the initial view.
 * @param {{x: number, y: number, w: number, h: number}[]} rects
 * @param {number} width
 * @param {number} height
 * @returns {View}
 */
export function fitView(rects, width, height) {
  if (rects.length === 0 || width <= 0 || height <= 0) return initialView();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x); y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w); y1 = Math.max(y1, r.y + r.h);
  }
  const pad = 32;
  const fit = Math.min((width - 2 * pad) / (x1 - x0), (height - 2 * pad) / (y1 - y0));
  const scale = Math.max(0.5, Math.min(1, fit));
  // Centre the content; if it is bigger than the screen even at 0.5, show
  // its top left corner rather than its middle, where reading starts.
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  let x = width / 2 - cx * scale, y = height / 2 - cy * scale;
  if ((x1 - x0) * scale > width - 2 * pad) x = pad - x0 * scale;
  if ((y1 - y0) * scale > height - 2 * pad) y = pad - y0 * scale;
  return { x, y, scale };
}

/**
 * The CSS transform for the canvas.
 * @param {View} v
 * @returns {string}
 */
export function transformCss(v) {
  return `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
}

/**
 * The smallest zoom at which a note's 16 px text is at least 14 CSS px on
 * screen: the zoom a board opens at, at the least (issue 15).
 */
export const READABLE_SCALE = 0.9;

/**
 * A view that shows rect (a frame) readably: as large as fits, between
 * min and max zoom, centred; if it does not fit even at min, its top left
 * corner, where a frame's title and prompt are.
 * @param {{x: number, y: number, w: number, h: number}} r
 * @param {number} width
 * @param {number} height
 * @param {number} [min]
 * @param {number} [max]
 * @returns {View}
 */
export function readableView(r, width, height, min = READABLE_SCALE, max = 1.25) {
  if (width <= 0 || height <= 0) return initialView();
  const pad = 24;
  const fit = Math.min((width - 2 * pad) / Math.max(r.w, 1), (height - 2 * pad) / Math.max(r.h, 1));
  const scale = clampScale(Math.max(min, Math.min(max, fit)));
  let x = width / 2 - (r.x + r.w / 2) * scale;
  let y = height / 2 - (r.y + r.h / 2) * scale;
  if (r.w * scale > width - 2 * pad) x = pad - r.x * scale;
  if (r.h * scale > height - 2 * pad) y = pad - r.y * scale;
  return { x, y, scale };
}

/**
 * A view that shows everything (every rect), as small as needed, down to
 * MIN_SCALE: the overview.
 * @param {{x: number, y: number, w: number, h: number}[]} rects
 * @param {number} width
 * @param {number} height
 * @returns {View}
 */
export function overviewView(rects, width, height) {
  const b = bounds(rects);
  if (!b || width <= 0 || height <= 0) return initialView();
  return readableView(b, width, height, MIN_SCALE, 1);
}

/**
 * The rectangle around every rect, or null for none.
 * @param {{x: number, y: number, w: number, h: number}[]} rects
 * @returns {{x: number, y: number, w: number, h: number}|null}
 */
export function bounds(rects) {
  if (rects.length === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x); y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w); y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * The view with the board point (cx, cy) in the middle at this zoom.
 * @param {number} cx
 * @param {number} cy
 * @param {number} scale
 * @param {number} width
 * @param {number} height
 * @returns {View}
 */
export function centeredView(cx, cy, scale, width, height) {
  const s = clampScale(scale);
  return { x: width / 2 - cx * s, y: height / 2 - cy * s, scale: s };
}

/**
 * A view as kept across reloads: the board point at the top left corner
 * and the zoom. The corner, not the middle: the board's height changes as
 * status lines come and go above it, and the top left stays put.
 * @param {View} v
 * @returns {{left: number, top: number, scale: number}}
 */
export function viewToSaved(v) {
  const c = toBoard(v, 0, 0);
  return { left: c.x, top: c.y, scale: v.scale };
}

/**
 * A kept view back, or null when what was kept is not one.
 * @param {unknown} s
 * @returns {View|null}
 */
export function savedToView(s) {
  if (!s || typeof s !== 'object') return null;
  const { left, top, scale } = /** @type {Record<string, unknown>} */ (s);
  if (![left, top, scale].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const k = clampScale(/** @type {number} */ (scale));
  return { x: -/** @type {number} */ (left) * k, y: -/** @type {number} */ (top) * k, scale: k };
}
