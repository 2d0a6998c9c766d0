// The start page: organisers create workshops and see theirs; everyone else
// gets a box for the join code.

import { el, field, setFieldError, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { LIMITS, WORKSHOP_LANGS, formatJoinCode, looksLikeJoinCode, normalizeJoinCode } from './protocol.js';
import { formatWhen, scheduleFrom } from './schedule.js';
import { createTemplatePart } from './template-form.js';
import { localized, parseTemplates } from './template-params.js';
import {
  MAX_PROCESS_WORKSHOPS, checkTemplateFile, groupByProcess, nextTemplate, problemLines, sourceMessage,
  templateErrorKey, templateFileUrl,
} from './library.js';
import {
  MAX_PROCESS, PROCESS_FORMATS, WORKSHOP_LINK_FORMATS, checkArchiveFile, downloadName, keepListed,
  moveInProcess, moveSelected, processExportUrl, restoreErrorKey, toggleSelected, workshopExportUrl,
} from './process.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./protocol.js').Workshop} Workshop */
/** @typedef {import('./api.js').Process} Process */

/**
 * Builds the start page into main.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @returns {() => void} teardown
 */
export function mountStart(main, ctx) {
  ctx.setTitle('title.start');
  const body = el('div', { class: 'stack' }, el('p', { class: 'muted', i18n: 'app.loading' }));
  main.append(el('div', { class: 'page page--narrow' },
    el('h1', { i18n: 'start.title' }),
    el('p', { class: 'lead', i18n: 'start.intro' }),
    body));
  let alive = true;
  /** @type {(() => void)[]} */
  const cleanups = [];
  ctx.api.me().then(
    (me) => {
      if (!alive) return;
      body.replaceChildren(...(me && me.organiser ? organiserView(ctx, cleanups) : guestView(ctx)));
    },
    (err) => {
      if (!alive) return;
      // Without an answer we cannot tell an organiser; joining still works.
      body.replaceChildren(el('p', { class: 'form-error', role: 'alert', i18n: errorKey(err.code) }), ...guestView(ctx));
    });
  return () => {
    alive = false;
    for (const fn of cleanups) fn();
  };
}

/**
 * The join box for people without the organiser cookie.
 * @param {Context} ctx
 * @returns {HTMLElement[]}
 */
