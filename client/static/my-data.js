// "Your data" on the board page, for participants and observers: what
// Samskap keeps about them, the citizen panel (innbyggerpanel) signup,
// which the server keeps apart from the board, and "delete my notes and
// leave". Contact details go only to the panel API, never onto the board.

import { el, field, setFieldError, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import { PANEL_CONSENT_VERSION } from './protocol.js';

/** The panel's limits (workshops.MaxPanel*). */
const PANEL_NAME_LEN = 100;
const PANEL_EMAIL_LEN = 254;
const PANEL_PHONE_LEN = 30;

/**
 * @typedef {object} MyDataOptions
 * @property {ReturnType<import('./api.js').Api['forBoard']>} api the person's calls
 * @property {() => void} onLeft the person left and took their notes: the
 *   session is gone, the page must close the board
 */

/**
 * Builds the "Your data" disclosure into host (hidden until show()).
 * @param {HTMLElement} host
 * @param {MyDataOptions} opts
 */
export function createMyData(host, opts) {
  const input = (/** @type {Record<string, string|boolean>} */ attrs) => el('input', attrs);
  const name = field({ id: 'panel-name', label: 'panel.name', input: input({ type: 'text', autocomplete: 'name', maxlength: String(PANEL_NAME_LEN), required: true }) });
  const email = field({ id: 'panel-email', label: 'panel.email', hint: 'panel.contactHint', input: input({ type: 'email', autocomplete: 'email', maxlength: String(PANEL_EMAIL_LEN) }) });
  const phone = field({ id: 'panel-phone', label: 'panel.phone', input: input({ type: 'tel', autocomplete: 'tel', maxlength: String(PANEL_PHONE_LEN) }) });
  const consent = /** @type {HTMLInputElement} */ (input({ type: 'checkbox', id: 'panel-consent', 'aria-describedby': 'panel-consent-text panel-consent-error' }));
  const consentError = el('p', { class: 'field-error', id: 'panel-consent-error', hidden: true });
  const submit = el('button', { type: 'submit', id: 'panel-submit', class: 'button button--primary', i18n: 'panel.submit' });
  const form = el('form', { id: 'panel-form', class: 'stack', novalidate: true, 'aria-labelledby': 'panel-h' },
    el('p', { id: 'panel-consent-text', class: 'panel-consent', i18n: 'panel.consent' }),
    name.wrap, email.wrap, phone.wrap,
    el('label', { class: 'check' }, consent, el('span', { i18n: 'panel.consentCheck' })),
    consentError, submit);
  const status = el('p', { id: 'panel-status', class: 'fac-hint', role: 'status' });
  const withdraw = el('button', { type: 'button', id: 'panel-withdraw', class: 'button', hidden: true, i18n: 'panel.withdraw' });

  const leave = el('button', { type: 'button', id: 'leave', class: 'button button--danger', i18n: 'leave.button' });
  const leaveError = el('p', { id: 'leave-error', class: 'form-error', role: 'alert', hidden: true });

  const details = /** @type {HTMLDetailsElement} */ (el('details', { id: 'my-data', class: 'help my-data', hidden: true },
    el('summary', { i18n: 'mydata.summary' }),
    el('p', { i18n: 'mydata.intro' }),
    el('section', { class: 'stack', 'aria-labelledby': 'panel-h' },
      el('h3', { id: 'panel-h', i18n: 'panel.heading' }),
      el('p', { i18n: 'panel.intro' }),
      form, status, withdraw),
    el('section', { class: 'stack', 'aria-labelledby': 'leave-h' },
      el('h3', { id: 'leave-h', i18n: 'leave.heading' }),
      el('p', { i18n: 'leave.body' }),
      leave, leaveError)));
  host.append(details);

  let loaded = false;
  let alive = true;

  /** @param {import('./api.js').PanelSignup|null} s */
  function showSignup(s) {
    withdraw.hidden = !s;
    setText(submit, s ? 'panel.update' : 'panel.submit');
    if (!s) return;
    /** @type {HTMLInputElement} */ (name.input).value = s.name;
    /** @type {HTMLInputElement} */ (email.input).value = s.email || '';
    /** @type {HTMLInputElement} */ (phone.input).value = s.phone || '';
    consent.checked = true;
    setText(status, 'panel.signedUp');
  }

  // The signup is fetched when the person first opens the disclosure.
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const answer = await opts.api.mySignup();
      if (alive) showSignup(answer.signup);
    } catch {
      loaded = false; // try again next time it opens
    }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = {
      name: /** @type {HTMLInputElement} */ (name.input).value.trim(),
      email: /** @type {HTMLInputElement} */ (email.input).value.trim(),
      phone: /** @type {HTMLInputElement} */ (phone.input).value.trim(),
    };
    setFieldError(name, v.name ? null : 'panel.error.name');
    setFieldError(email, v.email || v.phone ? null : 'panel.error.contact');
    setFieldError(phone, null);
    consentError.hidden = consent.checked;
    if (consent.checked) consent.removeAttribute('aria-invalid');
    else {
      setText(consentError, 'panel.error.consent');
      consent.setAttribute('aria-invalid', 'true');
    }
    const first = !v.name ? name.input : !v.email && !v.phone ? email.input : !consent.checked ? consent : null;
    if (first) {
      first.focus();
      return;
    }
    submit.setAttribute('disabled', '');
    try {
      const answer = await opts.api.signUp({ ...v, consent: true, consentVersion: PANEL_CONSENT_VERSION, lang: i18n.lang() });
      if (!alive) return;
      showSignup(answer.signup);
      setText(status, 'panel.saved');
    } catch (err) {
      if (alive) setText(status, errorKey(err.code, 'panel'));
    } finally {
      submit.removeAttribute('disabled');
    }
  });

  withdraw.addEventListener('click', async () => {
    try {
      await opts.api.withdraw();
      if (!alive) return;
      for (const f of [name, email, phone]) /** @type {HTMLInputElement} */ (f.input).value = '';
      consent.checked = false;
      showSignup(null);
      setText(status, 'panel.withdrawn');
      /** @type {HTMLElement} */ (name.input).focus();
    } catch (err) {
      if (alive) setText(status, errorKey(err.code, 'panel'));
    }
  });

  leave.addEventListener('click', async () => {
    if (!window.confirm(t('leave.confirm'))) return;
    leaveError.hidden = true;
    leave.setAttribute('disabled', '');
    try {
      await opts.api.leave();
      if (alive) opts.onLeft();
    } catch (err) {
      if (!alive) return;
      setText(leaveError, errorKey(err.code));
      leaveError.hidden = false;
      leave.removeAttribute('disabled');
    }
  });

  return {
    /** @param {boolean} on shown to participants and observers only */
    show(on) {
      details.hidden = !on;
    },
    destroy() {
      alive = false;
    },
  };
}
