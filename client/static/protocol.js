// The wire protocol of docs/PROTOCOL.md, as plain data: limits, message
// builders and a parser that checks every server message before the rest of
// the client sees it. No DOM here, so node --test can run it.

/** @typedef {'yellow'|'pink'|'blue'|'green'|'orange'|'purple'} Color */
/** @typedef {'facilitator'|'participant'|'observer'} Role */

/**
 * @typedef {object} Note
 * @property {string} id
 * @property {string} text
 * @property {Color} color
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} author participant ID
 * @property {number} createdAt unix ms
 * @property {number} updatedAt unix ms
 * @property {number} z drawing order: seq of the last create or move
 * @property {boolean} [deleted]
 * @property {boolean} [hidden] hidden by a facilitator (moderation)
 * @property {string} [hiddenReason] why (facilitators only)
 * @property {string} [frame] the frame the note was placed in
 * @property {boolean} [private] written in a private step, not revealed yet
 * @property {number} [seq] the seq of the last event that changed it (ifSeq)
 * @property {Record<string, string[]>} [reactions] reaction -> the people who chose it
 */

/**
 * @typedef {object} Participant
 * @property {string} id
 * @property {string} name
 * @property {Role} role
 * @property {number} [joinedAt]
 * @property {string} [group] breakout group ID
 * @property {boolean} [removed] removed by a facilitator, or left
 * @property {boolean} [erased] their data was deleted (they left, or a facilitator deleted it)
 */

/**
 * When and where a workshop is planned; every field may be absent.
 * @typedef {object} Schedule
 * @property {string} [date] YYYY-MM-DD
 * @property {string} [start] HH:MM
 * @property {string} [end] HH:MM
 * @property {string} [place] a room or address, or an https meeting link
 */

/**
 * @typedef {object} Workshop
 * @property {string} id
 * @property {string} title
 * @property {string} lang
 * @property {string} createdAt
 * @property {string} epoch
 * @property {string} joinCode
 * @property {string} [deleteAfter] RFC 3339: when the server deletes it with all its data (absent: kept until deleted by hand)
 * @property {string} [process] the process it belongs to, if any
 * @property {number} [processPos] its place in that process, from 1
 * @property {Schedule} [schedule] when and where it is planned
 */

/**
 * An operation: `kind` plus only the fields that kind takes.
 * @typedef {object} Op
 * @property {string} kind
 * @property {string} [note]
 * @property {string} [text]
 * @property {Color} [color]
 * @property {number} [x]
 * @property {number} [y]
 * @property {number} [w]
 * @property {number} [h]
 * @property {string} [title]
 * @property {Participant} [participant]
 * @property {string} [person]
 * @property {string} [name]
 * @property {string} [frame]
 * @property {string} [group]
 * @property {string} [vote]
 * @property {string[]} [frames]
 * @property {string[]} [notes]
 * @property {number} [budget]
 * @property {number} [cap]
 * @property {number} [ms]
 * @property {boolean} [on]
 * @property {boolean} [sealed]
 * @property {string} [reason]
 * @property {Record<string, string>} [assign]
 * @property {string} [shape]
 * @property {string} [connector]
 * @property {string} [cluster]
 * @property {string} [comment]
 * @property {'rect'|'ellipse'|'text'} [form]
 * @property {Ref} [from]
 * @property {Ref} [to]
 * @property {'arrow'|'line'} [style]
 * @property {string} [reaction]
 * @property {number} [ifSeq] the seq the item must still have (undo, redo)
 * @property {Op[]} [ops] a batch's item ops
 * @property {AgendaStep[]} [agenda] agenda.set
 * @property {number} [step] agenda.go
 * @property {number} [fromStep] agenda.go
 * @property {string} [url] board.link
 */

/**
 * One step of the run of show (workshops.AgendaStep). Participants get
 * part, title and minutes only.
 * @typedef {object} AgendaStep
 * @property {string} [part]
 * @property {string} title
 * @property {string} [say]
 * @property {number} [minutes]
 * @property {Op[]} [ops]
 * @property {boolean} [assign]
 * @property {number} [top]
 * @property {string} [topVote]
 * @property {boolean} [topPerGroup]
 */

/** @typedef {{type: 'note'|'shape'|'frame'|'cluster', id: string}} Ref */

/**
 * @typedef {object} BoardEvent
 * @property {number} seq
 * @property {string} opId
 * @property {string} actor participant ID; empty for the server
 * @property {number} at unix ms
 * @property {Op} op
 */

