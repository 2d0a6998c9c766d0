// The entry point: language, routing and the frame around the pages.
// Each page is a mount function that builds its DOM into <main> and returns
// a function that tears it down (listeners, sockets, timers), so moving
// between pages with history.pushState leaves nothing running.

import { createApi } from './api.js';
import { clear, el, translateTree } from './dom.js';
import { DEFAULT_LANG, LANG_STORAGE_KEY, i18n, initialLang, t } from './i18n.js';
import { mountJoin } from './page-join.js';
import { mountStatement } from './page-statement.js';
import { route } from './router.js';
import { browserStorage } from './session.js';

/**
 * What every page gets from the frame.
 * @typedef {object} Context
 * @property {import('./api.js').Api} api
 * @property {Storage|null} storage
 * @property {(path: string, opts?: {replace?: boolean}) => void} navigate
 * @property {(text: string) => void} toast shows an error or warning, read out at once
 * @property {(text: string) => void} announce reads text to screen readers, politely
 * @property {(targetId: string, labelKey: string) => void} setSkipTarget
 * @property {(titleKey: string, params?: Record<string, string>) => void} setTitle
 * @property {() => boolean} langChosen whether the person picked a language
 */

const storage = browserStorage();
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const picker = /** @type {HTMLSelectElement} */ (document.getElementById('lang-picker'));
const skip = /** @type {HTMLAnchorElement} */ (document.getElementById('skip-link'));
const toastEl = /** @type {HTMLElement} */ (document.getElementById('toast'));
const announcer = /** @type {HTMLElement} */ (document.getElementById('announcer'));

/** @returns {string|null} */
function storedLang() {
  try {
    return storage ? storage.getItem(LANG_STORAGE_KEY) : null;
  } catch {
    return null;
  }
}

/**
 * Fills the language picker and loads the table to start in: the stored
 * choice, else the browser's languages, else bokmål. Only that table is
 * fetched (index.html preloads the one the server guessed from the
 * request's Accept-Language, which is usually it).
 */
async function setUpLanguage() {
  for (const { code, name } of i18n.languages()) {
    const opt = document.createElement('option');
    opt.value = code;
    opt.textContent = name;
    opt.lang = code; // read each name in its own language
    picker.append(opt);
  }
  i18n.onChange((lang) => {
    document.documentElement.lang = lang;
    picker.value = lang;
    translateTree(document);
    updateTitle();
  });
  picker.addEventListener('change', () => {
    try {
      if (storage) storage.setItem(LANG_STORAGE_KEY, picker.value);
    } catch {
      // not remembered, but still switched for this page
    }
    i18n.setLang(picker.value);
  });
  const lang = initialLang(i18n, storedLang(), undefined, navigator.languages);
  if (!(await i18n.use(lang))) await i18n.use(DEFAULT_LANG);
  document.documentElement.lang = i18n.lang();
  picker.value = i18n.lang();
  translateTree(document);
}

let toastTimer = 0;

/** @param {string} text */
function toast(text) {
  toastEl.textContent = text;
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  // Long enough to read twice; the same text is in the live region for
  // screen readers, who get it at once.
  toastTimer = setTimeout(() => {
    toastEl.hidden = true;
    toastEl.textContent = '';
  }, 8000);
}

/** @param {string} text */
function announce(text) {
  // Clearing first makes a repeated identical message be read again.
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

/** @type {{key: string, params?: Record<string, string>}} */
let title = { key: 'title.start' };

function updateTitle() {
  document.title = t(title.key, title.params);
}

/** @type {(() => void)|null} */
let dispose = null;

/** The path of the page shown. */
let shownPath = '';

/** @param {boolean} moveFocus move focus to the new page's heading */
function show(moveFocus) {
  shownPath = location.pathname;
  if (dispose) dispose();
  dispose = null;
  clear(main);
  document.body.classList.remove('is-board');
  setSkipTarget('main', 'app.skip');
  const r = route(location.pathname);
  /** @type {Context} */
  const ctx = { api, storage, navigate, toast, announce, setSkipTarget, setTitle, langChosen: () => !!storedLang() };
  const done = () => focusPage(moveFocus);
  // The join page and the statement come with the first load; the board
  // and the organiser's pages are loaded when they are needed, so that a
  // citizen on a slow phone gets the join page sooner.
  switch (r.view) {
    case 'start': dispose = lazy(() => import('./page-start.js'), (mod) => mod.mountStart(main, ctx), done); return;
    case 'board': dispose = lazy(() => import('./page-board.js'), (mod) => mod.mountBoard(main, ctx, r.id), done); return;
    case 'join': dispose = mountJoin(main, ctx, r.code); break;
    case 'statement': dispose = mountStatement(main, ctx); break;
    default: dispose = lazy(() => import('./page-start.js'), (mod) => mod.mountNotFound(main, ctx), done); return;
  }
  done();
}

/**
 * After a page change by a link, start reading at the new page, as a full
 * page load would (unless the page put focus in a field itself).
 * @param {boolean} moveFocus
 */
function focusPage(moveFocus) {
  if (moveFocus && !main.contains(document.activeElement)) {
    const h = main.querySelector('h1');
    if (h) {
      h.setAttribute('tabindex', '-1');
      /** @type {HTMLElement} */ (h).focus();
    }
  }
}

/**
 * Mounts a page whose module is loaded on demand, unless the person has
 * moved on before it arrived; returns the page's dispose function.
 * @template M
 * @param {() => Promise<M>} load
 * @param {(mod: M) => () => void} mount
 * @param {() => void} after
 * @returns {() => void}
 */
function lazy(load, mount, after) {
  let gone = false;
  /** @type {(() => void)|null} */
  let inner = null;
  main.setAttribute('aria-busy', 'true');
  load().then((mod) => {
    if (gone) return;
    main.removeAttribute('aria-busy');
    inner = mount(mod);
    after();
  }, () => {
    if (gone) return;
    main.removeAttribute('aria-busy');
    main.append(el('div', { class: 'page page--narrow stack' }, el('h1', { i18n: 'app.loadFailed' }), el('p', { i18n: 'app.loadFailedHint' })));
  });
  return () => {
    gone = true;
    main.removeAttribute('aria-busy');
    if (inner) inner();
  };
}

/**
 * Goes to another page of the app without reloading.
 * @param {string} path
 * @param {{replace?: boolean}} [opts]
 */
function navigate(path, opts = {}) {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  show(true);
}

/**
 * @param {string} targetId
 * @param {string} labelKey
 */
function setSkipTarget(targetId, labelKey) {
  skip.href = `#${targetId}`;
  skip.dataset.i18n = labelKey;
  skip.textContent = t(labelKey);
}

/**
 * @param {string} key
 * @param {Record<string, string>} [params]
 */
function setTitle(key, params) {
  title = { key, params };
  updateTitle();
}

const api = createApi();
await setUpLanguage();
// Links inside the app change page without a reload; the rest are normal.
document.addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a[data-nav]') : null;
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  navigate(/** @type {HTMLAnchorElement} */ (a).pathname + /** @type {HTMLAnchorElement} */ (a).hash);
});
// Back and forward change page; a jump within the page (the skip link's
// #board, say) is not a page change.
window.addEventListener('popstate', () => {
  if (location.pathname !== shownPath) show(true);
});
show(false);
