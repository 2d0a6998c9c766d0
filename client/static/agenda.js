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
 * @property {() => Promise<Progress>} [progress] how the work goes (GET .../progress)
 * @property {(id: string) => string} [nameOf]
 * @property {() => Set<string>|null} [present] who is connected now, if known
 * @property {() => string} [frameInView] the frame in the middle of the view
 */

/**
 * workshops.Progress.
 * @typedef {{participants: number, parts: {part: string, title: string, wrote: number, notes: number,
 *   vote?: string, voted: number, idle: string[], areas?: {frame: string, title: string, picked: number, min?: number}[]}[]}} Progress
 */

/** How often the open panel asks for progress, ms. */
export const PROGRESS_EVERY_MS = 3000;

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
    ui.progress = el('div', { id: 'agenda-progress', class: 'agenda-progress', hidden: true });
    const all = el('details', { class: 'agenda-all' }, el('summary', { i18n: 'agenda.all' }), ui.steps);
    const body = el('div', { class: 'agenda-body' },
      ui.position, ui.say,
      el('div', { class: 'agenda-next' }, ui.nextTitle, ui.preview),
      el('div', { class: 'fac-row agenda-controls' }, ui.next, ui.skip, ui.back, ui.repeat),
      ui.result, ui.progress, all);
    ui.run = body;
    ui.sound = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'agenda-sound' }));
    const sound = el('label', { class: 'check' }, ui.sound, el('span', { i18n: 'agenda.sound' }));
    // Writing the agenda (a blank board, or more steps).
    ui.wTitle = /** @type {HTMLInputElement} */ (el('input', { id: 'agenda-w-title', maxlength: '120', required: true }));
    ui.wSay = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'agenda-w-say', rows: '2', maxlength: '2000' }));
    ui.wMin = /** @type {HTMLInputElement} */ (el('input', { id: 'agenda-w-min', type: 'number', min: '0', max: '1440', step: '1', value: '10', inputmode: 'numeric' }));
    ui.wFocus = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'agenda-w-focus', checked: true }));
    ui.writeHint = el('p', { class: 'fac-hint', i18n: 'agenda.writeHint' });
    ui.writeForm = el('form', { id: 'agenda-write', class: 'pop-form' },
      el('div', { class: 'fac-field' }, el('label', { for: 'agenda-w-title', i18n: 'agenda.stepTitle' }), ui.wTitle),
      el('div', { class: 'fac-field' }, el('label', { for: 'agenda-w-say', i18n: 'agenda.stepSay' }), ui.wSay),
      el('div', { class: 'fac-field' }, el('label', { for: 'agenda-w-min', i18n: 'agenda.stepMinutes' }), ui.wMin),
      el('label', { class: 'check' }, ui.wFocus, el('span', { i18n: 'agenda.stepFocus' })),
      el('button', { type: 'submit', id: 'agenda-add', class: 'button button--small', i18n: 'agenda.addStep' }));
    ui.write = el('details', { id: 'agenda-write-details', class: 'agenda-write' }, el('summary', { i18n: 'agenda.write' }), ui.writeHint, ui.writeForm);
    ui.writeForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const b = opts.getBoard();
      const title = /** @type {HTMLInputElement} */ (ui.wTitle).value.trim();
      if (!title) {
        ui.wTitle.setAttribute('aria-invalid', 'true');
        ui.wTitle.focus();
        return;
      }
      ui.wTitle.removeAttribute('aria-invalid');
      const minutes = Math.max(0, Math.min(1440, Math.round(Number(/** @type {HTMLInputElement} */ (ui.wMin).value) || 0)));
      /** @type {Op[]} */
      const ops = [];
      const frame = /** @type {HTMLInputElement} */ (ui.wFocus).checked && opts.frameInView ? opts.frameInView() : '';
      if (frame) ops.push({ kind: 'board.focus', frame });
      if (minutes > 0) ops.push({ kind: 'timer.start', ms: minutes * 60000 });
      /** @type {AgendaStep} */
      const step = { title, minutes };
      const say = /** @type {HTMLTextAreaElement} */ (ui.wSay).value.trim();
      if (say) step.say = say;
      if (ops.length) step.ops = ops;
      const steps = [...((b.agenda && b.agenda.steps) || []), step];
      if (opts.submit({ kind: 'agenda.set', agenda: steps })) {
        /** @type {HTMLInputElement} */ (ui.wTitle).value = '';
        /** @type {HTMLTextAreaElement} */ (ui.wSay).value = '';
        const text = t('agenda.added', { n: steps.length });
        setText(ui.result, text);
        opts.announce(text);
      }
    });
    const details = el('details', { id: 'agenda-panel-details', open: true },
      el('summary', { class: 'agenda-summary' }, el('h2', { id: 'agenda-h', class: 'fac-panel-heading agenda-heading', i18n: 'agenda.heading' })),
      body, ui.write, sound);
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

  // The minutes left change without an event; the end of a running timer
  // seen live may sound (the facilitator's choice).
  let lastLeft = -1;
  const clock = setInterval(() => {
    const b = opts.getBoard();
    renderLine(b);
    const tm = b.timer;
    const left = tm && tm.running ? timerRemaining(tm, opts.serverNow()) : -1;
    if (lastLeft > 0 && left === 0 && ui.sound && /** @type {HTMLInputElement} */ (ui.sound).checked) chime();
    lastLeft = left;
  }, 500);

  // Live progress, asked for while the panel is open and the page shown.
  /** @type {Progress|null} */
  let progress = null;
  let asking = false;
  const poller = opts.progress ? setInterval(askProgress, PROGRESS_EVERY_MS) : null;
  async function askProgress() {
    const details = panel && panel.querySelector('details');
    if (!opts.progress || asking || !panel || panel.hidden || !details || !details.open || document.hidden) return;
    asking = true;
    try {
      progress = await opts.progress();
      renderProgress();
    } catch {
      // Shown again at the next answer; the panel works without it.
    } finally {
      asking = false;
    }
  }

  function renderProgress() {
    const b = opts.getBoard();
    const a = b.agenda;
    if (!progress || !a) {
      ui.progress.hidden = true;
      return;
    }
    const step = a.steps[Math.max(a.current, 1) - 1];
    const part = progress.parts.find((p) => p.part === (step && step.part)) || progress.parts.find((p) => p.part !== 'intro') || progress.parts[0];
    if (!part) {
      ui.progress.hidden = true;
      return;
    }
    const n = progress.participants;
    const nameOf = opts.nameOf || ((/** @type {string} */ id) => id);
    const present = opts.present ? opts.present() : null;
    const idle = part.idle.filter((id) => !present || present.has(id)).map(nameOf);
    const lines = [
      el('h3', { class: 'agenda-progress-h', text: t('agenda.progress', { title: part.title || t('agenda.progressBoard') }) }),
      el('p', { id: 'progress-wrote', text: t('agenda.wrote', { n: part.wrote, of: n }) }),
      part.vote ? el('p', { id: 'progress-voted', text: t('agenda.voted', { n: part.voted, of: n }) }) : null,
      el('p', { id: 'progress-idle', class: 'fac-hint', text: idle.length ? t('agenda.idle', { names: idle.slice(0, 8).join(', ') + (idle.length > 8 ? ` +${idle.length - 8}` : '') }) : t('agenda.noIdle') }),
    ];
    const few = (part.areas || []).filter((x) => x.min && x.picked < x.min);
    if (few.length) {
      lines.push(el('p', { id: 'progress-areas', class: 'status-item--warn', text: t('agenda.fewPicked', { list: few.map((x) => t('agenda.picked', { title: x.title, n: x.picked, min: x.min || 0 })).join(', ') }) }));
    }
    const key = JSON.stringify([part, idle, n, few]);
    if (ui.progress.dataset.key !== key) {
      ui.progress.dataset.key = key;
      ui.progress.replaceChildren(...lines.filter((x) => x));
    }
    ui.progress.hidden = false;
  }

  /** Draws the line and the panel; cheap, called on every change. */
  function render() {
    const b = opts.getBoard();
    const me = opts.getMe();
    renderLine(b);
    const fac = !!me && me.role === 'facilitator';
    const a = b.agenda;
    if (!fac || b.ended) {
      if (panel) panel.hidden = true;
      return;
    }
    if (!panel) buildPanel();
    const p = /** @type {HTMLElement} */ (panel);
    p.hidden = false;
    // No agenda yet: only the form to write one, open.
    ui.run.hidden = !a;
    ui.writeHint.hidden = !!a;
    if (!a) return;
    const n = a.steps.length, cur = a.current;
    // A new step starts at the top of the panel: what to say now is the
    // first thing read, with "Next step" still at hand (sticky).
    if (p.dataset.step !== String(cur)) {
      if (p.dataset.step !== undefined) p.scrollTop = 0;
      p.dataset.step = String(cur);
    }
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
      if (poller) clearInterval(poller);
    },
  };
}

/** A short, soft two-note chime (Web Audio); silent where audio is blocked. */
export function chime() {
  try {
    const AC = globalThis.AudioContext || /** @type {any} */ (globalThis).webkitAudioContext;
    if (!AC) return;
    const ac = new AC();
    [660, 880].forEach((f, i) => {
      const o = ac.createOscillator(), g = ac.createGain();
      o.frequency.value = f;
      const at = ac.currentTime + i * 0.35;
      g.gain.setValueAtTime(0.0001, at);
      g.gain.exponentialRampToValueAtTime(0.25, at + 0.03);
      g.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      o.connect(g).connect(ac.destination);
      o.start(at);
      o.stop(at + 0.32);
    });
    setTimeout(() => ac.close(), 1200);
  } catch {
    // No sound: the visible signal is there anyway.
  }
}