function guestView(ctx) {
  const code = field({
    id: 'start-code', label: 'start.join.code', hint: 'join.code.hint',
    input: el('input', { type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '12', class: 'input-code' }),
  });
  const form = el('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'start-join-h' },
    el('h2', { id: 'start-join-h', i18n: 'start.join.heading' }),
    code.wrap,
    el('button', { type: 'submit', id: 'start-submit', class: 'button button--primary', i18n: 'start.join.submit' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = /** @type {HTMLInputElement} */ (code.input).value;
    if (!looksLikeJoinCode(value)) {
      setFieldError(code, value.trim() ? 'join.code.bad' : 'join.code.missing');
      code.input.focus();
      return;
    }
    ctx.navigate(`/j/${normalizeJoinCode(value)}`);
  });
  return [form, el('p', { class: 'muted', i18n: 'start.organiserHint' })];
}

/**
 * The create form, the result of a create, and the list of workshops.
 * @param {Context} ctx
 * @param {(() => void)[]} cleanups run when the page goes
 * @returns {HTMLElement[]}
 */
function organiserView(ctx, cleanups) {
  const result = el('section', { id: 'created', class: 'card stack', hidden: true, 'aria-labelledby': 'created-h' });
  const list = el('ul', { id: 'workshop-list', class: 'workshop-list' });
  const listSection = el('section', { class: 'stack', 'aria-labelledby': 'list-h' },
    el('h2', { id: 'list-h', i18n: 'list.heading' }), list);
  const whole = processSection(ctx);
  let loads = 0;
  const refresh = () => {
    const n = ++loads;
    loadList(ctx, list, (ws, ps) => {
      if (n !== loads) return;
      whole.update(ws);
      procs.update(ws, ps);
    });
  };
  const shown = (/** @type {{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}} */ answer) => {
    showCreated(ctx, result, answer);
    refresh();
  };
  const create = createForm(ctx, shown, cleanups);
  const procs = processesSection(ctx, {
    onNew: (p, held) => create.startInProcess(p, held),
    onProcesses: (ps) => create.setProcesses(ps),
    onChanged: refresh,
  });
  const library = librarySection(ctx, () => create.reloadTemplates());
  const restore = restoreForm(ctx, shown);
  refresh();
  // The result goes first: after creating, the links are what matters.
  return [result, create.form, procs.section, listSection, whole.section, library, restore, signOutAll(ctx)];
}

/**
 * "Sign out everywhere": every organiser cookie, on every device, stops
 * working (one left on a shared computer, say); everyone signs in again
 * with the sign-in link.
 * @param {Context} ctx
 * @returns {HTMLElement}
 */
function signOutAll(ctx) {
  const button = el('button', { type: 'button', id: 'signout-all', class: 'button button--danger', i18n: 'start.signOutAll' });
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  button.addEventListener('click', async () => {
    if (!globalThis.confirm(t('start.signOutAll.confirm'))) return;
    button.setAttribute('disabled', '');
    try {
      await ctx.api.signOutEverywhere();
      globalThis.location.assign('/'); // a fresh start page, as a guest
    } catch (err) {
      setText(error, errorKey(err.code));
      error.hidden = false;
      button.removeAttribute('disabled');
    }
  });
  return el('section', { class: 'stack' }, button, error);
}

/**
 * The create form: a template (a blank board by default) and its
 * parameters, the title, the board's language, and the process it joins,
 * whose earlier workshops can fill the parameters in.
 * @param {Context} ctx
 * @param {(answer: {workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}) => void} done
 * @param {(() => void)[]} cleanups
 * @returns {{form: HTMLElement, setProcesses: (ps: Process[]) => void,
 *   startInProcess: (p: Process, held: number) => void, reloadTemplates: () => void}}
 */
function createForm(ctx, done, cleanups) {
  const titleInput = /** @type {HTMLInputElement} */ (el('input', { type: 'text', maxlength: String(LIMITS.titleLen), autocomplete: 'off', required: true }));
  const title = field({ id: 'create-title', label: 'create.title', hint: 'create.title.hint', input: titleInput });
  const langSelect = /** @type {HTMLSelectElement} */ (el('select', {}));
  for (const code of WORKSHOP_LANGS) {
    langSelect.append(el('option', { value: code, lang: code, i18n: `lang.option.${code}` }));
  }
  const defaultLang = () => (WORKSHOP_LANGS.includes(/** @type {any} */ (i18n.lang())) ? i18n.lang() : 'nb');
  langSelect.value = defaultLang();
  const lang = field({ id: 'create-lang', label: 'create.lang', hint: 'create.lang.hint', input: langSelect });
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'create-submit', class: 'button button--primary', i18n: 'create.submit' });
  // With a template the title may be left empty: the template's name is used.
  const part = createTemplatePart(ctx, {
    langSelect,
    titleHint: title.wrap.querySelector('.field-hint'),
    onChange: () => {
      if (part.selected()) titleInput.removeAttribute('required');
      else titleInput.setAttribute('required', '');
      setFieldError(title, null);
    },
  });
  cleanups.push(part.dispose);

  // The process: none, or one whose earlier workshops fill the form in.
  const processSelect = /** @type {HTMLSelectElement} */ (el('select', {}));
  const proc = field({ id: 'create-process', label: 'create.process', hint: 'create.process.hint', input: processSelect });
  const prefillButton = el('button', { type: 'button', id: 'create-prefill', class: 'button', i18n: 'create.prefill' });
  const prefillNote = el('div', { id: 'create-prefill-note', class: 'stack-s', role: 'status' });
  const prefillRow = el('div', { class: 'stack-s', hidden: true }, el('p', {}, prefillButton), prefillNote);
  /** @type {Process[]} */
  let processes = [];
  const renderProcesses = () => {
    const v = processSelect.value;
    processSelect.replaceChildren(el('option', { value: '', i18n: 'create.process.none' }),
      ...processes.map((p) => el('option', { value: p.id, text: p.title === p.municipality ? p.title : `${p.title} (${p.municipality})` })));
    processSelect.value = processes.some((p) => p.id === v) ? v : '';
    prefillRow.hidden = !processSelect.value;
  };
  renderProcesses();
  processSelect.addEventListener('change', () => {
    prefillRow.hidden = !processSelect.value;
    prefillNote.replaceChildren();
  });
  let prefillSeq = 0;
  /** Fills the form in from the process's earlier workshops. */
  async function prefill() {
    const processId = processSelect.value;
    const tpl = part.selected();
    prefillNote.replaceChildren();
    if (!processId) return;
    if (!tpl) {
      prefillNote.append(el('p', { class: 'form-error', i18n: 'create.prefill.noTemplate' }));
      return;
    }
    const seq = ++prefillSeq;
    prefillButton.setAttribute('aria-disabled', 'true');
    try {
      const answer = await ctx.api.prefill(processId, tpl.key, langSelect.value);
      if (seq !== prefillSeq || part.selected() !== tpl) return;
      part.applyValues(answer.params || {});
      /** @type {HTMLElement[]} */
      const lines = [];
      for (const s of answer.sources || []) {
        const msg = sourceMessage(s);
        const param = (tpl.parameters || []).find((x) => x.key === s.param);
        if (!msg || !param) continue;
        lines.push(el('li', { text: `${localized(param.label, i18n.lang())}: ${t(msg.key, msg.params)}` }));
      }
      const g = answer.goals;
      if (g && g.items && g.items.length) {
        lines.push(el('li', { text: t(g.recorded ? 'prefill.goals' : 'prefill.goals.guess', { title: g.title, goals: g.items.map((x) => x.name).join(', ') }) }));
      }
      prefillNote.append(
        el('p', { i18n: lines.length ? 'prefill.done' : 'prefill.nothing' }),
        lines.length ? el('ul', {}, ...lines) : null);
    } catch (err) {
      if (seq !== prefillSeq) return;
      prefillNote.append(el('p', { class: 'form-error', i18n: errorKey(err.code) }));
    } finally {
      prefillButton.removeAttribute('aria-disabled');
    }
  }
  prefillButton.addEventListener('click', () => { prefill(); });

  const heading = el('h2', { id: 'create-h', tabindex: '-1', i18n: 'create.heading' });
  const form = el('form', { id: 'create', class: 'card stack', novalidate: true, 'aria-labelledby': 'create-h' },
    heading, part.summary, proc.wrap, prefillRow, part.chooser, title.wrap, lang.wrap, part.section, error, submit);

  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    error.hidden = true;
    part.clearProblems();
    const tpl = part.selected();
    const value = titleInput.value.trim();
    if (!value && !tpl) {
      setFieldError(title, 'create.title.missing');
      titleInput.focus();
      return;
    }
    setFieldError(title, null);
    const built = part.build();
    if (built && built.problems.length) {
      part.showProblems(built.problems, built.rows);
      return;
    }
    busy = true;
    submit.setAttribute('disabled', '');
    try {
      const answer = tpl && built
        ? await ctx.api.createWorkshop(value, langSelect.value, tpl.key, built.params, processSelect.value)
        : await ctx.api.createWorkshop(value, langSelect.value, undefined, undefined, processSelect.value);
      done(answer);
      /** @type {HTMLFormElement} */ (form).reset();
      langSelect.value = defaultLang();
      part.reset();
      processSelect.value = '';
      prefillRow.hidden = true;
      prefillNote.replaceChildren();
    } catch (err) {
      if (tpl && built && err.problems && err.problems.length) {
        part.showProblems(err.problems, built.rows);
      } else {
        setText(error, errorKey(err.code));
        error.hidden = false;
      }
    } finally {
      busy = false;
      submit.removeAttribute('disabled');
    }
  });
  return {
    form,
    setProcesses(ps) {
      processes = ps;
      renderProcesses();
    },
    startInProcess(p, held) {
      if (!processes.some((x) => x.id === p.id)) processes = [...processes, p];
      renderProcesses();
      processSelect.value = p.id;
      prefillRow.hidden = false;
      part.selectTemplate(nextTemplate(part.templates(), held));
      heading.focus();
      heading.scrollIntoView({ block: 'start' });
      if (part.selected()) prefill();
      else prefillNote.replaceChildren(el('p', { i18n: 'create.prefill.noTemplate' }));
    },
    reloadTemplates() { part.reload(); },
  };
}

