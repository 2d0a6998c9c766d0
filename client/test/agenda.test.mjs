// The run of show and the room in the reducer and the pure helpers: the
// step line, the items, the preview, the presentation mode, and how
// agenda.set, agenda.go, board.link, hand.raise and board.follow change
// the board as the server's Apply does.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { agendaLine, itemOf, previewStep } from '../static/agenda.js';
import { i18n } from '../static/i18n.js';
import { presentMode } from '../static/present.js';
import { checkOp, emptyBoard, initialState, reduce } from '../static/state.js';
import { event, person, workshop } from './helpers.mjs';

const steps = [
  { part: 'intro', title: 'Velkommen' },
  { part: 'intro', title: 'Velkommen' },
  { part: 'ide', title: 'Idémyldring', minutes: 20 },
  { part: 'ide', title: 'Idémyldring', minutes: 5 },
  { title: 'Pause' },
  { title: 'Pause' },
];

describe('agenda', () => {
  // The client loads one language's table on demand (languages.js).
  before(() => i18n.use('nb'));

  it('counts items as runs of one part; a step without a part is an item of its own', () => {
    assert.deepEqual(itemOf(steps, 1), { item: 1, items: 4 });
    assert.deepEqual(itemOf(steps, 2), { item: 1, items: 4 });
    assert.deepEqual(itemOf(steps, 4), { item: 2, items: 4 });
    assert.deepEqual(itemOf(steps, 5), { item: 3, items: 4 });
    assert.deepEqual(itemOf(steps, 6), { item: 4, items: 4 });
  });

  it('writes the step line with the minutes left, rounded up, only while the timer runs', async () => {
    await i18n.use('nb');
    const b = { ...emptyBoard(), agenda: { steps, current: 3 } };
    assert.equal(agendaLine(b, 0), 'Steg 2 av 4: Idémyldring');
    const running = { ...b, timer: { durationMs: 20 * 60000, elapsedMs: 0, startedAt: 0, running: true } };
    assert.equal(agendaLine(running, 60000 * 7 + 1), 'Steg 2 av 4: Idémyldring, 13 min igjen');
    assert.equal(agendaLine(running, 20 * 60000), 'Steg 2 av 4: Idémyldring');
    assert.equal(agendaLine({ ...b, agenda: { steps, current: 0 } }, 0), '');
    await i18n.use('nn');
    assert.equal(agendaLine(running, 0), 'Steg 2 av 4: Idémyldring, 20 min att');
    await i18n.use('nb');
  });

  it('previews a step in one line', () => {
    i18n.setLang('nb');
    const b = { ...emptyBoard(), frames: { ide: { id: 'ide', title: 'Idémyldring', x: 0, y: 0, w: 1, h: 1, z: 1 } } };
    const s = { title: 'x', ops: [{ kind: 'board.focus', frame: 'ide' }, { kind: 'breakout.start' }, { kind: 'timer.start', ms: 1200000 }, { kind: 'vote.open', vote: 'v', budget: 3, cap: 2 }], top: 3 };
    assert.equal(previewStep(s, b), 'alle ser på «Idémyldring» · gruppearbeid starter · tidtaker 20 min · avstemning med 3 prikker, høyst 2 per lapp · marker de 3 beste');
    assert.equal(previewStep({ title: 'x' }, b), 'Bare å snakke, ingenting skjer på tavla');
  });

  it('reads the presentation mode from the fragment', () => {
    assert.deepEqual(presentMode('#present'), { on: true, anonymous: false });
    assert.deepEqual(presentMode('#present-anon'), { on: true, anonymous: true });
    assert.deepEqual(presentMode('#key=abc'), { on: false, anonymous: false });
    assert.deepEqual(presentMode(''), { on: false, anonymous: false });
  });
});

describe('the run of show and the room in the reducer', () => {
  const fac = person('fac', 'facilitator');
  const kari = person('kari', 'participant');
  const start = () => {
    let s = reduce(initialState(), { type: 'welcome', you: fac, workshop: workshop() });
    s = reduce(s, { type: 'snapshot', board: { seq: 0, title: 'T', notes: [], participants: [fac, kari] } });
    return s;
  };

  it('applies agenda.set and agenda.go', () => {
    let s = start();
    s = reduce(s, { type: 'event', event: event(1, 'fac', { kind: 'agenda.set', agenda: steps }) });
    assert.equal(s.committed.agenda?.steps.length, 6);
    assert.equal(s.committed.agenda?.current, 0);
    s = reduce(s, { type: 'event', event: event(2, 'fac', { kind: 'agenda.go', step: 3, fromStep: 0 }) });
    assert.equal(s.committed.agenda?.current, 3);
    assert.equal(s.committed.agenda?.stepAt, 1002);
    s = reduce(s, { type: 'event', event: event(3, 'fac', { kind: 'agenda.set', agenda: steps.slice(0, 2) }) });
    assert.equal(s.committed.agenda?.current, 2, 'a shorter agenda keeps the step in range');
    s = reduce(s, { type: 'event', event: event(4, 'fac', { kind: 'agenda.set' }) });
    assert.equal(s.committed.agenda, null);
  });

  it('applies board.link, hand.raise and board.follow', () => {
    let s = start();
    s = reduce(s, { type: 'event', event: event(1, 'fac', { kind: 'board.link', url: 'https://meet.example/a', group: 'g1' }) });
    assert.deepEqual(s.committed.links, { g1: 'https://meet.example/a' });
    s = reduce(s, { type: 'event', event: event(2, 'fac', { kind: 'board.link', url: '', group: 'g1' }) });
    assert.deepEqual(s.committed.links, {});
    s = reduce(s, { type: 'event', event: event(3, 'kari', { kind: 'hand.raise', on: true }) });
    assert.deepEqual(s.committed.hands, { kari: 1003 });
    s = reduce(s, { type: 'event', event: event(4, 'fac', { kind: 'hand.raise', on: false, person: 'kari' }) });
    assert.deepEqual(s.committed.hands, {});
    s = reduce(s, { type: 'event', event: event(5, 'fac', { kind: 'board.follow', on: true, x: 1, y: 2, w: 3, h: 4 }) });
    assert.deepEqual(s.committed.follow, { x: 1, y: 2, w: 3, h: 4, at: 1005, by: 'fac' });
    s = reduce(s, { type: 'event', event: event(6, 'fac', { kind: 'board.follow', on: false }) });
    assert.equal(s.committed.follow, null);
  });

  it('checks hands as the server does', () => {
    const b = start().committed;
    assert.equal(checkOp(b, { kind: 'hand.raise', on: true }, kari), null);
    assert.equal(checkOp(b, { kind: 'hand.raise', on: false, person: 'fac' }, kari), 'forbidden');
    assert.equal(checkOp(b, { kind: 'hand.raise', on: false, person: 'kari' }, fac), null);
    assert.equal(checkOp(b, { kind: 'hand.raise', on: true, person: 'kari' }, fac), 'invalid');
    assert.equal(checkOp(b, { kind: 'board.follow', on: false }, kari), 'forbidden');
    assert.equal(checkOp(b, { kind: 'agenda.go', step: 1, fromStep: 0 }, kari), 'forbidden');
  });
});
