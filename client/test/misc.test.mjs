// Routing, session storage, cursors, throttling, announcements and the
// HTTP API client.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnnouncer } from '../static/announce.js';
import { ApiError, createApi } from '../static/api.js';
import { CURSOR_TTL_MS, CursorTracker, throttle } from '../static/cursors.js';
import { boardPath, keyFromHash, route } from '../static/router.js';
import { forgetToken, loadToken, saveToken, sessionKey } from '../static/session.js';
import { fakeClock } from './helpers.mjs';

describe('router', () => {
  it('knows the page paths the server serves index.html for', () => {
    assert.deepEqual(route('/'), { view: 'start' });
    assert.deepEqual(route('/join'), { view: 'join', code: '' });
    assert.deepEqual(route('/j/ABC-DEF'), { view: 'join', code: 'ABC-DEF' });
    assert.deepEqual(route('/j/abc%20def/'), { view: 'join', code: 'abc def' });
    assert.deepEqual(route('/w/0f3c'), { view: 'board', id: '0f3c' });
    assert.deepEqual(route('/tilgjengelighet'), { view: 'statement' });
    assert.deepEqual(route('/tilgjengelighet/'), { view: 'statement' });
    assert.deepEqual(route('/w/%E0%A4%A'), { view: 'board', id: '%E0%A4%A' }, 'a broken escape does not throw');
    assert.deepEqual(route('/w/'), { view: 'notfound' });
    assert.deepEqual(route('/static/app.js'), { view: 'notfound' });
  });

  it('reads the facilitator key from the fragment', () => {
    assert.equal(keyFromHash('#key=abc_DEF-123'), 'abc_DEF-123');
    assert.equal(keyFromHash(''), '');
    assert.equal(keyFromHash('#other=1'), '');
    assert.equal(boardPath('a b'), '/w/a%20b');
  });
});

/** A Storage stand-in. */
function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    map: m,
  };
}

describe('session tokens', () => {
  it('live under samskap.session.{workshopId}', () => {
    const s = memoryStorage();
    assert.equal(sessionKey('w1'), 'samskap.session.w1');
    assert.equal(loadToken(s, 'w1'), '');
    assert.equal(saveToken(s, 'w1', 'tok'), true);
    assert.equal(s.map.get('samskap.session.w1'), 'tok');
    assert.equal(loadToken(s, 'w1'), 'tok');
    forgetToken(s, 'w1');
    assert.equal(loadToken(s, 'w1'), '');
  });

  it('still work for the page when storage is blocked', () => {
    const blocked = {
      getItem() { throw new Error('SecurityError'); },
      setItem() { throw new Error('QuotaExceededError'); },
      removeItem() { throw new Error('SecurityError'); },
    };
    assert.equal(saveToken(blocked, 'w2', 'tok2'), false);
    assert.equal(loadToken(blocked, 'w2'), 'tok2');
    forgetToken(blocked, 'w2');
    assert.equal(loadToken(blocked, 'w2'), '');
    assert.equal(saveToken(null, 'w3', 't'), false);
    assert.equal(loadToken(null, 'w3'), 't');
  });
});

describe('cursors', () => {
  it('keeps the latest of each person and forgets stale ones', () => {
    const c = new CursorTracker();
    c.update([{ id: 'a', x: 1, y: 1 }, { id: 'b', x: 2, y: 2 }], 0, 'me');
    c.update([{ id: 'a', x: 5, y: 5 }, { id: 'me', x: 9, y: 9 }], 3000, 'me');
    assert.deepEqual(c.live(4000).map((x) => [x.id, x.x]), [['a', 5], ['b', 2]]);
    assert.deepEqual(c.live(CURSOR_TTL_MS + 1).map((x) => x.id), ['a'], 'b has not moved for 5 s');
    c.remove('a');
    assert.deepEqual(c.live(0), []);
  });

  it('throttle sends at once, then at most once per interval, with the latest value', () => {
    const clock = fakeClock(0);
    const got = [];
    const f = throttle((x) => got.push(x), 50, clock);
    f(1);
    f(2);
    f(3);
    assert.deepEqual(got, [1]);
    clock.advance(49);
    assert.deepEqual(got, [1]);
    clock.advance(1);
    assert.deepEqual(got, [1, 3]);
    clock.advance(100);
    f(4);
    assert.deepEqual(got, [1, 3, 4]);
  });
});

