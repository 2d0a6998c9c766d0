// The board as this client knows it, as a pure reducer.
//
// Two layers:
//   committed: the board after every event up to `seq`, exactly as the
//              server's log says (snapshot + events, in order);
//   pending:   this person's ops that are sent (or about to be) but not yet
//              part of committed.
// What the person sees is committed with the pending ops applied on top
// (visibleBoard), so a change shows at once and is replaced by the real one
// when its event arrives. An op leaves pending when its own event arrives,
// or when the server acks it and committed has reached the ack's seq (an ack
// may come before its event; dropping the op then would make the change
// blink). An `error` for an op drops it: that is the rollback.
//
// The permission and limit rules (checkOp) mirror workshops/apply.go, so the
// overlay shows only what the server would accept, and the UI can refuse
// early with the same error code.

import { COLORS, LIMITS, OP_SPECS, checkShape, charCount, validId } from './protocol.js';

/** @typedef {import('./protocol.js').Note} Note */
/** @typedef {import('./protocol.js').Participant} Participant */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').BoardEvent} BoardEvent */
/** @typedef {import('./protocol.js').Workshop} Workshop */

/**
 * The notes, participants and title of a board. Notes include tombstones
 * (deleted: true) for notes whose delete this client saw, so a late change
 * to them is refused as `deleted`, as the server does.
 * @typedef {object} Board
 * @property {string} title
 * @property {Record<string, Note>} notes
 * @property {Record<string, Participant>} participants
 */

/**
 * @typedef {object} PendingOp
 * @property {string} id op ID, reused when resending
 * @property {Op} op
 * @property {number|null} ackSeq the seq of the server's ack, once acked
 * @property {number} at when the person made the change, unix ms
 */

/**
 * @typedef {object} State
 * @property {string|null} epoch the history `seq` belongs to
 * @property {number} seq the last event folded into committed
 * @property {boolean} loaded a snapshot has arrived
 * @property {boolean} needsResync an event arrived out of order
 * @property {Participant|null} me
 * @property {Workshop|null} workshop
 * @property {Board} committed
 * @property {PendingOp[]} pending
 */

/**
 * @typedef {(
 *   {type: 'welcome', you: Participant, workshop: Workshop} |
 *   {type: 'snapshot', board: {seq: number, title: string, notes: Note[], participants: Participant[]}} |
 *   {type: 'event', event: BoardEvent} |
 *   {type: 'ack', id: string, seq: number} |
 *   {type: 'error', id?: string, code: string} |
 *   {type: 'local', id: string, op: Op, at?: number}
 * )} Action
 */

/**
 * The state before anything arrived from the server.
 * @returns {State}
 */
export function initialState() {
  return {
    epoch: null,
    seq: 0,
    loaded: false,
    needsResync: false,
    me: null,
    workshop: null,
    committed: { title: '', notes: {}, participants: {} },
    pending: [],
  };
}

/**
 * Folds one action into state and returns the new state; state is never
 * changed in place.
 * @param {State} state
 * @param {Action} action
 * @returns {State}
 */
export function reduce(state, action) {
  switch (action.type) {
    case 'welcome': return onWelcome(state, action.you, action.workshop);
    case 'snapshot': return onSnapshot(state, action.board);
    case 'event': return onEvent(state, action.event);
    case 'ack': return onAck(state, action.id, action.seq);
    case 'error': return action.id ? dropPending(state, action.id) : state;
    case 'local': return addPending(state, action.id, action.op, action.at ?? 0);
    default: return state;
  }
}

/**
 * Adds an op the person just made. An op ID already pending is ignored, so a
 * double submit cannot apply one change twice.
 * @param {State} state
 * @param {string} id
 * @param {Op} op
 * @param {number} at
 * @returns {State}
 */
function addPending(state, id, op, at) {
  if (state.pending.some((p) => p.id === id)) return state;
  return { ...state, pending: [...state.pending, { id, op, ackSeq: null, at }] };
}

/**
 * @param {State} state
 * @param {Participant} you
 * @param {Workshop} workshop
 * @returns {State}
 */
function onWelcome(state, you, workshop) {
  const next = { ...state, me: you, workshop };
  // A new epoch means our seq counts another history. Forget it now rather
  // than when the snapshot comes: if the connection drops in between, the
  // next hello must not offer the old seq with the new epoch.
  if (state.epoch !== workshop.epoch) {
    next.epoch = workshop.epoch;
    next.seq = 0;
  }
  return next;
}

/**
 * @param {State} state
 * @param {{seq: number, title: string, notes: Note[], participants: Participant[]}} board
 * @returns {State}
 */
function onSnapshot(state, board) {
  /** @type {Record<string, Note>} */
  const notes = {};
  for (const n of board.notes) notes[n.id] = n;
  /** @type {Record<string, Participant>} */
  const participants = {};
  for (const p of board.participants) participants[p.id] = p;
  // Unacked ops stay: they will be resent, and the server answers a retry
  // of an op it already has with an ack for the original seq.
  return {
    ...state,
    seq: board.seq,
    loaded: true,
    needsResync: false,
    committed: { title: board.title, notes, participants },
    pending: settled(state.pending, board.seq),
  };
}

