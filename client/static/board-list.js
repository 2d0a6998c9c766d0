// The same board as a list, in reading order (top to bottom, left to
// right), and a way to take full part without the two-dimensional board:
// write, change and delete notes, and vote. A screen reader, or a small
// phone, can go through every frame and note without panning; each note
// has a button that shows it on the board.
//
// The list is redrawn whenever the board changes. The form for writing
// lives outside the redrawn part, so someone else's note never takes away
// half-written text, and the focused button is found again after a redraw
// by its data-key.

import { extrasKey, listExtras } from './list-extras.js';
import { defaultFrame, groupByExercise } from './composer.js';
import { el, setText } from './dom.js';
import { homeOf } from './home.js';
import { i18n, t } from './i18n.js';
import { LIMITS, newId, noteCreate, noteDelete, noteEdit, voteCast, voteRetract } from './protocol.js';
import { canChangeBoard, canChangeContent, currentVote, notesInOrder, ranking, voteCovers, votesLeft } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./state.js').Frame} Frame */
/** @typedef {import('./protocol.js').Note} Note */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Participant} Participant */

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
 * The frames of board in reading order.
 * @param {Board} board
 * @returns {Frame[]}
 */
export function framesInOrder(board) {
  return Object.values(board.frames).sort((x, y) => (Math.floor(x.y / ROW) - Math.floor(y.y / ROW)) || (x.x - y.x));
}

/**
 * The frames person may write a new note in: every frame they see, less
 * locked ones unless they facilitate.
 * @param {Board} board
 * @param {Participant|null} person
 * @returns {Frame[]}
 */
export function writableFrames(board, person) {
  if (!canChangeBoard(person)) return [];
  return framesInOrder(board).filter((f) => !f.locked || (person && person.role === 'facilitator'));
}

/**
 * A note's text, on one line and short, to name it in a button's label.
 * @param {string} s
 * @returns {string}
 */
export function shortText(s) {
  const one = s.replace(/\s+/g, ' ').trim();
  if (!one) return t('note.empty');
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}

/**
 * @typedef {object} ListOptions
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {(op: Op) => boolean} submit sends an op; false if refused at once
 * @property {(frameId: string) => {x: number, y: number}} place where a new note goes: in a frame, or ('') in view
 * @property {(id: string) => void} onShow shows the note on the board
 * @property {(text: string) => void} announce
 * @property {(id: string) => void} [openNote] opens a note's comments and reactions
 * @property {(id: string) => boolean} [isUnsaved] whether a change to the note is not yet saved by the server
 * @property {{load: () => import('./outbox.js').Draft|null, save: (d: import('./outbox.js').Draft) => void}} [drafts]
 *   keeps the text being typed across a reload (outbox.js)
 * @property {() => boolean} [loaded] whether the board has arrived (a draft is put back then)
 * @property {(id: string) => boolean} [isNew] whether a note is someone else's, new since this person last saw it
 * @property {(id: string) => void} [onSeen] the note has been on screen long enough to count as seen
 */

/**
 * Sets up the list inside container.
 * @param {HTMLElement} container
 * @param {ListOptions} opts
 */
