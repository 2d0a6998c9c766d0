// The accessibility statement (tilgjengelighetserklæring): what Samskap
// meets, how that is tested, what is known not to work well enough, and
// where to give feedback or complain. A municipality can point to this
// page as it is, set its own contact (-accessibility-contact), or link the
// footer to its own statement instead (-accessibility-url).

import { el } from './dom.js';

/** The statement's sections: a heading key and its paragraph keys. */
export const STATEMENT_SECTIONS = [
  { heading: 'statement.goal.h', body: ['statement.goal.p1', 'statement.goal.p2'] },
  { heading: 'statement.tested.h', body: ['statement.tested.p1'], list: ['statement.tested.l1', 'statement.tested.l2', 'statement.tested.l3', 'statement.tested.l4'] },
  { heading: 'statement.gaps.h', body: ['statement.gaps.p1'], list: ['statement.gaps.l1', 'statement.gaps.l2', 'statement.gaps.l3'] },
  { heading: 'statement.help.h', body: ['statement.help.p1'] },
];

/**
 * The contact for accessibility feedback the server was set up with, or ''.
 * @param {Document} doc
 * @returns {string}
 */
export function configuredContact(doc) {
  const meta = doc.querySelector('meta[name="samskap-accessibility-contact"]');
  return meta ? (meta.getAttribute('content') || '').trim() : '';
}

/**
 * A link for a contact: mailto: for an e-mail address, the address itself
 * for an http(s) URL, none for anything else (then it shows as text).
 * @param {string} contact
 * @returns {string}
 */
export function contactHref(contact) {
  if (/^[^\s@<>:/]+@[^\s@<>:/]+\.[^\s@<>:/]+$/.test(contact)) return `mailto:${contact}`;
  if (/^https?:\/\/[^\s<>]+$/.test(contact)) return contact;
  return '';
}

/**
 * @param {HTMLElement} main
 * @param {import('./app.js').Context} ctx
 * @returns {() => void}
 */
export function mountStatement(main, ctx) {
  ctx.setTitle('title.statement');
  const page = el('article', { class: 'page page--narrow stack statement' },
    el('h1', { i18n: 'statement.title' }),
    el('p', { class: 'lead', i18n: 'statement.intro' }));
  for (const s of STATEMENT_SECTIONS) {
    page.append(el('h2', { i18n: s.heading }));
    for (const key of s.body) page.append(el('p', { i18n: key }));
    if (s.list) page.append(el('ul', {}, ...s.list.map((key) => el('li', { i18n: key }))));
  }
  const contact = configuredContact(document);
  const href = contactHref(contact);
  if (contact) {
    page.append(el('p', {}, el('span', { i18n: 'statement.contact' }), ' ',
      href ? el('a', { href, text: contact }) : el('span', { text: contact })));
  } else {
    page.append(el('p', { i18n: 'statement.contact.none' }));
  }
  page.append(
    el('h2', { i18n: 'statement.complain.h' }),
    el('p', {}, el('span', { i18n: 'statement.complain.p1' }), ' ',
      el('a', { href: 'https://www.uutilsynet.no/', i18n: 'statement.complain.link' })),
    el('p', { class: 'muted', i18n: 'statement.updated' }),
    el('p', {}, el('a', { href: '/', data: { nav: '' }, i18n: 'nav.home' })));
  main.append(page);
  return () => {};
}
