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

import { COLORS, LIMITS, OPTIMISTIC, OP_SPECS, checkShape, charCount, validId } from './protocol.js';
import { canvasFromSnapshot, checkCanvas, editLock, eraseCanvas, mutateCanvas } from './items.js';

/** @typedef {import('./protocol.js').Note} Note */
/** @typedef {import('./protocol.js').Participant} Participant */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').BoardEvent} BoardEvent */
/** @typedef {import('./protocol.js').Workshop} Workshop */

/**
 * @typedef {object} Frame
 * @property {string} id
 * @property {string} title
 * @property {string} [prompt]
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} [group]
 * @property {boolean} [locked]
 * @property {boolean} [chosen] a card the facilitator recorded as chosen (frame.choose)
 * @property {number} z
 * @property {number} [createdAt]
 * @property {number} [updatedAt]
 */

/** @typedef {{id: string, name: string, createdAt?: number, deleted?: boolean}} Group */

/**
 * A vote as this person sees it (workshops.VoteView): never who voted for
 * what, only their own dots (mine) and, for facilitators or after the
 * reveal, the totals.
 * @typedef {object} VoteView
 * @property {string} id
 * @property {string[]} [frames]
 * @property {number} budget
 * @property {number} [cap]
 * @property {boolean} [open]
 * @property {boolean} [revealed]
 * @property {number} [openedAt]
 * @property {number} [closedAt]
 * @property {Record<string, number>} [mine]
 * @property {number} [left]
 * @property {Record<string, number>} [totals]
 * @property {number} [voters]
 * @property {string[]} [top]
 */

/** @typedef {{durationMs: number, elapsedMs: number, startedAt?: number, running?: boolean}} Timer */
/** @typedef {{frames?: string[], sealed?: boolean, startedAt?: number, by?: string}} PrivateStep */
/** @typedef {{frame?: string, x: number, y: number, at: number, by?: string}} Focus */
/** @typedef {{text: string, at: number, by?: string}} BoardMessage */

/**
 * The board as this person may see it. Notes include tombstones (deleted:
 * true) for notes whose delete this client saw, so a late change to them is
 * refused as `deleted`, as the server does.
 * @typedef {object} Board
 * @property {string} title
 * @property {Record<string, Note>} notes
 * @property {Record<string, Participant>} participants
 * @property {Record<string, Frame>} frames live frames
 * @property {Record<string, Group>} groups every group, deleted ones too
 * @property {Record<string, VoteView>} votes
 * @property {boolean} breakout
 * @property {boolean} allowPick
 * @property {boolean} locked
 * @property {PrivateStep|null} private
 * @property {Timer|null} timer
 * @property {Focus|null} focus
 * @property {BoardMessage|null} message
 * @property {boolean} [joinClosed] nobody new may join
 * @property {boolean} [ended] the workshop is over: read-only (board.end)
 * @property {Record<string, import('./items.js').Shape>} shapes shapes and text labels (tombstones too)
 * @property {Record<string, import('./items.js').Cluster>} clusters
 * @property {Record<string, import('./items.js').Connector>} connectors
 * @property {Record<string, import('./items.js').Comment>} comments
 * @property {Record<string, import('./items.js').EditLock>} editing soft locks on notes' text, by note
 * @property {{steps: import('./protocol.js').AgendaStep[], current: number, stepAt?: number}|null} [agenda] the run of show
 * @property {Record<string, string>} [links] meeting links: the workshop's under '', a group's under its ID
 * @property {Record<string, number>} [hands] raised hands: person -> when
 * @property {{x: number, y: number, w: number, h: number, at?: number, by?: string}|null} [follow] follow me
 */

/**
 * The snapshot's board, as the server sends it.
 * @typedef {{seq: number, title: string, notes: Note[], participants: Participant[],
 *   frames?: Frame[], groups?: Group[], votes?: VoteView[], breakout?: boolean, allowPick?: boolean,
 *   locked?: boolean, private?: PrivateStep, timer?: Timer, focus?: Focus, message?: BoardMessage,
 *   joinClosed?: boolean, ended?: boolean, shapes?: any[], clusters?: any[], connectors?: any[], comments?: any[],
 *   editing?: any[], agenda?: {steps: import('./protocol.js').AgendaStep[], current: number, stepAt?: number},
 *   links?: Record<string, string>, hands?: Record<string, number>,
 *   follow?: {x: number, y: number, w: number, h: number, at?: number, by?: string}}} SnapshotBoard
 */