/**
 * Shows the links of a new workshop. The facilitator key is in the answer
 * only this once, so the page says to keep the link.
 * @param {Context} ctx
 * @param {HTMLElement} section
 * @param {{workshop: Workshop, facilitatorUrl: string, joinUrl: string}} answer
 */
function showCreated(ctx, section, answer) {
  const facUrl = location.origin + answer.facilitatorUrl;
  const joinUrl = location.origin + answer.joinUrl;
  const heading = el('h2', { id: 'created-h', tabindex: '-1', i18n: 'created.heading', i18nParams: { title: answer.workshop.title } });
  const open = el('button', { type: 'button', id: 'created-open', class: 'button button--primary', i18n: 'created.open' });
  open.addEventListener('click', () => ctx.navigate(answer.facilitatorUrl));
  section.replaceChildren(
    heading,
    el('div', { class: 'stack-s' },
      el('h3', { i18n: 'created.joinCode' }),
      el('p', { id: 'created-join-code', class: 'join-code', text: formatJoinCode(answer.workshop.joinCode) }),
      el('p', { class: 'muted', i18n: 'created.joinCode.hint' })),
    linkBlock(ctx, 'created.joinLink', 'created-join-url', joinUrl, null),
    linkBlock(ctx, 'created.facLink', 'created-facilitator-url', facUrl, 'created.facWarning'),
    el('p', {}, open));
  section.hidden = false;
  heading.focus();
}

/**
 * A heading, a link showing its full address, and a copy button.
 * @param {Context} ctx
 * @param {string} labelKey
 * @param {string} id
 * @param {string} url
 * @param {string|null} warningKey
 * @returns {HTMLElement}
 */
function linkBlock(ctx, labelKey, id, url, warningKey) {
  const copy = el('button', { type: 'button', class: 'button', i18n: 'copy' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      ctx.announce(t('copied'));
      copy.textContent = t('copied');
      setTimeout(() => { copy.textContent = t('copy'); }, 2000);
    } catch {
      ctx.toast(t('copy.failed'));
    }
  });
  return el('div', { class: 'stack-s' },
    el('h3', { i18n: labelKey }),
    warningKey ? el('p', { class: 'warning', i18n: warningKey }) : null,
    el('p', { class: 'link-row' }, el('a', { id, href: url, class: 'long-link', text: url }), copy));
}

/**
 * @param {Context} ctx
 * @param {HTMLElement} list
 * @param {(ws: Workshop[], ps: Process[]|null) => void} [loaded] told the
 *   workshops and the processes when they came
 */
async function loadList(ctx, list, loaded) {
  let answer;
  /** @type {Process[]|null} null: the processes could not be loaded */
  let ps = null;
  try {
    [answer, ps] = await Promise.all([
      ctx.api.listWorkshops(),
      ctx.api.listProcesses().then((a) => (a && a.processes) || [], () => null),
    ]);
  } catch (err) {
    list.replaceChildren(el('li', { class: 'form-error', i18n: errorKey(err.code) }));
    return;
  }
  const ws = (answer && answer.workshops) || [];
  if (loaded) loaded(ws, ps);
  const processOf = new Map((ps || []).map((p) => [p.id, p]));
  if (ws.length === 0) {
    list.replaceChildren(el('li', { class: 'muted', i18n: 'list.empty' }));
    return;
  }
  const reload = () => loadList(ctx, list, loaded);
  list.replaceChildren(...ws.map((w) => workshopItem(ctx, w, (w.process && processOf.get(w.process)) || null, reload, async () => {
    // Deleting is for good: ask, naming the workshop.
    if (!globalThis.confirm(t('list.delete.confirm', { title: w.title }))) return;
    try {
      await ctx.api.deleteWorkshop(w.id);
    } catch (err) {
      list.prepend(el('li', { class: 'form-error', role: 'alert', i18n: errorKey(err.code) }));
      return;
    }
    await loadList(ctx, list, loaded);
  })));
}

/**
 * A workshop in the list: title, join code, date, its downloads (the
 * organiser cookie goes with these same-origin links) and a delete button.
 * @param {Context} ctx
 * @param {Workshop} w
 * @param {Process|null} process the process it belongs to, if any
 * @param {() => void} reload
 * @param {() => void} onDelete
 * @returns {HTMLElement}
 */
