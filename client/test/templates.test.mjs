// Templates on the start page without the DOM: params from the form's
// values, where the server's problems go, what they say, the preview's
// groups, and the API calls.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi } from '../static/api.js';
import { createI18n } from '../static/i18n.js';
import { MESSAGES } from '../static/messages.js';
import {
  buildParams, canAdd, canRemove, countRule, durationText, emptyRow, ensureValues, groupPreview, initialRows,
  isBlankRow, itemInputId, localized, paramInputId, parseAge, parseTemplates, problemMessage, problemTarget,
} from '../static/template-params.js';

const text = (s) => ({ nb: s, nn: `${s} (nn)`, en: `${s} (en)` });

/** The visjon template as GET /api/templates gives it. */
const visjon = {
  key: 'visjon', name: text('Visjonsverksted'), description: text('Fire grupper'), durationMin: 150, processStep: 3,
  parameters: [
    { key: 'municipality', type: 'text', required: true, max_len: 60, label: text('Kommune'), help: text('Bare navnet') },
    { key: 'challenge', type: 'text', max_len: 800, label: text('Utfordringen') },
    { key: 'themes', type: 'list', min: 4, max: 4, fields: ['theme'], label: text('Fire temaer') },
  ],
};
const samskaping = {
  key: 'samskaping', name: text('Samskaping'), description: text('Personas'), durationMin: 180,
  parameters: [
    { key: 'personas', type: 'list', min: 3, max: 3, fields: ['age', 'situation', 'quote'], label: text('Tre personas') },
  ],
};
const oppstart = {
  key: 'oppstart', name: text('Oppstart'), description: text('Start'), durationMin: 210,
  parameters: [
    { key: 'target_groups', type: 'list', min: 1, max: 8, label: text('Målgrupper') },
    { key: 'followers', type: 'list', min: 0, max: 6, label: text('Følgekommuner') },
  ],
};

const row = (o) => ({ ...emptyRow(), ...o });

describe('template parameters: ids', () => {
  it('names inputs param-<key> and param-<key>-<row>-<field>', () => {
    assert.equal(paramInputId('municipality'), 'param-municipality');
    assert.equal(itemInputId('themes', 2, 'theme'), 'param-themes-2-theme');
    assert.equal(itemInputId('target_groups', 0, 'name'), 'param-target_groups-0-name');
  });

  it('picks the language, falling back to bokmål', () => {
    assert.equal(localized(text('Kommune'), 'en'), 'Kommune (en)');
    assert.equal(localized({ nb: 'Kommune', nn: '', en: '' }, 'nn'), 'Kommune');
    assert.equal(localized(undefined, 'nb'), '');
  });
});

describe('template parameters: rows', () => {
  it('starts a list at its minimum, at least one, at most its maximum', () => {
    assert.equal(initialRows(visjon.parameters[2]), 4);
    assert.equal(initialRows(oppstart.parameters[0]), 1);
    assert.equal(initialRows(oppstart.parameters[1]), 1, 'an optional list shows one empty row');
  });

  it('adds and removes within min and max', () => {
    const themes = visjon.parameters[2];
    assert.equal(canAdd(themes, 4), false);
    assert.equal(canRemove(themes, 4), false);
    const followers = oppstart.parameters[1];
    assert.equal(canAdd(followers, 5), true);
    assert.equal(canAdd(followers, 6), false);
    assert.equal(canRemove(followers, 1), true);
    assert.equal(canRemove(followers, 0), false);
  });

  it('fills in missing values and keeps typed ones across templates', () => {
    let v = ensureValues(oppstart, { text: { municipality: 'Lebesby' }, lists: {} });
    assert.equal(v.lists.target_groups.length, 1);
    v = ensureValues(visjon, v);
    assert.equal(v.text.municipality, 'Lebesby', 'a key means the same in every template');
    assert.equal(v.text.challenge, '');
    assert.equal(v.lists.themes.length, 4);
    assert.deepEqual(v.lists.themes[0], emptyRow());
  });

  it('counts a row as blank only if every field the list uses is blank', () => {
    const themes = visjon.parameters[2];
    assert.equal(isBlankRow(row({ name: '  ' }), themes), true);
    assert.equal(isBlankRow(row({ theme: 'Hva?' }), themes), false);
    assert.equal(isBlankRow(row({ quote: 'ikke brukt' }), themes), true, 'fields the list does not use do not count');
  });
});