describe('announcer', () => {
  it('reads the first change, then sums up the rest', () => {
    const clock = fakeClock(0);
    const said = [];
    const a = createAnnouncer((t) => said.push(t), (n) => `${n} endringer`, { interval: 1000, clock });
    a('Kari la til en lapp');
    assert.deepEqual(said, ['Kari la til en lapp']);
    a('Ola flyttet en lapp');
    a('Per slettet en lapp');
    clock.advance(1000);
    assert.deepEqual(said, ['Kari la til en lapp', '2 endringer']);
    clock.advance(5000);
    a('Kari endret en lapp');
    assert.deepEqual(said.at(-1), 'Kari endret en lapp');
  });

  it('one queued change is read as it is', () => {
    const clock = fakeClock(0);
    const said = [];
    const a = createAnnouncer((t) => said.push(t), (n) => `${n}`, { interval: 1000, clock });
    a('one');
    a('two');
    clock.advance(1000);
    assert.deepEqual(said, ['one', 'two']);
  });
});

describe('api client', () => {
  /** A fetch that answers with status and body, and records the request. */
  const fakeFetch = (status, body, log = []) => async (url, init) => {
    log.push({ url, ...init, body: init.body && JSON.parse(init.body) });
    return { ok: status >= 200 && status < 300, status, json: async () => (body === undefined ? Promise.reject(new Error('no body')) : body) };
  };

  it('posts JSON and returns the answer', async () => {
    const log = [];
    const api = createApi(fakeFetch(200, { workshopId: 'w1', token: 't', participant: {} }, log));
    const a = await api.join('ABCDEF', 'Kari');
    assert.equal(a.token, 't');
    assert.deepEqual(log[0].body, { code: 'ABCDEF', name: 'Kari' });
    assert.equal(log[0].method, 'POST');
    assert.equal(log[0].url, '/api/join');
    assert.equal(log[0].headers['Content-Type'], 'application/json');
    await createApi(fakeFetch(200, {}, log)).facilitate('w 1', 'k', 'N');
    assert.equal(log[1].url, '/api/workshops/w%201/facilitate');
    assert.deepEqual(log[1].body, { key: 'k', name: 'N' });
  });

  it('turns error bodies into ApiError codes', async () => {
    const api = createApi(fakeFetch(429, { error: { code: 'rate_limited', message: 'wait' } }));
    await assert.rejects(api.join('X', 'Y'), (e) => e instanceof ApiError && e.code === 'rate_limited' && e.status === 429);
    const proxy = createApi(fakeFetch(502, undefined));
    await assert.rejects(proxy.me(), (e) => e.code === 'internal' && e.status === 502);
  });

  it('a failed fetch is a network error', async () => {
    const api = createApi(async () => { throw new TypeError('Failed to fetch'); });
    await assert.rejects(api.listWorkshops(), (e) => e.code === 'network' && e.status === 0);
  });
});

describe('list view order', async () => {
  const { readingOrder } = await import('../static/board-list.js');
  const { note } = await import('./helpers.mjs');
  it('reads rows top to bottom, each left to right', () => {
    const notes = {
      c: note('c', { x: 0, y: 300 }),
      b: note('b', { x: 400, y: 10 }),
      a: note('a', { x: 0, y: 30 }),
      gone: note('gone', { x: -500, y: 0, deleted: true }),
    };
    assert.deepEqual(readingOrder({ title: '', notes, participants: {} }).map((n) => n.id), ['a', 'b', 'c']);
  });
});