/** @returns {Board} */
export function emptyBoard() {
  return {
    title: '', notes: {}, participants: {}, frames: {}, groups: {}, votes: {},
    breakout: false, allowPick: false, locked: false, private: null, timer: null, focus: null, message: null,
    shapes: {}, clusters: {}, connectors: {}, comments: {}, editing: {},
    agenda: null, links: {}, hands: {}, follow: null,
  };
}

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
 * @property {number} clockOffset server time minus this clock, ms (from welcome)
 */

/**
 * @typedef {(
 *   {type: 'welcome', you: Participant, workshop: Workshop, serverTime?: number, localTime?: number} |
 *   {type: 'snapshot', board: SnapshotBoard} |
 *   {type: 'event', event: BoardEvent} |
 *   {type: 'ack', id: string, seq: number} |
 *   {type: 'error', id?: string, code: string} |
 *   {type: 'local', id: string, op: Op, at?: number} |
 *   {type: 'workshop', workshop: Workshop}
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
    committed: emptyBoard(),
    pending: [],
    clockOffset: 0,
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
    case 'welcome': {
      const next = onWelcome(state, action.you, action.workshop);
      if (typeof action.serverTime === 'number' && typeof action.localTime === 'number') {
        return { ...next, clockOffset: action.serverTime - action.localTime };
      }
      return next;
    }
    case 'snapshot': return onSnapshot(state, action.board);
    case 'event': return onEvent(state, action.event);
    case 'ack': return onAck(state, action.id, action.seq);
    case 'error': return action.id ? dropPending(state, action.id) : state;
    case 'local': return addPending(state, action.id, action.op, action.at ?? 0);
    // The workshop as an API call answered it (a new join code or
    // deletion date); the history (epoch) stays.
    case 'workshop':
      return state.workshop && action.workshop.id === state.workshop.id
        ? { ...state, workshop: { ...action.workshop, epoch: state.workshop.epoch } } : state;
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
 * The board a snapshot describes. Fields the server leaves out when empty
 * come back as their empty values.
 * @param {SnapshotBoard} board
 * @returns {Board}
 */
export function boardFromSnapshot(board) {
  return {
    title: board.title,
    notes: byId(board.notes),
    participants: byId(board.participants),
    frames: byId(board.frames),
    groups: byId(board.groups),
    votes: byId(board.votes),
    breakout: !!board.breakout,
    allowPick: !!board.allowPick,
    locked: !!board.locked,
    joinClosed: !!board.joinClosed,
    ended: !!board.ended,
    private: board.private || null,
    timer: board.timer || null,
    focus: board.focus || null,
    message: board.message || null,
    ...canvasFromSnapshot(board),
    agenda: board.agenda || null,
    links: board.links || {},
    hands: board.hands || {},
    follow: board.follow || null,
  };
}

/**
 * @param {State} state
 * @param {SnapshotBoard} board
 * @returns {State}
 */
function onSnapshot(state, board) {
  // Unacked ops stay: they will be resent, and the server answers a retry
  // of an op it already has with an ack for the original seq.
  return {
    ...state,
    seq: board.seq,
    loaded: true,
    needsResync: false,
    committed: boardFromSnapshot(board),
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
      /** @type {Participant} */
      const joined = { ...p, name: p.name.trim(), joinedAt: old ? old.joinedAt : at };
      if (old && old.group) joined.group = old.group;
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
      const frame = frameAt(board, n);
      if (frame) n.frame = frame;
      if (privateCovers(board.private, frame)) n.private = true;
      return { ...board, notes: { ...board.notes, [n.id]: n } };
    }
    case 'note.edit': case 'note.move': case 'note.resize': case 'note.recolor': case 'note.delete': case 'note.hide':
      return mutateNote(board, op, z, at);
  }
  const canvas = mutateCanvas(board, op, actorId, z, at, { frameAt, mutate: (b, o, a, s, t) => mutate(b, o, a, s, t) });
  if (canvas) return canvas;
  return mutateFacilitation(board, op, actorId, z, at);
}

/**
 * The note ops on an existing note.
 * @param {Board} board
 * @param {Op} op
 * @param {number} z
 * @param {number} at
 * @returns {Board}
 */
