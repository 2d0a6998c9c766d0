// Others' new notes marked on the board as in the list (board-list.js):
// a visible "Ny" badge and ring, and the same word for screen readers (the
// badge is the note's description, aria-describedby), until the note has
// been at least half on screen for a second and a half, or had focus.
//
// It keeps its own elements inside the board's note elements
// (board-view.js draws the rest and leaves these alone), so the board
// view needs no more than a call to sync after each draw.

import { el } from './dom.js';
import { t } from './i18n.js';

/** How long a new note must have been in view to count as seen, ms. */
export const SEEN_AFTER_MS = 1500;

/**
 * @typedef {object} NewMarksOptions
 * @property {() => Iterable<string>} ids the notes new to this person now
 * @property {(id: string) => void} onSeen the note has been seen
 */

/**
 * @param {HTMLElement} board the board's viewport (#board), holding the .note elements
 * @param {NewMarksOptions} opts
 */
export function createNewMarks(board, opts) {
  /** @type {Map<string, {note: HTMLElement, mark: HTMLElement}>} */
  const marked = new Map();
  /** @type {Map<string, any>} */
  const timers = new Map();

  const seen = (/** @type {string} */ id) => {
    if (marked.has(id)) opts.onSeen(id);
  };
  const watch = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const id = /** @type {HTMLElement} */ (e.target).dataset.id || '';
      if (e.isIntersecting && e.intersectionRatio >= 0.5) {
        if (!timers.has(id)) timers.set(id, setTimeout(() => { timers.delete(id); seen(id); }, SEEN_AFTER_MS));
      } else if (timers.has(id)) {
        clearTimeout(timers.get(id));
        timers.delete(id);
      }
    }
  }, { threshold: [0, 0.5] });
  const onFocus = (/** @type {FocusEvent} */ ev) => {
    const note = ev.target instanceof Element ? ev.target.closest('.note--new') : null;
    if (note) seen(/** @type {HTMLElement} */ (note).dataset.id || '');
  };
  board.addEventListener('focusin', onFocus);

  /** @param {string} id */
  function unmark(id) {
    const m = marked.get(id);
    if (!m) return;
    marked.delete(id);
    watch.unobserve(m.note);
    if (timers.has(id)) {
      clearTimeout(timers.get(id));
      timers.delete(id);
    }
    m.mark.remove();
    m.note.classList.remove('note--new');
    const rest = (m.note.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== m.mark.id);
    if (rest.length) m.note.setAttribute('aria-describedby', rest.join(' '));
    else m.note.removeAttribute('aria-describedby');
  }

  return {
    /** Brings the marks in line with the notes new now (after each draw of the board). */
    sync() {
      const now = new Set(opts.ids());
      for (const [id, m] of marked) if (!now.has(id) || !m.note.isConnected) unmark(id);
      const word = t('list.new');
      for (const id of now) {
        const had = marked.get(id);
        if (had) {
          if (had.mark.textContent !== word) had.mark.textContent = word;
          continue;
        }
        const note = /** @type {HTMLElement|null} */ (board.querySelector(`.note[data-id="${CSS.escape(id)}"]`));
        if (!note) continue;
        const mark = el('span', { class: 'note-new', id: `note-new-${id}`, text: word });
        note.append(mark);
        note.classList.add('note--new');
        const by = (note.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        note.setAttribute('aria-describedby', [...by, mark.id].join(' '));
        marked.set(id, { note, mark });
        watch.observe(note);
      }
    },
    destroy() {
      watch.disconnect();
      for (const h of timers.values()) clearTimeout(h);
      board.removeEventListener('focusin', onFocus);
    },
  };
}