/** The note colours in palette order (workshops.Colors). */
export const COLORS = /** @type {const} */ (['yellow', 'pink', 'blue', 'green', 'orange', 'purple']);

/** The roles (workshops.Role). */
export const ROLES = /** @type {const} */ (['facilitator', 'participant', 'observer']);

/** Limits from the protocol; the server enforces them, the UI helps. */
export const LIMITS = Object.freeze({
  textLen: 1000,
  titleLen: 120,
  nameLen: 40,
  coord: 100000,
  minSize: 80,
  maxSize: 1200,
  defaultW: 180,
  defaultH: 140,
  liveNotes: 5000,
  messageBytes: 16 * 1024,
  // Facilitation (workshops/facilitation.go).
  minFrame: 100,
  maxFrame: 20000,
  maxBudget: 100,
  groupNameLen: 60,
  boardMessageLen: 500,
  reasonLen: 200,
  minTimerMs: 1000,
  maxTimerMs: 24 * 60 * 60 * 1000,
});

/** The languages a workshop can have (workshops.Lang). */
export const WORKSHOP_LANGS = /** @type {const} */ (['nb', 'nn', 'en']);

/** WebSocket close codes with a meaning in the protocol. */
export const CLOSE = Object.freeze({
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  slow: 4001,
  unauthorized: 4003,
  notFound: 4004,
});

/**
 * The version of the citizen panel's consent text (panel.consent in the
 * translation tables); the server records it with each signup and refuses
 * any other (workshops.PanelConsentVersion).
 */
export const PANEL_CONSENT_VERSION = '2026-1';

/** Every error code of the protocol's error table. */
export const ERROR_CODES = /** @type {const} */ ([
  'invalid', 'bad_json', 'unknown_op', 'too_large', 'unauthorized', 'forbidden',
  'server_only', 'not_found', 'deleted', 'conflict', 'limit_reached', 'locked', 'over_budget', 'closed',
  'stale', 'editing', 'rate_limited', 'not_joined', 'unavailable', 'internal',
]);

