import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameSpot, nearSpot, overlaps, placeNote } from '../static/placement.js';

describe('placement: a new note never lands on another', () => {
  it('N pressed ten times in the same place gives ten notes that do not overlap', () => {
    const notes = [];
    for (let i = 0; i < 10; i++) {
      const p = placeNote({ cx: 500, cy: 300, others: notes, w: 180, h: 140 });
      const r = { ...p, w: 180, h: 140 };
      assert.ok(!notes.some((n) => overlaps(n, r)), `note ${i} overlaps`);
      notes.push(r);
    }
    // The first one is where it was asked for.
    assert.deepEqual({ x: notes[0].x, y: notes[0].y }, { x: 410, y: 230 });
  });

  it('in a frame, notes fill the grid row by row below the title, skipping taken cells', () => {
    const frame = { x: 1000, y: 0, w: 800, h: 600 };
    const a = frameSpot(frame, [], 180, 140);
    assert.deepEqual(a, { x: 1020, y: 60 });
    const taken = [{ x: 1020, y: 60, w: 180, h: 140 }];
    assert.deepEqual(frameSpot(frame, taken, 180, 140), { x: 1212, y: 60 });
    // A note dropped across two cells blocks both.
    const wide = [{ x: 1100, y: 70, w: 180, h: 140 }];
    const b = frameSpot(frame, wide, 180, 140);
    assert.ok(!overlaps({ ...b, w: 180, h: 140 }, wide[0]), JSON.stringify(b));
  });

  it('a full frame sends the note below it, still free', () => {
    const frame = { x: 0, y: 0, w: 200, h: 220 };
    const full = [{ x: 20, y: 60, w: 180, h: 140 }];
    assert.equal(frameSpot(frame, full, 180, 140), null);
    const p = placeNote({ cx: 0, cy: 0, frame, others: full, w: 180, h: 140 });
    assert.ok(!overlaps({ ...p, w: 180, h: 140 }, full[0]));
  });

  it('nearSpot prefers the spot asked for when it is free', () => {
    assert.deepEqual(nearSpot(90, 70, [{ x: 500, y: 500, w: 10, h: 10 }], 180, 140), { x: 0, y: 0 });
  });
});
