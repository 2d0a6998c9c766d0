// The board on screen: notes as real DOM elements (so keyboards and screen
// readers reach them), a canvas moved by a CSS transform for pan and zoom,
// others' cursors, and every way to change a note: pointer, touch and
// keyboard.
//
// The view keeps no board state of its own. It draws what getBoard()
// returns (committed + pending, from state.js) and turns gestures into ops
// through submit(). Only while a pointer drags a note does it draw a local
// position, and the op is sent once, on release.

import { shortText } from './board-list.js';
import { el } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import {
  COLORS, LIMITS, newId, noteCreate, noteDelete, noteEdit, noteMove, noteRecolor, noteResize, voteCast, voteRetract,
} from './protocol.js';
import {
  canChangeBoard, canChangeContent, currentVote, frameAt, notesInOrder, ranking, voteCovers, votesLeft,
} from './state.js';
import {
  ZOOM_STEP, bounds, centeredView, clampScale, fitView, initialView, overviewView, pan, pinch, readableView, savedToView, toBoard,
  toScreen, transformCss, viewToSaved, visibleCenter, wheelZoomFactor, zoomAt, zoomTo,
} from './viewport.js';
import { homeOf } from './home.js';
import { CULL_MARGIN, CULL_MIN_NOTES, contains, intersects, keyboardStops, mountInOrder, viewRect } from './cull.js';
import { LOD_MIN_NOTES, LOD_SCALE, createLod } from './board-lod.js';
import { overlaps, placeNote } from './placement.js';
import {
  boxAround, createSelectionBar, deleteMany, moveMany, notesInFrame, notesInRect, recolorMany, rectBetween,
} from './selection.js';

/** @typedef {import('./protocol.js').Note} Note */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Participant} Participant */
/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./viewport.js').View} View */

/** Keyboard steps, in board units. */
const STEP = 10;
const BIG_STEP = 50;
/** Arrow keys pan the board by this many screen pixels. */
const PAN_STEP = 40;
/** A pointer must move this far (px) before a press becomes a drag. */
const DRAG_SLOP = 4;
/** The dot grid's cell at zoom 1, and how far its layer reaches past the board (> GRID * MAX_SCALE). */
const GRID = 24;
const GRID_MARGIN = 80;
/** A view still this long (ms) has stopped moving: the canvas is painted crisp again (board--moving). */
const MOVING_MS = 250;
/** Two taps this close in time (ms) and space (px) are a double tap. */
const DOUBLE_TAP_MS = 350;
const DOUBLE_TAP_PX = 24;

/**
 * @typedef {object} BoardViewOptions
 * @property {() => Board} getBoard the board to draw (state.js visibleBoard)
 * @property {() => Participant|null} getMe
 * @property {(op: Op) => boolean} submit sends an op; false if refused at once
 * @property {(x: number, y: number) => void} sendCursor board units, throttled by the caller
 * @property {(text: string) => void} toast
 * @property {(v: View) => void} [onViewChange]
 * @property {(id: string|null) => void} [onSelect] the selected note changed
 * @property {() => void} [onRender] after each draw (the minimap follows)
 * @property {(op: Op) => boolean} [submitMany] sends ops as one undo step (a batch); defaults to submit
 * @property {(ids: string[]) => void} [onMulti] the set of selected notes changed
 * @property {(ids: string[]) => void} [makeCluster] asks for a cluster around these notes
 * @property {(ids: string[]) => void} [duplicate] duplicates these notes
 * @property {(id: string, on: boolean) => void} [onEditing] the text editor of a note opened or closed (the soft lock)
 * @property {(id: string) => string} [writer] who else is writing in a note now ('' for nobody)
 * @property {(id: string) => boolean} [isUnsaved] whether a change to the note is not yet saved by the server
 * @property {(id: string, text: string|null) => void} [onEditorText] text typed in a note's editor, null when it closes (note-draft.js)
 */

/**
 * @typedef {object} Item
 * @property {HTMLElement} el
 * @property {HTMLElement} text
 * @property {HTMLElement} author
 * @property {HTMLElement} votes vote controls and results
 * @property {string} voteKey what votes shows now
 * @property {Note|null} note what the element shows now
 * @property {number} z
 * @property {string} lang the language its labels are in
 */

/**
 * Sets up the board inside the #board element.
 * @param {HTMLElement} board the viewport, #board
 * @param {BoardViewOptions} opts
 */
