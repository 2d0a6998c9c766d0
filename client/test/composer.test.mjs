// The composer's frames: grouped by exercise, and the default frame is the
// current exercise's (my group's during breakout), not the welcome frame.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agendaExercise, currentExercise, defaultFrame, exerciseOf, groupByExercise } from '../static/composer.js';
import { homeOf } from '../static/home.js';
import { i18n } from '../static/i18n.js';
import { newsItems, statusParts } from '../static/statusline.js';
import { note } from './helpers.mjs';

const frame = (id, x, y, w, h, extra = {}) => ({ id, title: id, x, y, w, h, ...extra });

/** A welcome frame, then an exercise with a frame per group, then another exercise. */
function board(extra = {}) {
  const frames = {
    welcome: frame('welcome', 0, 0, 800, 400),
    ex1: frame('ex1', 0, 500, 2000, 900),
    ex1a: frame('ex1a', 20, 560, 900, 800, { group: 'g1' }),
    ex1b: frame('ex1b', 1000, 560, 900, 800, { group: 'g2' }),
    ex2: frame('ex2', 0, 1500, 1000, 600),
  };
  return {
    title: '', notes: {}, participants: { ola: { id: 'ola', name: 'Ola', role: 'participant', group: 'g1' } }, frames,
    groups: { g1: { id: 'g1', name: 'A' }, g2: { id: 'g2', name: 'B' } }, votes: {}, breakout: false, allowPick: false,
    locked: false, private: null, timer: null, focus: null, message: null, ...extra,
  };
}
const ola = { id: 'ola', name: 'Ola', role: 'participant' };
const order = (b) => ['welcome', 'ex1', 'ex1a', 'ex1b', 'ex2'].map((id) => b.frames[id]);

describe('frames by exercise', () => {
  it('a frame inside another belongs to its exercise', () => {
    const b = board();
    assert.equal(exerciseOf(b, b.frames.ex1a).id, 'ex1');
    assert.equal(exerciseOf(b, b.frames.ex1).id, 'ex1');
    assert.equal(exerciseOf(b, b.frames.welcome).id, 'welcome');
  });
  it('groups in reading order', () => {
    const b = board();
    assert.deepEqual(groupByExercise(b, order(b)).map((g) => [g.exercise.id, g.frames.map((f) => f.id)]),
      [['welcome', ['welcome']], ['ex1', ['ex1', 'ex1a', 'ex1b']], ['ex2', ['ex2']]]);
  });
});

describe('the default frame', () => {
  it('is not the welcome frame once an exercise is going on', () => {
    const b = board({ focus: { frame: 'ex2', x: 0, y: 0, at: 1 } });
    assert.equal(currentExercise(b).id, 'ex2');
    assert.equal(defaultFrame(b, ola, order(b)), 'ex2');
  });
  it('is my group\'s frame during breakout', () => {
    const b = board({ breakout: true, focus: { frame: 'ex1', x: 0, y: 0, at: 1 } });
    assert.equal(defaultFrame(b, ola, order(b)), 'ex1a');
    // Someone in the other group.
    const kari = { id: 'kari', name: 'Kari', role: 'participant', group: 'g2' };
    assert.equal(defaultFrame(b, kari, order(b)), 'ex1b');
  });
  it('follows where notes were written last when nothing else says', () => {
    const b = board({ notes: { a: note('a', { frame: 'welcome', createdAt: 1 }), c: note('c', { frame: 'ex1b', createdAt: 9 }) } });
    assert.equal(currentExercise(b).id, 'ex1');
    assert.equal(defaultFrame(b, ola, order(b)), 'ex1', 'outside breakout, the exercise\'s frame that is no group\'s');
  });
  it('follows an open vote\'s frames and the private step', () => {
    assert.equal(currentExercise(board({ votes: { v: { id: 'v', open: true, frames: ['ex2'] } } })).id, 'ex2');
    assert.equal(currentExercise(board({ private: { frames: ['ex1b'] } })).id, 'ex1');
  });
  it('is the first frame when nothing says, and none without frames', () => {
    const b = board();
    assert.equal(defaultFrame(b, ola, order(b)), 'welcome');
    assert.equal(defaultFrame(b, ola, []), '');
  });
});

