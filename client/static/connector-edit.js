// Connectors after they are drawn, and "connect to ..." from any item.
// connectSection lists an item's connectors (each with Change and Remove)
// and a form that connects it to any other note, frame, shape or cluster,
// listed by text or name under its kind: the note's panel and the connect
// dialog of a shape or cluster use it, so a keyboard or screen reader
// user can do all a pointer can. The edit dialog changes a connector's
// label and style (line / arrow) or removes it; a click on a connector or
// its label opens it. The server checks every op (workshops/connector.go):
// anyone may restyle, the label and removal are the author's or a
// facilitator's.

import { el } from './dom.js';
import { t } from './i18n.js';
import { connectorCreate, connectorDelete, connectorUpdate, newId } from './protocol.js';
import { canChangeBoard, notesInOrder } from './state.js';
import { endLive, liveItems, ITEM_LIMITS } from './items.js';
import { shortText } from './board-list.js';

/** @typedef {import('./state.js').Board} Board */
/** @typedef {import('./protocol.js').Op} Op */
/** @typedef {import('./protocol.js').Ref} Ref */
/** @typedef {import('./protocol.js').Participant} Participant */

/**
 * What an item is called on screen and to a screen reader: its text,
 * title or name, or its kind when it has none.
 * @param {Board} b
 * @param {Ref} r
 * @returns {string}
 */
export function itemName(b, r) {
  const it = /** @type {any} */ (endLive(b, r));
  if (!it) return '';
  const words = (it.text || it.title || it.name || '').replace(/\s+/g, ' ').trim();
  if (words) return shortText(words);
  if (r.type === 'shape') return t(`connect.kind.${it.form}`);
  return t(r.type === 'note' ? 'note.empty' : `connect.kind.${r.type}`);
}

/**
 * Every item a connector can join, by kind, in reading order.
 * @param {Board} b
 * @returns {{type: Ref['type'], items: {id: string, name: string}[]}[]}
 */
export function connectable(b) {
  const frames = Object.values(b.frames || {}).filter((f) => !(/** @type {any} */ (f).deleted))
    .sort((p, q) => p.y - q.y || p.x - q.x || (p.id < q.id ? -1 : 1));
  /** @type {{type: Ref['type'], items: {id: string, name: string}[]}[]} */
  const out = [
    { type: 'note', items: notesInOrder(b).map((n) => ({ id: n.id, name: itemName(b, { type: 'note', id: n.id }) })) },
    { type: 'frame', items: frames.map((f) => ({ id: f.id, name: itemName(b, { type: 'frame', id: f.id }) })) },
    { type: 'shape', items: liveItems(b.shapes).map((s) => ({ id: s.id, name: itemName(b, { type: 'shape', id: s.id }) })) },
    { type: 'cluster', items: liveItems(b.clusters).map((c) => ({ id: c.id, name: itemName(b, { type: 'cluster', id: c.id }) })) },
  ];
  return out.filter((g) => g.items.length);
}

/**
 * The live connectors that have r as an end and are drawn (both ends live).
 * @param {Board} b
 * @param {Ref} r
 */
export function connectorsOf(b, r) {
  return Object.values(b.connectors || {}).filter((c) => !c.deleted &&
    ((c.from.type === r.type && c.from.id === r.id) || (c.to.type === r.type && c.to.id === r.id)) &&
    endLive(b, c.from) && endLive(b, c.to));
}

/**
 * @typedef {object} ConnectorEditOptions
 * @property {() => Board} getBoard
 * @property {() => Participant|null} getMe
 * @property {(op: Op) => boolean} submit
 */

