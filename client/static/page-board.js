// The board page (/w/{id}). Before the board, it sorts out who the person
// is: a stored session token, or a facilitator key in the URL fragment to
// trade for one, or neither (then they need a join link).
//
// With a token it wires the pieces: the connection feeds server messages to
// the reducer (state.js), the board view draws the visible state, and the
// header shows the title, who is here and the connection state.

import { createAnnouncer } from './announce.js';
import { createNoteList } from './board-list.js';
import { createBoardView } from './board-view.js';
import { createFacilitation } from './facilitation.js';
import { createAgenda } from './agenda.js';
import { createPresent, presentMode } from './present.js';
import { createRoom } from './room.js';
import { createMyData } from './my-data.js';
import { createMinimap } from './minimap.js';
import { createUndo } from './undo.js';
import { createClipboard } from './clipboard.js';
import { createItemsView } from './items-view.js';
import { createNotePanel } from './note-panel.js';
import { createCanvasTools } from './canvas-tools.js';
import { createItemDrag } from './item-drag.js';
import { createConnectorEdit } from './connector-edit.js';
import { createSearch } from './search.js';
import { dockChrome, dockHand, markOverflow, sidePanelToggle } from './chrome.js';
import { editLock } from './items.js';
import { noteEditing } from './protocol.js';
import { bindUndoKeys } from './canvas-keys.js';
import { Outbox, loadDraft, memoryStore, openIdbStore, saveDraft } from './outbox.js';
import { createNoteDrafts } from './note-draft.js';
import { createNewMarks } from './new-marks.js';
import { createStatusLine } from './statusline.js';
import { Connection, boardSocketUrl } from './connection.js';
import { CURSOR_SEND_INTERVAL_MS, CursorTracker, throttle } from './cursors.js';
import { el, field, isTypingTarget, setFieldError, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { NOTICE_KEY } from './page-join.js';
import { LIMITS, formatJoinCode, newId } from './protocol.js';
import { boardPath, keyFromHash } from './router.js';
import { forgetToken, loadToken, saveToken } from './session.js';
import { ZOOM_STEP } from './viewport.js';
import { canChangeBoard, checkOp, initialState, reduce, unacked, visibleBoard } from './state.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').ServerMessage} ServerMessage */
/** @typedef {import('./state.js').State} State */

/** Where the choice to switch off the N shortcut is remembered. */
const SHORTCUT_KEY = 'samskap.shortcuts';
/** Where the choice between the board and the list is remembered. */
const VIEW_KEY = 'samskap.view';
/** Where each board's pan and zoom is kept, + the workshop ID. */
const CAMERA_KEY = 'samskap.camera.';
/** Where the facilitator's choice to fold the side panel away is kept. */
const SIDE_KEY = 'samskap.sidePanel';

/**
 * @param {Storage|null} storage
 * @param {string} key
 * @returns {string|null}
 */
function readSetting(storage, key) {
  try {
    return storage ? storage.getItem(key) : null;
  } catch {
    return null;
  }
}

/**
 * @param {Storage|null} storage
 * @param {string} key
 * @param {string} value
 */
function writeSetting(storage, key, value) {
  try {
    if (storage) storage.setItem(key, value);
  } catch {
    // kept for this page only
  }
}

/** Op errors worth a retry with the same ID: nothing was applied. */
const RETRYABLE = new Set(['unavailable', 'rate_limited']);
const MAX_RETRIES = 3;

/**
 * Builds the board page, or the step before it, into main.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @param {string} workshopId
 * @returns {() => void} teardown
 */
export function mountBoard(main, ctx, workshopId) {
  const key = keyFromHash(location.hash);
  const token = loadToken(ctx.storage, workshopId);
  if (token) {
    // Already in: the key has done its job (or belongs to someone else's
    // link); keep it out of the address bar and the history.
    if (key) history.replaceState(null, '', boardPath(workshopId));
    return openBoard(main, ctx, workshopId, token);
  }
  // #organiser: the signed-in organiser opens the workshop as facilitator
  // without its link (the organiser's list, issue 16).
  if (key || /(^|[#&])organiser(&|$)/.test(location.hash)) return facilitatorForm(main, ctx, workshopId, key);
  return noSession(main, ctx);
}

/**
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @returns {() => void}
 */
function noSession(main, ctx) {
  ctx.setTitle('title.nosession');
  main.append(el('div', { class: 'page page--narrow stack' },
    el('h1', { i18n: 'nosession.title' }),
    el('p', { i18n: 'nosession.body' }),
    el('p', {}, el('a', { href: '/join', class: 'button button--primary', data: { nav: '' }, i18n: 'nosession.link' }))));
  return () => {};
}

/**
 * The facilitator's name form. The key from the link is posted once, then
 * dropped from the URL; the token stands in for it from then on.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @param {string} workshopId
 * @param {string} key
 * @returns {() => void}
 */
function facilitatorForm(main, ctx, workshopId, key) {
  ctx.setTitle('title.facilitate');
  const name = field({
    id: 'fac-name', label: 'fac.name', hint: 'fac.name.hint',
    input: el('input', { type: 'text', autocomplete: 'nickname', maxlength: String(LIMITS.nameLen), required: true }),
  });
  const input = /** @type {HTMLInputElement} */ (name.input);
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'fac-submit', class: 'button button--primary', i18n: 'fac.submit' });
  const form = el('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'fac-h' }, name.wrap, error, submit);
  const page = el('div', { class: 'page page--narrow stack' },
    el('h1', { id: 'fac-h', i18n: 'fac.title' }),
    el('p', { class: 'lead', i18n: 'fac.intro' }),
    form);
  main.append(page);

  let inner = () => {};
  let alive = true;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const value = input.value.trim();
    setFieldError(name, value ? null : 'join.name.missing');
    if (!value) {
      input.focus();
      return;
    }
    submit.setAttribute('disabled', '');
    try {
      const answer = await ctx.api.facilitate(workshopId, key, value);
      if (!alive) return;
      saveToken(ctx.storage, answer.workshopId, answer.token);
      history.replaceState(null, '', boardPath(answer.workshopId));
      page.remove();
      inner = openBoard(main, ctx, answer.workshopId, answer.token);
    } catch (err) {
      if (!alive) return;
      setText(error, errorKey(err.code, 'fac'));
      error.hidden = false;
      submit.removeAttribute('disabled');
    }
  });
  input.focus();
  return () => {
    alive = false;
    inner();
  };
}

