// The canvas items of issue 15 in the client's reducer: shapes (and free
// text labels), connectors, clusters, comments, reactions, the editing
// lock, note.restore and batches. mutateCanvas follows the server's log;
// checkCanvas mirrors the rules of workshops.Apply that the client can
// judge, so a change that cannot succeed is refused at once.

import { COLORS, LIMITS, REACTIONS, charCount } from './protocol.js';

/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Ref} Ref */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * @typedef {object} Shape
 * @property {string} id
 * @property {'rect'|'ellipse'|'text'} form
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} [text]
 * @property {import('./protocol.js').Color} [color]
 * @property {string} author
 * @property {string} [frame]
 * @property {boolean} [private]
 * @property {number} z
 * @property {number} [seq]
 * @property {boolean} [deleted]
 */

/**
 * @typedef {object} Cluster
 * @property {string} id
 * @property {string} name
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} [frame]
 * @property {string} [author]
 * @property {string} [by] who named it last
 * @property {number} z
 * @property {number} [seq]
 * @property {boolean} [deleted]
 */

/**
 * @typedef {object} Connector
 * @property {string} id
 * @property {Ref} from
 * @property {Ref} to
 * @property {'arrow'|'line'} style
 * @property {string} [text]
 * @property {string} [author]
 * @property {number} [seq]
 * @property {boolean} [deleted]
 */

/** @typedef {{id: string, note: string, author: string, text: string, createdAt: number, seq?: number, deleted?: boolean}} Comment */
/** @typedef {{note: string, by: string, until: number}} EditLock */

/** How long a soft lock on a note's text lasts (workshops), ms. */
export const EDIT_LOCK_MS = 20000;
/** Limits of the new items (docs/PROTOCOL.md, The canvas). */
export const ITEM_LIMITS = Object.freeze({
  shapeText: 1000, minShape: 20, maxShape: 20000, connectorText: 200, clusterName: 60,
  minCluster: 80, maxCluster: 20000, commentText: 500, commentsPerNote: 50,
});

/**
 * The canvas fields of a board (state.js Board), from a snapshot.
 * @param {any} s the snapshot's board
 * @returns {{shapes: Record<string, Shape>, clusters: Record<string, Cluster>, connectors: Record<string, Connector>,
 *   comments: Record<string, Comment>, editing: Record<string, EditLock>}}
 */
export function canvasFromSnapshot(s) {
  /** @type {Record<string, EditLock>} */
  const editing = {};
  for (const l of s.editing || []) editing[l.note] = l;
  return {
    shapes: byId(s.shapes), clusters: byId(s.clusters), connectors: byId(s.connectors), comments: byId(s.comments), editing,
  };
}

/**
 * @template {{id: string}} T
 * @param {T[]|undefined} list
 * @returns {Record<string, T>}
 */
function byId(list) {
  /** @type {Record<string, T>} */
  const out = {};
  for (const x of list || []) out[x.id] = x;
  return out;
}

/**
 * Applies a canvas op. place(board, rect) gives the frame an item placed
 * there belongs to; mutate applies an op inside a batch.
 * @template {any} B
 * @param {B & {[k: string]: any}} board
 * @param {Op} op
 * @param {string} actor
 * @param {number} seq
 * @param {number} at
 * @param {{frameAt: (b: any, r: {x: number, y: number, w: number, h: number}) => string,
 *   mutate: (b: any, op: Op, actor: string, seq: number, at: number) => any}} h
 * @returns {B|null} null when op is not a canvas op
 */