function workshopItem(ctx, w, process, reload, onDelete) {
  const del = el('button', { type: 'button', class: 'button button--small button--danger', data: { delete: w.id } },
    el('span', { i18n: 'list.delete' }), ' ',
    el('span', { class: 'visually-hidden', text: w.title }));
  del.addEventListener('click', onDelete);
  const code = formatJoinCode(w.joinCode);
  // When it is planned, else when it was made.
  const when = formatWhen(w.schedule, i18n.lang());
  const created = when || formatDate(w.createdAt);
  return el('li', { class: 'workshop-item', data: { id: w.id } },
    el('span', { class: 'workshop-title', text: w.title }),
    el('span', { class: 'workshop-meta' },
      el('span', { i18n: 'list.code' }), ' ',
      el('a', { href: `/j/${encodeURIComponent(w.joinCode)}`, class: 'code', data: { nav: '' }, text: code }),
      created ? el('span', { class: 'muted', text: ` · ${created}` }) : null,
      process ? el('span', { class: 'muted' }, ' · ', el('span', { i18n: 'list.process', i18nParams: { title: process.title, n: w.processPos || 0 } })) : null,
      // When the retention period ends, the server deletes the workshop.
      w.deleteAfter ? el('span', { class: 'muted' }, ' · ', el('span', { i18n: 'list.deleteAfter', i18nParams: { date: formatDate(w.deleteAfter) } })) : null,
      w.schedule && w.schedule.place ? el('span', { class: 'muted', text: ` · ${w.schedule.place}` }) : null),
    scheduleForm(ctx, w, reload),
    el('span', { class: 'workshop-downloads' },
      ...WORKSHOP_LINK_FORMATS.map((f) => el('a', { href: workshopExportUrl(w.id, f), download: '', class: 'button button--small', data: { format: f } },
        el('span', { i18n: `list.download.${f}` }), ' ',
        el('span', { class: 'visually-hidden', i18n: 'list.download.of', i18nParams: { title: w.title } }))), del),
    facilitatorAccess(ctx, w));
}

/**
 * Getting back in (issue 16): open the workshop as facilitator without its
 * link, or make a new facilitator link (the old one stops working).
 * @param {Context} ctx
 * @param {Workshop} w
 * @returns {HTMLElement}
 */
function facilitatorAccess(ctx, w) {
  const open = el('a', { href: `/w/${encodeURIComponent(w.id)}#organiser`, class: 'button button--small', data: { openFac: w.id } },
    el('span', { i18n: 'list.openFac' }), ' ', el('span', { class: 'visually-hidden', text: w.title }));
  const renew = el('button', { type: 'button', class: 'button button--small', data: { newFacLink: w.id } },
    el('span', { i18n: 'list.newFacLink' }), ' ', el('span', { class: 'visually-hidden', text: w.title }));
  const out = el('div', { class: 'fac-access-result', role: 'status' });
  renew.addEventListener('click', async () => {
    if (!globalThis.confirm(t('list.newFacLink.confirm', { title: w.title }))) return;
    try {
      const ans = await ctx.api.newFacilitatorLink(w.id);
      out.replaceChildren(linkBlock(ctx, 'list.newFacLink.done', `fac-link-${w.id}`, location.origin + ans.facilitatorUrl, 'created.facWarning'));
    } catch (err) {
      out.replaceChildren(el('p', { class: 'form-error', i18n: errorKey(err.code) }));
    }
  });
  return el('span', { class: 'workshop-fac' }, open, renew, out);
}

/**
 * "Tid og sted": a workshop's planned date, start and end and place or
 * meeting link, in a disclosure under its row. The server checks the
 * fields; a refusal is said beside the button and changes nothing.
 * @param {Context} ctx
 * @param {Workshop} w
 * @param {() => void} saved
 * @returns {HTMLElement}
 */
function scheduleForm(ctx, w, saved) {
  const s = w.schedule || {};
  const id = (/** @type {string} */ k) => `sched-${k}-${w.id}`;
  /** @type {Record<string, HTMLInputElement>} */
  const inputs = {
    date: /** @type {HTMLInputElement} */ (el('input', { type: 'date', id: id('date'), value: s.date || '' })),
    start: /** @type {HTMLInputElement} */ (el('input', { type: 'time', id: id('start'), value: s.start || '' })),
    end: /** @type {HTMLInputElement} */ (el('input', { type: 'time', id: id('end'), value: s.end || '' })),
    place: /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: id('place'), maxlength: '200', value: s.place || '', 'aria-describedby': id('place-hint') })),
  };
  const fieldOf = (/** @type {string} */ k) => el('span', { class: 'field' },
    el('label', { for: id(k), i18n: `sched.${k}` }),
    k === 'place' ? el('span', { id: id('place-hint'), class: 'hint', i18n: 'sched.place.hint' }) : null,
    inputs[k]);
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const status = el('p', { class: 'visually-hidden', role: 'status' });
  const save = el('button', { type: 'submit', class: 'button button--small', data: { schedule: w.id } },
    el('span', { i18n: 'sched.save' }), ' ', el('span', { class: 'visually-hidden', text: w.title }));
  const form = el('form', { class: 'schedule-form', novalidate: true },
    el('span', { class: 'schedule-fields' }, fieldOf('date'), fieldOf('start'), fieldOf('end')), fieldOf('place'), error, el('p', {}, save), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    try {
      await ctx.api.setSchedule(w.id, scheduleFrom({ date: inputs.date.value, start: inputs.start.value, end: inputs.end.value, place: inputs.place.value }));
      setText(status, 'sched.saved', { title: w.title });
      saved();
    } catch (err) {
      setText(error, errorKey(err.code, 'sched'));
      error.hidden = false;
    }
  });
  return el('details', { class: 'schedule' },
    el('summary', {}, el('span', { i18n: 'sched.summary' }), ' ', el('span', { class: 'visually-hidden', text: w.title })),
    form);
}

/**
 * "Konkurranseprogram for en hel prosess": the organiser ticks the
 * workshops of a municipality's process, puts them in order, and downloads
 * one draft of them all, or shows it here.
 * @param {Context} ctx
 * @returns {{section: HTMLElement, update: (ws: Workshop[]) => void}}
 */