function mutateNote(board, op, z, at) {
  const old = op.note ? board.notes[op.note] : undefined;
  if (!old || old.deleted) return board;
  /** @type {Note} */
  const n = { ...old, updatedAt: at, seq: z };
  let refund = false;
  switch (op.kind) {
    case 'note.edit': n.text = op.text ?? n.text; break;
    case 'note.move': n.x = /** @type {number} */ (op.x); n.y = /** @type {number} */ (op.y); n.z = z; placeIn(board, n); break;
    case 'note.resize': n.w = /** @type {number} */ (op.w); n.h = /** @type {number} */ (op.h); placeIn(board, n); break;
    case 'note.recolor': n.color = /** @type {any} */ (op.color); break;
    case 'note.delete': n.deleted = true; n.text = ''; delete n.hiddenReason; refund = true; break;
    // Moderation: the server sends a hide to those who saw the note, so
    // they drop it; facilitators keep it, marked, with the reason.
    case 'note.hide':
      n.hidden = !!op.on;
      if (op.on && op.reason) n.hiddenReason = op.reason;
      else delete n.hiddenReason;
      refund = !!op.on;
      break;
    default: return board;
  }
  const next = { ...board, notes: { ...board.notes, [n.id]: n } };
  return refund ? refundDots(next, n.id) : next;
}

/**
 * Puts a placed note in the frame that holds its centre, as the server does.
 * @param {Board} board
 * @param {Note} n changed in place
 */
function placeIn(board, n) {
  const f = frameAt(board, n);
  if (f) n.frame = f;
  else delete n.frame;
}

/**
 * The frame a note placed like n belongs to (workshops frameAt): of the
 * frames that hold its centre the smallest, then the one drawn on top,
 * then the smallest ID; "" for none.
 * @param {Board} board
 * @param {{x: number, y: number, w: number, h: number}} n
 * @returns {string}
 */
export function frameAt(board, n) {
  const cx = n.x + n.w / 2, cy = n.y + n.h / 2;
  let best = '';
  let bestArea = 0, bestZ = 0;
  for (const id in board.frames) {
    const f = board.frames[id];
    if (!(f.x <= cx && cx <= f.x + f.w && f.y <= cy && cy <= f.y + f.h)) continue;
    const area = f.w * f.h;
    if (best === '' || area < bestArea || (area === bestArea && (f.z > bestZ || (f.z === bestZ && id < best)))) {
      best = id; bestArea = area; bestZ = f.z;
    }
  }
  return best;
}

/**
 * @param {PrivateStep|null} p
 * @param {string} frame
 * @returns {boolean}
 */
function privateCovers(p, frame) {
  return !!p && (!p.frames || p.frames.length === 0 || p.frames.includes(frame));
}

/**
 * A dot on a note deleted or hidden while a vote is open is handed back.
 * @param {Board} board
 * @param {string} note
 * @returns {Board}
 */
function refundDots(board, note) {
  let votes = board.votes;
  for (const id in board.votes) {
    const v = board.votes[id];
    if (!v.open) continue;
    const hasMine = v.mine && note in v.mine;
    const hasTotal = v.totals && note in v.totals;
    if (!hasMine && !hasTotal) continue;
    const nv = { ...v };
    if (hasMine) {
      nv.mine = { ...v.mine };
      delete nv.mine[note];
    }
    if (hasTotal) {
      nv.totals = { ...v.totals };
      delete nv.totals[note];
    }
    votes = { ...votes, [id]: nv };
  }
  return votes === board.votes ? board : { ...board, votes };
}

/**
 * A person's data deleted (participant.erase, as workshops.Apply does it):
 * every note they wrote becomes a tombstone without text, dots on those
 * notes are handed back, and they are removed, with no name.
 * @param {Board} board
 * @param {string} id
 * @param {number} at
 * @returns {Board}
 */
function eraseParticipant(board, id, at) {
  let notes = board.notes;
  const gone = [];
  for (const n of Object.values(board.notes)) {
    if (n.author !== id || n.deleted) continue;
    const t = { ...n, deleted: true, text: '', updatedAt: at };
    delete t.hiddenReason;
    if (notes === board.notes) notes = { ...board.notes };
    notes[n.id] = t;
    gone.push(n.id);
  }
  let next = { ...board, ...eraseCanvas({ ...board, notes }, id, new Set(gone)) };
  for (const note of gone) next = refundDots(next, note);
  const p = board.participants[id];
  if (p) next = { ...next, participants: { ...next.participants, [id]: { ...p, name: '', removed: true, erased: true } } };
  return next;
}