describe('the agenda\'s current step says what the current exercise is', () => {
  const agenda = (current, steps) => ({ agenda: { current, steps } });
  it('by its part: the exercise\'s frame, or one whose id starts with "part_"', () => {
    const b = board({ ...agenda(2, [{ part: 'welcome', title: 'Velkommen' }, { part: 'ex2', title: 'B' }]), focus: { frame: 'ex1', x: 0, y: 0, at: 1 } });
    assert.equal(agendaExercise(b).id, 'ex2');
    assert.equal(currentExercise(b).id, 'ex2', 'over the focus on another exercise');
    assert.equal(defaultFrame(b, ola, order(b)), 'ex2');
    assert.deepEqual(homeOf(b, ola), { kind: 'frame', frame: b.frames.ex2 }, 'the board opens there, and the list scrolls there');
    const sub = board({ ...agenda(1, [{ part: 'ex1', title: 'A' }]) });
    sub.frames = { ...sub.frames, ex1_ideas: frame('ex1_ideas', 0, 3000, 100, 100) };
    delete sub.frames.ex1;
    assert.equal(agendaExercise(sub).id, 'ex1_ideas');
  });
  it('by its operations, which facilitators see, when it has no part', () => {
    const b = board(agenda(1, [{ title: 'Skriv', ops: [{ kind: 'timer.start', ms: 1 }, { kind: 'board.focus', frame: 'ex1a' }] }]));
    assert.equal(agendaExercise(b).id, 'ex1');
  });
  it('falls back on the board\'s hints before the first step, after the last and when the step names no frame', () => {
    const focus = { focus: { frame: 'ex2', x: 0, y: 0, at: 1 } };
    for (const a of [agenda(0, [{ part: 'ex1', title: 'A' }]), agenda(2, [{ part: 'ex1', title: 'A' }]), agenda(1, [{ title: 'Pause' }]), { agenda: null }]) {
      const b = board({ ...a, ...focus });
      assert.equal(agendaExercise(b), null);
      assert.equal(currentExercise(b).id, 'ex2');
    }
  });
  it('during breakout my group\'s frame in the step\'s exercise, for the form and for the board alike', () => {
    const b = board({ ...agenda(1, [{ part: 'ex1', title: 'A' }]), breakout: true });
    assert.equal(defaultFrame(b, ola, order(b)), 'ex1a');
    assert.equal(homeOf(b, ola).frame.id, 'ex1a');
  });
  it('a focus inside the step\'s exercise says more exactly where on the board', () => {
    const b = board({ ...agenda(1, [{ part: 'ex1', title: 'A' }]), focus: { frame: 'ex1b', x: 0, y: 0, at: 1 } });
    assert.equal(homeOf(b, ola).frame.id, 'ex1b');
    assert.equal(exerciseOf(b, homeOf(b, ola).frame).id, currentExercise(b).id);
  });
});

describe('the status line and the news', () => {
  const vote = (extra) => ({ id: 'v1', open: true, revealed: false, budget: 3, mine: {}, totals: {}, ...extra });
  it('says time left, my group, dots left and the connection, in that order', async () => {
    await i18n.use('nb');
    const b = board({
      timer: { durationMs: 300000, elapsedMs: 0, startedAt: 1000, running: true },
      votes: { v1: vote({ mine: { a: 1 } }) },
    });
    const parts = statusParts(b, ola, 1000 + 60000, 'online', true);
    assert.deepEqual(parts.map((p) => p.kind), ['timer', 'group', 'dots', 'conn']);
    assert.equal(i18n.t(parts[0].key, parts[0].params), '4:00');
    assert.equal(i18n.t(parts[0].label, parts[0].params), 'Tid igjen: 4:00');
    assert.equal(i18n.t(parts[1].key, parts[1].params), 'A');
    assert.equal(i18n.t(parts[1].label, parts[1].params), 'Gruppe: A');
    assert.equal(i18n.plural(parts[2].key, parts[2].n), '2 prikker igjen');
    assert.equal(i18n.t(parts[3].key), 'Tilkoblet');
  });
  it('at 0 dots says so, without telling the person to press Vote', async () => {
    await i18n.use('nb');
    const b = board({ votes: { v1: vote({ mine: { a: 3 } }) } });
    const dots = statusParts(b, ola, 0, 'offline', true).find((p) => p.kind === 'dots');
    assert.equal(dots.n, 0);
    assert.equal(i18n.plural(dots.key, dots.n), '0 prikker igjen');
    assert.doesNotMatch(i18n.t('status.votesNone'), /har 0/);
  });
  it('news: the revealed result with its winner, and the facilitator\'s message, each with its own id', async () => {
    await i18n.use('nb');
    const b = board({
      notes: { a: note('a', { text: 'Benken ved kaia' }), b: note('b', { text: 'Lys' }) },
      votes: { v1: vote({ open: false, revealed: true, totals: { a: 5, b: 2 } }) },
      message: { text: 'Pause til 14', at: 77 },
    });
    const news = newsItems(b);
    assert.deepEqual(news.map((n) => n.id), ['vote:v1', 'message:77']);
    assert.equal(news[0].text, 'Resultat: «Benken ved kaia» fikk flest, 5 prikker.');
    assert.equal(news[1].text, 'Melding fra fasilitator: Pause til 14');
    assert.deepEqual(newsItems(board()), []);
  });
});
