import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold, searchBoard } from '../static/search.js';
import { emptyBoard } from '../static/state.js';

const note = (id, text, extra = {}) => ({ id, text, color: 'yellow', x: 0, y: 0, w: 180, h: 140, author: 'p', z: 1, createdAt: 1, updatedAt: 1, ...extra });

describe('search', () => {
  it('folds case and the Norwegian letters', () => {
    assert.equal(fold('Møteplass ved ÆRLIG Å'), 'moteplass ved aerlig a');
    assert.ok(fold('Tromsø').includes(fold('tromso')));
    assert.ok(fold('Blåbær').includes(fold('blabaer')));
    assert.ok(fold('café').includes(fold('cafe')));
  });

  it('finds notes, comments and cluster names, not deleted or hidden ones', () => {
    const b = {
      ...emptyBoard(),
      notes: { n1: note('n1', 'Møteplass ved elva'), n2: note('n2', 'Borte', { deleted: true }), n3: note('n3', 'Skjult møte', { hidden: true }), n4: note('n4', 'Buss') },
      comments: { k1: { id: 'k1', note: 'n4', author: 'p', text: 'Et godt MØTESTED', createdAt: 2, seq: 3 }, k2: { id: 'k2', note: 'n2', author: 'p', text: 'møte', createdAt: 2 } },
      clusters: { c1: { id: 'c1', name: 'Møter og folk', x: 0, y: 0, w: 100, h: 100, z: 1 } },
    };
    const hits = searchBoard(b, 'mote');
    assert.deepEqual(hits.map((h) => `${h.kind}:${h.id}`), ['note:n1', 'comment:k1', 'cluster:c1']);
    assert.equal(hits[1].note, 'n4');
    assert.deepEqual(searchBoard(b, '   '), []);
    assert.deepEqual(searchBoard(b, 'zzz'), []);
  });
});
