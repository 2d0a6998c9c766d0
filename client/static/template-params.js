// Templates on the start page, without the DOM: the ids of the generated
// parameter inputs, the params object a form's values make
// (`POST /api/workshops` and `/api/templates/{key}/preview` take one flat
// object: text parameters as strings, list parameters as arrays of items),
// where each problem the server reports belongs in the form, how a problem
// reads in the person's language, and the preview grouped for a list.

/**
 * @typedef {{nb: string, nn: string, en: string}} Text
 * @typedef {object} Parameter
 * @property {string} key
 * @property {'text'|'list'} type
 * @property {Text} label
 * @property {Text} [help]
 * @property {boolean} [required]
 * @property {number} [max_len]
 * @property {number} [min]
 * @property {number} [max]
 * @property {string[]} [fields] item fields besides name: theme, age, situation, quote
 * @typedef {object} Template
 * @property {string} key
 * @property {Text} name
 * @property {Text} description
 * @property {number} durationMin
 * @property {number} [processStep]
 * @property {boolean} [custom] saved from a board or imported (it may be deleted)
 * @property {Parameter[]} parameters
 * @typedef {{name: string, theme: string, age: string, situation: string, quote: string}} Row
 *   one item as typed: every field a string
 * @typedef {{text: Record<string, string>, lists: Record<string, Row[]>}} Values
 *   what the form holds, by parameter key; a key means the same in every
 *   template, so values carry over when the template changes
 * @typedef {{field: string, message: string}} Problem
 * @typedef {{key: string, params?: Record<string, string|number>}} Message a translation key
 */

/** The item fields a list parameter may ask for, in form order. */
export const ITEM_FIELDS = ['theme', 'age', 'situation', 'quote'];

/** Limits on item values, in characters (templates/params.go). */
export const ITEM_LIMITS = { name: 60, theme: 120, situation: 600, quote: 200, age: 120 };

/** Text parameters longer than this are paragraphs (a textarea). */
export const MULTILINE_OVER = 120;

/**
 * The text in lang, falling back to bokmål.
 * @param {Partial<Text>|undefined|null} text
 * @param {string} lang
 * @returns {string}
 */
export function localized(text, lang) {
  if (!text || typeof text !== 'object') return '';
  return /** @type {Record<string, string>} */ (text)[lang] || text.nb || '';
}

/**
 * The id of a parameter's input (a text parameter) or fieldset (a list).
 * @param {string} key
 * @returns {string}
 */
export function paramInputId(key) {
  return `param-${key}`;
}

/**
 * The id of one field of a list item, by the item's row in the form.
 * @param {string} key
 * @param {number} row
 * @param {string} field name, theme, age, situation or quote
 * @returns {string}
 */
export function itemInputId(key, row, field) {
  return `param-${key}-${row}-${field}`;
}

/**
 * An empty item.
 * @returns {Row}
 */
export function emptyRow() {
  return { name: '', theme: '', age: '', situation: '', quote: '' };
}

/**
 * Whether nothing was typed in the row's fields that the list uses.
 * @param {Row} row
 * @param {Parameter} p
 * @returns {boolean}
 */
export function isBlankRow(row, p) {
  return ['name', ...(p.fields || [])].every((f) => !String(row[/** @type {keyof Row} */ (f)] ?? '').trim());
}

/**
 * How many rows a list starts with: its minimum, and at least one (an empty
 * row costs nothing: blank rows are left out), but never above its maximum.
 * @param {Parameter} p
 * @returns {number}
 */
export function initialRows(p) {
  const min = p.min || 0;
  const max = p.max || Infinity;
  return Math.min(Math.max(min, 1), max);
}

/**
 * values with every list of the template holding at least its starting
 * rows and every text parameter a string. Returns a new object.
 * @param {Template} tpl
 * @param {Values} values
 * @returns {Values}
 */
export function ensureValues(tpl, values) {
  const out = { text: { ...values.text }, lists: { ...values.lists } };
  for (const p of tpl.parameters || []) {
    if (p.type === 'list') {
      const rows = (out.lists[p.key] || []).map((r) => ({ ...emptyRow(), ...r }));
      while (rows.length < initialRows(p)) rows.push(emptyRow());
      out.lists[p.key] = rows;
    } else if (typeof out.text[p.key] !== 'string') {
      out.text[p.key] = '';
    }
  }
  return out;
}

/** Whether a list may get another row. */
export const canAdd = (/** @type {Parameter} */ p, /** @type {number} */ rows) => !p.max || rows < p.max;
/** Whether a list may lose a row. */
export const canRemove = (/** @type {Parameter} */ p, /** @type {number} */ rows) => rows > (p.min || 0);

/**
 * Builds the params to post from the form's values. Text parameters are
 * sent as typed (the server trims them); list rows left blank are left out,
 * and `rows` says which form row each sent item came from, so the server's
 * `themes[2]` can be found in the form. An age that is not a whole number
 * cannot be sent; it is a problem here, before asking the server.
 * @param {Template} tpl
 * @param {Values} values
 * @returns {{params: Record<string, string|object[]>, rows: Record<string, number[]>, problems: Problem[]}}
 */