/**
 * The live board.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @param {string} workshopId
 * @param {string} token
 * @returns {() => void}
 */
function openBoard(main, ctx, workshopId, token) {
  document.body.classList.add('is-board');
  ctx.setSkipTarget('board', 'app.skipBoard');
  ctx.setTitle('title.boardLoading');

  const ui = buildBoardPage();
  main.append(ui.page);
  // A laptop's layout: one header row, one tools row, view controls on the canvas.
  const undockChrome = dockChrome({ head: ui.head, main: ui.boardMain, floating: [ui.undoRedo, ui.zoom], lang: document.querySelector('.site-header .lang') });
  const unmarkPresence = markOverflow(ui.presence);
  const undock = () => {
    undockChrome();
    unmarkPresence();
  };

  /** @type {State} */
  let state = initialState();
  /** @type {{state: State|null, board: import('./state.js').Board|null}} */
  const memo = { state: null, board: null };
  /** The board as drawn, computed once per state. */
  const visible = () => {
    if (memo.state !== state) {
      memo.board = visibleBoard(state);
      memo.state = state;
    }
    return /** @type {import('./state.js').Board} */ (memo.board);
  };
  /** @type {{id: string, name: string, role: string}[]} */
  let people = [];
  const cursors = new CursorTracker();
  /** @type {Map<string, number>} op ID -> retries so far */
  const retries = new Map();
  /** @type {Set<any>} */
  const timers = new Set();
  let fitted = false;

  const later = (/** @type {() => void} */ fn, /** @type {number} */ ms) => {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  };

  // The presentation view for a big screen (present.js): read-only.
  const presenting = presentMode(location.hash);
  // Ops not yet acknowledged, kept on this device (outbox.js): put back
  // as pending before the connection starts, so they are resent with their
  // own IDs after the welcome.
  let outbox = new Outbox(memoryStore(), workshopId);
  /** @type {{state: State|null, ids: Set<string>}} */
  const unsavedMemo = { state: null, ids: new Set() };
  /** @param {string} noteId */
  const isUnsaved = (noteId) => {
    if (unsavedMemo.state !== state) {
      unsavedMemo.state = state;
      unsavedMemo.ids = new Set(unacked(state).map((p) => /** @type {any} */ (p.op).note).filter(Boolean));
    }
    return unsavedMemo.ids.has(noteId);
  };

  const announceOthers = createAnnouncer(ctx.announce, (n) => i18n.plural('announce.many', n));
  // Others' new notes: read politely, several at once as "3 nye lapper",
  // and marked new in the list until seen.
  const announceNew = createAnnouncer(ctx.announce, (n) => i18n.plural('news.newNotes', n));
  /** @type {Set<string>} */
  const newNotes = new Set();

  let facFrame = 0;
  const scheduleFac = () => {
    if (facFrame) return;
    facFrame = requestAnimationFrame(() => {
      facFrame = 0;
      facUi.render();
      agendaUi.render(); // after facUi: the strip shows if the step line does
      room.render(); // after facUi: the toolbar takes the flow's sections from its panel
      if (presentUi) presentUi.render();
      if (statusLine) statusLine.render();
      followFocus();
    });
  };

  /** @param {import('./state.js').Action} action */
  const dispatch = (action) => {
    const prev = state;
    state = reduce(state, action);
    if (state !== prev) {
      view.schedule();
      list.schedule();
      scheduleFac();
    }
  };
  /** @type {ReturnType<typeof createStatusLine>|null} */
  let statusLine = null;

  /** The focus seen last; a new one ("look here") pans this person's view. @type {number|null} */
  let focusAt = null;
  function followFocus() {
    if (!state.loaded) return;
    const f = visible().focus;
    const at = f ? f.at : 0;
    if (focusAt === null || at === focusAt) {
      focusAt = at;
      return;
    }
    focusAt = at;
    if (!f || (state.me && f.by === state.me.id)) return;
    if (f.frame) view.showFrame(f.frame);
    else view.showPoint(f.x, f.y);
  }

  /**
   * Sends an op: checked against the same rules as the server first, so a
   * change that cannot succeed is explained at once instead of blinking.
   * @param {Op} op
   * @returns {boolean}
   */
  const submit = (op) => {
    if (presenting.on) return false; // the presentation view is read-only
    const before = visible();
    const id = send(op);
    if (id) undo.track(id, op, before);
    return !!id;
  };

  /**
   * Sends an op that is not a step of its own (an undo or redo).
   * @param {Op} op
   * @param {string} [refusal] the message key when refused at once
   * @returns {string|null} its ID, or null if refused at once
   */
  const send = (op, refusal = 'toast.refused') => {
    if (presenting.on) return null; // the presentation view is read-only
    const code = checkOp(visible(), op, state.me);
    if (code) {
      ctx.toast(t(refusal, { reason: t(errorKey(code)) }));
      return null;
    }
    const id = newId();
    const at = Date.now();
    dispatch({ type: 'local', id, op, at });
    outbox.add(id, op, at);
    conn.sendOp(id, op);
    return id;
  };

  // Undo and redo of this person's own changes (undo.js).
  const undo = createUndo({
    send: (op) => send(op, 'undo.refused'),
    getBoard: visible,
    onChange: () => showUndo(),
  });
  function showUndo() {
    ui.undo.toggleAttribute('disabled', !undo.canUndo());
    ui.redo.toggleAttribute('disabled', !undo.canRedo());
  }
  /** @param {'undo'|'redo'} which */
  function runUndo(which) {
    const r = which === 'undo' ? undo.undo() : undo.redo();
    if (r === 'empty') ctx.announce(t(`${which}.nothing`));
    else if (r === 'sent') ctx.announce(t(`${which}.done`));
    else if (r === 'cannot') ctx.toast(t(`${which}.refused`, { reason: t('error.invalid') }));
  }

  /** @type {ReturnType<typeof createMinimap>|null} */
  let minimap = null;
  /** @type {ReturnType<typeof createItemsView>|null} */
  let itemsView = null;
  /** @type {ReturnType<typeof createNotePanel>|null} */
  let panel = null;
  /** @type {ReturnType<typeof createCanvasTools>|null} */
  let tools = null;
  /** @type {ReturnType<typeof createSearch>|null} */
  let search = null;
  /** @type {ReturnType<typeof createConnectorEdit>|null} */
  let connEdit = null;
  /** @type {ReturnType<typeof createItemDrag>|null} */
  let itemDrag = null;

  /** Set once room.js is built: follow me listens to every view change. */
  let onViewMoved = () => {};
  // The text being typed in a note on the board, kept across a reload.
  const noteDrafts = createNoteDrafts({
    storage: ctx.storage, workshopId, getBoard: visible, getMe: () => state.me, announce: (text) => ctx.announce(text),
  });
  /** Puts a kept draft back: into the board's editor, or the list's form when the list shows. */
  const restoreNoteDraft = () => noteDrafts.restore((id, text) => {
    if (ui.board.hidden) {
      if (!list.editWith(id, text)) return false;
      noteDrafts.onText(id, null); // the list form keeps it now
      return true;
    }
    view.focusNote(id);
    return view.editWith(id, text);
  });
  /** Others' new notes marked on the board too (new-marks.js). @type {ReturnType<typeof createNewMarks>|null} */
  let newMarks = null;
  const view = createBoardView(ui.board, {
    getBoard: visible,
    getMe: () => state.me,
    submit,
    sendCursor: throttle((x, y) => conn.sendCursor(x, y), CURSOR_SEND_INTERVAL_MS),
    toast: ctx.toast,
    onViewChange: (v) => {
      onViewMoved();
      // Only when it changes: a new text node each frame of a pan would
      // lay out and repaint the page around the board (issue 19).
      const pct = `${Math.round(v.scale * 100)} %`;
      if (ui.zoomReset.textContent !== pct) {
        ui.zoomReset.textContent = pct;
        ui.zoomReset.setAttribute('aria-label', t('board.zoomReset', { pct: Math.round(v.scale * 100) }));
      }
      if (minimap) minimap.renderView();
      if (fitted) saveCamera();
    },
    onSelect: () => scheduleFac(),
    isUnsaved,
    onRender: () => {
      if (minimap) minimap.render();
      if (itemsView) itemsView.render();
      if (panel) panel.render();
      if (connEdit) connEdit.render();
      if (search) search.refresh();
      if (newMarks) newMarks.sync();
    },
    duplicate: (ids) => clip.duplicate(ids),
    makeCluster: (ids) => tools && tools.clusterAround(ids),
    writer: (id) => {
      const l = editLock(visible(), id, Date.now() + state.clockOffset);
      if (!l || !state.me || l.by === state.me.id) return '';
      return nameOf(l.by);
    },
    onEditing: (id, on) => editLockFor(id, on),
    onEditorText: (id, text) => noteDrafts.onText(id, text),
  });

  // The soft lock on a note's text while this person writes in it: taken
  // when the editor opens, renewed at most every 10 s while typing,
  // released when it closes (docs/PROTOCOL.md, Editing awareness).
  /** @type {{id: string, at: number}|null} */
  let myLock = null;
  /** @param {string} id @param {boolean} on */
  function editLockFor(id, on) {
    if (on) {
      if (myLock && myLock.id === id && Date.now() - myLock.at < 10000) return;
      myLock = { id, at: Date.now() };
      send(noteEditing(id, true));
    } else if (myLock && myLock.id === id) {
      myLock = null;
      send(noteEditing(id, false));
    }
  }

  itemsView = createItemsView(view.canvas(), {
    getBoard: visible,
    serverNow: () => Date.now() + state.clockOffset,
    myId: () => (state.me ? state.me.id : ''),
    openNote: (id) => panel && panel.open(id),
    onItemKey: (kind, id, ev) => tools && tools.itemKey(kind, id, ev),
    preview: (id) => (itemDrag && itemDrag.preview(id)) || view.notePreview(id),
    dragging: () => (itemDrag ? itemDrag.active() : false) || view.dragging(),
    connectFrom: (from) => {
      if (from.type === 'note') panel && panel.open(from.id, '#connect-to');
      else if (connEdit) connEdit.openConnect(from);
    },
    editConnector: (id) => connEdit && connEdit.openEdit(id),
    canChange: () => canChangeBoard(state.me) && !presenting.on,
  });
  connEdit = createConnectorEdit({ getBoard: visible, getMe: () => state.me, submit });
  itemDrag = createItemDrag(view.canvas(), {
    getBoard: visible,
    getMe: () => state.me,
    submit,
    redraw: () => itemsView && itemsView.render(),
  });
  panel = createNotePanel(ui.page, {
    getBoard: visible,
    getMe: () => state.me,
    submit,
    connectSection: (from) => (connEdit ? connEdit.section(from) : []),
    focusNote: (id) => {
      // Back to where the panel was opened from: the board, or the list.
      const inList = /** @type {HTMLElement|null} */ (ui.list.hidden ? null : ui.list.querySelector(`[data-key="comments:${CSS.escape(id)}"]`));
      if (inList) inList.focus();
      else view.focusNote(id);
    },
  });
  tools = createCanvasTools(ui.tools, {
    getBoard: visible,
    getMe: () => state.me,
    submit,
    at: () => view.pastePoint(),
    toast: ctx.toast,
  });
  search = createSearch(ui.tools, {
    getBoard: visible,
    announce: (text) => ctx.announce(text),
    jump: (hit) => {
      showList(false);
      if (hit.kind === 'note') view.focusNote(hit.id);
      else if (hit.kind === 'comment' && hit.note) {
        view.focusNote(hit.note);
        if (panel) panel.open(hit.note);
      } else {
        view.showPoint(hit.x + 100, hit.y + 60);
        const node = /** @type {HTMLElement|null} */ (ui.board.querySelector(`[data-kind="${hit.kind}"][data-id="${CSS.escape(hit.id)}"]`));
        if (node) node.focus({ preventScroll: true });
      }
    },
  });
  // Locks expire in time, not by an event: redraw "Kari skriv ..." now and then.
  const lockSweep = setInterval(() => {
    if (itemsView && Object.keys(visible().editing || {}).length) itemsView.render();
  }, 2000);

  // Copy, paste and duplicate (clipboard.js).
  const clip = createClipboard(document, {
    getBoard: visible,
    selection: () => view.selection(),
    target: () => view.pastePoint(),
    submit,
    select: (ids) => {
      view.render();
      view.setMulti(ids);
    },
    active: () => !ui.board.hidden && canChangeBoard(state.me),
    announce: (text) => ctx.announce(text),
    t,
  });

  // The view is kept per board, so a reload opens where the person was.
  const saveCamera = throttle(() => writeSetting(ctx.storage, CAMERA_KEY + workshopId, JSON.stringify(view.saved())), 500);
  /** @returns {unknown} */
  const savedCamera = () => {
    try {
      return JSON.parse(readSetting(ctx.storage, CAMERA_KEY + workshopId) || 'null');
    } catch {
      return null;
    }
  };
  minimap = createMinimap(ui.mapHost, {
    getBoard: visible,
    getView: () => view.view(),
    viewportSize: () => view.boardSize(),
    centerOn: (x, y) => view.showPoint(x, y),
    showFrame: (id) => view.showFrame(id),
    storage: ctx.storage,
    startHidden: window.matchMedia('(max-width: 40rem)').matches,
  });

  /** The calls this person makes with their session (privacy, the citizen panel). */
  const boardApi = ctx.api.forBoard(workshopId, token);

  const facUi = createFacilitation(ui.status, ui.facHost, {
    getBoard: visible,
    getMe: () => (state.me && visible().participants[state.me.id]) || state.me,
    serverNow: () => Date.now() + state.clockOffset,
    submit,
    announce: (text) => ctx.announce(text),
    viewCenter: () => view.center(),
    frameInView: () => view.frameInView(),
    selectedNote: () => view.selected(),
    exportFile: async (format) => {
      const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export/${format}`,
        { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`export ${format}: ${res.status}`);
      return res.blob();
    },
    saveTemplate: (info) => boardApi.saveAsTemplate(info),
    privacy: {
      api: boardApi,
      getWorkshop: () => state.workshop,
      onWorkshop: (w) => {
        dispatch({ type: 'workshop', workshop: w });
        showHeader();
      },
    },
  });

  // The run of show (agenda.js): the step line for everyone, the panel for facilitators.
  // The facilitator can fold the side panel away and give the canvas its width.
  sidePanelToggle(ui.facHost, ui.head, readSetting(ctx.storage, SIDE_KEY) === 'folded',
    (folded) => writeSetting(ctx.storage, SIDE_KEY, folded ? 'folded' : 'open'));
  const agendaUi = createAgenda(ui.status, ui.facHost, {
    getBoard: visible,
    getMe: () => (state.me && visible().participants[state.me.id]) || state.me,
    serverNow: () => Date.now() + state.clockOffset,
    submit,
    announce: (text) => ctx.announce(text),
    run: async (action, from) => {
      const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/agenda/${action}`, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ from }),
      });
      if (!res.ok) throw new Error(`agenda ${action}: ${res.status}`);
      return res.json();
    },
    progress: async () => {
      const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/progress`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`progress: ${res.status}`);
      return res.json();
    },
    nameOf: (id) => nameOf(id),
    present: () => new Set(people.map((p) => p.id)),
    frameInView: () => view.frameInView(),
  });

  // Follow me, meeting links, raised hands and the facilitator's toolbar (room.js).
  const room = createRoom(ui.status, ui.tools, ui.board, {
    getBoard: visible,
    getMe: () => (state.me && visible().participants[state.me.id]) || state.me,
    submit,
    announce: (text) => ctx.announce(text),
    viewRect: () => {
      const c = view.center(), z = view.visibleSize();
      return { x: c.x - z.w / 2, y: c.y - z.h / 2, w: z.w, h: z.h };
    },
    showRect: (r) => view.showRect(r),
    nameOf: (id) => nameOf(id),
    presentUrl: `${boardPath(workshopId)}#present`,
  });
  onViewMoved = () => room.onViewChange();
  const presentUi = presenting.on ? createPresent(ui.page, { getWorkshop: () => state.workshop, anonymous: presenting.anonymous }) : null;

  const myData = createMyData(ui.tools, { api: boardApi, onLeft: () => closeBoard('left') });

  const list = createNoteList(ui.list, {
    getBoard: visible,
    getMe: () => state.me,
    submit,
    place: (frameId) => view.spotFor(frameId),
    announce: (text) => ctx.announce(text),
    isUnsaved,
    loaded: () => state.loaded,
    isNew: (id) => newNotes.has(id),
    onSeen: (id) => markSeen(id),
    drafts: { load: () => loadDraft(ctx.storage, workshopId), save: (d) => saveDraft(ctx.storage, workshopId, d) },
    onShow: (id) => {
      showList(false);
      view.focusNote(id);
    },
    openNote: (id) => panel && panel.open(id),
  });

  /**
   * A new note has been seen, in the list or on the board: no longer new in either.
   * @param {string} id
   */
  function markSeen(id) {
    if (!newNotes.delete(id)) return;
    list.schedule();
    if (newMarks) newMarks.sync();
  }
  newMarks = createNewMarks(ui.board, { ids: () => newNotes, onSeen: markSeen });

  /**
   * Switches between the board and the list of notes.
   * @param {boolean} on
   */
  function showList(on) {
    ui.list.hidden = !on;
    ui.board.hidden = on;
    ui.mapHost.hidden = on;
    ui.page.classList.toggle('is-list', on);
    // The button says what it does: to the board from the list, and back.
    setText(ui.viewToggle, on ? 'board.boardView' : 'board.listView');
    list.setVisible(on);
    if (!on) view.render();
  }

  const conn = new Connection({
    url: boardSocketUrl(location, workshopId),
    token,
    getResume: () => ({ epoch: state.epoch, lastSeq: state.seq }),
    getUnacked: () => unacked(state),
    onMessage,
    onStatus: (s, info) => {
      showStatus(ui.connState, s, info.everOnline, info.closeCode);
      if (statusLine) statusLine.render();
      if (info.closeCode === 1009) ctx.toast(t('close.1009'));
    },
    onFatal,
  });

  // The phone's status line and its sheet (statusline.js); on a wide
  // screen the header keeps the details.
  statusLine = createStatusLine(ui.line, ui.bands, {
    getBoard: visible,
    getMe: () => state.me,
    serverNow: () => Date.now() + state.clockOffset,
    getConn: () => ({ status: conn.status, everOnline: conn.everOnline }),
    peopleCount: () => people.length,
    announce: (text) => ctx.announce(text),
    session: sessionStore(),
    details: [ui.status, ui.presenceSection, ui.connState, ...[ui.tools.querySelector('#my-data')].filter((x) => x !== null)].map((x) => /** @type {HTMLElement} */ (x)),
    langPicker: /** @type {HTMLSelectElement|null} */ (document.getElementById('lang-picker')),
    peopleHost: ui.headTitle,
  });
  // On a phone the raised hand sits in the status line: the tools take a row less.
  const undockHand = dockHand({ hand: ui.tools.querySelector('#raise-hand'), line: ui.line.querySelector('#status-line') });

  /** @param {ServerMessage} m */
  /**
   * Where breakout puts this person: their group's frame while breakout is
   * on, '' otherwise (facilitators go where they like).
   * @returns {string}
   */
  function breakoutPlace() {
    const b = visible();
    const me = state.me ? b.participants[state.me.id] || state.me : null;
    return b.breakout && me && me.role !== 'facilitator' && me.group ? me.group : '';
  }
  /** @type {string} */
  let placeKey = '';
  /** When breakout starts, or puts this person in another group, take them to their group's frame. */
  function followBreakout() {
    const k = breakoutPlace();
    if (k !== placeKey) {
      placeKey = k;
      if (k) view.goHome();
    }
  }

  function onMessage(m) {
    switch (m.type) {
      case 'welcome':
        dispatch({ ...m, localTime: Date.now() });
        // The workshop's language, unless the person chose one.
        if (!ctx.langChosen() && i18n.has(m.workshop.lang)) i18n.setLang(m.workshop.lang);
        showHeader();
        break;
      case 'snapshot':
        dispatch(m);
        view.render();
        if (!fitted) {
          // Open where the person was, or where they belong now.
          if (!view.restore(savedCamera())) view.goHome();
          fitted = true;
          restoreNoteDraft();
          placeKey = breakoutPlace();
        } else {
          followBreakout();
        }
        showHeader();
        break;
      case 'event': {
        const wasLoaded = state.loaded;
        const before = state.seq;
        const wasFollowing = wasLoaded && !!visible().follow;
        dispatch(m);
        if (state.needsResync) {
          conn.reconnectNow();
        } else if (state.seq !== before) {
          if (['board.rename', 'participant.join', 'participant.rename', 'board.end'].includes(m.event.op.kind)) showHeader();
          if (wasLoaded && (!state.me || m.event.actor !== state.me.id)) announceEvent(m.event, wasFollowing);
          if (state.me && m.event.actor === state.me.id) undo.acked(m.event.opId, m.event.seq);
          if (fitted) followBreakout();
        }
        break;
      }
      case 'ack':
        retries.delete(m.id);
        outbox.done(m.id);
        dispatch(m);
        undo.acked(m.id, m.seq);
        break;
      case 'error':
        onError(m);
        break;
      case 'presence':
        people = m.people;
        showPresence();
        break;
      case 'cursors':
        cursors.update(m.cursors, Date.now(), state.me ? state.me.id : undefined);
        drawCursors();
        break;
      default:
    }
  }

  /**
   * An op refused for a passing reason is tried again with the same ID;
   * otherwise the refusal rolls the change back and says why.
   * @param {{id?: string, code: string}} m
   */
  function onError(m) {
    if (!m.id) {
      // Without an ID the refusal is about a cursor or the connection;
      // a dropped cursor is not worth a message.
      if (m.code !== 'rate_limited') ctx.toast(t(errorKey(m.code)));
      return;
    }
    const id = m.id;
    const tries = retries.get(id) || 0;
    const p = state.pending.find((x) => x.id === id);
    if (p && RETRYABLE.has(m.code) && tries < MAX_RETRIES) {
      retries.set(id, tries + 1);
      later(() => {
        if (state.pending.some((x) => x.id === id)) conn.sendOp(id, p.op);
      }, 1000 * 2 ** tries);
      return;
    }
    retries.delete(id);
    outbox.done(id);
    dispatch({ type: 'error', id, code: m.code });
    // A lock that expired or was never ours: nothing to tell.
    if (p && p.op.kind === 'note.editing' && !p.op.on) return;
    // An undo that no longer applies says so in its own words.
    const was = undo.refused(id);
    if (was) ctx.toast(t(`${was}.refused`, { reason: t(errorKey(m.code)) }));
    else if (p) ctx.toast(t('toast.refused', { reason: t(errorKey(m.code)) }));
  }

  /** @param {import('./connection.js').FatalReason} reason */
  function onFatal(reason) {
    if (reason === 'rejoin') {
      // The server ends sessions when the workshop ends or the person's
      // data is deleted, after sending that event: say so, do not send
      // them to the join page.
      const b = visible();
      const mine = state.me ? b.participants[state.me.id] : undefined;
      if (mine && mine.erased) {
        closeBoard('erased');
        return;
      }
      if (b.ended) {
        closeBoard('ended');
        return;
      }
      forgetToken(ctx.storage, workshopId);
      try {
        sessionStorage.setItem(NOTICE_KEY, 'join.notice.sessionGone');
      } catch {
        // the join page just will not explain why
      }
      const code = state.workshop ? state.workshop.joinCode : '';
      ctx.navigate(code ? `/j/${encodeURIComponent(code)}` : '/join', { replace: true });
      return;
    }
    view.destroy();
    ctx.setTitle('title.notfound');
    const notFound = reason === 'notfound';
    ui.page.replaceChildren(el('div', { class: 'page page--narrow stack' },
      el('h1', { tabindex: '-1', i18n: notFound ? 'board.notFound.title' : 'board.broken.title' }),
      el('p', { i18n: notFound ? 'board.notFound.body' : 'board.broken.body' }),
      el('p', {}, el('a', { href: '/', data: { nav: '' }, i18n: 'nav.home' }))));
    /** @type {HTMLElement} */ (ui.page.querySelector('h1')).focus();
    document.body.classList.remove('is-board');
    undock();
  }

  /**
   * Closes the board for good after the person left, their data was
   * deleted, or the workshop ended. After the end a participant's session
   * still withdraws (the consent text promises it): the page offers
   * "delete my notes and leave" and keeps the token until they do.
   * Otherwise the session is gone, so is the token.
   * @param {'left'|'erased'|'ended'} why
   */
  function closeBoard(why) {
    conn.stop();
    const canWithdraw = why === 'ended' && !!state.me && state.me.role !== 'facilitator';
    if (!canWithdraw) forgetToken(ctx.storage, workshopId);
    view.destroy();
    ctx.setTitle(`title.${why}`);
    const page = el('div', { class: 'page page--narrow stack' },
      el('h1', { tabindex: '-1', i18n: `closed.${why}.title` }),
      el('p', { i18n: `closed.${why}.body` }));
    if (canWithdraw) {
      const leave = el('button', { type: 'button', id: 'leave-after-end', class: 'button button--danger', i18n: 'leave.button' });
      const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
      leave.addEventListener('click', async () => {
        if (!window.confirm(t('leave.confirm'))) return;
        leave.setAttribute('disabled', '');
        try {
          await boardApi.leave();
          closeBoard('left');
        } catch (err) {
          setText(error, errorKey(err.code));
          error.hidden = false;
          leave.removeAttribute('disabled');
        }
      });
      page.append(el('p', { i18n: 'closed.ended.withdraw' }), leave, error);
    }
    page.append(el('p', {}, el('a', { href: '/', data: { nav: '' }, i18n: 'nav.home' })));
    ui.page.replaceChildren(page);
    /** @type {HTMLElement} */ (ui.page.querySelector('h1')).focus();
    document.body.classList.remove('is-board');
    undock();
  }

  /**
   * @param {import('./protocol.js').BoardEvent} e
   * @param {boolean} [wasFollowing] follow me was on before e
   */
  function announceEvent(e, wasFollowing = false) {
    const actor = e.op.kind === 'participant.join' && e.op.participant ? e.op.participant.name : nameOf(e.actor);
    const key = `announce.${e.op.kind}`;
    if (t(key) === key) return;
    // Follow me moves many times a second: only its start is news
    // (room.js says it in the strip). A lowered hand is not announced.
    if (e.op.kind === 'board.follow' && (!e.op.on || wasFollowing)) return;
    if (e.op.kind === 'hand.raise' && !e.op.on) return;
    if (e.op.kind === 'note.create' && e.op.note) {
      newNotes.add(e.op.note);
      announceNew(t(key, { name: actor }));
      return;
    }
    announceOthers(t(key, { name: actor }));
  }

  /** @param {string} id */
  function nameOf(id) {
    const p = visible().participants[id] || people.find((x) => x.id === id);
    return p ? p.name : t('note.unknownAuthor');
  }

  function showHeader() {
    const b = visible();
    const title = b.title || (state.workshop ? state.workshop.title : '');
    ui.title.textContent = title;
    if (title) ctx.setTitle('title.board', { title });
    const me = state.me;
    const code = state.workshop && me && me.role === 'facilitator' ? state.workshop.joinCode : '';
    ui.code.hidden = !code;
    ui.codeValue.textContent = code ? formatJoinCode(code) : '';
    const canChange = canChangeBoard(me) && !b.ended;
    ui.newNote.toggleAttribute('disabled', !!me && !canChange);
    ui.observer.hidden = !me || canChangeBoard(me);
    myData.show(!!me && me.role !== 'facilitator');
  }

  function showPresence() {
    const meId = state.me ? state.me.id : '';
    const order = { facilitator: 0, participant: 1, observer: 2 };
    const sorted = [...people].sort((a, b) => (a.id === meId ? -1 : b.id === meId ? 1 : 0) ||
      ((order[a.role] ?? 3) - (order[b.role] ?? 3)) || a.name.localeCompare(b.name, i18n.lang()));
    ui.presence.replaceChildren(...sorted.map((p) => el('li', { class: `person person--${p.role}` },
      el('span', { class: 'person-name', text: p.name }),
      ' ',
      el('span', { class: 'person-role', i18n: p.id === meId ? `presence.you.${p.role}` : `presence.role.${p.role}` }))));
    setText(ui.presenceHeading, 'presence.heading', { n: people.length });
    if (statusLine) statusLine.render();
    // People who left take their cursor with them.
    for (const c of cursors.live(Date.now())) if (!people.some((p) => p.id === c.id)) cursors.remove(c.id);
    drawCursors();
  }

  function drawCursors() {
    view.renderCursors(cursors.live(Date.now()), nameOf);
  }

  // ---- wiring ----

  ui.newNote.addEventListener('click', () => {
    // In the list, a new note is written in the list's form.
    if (!ui.board.hidden) view.createNoteAtCenter();
    else list.startNew();
  });
  ui.qrShow.addEventListener('click', () => {
    const joinCode = state.workshop ? state.workshop.joinCode : '';
    if (!joinCode) return;
    const url = `${location.origin}/join`;
    ui.qrImg.setAttribute('src', `/j/${encodeURIComponent(joinCode)}/qr.svg`);
    ui.qrImg.setAttribute('alt', t('qr.alt', { url: `${location.origin}/j/${joinCode}` }));
    setText(/** @type {HTMLElement} */ (ui.qrDialog.querySelector('#qr-help')), 'qr.help', { url });
    /** @type {HTMLElement} */ (ui.qrDialog.querySelector('#qr-code')).textContent = formatJoinCode(joinCode);
    ui.qrDialog.showModal();
  });
  ui.qrClose.addEventListener('click', () => ui.qrDialog.close());
  ui.viewToggle.addEventListener('click', () => {
    const on = ui.list.hidden;
    writeSetting(ctx.storage, VIEW_KEY, on ? 'list' : 'board');
    showList(on);
  });
  // The list is where a phone starts, unless the person chose the board.
  const chosenView = readSetting(ctx.storage, VIEW_KEY);
  if (chosenView === 'list' || (chosenView !== 'board' && window.matchMedia('(max-width: 40rem)').matches)) showList(true);
  ui.zoomIn.addEventListener('click', () => view.zoomBy(ZOOM_STEP));
  ui.zoomOut.addEventListener('click', () => view.zoomBy(1 / ZOOM_STEP));
  ui.zoomReset.addEventListener('click', () => view.zoomReset());
  ui.fitAll.addEventListener('click', () => view.fitAll());
  ui.undo.addEventListener('click', () => runUndo('undo'));
  ui.selectTool.addEventListener('click', () => {
    const on = ui.selectTool.getAttribute('aria-pressed') !== 'true';
    ui.selectTool.setAttribute('aria-pressed', String(on));
    view.setSelectTool(on);
  });
  ui.redo.addEventListener('click', () => runUndo('redo'));
  const unbindUndo = bindUndoKeys(document, runUndo);
  showUndo();
  ui.fitHome.addEventListener('click', () => view.goHome());

  const shortcut = /** @type {HTMLInputElement} */ (ui.page.querySelector('#shortcut-n'));
  shortcut.checked = readSetting(ctx.storage, SHORTCUT_KEY) !== 'off';
  shortcut.addEventListener('change', () => writeSetting(ctx.storage, SHORTCUT_KEY, shortcut.checked ? 'on' : 'off'));

  /** The n key makes a note, wherever focus is, unless someone is typing. */
  const onKey = (/** @type {KeyboardEvent} */ ev) => {
    if (ev.key !== 'n' && ev.key !== 'N') return;
    if (!shortcut.checked) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing || isTypingTarget(ev.target)) return;
    if (!canChangeBoard(state.me)) return;
    ev.preventDefault();
    if (ui.board.hidden) list.startNew();
    else view.createNoteAtCenter();
  };
  const onNetwork = () => conn.networkChanged(navigator.onLine);
  // Leaving while something is not yet saved by the server: the browser
  // asks first. (The outbox keeps it anyway; this is for a closed tab.)
  const onBeforeUnload = (/** @type {BeforeUnloadEvent} */ ev) => {
    if (unacked(state).length === 0 && outbox.size === 0) return;
    ev.preventDefault();
    ev.returnValue = '';
  };
  // Leaving the page closes the socket at once, so the others see the
  // person go; a page restored from the back/forward cache resumes.
  const onPageHide = () => conn.stop();
  const onPageShow = (/** @type {PageTransitionEvent} */ ev) => {
    if (ev.persisted) conn.start();
  };
  document.addEventListener('keydown', onKey);
  window.addEventListener('online', onNetwork);
  window.addEventListener('offline', onNetwork);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  window.addEventListener('beforeunload', onBeforeUnload);
  const unLang = i18n.onChange(() => {
    view.render(true);
    list.schedule();
    showHeader();
    showPresence();
    facUi.render();
    const v = view.view();
    ui.zoomReset.setAttribute('aria-label', t('board.zoomReset', { pct: Math.round(v.scale * 100) }));
    showStatus(ui.connState, conn.status, conn.everOnline, conn.lastCloseCode);
  });
  const sweep = setInterval(drawCursors, 1000);

  if (!navigator.onLine) conn.networkOnline = false;
  let alive = true;
  openIdbStore(globalThis.indexedDB).then(async (store) => {
    if (!alive) return;
    if (store) {
      const kept = new Outbox(store, workshopId);
      // Anything made before IndexedDB opened moves over.
      for (const p of unacked(state)) kept.add(p.id, p.op, p.at);
      outbox = kept;
      for (const e of await kept.load()) dispatch({ type: 'local', id: e.id, op: e.op, at: e.at });
    }
  }).catch(() => {}).finally(() => {
    if (alive) conn.start();
  });

  return () => {
    alive = false;
    undock();
    undockHand();
    conn.stop();
    view.destroy();
    list.destroy();
    if (newMarks) newMarks.destroy();
    facUi.destroy();
    agendaUi.destroy();
    room.destroy();
    document.body.classList.remove('is-present', 'is-present-anon');
    if (statusLine) statusLine.destroy();
    myData.destroy();
    if (facFrame) cancelAnimationFrame(facFrame);
    clearInterval(sweep);
    for (const h of timers) clearTimeout(h);
    document.removeEventListener('keydown', onKey);
    unbindUndo();
    clearInterval(lockSweep);
    if (search) search.destroy();
    clip.destroy();
    window.removeEventListener('online', onNetwork);
    window.removeEventListener('offline', onNetwork);
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
    window.removeEventListener('beforeunload', onBeforeUnload);
    unLang();
  };
}

