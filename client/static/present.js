// The presentation view: the board on a big screen in the hall, opened by
// a facilitator from the toolbar in a new tab (/w/{id}#present, or
// #present-anon to hide names). Read-only, large text, the join code and
// its QR code always on screen, so a hybrid workshop runs from one board.

import { el, setText } from './dom.js';
import { t } from './i18n.js';
import { formatJoinCode } from './protocol.js';

/**
 * Reads the presentation mode from the address's fragment.
 * @param {string} hash location.hash
 * @returns {{on: boolean, anonymous: boolean}}
 */
export function presentMode(hash) {
  const parts = hash.replace(/^#/, '').split('&');
  const anonymous = parts.includes('present-anon');
  return { on: anonymous || parts.includes('present'), anonymous };
}

/**
 * Builds the join panel of the presentation view.
 * @param {HTMLElement} page the board page
 * @param {{getWorkshop: () => import('./protocol.js').Workshop|null, anonymous: boolean}} opts
 */
export function createPresent(page, opts) {
  document.body.classList.add('is-present');
  document.body.classList.toggle('is-present-anon', opts.anonymous);
  const code = el('p', { id: 'present-code', class: 'present-code' });
  const url = el('p', { id: 'present-url', class: 'present-url' });
  const qr = el('img', { id: 'present-qr', class: 'present-qr', alt: '', width: '220', height: '220' });
  const panel = el('aside', { id: 'present-join', class: 'present-join', 'aria-labelledby': 'present-join-h' },
    el('h2', { id: 'present-join-h', i18n: 'present.join' }), url, code, qr);
  page.append(panel);
  let shown = '';
  return {
    render() {
      const w = opts.getWorkshop();
      const joinCode = w ? w.joinCode : '';
      if (!joinCode || joinCode === shown) return;
      shown = joinCode;
      setText(url, 'present.url', { url: `${location.host}/join` });
      code.textContent = formatJoinCode(joinCode);
      qr.setAttribute('src', `/j/${encodeURIComponent(joinCode)}/qr.svg`);
      qr.setAttribute('alt', t('qr.alt', { url: `${location.origin}/j/${joinCode}` }));
    },
  };
}
