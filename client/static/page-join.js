// The join page (/j/{code} and /join): a code and a display name, and the
// person is on the board. No account, no e-mail.

import { el, field, setFieldError, setText } from './dom.js';
import { errorKey, i18n } from './i18n.js';
import { LIMITS, formatJoinCode, looksLikeJoinCode, normalizeJoinCode } from './protocol.js';
import { boardPath } from './router.js';
import { CATEGORIES, formatWhen, placeLink } from './schedule.js';
import { saveToken } from './session.js';

/** @typedef {import('./app.js').Context} Context */

/** Set by the board page when the server refused the stored token (4003). */
export const NOTICE_KEY = 'samskap.notice';

/**
 * Builds the join page into main.
 * @param {HTMLElement} main
 * @param {Context} ctx
 * @param {string} code the code from the URL, if any
 * @returns {() => void} teardown
 */
export function mountJoin(main, ctx, code) {
  ctx.setTitle('title.join');
  const codeField = field({
    id: 'join-code', label: 'join.code', hint: 'join.code.hint',
    input: el('input', {
      type: 'text', name: 'code', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', maxlength: '12', class: 'input-code', required: true,
    }),
  });
  const nameField = field({
    id: 'join-name', label: 'join.name', hint: 'join.name.hint',
    input: el('input', { type: 'text', name: 'name', autocomplete: 'nickname', maxlength: String(LIMITS.nameLen), required: true }),
  });
  // What the person takes part as: optional, self-declared, no names or
  // organisations (the export counts it; only the facilitators see it).
  const categoryBoxes = [...CATEGORIES, ''].map((c) => {
    const id = `join-category-${c || 'none'}`;
    const input = el('input', { type: 'radio', name: 'category', id, value: c });
    if (!c) /** @type {HTMLInputElement} */ (input).checked = true;
    return el('span', { class: 'check' }, input, el('label', { for: id, i18n: `join.category.${c || 'none'}` }));
  });
  const categoryField = el('fieldset', { id: 'join-category', class: 'group', 'aria-describedby': 'join-category-hint' },
    el('legend', { i18n: 'join.category' }),
    el('p', { id: 'join-category-hint', class: 'hint', i18n: 'join.category.hint' }),
    ...categoryBoxes);
  const codeInput = /** @type {HTMLInputElement} */ (codeField.input);
  const nameInput = /** @type {HTMLInputElement} */ (nameField.input);
  codeInput.value = code ? formatJoinCode(code) : '';

  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'join-submit', class: 'button button--primary', i18n: 'join.submit' });
  const form = el('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'join-h' },
    codeField.wrap, nameField.wrap, categoryField, error, submit);
  // When and where, once the code is known (from the link).
  const when = el('section', { id: 'join-when', class: 'card stack-s', 'aria-labelledby': 'join-when-h', hidden: true });

  const notice = takeNotice();
  main.append(el('div', { class: 'page page--narrow stack' },
    el('h1', { id: 'join-h', i18n: 'join.title' }),
    notice ? el('p', { class: 'notice', role: 'status', i18n: notice }) : null,
    el('p', { class: 'lead', i18n: 'join.intro' }),
    when,
    form));

  let alive = true;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const c = codeInput.value;
    const name = nameInput.value.trim();
    setText(error, 'error.internal');
    error.hidden = true;
    const codeErr = !c.trim() ? 'join.code.missing' : !looksLikeJoinCode(c) ? 'join.code.bad' : null;
    const nameErr = !name ? 'join.name.missing' : null;
    setFieldError(codeField, codeErr);
    setFieldError(nameField, nameErr);
    if (codeErr || nameErr) {
      (codeErr ? codeInput : nameInput).focus();
      return;
    }
    submit.setAttribute('disabled', '');
    setText(submit, 'join.busy');
    try {
      const checked = /** @type {HTMLInputElement|null} */ (form.querySelector('input[name="category"]:checked'));
      const answer = await ctx.api.join(normalizeJoinCode(c), name, checked ? checked.value : '');
      if (!alive) return;
      saveToken(ctx.storage, answer.workshopId, answer.token);
      ctx.navigate(boardPath(answer.workshopId));
    } catch (err) {
      if (!alive) return;
      setText(error, errorKey(err.code, 'join'));
      error.hidden = false;
      submit.removeAttribute('disabled');
      setText(submit, 'join.submit');
      if (err.code === 'not_found') codeInput.focus();
    }
  });

  if (code && looksLikeJoinCode(code)) {
    ctx.api.joinInfo(normalizeJoinCode(code)).then((info) => {
      if (!alive || !info) return;
      const whenText = formatWhen(info.schedule, i18n.lang());
      const place = info.schedule && info.schedule.place;
      if (!whenText && !place) return;
      const link = placeLink(info.schedule);
      when.replaceChildren(
        el('h2', { id: 'join-when-h', text: info.title }),
        el('dl', { class: 'when' },
          whenText ? el('dt', { i18n: 'join.when' }) : null, whenText ? el('dd', { text: whenText }) : null,
          place ? el('dt', { i18n: link ? 'join.where.link' : 'join.where' }) : null,
          place ? el('dd', {}, link
            ? el('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: place })
            : el('span', { text: place })) : null));
      when.hidden = false;
    }, () => {}); // a wrong code is said when the person joins
  }

  // Start where the person has to type: the name if the link brought the code.
  if (codeInput.value) nameInput.focus();
  else codeInput.focus();
  // While the person types their name, fetch the board's code in the
  // background, so the board opens at once after joining: every module at
  // once (the server lists them), not level by level as imports are found,
  // and from the moment the form is there (on a slow link the board's
  // 160 KB take seconds; a person typing their name gives them that time).
  const warm = setTimeout(() => {
    // Marked, so a measurement of the join page itself can leave it out.
    performance.mark('samskap:board-warm');
    preloadModules(document.querySelector('meta[name="samskap-board-modules"]'));
    import('./page-board.js').catch(() => {});
  }, 0);
  return () => {
    clearTimeout(warm);
    alive = false;
  };
}

/**
 * Adds a modulepreload link for each module the meta element lists
 * (space-separated paths under /static/), once per page.
 * @param {Element|null} meta
 */
function preloadModules(meta) {
  if (!meta) return;
  const have = new Set([...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href')));
  for (const href of (meta.getAttribute('content') || '').split(/\s+/)) {
    if (!href.startsWith('/static/') || have.has(href)) continue;
    have.add(href);
    document.head.append(el('link', { rel: 'modulepreload', href }));
  }
}

/**
 * Reads and clears the one-off notice another page left for this one.
 * @returns {string|null} a translation key
 */
function takeNotice() {
  try {
    const key = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return key && /^[a-z.]+$/i.test(key) ? key : null;
  } catch {
    return null;
  }
}
