// The same board as a list, in reading order (top to bottom, left to
// right). A screen reader, or a small phone, can go through every note
// without panning a two-dimensional board; each note has a button that
// shows it on the board.

import { el } from './dom.js';
import { t } from './i18n.js';
import { notesInOrder } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Note} Note */

/** Notes whose tops are this close count as one row when reading. */
const ROW = 60;

/**
 * The live notes of board in reading order: by rows of ROW board units,
 * then left to right.
 * @param {Board} board
 * @returns {Note[]}
 */
export function readingOrder(board) {
  return notesInOrder(board).sort((a, b) => (Math.floor(a.y / ROW) - Math.floor(b.y / ROW)) || (a.x - b.x) || (a.y - b.y));
}

/**
 * Sets up the list inside container.
 * @param {HTMLElement} container
 * @param {{getBoard: () => Board, onShow: (id: string) => void}} opts
 */
export function createNoteList(container, opts) {
  const list = el('ol', { class: 'note-list' });
  const empty = el('p', { class: 'muted', i18n: 'list.emptyBoard' });
  container.append(list, empty);
  let frame = 0;
  let visible = false;

  function render() {
    frame = 0;
    if (!visible) return;
    const b = opts.getBoard();
    const notes = readingOrder(b);
    empty.hidden = notes.length > 0;
    // Grouped by frame, frames in reading order, loose notes last.
    const frames = Object.values(b.frames).sort((x, y) => (Math.floor(x.y / ROW) - Math.floor(y.y / ROW)) || (x.x - y.x));
    const groups = frames.map((f) => ({ id: f.id, title: t('list.frame', { title: f.title }), notes: notes.filter((n) => n.frame === f.id) }));
    const loose = notes.filter((n) => !n.frame || !b.frames[n.frame]);
    if (groups.length === 0) {
      list.replaceChildren(...notes.map((n) => item(b, n)));
      return;
    }
    if (loose.length) groups.push({ id: '', title: t('list.noFrame'), notes: loose });
    list.replaceChildren(...groups.filter((g) => g.notes.length).map((g) => el('li', { class: 'list-frame' },
      el('h3', { class: 'list-frame-title', text: g.title }),
      el('ol', { class: 'note-list' }, ...g.notes.map((n) => item(b, n))))));
  }

  /**
   * @param {Board} b
   * @param {Note} n
   * @returns {HTMLElement}
   */
  function item(b, n) {
    const author = b.participants[n.author] ? b.participants[n.author].name : t('note.unknownAuthor');
    const show = el('button', { type: 'button', class: 'button', text: t('list.show') });
    show.addEventListener('click', () => opts.onShow(n.id));
    return el('li', { class: `list-note list-note--${n.color}` },
      el('p', { class: 'list-note-meta', text: t('note.label', { color: t(`color.${n.color}`), author }) }),
      el('p', { class: 'list-note-text', text: n.text || t('note.empty') }),
      show);
  }

  return {
    /** Redraws on the next frame, if the list is showing. */
    schedule() {
      if (visible && !frame) frame = requestAnimationFrame(render);
    },
    /** @param {boolean} on */
    setVisible(on) {
      visible = on;
      if (on) render();
      else list.replaceChildren(); // nothing to keep current while hidden
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
