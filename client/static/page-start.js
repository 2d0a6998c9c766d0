// The start page: organisers create workshops and see theirs; everyone else
// gets a box for the join code.

import { el, field, setFieldError, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { LIMITS, WORKSHOP_LANGS, formatJoinCode, looksLikeJoinCode, normalizeJoinCode } from './protocol.js';
import { createTemplatePart } from './template-form.js';

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
  const refresh = () => loadList(ctx, list);
  const form = createForm(ctx, (answer) => {
    showCreated(ctx, result, answer);
    refresh();
  }, cleanups);
  refresh();
  // The result goes first: after creating, the links are what matters.
  return [result, form, listSection];
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
 */
async function loadList(ctx, list) {
  let answer;
  try {
    answer = await ctx.api.listWorkshops();
  } catch (err) {
    list.replaceChildren(el('li', { class: 'form-error', i18n: errorKey(err.code) }));
    return;
  }
  const ws = (answer && answer.workshops) || [];
  if (ws.length === 0) {
    list.replaceChildren(el('li', { class: 'muted', i18n: 'list.empty' }));
    return;
  }
  list.replaceChildren(...ws.map(workshopItem));
}

/**
 * @param {Workshop} w
 * @returns {HTMLElement}
 */
function workshopItem(w) {
  const code = formatJoinCode(w.joinCode);
  const created = formatDate(w.createdAt);
  return el('li', { class: 'workshop-item' },
    el('span', { class: 'workshop-title', text: w.title }),
    el('span', { class: 'workshop-meta' },
      el('span', { i18n: 'list.code' }), ' ',
      el('a', { href: `/j/${encodeURIComponent(w.joinCode)}`, class: 'code', data: { nav: '' }, text: code }),
      created ? el('span', { class: 'muted', text: ` · ${created}` }) : null));
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
