// The board's editing shortcuts that work wherever focus is on the board
// page (not while typing in a field, where the browser's own undo belongs):
// Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac).

import { isTypingTarget } from './dom.js';

/**
 * @param {KeyboardEvent} ev
 * @returns {'undo'|'redo'|null}
 */
export function undoKey(ev) {
  if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.isComposing) return null;
  const k = ev.key.toLowerCase();
  if (k === 'z') return ev.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !ev.shiftKey) return 'redo';
  return null;
}

/**
 * Listens for the undo and redo keys on target.
 * @param {Document|HTMLElement} target
 * @param {(which: 'undo'|'redo') => void} run
 * @returns {() => void} stops listening
 */
export function bindUndoKeys(target, run) {
  const onKey = (/** @type {Event} */ e) => {
    const ev = /** @type {KeyboardEvent} */ (e);
    const which = undoKey(ev);
    if (!which || isTypingTarget(ev.target)) return;
    ev.preventDefault();
    run(which);
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