/**
 * Time run at server time now (workshops Timer.elapsed).
 * @param {Timer} t
 * @param {number} now
 * @returns {number}
 */
function elapsed(t, now) {
  let e = t.elapsedMs;
  if (t.running) e += Math.max(now - (t.startedAt || 0), 0);
  return Math.min(e, t.durationMs);
}

/**
 * Milliseconds left on the timer at server time now, never below 0.
 * @param {Timer|null} t
 * @param {number} now server time, unix ms (Date.now() + state.clockOffset)
 * @returns {number}
 */
export function timerRemaining(t, now) {
  if (!t) return 0;
  return Math.max(t.durationMs - elapsed(t, now), 0);
}

/**
 * The facilitation ops, as the server's Apply changes the board. The
 * server sends a snapshot whenever what this person may see changes in a
 * way an event cannot say (breakout, reveals, copies), so following the
 * event here is for display until then.
 * @param {Board} board
 * @param {Op} op
 * @param {string} actorId
 * @param {number} seq
 * @param {number} at
 * @returns {Board}
 */
function mutateFacilitation(board, op, actorId, seq, at) {
  const person = (id) => board.participants[/** @type {string} */ (id)];
  const setPerson = (p) => ({ ...board, participants: { ...board.participants, [p.id]: p } });
  const frame = board.frames[/** @type {string} */ (op.frame)];
  const setFrame = (f) => ({ ...board, frames: { ...board.frames, [f.id]: f } });
  const vote = board.votes[/** @type {string} */ (op.vote)];
  const setVote = (v) => ({ ...board, votes: { ...board.votes, [v.id]: v } });
  const group = board.groups[/** @type {string} */ (op.group)];
  switch (op.kind) {
    case 'participant.rename':
      return person(op.person) ? setPerson({ ...person(op.person), name: (op.name || '').trim() }) : board;
    case 'participant.remove':
      return person(op.person) ? setPerson({ ...person(op.person), removed: true }) : board;
    case 'participant.erase': return eraseParticipant(board, /** @type {string} */ (op.person), at);
    case 'participant.group': {
      const p = person(op.person);
      if (!p) return board;
      const np = { ...p, group: op.group || '' };
      if (!np.group) delete np.group;
      return setPerson(np);
    }
    case 'board.lock': return { ...board, locked: !!op.on };
    case 'board.joining': return { ...board, joinClosed: !op.on };
    case 'board.end': return { ...board, ended: true, joinClosed: true };
    case 'board.message': {
      const text = (op.text || '').trim();
      return { ...board, message: text ? { text, at, by: actorId } : null };
    }
    case 'board.focus':
      if (op.frame) return { ...board, focus: { frame: op.frame, x: 0, y: 0, at, by: actorId } };
      if (op.x !== undefined && op.y !== undefined) return { ...board, focus: { x: op.x, y: op.y, at, by: actorId } };
      return { ...board, focus: null };
    case 'frame.create': {
      /** @type {Frame} */
      const f = {
        id: /** @type {string} */ (op.frame), title: (op.title || '').trim(),
        x: /** @type {number} */ (op.x), y: /** @type {number} */ (op.y), w: /** @type {number} */ (op.w), h: /** @type {number} */ (op.h),
        z: seq, createdAt: at, updatedAt: at,
      };
      if (op.text && op.text.trim()) f.prompt = op.text.trim();
      if (op.group) f.group = op.group;
      return setFrame(f);
    }
    case 'frame.update': {
      if (!frame) return board;
      const f = { ...frame, updatedAt: at };
      if (op.title !== undefined) f.title = op.title.trim();
      if (op.text !== undefined) {
        if (op.text.trim()) f.prompt = op.text.trim();
        else delete f.prompt;
      }
      if (op.x !== undefined && op.y !== undefined) { f.x = op.x; f.y = op.y; }
      if (op.w !== undefined && op.h !== undefined) { f.w = op.w; f.h = op.h; }
      if (op.group !== undefined) {
        if (op.group) f.group = op.group;
        else delete f.group;
      }
      let next = setFrame(f);
      // Moving a frame carries its notes along.
      const dx = f.x - frame.x, dy = f.y - frame.y;
      if (dx || dy) {
        const notes = { ...next.notes };
        for (const id in notes) {
          const n = notes[id];
          if (n.frame === f.id && !n.deleted) notes[id] = { ...n, x: n.x + dx, y: n.y + dy };
        }
        next = { ...next, notes };
        // Shapes and clusters in it go along too (issue 15).
        for (const field of /** @type {const} */ (['shapes', 'clusters'])) {
          const items = { ...next[field] };
          for (const id in items) {
            const it = items[id];
            if (it.frame === f.id && !it.deleted) items[id] = { ...it, x: it.x + dx, y: it.y + dy };
          }
          next = { ...next, [field]: items };
        }
      }
      return next;
    }
    case 'frame.lock': return frame ? setFrame({ ...frame, locked: !!op.on }) : board;
    case 'frame.choose': return frame ? setFrame({ ...frame, chosen: !!op.on }) : board;
    case 'frame.delete': {
      if (!frame) return board;
      const frames = { ...board.frames };
      delete frames[frame.id];
      const notes = { ...board.notes };
      for (const id in notes) {
        if (notes[id].frame === frame.id) {
          const n = { ...notes[id] };
          delete n.frame;
          notes[id] = n;
        }
      }
      return { ...board, frames, notes };
    }
    case 'frame.copy': {
      // Everyone gets a snapshot after a copy; facilitators get the event
      // first, so follow the server's rule for the copies' IDs.
      const groups = Object.values(board.groups).filter((g) => !g.deleted).map((g) => g.id).sort();
      const frames = { ...board.frames };
      groups.forEach((g, gi) => {
        (op.frames || []).forEach((src, fi) => {
          const f = board.frames[src];
          if (!f) return;
          const id = `c${seq}-${gi}-${fi}`;
          frames[id] = { ...f, id, x: f.x + (op.x || 0) * (gi + 1), y: f.y + (op.y || 0) * (gi + 1), group: g, z: seq, createdAt: at, updatedAt: at };
        });
      });
      return { ...board, frames };
    }
    case 'group.create':
      return { ...board, groups: { ...board.groups, [/** @type {string} */ (op.group)]: { id: /** @type {string} */ (op.group), name: (op.name || '').trim(), createdAt: at } } };
    case 'group.rename':
      return group ? { ...board, groups: { ...board.groups, [group.id]: { ...group, name: (op.name || '').trim() } } } : board;
    case 'group.delete': {
      if (!group) return board;
      const participants = { ...board.participants };
      for (const id in participants) {
        if (participants[id].group === group.id) {
          const p = { ...participants[id] };
          delete p.group;
          participants[id] = p;
        }
      }
      return { ...board, groups: { ...board.groups, [group.id]: { ...group, deleted: true } }, participants };
    }
    case 'group.assign': {
      const assign = op.assign || {};
      const participants = { ...board.participants };
      for (const id in participants) {
        const g = assign[id] || '';
        if ((participants[id].group || '') === g) continue;
        const p = { ...participants[id] };
        if (g) p.group = g;
        else delete p.group;
        participants[id] = p;
      }
      return { ...board, participants };
    }
    case 'group.pick': return { ...board, allowPick: !!op.on };
    case 'breakout.start': return { ...board, breakout: true };
    case 'breakout.end': return { ...board, breakout: false };
    case 'vote.open': {
      /** @type {VoteView} */
      const v = { id: /** @type {string} */ (op.vote), budget: /** @type {number} */ (op.budget), open: true, openedAt: at };
      if (op.frames && op.frames.length) v.frames = [...op.frames];
      if (op.cap) v.cap = op.cap;
      return setVote(v);
    }
    case 'vote.cast':
    case 'vote.retract': {
      if (!vote || !op.note) return board;
      const d = op.kind === 'vote.cast' ? 1 : -1;
      const bump = (/** @type {Record<string, number>|undefined} */ m) => {
        const out = { ...(m || {}) };
        const n = (out[/** @type {string} */ (op.note)] || 0) + d;
        if (n > 0) out[/** @type {string} */ (op.note)] = n;
        else delete out[/** @type {string} */ (op.note)];
        return out;
      };
      // A voter receives only their own dots, with actor; facilitators
      // receive everyone's without actor: a total changed.
      if (actorId) return setVote({ ...vote, mine: bump(vote.mine) });
      return setVote({ ...vote, totals: bump(vote.totals) });
    }
    // A dot of a restored archive under a ballot pseudonym: the server
    // sends it to nobody, and a snapshot with the totals instead.
    case 'vote.ballot': return board;
    case 'vote.close': return vote ? setVote({ ...vote, open: false, closedAt: at }) : board;
    case 'vote.reveal': return vote ? setVote({ ...vote, open: false, revealed: true, closedAt: vote.open ? at : vote.closedAt }) : board;
    case 'vote.top': return vote ? setVote({ ...vote, top: [...(op.notes || [])] }) : board;
    case 'private.start': {
      /** @type {PrivateStep} */
      const p = { startedAt: at, by: actorId };
      if (op.frames && op.frames.length) p.frames = [...op.frames];
      if (op.sealed) p.sealed = true;
      return { ...board, private: p };
    }
    case 'private.reveal': {
      const notes = { ...board.notes };
      for (const id in notes) {
        if (notes[id].private) {
          const n = { ...notes[id] };
          delete n.private;
          notes[id] = n;
        }
      }
      return { ...board, notes, private: null };
    }
    case 'timer.start':
      return { ...board, timer: { durationMs: /** @type {number} */ (op.ms), elapsedMs: 0, startedAt: at, running: true } };
    case 'timer.pause': {
      const t = board.timer;
      if (!t || !t.running) return board;
      return { ...board, timer: { durationMs: t.durationMs, elapsedMs: elapsed(t, at), running: false } };
    }
    case 'timer.resume': {
      const t = board.timer;
      if (!t || t.running) return board;
      return { ...board, timer: { ...t, startedAt: at, running: true } };
    }
    case 'timer.add': {
      const t = board.timer;
      if (!t) return board;
      const nt = { ...t, elapsedMs: elapsed(t, at), durationMs: t.durationMs + /** @type {number} */ (op.ms) };
      if (t.running) nt.startedAt = at;
      return { ...board, timer: nt };
    }
    case 'timer.reset': return { ...board, timer: null };
    // The run of show and the room: agenda.set reaches facilitators only
    // (participants get a snapshot with the redacted agenda).
    case 'agenda.set':
      return { ...board, agenda: op.agenda && op.agenda.length ? { steps: op.agenda, current: Math.min(board.agenda ? board.agenda.current : 0, op.agenda.length), stepAt: board.agenda ? board.agenda.stepAt : 0 } : null };
    case 'agenda.go':
      return board.agenda ? { ...board, agenda: { ...board.agenda, current: /** @type {number} */ (op.step), stepAt: at } } : board;
    case 'board.link': {
      const links = { ...(board.links || {}) };
      const key = op.group || '';
      if (op.url) links[key] = String(op.url).trim(); else delete links[key];
      return { ...board, links };
    }
    case 'hand.raise': {
      const hands = { ...(board.hands || {}) };
      const who = op.person || actorId;
      if (op.on) hands[who] = at; else delete hands[who];
      return { ...board, hands };
    }
    case 'board.follow':
      return { ...board, follow: op.on ? { x: op.x, y: op.y, w: op.w, h: op.h, at, by: actorId } : null };
    default: return board;
  }
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
  if (actor.removed) return 'forbidden';
  if (board.ended) return 'closed';
  const canvas = checkCanvas(board, op, actor, (b, o, a) => checkOp(b, o, a), (b, o, a) => mutate(b, o, a, 0, Date.now()));
  if (canvas !== undefined) return canvas;
  if (actor.role === 'observer') return 'forbidden';
  if (!OPTIMISTIC.has(op.kind) && op.kind !== 'note.hide') return checkFacilitation(board, op, actor);
  const fac = actor.role === 'facilitator';
  switch (op.kind) {
    case 'board.rename':
      if (actor.role !== 'facilitator') return 'forbidden';
      return checkLine(/** @type {string} */ (op.title), LIMITS.titleLen);
    case 'note.create': {
      const id = /** @type {string} */ (op.note);
      if (!validId(id)) return 'invalid';
      if (board.notes[id]) return 'conflict';
      if (liveCount(board) >= LIMITS.liveNotes) return 'limit_reached';
      const bad = checkText(/** @type {string} */ (op.text)) || checkColor(op.color) ||
        checkPos(/** @type {number} */ (op.x), /** @type {number} */ (op.y)) ||
        (op.w !== undefined || op.h !== undefined ? checkSize(op.w, op.h) : null);
      if (bad || fac) return bad;
      return checkLocks(board, frameAt(board, { x: op.x ?? 0, y: op.y ?? 0, w: op.w ?? LIMITS.defaultW, h: op.h ?? LIMITS.defaultH }));
    }
  }
  const n = board.notes[/** @type {string} */ (op.note)];
  if (!n) return 'not_found';
  if (n.deleted) return 'deleted';
  const locks = fac ? null : checkLocks(board, n.frame || '');
  // Someone else holds the soft lock on the text (note.editing).
  const lock = editLock(board, n.id, Date.now());
  const held = lock && lock.by !== actor.id ? 'editing' : null;
  switch (op.kind) {
    case 'note.edit': return mayChangeContent(n, actor) || checkText(/** @type {string} */ (op.text)) || held || locks;
    case 'note.delete': return mayChangeContent(n, actor) || held || locks;
    case 'note.move': return checkPos(/** @type {number} */ (op.x), /** @type {number} */ (op.y)) || locks;
    case 'note.resize': return checkSize(op.w, op.h) || locks;
    case 'note.recolor': return checkColor(op.color) || locks;
    case 'note.hide': return fac ? (!!n.hidden === !!op.on ? 'conflict' : null) : 'forbidden';
  }
  return 'unknown_op';
}

