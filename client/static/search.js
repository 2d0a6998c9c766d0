// Search on the board (Ctrl+F): notes, comments, cluster names, shape
// texts and connector labels, case- and accent-tolerant ("mote" finds
// "Møte", "aere" finds "Ære", "tromso" finds "Tromsø"). It searches only
// the state this client holds, which is exactly what the person may see.

import { el, isTypingTarget } from './dom.js';
import { i18n, t } from './i18n.js';
import { commentsOn, liveItems } from './items.js';
import { notesInOrder } from './state.js';
import { shortText } from './board-list.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {{kind: 'note'|'comment'|'cluster'|'shape', id: string, note?: string, text: string, x: number, y: number}} Hit */

/**
 * Text folded for matching: lower case, æ as ae, ø as o, accents dropped
 * (å is a with a ring, so it becomes a), runs of space as one.
 * @param {string} s
 * @returns {string}
 */
export function fold(s) {
  return s.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * The hits for query on board, notes first (in drawing order), at most limit.
 * @param {Board} board
 * @param {string} query
 * @param {number} [limit]
 * @returns {Hit[]}
 */
export function searchBoard(board, query, limit = 50) {
  const q = fold(query);
  if (!q) return [];
  /** @type {Hit[]} */
  const hits = [];
  const has = (/** @type {string|undefined} */ s) => !!s && fold(s).includes(q);
  const notes = notesInOrder(board);
  for (const n of notes) if (has(n.text)) hits.push({ kind: 'note', id: n.id, text: n.text, x: n.x, y: n.y });
  for (const n of notes) {
    for (const c of commentsOn(board, n.id)) if (has(c.text)) hits.push({ kind: 'comment', id: c.id, note: n.id, text: c.text, x: n.x, y: n.y });
  }
  for (const c of liveItems(board.clusters)) if (has(c.name)) hits.push({ kind: 'cluster', id: c.id, text: c.name, x: c.x, y: c.y });
  for (const s of liveItems(board.shapes)) if (has(s.text)) hits.push({ kind: 'shape', id: s.id, text: s.text || '', x: s.x, y: s.y });
  return hits.slice(0, limit);
}

/**
 * @typedef {object} SearchOptions
 * @property {() => Board} getBoard
 * @property {(hit: Hit) => void} jump shows a hit on the board
 * @property {(text: string) => void} announce
 */

/**
 * The search field and its list of hits, in the tools row.
 * @param {HTMLElement} host
 * @param {SearchOptions} opts
 */
export function createSearch(host, opts) {
  const input = /** @type {HTMLInputElement} */ (el('input', {
    type: 'search', id: 'board-search', class: 'search-input', autocomplete: 'off',
    i18nAttrs: { placeholder: 'search.placeholder' }, 'aria-controls': 'search-results',
  }));
  const count = el('p', { id: 'search-count', class: 'visually-hidden', role: 'status' });
  const results = el('ul', { id: 'search-results', class: 'search-results', hidden: true });
  const root = el('div', { class: 'search', role: 'search' },
    el('label', { for: 'board-search', class: 'visually-hidden', i18n: 'search.label' }), input, count, results);
  host.append(root);
  /** @type {Hit[]} */
  let hits = [];

  function run() {
    const q = input.value;
    hits = searchBoard(opts.getBoard(), q);
    results.hidden = !q.trim();
    count.textContent = q.trim() ? i18n.plural('search.count', hits.length) : '';
    results.replaceChildren(...(q.trim() && hits.length === 0
      ? [el('li', { class: 'search-none', i18n: 'search.none' })]
      : hits.map((h, i) => {
        const b = el('button', { type: 'button', class: 'search-hit', data: { i: String(i) } },
          el('span', { class: 'search-kind', i18n: `search.kind.${h.kind}` }), ' ', el('span', { text: shortText(h.text) }));
        b.addEventListener('click', () => go(h));
        return el('li', {}, b);
      })));
  }

  /** @param {Hit} h */
  function go(h) {
    results.hidden = true;
    opts.jump(h);
  }

  input.addEventListener('input', run);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && hits[0]) {
      ev.preventDefault();
      go(hits[0]);
    } else if (ev.key === 'ArrowDown' && !results.hidden) {
      const first = /** @type {HTMLElement|null} */ (results.querySelector('button'));
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    } else if (ev.key === 'Escape') {
      input.value = '';
      run();
    }
  });
  results.addEventListener('keydown', (ev) => {
    const buttons = /** @type {HTMLElement[]} */ ([...results.querySelectorAll('button')]);
    const i = buttons.indexOf(/** @type {HTMLElement} */ (ev.target));
    if (i < 0) return;
    if (ev.key === 'ArrowDown' && buttons[i + 1]) { ev.preventDefault(); buttons[i + 1].focus(); }
    if (ev.key === 'ArrowUp') { ev.preventDefault(); (buttons[i - 1] || input).focus(); }
    if (ev.key === 'Escape') { ev.preventDefault(); results.hidden = true; input.focus(); }
  });

  /** Ctrl+F (Cmd+F) goes to the field, unless someone is typing. */
  const onKey = (/** @type {KeyboardEvent} */ ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.key.toLowerCase() !== 'f') return;
    if (isTypingTarget(ev.target) && ev.target !== input) return;
    ev.preventDefault();
    input.focus();
    input.select();
  };
  document.addEventListener('keydown', onKey);
  return {
    /** Updates the hits after the board changed. */
    refresh() {
      if (input.value.trim() && !results.hidden) run();
    },
    destroy: () => document.removeEventListener('keydown', onKey),
  };
}
