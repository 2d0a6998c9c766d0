// The organiser's exports without the DOM: the ordered selection of a
// process, the download addresses, what a refused restore means, and the
// API calls behind them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi } from '../static/api.js';
import { MESSAGES } from '../static/messages.js';
import {
  MAX_ARCHIVE_BYTES, MAX_PROCESS, PROCESS_FORMATS, WORKSHOP_LINK_FORMATS, checkArchiveFile, keepListed,
  moveSelected, processExportUrl, restoreErrorKey, toggleSelected, workshopExportUrl,
} from '../static/process.js';

describe('a process: the ordered selection', () => {
  it('ticking adds at the end, unticking removes, in place', () => {
    let order = toggleSelected([], 'a', true);
    order = toggleSelected(order, 'b', true);
    order = toggleSelected(order, 'c', true);
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.deepEqual(toggleSelected(order, 'b', false), ['a', 'c']);
    assert.deepEqual(toggleSelected(order, 'a', true), ['a', 'b', 'c'], 'ticking twice does not duplicate');
    assert.deepEqual(toggleSelected(order, 'x', false), ['a', 'b', 'c']);
    assert.deepEqual(order, ['a', 'b', 'c'], 'the input is not changed');
  });

  it('refuses more than the server takes', () => {
    const full = Array.from({ length: MAX_PROCESS }, (_, i) => `w${i}`);
    assert.deepEqual(toggleSelected(full, 'one-more', true), full);
    assert.deepEqual(toggleSelected(full, 'w3', false).length, MAX_PROCESS - 1);
  });

  it('moves up and down, stopping at the ends', () => {
    const order = ['a', 'b', 'c'];
    assert.deepEqual(moveSelected(order, 'b', -1), { order: ['b', 'a', 'c'], index: 0, moved: true });
    assert.deepEqual(moveSelected(order, 'b', 1), { order: ['a', 'c', 'b'], index: 2, moved: true });
    assert.deepEqual(moveSelected(order, 'a', -1), { order: ['a', 'b', 'c'], index: 0, moved: false });
    assert.deepEqual(moveSelected(order, 'c', 1), { order: ['a', 'b', 'c'], index: 2, moved: false });
    assert.deepEqual(moveSelected(order, 'c', -5), { order: ['c', 'a', 'b'], index: 0, moved: true });
    assert.deepEqual(moveSelected(order, 'x', 1), { order: ['a', 'b', 'c'], index: -1, moved: false });
    assert.deepEqual(order, ['a', 'b', 'c'], 'the input is not changed');
  });

  it('drops workshops that are no longer listed, keeping the order', () => {
    assert.deepEqual(keepListed(['c', 'a', 'gone', 'b'], new Set(['a', 'b', 'c'])), ['c', 'a', 'b']);
    assert.deepEqual(keepListed(['a'], []), []);
  });
});

describe('download addresses', () => {
  it('one draft of several workshops, in the chosen order', () => {
    assert.equal(processExportUrl('docx', ['w2', 'w1']), '/api/export/docx?workshops=w2,w1');
    assert.equal(processExportUrl('md', ['w1']), '/api/export/md?workshops=w1');
    assert.equal(processExportUrl('html', ['a b', 'c,d', 'e&f']), '/api/export/html?workshops=a%20b,c%2Cd,e%26f', 'ids are escaped; the comma only separates');
    assert.equal(processExportUrl('votes', ['w1', '']), '/api/export/votes?workshops=w1');
  });

  it('nothing to ask for: no workshops, too many, or an archive', () => {
    assert.equal(processExportUrl('docx', []), '');
    assert.equal(processExportUrl('json', ['w1']), '', 'an archive holds one workshop');
    assert.equal(processExportUrl('pdf', ['w1']), '');
    assert.equal(processExportUrl('md', Array.from({ length: MAX_PROCESS + 1 }, (_, i) => `w${i}`)), '');
  });

  it('one workshop\'s archive and draft', () => {
    assert.deepEqual([...WORKSHOP_LINK_FORMATS], ['json', 'docx']);
    assert.deepEqual([...PROCESS_FORMATS], ['docx', 'md', 'html']);
    assert.equal(workshopExportUrl('0f3c', 'json'), '/api/workshops/0f3c/export/json');
    assert.equal(workshopExportUrl('a/b', 'docx'), '/api/workshops/a%2Fb/export/docx');
  });
});

