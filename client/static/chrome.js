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

/** The phone's layout (statusline.js's line and sheet show there). */
export const NARROW = '(max-width: 40rem), (max-height: 30rem)';

/**
 * Moves nodes while a media query matches and puts them back, each where
 * a placeholder left at its home says, when it stops matching or when the
 * returned function is called.
 * @param {MediaQueryList} media
 * @param {() => Array<[Element|null, Element]>} moves what goes where, asked each time it matches
 * @param {() => void} [after] after moving in (e.g. to show a container)
 * @param {() => void} [before] before moving back (e.g. to take it away)
 * @returns {() => void}
 */
function moveWhile(media, moves, after = () => {}, before = () => {}) {
  /** @type {Array<[Element, Comment]>} */
  const moved = [];
  const back = () => {
    before();
    for (const [node, anchor] of moved.splice(0)) anchor.replaceWith(node);
  };
  const apply = () => {
    back();
    if (!media.matches) return;
    for (const [node, into] of moves()) {
      if (!node || !node.parentNode) continue;
      const anchor = document.createComment('moved');
      node.before(anchor);
      into.append(node);
      moved.push([node, anchor]);
    }
    after();
  };
  apply();
  media.addEventListener('change', apply);
  return () => {
    media.removeEventListener('change', apply);
    back();
  };
}

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
  return moveWhile(media,
    () => [...floating.map((g) => /** @type {[Element, Element]} */ ([g, dock])), [lang, head]],
    () => main.append(dock),
    () => dock.remove());
}

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
  if (!line) return () => {};
  return moveWhile(media, () => [[hand, line]]);
}

/**
 * A button in the header row that folds the facilitator's side panel (the
 * run of show and the settings) away to give the canvas the window's width,
 * and brings it back, as Miro's panel buttons do. It shows only where the
 * panel does (a facilitator's laptop); the caller keeps the choice.
 * @param {HTMLElement} host the side panel (fac-host)
 * @param {HTMLElement} head where the button goes (before the language picker)
 * @param {boolean} folded how it starts
 * @param {(folded: boolean) => void} onToggle after each press
 * @returns {HTMLElement} the button
 */
export function sidePanelToggle(host, head, folded, onToggle) {
  const label = el('span');
  const button = el('button', { type: 'button', id: 'side-toggle', class: 'button button--small side-toggle', 'aria-controls': host.id }, label);
  const set = (/** @type {boolean} */ fold) => {
    host.classList.toggle('fac-host--folded', fold);
    button.setAttribute('aria-expanded', String(!fold));
    setText(label, fold ? 'chrome.side.show' : 'chrome.side.hide');
  };
  set(folded);
  button.addEventListener('click', () => {
    const fold = !host.classList.contains('fac-host--folded');
    set(fold);
    onToggle(fold);
  });
  const lang = head.querySelector('.lang');
  if (lang) lang.before(button);
  else head.append(button);
  return button;
}

/**
 * Marks a row that holds more than it shows (the attribute data-overflow),
 * so that its end fades only then, not over names that fit; checked when
 * the row changes size or content. Returns a function that stops it.
 * @param {HTMLElement} row
 * @returns {() => void}
 */
export function markOverflow(row) {
  const check = () => row.toggleAttribute('data-overflow', row.scrollWidth > row.clientWidth + 1);
  const resized = new ResizeObserver(check);
  resized.observe(row);
  const changed = new MutationObserver(check);
  changed.observe(row, { childList: true, subtree: true, characterData: true });
  check();
  return () => {
    resized.disconnect();
    changed.disconnect();
  };
}