/** @param {ConnectorEditOptions} opts */
export function createConnectorEdit(opts) {
  /** @param {import('./items.js').Connector} c */
  const mayEdit = (c) => {
    const me = opts.getMe();
    return !!me && canChangeBoard(me) && (me.role === 'facilitator' || me.id === c.author);
  };
  /** @param {import('./items.js').Connector} c */
  const describe = (c) => {
    const b = opts.getBoard();
    return t('connect.between', { from: itemName(b, c.from), to: itemName(b, c.to) });
  };

  /**
   * A modal dialog that removes itself and gives focus back when closed.
   * @param {string} id
   * @param {string} title
   * @param {Node[]} body
   */
  function modal(id, title, body) {
    const back = /** @type {HTMLElement|null} */ (document.activeElement);
    // The list it was opened from may be drawn anew meanwhile: find the same button again.
    const row = back && back.closest('[data-connector]');
    const again = row ? `[data-connector="${CSS.escape(/** @type {HTMLElement} */ (row).dataset.connector || '')}"] .${[...back.classList].join('.')}` : '';
    const host = back && back.closest('dialog');
    document.getElementById(id)?.remove();
    const close = el('button', { type: 'button', id: `${id}-close`, class: 'button', i18n: 'npanel.close' });
    const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { id, class: 'confirm connector-dialog', 'aria-labelledby': `${id}-h` },
      el('h2', { id: `${id}-h`, text: title }), ...body, close));
    const done = () => {
      if (dialog.open) dialog.close();
      dialog.remove();
      const to = back && back.isConnected ? back : /** @type {HTMLElement|null} */ ((again && document.querySelector(again)) ||
        (host && host.isConnected && host.open ? host.querySelector('h2, button') : null));
      if (to) {
        if (to.tagName === 'H2') to.tabIndex = -1;
        // An item's handle shows only while the item has focus: give it focus first.
        const item = /** @type {HTMLElement|null} */ (to.parentElement && to.parentElement.closest('.shape, .cluster, .note'));
        if (item) item.focus({ preventScroll: true });
        to.focus({ preventScroll: true });
      }
    };
    close.addEventListener('click', done);
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done();
    });
    document.body.append(dialog);
    dialog.showModal();
    return { dialog, done };
  }

  /**
   * Opens the dialog that changes a connector's label and style, or removes it.
   * @param {string} id
   */
  function openEdit(id) {
    const b = opts.getBoard();
    const c = b.connectors[id];
    if (!c || c.deleted || !endLive(b, c.from) || !endLive(b, c.to) || !canChangeBoard(opts.getMe())) return;
    const own = mayEdit(c);
    const label = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: 'connector-label', maxlength: String(ITEM_LIMITS.connectorText), disabled: !own }));
    label.value = c.text || '';
    const style = /** @type {HTMLSelectElement} */ (el('select', { id: 'connector-style' },
      el('option', { value: 'arrow', i18n: 'connect.arrow' }), el('option', { value: 'line', i18n: 'connect.line' })));
    style.value = c.style === 'line' ? 'line' : 'arrow';
    const save = el('button', { type: 'submit', id: 'connector-save', class: 'button button--primary', i18n: 'ask.save' });
    const del = el('button', { type: 'button', id: 'connector-delete', class: 'button button--danger', i18n: 'connect.delete', hidden: !own });
    const form = el('form', { class: 'stack' },
      el('label', { for: 'connector-label', i18n: 'connect.label' }), label,
      own ? '' : el('p', { class: 'hint', i18n: 'connect.notYours' }),
      el('label', { for: 'connector-style', i18n: 'connect.style' }), style,
      el('div', { class: 'fac-row' }, save, del));
    const { done } = modal('connector-dialog', describe(c), [form]);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      /** @type {Partial<Op>} */
      const change = {};
      const text = label.value.trim();
      if (own && text !== (c.text || '')) change.text = text;
      if (style.value !== (c.style || 'arrow')) change.style = /** @type {'arrow'|'line'} */ (style.value);
      if (Object.keys(change).length && !opts.submit(connectorUpdate(id, change))) return;
      done();
    });
    del.addEventListener('click', () => {
      if (opts.submit(connectorDelete(id))) done();
    });
    if (own) {
      label.focus();
      label.select();
    } else style.focus();
  }

  /**
   * The connectors of an item (with Change and Remove) and the form that
   * connects it to another item.
   * @param {Ref} from
   * @returns {Node[]}
   */
  function section(from) {
    const b = opts.getBoard();
    const me = opts.getMe();
    const conns = connectorsOf(b, from);
    const list = el('ul', { class: 'connector-list' }, ...conns.map((c) => {
      const out = c.from.type === from.type && c.from.id === from.id;
      const other = out ? c.to : c.from;
      const words = t(out ? 'connect.toNote' : 'connect.fromNote', { text: itemName(b, other) });
      const said = c.text ? `${words} («${c.text}»)` : words;
      const li = el('li', { data: { connector: c.id } }, el('span', { text: `${said}${c.style === 'line' ? '' : ' →'}` }));
      if (canChangeBoard(me)) {
        const edit = el('button', { type: 'button', id: `connector-edit-${c.id}`, class: 'button button--small connector-edit', i18n: 'connect.edit' });
        edit.setAttribute('aria-label', `${t('connect.edit')}: ${said}`);
        edit.addEventListener('click', () => openEdit(c.id));
        li.append(' ', edit);
        if (mayEdit(c)) {
          const del = el('button', { type: 'button', id: `connector-remove-${c.id}`, class: 'button button--small connector-remove', i18n: 'connect.delete' });
          del.setAttribute('aria-label', `${t('connect.delete')}: ${said}`);
          del.addEventListener('click', () => opts.submit(connectorDelete(c.id)));
          li.append(' ', del);
        }
      }
      return li;
    }));
    /** @type {Node[]} */
    const parts = [el('h3', { i18n: 'connect.heading' }), conns.length ? list : el('p', { i18n: 'connect.none' })];
    if (!canChangeBoard(me)) return parts;
    const groups = connectable(b).map((g) => ({ ...g, items: g.items.filter((x) => !(g.type === from.type && x.id === from.id)) }))
      .filter((g) => g.items.length);
    const select = /** @type {HTMLSelectElement} */ (el('select', { id: 'connect-to' },
      ...groups.map((g) => el('optgroup', { label: t(`connect.kinds.${g.type}`) },
        ...g.items.map((x) => el('option', { value: `${g.type}:${x.id}`, text: x.name }))))));
    const style = /** @type {HTMLSelectElement} */ (el('select', { id: 'connect-style' },
      el('option', { value: 'arrow', i18n: 'connect.arrow' }), el('option', { value: 'line', i18n: 'connect.line' })));
    const label = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: 'connect-label', maxlength: String(ITEM_LIMITS.connectorText) }));
    const form = el('form', { class: 'connect-form stack' },
      el('label', { for: 'connect-to', i18n: 'connect.toAny' }), select,
      el('label', { for: 'connect-style', i18n: 'connect.style' }), style,
      el('label', { for: 'connect-label', i18n: 'connect.label' }), label,
      el('button', { type: 'submit', id: 'connect-send', class: 'button', i18n: 'connect.send', disabled: groups.length === 0 }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const [type, id] = select.value.split(/:(.*)/s);
      if (!type || !id) return;
      const ok = opts.submit(connectorCreate({
        connector: newId(), from, to: { type: /** @type {Ref['type']} */ (type), id },
        style: /** @type {'arrow'|'line'} */ (style.value), text: label.value.trim(),
      }));
      if (ok) label.value = '';
    });
    parts.push(form);
    return parts;
  }

  /**
   * Opens "connect to ..." for a shape or cluster (a note has its panel).
   * @param {Ref} from
   */
  function openConnect(from) {
    const b = opts.getBoard();
    if (!endLive(b, from)) return;
    const body = el('div', { class: 'connect-body' });
    const { dialog } = modal('connect-dialog', t('connect.title', { name: itemName(b, from) }), [body]);
    let key = '';
    const draw = () => {
      const b = opts.getBoard();
      const me = opts.getMe();
      const next = JSON.stringify([connectable(b), connectorsOf(b, from).map((c) => [c.id, c.text, c.style, c.from, c.to]), me && me.role, !!endLive(b, from)]);
      if (next === key) return;
      key = next;
      const focused = document.activeElement && dialog.contains(document.activeElement) ? document.activeElement.id : '';
      const kept = ['connect-to', 'connect-style', 'connect-label'].map((k) => /** @type {HTMLInputElement|null} */ (document.getElementById(k))?.value);
      if (!endLive(opts.getBoard(), from)) {
        /** @type {HTMLElement} */ (dialog.querySelector('#connect-dialog-close')).click();
        return;
      }
      body.replaceChildren(...section(from));
      ['connect-to', 'connect-style', 'connect-label'].forEach((k, i) => {
        const f = /** @type {HTMLInputElement|null} */ (document.getElementById(k));
        if (f && kept[i] !== undefined && [...(f.tagName === 'SELECT' ? /** @type {any} */ (f).options : [{ value: kept[i] }])].some((o) => o.value === kept[i])) f.value = /** @type {string} */ (kept[i]);
      });
      const again = focused ? document.getElementById(focused) : null;
      if (again) again.focus();
    };
    draw();
    /** @type {any} */ (dialog).redraw = draw;
    const first = /** @type {HTMLElement|null} */ (dialog.querySelector('#connect-to'));
    if (first) first.focus();
  }

  /** Redraws an open connect dialog after a change on the board. */
  function render() {
    const d = /** @type {any} */ (document.getElementById('connect-dialog'));
    if (d && d.open && d.redraw) d.redraw();
  }

  return { openEdit, openConnect, section, render };
}
