// Draws the canvas items of issue 15 on the board: shapes and text labels
// and clusters under the notes, connectors (an SVG line between the
// current boxes of their ends, so they follow every move), and on each
// note its reactions, its comment count and who is writing in it. Text is
// HTML, never a bitmap, so it stays crisp at every zoom.

import { arrowTip } from './arrow.js';
import { el } from './dom.js';
import { i18n, t } from './i18n.js';
import { REACTIONS, REACTION_EMOJI } from './protocol.js';
import { commentsOn, editLock, endLive, liveItems } from './items.js';
import { shortText } from './board-list.js';

/** @typedef {import('./state.js').Board} Board */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} ItemsViewOptions
 * @property {() => Board} getBoard
 * @property {() => number} serverNow
 * @property {() => string} myId
 * @property {(id: string) => void} openNote opens a note's comments and reactions
 * @property {(kind: 'shape'|'cluster', id: string, ev: KeyboardEvent|MouseEvent) => void} onItemKey keys and double clicks on a shape or cluster
 * @property {(id: string) => {x: number, y: number, w: number, h: number}|null} [preview] where an item being dragged is drawn
 * @property {() => boolean} [dragging] whether a pointer carries or resizes something now (then every draw places the items and connectors anew)
 * @property {(from: import('./protocol.js').Ref) => void} [connectFrom] the connect handle of an item, clicked
 * @property {(id: string) => void} [editConnector] a connector or its label, clicked
 * @property {() => boolean} [canChange] whether this person may change the board (handles shown)
 */

/**
 * @param {HTMLElement} canvas the #canvas element
 * @param {ItemsViewOptions} opts
 */
