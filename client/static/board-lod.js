// The board from afar (issue 19): below LOD_SCALE a note's text is too small
// to read, so on a big board the notes are drawn as coloured boxes on one
// <canvas> the size of the screen instead of as DOM. The boxes take no
// pointer: a press there pans; zooming in (wheel, +) gives the notes back. A zoomed-out board of 2,000 notes is then
// one element, redrawn in a few milliseconds on each pan, not 2,000 mounted
// notes. The notes the keyboard needs stay mounted as DOM on top (cull.js),
// and the list view is the full equivalent for screen readers.

/** @typedef {import('./viewport.js').View} View */
/** @typedef {{id: string, x: number, y: number, w: number, h: number, color: string}} Box */

/** Below this zoom the notes are boxes on a canvas: 16 px text is under 5 px. */
export const LOD_SCALE = 0.4;
/** ... on a board of at least this many notes; a smaller board is cheap as DOM. */
export const LOD_MIN_NOTES = 300;

/** The note colours; each box is filled with style.css's --note-{colour}. */
const COLORS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'];

/**
 * @param {HTMLElement} board the #board element; the canvas goes in it, under #canvas
 */
export function createLod(board) {
  const cv = document.createElement('canvas');
  cv.className = 'board-lod';
  cv.setAttribute('aria-hidden', 'true');
  cv.hidden = true;
  // Over the canvas's frames and lines (notes lie on top of them), under
  // nothing that takes a pointer: it takes none itself.
  const canvas = board.querySelector('#canvas');
  board.insertBefore(cv, canvas ? canvas.nextSibling : null);
  const css = getComputedStyle(document.documentElement);
  /** @type {Record<string, string>} */
  const fills = {};
  for (const c of COLORS) fills[c] = css.getPropertyValue(`--note-${c}`).trim() || '#fff1a1';
  /** @type {Box[]} */
  let boxes = [];
  /** The notes mounted as DOM: not drawn again. @type {Map<string, unknown>} */
  let skip = new Map();

  /**
   * Draws the boxes for a view, or hides the canvas when off.
   * @param {View} v
   * @param {number} width the board's size in CSS px
   * @param {number} height
   */
  function draw(v, width, height) {
    const on = v.scale < LOD_SCALE && boxes.length > 0;
    cv.hidden = !on;
    if (!on) return;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.max(1, Math.round(width * dpr)), H = Math.max(1, Math.round(height * dpr));
    if (cv.width !== W || cv.height !== H) {
      cv.width = W;
      cv.height = H;
      cv.style.width = `${width}px`;
      cv.style.height = `${height}px`;
    }
    const g = cv.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    g.lineWidth = 1;
    g.strokeStyle = 'rgba(0,0,0,0.45)';
    const s = v.scale;
    // By colour, so the fill style changes six times, not 2,000.
    for (const color of COLORS) {
      g.fillStyle = fills[color];
      g.beginPath();
      for (const b of boxes) {
        if (b.color !== color || skip.has(b.id)) continue;
        const x = b.x * s + v.x, y = b.y * s + v.y, w = b.w * s, h = b.h * s;
        if (x > width || y > height || x + w < 0 || y + h < 0) continue;
        g.rect(x, y, w, h);
      }
      g.fill();
      g.stroke();
    }
  }

  return {
    draw,
    /**
     * The notes to draw (the board's live notes) and those mounted as DOM.
     * @param {Box[]} all
     * @param {Map<string, unknown>} mounted by note ID
     */
    setBoxes(all, mounted) {
      boxes = all;
      skip = mounted;
    },
    /** @returns {boolean} whether the boxes are shown */
    shown: () => !cv.hidden,
  };
}