describe('template parameters: params to send', () => {
  it('makes one flat object: text as strings, lists as items with their fields', () => {
    const values = {
      text: { municipality: ' Lebesby ', challenge: '', other: 'not this template' },
      lists: {
        themes: [
          row({ name: 'Jobb', theme: 'Hvordan får vi flere jobber?', quote: 'left out' }),
          row({ name: 'Bolig', theme: 'Hvor skal folk bo?' }),
        ],
      },
    };
    const { params, rows, problems } = buildParams(visjon, values);
    assert.deepEqual(params, {
      municipality: ' Lebesby ',
      challenge: '',
      themes: [
        { name: 'Jobb', theme: 'Hvordan får vi flere jobber?' },
        { name: 'Bolig', theme: 'Hvor skal folk bo?' },
      ],
    });
    assert.deepEqual(rows, { themes: [0, 1] });
    assert.deepEqual(problems, []);
    assert.equal(JSON.parse(JSON.stringify(params)).themes.length, 2);
  });

  it('leaves blank rows out and remembers which row each item came from', () => {
    const values = { text: {}, lists: { themes: [row({}), row({ name: 'A', theme: 'a?' }), row({ name: ' ' }), row({ theme: 'd?' })] } };
    const { params, rows } = buildParams(visjon, values);
    assert.deepEqual(params.themes, [{ name: 'A', theme: 'a?' }, { name: '', theme: 'd?' }]);
    assert.deepEqual(rows.themes, [1, 3]);
  });

  it('sends ages as numbers, leaves an empty age out, and refuses other ages here', () => {
    const values = {
      text: {},
      lists: {
        personas: [
          row({ name: 'Kari', age: '34', situation: 'Pendler', quote: 'Bussen!' }),
          row({ name: 'Ola', age: '', situation: 'Student', quote: 'Hei' }),
          row({ name: 'Per', age: '3,5', situation: 'Pensjonist', quote: 'Nei' }),
        ],
      },
    };
    const { params, problems } = buildParams(samskaping, values);
    assert.deepEqual(params.personas[0], { name: 'Kari', age: 34, situation: 'Pendler', quote: 'Bussen!' });
    assert.equal('age' in params.personas[1], false);
    assert.deepEqual(problems, [{ field: 'personas[2].age', message: 'not a whole number' }]);
    assert.equal(parseAge(' 7 '), 7);
    assert.equal(parseAge('-1'), null);
    assert.equal(parseAge('1e2'), null);
  });

  it('sends an empty list for a list with nothing in it', () => {
    const { params } = buildParams(oppstart, ensureValues(oppstart, { text: {}, lists: {} }));
    assert.deepEqual(params, { target_groups: [], followers: [] });
  });
});

describe('template parameters: where problems go', () => {
  const rows = { themes: [0, 2, 3] };

  it('maps text parameters and whole lists to their input or fieldset', () => {
    assert.deepEqual(problemTarget('municipality', visjon, rows), { inputId: 'param-municipality', param: visjon.parameters[0], list: false });
    assert.deepEqual(problemTarget('themes', visjon, rows), { inputId: 'param-themes', param: visjon.parameters[2], list: true });
  });

  it('maps item fields through the rows sent', () => {
    assert.equal(problemTarget('themes[1].theme', visjon, rows).inputId, 'param-themes-2-theme');
    assert.equal(problemTarget('themes[2].name', visjon, rows).inputId, 'param-themes-3-name');
    assert.equal(problemTarget('themes[0]', visjon, rows).inputId, 'param-themes-0-name');
    assert.equal(problemTarget('themes[1].key', visjon, rows).inputId, 'param-themes-2-name', 'the key is made from the name');
    assert.equal(problemTarget('themes[1].theme', visjon).inputId, 'param-themes-1-theme', 'without rows, indices are rows');
  });

  it('has no place for unknown fields, fields the list does not use, or items not sent', () => {
    assert.equal(problemTarget('', visjon, rows), null);
    assert.equal(problemTarget('nope', visjon, rows), null);
    assert.equal(problemTarget('themes[1].quote', visjon, rows), null);
    assert.equal(problemTarget('themes[7].name', visjon, rows), null);
    assert.equal(problemTarget('municipality[0].name', visjon, rows), null);
    assert.equal(problemTarget('themes[1].theme.nb', visjon, rows), null);
  });
});