/**
 * A locked board, or a locked frame, refuses participants' note changes.
 * @param {Board} board
 * @param {string} frame
 * @returns {string|null}
 */
function checkLocks(board, frame) {
  if (board.locked) return 'locked';
  if (frame && board.frames[frame] && board.frames[frame].locked) return 'locked';
  return null;
}

/** Ops anyone who may change the board may send (for themselves). */
const SELF_OPS = new Set(['participant.rename', 'participant.group', 'vote.cast', 'vote.retract', 'hand.raise']);

/**
 * The rules of the facilitation ops that the client can judge: who may
 * send them and their obvious shape. The server decides the rest; these
 * ops are not shown before their event arrives.
 * @param {Board} board
 * @param {Op} op
 * @param {Participant} actor
 * @returns {string|null}
 */
function checkFacilitation(board, op, actor) {
  const fac = actor.role === 'facilitator';
  if (!fac && !SELF_OPS.has(op.kind)) return 'forbidden';
  switch (op.kind) {
    case 'participant.rename':
      if (!fac && op.person !== actor.id) return 'forbidden';
      return checkLine(/** @type {string} */ (op.name), LIMITS.nameLen);
    case 'participant.group':
      if (!fac && (op.person !== actor.id || !board.allowPick)) return 'forbidden';
      return op.group && (!board.groups[op.group] || board.groups[op.group].deleted) ? 'not_found' : null;
    case 'hand.raise':
      // Anyone's own hand; a facilitator may lower someone else's.
      if (op.person && op.person !== actor.id) return !fac ? 'forbidden' : op.on ? 'invalid' : null;
      return null;
    case 'participant.remove': {
      const p = board.participants[/** @type {string} */ (op.person)];
      if (!p) return 'not_found';
      return p.role === 'facilitator' ? 'forbidden' : null;
    }
    case 'vote.cast':
    case 'vote.retract': {
      if (actor.role !== 'participant') return 'forbidden';
      const v = board.votes[/** @type {string} */ (op.vote)];
      if (!v) return 'not_found';
      if (!v.open) return 'closed';
      const mine = (v.mine && v.mine[/** @type {string} */ (op.note)]) || 0;
      if (op.kind === 'vote.retract') return mine > 0 ? null : 'invalid';
      if (votesLeft(v, actor) <= 0) return 'over_budget';
      if (v.cap && mine >= v.cap) return 'over_budget';
      return null;
    }
    case 'group.create':
    case 'group.rename':
      return checkLine(/** @type {string} */ (op.name), LIMITS.groupNameLen);
    case 'frame.create':
      return checkLine(/** @type {string} */ (op.title), LIMITS.titleLen);
    case 'board.message':
      return charCount((op.text || '').trim()) > LIMITS.boardMessageLen ? 'too_large' : null;
    case 'vote.open':
      if (openVote(board)) return 'conflict';
      return Number.isInteger(op.budget) && /** @type {number} */ (op.budget) >= 1 && /** @type {number} */ (op.budget) <= LIMITS.maxBudget ? null : 'invalid';
    case 'timer.start':
    case 'timer.add':
      return /** @type {number} */ (op.ms) >= LIMITS.minTimerMs && /** @type {number} */ (op.ms) <= LIMITS.maxTimerMs ? null : 'invalid';
  }
  return null;
}

