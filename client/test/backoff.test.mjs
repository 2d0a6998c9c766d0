import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBackoff } from '../static/backoff.js';

describe('backoff', () => {
  it('stays within 0.5 s and 10 s whatever the dice say', () => {
    for (const r of [0, 0.5, 0.999999]) {
      const b = createBackoff({ random: () => r });
      for (let i = 0; i < 100; i++) {
        const d = b.next();
        assert.ok(d >= 500 && d <= 10000, `attempt ${i}: ${d}`);
      }
    }
  });

  it('grows, then levels off at the cap', () => {
    const b = createBackoff({ random: () => 1 });
    const delays = Array.from({ length: 8 }, () => b.next());
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
  });

  it('jitters: the lowest draw is half the highest', () => {
    const lo = createBackoff({ random: () => 0 });
    assert.deepEqual([lo.next(), lo.next(), lo.next()], [500, 1000, 2000]);
  });

  it('spreads clients out', () => {
    const seen = new Set();
    for (let i = 0; i < 50; i++) seen.add(createBackoff().next());
    assert.ok(seen.size > 10, 'different clients wait different times');
  });

  it('reset starts over', () => {
    const b = createBackoff({ random: () => 1 });
    b.next(); b.next(); b.next();
    assert.equal(b.attempts(), 3);
    b.reset();
    assert.equal(b.attempts(), 0);
    assert.equal(b.next(), 1000);
  });
});