export function createItemsView(canvas, opts) {
  const under = el('div', { class: 'items-layer' });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'connectors-layer');
  svg.setAttribute('aria-hidden', 'true');
  const lines = document.createElementNS(SVG, 'g');
  // Every arrowhead in one path (arrow.js): one paint chunk for them all.
  const tips = document.createElementNS(SVG, 'path');
  tips.setAttribute('class', 'connector-tips');
  svg.append(lines, tips);
  const labels = el('div', { class: 'connector-labels' });
  // A click on a connector or its label: change it (connector-edit.js).
  for (const layer of [lines, labels]) {
    layer.addEventListener('click', (ev) => {
      const hit = /** @type {Element} */ (ev.target).closest('[data-id]');
      if (hit && opts.editConnector) opts.editConnector(/** @type {HTMLElement} */ (hit).dataset.id || '');
    });
  }
  // Under the notes: after the frames layer, before the notes layer.
  const notesLayer = canvas.querySelector('.notes-layer');
  canvas.insertBefore(under, notesLayer);
  canvas.insertBefore(svg, notesLayer);
  canvas.append(labels);

  /**
   * The handles of a shape or cluster, shown while it has focus: resize
   * (pointer only; Alt+arrows resize by keyboard) and connect.
   * @param {'shape'|'cluster'} type
   * @param {string} id
   */
  const handles = (type, id) => {
    const connect = el('button', { type: 'button', class: 'item-connect', data: { connect: `${type}:${id}` } }, el('span', { 'aria-hidden': 'true', text: '⟶' }));
    connect.addEventListener('click', () => opts.connectFrom && opts.connectFrom({ type, id }));
    return [el('span', { class: 'item-resize', 'aria-hidden': 'true' }), connect];
  };
  /** @param {{x: number, y: number, w: number, h: number}} r @param {string} id */
  const shown = (r, id) => (opts.preview && opts.preview(id)) || r;
  /** @param {HTMLElement} node @param {string} name */
  const nameHandles = (node, name) => {
    const c = node.querySelector(':scope > .item-connect');
    const label = t('connect.from', { name });
    if (c && c.getAttribute('aria-label') !== label) c.setAttribute('aria-label', label);
    const on = !opts.canChange || opts.canChange();
    for (const h of /** @type {NodeListOf<HTMLElement>} */ (node.querySelectorAll(':scope > .item-connect, :scope > .item-resize'))) h.hidden = !on;
  };

  /** @type {Map<string, HTMLElement>} */
  const shapeEls = new Map();
  /** @type {Map<string, HTMLElement>} */
  const clusterEls = new Map();

  /**
   * The board and language drawn last, and whether during a drag: a draw
   * for a pan only decorates newly mounted notes.
   */
  let drawn = { board: /** @type {Board|null} */ (null), lang: '', moving: false };

  function render() {
    const b = opts.getBoard();
    // While something is carried its preview changes with every draw on
    // the same board; once it is let go, one more draw puts back what the
    // board says (a drop that changed nothing, or one refused).
    const moving = !!(opts.dragging && opts.dragging());
    if (drawn.board !== b || drawn.lang !== i18n.lang() || moving || drawn.moving) {
      drawn = { board: b, lang: i18n.lang(), moving };
      renderClusters(b);
      renderShapes(b);
      renderConnectors(b);
    }
    decorateNotes(b);
  }

  /** @param {Board} b */
  function renderClusters(b) {
    const seen = new Set();
    for (const c of liveItems(b.clusters)) {
      seen.add(c.id);
      let node = clusterEls.get(c.id);
      if (!node) {
        node = el('div', { class: 'cluster', tabindex: '0', role: 'group', data: { id: c.id, kind: 'cluster' } },
          el('span', { class: 'cluster-name' }), ...handles('cluster', c.id));
        node.addEventListener('keydown', (ev) => opts.onItemKey('cluster', c.id, ev));
        node.addEventListener('dblclick', (ev) => opts.onItemKey('cluster', c.id, ev));
        clusterEls.set(c.id, node);
        under.prepend(node);
      }
      place(node, shown(c, c.id));
      const name = /** @type {HTMLElement} */ (node.firstChild);
      if (name.textContent !== c.name) name.textContent = c.name;
      node.setAttribute('aria-label', t('cluster.label', { name: c.name, n: membersOf(b, c).length }));
      nameHandles(node, c.name);
    }
    drop(clusterEls, seen);
  }

  /** @param {Board} b */
  function renderShapes(b) {
    const seen = new Set();
    for (const s of liveItems(b.shapes)) {
      seen.add(s.id);
      let node = shapeEls.get(s.id);
      if (!node) {
        node = el('div', { tabindex: '0', role: 'group', data: { id: s.id, kind: 'shape' } }, el('span', { class: 'shape-text' }), ...handles('shape', s.id));
        node.addEventListener('keydown', (ev) => opts.onItemKey('shape', s.id, ev));
        node.addEventListener('dblclick', (ev) => opts.onItemKey('shape', s.id, ev));
        shapeEls.set(s.id, node);
        under.append(node);
      }
      node.className = `shape shape--${s.form}${s.color ? ` shape--${s.color}` : ''}`;
      place(node, shown(s, s.id));
      node.style.zIndex = String(s.z || 0);
      const text = /** @type {HTMLElement} */ (node.firstChild);
      if (text.textContent !== (s.text || '')) text.textContent = s.text || '';
      node.setAttribute('aria-label', t(`shape.label.${s.form}`, { text: s.text || '' }));
      nameHandles(node, s.text || t(`connect.kind.${s.form}`));
    }
    drop(shapeEls, seen);
  }

  /** @param {Board} b */
  function renderConnectors(b) {
    const parts = [];
    const labelEls = [];
    let heads = '';
    for (const c of Object.values(b.connectors || {})) {
      if (c.deleted) continue;
      // The dangling rule: drawn only while both ends are here.
      let from = endLive(b, c.from), to = endLive(b, c.to);
      if (!from || !to) continue;
      from = shown(from, c.from.id);
      to = shown(to, c.to.id);
      const a = edgePoint(from, to), z = edgePoint(to, from);
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('x1', String(a.x));
      line.setAttribute('y1', String(a.y));
      line.setAttribute('x2', String(z.x));
      line.setAttribute('y2', String(z.y));
      line.setAttribute('class', 'connector');
      line.dataset.id = c.id;
      line.dataset.style = c.style === 'line' ? 'line' : 'arrow';
      if (c.style !== 'line') heads += arrowTip(a, z);
      parts.push(line);
      if (opts.editConnector) {
        // A wide, unseen line over it that a pointer can hit.
        const hit = /** @type {SVGLineElement} */ (line.cloneNode());
        hit.setAttribute('class', 'connector-hit');
        parts.push(hit);
      }
      if (c.text) {
        const l = el('span', { class: 'connector-label', text: c.text, data: { id: c.id } });
        l.style.transform = `translate(${(a.x + z.x) / 2}px, ${(a.y + z.y) / 2}px) translate(-50%, -50%)`;
        labelEls.push(l);
      }
    }
    lines.replaceChildren(...parts);
    if (heads) tips.setAttribute('d', heads);
    else tips.removeAttribute('d');
    labels.replaceChildren(...labelEls);
  }

  /**
   * Adds to each note on the board its reactions, comment count (a button
   * that opens them) and who is writing in it.
   * @param {Board} b
   */
  function decorateNotes(b) {
    const now = opts.serverNow();
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (canvas.querySelectorAll('.notes-layer .note'))) {
      const id = node.dataset.id || '';
      const n = b.notes[id];
      if (!n) continue;
      const comments = commentsOn(b, id).length;
      const reactions = REACTIONS.filter((r) => (n.reactions || {})[r]?.length).map((r) => [r, /** @type {string[]} */ ((n.reactions || {})[r]).length]);
      const lock = editLock(b, id, now);
      const writer = lock && lock.by !== opts.myId() ? (b.participants[lock.by]?.name || t('note.unknownAuthor')) : '';
      const canConnect = !!opts.connectFrom && (!opts.canChange || opts.canChange());
      const key = JSON.stringify([comments, reactions, writer, canConnect && n.text, i18n.lang()]);
      let extras = /** @type {HTMLElement|null} */ (node.querySelector(':scope > .note-extras'));
      if (extras && extras.dataset.key === key) continue;
      if (!extras) {
        extras = el('div', { class: 'note-extras' });
        node.insertBefore(extras, node.querySelector('.note-resize'));
      }
      extras.dataset.key = key;
      // The visible count starts the accessible name (WCAG 2.5.3).
      const open = el('button', { type: 'button', class: 'note-open', data: { note: id } },
        el('span', { 'aria-hidden': 'true', text: '💬 ' }),
        comments ? el('span', { text: String(comments) }) : '',
        el('span', { class: 'visually-hidden', text: comments ? ` ${i18n.plural('comments.open', comments)}` : t('comments.openNone') }));
      open.addEventListener('click', () => opts.openNote(id));
      const rs = reactions.map(([r, k]) => el('span', { class: 'note-reaction', title: t(`reaction.${r}`), text: `${REACTION_EMOJI[/** @type {keyof typeof REACTION_EMOJI} */ (r)]} ${k}` }));
      const rsText = reactions.length ? el('span', { class: 'visually-hidden', text: reactions.map(([r, k]) => `${t(`reaction.${r}`)}: ${k}`).join(', ') }) : null;
      // Connect: drag it onto another item, or click it for "connect to ...".
      let connect = null;
      if (canConnect) {
        connect = el('button', { type: 'button', class: 'item-connect note-connect', 'aria-label': t('connect.from', { name: shortText(n.text) }) },
          el('span', { 'aria-hidden': 'true', text: '⟶' }));
        connect.addEventListener('click', () => opts.connectFrom && opts.connectFrom({ type: 'note', id }));
      }
      extras.replaceChildren(
        writer ? el('span', { class: 'note-writing', role: 'status', text: t('editing.by', { name: writer }) }) : '',
        open, ...rs, rsText || '', connect || '');
    }
  }

  return { render };
}

