// The connection against a fake WebSocket and a fake clock: hello and
// resume, resending unacked ops with their IDs, close codes and backoff.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ACK_TIMEOUT_MS, Connection, SEND_BURST, boardSocketUrl } from '../static/connection.js';
import { noteMove } from '../static/protocol.js';
import { initialState, reduce, unacked } from '../static/state.js';
import { fakeClock, note, person, workshop } from './helpers.mjs';

/** A WebSocket stand-in that records what is sent. */
class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.all.push(this);
  }
  send(data) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(code) {
    this.closedWith = code;
    this.readyState = 3;
  }
  // test side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(m) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  /** Several messages in one frame, as the server batches them. */
  receiveFrame(...ms) {
    this.onmessage?.({ data: ms.map((m) => JSON.stringify(m)).join('\n') });
  }
  serverClose(code) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const kari = person('kari');
const welcome = { type: 'welcome', you: kari, workshop: workshop(), serverTime: 1 };
const snapshot = (seq) => ({ type: 'snapshot', board: { seq, title: 'T', notes: [note('n1', { author: 'kari' })], participants: [kari] } });

/** A connection wired to a reducer, as page-board.js does it. */
function setup() {
  const clock = fakeClock();
  const app = { state: initialState(), statuses: [], fatal: null, messages: [] };
  const conn = new Connection({
    url: 'ws://x/ws/w1',
    token: 'tok',
    WebSocketImpl: /** @type {any} */ (FakeSocket),
    clock,
    backoff: { next: () => 1000, reset() {}, attempts: () => 0 },
    getResume: () => ({ epoch: app.state.epoch, lastSeq: app.state.seq }),
    getUnacked: () => unacked(app.state),
    onMessage: (m) => {
      app.messages.push(m);
      app.state = reduce(app.state, /** @type {any} */ (m));
    },
    onStatus: (s) => app.statuses.push(s),
    onFatal: (r) => { app.fatal = r; },
  });
  /** Makes a local op, as submit() does. */
  const local = (id, op) => {
    app.state = reduce(app.state, { type: 'local', id, op });
    return conn.sendOp(id, op);
  };
  const last = () => FakeSocket.all[FakeSocket.all.length - 1];
  return { clock, app, conn, local, last };
}

beforeEach(() => {
  FakeSocket.all = [];
});

