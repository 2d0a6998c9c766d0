// The wire format: what the client sends is exactly what the server's
// strict decoder takes, and what it receives is checked before use.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOSE, COLORS, ERROR_CODES, apiErrorCode, charCount, checkShape, closeAction, cursorMessage, formatJoinCode,
  helloMessage, looksLikeJoinCode, newId, normalizeJoinCode, noteCreate, noteMove, noteResize, opMessage,
  parseServerFrame, parseServerMessage, validId,
} from '../static/protocol.js';
import { note, person, workshop } from './helpers.mjs';

describe('client messages', () => {
  it('hello without a board leaves out epoch and lastSeq', () => {
    assert.deepEqual(JSON.parse(helloMessage('tok')), { type: 'hello', token: 'tok' });
    assert.deepEqual(JSON.parse(helloMessage('tok', 'e1', 0)), { type: 'hello', token: 'tok' });
    assert.deepEqual(JSON.parse(helloMessage('tok', null, 5)), { type: 'hello', token: 'tok' });
  });

  it('hello to resume carries both', () => {
    assert.deepEqual(JSON.parse(helloMessage('tok', 'e1', 42)), { type: 'hello', token: 'tok', epoch: 'e1', lastSeq: 42 });
  });

  it('op and cursor messages', () => {
    assert.deepEqual(JSON.parse(opMessage('id1', noteMove('n', 1.4, 2.6))),
      { type: 'op', id: 'id1', op: { kind: 'note.move', note: 'n', x: 1, y: 3 } });
    assert.deepEqual(JSON.parse(cursorMessage(10.6, -3.2)), { type: 'cursor', x: 11, y: -3 });
  });

  it('note.create sends w and h together or not at all', () => {
    const plain = JSON.parse(JSON.stringify(noteCreate({ note: 'n', x: 0, y: 0 })));
    assert.deepEqual(plain, { kind: 'note.create', note: 'n', text: '', color: 'yellow', x: 0, y: 0 });
    const sized = noteCreate({ note: 'n', x: 0, y: 0, w: 50, h: 5000 });
    assert.equal(sized.w, 80, 'clamped to the minimum');
    assert.equal(sized.h, 1200, 'clamped to the maximum');
    assert.equal(checkShape(sized), null);
  });

  it('builders keep values in range', () => {
    assert.deepEqual(noteMove('n', 1e9, -1e9), { kind: 'note.move', note: 'n', x: 100000, y: -100000 });
    assert.deepEqual(noteResize('n', 10, 2000), { kind: 'note.resize', note: 'n', w: 80, h: 1200 });
  });

  it('checkShape follows the op table', () => {
    assert.equal(checkShape({ kind: 'note.delete', note: 'n' }), null);
    assert.equal(checkShape({ kind: 'note.delete', note: '' }), 'invalid');
    assert.equal(checkShape({ kind: 'note.delete' }), 'invalid');
    assert.equal(checkShape({ kind: 'note.delete', note: 'n', x: 1 }), 'invalid');
    assert.equal(checkShape({ kind: 'note.edit', note: 'n', text: 'x', extra: undefined }), null, 'undefined is not sent');
    assert.equal(checkShape({ kind: 'what' }), 'unknown_op');
    assert.equal(checkShape({ kind: 'note.move', note: 'n', x: Infinity, y: 0 }), 'invalid');
    assert.equal(checkShape({ kind: 'note.move', note: 'n', x: '1', y: 0 }), 'invalid');
  });
});

describe('IDs', () => {
  it('validId', () => {
    assert.equal(validId('a'), true);
    assert.equal(validId('x'.repeat(64)), true);
    assert.equal(validId('x'.repeat(65)), false);
    assert.equal(validId(''), false);
    assert.equal(validId('a b'), false);
    assert.equal(validId('æ'), false);
    assert.equal(validId(7), false);
  });

  it('newId gives valid UUIDs, with or without randomUUID', () => {
    assert.equal(validId(newId()), true);
    const noRandomUUID = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) };
    const id = newId(noRandomUUID);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(newId(noRandomUUID), id);
  });

  it('charCount counts code points, as the server does', () => {
    assert.equal(charCount('abc'), 3);
    assert.equal(charCount('😀æ'), 2);
  });
});

