// An in-app dialog that asks for one line of text (a cluster's name, a
// text label): a modal <dialog> with a heading, a labelled field and
// Save / Cancel. Enter saves, Escape cancels, and focus goes back to where
// it was. It replaces window.prompt, which cannot be styled, translated
// or tested, and which some browsers block.

import { el } from './dom.js';
import { t } from './i18n.js';

/**
 * @typedef {object} AskOptions
 * @property {string} title the dialog's heading
 * @property {string} label the field's label
 * @property {string} [value] the text to start from
 * @property {number} [maxLength]
 * @property {string} [id] the dialog's id (tests find it by this)
 * @property {boolean} [allowEmpty] whether an empty text may be saved
 */

/**
 * Asks for a line of text.
 * @param {AskOptions} o
 * @returns {Promise<string|null>} the text (trimmed), or null when cancelled
 */
export function askText(o) {
  const back = /** @type {HTMLElement|null} */ (document.activeElement);
  const id = o.id || 'name-dialog';
  const input = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: `${id}-field`, autocomplete: 'off' }));
  if (o.maxLength) input.maxLength = o.maxLength;
  input.value = o.value || '';
  const save = el('button', { type: 'submit', id: `${id}-save`, class: 'button button--primary', i18n: 'ask.save' });
  const cancel = el('button', { type: 'button', id: `${id}-cancel`, class: 'button', i18n: 'ask.cancel' });
  const error = el('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true });
  const form = el('form', { class: 'stack', method: 'dialog' },
    el('label', { for: input.id, text: o.label }), input, error,
    el('div', { class: 'fac-row' }, save, cancel));
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { id, class: 'confirm name-dialog', 'aria-labelledby': `${id}-h` },
    el('h2', { id: `${id}-h`, text: o.title }), form));
  document.body.append(dialog);
  return new Promise((resolve) => {
    let done = false;
    /** @param {string|null} v */
    const finish = (v) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (back && back.isConnected) back.focus({ preventScroll: true });
      resolve(v);
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = input.value.trim();
      if (!v && !o.allowEmpty) {
        error.textContent = t('ask.empty');
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', error.id);
        input.focus();
        return;
      }
      finish(v);
    });
    cancel.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      finish(null);
    });
    dialog.showModal();
    input.focus();
    input.select();
  });
}
