// One WebSocket to one board, kept alive across network trouble.
//
// The connection owns no board state. It asks the app, through callbacks,
// where to resume from (epoch + last seq) and which ops are still unacked,
// so the reducer in state.js stays the one source of truth: after every
// welcome it resends each unacked op with its original ID, and the server
// applies an op ID once, so a retry can never apply a change twice.
//
// Outgoing messages go through a token bucket a little below the server's
// limit (60 a second, bursts of 120): over the limit the server refuses ops
// rather than queueing them, so this side queues ops and drops cursors.

import { createBackoff } from './backoff.js';
import { PROTOCOL_VERSION, closeAction, cursorMessage, helloMessage, opMessage, parseServerFrame } from './protocol.js';

/** @typedef {import('./protocol.js').ServerMessage} ServerMessage */
/** @typedef {import('./protocol.js').Op} Op */

/** @typedef {'connecting'|'online'|'offline'} ConnStatus */

/**
 * Why the connection gave up for good.
 * - rejoin: 4003, the token is not valid for this board
 * - notfound: 4004, no such workshop
 * - policy: 1008, the server did not accept our hello (a client bug)
 * @typedef {'rejoin'|'notfound'|'policy'} FatalReason
 */

/**
 * @typedef {object} ConnectionOptions
 * @property {string} url the ws: or wss: URL of /ws/{id}
 * @property {string} token the session token
 * @property {() => {epoch: string|null, lastSeq: number}} getResume
 * @property {() => {id: string, op: Op}[]} getUnacked ops to resend, in order
 * @property {(m: ServerMessage) => void} onMessage every valid server message
 * @property {(s: ConnStatus, info: {everOnline: boolean, retryInMs?: number, closeCode?: number}) => void} [onStatus]
 * @property {(r: FatalReason) => void} [onFatal]
 * @property {typeof WebSocket} [WebSocketImpl] for tests
 * @property {import('./backoff.js').Backoff} [backoff]
 * @property {{setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout, now: () => number}} [clock]
 */

/** Sending budget: refill per second and burst, below the server's 60/120. */
export const SEND_RATE = 50;
export const SEND_BURST = 100;
/** Cursors are sent only while this many tokens are left for ops. */
const CURSOR_RESERVE = 20;
/**
 * An op unanswered this long while online means the socket is dead without
 * knowing it (a laptop lid, a lost Wi-Fi): reconnect and resend.
 */
export const ACK_TIMEOUT_MS = 20000;

const WS_OPEN = 1;

/** A WebSocket to one board that reconnects, resumes and resends. */
export class Connection {
  /** @param {ConnectionOptions} opts */
  constructor(opts) {
    this.opts = opts;
    this.WS = opts.WebSocketImpl || globalThis.WebSocket;
    this.backoff = opts.backoff || createBackoff();
    this.clock = opts.clock || {
      setTimeout: globalThis.setTimeout.bind(globalThis),
      clearTimeout: globalThis.clearTimeout.bind(globalThis),
      now: () => Date.now(),
    };
    /** @type {WebSocket|null} */
    this.ws = null;
    /** @type {ConnStatus} */
    this.status = 'offline';
    this.welcomed = false;
    this.everOnline = false;
    /** The code of the last close, for telling the person why. @type {number|undefined} */
    this.lastCloseCode = undefined;
    this.stopped = true;
    /** What the browser last said about the network (navigator.onLine). */
    this.networkOnline = true;
    /** @type {any} */
    this.retryTimer = null;
    /** @type {any} */
    this.flushTimer = null;
    /** @type {any} */
    this.watchTimer = null;
    /** @type {string[]} frames waiting for send budget */
    this.outbox = [];
    this.tokens = SEND_BURST;
    this.tokensAt = 0;
    /** @type {Map<string, number>} op ID -> when it was sent */
    this.inflight = new Map();
  }

  /** Opens the connection; it then keeps itself open until stop(). */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Closes the connection for good (leaving the page, a fatal close). */
  stop() {
    this.stopped = true;
    this.clearTimers();
    this.drop(1000);
    this.setStatus('offline');
  }

  /**
   * Drops the current socket and connects again at once, resuming from the
   * last seq. For a gap in the events, or when the network comes back.
   */
  reconnectNow() {
    if (this.stopped) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.drop(4000);
    this.open();
  }

  /**
   * Sends an op if the server has welcomed us; otherwise it waits, with the
   * other unacked ops, for the next welcome.
   * @param {string} id
   * @param {Op} op
   * @returns {boolean} whether it was handed to the socket (or its queue)
   */
  sendOp(id, op) {
    if (!this.welcomed) return false;
    this.inflight.set(id, this.clock.now());
    this.enqueue(opMessage(id, op));
    return true;
  }

  /**
   * Sends the pointer position, unless the budget is needed for ops. The
   * caller throttles; cursors are ephemeral, so dropping one is fine.
   * @param {number} x
   * @param {number} y
   */
  sendCursor(x, y) {
    if (!this.welcomed || this.outbox.length > 0) return;
    this.refill();
    if (this.tokens < CURSOR_RESERVE) return;
    this.tokens--;
    this.rawSend(cursorMessage(x, y));
  }