function processSection(ctx) {
  /** @type {Map<string, Workshop>} */
  let byId = new Map();
  /** @type {string[]} */
  let order = [];

  const choices = el('div', { id: 'process-choices', class: 'choices' }, el('p', { class: 'muted', i18n: 'app.loading' }));
  const fieldset = el('fieldset', { id: 'process-pick', class: 'group', 'aria-describedby': 'process-pick-hint' },
    el('legend', { i18n: 'process.choose' }),
    el('p', { id: 'process-pick-hint', class: 'field-hint', i18n: 'process.choose.hint' }),
    choices);
  const orderList = el('ol', { id: 'process-order', class: 'process-order', 'aria-labelledby': 'process-order-h' });
  const orderNone = el('p', { id: 'process-order-none', class: 'muted', i18n: 'process.order.none' });
  // Moves are announced here, in the section, politely.
  const live = el('p', { id: 'process-live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const links = el('p', { class: 'link-row' },
    ...PROCESS_FORMATS.map((f) => el('a', { id: `process-${f}`, class: 'button', download: downloadName(f), i18n: `process.${f}` })));
  const show = el('button', { type: 'button', id: 'process-show', class: 'button', i18n: 'process.show' });
  const status = el('p', { id: 'process-status', class: 'muted', role: 'status' });
  const error = el('p', { id: 'process-error', class: 'form-error', role: 'alert', hidden: true });
  const preview = el('pre', { id: 'process-preview', class: 'export-preview', tabindex: '0', hidden: true, i18nAttrs: { 'aria-label': 'process.preview' } });
  // Whose draft: on a shared board (fellesverksted) only this
  // municipality's area goes in; empty: the process's, or every area.
  const whose = field({
    id: 'process-municipality-pick', label: 'process.municipality', hint: 'process.municipality.hint',
    input: el('input', { type: 'text', maxlength: '60', autocomplete: 'off' }),
  });
  const whoseInput = /** @type {HTMLInputElement} */ (whose.input);
  whoseInput.addEventListener('input', () => renderActions());
  const actions = el('div', { id: 'process-actions', class: 'stack-s', hidden: true },
    el('h3', { id: 'process-download-h', i18n: 'process.download' }),
    whose.wrap,
    links,
    el('p', {}, show),
    status,
    error,
    preview);
  const section = el('section', { id: 'process', class: 'card stack', 'aria-labelledby': 'process-h' },
    el('h2', { id: 'process-h', i18n: 'process.heading' }),
    el('p', { i18n: 'process.intro' }),
    fieldset,
    el('div', { class: 'stack-s' },
      el('h3', { id: 'process-order-h', i18n: 'process.order' }),
      orderNone,
      orderList),
    live,
    actions);

  /** @param {string} key @param {Record<string, string|number>} [params] */
  const say = (key, params) => {
    // Emptied first, so the same words twice are read twice.
    live.textContent = '';
    setTimeout(() => setText(live, key, params), 50);
  };
  const titleOf = (/** @type {string} */ id) => (byId.get(id) || { title: id }).title;

  /** The download links and the preview follow the selection. */
  function renderActions() {
    for (const f of PROCESS_FORMATS) {
      const url = processExportUrl(f, order, whoseInput.value);
      const a = /** @type {HTMLAnchorElement} */ (links.querySelector(`#process-${f}`));
      if (url) a.setAttribute('href', url);
      else a.removeAttribute('href');
    }
    actions.hidden = order.length === 0;
    orderNone.hidden = order.length > 0;
    // A draft of another selection would mislead.
    preview.hidden = true;
    preview.textContent = '';
    status.textContent = '';
    delete status.dataset.i18n;
    error.hidden = true;
  }

  /**
   * @param {string} [focusId] the workshop whose button keeps the focus
   * @param {'up'|'down'} [dir]
   */
  function renderOrder(focusId, dir) {
    orderList.replaceChildren(...order.map((id, i) => {
      const title = titleOf(id);
      const w = byId.get(id);
      const date = w ? formatDate(w.createdAt) : '';
      const first = i === 0;
      const last = i === order.length - 1;
      const up = el('button', { type: 'button', id: `process-up-${id}`, class: 'button button--small', 'aria-disabled': first ? 'true' : null, data: { dir: 'up' } },
        el('span', { 'aria-hidden': 'true', i18n: 'process.up.short' }),
        el('span', { class: 'visually-hidden', i18n: 'process.up', i18nParams: { title } }));
      const down = el('button', { type: 'button', id: `process-down-${id}`, class: 'button button--small', 'aria-disabled': last ? 'true' : null, data: { dir: 'down' } },
        el('span', { 'aria-hidden': 'true', i18n: 'process.down.short' }),
        el('span', { class: 'visually-hidden', i18n: 'process.down', i18nParams: { title } }));
      up.addEventListener('click', () => move(id, -1, 'up'));
      down.addEventListener('click', () => move(id, 1, 'down'));
      return el('li', { class: 'process-row', data: { id } },
        el('span', { class: 'process-row-title' },
          el('span', { class: 'workshop-title', text: title }),
          date ? el('span', { class: 'muted', text: ` · ${date}` }) : null),
        el('span', { class: 'process-row-buttons' }, up, down));
    }));
    if (focusId && dir) {
      const b = orderList.querySelector(`[id="process-${dir}-${CSS.escape(focusId)}"]`);
      if (b instanceof HTMLElement) b.focus();
    }
  }

  /**
   * @param {string} id
   * @param {number} delta
   * @param {'up'|'down'} dir
   */
  function move(id, delta, dir) {
    const r = moveSelected(order, id, delta);
    const title = titleOf(id);
    if (!r.moved) {
      say(delta < 0 ? 'process.atTop' : 'process.atBottom', { title });
      return;
    }
    order = r.order;
    renderOrder(id, dir);
    renderActions();
    say('process.moved', { title, n: r.index + 1, total: order.length });
  }

  /**
   * @param {string} id
   * @param {HTMLInputElement} box
   */
  function toggle(id, box) {
    const next = toggleSelected(order, id, box.checked);
    const title = titleOf(id);
    if (box.checked && !next.includes(id)) {
      box.checked = false;
      say('process.tooMany', { max: MAX_PROCESS });
      return;
    }
    order = next;
    renderOrder();
    renderActions();
    if (box.checked) say('process.added', { title, n: order.indexOf(id) + 1 });
    else say('process.removed', { title });
  }

  let fetching = false;
  show.addEventListener('click', async () => {
    const url = processExportUrl('md', order, whoseInput.value);
    if (!url || fetching) return;
    // aria-disabled, not disabled: the button keeps the focus.
    fetching = true;
    show.setAttribute('aria-disabled', 'true');
    error.hidden = true;
    setText(status, 'process.loading');
    try {
      const text = await ctx.api.fetchText(url);
      if (processExportUrl('md', order, whoseInput.value) !== url) return; // the selection changed meanwhile
      preview.textContent = text;
      preview.hidden = false;
      setText(status, 'process.shown');
    } catch (err) {
      if (processExportUrl('md', order, whoseInput.value) !== url) return;
      status.textContent = '';
      setText(error, err && err.code === 'network' ? 'error.network' : err && err.code === 'unauthorized' ? 'error.unauthorized' : 'process.failed');
      error.hidden = false;
    } finally {
      fetching = false;
      show.removeAttribute('aria-disabled');
    }
  });

  return {
    section,
    update(ws) {
      byId = new Map(ws.map((w) => [w.id, w]));
      order = keepListed(order, byId.keys());
      if (ws.length === 0) {
        choices.replaceChildren(el('p', { class: 'muted', i18n: 'process.none' }));
      } else {
        choices.replaceChildren(...ws.map((w) => {
          const id = `process-pick-${w.id}`;
          const date = formatDate(w.createdAt);
          const box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id, value: w.id, checked: order.includes(w.id) }));
          box.addEventListener('change', () => toggle(w.id, box));
          return el('div', { class: 'choice' }, box,
            el('label', { for: id },
              el('span', { class: 'choice-name', text: w.title }),
              date ? el('span', { class: 'choice-meta', text: date }) : null));
        }));
      }
      renderOrder();
      renderActions();
    },
  };
}