export function createBoardView(board, opts) {
  const canvas = el('div', { id: 'canvas' });
  const framesLayer = el('div', { class: 'frames-layer' });
  const notesLayer = el('div', { class: 'notes-layer' });
  const cursorsLayer = el('div', { class: 'cursors-layer', 'aria-hidden': 'true' });
  const empty = el('p', { class: 'board-empty', i18n: 'board.empty' });
  const gridEl = el('div', { class: 'board-grid', 'aria-hidden': 'true' });
  board.prepend(gridEl);
  canvas.append(framesLayer, notesLayer, cursorsLayer);
  /** @type {Map<string, {el: HTMLElement, key: string}>} */
  const frameEls = new Map();
  board.append(canvas, empty);
  const lod = createLod(board);

  /** @type {View} */
  let view = initialView();
  /** The mounted notes' elements. @type {Map<string, Item>} */
  const items = new Map();
  /** Each note's place in Tab order: the order first seen. @type {Map<string, number>} */
  const rank = new Map();
  let nextRank = 0;
  /** The board rectangle mounted at the last draw; null: every note is. @type {import('./cull.js').Rect|null} */
  let mounted = null;
  /** A note asked for by focusNote, mounted wherever it is. @type {string|null} */
  let keep = null;
  /** @type {string|null} */
  let selectedId = null;
  /** Notes selected together (Shift+click, marquee, all in a frame); holds selectedId too. @type {Set<string>} */
  const multi = new Set();
  /** A marquee being drawn: its start in board units and its element. @type {{pointerId: number, a: {x: number, y: number}, el: HTMLElement}|null} */
  let marquee = null;
  /** The pointer's last place on the board. @type {{x: number, y: number, at: number}|null} */
  let lastPointer = null;
  /** The select tool (touch): a drag on the board draws a marquee. */
  let selectTool = false;
  const selBar = createSelectionBar(board.parentElement || board, {
    color: (c) => sendAll(recolorMany(opts.getBoard(), multi, c)),
    remove: () => {
      const { ops, skipped } = deleteMany(opts.getBoard(), multi, opts.getMe());
      if (skipped) opts.toast(t('sel.skipped', { n: skipped }));
      if (sendAll(ops)) setMulti([]);
    },
    cluster: () => opts.makeCluster && opts.makeCluster([...multi]),
    duplicate: () => opts.duplicate && opts.duplicate([...multi]),
    clear: () => {
      setMulti([]);
      board.focus({ preventScroll: true });
    },
  });
  /** @type {HTMLElement|null} */
  let toolbar = null;
  /** @type {string} what the toolbar was built for, to rebuild it only on change */
  let toolbarKey = '';
  /** @type {{id: string, ta: HTMLTextAreaElement, original: string}|null} */
  let editing = null;
  /**
   * A note being dragged or resized by a pointer.
   * @type {{kind: 'move'|'resize', id: string, pointerId: number, sx: number, sy: number,
   *   orig: Note, cur: {x: number, y: number, w: number, h: number}, moved: boolean,
   *   group?: Set<string>, dx?: number, dy?: number}|null}
   */
  let drag = null;
  /** Pointers on the background, for pan and pinch. @type {Map<number, {x: number, y: number}>} */
  const panPointers = new Map();
  let panMoved = false;
  /** @type {{at: number, x: number, y: number, target: string}|null} */
  let lastTap = null;
  let lastDoubleTap = 0;
  let frame = 0;
  let zoomShown = NaN;
  /** A note keyboard focus brought into view this frame. @type {string|null} */
  let focusScrolled = null;
  /** Whether the last draw showed the notes as boxes (board-lod.js). */
  let lodOn = false;
  /** Whether the board has notes enough to draw as boxes from afar. */
  let lodBig = false;
  /** The board's size, kept by a ResizeObserver: read on every frame of a pan without a layout. */
  const boardSize = { w: 0, h: 0 };
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
    for (const e of entries) {
      boardSize.w = e.contentRect.width;
      boardSize.h = e.contentRect.height;
    }
  }) : null;
  if (resizes) resizes.observe(board);
  /** The timer that ends a move of the view (canvas--moving). */
  let moving = 0;

  setView(view);

  // ---- drawing ----

  /** Draws on the next animation frame; many changes make one draw. */
  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  /**
   * Brings the DOM in line with the board. Only the notes in and around
   * the view are mounted (cull.js), with those the keyboard needs; the
   * rest are counted and placed when the view comes near them.
   * @param {boolean} [force] redo every label (after a language change)
   */
  function render(force = false) {
    if (frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
    const b = opts.getBoard();
    const me = opts.getMe();
    const notes = notesInOrder(b);
    renderFrames(b, me, force);
    const vote = currentVote(b);
    const seen = new Set();
    // A board of fewer notes than CULL_MIN_NOTES mounts them all. From
    // afar (board-lod.js) a big board's notes are boxes on a canvas: only
    // those the keyboard needs are mounted.
    const culling = notes.length >= CULL_MIN_NOTES;
    const far = view.scale < LOD_SCALE && notes.length >= LOD_MIN_NOTES;
    lodBig = notes.length >= LOD_MIN_NOTES;
    const region = far ? { x: NaN, y: NaN, w: 0, h: 0 } : cullRegion();
    const all = !culling && !far;
    const must = mustMount(notes);
    /** @type {Item[]} */
    const mount = [];
    let added = false;
    notes.forEach((n, i) => {
      seen.add(n.id);
      if (!rank.has(n.id)) rank.set(n.id, nextRank++);
      const shown = drag && drag.id === n.id ? { ...n, ...drag.cur }
        : drag && drag.group && drag.moved && drag.group.has(n.id) ? { ...n, x: n.x + drag.dx, y: n.y + drag.dy } : n;
      let it = items.get(n.id);
      if (!all && !intersects(region, shown) && !must.has(n.id)) {
        if (it) unmount(n.id);
        return;
      }
      if (!it) {
        it = createItem(n.id);
        items.set(n.id, it);
        it.el.classList.toggle('note--selected', n.id === selectedId);
        it.el.classList.toggle('note--multi', multi.has(n.id));
        added = true;
      }
      mount.push(it);
      updateItem(it, shown, b, force);
      updateVotes(it, n, b, me, vote, force);
      // Draw in z order with z-index, not DOM order: moving a focused
      // element in the DOM would drop its focus, and Tab order would jump.
      if (it.z !== i) {
        it.el.style.zIndex = String(i + 1);
        it.z = i;
      }
    });
    for (const id of [...items.keys()]) if (!seen.has(id)) removeItem(id);
    if (added) {
      // DOM order is Tab order: the order in which notes were first seen.
      mount.sort((x, y) => /** @type {number} */ (rank.get(x.el.dataset.id || '')) - /** @type {number} */ (rank.get(y.el.dataset.id || '')));
      mountInOrder(notesLayer, mount.map((it) => it.el));
    }
    mounted = culling ? cullRegion() : null;
    lodOn = far;
    lod.setBoxes(notes, items);
    lod.draw(view, boardSize.w || board.clientWidth, boardSize.h || board.clientHeight);
    canvas.dataset.notes = String(notes.length);
    canvas.dataset.mounted = String(items.size);
    empty.hidden = notes.length > 0 || Object.keys(b.frames).length > 0;
    updateToolbar(b, me);
    if (opts.onRender) opts.onRender();
  }

  /**
   * The board rectangle whose notes are mounted: the view and a margin.
   * @returns {import('./cull.js').Rect}
   */
  function cullRegion() {
    return viewRect(view, board.clientWidth || 1280, board.clientHeight || 800, CULL_MARGIN);
  }

  /**
   * The notes mounted wherever they are: what is focused, selected, being
   * written or dragged, the one asked for last (focusNote), and the
   * keyboard's next stops from the focused or selected note.
   * @param {Note[]} notes
   * @returns {Set<string>}
   */
  function mustMount(notes) {
    const active = document.activeElement instanceof HTMLElement && notesLayer.contains(document.activeElement)
      ? /** @type {HTMLElement|null} */ (document.activeElement.closest('.note')) : null;
    const focused = active ? active.dataset.id || null : null;
    const must = new Set(keyboardStops(notes, rank, focused || selectedId));
    for (const id of [focused, selectedId, editing && editing.id, drag && drag.id, keep]) if (id) must.add(id);
    return must;
  }

  /**
   * Takes a note's element out of the DOM while it is far from the view.
   * @param {string} id
   */
  function unmount(id) {
    const it = items.get(id);
    if (!it) return;
    it.el.remove();
    items.delete(id);
  }

  /**
   * Draws the frames behind the notes: labelled regions with their title,
   * prompt, group and lock, and a button to write a note in them.
   * @param {Board} b
   * @param {Participant|null} me
   * @param {boolean} force
   */
  function renderFrames(b, me, force) {
    const frames = Object.values(b.frames).sort((x, y) => (x.z - y.z) || (x.id < y.id ? -1 : 1));
    const canWrite = canChangeBoard(me);
    const seen = new Set();
    frames.forEach((f, i) => {
      seen.add(f.id);
      const group = f.group && b.groups[f.group] ? b.groups[f.group].name : '';
      const key = JSON.stringify([f.title, f.prompt, f.x, f.y, f.w, f.h, group, !!f.locked, !!f.chosen, canWrite, i, i18n.lang()]);
      let fe = frameEls.get(f.id);
      if (fe && fe.key === key && !force) return;
      const node = fe ? fe.el : el('div', { class: 'frame', role: 'region', data: { id: f.id } });
      node.setAttribute('aria-label', t('frame.label', { title: f.title }));
      node.style.transform = `translate(${f.x}px, ${f.y}px)`;
      node.style.width = `${f.w}px`;
      node.style.height = `${f.h}px`;
      node.style.zIndex = String(i + 1);
      node.classList.toggle('frame--locked', !!f.locked);
      const head = el('div', { class: 'frame-head' },
        el('h3', { class: 'frame-title', text: f.title }),
        group ? el('span', { class: 'frame-tag', text: t('frame.group', { group }) }) : null,
        f.locked ? el('span', { class: 'frame-tag frame-tag--locked', i18n: 'frame.locked' }) : null,
        // A goal image card the facilitator recorded as chosen: in words, not colour alone.
        f.chosen ? el('span', { class: 'frame-tag frame-tag--chosen', i18n: 'fac.frame.chosen' }) : null);
      if (canWrite && !(f.locked && me && me.role !== 'facilitator')) {
        const add = el('button', { type: 'button', class: 'button button--small frame-add', data: { frame: f.id } },
          el('span', { 'aria-hidden': 'true', text: '+ ' }), el('span', { text: t('frame.addNote') }));
        add.setAttribute('aria-label', t('frame.addNoteIn', { title: f.title }));
        add.addEventListener('click', () => createNoteInFrame(f.id));
        head.append(add);
      }
      node.replaceChildren(head, f.prompt ? el('p', { class: 'frame-prompt', text: f.prompt }) : '');
      if (!fe) {
        fe = { el: node, key };
        frameEls.set(f.id, fe);
        framesLayer.append(node);
      }
      fe.key = key;
    });
    for (const [id, fe] of frameEls) {
      if (!seen.has(id)) {
        fe.el.remove();
        frameEls.delete(id);
      }
    }
  }

  /**
   * The vote controls of a note: while a vote covering it is open, a
   * participant's "vote" and "take back" buttons and their dots; the
   * totals for facilitators, and for everyone after the reveal; a badge
   * on the top notes. Never colour alone: every mark has text.
   * @param {Item} it
   * @param {Note} n
   * @param {Board} b
   * @param {Participant|null} me
   * @param {import('./state.js').VoteView|null} vote
   * @param {boolean} force
   */
  function updateVotes(it, n, b, me, vote, force) {
    const covered = !!vote && voteCovers(vote, n);
    const mine = covered && vote && vote.mine ? vote.mine[n.id] || 0 : 0;
    const total = covered && vote && vote.totals ? vote.totals[n.id] || 0 : null;
    const left = covered && vote ? votesLeft(vote, me) : 0;
    const voter = covered && !!vote && vote.open && !!me && me.role === 'participant';
    const topIdx = vote && vote.top ? vote.top.indexOf(n.id) : -1;
    const rank = vote && vote.revealed && total ? ranking(b, vote).findIndex((r) => r.note === n.id) + 1 : 0;
    const unsaved = !!opts.isUnsaved && opts.isUnsaved(n.id);
    const key = JSON.stringify([covered, vote && vote.id, vote && vote.open, mine, total, left, voter, topIdx, rank, !!n.hidden, !!n.private, unsaved, i18n.lang()]);
    if (it.voteKey === key && !force) return;
    it.voteKey = key;
    const parts = [];
    // Said in words, not only shown: the outbox (outbox.js) still holds it.
    if (unsaved) parts.push(el('span', { class: 'note-badge note-badge--unsaved', i18n: 'outbox.unsaved' }));
    if (topIdx >= 0) parts.push(el('span', { class: 'note-badge note-badge--top', text: t('vote.badgeTop', { n: topIdx + 1 }) }));
    if (n.private) parts.push(el('span', { class: 'note-badge', i18n: 'note.private' }));
    if (total !== null && (total > 0 || vote?.revealed)) {
      parts.push(el('span', { class: 'note-badge note-badge--dots', text: rank ? `${t('vote.rank', { rank })}: ${i18n.plural('vote.total', total)}` : i18n.plural('vote.total', total) }));
    }
    if (voter && vote) {
      if (mine > 0) parts.push(el('span', { class: 'note-mine', text: i18n.plural('vote.mine', mine) }));
      const cast = el('button', { type: 'button', class: 'button button--small note-vote-cast', i18n: 'note.vote' });
      cast.setAttribute('aria-label', t('vote.castLabel', { text: shortText(n.text) }));
      if (left <= 0 || (vote.cap && mine >= vote.cap)) cast.setAttribute('disabled', '');
      cast.addEventListener('click', () => opts.submit(voteCast(vote.id, n.id)));
      parts.push(cast);
      if (mine > 0) {
        const back = el('button', { type: 'button', class: 'button button--small note-vote-retract', i18n: 'note.unvote' });
        back.setAttribute('aria-label', t('vote.retractLabel', { text: shortText(n.text) }));
        back.addEventListener('click', () => opts.submit(voteRetract(vote.id, n.id)));
        parts.push(back);
      }
    }
    // Keep focus on the same button when the controls are redrawn.
    const focused = it.votes.contains(document.activeElement)
      ? /** @type {HTMLElement} */ (document.activeElement).className : '';
    it.votes.replaceChildren(...parts);
    it.votes.hidden = parts.length === 0;
    it.el.classList.toggle('note--top', topIdx >= 0);
    if (focused) {
      const again = /** @type {HTMLElement|null} */ (it.votes.querySelector(`button[class="${focused}"]:not([disabled])`));
      if (again) again.focus({ preventScroll: true });
      else it.el.focus({ preventScroll: true });
    }
  }

  /**
   * @param {string} id
   * @returns {Item}
   */
  function createItem(id) {
    const text = el('div', { class: 'note-text' });
    const author = el('span', { class: 'note-author', 'aria-hidden': 'true' });
    const handle = el('span', { class: 'note-resize', 'aria-hidden': 'true' });
    const votes = el('div', { class: 'note-votes', hidden: true });
    const node = el('div', {
      class: 'note', role: 'group', tabindex: '0', data: { id },
      i18nAttrs: { 'aria-roledescription': 'note.role' },
    }, text, author, votes, handle);
    return { el: node, text, author, votes, voteKey: '', note: null, z: -1, lang: '' };
  }

  /**
   * @param {Item} it
   * @param {Note} n
   * @param {Board} b
   * @param {boolean} force
   */
  function updateItem(it, n, b, force) {
    const old = it.note;
    if (old === n && !force) return;
    const node = it.el;
    if (!old || old.x !== n.x || old.y !== n.y) node.style.transform = `translate(${n.x}px, ${n.y}px)`;
    if (!old || old.w !== n.w) node.style.width = `${n.w}px`;
    if (!old || old.h !== n.h) node.style.height = `${n.h}px`;
    if (!old || old.color !== n.color) {
      if (old) node.classList.remove(`note--${old.color}`);
      node.classList.add(`note--${n.color}`);
    }
    if (it.text.textContent !== n.text) it.text.textContent = n.text;
    it.text.classList.toggle('note-text--empty', n.text === '');
    const authorName = nameOf(b, n.author);
    const colorName = t(`color.${n.color}`);
    const lang = i18n.lang();
    if (force || !old || old.color !== n.color || old.text !== n.text || it.lang !== lang || it.author.textContent !== authorName) {
      // What a screen reader says on focus: colour, author, then the words
      // (or "empty note"), e.g. "Gul lapp fra Kari: Mer lys langs elva".
      // The colour is in the name, so nothing rests on colour alone.
      const label = t('note.label', { color: colorName, author: authorName });
      node.dataset.label = `${label} ${n.text || t('note.empty')}`;
      labelNote(it);
      it.author.textContent = authorName;
      node.title = t('note.title', { color: colorName });
      it.text.dataset.placeholder = t('note.empty');
      it.lang = lang;
    }
    it.note = n;
  }

  /**
   * The note's accessible name: its label, and "selected" while it is part
   * of a selection of several.
   * @param {Item} it
   */
  function labelNote(it) {
    const base = it.el.dataset.label || '';
    const id = it.el.dataset.id || '';
    const text = multi.has(id) ? `${base} (${t('sel.marked')})` : base;
    if (it.el.getAttribute('aria-label') !== text) it.el.setAttribute('aria-label', text);
  }

  /** @param {string} id */
  function removeItem(id) {
    const it = items.get(id);
    if (!it) return;
    if (editing && editing.id === id) {
      // Someone deleted the note being written on (or the server refused
      // its creation). Say so: the words typed are gone.
      editing = null;
      opts.toast(t('note.goneWhileEditing'));
    }
    const hadFocus = it.el.contains(document.activeElement);
    if (selectedId === id) select(null);
    if (drag && drag.id === id) drag = null;
    if (multi.delete(id)) selBar.show(multi.size);
    it.el.remove();
    items.delete(id);
    if (hadFocus) board.focus({ preventScroll: true });
  }

  /**
   * @param {Board} b
   * @param {string} id
   * @returns {string}
   */
  function nameOf(b, id) {
    const p = b.participants[id];
    return p ? p.name : t('note.unknownAuthor');
  }

  // ---- selection and the note toolbar ----

  /** @param {string|null} id */
  function select(id) {
    if (selectedId === id) return;
    if (selectedId) items.get(selectedId)?.el.classList.remove('note--selected');
    selectedId = id;
    if (id) items.get(id)?.el.classList.add('note--selected');
    if (id && !items.has(id)) schedule(); // a far note: mount it
    updateToolbar(opts.getBoard(), opts.getMe());
    if (opts.onSelect) opts.onSelect(id);
  }

  /**
   * Puts the toolbar in the selected note, with the buttons this person
   * may use, and takes it away when nothing is selected.
   * @param {Board} b
   * @param {Participant|null} me
   */
  function updateToolbar(b, me) {
    const n = selectedId ? b.notes[selectedId] : null;
    const it = selectedId ? items.get(selectedId) : null;
    if (!n || n.deleted || !it || !canChangeBoard(me) || editing && editing.id === selectedId) {
      removeToolbar();
      return;
    }
    const content = canChangeContent(n, me);
    const key = `${n.id}|${n.color}|${content}|${i18n.lang()}`;
    if (toolbar && toolbarKey === key && toolbar.parentElement === it.el) {
      placeToolbar();
      return;
    }
    // Keep focus on the same button when the toolbar is rebuilt under it.
    const focused = toolbar && toolbar.contains(document.activeElement)
      ? /** @type {HTMLElement} */ (document.activeElement).dataset.action : null;
    removeToolbar();
    toolbar = buildToolbar(n, content);
    toolbar.style.setProperty('--zoom', String(view.scale));
    toolbarKey = key;
    it.el.append(toolbar);
    placeToolbar();
    if (focused) {
      const buttons = /** @type {HTMLElement[]} */ ([...toolbar.querySelectorAll('button')]);
      const i = buttons.findIndex((b) => b.dataset.action === focused);
      if (i >= 0) rove(buttons, i);
    }
  }

  /**
   * Keeps the toolbar on screen: above the note, or below it when the note
   * is at the top, and shifted sideways when the note is near an edge. The
   * toolbar is scaled by 1/zoom, so its own pixels are screen pixels.
   */
  function placeToolbar() {
    const n = toolbar && selectedId ? opts.getBoard().notes[selectedId] : null;
    if (!toolbar || !n) return;
    const s = toScreen(view, n.x, n.y);
    toolbar.classList.toggle('note-toolbar--below', s.y < toolbar.offsetHeight + 12);
    const room = board.clientWidth - 8;
    let shift = 0;
    if (s.x + toolbar.offsetWidth > room) shift = room - (s.x + toolbar.offsetWidth);
    if (s.x + shift < 8) shift = 8 - s.x;
    toolbar.style.left = `${shift / view.scale - 2}px`;
  }

  function removeToolbar() {
    if (toolbar) toolbar.remove();
    toolbar = null;
    toolbarKey = '';
  }

  /**
   * @param {Note} n
   * @param {boolean} content may edit and delete
   * @returns {HTMLElement}
   */
  function buildToolbar(n, content) {
    // An ARIA toolbar: one Tab stop, arrow keys move between its buttons,
    // so tabbing through many notes does not mean eight stops per note.
    const bar = el('div', { class: 'note-toolbar', role: 'toolbar', i18nAttrs: { 'aria-label': 'note.toolbar' } });
    if (content) {
      bar.append(el('button', { type: 'button', class: 'tool tool--text', data: { action: 'edit' }, i18n: 'note.edit' }));
    }
    for (const c of COLORS) {
      bar.append(el('button', {
        type: 'button', class: `tool swatch swatch--${c}`, data: { action: `color-${c}`, color: c },
        'aria-pressed': String(n.color === c), i18nAttrs: { 'aria-label': `color.${c}`, title: `color.${c}` },
      }));
    }
    if (content) {
      bar.append(el('button', { type: 'button', class: 'tool tool--text tool--danger', data: { action: 'delete' }, i18n: 'note.delete' }));
    }
    const buttons = /** @type {HTMLElement[]} */ ([...bar.querySelectorAll('button')]);
    buttons.forEach((b, i) => b.setAttribute('tabindex', i === 0 ? '0' : '-1'));
    bar.addEventListener('keydown', (ev) => {
      const i = buttons.indexOf(/** @type {HTMLElement} */ (ev.target));
      if (i < 0) return;
      const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      ev.stopPropagation();
      rove(buttons, (next + buttons.length) % buttons.length);
    });
    bar.addEventListener('click', (ev) => {
      const btn = ev.target instanceof Element ? ev.target.closest('button') : null;
      if (!btn || !selectedId) return;
      const id = selectedId;
      const action = /** @type {HTMLElement} */ (btn).dataset.action || '';
      if (action === 'edit') openEditor(id);
      else if (action === 'delete') deleteNote(id);
      else if (action.startsWith('color-')) opts.submit(noteRecolor(id, /** @type {any} */ (action.slice(6))));
    });
    return bar;
  }

  // ---- editing text in place ----

  /**
   * Opens the text editor in a note, if this person may change its text.
   * @param {string} id
   * @param {string} [draft] text to start with instead of the note's (a draft kept across a reload)
   */
  function openEditor(id, draft) {
    const b = opts.getBoard();
    const n = b.notes[id];
    const it = items.get(id);
    if (!n || n.deleted || !it) return;
    if (!canChangeContent(n, opts.getMe())) {
      opts.toast(t('toast.refused', { reason: t(errorKey('forbidden')) }));
      return;
    }
    const writer = opts.writer ? opts.writer(id) : '';
    if (writer && !(editing && editing.id === id)) {
      opts.toast(t('editing.refused', { name: writer }));
      return;
    }
    if (editing) {
      if (editing.id === id) {
        editing.ta.focus({ preventScroll: true });
        return;
      }
      closeEditor(true, false);
    }
    const ta = /** @type {HTMLTextAreaElement} */ (el('textarea', {
      class: 'note-editor', maxlength: String(LIMITS.textLen), rows: '4',
      i18nAttrs: { 'aria-label': 'note.editorLabel' }, 'aria-describedby': 'note-editor-help',
    }));
    ta.value = draft !== undefined ? draft : n.text;
    editing = { id, ta, original: n.text };
    removeToolbar();
    it.el.classList.add('note--editing');
    it.el.append(ta);
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(ta.value.length, ta.value.length);
    if (opts.onEditing) opts.onEditing(id, true);
    ta.addEventListener('input', () => {
      if (opts.onEditing) opts.onEditing(id, true);
      if (opts.onEditorText) opts.onEditorText(id, ta.value);
    });
    ta.addEventListener('keydown', (ev) => {
      // Keys typed here belong to the text, not to the board shortcuts.
      ev.stopPropagation();
      if (ev.isComposing) return;
      if (ev.key === 'Enter' && !ev.shiftKey) {
        ev.preventDefault();
        closeEditor(true, true);
      } else if (ev.key === 'Escape') {
        ev.preventDefault();
        closeEditor(false, true);
      }
    });
    ta.addEventListener('blur', () => {
      if (editing && editing.ta === ta) closeEditor(true, false);
    });
  }

  /**
   * Closes the editor, sending the new text if it changed.
   * @param {boolean} save
   * @param {boolean} refocus put focus back on the note
   */
  function closeEditor(save, refocus) {
    const ed = editing;
    if (!ed) return;
    editing = null; // first: removing the textarea fires blur
    const text = ed.ta.value;
    const it = items.get(ed.id);
    ed.ta.remove();
    if (it) it.el.classList.remove('note--editing');
    const current = opts.getBoard().notes[ed.id];
    if (save && current && !current.deleted && text !== ed.original && text !== current.text) {
      opts.submit(noteEdit(ed.id, text));
    }
    if (opts.onEditing) opts.onEditing(ed.id, false);
    if (opts.onEditorText) opts.onEditorText(ed.id, null);
    if (refocus && it) it.el.focus({ preventScroll: true });
    render();
  }

  // ---- changing notes ----

  /**
   * Makes a new empty yellow note centred on the board point (bx, by) and
   * opens its editor.
   * @param {number} bx
   * @param {number} by
   * @param {string} [inFrame] place it in this frame's next free cell
   * @param {boolean} [exact] right there (a double click on a free spot)
   * @returns {string|null} the new note's ID
   */
  function createNoteAt(bx, by, inFrame, exact = false) {
    if (!canChangeBoard(opts.getMe())) {
      opts.toast(t('toast.refused', { reason: t(errorKey('forbidden')) }));
      return null;
    }
    const { x, y } = inFrame !== undefined ? freeSpot(bx, by, inFrame) : exact ? { x: Math.round(bx - LIMITS.defaultW / 2), y: Math.round(by - LIMITS.defaultH / 2) } : freeSpot(bx, by);
    const id = newId();
    if (!opts.submit(noteCreate({ note: id, text: '', color: 'yellow', x, y }))) return null;
    keep = id;
    render();
    select(id);
    openEditor(id);
    return id;
  }

  /**
   * The top left corner of a new note asked for at the board point (bx, by):
   * the next free spot (placement.js), in the frame there when there is one,
   * never on top of another note.
   * @param {number} bx
   * @param {number} by
   * @param {string} [frameId] the frame to place it in ('' for none, undefined: the one at the point)
   * @returns {{x: number, y: number}}
   */
  function freeSpot(bx, by, frameId) {
    const b = opts.getBoard();
    const others = notesInOrder(b);
    const id = frameId !== undefined ? frameId : frameAt(b, { x: bx - LIMITS.defaultW / 2, y: by - LIMITS.defaultH / 2, w: LIMITS.defaultW, h: LIMITS.defaultH });
    const frame = id ? b.frames[id] : null;
    return placeNote({ cx: bx, cy: by, frame, others, w: LIMITS.defaultW, h: LIMITS.defaultH });
  }

  /**
   * Makes a new note inside a frame, below its title, stepping past the
   * notes there; brings the frame into view first.
   * @param {string} id
   * @returns {string|null}
   */
  function createNoteInFrame(id) {
    const f = opts.getBoard().frames[id];
    if (!f) return null;
    showRect(f);
    const noteId = createNoteAt(f.x + f.w / 2, f.y + f.h / 2, f.id);
    if (noteId) ensureVisible(noteId);
    return noteId;
  }

  /**
   * The top left corner for a new note written elsewhere (in the list
   * view): in the frame with this ID, or ('' or a frame gone) in the
   * middle of the board's view.
   * @param {string} frameId
   * @returns {{x: number, y: number}}
   */
  function spotFor(frameId) {
    const f = frameId ? opts.getBoard().frames[frameId] : undefined;
    if (f) return freeSpot(f.x + f.w / 2, f.y + f.h / 2, f.id);
    const c = visibleCenter(view, board.clientWidth || 800, board.clientHeight || 600);
    return freeSpot(c.x, c.y);
  }

  /**
   * Pans and zooms so the rectangle (a frame) fills the view.
   * @param {{x: number, y: number, w: number, h: number}} r
   */
  function showRect(r) {
    const a = toScreen(view, r.x, r.y), z = toScreen(view, r.x + r.w, r.y + r.h);
    if (a.x >= 0 && a.y >= 0 && z.x <= board.clientWidth && z.y <= board.clientHeight) return;
    setView(readableView(r, board.clientWidth, board.clientHeight));
  }

  /**
   * The frame in the middle of the view, or the one most of the view shows.
   * @returns {string}
   */
  function frameInView() {
    const b = opts.getBoard();
    const c = visibleCenter(view, board.clientWidth, board.clientHeight);
    let best = '', bestArea = Infinity;
    for (const f of Object.values(b.frames)) {
      if (c.x >= f.x && c.x <= f.x + f.w && c.y >= f.y && c.y <= f.y + f.h && f.w * f.h < bestArea) {
        best = f.id;
        bestArea = f.w * f.h;
      }
    }
    return best;
  }

  /** Makes a new note in the middle of what is visible. */
  function createNoteAtCenter() {
    const c = visibleCenter(view, board.clientWidth, board.clientHeight);
    return createNoteAt(c.x, c.y);
  }

  /**
   * Deletes a note and moves focus to a neighbour (or the board), so a
   * keyboard user is not dropped at the top of the page.
   * @param {string} id
   */
  function deleteNote(id) {
    const order = notesInOrder(opts.getBoard()).map((n) => n.id);
    const i = order.indexOf(id);
    if (!opts.submit(noteDelete(id))) return;
    render();
    const next = order[i + 1] || order[i - 1];
    if (next) {
      keep = next;
      render();
    }
    const it = next ? items.get(next) : null;
    if (it) it.el.focus({ preventScroll: true });
    else board.focus({ preventScroll: true });
  }

  // ---- pan and zoom ----

  /** @param {View} v */
  function setView(v) {
    view = v;
    canvas.style.transform = transformCss(v);
    // Toolbars and cursor labels divide by --zoom to keep a readable size.
    // Set on them, not on the canvas: a custom property on the canvas
    // restyles every element in it on every frame of a pan or zoom.
    if (v.scale !== zoomShown) {
      zoomShown = v.scale;
      cursorsLayer.style.setProperty('--zoom', String(v.scale));
      if (toolbar) toolbar.style.setProperty('--zoom', String(v.scale));
    }
    // While the view moves, the board and its canvas are layers of their
    // own: the compositor moves the canvas without painting it again, and
    // the dot grid is painted without the page around it. A moment after
    // the last move the canvas is painted once more, crisp at the new zoom.
    if (!moving) board.classList.add('board--moving');
    clearTimeout(moving);
    moving = setTimeout(() => {
      moving = 0;
      board.classList.remove('board--moving');
    }, MOVING_MS);
    // Mount what comes into view, on the next frame, once the view leaves
    // the mounted region (and when zooming in shrinks it a lot).
    const seenNow = viewRect(v, boardSize.w || board.clientWidth || 1280, boardSize.h || board.clientHeight || 800);
    if ((mounted && (!contains(mounted, seenNow) || seenNow.w * 4 < mounted.w)) || (lodBig && v.scale < LOD_SCALE) !== lodOn) schedule();
    else if (lodOn) lod.draw(v, boardSize.w || board.clientWidth, boardSize.h || board.clientHeight);
    // The dot grid moves with the board, so panning is visible even where
    // there are no notes: by a transform of less than one cell, so a pan
    // repaints nothing (a zoom repaints the grid alone).
    const g = GRID * v.scale;
    const size = `${g}px ${g}px`;
    if (gridEl.style.backgroundSize !== size) gridEl.style.backgroundSize = size;
    const gx = mod(v.x + GRID_MARGIN, g) - g, gy = mod(v.y + GRID_MARGIN, g) - g;
    gridEl.style.transform = `translate(${gx}px, ${gy}px)`;
    placeToolbar();
    if (opts.onViewChange) opts.onViewChange(v);
  }

  /** @param {number} factor */
  function zoomBy(factor) {
    setView(zoomAt(view, factor, board.clientWidth / 2, board.clientHeight / 2));
    if (selectedId) updateToolbar(opts.getBoard(), opts.getMe());
  }

  function zoomReset() {
    setView(zoomTo(view, 1, board.clientWidth / 2, board.clientHeight / 2));
  }

  /** Shows all the notes and frames, as small as it takes: the overview. */
  function fitAll() {
    const b = opts.getBoard();
    const items = [...Object.values(b.shapes || {}), ...Object.values(b.clusters || {})].filter((x) => !x.deleted);
    setView(overviewView([...notesInOrder(b), ...Object.values(b.frames), ...items], board.clientWidth, board.clientHeight));
  }

  /**
   * Goes to where this person belongs (home.js), at a zoom where notes
   * are readable: their group's frame, the facilitator's focus, or the
   * current exercise's frame; on a board without frames, its notes.
   */
  function goHome() {
    const b = opts.getBoard();
    const W = board.clientWidth, H = board.clientHeight;
    const home = homeOf(b, opts.getMe());
    if (home && home.kind === 'frame') setView(readableView(home.frame, W, H));
    else if (home && home.kind === 'point') setView(centeredView(home.x, home.y, 1, W, H));
    else {
      const all = bounds(notesInOrder(b));
      setView(all ? readableView(all, W, H) : initialView());
    }
  }

  /**
   * Pans so the note is inside the visible area, when keyboard focus or a
   * keyboard move takes it out of sight.
   * @param {string} id
   */
  function ensureVisible(id) {
    const n = opts.getBoard().notes[id];
    if (!n) return;
    const m = 16;
    const a = toScreen(view, n.x, n.y);
    const z = toScreen(view, n.x + n.w, n.y + n.h);
    const W = board.clientWidth, H = board.clientHeight;
    let dx = 0, dy = 0;
    if (z.x - a.x > W - 2 * m || a.x < m) dx = m - a.x;
    else if (z.x > W - m) dx = W - m - z.x;
    if (z.y - a.y > H - 2 * m || a.y < m) dy = m - a.y;
    else if (z.y > H - m) dy = H - m - z.y;
    if (dx || dy) setView(pan(view, dx, dy));
  }

  // ---- pointer input ----

  /**
   * @param {PointerEvent} ev
   * @returns {{x: number, y: number}} the point relative to #board
   */
  function local(ev) {
    const r = board.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }

  /** @param {PointerEvent} ev */
  function onPointerDown(ev) {
    if (ev.pointerType === 'mouse' && ev.button !== 0) return;
    const target = /** @type {Element} */ (ev.target);
    if (target.closest('.note-editor, .note-toolbar, .note-votes, .note-extras button, .frame-head button')) return;
    const noteEl = /** @type {HTMLElement|null} */ (target.closest('.note'));
    if (noteEl && ev.shiftKey && !drag) {
      // Shift+click adds a note to the selection, or takes it out; it
      // does not stretch a text selection from the last note clicked to
      // this one (which the next press would drag as text).
      ev.preventDefault();
      toggleMulti(noteEl.dataset.id || '');
      return;
    }
    if (noteEl && !drag && panPointers.size === 0) {
      startNoteDrag(ev, noteEl, target.classList.contains('note-resize') ? 'resize' : 'move');
      return;
    }
    if (drag) return;
    if ((ev.shiftKey || selectTool) && panPointers.size === 0 && !target.closest('.frame-head, .connector-label, .cluster-name')) {
      // A marquee: Shift+drag on the board, or any drag with the select tool.
      const p = local(ev);
      const m = el('div', { class: 'marquee', 'aria-hidden': 'true' });
      board.append(m);
      marquee = { pointerId: ev.pointerId, a: toBoard(view, p.x, p.y), el: m };
      capture(ev.pointerId);
      drawMarquee(p);
      return;
    }
    panPointers.set(ev.pointerId, local(ev));
    if (panPointers.size === 1) panMoved = false;
    // Focus the board for its arrow keys; this also ends an open editor.
    if (document.activeElement !== board) board.focus({ preventScroll: true });
  }

  /**
   * @param {PointerEvent} ev
   * @param {HTMLElement} noteEl
   * @param {'move'|'resize'} kind
   */
  function startNoteDrag(ev, noteEl, kind) {
    const id = noteEl.dataset.id || '';
    const n = opts.getBoard().notes[id];
    if (!n) return;
    noteEl.focus({ preventScroll: true });
    const inGroup = multi.size > 1 && multi.has(id) && kind === 'move';
    if (!inGroup && multi.size) setMulti([]);
    select(id);
    if (!canChangeBoard(opts.getMe())) {
      trackTap(ev, `note:${id}`);
      return;
    }
    const p = local(ev);
    // A press that may carry the note starts no text selection, nor the
    // browser's drag of text already selected (which would end this
    // pointer's events: the note would not move).
    ev.preventDefault();
    drag = { kind, id, pointerId: ev.pointerId, sx: p.x, sy: p.y, orig: n, cur: { x: n.x, y: n.y, w: n.w, h: n.h }, moved: false };
    if (inGroup) {
      // The others of the selection follow this one.
      drag.group = new Set([...multi].filter((x) => x !== id));
      drag.dx = 0;
      drag.dy = 0;
    }
  }

  /**
   * Keeps the pointer's events coming to the board while it drags, even
   * outside it. Only once a drag has begun: with capture set, a click's
   * target becomes the board, and a double click could not find its note.
   * @param {number} pointerId
   */
  function capture(pointerId) {
    try {
      board.setPointerCapture(pointerId);
    } catch {
      // the pointer is gone already
    }
  }

  /** @param {PointerEvent} ev */
  function onPointerMove(ev) {
    const p = local(ev);
    if (drag && ev.pointerId === drag.pointerId) {
      const dx = (p.x - drag.sx) / view.scale, dy = (p.y - drag.sy) / view.scale;
      if (!drag.moved && Math.hypot(p.x - drag.sx, p.y - drag.sy) < DRAG_SLOP) return;
      if (!drag.moved) capture(ev.pointerId);
      drag.moved = true;
      const o = drag.orig;
      drag.cur = drag.kind === 'move'
        ? { x: o.x + dx, y: o.y + dy, w: o.w, h: o.h }
        : { x: o.x, y: o.y, w: clampSide(o.w + dx), h: clampSide(o.h + dy) };
      if (drag.group) {
        drag.dx = dx;
        drag.dy = dy;
      }
      render();
    } else if (marquee && ev.pointerId === marquee.pointerId) {
      drawMarquee(p);
    } else if (panPointers.has(ev.pointerId)) {
      movePan(ev.pointerId, p);
    }
    const b = toBoard(view, p.x, p.y);
    lastPointer = { ...b, at: performance.now() };
    opts.sendCursor(b.x, b.y);
  }

  /**
   * Where a paste goes: under the pointer if it was on the board in the
   * last minute, else beside the focused note, else the middle of the view.
   * @returns {{x: number, y: number}}
   */
  function pastePoint() {
    if (lastPointer && performance.now() - lastPointer.at < 60000) return lastPointer;
    const n = selectedId ? opts.getBoard().notes[selectedId] : null;
    if (n && !n.deleted) return { x: n.x + n.w * 1.5 + 24, y: n.y + n.h / 2 };
    return visibleCenter(view, board.clientWidth, board.clientHeight);
  }

  /**
   * @param {number} pointerId
   * @param {{x: number, y: number}} p
   */
  function movePan(pointerId, p) {
    const prev = /** @type {{x: number, y: number}} */ (panPointers.get(pointerId));
    if (panPointers.size === 1) {
      if (!panMoved && Math.hypot(p.x - prev.x, p.y - prev.y) < DRAG_SLOP) return;
      if (!panMoved) capture(pointerId);
      panMoved = true;
      panPointers.set(pointerId, p);
      setView(pan(view, p.x - prev.x, p.y - prev.y));
    } else if (panPointers.size === 2) {
      panMoved = true;
      const [otherId, other] = [...panPointers].find(([id]) => id !== pointerId) || [];
      if (otherId === undefined || !other) return;
      panPointers.set(pointerId, p);
      setView(pinch(view, prev, other, p, other));
    }
  }

  /** @param {PointerEvent} ev */
  function onPointerUp(ev) {
    if (drag && ev.pointerId === drag.pointerId) {
      const d = drag;
      drag = null;
      if (d.moved && d.group) {
        // The whole selection moves as one op: one event, one undo step.
        const ids = [d.id, ...d.group];
        sendAll(moveMany(opts.getBoard(), ids, d.cur.x - d.orig.x, d.cur.y - d.orig.y));
      } else if (d.moved) {
        const op = d.kind === 'move' ? noteMove(d.id, d.cur.x, d.cur.y) : noteResize(d.id, d.cur.w, d.cur.h);
        opts.submit(op);
      } else {
        trackTap(ev, `note:${d.id}`);
      }
      render();
      return;
    }
    if (marquee && ev.pointerId === marquee.pointerId) {
      const m = marquee;
      marquee = null;
      m.el.remove();
      const p = local(ev);
      const r = rectBetween(m.a, toBoard(view, p.x, p.y));
      const ids = notesInRect(opts.getBoard(), r);
      setMulti(ev.shiftKey ? [...multi, ...ids] : ids);
      return;
    }
    if (panPointers.has(ev.pointerId)) {
      const single = panPointers.size === 1 && !panMoved;
      panPointers.delete(ev.pointerId);
      if (single) {
        if (multi.size) setMulti([]);
        select(null);
        trackTap(ev, 'board');
      }
    }
  }

  /** @param {PointerEvent} ev */
  function onPointerCancel(ev) {
    if (marquee && ev.pointerId === marquee.pointerId) {
      marquee.el.remove();
      marquee = null;
    }
    if (drag && ev.pointerId === drag.pointerId) {
      drag = null;
      render();
    }
    panPointers.delete(ev.pointerId);
  }

  /**
   * Turns two quick taps by touch or pen into a double click: mobile
   * browsers do not reliably send dblclick when touch-action is none.
   * @param {PointerEvent} ev
   * @param {string} target
   */
  function trackTap(ev, target) {
    if (ev.pointerType === 'mouse') return;
    const p = local(ev);
    const now = performance.now();
    const tap = lastTap;
    if (tap && tap.target === target && now - tap.at < DOUBLE_TAP_MS && Math.hypot(p.x - tap.x, p.y - tap.y) < DOUBLE_TAP_PX) {
      lastTap = null;
      lastDoubleTap = now;
      activate(target, p);
      return;
    }
    lastTap = { at: now, x: p.x, y: p.y, target };
  }

  /**
   * A double click or double tap: edit a note, or make one on the board.
   * @param {string} target 'board' or 'note:{id}'
   * @param {{x: number, y: number}} p
   */
  function activate(target, p) {
    if (target.startsWith('note:')) {
      openEditor(target.slice(5));
    } else {
      const b = toBoard(view, p.x, p.y);
      // Right where asked if that is free; else the nearest free spot.
      const want = { x: b.x - LIMITS.defaultW / 2, y: b.y - LIMITS.defaultH / 2, w: LIMITS.defaultW, h: LIMITS.defaultH };
      const free = !notesInOrder(opts.getBoard()).some((n) => overlaps(n, want));
      createNoteAt(b.x, b.y, undefined, free);
    }
  }

  /** @param {MouseEvent} ev */
  function onDblClick(ev) {
    if (performance.now() - lastDoubleTap < 500) return; // the tap handler did it
    const target = /** @type {Element} */ (ev.target);
    if (target.closest('.note-editor, .note-toolbar, .note-resize, .note-votes, .note-extras, .frame-head button, .shape, .cluster')) return;
    const noteEl = /** @type {HTMLElement|null} */ (target.closest('.note'));
    const r = board.getBoundingClientRect();
    activate(noteEl ? `note:${noteEl.dataset.id}` : 'board', { x: ev.clientX - r.left, y: ev.clientY - r.top });
  }

  /** @param {WheelEvent} ev */
  function onWheel(ev) {
    if (ev.target instanceof Element && ev.target.closest('.note-editor')) return; // let the text scroll
    ev.preventDefault();
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? board.clientHeight : 1;
    if (ev.ctrlKey || ev.metaKey) {
      // ctrlKey is also how browsers report a trackpad pinch.
      const r = board.getBoundingClientRect();
      setView(zoomAt(view, wheelZoomFactor(ev.deltaY * unit), ev.clientX - r.left, ev.clientY - r.top));
    } else {
      setView(pan(view, -ev.deltaX * unit, -ev.deltaY * unit));
    }
  }

  // ---- keyboard input ----

  /** @param {KeyboardEvent} ev */
  function onKeyDown(ev) {
    const target = /** @type {HTMLElement} */ (ev.target);
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'a' && (target === board || target.classList.contains('note'))) {
      ev.preventDefault();
      selectAllInFrame();
      return;
    }
    if (target === board) {
      boardKey(ev);
    } else if (target.classList.contains('note') && target.dataset.id) {
      noteKey(ev, target.dataset.id);
    } else if (ev.key === 'Escape' && target.closest('.note-toolbar')) {
      const noteEl = /** @type {HTMLElement|null} */ (target.closest('.note'));
      if (noteEl) noteEl.focus({ preventScroll: true });
    }
  }

  /** Arrow keys pan the board; + - 0 zoom. @param {KeyboardEvent} ev */
  function boardKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const step = ev.shiftKey ? PAN_STEP * 4 : PAN_STEP;
    const d = arrow(ev.key);
    if (d) {
      ev.preventDefault();
      setView(pan(view, -d.x * step, -d.y * step));
      return;
    }
    // Shift+1 shows everything, Shift+2 goes home (as in Miro and Figma);
    // by code, so it works whatever the layout puts on those keys.
    if (ev.shiftKey && ev.code === 'Digit1') fitAll();
    else if (ev.shiftKey && ev.code === 'Digit2') goHome();
    else if (ev.key === '+' || ev.key === '=') zoomBy(ZOOM_STEP);
    else if (ev.key === '-') zoomBy(1 / ZOOM_STEP);
    else if (ev.key === '0') zoomReset();
    else return;
    ev.preventDefault();
  }

  /**
   * Keys on a focused note: Enter edits, arrows move, Alt+arrows resize,
   * Delete deletes, Escape goes back to the board.
   * @param {KeyboardEvent} ev
   * @param {string} id
   */
  function noteKey(ev, id) {
    if (ev.ctrlKey || ev.metaKey) return;
    const n = opts.getBoard().notes[id];
    if (!n) return;
    const d = arrow(ev.key);
    if (d) {
      ev.preventDefault();
      if (!canChangeBoard(opts.getMe())) return;
      const step = ev.shiftKey ? BIG_STEP : STEP;
      if (ev.altKey) opts.submit(noteResize(id, n.w + d.x * step, n.h + d.y * step));
      else if (multi.size > 1 && multi.has(id)) sendAll(moveMany(opts.getBoard(), multi, d.x * step, d.y * step));
      else opts.submit(noteMove(id, n.x + d.x * step, n.y + d.y * step));
      render();
      ensureVisible(id);
      return;
    }
    switch (ev.key) {
      case 'Enter':
      case 'F2':
        ev.preventDefault();
        openEditor(id);
        break;
      case 'Delete':
      case 'Backspace':
        ev.preventDefault();
        if (multi.size > 1 && multi.has(id)) {
          const { ops, skipped } = deleteMany(opts.getBoard(), multi, opts.getMe());
          if (skipped) opts.toast(t('sel.skipped', { n: skipped }));
          if (sendAll(ops)) setMulti([]);
        } else if (canChangeContent(n, opts.getMe())) deleteNote(id);
        else opts.toast(t('toast.refused', { reason: t(errorKey('forbidden')) }));
        break;
      case 'Escape':
        ev.preventDefault();
        setMulti([]);
        select(null);
        board.focus({ preventScroll: true });
        break;
      case ' ':
        // Space adds the focused note to the selection, or takes it out
        // (the keyboard's Shift+click).
        if (!ev.shiftKey) break;
        ev.preventDefault();
        toggleMulti(id);
        break;
      default:
    }
  }

  // ---- selecting many ----

  /**
   * Sends ops made for many notes; a single batch is one undo step.
   * @param {Op[]} ops
   * @returns {boolean} all were sent
   */
  function sendAll(ops) {
    let ok = ops.length > 0;
    for (const op of ops) ok = (opts.submitMany || opts.submit)(op) && ok;
    render();
    return ok;
  }

  /**
   * Sets the notes selected together.
   * @param {Iterable<string>} ids
   */
  function setMulti(ids) {
    const next = new Set(ids);
    for (const id of multi) if (!next.has(id)) items.get(id)?.el.classList.remove('note--multi');
    multi.clear();
    const notes = opts.getBoard().notes;
    for (const id of next) {
      // Selected whether mounted or not: a far note gets its mark when
      // it comes into view.
      if (!notes[id] || notes[id].deleted) continue;
      multi.add(id);
      items.get(id)?.el.classList.add('note--multi');
    }
    for (const it of items.values()) labelNote(it);
    selBar.show(multi.size);
    if (multi.size === 1) select([...multi][0]);
    if (opts.onMulti) opts.onMulti([...multi]);
  }

  /** @param {string} id */
  function toggleMulti(id) {
    if (!id) return;
    const next = new Set(multi);
    if (selectedId && next.size === 0) next.add(selectedId);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setMulti(next);
  }

  /**
   * Selects every note in a frame: the focused note's, or the one in view.
   * @param {string} [frame]
   */
  function selectAllInFrame(frame) {
    const b = opts.getBoard();
    const f = frame !== undefined ? frame : (selectedId && b.notes[selectedId] ? b.notes[selectedId].frame || '' : frameInView());
    setMulti(notesInFrame(b, f));
    opts.toast(t('sel.selectedAll', { n: multi.size }));
  }

  /** @param {{x: number, y: number}} p the pointer, relative to #board */
  function drawMarquee(p) {
    if (!marquee) return;
    const a = toScreen(view, marquee.a.x, marquee.a.y);
    const r = rectBetween(a, p);
    marquee.el.style.transform = `translate(${r.x}px, ${r.y}px)`;
    marquee.el.style.width = `${r.w}px`;
    marquee.el.style.height = `${r.h}px`;
  }

  /** @param {FocusEvent} ev */
  function onFocusIn(ev) {
    const target = /** @type {HTMLElement} */ (ev.target);
    const noteEl = /** @type {HTMLElement|null} */ (target.closest('.note'));
    if (!noteEl) return;
    select(noteEl.dataset.id || null);
    // Only keyboard focus pans: a click lands on what is visible already.
    if (target === noteEl && noteEl.matches(':focus-visible')) {
      const id = noteEl.dataset.id || '';
      ensureVisible(id);
      // The browser's scroll to it comes in this frame (onScroll).
      focusScrolled = id;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (focusScrolled === id) focusScrolled = null;
      }));
    }
    // Mount the note's neighbours in Tab order now, not on the next frame:
    // the next Tab may come first (cull.js).
    if (target === noteEl) render();
  }

  /**
   * Focusing an element scrolls its container, even with overflow hidden.
   * Turn such a scroll into a pan, so the transform stays the only offset.
   */
  function onScroll() {
    const dx = board.scrollLeft, dy = board.scrollTop;
    if (!dx && !dy) return;
    board.scrollLeft = 0;
    board.scrollTop = 0;
    // A note that just took keyboard focus is brought into view by
    // onFocusIn already; the browser's own scroll to it would move it
    // twice, past the top of the board (a far note, mounted off screen:
    // cull.js). Any other scroll (an element scrolled into view) pans.
    if (focusScrolled) ensureVisible(focusScrolled);
    else setView(pan(view, -dx, -dy));
  }

  const onPointerLeave = () => { lastPointer = null; };
  board.addEventListener('pointerleave', onPointerLeave);
  board.addEventListener('pointerdown', onPointerDown);
  board.addEventListener('pointermove', onPointerMove);
  board.addEventListener('pointerup', onPointerUp);
  board.addEventListener('pointercancel', onPointerCancel);
  board.addEventListener('dblclick', onDblClick);
  board.addEventListener('wheel', onWheel, { passive: false });
  board.addEventListener('keydown', onKeyDown);
  board.addEventListener('focusin', onFocusIn);
  board.addEventListener('scroll', onScroll);

  // ---- cursors ----

  /** @type {Map<string, HTMLElement>} */
  const cursorEls = new Map();

  /**
   * Draws the cursors of others.
   * @param {{id: string, x: number, y: number}[]} list
   * @param {(id: string) => string} name
   */
  function renderCursors(list, name) {
    const seen = new Set();
    for (const c of list) {
      seen.add(c.id);
      let node = cursorEls.get(c.id);
      if (!node) {
        node = el('div', { class: `cursor cursor--${hueOf(c.id)}` }, el('span', { class: 'cursor-label' }));
        cursorEls.set(c.id, node);
        cursorsLayer.append(node);
      }
      const label = /** @type {HTMLElement} */ (node.firstChild);
      const text = name(c.id);
      if (label.textContent !== text) label.textContent = text;
      node.style.transform = `translate(${c.x}px, ${c.y}px)`;
    }
    for (const [id, node] of cursorEls) {
      if (!seen.has(id)) {
        node.remove();
        cursorEls.delete(id);
      }
    }
  }

  /**
   * Focuses a note and brings it into view; for "show on the board".
   * @param {string} id
   */
  function focusNote(id) {
    if (!opts.getBoard().notes[id]) return;
    // Bring it into view and mount it (it may be far away) before focusing.
    keep = id;
    ensureVisible(id);
    render();
    const it = items.get(id);
    if (!it) return;
    it.el.focus({ preventScroll: true });
  }

  return {
    render,
    schedule,
    focusNote,
    fitAll,
    setMulti,
    selectAllInFrame,
    pastePoint,
    /** @returns {HTMLElement} the canvas, for the items layer */
    canvas: () => canvas,
    /**
     * Where a note a pointer carries (alone or with the notes selected
     * with it) is drawn now, else null: the connectors at it follow.
     * @param {string} id
     * @returns {{x: number, y: number, w: number, h: number}|null}
     */
    notePreview(id) {
      if (!drag || !drag.moved) return null;
      if (drag.id === id) return { ...drag.orig, ...drag.cur };
      if (!drag.group || !drag.group.has(id)) return null;
      const n = opts.getBoard().notes[id];
      return n ? { x: n.x + drag.dx, y: n.y + drag.dy, w: n.w, h: n.h } : null;
    },
    /** @returns {boolean} whether a pointer carries or resizes a note now */
    dragging: () => !!(drag && drag.moved),
    /** @returns {string[]} the notes selected together (or the one selected) */
    selection: () => (multi.size ? [...multi] : selectedId ? [selectedId] : []),
    /** @param {boolean} on the select tool: a drag on the board draws a marquee */
    setSelectTool(on) {
      selectTool = on;
      board.classList.toggle('board--select', on);
    },
    goHome,
    /**
     * Shows a view kept from an earlier visit.
     * @param {unknown} saved from saved()
     * @returns {boolean} whether it was one
     */
    restore(saved) {
      const v = savedToView(saved);
      if (v) setView(v);
      return !!v;
    },
    /** @returns {{left: number, top: number, scale: number}} the view, to keep */
    saved: () => viewToSaved(view),
    createNoteInFrame,
    spotFor,
    frameInView,
    /** @param {string} id brings a frame into view */
    showFrame(id) {
      const f = opts.getBoard().frames[id];
      if (f) setView(readableView(f, board.clientWidth, board.clientHeight));
    },
    /** @param {number} x @param {number} y centres a board point */
    showPoint(x, y) {
      const c = visibleCenter(view, board.clientWidth, board.clientHeight);
      setView(pan(view, (c.x - x) * view.scale, (c.y - y) * view.scale));
    },
    /**
     * Shows a board rectangle whole, centred (follow me, follow.js).
     * @param {{x: number, y: number, w: number, h: number}} r
     */
    showRect(r) {
      const w = board.clientWidth, h = board.clientHeight;
      if (!w || !h || !(r.w > 0) || !(r.h > 0)) return;
      const scale = clampScale(Math.min(w / r.w, h / r.h));
      setView({ scale, x: w / 2 - (r.x + r.w / 2) * scale, y: h / 2 - (r.y + r.h / 2) * scale });
    },
    /** @returns {{x: number, y: number}} the board point in the middle of the view */
    center: () => visibleCenter(view, board.clientWidth, board.clientHeight),
    /** @returns {{w: number, h: number}} the board element's size in CSS px, without a layout when known */
    boardSize: () => ({ w: boardSize.w || board.clientWidth, h: boardSize.h || board.clientHeight }),
    /** @returns {{w: number, h: number}} the visible size in board units */
    visibleSize: () => ({ w: board.clientWidth / view.scale, h: board.clientHeight / view.scale }),
    /** @returns {string|null} the selected note */
    selected: () => selectedId,
    zoomBy,
    zoomReset,
    createNoteAtCenter,
    renderCursors,
    /** @returns {View} */
    view: () => view,
    /** @returns {string|null} the note whose editor is open */
    editingId: () => (editing ? editing.id : null),
    /**
     * Opens a note's editor with text (a draft kept across a reload).
     * @param {string} id
     * @param {string} text
     * @returns {boolean} whether the editor is open on it
     */
    editWith: (id, text) => {
      openEditor(id, text);
      return !!editing && editing.id === id;
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(moving);
      if (resizes) resizes.disconnect();
      board.removeEventListener('pointerdown', onPointerDown);
      board.removeEventListener('pointermove', onPointerMove);
      board.removeEventListener('pointerup', onPointerUp);
      board.removeEventListener('pointercancel', onPointerCancel);
      board.removeEventListener('dblclick', onDblClick);
      board.removeEventListener('wheel', onWheel);
      board.removeEventListener('keydown', onKeyDown);
      board.removeEventListener('focusin', onFocusIn);
      board.removeEventListener('scroll', onScroll);
    },
  };
}

/**
 * Moves the single Tab stop of a toolbar to buttons[i] and focuses it.
 * @param {HTMLElement[]} buttons
 * @param {number} i
 */
function rove(buttons, i) {
  buttons.forEach((b, j) => b.setAttribute('tabindex', j === i ? '0' : '-1'));
  buttons[i].focus({ preventScroll: true });
}

/**
 * @param {string} key KeyboardEvent.key
 * @returns {{x: number, y: number}|null}
 */
function arrow(key) {
  switch (key) {
    case 'ArrowLeft': return { x: -1, y: 0 };
    case 'ArrowRight': return { x: 1, y: 0 };
    case 'ArrowUp': return { x: 0, y: -1 };
    case 'ArrowDown': return { x: 0, y: 1 };
    default: return null;
  }
}

/**
 * a modulo b, in [0, b).
 * @param {number} a
 * @param {number} b
 */
function mod(a, b) {
  return ((a % b) + b) % b;
}

/** @param {number} v */
function clampSide(v) {
  return Math.max(LIMITS.minSize, Math.min(LIMITS.maxSize, v));
}

/**
 * One of six cursor colours, the same for a person on every screen.
 * @param {string} id
 * @returns {number}
 */
function hueOf(id) {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 6;
}