export function buildParams(tpl, values) {
  /** @type {Record<string, string|object[]>} */
  const params = {};
  /** @type {Record<string, number[]>} */
  const rows = {};
  /** @type {Problem[]} */
  const problems = [];
  for (const p of tpl.parameters || []) {
    if (p.type === 'text') {
      params[p.key] = String((values.text || {})[p.key] ?? '');
      continue;
    }
    if (p.type !== 'list') continue;
    const items = [];
    rows[p.key] = [];
    const typed = (values.lists || {})[p.key] || [];
    typed.forEach((row, r) => {
      if (isBlankRow(row, p)) return;
      const i = items.length;
      /** @type {Record<string, string|number>} */
      const item = { name: String(row.name ?? '') };
      for (const f of p.fields || []) {
        if (!ITEM_FIELDS.includes(f)) continue;
        const v = String(row[/** @type {keyof Row} */ (f)] ?? '');
        if (f === 'age') {
          const age = parseAge(v);
          if (age === null) problems.push({ field: `${p.key}[${i}].age`, message: 'not a whole number' });
          else if (age !== 0) item.age = age;
        } else {
          item[f] = v;
        }
      }
      items.push(item);
      rows[p.key].push(r);
    });
    params[p.key] = items;
  }
  return { params, rows, problems };
}

/**
 * An age as typed: 0 for nothing, the number for a whole number, null
 * for anything else.
 * @param {string} s
 * @returns {number|null}
 */
export function parseAge(s) {
  const v = s.trim();
  if (!v) return 0;
  if (!/^\d{1,3}$/.test(v)) return null;
  return Number(v);
}

/**
 * Where a problem belongs in the form. `field` is the server's path:
 * `municipality`, `themes`, `themes[2]`, `themes[2].theme`. Item indices
 * are of the items sent; rows maps them back to form rows (see
 * buildParams). A problem with an item's key goes to its name, which the
 * key is made from. Returns null for a field the form has no place for.
 * @param {string} field
 * @param {Template} tpl
 * @param {Record<string, number[]>} [rows]
 * @returns {{inputId: string, param: Parameter, list: boolean}|null}
 */
export function problemTarget(field, tpl, rows = {}) {
  const m = /^([A-Za-z0-9_-]+)(?:\[(\d+)\](?:\.([a-z_]+))?)?$/.exec(String(field || ''));
  if (!m) return null;
  const p = (tpl.parameters || []).find((q) => q.key === m[1]);
  if (!p) return null;
  if (m[2] === undefined) return { inputId: paramInputId(p.key), param: p, list: p.type === 'list' };
  if (p.type !== 'list') return null;
  const sent = Number(m[2]);
  const map = rows[p.key];
  const row = map ? map[sent] : sent;
  if (row === undefined) return null;
  let f = m[3] || 'name';
  if (f === 'key') f = 'name';
  if (f !== 'name' && !(p.fields || []).includes(f)) return null;
  return { inputId: itemInputId(p.key, row, f), param: p, list: false };
}

/**
 * What a problem says, as a translation key. The server's messages are
 * English, for logs and template authors; the form says the same in the
 * person's language, from the kind of problem and the parameter's rules.
 * @param {Problem} problem
 * @param {Parameter|null} [param]
 * @returns {Message}
 */
export function problemMessage(problem, param) {
  const msg = String((problem && problem.message) || '');
  let m = /^needs .* items, got (\d+)/.exec(msg);
  if (m && param) {
    const rule = countRule(param);
    return { key: COUNT_PROBLEMS[rule.key], params: { ...rule.params, got: Number(m[1]) } };
  }
  if (/^empty/.test(msg)) return { key: 'tpl.problem.empty' };
  m = /^longer than (\d+) characters/.exec(msg);
  if (m) return { key: 'tpl.problem.tooLong', params: { max: Number(m[1]) } };
  if (/control characters/.test(msg)) return { key: 'tpl.problem.oneLine' };
  if (/is also the key of/.test(msg)) return { key: 'tpl.problem.duplicate' };
  if (/^not a whole number/.test(msg)) return { key: 'tpl.problem.ageNumber' };
  m = /^must be between 1 and (\d+)/.exec(msg);
  if (m) return { key: 'tpl.problem.age', params: { max: Number(m[1]) } };
  return { key: 'tpl.problem.other' };
}

/** The problem for each count rule: the rule, and how many there are. */
const COUNT_PROBLEMS = {
  'tpl.count.exactly': 'tpl.problem.count.exactly',
  'tpl.count.atMost': 'tpl.problem.count.atMost',
  'tpl.count.range': 'tpl.problem.count.range',
};

/**
 * How many items a list takes, in words.
 * @param {Parameter} p
 * @returns {Message}
 */
