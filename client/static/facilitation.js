// The facilitation UI: the status strip everyone sees (timer, message,
// group, votes left, locked, private step, the result of a vote, the group
// picker) and the facilitator's panel with every control of the exercise
// flow. Like the board view it keeps no board state: it draws getBoard()
// and sends ops through submit(). Facilitation ops are not shown before
// their event comes back (state.js), so the panel always tells the truth.

import { el, setText } from './dom.js';
import { createPrivacySection, eraseButton } from './fac-privacy.js';
import { i18n, t } from './i18n.js';
import {
  LIMITS, boardFocus, boardJoining, boardLock, boardMessage, breakoutEnd, breakoutStart, frameCopy, frameCreate, frameDelete,
  frameChoose, frameLock, frameUpdate, groupAssign, groupCreate, groupDelete, groupPick, groupRename, newId, noteDelete,
  participantGroup, participantRemove, participantRename, privateReveal, privateStart, timerAdd, timerPause,
  timerReset, timerResume, timerStart, voteClose, voteOpen, voteReveal, voteTop,
} from './protocol.js';
import { assignEvenly, currentVote, liveGroups, randomInt, ranking, timerRemaining, votesLeft } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Participant} Participant */

/** A new frame's size, board units. */
const FRAME_W = 640;
const FRAME_H = 420;

/**
 * Formats milliseconds as m:ss (or h:mm:ss), rounding up so 0:00 shows
 * only at the end.
 * @param {number} ms
 * @returns {string}
 */