/** Op kinds and the fields each takes; mirrors opSpecs in workshops/op.go. */
/** @type {Readonly<Record<string, {required: string[], optional: string[], serverOnly?: boolean}>>} */
export const OP_SPECS = Object.freeze({
  'note.create': { required: ['note', 'text', 'color', 'x', 'y'], optional: ['w', 'h'] },
  'note.edit': { required: ['note', 'text'], optional: ['ifSeq'] },
  'note.move': { required: ['note', 'x', 'y'], optional: ['ifSeq'] },
  'note.resize': { required: ['note', 'w', 'h'], optional: ['ifSeq'] },
  'note.recolor': { required: ['note', 'color'], optional: ['ifSeq'] },
  'note.delete': { required: ['note'], optional: ['reason', 'ifSeq'] },
  'note.hide': { required: ['note', 'on'], optional: ['reason'] },
  'board.rename': { required: ['title'], optional: [] },
  'participant.join': { required: ['participant'], optional: [], serverOnly: true },

  'participant.rename': { required: ['person', 'name'], optional: [] },
  'participant.remove': { required: ['person'], optional: [] },
  'participant.erase': { required: ['person'], optional: [], serverOnly: true },
  'participant.group': { required: ['person', 'group'], optional: [] },
  'board.lock': { required: ['on'], optional: [] },
  'board.joining': { required: ['on'], optional: [] },
  'board.end': { required: [], optional: [], serverOnly: true },
  'board.message': { required: ['text'], optional: [] },
  'board.focus': { required: [], optional: ['frame', 'x', 'y'] },
  'frame.create': { required: ['frame', 'title', 'x', 'y', 'w', 'h'], optional: ['text', 'group'] },
  'frame.update': { required: ['frame'], optional: ['title', 'text', 'x', 'y', 'w', 'h', 'group'] },
  'frame.lock': { required: ['frame', 'on'], optional: [] },
  'frame.delete': { required: ['frame'], optional: [] },
  'frame.copy': { required: ['frames', 'x', 'y'], optional: [] },
  'frame.choose': { required: ['frame', 'on'], optional: [] },
  'group.create': { required: ['group', 'name'], optional: [] },
  'group.rename': { required: ['group', 'name'], optional: [] },
  'group.delete': { required: ['group'], optional: [] },
  'group.assign': { required: ['assign'], optional: [] },
  'group.pick': { required: ['on'], optional: [] },
  'breakout.start': { required: [], optional: [] },
  'breakout.end': { required: [], optional: [] },
  'vote.open': { required: ['vote', 'budget'], optional: ['frames', 'cap'] },
  'vote.cast': { required: ['vote', 'note'], optional: [] },
  'vote.retract': { required: ['vote', 'note'], optional: [] },
  'vote.close': { required: ['vote'], optional: [] },
  'vote.reveal': { required: ['vote'], optional: [] },
  'vote.top': { required: ['vote', 'notes'], optional: [] },
  'vote.ballot': { required: ['vote', 'note', 'on', 'person'], optional: [], serverOnly: true },
  'private.start': { required: [], optional: ['frames', 'sealed'] },
  'private.reveal': { required: [], optional: [] },
  'timer.start': { required: ['ms'], optional: [] },
  'timer.pause': { required: [], optional: [] },
  'timer.resume': { required: [], optional: [] },
  'timer.add': { required: ['ms'], optional: [] },
  'timer.reset': { required: [], optional: [] },
  // The canvas (issue 15).
  'note.restore': { required: ['note', 'text', 'color', 'x', 'y', 'w', 'h', 'ifSeq'], optional: [] },
  'note.editing': { required: ['note', 'on'], optional: [] },
  'shape.create': { required: ['shape', 'form', 'x', 'y', 'w', 'h'], optional: ['text', 'color'] },
  'shape.update': { required: ['shape'], optional: ['ifSeq', 'x', 'y', 'w', 'h', 'text', 'color'] },
  'shape.delete': { required: ['shape'], optional: ['ifSeq'] },
  'shape.restore': { required: ['shape', 'form', 'x', 'y', 'w', 'h', 'ifSeq'], optional: ['text', 'color'] },
  'connector.create': { required: ['connector', 'from', 'to'], optional: ['style', 'text'] },
  'connector.update': { required: ['connector'], optional: ['ifSeq', 'style', 'text'] },
  'connector.delete': { required: ['connector'], optional: ['ifSeq'] },
  'connector.restore': { required: ['connector', 'from', 'to', 'style', 'ifSeq'], optional: ['text'] },
  'cluster.create': { required: ['cluster', 'name', 'x', 'y', 'w', 'h'], optional: [] },
  'cluster.update': { required: ['cluster'], optional: ['ifSeq', 'name', 'x', 'y', 'w', 'h'] },
  'cluster.delete': { required: ['cluster'], optional: ['ifSeq'] },
  'cluster.restore': { required: ['cluster', 'name', 'x', 'y', 'w', 'h', 'ifSeq'], optional: [] },
  'comment.create': { required: ['comment', 'note', 'text'], optional: [] },
  'comment.delete': { required: ['comment'], optional: [] },
  'reaction.set': { required: ['note', 'reaction', 'on'], optional: [] },
  'batch': { required: ['ops'], optional: [] },
  // The run of show and the room (agenda.js, follow.js).
  'agenda.set': { required: [], optional: ['agenda'] },
  'agenda.go': { required: ['step', 'fromStep'], optional: [] },
  'board.link': { required: ['url'], optional: ['group'] },
  'hand.raise': { required: ['on'], optional: ['person'] },
  'board.follow': { required: ['on'], optional: ['x', 'y', 'w', 'h'] },
});

/** The reactions, in the order they are offered (workshops.Reactions). */
export const REACTIONS = /** @type {const} */ (['like', 'heart', 'idea', 'question', 'celebrate']);
/** The emoji of each reaction; screen readers get its name from the tables. */
export const REACTION_EMOJI = Object.freeze({ like: '👍', heart: '❤️', idea: '💡', question: '❓', celebrate: '🎉' });

/** The ops a batch may hold (docs/PROTOCOL.md, Batches). */
export const BATCHABLE = new Set([
  'note.create', 'note.edit', 'note.move', 'note.resize', 'note.recolor', 'note.delete', 'note.restore',
  'shape.create', 'shape.update', 'shape.delete', 'shape.restore',
  'connector.create', 'connector.update', 'connector.delete', 'connector.restore',
  'cluster.create', 'cluster.update', 'cluster.delete', 'cluster.restore',
]);
/** The most ops in one batch. */
export const MAX_BATCH = 200;

