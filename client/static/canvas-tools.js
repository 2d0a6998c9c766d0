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
import { askText } from './name-dialog.js';
import { ITEM_LIMITS } from './items.js';
import { moveItemOp, resizeItemOp } from './item-drag.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */

/**
 * @typedef {object} CanvasToolsOptions
 * @property {() => Board} getBoard
 * @property {() => import('./protocol.js').Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 * @property {() => {x: number, y: number}} at where a new item goes (board units)
 * @property {(text: string) => void} toast
 * @property {(o: import('./name-dialog.js').AskOptions) => Promise<string|null>} [ask] defaults to the in-app dialog
 */

/**
 * Adds the "add text / rectangle / ellipse" buttons to the tools row.
 * @param {HTMLElement} toolsRow
 * @param {CanvasToolsOptions} opts
 */
export function createCanvasTools(toolsRow, opts) {
  const ask = opts.ask || askText;
  /** @param {string} title @param {string} [value] */
  const askName = (title, value) => ask({ id: 'cluster-dialog', title, label: t('cluster.nameLabel'), value, maxLength: ITEM_LIMITS.clusterName });
  /** @param {string} title @param {string} [value] */
  const askLabel = (title, value) => ask({ id: 'text-dialog', title, label: t('items.textLabel'), value, maxLength: ITEM_LIMITS.shapeText });
  const button = (/** @type {string} */ id, /** @type {string} */ key, /** @type {() => void} */ fn) =>
    el('button', { type: 'button', id, class: 'button button--small', i18n: key, on: { click: fn } });
  const group = el('div', { class: 'add-items', role: 'group', i18nAttrs: { 'aria-label': 'items.add' } },
    button('add-text', 'items.text', () => addShape('text')),
    button('add-rect', 'items.rect', () => addShape('rect')),
    button('add-ellipse', 'items.ellipse', () => addShape('ellipse')));
  const help = toolsRow.querySelector('.help');
  toolsRow.insertBefore(group, help);

  /** @param {'text'|'rect'|'ellipse'} form */
  async function addShape(form) {
    if (!canChangeBoard(opts.getMe())) return;
    const p = opts.at();
    let text = '';
    if (form === 'text') {
      text = (await askLabel(t('items.newText')) || '').trim();
      if (!text) return;
    }
    const w = form === 'text' ? 320 : 420, h = form === 'text' ? 60 : 280;
    opts.submit(shapeCreate({ shape: newId(), form, x: p.x - w / 2, y: p.y - h / 2, w, h, text: text || undefined }));
  }

  /** @param {string[]} ids makes a named cluster around these notes */
  async function clusterAround(ids) {
    const box = boxAround(opts.getBoard(), ids);
    if (!box) return;
    const name = (await askName(t('cluster.newTitle')) || '').trim();
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
    // A handle inside has its own keys and clicks.
    if (ev instanceof KeyboardEvent ? ev.target !== ev.currentTarget : /** @type {Element} */ (ev.target).closest('.item-connect, .item-resize')) return;
    const key = ev instanceof KeyboardEvent ? ev.key : 'Enter';
    const step = ev.shiftKey ? 50 : 10;
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    if (d && ev.altKey) {
      ev.preventDefault();
      opts.submit(resizeItemOp(kind, id, it.w + d[0] * step, it.h + d[1] * step));
    } else if (d) {
      ev.preventDefault();
      const op = moveItemOp(b, kind, id, it.x + d[0] * step, it.y + d[1] * step);
      if (op) opts.submit(op);
    } else if (key === 'Enter' || key === 'F2') {
      ev.preventDefault();
      if (kind === 'cluster') rename(id);
      else editText(id);
    } else if (key === 'Delete' || key === 'Backspace') {
      ev.preventDefault();
      opts.submit(kind === 'shape' ? shapeDelete(id) : clusterDelete(id));
    }
  }

  /** @param {string} id asks for a cluster's new name */
  async function rename(id) {
    const c = opts.getBoard().clusters[id];
    if (!c) return;
    const name = (await askName(t('cluster.renameTitle', { name: c.name }), c.name) || '').trim();
    if (name && name !== c.name) opts.submit(clusterUpdate(id, { name }));
  }

  /** @param {string} id asks for a shape's or label's new text */
  async function editText(id) {
    const s = opts.getBoard().shapes[id];
    if (!s) return;
    const text = await ask({ id: 'text-dialog', title: t('items.editText'), label: t('items.textLabel'), value: s.text || '', maxLength: ITEM_LIMITS.shapeText, allowEmpty: s.form !== 'text' });
    if (text !== null && text !== (s.text || '')) opts.submit(shapeUpdate(id, { text }));
  }

  return { clusterAround, itemKey, rename, el: group };
}