/**
 * The open vote, if any (one is open at a time).
 * @param {Board} board
 * @returns {VoteView|null}
 */
export function openVote(board) {
  for (const id in board.votes) if (board.votes[id].open) return board.votes[id];
  return null;
}

/**
 * The vote to show: the open one, else the one opened last.
 * @param {Board} board
 * @returns {VoteView|null}
 */
export function currentVote(board) {
  let last = null;
  for (const id in board.votes) {
    const v = board.votes[id];
    if (v.open) return v;
    if (!last || (v.openedAt || 0) > (last.openedAt || 0) || ((v.openedAt || 0) === (last.openedAt || 0) && v.id > last.id)) last = v;
  }
  return last;
}

/**
 * Dots person may still cast in vote: only participants vote, only while
 * the vote is open.
 * @param {VoteView} vote
 * @param {Participant|null} person
 * @returns {number}
 */
export function votesLeft(vote, person) {
  if (!vote.open || !person || person.role !== 'participant') return 0;
  let spent = 0;
  for (const k in vote.mine || {}) spent += /** @type {Record<string, number>} */ (vote.mine)[k];
  return Math.max(vote.budget - spent, 0);
}

/**
 * Reports whether a note may get dots in vote.
 * @param {VoteView} vote
 * @param {Note} note
 * @returns {boolean}
 */
