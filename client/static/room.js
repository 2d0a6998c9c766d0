// The room around the board: follow me, meeting links and raised hands
// (board.follow, board.link, hand.raise; workshops/room.go).
//
// Follow me: while a facilitator leads, their view (a board rectangle) is
// sent as board.follow, at most a few times a second; everyone else's
// board shows that rectangle until they pan or zoom themselves, and then
// offers "Follow again". Meeting links: the workshop's link for everyone,
// a group's link only to its members while breakout is on (the server
// decides who gets which); opened in a new tab. Raised hands: anyone may
// raise theirs; facilitators see the list and lower them.

import { el, setText } from './dom.js';
import { createFacTools } from './fac-toolbar.js';
import { t } from './i18n.js';
import { liveGroups } from './state.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */

/** The facilitator's view is sent at most this often while they pan, ms. */
export const FOLLOW_SEND_MS = 300;

/**
 * @typedef {object} RoomOptions
 * @property {() => Board} getBoard
 * @property {() => import('./protocol.js').Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 * @property {(text: string) => void} announce
 * @property {() => {x: number, y: number, w: number, h: number}} viewRect the board rectangle on screen
 * @property {(r: {x: number, y: number, w: number, h: number}) => void} showRect
 * @property {(id: string) => string} nameOf
 * @property {string} presentUrl the presentation view's address
 */

/**
 * Builds the room's controls: in the status strip (links, follow again),
 * in the tools row (raise hand; for facilitators, the toolbar with follow
 * me, meeting links, hands and the presentation view).
 * @param {HTMLElement} strip
 * @param {HTMLElement} tools
 * @param {HTMLElement} boardEl the board, whose own pans end following
 * @param {RoomOptions} opts
 */
