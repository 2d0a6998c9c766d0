// The board reducer: snapshots and events build the committed board;
// local ops sit on top until acked or echoed, and roll back on error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noteCreate, noteDelete, noteEdit, noteMove, noteRecolor, noteResize } from '../static/protocol.js';
import {
  canChangeBoard, canChangeContent, checkOp, initialState, notesInOrder, reduce, unacked, visibleBoard,
} from '../static/state.js';
import { event, note, person, workshop } from './helpers.mjs';

const kari = person('kari', 'participant', 'Kari');
const ola = person('ola', 'participant', 'Ola');
const fac = person('fac', 'facilitator', 'Fasilitator');
const obs = person('obs', 'observer', 'Observatør');

/** A state welcomed as `me` with a snapshot at seq 5 holding `notes`. */
function loaded(me = kari, notes = [note('n1', { text: 'hei', author: 'kari', z: 3 })], seq = 5) {
  let s = reduce(initialState(), { type: 'welcome', you: me, workshop: workshop() });
  s = reduce(s, { type: 'snapshot', board: { seq, title: 'Tavle', notes, participants: [kari, ola, fac, obs] } });
  return s;
}

describe('snapshot and events', () => {
  it('a snapshot replaces the committed board', () => {
    const s = loaded();
    assert.equal(s.seq, 5);
    assert.equal(s.loaded, true);
    assert.equal(s.committed.title, 'Tavle');
    assert.deepEqual(Object.keys(s.committed.notes), ['n1']);
    assert.equal(s.committed.participants.ola.name, 'Ola');
    const again = reduce(s, { type: 'snapshot', board: { seq: 9, title: 'Ny', notes: [], participants: [] } });
    assert.equal(again.seq, 9);
    assert.deepEqual(again.committed.notes, {});
    assert.equal(again.committed.title, 'Ny');
  });

  it('applies events in order and ignores ones already seen', () => {
    let s = loaded();
    s = reduce(s, { type: 'event', event: event(6, 'ola', noteCreate({ note: 'n2', text: 'ny', color: 'blue', x: 10, y: 20 })) });
    assert.equal(s.seq, 6);
    const n2 = s.committed.notes.n2;
    assert.deepEqual([n2.text, n2.color, n2.x, n2.y, n2.w, n2.h, n2.author, n2.z], ['ny', 'blue', 10, 20, 180, 140, 'ola', 6]);
    const same = reduce(s, { type: 'event', event: event(6, 'ola', noteDelete('n2')) });
    assert.equal(same, s, 'a repeated seq changes nothing');
  });

  it('drops a note a facilitator hides', () => {
    const s = loaded();
    const hidden = reduce(s, { type: 'event', event: event(6, 'fac', { kind: 'note.hide', note: 'n1', on: true }) });
    assert.equal(hidden.committed.notes.n1.hidden, true);
    assert.equal(notesInOrder(hidden.committed).some((n) => n.id === 'n1'), false);
  });

  it('applies an event after a gap: the server leaves out events not meant for us', () => {
    const s = loaded();
    const after = reduce(s, { type: 'event', event: event(8, 'ola', noteDelete('n1')) });
    assert.equal(after.needsResync, false);
    assert.equal(after.seq, 8);
    assert.equal(after.committed.notes.n1.deleted, true);
    const old = reduce(after, { type: 'event', event: event(6, 'ola', noteMove('n1', 1, 1)) });
    assert.equal(old, after, 'an event older than what we have is ignored');
  });

  it('follows every note op like workshops.Apply', () => {
    let s = loaded();
    s = reduce(s, { type: 'event', event: event(6, 'kari', noteEdit('n1', 'endret')) });
    s = reduce(s, { type: 'event', event: event(7, 'ola', noteMove('n1', 5, 6)) });
    s = reduce(s, { type: 'event', event: event(8, 'ola', noteResize('n1', 300, 200)) });
    s = reduce(s, { type: 'event', event: event(9, 'ola', noteRecolor('n1', 'green')) });
    const n = s.committed.notes.n1;
    assert.deepEqual([n.text, n.x, n.y, n.z, n.w, n.h, n.color, n.updatedAt], ['endret', 5, 6, 7, 300, 200, 'green', 1009]);
    s = reduce(s, { type: 'event', event: event(10, 'kari', noteDelete('n1')) });
    assert.equal(s.committed.notes.n1.deleted, true);
    assert.equal(s.committed.notes.n1.text, '', 'a tombstone keeps no content');
    assert.deepEqual(notesInOrder(visibleBoard(s)), []);
  });

  it('adds people and renames the board', () => {
    let s = loaded();
    s = reduce(s, { type: 'event', event: event(6, '', { kind: 'participant.join', participant: { id: 'per', name: '  Per ', role: 'participant', joinedAt: 0 } }) });
    assert.equal(s.committed.participants.per.name, 'Per');
    assert.equal(s.committed.participants.per.joinedAt, 1006);
    s = reduce(s, { type: 'event', event: event(7, 'fac', { kind: 'board.rename', title: ' Nytt navn ' }) });
    assert.equal(s.committed.title, 'Nytt navn');
  });

  it('draws notes by z, then by ID', () => {
    const s = loaded(kari, [note('b', { z: 2 }), note('a', { z: 2 }), note('c', { z: 1 })]);
    assert.deepEqual(notesInOrder(visibleBoard(s)).map((n) => n.id), ['c', 'a', 'b']);
  });
});

