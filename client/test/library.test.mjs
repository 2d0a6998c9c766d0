// Processes and template files without the DOM: workshops grouped by
// process, the next template of a process, the prefill turned into the
// form's values, the checks and messages of a template file, the API calls
// behind them, and a card marked chosen on the board.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi } from '../static/api.js';
import {
  MAX_TEMPLATE_BYTES, checkTemplateFile, groupByProcess, nextTemplate, problemLines, sourceMessage,
  templateErrorKey, templateFileUrl,
} from '../static/library.js';
import { MESSAGES } from '../static/messages.js';
import * as P from '../static/protocol.js';
import { initialState, reduce } from '../static/state.js';
import { buildParams, valuesFromParams } from '../static/template-params.js';
import { event, person, workshop } from './helpers.mjs';

const text = (s) => ({ nb: s, nn: s, en: s });

describe('processes', () => {
  const ws = [
    { id: 'v', title: 'Visjon', process: 'p1', processPos: 3, createdAt: '2026-03-03' },
    { id: 'o', title: 'Oppstart', process: 'p1', processPos: 1, createdAt: '2026-03-01' },
    { id: 'x', title: 'Løst', createdAt: '2026-03-02' },
    { id: 'f', title: 'Felles', process: 'p1', processPos: 2, createdAt: '2026-03-02' },
    { id: 'g', title: 'Borte', process: 'gone', processPos: 1, createdAt: '2026-03-02' },
  ];
  const ps = [{ id: 'p1', title: 'Lebesby', municipality: 'Lebesby', createdAt: '' }, { id: 'p2', title: 'Gamvik', municipality: 'Gamvik', createdAt: '' }];

  it('groups workshops by process, in their places', () => {
    const { groups, outside } = groupByProcess(ws, ps);
    assert.deepEqual(groups.map((g) => [g.process.id, g.workshops.map((w) => w.id)]), [['p1', ['o', 'f', 'v']], ['p2', []]]);
    assert.deepEqual(outside.map((w) => w.id), ['x', 'g'], 'a workshop of an unlisted process is outside');
  });

  it('proposes the template of the next step', () => {
    const tpls = [{ key: 'oppstart', processStep: 1 }, { key: 'felles', processStep: 2 }, { key: 'blank', processStep: 0 }];
    assert.equal(nextTemplate(tpls, 0), 'oppstart');
    assert.equal(nextTemplate(tpls, 1), 'felles');
    assert.equal(nextTemplate(tpls, 5), '');
  });

  it('says where a prefilled value came from, in every language', () => {
    for (const from of ['board', 'goals', 'followers', 'process']) {
      const m = sourceMessage({ from, title: 'Oppstart' });
      for (const l of ['nb', 'nn', 'en']) assert.ok(MESSAGES[l][m.key], `${l} ${m.key}`);
    }
    assert.equal(sourceMessage({ from: 'elsewhere' }), null);
  });

  it('turns a prefill into the form values, and back into the same params', () => {
    const tpl = {
      key: 'samskaping', name: text('S'), description: text(''), durationMin: 60,
      parameters: [
        { key: 'municipality', type: 'text', label: text('Kommune'), required: true, max_len: 60 },
        { key: 'personas', type: 'list', label: text('Personas'), min: 3, max: 3, fields: ['age', 'situation', 'quote'] },
        { key: 'themes', type: 'list', label: text('Tema'), min: 0, max: 2, fields: ['theme'] },
      ],
    };
    const before = { text: { municipality: 'Skrevet', challenge: 'beholdes' }, lists: {} };
    const v = valuesFromParams(tpl, {
      municipality: 'Lebesby',
      personas: [{ key: 'sara', name: 'Sara', age: 34, situation: 'Flyttet hjem', quote: 'Hei', theme: 'ikke brukt' }, 'rubbish'],
      themes: [{ name: 'A', theme: 'a?' }, { name: 'B', theme: 'b?' }, { name: 'C', theme: 'c?' }],
      unknown: 'x',
    }, before);
    assert.equal(v.text.municipality, 'Lebesby');
    assert.equal(v.text.challenge, 'beholdes', 'what the proposal leaves out stays');
    assert.equal(v.lists.personas.length, 3, 'the list gets its starting rows');
    assert.deepEqual(v.lists.personas[0], { name: 'Sara', theme: 'ikke brukt', age: '34', situation: 'Flyttet hjem', quote: 'Hei' });
    assert.deepEqual(v.lists.themes.map((r) => r.name), ['A', 'B'], 'no more than the list takes');
    const built = buildParams(tpl, v);
    assert.deepEqual(built.params.personas, [{ name: 'Sara', age: 34, situation: 'Flyttet hjem', quote: 'Hei' }]);
    assert.deepEqual(built.params.themes, [{ name: 'A', theme: 'a?' }, { name: 'B', theme: 'b?' }]);
    assert.deepEqual(built.problems, []);
    assert.deepEqual(valuesFromParams(tpl, null).text, { municipality: '' });
  });
});

