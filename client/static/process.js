// The organiser's exports without the DOM: a municipality's process as an
// ordered selection of workshops (tick, untick, move up and down), the
// download addresses of GET /api/export/{format}?workshops=... and
// GET /api/workshops/{id}/export/{format}, and what a failed restore from
// an archive (POST /api/workshops/import) means to the organiser.

/** The formats of one draft from several workshops, in the order offered. */
export const PROCESS_FORMATS = /** @type {const} */ (['docx', 'md', 'html']);

/** Every format the server makes of several workshops (not json: an archive holds one). */
const PROCESS_ALL = ['docx', 'md', 'html', 'csv', 'votes'];

/** The formats of one workshop's links in the list: its archive and its draft. */
export const WORKSHOP_LINK_FORMATS = /** @type {const} */ (['json', 'docx']);

/** The most workshops one draft may hold (the server's limit). */
export const MAX_PROCESS = 20;

/** The largest archive the server takes (64 MiB). */
export const MAX_ARCHIVE_BYTES = 64 << 20;

/**
 * The selection with id ticked (added last) or unticked (removed). Ticking
 * an id already there, or one more than MAX_PROCESS, changes nothing.
 * @param {readonly string[]} order
 * @param {string} id
 * @param {boolean} on
 * @returns {string[]}
 */
export function toggleSelected(order, id, on) {
  const without = order.filter((x) => x !== id);
  if (!on) return without;
  if (order.includes(id) || order.length >= MAX_PROCESS) return [...order];
  return [...order, id];
}

/**
 * Moves id by delta places (-1 up, +1 down), stopping at either end.
 * @param {readonly string[]} order
 * @param {string} id
 * @param {number} delta
 * @returns {{order: string[], index: number, moved: boolean}} the new order,
 *   id's place in it (0-based, -1 if it is not selected), and whether it moved
 */
export function moveSelected(order, id, delta) {
  const from = order.indexOf(id);
  if (from < 0) return { order: [...order], index: -1, moved: false };
  const to = Math.max(0, Math.min(order.length - 1, from + Math.trunc(delta)));
  const next = [...order];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return { order: next, index: to, moved: to !== from };
}

/**
 * The selection without the workshops that are no longer listed, in the
 * same order.
 * @param {readonly string[]} order
 * @param {Iterable<string>} listed
 * @returns {string[]}
 */
export function keepListed(order, listed) {
  const ids = new Set(listed);
  return order.filter((id) => ids.has(id));
}

/**
 * The address of one draft built from the workshops in the given order:
 * /api/export/{format}?workshops=id1,id2. Empty when there is nothing to
 * ask for (no workshops, too many, or a format a process has not).
 * With a municipality, the draft is that municipality's: on a shared
 * board only its own area (&municipality=...).
 * @param {string} format
 * @param {readonly string[]} ids
 * @param {string} [municipality]
 * @returns {string}
 */
export function processExportUrl(format, ids, municipality = '') {
  const list = ids.filter((id) => typeof id === 'string' && id !== '');
  if (!PROCESS_ALL.includes(format)) return '';
  if (list.length === 0 || list.length > MAX_PROCESS) return '';
  const m = municipality.trim() ? `&municipality=${encodeURIComponent(municipality.trim())}` : '';
  return `/api/export/${format}?workshops=${list.map(encodeURIComponent).join(',')}${m}`;
}

/**
 * The order of a process after moving one workshop up (-1) or down (+1);
 * the same order when it cannot move.
 * @param {readonly string[]} ids
 * @param {string} id
 * @param {number} delta
 * @returns {string[]}
 */
export function moveInProcess(ids, id, delta) {
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return [...ids];
  const out = [...ids];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/**
 * The address of one workshop's export: /api/workshops/{id}/export/{format}.
 * @param {string} id
 * @param {string} format
 * @returns {string}
 */
export function workshopExportUrl(id, format) {
  return `/api/workshops/${encodeURIComponent(id)}/export/${encodeURIComponent(format)}`;
}

/**
 * The file name a download would get, for the download attribute (the
 * server's Content-Disposition has the last word).
 * @param {string} format
 * @returns {string}
 */
export function downloadName(format) {
  return `konkurranseprogram.${format}`;
}

/**
 * Checks a chosen archive file before it is read and sent.
 * @param {{name: string, size: number} | null | undefined} file
 * @returns {string|null} a translation key, or null if it may be sent
 */
export function checkArchiveFile(file) {
  if (!file) return 'restore.missing';
  if (file.size === 0) return 'restore.invalid';
  if (file.size > MAX_ARCHIVE_BYTES) return 'restore.tooLarge';
  return null;
}

/**
 * What a refused restore means, as a translation key: the workshop is
 * there already (409), the file is no archive (400), or it is too big
 * (413); anything else is the general text of the error code.
 * @param {string} code the protocol error code (ApiError.code)
 * @param {number} [status] the HTTP status
 * @returns {string}
 */
export function restoreErrorKey(code, status = 0) {
  if (code === 'conflict' || status === 409) return 'restore.exists';
  if (code === 'too_large' || status === 413) return 'restore.tooLarge';
  if (code === 'invalid' || code === 'bad_json' || status === 400) return 'restore.invalid';
  if (code === 'unauthorized') return 'error.unauthorized';
  if (code === 'network') return 'error.network';
  return 'restore.failed';
}