describe('optimistic ops', () => {
  const create = noteCreate({ note: 'n2', text: '', color: 'yellow', x: 0, y: 0 });

  it('show at once, on top of everything committed', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: create, at: 42 });
    const v = visibleBoard(s);
    assert.ok(v.notes.n2);
    assert.equal(v.notes.n2.author, 'kari');
    assert.equal(v.notes.n2.z, 6, 'above the committed seq');
    assert.equal(s.committed.notes.n2, undefined, 'committed is untouched');
    assert.deepEqual(unacked(s).map((p) => p.id), ['op1']);
  });

  it('a local op with an ID already pending is ignored', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: create });
    const again = reduce(s, { type: 'local', id: 'op1', op: create });
    assert.equal(again, s);
  });

  it('leave pending when their own event arrives', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteEdit('n1', 'lokal') });
    assert.equal(visibleBoard(s).notes.n1.text, 'lokal');
    s = reduce(s, { type: 'event', event: event(6, 'kari', noteEdit('n1', 'lokal'), 'op1') });
    assert.deepEqual(s.pending, []);
    assert.equal(visibleBoard(s).notes.n1.text, 'lokal');
  });

  it('an op ID of someone else does not settle ours', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteEdit('n1', 'lokal') });
    s = reduce(s, { type: 'event', event: event(6, 'ola', noteMove('n1', 1, 1), 'op1') });
    assert.equal(s.pending.length, 1);
  });

  it('an ack before its event keeps the change visible until the event', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteMove('n1', 100, 100) });
    s = reduce(s, { type: 'ack', id: 'op1', seq: 7 });
    assert.equal(s.pending[0].ackSeq, 7);
    assert.deepEqual(unacked(s), [], 'acked ops are not resent');
    assert.equal(visibleBoard(s).notes.n1.x, 100, 'no blink back to the old place');
    s = reduce(s, { type: 'event', event: event(6, 'ola', noteEdit('n1', 'x')) });
    assert.equal(s.pending.length, 1, 'seq 6 is not ours yet');
    assert.equal(visibleBoard(s).notes.n1.x, 100);
    s = reduce(s, { type: 'event', event: event(7, 'kari', noteMove('n1', 100, 100), 'op1') });
    assert.deepEqual(s.pending, []);
    assert.equal(visibleBoard(s).notes.n1.x, 100);
  });

  it('an ack for a seq already applied drops the op at once', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteMove('n1', 1, 2) });
    s = reduce(s, { type: 'ack', id: 'op1', seq: 3 });
    assert.deepEqual(s.pending, []);
  });

  it('an ack for an unknown op changes nothing', () => {
    const s = loaded();
    assert.equal(reduce(s, { type: 'ack', id: 'nope', seq: 9 }), s);
  });

  it('an error with the op ID rolls the change back', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: create });
    s = reduce(s, { type: 'local', id: 'op2', op: noteEdit('n1', 'lokal') });
    s = reduce(s, { type: 'error', id: 'op1', code: 'limit_reached' });
    const v = visibleBoard(s);
    assert.equal(v.notes.n2, undefined);
    assert.equal(v.notes.n1.text, 'lokal', 'other pending ops stay');
    const noId = reduce(s, { type: 'error', code: 'rate_limited' });
    assert.equal(noId, s, 'an error without ID rolls nothing back');
  });

  it('a later op on a rolled-back note drops out of the view as well', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: create });
    s = reduce(s, { type: 'local', id: 'op2', op: noteMove('n2', 50, 50) });
    assert.equal(visibleBoard(s).notes.n2.x, 50);
    s = reduce(s, { type: 'error', id: 'op1', code: 'conflict' });
    assert.equal(visibleBoard(s).notes.n2, undefined);
  });

  it('pending ops are shown on top of changes by others (our edit wins on screen until the log decides)', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteRecolor('n1', 'pink') });
    s = reduce(s, { type: 'event', event: event(6, 'ola', noteRecolor('n1', 'blue')) });
    assert.equal(visibleBoard(s).notes.n1.color, 'pink');
    s = reduce(s, { type: 'event', event: event(7, 'kari', noteRecolor('n1', 'pink'), 'op1') });
    assert.equal(visibleBoard(s).notes.n1.color, 'pink');
  });

  it('a pending edit of a note someone else deleted is not shown', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteEdit('n1', 'lokal') });
    s = reduce(s, { type: 'event', event: event(6, 'fac', noteDelete('n1')) });
    assert.equal(visibleBoard(s).notes.n1.deleted, true);
    assert.deepEqual(notesInOrder(visibleBoard(s)), []);
  });
});