describe('server messages', () => {
  const ok = (m) => parseServerMessage(JSON.stringify(m));

  it('accepts every message type of the protocol', () => {
    assert.equal(ok({ type: 'welcome', you: person('p'), workshop: workshop(), serverTime: 1 }).type, 'welcome');
    assert.equal(ok({ type: 'snapshot', board: { seq: 0, title: 'T', notes: [note('n')], participants: [person('p')] } }).type, 'snapshot');
    assert.equal(ok({ type: 'event', event: { seq: 1, opId: 'o', actor: 'p', at: 1, op: { kind: 'note.delete', note: 'n' } } }).type, 'event');
    assert.equal(ok({ type: 'event', event: { seq: 1, opId: '', actor: '', at: 1, op: { kind: 'participant.join', participant: person('p') } } }).type, 'event');
    assert.equal(ok({ type: 'ack', id: 'o', seq: 3 }).type, 'ack');
    assert.equal(ok({ type: 'error', id: 'o', code: 'forbidden', message: 'no' }).type, 'error');
    assert.deepEqual(ok({ type: 'error', code: 'rate_limited' }), { type: 'error', code: 'rate_limited', message: '' });
    assert.equal(ok({ type: 'presence', people: [{ id: 'p', name: 'P', role: 'observer' }] }).type, 'presence');
    assert.equal(ok({ type: 'cursors', cursors: [{ id: 'p', x: 1, y: 2 }] }).type, 'cursors');
  });

  it('turns anything else into invalid, never throws', () => {
    for (const bad of ['', 'nope', '[]', 'null', '{"type": 3}', '{"type":"party"}',
      '{"type":"ack","id":"o","seq":-1}', '{"type":"ack","id":"o","seq":1.5}',
      '{"type":"event","event":{"seq":0,"opId":"","actor":"","at":1,"op":{"kind":"x"}}}',
      '{"type":"snapshot","board":{"seq":1,"title":"T","notes":[{"id":"n"}],"participants":[]}}',
      '{"type":"cursors","cursors":[{"id":"p","x":"1","y":2}]}',
      '{"type":"welcome","you":{"id":"p"},"workshop":{}}']) {
      assert.equal(parseServerMessage(bad).type, 'invalid', bad);
    }
  });

  it('reads a frame of several messages, one per line, in order', () => {
    const frame = [{ type: 'ack', id: 'a', seq: 1 }, { type: 'presence', people: [] }, { type: 'ack', id: 'b', seq: 2 }]
      .map((m) => JSON.stringify(m)).join('\n');
    assert.deepEqual(parseServerFrame(frame).map((m) => m.type), ['ack', 'presence', 'ack']);
    assert.deepEqual(parseServerFrame('{"type":"ack","id":"a","seq":1}'), [{ type: 'ack', id: 'a', seq: 1 }]);
    // A text with a newline travels escaped, so it never splits a message.
    const text = 'two\nlines';
    const [m] = parseServerFrame(JSON.stringify({ type: 'snapshot', board: { seq: 1, title: text, notes: [], participants: [] } }));
    assert.equal(m.board.title, text);
    // A bad line is invalid; the others still count.
    assert.deepEqual(parseServerFrame('{"type":"ack","id":"a","seq":1}\nnope').map((m) => m.type), ['ack', 'invalid']);
  });

  it('keeps a user text as data, whatever it contains', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const m = ok({ type: 'snapshot', board: { seq: 1, title: evil, notes: [note('n', { text: evil })], participants: [] } });
    assert.equal(m.board.notes[0].text, evil);
  });
});

describe('close codes', () => {
  it('maps each code to what the client should do', () => {
    assert.equal(closeAction(CLOSE.unauthorized), 'rejoin');
    assert.equal(closeAction(CLOSE.notFound), 'notfound');
    assert.equal(closeAction(CLOSE.policy), 'stop');
    for (const c of [1000, 1001, 1006, 1009, 1011, 4001]) assert.equal(closeAction(c), 'reconnect', String(c));
  });
});

describe('join codes', () => {
  it('ignores dashes, spaces and case', () => {
    assert.equal(normalizeJoinCode(' abc-def '), 'ABCDEF');
    assert.equal(normalizeJoinCode('ab c d-e f'), 'ABCDEF');
  });

  it('formats as ABC-DEF', () => {
    assert.equal(formatJoinCode('abcdef'), 'ABC-DEF');
    assert.equal(formatJoinCode('ABC-DEF'), 'ABC-DEF');
    assert.equal(formatJoinCode('AB'), 'AB');
  });

  it('knows the alphabet', () => {
    assert.equal(looksLikeJoinCode('abc-def'), true);
    assert.equal(looksLikeJoinCode('K7M-P2Q'), true);
    assert.equal(looksLikeJoinCode('ABCDE0'), false, 'no zero');
    assert.equal(looksLikeJoinCode('ABCDEI'), false, 'no I');
    assert.equal(looksLikeJoinCode('ABCDEFG'), false);
  });
});

describe('HTTP errors', () => {
  it('reads the code from the body', () => {
    assert.equal(apiErrorCode({ error: { code: 'rate_limited', message: 'slow down' } }, 429), 'rate_limited');
  });
  it('falls back to the status', () => {
    assert.equal(apiErrorCode(null, 404), 'not_found');
    assert.equal(apiErrorCode('<html>', 503), 'unavailable');
    assert.equal(apiErrorCode({}, 502), 'internal');
  });
  it('knows every code of the error table', () => {
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length, 'no code twice'); // i18n.test.mjs compares them with PROTOCOL.md
    assert.deepEqual(COLORS, ['yellow', 'pink', 'blue', 'green', 'orange', 'purple']);
  });
});