export function createNoteList(container, opts) {
  // ---- the form for writing and changing a note ----
  const heading = el('h3', { id: 'composer-h', i18n: 'list.composer.new' });
  const where = /** @type {HTMLSelectElement} */ (el('select', { id: 'composer-frame' }));
  const whereField = el('div', { class: 'field' }, el('label', { for: 'composer-frame', i18n: 'list.composer.where' }), where);
  const text = /** @type {HTMLTextAreaElement} */ (el('textarea', {
    id: 'composer-text', rows: '3', maxlength: String(LIMITS.textLen), 'aria-describedby': 'composer-error',
  }));
  const error = el('p', { id: 'composer-error', class: 'field-error', role: 'status' });
  const save = el('button', { type: 'submit', id: 'composer-save', class: 'button button--primary', i18n: 'list.composer.add' });
  const cancel = el('button', { type: 'button', id: 'composer-cancel', class: 'button', i18n: 'list.composer.cancel', hidden: true });
  const form = /** @type {HTMLFormElement} */ (el('form', { id: 'composer', class: 'list-composer', 'aria-labelledby': 'composer-h', novalidate: true },
    heading, whereField,
    el('div', { class: 'field' }, el('label', { for: 'composer-text', i18n: 'note.editorLabel' }), text, error),
    el('div', { class: 'fac-row' }, save, cancel)));
  const list = el('ol', { class: 'note-list', id: 'list-notes' });
  const empty = el('p', { class: 'muted', i18n: 'list.emptyBoard' });
  container.append(form, list, empty);

  let frame = 0;
  let visible = false;
  /** The list was just opened: show the current exercise once the board is there. */
  let scrollHome = false;
  /** The note being changed, or '' when writing a new one. */
  let editing = '';
  /** What the frame picker was last filled with, and whether the person picked. */
  let whereKey = '';
  let whereChosen = false;
  where.addEventListener('change', () => {
    whereChosen = true;
    keepDraft();
  });
  /** Whether the draft kept from an earlier load has been put back. */
  let draftRestored = !opts.drafts;
  function keepDraft() {
    if (opts.drafts) opts.drafts.save({ text: text.value, frame: where.value, editing });
  }
  text.addEventListener('input', keepDraft);
  /** Puts back the text that was being typed when the page was left. */
  function restoreDraft() {
    draftRestored = true;
    const d = opts.drafts ? opts.drafts.load() : null;
    if (!d) return;
    // The form with the text is what matters now, not the current exercise.
    scrollHome = false;
    const b = opts.getBoard();
    const n = d.editing ? b.notes[d.editing] : null;
    if (n && !n.deleted && canChangeContent(n, opts.getMe())) {
      startEdit(n, false);
      text.value = d.text;
      return;
    }
    fillWhere();
    if (d.frame && [...where.options].some((o) => o.value === d.frame)) {
      where.value = d.frame;
      whereChosen = true;
    }
    text.value = d.text;
  }

  function resetComposer() {
    editing = '';
    text.value = '';
    setText(heading, 'list.composer.new');
    setText(save, 'list.composer.add');
    cancel.hidden = true;
    whereField.hidden = false;
    error.textContent = '';
    keepDraft();
  }

  /** @param {string} frameId */
  function startNew(frameId) {
    resetComposer();
    fillWhere();
    if (frameId) {
      where.value = frameId;
      whereChosen = true;
    }
    text.focus();
  }

  /**
   * @param {Note} n
   * @param {boolean} [focus]
   */
  function startEdit(n, focus = true) {
    editing = n.id;
    text.value = n.text;
    setText(heading, 'list.composer.edit');
    setText(save, 'list.composer.save');
    cancel.hidden = false;
    whereField.hidden = true;
    error.textContent = '';
    keepDraft();
    if (focus) text.focus();
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = text.value.trim();
    if (!value) {
      setText(error, 'list.composer.empty');
      text.focus();
      return;
    }
    if (editing) {
      const id = editing;
      if (opts.submit(noteEdit(id, value))) {
        opts.announce(t('list.composer.saved'));
        resetComposer();
        focusKey(`edit:${id}`);
      }
      return;
    }
    const p = opts.place(where.value);
    if (opts.submit(noteCreate({ note: newId(), text: value, color: 'yellow', x: p.x, y: p.y }))) {
      text.value = '';
      error.textContent = '';
      keepDraft();
      opts.announce(t('list.composer.added'));
      text.focus(); // ready for the next idea
    }
  });
  cancel.addEventListener('click', () => {
    const id = editing;
    resetComposer();
    if (id) focusKey(`edit:${id}`);
  });
  text.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && editing) {
      ev.preventDefault();
      cancel.click();
    }
  });

  /** Fills the frame picker with the frames one may write in now. */
  function fillWhere() {
    const b = opts.getBoard();
    const frames = writableFrames(b, opts.getMe());
    const chosen = where.value;
    // Grouped by exercise (composer.js): an optgroup per exercise with
    // more than one frame to write in.
    const groups = groupByExercise(b, frames);
    const key = JSON.stringify([groups.map((g) => [g.exercise.id, g.exercise.title, g.frames.map((f) => [f.id, f.title])]), i18n.lang()]);
    if (key !== whereKey) {
      whereKey = key;
      const options = groups.map((g) => (g.frames.length === 1 && g.frames[0].id === g.exercise.id
        ? el('option', { value: g.frames[0].id, text: g.frames[0].title })
        : el('optgroup', { label: g.exercise.title }, ...g.frames.map((f) => el('option', { value: f.id, text: f.title })))));
      options.push(el('option', { value: '', text: t('list.noFrame') }));
      where.replaceChildren(...options);
    }
    // The person's own choice stands while it exists; else the current
    // exercise's frame, my group's during breakout.
    const keep = whereChosen && (chosen === '' || frames.some((f) => f.id === chosen));
    where.value = keep ? chosen : defaultFrame(b, opts.getMe(), frames);
  }

  // ---- the list ----

  // A new note counts as seen once it has been at least half on screen for
  // a second and a half (or had focus).
  /** @type {Map<Element, any>} */
  const seenTimers = new Map();
  const seenWatch = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const id = /** @type {HTMLElement} */ (e.target).dataset.id || '';
      if (e.isIntersecting && e.intersectionRatio >= 0.5) {
        if (!seenTimers.has(e.target)) {
          seenTimers.set(e.target, setTimeout(() => {
            seenTimers.delete(e.target);
            seenWatch.unobserve(e.target);
            if (opts.onSeen) opts.onSeen(id);
          }, 1500));
        }
      } else if (seenTimers.has(e.target)) {
        clearTimeout(seenTimers.get(e.target));
        seenTimers.delete(e.target);
      }
    }
  }, { threshold: [0, 0.5] });
  list.addEventListener('focusin', (ev) => {
    const li = ev.target instanceof Element ? ev.target.closest('.list-note--new') : null;
    if (li && opts.onSeen) opts.onSeen(/** @type {HTMLElement} */ (li).dataset.id || '');
  });

  /** @param {string} key */
  function focusKey(key) {
    // After a redraw: the list is drawn on the next frame.
    requestAnimationFrame(() => {
      const again = /** @type {HTMLElement|null} */ (list.querySelector(`[data-key="${CSS.escape(key)}"]:not([disabled])`));
      if (again) again.focus();
    });
  }

  /**
   * Drawn elements, kept while what they show is unchanged: a redraw
   * replaces only what changed, so a screen reader reading the list, or a
   * finger about to tap, is not disturbed by changes elsewhere.
   * @type {Map<string, {key: string, el: HTMLElement}>}
   */
  const noteEls = new Map();
  /** @type {Map<string, {key: string, el: HTMLElement, body: HTMLElement}>} */
  const frameEls = new Map();

  /**
   * Makes parent's children exactly nodes, touching the DOM only if they
   * differ (moving a focused element would blur it).
   * @param {Element} parent
   * @param {Node[]} nodes
   */
  function syncChildren(parent, nodes) {
    const now = parent.childNodes;
    if (now.length === nodes.length && nodes.every((n, i) => now[i] === n)) return;
    parent.replaceChildren(...nodes);
  }

  /**
   * @param {Board} b
   * @param {Note} n
   * @param {Participant|null} me
   * @param {import('./state.js').VoteView|null} vote
   * @returns {HTMLElement}
   */
  function noteEl(b, n, me, vote) {
    const covered = !!vote && voteCovers(vote, n);
    const unsaved = !!opts.isUnsaved && opts.isUnsaved(n.id);
    const fresh = !!opts.isNew && opts.isNew(n.id);
    const key = JSON.stringify([extrasKey(b, n), n.text, n.color, n.private, unsaved, fresh, b.participants[n.author] ? b.participants[n.author].name : '',
      canChangeContent(n, me), me ? me.role : '', i18n.lang(),
      covered && vote ? [vote.id, vote.open, vote.revealed, vote.cap, vote.mine && vote.mine[n.id], vote.totals && vote.totals[n.id],
        votesLeft(vote, me) > 0, vote.top && vote.top.indexOf(n.id), vote.revealed && ranking(b, vote).findIndex((r) => r.note === n.id)] : null]);
    const had = noteEls.get(n.id);
    if (had && had.key === key) return had.el;
    const made = item(b, n, me, vote);
    noteEls.set(n.id, { key, el: made });
    if (had) seenWatch.unobserve(had.el);
    if (fresh) seenWatch.observe(made);
    return made;
  }

  function render() {
    frame = 0;
    if (!visible) return;
    const b = opts.getBoard();
    const me = opts.getMe();
    form.hidden = !canChangeBoard(me);
    if (!form.hidden && !draftRestored && (!opts.loaded || opts.loaded())) restoreDraft();
    if (!form.hidden && !editing) fillWhere();
    if (editing && (!b.notes[editing] || b.notes[editing].deleted)) resetComposer();

    // Keep focus where it was if what had it is redrawn.
    const active = document.activeElement;
    const focusedKey = active instanceof HTMLElement && list.contains(active) ? active.dataset.key || '' : '';

    const notes = readingOrder(b);
    empty.hidden = notes.length > 0 || Object.keys(b.frames).length > 0;
    const vote = currentVote(b);
    const live = new Set(notes.map((n) => n.id));
    for (const id of noteEls.keys()) if (!live.has(id)) noteEls.delete(id);
    // Grouped by frame, frames in reading order, loose notes last; a
    // frame shows even when empty, with its prompt and a "new note" button.
    const frames = framesInOrder(b);
    const writable = new Set(writableFrames(b, me).map((f) => f.id));
    const loose = notes.filter((n) => !n.frame || !b.frames[n.frame]);
    for (const id of frameEls.keys()) if (id && !b.frames[id]) frameEls.delete(id);
    if (frames.length === 0) {
      syncChildren(list, notes.map((n) => noteEl(b, n, me, vote)));
    } else {
      const sections = frames.map((f) => frameItem(b, f, notes.filter((n) => n.frame === f.id), me, vote, writable.has(f.id)));
      if (loose.length) sections.push(looseItem(b, loose, me, vote));
      syncChildren(list, sections);
    }
    if (scrollHome && (!opts.loaded || opts.loaded())) {
      scrollHome = false;
      showHome(b, me);
    }
    if (focusedKey && !list.contains(document.activeElement)) {
      const again = /** @type {HTMLElement|null} */ (list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]:not([disabled])`));
      if (again) again.focus();
      else container.focus();
    }
  }

  /**
   * Scrolls the list to where this person belongs now (home.js): the
   * current exercise's frame, my group's during breakout; the same place
   * the board opens on and the form's default frame is in.
   * @param {Board} b
   * @param {Participant|null} me
   */
  function showHome(b, me) {
    const home = homeOf(b, me);
    const had = home && home.kind === 'frame' ? frameEls.get(home.frame.id) : null;
    if (!had || !had.el.isConnected) return;
    // The first frame is already in view: keep the form for a new note too.
    if (list.firstElementChild === had.el) return;
    had.el.scrollIntoView({ block: 'start' });
  }

  /**
   * The notes outside every frame, as one more section.
   * @param {Board} b
   * @param {Note[]} notes
   * @param {Participant|null} me
   * @param {import('./state.js').VoteView|null} vote
   */
  function looseItem(b, notes, me, vote) {
    const key = i18n.lang();
    let had = frameEls.get('');
    if (!had || had.key !== key) {
      const body = el('ol', { class: 'note-list' });
      had = { key, body, el: el('li', { class: 'list-frame' }, el('h3', { class: 'list-frame-title', text: t('list.noFrame') }), body) };
      frameEls.set('', had);
    }
    syncChildren(had.body, notes.map((n) => noteEl(b, n, me, vote)));
    return had.el;
  }

  /**
   * @param {Board} b
   * @param {Frame} f
   * @param {Note[]} notes
   * @param {Participant|null} me
   * @param {import('./state.js').VoteView|null} vote
   * @param {boolean} writable
   */
  function frameItem(b, f, notes, me, vote, writable) {
    const group = f.group && b.groups[f.group] ? b.groups[f.group].name : '';
    const key = JSON.stringify([f.title, f.prompt, group, !!f.locked, !!f.chosen, writable, i18n.lang()]);
    let had = frameEls.get(f.id);
    if (!had || had.key !== key) {
      const head = el('div', { class: 'list-frame-head' },
        el('h3', { class: 'list-frame-title', text: t('list.frame', { title: f.title }) }),
        group ? el('span', { class: 'frame-tag', text: t('frame.group', { group }) }) : null,
        f.locked ? el('span', { class: 'frame-tag frame-tag--locked', i18n: 'frame.locked' }) : null,
        f.chosen ? el('span', { class: 'frame-tag frame-tag--chosen', i18n: 'fac.frame.chosen' }) : null);
      if (writable) {
        const add = el('button', { type: 'button', class: 'button button--small', data: { key: `add:${f.id}` }, text: t('frame.addNote') });
        add.setAttribute('aria-label', t('frame.addNoteIn', { title: f.title }));
        add.addEventListener('click', () => startNew(f.id));
        head.append(add);
      }
      const body = el('div', { class: 'list-frame-body' });
      had = { key, body, el: el('li', { class: 'list-frame', data: { frame: f.id } }, head, f.prompt ? el('p', { class: 'list-frame-prompt', text: f.prompt }) : null, body) };
      frameEls.set(f.id, had);
    }
    if (notes.length) {
      const ol = had.body.firstElementChild instanceof HTMLOListElement ? had.body.firstElementChild : el('ol', { class: 'note-list' });
      syncChildren(ol, notes.map((n) => noteEl(b, n, me, vote)));
      syncChildren(had.body, [ol]);
    } else {
      const none = had.body.firstElementChild instanceof HTMLParagraphElement ? had.body.firstElementChild : el('p', { class: 'muted', i18n: 'list.emptyFrame' });
      syncChildren(had.body, [none]);
    }
    return had.el;
  }

  /**
   * @param {Board} b
   * @param {Note} n
   * @param {Participant|null} me
   * @param {import('./state.js').VoteView|null} vote
   * @returns {HTMLElement}
   */
  function item(b, n, me, vote) {
    const author = b.participants[n.author] ? b.participants[n.author].name : t('note.unknownAuthor');
    const name = shortText(n.text);
    /**
     * @param {string} key data-key, to find the button again after a redraw
     * @param {string} label visible text
     * @param {string} aria accessible name, starting with the visible text
     * @param {() => void} fn
     */
    const button = (key, label, aria, fn) => {
      const btn = el('button', { type: 'button', class: 'button button--small', data: { key }, text: label });
      btn.setAttribute('aria-label', aria);
      btn.addEventListener('click', fn);
      return btn;
    };
    const actions = el('div', { class: 'list-note-actions' });
    const badges = [];
    if (n.private) badges.push(el('span', { class: 'note-badge', i18n: 'note.private' }));
    if (opts.isUnsaved && opts.isUnsaved(n.id)) badges.push(el('span', { class: 'note-badge note-badge--unsaved', i18n: 'outbox.unsaved' }));
    const fresh = !!opts.isNew && opts.isNew(n.id);
    if (fresh) badges.push(el('span', { class: 'note-badge note-badge--new', i18n: 'list.new' }));

    // Votes, as on the board: never colour alone, every mark has text.
    const covered = !!vote && voteCovers(vote, n);
    if (vote && covered) {
      const mine = vote.mine ? vote.mine[n.id] || 0 : 0;
      const total = vote.totals ? vote.totals[n.id] || 0 : null;
      const topIdx = vote.top ? vote.top.indexOf(n.id) : -1;
      const rank = vote.revealed && total ? ranking(b, vote).findIndex((r) => r.note === n.id) + 1 : 0;
      if (topIdx >= 0) badges.push(el('span', { class: 'note-badge note-badge--top', text: t('vote.badgeTop', { n: topIdx + 1 }) }));
      if (total !== null && (total > 0 || vote.revealed)) {
        badges.push(el('span', { class: 'note-badge note-badge--dots', text: rank ? `${t('vote.rank', { rank })}: ${i18n.plural('vote.total', total)}` : i18n.plural('vote.total', total) }));
      }
      if (mine > 0) badges.push(el('span', { class: 'note-mine', text: i18n.plural('vote.mine', mine) }));
      if (vote.open && me && me.role === 'participant') {
        const cast = button(`vote:${n.id}`, t('note.vote'), t('vote.castLabel', { text: name }), () => opts.submit(voteCast(vote.id, n.id)));
        if (votesLeft(vote, me) <= 0 || (vote.cap && mine >= vote.cap)) cast.setAttribute('disabled', '');
        actions.append(cast);
        if (mine > 0) {
          actions.append(button(`unvote:${n.id}`, t('note.unvote'), t('vote.retractLabel', { text: name }), () => opts.submit(voteRetract(vote.id, n.id))));
        }
      }
    }
    if (canChangeContent(n, me)) {
      actions.append(
        button(`edit:${n.id}`, t('list.edit'), t('list.editLabel', { text: name }), () => startEdit(n)),
        button(`delete:${n.id}`, t('note.delete'), t('list.deleteLabel', { text: name }), () => {
          if (opts.submit(noteDelete(n.id))) opts.announce(t('list.deleted'));
        }));
    }
    actions.append(button(`show:${n.id}`, t('list.show'), t('list.showLabel', { text: name }), () => opts.onShow(n.id)));
    return el('li', { class: `list-note list-note--${n.color}${fresh ? ' list-note--new' : ''}`, data: { id: n.id } },
      el('p', { class: 'list-note-meta', text: t('note.label', { color: t(`color.${n.color}`), author }) }),
      el('p', { class: 'list-note-text', text: n.text || t('note.empty') }),
      badges.length ? el('p', { class: 'list-note-badges' }, ...badges) : null,
      ...listExtras(b, n, () => opts.openNote && opts.openNote(n.id)),
      actions);
  }

  return {
    /** Redraws on the next frame, if the list is showing. */
    schedule() {
      if (visible && !frame) frame = requestAnimationFrame(render);
    },
    /** @param {boolean} on */
    setVisible(on) {
      visible = on;
      scrollHome = on;
      if (on) render();
      else {
        // Nothing to keep current while hidden.
        list.replaceChildren();
        noteEls.clear();
        frameEls.clear();
      }
    },
    /**
     * Puts a note's text being changed (a draft kept from the board's
     * editor across a reload) into the form, to go on with.
     * @param {string} id
     * @param {string} value
     * @returns {boolean} whether the form took it
     */
    editWith(id, value) {
      const n = opts.getBoard().notes[id];
      if (!visible || form.hidden || !n || n.deleted || !canChangeContent(n, opts.getMe())) return false;
      // The form's own draft from before the reload comes first.
      if (!draftRestored && opts.drafts && opts.drafts.load()) return false;
      draftRestored = true;
      scrollHome = false;
      startEdit(n, false);
      text.value = value;
      keepDraft();
      return true;
    },
    /** Puts the cursor in the form for a new note (the "new note" button in list view). */
    startNew: () => startNew(whereChosen ? where.value : ''),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      seenWatch.disconnect();
      for (const h of seenTimers.values()) clearTimeout(h);
    },
  };
}
