// What the list view shows of the canvas items on a note: the cluster it
// is in, its reactions and its comments (issue 15).

import { el } from './dom.js';
import { t } from './i18n.js';
import { REACTIONS, REACTION_EMOJI } from './protocol.js';
import { commentsOn, liveItems } from './items.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Note} Note */

/**
 * The cluster a note belongs to: the smallest live cluster in the note's
 * frame that holds its centre (docs/PROTOCOL.md, Clusters), or null.
 * @param {Board} b
 * @param {Note} n
 * @returns {import('./items.js').Cluster|null}
 */
export function clusterOf(b, n) {
  const cx = n.x + n.w / 2, cy = n.y + n.h / 2;
  let best = null;
  for (const c of liveItems(b.clusters)) {
    if ((c.frame || '') !== (n.frame || '')) continue;
    if (cx < c.x || cx > c.x + c.w || cy < c.y || cy > c.y + c.h) continue;
    const better = !best || c.w * c.h < best.w * best.h || (c.w * c.h === best.w * best.h && ((c.z || 0) > (best.z || 0) || ((c.z || 0) === (best.z || 0) && c.id < best.id)));
    if (better) best = c;
  }
  return best;
}

/**
 * A key that changes when what listExtras shows changes.
 * @param {Board} b
 * @param {Note} n
 * @returns {string}
 */
export function extrasKey(b, n) {
  const c = clusterOf(b, n);
  return JSON.stringify([c && c.name, n.reactions || {}, commentsOn(b, n.id).map((k) => [k.id, k.text, k.author])]);
}

/**
 * The cluster, reactions and comments of a note, for its list item.
 * @param {Board} b
 * @param {Note} n
 * @param {() => void} openPanel opens the note's comments and reactions
 * @returns {HTMLElement[]}
 */
export function listExtras(b, n, openPanel) {
  const out = [];
  const c = clusterOf(b, n);
  if (c) out.push(el('p', { class: 'list-note-cluster', text: t('list.cluster', { name: c.name }) }));
  const rs = REACTIONS.filter((r) => (n.reactions || {})[r]?.length);
  if (rs.length) {
    out.push(el('p', { class: 'list-note-reactions' }, ...rs.map((r) => el('span', { class: 'note-reaction' },
      el('span', { 'aria-hidden': 'true', text: `${REACTION_EMOJI[r]} ` }),
      el('span', { text: `${t(`reaction.${r}`)}: ${(n.reactions || {})[r].length}` })))));
  }
  const comments = commentsOn(b, n.id);
  if (comments.length) {
    const name = (/** @type {string} */ id) => (b.participants[id] ? b.participants[id].name : t('note.unknownAuthor'));
    out.push(el('ul', { class: 'list-note-comments', 'aria-label': t('comments.heading', { n: comments.length }) },
      ...comments.map((k) => el('li', {}, el('span', { class: 'comment-author', text: `${name(k.author)}: ` }), el('span', { text: k.text })))));
  }
  const btn = el('button', { type: 'button', class: 'button button--small', data: { key: `comments:${n.id}` }, text: t('list.comment') });
  btn.addEventListener('click', openPanel);
  out.push(btn);
  return out;
}