/**
 * Shows the connection state, as text (not only a colour); why it was
 * lost, when the server said, goes in the tooltip.
 * @param {HTMLElement} node #conn-state
 * @param {import('./connection.js').ConnStatus} status
 * @param {boolean} everOnline
 * @param {number} [closeCode]
 */
function showStatus(node, status, everOnline, closeCode) {
  node.dataset.state = status;
  const key = status === 'online' ? 'conn.online' : status === 'offline' ? 'conn.offline' : everOnline ? 'conn.reconnecting' : 'conn.connecting';
  setText(/** @type {HTMLElement} */ (node.querySelector('.conn-text')), key);
  const why = closeCode ? `close.${closeCode}` : '';
  if (status !== 'online' && why && t(why) !== why) node.title = t(why);
  else node.removeAttribute('title');
}

/** Where the footer's accessibility statement link goes (set by the server). */
function statementHref() {
  const a = document.getElementById('a11y-link');
  return (a && a.getAttribute('href')) || '/tilgjengelighet';
}

/**
 * The static part of the board page.
 */
function buildBoardPage() {
  const title = el('h1', { id: 'board-title', class: 'board-title' });
  const codeValue = el('span', { class: 'code' });
  const qrShow = el('button', { type: 'button', id: 'qr-show', class: 'button button--small', i18n: 'qr.show' });
  const code = el('p', { class: 'board-code', hidden: true }, el('span', { i18n: 'board.code' }), ' ', codeValue, ' ', qrShow);
  // The join code as a QR code, large, for a screen in the room. A native
  // modal dialog: focus moves in, Escape closes, focus returns.
  const qrImg = el('img', { id: 'qr-img', class: 'qr-img', alt: '', width: '320', height: '320' });
  const qrClose = el('button', { type: 'button', id: 'qr-close', class: 'button', i18n: 'qr.close' });
  const qrDialog = /** @type {HTMLDialogElement} */ (el('dialog', { id: 'qr-dialog', class: 'qr-dialog', 'aria-labelledby': 'qr-h' },
    el('h2', { id: 'qr-h', i18n: 'qr.heading' }),
    qrImg,
    el('p', { id: 'qr-help', class: 'qr-help' }),
    el('p', { id: 'qr-code', class: 'qr-code' }),
    qrClose));
  const connState = el('p', { id: 'conn-state', class: 'conn-state', role: 'status', data: { state: 'connecting' } },
    el('span', { class: 'conn-dot', 'aria-hidden': 'true' }),
    el('span', { class: 'conn-text', i18n: 'conn.connecting' }));
  const presenceHeading = el('h2', { id: 'presence-h', class: 'presence-heading', i18n: 'presence.heading', i18nParams: { n: 0 } });
  const presence = el('ul', { id: 'presence', class: 'presence-list' });
  const newNote = el('button', { type: 'button', id: 'new-note', class: 'button button--primary' },
    el('span', { 'aria-hidden': 'true', text: '+ ' }), el('span', { i18n: 'board.newNote' }));
  const zoomOut = el('button', { type: 'button', id: 'zoom-out', class: 'button button--icon', i18nAttrs: { 'aria-label': 'board.zoomOut', title: 'board.zoomOut' }, text: '−' });
  const zoomReset = el('button', { type: 'button', id: 'zoom-reset', class: 'button button--zoom', text: '100 %' });
  const zoomIn = el('button', { type: 'button', id: 'zoom-in', class: 'button button--icon', i18nAttrs: { 'aria-label': 'board.zoomIn', title: 'board.zoomIn' }, text: '+' });
  const undo = el('button', { type: 'button', id: 'undo', class: 'button button--small', i18n: 'undo.button', i18nAttrs: { title: 'undo.key' }, disabled: true });
  const redo = el('button', { type: 'button', id: 'redo', class: 'button button--small', i18n: 'redo.button', i18nAttrs: { title: 'redo.key' }, disabled: true });
  const selectTool = el('button', { type: 'button', id: 'select-tool', class: 'button button--small', 'aria-pressed': 'false', i18n: 'sel.tool' });
  const fitAll = el('button', { type: 'button', id: 'fit-all', class: 'button button--small', i18n: 'map.fitAll', i18nAttrs: { title: 'map.fitAllKey' } });
  const fitHome = el('button', { type: 'button', id: 'fit-home', class: 'button button--small', i18n: 'map.fitHome', i18nAttrs: { title: 'map.fitHomeKey' } });
  const observer = el('p', { class: 'observer-notice', hidden: true, i18n: 'board.observer' });
  // Says what it does: "show as list" on the board, "show as board" in the list.
  const viewToggle = el('button', { type: 'button', id: 'view-toggle', class: 'button', i18n: 'board.listView' });
  const list = el('section', { id: 'note-list', class: 'note-list-view', hidden: true, tabindex: '-1', 'aria-labelledby': 'note-list-h' },
    el('h2', { id: 'note-list-h', i18n: 'list.boardHeading' }));
  const board = el('div', {
    id: 'board', class: 'board', tabindex: '0', role: 'region',
    i18nAttrs: { 'aria-label': 'board.region' }, 'aria-describedby': 'board-help-short',
  });
  const status = el('div', { id: 'board-status', class: 'board-status', hidden: true });
  const mapHost = el('div', { class: 'minimap-host' });
  const line = el('div', { class: 'status-line-host' });
  const bands = el('div', { id: 'news-bands', class: 'news-bands', hidden: true });
  const headTitle = el('div', { class: 'board-head__title' }, title, code);
  const presenceSection = el('section', { class: 'presence', 'aria-labelledby': 'presence-h' }, presenceHeading, presence);
  const facHost = el('div', { id: 'fac-host', class: 'fac-host', hidden: true });
  const help = el('details', { class: 'help' },
    el('summary', { i18n: 'help.summary' }),
    el('ul', {},
      el('li', { i18n: 'help.new' }),
      el('li', { i18n: 'help.tab' }),
      el('li', { i18n: 'help.edit' }),
      el('li', { i18n: 'help.move' }),
      el('li', { i18n: 'help.resize' }),
      el('li', { i18n: 'help.delete' }),
      el('li', { i18n: 'help.pan' }),
      el('li', { i18n: 'help.zoom' }),
      el('li', { i18n: 'help.fit' }),
      el('li', { i18n: 'help.undo' }),
      el('li', { i18n: 'help.select' }),
      el('li', { i18n: 'help.clipboard' }),
      el('li', { i18n: 'help.search' }),
      el('li', { i18n: 'help.items' })),
    // WCAG 2.1.4: a single-letter shortcut can be switched off, so speech
    // input users do not make notes by accident.
    el('label', { class: 'check' },
      el('input', { type: 'checkbox', id: 'shortcut-n' }),
      el('span', { i18n: 'help.shortcutToggle' })),
    // The page's footer is not shown beside the board; its link is here.
    el('p', {}, el('a', { id: 'help-statement', href: statementHref(), i18n: 'help.statement' })));
  const undoRedo = el('div', { class: 'undo-redo', role: 'group', i18nAttrs: { 'aria-label': 'undo.group' } }, undo, redo);
  const zoom = el('div', { class: 'zoom', role: 'group', i18nAttrs: { 'aria-label': 'board.zoom' } }, zoomOut, zoomReset, zoomIn, fitAll, fitHome);
  // The tools row; "Your data" (my-data.js) joins it after help.
  const tools = el('div', { class: 'board-tools' },
    newNote,
    undoRedo,
    selectTool,
    zoom,
    viewToggle,
    observer,
    help);
  const head = el('div', { class: 'board-head' }, headTitle, connState, presenceSection);
  const boardMain = el('div', { class: 'board-main' }, board, list, mapHost);
  const page = el('div', { class: 'board-page' },
    head,
    tools,
    line,
    bands,
    el('p', { id: 'board-help-short', class: 'visually-hidden', i18n: 'board.helpShort' }),
    el('p', { id: 'note-editor-help', class: 'visually-hidden', i18n: 'note.editorHelp' }),
    qrDialog,
    status,
    el('div', { class: 'board-body' }, boardMain, facHost));
  return { page, head, boardMain, undoRedo, zoom, line, bands, headTitle, presenceSection, tools, title, code, codeValue, qrShow, qrDialog, qrImg, qrClose, connState, presence, presenceHeading, newNote, zoomIn, zoomOut, zoomReset, fitAll, fitHome, mapHost, undo, redo, selectTool, observer, board, list, viewToggle, status, facHost };
}

/** @returns {Storage|null} sessionStorage, if the browser lets us have it */
function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