export function countRule(p) {
  const min = p.min || 0;
  const max = p.max || 0;
  if (min === max) return { key: 'tpl.count.exactly', params: { n: min } };
  if (min === 0) return { key: 'tpl.count.atMost', params: { max } };
  return { key: 'tpl.count.range', params: { min, max } };
}

/**
 * A duration in words.
 * @param {number} minutes
 * @returns {Message|null} null for no set length
 */
export function durationText(minutes) {
  const n = Math.round(Number(minutes) || 0);
  if (n <= 0) return null;
  const h = Math.floor(n / 60);
  const m = n % 60;
  if (h === 0) return { key: 'tpl.duration.m', params: { m } };
  if (m === 0) return { key: 'tpl.duration.h', params: { h } };
  return { key: 'tpl.duration.hm', params: { h, m } };
}

/**
 * A preview's frames as a list grouped by group: frames for everyone first
 * (name null), then each group in the server's order with its frames.
 * Frames keep their order within a group; empty groups are left out.
 * @param {{frames?: {id: string, title: string, group?: string}[], groups?: {id: string, name: string}[]}} preview
 * @returns {{id: string|null, name: string|null, frames: {id: string, title: string}[]}[]}
 */
export function groupPreview(preview) {
  const frames = (preview && Array.isArray(preview.frames)) ? preview.frames : [];
  const groups = (preview && Array.isArray(preview.groups)) ? preview.groups : [];
  /** @type {Map<string|null, {id: string|null, name: string|null, frames: {id: string, title: string}[]}>} */
  const out = new Map([[null, { id: null, name: null, frames: [] }]]);
  for (const g of groups) out.set(g.id, { id: g.id, name: g.name, frames: [] });
  for (const f of frames) {
    const gid = f.group || null;
    if (!out.has(gid)) out.set(gid, { id: gid, name: gid, frames: [] });
    /** @type {any} */ (out.get(gid)).frames.push({ id: f.id, title: f.title });
  }
  return [...out.values()].filter((g) => g.frames.length > 0);
}

/**
 * Checks a template list from the server and keeps the well-formed ones,
 * so that a newer server's surprises do not break the form.
 * @param {unknown} answer
 * @returns {Template[]}
 */
export function parseTemplates(answer) {
  const list = answer && typeof answer === 'object' && Array.isArray(/** @type {any} */ (answer).templates) ? /** @type {any} */ (answer).templates : [];
  const isText = (/** @type {any} */ t) => t && typeof t === 'object' && typeof t.nb === 'string';
  /** @type {Template[]} */
  const out = [];
  for (const t of list) {
    if (!t || typeof t.key !== 'string' || !/^[a-z0-9-]+$/.test(t.key) || !isText(t.name)) continue;
    const params = (Array.isArray(t.parameters) ? t.parameters : []).filter((/** @type {any} */ p) =>
      p && typeof p.key === 'string' && /^[A-Za-z0-9_-]+$/.test(p.key) && (p.type === 'text' || p.type === 'list') && isText(p.label));
    if (params.length !== (Array.isArray(t.parameters) ? t.parameters.length : 0)) continue; // one we cannot fill in
    out.push({
      key: t.key, name: t.name, description: isText(t.description) ? t.description : { nb: '', nn: '', en: '' },
      durationMin: Number(t.durationMin) || 0, processStep: Number(t.processStep) || 0, custom: t.custom === true,
      parameters: params.map((/** @type {any} */ p) => ({
        ...p, fields: Array.isArray(p.fields) ? p.fields.filter((/** @type {string} */ f) => ITEM_FIELDS.includes(f)) : [],
      })),
    });
  }
  return out;
}

/**
 * The form's values for params the server proposes (a process's prefill:
 * one flat object, text parameters as strings, lists as arrays of items),
 * for the template's parameters only. What the proposal leaves out keeps
 * what was typed in before. Returns a new object.
 * @param {Template} tpl
 * @param {Record<string, unknown>|null|undefined} params
 * @param {Values} [before]
 * @returns {Values}
 */
export function valuesFromParams(tpl, params, before = { text: {}, lists: {} }) {
  /** @type {Values} */
  const out = { text: { ...before.text }, lists: { ...before.lists } };
  const given = params && typeof params === 'object' ? params : {};
  for (const p of tpl.parameters || []) {
    const v = /** @type {any} */ (given)[p.key];
    if (p.type === 'text' && typeof v === 'string') {
      out.text[p.key] = v;
    } else if (p.type === 'list' && Array.isArray(v)) {
      const rows = v.filter((it) => it && typeof it === 'object').map((it) => ({
        ...emptyRow(),
        name: typeof it.name === 'string' ? it.name : '',
        theme: typeof it.theme === 'string' ? it.theme : '',
        age: Number.isInteger(it.age) && it.age > 0 ? String(it.age) : '',
        situation: typeof it.situation === 'string' ? it.situation : '',
        quote: typeof it.quote === 'string' ? it.quote : '',
      }));
      out.lists[p.key] = p.max ? rows.slice(0, p.max) : rows;
    }
  }
  return ensureValues(tpl, out);
}
