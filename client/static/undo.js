// Undo and redo, per person (docs/PROTOCOL.md, "Undo and redo"). Each step
// is one of this person's own acknowledged ops with the seq it landed at
// and the items as they were before it. Undo sends the inverse op with
// ifSeq = that seq, so the server refuses it (stale, deleted, not_found)
// when someone changed the item since; redo is the inverse of the undo,
// with the undo's seq. No DOM here: node --test runs it.

import { BATCHABLE } from './protocol.js';

/** @typedef {import('./protocol.js').Op} Op */

/** The steps kept (the protocol asks for at least 50). */
export const MAX_STEPS = 100;

/**
 * The items an op touches, as they are on board, keyed 'notes:n1'.
 * @param {any} board
 * @param {Op} op
 * @returns {Record<string, any>}
 */
export function capture(board, op) {
  /** @type {Record<string, any>} */
  const out = {};
  const take = (/** @type {Op} */ o) => {
    const k = itemKey(o);
    if (!k) return;
    const [field, id] = k.split(':');
    if (!(k in out)) out[k] = board[field] && board[field][id] ? { ...board[field][id] } : null;
  };
  if (op.kind === 'batch') for (const o of op.ops || []) take(o);
  else take(op);
  return out;
}

/**
 * 'notes:ID' for the item an op changes, or '' for none.
 * @param {Op} op
 * @returns {string}
 */
function itemKey(op) {
  const [kind] = op.kind.split('.');
  if (kind === 'note') return `notes:${op.note}`;
  if (kind === 'shape') return `shapes:${op.shape}`;
  if (kind === 'cluster') return `clusters:${op.cluster}`;
  if (kind === 'connector') return `connectors:${op.connector}`;
  return '';
}

/**
 * The op that undoes op, which landed at seq, given the items before it;
 * null when it cannot be undone.
 * @param {Op} op
 * @param {Record<string, any>} before from capture()
 * @param {number} seq
 * @returns {Op|null}
 */
export function invert(op, before, seq) {
  if (op.kind === 'batch') {
    const inv = [];
    // Later ops first; an op inside sees the items as the ones before it left them.
    const ops = op.ops || [];
    for (let i = ops.length - 1; i >= 0; i--) {
      const earlier = replay(before, ops.slice(0, i));
      const o = invert(ops[i], earlier, seq);
      if (!o) return null;
      inv.push(o);
    }
    return { kind: 'batch', ops: inv };
  }
  const was = before[itemKey(op)];
  const [type, verb] = op.kind.split('.');
  const idField = type;
  const id = /** @type {string} */ (op[/** @type {keyof Op} */ (idField)]);
  const base = { [idField]: id, ifSeq: seq };
  switch (verb) {
    case 'create':
    case 'restore':
      return { kind: `${type}.delete`, ...base };
    case 'delete':
      if (!was) return null;
      return restoreOf(type, was, seq);
    case 'edit': return was ? { kind: 'note.edit', ...base, text: was.text } : null;
    case 'move': return was ? { kind: 'note.move', ...base, x: was.x, y: was.y } : null;
    case 'resize': return was ? { kind: 'note.resize', ...base, w: was.w, h: was.h } : null;
    case 'recolor': return was ? { kind: 'note.recolor', ...base, color: was.color } : null;
    case 'update': {
      if (!was) return null;
      /** @type {Record<string, any>} */
      const back = { kind: op.kind, ...base };
      for (const k of ['x', 'y', 'w', 'h', 'text', 'color', 'name', 'style']) {
        if (/** @type {any} */ (op)[k] !== undefined) back[k] = was[k] === undefined ? (k === 'text' ? '' : undefined) : was[k];
      }
      // A field the item did not have (no colour) cannot be "unset" by an update.
      for (const k of Object.keys(back)) if (back[k] === undefined) return null;
      return /** @type {Op} */ (back);
    }
    default:
      return null;
  }
}

/**
 * The restore op that brings an item back as it was.
 * @param {string} type note, shape, cluster, connector
 * @param {any} was
 * @param {number} seq
 * @returns {Op}
 */
function restoreOf(type, was, seq) {
  switch (type) {
    case 'note':
      return { kind: 'note.restore', note: was.id, text: was.text, color: was.color, x: was.x, y: was.y, w: was.w, h: was.h, ifSeq: seq };
    case 'shape': {
      /** @type {Op} */
      const op = { kind: 'shape.restore', shape: was.id, form: was.form, x: was.x, y: was.y, w: was.w, h: was.h, ifSeq: seq };
      if (was.text) op.text = was.text;
      if (was.color) op.color = was.color;
      return op;
    }
    case 'cluster':
      return { kind: 'cluster.restore', cluster: was.id, name: was.name, x: was.x, y: was.y, w: was.w, h: was.h, ifSeq: seq };
    default: {
      /** @type {Op} */
      const op = { kind: 'connector.restore', connector: was.id, from: was.from, to: was.to, style: was.style || 'arrow', ifSeq: seq };
      if (was.text) op.text = was.text;
      return op;
    }
  }
}

