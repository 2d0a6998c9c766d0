// Copy, paste and duplicate (Ctrl+C, Ctrl+V, Ctrl+D). Copied notes go to
// the system clipboard as plain text (one note a line) and are kept here
// with their colours and layout; pasting that same text brings them back
// as copies where the pointer or focus is. Any other plain text pasted
// becomes notes, one per line. All the new notes are one op (a batch): one
// undo step.

import { isTypingTarget } from './dom.js';
import { LIMITS, MAX_BATCH, charCount, newId, noteCreate } from './protocol.js';
import { frameAt, notesInOrder } from './state.js';
import { placeNote } from './placement.js';
import { asBatches } from './selection.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {{text: string, color: import('./protocol.js').Color, x: number, y: number, w: number, h: number}} Copied */

/**
 * The lines of pasted text that become notes: trimmed, no empty ones, each
 * cut to the note limit, at most MAX_BATCH.
 * @param {string} text
 * @returns {string[]}
 */
export function linesToNotes(text) {
  return text.split(/\r\n|\r|\n/).map((l) => l.replace(/^\s*(?:[-*•]\s+)?/, '').trim()).filter((l) => l !== '')
    .map((l) => (charCount(l) > LIMITS.textLen ? Array.from(l).slice(0, LIMITS.textLen).join('') : l))
    .slice(0, MAX_BATCH);
}

/**
 * note.create ops for copies of notes, keeping their layout, with the
 * group's top left corner at (x, y).
 * @param {Copied[]} notes
 * @param {number} x
 * @param {number} y
 * @returns {{ops: Op[], ids: string[]}}
 */
export function copiesAt(notes, x, y) {
  const x0 = Math.min(...notes.map((n) => n.x)), y0 = Math.min(...notes.map((n) => n.y));
  const ids = [];
  const ops = notes.slice(0, MAX_BATCH).map((n) => {
    const id = newId();
    ids.push(id);
    return noteCreate({ note: id, text: n.text, color: n.color, x: x + n.x - x0, y: y + n.y - y0, w: n.w, h: n.h });
  });
  return { ops, ids };
}

/**
 * note.create ops for lines of text, each placed in the next free spot
 * around the board point (cx, cy) (in the frame there, if any).
 * @param {Board} board
 * @param {string[]} lines
 * @param {number} cx
 * @param {number} cy
 * @returns {{ops: Op[], ids: string[]}}
 */
export function notesFromLines(board, lines, cx, cy) {
  const w = LIMITS.defaultW, h = LIMITS.defaultH;
  const others = notesInOrder(board).map((n) => ({ x: n.x, y: n.y, w: n.w, h: n.h }));
  const fid = frameAt(board, { x: cx - w / 2, y: cy - h / 2, w, h });
  const frame = fid ? board.frames[fid] : null;
  const ids = [];
  const ops = lines.map((text) => {
    const p = placeNote({ cx, cy, frame, others, w, h });
    others.push({ ...p, w, h });
    const id = newId();
    ids.push(id);
    return noteCreate({ note: id, text, color: 'yellow', x: p.x, y: p.y });
  });
  return { ops, ids };
}

/**
 * @typedef {object} ClipboardOptions
 * @property {() => Board} getBoard
 * @property {() => string[]} selection
 * @property {() => {x: number, y: number}} target the board point to paste at (pointer or focus)
 * @property {(op: Op) => boolean} submit
 * @property {(ids: string[]) => void} select selects the new notes
 * @property {() => boolean} active the board (not the list) is showing and the person may write
 * @property {(text: string) => void} announce
 * @property {(key: string, params?: Record<string, string|number>) => string} t
 */

/**
 * Listens for copy, paste and Ctrl+D on doc.
 * @param {Document} doc
 * @param {ClipboardOptions} o
 */
export function createClipboard(doc, o) {
  /** @type {{text: string, notes: Copied[]}|null} */
  let kept = null;

  /** @param {{ops: Op[], ids: string[]}} made */
  function send(made) {
    if (made.ops.length === 0) return;
    let ok = true;
    for (const op of asBatches(made.ops)) ok = o.submit(op) && ok;
    if (ok) {
      o.select(made.ids);
      o.announce(o.t('clip.pasted', { n: made.ids.length }));
    }
  }

  /** @param {string[]} ids */
  function copied(ids) {
    const b = o.getBoard();
    return ids.map((id) => b.notes[id]).filter((n) => n && !n.deleted)
      .map((n) => ({ text: n.text, color: n.color, x: n.x, y: n.y, w: n.w, h: n.h }));
  }

  /** @param {string[]} ids duplicates these notes beside where they are */
  function duplicate(ids) {
    const notes = copied(ids);
    if (!notes.length) return;
    const x0 = Math.min(...notes.map((n) => n.x)), y0 = Math.min(...notes.map((n) => n.y));
    send(copiesAt(notes, x0 + 24, y0 + 24));
  }

  const onCopy = (/** @type {Event} */ e) => {
    const ev = /** @type {ClipboardEvent} */ (e);
    if (!o.active() || isTypingTarget(ev.target) || hasTextSelection(doc)) return;
    const notes = copied(o.selection());
    if (!notes.length || !ev.clipboardData) return;
    const text = notes.map((n) => n.text.replace(/\s*\n\s*/g, ' ')).join('\n');
    kept = { text, notes };
    ev.clipboardData.setData('text/plain', text);
    ev.preventDefault();
    o.announce(o.t('clip.copied', { n: notes.length }));
  };

  const onPaste = (/** @type {Event} */ e) => {
    const ev = /** @type {ClipboardEvent} */ (e);
    if (!o.active() || isTypingTarget(ev.target) || !ev.clipboardData) return;
    const text = ev.clipboardData.getData('text/plain');
    if (!text) return;
    ev.preventDefault();
    const at = o.target();
    if (kept && kept.text === text) send(copiesAt(kept.notes, at.x - LIMITS.defaultW / 2, at.y - LIMITS.defaultH / 2));
    else send(notesFromLines(o.getBoard(), linesToNotes(text), at.x, at.y));
  };

  const onKey = (/** @type {Event} */ e) => {
    const ev = /** @type {KeyboardEvent} */ (e);
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey || ev.key.toLowerCase() !== 'd') return;
    if (!o.active() || isTypingTarget(ev.target)) return;
    ev.preventDefault(); // not the browser's bookmark
    duplicate(o.selection());
  };

  doc.addEventListener('copy', onCopy);
  doc.addEventListener('paste', onPaste);
  doc.addEventListener('keydown', onKey);
  return {
    duplicate,
    destroy() {
      doc.removeEventListener('copy', onCopy);
      doc.removeEventListener('paste', onPaste);
      doc.removeEventListener('keydown', onKey);
    },
  };
}

/**
 * Reports whether the person has selected text on the page (then Ctrl+C
 * copies that text, as everywhere).
 * @param {Document} doc
 * @returns {boolean}
 */
function hasTextSelection(doc) {
  const s = doc.getSelection ? doc.getSelection() : null;
  return !!s && !s.isCollapsed && s.toString().trim() !== '';
}
