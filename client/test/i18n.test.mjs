// The translation tables: complete in every language, no empty texts, the
// same placeholders everywhere, every protocol error and close code
// covered, every key the code uses present, and languages as pure data.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LANG, createI18n, errorKey, format, i18n, initialLang } from '../static/i18n.js';
import { LANGUAGE_NAMES, browserLang, loadMessages } from '../static/languages.js';
import { MESSAGES } from '../static/messages.js';
import { COLORS, ERROR_CODES, OP_SPECS, ROLES, WORKSHOP_LANGS } from '../static/protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, '..', 'static');
const protocolDoc = readFileSync(join(here, '..', '..', 'docs', 'PROTOCOL.md'), 'utf8');

const langs = Object.keys(MESSAGES);
const nbKeys = Object.keys(MESSAGES.nb);

/** The rows of the Markdown table under a heading, as arrays of cells. */
function tableUnder(md, heading) {
  const start = md.indexOf(heading);
  assert.ok(start >= 0, `PROTOCOL.md has "${heading}"`);
  const rows = [];
  let inTable = false;
  for (const line of md.slice(start).split('\n').slice(1)) {
    if (line.startsWith('|')) {
      inTable = true;
      rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
    } else if (inTable) {
      break;
    }
  }
  return rows.slice(2); // header and separator
}

/** {name} placeholders of a text, sorted. */
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation tables', () => {
  it('has nb, nn and en, with nb the default', () => {
    for (const l of ['nb', 'nn', 'en']) assert.ok(langs.includes(l), l);
    assert.equal(DEFAULT_LANG, 'nb');
  });

  it('every table has every key, and no other', () => {
    for (const l of langs) {
      const keys = Object.keys(MESSAGES[l]);
      const missing = nbKeys.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !nbKeys.includes(k));
      assert.deepEqual(missing, [], `${l} lacks keys`);
      assert.deepEqual(extra, [], `${l} has keys nb lacks`);
    }
  });

  it('no text is empty', () => {
    for (const l of langs) {
      for (const [k, v] of Object.entries(MESSAGES[l])) {
        assert.equal(typeof v, 'string', `${l} ${k}`);
        assert.ok(v.trim().length > 0, `${l} ${k} is empty`);
      }
    }
  });

  it('every language has the same placeholders in each text', () => {
    for (const k of nbKeys) {
      for (const l of langs) assert.deepEqual(placeholders(MESSAGES[l][k]), placeholders(MESSAGES.nb[k]), `${l} ${k}`);
    }
  });

  it('no text carries markup: all of it goes in as plain text', () => {
    for (const l of langs) for (const [k, v] of Object.entries(MESSAGES[l])) assert.doesNotMatch(v, /<[a-z/]/i, `${l} ${k}`);
  });

  it('has the examples of the brief', () => {
    assert.equal(MESSAGES.nb['board.newNote'], 'Ny lapp');
    assert.equal(MESSAGES.nn['board.newNote'], 'Ny lapp');
    assert.equal(MESSAGES.en['board.newNote'], 'New note');
    assert.equal(MESSAGES.nb['conn.reconnecting'], 'Kobler til igjen …');
    assert.equal(MESSAGES.nn['conn.reconnecting'], 'Koplar til igjen …');
    assert.equal(MESSAGES.en['conn.reconnecting'], 'Reconnecting …');
    assert.equal(MESSAGES.nb['conn.online'], 'Tilkoblet');
    assert.equal(MESSAGES.nb['conn.offline'], 'Frakoblet');
    assert.equal(MESSAGES.nb['color.yellow'], 'Gul');
  });
});