describe('template parameters: what problems say', () => {
  const themes = visjon.parameters[2];

  it('reads the server\'s English messages as translation keys', () => {
    assert.deepEqual(problemMessage({ field: 'municipality', message: 'empty; this template needs it' }), { key: 'tpl.problem.empty' });
    assert.deepEqual(problemMessage({ field: 'themes[0].name', message: 'empty' }), { key: 'tpl.problem.empty' });
    assert.deepEqual(problemMessage({ field: 'themes', message: 'needs exactly 4 items, got 1' }, themes),
      { key: 'tpl.problem.count.exactly', params: { n: 4, got: 1 } });
    assert.deepEqual(problemMessage({ field: 'followers', message: 'needs at most 6 items, got 7' }, oppstart.parameters[1]),
      { key: 'tpl.problem.count.atMost', params: { max: 6, got: 7 } });
    assert.deepEqual(problemMessage({ field: 'target_groups', message: 'needs 1 to 8 items, got 0' }, oppstart.parameters[0]),
      { key: 'tpl.problem.count.range', params: { min: 1, max: 8, got: 0 } });
    assert.deepEqual(problemMessage({ field: 'municipality', message: 'longer than 60 characters (61)' }), { key: 'tpl.problem.tooLong', params: { max: 60 } });
    assert.deepEqual(problemMessage({ field: 'x', message: 'must be one line without control characters' }), { key: 'tpl.problem.oneLine' });
    assert.deepEqual(problemMessage({ field: 'themes[1].key', message: '"jobb" is also the key of themes[0]; give them different keys' }), { key: 'tpl.problem.duplicate' });
    assert.deepEqual(problemMessage({ field: 'personas[0].age', message: 'must be between 1 and 120' }), { key: 'tpl.problem.age', params: { max: 120 } });
    assert.deepEqual(problemMessage({ field: 'personas[0].age', message: 'not a whole number' }), { key: 'tpl.problem.ageNumber' });
    assert.deepEqual(problemMessage({ field: 'x', message: 'something new' }), { key: 'tpl.problem.other' });
  });

  it('has every key it names, with its placeholders, in every language', () => {
    const msgs = [
      problemMessage({ field: '', message: 'empty' }),
      problemMessage({ field: '', message: 'needs exactly 4 items, got 1' }, themes),
      problemMessage({ field: '', message: 'needs at most 6 items, got 7' }, oppstart.parameters[1]),
      problemMessage({ field: '', message: 'needs 1 to 8 items, got 0' }, oppstart.parameters[0]),
      problemMessage({ field: '', message: 'longer than 60 characters (61)' }),
      problemMessage({ field: '', message: 'contains control characters' }),
      problemMessage({ field: '', message: 'x is also the key of y' }),
      problemMessage({ field: '', message: 'must be between 1 and 120' }),
      problemMessage({ field: '', message: 'not a whole number' }),
      problemMessage({ field: '', message: '?' }),
      countRule(themes), countRule(oppstart.parameters[0]), countRule(oppstart.parameters[1]),
      durationText(45), durationText(120), durationText(150),
    ];
    for (const lang of Object.keys(MESSAGES)) {
      const tr = createI18n(MESSAGES);
      tr.setLang(lang);
      for (const m of msgs) {
        assert.ok(m.key in MESSAGES[lang], `${lang} ${m.key}`);
        assert.doesNotMatch(tr.t(m.key, m.params), /\{\w+\}/, `${lang} ${m.key} fills every placeholder`);
      }
      for (const f of ['name', 'theme', 'age', 'situation', 'quote']) assert.ok(`tpl.field.${f}` in MESSAGES[lang], `${lang} tpl.field.${f}`);
    }
  });

  it('says how many items a list takes, and how long a template is', () => {
    assert.deepEqual(countRule(themes), { key: 'tpl.count.exactly', params: { n: 4 } });
    assert.deepEqual(countRule(oppstart.parameters[1]), { key: 'tpl.count.atMost', params: { max: 6 } });
    assert.deepEqual(countRule(oppstart.parameters[0]), { key: 'tpl.count.range', params: { min: 1, max: 8 } });
    assert.equal(durationText(0), null);
    assert.deepEqual(durationText(45), { key: 'tpl.duration.m', params: { m: 45 } });
    assert.deepEqual(durationText(120), { key: 'tpl.duration.h', params: { h: 2 } });
    assert.deepEqual(durationText(150), { key: 'tpl.duration.hm', params: { h: 2, m: 30 } });
    const tr = createI18n(MESSAGES);
    assert.equal(tr.t('tpl.duration.hm', { h: 2, m: 30 }), 'omtrent 2 t 30 min');
  });
});

