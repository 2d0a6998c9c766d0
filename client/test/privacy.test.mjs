// Privacy in the reducer: participant.erase and board.end as the server's
// Apply changes the board, what an ended board refuses, a new workshop
// from the API, and the deletion date picker's day.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endOfDay } from '../static/fac-privacy.js';
import { OP_SPECS, PANEL_CONSENT_VERSION } from '../static/protocol.js';
import { checkOp, initialState, reduce, visibleBoard } from '../static/state.js';
import { event, note, person, workshop } from './helpers.mjs';

const kari = person('kari', 'participant', 'Kari');
const ola = person('ola', 'participant', 'Ola');
const fac = person('fac', 'facilitator', 'Fasilitator');

function loaded(me, board = {}) {
  let s = reduce(initialState(), { type: 'welcome', you: me, workshop: workshop(), serverTime: 0, localTime: 0 });
  return reduce(s, { type: 'snapshot', board: { seq: 5, title: 'Tavle', notes: [], participants: [kari, ola, fac], ...board } });
}

describe('participant.erase', () => {
  it('deletes every note of the person, hands back dots on them, and removes them without a name', () => {
    let s = loaded(fac, {
      notes: [note('k1', { author: 'kari', text: 'Kari bor her' }), note('k2', { author: 'kari', text: 'skjult', hidden: true, hiddenReason: 'tlf' }),
        note('o1', { author: 'ola', text: 'Olas lapp' })],
      votes: [{ id: 'v1', budget: 3, open: true, totals: { k1: 2, o1: 1 }, openedAt: 1 }],
    });
    s = reduce(s, { type: 'event', event: event(6, '', { kind: 'participant.erase', person: 'kari' }) });
    const b = visibleBoard(s);
    for (const id of ['k1', 'k2']) {
      assert.equal(b.notes[id].deleted, true, id);
      assert.equal(b.notes[id].text, '', id);
      assert.equal(b.notes[id].hiddenReason, undefined, id);
    }
    assert.equal(b.notes.o1.text, 'Olas lapp');
    assert.deepEqual(b.votes.v1.totals, { o1: 1 });
    assert.deepEqual({ ...b.participants.kari }, { ...kari, name: '', removed: true, erased: true });
    assert.equal(s.seq, 6);
  });

  it('is issued by the server only', () => {
    assert.equal(OP_SPECS['participant.erase'].serverOnly, true);
    assert.equal(OP_SPECS['board.end'].serverOnly, true);
    assert.equal(checkOp(visibleBoard(loaded(fac)), { kind: 'participant.erase', person: 'kari' }, fac), 'server_only');
  });
});

describe('board.end', () => {
  it('ends the workshop: joining closed, and the client refuses every change as the server does', () => {
    let s = loaded(fac, { notes: [note('n1', { author: 'fac' })] });
    s = reduce(s, { type: 'event', event: event(6, '', { kind: 'board.end' }) });
    const b = visibleBoard(s);
    assert.equal(b.ended, true);
    assert.equal(b.joinClosed, true);
    assert.equal(checkOp(b, { kind: 'note.create', note: 'n2', text: 'x', color: 'yellow', x: 0, y: 0 }, fac), 'closed');
    assert.equal(checkOp(b, { kind: 'note.edit', note: 'n1', text: 'y' }, fac), 'closed');
    assert.equal(checkOp(b, { kind: 'board.rename', title: 'Ny' }, fac), 'closed');
  });

  it('comes back in a snapshot', () => {
    assert.equal(visibleBoard(loaded(fac, { ended: true, joinClosed: true })).ended, true);
    assert.equal(visibleBoard(loaded(fac)).ended, false);
  });
});

describe('the workshop from the API', () => {
  it('replaces the workshop, keeping the epoch', () => {
    const s = reduce(loaded(fac), { type: 'workshop', workshop: workshop({ joinCode: 'NEWONE', deleteAfter: '2027-01-01T00:00:00Z', epoch: 'other' }) });
    assert.equal(s.workshop.joinCode, 'NEWONE');
    assert.equal(s.workshop.deleteAfter, '2027-01-01T00:00:00Z');
    assert.equal(s.workshop.epoch, 'e1');
    const other = reduce(loaded(fac), { type: 'workshop', workshop: workshop({ id: 'w2', joinCode: 'XXXXXX' }) });
    assert.equal(other.workshop.joinCode, 'ABCDEF', 'another workshop is ignored');
  });
});

describe('the deletion date', () => {
  it('is the end of the chosen day, local time', () => {
    const d = endOfDay('2027-03-14');
    assert.equal(d.getFullYear(), 2027);
    assert.equal(d.getMonth(), 2);
    assert.equal(d.getDate(), 14);
    assert.equal(d.getHours(), 23);
    for (const bad of ['', '2027-02-30', '14.03.2027', '2027-3-1']) assert.equal(endOfDay(bad), null, bad);
  });

  it('the consent text has a version the server knows', () => {
    assert.match(PANEL_CONSENT_VERSION, /^\d{4}-\d+$/);
  });
});

describe('docs/PRIVACY.md', () => {
  it('quotes the consent text the board shows, in every language', async () => {
    const { readFileSync } = await import('node:fs');
    const { MESSAGES } = await import('../static/messages.js');
    const doc = readFileSync(new URL('../../docs/PRIVACY.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    assert.ok(doc.includes(`version ${PANEL_CONSENT_VERSION}`), 'the version');
    for (const lang of ['nb', 'nn', 'en']) {
      assert.ok(doc.includes(MESSAGES[lang]['panel.consent']), `${lang} panel.consent`);
      assert.ok(doc.includes(MESSAGES[lang]['panel.consentCheck']), `${lang} panel.consentCheck`);
    }
  });
});

describe('vote.ballot', () => {
  it('is issued by the server only and changes nothing in the client (the server sends a snapshot)', () => {
    assert.equal(OP_SPECS['vote.ballot'].serverOnly, true);
    const ballot = { kind: 'vote.ballot', vote: 'v1', note: 'o1', on: true, person: 'ballot-1' };
    for (const who of [fac, kari]) {
      let s = loaded(who, {
        notes: [note('o1', { author: 'ola', text: 'Olas lapp' })],
        votes: [{ id: 'v1', budget: 3, open: true, totals: { o1: 1 }, openedAt: 1 }],
      });
      assert.equal(checkOp(visibleBoard(s), ballot, who), 'server_only');
      const before = visibleBoard(s);
      s = reduce(s, { type: 'event', event: event(6, '', ballot) });
      assert.deepEqual(visibleBoard(s).votes, before.votes);
    }
  });
});