/**
 * The op kinds the client shows before the server has ordered them (the
 * note ops, a rename). The facilitation ops wait for their event: what they
 * change depends on who sees what, which only the server knows.
 */
export const OPTIMISTIC = new Set([
  'note.create', 'note.edit', 'note.move', 'note.resize', 'note.recolor', 'note.delete', 'board.rename',
  // The canvas (issue 15): items follow their creator's hand at once too.
  'batch', 'note.restore', 'shape.create', 'shape.update', 'shape.delete', 'shape.restore',
  'connector.create', 'connector.update', 'connector.delete', 'connector.restore',
  'cluster.create', 'cluster.update', 'cluster.delete', 'cluster.restore', 'comment.create', 'comment.delete', 'reaction.set',
]);

const NUMBER_FIELDS = ['x', 'y', 'w', 'h', 'budget', 'cap', 'ms', 'ifSeq'];
/** Fields that count as absent when empty, as on the server. */
const ID_FIELDS = ['note', 'person', 'frame', 'vote', 'shape', 'connector', 'cluster', 'comment'];
const LIST_FIELDS = ['frames', 'notes', 'ops'];

/**
 * Reports whether s can be a client-chosen ID: 1-64 of A-Z a-z 0-9 - _.
 * @param {unknown} s
 * @returns {boolean}
 */
export function validId(s) {
  return typeof s === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(s);
}

/**
 * Number of characters as the server counts them (Unicode code points, not
 * UTF-16 units), so an emoji counts once.
 * @param {string} s
 * @returns {number}
 */
export function charCount(s) {
  return Array.from(s).length;
}

/**
 * Returns the error code the server would give for the shape of op (wrong or
 * missing fields, numbers that are not finite), or null if the shape is fine.
 * @param {Op} op
 * @returns {string|null}
 */
export function checkShape(op) {
  if (!op || typeof op !== 'object') return 'bad_json';
  const spec = OP_SPECS[/** @type {keyof typeof OP_SPECS} */ (op.kind)];
  if (!spec) return 'unknown_op';
  const allowed = new Set(['kind', ...spec.required, ...spec.optional]);
  for (const [k, v] of Object.entries(op)) {
    if (v === undefined) continue;
    if (!allowed.has(k)) return 'invalid';
  }
  for (const k of spec.required) {
    // The server treats an empty ID, list or map as "not sent".
    if (op[k] === undefined || op[k] === null || (ID_FIELDS.includes(k) && op[k] === '')) return 'invalid';
    if (LIST_FIELDS.includes(k) && !(Array.isArray(op[k]) && op[k].length > 0)) return 'invalid';
    if (k === 'assign' && !(isObj(op[k]) && Object.keys(op[k]).length > 0)) return 'invalid';
  }
  for (const k of ['on', 'sealed']) {
    if (op[k] !== undefined && typeof op[k] !== 'boolean') return 'bad_json';
  }
  for (const k of NUMBER_FIELDS) {
    if (op[k] !== undefined && !(typeof op[k] === 'number' && Number.isFinite(op[k]))) return 'invalid';
  }
  if (op.kind === 'batch') {
    if (op.ops.length > MAX_BATCH) return 'invalid';
    for (const inner of op.ops) {
      if (!inner || !BATCHABLE.has(inner.kind)) return 'invalid';
      const bad = checkShape(inner);
      if (bad) return bad;
    }
  }
  return null;
}

/**
 * A new random ID for a note or an op: a UUID v4. crypto.randomUUID exists
 * only in secure contexts, and a workshop room may well reach the server
 * over plain http on the local network, so fall back to getRandomValues,
 * which works everywhere.
 * @param {{randomUUID?: () => string, getRandomValues: (a: Uint8Array) => Uint8Array}} [c]
 * @returns {string}
 */
