import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_SCALE, MIN_SCALE, fitView, initialView, pan, pinch, toBoard, toScreen, transformCss, visibleCenter, wheelZoomFactor, zoomAt, zoomTo,
} from '../static/viewport.js';

const close = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} != ${b}`);

describe('viewport', () => {
  it('screen and board coordinates are inverse', () => {
    const v = { x: 30, y: -20, scale: 1.5 };
    const b = toBoard(v, 100, 200);
    const s = toScreen(v, b.x, b.y);
    close(s.x, 100, 'x');
    close(s.y, 200, 'y');
  });

  it('zooming keeps the point under the pointer still', () => {
    const v = { x: 10, y: 20, scale: 1 };
    const before = toBoard(v, 300, 150);
    const z = zoomAt(v, 2, 300, 150);
    assert.equal(z.scale, 2);
    const after = toBoard(z, 300, 150);
    close(after.x, before.x, 'x');
    close(after.y, before.y, 'y');
  });

  it('zoom is bounded', () => {
    assert.equal(zoomAt(initialView(), 100, 0, 0).scale, MAX_SCALE);
    assert.equal(zoomAt(initialView(), 0.001, 0, 0).scale, MIN_SCALE);
    assert.equal(zoomTo({ x: 0, y: 0, scale: 2.5 }, 1, 50, 50).scale, 1);
  });

  it('pan moves by screen pixels', () => {
    assert.deepEqual(pan({ x: 1, y: 2, scale: 3 }, 10, -5), { x: 11, y: -3, scale: 3 });
  });

  it('pinch scales with the finger distance and follows the midpoint', () => {
    const v = { x: 0, y: 0, scale: 1 };
    const z = pinch(v, { x: 100, y: 100 }, { x: 200, y: 100 }, { x: 50, y: 100 }, { x: 250, y: 100 });
    assert.equal(z.scale, 2);
    const mid = toBoard(z, 150, 100);
    close(mid.x, 150, 'midpoint stays on the same board point');
    const moved = pinch(v, { x: 0, y: 0 }, { x: 100, y: 0 }, { x: 10, y: 20 }, { x: 110, y: 20 });
    assert.equal(moved.scale, 1);
    assert.deepEqual([moved.x, moved.y], [10, 20]);
  });

  it('wheel zoom is smooth and bounded', () => {
    assert.ok(wheelZoomFactor(-100) > 1);
    assert.ok(wheelZoomFactor(100) < 1);
    assert.equal(wheelZoomFactor(1000), wheelZoomFactor(100));
    assert.equal(wheelZoomFactor(0), 1);
  });

  it('the visible centre', () => {
    assert.deepEqual(visibleCenter({ x: 0, y: 0, scale: 2 }, 400, 200), { x: 100, y: 50 });
  });

  it('fitView centres the notes, not bigger than 1', () => {
    const v = fitView([{ x: 0, y: 0, w: 100, h: 100 }], 1000, 800);
    assert.equal(v.scale, 1);
    const c = toBoard(v, 500, 400);
    assert.deepEqual([c.x, c.y], [50, 50]);
    const far = fitView([{ x: 0, y: 0, w: 100, h: 100 }, { x: 5000, y: 5000, w: 100, h: 100 }], 1000, 800);
    assert.equal(far.scale, 0.5, 'never smaller than 0.5 to fit');
    const tl = toScreen(far, 0, 0);
    assert.deepEqual([tl.x, tl.y], [32, 32], 'too big even then: show the top left');
    assert.deepEqual(fitView([], 1000, 800), initialView());
  });

  it('the CSS transform', () => {
    assert.equal(transformCss({ x: 1, y: 2, scale: 0.5 }), 'translate(1px, 2px) scale(0.5)');
  });
});

describe('viewport: readable views (issue 15)', async () => {
  const { READABLE_SCALE, readableView, overviewView, savedToView, viewToSaved, bounds } = await import('../static/viewport.js');

  it('a frame opens at a zoom where 16 px text is at least 14 px', () => {
    // A frame far bigger than the screen: not shrunk below READABLE_SCALE,
    // and its top left corner (the title) is shown.
    const f = { x: 1300, y: 900, w: 3000, h: 2000 };
    const v = readableView(f, 1280, 600);
    assert.ok(v.scale >= READABLE_SCALE);
    assert.ok(16 * v.scale >= 14);
    const tl = toScreen(v, f.x, f.y);
    assert.ok(tl.x >= 0 && tl.x < 100 && tl.y >= 0 && tl.y < 100, `title corner on screen: ${tl.x},${tl.y}`);
  });

  it('a small frame is centred, and not blown up past 125 %', () => {
    const f = { x: 100, y: 100, w: 200, h: 100 };
    const v = readableView(f, 1000, 600);
    assert.equal(v.scale, 1.25);
    const c = toScreen(v, 200, 150);
    close(c.x, 500, 'x');
    close(c.y, 300, 'y');
  });

  it('the overview shows everything, however small', () => {
    const rects = [{ x: 0, y: 0, w: 1000, h: 600 }, { x: 5000, y: 4000, w: 1000, h: 600 }];
    const v = overviewView(rects, 1280, 600);
    const b = bounds(rects);
    const a = toScreen(v, b.x, b.y), z = toScreen(v, b.x + b.w, b.y + b.h);
    assert.ok(a.x >= 0 && a.y >= 0 && z.x <= 1280 && z.y <= 600, JSON.stringify({ a, z }));
    assert.ok(v.scale < READABLE_SCALE);
  });

  it('a kept view comes back the same, and rubbish is refused', () => {
    const v = { x: -123.4, y: 56.7, scale: 0.93 };
    const back = savedToView(JSON.parse(JSON.stringify(viewToSaved(v))));
    close(back.x, v.x, 'x');
    close(back.y, v.y, 'y');
    close(back.scale, v.scale, 'scale');
    assert.equal(savedToView(null), null);
    assert.equal(savedToView({ left: 'a', top: 0, scale: 1 }), null);
    assert.equal(savedToView({ left: 0, top: 0, scale: Infinity }), null);
  });
});