/**
 * "Prosesser": each municipality's process with its workshops in order,
 * a way to start a new workshop in it (its form filled in from the earlier
 * boards), to add a workshop that exists or take one out, to download the
 * draft of the whole process, and to make or delete a process.
 * @param {Context} ctx
 * @param {{onNew: (p: Process, held: number) => void, onProcesses: (ps: Process[]) => void, onChanged: () => void}} hooks
 * @returns {{section: HTMLElement, update: (ws: Workshop[], ps: Process[]|null) => void}}
 */
function processesSection(ctx, hooks) {
  const municipality = field({
    id: 'process-municipality', label: 'procs.municipality', hint: 'procs.municipality.hint',
    input: el('input', { type: 'text', maxlength: '60', autocomplete: 'off', required: true }),
  });
  const ptitle = field({
    id: 'process-title', label: 'procs.title', hint: 'procs.title.hint',
    input: el('input', { type: 'text', maxlength: String(LIMITS.titleLen), autocomplete: 'off' }),
  });
  const createError = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const createButton = el('button', { type: 'submit', id: 'process-create', class: 'button', i18n: 'procs.create' });
  const form = el('form', { id: 'process-new', class: 'stack-s', novalidate: true, 'aria-labelledby': 'process-new-h' },
    el('h3', { id: 'process-new-h', i18n: 'procs.new' }), municipality.wrap, ptitle.wrap, createError, el('p', {}, createButton));
  const list = el('ul', { id: 'process-list', class: 'workshop-list stack' });
  const status = el('p', { id: 'processes-status', class: 'visually-hidden', role: 'status' });
  const section = el('section', { id: 'processes', class: 'card stack', 'aria-labelledby': 'processes-h' },
    el('h2', { id: 'processes-h', i18n: 'procs.heading' }),
    el('p', { i18n: 'procs.intro' }),
    list, status, form);

  /** @type {Workshop[]} */
  let workshops = [];
  /** @param {string} key @param {Record<string, string|number>} [params] */
  const say = (key, params) => {
    status.textContent = '';
    setTimeout(() => setText(status, key, params), 50);
  };
  /** @param {unknown} err */
  const failed = (err) => {
    const code = err && typeof err === 'object' && 'code' in err ? String(/** @type {any} */ (err).code) : 'internal';
    list.prepend(el('li', { class: 'form-error', role: 'alert', i18n: errorKey(code) }));
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    createError.hidden = true;
    const m = /** @type {HTMLInputElement} */ (municipality.input).value.trim();
    if (!m) {
      setFieldError(municipality, 'procs.municipality.missing');
      municipality.input.focus();
      return;
    }
    setFieldError(municipality, null);
    try {
      const answer = await ctx.api.createProcess(m, /** @type {HTMLInputElement} */ (ptitle.input).value.trim());
      /** @type {HTMLFormElement} */ (form).reset();
      say('procs.created', { title: answer.process.title });
      hooks.onChanged();
    } catch (err) {
      setText(createError, errorKey(err.code));
      createError.hidden = false;
    }
  });

  /**
   * @param {Process} p
   * @param {Workshop[]} mine its workshops, in order
   * @param {Workshop[]} outside workshops in no process
   */
  function card(p, mine, outside) {
    const h = el('h3', { id: `process-${p.id}-h` }, el('span', { text: p.title }),
      p.title !== p.municipality ? el('span', { class: 'muted', text: ` · ${p.municipality}` }) : null);
    const items = mine.map((w) => {
      const out = el('button', { type: 'button', class: 'button button--small', data: { out: w.id } },
        el('span', { i18n: 'procs.remove' }), ' ', el('span', { class: 'visually-hidden', text: w.title }));
      out.addEventListener('click', async () => {
        try {
          await ctx.api.moveToProcess(w.id, '');
          say('procs.removed', { title: w.title, process: p.title });
          hooks.onChanged();
        } catch (err) {
          failed(err);
        }
      });
      const date = formatWhen(w.schedule, i18n.lang()) || formatDate(w.createdAt);
      const ids = mine.map((x) => x.id);
      /** @param {number} delta @param {string} key */
      const mover = (delta, key) => {
        const b = el('button', { type: 'button', class: 'button button--small', data: { [delta < 0 ? 'up' : 'down']: w.id } },
          el('span', { i18n: key }), ' ', el('span', { class: 'visually-hidden', text: w.title }));
        const order = moveInProcess(ids, w.id, delta);
        if (order.join() === ids.join()) b.setAttribute('disabled', '');
        b.addEventListener('click', async () => {
          try {
            await ctx.api.reorderProcess(p.id, order);
            say('procs.moved', { title: w.title, n: order.indexOf(w.id) + 1 });
            hooks.onChanged();
          } catch (err) {
            failed(err);
          }
        });
        return b;
      };
      return el('li', { class: 'process-row', data: { id: w.id } },
        el('span', { class: 'process-row-title' },
          el('span', { class: 'workshop-title', text: w.title }),
          date ? el('span', { class: 'muted', text: ` · ${date}` }) : null),
        el('span', { class: 'process-row-buttons' }, mover(-1, 'procs.up'), mover(1, 'procs.down'), out));
    });
    const start = el('button', { type: 'button', class: 'button button--primary', data: { newIn: p.id } },
      el('span', { i18n: 'procs.newWorkshop' }), ' ', el('span', { class: 'visually-hidden', i18n: 'procs.in', i18nParams: { title: p.title } }));
    start.addEventListener('click', () => hooks.onNew(p, mine.length));
    if (mine.length >= MAX_PROCESS_WORKSHOPS) start.setAttribute('disabled', '');

    const addSelect = /** @type {HTMLSelectElement} */ (el('select', { id: `process-${p.id}-add` },
      ...outside.map((w) => el('option', { value: w.id, text: w.title }))));
    const add = el('button', { type: 'button', class: 'button', i18n: 'procs.add' });
    add.addEventListener('click', async () => {
      const w = outside.find((x) => x.id === addSelect.value);
      if (!w) return;
      try {
        await ctx.api.moveToProcess(w.id, p.id);
        say('procs.added', { title: w.title, process: p.title });
        hooks.onChanged();
      } catch (err) {
        failed(err);
      }
    });
    const del = el('button', { type: 'button', class: 'button button--danger', data: { deleteProcess: p.id } },
      el('span', { i18n: 'procs.delete' }), ' ', el('span', { class: 'visually-hidden', text: p.title }));
    del.addEventListener('click', async () => {
      if (!globalThis.confirm(t('procs.delete.confirm', { title: p.title }))) return;
      try {
        await ctx.api.deleteProcess(p.id);
        say('procs.deleted', { title: p.title });
        hooks.onChanged();
      } catch (err) {
        failed(err);
      }
    });
    const ids = mine.map((w) => w.id);
    const drafts = ids.length ? el('p', { class: 'link-row' },
      ...PROCESS_FORMATS.map((f) => el('a', { href: processExportUrl(f, ids, p.municipality), class: 'button button--small', download: '' },
        el('span', { i18n: `process.${f}` }), ' ', el('span', { class: 'visually-hidden', i18n: 'procs.of', i18nParams: { title: p.title } })))) : null;
    return el('li', { class: 'process-card stack-s', data: { process: p.id }, 'aria-labelledby': `process-${p.id}-h` },
      h,
      mine.length ? el('ol', { class: 'process-order' }, ...items) : el('p', { class: 'muted', i18n: 'procs.empty' }),
      el('p', {}, start),
      outside.length && mine.length < MAX_PROCESS_WORKSHOPS ? el('div', { class: 'field' },
        el('label', { for: `process-${p.id}-add`, i18n: 'procs.addLabel', i18nParams: { title: p.title } }),
        el('span', { class: 'link-row' }, addSelect, add)) : null,
      drafts,
      el('p', {}, del));
  }

  return {
    section,
    update(ws, ps) {
      workshops = ws;
      if (!ps) {
        list.replaceChildren(el('li', { class: 'form-error', i18n: 'error.network' }));
        return;
      }
      hooks.onProcesses(ps);
      const { groups, outside } = groupByProcess(workshops, ps);
      list.replaceChildren(...(groups.length
        ? groups.map((g) => card(g.process, g.workshops, outside))
        : [el('li', { class: 'muted', i18n: 'procs.none' })]));
    },
  };
}

