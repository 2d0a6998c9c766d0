import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CATEGORIES, formatWhen, placeLink, scheduleFrom } from '../static/schedule.js';

test('formatWhen writes the day and the times, nothing without a date', () => {
  const nb = formatWhen({ date: '2026-03-18', start: '18:00', end: '20:30' }, 'nb');
  assert.match(nb, /18\. mars 2026/);
  assert.match(nb, /18:00–20:30$/);
  assert.match(formatWhen({ date: '2026-03-18', start: '18:00' }, 'en'), /March 18, 2026, 18:00$/);
  assert.equal(formatWhen({ start: '18:00' }, 'nb'), '');
  assert.equal(formatWhen({ date: '18.03.2026' }, 'nb'), '');
  assert.equal(formatWhen(undefined, 'nb'), '');
});

test('placeLink: only an https meeting link is a link', () => {
  assert.equal(placeLink({ place: 'https://meet.example.invalid/abc' }), 'https://meet.example.invalid/abc');
  assert.equal(placeLink({ place: 'http://meet.example.invalid/abc' }), null);
  assert.equal(placeLink({ place: 'javascript:alert(1)' }), null);
  assert.equal(placeLink({ place: 'Kulturhuset, sal 2' }), null);
  assert.equal(placeLink({ place: 'https://x.invalid/a b' }), null);
  assert.equal(placeLink({}), null);
});

test('scheduleFrom trims and leaves out empty fields', () => {
  assert.deepEqual(scheduleFrom({ date: '2026-03-18', start: ' 18:00 ', end: '', place: '  ' }), { date: '2026-03-18', start: '18:00' });
  assert.deepEqual(scheduleFrom({ date: '', start: '', end: '', place: '' }), {});
});

test('the join categories are the server\'s', () => {
  assert.deepEqual([...CATEGORIES], ['citizen', 'staff', 'supplier', 'other']);
});

test('process drafts name the municipality; moving a workshop in the process', async () => {
  const { moveInProcess, processExportUrl } = await import('../static/process.js');
  assert.equal(processExportUrl('docx', ['a', 'b'], 'Lebesby'), '/api/export/docx?workshops=a,b&municipality=Lebesby');
  assert.equal(processExportUrl('docx', ['a'], ' Årdal '), '/api/export/docx?workshops=a&municipality=%C3%85rdal');
  assert.equal(processExportUrl('docx', ['a']), '/api/export/docx?workshops=a');
  assert.deepEqual(moveInProcess(['a', 'b', 'c'], 'c', -1), ['a', 'c', 'b']);
  assert.deepEqual(moveInProcess(['a', 'b', 'c'], 'a', 1), ['b', 'a', 'c']);
  assert.deepEqual(moveInProcess(['a', 'b', 'c'], 'a', -1), ['a', 'b', 'c']);
  assert.deepEqual(moveInProcess(['a', 'b', 'c'], 'x', 1), ['a', 'b', 'c']);
});
