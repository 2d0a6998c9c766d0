// Small DOM helpers. Text always goes in through textContent or text nodes,
// never innerHTML: notes and names are typed by strangers.

import { i18n } from './i18n.js';

/**
 * @typedef {object} Props
 * @property {string} [class]
 * @property {string} [text] textContent
 * @property {string} [i18n] a translation key: sets the text now and on every language change
 * @property {Record<string, string|number>} [i18nParams] parameters for the i18n text
 * @property {Record<string, string>} [i18nAttrs] attribute -> translation key, e.g. {'aria-label': 'board.region'}
 * @property {Record<string, (ev: any) => void>} [on] event listeners
 * @property {Record<string, string>} [data] data-* attributes
 */

/**
 * Creates an element. Other props become attributes; false, null and
 * undefined leave them out, true sets them empty. Inline styles are refused:
 * the Content-Security-Policy forbids style attributes.
 * @param {string} tag
 * @param {Props & Record<string, any>} [props]
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    switch (k) {
      case 'class': node.className = v; break;
      case 'text': node.textContent = v; break;
      case 'i18n': setText(node, v, props.i18nParams); break;
      case 'i18nParams': break;
      case 'i18nAttrs':
        for (const [attr, key] of Object.entries(v)) {
          node.setAttribute(`data-i18n-${attr}`, key);
          node.setAttribute(attr, i18n.t(key));
        }
        break;
      case 'on': for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn); break;
      case 'data': for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = dv; break;
      case 'style': throw new Error('el: inline styles break the CSP; use a class');
      default: node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c);
  }
  return node;
}

/**
 * Sets node's text to the translation of key, and marks node so that
 * translateTree translates it again when the language changes.
 * @param {HTMLElement} node
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function setText(node, key, params) {
  node.dataset.i18n = key;
  if (params) node.dataset.i18nParams = JSON.stringify(params);
  else delete node.dataset.i18nParams;
  node.textContent = i18n.t(key, params);
}

/**
 * Removes every child of node.
 * @param {Node} node
 */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

const I18N_ATTRS = ['aria-label', 'title', 'placeholder', 'aria-roledescription', 'content'];

/**
 * Re-translates every element under root marked by el()'s i18n props, or
 * in index.html by data-i18n and data-i18n-{attribute}.
 * @param {ParentNode} root
 */
export function translateTree(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    const d = /** @type {HTMLElement} */ (node).dataset;
    node.textContent = i18n.t(d.i18n || '', d.i18nParams ? JSON.parse(d.i18nParams) : undefined);
  }
  for (const attr of I18N_ATTRS) {
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      node.setAttribute(attr, i18n.t(node.getAttribute(`data-i18n-${attr}`) || ''));
    }
  }
}

/**
 * Reports whether the element is a place where keys are typed, so single
 * key shortcuts must not fire there.
 * @param {EventTarget|null} target
 * @returns {boolean}
 */
export function isTypingTarget(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !['button', 'submit', 'checkbox', 'radio'].includes(/** @type {HTMLInputElement} */ (target).type));
}

/**
 * A form field: label, optional hint, input and an error line, wired with
 * for/id and aria-describedby so a screen reader reads all of it.
 * @param {{id: string, label: string, hint?: string, input: HTMLElement}} p
 * @returns {{wrap: HTMLElement, input: HTMLElement, error: HTMLElement}}
 */
export function field({ id, label, hint, input }) {
  input.id = id;
  const hintEl = hint ? el('p', { class: 'field-hint', id: `${id}-hint`, i18n: hint }) : null;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const described = [hintEl ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
  const wrap = el('div', { class: 'field' }, el('label', { for: id, i18n: label }), hintEl, input, error);
  return { wrap, input, error };
}

/**
 * Shows or clears a field's error message (a translation key).
 * @param {{input: HTMLElement, error: HTMLElement}} f
 * @param {string|null} key
 * @param {Record<string, string|number>} [params]
 */
export function setFieldError(f, key, params) {
  if (key) {
    setText(f.error, key, params);
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.error.textContent = '';
    delete f.error.dataset.i18n;
    delete f.error.dataset.i18nParams;
    f.error.hidden = true;
    f.input.removeAttribute('aria-invalid');
  }
}
