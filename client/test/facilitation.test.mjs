// Facilitation in the reducer: the snapshot's new fields, every new event
// kind as the server's Apply changes the board, the timer, the ranking and
// the random even assignment.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as P from '../static/protocol.js';
import {
  assignEvenly, checkOp, currentVote, frameAt, initialState, randomInt, ranking, reduce, timerRemaining, visibleBoard, votesLeft,
} from '../static/state.js';
import { formatClock } from '../static/facilitation.js';
import { event, note, person, workshop } from './helpers.mjs';

const kari = person('kari', 'participant', 'Kari');
const ola = person('ola', 'participant', 'Ola');
const fac = person('fac', 'facilitator', 'Fasilitator');
const obs = person('obs', 'observer', 'Observatør');

const frame = (id, fields = {}) => ({ id, title: id, x: 0, y: 0, w: 600, h: 400, z: 1, ...fields });

function loaded(me = kari, board = {}) {
  let s = reduce(initialState(), { type: 'welcome', you: me, workshop: workshop(), serverTime: 10_000, localTime: 4_000 });
  s = reduce(s, { type: 'snapshot', board: { seq: 5, title: 'Tavle', notes: [], participants: [kari, ola, fac, obs], ...board } });
  return s;
}
/** Applies ops as events from seq 6 on. */
function apply(s, ...evs) {
  let seq = s.seq;
  for (const [actor, op] of evs) s = reduce(s, { type: 'event', event: event(++seq, actor, op) });
  return s;
}