/**
 * "Maler": every template with its file to download, the saved and
 * imported ones with a delete button, and a file input to import one. A
 * file that does not validate is refused with each problem and its field.
 * @param {Context} ctx
 * @param {() => void} changed run after an import or a delete
 * @returns {HTMLElement}
 */
function librarySection(ctx, changed) {
  const list = el('ul', { id: 'template-list', class: 'workshop-list' });
  const input = /** @type {HTMLInputElement} */ (el('input', { type: 'file', accept: '.json,application/json', class: 'input-file' }));
  const file = field({ id: 'template-file', label: 'lib.import.file', hint: 'lib.import.hint', input });
  file.error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} template-problems`);
  const problems = el('ul', { id: 'template-problems', class: 'form-error', hidden: true });
  const status = el('p', { id: 'library-status', role: 'status' });
  const submit = el('button', { type: 'submit', id: 'template-import', class: 'button', i18n: 'lib.import.submit' });
  const form = el('form', { id: 'template-import-form', class: 'stack-s', novalidate: true, 'aria-labelledby': 'template-import-h' },
    el('h3', { id: 'template-import-h', i18n: 'lib.import.heading' }), file.wrap, problems, el('p', {}, submit));
  const section = el('section', { id: 'library', class: 'card stack', 'aria-labelledby': 'library-h' },
    el('h2', { id: 'library-h', i18n: 'lib.heading' }),
    el('p', { i18n: 'lib.intro' }),
    list, status, form);

  async function load() {
    let tpls;
    try {
      tpls = parseTemplates(await ctx.api.listTemplates());
    } catch (err) {
      list.replaceChildren(el('li', { class: 'form-error', i18n: errorKey(err.code) }));
      return;
    }
    list.replaceChildren(...tpls.map((tpl) => {
      const name = localized(tpl.name, i18n.lang());
      const del = tpl.custom ? el('button', { type: 'button', class: 'button button--small button--danger', data: { deleteTemplate: tpl.key } },
        el('span', { i18n: 'lib.delete' }), ' ', el('span', { class: 'visually-hidden', text: name })) : null;
      if (del) {
        del.addEventListener('click', async () => {
          if (!globalThis.confirm(t('lib.delete.confirm', { name }))) return;
          try {
            await ctx.api.deleteTemplate(tpl.key);
            setText(status, 'lib.deleted', { name });
          } catch (err) {
            setText(status, templateErrorKey(err.code, err.status));
          }
          await load();
          changed();
        });
      }
      return el('li', { class: 'workshop-item', data: { template: tpl.key } },
        el('span', { class: 'workshop-title', text: name }),
        el('span', { class: 'workshop-meta muted', i18n: tpl.custom ? 'tpl.custom' : 'lib.preset' }),
        el('span', { class: 'workshop-downloads' },
          el('a', { href: templateFileUrl(tpl.key), download: `${tpl.key}.json`, class: 'button button--small' },
            el('span', { i18n: 'lib.download' }), ' ', el('span', { class: 'visually-hidden', text: name })),
          del));
    }));
  }

  input.addEventListener('change', () => {
    setFieldError(file, null);
    problems.hidden = true;
  });
  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    problems.hidden = true;
    problems.replaceChildren();
    const chosen = input.files && input.files[0];
    const problem = checkTemplateFile(chosen);
    if (problem || !chosen) {
      setFieldError(file, problem || 'lib.import.missing');
      input.focus();
      return;
    }
    setFieldError(file, null);
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    try {
      let text;
      try {
        text = await chosen.text();
      } catch {
        setFieldError(file, 'lib.import.unreadable');
        return;
      }
      const answer = await ctx.api.importTemplate(chosen.name, text);
      /** @type {HTMLFormElement} */ (form).reset();
      setText(status, 'lib.imported', { key: answer.template.key });
      await load();
      changed();
    } catch (err) {
      setFieldError(file, templateErrorKey(err.code, err.status), { file: chosen.name });
      const lines = problemLines(err.problems || []);
      if (lines.length) {
        problems.replaceChildren(...lines.map((line) => el('li', { text: `${chosen.name}: ${line}` })));
        problems.hidden = false;
      }
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
    }
  });
  load();
  return section;
}

/**
 * "Gjenopprett fra arkiv": a workshop's JSON archive in, the workshop back,
 * with new links (shown like a new workshop's).
 * @param {Context} ctx
 * @param {(answer: {workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}) => void} done
 * @returns {HTMLElement}
 */
function restoreForm(ctx, done) {
  const input = /** @type {HTMLInputElement} */ (el('input', { type: 'file', accept: '.json,application/json', class: 'input-file' }));
  const file = field({ id: 'restore-file', label: 'restore.file', hint: 'restore.file.hint', input });
  // The error is read out when it comes, wherever the focus is.
  file.error.setAttribute('role', 'alert');
  const submit = el('button', { type: 'submit', id: 'restore-submit', class: 'button', i18n: 'restore.submit' });
  const form = el('form', { id: 'restore', class: 'card stack', novalidate: true, 'aria-labelledby': 'restore-h' },
    el('h2', { id: 'restore-h', i18n: 'restore.heading' }),
    el('p', { i18n: 'restore.intro' }),
    file.wrap,
    submit);
  input.addEventListener('change', () => setFieldError(file, null));

  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const chosen = input.files && input.files[0];
    const problem = checkArchiveFile(chosen);
    if (problem || !chosen) {
      setFieldError(file, problem || 'restore.missing');
      input.focus();
      return;
    }
    setFieldError(file, null);
    busy = true;
    // aria-disabled, not disabled: the button keeps the focus, and the
    // error (role=alert) is read where the organiser is.
    submit.setAttribute('aria-disabled', 'true');
    setText(submit, 'restore.busy');
    try {
      let text;
      try {
        text = await chosen.text();
      } catch {
        setFieldError(file, 'restore.unreadable');
        return;
      }
      const answer = await ctx.api.importWorkshop(text);
      /** @type {HTMLFormElement} */ (form).reset();
      done(answer);
    } catch (err) {
      setFieldError(file, restoreErrorKey(err.code, err.status));
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
      setText(submit, 'restore.submit');
    }
  });
  return form;
}

/**
 * @param {string} iso
 * @returns {string}
 */
function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(i18n.lang(), { dateStyle: 'medium' }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

/**
 * The page for a path the app does not have.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @returns {() => void}
 */
export function mountNotFound(main, ctx) {
  ctx.setTitle('title.notfound');
  main.append(el('div', { class: 'page page--narrow stack' },
    el('h1', { i18n: 'notfound.title' }),
    el('p', { i18n: 'notfound.body' }),
    el('p', {}, el('a', { href: '/', data: { nav: '' }, i18n: 'nav.home' }))));
  return () => {};
}