describe('coverage of the protocol', () => {
  it('every error code in PROTOCOL.md has a text', () => {
    const codes = tableUnder(protocolDoc, '## Error codes').map((r) => r[0].replace(/`/g, ''));
    assert.ok(codes.length >= 15);
    assert.deepEqual([...codes].sort(), [...ERROR_CODES].sort(), 'protocol.js ERROR_CODES matches the document');
    for (const c of codes) assert.ok(MESSAGES.nb[`error.${c}`], `error.${c}`);
  });

  it('every close code in PROTOCOL.md has a text', () => {
    const codes = tableUnder(protocolDoc, '### Close codes').map((r) => r[0].replace(/\*/g, ''));
    assert.ok(codes.includes('4003'));
    for (const c of codes) assert.ok(MESSAGES.nb[`close.${c}`], `close.${c}`);
  });

  it('every colour, role, workshop language and note op has its texts', () => {
    for (const c of COLORS) assert.ok(MESSAGES.nb[`color.${c}`], c);
    for (const r of ROLES) {
      assert.ok(MESSAGES.nb[`presence.role.${r}`], r);
      assert.ok(MESSAGES.nb[`presence.you.${r}`], r);
    }
    for (const l of WORKSHOP_LANGS) assert.ok(MESSAGES.nb[`lang.option.${l}`], l);
    for (const kind of Object.keys(OP_SPECS)) assert.ok(MESSAGES.nb[`announce.${kind}`], kind);
  });

  it('every key the code names exists', () => {
    const prefixes = new Set(nbKeys.map((k) => k.split('.')[0]));
    const missing = [];
    for (const file of readdirSync(staticDir).filter((f) => f.endsWith('.js') && f !== 'messages.js')) {
      const src = readFileSync(join(staticDir, file), 'utf8');
      for (const m of src.matchAll(/'([a-z]+(?:\.[A-Za-z0-9_]+)+)'/g)) {
        const key = m[1];
        if (!prefixes.has(key.split('.')[0]) || /\.(js|css|html)$/.test(key)) continue;
        if (key in OP_SPECS) continue; // an op kind, not a text
        if (`${key}.other` in MESSAGES.nb) continue; // a plural, looked up by form
        if (!(key in MESSAGES.nb)) missing.push(`${file}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('index.html names only keys that exist', () => {
    const html = readFileSync(join(here, '..', 'index.html'), 'utf8');
    for (const m of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) assert.ok(m[1] in MESSAGES.nb, m[1]);
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones', () => {
    assert.equal(format('{a} og {b}', { a: 'Kari', b: 2 }), 'Kari og 2');
    assert.equal(format('{a} og {c}', { a: 'Kari' }), 'Kari og {c}');
    assert.equal(format('<b>{a}</b>', { a: '<img src=x onerror=alert(1)>' }), '<b><img src=x onerror=alert(1)></b>', 'text stays text; the DOM layer uses textContent');
  });

  it('falls back to nb, then to the key', () => {
    const tr = createI18n({ nb: { 'a.b': 'bokmål', 'lang.name': 'Bokmål' }, en: { 'lang.name': 'English' } });
    tr.setLang('en');
    assert.equal(tr.t('a.b'), 'bokmål');
    assert.equal(tr.t('no.such'), 'no.such');
  });

  it('switches language and tells listeners', () => {
    const tr = createI18n(MESSAGES);
    const seen = [];
    const off = tr.onChange((l) => seen.push(l));
    assert.equal(tr.setLang('nn'), true);
    assert.equal(tr.t('conn.reconnecting'), 'Koplar til igjen …');
    assert.equal(tr.setLang('xx'), false);
    assert.equal(tr.lang(), 'nn');
    off();
    tr.setLang('en');
    assert.deepEqual(seen, ['nn']);
  });

  it('plural forms by the language\'s rules', () => {
    const tr = createI18n(MESSAGES);
    assert.equal(tr.plural('announce.many', 1), '1 endring fra andre');
    assert.equal(tr.plural('announce.many', 5), '5 endringer fra andre');
    tr.setLang('en');
    assert.equal(tr.plural('announce.many', 2), '2 changes by others');
  });

  it('starts in the stored choice, else the hint, else the browser\'s languages, else nb', () => {
    assert.equal(initialLang(i18n, 'nn'), 'nn');
    assert.equal(initialLang(i18n, 'xx', 'en'), 'en');
    assert.equal(initialLang(i18n, null, 'xx'), 'nb');
    assert.equal(initialLang(i18n, null), 'nb');
    assert.equal(initialLang(i18n, null, undefined, ['nn-NO', 'nb']), 'nn');
    assert.equal(initialLang(i18n, null, undefined, ['en-GB']), 'en');
    assert.equal(initialLang(i18n, 'nb', undefined, ['en-GB']), 'nb', 'a stored choice beats the browser');
    assert.equal(initialLang(i18n, null, 'nn', ['en-GB']), 'nn', 'a workshop\'s language beats the browser on its board');
    assert.equal(initialLang(i18n, null, undefined, ['de-DE', 'fr']), 'nb');
  });

  it('errorKey picks a page\'s own wording, then the general one', async () => {
    await i18n.use(DEFAULT_LANG); // the app's translator starts with no table
    assert.equal(errorKey('not_found', 'join'), 'join.error.not_found');
    assert.equal(errorKey('forbidden', 'join'), 'error.forbidden');
    assert.equal(errorKey('network'), 'error.network');
    assert.equal(errorKey('brand_new_code'), 'error.internal');
  });
});

describe('a new language is data only', () => {
  // North Sámi must be possible in the Sámi administrative area. Adding it
  // means a table; nothing in the translator names the languages.
  const se = Object.fromEntries(nbKeys.map((k) => [k, `se:${MESSAGES.nb[k]}`]));
  se['lang.name'] = 'Davvisámegiella';
  se['announce.many.two'] = '{n} nuppástusa earáin';
  const tr = createI18n({ ...MESSAGES, se });

  it('appears in the language list with its own name', () => {
    assert.deepEqual(tr.languages().map((l) => l.code), [...langs, 'se']);
    assert.equal(tr.languages().find((l) => l.code === 'se').name, 'Davvisámegiella');
  });

  it('translates, with its own plural categories', () => {
    assert.equal(tr.setLang('se'), true);
    assert.equal(tr.t('board.newNote'), 'se:Ny lapp');
    // Intl knows North Sámi has a dual; the table supplies the form.
    const dual = new Intl.PluralRules('se').select(2);
    assert.equal(tr.plural('announce.many', 2), dual === 'two' ? '2 nuppástusa earáin' : 'se:2 endringer fra andre');
  });

  it('the language list in the UI comes from the tables, not from code', () => {
    const src = ['app.js', 'i18n.js', 'dom.js'].map((f) => readFileSync(join(staticDir, f), 'utf8')).join('\n');
    assert.doesNotMatch(src, /['"]nn['"]/, 'no hard-coded nn outside the tables');
    assert.doesNotMatch(src, /['"]en['"]/, 'no hard-coded en outside the tables');
  });
});

describe('the browser\'s languages', () => {
  const has = (c) => c in LANGUAGE_NAMES;
  it('maps Norwegian tags to bokmål or nynorsk', () => {
    for (const tag of ['nn', 'nn-NO', 'NN-no', 'no-NN', 'nn_NO']) assert.equal(browserLang([tag], has), 'nn', tag);
    for (const tag of ['nb', 'nb-NO', 'no', 'no-NO', 'no-nb']) assert.equal(browserLang([tag], has), 'nb', tag);
  });
  it('maps every English to English', () => {
    for (const tag of ['en', 'en-GB', 'en-US', 'en-NZ']) assert.equal(browserLang([tag], has), 'en', tag);
  });
  it('takes the first language it has, in the browser\'s order', () => {
    assert.equal(browserLang(['de-DE', 'sv', 'en-GB', 'nn'], has), 'en');
    assert.equal(browserLang(['se', 'nn-NO', 'nb-NO'], has), 'nn');
    assert.equal(browserLang(['de', 'fr'], has), '');
    assert.equal(browserLang([], has), '');
    assert.equal(browserLang(undefined, has), '');
    assert.equal(browserLang(['', '  ', 7], has), '');
  });
});

describe('loading only the chosen table', () => {
  /** A loader that counts what it was asked for. */
  const counting = () => {
    const asked = [];
    return { asked, load: async (code) => { asked.push(code); return MESSAGES[code]; } };
  };

  it('fetches the chosen language only, once', async () => {
    const l = counting();
    const tr = createI18n({}, 'nb', { names: LANGUAGE_NAMES, load: l.load });
    assert.equal(tr.t('board.newNote'), 'board.newNote', 'nothing loaded yet');
    assert.equal(await tr.use('nn'), true);
    assert.equal(tr.lang(), 'nn');
    assert.equal(tr.t('conn.reconnecting'), 'Koplar til igjen …');
    await tr.use('nn');
    assert.deepEqual(l.asked, ['nn']);
    assert.equal(tr.loaded('nb'), false);
    assert.equal(tr.loaded('en'), false);
  });

  it('names every language in the picker before its table is here', () => {
    const tr = createI18n({}, 'nb', { names: LANGUAGE_NAMES, load: async () => ({}) });
    assert.deepEqual(tr.languages().map((l) => l.code), ['nb', 'nn', 'en']);
    assert.equal(tr.languages().find((l) => l.code === 'en').name, MESSAGES.en['lang.name']);
  });

  it('setLang switches once the table has arrived, and tells listeners then', async () => {
    const l = counting();
    const tr = createI18n({}, 'nb', { names: LANGUAGE_NAMES, load: l.load });
    const seen = [];
    tr.onChange((x) => seen.push(x));
    assert.equal(tr.setLang('en'), true);
    assert.equal(tr.setLang('xx'), false);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(tr.lang(), 'en');
    assert.deepEqual(seen, ['en']);
  });

  it('a later choice wins over a slower earlier one', async () => {
    let release;
    const slow = new Promise((r) => { release = r; });
    const tr = createI18n({}, 'nb', { names: LANGUAGE_NAMES, load: async (code) => (code === 'nn' ? (await slow, MESSAGES.nn) : MESSAGES[code]) });
    const first = tr.use('nn');
    await tr.use('en');
    release();
    await first;
    assert.equal(tr.lang(), 'en');
  });

  it('a key the chosen table lacks falls back to bokmål, fetched then, and the page is told to redraw', async () => {
    const l = counting();
    const partial = { ...MESSAGES.en };
    delete partial['board.newNote'];
    const tr = createI18n({}, 'nb', { names: LANGUAGE_NAMES, load: async (code) => (code === 'en' ? partial : l.load(code)) });
    await tr.use('en');
    let redraws = 0;
    tr.onChange(() => { redraws++; });
    assert.equal(tr.t('board.newNote'), 'board.newNote', 'the key shows until bokmål is here');
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(l.asked, ['nb']);
    assert.equal(redraws, 1);
    assert.equal(tr.t('board.newNote'), 'Ny lapp');
    assert.equal(tr.lang(), 'en');
  });

  it('a table that fails to load leaves the language as it was, and can be tried again', async () => {
    let fail = true;
    const tr = createI18n({ nb: MESSAGES.nb }, 'nb', { names: LANGUAGE_NAMES, load: async (code) => { if (fail) throw new Error('offline'); return MESSAGES[code]; } });
    assert.equal(await tr.use('nn'), false);
    assert.equal(tr.lang(), 'nb');
    fail = false;
    assert.equal(await tr.use('nn'), true);
    assert.equal(tr.lang(), 'nn');
  });

  it('the real loader fetches each table as a module of its own', async () => {
    for (const code of Object.keys(LANGUAGE_NAMES)) assert.equal(await loadMessages(code), MESSAGES[code]);
    await assert.rejects(loadMessages('../messages'));
  });

  it('every table under messages/ has a name in languages.js, and the other way round', () => {
    const files = readdirSync(join(staticDir, 'messages')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(files, Object.keys(LANGUAGE_NAMES).sort());
    for (const code of files) assert.equal(LANGUAGE_NAMES[code], MESSAGES[code]['lang.name'], code);
  });
});