export function newId(c = globalThis.crypto) {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- Messages from the client ----

/**
 * The first message on every connection. epoch and lastSeq are left out when
 * the client holds no board yet, so the server sends a snapshot.
 * @param {string} token
 * @param {string|null} [epoch]
 * @param {number} [lastSeq]
 * @returns {string}
 */
export function helloMessage(token, epoch, lastSeq) {
  /** @type {{type: string, token: string, epoch?: string, lastSeq?: number}} */
  const m = { type: 'hello', token };
  if (epoch && lastSeq && lastSeq > 0) {
    m.epoch = epoch;
    m.lastSeq = lastSeq;
  }
  return JSON.stringify(m);
}

/**
 * @param {string} id the op ID, reused on every retry
 * @param {Op} op
 * @returns {string}
 */
export function opMessage(id, op) {
  return JSON.stringify({ type: 'op', id, op });
}

/**
 * @param {number} x board units
 * @param {number} y board units
 * @returns {string}
 */
export function cursorMessage(x, y) {
  return JSON.stringify({ type: 'cursor', x: Math.round(x), y: Math.round(y) });
}

// ---- Op builders. Positions and sizes are rounded to whole board units:
// the server takes fractions, but whole numbers keep the log readable. ----

/**
 * @param {{note: string, text?: string, color?: Color, x: number, y: number, w?: number, h?: number}} p
 * @returns {Op}
 */
export function noteCreate({ note, text = '', color = 'yellow', x, y, w, h }) {
  /** @type {Op} */
  const op = { kind: 'note.create', note, text, color, x: clampCoord(x), y: clampCoord(y) };
  if (w !== undefined && h !== undefined) {
    op.w = clampSize(w);
    op.h = clampSize(h);
  }
  return op;
}

/** @param {string} note @param {string} text @returns {Op} */
export function noteEdit(note, text) {
  return { kind: 'note.edit', note, text };
}

/** @param {string} note @param {number} x @param {number} y @returns {Op} */
export function noteMove(note, x, y) {
  return { kind: 'note.move', note, x: clampCoord(x), y: clampCoord(y) };
}

/** @param {string} note @param {number} w @param {number} h @returns {Op} */
export function noteResize(note, w, h) {
  return { kind: 'note.resize', note, w: clampSize(w), h: clampSize(h) };
}

/** @param {string} note @param {Color} color @returns {Op} */
export function noteRecolor(note, color) {
  return { kind: 'note.recolor', note, color };
}

/** @param {string} note @returns {Op} */
export function noteDelete(note) {
  return { kind: 'note.delete', note };
}

/** @param {string} title @returns {Op} */
export function boardRename(title) {
  return { kind: 'board.rename', title };
}

// ---- Facilitation op builders (docs/PROTOCOL.md, "Facilitation"). Empty
// lists are left out: the server counts them as absent. ----

/** @param {string} person @param {string} name @returns {Op} */
export const participantRename = (person, name) => ({ kind: 'participant.rename', person, name });
/** @param {string} person @returns {Op} */
export const participantRemove = (person) => ({ kind: 'participant.remove', person });
/** @param {string} person @param {string} group "" for none @returns {Op} */
export const participantGroup = (person, group) => ({ kind: 'participant.group', person, group });
/** @param {boolean} on @returns {Op} */
export const boardLock = (on) => ({ kind: 'board.lock', on });
/** @param {boolean} on whether new people may join @returns {Op} */
export const boardJoining = (on) => ({ kind: 'board.joining', on });
/** @param {string} text "" clears @returns {Op} */
export const boardMessage = (text) => ({ kind: 'board.message', text });
/**
 * @param {{frame?: string, x?: number, y?: number}} [at] a frame, a point, or nothing (clears)
 * @returns {Op}
 */
export function boardFocus(at = {}) {
  if (at.frame) return { kind: 'board.focus', frame: at.frame };
  if (at.x !== undefined && at.y !== undefined) return { kind: 'board.focus', x: clampCoord(at.x), y: clampCoord(at.y) };
  return { kind: 'board.focus' };
}
/**
 * @param {{frame: string, title: string, x: number, y: number, w: number, h: number, text?: string, group?: string}} p
 * @returns {Op}
 */
export function frameCreate({ frame, title, x, y, w, h, text, group }) {
  /** @type {Op} */
  const op = { kind: 'frame.create', frame, title, x: clampCoord(x), y: clampCoord(y), w: Math.round(w), h: Math.round(h) };
  if (text) op.text = text;
  if (group) op.group = group;
  return op;
}
/**
 * @param {string} frame
 * @param {{title?: string, text?: string, x?: number, y?: number, w?: number, h?: number, group?: string}} fields
 * @returns {Op}
 */
export function frameUpdate(frame, fields) {
  /** @type {Op} */
  const op = { kind: 'frame.update', frame };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) op[k] = v;
  return op;
}
/** @param {string} frame @param {boolean} on @returns {Op} */
export const frameLock = (frame, on) => ({ kind: 'frame.lock', frame, on });
/** @param {string} frame @returns {Op} */
export const frameDelete = (frame) => ({ kind: 'frame.delete', frame });
/** Marks a card as chosen (a goal image a municipality picked), or not. @param {string} frame @param {boolean} on @returns {Op} */
export const frameChoose = (frame, on) => ({ kind: 'frame.choose', frame, on });
/** @param {string[]} frames @param {number} x @param {number} y the offset between copies @returns {Op} */
export const frameCopy = (frames, x, y) => ({ kind: 'frame.copy', frames, x: Math.round(x), y: Math.round(y) });
/** @param {string} group @param {string} name @returns {Op} */
export const groupCreate = (group, name) => ({ kind: 'group.create', group, name });
/** @param {string} group @param {string} name @returns {Op} */
export const groupRename = (group, name) => ({ kind: 'group.rename', group, name });
/** @param {string} group @returns {Op} */
export const groupDelete = (group) => ({ kind: 'group.delete', group });
/** @param {Record<string, string>} assign person -> group @returns {Op} */
export const groupAssign = (assign) => ({ kind: 'group.assign', assign });
/** @param {boolean} on @returns {Op} */
export const groupPick = (on) => ({ kind: 'group.pick', on });
/** @returns {Op} */
export const breakoutStart = () => ({ kind: 'breakout.start' });
/** @returns {Op} */
export const breakoutEnd = () => ({ kind: 'breakout.end' });
/**
 * @param {{vote: string, budget: number, frames?: string[], cap?: number}} p
 * @returns {Op}
 */
