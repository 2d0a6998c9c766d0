// The arrowhead at the end of a connector, as plain geometry. All of a
// board's arrowheads are drawn as one SVG path (items-view.js): an SVG
// marker per line gave Chromium a transform and a clip per connector, and
// re-layering 300 of them cost most of a frame while panning a big board
// (issue 19).

/** Length of the head along the line, and half its width (CSS px). */
export const ARROW_LENGTH = 18;
export const ARROW_HALF_WIDTH = 10;
/** How far the point reaches past the line's end (the stroke's round-off). */
export const ARROW_OVERHANG = 2;

/**
 * The closed triangle ("M … L … L … Z") of an arrowhead on the line from a
 * to z, pointing at z; empty for a line of no length.
 * @param {{x: number, y: number}} a
 * @param {{x: number, y: number}} z
 * @returns {string}
 */
export function arrowTip(a, z) {
  const dx = z.x - a.x, dy = z.y - a.y;
  const len = Math.hypot(dx, dy);
  if (!len) return '';
  const ux = dx / len, uy = dy / len;
  const tx = z.x + ux * ARROW_OVERHANG, ty = z.y + uy * ARROW_OVERHANG;
  const bx = z.x - ux * (ARROW_LENGTH - ARROW_OVERHANG), by = z.y - uy * (ARROW_LENGTH - ARROW_OVERHANG);
  const px = -uy * ARROW_HALF_WIDTH, py = ux * ARROW_HALF_WIDTH;
  const r = (/** @type {number} */ v) => Math.round(v * 10) / 10;
  return `M${r(tx)} ${r(ty)}L${r(bx + px)} ${r(by + py)}L${r(bx - px)} ${r(by - py)}Z`;
}
