// Adding and changing the simple board items: free text labels, rectangles
// and ellipses to mark areas, and clusters around selected notes. Names
// and texts are asked for with the browser's own prompt, which every
// screen reader and keyboard handles. Shapes and clusters take keys when
// focused: arrows move, Enter renames or edits the text, Delete removes.

import { el } from './dom.js';
import { t } from './i18n.js';
import {
  clusterCreate, clusterDelete, clusterUpdate, newId, shapeCreate, shapeDelete, shapeUpdate,
} from './protocol.js';
import { canChangeBoard } from './state.js';
import { boxAround } from './selection.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */

/**
 * @typedef {object} CanvasToolsOptions
 * @property {() => Board} getBoard
 * @property {() => import('./protocol.js').Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 * @property {() => {x: number, y: number}} at where a new item goes (board units)
 * @property {(text: string) => void} toast
 * @property {(question: string, value?: string) => string|null} [ask] defaults to window.prompt
 */

/**
 * Adds the "add text / rectangle / ellipse" buttons to the tools row.
 * @param {HTMLElement} toolsRow
 * @param {CanvasToolsOptions} opts
 */
export function createCanvasTools(toolsRow, opts) {
  const ask = opts.ask || ((q, v) => window.prompt(q, v));
  const button = (/** @type {string} */ id, /** @type {string} */ key, /** @type {() => void} */ fn) =>
    el('button', { type: 'button', id, class: 'button button--small', i18n: key, on: { click: fn } });
  const group = el('div', { class: 'add-items', role: 'group', i18nAttrs: { 'aria-label': 'items.add' } },
    button('add-text', 'items.text', () => addShape('text')),
    button('add-rect', 'items.rect', () => addShape('rect')),
    button('add-ellipse', 'items.ellipse', () => addShape('ellipse')));
  const help = toolsRow.querySelector('.help');
  toolsRow.insertBefore(group, help);

  /** @param {'text'|'rect'|'ellipse'} form */
  function addShape(form) {
    if (!canChangeBoard(opts.getMe())) return;
    const p = opts.at();
    let text = '';
    if (form === 'text') {
      text = (ask(t('items.askText')) || '').trim();
      if (!text) return;
    }
    const w = form === 'text' ? 320 : 420, h = form === 'text' ? 60 : 280;
    opts.submit(shapeCreate({ shape: newId(), form, x: p.x - w / 2, y: p.y - h / 2, w, h, text: text || undefined }));
  }

  /** @param {string[]} ids makes a named cluster around these notes */
  function clusterAround(ids) {
    const box = boxAround(opts.getBoard(), ids);
    if (!box) return;
    const name = (ask(t('cluster.askName')) || '').trim();
    if (!name) return;
    opts.submit(clusterCreate({ cluster: newId(), name, ...box }));
  }

  /**
   * Keys and double clicks on a focused shape or cluster.
   * @param {'shape'|'cluster'} kind
   * @param {string} id
   * @param {KeyboardEvent|MouseEvent} ev
   */
  function itemKey(kind, id, ev) {
    const b = opts.getBoard();
    const it = kind === 'shape' ? b.shapes[id] : b.clusters[id];
    if (!it || !canChangeBoard(opts.getMe())) return;
    const update = kind === 'shape' ? shapeUpdate : clusterUpdate;
    const key = ev instanceof KeyboardEvent ? ev.key : 'Enter';
    const step = ev.shiftKey ? 50 : 10;
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    if (d) {
      ev.preventDefault();
      opts.submit(update(id, { x: Math.round(it.x + d[0] * step), y: Math.round(it.y + d[1] * step) }));
    } else if (key === 'Enter' || key === 'F2') {
      ev.preventDefault();
      if (kind === 'cluster') {
        const name = (ask(t('cluster.askName'), /** @type {any} */ (it).name) || '').trim();
        if (name) opts.submit(clusterUpdate(id, { name }));
      } else {
        const text = ask(t('items.askText'), /** @type {any} */ (it).text || '');
        if (text !== null && (text.trim() || /** @type {any} */ (it).form !== 'text')) opts.submit(shapeUpdate(id, { text: text.trim() }));
      }
    } else if (key === 'Delete' || key === 'Backspace') {
      ev.preventDefault();
      opts.submit(kind === 'shape' ? shapeDelete(id) : clusterDelete(id));
    }
  }

  return { clusterAround, itemKey, el: group };
}
