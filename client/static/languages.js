// The languages the client speaks, as data: each one's code and its name
// in itself (for the picker, before its table is loaded), how to load its
// table, and how a browser's language tags map onto them. Adding a
// language means a table under messages/ and a line in LANGUAGE_NAMES.
//
// Only the chosen language's table is fetched: a citizen on a slow phone
// downloads one table, not three.

/** Each language's name in itself, in the picker's order. */
export const LANGUAGE_NAMES = Object.freeze({
  nb: 'Norsk bokmål',
  nn: 'Norsk nynorsk',
  en: 'English',
});

/**
 * Loads the table of code (a key of LANGUAGE_NAMES).
 * @param {string} code
 * @returns {Promise<Record<string, string>>}
 */
export async function loadMessages(code) {
  if (!Object.prototype.hasOwnProperty.call(LANGUAGE_NAMES, code)) throw new Error(`no messages for ${code}`);
  const mod = await import(`./messages/${code}.js`);
  return mod.default;
}

/**
 * Tags that name a language other than their first subtag says: "no-NN"
 * is Norwegian written as nynorsk, "no" alone (and "nb") is bokmål.
 * @type {Record<string, string>}
 */
const ALIASES = { 'no-nn': 'nn', no: 'nb', 'no-no': 'nb', 'no-nb': 'nb' };

/**
 * The first of the browser's languages (navigator.languages, best first)
 * that this client has, or '' if none: nn, nn-NO and no-NN read nynorsk;
 * nb, nb-NO and no read bokmål; en, en-GB, en-US... read English.
 * @param {readonly string[]|undefined|null} tags
 * @param {(code: string) => boolean} has whether a language is known
 * @returns {string}
 */
export function browserLang(tags, has) {
  for (const raw of tags || []) {
    if (typeof raw !== 'string') continue;
    const tag = raw.trim().toLowerCase().replace(/_/g, '-');
    if (!tag) continue;
    const parts = tag.split('-');
    const two = parts.slice(0, 2).join('-');
    const candidates = [ALIASES[two], ALIASES[parts[0]], parts[0]];
    for (const c of candidates) if (c && has(c)) return c;
  }
  return '';
}