describe('restoring from an archive', () => {
  it('checks the file before reading it', () => {
    assert.equal(checkArchiveFile(null), 'restore.missing');
    assert.equal(checkArchiveFile({ name: 'a.json', size: 0 }), 'restore.invalid');
    assert.equal(checkArchiveFile({ name: 'a.json', size: MAX_ARCHIVE_BYTES + 1 }), 'restore.tooLarge');
    assert.equal(checkArchiveFile({ name: 'a.json', size: 1234 }), null);
  });

  it('says what a refusal means, in every language', () => {
    assert.equal(restoreErrorKey('conflict', 409), 'restore.exists');
    assert.equal(restoreErrorKey('invalid', 400), 'restore.invalid');
    assert.equal(restoreErrorKey('bad_json', 400), 'restore.invalid');
    assert.equal(restoreErrorKey('too_large', 413), 'restore.tooLarge');
    assert.equal(restoreErrorKey('internal', 413), 'restore.tooLarge', 'a proxy\'s 413 without our body');
    assert.equal(restoreErrorKey('network', 0), 'error.network');
    assert.equal(restoreErrorKey('unauthorized', 401), 'error.unauthorized');
    assert.equal(restoreErrorKey('internal', 500), 'restore.failed');
    for (const code of ['conflict', 'invalid', 'too_large', 'network', 'unauthorized', 'internal']) {
      for (const l of ['nb', 'nn', 'en']) assert.ok(MESSAGES[l][restoreErrorKey(code)], `${l} ${code}`);
    }
  });
});

describe('api: import and text downloads', () => {
  /** A fetch that answers with status and body (text), and records the request. */
  const fakeFetch = (status, text, log = []) => async (url, init) => {
    log.push({ url, ...init });
    return {
      ok: status >= 200 && status < 300,
      status,
      json: async () => JSON.parse(text),
      text: async () => text,
    };
  };

  it('sends the archive as the file holds it', async () => {
    const log = [];
    const archive = '{"format":"samskap-archive","workshop":{"id":"w1"},"events":[]}';
    const answer = { workshop: { id: 'w1', joinCode: 'ABCDEF' }, facilitatorKey: 'k', facilitatorUrl: '/w/w1#key=k', joinUrl: '/j/ABCDEF' };
    const a = await createApi(fakeFetch(201, JSON.stringify(answer), log)).importWorkshop(archive);
    assert.deepEqual(a, answer);
    assert.equal(log[0].url, '/api/workshops/import');
    assert.equal(log[0].method, 'POST');
    assert.equal(log[0].body, archive, 'not encoded a second time');
    assert.equal(log[0].headers['Content-Type'], 'application/json');
  });

  it('a refused import is an ApiError with the code', async () => {
    const conflict = createApi(fakeFetch(409, '{"error":{"code":"conflict","message":"exists"}}'));
    await assert.rejects(conflict.importWorkshop('{}'), (e) => e instanceof ApiError && e.code === 'conflict' && e.status === 409);
    const proxy = createApi(fakeFetch(413, '<html>too big</html>'));
    await assert.rejects(proxy.importWorkshop('{}'), (e) => e.code === 'too_large' && e.status === 413);
  });

  it('gets a draft as text, and errors as codes', async () => {
    const log = [];
    const md = '# Konkurranseprogram\n\n– æøå';
    assert.equal(await createApi(fakeFetch(200, md, log)).fetchText('/api/export/md?workshops=a,b'), md);
    assert.equal(log[0].method, 'GET');
    assert.equal(log[0].body, undefined);
    const denied = createApi(fakeFetch(401, '{"error":{"code":"unauthorized"}}'));
    await assert.rejects(denied.fetchText('/api/export/md?workshops=a'), (e) => e.code === 'unauthorized' && e.status === 401);
    const down = createApi(async () => { throw new TypeError('Failed to fetch'); });
    await assert.rejects(down.fetchText('/x'), (e) => e.code === 'network');
  });
});