  /**
   * Tells the connection what the browser knows about the network.
   * @param {boolean} online
   */
  networkChanged(online) {
    this.networkOnline = online;
    if (this.stopped) return;
    if (online) {
      this.reconnectNow();
      return;
    }
    // The socket may take minutes to notice; let it go and keep trying
    // with backoff, showing "offline" until the network is back.
    this.drop(4000);
    this.scheduleRetry();
  }

  // ---- internals ----

  /** The status while not welcomed: waiting for the server or the network. */
  waitingStatus() {
    return this.networkOnline ? 'connecting' : 'offline';
  }

  open() {
    this.welcomed = false;
    this.setStatus(this.waitingStatus());
    let ws;
    try {
      ws = new this.WS(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const { epoch, lastSeq } = this.opts.getResume();
      ws.send(helloMessage(this.opts.token, epoch, lastSeq));
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws || typeof ev.data !== 'string') return;
      // A frame may hold several messages; applying one may drop this
      // socket (a resync), and then the rest are not for us.
      for (const m of parseServerFrame(ev.data)) {
        if (ws !== this.ws) return;
        this.receive(m);
      }
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      this.closed(ev.code);
    };
    // Errors are always followed by a close event; handle it there.
    ws.onerror = () => {};
  }

  /** @param {ServerMessage} m */
  receive(m) {
    if (m.type === 'invalid') {
      console.warn('samskap: ignoring a server message:', m.reason);
      return;
    }
    this.settle(m);
    this.opts.onMessage(m);
    if (m.type === 'welcome') this.onWelcome();
  }

  /** Forgets in-flight ops the server answered. @param {ServerMessage} m */
  settle(m) {
    if (m.type === 'ack' || m.type === 'error' && m.id) this.inflight.delete(/** @type {string} */ (m.id));
    else if (m.type === 'event') this.inflight.delete(m.event.opId);
  }

  onWelcome() {
    this.welcomed = true;
    this.everOnline = true;
    this.backoff.reset();
    this.lastCloseCode = undefined;
    this.setStatus('online');
    this.inflight.clear();
    for (const p of this.opts.getUnacked()) this.sendOp(p.id, p.op);
    this.watch();
  }

  /** @param {number} code */
  closed(code) {
    this.lastCloseCode = code;
    this.ws = null;
    this.welcomed = false;
    this.outbox = [];
    this.inflight.clear();
    this.clock.clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.stopped) return;
    const action = closeAction(code);
    if (action === 'reconnect') {
      this.scheduleRetry();
      return;
    }
    this.stop();
    const reason = action === 'rejoin' ? 'rejoin' : action === 'notfound' ? 'notfound' : 'policy';
    if (this.opts.onFatal) this.opts.onFatal(reason);
  }

  scheduleRetry() {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setStatus(this.waitingStatus(), delay);
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  /** Closes the current socket without reacting to its close event. @param {number} code */
  drop(code) {
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    this.outbox = [];
    this.inflight.clear();
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(code);
    } catch {
      // Closing a socket that never opened may throw in some browsers.
    }
  }

  /** @param {string} frame */
  enqueue(frame) {
    this.outbox.push(frame);
    this.flush();
  }

  flush() {
    this.refill();
    while (this.outbox.length > 0 && this.tokens >= 1) {
      this.tokens--;
      this.rawSend(/** @type {string} */ (this.outbox.shift()));
    }
    if (this.outbox.length > 0 && this.flushTimer === null) {
      const wait = Math.ceil(1000 / SEND_RATE);
      this.flushTimer = this.clock.setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, wait);
    }
  }

  refill() {
    const now = this.clock.now();
    this.tokens = Math.min(SEND_BURST, this.tokens + (now - this.tokensAt) * SEND_RATE / 1000);
    this.tokensAt = now;
  }

  /** @param {string} frame */
  rawSend(frame) {
    if (this.ws && this.ws.readyState === WS_OPEN) this.ws.send(frame);
  }

  /** Checks now and then that ops get answered; see ACK_TIMEOUT_MS. */
  watch() {
    this.clock.clearTimeout(this.watchTimer);
    this.watchTimer = this.clock.setTimeout(() => {
      this.watchTimer = null;
      if (this.stopped || !this.welcomed) return;
      const now = this.clock.now();
      for (const sentAt of this.inflight.values()) {
        if (now - sentAt > ACK_TIMEOUT_MS) {
          this.reconnectNow();
          return;
        }
      }
      this.watch();
    }, 5000);
  }

  clearTimers() {
    for (const t of [this.retryTimer, this.flushTimer, this.watchTimer]) this.clock.clearTimeout(t);
    this.retryTimer = this.flushTimer = this.watchTimer = null;
  }

  /**
   * @param {ConnStatus} s
   * @param {number} [retryInMs]
   */
  setStatus(s, retryInMs) {
    const changed = s !== this.status;
    this.status = s;
    if ((changed || retryInMs !== undefined) && this.opts.onStatus) {
      this.opts.onStatus(s, { everOnline: this.everOnline, retryInMs, closeCode: this.lastCloseCode });
    }
  }
}

/**
 * The WebSocket URL of a board, on the page's own host and scheme, asking
 * for this client's protocol version (several messages per frame).
 * @param {{protocol: string, host: string}} loc
 * @param {string} workshopId
 * @returns {string}
 */
export function boardSocketUrl(loc, workshopId) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws/${encodeURIComponent(workshopId)}?v=${PROTOCOL_VERSION}`;
}
