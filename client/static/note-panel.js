// A note's own panel (a modal dialog): its comment thread, its reactions,
// and its connectors with "connect to ...", which lists the other notes,
// frames, shapes and clusters by their text, so a keyboard or screen
// reader user can draw, change and remove an arrow without a pointer.
// Observers may comment and react; the server checks every op.

import { el } from './dom.js';
import { i18n, t } from './i18n.js';
import { REACTIONS, REACTION_EMOJI, commentCreate, commentDelete, newId, reactionSet } from './protocol.js';
import { commentsOn, ITEM_LIMITS } from './items.js';
import { connectable, connectorsOf } from './connector-edit.js';
import { shortText } from './board-list.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * @typedef {object} NotePanelOptions
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 * @property {(id: string) => void} focusNote
 * @property {(from: import('./protocol.js').Ref) => Node[]} [connectSection] an item's connectors and "connect to ..."
 */

/**
 * @param {HTMLElement} host
 * @param {NotePanelOptions} opts
 */
export function createNotePanel(host, opts) {
  const heading = el('h2', { id: 'note-panel-h' });
  const body = el('div', { class: 'note-panel-body' });
  const close = el('button', { type: 'button', class: 'button', id: 'note-panel-close', i18n: 'npanel.close' });
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { id: 'note-panel', class: 'note-panel', 'aria-labelledby': 'note-panel-h' },
    heading, body, close));
  host.append(dialog);
  /** @type {string|null} */
  let noteId = null;
  let key = '';
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    const id = noteId;
    noteId = null;
    // Its form's IDs (connect-to, ...) are also the connect dialog's.
    body.replaceChildren();
    key = '';
    if (id) opts.focusNote(id);
  });

  /** @param {string} id @param {string} [focus] the control to focus first */
  function open(id, focus = '#comment-text') {
    noteId = id;
    key = '';
    render();
    if (!dialog.open) dialog.showModal();
    const first = /** @type {HTMLElement|null} */ (dialog.querySelector(focus) || dialog.querySelector('#comment-text'));
    if (first) first.focus();
  }

  /** Redraws the open panel after a change on the board (keeps focus and typing). */
  function render() {
    if (noteId === null) return;
    const b = opts.getBoard();
    const n = b.notes[noteId];
    if (!n || n.deleted || n.hidden) {
      dialog.close();
      return;
    }
    const me = opts.getMe();
    const comments = commentsOn(b, n.id);
    const conns = connectorsOf(b, { type: 'note', id: n.id });
    const nextKey = JSON.stringify([n.id, n.text, n.reactions || {}, comments.map((c) => [c.id, c.text]), conns.map((c) => [c.id, c.text, c.style, c.from, c.to]),
      connectable(b), me && me.id, me && me.role, i18n.lang()]);
    if (nextKey === key) return;
    key = nextKey;
    const typing = /** @type {HTMLTextAreaElement|null} */ (dialog.querySelector('#comment-text'));
    const draft = typing ? typing.value : '';
    const focusedId = document.activeElement && dialog.contains(document.activeElement) ? document.activeElement.id : '';
    heading.textContent = t('npanel.heading', { text: shortText(n.text) || t('note.empty') });
    const name = (/** @type {string} */ id) => (b.participants[id] ? b.participants[id].name : t('note.unknownAuthor'));

    // Reactions: toggle buttons, the emoji shown, the name said.
    const reactions = el('div', { class: 'reactions', role: 'group', i18nAttrs: { 'aria-label': 'npanel.reactions' } },
      ...REACTIONS.map((r) => {
        const who = (n.reactions || {})[r] || [];
        const mine = !!me && who.includes(me.id);
        const btn = el('button', { type: 'button', id: `react-${r}`, class: 'button button--small reaction', 'aria-pressed': String(mine) },
          el('span', { 'aria-hidden': 'true', text: `${REACTION_EMOJI[r]} ${who.length || ''}` }),
          el('span', { class: 'visually-hidden', text: `${t(`reaction.${r}`)}: ${who.length}` }));
        btn.title = who.map(name).join(', ') || t(`reaction.${r}`);
        btn.addEventListener('click', () => me && opts.submit(reactionSet(n.id, r, !mine)));
        return btn;
      }));

    // The comment thread.
    const list = el('ol', { class: 'comment-list' }, ...comments.map((c) => {
      const li = el('li', { class: 'comment' },
        el('span', { class: 'comment-author', text: name(c.author) }), ' ',
        el('span', { class: 'comment-text', text: c.text }));
      if (me && (me.id === c.author || me.role === 'facilitator')) {
        const del = el('button', { type: 'button', class: 'button button--small', i18n: 'comments.delete' });
        del.setAttribute('aria-label', t('comments.deleteOf', { text: shortText(c.text) }));
        del.addEventListener('click', () => opts.submit(commentDelete(c.id)));
        li.append(' ', del);
      }
      return li;
    }));
    const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'comment-text', rows: '2', maxlength: String(ITEM_LIMITS.commentText) }));
    text.value = draft;
    const form = el('form', { class: 'comment-form stack' },
      el('label', { for: 'comment-text', i18n: 'comments.new' }), text,
      el('button', { type: 'submit', id: 'comment-send', class: 'button button--primary', i18n: 'comments.send' }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = text.value.trim();
      if (!v) return;
      if (opts.submit(commentCreate(newId(), n.id, v))) text.value = '';
    });

    /** @type {Node[]} */
    const parts = [
      el('h3', { i18n: 'npanel.reactions' }), reactions,
      el('h3', { i18n: 'comments.heading', i18nParams: { n: comments.length } }),
      comments.length ? list : el('p', { i18n: 'comments.none' }), form,
    ];

    // Connectors: the list (change, remove), and "connect to ..." any item
    // by its text or name (connector-edit.js).
    if (opts.connectSection) parts.push(...opts.connectSection({ type: 'note', id: n.id }));
    body.replaceChildren(...parts);
    if (focusedId) {
      const again = /** @type {HTMLElement|null} */ (dialog.querySelector(`#${CSS.escape(focusedId)}`));
      if (again) again.focus();
    }
  }

  return { open, render, isOpen: () => dialog.open };
}
