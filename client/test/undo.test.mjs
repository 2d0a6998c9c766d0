import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_STEPS, capture, createUndo, invert } from '../static/undo.js';

const note = (id, x, y, extra = {}) => ({ id, text: `t-${id}`, color: 'yellow', x, y, w: 180, h: 140, author: 'me', z: 1, ...extra });

describe('undo: inverse ops carry the precondition', () => {
  it('a move is undone by a move back with ifSeq', () => {
    const board = { notes: { n1: note('n1', 10, 20) } };
    const op = { kind: 'note.move', note: 'n1', x: 300, y: 400 };
    assert.deepEqual(invert(op, capture(board, op), 17), { kind: 'note.move', note: 'n1', x: 10, y: 20, ifSeq: 17 });
  });

  it('a create is undone by a delete, a delete by a restore as it was', () => {
    const create = { kind: 'note.create', note: 'n9', text: 'hei', color: 'blue', x: 1, y: 2 };
    assert.deepEqual(invert(create, capture({ notes: {} }, create), 5), { kind: 'note.delete', note: 'n9', ifSeq: 5 });
    const board = { notes: { n1: note('n1', 10, 20, { text: 'Møteplass', color: 'green' }) } };
    const del = { kind: 'note.delete', note: 'n1' };
    assert.deepEqual(invert(del, capture(board, del), 8),
      { kind: 'note.restore', note: 'n1', text: 'Møteplass', color: 'green', x: 10, y: 20, w: 180, h: 140, ifSeq: 8 });
  });

  it('a batch is undone by the inverses in reverse order, each with the batch seq', () => {
    const board = { notes: { a: note('a', 0, 0), b: note('b', 200, 0) } };
    const op = { kind: 'batch', ops: [{ kind: 'note.move', note: 'a', x: 50, y: 50 }, { kind: 'note.recolor', note: 'b', color: 'pink' }, { kind: 'note.move', note: 'a', x: 90, y: 90 }] };
    const inv = invert(op, capture(board, op), 30);
    assert.deepEqual(inv, { kind: 'batch', ops: [
      { kind: 'note.move', note: 'a', x: 50, y: 50, ifSeq: 30 },
      { kind: 'note.recolor', note: 'b', color: 'yellow', ifSeq: 30 },
      { kind: 'note.move', note: 'a', x: 0, y: 0, ifSeq: 30 },
    ] });
  });

  it('a shape update is undone field by field', () => {
    const board = { shapes: { s: { id: 's', form: 'rect', x: 1, y: 2, w: 100, h: 50, text: 'Sentrum', author: 'me', z: 1 } } };
    const op = { kind: 'shape.update', shape: 's', text: 'Elva' };
    assert.deepEqual(invert(op, capture(board, op), 4), { kind: 'shape.update', shape: 's', text: 'Sentrum', ifSeq: 4 });
  });
});