export function formatClock(ms) {
  const s = Math.ceil(Math.max(ms, 0) / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/**
 * @typedef {object} FacilitationOptions
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {() => number} serverNow server time now, unix ms
 * @property {(op: Op) => boolean} submit
 * @property {(text: string) => void} announce polite screen reader message
 * @property {() => {x: number, y: number}} viewCenter
 * @property {() => string} frameInView
 * @property {() => string|null} selectedNote
 * @property {(format: string) => Promise<Blob>} [exportFile] the workshop
 *   exported in a format (docx, md, html, csv, votes, json), for facilitators
 * @property {(info: {name: string}) => Promise<{template: {key: string}}>} [saveTemplate]
 *   saves the board as a new template (POST /api/workshops/{id}/template)
 * @property {import('./fac-privacy.js').PrivacyOptions} [privacy] the
 *   facilitator's privacy controls (deletion date, join code, citizen
 *   panel, deleting people's data, ending the workshop)
 */

/** The export formats, in the order the panel offers them. */
export const EXPORT_FORMATS = ['docx', 'md', 'html', 'csv', 'votes', 'json'];

/**
 * Builds the status strip and, for facilitators, the panel.
 * @param {HTMLElement} strip where the status goes (everyone)
 * @param {HTMLElement} panelHost where the facilitator's panel goes
 * @param {FacilitationOptions} opts
 */
export function createFacilitation(strip, panelHost, opts) {
  // ---- the status strip ----
  const message = el('p', { id: 'board-message', class: 'banner', role: 'status', hidden: true });
  const timer = el('p', { id: 'timer', class: 'timer', hidden: true });
  const timerDone = el('p', { id: 'timer-done', class: 'timer-done', role: 'status', hidden: true });
  const group = el('p', { id: 'my-group', class: 'status-item', hidden: true });
  const votes = el('p', { id: 'votes-left', class: 'status-item', hidden: true });
  const locked = el('p', { id: 'locked-notice', class: 'status-item status-item--warn', hidden: true, i18n: 'status.locked' });
  const priv = el('p', { id: 'private-notice', class: 'status-item', hidden: true });
  const breakout = el('p', { id: 'breakout-notice', class: 'status-item', hidden: true, i18n: 'status.breakout' });
  const ended = el('p', { id: 'ended-notice', class: 'status-item status-item--warn', hidden: true, i18n: 'status.ended' });
  const pickSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'pick-group' }));
  const pickButton = el('button', { type: 'button', id: 'pick-group-save', class: 'button button--small', i18n: 'status.pickSave' });
  const picker = el('div', { id: 'group-picker', class: 'status-item picker', hidden: true },
    el('label', { for: 'pick-group', i18n: 'status.pick' }), pickSelect, pickButton);
  const resultHeading = el('h2', { id: 'result-h', class: 'result-heading', i18n: 'result.heading' });
  const resultList = el('ol', { id: 'result-list', class: 'result-list' });
  const result = el('section', { id: 'vote-result', class: 'result', 'aria-labelledby': 'result-h', hidden: true }, resultHeading, resultList);
  strip.append(ended, message, timer, timerDone, group, votes, locked, priv, breakout, picker, result);

  pickButton.addEventListener('click', () => {
    const me = opts.getMe();
    if (me) opts.submit(participantGroup(me.id, pickSelect.value));
  });

  let timerEnded = false;
  /** @type {string} what the timer showed, to announce the end once */
  let timerKey = '';

  /** Updates the countdown; called every second and on every change. */
  function tick() {
    const b = opts.getBoard();
    const tm = b.timer;
    if (!tm) {
      timer.hidden = true;
      timerDone.hidden = true;
      timerEnded = false;
      if (facTimerText) facTimerText.textContent = t('fac.timer.none');
      return;
    }
    const left = timerRemaining(tm, opts.serverNow());
    const clock = formatClock(left);
    const text = tm.running ? t('timer.left', { time: clock }) : t('timer.paused', { time: clock });
    if (timer.textContent !== text) timer.textContent = text;
    timer.hidden = false;
    timer.dataset.left = String(Math.ceil(left / 1000));
    if (facTimerText) facTimerText.textContent = text;
    const ended = left === 0;
    const key = `${tm.durationMs}|${tm.startedAt}`;
    if (ended && !timerEnded) {
      timerDone.hidden = false;
      timerDone.textContent = t('timer.done');
      // Announce only an end seen live, not one already past on load.
      if (timerKey === key) opts.announce(t('timer.done'));
    }
    if (!ended) timerDone.hidden = true;
    timerEnded = ended;
    timerKey = key;
  }

  function renderStrip() {
    const b = opts.getBoard();
    const me = opts.getMe();
    message.hidden = !b.message;
    if (b.message) message.textContent = t('status.message', { text: b.message.text });
    const mine = me && b.participants[me.id] ? b.participants[me.id] : me;
    const g = mine && mine.group && b.groups[mine.group] && !b.groups[mine.group].deleted ? b.groups[mine.group] : null;
    group.hidden = !g;
    if (g) group.textContent = t('status.group', { group: g.name });
    const vote = currentVote(b);
    const isVoter = !!me && me.role === 'participant';
    votes.hidden = !vote || !vote.open;
    if (vote && vote.open) {
      const left = votesLeft(vote, me);
      votes.dataset.left = String(left);
      votes.textContent = !isVoter ? t('status.voteOpen') : left > 0 ? i18n.plural('status.votesLeft', left) : t('status.votesNone');
    }
    locked.hidden = !b.locked || !!b.ended;
    ended.hidden = !b.ended;
    priv.hidden = !b.private;
    if (b.private) priv.textContent = t(me && me.role === 'facilitator' ? (b.private.sealed ? 'status.privateFacSealed' : 'status.privateFac') : 'status.private');
    breakout.hidden = !b.breakout;
    // A facilitator sees every group's frames: not the participants' banner.
    if (b.breakout) setText(breakout, me && me.role === 'facilitator' ? 'status.breakoutFac' : 'status.breakout');
    // The group picker.
    const groups = liveGroups(b);
    picker.hidden = !(b.allowPick && isVoter && groups.length > 0);
    if (!picker.hidden) {
      const key = JSON.stringify([groups.map((x) => [x.id, x.name]), mine && mine.group, i18n.lang()]);
      if (pickSelect.dataset.key !== key) {
        pickSelect.dataset.key = key;
        pickSelect.replaceChildren(el('option', { value: '', i18n: 'group.none' }),
          ...groups.map((x) => el('option', { value: x.id, text: x.name })));
        pickSelect.value = (mine && mine.group) || '';
      }
    }
    // The result, once revealed.
    const revealed = vote && vote.revealed ? vote : null;
    result.hidden = !revealed;
    if (revealed) {
      const rows = ranking(b, revealed).slice(0, 10);
      const key = JSON.stringify([revealed.id, rows, revealed.top, rows.map((r) => b.notes[r.note] && b.notes[r.note].text), i18n.lang()]);
      if (resultList.dataset.key !== key) {
        resultList.dataset.key = key;
        resultList.replaceChildren(...rows.map((r) => {
          const top = revealed.top ? revealed.top.indexOf(r.note) : -1;
          return el('li', { class: top >= 0 ? 'result-row result-row--top' : 'result-row', data: { note: r.note } },
            el('span', { class: 'result-dots', text: i18n.plural('vote.total', r.dots) }), ' ',
            el('span', { class: 'result-text', text: (b.notes[r.note] && b.notes[r.note].text) || t('note.empty') }),
            top >= 0 ? el('span', { class: 'note-badge note-badge--top', text: t('vote.badgeTop', { n: top + 1 }) }) : null);
        }));
        if (rows.length === 0) resultList.replaceChildren(el('li', { i18n: 'result.none' }));
      }
    }
    strip.hidden = [...strip.children].every((c) => /** @type {HTMLElement} */ (c).hidden);
    tick();
  }

  // ---- the facilitator's panel ----
  /** @type {HTMLElement|null} */
  let panel = null;
  /** @type {HTMLElement|null} */
  let facTimerText = null;
  /** @type {(() => void)|null} */
  let renderPanel = null;

  function ensurePanel() {
    const me = opts.getMe();
    const fac = !!me && me.role === 'facilitator';
    if (!fac) {
      if (panel) panel.remove();
      panel = null;
      renderPanel = null;
      facTimerText = null;
      panelHost.hidden = true;
      return;
    }
    panelHost.hidden = false;
    if (!panel) buildPanel();
  }

  function buildPanel() {
    const submit = opts.submit;
    const body = el('div', { id: 'fac-body', class: 'fac-body' });
    const toggle = el('button', { type: 'button', id: 'fac-toggle', class: 'fac-toggle', 'aria-expanded': 'true', 'aria-controls': 'fac-body' },
      el('span', { i18n: 'fac.panel' }));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
      panel?.classList.toggle('fac-panel--closed', !open);
    });
    panel = el('section', { id: 'fac-panel', class: 'fac-panel', 'aria-labelledby': 'fac-panel-h' },
      el('h2', { id: 'fac-panel-h', class: 'fac-panel-heading' }, toggle), body);
    panelHost.append(panel);

    /**
     * A sub-section with a heading.
     * @param {string} id
     * @param {string} key
     * @param {...(Node|null)} children
     */
    const section = (id, key, ...children) => el('section', { class: 'fac-section', 'aria-labelledby': `${id}-h` },
      el('h3', { id: `${id}-h`, i18n: key }), ...children);
    /**
     * A button that sends op() when clicked.
     * @param {string} id
     * @param {string} key
     * @param {() => Op|null} op
     * @param {string} [cls]
     */
    const button = (id, key, op, cls = '') => {
      const b = el('button', { type: 'button', id, class: `button button--small ${cls}`, i18n: key });
      b.addEventListener('click', () => {
        const o = op();
        if (o) submit(o);
      });
      return b;
    };
    /**
     * A labelled input.
     * @param {string} id
     * @param {string} key
     * @param {Record<string, any>} attrs
     */
    const input = (id, key, attrs) => {
      const i = /** @type {HTMLInputElement} */ (el('input', { id, ...attrs }));
      return { input: i, wrap: el('div', { class: 'fac-field' }, el('label', { for: id, i18n: key }), i) };
    };

    // Timer.
    facTimerText = el('p', { id: 'fac-timer-text', class: 'fac-timer', i18n: 'fac.timer.none' });
    const minutes = input('timer-minutes', 'fac.timer.minutes', { type: 'number', min: '1', max: '1440', step: '1', value: '10', inputmode: 'numeric' });
    const tStart = button('timer-start', 'fac.timer.start', () => timerStart(Math.max(1, Number(minutes.input.value) || 1) * 60000));
    const tPause = button('timer-pause', 'fac.timer.pause', () => timerPause());
    const tResume = button('timer-resume', 'fac.timer.resume', () => timerResume());
    const tAdd1 = button('timer-add1', 'fac.timer.add1', () => timerAdd(60000));
    const tAdd5 = button('timer-add5', 'fac.timer.add5', () => timerAdd(300000));
    const tReset = button('timer-reset', 'fac.timer.reset', () => timerReset());
    body.append(section('fac-timer', 'fac.timer.heading', facTimerText,
      el('div', { class: 'fac-row' }, minutes.wrap, tStart),
      el('div', { class: 'fac-row' }, tPause, tResume, tAdd1, tAdd5, tReset)));

    // Groups and breakout.
    const gName = input('group-name', 'fac.group.name', { type: 'text', maxlength: String(LIMITS.groupNameLen), autocomplete: 'off' });
    const gCreate = button('group-create', 'fac.group.create', () => {
      const name = gName.input.value.trim();
      if (!name) return null;
      gName.input.value = '';
      return groupCreate(newId(), name);
    });
    gName.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        gCreate.click();
      }
    });
    const gList = el('ul', { id: 'group-list', class: 'fac-list' });
    const gAssign = button('group-assign', 'fac.group.assignEvenly', () => {
      const assign = assignEvenly(opts.getBoard(), (n) => randomInt(n));
      return assign && Object.keys(assign).length ? groupAssign(assign) : null;
    });
    const gPick = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'group-pick' }));
    gPick.addEventListener('change', () => {
      if (!submit(groupPick(gPick.checked))) gPick.checked = !gPick.checked;
    });
    const bStart = button('breakout-start', 'fac.breakout.start', () => breakoutStart(), 'button--primary');
    const bEnd = button('breakout-end', 'fac.breakout.end', () => breakoutEnd(), 'button--primary');
    const copy = button('frame-copy', 'fac.frame.copySelected', () => {
      const ids = selectedFrames();
      if (ids.length === 0) return null;
      const b = opts.getBoard();
      const h = Math.max(...ids.map((id) => b.frames[id].h));
      return frameCopy(ids, 0, h + 80);
    });
    body.append(section('fac-groups', 'fac.group.heading',
      el('div', { class: 'fac-row' }, gName.wrap, gCreate),
      gList,
      el('div', { class: 'fac-row' }, gAssign),
      el('label', { class: 'check' }, gPick, el('span', { i18n: 'fac.group.allowPick' })),
      el('div', { class: 'fac-row' }, bStart, bEnd),
      el('div', { class: 'fac-row' }, copy)));

    // Frames.
    const fTitle = input('frame-title', 'fac.frame.title', { type: 'text', maxlength: String(LIMITS.titleLen), autocomplete: 'off' });
    const fPrompt = input('frame-prompt', 'fac.frame.prompt', { type: 'text', maxlength: String(LIMITS.textLen), autocomplete: 'off' });
    const fGroup = /** @type {HTMLSelectElement} */ (el('select', { id: 'frame-group' }));
    const fCreate = button('frame-create', 'fac.frame.create', () => {
      const title = fTitle.input.value.trim();
      if (!title) {
        fTitle.input.focus();
        return null;
      }
      const spot = freeSpot(opts.getBoard(), opts.viewCenter());
      const prompt = fPrompt.input.value.trim();
      fTitle.input.value = '';
      fPrompt.input.value = '';
      return frameCreate({ frame: newId(), title, text: prompt || undefined, group: fGroup.value || undefined, ...spot, w: FRAME_W, h: FRAME_H });
    });
    const fList = el('ul', { id: 'frame-list', class: 'fac-list' });
    body.append(section('fac-frames', 'fac.frame.heading',
      fTitle.wrap, fPrompt.wrap,
      el('div', { class: 'fac-field' }, el('label', { for: 'frame-group', i18n: 'fac.frame.groupLabel' }), fGroup),
      el('div', { class: 'fac-row' }, fCreate),
      fList));

    // Dot vote.
    const vBudget = input('vote-budget', 'fac.vote.budget', { type: 'number', min: '1', max: String(LIMITS.maxBudget), value: '3', inputmode: 'numeric' });
    const vCap = input('vote-cap', 'fac.vote.cap', { type: 'number', min: '1', max: String(LIMITS.maxBudget), value: '', inputmode: 'numeric' });
    const vScope = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'vote-selected' }));
    const vOpen = button('vote-open', 'fac.vote.open', () => {
      const budget = Math.round(Number(vBudget.input.value));
      const cap = vCap.input.value ? Math.round(Number(vCap.input.value)) : 0;
      const frames = vScope.checked ? selectedFrames() : [];
      return voteOpen({ vote: newId(), budget, cap: cap > 0 ? Math.min(cap, budget) : undefined, frames });
    }, 'button--primary');
    const vClose = button('vote-close', 'fac.vote.close', () => { const v = currentVote(opts.getBoard()); return v ? voteClose(v.id) : null; });
    const vReveal = button('vote-reveal', 'fac.vote.reveal', () => { const v = currentVote(opts.getBoard()); return v ? voteReveal(v.id) : null; });
    const vTopN = input('vote-topn', 'fac.vote.topN', { type: 'number', min: '1', max: '100', value: '3', inputmode: 'numeric' });
    const vTop = button('vote-top', 'fac.vote.markTop', () => {
      const b = opts.getBoard();
      const v = currentVote(b);
      if (!v || !v.revealed) return null;
      const n = Math.max(1, Math.round(Number(vTopN.input.value) || 1));
      const notes = ranking(b, v).slice(0, n).map((r) => r.note);
      return notes.length ? voteTop(v.id, notes) : null;
    });
    const vState = el('p', { id: 'vote-state', class: 'fac-state' });
    body.append(section('fac-vote', 'fac.vote.heading', vState,
      el('div', { class: 'fac-row' }, vBudget.wrap, vCap.wrap),
      el('label', { class: 'check' }, vScope, el('span', { i18n: 'fac.vote.onSelected' })),
      el('div', { class: 'fac-row' }, vOpen, vClose, vReveal),
      el('div', { class: 'fac-row' }, vTopN.wrap, vTop)));

    // Private step.
    const pSealed = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'private-sealed' }));
    const pStart = button('private-start', 'fac.private.start', () => privateStart({ sealed: pSealed.checked, frames: vScope.checked ? selectedFrames() : [] }));
    const pReveal = button('private-reveal', 'fac.private.reveal', () => privateReveal());
    body.append(section('fac-private', 'fac.private.heading',
      el('p', { class: 'fac-hint', i18n: 'fac.private.hint' }),
      el('label', { class: 'check' }, pSealed, el('span', { i18n: 'fac.private.sealed' })),
      el('div', { class: 'fac-row' }, pStart, pReveal)));

    // The board: lock, message, focus.
    const lock = el('button', { type: 'button', id: 'board-lock', class: 'button button--small', 'aria-pressed': 'false', i18n: 'fac.board.lock' });
    lock.addEventListener('click', () => submit(boardLock(!opts.getBoard().locked)));
    // "Everyone is in": close the workshop to new people (and open it again).
    const joining = el('button', { type: 'button', id: 'board-joining', class: 'button button--small', 'aria-pressed': 'false', i18n: 'fac.board.closeJoining' });
    joining.addEventListener('click', () => submit(boardJoining(!!opts.getBoard().joinClosed)));
    const msg = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'board-message-text', rows: '2', maxlength: String(LIMITS.boardMessageLen) }));
    const msgSend = button('board-message-send', 'fac.message.send', () => {
      const text = msg.value.trim();
      if (!text) return null;
      msg.value = '';
      return boardMessage(text);
    });
    const msgClear = button('board-message-clear', 'fac.message.clear', () => boardMessage(''));
    const focus = button('board-focus', 'fac.focus.bring', () => {
      const f = opts.frameInView();
      if (f) return boardFocus({ frame: f });
      const c = opts.viewCenter();
      return boardFocus({ x: c.x, y: c.y });
    });
    body.append(section('fac-board', 'fac.flow.heading',
      el('div', { class: 'fac-row' }, lock, joining, focus),
      el('div', { class: 'fac-field' }, el('label', { for: 'board-message-text', i18n: 'fac.message.label' }), msg),
      el('div', { class: 'fac-row' }, msgSend, msgClear)));

    // The konkurranseprogram draft and the data, for the municipality.
    if (opts.exportFile) {
      const exportFile = opts.exportFile;
      const draft = el('pre', { id: 'export-preview', class: 'export-preview', tabindex: '0', hidden: true });
      const status = el('p', { id: 'export-status', class: 'fac-hint', role: 'status' });
      const show = el('button', { type: 'button', id: 'export-show', class: 'button button--small', i18n: 'fac.export.preview' });
      show.addEventListener('click', async () => {
        try {
          draft.textContent = await (await exportFile('md')).text();
          draft.hidden = false;
          draft.focus();
        } catch {
          setText(status, 'fac.export.failed');
        }
      });
      const downloads = EXPORT_FORMATS.map((format) => {
        const b = el('button', { type: 'button', id: `export-${format}`, class: 'button button--small', i18n: `fac.export.${format}` });
        b.addEventListener('click', async () => {
          try {
            const blob = await exportFile(format);
            const a = el('a', { href: URL.createObjectURL(blob), download: `samskap.${format === 'votes' ? 'stemmer.csv' : format}` });
            document.body.append(a);
            a.click();
            a.remove();
            setText(status, 'fac.export.done');
          } catch {
            setText(status, 'fac.export.failed');
          }
        });
        return b;
      });
      body.append(section('fac-export', 'fac.export.heading',
        el('p', { class: 'fac-hint', i18n: 'fac.export.hint' }),
        el('div', { class: 'fac-row' }, show), el('div', { class: 'fac-row' }, ...downloads), status, draft));
    }

    // Save the board as a new template, for the next workshops.
    if (opts.saveTemplate) {
      const saveTemplate = opts.saveTemplate;
      const name = input('template-name', 'fac.template.name', { type: 'text', maxlength: String(LIMITS.titleLen), autocomplete: 'off' });
      name.input.setAttribute('aria-describedby', 'template-save-hint template-save-status');
      const tStatus = el('p', { id: 'template-save-status', class: 'fac-hint', role: 'status' });
      const problems = el('ul', { id: 'template-save-problems', class: 'fac-list', hidden: true });
      const save = el('button', { type: 'button', id: 'template-save', class: 'button button--small', i18n: 'fac.template.save' });
      let saving = false;
      save.addEventListener('click', async () => {
        if (saving) return;
        problems.hidden = true;
        problems.replaceChildren();
        const n = name.input.value.trim();
        if (!n) {
          setText(tStatus, 'fac.template.noName');
          name.input.focus();
          return;
        }
        saving = true;
        save.setAttribute('aria-disabled', 'true');
        try {
          const answer = await saveTemplate({ name: n });
          name.input.value = '';
          setText(tStatus, 'fac.template.saved', { name: n, key: answer.template.key });
        } catch (err) {
          const e = /** @type {any} */ (err);
          const code = e && e.code;
          setText(tStatus, code === 'conflict' ? 'lib.error.exists' : code === 'invalid' ? 'fac.template.invalid' : code === 'unauthorized' ? 'error.unauthorized' : 'lib.error.failed');
          const list = Array.isArray(e && e.problems) ? e.problems : [];
          if (list.length) {
            problems.replaceChildren(...list.slice(0, 10).map((/** @type {{field: string, message: string}} */ p) =>
              el('li', { text: p.field ? `${p.field}: ${p.message}` : p.message })));
            problems.hidden = false;
          }
        } finally {
          saving = false;
          save.removeAttribute('aria-disabled');
        }
      });
      body.append(section('fac-template', 'fac.template.heading',
        el('p', { id: 'template-save-hint', class: 'fac-hint', i18n: 'fac.template.hint' }),
        name.wrap, el('div', { class: 'fac-row' }, save), tStatus, problems));
    }

    // Privacy: deletion date, join code, citizen panel, ending.
    /** @type {{section: HTMLElement, render: () => void}|null} */
    let privacy = null;
    /** @type {HTMLElement|null} */
    let privacyStatus = null;
    if (opts.privacy) {
      privacy = createPrivacySection({ ...opts.privacy, getBoard: opts.getBoard, getMe: opts.getMe, confirm: confirmThen });
      body.append(privacy.section);
      privacyStatus = /** @type {HTMLElement} */ (privacy.section.querySelector('#privacy-status'));
    }

    // Moderation of the selected note.
    const modNote = el('p', { id: 'mod-note', class: 'fac-state' });
    const reason = input('mod-reason', 'fac.mod.reason', { type: 'text', maxlength: String(LIMITS.reasonLen), autocomplete: 'off' });
    const modOp = (/** @type {'hide'|'delete'} */ what) => {
      const id = opts.selectedNote();
      if (!id) return null;
      const r = reason.input.value.trim();
      reason.input.value = '';
      /** @type {Op} */
      const op = what === 'hide' ? { kind: 'note.hide', note: id, on: true } : noteDelete(id);
      if (r) op.reason = r;
      return op;
    };
    const hide = button('mod-hide', 'fac.mod.hide', () => modOp('hide'));
    const del = button('mod-delete', 'fac.mod.delete', () => modOp('delete'), 'button--danger');
    const hiddenList = el('ul', { id: 'hidden-list', class: 'fac-list' });
    body.append(section('fac-mod', 'fac.mod.heading', modNote, reason.wrap, el('div', { class: 'fac-row' }, hide, del), hiddenList));

    // People.
    const pList = el('ul', { id: 'people-list', class: 'fac-list' });
    body.append(section('fac-people', 'fac.people.heading', pList));

    /** @returns {string[]} the frames ticked in the frame list */
    function selectedFrames() {
      const live = opts.getBoard().frames;
      return [...fList.querySelectorAll('input.frame-pick:checked')]
        .map((i) => /** @type {HTMLElement} */ (i).dataset.frame || '')
        .filter((id) => id in live);
    }

    renderPanel = () => {
      const b = opts.getBoard();
      const me = opts.getMe();
      const groups = liveGroups(b);
      // Timer buttons.
      const tm = b.timer;
      const left = tm ? timerRemaining(tm, opts.serverNow()) : 0;
      tPause.hidden = !(tm && tm.running);
      tResume.hidden = !(tm && !tm.running && left > 0);
      for (const x of [tAdd1, tAdd5, tReset]) x.toggleAttribute('disabled', !tm);
      // Groups.
      gPick.checked = b.allowPick;
      bStart.hidden = b.breakout;
      bEnd.hidden = !b.breakout;
      bStart.toggleAttribute('disabled', groups.length === 0);
      gAssign.toggleAttribute('disabled', groups.length === 0);
      copy.toggleAttribute('disabled', groups.length === 0);
      keyed(gList, JSON.stringify([groups.map((g) => [g.id, g.name, count(b, g.id)]), i18n.lang()]), () =>
        groups.map((g) => {
          const name = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: `group-name-${g.id}`, value: g.name, maxlength: String(LIMITS.groupNameLen), class: 'fac-inline' }));
          name.setAttribute('aria-label', t('fac.group.nameOf', { group: g.name }));
          const save = el('button', { type: 'button', class: 'button button--small', data: { k: `gr-${g.id}` }, i18n: 'fac.rename' });
          save.addEventListener('click', () => { if (name.value.trim() && name.value.trim() !== g.name) submit(groupRename(g.id, name.value.trim())); });
          const rm = el('button', { type: 'button', class: 'button button--small button--danger', data: { k: `gd-${g.id}` }, i18n: 'fac.delete' });
          rm.setAttribute('aria-label', t('fac.group.deleteOf', { group: g.name }));
          rm.addEventListener('click', () => confirmThen(t('fac.group.confirmDelete', { group: g.name }), () => submit(groupDelete(g.id))));
          return el('li', { class: 'fac-item' }, name, save, rm, el('span', { class: 'fac-count', text: i18n.plural('fac.group.members', count(b, g.id)) }));
        }));
      // The frame form's group choice.
      keyed(fGroup, JSON.stringify([groups.map((g) => [g.id, g.name]), i18n.lang()]), () => {
        const v = fGroup.value;
        const opts2 = [el('option', { value: '', i18n: 'fac.frame.plenary' }), ...groups.map((g) => el('option', { value: g.id, text: g.name }))];
        queueMicrotask(() => { fGroup.value = groups.some((g) => g.id === v) ? v : ''; });
        return opts2;
      });
      // Frames.
      const frames = Object.values(b.frames).sort((x, y) => (x.z - y.z) || (x.id < y.id ? -1 : 1));
      const ticked = new Set(selectedFrames());
      keyed(fList, JSON.stringify([frames.map((f) => [f.id, f.title, f.group, !!f.locked, !!f.chosen, f.group && b.groups[f.group] ? b.groups[f.group].name : '']), i18n.lang()]), () =>
        frames.map((f) => {
          const pick = el('input', { type: 'checkbox', id: `frame-pick-${f.id}`, class: 'frame-pick', data: { frame: f.id }, checked: ticked.has(f.id) });
          const label = el('label', { for: `frame-pick-${f.id}`, class: 'fac-frame-title', text: f.group && b.groups[f.group] ? `${f.title} (${b.groups[f.group].name})` : f.title });
          const name = /** @type {HTMLInputElement} */ (el('input', { type: 'text', value: f.title, maxlength: String(LIMITS.titleLen), class: 'fac-inline' }));
          name.setAttribute('aria-label', t('fac.frame.titleOf', { title: f.title }));
          const save = el('button', { type: 'button', class: 'button button--small', data: { k: `fr-${f.id}` }, i18n: 'fac.rename' });
          save.addEventListener('click', () => { if (name.value.trim() && name.value.trim() !== f.title) submit(frameUpdate(f.id, { title: name.value.trim() })); });
          const lk = el('button', { type: 'button', class: 'button button--small', data: { k: `fl-${f.id}` }, 'aria-pressed': String(!!f.locked), i18n: 'fac.frame.lock' });
          lk.addEventListener('click', () => submit(frameLock(f.id, !f.locked)));
          // Chosen: a card a municipality picked (the målbilder of a shared
          // board), for the next workshop and the export.
          const ch = el('button', { type: 'button', class: 'button button--small', data: { k: `fc-${f.id}` }, 'aria-pressed': String(!!f.chosen), i18n: 'fac.frame.chosen' });
          ch.setAttribute('aria-label', t('fac.frame.chosenOf', { title: f.title }));
          ch.addEventListener('click', () => submit(frameChoose(f.id, !f.chosen)));
          const rm = el('button', { type: 'button', class: 'button button--small button--danger', data: { k: `fd-${f.id}` }, i18n: 'fac.delete' });
          rm.setAttribute('aria-label', t('fac.frame.deleteOf', { title: f.title }));
          rm.addEventListener('click', () => confirmThen(t('fac.frame.confirmDelete', { title: f.title }), () => submit(frameDelete(f.id))));
          return el('li', { class: 'fac-item' }, el('span', { class: 'check' }, pick, label), name, save, lk, ch, rm);
        }));
      // Vote.
      const v = currentVote(b);
      vOpen.hidden = !!(v && v.open);
      vClose.hidden = !(v && v.open);
      vReveal.toggleAttribute('disabled', !v || !!v.revealed);
      vTop.toggleAttribute('disabled', !v || !v.revealed);
      vState.textContent = !v ? t('fac.vote.none') : v.open ? t('fac.vote.stateOpen', { budget: v.budget, voters: v.voters ?? 0 })
        : v.revealed ? t('fac.vote.stateRevealed') : t('fac.vote.stateClosed');
      // Private step.
      pStart.hidden = !!b.private;
      pReveal.hidden = !b.private;
      pSealed.toggleAttribute('disabled', !!b.private);
      // Board.
      lock.setAttribute('aria-pressed', String(b.locked));
      joining.setAttribute('aria-pressed', String(!!b.joinClosed));
      msgClear.toggleAttribute('disabled', !b.message);
      // Moderation.
      const sel = opts.selectedNote();
      const note = sel ? b.notes[sel] : null;
      modNote.textContent = note && !note.deleted ? t('fac.mod.selected', { text: note.text || t('note.empty') }) : t('fac.mod.none');
      hide.toggleAttribute('disabled', !note || note.deleted || !!note.hidden);
      del.toggleAttribute('disabled', !note || !!note.deleted);
      const hidden = Object.values(b.notes).filter((n) => n.hidden && !n.deleted);
      keyed(hiddenList, JSON.stringify([hidden.map((n) => [n.id, n.text, n.hiddenReason]), i18n.lang()]), () =>
        hidden.map((n) => {
          const show = el('button', { type: 'button', class: 'button button--small', data: { k: `hs-${n.id}` }, i18n: 'fac.mod.show' });
          show.addEventListener('click', () => submit({ kind: 'note.hide', note: n.id, on: false }));
          return el('li', { class: 'fac-item' },
            el('span', { text: t('fac.mod.hiddenNote', { text: n.text || t('note.empty'), reason: n.hiddenReason || '–' }) }), show);
        }));
      // People.
      const people = Object.values(b.participants).filter((p) => !p.removed && (!me || p.id !== me.id))
        .sort((x, y) => x.name.localeCompare(y.name, i18n.lang()));
      keyed(pList, JSON.stringify([people.map((p) => [p.id, p.name, p.role, p.group]), groups.map((g) => [g.id, g.name]), i18n.lang()]), () =>
        people.map((p) => {
          const name = /** @type {HTMLInputElement} */ (el('input', { type: 'text', value: p.name, maxlength: String(LIMITS.nameLen), class: 'fac-inline' }));
          name.setAttribute('aria-label', t('fac.people.nameOf', { name: p.name }));
          const save = el('button', { type: 'button', class: 'button button--small', data: { k: `pr-${p.id}` }, i18n: 'fac.rename' });
          save.addEventListener('click', () => { if (name.value.trim() && name.value.trim() !== p.name) submit(participantRename(p.id, name.value.trim())); });
          const sel2 = /** @type {HTMLSelectElement} */ (el('select', { class: 'person-group', data: { person: p.id, k: `pg-${p.id}` } },
            el('option', { value: '', i18n: 'group.none' }), ...groups.map((g) => el('option', { value: g.id, text: g.name }))));
          sel2.value = p.group && groups.some((g) => g.id === p.group) ? p.group : '';
          sel2.setAttribute('aria-label', t('fac.people.groupOf', { name: p.name }));
          sel2.addEventListener('change', () => submit(participantGroup(p.id, sel2.value)));
          const parts = [el('span', { class: 'fac-person', text: `${p.name} ${t(`presence.role.${p.role}`)}` }), name, save, sel2];
          if (p.role !== 'facilitator') {
            const rm = el('button', { type: 'button', class: 'button button--small button--danger', data: { k: `px-${p.id}` }, i18n: 'fac.people.remove' });
            rm.setAttribute('aria-label', t('fac.people.removeOf', { name: p.name }));
            rm.addEventListener('click', () => confirmThen(t('fac.people.confirmRemove', { name: p.name }), () => submit(participantRemove(p.id))));
            parts.push(rm);
            if (opts.privacy && privacyStatus) parts.push(eraseButton(p, { api: opts.privacy.api, confirm: confirmThen }, privacyStatus));
          }
          return el('li', { class: 'fac-item' }, ...parts);
        }));
      if (privacy) privacy.render();
    };
  }

  /**
   * Asks before something that cannot be undone, in a modal dialog.
   * @param {string} question
   * @param {() => void} then
   */
  function confirmThen(question, then) {
    const back = /** @type {HTMLElement|null} */ (document.activeElement);
    const yes = el('button', { type: 'button', id: 'confirm-yes', class: 'button button--danger', i18n: 'fac.confirm.yes' });
    const no = el('button', { type: 'button', id: 'confirm-no', class: 'button', i18n: 'fac.confirm.no' });
    const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-q' },
      el('p', { id: 'confirm-q', text: question }), el('div', { class: 'fac-row' }, yes, no)));
    document.body.append(dialog);
    const close = () => {
      dialog.close();
      dialog.remove();
      if (back && back.isConnected) back.focus();
    };
    yes.addEventListener('click', () => {
      close();
      then();
    });
    no.addEventListener('click', close);
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      close();
    });
    dialog.showModal();
    no.focus();
  }

  function render() {
    ensurePanel();
    renderStrip();
    if (renderPanel) renderPanel();
  }

  const clock = setInterval(tick, 500);

  return {
    render,
    destroy() {
      clearInterval(clock);
    },
  };
}