describe('template preview', () => {
  it('groups frames: for everyone first, then groups in order, empty groups left out', () => {
    const preview = {
      title: 'Visjonsverksted – Lebesby',
      frames: [
        { id: 'intro', title: 'Velkommen' },
        { id: 'jobb', title: 'Hvordan får vi flere jobber?', group: 'jobb' },
        { id: 'bolig', title: 'Hvor skal folk bo?', group: 'bolig' },
        { id: 'tar-med', title: 'Dette tar jeg med meg' },
        { id: 'odd', title: 'Odd', group: 'unknown' },
      ],
      groups: [{ id: 'bolig', name: 'Bolig' }, { id: 'jobb', name: 'Jobb' }, { id: 'tom', name: 'Tom' }],
    };
    assert.deepEqual(groupPreview(preview), [
      { id: null, name: null, frames: [{ id: 'intro', title: 'Velkommen' }, { id: 'tar-med', title: 'Dette tar jeg med meg' }] },
      { id: 'bolig', name: 'Bolig', frames: [{ id: 'bolig', title: 'Hvor skal folk bo?' }] },
      { id: 'jobb', name: 'Jobb', frames: [{ id: 'jobb', title: 'Hvordan får vi flere jobber?' }] },
      { id: 'unknown', name: 'unknown', frames: [{ id: 'odd', title: 'Odd' }] },
    ]);
    assert.deepEqual(groupPreview({}), []);
  });
});

describe('template list from the server', () => {
  it('keeps well-formed templates and the item fields it knows', () => {
    const got = parseTemplates({
      templates: [
        visjon,
        { key: 'blank', name: text('Tom'), description: text('Tom'), durationMin: 0, parameters: [] },
        { key: 'Bad Key', name: text('x'), parameters: [] },
        { key: 'odd', name: text('x'), description: text('x'), parameters: [{ key: 'k', type: 'date', label: text('x') }] },
        { key: 'newer', name: text('x'), description: text('x'), parameters: [{ key: 'k', type: 'list', label: text('x'), fields: ['theme', 'colour'] }] },
        null,
      ],
    });
    assert.deepEqual(got.map((x) => x.key), ['visjon', 'blank', 'newer']);
    assert.deepEqual(got[0].parameters[2].fields, ['theme']);
    assert.deepEqual(got[1].parameters, []);
    assert.deepEqual(got[2].parameters[0].fields, ['theme']);
    assert.deepEqual(parseTemplates(null), []);
    assert.deepEqual(parseTemplates({ templates: 'no' }), []);
  });
});

describe('template API calls', () => {
  /** A fetch that answers status and body, and logs the requests. */
  function fakeFetch(status, body, log = []) {
    return async (url, init) => {
      log.push({ url, method: init.method, body: init.body && JSON.parse(init.body) });
      return { ok: status >= 200 && status < 300, status, json: async () => body };
    };
  }

  it('lists, previews and creates from a template', async () => {
    const log = [];
    const api = createApi(fakeFetch(200, {}, log));
    await api.listTemplates();
    await api.previewTemplate('visjon', 'nn', { municipality: 'Lebesby' });
    await api.createWorkshop('', 'nb', 'visjon', { municipality: 'Lebesby', themes: [] });
    await api.createWorkshop('Tittel', 'en');
    assert.deepEqual(log, [
      { url: '/api/templates', method: 'GET', body: undefined },
      { url: '/api/templates/visjon/preview', method: 'POST', body: { lang: 'nn', params: { municipality: 'Lebesby' } } },
      { url: '/api/workshops', method: 'POST', body: { title: '', lang: 'nb', template: 'visjon', params: { municipality: 'Lebesby', themes: [] } } },
      { url: '/api/workshops', method: 'POST', body: { title: 'Tittel', lang: 'en' } },
    ]);
  });

  it('carries the problems of a refusal', async () => {
    const api = createApi(fakeFetch(400, {
      error: { code: 'invalid', message: 'themes: needs exactly 4 items, got 1' },
      problems: [{ field: 'themes', message: 'needs exactly 4 items, got 1' }, { message: 'no field' }, 'junk'],
    }));
    await assert.rejects(api.previewTemplate('visjon', 'nb', {}), (e) => e instanceof ApiError && e.code === 'invalid'
      && e.problems.length === 2 && e.problems[0].field === 'themes' && e.problems[1].field === '');
    const plain = createApi(fakeFetch(404, { error: { code: 'not_found', message: 'no such template' } }));
    await assert.rejects(plain.previewTemplate('x', 'nb', {}), (e) => e.code === 'not_found' && e.problems.length === 0);
  });
});
