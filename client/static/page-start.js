// The start page: organisers create workshops and see theirs; everyone else
// gets a box for the join code.

import { el, field, setFieldError, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { LIMITS, WORKSHOP_LANGS, formatJoinCode, looksLikeJoinCode, normalizeJoinCode } from './protocol.js';
import { createTemplatePart } from './template-form.js';
import {
  MAX_PROCESS, PROCESS_FORMATS, WORKSHOP_LINK_FORMATS, checkArchiveFile, downloadName, keepListed,
  moveSelected, processExportUrl, restoreErrorKey, toggleSelected, workshopExportUrl,
} from './process.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./protocol.js').Workshop} Workshop */

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
    loadList(ctx, list, (ws) => {
      if (n === loads) whole.update(ws);
    });
  };
  const shown = (/** @type {{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}} */ answer) => {
    showCreated(ctx, result, answer);
    refresh();
  };
  const form = createForm(ctx, shown, cleanups);
  const restore = restoreForm(ctx, shown);
  refresh();
  // The result goes first: after creating, the links are what matters.
  return [result, form, listSection, whole.section, restore];
}

/**
 * The create form: a template (a blank board by default) and its
 * parameters, the title and the board's language.
 * @param {Context} ctx
 * @param {(answer: {workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}) => void} done
 * @param {(() => void)[]} cleanups
 * @returns {HTMLElement}
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
  const form = el('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'create-h' },
    el('h2', { id: 'create-h', i18n: 'create.heading' }), part.summary, part.chooser, title.wrap, lang.wrap, part.section, error, submit);

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
        ? await ctx.api.createWorkshop(value, langSelect.value, tpl.key, built.params)
        : await ctx.api.createWorkshop(value, langSelect.value);
      done(answer);
      /** @type {HTMLFormElement} */ (form).reset();
      langSelect.value = defaultLang();
      part.reset();
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
  return form;
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
 * @param {(ws: Workshop[]) => void} [loaded] told the workshops when they came
 */
async function loadList(ctx, list, loaded) {
  let answer;
  try {
    answer = await ctx.api.listWorkshops();
  } catch (err) {
    list.replaceChildren(el('li', { class: 'form-error', i18n: errorKey(err.code) }));
    return;
  }
  const ws = (answer && answer.workshops) || [];
  if (loaded) loaded(ws);
  if (ws.length === 0) {
    list.replaceChildren(el('li', { class: 'muted', i18n: 'list.empty' }));
    return;
  }
  list.replaceChildren(...ws.map((w) => workshopItem(w, async () => {
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
 * @param {Workshop} w
 * @param {() => void} onDelete
 * @returns {HTMLElement}
 */
function workshopItem(w, onDelete) {
  const del = el('button', { type: 'button', class: 'button button--small button--danger', data: { delete: w.id } },
    el('span', { i18n: 'list.delete' }), ' ',
    el('span', { class: 'visually-hidden', text: w.title }));
  del.addEventListener('click', onDelete);
  const code = formatJoinCode(w.joinCode);
  const created = formatDate(w.createdAt);
  return el('li', { class: 'workshop-item', data: { id: w.id } },
    el('span', { class: 'workshop-title', text: w.title }),
    el('span', { class: 'workshop-meta' },
      el('span', { i18n: 'list.code' }), ' ',
      el('a', { href: `/j/${encodeURIComponent(w.joinCode)}`, class: 'code', data: { nav: '' }, text: code }),
      created ? el('span', { class: 'muted', text: ` · ${created}` }) : null,
      // When the retention period ends, the server deletes the workshop.
      w.deleteAfter ? el('span', { class: 'muted' }, ' · ', el('span', { i18n: 'list.deleteAfter', i18nParams: { date: formatDate(w.deleteAfter) } })) : null),
    el('span', { class: 'workshop-downloads' },
      ...WORKSHOP_LINK_FORMATS.map((f) => el('a', { href: workshopExportUrl(w.id, f), download: '', class: 'button button--small', data: { format: f } },
        el('span', { i18n: `list.download.${f}` }), ' ',
        el('span', { class: 'visually-hidden', i18n: 'list.download.of', i18nParams: { title: w.title } }))), del));
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
  const actions = el('div', { id: 'process-actions', class: 'stack-s', hidden: true },
    el('h3', { id: 'process-download-h', i18n: 'process.download' }),
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
      const url = processExportUrl(f, order);
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
    const url = processExportUrl('md', order);
    if (!url || fetching) return;
    // aria-disabled, not disabled: the button keeps the focus.
    fetching = true;
    show.setAttribute('aria-disabled', 'true');
    error.hidden = true;
    setText(status, 'process.loading');
    try {
      const text = await ctx.api.fetchText(url);
      if (processExportUrl('md', order) !== url) return; // the selection changed meanwhile
      preview.textContent = text;
      preview.hidden = false;
      setText(status, 'process.shown');
    } catch (err) {
      if (processExportUrl('md', order) !== url) return;
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