describe('resume', () => {
  it('a welcome with the same epoch keeps seq, so hello can resume', () => {
    let s = loaded();
    s = reduce(s, { type: 'welcome', you: kari, workshop: workshop() });
    assert.equal(s.seq, 5);
    assert.equal(s.epoch, 'e1');
  });

  it('a welcome with a new epoch forgets seq at once', () => {
    let s = loaded();
    s = reduce(s, { type: 'welcome', you: kari, workshop: workshop({ epoch: 'e2' }) });
    assert.equal(s.epoch, 'e2');
    assert.equal(s.seq, 0, 'the old seq means nothing in the new history');
    assert.ok(s.committed.notes.n1, 'the old board stays on screen until the snapshot');
  });

  it('unacked ops survive a snapshot and are offered for resending', () => {
    let s = loaded();
    s = reduce(s, { type: 'local', id: 'op1', op: noteEdit('n1', 'a') });
    s = reduce(s, { type: 'local', id: 'op2', op: noteEdit('n1', 'b') });
    s = reduce(s, { type: 'ack', id: 'op1', seq: 6 });
    s = reduce(s, { type: 'welcome', you: kari, workshop: workshop() });
    s = reduce(s, { type: 'snapshot', board: { seq: 6, title: 'T', notes: [note('n1', { text: 'a' })], participants: [kari] } });
    assert.deepEqual(s.pending.map((p) => p.id), ['op2'], 'op1 is in the snapshot');
    assert.deepEqual(unacked(s).map((p) => p.id), ['op2']);
    assert.equal(visibleBoard(s).notes.n1.text, 'b');
  });

  it('a resent create already in the log does not show twice', () => {
    let s = loaded();
    const create = noteCreate({ note: 'n2', x: 0, y: 0 });
    s = reduce(s, { type: 'local', id: 'op1', op: create });
    // The op reached the log, but the connection dropped before the ack.
    s = reduce(s, { type: 'snapshot', board: { seq: 6, title: 'T', notes: [note('n1'), note('n2', { author: 'kari', z: 6 })], participants: [kari] } });
    assert.equal(notesInOrder(visibleBoard(s)).filter((n) => n.id === 'n2').length, 1);
    s = reduce(s, { type: 'ack', id: 'op1', seq: 6 });
    assert.deepEqual(s.pending, []);
  });

  it('missed events after a resume apply on top of what we had', () => {
    let s = loaded();
    s = reduce(s, { type: 'welcome', you: kari, workshop: workshop() });
    s = reduce(s, { type: 'event', event: event(6, 'ola', noteEdit('n1', 'mens du var borte')) });
    assert.equal(s.committed.notes.n1.text, 'mens du var borte');
  });
});