export function createRoom(strip, tools, boardEl, opts) {
  // ---- everyone ----
  const linkA = /** @type {HTMLAnchorElement} */ (el('a', { id: 'meeting-link', target: '_blank', rel: 'noopener noreferrer' }));
  const link = el('p', { id: 'meeting', class: 'status-item', hidden: true }, linkA);
  const followAgain = el('button', { type: 'button', id: 'follow-again', class: 'button button--small', hidden: true, i18n: 'room.followAgain' });
  const following = el('p', { id: 'following', class: 'status-item', hidden: true });
  strip.append(link, following, followAgain);
  const hand = el('button', { type: 'button', id: 'raise-hand', class: 'button', 'aria-pressed': 'false', hidden: true, i18n: 'room.raiseHand' });
  tools.append(hand);

  // ---- facilitators: the toolbar ----
  const followMe = el('button', { type: 'button', id: 'follow-me', class: 'button button--small', 'aria-pressed': 'false', i18n: 'room.followMe' });
  const linksButton = el('button', { type: 'button', id: 'links-open', class: 'button button--small', 'aria-expanded': 'false', 'aria-controls': 'links-pop', i18n: 'room.links' });
  const handsButton = el('button', { type: 'button', id: 'hands-open', class: 'button button--small', 'aria-expanded': 'false', 'aria-controls': 'hands-pop' });
  const present = /** @type {HTMLAnchorElement} */ (el('a', { id: 'present-open', class: 'button button--small', href: opts.presentUrl, target: '_blank', rel: 'noopener', i18n: 'room.present' }));
  const presentAnon = el('a', { id: 'present-anon', class: 'button button--small', href: `${opts.presentUrl}-anon`, target: '_blank', rel: 'noopener', i18n: 'room.presentAnon' });
  const linksForm = el('form', { id: 'links-form', class: 'pop-form' });
  const linksStatus = el('p', { id: 'links-status', class: 'fac-hint', role: 'status' });
  const linksPop = el('div', { id: 'links-pop', class: 'popover', hidden: true, role: 'group', 'aria-labelledby': 'links-pop-h' },
    el('h2', { id: 'links-pop-h', class: 'popover-heading', i18n: 'room.linksHeading' }),
    el('p', { class: 'fac-hint', i18n: 'room.linksHint' }), linksForm, linksStatus);
  const handsList = el('ul', { id: 'hands-list', class: 'fac-list' });
  const handsPop = el('div', { id: 'hands-pop', class: 'popover', hidden: true, role: 'group', 'aria-labelledby': 'hands-pop-h' },
    el('h2', { id: 'hands-pop-h', class: 'popover-heading', i18n: 'room.handsHeading' }), handsList);
  const toolbar = el('div', { id: 'fac-toolbar', class: 'fac-toolbar', role: 'group', hidden: true, i18nAttrs: { 'aria-label': 'room.toolbar' } },
    followMe, linksButton, handsButton, present, presentAnon, linksPop, handsPop);
  tools.append(toolbar);
  // The flow's controls (timer, groups, vote, private writing, the board).
  const facTools = createFacTools(toolbar);

  /**
   * A disclosure: the button opens and closes its popover; Escape closes it
   * and gives focus back to the button.
   * @param {HTMLElement} button
   * @param {HTMLElement} pop
   * @param {() => void} [onOpen]
   */
  function disclosure(button, pop, onOpen) {
    const set = (/** @type {boolean} */ open) => {
      pop.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open && onOpen) onOpen();
    };
    button.addEventListener('click', () => set(pop.hidden));
    pop.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        set(false);
        button.focus();
      }
    });
  }
  disclosure(linksButton, linksPop, () => buildLinksForm());
  disclosure(handsButton, handsPop);

  function buildLinksForm() {
    const b = opts.getBoard();
    const rows = [{ key: '', label: t('room.linkWorkshop') }, ...liveGroups(b).map((g) => ({ key: g.id, label: t('room.linkGroup', { group: g.name }) }))];
    linksForm.replaceChildren(...rows.map((r, i) => {
      const id = `link-${i}`;
      const input = /** @type {HTMLInputElement} */ (el('input', { id, type: 'url', inputmode: 'url', placeholder: 'https://', value: (b.links && b.links[r.key]) || '', data: { group: r.key } }));
      return el('div', { class: 'fac-field' }, el('label', { for: id, text: r.label }), input);
    }), el('button', { type: 'submit', id: 'links-save', class: 'button button--small', i18n: 'room.linksSave' }));
  }
  linksForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const b = opts.getBoard();
    let sent = 0, bad = 0;
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (linksForm.querySelectorAll('input[data-group]'))) {
      const key = input.dataset.group || '';
      const url = input.value.trim();
      if (url === ((b.links && b.links[key]) || '')) continue;
      if (url && !/^https:\/\/[^\s/]+/i.test(url)) {
        input.setAttribute('aria-invalid', 'true');
        bad++;
        continue;
      }
      input.removeAttribute('aria-invalid');
      /** @type {Op} */
      const op = { kind: 'board.link', url };
      if (key) op.group = key;
      if (opts.submit(op)) sent++;
    }
    const text = bad ? t('room.linkBad') : t('room.linksSaved', { n: sent });
    setText(linksStatus, text);
    opts.announce(text);
  });

  // ---- follow me ----
  let leading = false;
  let lastSent = 0;
  /** @type {any} */
  let pendingSend = null;
  function sendView() {
    pendingSend = null;
    lastSent = Date.now();
    const r = opts.viewRect();
    opts.submit({ kind: 'board.follow', on: true, x: r.x, y: r.y, w: r.w, h: r.h });
  }
  followMe.addEventListener('click', () => {
    leading = !leading;
    followMe.setAttribute('aria-pressed', String(leading));
    if (leading) sendView();
    else {
      if (pendingSend) clearTimeout(pendingSend);
      pendingSend = null;
      opts.submit({ kind: 'board.follow', on: false });
    }
  });

  /** This person follows the leader's view (until they pan away). */
  let follows = true;
  let applying = false;
  let lastInput = 0;
  /** @type {number|null} the follow event applied last */
  let appliedAt = null;
  const input = () => { lastInput = performance.now(); };
  for (const type of ['pointerdown', 'wheel', 'keydown', 'touchstart']) boardEl.addEventListener(type, input, { passive: true });
  for (const id of ['zoom-in', 'zoom-out', 'zoom-reset']) document.getElementById(id)?.addEventListener('click', input);

  /** Called on every change of this person's view. */
  function onViewChange() {
    if (applying) return;
    const me = opts.getMe();
    const b = opts.getBoard();
    if (leading) {
      if (pendingSend) return;
      const wait = Math.max(0, FOLLOW_SEND_MS - (Date.now() - lastSent));
      pendingSend = setTimeout(sendView, wait);
      return;
    }
    // Their own pan or zoom ends following.
    if (b.follow && me && b.follow.by !== me.id && follows && performance.now() - lastInput < 1000) {
      follows = false;
      render();
      opts.announce(t('room.stoppedFollowing'));
    }
  }

  followAgain.addEventListener('click', () => {
    follows = true;
    appliedAt = null;
    render();
    boardEl.focus();
  });
  hand.addEventListener('click', () => {
    const me = opts.getMe();
    if (!me) return;
    const up = !!(opts.getBoard().hands || {})[me.id];
    opts.submit({ kind: 'hand.raise', on: !up });
  });

  function render() {
    const b = opts.getBoard();
    const me = opts.getMe();
    const fac = !!me && me.role === 'facilitator';
    const links = b.links || {};
    // A participant's group link while breakout is on, else the workshop's.
    const mine = me && b.participants[me.id] ? b.participants[me.id].group : '';
    const groupLink = b.breakout && mine ? links[mine] : '';
    const url = fac ? links[''] : (groupLink || links['']);
    link.hidden = !url;
    if (url) {
      if (linkA.getAttribute('href') !== url) linkA.href = url;
      setText(linkA, groupLink && !fac ? 'room.openGroupMeeting' : 'room.openMeeting');
    }
    // Follow me.
    const f = b.follow;
    const led = !!f && !!me && f.by !== me.id;
    if (!f) follows = true; // the next "follow me" is followed again
    following.hidden = !(led && follows);
    if (led && follows) setText(following, 'room.following', { name: opts.nameOf(f.by) });
    followAgain.hidden = !(led && !follows);
    followAgain.dataset.at = f ? String(f.at ?? '') : '';
    if (led && follows && f && appliedAt !== f.at) {
      appliedAt = f.at ?? 0;
      applying = true;
      try {
        opts.showRect(f);
      } finally {
        applying = false;
      }
    }
    if (fac && f && f.by !== (me && me.id) && leading) {
      // Another facilitator took the lead.
      leading = false;
      followMe.setAttribute('aria-pressed', 'false');
    }
    // Hands.
    const hands = b.hands || {};
    hand.hidden = !me || me.role !== 'participant';
    if (me) {
      const up = !!hands[me.id];
      hand.setAttribute('aria-pressed', String(up));
      setText(hand, up ? 'room.lowerHand' : 'room.raiseHand');
    }
    toolbar.hidden = !fac;
    if (fac) {
      facTools.adopt();
      const ids = Object.keys(hands).sort((a, c) => hands[a] - hands[c]);
      setText(handsButton, 'room.hands', { n: ids.length });
      handsButton.classList.toggle('button--alert', ids.length > 0);
      const key = ids.join(',') + '|' + ids.map(opts.nameOf).join(',');
      if (handsList.dataset.key !== key) {
        handsList.dataset.key = key;
        handsList.replaceChildren(...(ids.length ? ids.map((id) => {
          const lower = el('button', { type: 'button', class: 'button button--small', i18n: 'room.lowerOf', i18nParams: { name: opts.nameOf(id) } });
          lower.addEventListener('click', () => opts.submit({ kind: 'hand.raise', on: false, person: id }));
          return el('li', { class: 'fac-item' }, el('span', { class: 'fac-person', text: opts.nameOf(id) }), lower);
        }) : [el('li', { i18n: 'room.noHands' })]));
      }
    }
    strip.hidden = strip.hidden && link.hidden && following.hidden && followAgain.hidden;
  }

  return {
    render,
    onViewChange,
    /** @returns {boolean} whether this person follows someone's view now */
    following: () => follows && !!opts.getBoard().follow,
    destroy() {
      if (pendingSend) clearTimeout(pendingSend);
    },
  };
}