describe('facilitation state', () => {
  it('keeps every new field of a snapshot, and the clock offset of welcome', () => {
    const s = loaded(kari, {
      notes: [note('n1', { frame: 'f1', private: true })],
      participants: [{ ...kari, group: 'g1' }, { ...ola, removed: true }],
      frames: [frame('f1', { group: 'g1', locked: true })],
      groups: [{ id: 'g1', name: 'Sentrum', createdAt: 1 }],
      votes: [{ id: 'v1', budget: 3, open: true, mine: { n1: 1 }, left: 2, openedAt: 1 }],
      breakout: true, allowPick: true, locked: true,
      private: { sealed: true, startedAt: 1, by: 'fac' },
      timer: { durationMs: 60000, elapsedMs: 0, startedAt: 1, running: true },
      focus: { frame: 'f1', x: 0, y: 0, at: 2, by: 'fac' },
      message: { text: 'Hei', at: 3, by: 'fac' },
    });
    const b = s.committed;
    assert.equal(s.clockOffset, 6000);
    assert.deepEqual([b.notes.n1.frame, b.notes.n1.private], ['f1', true]);
    assert.deepEqual([b.participants.kari.group, b.participants.ola.removed], ['g1', true]);
    assert.equal(b.frames.f1.locked, true);
    assert.equal(b.groups.g1.name, 'Sentrum');
    assert.equal(b.votes.v1.mine.n1, 1);
    assert.deepEqual([b.breakout, b.allowPick, b.locked], [true, true, true]);
    assert.equal(b.private.sealed, true);
    assert.equal(b.timer.durationMs, 60000);
    assert.equal(b.focus.frame, 'f1');
    assert.equal(b.message.text, 'Hei');
    const empty = reduce(s, { type: 'snapshot', board: { seq: 9, title: 'T', notes: [], participants: [] } });
    assert.deepEqual([empty.committed.breakout, empty.committed.timer, Object.keys(empty.committed.frames)], [false, null, []]);
  });

  it('follows people, groups, breakout, lock, message and focus', () => {
    let s = loaded(fac);
    s = apply(s,
      ['fac', P.groupCreate('g1', ' Sentrum ')],
      ['fac', P.groupCreate('g2', 'Havna')],
      ['fac', P.groupRename('g2', 'Kaia')],
      ['fac', P.groupAssign({ kari: 'g1', ola: 'g2' })],
      ['fac', P.participantRename('kari', 'Kari N')],
      ['fac', P.groupPick(true)],
      ['kari', P.participantGroup('kari', 'g2')],
      ['fac', P.breakoutStart()],
      ['fac', P.boardLock(true)],
      ['fac', P.boardMessage('Fem minutter igjen')],
      ['fac', P.boardFocus({ x: 10, y: 20 })]);
    let b = s.committed;
    assert.deepEqual([b.groups.g1.name, b.groups.g2.name], ['Sentrum', 'Kaia']);
    assert.deepEqual([b.participants.kari.group, b.participants.ola.group, b.participants.kari.name], ['g2', 'g2', 'Kari N']);
    assert.deepEqual([b.allowPick, b.breakout, b.locked], [true, true, true]);
    assert.equal(b.message.text, 'Fem minutter igjen');
    assert.deepEqual([b.focus.x, b.focus.y, b.focus.by], [10, 20, 'fac']);
    s = apply(s, ['fac', P.groupDelete('g2')], ['fac', P.breakoutEnd()], ['fac', P.boardMessage('')],
      ['fac', P.boardFocus()], ['fac', P.participantRemove('ola')]);
    b = s.committed;
    assert.equal(b.groups.g2.deleted, true);
    assert.equal(b.participants.kari.group, undefined, 'a deleted group leaves its members in none');
    assert.deepEqual([b.breakout, b.message, b.focus, b.participants.ola.removed], [false, null, null, true]);
  });

  it('puts notes in frames and moves them with the frame', () => {
    let s = loaded(fac);
    s = apply(s,
      ['fac', P.frameCreate({ frame: 'big', title: 'Stor', x: 0, y: 0, w: 1000, h: 1000 })],
      ['fac', P.frameCreate({ frame: 'small', title: 'Liten', text: 'Hva?', x: 100, y: 100, w: 400, h: 400, group: 'g1' })],
      ['kari', P.noteCreate({ note: 'n1', x: 150, y: 150 })],
      ['kari', P.noteCreate({ note: 'n2', x: 700, y: 700 })],
      ['kari', P.noteCreate({ note: 'n3', x: 3000, y: 3000 })]);
    let b = s.committed;
    assert.deepEqual([b.notes.n1.frame, b.notes.n2.frame, b.notes.n3.frame], ['small', 'big', undefined]);
    assert.deepEqual([b.frames.small.prompt, b.frames.small.group], ['Hva?', 'g1']);
    s = apply(s, ['fac', P.frameUpdate('small', { x: 2000, y: 100, title: 'Ny' })], ['fac', P.frameLock('big', true)]);
    b = s.committed;
    assert.deepEqual([b.notes.n1.x, b.notes.n1.y, b.frames.small.title], [2050, 150, 'Ny']);
    assert.equal(b.frames.big.locked, true);
    s = apply(s, ['kari', P.noteMove('n3', 2100, 200)]);
    assert.equal(s.committed.notes.n3.frame, 'small');
    s = apply(s, ['fac', P.frameDelete('small')]);
    assert.equal(s.committed.frames.small, undefined);
    assert.equal(s.committed.notes.n1.frame, undefined);
    assert.equal(frameAt(s.committed, { x: 10, y: 10, w: 10, h: 10 }), 'big');
  });

  it('copies frames for each group with the server IDs', () => {
    let s = loaded(fac, { frames: [frame('f1')], groups: [{ id: 'b', name: 'B' }, { id: 'a', name: 'A' }] });
    s = apply(s, ['fac', P.frameCopy(['f1'], 0, 500)]);
    const f = s.committed.frames;
    assert.deepEqual([f['c6-0-0'].group, f['c6-0-0'].y, f['c6-1-0'].group, f['c6-1-0'].y], ['a', 500, 'b', 1000]);
  });

  it('counts a voter\'s own dots, facilitators\' totals, the reveal and the top', () => {
    let me = loaded(kari, { notes: [note('n1'), note('n2', { createdAt: 0 })] });
    me = apply(me, ['fac', P.voteOpen({ vote: 'v1', budget: 2 })], ['kari', P.voteCast('v1', 'n1')], ['kari', P.voteCast('v1', 'n1')]);
    let v = me.committed.votes.v1;
    assert.deepEqual([v.open, v.mine.n1, votesLeft(v, kari)], [true, 2, 0]);
    assert.equal(checkOp(me.committed, P.voteCast('v1', 'n2'), kari), 'over_budget');
    assert.equal(checkOp(me.committed, P.voteCast('v1', 'n2'), fac), 'forbidden');
    assert.equal(checkOp(me.committed, P.voteOpen({ vote: 'v2', budget: 2 }), fac), 'conflict');
    me = apply(me, ['kari', P.voteRetract('v1', 'n1')]);
    assert.equal(votesLeft(me.committed.votes.v1, kari), 1);

    let f = loaded(fac, { notes: [note('n1', { createdAt: 5 }), note('n2', { createdAt: 1 }), note('n3')] });
    f = apply(f, ['fac', P.voteOpen({ vote: 'v1', budget: 2, cap: 1, frames: [] })], ['', P.voteCast('v1', 'n1')], ['', P.voteCast('v1', 'n2')],
      ['', P.voteCast('v1', 'n3')], ['', P.voteRetract('v1', 'n3')], ['fac', P.noteDelete('n3')]);
    v = f.committed.votes.v1;
    assert.deepEqual(v.totals, { n1: 1, n2: 1 });
    assert.equal(v.cap, 1);
    assert.equal(votesLeft(v, fac), 0, 'facilitators do not vote');
    f = apply(f, ['fac', P.voteReveal('v1')]);
    v = f.committed.votes.v1;
    assert.deepEqual([v.open, v.revealed], [false, true]);
    assert.deepEqual(ranking(f.committed, v), [{ note: 'n2', dots: 1 }, { note: 'n1', dots: 1 }], 'ties go to the older note');
    f = apply(f, ['fac', P.voteTop('v1', ['n2'])]);
    assert.deepEqual(currentVote(f.committed).top, ['n2']);
  });

  it('hands back a dot on a hidden note', () => {
    let s = loaded(kari, { notes: [note('n1')], votes: [{ id: 'v1', budget: 2, open: true, mine: { n1: 1 } }] });
    s = apply(s, ['fac', { kind: 'note.hide', note: 'n1', on: true, reason: 'x' }]);
    assert.deepEqual(s.committed.votes.v1.mine, {});
  });

  it('private steps mark new notes until the reveal', () => {
    let s = loaded(kari, { frames: [frame('f1'), frame('f2', { x: 2000 })] });
    s = apply(s, ['fac', P.privateStart({ frames: ['f1'], sealed: true })], ['kari', P.noteCreate({ note: 'n1', x: 10, y: 10 })],
      ['kari', P.noteCreate({ note: 'n2', x: 2010, y: 10 })]);
    assert.deepEqual([s.committed.private.sealed, s.committed.notes.n1.private, s.committed.notes.n2.private], [true, true, undefined]);
    s = apply(s, ['fac', P.privateReveal()]);
    assert.deepEqual([s.committed.private, s.committed.notes.n1.private], [null, undefined]);
  });

  it('runs the timer from server time', () => {
    let s = loaded(fac);
    s = apply(s, ['fac', P.timerStart(60000)]); // at 1006
    const t0 = s.committed.timer;
    assert.equal(timerRemaining(t0, 1006), 60000);
    assert.equal(timerRemaining(t0, 11006), 50000);
    assert.equal(timerRemaining(t0, 999999), 0, 'never below zero');
    s = apply(s, ['fac', P.timerPause()]); // at 1007
    assert.equal(timerRemaining(s.committed.timer, 500000), 59999, 'a paused timer stands still');
    s = apply(s, ['fac', P.timerAdd(60000)], ['fac', P.timerResume()]); // at 1008, 1009
    assert.equal(timerRemaining(s.committed.timer, 1009 + 1000), 119999 - 1000);
    s = apply(s, ['fac', P.timerReset()]);
    assert.equal(s.committed.timer, null);
    assert.equal(timerRemaining(null, 5), 0);
    assert.equal(formatClock(61000), '1:01');
    assert.equal(formatClock(1), '0:01');
    assert.equal(formatClock(3_600_000), '1:00:00');
  });

  it('time added after the end counts from the moment it is added', () => {
    let s = loaded(fac);
    s = apply(s, ['fac', P.timerStart(1000)]); // at 1006, ends 2006
    s = reduce(s, { type: 'event', event: { ...event(50, 'fac', P.timerAdd(5000)), at: 9000 } });
    assert.equal(timerRemaining(s.committed.timer, 9000), 5000);
  });

  it('refuses facilitation ops from those who may not send them, and never applies them early', () => {
    const s = loaded(kari, { frames: [frame('f1', { locked: true })] });
    for (const op of [P.breakoutStart(), P.timerStart(60000), P.groupCreate('g', 'G'), P.boardLock(true), P.voteOpen({ vote: 'v', budget: 1 })]) {
      assert.equal(checkOp(s.committed, op, kari), 'forbidden', op.kind);
      assert.equal(checkOp(s.committed, op, fac), null, op.kind);
      assert.equal(checkOp(s.committed, op, obs), 'forbidden', op.kind);
    }
    assert.equal(checkOp(s.committed, P.participantGroup('kari', ''), kari), 'forbidden', 'picking is not allowed');
    assert.equal(checkOp(s.committed, P.participantRename('kari', 'K'), kari), null);
    assert.equal(checkOp(s.committed, P.participantRename('ola', 'O'), kari), 'forbidden');
    assert.equal(checkOp(s.committed, P.noteCreate({ note: 'x', x: 10, y: 10 }), kari), 'locked');
    assert.equal(checkOp(s.committed, P.noteCreate({ note: 'x', x: 10, y: 10 }), fac), null);
    assert.equal(P.checkShape(P.frameCopy([], 0, 0)), 'invalid', 'an empty list counts as absent');
    const f = reduce(loaded(fac), { type: 'local', id: 'op1', op: P.breakoutStart() });
    assert.equal(visibleBoard(f).breakout, false, 'shown when the event comes');
  });
});