export function mutateCanvas(board, op, actor, seq, at, h) {
  const put = (/** @type {string} */ field, /** @type {any} */ item) => ({ ...board, [field]: { ...board[field], [item.id]: item } });
  const placed = (/** @type {any} */ item) => {
    const f = h.frameAt(board, item);
    if (f) item.frame = f;
    else delete item.frame;
    return item;
  };
  switch (op.kind) {
    case 'batch': {
      let b = board;
      for (const inner of op.ops || []) b = h.mutate(b, inner, actor, seq, at);
      return b;
    }
    case 'note.restore': {
      const old = board.notes[op.note || ''];
      if (!old) return board;
      const n = { ...old, text: op.text || '', color: op.color, x: op.x, y: op.y, w: op.w, h: op.h, seq, z: seq, updatedAt: at };
      delete n.deleted;
      return put('notes', placed(n));
    }
    case 'note.editing': {
      const editing = { ...board.editing };
      if (op.on) editing[op.note || ''] = { note: op.note || '', by: actor, until: at + EDIT_LOCK_MS };
      else delete editing[op.note || ''];
      return { ...board, editing };
    }
    case 'shape.create':
      return put('shapes', placed({
        id: op.shape, form: op.form, x: op.x, y: op.y, w: op.w, h: op.h, text: op.text || undefined, color: op.color, author: actor, z: seq, seq,
      }));
    case 'shape.restore': case 'shape.update': case 'shape.delete':
      return changeItem(board, 'shapes', op.shape, op, seq, put, placed);
    case 'cluster.create':
      return put('clusters', placed({ id: op.cluster, name: (op.name || '').trim(), x: op.x, y: op.y, w: op.w, h: op.h, author: actor, by: actor, z: seq, seq }));
    case 'cluster.restore': case 'cluster.update': case 'cluster.delete': {
      const named = op.name !== undefined ? { ...op, name: op.name.trim() } : op;
      const b = changeItem(board, 'clusters', op.cluster, named, seq, put, placed);
      const c = b.clusters[op.cluster || ''];
      return c && op.name !== undefined ? { ...b, clusters: { ...b.clusters, [c.id]: { ...c, by: actor } } } : b;
    }
    case 'connector.create':
      return put('connectors', { id: op.connector, from: op.from, to: op.to, style: op.style || 'arrow', text: (op.text || '').trim() || undefined, author: actor, seq });
    case 'connector.restore': case 'connector.update': case 'connector.delete':
      return changeItem(board, 'connectors', op.connector, op, seq, put, (/** @type {any} */ x) => x);
    case 'comment.create':
      return put('comments', { id: op.comment, note: op.note, author: actor, text: (op.text || '').trim(), createdAt: at, seq });
    case 'comment.delete': {
      const c = board.comments[op.comment || ''];
      return c ? put('comments', { ...c, deleted: true, text: '' }) : board;
    }
    case 'reaction.set': {
      const n = board.notes[op.note || ''];
      if (!n) return board;
      const reactions = { ...(n.reactions || {}) };
      const who = new Set(reactions[op.reaction || ''] || []);
      if (op.on) who.add(actor);
      else who.delete(actor);
      if (who.size) reactions[op.reaction || ''] = [...who].sort();
      else delete reactions[op.reaction || ''];
      return put('notes', { ...n, reactions });
    }
    default:
      return null;
  }
}

/**
 * A shape, cluster or connector changed, deleted or brought back.
 * @param {any} board
 * @param {'shapes'|'clusters'|'connectors'} field
 * @param {string|undefined} id
 * @param {Op} op
 * @param {number} seq
 * @param {(field: string, item: any) => any} put
 * @param {(item: any) => any} placed
 */
function changeItem(board, field, id, op, seq, put, placed) {
  const old = board[field][id || ''];
  if (!old) return board;
  const it = { ...old, seq };
  if (op.kind.endsWith('.delete')) return put(field, { ...it, deleted: true });
  if (op.kind.endsWith('.restore')) delete it.deleted;
  for (const k of ['form', 'x', 'y', 'w', 'h', 'text', 'color', 'name', 'style', 'from', 'to']) {
    if (op[k] !== undefined) it[k] = op[k];
  }
  if (op.x !== undefined && field !== 'connectors') it.z = seq;
  return put(field, field === 'connectors' ? it : placed(it));
}

/** Ops an observer may send. */
const OBSERVER_OPS = new Set(['comment.create', 'comment.delete', 'reaction.set']);

/**
 * The error code the server would give a canvas op, or undefined when op
 * is not one (state.js checks it then), null when it would pass.
 * @param {any} board
 * @param {Op} op
 * @param {Participant} actor
 * @param {(b: any, op: Op, actor: Participant) => string|null} check checks an op inside a batch
 * @param {(b: any, op: Op, actor: string) => any} mutate
 * @returns {string|null|undefined}
 */