/**
 * @param {State} state
 * @param {BoardEvent} e
 * @returns {State}
 */
function onEvent(state, e) {
  if (e.seq <= state.seq) return state; // seen already (a resend after resume)
  // A gap is normal: the server leaves out events that are not for us (another
  // breakout group's notes, others' votes) and sends a snapshot whenever what
  // we may see changes. It sends events in order, so a later seq means the
  // ones between were not ours to see.
  const committed = applyEvent(state.committed, e);
  const mine = state.me !== null && e.actor === state.me.id;
  const pending = settled(state.pending, e.seq).filter((p) => !(mine && p.id === e.opId));
  return { ...state, seq: e.seq, loaded: true, needsResync: false, committed, pending };
}

/**
 * @param {State} state
 * @param {string} id
 * @param {number} seq
 * @returns {State}
 */
function onAck(state, id, seq) {
  if (!state.pending.some((p) => p.id === id)) return state;
  if (seq <= state.seq) return dropPending(state, id);
  return { ...state, pending: state.pending.map((p) => (p.id === id ? { ...p, ackSeq: seq } : p)) };
}

/**
 * @param {State} state
 * @param {string} id
 * @returns {State}
 */
function dropPending(state, id) {
  if (!state.pending.some((p) => p.id === id)) return state;
  return { ...state, pending: state.pending.filter((p) => p.id !== id) };
}

/**
 * Drops pending ops acked at or before seq: committed holds them now.
 * @param {PendingOp[]} pending
 * @param {number} seq
 * @returns {PendingOp[]}
 */
function settled(pending, seq) {
  return pending.some((p) => p.ackSeq !== null && p.ackSeq <= seq)
    ? pending.filter((p) => p.ackSeq === null || p.ackSeq > seq)
    : pending;
}

/**
 * The ops to (re)send after connecting: those not acked yet, in order.
 * @param {State} state
 * @returns {PendingOp[]}
 */
export function unacked(state) {
  return state.pending.filter((p) => p.ackSeq === null);
}

/**
 * Applies an event from the log to a board. The server accepted it already,
 * so there is no permission check here; the board only has to follow.
 * @param {Board} board
 * @param {BoardEvent} e
 * @returns {Board}
 */
export function applyEvent(board, e) {
  return mutate(board, e.op, e.actor, e.seq, e.at);
}

/**
 * Changes the board as op says. Returns board itself when the op touches
 * nothing this client holds (a change to a note it never saw).
 * @param {Board} board
 * @param {Op} op
 * @param {string} actorId
 * @param {number} z drawing order for a create or move (the event's seq)
 * @param {number} at time of the change, unix ms
 * @returns {Board}
 */
function mutate(board, op, actorId, z, at) {
  switch (op.kind) {
    case 'participant.join': {
      const p = op.participant;
      if (!p) return board;
      const old = board.participants[p.id];
      const joined = { ...p, name: p.name.trim(), joinedAt: old ? old.joinedAt : at };
      return { ...board, participants: { ...board.participants, [p.id]: joined } };
    }
    case 'board.rename':
      return { ...board, title: (op.title || '').trim() };
    case 'note.create': {
      /** @type {Note} */
      const n = {
        id: /** @type {string} */ (op.note), text: op.text || '', color: /** @type {any} */ (op.color),
        x: /** @type {number} */ (op.x), y: /** @type {number} */ (op.y),
        w: op.w ?? LIMITS.defaultW, h: op.h ?? LIMITS.defaultH,
        author: actorId, createdAt: at, updatedAt: at, z,
      };
      return { ...board, notes: { ...board.notes, [n.id]: n } };
    }
  }
  const old = op.note ? board.notes[op.note] : undefined;
  if (!old || old.deleted) return board;
  /** @type {Note} */
  const n = { ...old, updatedAt: at };
  switch (op.kind) {
    case 'note.edit': n.text = op.text ?? n.text; break;
    case 'note.move': n.x = /** @type {number} */ (op.x); n.y = /** @type {number} */ (op.y); n.z = z; break;
    case 'note.resize': n.w = /** @type {number} */ (op.w); n.h = /** @type {number} */ (op.h); break;
    case 'note.recolor': n.color = /** @type {any} */ (op.color); break;
    case 'note.delete': n.deleted = true; n.text = ''; break;
    // Moderation: the server sends this to those who should stop seeing the
    // note (and to facilitators, whose moderation view comes later).
    case 'note.hide': n.hidden = !!op.on; break;
    default: return board;
  }
  return { ...board, notes: { ...board.notes, [n.id]: n } };
}

/**
 * Returns the error code the server would answer op with on board, sent by
 * actor, or null if it would accept it. Mirrors workshops.Apply.
 * @param {Board} board
 * @param {Op} op
 * @param {Participant|null} actor
 * @returns {string|null}
 */
