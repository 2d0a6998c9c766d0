// The run of show: the workshop's agenda (workshops.Agenda), from its
// template or written by the facilitator. Everyone sees one slim line in
// the status strip ("Step 2 of 3: Idémyldring, 12 min left"); facilitators
// get a collapsible panel with the current step, what to say, a one-line
// preview of what "Next step" will do, and next, skip, back and repeat.
// The server performs a step's actions (POST /api/workshops/{id}/agenda/
// {action}), so one click does the same on every screen. Like the rest of
// the board UI it keeps no board state: it draws getBoard().

import { el, setText } from './dom.js';
import { t } from './i18n.js';
import { timerRemaining } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').AgendaStep} AgendaStep */
/** @typedef {import('./protocol.js').Op} Op */

/**
 * @typedef {object} AgendaAnswer
 * @property {number} current
 * @property {string[]} done
 * @property {{kind: string, reason: string}[]} skipped
 */

/**
 * @typedef {object} AgendaOptions
 * @property {() => Board} getBoard
 * @property {() => import('./protocol.js').Participant|null} getMe
 * @property {() => number} serverNow server time now, unix ms
 * @property {(action: string, from: number) => Promise<AgendaAnswer>} run
 *   performs an agenda action on the server
 * @property {(op: Op) => boolean} submit
 * @property {(text: string) => void} announce
 */

/**
 * The item (from 1) that step i (from 1) belongs to, and how many items
 * there are: consecutive steps of one part are one item (Agenda.ItemOf).
 * @param {AgendaStep[]} steps
 * @param {number} i
 * @returns {{item: number, items: number}}
 */
export function itemOf(steps, i) {
  let items = 0, item = 0, prev = '';
  steps.forEach((s, k) => {
    if (k === 0 || !s.part || s.part !== prev) items++;
    prev = s.part || '';
    if (k + 1 === i) item = items;
  });
  return { item, items };
}

/**
 * The slim line everyone sees, or '' before the first step.
 * @param {Board} b
 * @param {number} now server time
 * @returns {string}
 */
export function agendaLine(b, now) {
  const a = b.agenda;
  if (!a || !a.current || a.current > a.steps.length) return '';
  const { item, items } = itemOf(a.steps, a.current);
  const step = a.steps[a.current - 1];
  const params = { n: item, of: items, title: step.title };
  const tm = b.timer;
  if (tm && tm.running) {
    const left = timerRemaining(tm, now);
    if (left > 0) return t('agenda.lineLeft', { ...params, min: Math.ceil(left / 60000) });
  }
  return t('agenda.line', params);
}

/**
 * A one-line preview of what a step does, in words.
 * @param {AgendaStep} s
 * @param {Board} b
 * @returns {string}
 */
export function previewStep(s, b) {
  const parts = [];
  if (s.assign) parts.push(t('agenda.do.assign'));
  for (const op of s.ops || []) {
    switch (op.kind) {
      case 'board.focus': {
        const f = op.frame ? b.frames[op.frame] : null;
        parts.push(t('agenda.do.focus', { title: f ? f.title : (op.frame || '') }));
        break;
      }
      case 'timer.start': parts.push(t('agenda.do.timer', { min: Math.round((op.ms || 0) / 60000) })); break;
      case 'vote.open': parts.push(op.cap ? t('agenda.do.voteCap', { budget: op.budget || 0, cap: op.cap }) : t('agenda.do.vote', { budget: op.budget || 0 })); break;
      default: parts.push(t(`agenda.do.${op.kind}`));
    }
  }
  if (s.top) parts.push(t('agenda.do.top', { n: s.top }));
  return parts.length ? parts.join(' · ') : t('agenda.do.nothing');
}

/**
 * Builds the step line (into strip) and, for facilitators, the panel (at
 * the top of panelHost).
 * @param {HTMLElement} strip
 * @param {HTMLElement} panelHost
 * @param {AgendaOptions} opts
 */
