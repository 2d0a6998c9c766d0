// Pointer drag and resize of shapes, text labels and clusters, and drawing
// a connector from one item to another, as notes are dragged. A cluster
// carries the notes that lie in it (items-view.js membersOf): the move is
// one batch, so one seq and one undo step, like a frame in Miro. While a
// pointer drags, the items are drawn where they would go (preview); the
// op is sent when it is let go. Keys do the same on a focused item
// (canvas-tools.js): arrows move, Alt+arrows resize.

import { batch, clampCoord, clusterUpdate, connectorCreate, newId, noteMove, shapeUpdate } from './protocol.js';
import { canChangeBoard } from './state.js';
import { ITEM_LIMITS } from './items.js';
import { membersOf } from './items-view.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Ref} Ref */
/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/** Pixels a pointer must travel before a press becomes a drag. */
const SLOP = 4;

/**
 * The op that moves a shape or cluster to (x, y); a cluster's notes move
 * with it, all in one batch.
 * @param {Board} b
 * @param {'shape'|'cluster'} kind
 * @param {string} id
 * @param {number} x
 * @param {number} y
 * @returns {Op|null}
 */
export function moveItemOp(b, kind, id, x, y) {
  const it = kind === 'shape' ? b.shapes[id] : b.clusters[id];
  if (!it) return null;
  x = clampCoord(x);
  y = clampCoord(y);
  if (x === it.x && y === it.y) return null;
  if (kind === 'shape') return shapeUpdate(id, { x, y });
  const dx = x - it.x, dy = y - it.y;
  const ops = [clusterUpdate(id, { x, y })];
  for (const n of membersOf(b, /** @type {import('./items.js').Cluster} */ (it))) {
    const note = b.notes[n];
    ops.push(noteMove(n, clampCoord(note.x + dx), clampCoord(note.y + dy)));
  }
  return ops.length === 1 ? ops[0] : batch(ops);
}

/**
 * The op that gives a shape or cluster a new size.
 * @param {'shape'|'cluster'} kind
 * @param {string} id
 * @param {number} w
 * @param {number} h
 * @returns {Op}
 */
export function resizeItemOp(kind, id, w, h) {
  const [min, max] = kind === 'shape' ? [ITEM_LIMITS.minShape, ITEM_LIMITS.maxShape] : [ITEM_LIMITS.minCluster, ITEM_LIMITS.maxCluster];
  const side = (/** @type {number} */ v) => Math.max(min, Math.min(max, Math.round(v)));
  return (kind === 'shape' ? shapeUpdate : clusterUpdate)(id, { w: side(w), h: side(h) });
}

/**
 * The item a board element stands for, as a connector's end.
 * @param {Element|null} node
 * @returns {Ref|null}
 */
export function refOf(node) {
  const item = node && /** @type {HTMLElement|null} */ (node.closest('.note[data-id], .shape[data-id], .cluster[data-id], .frame[data-id]'));
  if (!item) return null;
  const type = item.classList.contains('note') ? 'note' : item.classList.contains('shape') ? 'shape' : item.classList.contains('cluster') ? 'cluster' : 'frame';
  return { type, id: item.dataset.id || '' };
}

/**
 * @typedef {object} ItemDragOptions
 * @property {() => Board} getBoard
 * @property {() => import('./protocol.js').Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 * @property {() => void} redraw draws the items again (with the preview)
 * @property {(from: Ref) => void} [connectFrom] a click on a connect handle without a drag
 */

/**
 * Listens for presses on the items of the canvas.
 * @param {HTMLElement} canvas
 * @param {ItemDragOptions} opts
 */
