// Where a new note goes: the next free spot, never on top of another note.
// In a frame, the next free cell of a grid below its title, row by row as
// people read; elsewhere the free spot nearest the place asked for, in
// rings around it. Pure arithmetic, so node --test runs it.

/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/** The space kept between notes. */
export const GAP = 12;

/**
 * Reports whether two rectangles overlap, counting gap as part of each.
 * @param {Rect} a
 * @param {Rect} b
 * @param {number} [gap]
 * @returns {boolean}
 */
export function overlaps(a, b, gap = 0) {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * The top left corner of the first grid cell in frame where a w x h note
 * overlaps none of others, or null when the frame is full.
 * @param {Rect & {prompt?: string}} frame
 * @param {Rect[]} others
 * @param {number} w
 * @param {number} h
 * @returns {{x: number, y: number}|null}
 */
export function frameSpot(frame, others, w, h) {
  const left = frame.x + 20, top = frame.y + (frame.prompt ? 96 : 60);
  const cols = Math.max(1, Math.floor((frame.w - 20) / (w + GAP)));
  const rows = Math.max(1, Math.floor((frame.y + frame.h - top) / (h + GAP)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cell = { x: left + c * (w + GAP), y: top + r * (h + GAP), w, h };
      if (!others.some((o) => overlaps(cell, o, GAP / 2))) return { x: cell.x, y: cell.y };
    }
  }
  return null;
}

/**
 * The top left corner of a free w x h spot nearest to the one centred on
 * (cx, cy): that spot itself if free, else the nearest free one on rings
 * of note-sized steps around it.
 * @param {number} cx
 * @param {number} cy
 * @param {Rect[]} others
 * @param {number} w
 * @param {number} h
 * @returns {{x: number, y: number}}
 */
export function nearSpot(cx, cy, others, w, h) {
  const x0 = Math.round(cx - w / 2), y0 = Math.round(cy - h / 2);
  const sx = w + GAP, sy = h + GAP;
  for (let ring = 0; ring < 40; ring++) {
    /** @type {{x: number, y: number, d: number}[]} */
    const cands = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        cands.push({ x: x0 + i * sx, y: y0 + j * sy, d: Math.hypot(i * sx, j * sy) + (j < 0 ? 0.5 : 0) });
      }
    }
    cands.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
    for (const c of cands) {
      const r = { x: c.x, y: c.y, w, h };
      if (!others.some((o) => overlaps(r, o, GAP / 2))) return { x: c.x, y: c.y };
    }
  }
  return { x: x0, y: y0 };
}

/**
 * Where a new note goes: in frame (if given) the next free grid cell,
 * else (or when the frame is full) the free spot nearest (cx, cy).
 * @param {{cx: number, cy: number, frame?: (Rect & {prompt?: string})|null, others: Rect[], w: number, h: number}} p
 * @returns {{x: number, y: number}}
 */
export function placeNote({ cx, cy, frame, others, w, h }) {
  if (frame) {
    const s = frameSpot(frame, others, w, h);
    if (s) return s;
    return nearSpot(frame.x + frame.w / 2, frame.y + frame.h + h, others, w, h);
  }
  return nearSpot(cx, cy, others, w, h);
}