export function voteCovers(vote, note) {
  return !vote.frames || vote.frames.length === 0 || vote.frames.includes(note.frame || '');
}

/**
 * The notes of a vote with dots, most first; ties to the older note, then
 * the smaller ID (workshops Ranking). Only what this person was sent.
 * @param {Board} board
 * @param {VoteView} vote
 * @returns {{note: string, dots: number}[]}
 */
export function ranking(board, vote) {
  const out = [];
  for (const id in vote.totals || {}) {
    const n = board.notes[id];
    if (!n || n.deleted || n.hidden) continue;
    out.push({ note: id, dots: /** @type {Record<string, number>} */ (vote.totals)[id], at: n.createdAt });
  }
  out.sort((a, b) => (b.dots - a.dots) || (a.at - b.at) || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
  return out.map(({ note, dots }) => ({ note, dots }));
}

/**
 * The live groups, by ID (the server's order for frame copies).
 * @param {Board} board
 * @returns {Group[]}
 */
export function liveGroups(board) {
  return Object.values(board.groups).filter((g) => !g.deleted).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A group.assign mapping that spreads the participants (role participant,
 * not removed) evenly over the live groups in random order; facilitators
 * and observers keep their group (workshops AssignEvenly). random(n) must
 * return an integer in [0, n): pass randomInt for crypto randomness.
 * @param {Board} board
 * @param {(n: number) => number} random
 * @returns {Record<string, string>|null} null when there are no groups
 */
export function assignEvenly(board, random) {
  const groups = liveGroups(board).map((g) => g.id);
  if (groups.length === 0) return null;
  /** @type {Record<string, string>} */
  const assign = {};
  const people = [];
  for (const id in board.participants) {
    const p = board.participants[id];
    if (p.removed) continue;
    if (p.role === 'participant') people.push(id);
    else if (p.group) assign[id] = p.group;
  }
  people.sort();
  // Fisher-Yates.
  for (let i = people.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [people[i], people[j]] = [people[j], people[i]];
  }
  people.forEach((id, i) => { assign[id] = groups[i % groups.length]; });
  return assign;
}

/**
 * A uniform random integer in [0, n) from crypto.getRandomValues, without
 * modulo bias.
 * @param {number} n
 * @param {{getRandomValues: (a: Uint32Array) => Uint32Array}} [c]
 * @returns {number}
 */
export function randomInt(n, c = globalThis.crypto) {
  const limit = Math.floor(0x100000000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    c.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
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
    if (!OPTIMISTIC.has(p.op.kind)) continue; // shown when its event comes
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
