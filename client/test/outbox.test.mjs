// The outbox keeps unacknowledged ops across a reload, in order, and
// forgets them once acknowledged; drafts survive a reload.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Outbox, draftKey, loadDraft, memoryStore, openIdbStore, saveDraft } from '../static/outbox.js';
import { initialState, reduce, unacked, visibleBoard } from '../static/state.js';
import { workshop, person } from './helpers.mjs';

const create = (id, text) => ({ kind: 'note.create', note: id, text, color: 'yellow', x: 0, y: 0 });

describe('outbox', () => {
  it('keeps ops until done, and a new page load gets them back in order with their ids', async () => {
    const store = memoryStore();
    const a = new Outbox(store, 'w1');
    await a.add('op-1', create('n1', 'først'), 1000);
    await a.add('op-2', create('n2', 'så'), 1000);
    await a.add('op-3', create('n3', 'til slutt'), 999_999);
    await a.done('op-2');
    assert.equal(a.size, 2);
    // The page is reloaded: a new outbox over the same store.
    const b = new Outbox(store, 'w1');
    const back = await b.load();
    assert.deepEqual(back.map((e) => e.id), ['op-1', 'op-3']);
    assert.deepEqual(back[1].op, create('n3', 'til slutt'));
    // Acknowledged after the reload: gone for good.
    await b.done('op-1');
    await b.done('op-3');
    assert.deepEqual(await new Outbox(store, 'w1').load(), []);
    assert.equal(store.data.size, 0);
  });

  it('keeps each board apart', async () => {
    const store = memoryStore();
    await new Outbox(store, 'w1').add('x', create('n1', 'a'), 1);
    await new Outbox(store, 'w10').add('y', create('n2', 'b'), 1);
    assert.deepEqual((await new Outbox(store, 'w1').load()).map((e) => e.id), ['x']);
    assert.deepEqual((await new Outbox(store, 'w10').load()).map((e) => e.id), ['y']);
  });

  it('an ack that comes before the write finished still removes the op', async () => {
    const store = memoryStore();
    const slow = { ...store, put: (k, v) => new Promise((r) => setTimeout(() => store.put(k, v).then(r), 20)) };
    const o = new Outbox(slow, 'w1');
    o.add('op-1', create('n1', 'a'), 1);
    await o.done('op-1');
    assert.equal(store.data.size, 0);
  });

  it('adding the same op twice keeps it once; done on an unknown id does nothing', async () => {
    const store = memoryStore();
    const o = new Outbox(store, 'w1');
    await o.add('op-1', create('n1', 'a'), 1);
    await o.add('op-1', create('n1', 'a'), 2);
    await o.done('nope');
    assert.equal(store.data.size, 1);
  });

  it('skips damaged records', async () => {
    const store = memoryStore();
    await store.put('w1/0', { key: 'w1/0', id: 'a' });
    await store.put('w1/1', 'junk');
    await new Outbox(store, 'w1').add('op-1', create('n1', 'a'), 5);
    assert.deepEqual((await new Outbox(store, 'w1').load()).map((e) => e.id), ['op-1']);
  });

  it('a failing store is counted, and later writes still run', async () => {
    let fail = true;
    const store = memoryStore();
    const flaky = { ...store, put: async (k, v) => { if (fail) throw new Error('QuotaExceededError'); return store.put(k, v); } };
    const o = new Outbox(flaky, 'w1');
    await o.add('op-1', create('n1', 'a'), 1);
    assert.equal(o.failures, 1);
    fail = false;
    await o.add('op-2', create('n2', 'b'), 2);
    assert.deepEqual((await new Outbox(store, 'w1').load()).map((e) => e.id), ['op-2']);
  });

  it('without IndexedDB there is no store (the page falls back to memory)', async () => {
    assert.equal(await openIdbStore(undefined), null);
  });

  it('ops loaded back are pending in the reducer, shown, and resent as unacked', async () => {
    const store = memoryStore();
    await new Outbox(store, 'w1').add('op-1', create('n1', 'skrevet uten nett'), 10);
    let s = initialState();
    for (const e of await new Outbox(store, 'w1').load()) s = reduce(s, { type: 'local', id: e.id, op: e.op, at: e.at });
    s = reduce(s, { type: 'welcome', workshop: workshop(), you: person('p1'), epoch: 'e1', serverTime: 1, localTime: 1 });
    assert.deepEqual(unacked(s).map((p) => p.id), ['op-1'], 'the same op id goes out again');
    assert.equal(visibleBoard(s).notes.n1.text, 'skrevet uten nett');
  });
});

describe('drafts', () => {
  const storage = () => {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
  };
  it('survive a reload, per board, and an empty text forgets them', () => {
    const s = storage();
    saveDraft(s, 'w1', { text: 'Halvskrevet', frame: 'f2', editing: '' });
    assert.deepEqual(loadDraft(s, 'w1'), { text: 'Halvskrevet', frame: 'f2', editing: '' });
    assert.equal(loadDraft(s, 'w2'), null);
    saveDraft(s, 'w1', { text: '', frame: 'f2', editing: '' });
    assert.equal(loadDraft(s, 'w1'), null);
    assert.equal(s.m.size, 0);
  });
  it('bad or missing storage is no draft', () => {
    const s = storage();
    s.setItem(draftKey('w1'), '{not json');
    assert.equal(loadDraft(s, 'w1'), null);
    assert.equal(loadDraft(null, 'w1'), null);
    saveDraft(null, 'w1', { text: 'x', frame: '', editing: '' });
    const full = { ...s, setItem: () => { throw new Error('QuotaExceededError'); } };
    saveDraft(full, 'w1', { text: 'x', frame: '', editing: '' });
  });
});
