// The facilitator's privacy controls, a section of the facilitation panel:
// the workshop's deletion date, a new join code, the citizen panel's
// signups (list, download, delete), deleting the data of people who were
// removed, and ending the workshop. Every control goes through the HTTP
// API with the facilitator's session; the board hears of the result from
// the server (board.end, participant.erase) like everyone else.

import { el, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { formatJoinCode } from './protocol.js';

/** How far ahead a deletion date may be (server: maxDeleteAfter). */
const MAX_DAYS_AHEAD = 3 * 365;

/**
 * @typedef {object} PrivacyOptions
 * @property {ReturnType<import('./api.js').Api['forBoard']>} api the facilitator's calls
 * @property {() => import('./protocol.js').Workshop|null} getWorkshop
 * @property {(w: import('./protocol.js').Workshop) => void} onWorkshop the workshop changed (a new code, date)
 */

/**
 * @param {PrivacyOptions & {
 *   getBoard: () => import('./state.js').Board,
 *   getMe: () => import('./protocol.js').Participant|null,
 *   confirm: (question: string, then: () => void) => void,
 * }} opts
 */
export function createPrivacySection(opts) {
  const status = el('p', { id: 'privacy-status', class: 'fac-hint', role: 'status' });
  /**
   * Runs an API call and says how it went in the status line.
   * @param {() => Promise<any>} fn
   * @param {(answer: any) => void} then
   */
  const run = async (fn, then) => {
    try {
      then(await fn());
    } catch (err) {
      setText(status, errorKey(err.code, 'privacy'));
    }
  };

  // The deletion date.
  const dateText = el('p', { id: 'delete-after-text', class: 'fac-state' });
  const date = /** @type {HTMLInputElement} */ (el('input', { type: 'date', id: 'delete-after-date', required: true }));
  const saveDate = el('button', { type: 'button', id: 'delete-after-save', class: 'button button--small', i18n: 'fac.privacy.saveDate' });
  saveDate.addEventListener('click', () => {
    const at = endOfDay(date.value);
    if (!at || at.getTime() <= Date.now()) {
      setText(status, 'fac.privacy.badDate');
      date.focus();
      return;
    }
    run(() => opts.api.setDeleteAfter(at.toISOString()), (a) => {
      opts.onWorkshop(a.workshop);
      setText(status, 'fac.privacy.dateSaved', { date: formatDate(a.workshop.deleteAfter) });
    });
  });

  // A new join code.
  const newCode = el('button', { type: 'button', id: 'join-code-new', class: 'button button--small', i18n: 'fac.privacy.newCode' });
  newCode.addEventListener('click', () => opts.confirm(t('fac.privacy.confirmNewCode'), () =>
    run(() => opts.api.newJoinCode(), (a) => {
      opts.onWorkshop(a.workshop);
      setText(status, 'fac.privacy.newCodeDone', { code: formatJoinCode(a.workshop.joinCode) });
    })));

  // The citizen panel.
  const panelList = el('ul', { id: 'panel-list', class: 'fac-list', hidden: true });
  const showPanel = el('button', { type: 'button', id: 'panel-show', class: 'button button--small', i18n: 'fac.panel.show' });
  const csv = el('button', { type: 'button', id: 'panel-csv', class: 'button button--small', i18n: 'fac.panel.csv' });
  const deleteAll = el('button', { type: 'button', id: 'panel-delete-all', class: 'button button--small button--danger', i18n: 'fac.panel.deleteAll' });
  const loadPanel = () => run(() => opts.api.panel(), (a) => {
    /** @type {import('./api.js').PanelSignup[]} */
    const list = a.signups;
    panelList.hidden = false;
    panelList.replaceChildren(...(list.length === 0 ? [el('li', { i18n: 'fac.panel.none' })] : list.map((s) => {
      const contact = [s.email, s.phone].filter(Boolean).join(', ');
      const del = el('button', { type: 'button', class: 'button button--small button--danger', data: { k: `pd-${s.participantId}` }, i18n: 'fac.delete' });
      del.setAttribute('aria-label', t('fac.panel.deleteOf', { name: s.name }));
      del.addEventListener('click', () => opts.confirm(t('fac.panel.confirmDelete', { name: s.name }), () =>
        run(() => opts.api.deleteSignup(s.participantId), () => {
          setText(status, 'fac.panel.deleted', { name: s.name });
          loadPanel();
        })));
      return el('li', { class: 'fac-item' }, el('span', { text: `${s.name} – ${contact}` }), del);
    })));
    setText(status, 'fac.panel.count', { n: list.length });
  });
  showPanel.addEventListener('click', loadPanel);
  csv.addEventListener('click', () => run(() => opts.api.panelCsv(), (blob) => {
    const a = el('a', { href: URL.createObjectURL(blob), download: 'innbyggerpanel.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setText(status, 'fac.export.done');
  }));
  deleteAll.addEventListener('click', () => opts.confirm(t('fac.panel.confirmDeleteAll'), () =>
    run(() => opts.api.deleteAllSignups(), (a) => {
      setText(status, 'fac.panel.deletedAll', { n: a.deleted });
      if (!panelList.hidden) loadPanel();
    })));

  // People who were removed: their notes stay until their data is deleted.
  const removedList = el('ul', { id: 'removed-list', class: 'fac-list' });

  // Ending the workshop.
  const endText = el('p', { id: 'end-text', class: 'fac-hint', i18n: 'fac.end.body' });
  const end = el('button', { type: 'button', id: 'workshop-end', class: 'button button--small button--danger', i18n: 'fac.end.button' });
  end.addEventListener('click', () => opts.confirm(t('fac.end.confirm'), () =>
    run(() => opts.api.end(), (a) => {
      opts.onWorkshop(a.workshop);
      setText(status, 'fac.end.done');
    })));

  const section = el('section', { class: 'fac-section', 'aria-labelledby': 'fac-privacy-h' },
    el('h3', { id: 'fac-privacy-h', i18n: 'fac.privacy.heading' }),
    dateText,
    el('div', { class: 'fac-row' },
      el('div', { class: 'fac-field' }, el('label', { for: 'delete-after-date', i18n: 'fac.privacy.newDate' }), date),
      saveDate),
    el('div', { class: 'fac-row' }, newCode),
    el('h4', { i18n: 'fac.panel.heading' }),
    el('p', { class: 'fac-hint', i18n: 'fac.panel.hint' }),
    el('div', { class: 'fac-row' }, showPanel, csv, deleteAll),
    panelList,
    el('h4', { i18n: 'fac.removed.heading' }),
    removedList,
    el('h4', { i18n: 'fac.end.heading' }),
    endText,
    el('div', { class: 'fac-row' }, end),
    status);

  let dateKey = '';
  let removedKey = '';
  function render() {
    const w = opts.getWorkshop();
    const b = opts.getBoard();
    const at = w && w.deleteAfter ? w.deleteAfter : '';
    const key = `${at}|${i18n.lang()}`;
    if (key !== dateKey) {
      dateKey = key;
      if (at) setText(dateText, 'fac.privacy.deleteAfter', { date: formatDate(at) });
      else setText(dateText, 'fac.privacy.noDate');
      const today = new Date();
      date.min = isoDay(new Date(today.getTime() + 24 * 3600 * 1000));
      date.max = isoDay(new Date(today.getTime() + MAX_DAYS_AHEAD * 24 * 3600 * 1000));
      if (at && !date.value) date.value = isoDay(new Date(at));
    }
    newCode.toggleAttribute('disabled', !!b.ended);
    end.toggleAttribute('disabled', !!b.ended);
    setText(endText, b.ended ? 'fac.end.ended' : 'fac.end.body');
    const removed = Object.values(b.participants).filter((p) => p.removed && !p.erased && p.role !== 'facilitator')
      .sort((x, y) => x.name.localeCompare(y.name, i18n.lang()));
    const rkey = JSON.stringify([removed.map((p) => [p.id, p.name]), i18n.lang()]);
    if (rkey !== removedKey) {
      removedKey = rkey;
      removedList.replaceChildren(...(removed.length === 0 ? [el('li', { i18n: 'fac.removed.none' })] : removed.map((p) =>
        el('li', { class: 'fac-item' }, el('span', { text: p.name }), eraseButton(p, opts, status)))));
    }
  }

  return { section, render };
}

/**
 * The button that deletes one person's data (their notes, and them), after
 * asking. The board shows the result when the erase event arrives.
 * @param {import('./protocol.js').Participant} p
 * @param {{api: ReturnType<import('./api.js').Api['forBoard']>, confirm: (q: string, then: () => void) => void}} opts
 * @param {HTMLElement} status where the outcome is said
 * @returns {HTMLElement}
 */
export function eraseButton(p, opts, status) {
  const b = el('button', { type: 'button', class: 'button button--small button--danger', data: { k: `pe-${p.id}` }, i18n: 'fac.people.erase' });
  b.setAttribute('aria-label', t('fac.people.eraseOf', { name: p.name }));
  b.addEventListener('click', () => opts.confirm(t('fac.people.confirmErase', { name: p.name }), async () => {
    try {
      await opts.api.erase(p.id);
      setText(status, 'fac.people.erased', { name: p.name });
    } catch (err) {
      setText(status, errorKey(err.code, 'privacy'));
    }
  }));
  return b;
}

/**
 * The end of the day an <input type=date> value names, in local time.
 * @param {string} value YYYY-MM-DD
 * @returns {Date|null}
 */
export function endOfDay(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 0);
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d;
}

/**
 * A date as an <input type=date> value, in local time.
 * @param {Date} d
 * @returns {string}
 */
function isoDay(d) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * @param {string} iso
 * @returns {string}
 */
function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(i18n.lang(), { dateStyle: 'long' }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}
