// Nothing typed is lost on the board either: the text being typed in a
// note's editor on the board (board-view.js) is kept per board and note
// while typing (outbox.js saveNoteDraft), forgotten when the editor closes
// (the text is then sent, into the outbox, or given up), and after a
// reload put back into the note's editor, or into the list form's
// editor when the list is showing, with a polite word that it is back.
// A new note written on the board is a note already (created empty), so
// the same holds for it.

import { t } from './i18n.js';
import { loadNoteDraft, saveNoteDraft } from './outbox.js';
import { canChangeContent } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * @typedef {object} NoteDraftOptions
 * @property {Storage|null} storage
 * @property {string} workshopId
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {(text: string) => void} announce
 */

/**
 * @param {NoteDraftOptions} opts
 */
export function createNoteDrafts(opts) {
  let restored = false;
  return {
    /**
     * The board's editor changed: text typed, or closed (null).
     * @param {string} id
     * @param {string|null} text
     */
    onText(id, text) {
      if (text === null) {
        const d = loadNoteDraft(opts.storage, opts.workshopId);
        if (d && d.note === id) saveNoteDraft(opts.storage, opts.workshopId, null);
      } else {
        saveNoteDraft(opts.storage, opts.workshopId, { note: id, text });
      }
    },
    /**
     * Once, after the board has arrived: puts a kept draft back with
     * put(note, text) (the board's editor or the list form). A draft of a
     * note that is gone, no longer this person's to change, or whose text
     * is already what was typed, is forgotten.
     * @param {(id: string, text: string) => boolean} put true if the draft went back
     */
    restore(put) {
      if (restored) return;
      restored = true;
      const d = loadNoteDraft(opts.storage, opts.workshopId);
      if (!d) return;
      const n = opts.getBoard().notes[d.note];
      if (!n || n.deleted || !canChangeContent(n, opts.getMe()) || n.text === d.text || !put(d.note, d.text)) {
        saveNoteDraft(opts.storage, opts.workshopId, null);
        return;
      }
      opts.announce(t('draft.restored'));
    },
  };
}
