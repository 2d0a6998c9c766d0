// The board's chrome on a laptop, laid out the way a Miro or FigJam user
// expects: one slim header row (title, join code, connection, presence and
// the language), one row of tools, and the view controls (undo, redo, zoom,
// fit) floating on the canvas's lower left corner instead of taking a row
// of their own. On a phone (or a window too small for that) everything
// stays where page-board.js put it: the phone layout has its own status
// line and sheet (statusline.js).
//
// Only where elements live changes, never what they are: every control
// keeps its ID, label and handlers, so the keyboard path and the screen
// reader's names are the same in both layouts.

import { el, setText } from './dom.js';

/** The laptop layout's media query; phones and short windows have their own. */
export const WIDE = '(min-width: 40.0625rem) and (min-height: 30.0625rem)';

/**
 * A node and where it came from, to put it back.
 * @typedef {object} Moved
 * @property {Element} node
 * @property {Comment} anchor a placeholder at its home
 */

/**
 * Docks the chrome for a wide window and keeps it right as the window
 * changes size. Returns a function that puts everything back.
 * @param {object} o
 * @param {HTMLElement} o.head the board's header row
 * @param {HTMLElement} o.main the canvas's host (position: relative)
 * @param {Element[]} o.floating the groups that float on the canvas, in order
 * @param {Element|null} o.lang the site header's language picker
 * @param {MediaQueryList} [o.media] for tests; matchMedia(WIDE) by default
 * @returns {() => void}
 */
export function dockChrome({ head, main, floating, lang, media = window.matchMedia(WIDE) }) {
  const dock = el('div', { class: 'canvas-dock', role: 'group', i18nAttrs: { 'aria-label': 'chrome.dock' } });
  /** @type {Moved[]} */
  const moved = [];
  const take = (/** @type {Element} */ node, /** @type {Element} */ into) => {
    const anchor = document.createComment('docked');
    node.before(anchor);
    into.append(node);
    moved.push({ node, anchor });
  };
  const restore = () => {
    for (const { node, anchor } of moved.splice(0)) {
      anchor.replaceWith(node);
    }
    dock.remove();
  };
  const apply = () => {
    restore();
    if (!media.matches) return;
    for (const g of floating) {
      if (g.parentNode) take(g, dock);
    }
    main.append(dock);
    if (lang && lang.parentNode) take(lang, head);
  };
  apply();
  media.addEventListener('change', apply);
  return () => {
    media.removeEventListener('change', apply);
    restore();
  };
}

/** Where the side panel's state is kept (one choice for every board). */
const SIDE_KEY = 'samskap.sidePanel';

/**
 * A button in the header row that folds the facilitator's side panel (the
 * run of show and the settings) away to give the canvas the window's width,
 * and brings it back, as Miro's panel buttons do. The choice is kept across
 * reloads. It shows only where the panel does (a facilitator's laptop).
 * @param {HTMLElement} host the side panel (fac-host)
 * @param {HTMLElement} head where the button goes
 * @param {Storage|null} storage
 * @returns {HTMLElement} the button
 */
export function sidePanelToggle(host, head, storage) {
  const button = el('button', { type: 'button', id: 'side-toggle', class: 'button button--small side-toggle', 'aria-expanded': 'true', 'aria-controls': host.id });
  const label = el('span');
  button.append(label);
  const set = (/** @type {boolean} */ open, /** @type {boolean} */ save) => {
    host.classList.toggle('fac-host--folded', !open);
    button.setAttribute('aria-expanded', String(open));
    setText(label, open ? 'chrome.side.hide' : 'chrome.side.show');
    if (save) {
      try {
        if (storage) storage.setItem(SIDE_KEY, open ? 'open' : 'folded');
      } catch {
        // private mode: the choice lasts as long as the page
      }
    }
  };
  let folded = false;
  try {
    folded = !!storage && storage.getItem(SIDE_KEY) === 'folded';
  } catch {
    folded = false;
  }
  set(!folded, false);
  button.addEventListener('click', () => {
    set(host.classList.contains('fac-host--folded'), true);
  });
  const lang = head.querySelector('.lang');
  if (lang) lang.before(button);
  else head.append(button);
  return button;
}

/** The phone's layout (statusline.js's line and sheet show there). */
export const NARROW = '(max-width: 40rem), (max-height: 30rem)';

/**
 * On a phone the raise-hand button goes into the status line, beside the
 * button that opens the sheet, so the board's tools take a row less and
 * the notes get that height. Returns a function that puts it back.
 * @param {object} o
 * @param {Element|null} o.hand the raise-hand button (room.js)
 * @param {Element|null} o.line the status line (statusline.js)
 * @param {MediaQueryList} [o.media] for tests; matchMedia(NARROW) by default
 * @returns {() => void}
 */
export function dockHand({ hand, line, media = window.matchMedia(NARROW) }) {
  if (!hand || !line) return () => {};
  const anchor = document.createComment('hand');
  hand.before(anchor);
  const apply = () => {
    if (media.matches) line.append(hand);
    else anchor.after(hand);
  };
  apply();
  media.addEventListener('change', apply);
  return () => {
    media.removeEventListener('change', apply);
    anchor.replaceWith(hand);
  };
}