export function checkCanvas(board, op, actor, check, mutate) {
  const fac = actor.role === 'facilitator';
  if (actor.role === 'observer' && !OBSERVER_OPS.has(op.kind)) return op.kind.includes('.') || op.kind === 'batch' ? 'forbidden' : undefined;
  const own = (/** @type {any} */ item) => (fac || item.author === actor.id ? null : 'forbidden');
  const live = (/** @type {string} */ field, /** @type {string|undefined} */ id) => {
    const it = board[field] && board[field][id || ''];
    if (!it) return { code: 'not_found' };
    if (it.deleted && !['.restore'].some((s) => op.kind.endsWith(s))) return { code: 'deleted' };
    return { it };
  };
  switch (op.kind) {
    case 'batch': {
      let b = board;
      for (const inner of op.ops || []) {
        const code = check(b, inner, actor);
        if (code) return code;
        b = mutate(b, inner, actor.id);
      }
      return null;
    }
    case 'note.restore': {
      const n = board.notes[op.note || ''];
      if (!n) return 'not_found';
      return own(n);
    }
    case 'note.editing': {
      const r = live('notes', op.note);
      if (r.code) return r.code;
      return own(r.it);
    }
    case 'shape.create':
      if (board.shapes[op.shape || '']) return 'conflict';
      if (op.form === 'text' && !(op.text || '').trim()) return 'invalid';
      return checkShapeFields(op);
    case 'shape.update': case 'shape.delete': case 'shape.restore': {
      const r = live('shapes', op.shape);
      if (r.code) return r.code;
      if (op.kind !== 'shape.update' || op.text !== undefined) return own(r.it) || checkShapeFields(op);
      return checkShapeFields(op);
    }
    case 'cluster.create':
      if (board.clusters[op.cluster || '']) return 'conflict';
      return checkName(op.name);
    case 'cluster.update': case 'cluster.delete': case 'cluster.restore': {
      const r = live('clusters', op.cluster);
      if (r.code) return r.code;
      return op.name !== undefined ? checkName(op.name) : null;
    }
    case 'connector.create': {
      if (board.connectors[op.connector || '']) return 'conflict';
      if (!op.from || !op.to || (op.from.type === op.to.type && op.from.id === op.to.id)) return 'invalid';
      if (!endLive(board, op.from) || !endLive(board, op.to)) return 'not_found';
      return charCount((op.text || '').trim()) > ITEM_LIMITS.connectorText ? 'too_large' : null;
    }
    case 'connector.update': case 'connector.delete': case 'connector.restore': {
      const r = live('connectors', op.connector);
      if (r.code) return r.code;
      if (op.kind !== 'connector.update' || op.text !== undefined) return own(r.it);
      return null;
    }
    case 'comment.create': {
      const r = live('notes', op.note);
      if (r.code) return r.code;
      const t = (op.text || '').trim();
      if (!t) return 'invalid';
      return charCount(t) > ITEM_LIMITS.commentText ? 'too_large' : null;
    }
    case 'comment.delete': {
      const c = board.comments[op.comment || ''];
      if (!c) return 'not_found';
      if (c.deleted) return 'deleted';
      return own(c);
    }
    case 'reaction.set': {
      const r = live('notes', op.note);
      if (r.code) return r.code;
      if (!REACTIONS.includes(/** @type {any} */ (op.reaction))) return 'invalid';
      const has = ((r.it.reactions || {})[op.reaction || ''] || []).includes(actor.id);
      return has === !!op.on ? 'conflict' : null;
    }
    default:
      return undefined;
  }
}