describe('template files', () => {
  it('checks a file before it is sent', () => {
    assert.equal(checkTemplateFile(null), 'lib.import.missing');
    assert.equal(checkTemplateFile({ name: 'a.json', size: 0 }), 'lib.import.empty');
    assert.equal(checkTemplateFile({ name: 'a.json', size: MAX_TEMPLATE_BYTES + 1 }), 'lib.import.tooLarge');
    assert.equal(checkTemplateFile({ name: 'a.json', size: 10 }), null);
  });

  it('says what a refusal means, with a text in every language', () => {
    const cases = [['conflict', 409, 'lib.error.exists'], ['invalid', 400, 'lib.error.invalid'], ['too_large', 413, 'lib.import.tooLarge'],
      ['limit_reached', 409, 'lib.error.full'], ['unauthorized', 401, 'error.unauthorized'], ['network', 0, 'error.network'], ['internal', 500, 'lib.error.failed']];
    for (const [code, status, key] of cases) {
      assert.equal(templateErrorKey(code, status), key, code);
      for (const l of ['nb', 'nn', 'en']) assert.ok(MESSAGES[l][key], `${l} ${key}`);
    }
  });

  it('lists the problems, each with its field', () => {
    assert.deepEqual(problemLines([{ field: 'name.nn', message: 'empty' }, { field: '', message: 'line 1, column 2: malformed JSON' }]),
      ['name.nn: empty', 'line 1, column 2: malformed JSON']);
    const many = Array.from({ length: 14 }, (_, i) => ({ field: `f${i}`, message: 'x' }));
    const lines = problemLines(many, 5);
    assert.equal(lines.length, 5);
    assert.equal(lines[4], '… (+10)');
  });

  it('calls the API: import, delete, processes, prefill, save a board', async () => {
    const log = [];
    const fetchOK = (body) => async (url, init) => {
      log.push({ url, ...init });
      return { ok: true, status: 200, json: async () => body };
    };
    const file = '{"format": 1, "key": "min-mal"}';
    await createApi(fetchOK({ template: { key: 'min-mal' } })).importTemplate('min mal.json', file);
    assert.equal(log[0].url, '/api/templates?file=min%20mal.json');
    assert.equal(log[0].body, file, 'sent as the file holds it');
    await createApi(fetchOK(null)).deleteTemplate('min-mal');
    assert.deepEqual([log[1].method, log[1].url], ['DELETE', '/api/templates/min-mal']);
    assert.equal(templateFileUrl('min-mal'), '/api/templates/min-mal/file');
    await createApi(fetchOK({})).createWorkshop('', 'nn', 'visjon', { municipality: 'Lebesby' }, 'p1');
    assert.deepEqual(JSON.parse(log[2].body), { title: '', lang: 'nn', template: 'visjon', params: { municipality: 'Lebesby' }, process: 'p1' });
    await createApi(fetchOK({})).createWorkshop('Tom', 'nb');
    assert.deepEqual(JSON.parse(log[3].body), { title: 'Tom', lang: 'nb' }, 'no process field without a process');
    await createApi(fetchOK({})).prefill('p 1', 'visjon', 'nn');
    assert.equal(log[4].url, '/api/processes/p%201/prefill?template=visjon&lang=nn');
    await createApi(fetchOK({})).moveToProcess('w1', '');
    assert.deepEqual([log[5].method, log[5].url, JSON.parse(log[5].body)], ['PUT', '/api/workshops/w1/process', { process: '' }]);
    await createApi(fetchOK({})).createProcess('Lebesby');
    assert.deepEqual(JSON.parse(log[6].body), { municipality: 'Lebesby', title: '' });
    await createApi(fetchOK({})).forBoard('w1', 'tok').saveAsTemplate({ name: 'Vår mal' });
    assert.deepEqual([log[7].url, log[7].headers.Authorization, JSON.parse(log[7].body)], ['/api/workshops/w1/template', 'Bearer tok', { name: 'Vår mal' }]);
  });

  it('a refused file keeps the problems with their fields', async () => {
    const body = { error: { code: 'invalid', message: 'x.json: name.nn: empty' }, file: 'x.json', problems: [{ field: 'name.nn', message: 'empty' }] };
    const api = createApi(async () => ({ ok: false, status: 400, json: async () => body }));
    await assert.rejects(api.importTemplate('x.json', '{}'), (e) => e instanceof ApiError && e.code === 'invalid' &&
      e.problems.length === 1 && e.problems[0].field === 'name.nn');
  });
});

describe('a card marked chosen', () => {
  it('follows frame.choose', () => {
    const fac = person('fac', 'facilitator', 'Fasilitator');
    let s = reduce(initialState(), { type: 'welcome', you: fac, workshop: workshop(), serverTime: 10_000, localTime: 4_000 });
    s = reduce(s, { type: 'snapshot', board: { seq: 5, title: 'Tavle', notes: [], participants: [fac], frames: [{ id: 'malbilder_lebesby_attraktive', title: 'Attraktive', x: 0, y: 0, w: 500, h: 400, z: 1 }] } });
    assert.equal(P.checkShape(P.frameChoose('malbilder_lebesby_attraktive', true)), null);
    s = reduce(s, { type: 'event', event: event(6, 'fac', P.frameChoose('malbilder_lebesby_attraktive', true)) });
    assert.equal(s.committed.frames.malbilder_lebesby_attraktive.chosen, true);
    s = reduce(s, { type: 'event', event: event(7, 'fac', P.frameChoose('malbilder_lebesby_attraktive', false)) });
    assert.equal(s.committed.frames.malbilder_lebesby_attraktive.chosen, false);
    s = reduce(s, { type: 'event', event: event(8, 'fac', P.frameChoose('nope', true)) });
    assert.equal(s.committed.frames.nope, undefined, 'an unknown frame is not made');
  });
});