describe('checkOp mirrors the server rules', () => {
  const board = loaded().committed;

  it('observers change nothing', () => {
    assert.equal(checkOp(board, noteMove('n1', 1, 1), obs), 'forbidden');
    assert.equal(checkOp(board, noteCreate({ note: 'x', x: 0, y: 0 }), obs), 'forbidden');
  });

  it('only author and facilitators edit and delete text; anyone moves', () => {
    assert.equal(checkOp(board, noteEdit('n1', 'x'), kari), null);
    assert.equal(checkOp(board, noteEdit('n1', 'x'), ola), 'forbidden');
    assert.equal(checkOp(board, noteDelete('n1'), ola), 'forbidden');
    assert.equal(checkOp(board, noteEdit('n1', 'x'), fac), null);
    assert.equal(checkOp(board, noteDelete('n1'), fac), null);
    assert.equal(checkOp(board, noteMove('n1', 3, 3), ola), null);
    assert.equal(checkOp(board, noteResize('n1', 200, 200), ola), null);
    assert.equal(checkOp(board, noteRecolor('n1', 'pink'), ola), null);
  });

  it('the role on the board counts, as on the server', () => {
    const promoted = { ...board, participants: { ...board.participants, ola: { ...ola, role: 'facilitator' } } };
    assert.equal(checkOp(promoted, noteEdit('n1', 'x'), ola), null);
  });

  it('limits and shapes', () => {
    assert.equal(checkOp(board, noteEdit('n1', 'x'.repeat(1000)), kari), null);
    assert.equal(checkOp(board, noteEdit('n1', 'x'.repeat(1001)), kari), 'too_large');
    assert.equal(checkOp(board, noteEdit('n1', '😀'.repeat(1000)), kari), null, 'characters, not UTF-16 units');
    assert.equal(checkOp(board, { kind: 'note.move', note: 'n1', x: 100001, y: 0 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.resize', note: 'n1', w: 79, h: 100 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.resize', note: 'n1', w: 1200, h: 80 }, kari), null);
    assert.equal(checkOp(board, { kind: 'note.recolor', note: 'n1', color: 'red' }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.move', note: 'n1', x: NaN, y: 0 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.move', note: 'n1', x: 1 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.move', note: 'n1', x: 1, y: 1, text: 'x' }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.create', note: 'n9', text: '', color: 'yellow', x: 0, y: 0, w: 100 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.create', note: 'bad id!', text: '', color: 'yellow', x: 0, y: 0 }, kari), 'invalid');
    assert.equal(checkOp(board, { kind: 'note.create', note: 'n1', text: '', color: 'yellow', x: 0, y: 0 }, kari), 'conflict');
    assert.equal(checkOp(board, { kind: 'note.fly' }, kari), 'unknown_op');
    assert.equal(checkOp(board, { kind: 'participant.join', participant: kari }, fac), 'server_only');
  });

  it('missing and deleted notes', () => {
    assert.equal(checkOp(board, noteMove('nope', 1, 1), kari), 'not_found');
    const gone = { ...board, notes: { n1: { ...board.notes.n1, deleted: true } } };
    assert.equal(checkOp(gone, noteMove('n1', 1, 1), kari), 'deleted');
    assert.equal(checkOp(gone, { kind: 'note.create', note: 'n1', text: '', color: 'yellow', x: 0, y: 0 }, kari), 'conflict', 'a deleted ID is not reused');
  });

  it('the board holds at most 5000 live notes', () => {
    const notes = {};
    for (let i = 0; i < 5000; i++) notes[`n${i}`] = note(`n${i}`);
    const full = { ...board, notes };
    assert.equal(checkOp(full, noteCreate({ note: 'one-more', x: 0, y: 0 }), kari), 'limit_reached');
    notes.n0 = { ...notes.n0, deleted: true };
    assert.equal(checkOp({ ...board, notes }, noteCreate({ note: 'one-more', x: 0, y: 0 }), kari), null);
  });

  it('board.rename is for facilitators, with a title of 1-120 characters', () => {
    assert.equal(checkOp(board, { kind: 'board.rename', title: 'Ny' }, kari), 'forbidden');
    assert.equal(checkOp(board, { kind: 'board.rename', title: 'Ny' }, fac), null);
    assert.equal(checkOp(board, { kind: 'board.rename', title: '   ' }, fac), 'invalid');
    assert.equal(checkOp(board, { kind: 'board.rename', title: 'x'.repeat(121) }, fac), 'too_large');
    assert.equal(checkOp(board, { kind: 'board.rename', title: 'a\u0007b' }, fac), 'invalid');
  });

  it('permission helpers for the UI', () => {
    const n = board.notes.n1;
    assert.equal(canChangeContent(n, kari), true);
    assert.equal(canChangeContent(n, ola), false);
    assert.equal(canChangeContent(n, fac), true);
    assert.equal(canChangeContent(n, obs), false);
    assert.equal(canChangeContent(n, null), false);
    assert.equal(canChangeBoard(ola), true);
    assert.equal(canChangeBoard(obs), false);
    assert.equal(canChangeBoard(null), false);
  });
});

describe('purity', () => {
  it('reduce never changes the state it is given', () => {
    const s = loaded();
    const frozen = JSON.stringify(s);
    let t = reduce(s, { type: 'local', id: 'op1', op: noteMove('n1', 9, 9) });
    t = reduce(t, { type: 'event', event: event(6, 'ola', noteEdit('n1', 'x')) });
    t = reduce(t, { type: 'ack', id: 'op1', seq: 7 });
    visibleBoard(t);
    assert.equal(JSON.stringify(s), frozen);
  });
});
