// The facilitator's toolbar: the ad-hoc controls of the workshop's flow
// (timer, groups and breakout, vote, private writing, and the board's lock,
// focus and message) as toolbar buttons with small popovers, instead of a
// long column of forms. The controls themselves are facilitation.js's: the
// toolbar moves their sections out of the panel into its popovers, so they
// keep their behaviour and IDs; the panel keeps the settings (frames,
// export, templates, privacy, moderation, people).

import { el } from './dom.js';

/** The tools: button ID, label key, the section (by its heading's ID) it holds. */
export const TOOLS = [
  { id: 'timer', key: 'tool.timer', heading: 'fac-timer-h' },
  { id: 'groups', key: 'tool.groups', heading: 'fac-groups-h' },
  { id: 'vote', key: 'tool.vote', heading: 'fac-vote-h' },
  { id: 'private', key: 'tool.private', heading: 'fac-private-h' },
  { id: 'board', key: 'tool.board', heading: 'fac-board-h' },
];

/**
 * Adds the tool buttons and their popovers to the toolbar. adopt() moves
 * the sections in once the facilitator's panel exists (call it on every
 * render; it does nothing once done).
 * @param {HTMLElement} toolbar
 * @returns {{adopt: () => void, closeAll: () => void}}
 */
export function createFacTools(toolbar) {
  /** @type {{button: HTMLElement, pop: HTMLElement, heading: string, moved: Element|null}[]} */
  const tools = TOOLS.map((tool) => {
    const button = el('button', { type: 'button', id: `tool-${tool.id}`, class: 'button button--small', 'aria-expanded': 'false', 'aria-controls': `tool-${tool.id}-pop`, i18n: tool.key });
    const pop = el('div', { id: `tool-${tool.id}-pop`, class: 'popover popover--tool', hidden: true });
    return { button, pop, heading: tool.heading, moved: null };
  });
  toolbar.prepend(...tools.map((x) => x.button));
  toolbar.append(...tools.map((x) => x.pop));

  const closeAll = () => {
    for (const x of tools) {
      x.pop.hidden = true;
      x.button.setAttribute('aria-expanded', 'false');
    }
  };
  for (const x of tools) {
    x.button.addEventListener('click', () => {
      const open = x.pop.hidden;
      closeAll();
      x.pop.hidden = !open;
      x.button.setAttribute('aria-expanded', String(open));
      if (open) {
        const first = /** @type {HTMLElement|null} */ (x.pop.querySelector('input, textarea, select, button'));
        if (first) first.focus();
      }
    });
    x.pop.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        closeAll();
        x.button.focus();
      }
    });
  }

  return {
    adopt() {
      for (const x of tools) {
        const heading = document.getElementById(x.heading);
        const section = heading ? heading.closest('section') : null;
        if (!section || section === x.moved) continue;
        // A rebuilt panel has a new section: take that one.
        x.pop.replaceChildren(section);
        x.pop.setAttribute('aria-labelledby', x.heading);
        x.pop.setAttribute('role', 'group');
        x.moved = section;
      }
    },
    closeAll,
  };
}
