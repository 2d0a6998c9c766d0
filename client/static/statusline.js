// The slim status line of a phone: one row, one button, with what a
// participant needs at a glance (time left, my group, dots left, the
// connection, and room for the agenda's "Steg 3 av 7"), that opens a sheet
// with the details (the facilitation strip, who is here, the language,
// news put away). News (a vote's result, the facilitator's message) shows
// as one band above the notes, one piece at a time ("1/2 ›" goes to the
// next), that can be put away and brought back from the sheet, so the
// notes keep the screen however much news there is.
//
// On a wide screen the header keeps its full form; the sheet's parts are
// moved back where they were (one copy of each element, so ids and live
// regions stay single).
//
// The pure part (statusParts, newsItems) has no DOM, for the node tests.

import { el, setText } from './dom.js';
import { i18n, t } from './i18n.js';
import { currentVote, ranking, timerRemaining, votesLeft } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Participant} Participant */

/** The media query of the compact layout: a phone, upright or on its side. */
export const COMPACT_QUERY = '(max-width: 40rem), (max-height: 30rem)';

/**
 * m:ss of ms, rounded up.
 * @param {number} ms
 */
function clock(ms) {
  const s = Math.ceil(Math.max(ms, 0) / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/**
 * One part of the status line: a translation key and its parameters, and
 * a kind for styling and tests; label is the key of a fuller text for
 * screen readers, where the visible one is short.
 * @typedef {{kind: string, key: string, label?: string, params?: Record<string, string|number>, n?: number}} StatusPart
 */

/**
 * What the status line says, in order: time left, my group, dots left,
 * the connection. Only what applies now.
 * @param {Board} b
 * @param {Participant|null} me
 * @param {number} now server time, unix ms
 * @param {'online'|'offline'|'connecting'} conn
 * @param {boolean} everOnline
 * @returns {StatusPart[]}
 */
export function statusParts(b, me, now, conn, everOnline) {
  /** @type {StatusPart[]} */
  const out = [];
  if (b.timer) {
    const left = timerRemaining(b.timer, now);
    const key = left === 0 ? 'line.timerDone' : b.timer.running ? 'line.timer' : 'line.timerPaused';
    out.push({ kind: 'timer', key, label: key === 'line.timer' ? 'line.timerLabel' : undefined, params: { time: clock(left) } });
  }
  const mine = me && b.participants[me.id] ? b.participants[me.id] : me;
  const g = mine && mine.group && b.groups[mine.group] && !b.groups[mine.group].deleted ? b.groups[mine.group] : null;
  if (g) out.push({ kind: 'group', key: 'line.group', label: 'line.groupLabel', params: { group: g.name } });
  const vote = currentVote(b);
  if (vote && vote.open) {
    if (me && me.role === 'participant') out.push({ kind: 'dots', key: 'line.dots', n: votesLeft(vote, me) });
    else out.push({ kind: 'dots', key: 'line.voteOpen' });
  }
  if (b.ended) out.push({ kind: 'ended', key: 'line.ended' });
  else if (b.locked) out.push({ kind: 'locked', key: 'line.locked' });
  out.push({ kind: 'conn', key: conn === 'online' ? 'conn.online' : conn === 'offline' ? 'conn.offline' : everOnline ? 'conn.reconnecting' : 'conn.connecting' });
  return out;
}

/**
 * A piece of news shown as a band: its id (a dismissal is remembered by
 * it, so new news shows again), kind, and text.
 * @typedef {{id: string, kind: 'result'|'message', text: string}} NewsItem
 */

/**
 * The news on the board now: the revealed result of the current vote (its
 * winner in short) and the facilitator's message.
 * @param {Board} b
 * @returns {NewsItem[]}
 */
export function newsItems(b) {
  /** @type {NewsItem[]} */
  const out = [];
  const vote = currentVote(b);
  if (vote && vote.revealed) {
    const rows = ranking(b, vote);
    const first = rows[0];
    const text = first && b.notes[first.note]
      ? t('news.result', { text: short(b.notes[first.note].text), dots: i18n.plural('vote.total', first.dots) })
      : t('news.resultNone');
    out.push({ id: `vote:${vote.id}`, kind: 'result', text });
  }
  if (b.message && b.message.text) out.push({ id: `message:${b.message.at}`, kind: 'message', text: t('status.message', { text: b.message.text }) });
  return out;
}

/**
 * @param {string} s
 * @returns {string}
 */
function short(s) {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 60)}…` : one;
}

/**
 * @typedef {object} StatusLineOptions
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {() => number} serverNow
 * @property {() => {status: 'online'|'offline'|'connecting', everOnline: boolean}} getConn
 * @property {() => number} peopleCount
 * @property {(text: string) => void} announce polite
 * @property {Storage|null} [session] where dismissed news is remembered (sessionStorage)
 * @property {HTMLElement[]} details the parts that go into the sheet on a phone
 *   (the facilitation strip, presence, connection), in order
 * @property {HTMLSelectElement|null} [langPicker] the page's language picker, offered in the sheet
 * @property {HTMLElement} [peopleHost] where the count of people present goes (the title row)
 */

/** Where the ids of dismissed news are kept for the session. */
const DISMISSED_KEY = 'samskap.dismissed';

/**
 * Builds the status line, its sheet and the news bands.
 * @param {HTMLElement} lineHost where the status line goes
 * @param {HTMLElement} bandsHost where the news bands go
 * @param {StatusLineOptions} opts
 */
export function createStatusLine(lineHost, bandsHost, opts) {
  const step = el('span', { id: 'status-step', class: 'status-part status-part--step', hidden: true });
  const parts = el('span', { class: 'status-parts' });
  const more = el('span', { class: 'visually-hidden', i18n: 'line.more' });
  // Who is here, as a count; the names are in the sheet.
  const count = el('span', { id: 'status-people', class: 'status-people__text' });
  const people = el('button', {
    type: 'button', id: 'status-people-open', class: 'button button--small status-people', 'aria-haspopup': 'dialog', 'aria-controls': 'status-sheet', hidden: true,
  }, count);
  if (opts.peopleHost) opts.peopleHost.append(people);
  const open = el('button', {
    type: 'button', id: 'status-open', class: 'status-line__button', 'aria-haspopup': 'dialog', 'aria-controls': 'status-sheet',
  }, step, parts, more, el('span', { class: 'status-line__more', 'aria-hidden': 'true', text: '▾' }));
  const line = el('div', { id: 'status-line', class: 'status-line' }, open);
  lineHost.append(line);

  // The sheet: a modal dialog (focus moves in, Escape closes, focus returns).
  const sheetBody = el('div', { class: 'sheet-body' });
  const newsBack = el('ul', { id: 'sheet-news', class: 'sheet-news' });
  const newsSection = el('section', { class: 'sheet-section', 'aria-labelledby': 'sheet-news-h', hidden: true },
    el('h3', { id: 'sheet-news-h', i18n: 'sheet.newsAll' }), newsBack);
  const langSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'sheet-lang' }));
  const langRow = el('div', { class: 'field sheet-lang' }, el('label', { for: 'sheet-lang', i18n: 'app.langLabel' }), langSelect);
  const close = el('button', { type: 'button', id: 'sheet-close', class: 'button', i18n: 'sheet.close' });
  const sheet = /** @type {HTMLDialogElement} */ (el('dialog', { id: 'status-sheet', class: 'sheet', 'aria-labelledby': 'sheet-h' },
    el('div', { class: 'sheet-head' }, el('h2', { id: 'sheet-h', i18n: 'sheet.heading' }), close),
    sheetBody, newsSection, langRow));
  lineHost.append(sheet);

  /** Where each detail part lives on a wide screen, to put it back. */
  const homes = opts.details.map((d) => ({ node: d, parent: d.parentNode, next: d.nextSibling }));
  let compact = false;

  /** @param {boolean} on */
  function setCompact(on) {
    if (on === compact) return;
    compact = on;
    if (on) {
      for (const h of homes) sheetBody.append(h.node);
    } else {
      if (sheet.open) sheet.close();
      for (const h of homes) if (h.parent) h.parent.insertBefore(h.node, h.next && h.next.parentNode === h.parent ? h.next : null);
    }
    line.hidden = !on;
    people.hidden = !on;
    render();
  }

  /** @type {Set<string>} */
  const dismissed = new Set();
  try {
    const raw = opts.session ? opts.session.getItem(DISMISSED_KEY) : null;
    if (raw) for (const id of JSON.parse(raw)) if (typeof id === 'string') dismissed.add(id);
  } catch {
    // nothing remembered
  }
  const remember = () => {
    try {
      if (opts.session) opts.session.setItem(DISMISSED_KEY, JSON.stringify([...dismissed].slice(-50)));
    } catch {
      // remembered for this page only
    }
  };

  // One band at a time, however much news there is: "1/2" and a button to
  // the next, so several pieces of news never stack tall over the notes.
  /** The band shown now, and what it shows. @type {HTMLElement|null} */
  let bandEl = null;
  let bandKey = '';
  /** The id of the news the band shows. */
  let current = '';
  /** Ids of news seen before: news that is new goes to the front. @type {Set<string>} */
  const known = new Set();
  let lastNewsKey = '';
  /** What the band may show, in order: the news not put away. @type {NewsItem[]} */
  let shown = [];

  /**
   * @param {NewsItem} n
   * @param {number} i its place in shown, from 0
   * @param {number} of how many are shown
   */
  function band(n, i, of) {
    // The whole text, never cut; the sheet, which a tap on it opens, has all the news.
    const text = el('p', { class: 'news-band__text', text: n.text });
    text.addEventListener('click', () => showSheet(open));
    const hide = el('button', { type: 'button', class: 'button button--small news-band__close', data: { news: n.id } },
      el('span', { 'aria-hidden': 'true', text: '✕' }));
    hide.setAttribute('aria-label', t(n.kind === 'result' ? 'news.closeResult' : 'news.closeMessage'));
    hide.addEventListener('click', () => {
      dismissed.add(n.id);
      remember();
      render();
      // Focus to the next news if there is any, else to the line.
      const next = bandEl ? /** @type {HTMLElement|null} */ (bandEl.querySelector('.news-band__close')) : null;
      (next || open).focus();
    });
    let next = null;
    if (of > 1) {
      next = el('button', { type: 'button', class: 'button button--small news-band__next' },
        el('span', { text: t('news.count', { n: i + 1, of }) }), el('span', { 'aria-hidden': 'true', text: ' ›' }));
      next.setAttribute('aria-label', t('news.nextLabel', { n: i + 1, of }));
      next.addEventListener('click', () => {
        current = shown[(i + 1) % shown.length].id;
        render();
        const again = bandEl ? /** @type {HTMLElement|null} */ (bandEl.querySelector('.news-band__next')) : null;
        if (again) again.focus();
      });
    }
    return el('section', { class: `news-band news-band--${n.kind}`, data: { news: n.id }, role: n.kind === 'message' ? 'status' : null },
      text, next, hide);
  }

  let lastConn = '';

  function render() {
    const b = opts.getBoard();
    const me = opts.getMe();
    const c = opts.getConn();
    const list = statusParts(b, me, opts.serverNow(), c.status, c.everOnline);
    const nodes = list.map((p) => {
      const text = p.n !== undefined ? i18n.plural(p.key, p.n, p.params) : t(p.key, p.params);
      const data = p.kind === 'dots' && p.n !== undefined ? { kind: p.kind, left: String(p.n) } : { kind: p.kind };
      if (!p.label) return el('span', { class: `status-part status-part--${p.kind}`, data, text });
      // A short text to see, the whole for screen readers; the name read
      // out contains what is seen (WCAG 2.5.3).
      return el('span', { class: `status-part status-part--${p.kind}`, data },
        el('span', { class: 'visually-hidden', text: `${t(p.label, p.params)},` }),
        el('span', { class: 'status-part__short', 'aria-hidden': 'true', text }));
    });
    const key = JSON.stringify(nodes.map((n) => [n.className, n.textContent]));
    if (parts.dataset.key !== key) {
      parts.dataset.key = key;
      parts.replaceChildren(...nodes);
    }
    const conn = list[list.length - 1];
    const state = c.status;
    line.dataset.conn = state;
    if (compact && lastConn && state !== lastConn) opts.announce(t(conn.key));
    lastConn = state;
    setText(count, 'line.people', { n: opts.peopleCount() });
    setText(more, 'line.more');

    // News bands, and what was put away, in the sheet.
    const news = newsItems(b);
    const newsKey = JSON.stringify([news, [...dismissed], i18n.lang(), current]);
    if (newsKey !== lastNewsKey) {
      lastNewsKey = newsKey;
      shown = news.filter((n) => !dismissed.has(n.id));
      // News that just came shows first; else the band keeps its news.
      const fresh = shown.filter((n) => !known.has(n.id)).pop();
      for (const n of news) known.add(n.id);
      if (fresh) current = fresh.id;
      let i = shown.findIndex((n) => n.id === current);
      if (i < 0) i = 0;
      const n = shown[i];
      current = n ? n.id : '';
      const key = n ? JSON.stringify([n, i, shown.length, i18n.lang()]) : '';
      if (key !== bandKey) {
        bandKey = key;
        if (bandEl) bandEl.remove();
        bandEl = n ? band(n, i, shown.length) : null;
        if (bandEl) bandsHost.append(bandEl);
      }
      // The sheet has all the news in full: what the band shows (cut at
      // two lines there), and what was put away, to bring back.
      const away = news.filter((n) => dismissed.has(n.id));
      newsBack.replaceChildren(...shown.map((n) => el('li', {}, el('p', { text: n.text }))), ...away.map((n) => {
        const again = el('button', { type: 'button', class: 'button button--small', data: { news: n.id }, i18n: n.kind === 'result' ? 'news.showResult' : 'news.showMessage' });
        again.addEventListener('click', () => {
          dismissed.delete(n.id);
          remember();
          current = n.id;
          sheet.close();
          render();
        });
        return el('li', {}, el('p', { text: n.text }), again);
      }));
      newsSection.hidden = news.length === 0;
      // With the news shown now, as it may have changed above.
      lastNewsKey = JSON.stringify([news, [...dismissed], i18n.lang(), current]);
    }
    bandsHost.hidden = !compact || !bandEl;
  }

  // The language picker in the sheet drives the page's own.
  function fillLang() {
    const page = opts.langPicker;
    langRow.hidden = !page;
    if (!page) return;
    langSelect.replaceChildren(...[...page.options].map((o) => el('option', { value: o.value, lang: o.lang, text: o.textContent || '' })));
    langSelect.value = page.value;
  }
  langSelect.addEventListener('change', () => {
    const page = opts.langPicker;
    if (!page) return;
    page.value = langSelect.value;
    page.dispatchEvent(new Event('change'));
  });

  /** The button that opened the sheet gets focus back. @type {HTMLElement} */
  let opener = open;
  const showSheet = (/** @type {HTMLElement} */ from) => {
    opener = from;
    fillLang();
    sheet.showModal();
    from.setAttribute('aria-expanded', 'true');
  };
  open.addEventListener('click', () => showSheet(open));
  people.addEventListener('click', () => showSheet(people));
  close.addEventListener('click', () => sheet.close());
  sheet.addEventListener('close', () => {
    open.setAttribute('aria-expanded', 'false');
    people.setAttribute('aria-expanded', 'false');
    opener.focus();
  });
  // A tap on the backdrop closes the sheet too.
  sheet.addEventListener('click', (ev) => {
    if (ev.target === sheet) sheet.close();
  });
  open.setAttribute('aria-expanded', 'false');
  people.setAttribute('aria-expanded', 'false');

  const mq = window.matchMedia(COMPACT_QUERY);
  const onMq = () => setCompact(mq.matches);
  mq.addEventListener('change', onMq);
  line.hidden = true;
  onMq();
  const ticker = setInterval(render, 1000);
  const unLang = i18n.onChange(() => {
    lastNewsKey = '';
    render();
  });

  return {
    render,
    /** The slot for the agenda's step ("Steg 3 av 7"), for the facilitation code to fill. */
    step,
    isCompact: () => compact,
    destroy() {
      clearInterval(ticker);
      people.remove();
      mq.removeEventListener('change', onMq);
      unLang();
      if (sheet.open) sheet.close();
    },
  };
}