export function voteOpen({ vote, budget, frames, cap }) {
  /** @type {Op} */
  const op = { kind: 'vote.open', vote, budget };
  if (frames && frames.length) op.frames = frames;
  if (cap) op.cap = cap;
  return op;
}
/** @param {string} vote @param {string} note @returns {Op} */
export const voteCast = (vote, note) => ({ kind: 'vote.cast', vote, note });
/** @param {string} vote @param {string} note @returns {Op} */
export const voteRetract = (vote, note) => ({ kind: 'vote.retract', vote, note });
/** @param {string} vote @returns {Op} */
export const voteClose = (vote) => ({ kind: 'vote.close', vote });
/** @param {string} vote @returns {Op} */
export const voteReveal = (vote) => ({ kind: 'vote.reveal', vote });
/** @param {string} vote @param {string[]} notes @returns {Op} */
export const voteTop = (vote, notes) => ({ kind: 'vote.top', vote, notes });
/**
 * @param {{frames?: string[], sealed?: boolean}} [p]
 * @returns {Op}
 */
export function privateStart({ frames, sealed } = {}) {
  /** @type {Op} */
  const op = { kind: 'private.start' };
  if (frames && frames.length) op.frames = frames;
  if (sealed) op.sealed = true;
  return op;
}
/** @returns {Op} */
export const privateReveal = () => ({ kind: 'private.reveal' });
/** @param {number} ms @returns {Op} */
export const timerStart = (ms) => ({ kind: 'timer.start', ms: Math.round(ms) });
/** @returns {Op} */
export const timerPause = () => ({ kind: 'timer.pause' });
/** @returns {Op} */
export const timerResume = () => ({ kind: 'timer.resume' });
/** @param {number} ms @returns {Op} */
export const timerAdd = (ms) => ({ kind: 'timer.add', ms: Math.round(ms) });
/** @returns {Op} */
export const timerReset = () => ({ kind: 'timer.reset' });

// ---- the canvas (issue 15) ----

/**
 * Several item ops as one op: one event, one undo step.
 * @param {Op[]} ops
 * @returns {Op}
 */
export const batch = (ops) => ({ kind: 'batch', ops });
/** @param {Note} n as it was @param {number} ifSeq @returns {Op} */
export const noteRestore = (n, ifSeq) => ({ kind: 'note.restore', note: n.id, text: n.text, color: n.color, x: n.x, y: n.y, w: n.w, h: n.h, ifSeq });
/** @param {string} note @param {boolean} on @returns {Op} */
export const noteEditing = (note, on) => ({ kind: 'note.editing', note, on });
/**
 * @param {{shape: string, form: 'rect'|'ellipse'|'text', x: number, y: number, w: number, h: number, text?: string, color?: Color}} s
 * @returns {Op}
 */