export function checkOp(board, op, actor) {
  const shape = checkShape(op);
  if (shape) return shape;
  if (OP_SPECS[/** @type {keyof typeof OP_SPECS} */ (op.kind)].serverOnly) return 'server_only';
  if (!actor) return 'forbidden';
  // The server looks the role up on the board, in log order; the role from
  // welcome stands in until the board knows this person.
  actor = board.participants[actor.id] || actor;
  if (actor.role === 'observer') return 'forbidden';
  switch (op.kind) {
    case 'board.rename':
      if (actor.role !== 'facilitator') return 'forbidden';
      return checkLine(/** @type {string} */ (op.title), LIMITS.titleLen);
    case 'note.create': {
      const id = /** @type {string} */ (op.note);
      if (!validId(id)) return 'invalid';
      if (board.notes[id]) return 'conflict';
      if (liveCount(board) >= LIMITS.liveNotes) return 'limit_reached';
      return checkText(/** @type {string} */ (op.text)) || checkColor(op.color) ||
        checkPos(/** @type {number} */ (op.x), /** @type {number} */ (op.y)) ||
        (op.w !== undefined || op.h !== undefined ? checkSize(op.w, op.h) : null);
    }
  }
  const n = board.notes[/** @type {string} */ (op.note)];
  if (!n) return 'not_found';
  if (n.deleted) return 'deleted';
  switch (op.kind) {
    case 'note.edit': return mayChangeContent(n, actor) || checkText(/** @type {string} */ (op.text));
    case 'note.delete': return mayChangeContent(n, actor);
    case 'note.move': return checkPos(/** @type {number} */ (op.x), /** @type {number} */ (op.y));
    case 'note.resize': return checkSize(op.w, op.h);
    case 'note.recolor': return checkColor(op.color);
  }
  return 'unknown_op';
}

/**
 * A note's text is its author's words: only the author and facilitators may
 * edit or delete it. Anyone but an observer may move, resize or recolour.
 * @param {Note} n
 * @param {Participant} actor
 * @returns {string|null}
 */
function mayChangeContent(n, actor) {
  return actor.role === 'facilitator' || actor.id === n.author ? null : 'forbidden';
}

/**
 * Reports whether person may change this note's text or delete it.
 * @param {Note} note
 * @param {Participant|null} person
 * @returns {boolean}
 */
export function canChangeContent(note, person) {
  return !!person && person.role !== 'observer' && mayChangeContent(note, person) === null;
}

/**
 * Reports whether person may change the board at all.
 * @param {Participant|null} person
 * @returns {boolean}
 */
export function canChangeBoard(person) {
  return !!person && (person.role === 'facilitator' || person.role === 'participant');
}

/** @param {string} s @returns {string|null} */
function checkText(s) {
  return charCount(s) > LIMITS.textLen ? 'too_large' : null;
}

/** @param {unknown} c @returns {string|null} */
function checkColor(c) {
  return COLORS.includes(/** @type {any} */ (c)) ? null : 'invalid';
}

/** @param {number} x @param {number} y @returns {string|null} */
function checkPos(x, y) {
  const m = LIMITS.coord;
  return x < -m || x > m || y < -m || y > m ? 'invalid' : null;
}

/** @param {number|undefined} w @param {number|undefined} h @returns {string|null} */
function checkSize(w, h) {
  if (w === undefined || h === undefined) return 'invalid';
  const ok = (v) => v >= LIMITS.minSize && v <= LIMITS.maxSize;
  return ok(w) && ok(h) ? null : 'invalid';
}

/** @param {string} s @param {number} max @returns {string|null} */
function checkLine(s, max) {
  const t = s.trim();
  if (t === '') return 'invalid';
  if (charCount(t) > max) return 'too_large';
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(t) ? 'invalid' : null;
}

/**
 * Number of notes on the board that are not deleted.
 * @param {Board} board
 * @returns {number}
 */
export function liveCount(board) {
  let n = 0;
  for (const id in board.notes) if (!board.notes[id].deleted) n++;
  return n;
}

/**
 * The board as this person should see it: committed, with every pending op
 * that would still be accepted applied on top. A pending create or move gets
 * a provisional z above everything committed, so what the person just
 * touched lies on top, as it will once the server has ordered it.
 * @param {State} state
 * @returns {Board}
 */
export function visibleBoard(state) {
  let board = state.committed;
  let z = state.seq;
  for (const p of state.pending) {
    // An op acked at or below seq is already in committed (settled() drops
    // such ops, this is only belt and braces).
    if (p.ackSeq !== null && p.ackSeq <= state.seq) continue;
    if (checkOp(board, p.op, state.me) !== null) continue;
    z++;
    board = mutate(board, p.op, state.me ? state.me.id : '', z, p.at);
  }
  return board;
}

/**
 * The live notes of board in drawing order: by z, then by ID, as the server
 * orders a snapshot.
 * @param {Board} board
 * @returns {Note[]}
 */
export function notesInOrder(board) {
  const out = [];
  for (const id in board.notes) {
    const n = board.notes[id];
    if (!n.deleted && !n.hidden) out.push(n);
  }
  return out.sort((a, b) => (a.z - b.z) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