/**
 * The captured items after ops (for the inverse of a later op in a batch).
 * @param {Record<string, any>} before
 * @param {Op[]} ops
 * @returns {Record<string, any>}
 */
function replay(before, ops) {
  const out = { ...before };
  for (const o of ops) {
    const k = itemKey(o);
    if (!k) continue;
    const [, verb] = o.kind.split('.');
    if (verb === 'create') out[k] = { id: /** @type {any} */ (o)[o.kind.split('.')[0]], ...o };
    else if (verb === 'delete') out[k] = out[k] ? { ...out[k], deleted: true } : null;
    else if (out[k]) {
      const next = { ...out[k] };
      for (const f of ['x', 'y', 'w', 'h', 'text', 'color', 'name', 'style']) if (/** @type {any} */ (o)[f] !== undefined) next[f] = /** @type {any} */ (o)[f];
      out[k] = next;
    }
  }
  return out;
}

/**
 * @typedef {object} Step
 * @property {Op} op what was done
 * @property {Record<string, any>} before the items before it
 * @property {number} seq where it landed
 */

/**
 * @typedef {object} UndoOptions
 * @property {(op: Op) => string|null} send sends an op without making it a step; its ID, or null if refused at once
 * @property {() => any} getBoard the board as shown
 * @property {() => void} [onChange] the stacks changed (buttons)
 */

/**
 * The undo and redo stacks of one person.
 * @param {UndoOptions} opts
 */
export function createUndo(opts) {
  /** @type {Step[]} */
  let undos = [];
  /** @type {Step[]} */
  let redos = [];
  /** Ops sent and not acked yet: op ID -> what to do with the ack. @type {Map<string, {op: Op, before: Record<string, any>, to: 'undo'|'redo'|'new'}>} */
  const waiting = new Map();
  const changed = () => opts.onChange && opts.onChange();
  /**
   * An undo or redo asked for while the step it would take is still on its
   * way to the server (a Ctrl+Z right after a drag): run when it lands.
   * @type {'undo'|'redo'|null}
   */
  let deferred = null;
  /**
   * Whether an op on its way will land on the undo (or redo) stack.
   * @param {'undo'|'redo'} which
   */
  const coming = (which) => [...waiting.values()].some((w) => (w.to === 'redo') === (which === 'redo'));

  /**
   * Remembers a person's own op, to become a step when acked.
   * @param {string} id
   * @param {Op} op
   * @param {any} boardBefore
   */
  function track(id, op, boardBefore) {
    if (!BATCHABLE.has(op.kind) && op.kind !== 'batch') return;
    waiting.set(id, { op, before: capture(boardBefore, op), to: 'new' });
  }

  /**
   * An op of this person landed at seq (its ack, or its own event).
   * @param {string} id
   * @param {number} seq
   */
  function acked(id, seq) {
    const w = waiting.get(id);
    if (!w) return;
    waiting.delete(id);
    const step = { op: w.op, before: w.before, seq };
    if (w.to === 'redo') {
      redos.push(step);
    } else {
      undos.push(step);
      if (undos.length > MAX_STEPS) undos = undos.slice(-MAX_STEPS);
      if (w.to === 'new') redos = [];
    }
    changed();
    if (deferred && (deferred === 'redo') === (w.to === 'redo')) {
      const d = deferred;
      deferred = null;
      run(d);
    }
  }

  /**
   * The server refused an op. For an undo or redo it says whether it was
   * one (the step is dropped: it can no longer apply).
   * @param {string} id
   * @returns {'undo'|'redo'|null}
   */
  function refused(id) {
    const w = waiting.get(id);
    if (!w) return null;
    waiting.delete(id);
    if (deferred && !coming(deferred)) deferred = null;
    changed();
    return w.to === 'new' ? null : w.to === 'redo' ? 'undo' : 'redo';
  }

  /**
   * Sends the inverse of the top step of from, to land on the other stack.
   * @param {'undo'|'redo'} which
   * @returns {'sent'|'empty'|'cannot'}
   */
  function run(which) {
    const stack = which === 'undo' ? undos : redos;
    // A step still on its way is the newest: wait for it rather than undo
    // an older one (a Ctrl+Z right after a drag, before its ack).
    if (coming(which)) {
      deferred = which;
      return 'sent';
    }
    const step = stack.pop();
    if (!step) return 'empty';
    const inv = invert(step.op, step.before, step.seq);
    if (!inv) {
      changed();
      return 'cannot';
    }
    const before = capture(opts.getBoard(), inv);
    const id = opts.send(inv);
    changed();
    if (!id) return 'cannot';
    waiting.set(id, { op: inv, before, to: which === 'undo' ? 'redo' : 'undo' });
    return 'sent';
  }

  return {
    track,
    acked,
    refused,
    undo: () => run('undo'),
    redo: () => run('redo'),
    canUndo: () => undos.length > 0 || coming('undo'),
    canRedo: () => redos.length > 0 || coming('redo'),
    /** @returns {number} */
    size: () => undos.length,
  };
}