export function shapeCreate({ shape, form, x, y, w, h, text, color }) {
  /** @type {Op} */
  const op = { kind: 'shape.create', shape, form, x: Math.round(x), y: Math.round(y), w: Math.round(w), h: Math.round(h) };
  if (text) op.text = text;
  if (color) op.color = color;
  return op;
}
/** @param {string} shape @param {Partial<Op>} fields @returns {Op} */
export const shapeUpdate = (shape, fields) => ({ kind: 'shape.update', shape, ...fields });
/** @param {string} shape @returns {Op} */
export const shapeDelete = (shape) => ({ kind: 'shape.delete', shape });
/**
 * @param {{connector: string, from: Ref, to: Ref, style?: 'arrow'|'line', text?: string}} c
 * @returns {Op}
 */
export function connectorCreate({ connector, from, to, style, text }) {
  /** @type {Op} */
  const op = { kind: 'connector.create', connector, from, to };
  if (style) op.style = style;
  if (text) op.text = text;
  return op;
}
/** @param {string} connector @param {Partial<Op>} fields @returns {Op} */
export const connectorUpdate = (connector, fields) => ({ kind: 'connector.update', connector, ...fields });
/** @param {string} connector @returns {Op} */
export const connectorDelete = (connector) => ({ kind: 'connector.delete', connector });
/** @param {{cluster: string, name: string, x: number, y: number, w: number, h: number}} c @returns {Op} */
export const clusterCreate = ({ cluster, name, x, y, w, h }) => ({ kind: 'cluster.create', cluster, name, x: Math.round(x), y: Math.round(y), w: Math.round(w), h: Math.round(h) });
/** @param {string} cluster @param {Partial<Op>} fields @returns {Op} */
export const clusterUpdate = (cluster, fields) => ({ kind: 'cluster.update', cluster, ...fields });
/** @param {string} cluster @returns {Op} */
export const clusterDelete = (cluster) => ({ kind: 'cluster.delete', cluster });
/** @param {string} comment @param {string} note @param {string} text @returns {Op} */
export const commentCreate = (comment, note, text) => ({ kind: 'comment.create', comment, note, text });
/** @param {string} comment @returns {Op} */
export const commentDelete = (comment) => ({ kind: 'comment.delete', comment });
/** @param {string} note @param {string} reaction @param {boolean} on @returns {Op} */
export const reactionSet = (note, reaction, on) => ({ kind: 'reaction.set', note, reaction, on });

/**
 * Rounds a coordinate and keeps it on the board.
 * @param {number} v
 * @returns {number}
 */
export function clampCoord(v) {
  return Math.max(-LIMITS.coord, Math.min(LIMITS.coord, Math.round(v)));
}

/**
 * Rounds a note side and keeps it within the allowed sizes.
 * @param {number} v
 * @returns {number}
 */
export function clampSize(v) {
  return Math.max(LIMITS.minSize, Math.min(LIMITS.maxSize, Math.round(v)));
}

// ---- Messages from the server ----

/**
 * A server message after checking. Unknown types and malformed messages
 * become {type: 'invalid'} so the caller can log and ignore them: a newer
 * server may send types this client does not know.
 * @typedef {(
 *   {type: 'welcome', you: Participant, workshop: Workshop, serverTime: number} |
 *   {type: 'snapshot', board: {seq: number, title: string, notes: Note[], participants: Participant[]}} |
 *   {type: 'event', event: BoardEvent} |
 *   {type: 'ack', id: string, seq: number} |
 *   {type: 'error', id?: string, code: string, message: string} |
 *   {type: 'presence', people: {id: string, name: string, role: Role}[]} |
 *   {type: 'cursors', cursors: {id: string, x: number, y: number}[]} |
 *   {type: 'invalid', reason: string}
 * )} ServerMessage
 */

/** @type {(v: unknown) => v is Record<string, any>} */
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v) => typeof v === 'string';
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const isSeq = (v) => Number.isInteger(v) && v >= 0;

/** @param {unknown} p */
function isParticipant(p) {
  return isObj(p) && isStr(p.id) && isStr(p.name) && isStr(p.role);
}

/** @param {unknown} n */
function isNote(n) {
  return isObj(n) && isStr(n.id) && isStr(n.text) && isStr(n.color) &&
    isNum(n.x) && isNum(n.y) && isNum(n.w) && isNum(n.h) && isNum(n.z);
}

/** @param {unknown} e */
function isEvent(e) {
  return isObj(e) && isSeq(e.seq) && e.seq > 0 && isStr(e.opId) && isStr(e.actor) && isObj(e.op) && isStr(e.op.kind);
}

