// When and where a workshop is planned (workshops.Schedule): how the join
// page and the organiser's list write it, and what the organiser's form
// sends. Pure functions; the pages build the elements.

/** @typedef {import('./protocol.js').Schedule} Schedule */

/**
 * The planned day and times as one line in the language's own format,
 * e.g. "onsdag 18. mars 2026, 18:00–20:30"; '' when there is no date.
 * @param {Schedule|undefined} s
 * @param {string} lang a BCP 47 tag (nb, nn, en)
 * @returns {string}
 */
export function formatWhen(s, lang) {
  if (!s || !s.date || !/^\d{4}-\d{2}-\d{2}$/.test(s.date)) return '';
  const [y, m, d] = s.date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  let text;
  try {
    text = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' }).format(day);
  } catch {
    text = s.date;
  }
  if (s.start) text += `, ${s.start}${s.end ? `–${s.end}` : ''}`;
  return text;
}

/**
 * The place as a link when it is a meeting link (https with a host), so
 * the page can open it; null for a room or an address.
 * @param {Schedule|undefined} s
 * @returns {string|null}
 */
export function placeLink(s) {
  if (!s || !s.place || /\s/.test(s.place)) return null;
  try {
    const u = new URL(s.place);
    return u.protocol === 'https:' && u.host ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The schedule a form's fields make, trimmed, empty fields left out.
 * @param {{date: string, start: string, end: string, place: string}} f
 * @returns {Schedule}
 */
export function scheduleFrom(f) {
  /** @type {Schedule} */
  const s = {};
  for (const k of /** @type {const} */ (['date', 'start', 'end', 'place'])) {
    const v = (f[k] || '').trim();
    if (v) s[k] = v;
  }
  return s;
}

/** The categories a person may say they take part as, in the join form's order. */
export const CATEGORIES = /** @type {const} */ (['citizen', 'staff', 'supplier', 'other']);