/**
 * The notes of a cluster as shown (the protocol's region rule, simplified:
 * notes in the same frame whose centre lies in it).
 * @param {Board} b
 * @param {import('./items.js').Cluster} c
 * @returns {string[]}
 */
export function membersOf(b, c) {
  const out = [];
  for (const n of Object.values(b.notes)) {
    if (n.deleted || n.hidden || (n.frame || '') !== (c.frame || '')) continue;
    const cx = n.x + n.w / 2, cy = n.y + n.h / 2;
    if (cx >= c.x && cx <= c.x + c.w && cy >= c.y && cy <= c.y + c.h) out.push(n.id);
  }
  return out;
}

/**
 * Where the line from the centre of a to the centre of b leaves a's box.
 * @param {{x: number, y: number, w: number, h: number}} a
 * @param {{x: number, y: number, w: number, h: number}} b
 */
export function edgePoint(a, b) {
  const ax = a.x + a.w / 2, ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax, dy = b.y + b.h / 2 - ay;
  if (!dx && !dy) return { x: ax, y: ay };
  const sx = dx ? (a.w / 2) / Math.abs(dx) : Infinity, sy = dy ? (a.h / 2) / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy);
  return { x: ax + dx * s, y: ay + dy * s };
}

/**
 * @param {HTMLElement} node
 * @param {{x: number, y: number, w: number, h: number}} r
 */
function place(node, r) {
  node.style.transform = `translate(${r.x}px, ${r.y}px)`;
  node.style.width = `${r.w}px`;
  node.style.height = `${r.h}px`;
}

/**
 * @param {Map<string, HTMLElement>} map
 * @param {Set<string>} seen
 */
function drop(map, seen) {
  for (const [id, node] of map) {
    if (!seen.has(id)) {
      node.remove();
      map.delete(id);
    }
  }
}
