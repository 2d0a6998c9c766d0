import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARROW_HALF_WIDTH, ARROW_LENGTH, ARROW_OVERHANG, arrowTip } from '../static/arrow.js';

/** @param {string} d */
function points(d) {
  const m = /^M(\S+) (\S+)L(\S+) (\S+)L(\S+) (\S+)Z$/.exec(d);
  assert.ok(m, `not one closed triangle: ${d}`);
  const n = m.slice(1).map(Number);
  return [{ x: n[0], y: n[1] }, { x: n[2], y: n[3] }, { x: n[4], y: n[5] }];
}

describe('arrow: the arrowhead of a connector', () => {
  it('points along the line, just past its end, as wide as it is drawn', () => {
    const [tip, b1, b2] = points(arrowTip({ x: 0, y: 0 }, { x: 100, y: 0 }));
    assert.deepEqual(tip, { x: 100 + ARROW_OVERHANG, y: 0 });
    assert.deepEqual(b1, { x: 100 + ARROW_OVERHANG - ARROW_LENGTH, y: ARROW_HALF_WIDTH });
    assert.deepEqual(b2, { x: 100 + ARROW_OVERHANG - ARROW_LENGTH, y: -ARROW_HALF_WIDTH });
  });

  it('turns with the line: a line going up and left points up and left', () => {
    const [tip, b1, b2] = points(arrowTip({ x: 50, y: 50 }, { x: 10, y: 20 }));
    // The point is beyond the end, away from the start.
    assert.ok(tip.x < 10 && tip.y < 20, JSON.stringify(tip));
    // The base's middle lies on the line, behind the end.
    const mx = (b1.x + b2.x) / 2, my = (b1.y + b2.y) / 2;
    const along = ((mx - 50) * -40 + (my - 50) * -30) / 50; // projection on the unit direction (-0.8, -0.6), from the start
    assert.ok(Math.abs(along - (50 - ARROW_LENGTH + ARROW_OVERHANG)) < 0.2, `base at ${along} along the line`);
    const across = ((mx - 50) * -30 - (my - 50) * -40) / 50;
    assert.ok(Math.abs(across) < 0.2, `base off the line by ${across}`);
    assert.ok(Math.abs(Math.hypot(b1.x - b2.x, b1.y - b2.y) - 2 * ARROW_HALF_WIDTH) < 0.3);
  });

  it('draws nothing for a line of no length', () => {
    assert.equal(arrowTip({ x: 5, y: 5 }, { x: 5, y: 5 }), '');
  });
});
