// The minimap: the whole board small, in a corner, with the part on screen
// outlined. A click or drag on it moves the view there; each frame is a
// button on it ("Go to: Ideas"), so the keyboard and screen readers reach
// every part of the board from it too. It can be hidden, and the choice is
// remembered.

import { el, setText } from './dom.js';
import { i18n, t } from './i18n.js';
import { bounds } from './viewport.js';
import { framesInOrder } from './home.js';
import { notesInOrder } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./viewport.js').View} View */

/** The map's size in CSS px. */
const MAP_W = 200;
const MAP_H = 130;
/** Where hiding the map is remembered. */
const HIDE_KEY = 'samskap.minimap';
const SVG = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} MinimapOptions
 * @property {() => Board} getBoard
 * @property {() => View} getView
 * @property {() => {w: number, h: number}} viewportSize the board element's size
 * @property {(x: number, y: number) => void} centerOn moves the view's middle to a board point
 * @property {(id: string) => void} showFrame
 * @property {Storage|null} storage
 * @property {boolean} [startHidden] the default when nothing is remembered
 */

/**
 * Builds the minimap into host (positioned over the board's corner).
 * @param {HTMLElement} host
 * @param {MinimapOptions} opts
 */
export function createMinimap(host, opts) {
  const toggle = el('button', {
    type: 'button', id: 'minimap-toggle', class: 'button button--small minimap-toggle', 'aria-controls': 'minimap-body',
  });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'minimap-svg');
  svg.setAttribute('width', String(MAP_W));
  svg.setAttribute('height', String(MAP_H));
  svg.setAttribute('aria-hidden', 'true');
  const shapes = document.createElementNS(SVG, 'g');
  svg.append(shapes);
  // The outline of the view is not in the SVG: moved on every frame of a
  // pan, it would repaint a rectangle per note (issue 19). A box of its own
  // moves by a transform.
  const viewRect = el('div', { class: 'minimap-view', 'aria-hidden': 'true' });
  const frames = el('ul', { class: 'minimap-frames', 'aria-labelledby': 'minimap-h' });
  const map = el('div', { class: 'minimap-map' }, svg, el('div', { class: 'minimap-clip' }, viewRect), frames);
  const body = el('div', { id: 'minimap-body', class: 'minimap-body' }, map);
  const root = el('section', { id: 'minimap', class: 'minimap', 'aria-labelledby': 'minimap-h' },
    el('h2', { id: 'minimap-h', class: 'visually-hidden', i18n: 'map.heading' }), toggle, body);
  host.append(root);

  let hidden = read(opts.storage) === 'off' || (read(opts.storage) === null && !!opts.startHidden);
  /** The board rectangle the map shows, and its scale. */
  let world = { x: 0, y: 0, w: 1, h: 1, s: 1 };
  let key = '';
  /** @type {Board|null} */
  let drawnBoard = null;
  let drawnLang = '';
  showHidden();

  toggle.addEventListener('click', () => {
    hidden = !hidden;
    write(opts.storage, hidden ? 'off' : 'on');
    showHidden();
    if (!hidden) render();
  });

  function showHidden() {
    body.hidden = hidden;
    root.classList.toggle('minimap--hidden', hidden);
    toggle.setAttribute('aria-expanded', String(!hidden));
    setText(toggle, hidden ? 'map.show' : 'map.hide');
  }

  /** Draws the board's content; cheap to call on every change. */
  function render() {
    if (hidden) return;
    const b = opts.getBoard();
    // The same board in the same language draws the same map: only the
    // view's outline moves (a pan that mounts notes draws again).
    if (b === drawnBoard && i18n.lang() === drawnLang) {
      renderView();
      return;
    }
    drawnBoard = b;
    drawnLang = i18n.lang();
    const notes = notesInOrder(b);
    const fs = framesInOrder(b);
    const all = bounds([...fs, ...notes]) || { x: 0, y: 0, w: 1000, h: 700 };
    const pad = 40;
    const w = all.w + 2 * pad, h = all.h + 2 * pad;
    const s = Math.min(MAP_W / w, MAP_H / h);
    // Centre the content in the map.
    world = { x: all.x - pad - (MAP_W / s - w) / 2, y: all.y - pad - (MAP_H / s - h) / 2, w: MAP_W / s, h: MAP_H / s, s };
    const nextKey = JSON.stringify([world, fs.map((f) => [f.id, f.x, f.y, f.w, f.h, f.title]), notes.map((n) => [n.x, n.y, n.w, n.h, n.color])]);
    if (nextKey !== key) {
      key = nextKey;
      shapes.replaceChildren(
        ...fs.map((f) => rect(f, 'minimap-frame')),
        ...notes.map((n) => rect(n, `minimap-note minimap-note--${n.color}`)));
      frames.replaceChildren(...fs.map((f) => {
        const btn = el('button', { type: 'button', class: 'minimap-frame-btn', data: { frame: f.id } },
          el('span', { class: 'visually-hidden', text: t('map.goTo', { title: f.title }) }));
        btn.title = f.title;
        const p = toMap(f.x, f.y);
        btn.style.left = `${p.x}px`;
        btn.style.top = `${p.y}px`;
        btn.style.width = `${Math.max(f.w * s, 12)}px`;
        btn.style.height = `${Math.max(f.h * s, 12)}px`;
        btn.addEventListener('click', () => opts.showFrame(f.id));
        return el('li', {}, btn);
      }));
    }
    renderView();
  }

  /** Outlines what the board shows now; call on every pan and zoom. */
  function renderView() {
    if (hidden) return;
    const v = opts.getView();
    const size = opts.viewportSize();
    const a = toMap(-v.x / v.scale, -v.y / v.scale);
    const w = `${Math.max(size.w / v.scale * world.s, 2)}px`, h = `${Math.max(size.h / v.scale * world.s, 2)}px`;
    viewRect.style.transform = `translate(${a.x}px, ${a.y}px)`;
    if (viewRect.style.width !== w) viewRect.style.width = w;
    if (viewRect.style.height !== h) viewRect.style.height = h;
  }

  /**
   * @param {{x: number, y: number, w: number, h: number}} r board units
   * @param {string} cls
   */
  function rect(r, cls) {
    const node = document.createElementNS(SVG, 'rect');
    const p = toMap(r.x, r.y);
    node.setAttribute('x', String(p.x));
    node.setAttribute('y', String(p.y));
    node.setAttribute('width', String(Math.max(r.w * world.s, 1.5)));
    node.setAttribute('height', String(Math.max(r.h * world.s, 1.5)));
    node.setAttribute('class', cls);
    return node;
  }

  /** @param {number} x @param {number} y board units */
  function toMap(x, y) {
    return { x: (x - world.x) * world.s, y: (y - world.y) * world.s };
  }

  // A press or drag on the map (not on a frame button) centres the view there.
  let dragging = -1;
  /** @param {PointerEvent} ev */
  const moveTo = (ev) => {
    const r = map.getBoundingClientRect();
    opts.centerOn(world.x + (ev.clientX - r.left) / world.s, world.y + (ev.clientY - r.top) / world.s);
  };
  map.addEventListener('pointerdown', (ev) => {
    if (ev.target instanceof Element && ev.target.closest('button')) return;
    dragging = ev.pointerId;
    try {
      map.setPointerCapture(ev.pointerId);
    } catch {
      // gone already
    }
    moveTo(ev);
  });
  map.addEventListener('pointermove', (ev) => {
    if (ev.pointerId === dragging) moveTo(ev);
  });
  const end = (/** @type {PointerEvent} */ ev) => {
    if (ev.pointerId === dragging) dragging = -1;
  };
  map.addEventListener('pointerup', end);
  map.addEventListener('pointercancel', end);

  return { render, renderView, root };
}

/** @param {Storage|null} s @returns {string|null} */
function read(s) {
  try {
    return s ? s.getItem(HIDE_KEY) : null;
  } catch {
    return null;
  }
}

/** @param {Storage|null} s @param {string} v */
function write(s, v) {
  try {
    if (s) s.setItem(HIDE_KEY, v);
  } catch {
    // kept for this page only
  }
}
