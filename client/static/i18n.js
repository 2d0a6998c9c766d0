// Translation. Every text a person reads is a key in the tables of
// messages.js, one table per language; nothing here knows which languages
// exist. Adding a language (North Sámi, `se`, say) means adding a table to
// MESSAGES, with its `lang.name`: the language picker, <html lang> and the
// plural rules follow from the data.

import { MESSAGES } from './messages.js';

/** Bokmål is the default and the fallback for a key a table lacks. */
export const DEFAULT_LANG = 'nb';

/** Where the person's choice of language is remembered. */
export const LANG_STORAGE_KEY = 'samskap.lang';

/** @typedef {Record<string, string>} Table */

/**
 * @typedef {object} I18n
 * @property {() => {code: string, name: string}[]} languages every table, named in its own language
 * @property {(code: string) => boolean} has
 * @property {() => string} lang the current language
 * @property {(code: string) => boolean} setLang switches if there is a table for code
 * @property {(key: string, params?: Record<string, string|number>) => string} t
 * @property {(key: string, n: number, params?: Record<string, string|number>) => string} plural
 *   looks up `key.{category}` for n's plural category in the current
 *   language (Intl.PluralRules: one, two, few, other...), falling back to
 *   `key.other`; {n} in the text is n
 * @property {(fn: (lang: string) => void) => () => void} onChange returns an unsubscribe function
 */

/**
 * Makes a translator over tables. Missing keys fall back to the fallback
 * language, then to the key itself (so a gap shows, rather than breaking).
 * @param {Record<string, Table>} tables
 * @param {string} [fallback]
 * @returns {I18n}
 */
export function createI18n(tables, fallback = DEFAULT_LANG) {
  let current = fallback in tables ? fallback : Object.keys(tables)[0];
  /** @type {Set<(lang: string) => void>} */
  const listeners = new Set();

  /** @param {string} key */
  const lookup = (key) => {
    const own = tables[current] && tables[current][key];
    if (own) return own;
    const fb = tables[fallback] && tables[fallback][key];
    return fb || undefined;
  };

  return {
    languages: () => Object.keys(tables).map((code) => ({ code, name: tables[code]['lang.name'] || code })),
    has: (code) => Object.prototype.hasOwnProperty.call(tables, code),
    lang: () => current,
    setLang(code) {
      if (!Object.prototype.hasOwnProperty.call(tables, code)) return false;
      if (code !== current) {
        current = code;
        for (const fn of listeners) fn(code);
      }
      return true;
    },
    t: (key, params) => format(lookup(key) ?? key, params),
    plural(key, n, params) {
      const cat = pluralCategory(current, n);
      const text = lookup(`${key}.${cat}`) ?? lookup(`${key}.other`) ?? key;
      return format(text, { n, ...params });
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/**
 * The plural category of n in lang; 'other' where the browser does not
 * know the language.
 * @param {string} lang
 * @param {number} n
 * @returns {string}
 */
function pluralCategory(lang, n) {
  try {
    return new Intl.PluralRules(lang).select(n);
  } catch {
    return n === 1 ? 'one' : 'other';
  }
}

/**
 * Replaces {name} placeholders with params. The result is plain text, to be
 * put into the page with textContent, never as HTML.
 * @param {string} text
 * @param {Record<string, string|number>} [params]
 * @returns {string}
 */
export function format(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * Picks the language to start with: the person's stored choice, else a
 * hint (the workshop's language), else the default.
 * @param {I18n} i18n
 * @param {string|null} stored
 * @param {string} [hint]
 * @returns {string}
 */
export function initialLang(i18n, stored, hint) {
  if (stored && i18n.has(stored)) return stored;
  if (hint && i18n.has(hint)) return hint;
  return DEFAULT_LANG;
}

/** The translator the app uses. */
export const i18n = createI18n(MESSAGES);

/**
 * Translates key in the current language.
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 * @returns {string}
 */
export function t(key, params) {
  return i18n.t(key, params);
}

/**
 * The translation key for a protocol error code. A page may have its own
 * wording for a code (context 'join' uses join.error.not_found, "no
 * workshop has this code"); codes this client does not know, from a newer
 * server, read as the generic error.
 * @param {string} code
 * @param {string} [context]
 * @param {I18n} [tr]
 * @returns {string}
 */
export function errorKey(code, context, tr = i18n) {
  const has = (/** @type {string} */ key) => tr.t(key) !== key;
  if (context && has(`${context}.error.${code}`)) return `${context}.error.${code}`;
  return has(`error.${code}`) ? `error.${code}` : 'error.internal';
}