describe('connection', () => {
  it('says hello first, with no resume point on a fresh start', () => {
    const { conn, last, app } = setup();
    conn.start();
    assert.equal(last().url, 'ws://x/ws/w1');
    assert.deepEqual(app.statuses, ['connecting']);
    last().open();
    assert.deepEqual(last().sent, [{ type: 'hello', token: 'tok' }]);
    last().receive(welcome);
    assert.equal(conn.status, 'online');
    assert.deepEqual(app.statuses, ['connecting', 'online']);
  });

  it('does not send ops before the welcome, then sends them all', () => {
    const { conn, last, local } = setup();
    conn.start();
    last().open();
    assert.equal(local('op1', noteMove('n1', 1, 1)), false);
    last().receive(welcome);
    assert.deepEqual(last().sent.slice(1), [{ type: 'op', id: 'op1', op: { kind: 'note.move', note: 'n1', x: 1, y: 1 } }]);
  });

  it('resumes with epoch and lastSeq and resends unacked ops with the same IDs', () => {
    const { conn, last, local, clock, app } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    last().receive(snapshot(7));
    local('op1', noteMove('n1', 1, 1));
    local('op2', noteMove('n1', 2, 2));
    last().receive({ type: 'ack', id: 'op1', seq: 8 });
    last().serverClose(1006);
    assert.equal(conn.status, 'connecting');
    assert.equal(app.statuses.at(-1), 'connecting');

    clock.advance(999);
    assert.equal(FakeSocket.all.length, 1, 'waits for the backoff');
    clock.advance(1);
    assert.equal(FakeSocket.all.length, 2);
    last().open();
    assert.deepEqual(last().sent[0], { type: 'hello', token: 'tok', epoch: 'e1', lastSeq: 7 });
    last().receive(welcome);
    assert.deepEqual(last().sent.slice(1).map((m) => m.id), ['op2'], 'op1 is acked, so only op2 goes again');
  });

  it('4001 (too slow) reconnects and resumes', () => {
    const { conn, last, clock } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    last().receive(snapshot(3));
    last().serverClose(4001);
    clock.advance(1000);
    last().open();
    assert.equal(last().sent[0].lastSeq, 3);
  });

  it('4003 forgets nothing itself but stops and reports rejoin', () => {
    const { conn, last, clock, app } = setup();
    conn.start();
    last().open();
    last().serverClose(4003);
    assert.equal(app.fatal, 'rejoin');
    assert.equal(conn.status, 'offline');
    clock.advance(60000);
    assert.equal(FakeSocket.all.length, 1, 'no reconnect');
  });

  it('4004 reports not found and stops', () => {
    const { conn, last, clock, app } = setup();
    conn.start();
    last().open();
    last().serverClose(4004);
    assert.equal(app.fatal, 'notfound');
    clock.advance(60000);
    assert.equal(FakeSocket.all.length, 1);
  });

  it('1008 stops: retrying a hello the server refuses cannot help', () => {
    const { conn, last, app } = setup();
    conn.start();
    last().open();
    last().serverClose(1008);
    assert.equal(app.fatal, 'policy');
  });

  it('1001 (server going away) reconnects', () => {
    const { conn, last, clock } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    last().serverClose(1001);
    clock.advance(1000);
    assert.equal(FakeSocket.all.length, 2);
  });

  it('stop closes for good', () => {
    const { conn, last, clock } = setup();
    conn.start();
    last().open();
    const ws = last();
    conn.stop();
    assert.equal(ws.closedWith, 1000);
    clock.advance(60000);
    assert.equal(FakeSocket.all.length, 1);
  });

  it('reconnectNow drops the socket and resumes at once', () => {
    const { conn, last } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    last().receive(snapshot(4));
    const old = last();
    conn.reconnectNow();
    assert.equal(old.closedWith, 4000);
    assert.equal(FakeSocket.all.length, 2);
    last().open();
    assert.equal(last().sent[0].lastSeq, 4);
  });

  it('going offline shows offline and keeps trying; online reconnects at once', () => {
    const { conn, last, clock, app } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    conn.networkChanged(false);
    assert.equal(conn.status, 'offline');
    clock.advance(1000);
    assert.equal(app.statuses.at(-1), 'offline', 'still offline while the network is down');
    const before = FakeSocket.all.length;
    conn.networkChanged(true);
    assert.equal(FakeSocket.all.length, before + 1);
    assert.equal(conn.status, 'connecting');
  });

  it('ignores malformed messages', () => {
    const { conn, last, app } = setup();
    conn.start();
    last().open();
    const warn = console.warn;
    console.warn = () => {};
    try {
      last().onmessage({ data: 'not json' });
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(app.messages, []);
  });

  it('applies every message of a frame, in order', () => {
    const { conn, last, app } = setup();
    conn.start();
    last().open();
    last().receiveFrame(welcome, snapshot(7), { type: 'presence', people: [kari] },
      { type: 'event', event: { seq: 8, opId: 'o8', actor: 'kari', at: 1, op: { kind: 'note.move', note: 'n1', x: 5, y: 6 } } });
    assert.deepEqual(app.messages.map((m) => m.type), ['welcome', 'snapshot', 'presence', 'event']);
    assert.equal(conn.status, 'online');
    assert.equal(app.state.seq, 8);
    assert.equal(app.state.committed.notes.n1.x, 5);
  });

  it('ignores the rest of a frame once the socket is dropped', () => {
    const { conn, last, app } = setup();
    const opts = conn.opts;
    const onMessage = opts.onMessage;
    opts.onMessage = (m) => {
      onMessage(m);
      if (m.type === 'snapshot') conn.reconnectNow();
    };
    conn.start();
    last().open();
    const first = last();
    first.receiveFrame(welcome, snapshot(7), { type: 'ack', id: 'x', seq: 8 });
    assert.deepEqual(app.messages.map((m) => m.type), ['welcome', 'snapshot']);
    assert.notEqual(last(), first, 'reconnecting on a new socket');
  });

  it('paces ops under the server limit instead of losing them', () => {
    const { conn, last, local, clock } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    for (let i = 0; i < SEND_BURST + 30; i++) local(`op${i}`, noteMove('n1', i, 0));
    const sentNow = last().sent.length - 1;
    assert.equal(sentNow, SEND_BURST, 'a burst goes at once');
    clock.advance(1000);
    assert.equal(last().sent.length - 1, SEND_BURST + 30, 'the rest follow within a second');
    assert.deepEqual(last().sent.slice(1).map((m) => m.id), Array.from({ length: SEND_BURST + 30 }, (_, i) => `op${i}`), 'in order');
  });

  it('drops cursors, not ops, when the budget is low', () => {
    const { conn, last, local } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    conn.sendCursor(1, 2);
    assert.deepEqual(last().sent.at(-1), { type: 'cursor', x: 1, y: 2 });
    for (let i = 0; i < SEND_BURST; i++) local(`op${i}`, noteMove('n1', i, 0));
    const n = last().sent.length;
    conn.sendCursor(3, 4);
    assert.equal(last().sent.length, n, 'cursor dropped');
  });

  it('reconnects when an op goes unanswered too long (a dead socket)', () => {
    const { conn, last, local, clock } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    local('op1', noteMove('n1', 1, 1));
    clock.advance(ACK_TIMEOUT_MS + 5000);
    assert.equal(FakeSocket.all.length, 2);
    last().open();
    last().receive(welcome);
    assert.deepEqual(last().sent.slice(1).map((m) => m.id), ['op1']);
  });

  it('an answered op does not trigger the watchdog', () => {
    const { conn, last, local, clock } = setup();
    conn.start();
    last().open();
    last().receive(welcome);
    local('op1', noteMove('n1', 1, 1));
    last().receive({ type: 'ack', id: 'op1', seq: 1 });
    clock.advance(ACK_TIMEOUT_MS * 3);
    assert.equal(FakeSocket.all.length, 1);
  });

  it('builds the socket URL from the page', () => {
    assert.equal(boardSocketUrl({ protocol: 'https:', host: 'samskap.no' }, 'w 1'), 'wss://samskap.no/ws/w%201?v=2');
    assert.equal(boardSocketUrl({ protocol: 'http:', host: 'localhost:8080' }, 'w1'), 'ws://localhost:8080/ws/w1?v=2');
  });
});
