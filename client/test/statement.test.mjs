// The accessibility statement: its contact link, and that every text it
// shows is in every language.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES } from '../static/messages.js';
import { STATEMENT_SECTIONS, contactHref } from '../static/page-statement.js';

describe('accessibility statement', () => {
  it('links an e-mail address by mailto and a web address as itself', () => {
    assert.equal(contactHref('uu@lebesby.kommune.no'), 'mailto:uu@lebesby.kommune.no');
    assert.equal(contactHref('https://lebesby.kommune.no/uu'), 'https://lebesby.kommune.no/uu');
    assert.equal(contactHref('http://example.no/'), 'http://example.no/');
  });

  it('does not make a link of anything else', () => {
    for (const s of ['', 'Servicetorget, tlf. 78 49 95 00', 'javascript:alert(1)', 'mailto:x@y.no', 'a b@c.no', 'https://x y.no']) {
      assert.equal(contactHref(s), '', s);
    }
  });

  it('has every text of every section in every language', () => {
    const keys = STATEMENT_SECTIONS.flatMap((s) => [s.heading, ...s.body, ...(s.list || [])]);
    keys.push('statement.title', 'statement.intro', 'statement.contact', 'statement.contact.none',
      'statement.complain.h', 'statement.complain.p1', 'statement.complain.link', 'statement.updated', 'footer.a11y');
    for (const [lang, table] of Object.entries(MESSAGES)) {
      for (const k of keys) assert.ok(table[k], `${lang} lacks ${k}`);
    }
  });
});