/**
 * Replaces a container's children only when key changed, keeping focus on
 * the control with the same data-k (or the same id) after the rebuild.
 * @param {HTMLElement} container
 * @param {string} key
 * @param {() => Node[]} build
 */
function keyed(container, key, build) {
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  const active = /** @type {HTMLElement|null} */ (document.activeElement);
  const k = active && container.contains(active) ? active.dataset.k || active.id : '';
  container.replaceChildren(...build());
  if (k) {
    const again = /** @type {HTMLElement|null} */ (container.querySelector(`[data-k="${k}"]`) || (active && active.id ? container.querySelector(`#${CSS.escape(active.id)}`) : null));
    if (again) again.focus();
  }
}

/**
 * Members of a group (not removed).
 * @param {Board} b
 * @param {string} group
 * @returns {number}
 */
function count(b, group) {
  return Object.values(b.participants).filter((p) => p.group === group && !p.removed).length;
}

/**
 * Where a new frame goes: centred on the view, moved right past any frame
 * it would overlap.
 * @param {Board} b
 * @param {{x: number, y: number}} c
 * @returns {{x: number, y: number}}
 */
export function freeSpot(b, c) {
  let x = Math.round(c.x - FRAME_W / 2), y = Math.round(c.y - FRAME_H / 2);
  const frames = Object.values(b.frames);
  const hit = () => frames.find((f) => x < f.x + f.w && f.x < x + FRAME_W && y < f.y + f.h && f.y < y + FRAME_H);
  for (let i = 0; i < 100; i++) {
    const f = hit();
    if (!f) break;
    x = f.x + f.w + 40;
  }
  return { x: Math.max(-LIMITS.coord, Math.min(LIMITS.coord - FRAME_W, x)), y };
}