export function createAgenda(strip, panelHost, opts) {
  const line = el('p', { id: 'agenda-line', class: 'status-item agenda-line', hidden: true });
  strip.prepend(line);

  /** @type {HTMLElement|null} */
  let panel = null;
  /** @type {Record<string, HTMLElement>} */
  const ui = {};
  let busy = false;

  function buildPanel() {
    ui.position = el('p', { id: 'agenda-position', class: 'agenda-position' });
    ui.say = el('p', { id: 'agenda-say', class: 'agenda-say' });
    ui.nextTitle = el('p', { id: 'agenda-next-title', class: 'agenda-next-title' });
    ui.preview = el('p', { id: 'agenda-preview', class: 'agenda-preview' });
    ui.next = el('button', { type: 'button', id: 'agenda-next', class: 'button button--primary', 'aria-describedby': 'agenda-next-title agenda-preview', i18n: 'agenda.next' });
    ui.skip = el('button', { type: 'button', id: 'agenda-skip', class: 'button button--small', i18n: 'agenda.skip' });
    ui.back = el('button', { type: 'button', id: 'agenda-back', class: 'button button--small', i18n: 'agenda.back' });
    ui.repeat = el('button', { type: 'button', id: 'agenda-repeat', class: 'button button--small', i18n: 'agenda.repeat' });
    ui.result = el('p', { id: 'agenda-result', class: 'fac-hint', role: 'status' });
    ui.steps = el('ol', { id: 'agenda-steps', class: 'agenda-steps' });
    const all = el('details', { class: 'agenda-all' }, el('summary', { i18n: 'agenda.all' }), ui.steps);
    const body = el('div', { class: 'agenda-body' },
      ui.position, ui.say,
      el('div', { class: 'agenda-next' }, ui.nextTitle, ui.preview),
      el('div', { class: 'fac-row' }, ui.next, ui.skip, ui.back, ui.repeat),
      ui.result, all);
    const details = el('details', { id: 'agenda-panel-details', open: true },
      el('summary', { class: 'agenda-summary' }, el('h2', { id: 'agenda-h', class: 'fac-panel-heading agenda-heading', i18n: 'agenda.heading' })),
      body);
    panel = el('section', { id: 'agenda-panel', class: 'agenda-panel', 'aria-labelledby': 'agenda-h' }, details);
    panelHost.prepend(panel);
    for (const [action, button] of /** @type {[string, HTMLElement][]} */ ([['next', ui.next], ['skip', ui.skip], ['back', ui.back], ['repeat', ui.repeat]])) {
      button.addEventListener('click', () => act(action));
    }
  }

  /** @param {string} action */
  async function act(action) {
    const a = opts.getBoard().agenda;
    if (!a || busy) return;
    busy = true;
    render();
    try {
      const ans = await opts.run(action, a.current);
      const skipped = ans.skipped.length ? ' ' + t('agenda.skipped', { list: ans.skipped.map((s) => t(`agenda.do.${s.kind}`)).join(', ') }) : '';
      const text = t('agenda.moved', { n: ans.current }) + skipped;
      setText(ui.result, text);
      opts.announce(text);
    } catch (err) {
      const text = t('agenda.failed');
      setText(ui.result, text);
      opts.announce(text);
    } finally {
      busy = false;
      render();
    }
  }

  /** @param {Board} b */
  function renderLine(b) {
    const text = agendaLine(b, opts.serverNow());
    if (line.textContent !== text) line.textContent = text;
    line.hidden = !text;
    if (text) strip.hidden = false;
  }

  // The minutes left change without an event.
  const clock = setInterval(() => renderLine(opts.getBoard()), 1000);

  /** Draws the line and the panel; cheap, called on every change. */
  function render() {
    const b = opts.getBoard();
    const me = opts.getMe();
    renderLine(b);
    const fac = !!me && me.role === 'facilitator';
    const a = b.agenda;
    if (!fac || !a) {
      if (panel) panel.hidden = true;
      return;
    }
    if (!panel) buildPanel();
    const p = /** @type {HTMLElement} */ (panel);
    p.hidden = false;
    const n = a.steps.length, cur = a.current;
    const step = cur ? a.steps[cur - 1] : null;
    const next = cur < n ? a.steps[cur] : null;
    setText(ui.position, cur ? t('agenda.position', { n: cur, of: n, title: step ? step.title : '' }) : t('agenda.notStarted', { of: n }));
    setText(ui.say, step && step.say ? step.say : '');
    ui.say.hidden = !(step && step.say);
    setText(ui.nextTitle, next ? t('agenda.nextTitle', { n: cur + 1, title: next.title }) : t('agenda.end'));
    setText(ui.preview, next ? previewStep(next, b) : '');
    ui.preview.hidden = !next;
    /** @type {HTMLButtonElement} */ (ui.next).disabled = busy || !next;
    /** @type {HTMLButtonElement} */ (ui.skip).disabled = busy || !next;
    /** @type {HTMLButtonElement} */ (ui.back).disabled = busy || cur === 0;
    /** @type {HTMLButtonElement} */ (ui.repeat).disabled = busy || cur === 0;
    const key = a.steps.map((s) => s.title + '|' + (s.say || '')).join('\n') + '#' + cur;
    if (ui.steps.dataset.key !== key) {
      ui.steps.dataset.key = key;
      ui.steps.replaceChildren(...a.steps.map((s, i) => {
        const li = el('li', { class: 'agenda-step' + (i + 1 === cur ? ' agenda-step--current' : '') },
          el('span', { class: 'agenda-step-title', text: s.title }),
          s.minutes ? el('span', { class: 'fac-hint', text: ` · ${t('agenda.minutes', { min: s.minutes })}` }) : null,
          s.say ? el('span', { class: 'agenda-step-say', text: s.say }) : null);
        if (i + 1 === cur) li.setAttribute('aria-current', 'step');
        return li;
      }));
    }
  }

  return {
    render,
    destroy() {
      clearInterval(clock);
    },
  };
}
