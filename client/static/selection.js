// Selecting many notes at once (Shift+click, a marquee, "all in this
// frame") and changing them as ONE op: a batch, one event, one undo step.
// The ops are built here; board-view.js wires the gestures.

import { el } from './dom.js';
import { i18n } from './i18n.js';
import { COLORS, LIMITS, MAX_BATCH, batch, clampCoord, noteDelete, noteMove, noteRecolor } from './protocol.js';
import { canChangeContent, notesInOrder } from './state.js';
import { overlaps } from './placement.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * The live notes a marquee touches.
 * @param {Board} board
 * @param {{x: number, y: number, w: number, h: number}} r board units
 * @returns {string[]}
 */
export function notesInRect(board, r) {
  return notesInOrder(board).filter((n) => overlaps(n, r)).map((n) => n.id);
}

/**
 * The live notes placed in a frame.
 * @param {Board} board
 * @param {string} frame
 * @returns {string[]}
 */
export function notesInFrame(board, frame) {
  return notesInOrder(board).filter((n) => (n.frame || '') === frame).map((n) => n.id);
}

/**
 * The rectangle between two board points.
 * @param {{x: number, y: number}} a
 * @param {{x: number, y: number}} b
 */
export function rectBetween(a, b) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/**
 * Ops for many notes, as batches of at most MAX_BATCH (one op when they fit).
 * @param {Op[]} ops
 * @returns {Op[]}
 */
export function asBatches(ops) {
  if (ops.length === 1) return ops;
  const out = [];
  for (let i = 0; i < ops.length; i += MAX_BATCH) out.push(batch(ops.slice(i, i + MAX_BATCH)));
  return out;
}

/**
 * Moves notes by (dx, dy) board units.
 * @param {Board} board
 * @param {Iterable<string>} ids
 * @param {number} dx
 * @param {number} dy
 * @returns {Op[]}
 */
export function moveMany(board, ids, dx, dy) {
  const ops = [];
  for (const id of ids) {
    const n = board.notes[id];
    if (n && !n.deleted) ops.push(noteMove(id, clampCoord(n.x + dx), clampCoord(n.y + dy)));
  }
  return asBatches(ops);
}

/**
 * Recolours notes (those not already that colour).
 * @param {Board} board
 * @param {Iterable<string>} ids
 * @param {import('./protocol.js').Color} color
 * @returns {Op[]}
 */
export function recolorMany(board, ids, color) {
  const ops = [];
  for (const id of ids) {
    const n = board.notes[id];
    if (n && !n.deleted && n.color !== color) ops.push(noteRecolor(id, color));
  }
  return asBatches(ops);
}

/**
 * Deletes the notes this person may delete; says how many they may not.
 * @param {Board} board
 * @param {Iterable<string>} ids
 * @param {Participant|null} me
 * @returns {{ops: Op[], skipped: number}}
 */
export function deleteMany(board, ids, me) {
  const ops = [];
  let skipped = 0;
  for (const id of ids) {
    const n = board.notes[id];
    if (!n || n.deleted) continue;
    if (canChangeContent(n, me)) ops.push(noteDelete(id));
    else skipped++;
  }
  return { ops: asBatches(ops), skipped };
}

/**
 * The bounding box of notes, with a margin: a new cluster around them.
 * @param {Board} board
 * @param {Iterable<string>} ids
 * @param {number} [margin]
 */
export function boxAround(board, ids, margin = 24) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const id of ids) {
    const n = board.notes[id];
    if (!n) continue;
    x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y);
    x1 = Math.max(x1, n.x + n.w); y1 = Math.max(y1, n.y + n.h);
  }
  if (x0 === Infinity) return null;
  // Room above for the cluster's name.
  return { x: x0 - margin, y: y0 - margin - 32, w: Math.max(x1 - x0 + 2 * margin, LIMITS.minSize), h: Math.max(y1 - y0 + 2 * margin + 32, LIMITS.minSize) };
}

/**
 * @typedef {object} BarActions
 * @property {(c: import('./protocol.js').Color) => void} color
 * @property {() => void} remove
 * @property {() => void} cluster
 * @property {() => void} duplicate
 * @property {() => void} clear
 */

/**
 * The toolbar for a selection of several notes, above the board: how many,
 * a colour for all, duplicate, cluster, delete, and "clear". An ARIA
 * toolbar with one Tab stop (arrow keys move inside).
 * @param {HTMLElement} host
 * @param {BarActions} act
 */
export function createSelectionBar(host, act) {
  const count = el('span', { class: 'selection-count', role: 'status' });
  const buttons = [
    ...COLORS.map((c) => el('button', {
      type: 'button', class: `tool swatch swatch--${c}`, i18nAttrs: { 'aria-label': `color.${c}`, title: `color.${c}` },
      on: { click: () => act.color(c) },
    })),
    el('button', { type: 'button', class: 'tool tool--text', i18n: 'sel.duplicate', on: { click: act.duplicate } }),
    el('button', { type: 'button', class: 'tool tool--text', id: 'sel-cluster', i18n: 'sel.cluster', on: { click: act.cluster } }),
    el('button', { type: 'button', class: 'tool tool--text tool--danger', i18n: 'sel.delete', on: { click: act.remove } }),
    el('button', { type: 'button', class: 'tool tool--text', i18n: 'sel.clear', on: { click: act.clear } }),
  ];
  buttons.forEach((b, i) => b.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  const bar = el('div', { class: 'selection-bar', id: 'selection-bar', role: 'toolbar', i18nAttrs: { 'aria-label': 'sel.toolbar' }, hidden: true },
    count, ...buttons);
  bar.addEventListener('keydown', (ev) => {
    const i = buttons.indexOf(/** @type {HTMLElement} */ (ev.target));
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (next === undefined) {
      if (ev.key === 'Escape') act.clear();
      return;
    }
    ev.preventDefault();
    const j = (next + buttons.length) % buttons.length;
    buttons.forEach((b, k) => b.setAttribute('tabindex', k === j ? '0' : '-1'));
    buttons[j].focus();
  });
  host.append(bar);
  return {
    /** @param {number} n how many are selected */
    show(n) {
      bar.hidden = n < 2;
      if (n >= 2) count.textContent = i18n.plural('sel.count', n);
    },
    el: bar,
  };
}