/** @type {Record<string, (m: any) => boolean>} */
const validators = {
  welcome: (m) => isParticipant(m.you) && isObj(m.workshop) && isStr(m.workshop.id),
  snapshot: (m) => isObj(m.board) && isSeq(m.board.seq) && isStr(m.board.title) &&
    Array.isArray(m.board.notes) && m.board.notes.every(isNote) &&
    Array.isArray(m.board.participants) && m.board.participants.every(isParticipant),
  event: (m) => isEvent(m.event),
  ack: (m) => isStr(m.id) && isSeq(m.seq),
  error: (m) => isStr(m.code) && (m.id === undefined || isStr(m.id)),
  presence: (m) => Array.isArray(m.people) && m.people.every(isParticipant),
  cursors: (m) => Array.isArray(m.cursors) && m.cursors.every((c) => isObj(c) && isStr(c.id) && isNum(c.x) && isNum(c.y)),
};

/**
 * The protocol version this client speaks, asked for in the socket URL
 * (?v=2): a frame from the server holds one or more messages, one per line.
 */
export const PROTOCOL_VERSION = 2;

/**
 * Parses and checks one text frame from the server: its messages, one per
 * line (JSON never holds a raw newline), in the order they are to be
 * applied.
 * @param {string} data
 * @returns {ServerMessage[]}
 */
export function parseServerFrame(data) {
  return String(data).split('\n').map(parseServerMessage);
}

/**
 * Parses and checks one message from the server.
 * @param {string} data
 * @returns {ServerMessage}
 */
export function parseServerMessage(data) {
  let m;
  try {
    m = JSON.parse(data);
  } catch {
    return { type: 'invalid', reason: 'not JSON' };
  }
  if (!isObj(m) || !isStr(m.type)) return { type: 'invalid', reason: 'no type' };
  const ok = validators[m.type];
  if (!ok) return { type: 'invalid', reason: `unknown type ${m.type.slice(0, 40)}` };
  if (!ok(m)) return { type: 'invalid', reason: `malformed ${m.type}` };
  if (m.type === 'error' && m.message === undefined) m.message = '';
  return /** @type {ServerMessage} */ (m);
}

/**
 * What the client should do when the socket closes with code.
 * - reconnect: try again with backoff and resume
 * - rejoin: the token is no good here; forget it and ask the person to join
 * - notfound: the workshop does not exist; say so and stop
 * - stop: a client bug (1008); retrying would fail the same way
 * @param {number} code
 * @returns {'reconnect'|'rejoin'|'notfound'|'stop'}
 */
export function closeAction(code) {
  switch (code) {
    case CLOSE.unauthorized: return 'rejoin';
    case CLOSE.notFound: return 'notfound';
    case CLOSE.policy: return 'stop';
    default: return 'reconnect';
  }
}

// ---- Join codes ----

/** The alphabet of join codes: no 0/O, 1/I/L. */
export const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * Normalises what a person typed as a join code: dashes, spaces and case do
 * not matter.
 * @param {string} s
 * @returns {string}
 */
export function normalizeJoinCode(s) {
  return String(s).toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * Reports whether s (after normalising) looks like a join code. Used only to
 * help the person; the server decides.
 * @param {string} s
 * @returns {boolean}
 */
export function looksLikeJoinCode(s) {
  const c = normalizeJoinCode(s);
  return c.length === 6 && [...c].every((ch) => JOIN_ALPHABET.includes(ch));
}

/**
 * Formats a join code for reading: ABCDEF becomes ABC-DEF.
 * @param {string} s
 * @returns {string}
 */
export function formatJoinCode(s) {
  const c = normalizeJoinCode(s);
  return c.length === 6 ? `${c.slice(0, 3)}-${c.slice(3)}` : c;
}

/**
 * Reads the error code out of an HTTP error body
 * ({"error": {"code", "message"}}), falling back to one derived from the
 * status when the body is not ours (a proxy's error page, say).
 * @param {unknown} body
 * @param {number} status
 * @returns {string}
 */
export function apiErrorCode(body, status) {
  if (isObj(body) && isObj(body.error) && isStr(body.error.code) && body.error.code) {
    return body.error.code;
  }
  const byStatus = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'rate_limited', 503: 'unavailable' };
  return byStatus[status] || 'internal';
}
