// Translation. Every text a person reads is a key in the tables under
// messages/, one table per language; nothing here knows which languages
// exist. Adding a language (North Sámi, `se`, say) means adding a table
// and its name (languages.js): the language picker, <html lang> and the
// plural rules follow from the data.
//
// Tables are loaded when a language is chosen, so a page fetches only the
// one it shows. Bokmål stays the fallback for a key a table lacks: if a
// lookup misses, the bokmål table is fetched too and the page is told to
// redraw (the tests keep every table complete, so this is a safety net).

import { LANGUAGE_NAMES, browserLang, loadMessages } from './languages.js';

/** Bokmål is the default and the fallback for a key a table lacks. */
export const DEFAULT_LANG = 'nb';

/** Where the person's choice of language is remembered. */
export const LANG_STORAGE_KEY = 'samskap.lang';

/** @typedef {Record<string, string>} Table */

/**
 * @typedef {object} I18n
 * @property {() => {code: string, name: string}[]} languages every language, named in its own language
 * @property {(code: string) => boolean} has whether there is (or can be loaded) a table for code
 * @property {() => string} lang the current language
 * @property {(code: string) => boolean} setLang switches to code if it is known: at once if
 *   its table is loaded, else once it has arrived; false for an unknown code
 * @property {(code: string) => Promise<boolean>} use like setLang, resolving once switched
 * @property {(code: string) => boolean} loaded whether code's table is here
 * @property {(key: string, params?: Record<string, string|number>) => string} t
 * @property {(key: string, n: number, params?: Record<string, string|number>) => string} plural
 *   looks up `key.{category}` for n's plural category in the current
 *   language (Intl.PluralRules: one, two, few, other...), falling back to
 *   `key.other`; {n} in the text is n
 * @property {(fn: (lang: string) => void) => () => void} onChange returns an unsubscribe function
 */

/**
 * @typedef {object} I18nOptions
 * @property {Record<string, string>} [names] every language's name in
 *   itself, tables loaded or not (default: the tables given)
 * @property {(code: string) => Promise<Table>} [load] fetches a table
 */

/**
 * Makes a translator over tables. Missing keys fall back to the fallback
 * language, then to the key itself (so a gap shows, rather than breaking).
 * @param {Record<string, Table>} tables the tables at hand (may be none)
 * @param {string} [fallback]
 * @param {I18nOptions} [opts]
 * @returns {I18n}
 */
export function createI18n(tables, fallback = DEFAULT_LANG, opts = {}) {
  /** @type {Record<string, Table>} */
  const have = { ...tables };
  const names = opts.names || Object.fromEntries(Object.keys(have).map((c) => [c, have[c]['lang.name'] || c]));
  const known = (/** @type {string} */ code) => Object.prototype.hasOwnProperty.call(names, code);
  let current = fallback in have || !Object.keys(have).length ? fallback : Object.keys(have)[0];
  /** The language asked for last, so that a slow load does not win over a later choice. */
  let wanted = current;
  /** @type {Set<(lang: string) => void>} */
  const listeners = new Set();
  /** @type {Map<string, Promise<boolean>>} */
  const loading = new Map();

  const notify = () => {
    for (const fn of listeners) fn(current);
  };

  /**
   * Fetches code's table once; resolves whether it is here.
   * @param {string} code
   * @returns {Promise<boolean>}
   */
  const fetchTable = (code) => {
    if (have[code]) return Promise.resolve(true);
    if (!opts.load || !known(code)) return Promise.resolve(false);
    let p = loading.get(code);
    if (!p) {
      p = opts.load(code).then((table) => {
        have[code] = table;
        return true;
      }, () => {
        loading.delete(code); // try again next time
        return false;
      });
      loading.set(code, p);
    }
    return p;
  };

  /** @param {string} key */
  const lookup = (key) => {
    const own = have[current] && have[current][key];
    if (own) return own;
    const fb = have[fallback] && have[fallback][key];
    if (fb) return fb;
    if (!have[fallback] && current !== fallback && have[current]) {
      // A gap in this table: fetch bokmål and redraw in it.
      fetchTable(fallback).then((ok) => {
        if (ok) notify();
      });
    }
    return undefined;
  };

  /** @param {string} code */
  const switchTo = (code) => {
    if (code !== current) {
      current = code;
      notify();
    }
  };

  /** @param {string} code */
  const use = async (code) => {
    if (!known(code)) return false;
    wanted = code;
    const ok = await fetchTable(code);
    if (ok && wanted === code) switchTo(code);
    return ok;
  };

  return {
    languages: () => Object.keys(names).map((code) => ({ code, name: (have[code] && have[code]['lang.name']) || names[code] })),
    has: known,
    lang: () => current,
    loaded: (code) => !!have[code],
    setLang(code) {
      if (!known(code)) return false;
      if (have[code]) {
        wanted = code;
        switchTo(code);
      } else {
        use(code);
      }
      return true;
    },
    use,
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
 * hint (a workshop's language, on its board), else the first of the
 * browser's languages the client has, else the default.
 * @param {{has: (code: string) => boolean}} i18n
 * @param {string|null} stored
 * @param {string} [hint]
 * @param {readonly string[]} [browser] navigator.languages
 * @returns {string}
 */
export function initialLang(i18n, stored, hint, browser) {
  if (stored && i18n.has(stored)) return stored;
  if (hint && i18n.has(hint)) return hint;
  return browserLang(browser, i18n.has) || DEFAULT_LANG;
}

/** The translator the app uses: tables are fetched as languages are chosen. */
export const i18n = createI18n({}, DEFAULT_LANG, { names: LANGUAGE_NAMES, load: loadMessages });

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