/** @param {Op} op @returns {string|null} */
function checkShapeFields(op) {
  if (op.color !== undefined && !COLORS.includes(op.color)) return 'invalid';
  if (op.form !== undefined && !['rect', 'ellipse', 'text'].includes(op.form)) return 'invalid';
  if (op.text !== undefined && charCount(op.text) > ITEM_LIMITS.shapeText) return 'too_large';
  for (const k of ['w', 'h']) {
    const v = op[k];
    if (v !== undefined && (v < ITEM_LIMITS.minShape || v > ITEM_LIMITS.maxShape)) return 'invalid';
  }
  for (const k of ['x', 'y']) {
    const v = op[k];
    if (v !== undefined && Math.abs(v) > LIMITS.coord) return 'invalid';
  }
  return null;
}

/** @param {string|undefined} name @returns {string|null} */
function checkName(name) {
  const t = (name || '').trim();
  if (!t) return 'invalid';
  return charCount(t) > ITEM_LIMITS.clusterName ? 'too_large' : null;
}

/**
 * The live item an end names, or null.
 * @param {any} board
 * @param {Ref} ref
 * @returns {{x: number, y: number, w: number, h: number}|null}
 */
export function endLive(board, ref) {
  const field = { note: 'notes', shape: 'shapes', frame: 'frames', cluster: 'clusters' }[ref.type];
  const it = field && board[field] ? board[field][ref.id] : null;
  return it && !it.deleted && !it.hidden ? it : null;
}

/**
 * The people editing a note's text now (locks not expired at server time now).
 * @param {any} board
 * @param {string} note
 * @param {number} now server time, ms
 * @returns {EditLock|null}
 */
export function editLock(board, note, now) {
  const l = board.editing && board.editing[note];
  return l && l.until > now ? l : null;
}

/**
 * The live comments on a note, oldest first.
 * @param {any} board
 * @param {string} note
 * @returns {Comment[]}
 */
export function commentsOn(board, note) {
  return Object.values(/** @type {Record<string, Comment>} */ (board.comments || {}))
    .filter((c) => c.note === note && !c.deleted)
    .sort((a, b) => (a.seq || 0) - (b.seq || 0) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * The live items of a kind, in drawing order.
 * @template {{id: string, z?: number, deleted?: boolean}} T
 * @param {Record<string, T>|undefined} items
 * @returns {T[]}
 */
export function liveItems(items) {
  return Object.values(items || {}).filter((x) => !x.deleted).sort((a, b) => ((a.z || 0) - (b.z || 0)) || (a.id < b.id ? -1 : 1));
}

/**
 * A person's data deleted (participant.erase): their shapes, connectors
 * and comments, the clusters they named last, every comment on their
 * notes (gone), their reactions and their edit locks go, as the server
 * does it (docs/PROTOCOL.md, Visibility and erasure).
 * @param {any} board
 * @param {string} person
 * @param {Set<string>} notesGone the person's notes
 * @returns {{shapes: any, clusters: any, connectors: any, comments: any, editing: any, notes: any}}
 */
export function eraseCanvas(board, person, notesGone) {
  const drop = (/** @type {Record<string, any>} */ items, /** @type {(x: any) => boolean} */ mine, /** @type {any} */ blank) => {
    /** @type {Record<string, any>} */
    const out = {};
    for (const id in items || {}) out[id] = mine(items[id]) && !items[id].deleted ? { ...items[id], deleted: true, ...blank } : items[id];
    return out;
  };
  const notes = { ...board.notes };
  for (const id in notes) {
    const n = notes[id];
    if (!n.reactions) continue;
    /** @type {Record<string, string[]>} */
    const r = {};
    for (const k in n.reactions) {
      const who = n.reactions[k].filter((p) => p !== person);
      if (who.length) r[k] = who;
    }
    notes[id] = { ...n, reactions: r };
  }
  /** @type {Record<string, EditLock>} */
  const editing = {};
  for (const k in board.editing || {}) if (board.editing[k].by !== person) editing[k] = board.editing[k];
  return {
    notes,
    shapes: drop(board.shapes, (x) => x.author === person, { text: '' }),
    clusters: drop(board.clusters, (x) => x.by === person, { name: '' }),
    connectors: drop(board.connectors, (x) => x.author === person, { text: '' }),
    comments: drop(board.comments, (x) => x.author === person || notesGone.has(x.note), { text: '' }),
    editing,
  };
}