export function createItemDrag(canvas, opts) {
  /**
   * @type {{mode: 'move'|'resize'|'connect', kind: 'shape'|'cluster'|'note', id: string, pointerId: number,
   *   sx: number, sy: number, scale: number, orig: Rect, cur: Rect, moved: boolean, members: string[],
   *   node: HTMLElement, line?: SVGLineElement}|null}
   */
  let drag = null;

  const zoom = () => {
    const m = new DOMMatrix(getComputedStyle(canvas).transform);
    return m.a || 1;
  };
  /** @param {PointerEvent} ev @returns {{x: number, y: number}} */
  const boardPoint = (ev) => {
    const m = new DOMMatrix(getComputedStyle(canvas).transform);
    const r = /** @type {HTMLElement} */ (canvas.parentElement).getBoundingClientRect();
    return { x: (ev.clientX - r.left - m.e) / (m.a || 1), y: (ev.clientY - r.top - m.f) / (m.a || 1) };
  };

  /** @param {number} pointerId */
  function capture(pointerId) {
    try {
      canvas.setPointerCapture(pointerId);
    } catch {
      // the pointer is gone
    }
  }

  /** @param {PointerEvent} ev */
  function onDown(ev) {
    if (ev.pointerType === 'mouse' && ev.button !== 0) return;
    if (ev.shiftKey || drag) return; // Shift: the board's marquee
    const target = /** @type {Element} */ (ev.target);
    const connect = /** @type {HTMLElement|null} */ (target.closest('.item-connect'));
    const node = /** @type {HTMLElement|null} */ (target.closest('.items-layer .shape, .items-layer .cluster'));
    if (!connect && !node) return;
    if (!canChangeBoard(opts.getMe())) return;
    const b = opts.getBoard();
    const from = connect ? refOf(connect) : refOf(node);
    if (!from) return;
    const kind = /** @type {'shape'|'cluster'|'note'} */ (from.type);
    const it = kind === 'shape' ? b.shapes[from.id] : kind === 'cluster' ? b.clusters[from.id] : b.notes[from.id];
    if (!it || it.deleted) return;
    ev.stopPropagation(); // not a pan of the board, nor a note drag
    ev.preventDefault(); // no text selection, nor a native drag and drop (which cancels the pointer)
    const host = /** @type {HTMLElement} */ (connect ? connect.closest('[data-id]') : node);
    if (!connect) host.focus({ preventScroll: true });
    const mode = connect ? 'connect' : target.closest('.item-resize') ? 'resize' : 'move';
    const orig = { x: it.x, y: it.y, w: it.w, h: it.h };
    drag = {
      mode, kind, id: from.id, pointerId: ev.pointerId, sx: ev.clientX, sy: ev.clientY, scale: zoom(),
      orig, cur: { ...orig }, moved: false, node: host,
      members: kind === 'cluster' && mode === 'move' ? membersOf(b, /** @type {any} */ (it)) : [],
    };
    // A resize handle shows only while its item has focus or the pointer:
    // hold the pointer from the start so the drag does not lose it.
    if (mode === 'resize') capture(ev.pointerId);
  }

  /** @param {PointerEvent} ev */
  function onMove(ev) {
    if (!drag || ev.pointerId !== drag.pointerId) return;
    const dxp = ev.clientX - drag.sx, dyp = ev.clientY - drag.sy;
    if (!drag.moved && Math.hypot(dxp, dyp) < SLOP) return;
    if (!drag.moved) capture(ev.pointerId);
    drag.moved = true;
    ev.stopPropagation();
    const dx = dxp / drag.scale, dy = dyp / drag.scale;
    const o = drag.orig;
    if (drag.mode === 'move') {
      drag.cur = { x: o.x + dx, y: o.y + dy, w: o.w, h: o.h };
      for (const id of drag.members) {
        const n = /** @type {HTMLElement|null} */ (canvas.querySelector(`.notes-layer .note[data-id="${CSS.escape(id)}"]`));
        if (n) n.style.translate = `${dx}px ${dy}px`;
      }
    } else if (drag.mode === 'resize') {
      const min = drag.kind === 'shape' ? ITEM_LIMITS.minShape : ITEM_LIMITS.minCluster;
      drag.cur = { x: o.x, y: o.y, w: Math.max(min, o.w + dx), h: Math.max(min, o.h + dy) };
    } else {
      drawLine(boardPoint(ev));
      return;
    }
    opts.redraw();
  }

  /** @param {{x: number, y: number}} p */
  function drawLine(p) {
    if (!drag) return;
    const svg = canvas.querySelector('.connectors-layer');
    if (!svg) return;
    if (!drag.line) {
      drag.line = /** @type {SVGLineElement} */ (document.createElementNS('http://www.w3.org/2000/svg', 'line'));
      drag.line.setAttribute('class', 'connector connector--draft');
      svg.append(drag.line);
    }
    const o = drag.orig;
    drag.line.setAttribute('x1', String(o.x + o.w / 2));
    drag.line.setAttribute('y1', String(o.y + o.h / 2));
    drag.line.setAttribute('x2', String(p.x));
    drag.line.setAttribute('y2', String(p.y));
  }

  /** @param {PointerEvent} ev */
  function onUp(ev) {
    if (!drag || ev.pointerId !== drag.pointerId) return;
    const d = drag;
    drag = null;
    for (const id of d.members) {
      const n = /** @type {HTMLElement|null} */ (canvas.querySelector(`.notes-layer .note[data-id="${CSS.escape(id)}"]`));
      if (n) n.style.translate = '';
    }
    if (d.line) d.line.remove();
    ev.stopPropagation();
    const from = /** @type {Ref} */ ({ type: d.kind, id: d.id });
    if (d.mode === 'connect') {
      if (!d.moved) {
        if (opts.connectFrom) opts.connectFrom(from);
        return;
      }
      // The item under the pointer, looking through the draft line and the handle.
      const to = document.elementsFromPoint(ev.clientX, ev.clientY).map(refOf).find((r) => r && !(r.type === d.kind && r.id === d.id));
      if (to) opts.submit(connectorCreate({ connector: newId(), from, to, style: 'arrow' }));
      return;
    }
    if (!d.moved) return;
    const b = opts.getBoard();
    const op = d.mode === 'move'
      ? moveItemOp(b, /** @type {'shape'|'cluster'} */ (d.kind), d.id, d.cur.x, d.cur.y)
      : resizeItemOp(/** @type {'shape'|'cluster'} */ (d.kind), d.id, d.cur.w, d.cur.h);
    if (op) opts.submit(op);
    opts.redraw();
  }

  /** @param {PointerEvent} ev */
  function onCancel(ev) {
    if (!drag || ev.pointerId !== drag.pointerId) return;
    for (const id of drag.members) {
      const n = /** @type {HTMLElement|null} */ (canvas.querySelector(`.notes-layer .note[data-id="${CSS.escape(id)}"]`));
      if (n) n.style.translate = '';
    }
    if (drag.line) drag.line.remove();
    drag = null;
    opts.redraw();
  }

  // The pointer is captured only once it has moved (a click keeps its
  // target), and a quick first move can leave the canvas (over the view
  // controls, or the page around the board): the moves and the release
  // are heard on the whole document, for this pointer only.
  const doc = canvas.ownerDocument;
  canvas.addEventListener('pointerdown', onDown);
  doc.addEventListener('pointermove', onMove);
  doc.addEventListener('pointerup', onUp);
  doc.addEventListener('pointercancel', onCancel);

  return {
    /**
     * Where an item is drawn while it is dragged, else null.
     * @param {string} id
     * @returns {Rect|null}
     */
    preview(id) {
      if (!drag || !drag.moved || drag.mode === 'connect') return null;
      if (drag.id === id) return drag.cur;
      // A cluster's notes go with it (moved by translate), and so do the
      // connectors at them.
      if (drag.mode !== 'move' || !drag.members.includes(id)) return null;
      const n = opts.getBoard().notes[id];
      if (!n) return null;
      return { x: n.x + drag.cur.x - drag.orig.x, y: n.y + drag.cur.y - drag.orig.y, w: n.w, h: n.h };
    },
    /** @returns {boolean} whether a pointer is dragging an item now */
    active: () => !!(drag && drag.moved),
    destroy() {
      canvas.removeEventListener('pointerdown', onDown);
      doc.removeEventListener('pointermove', onMove);
      doc.removeEventListener('pointerup', onUp);
      doc.removeEventListener('pointercancel', onCancel);
    },
  };
}