describe('undo: the stacks', () => {
  function harness() {
    let board = { notes: { n1: note('n1', 10, 20) } };
    const sent = [];
    let n = 0;
    const u = createUndo({ send: (op) => { sent.push(op); return `u${++n}`; }, getBoard: () => board });
    return { u, sent, setBoard: (b) => { board = b; }, board: () => board };
  }

  it('undo, then redo, each landing on the other stack once acked', () => {
    const h = harness();
    h.u.track('op1', { kind: 'note.move', note: 'n1', x: 100, y: 100 }, h.board());
    assert.equal(h.u.canUndo(), true, 'an undo may be asked for before the ack: it waits for it');
    h.u.acked('op1', 7);
    assert.equal(h.u.canUndo(), true);
    h.setBoard({ notes: { n1: note('n1', 100, 100, { seq: 7 }) } });
    assert.equal(h.u.undo(), 'sent');
    assert.deepEqual(h.sent[0], { kind: 'note.move', note: 'n1', x: 10, y: 20, ifSeq: 7 });
    h.u.acked('u1', 9);
    assert.equal(h.u.canRedo(), true);
    h.setBoard({ notes: { n1: note('n1', 10, 20, { seq: 9 }) } });
    assert.equal(h.u.redo(), 'sent');
    assert.deepEqual(h.sent[1], { kind: 'note.move', note: 'n1', x: 100, y: 100, ifSeq: 9 });
  });

  it('a Ctrl+Z before the ack runs when the ack lands', () => {
    const h = harness();
    h.u.track('op1', { kind: 'note.move', note: 'n1', x: 100, y: 100 }, h.board());
    assert.equal(h.u.undo(), 'sent');
    assert.equal(h.sent.length, 0, 'nothing is sent before the step has its seq');
    h.setBoard({ notes: { n1: note('n1', 100, 100, { seq: 7 }) } });
    h.u.acked('op1', 7);
    assert.deepEqual(h.sent, [{ kind: 'note.move', note: 'n1', x: 10, y: 20, ifSeq: 7 }]);
    assert.equal(h.u.undo(), 'empty', 'the one step is undone already');
    assert.equal(h.u.redo(), 'sent', 'a redo waits for the undo to land');
    assert.equal(h.sent.length, 1);
    h.u.refused('u1');
    assert.equal(h.u.canRedo(), false, 'the undo was refused: nothing to redo, nothing waits');
  });

  it('a Ctrl+Z before the ack of the newest step undoes that one, not the one before', () => {
    const h = harness();
    h.u.track('op1', { kind: 'note.move', note: 'n1', x: 100, y: 100 }, h.board());
    h.u.acked('op1', 7);
    h.setBoard({ notes: { n1: note('n1', 100, 100, { seq: 7 }) } });
    h.u.track('op2', { kind: 'note.move', note: 'n1', x: 300, y: 300 }, h.board());
    assert.equal(h.u.undo(), 'sent');
    assert.equal(h.sent.length, 0, 'the older step is not undone while the newer is on its way');
    h.setBoard({ notes: { n1: note('n1', 300, 300, { seq: 8 }) } });
    h.u.acked('op2', 8);
    assert.deepEqual(h.sent, [{ kind: 'note.move', note: 'n1', x: 100, y: 100, ifSeq: 8 }]);
  });

  it('a refused undo is dropped and reported as an undo', () => {
    const h = harness();
    h.u.track('op1', { kind: 'note.move', note: 'n1', x: 100, y: 100 }, h.board());
    h.u.acked('op1', 7);
    h.u.undo();
    assert.equal(h.u.refused('u1'), 'undo');
    assert.equal(h.u.canUndo(), false);
    assert.equal(h.u.canRedo(), false);
    assert.equal(h.u.refused('unknown'), null);
  });

  it('keeps at least 50 steps, and a new change clears redo', () => {
    const h = harness();
    for (let i = 0; i < 60; i++) {
      h.u.track(`op${i}`, { kind: 'note.move', note: 'n1', x: i, y: i }, h.board());
      h.u.acked(`op${i}`, i + 1);
    }
    assert.equal(h.u.size(), 60);
    assert.ok(MAX_STEPS >= 50);
    h.u.undo();
    h.u.acked('u1', 100);
    assert.equal(h.u.canRedo(), true);
    h.u.track('new', { kind: 'note.move', note: 'n1', x: 5, y: 5 }, h.board());
    h.u.acked('new', 101);
    assert.equal(h.u.canRedo(), false);
  });

  it('ops that are not item changes are not steps', () => {
    const h = harness();
    h.u.track('c', { kind: 'comment.create', comment: 'k', note: 'n1', text: 'hm' }, h.board());
    h.u.acked('c', 3);
    assert.equal(h.u.canUndo(), false);
  });
});

describe('erasure reaches the canvas items', async () => {
  const { applyEvent, emptyBoard } = await import('../static/state.js');
  it("participant.erase drops the person's shapes, connectors, comments, reactions and locks, and comments on their notes", () => {
    const b = {
      ...emptyBoard(),
      participants: { p: { id: 'p', name: 'Kari', role: 'participant' }, q: { id: 'q', name: 'Ola', role: 'participant' } },
      notes: { n: note('n', 0, 0, { author: 'p' }), m: note('m', 0, 0, { author: 'q', reactions: { idea: ['p', 'q'] } }) },
      shapes: { s: { id: 's', form: 'text', text: 'Kari sin', author: 'p', x: 0, y: 0, w: 50, h: 50, z: 1 } },
      connectors: { c: { id: 'c', from: { type: 'note', id: 'm' }, to: { type: 'note', id: 'n' }, style: 'arrow', text: 'x', author: 'q' } },
      comments: { k1: { id: 'k1', note: 'n', author: 'q', text: 'på Kari sin', createdAt: 1 }, k2: { id: 'k2', note: 'm', author: 'p', text: 'av Kari', createdAt: 1 }, k3: { id: 'k3', note: 'm', author: 'q', text: 'Ola', createdAt: 1 } },
      editing: { m: { note: 'm', by: 'p', until: 99 } },
    };
    const out = applyEvent(b, { seq: 9, opId: 'x', actor: '', at: 5, op: { kind: 'participant.erase', person: 'p' } });
    assert.equal(out.notes.n.deleted, true);
    assert.equal(out.notes.n.text, '');
    assert.deepEqual(out.notes.m.reactions, { idea: ['q'] });
    assert.equal(out.shapes.s.deleted, true);
    assert.equal(out.shapes.s.text, '');
    assert.equal(out.connectors.c.deleted, undefined, "Ola's connector stays (its end is gone, so it is not drawn)");
    assert.equal(out.comments.k1.deleted, true);
    assert.equal(out.comments.k2.deleted, true);
    assert.equal(out.comments.k3.deleted, undefined);
    assert.deepEqual(out.editing, {});
  });
});