describe('random even assignment', () => {
  it('is an even partition of the participants over the live groups', () => {
    const participants = {};
    for (let i = 0; i < 11; i++) participants[`p${i}`] = person(`p${i}`);
    participants.gone = { ...person('gone'), removed: true };
    participants.fac = { ...fac, group: 'g2' };
    participants.obs = obs;
    const groups = { g1: { id: 'g1', name: 'A' }, g2: { id: 'g2', name: 'B' }, g3: { id: 'g3', name: 'C' }, old: { id: 'old', name: 'X', deleted: true } };
    const board = { ...initialState().committed, participants, groups };
    const seen = new Set();
    for (let round = 0; round < 20; round++) {
      const a = assignEvenly(board, (n) => randomInt(n));
      assert.ok(a);
      assert.equal(a.gone, undefined, 'removed people are left out');
      assert.equal(a.fac, 'g2', 'facilitators keep their group');
      assert.equal(a.obs, undefined);
      const sizes = { g1: 0, g2: 0, g3: 0 };
      for (let i = 0; i < 11; i++) sizes[a[`p${i}`]]++;
      assert.deepEqual(Object.values(sizes).sort(), [3, 4, 4]);
      seen.add(JSON.stringify(a));
    }
    assert.ok(seen.size > 1, 'random');
    assert.equal(assignEvenly({ ...board, groups: {} }, () => 0), null);
  });

  it('randomInt stays in range', () => {
    for (let i = 0; i < 200; i++) {
      const r = randomInt(7);
      assert.ok(Number.isInteger(r) && r >= 0 && r < 7);
    }
  });
});
