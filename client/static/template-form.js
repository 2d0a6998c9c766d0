// The template part of the create form on the start page: the choice of
// template (a blank board first), the form for the chosen template's
// parameters, the preview, and the problems the server finds, each next
// to its field. The logic without the DOM is template-params.js.
//
// Template texts come from the server in every language; the form shows
// them in the person's language and builds itself again when it changes.
// What is typed is kept by parameter key, so changing template keeps the
// municipality and the challenge.

import { el, setText } from './dom.js';
import { errorKey, i18n, t } from './i18n.js';
import {
  ITEM_LIMITS, MULTILINE_OVER, buildParams, canAdd, canRemove, countRule, durationText, emptyRow,
  ensureValues, groupPreview, isBlankRow, itemInputId, localized, paramInputId, parseTemplates,
  problemMessage, problemTarget, valuesFromParams,
} from './template-params.js';

/** @typedef {import('./template-params.js').Template} Template */
/** @typedef {import('./template-params.js').Parameter} Parameter */
/** @typedef {import('./template-params.js').Values} Values */
/** @typedef {import('./template-params.js').Problem} Problem */
/** @typedef {import('./template-params.js').Message} Message */
/** @typedef {import('./app.js').Context} Context */

/** The id of the blank board's radio button. */
const BLANK_ID = 'create-template-blank';

/**
 * @typedef {object} TemplatePart
 * @property {HTMLElement} chooser the radio group, #create-template
 * @property {HTMLElement} summary problems the form has no field for, and a pointer to the marked fields
 * @property {HTMLElement} section the parameter form and the preview
 * @property {() => Template|null} selected the chosen template; null for a blank board
 * @property {() => ReturnType<typeof buildParams>|null} build the params to send, for the chosen template
 * @property {(problems: Problem[], rows: Record<string, number[]>) => void} showProblems marks them and moves focus to the first
 * @property {() => void} clearProblems
 * @property {() => void} reset back to a blank board with nothing typed
 * @property {(key: string) => boolean} selectTemplate chooses a template ('' for a blank board), as if clicked
 * @property {(params: Record<string, unknown>) => boolean} applyValues fills the chosen template's form with
 *   proposed values (a process's prefill); false without a template
 * @property {() => Template[]} templates the templates offered
 * @property {() => Promise<void>} reload asks the server for the templates again (after an import)
 * @property {() => void} dispose
 */

/**
 * Builds the template part and starts loading the templates.
 * @param {Context} ctx
 * @param {{langSelect: HTMLSelectElement, titleHint: HTMLElement|null, onChange: () => void}} opts
 *   langSelect is the workshop's language (the preview is in it); onChange
 *   runs when the chosen template changes
 * @returns {TemplatePart}
 */
export function createTemplatePart(ctx, { langSelect, titleHint, onChange }) {
  /** @type {Template[]} */
  let templates = [];
  /** @type {string} '' for a blank board */
  let chosen = '';
  /** @type {Values} */
  let values = { text: {}, lists: {} };
  /** The last problems shown, to show again after a new build of the form. */
  let shown = /** @type {{problems: Problem[], rows: Record<string, number[]>}|null} */ (null);
  let previewSeq = 0;
  /** How many frames the preview shows, to say it again in another language. */
  let previewFrames = 0;
  /** @type {string} the error code if the templates could not be loaded */
  let loadError = '';
  let alive = true;

  const chooserHint = el('p', { class: 'field-hint', id: 'create-template-hint', i18n: 'tpl.choose.hint' });
  const options = el('div', { class: 'choices' }, el('p', { class: 'muted', i18n: 'tpl.loading' }));
  const chooser = el('fieldset', { id: 'create-template', class: 'group', 'aria-describedby': 'create-template-hint' },
    el('legend', { i18n: 'tpl.choose' }), chooserHint, options);

  const summary = el('div', { id: 'create-problems', class: 'problem-summary', tabindex: '-1', hidden: true });
  const paramsHeading = el('h3', { id: 'template-params-h' });
  const paramsBody = el('div', { class: 'stack' });
  const previewButton = el('button', { type: 'button', id: 'template-preview-button', class: 'button', i18n: 'tpl.preview' });
  const previewList = el('ul', { id: 'template-preview', class: 'preview-list' });
  const previewHeading = el('h3', { id: 'template-preview-h', tabindex: '-1' });
  const previewNote = el('p', { class: 'muted' });
  const previewBox = el('section', { id: 'template-preview-box', class: 'preview stack-s', hidden: true, 'aria-labelledby': 'template-preview-h' },
    previewHeading, previewNote, previewList);
  const previewError = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const section = el('section', { id: 'template-params', class: 'template-params stack', hidden: true, 'aria-labelledby': 'template-params-h' },
    paramsHeading, paramsBody,
    el('div', { class: 'stack-s' }, el('p', { class: 'field-hint', i18n: 'tpl.preview.hint' }), el('p', {}, previewButton)),
    previewError, previewBox);

  const current = () => templates.find((x) => x.key === chosen) || null;
  const uiLang = () => i18n.lang();

  // ---- the choice ----

  function renderChooser() {
    const blank = choice(BLANK_ID, '', t('tpl.blank.name'), '', t('tpl.blank.description'));
    const rest = templates.map((tpl) => {
      const meta = [];
      const d = durationText(tpl.durationMin);
      if (d) meta.push(t(d.key, d.params));
      if (tpl.processStep) meta.push(t('tpl.step', { n: tpl.processStep }));
      if (tpl.custom) meta.push(t('tpl.custom'));
      return choice(`create-template-${tpl.key}`, tpl.key, localized(tpl.name, uiLang()), meta.join(' · '), localized(tpl.description, uiLang()));
    });
    options.replaceChildren(blank, ...rest);
    if (loadError) {
      options.append(el('p', { class: 'form-error', i18n: 'tpl.loadFailed' }), el('p', { class: 'muted', i18n: errorKey(loadError) }));
    }
  }

  /**
   * One radio button with its name, length and description.
   * @param {string} id
   * @param {string} value
   * @param {string} name
   * @param {string} meta
   * @param {string} description
   */
  function choice(id, value, name, meta, description) {
    const radio = /** @type {HTMLInputElement} */ (el('input', {
      type: 'radio', name: 'create-template', id, value, 'aria-describedby': description ? `${id}-desc` : null,
    }));
    radio.checked = value === chosen;
    radio.addEventListener('change', () => {
      if (radio.checked) select(value);
    });
    return el('div', { class: 'choice' }, radio,
      el('label', { for: id },
        el('span', { class: 'choice-name', text: name }),
        meta ? el('span', { class: 'choice-meta', text: meta }) : null),
      description ? el('p', { class: 'choice-desc', id: `${id}-desc`, text: description }) : null);
  }

  /** @param {string} key */
  function select(key) {
    chosen = key;
    shown = null;
    summary.hidden = true;
    hidePreview();
    renderParams();
    updateTitleHint();
    onChange();
  }

  function updateTitleHint() {
    if (!titleHint) return;
    const tpl = current();
    if (tpl) setText(titleHint, 'create.title.hintTemplate', { name: localized(tpl.name, langSelect.value) });
    else setText(titleHint, 'create.title.hint');
  }

  // ---- the parameters ----

  function renderParams() {
    const tpl = current();
    if (!tpl || !(tpl.parameters || []).length) {
      section.hidden = true;
      paramsBody.replaceChildren();
      return;
    }
    values = ensureValues(tpl, values);
    setText(paramsHeading, 'tpl.params.heading', { name: localized(tpl.name, uiLang()) });
    paramsBody.replaceChildren(...tpl.parameters.map((p) => (p.type === 'list' ? listParam(p) : textParam(p))));
    section.hidden = false;
    if (shown) mark(shown.problems, shown.rows);
  }

  /**
   * A label's text, with "(must be filled in)" for a required field.
   * @param {string} text
   * @param {boolean} required
   * @returns {(Node|string)[]}
   */
  function labelText(text, required) {
    return required ? [text, ' ', el('span', { class: 'required', i18n: 'tpl.required' })] : [text];
  }

  /**
   * @param {Parameter} p
   * @returns {HTMLElement}
   */
  function textParam(p) {
    const id = paramInputId(p.key);
    const max = p.max_len || 0;
    const help = localized(p.help, uiLang());
    const input = /** @type {HTMLInputElement|HTMLTextAreaElement} */ (max > MULTILINE_OVER
      ? el('textarea', { rows: '4' })
      : el('input', { type: 'text', autocomplete: 'off' }));
    input.id = id;
    if (max) input.setAttribute('maxlength', String(max));
    if (p.required) input.setAttribute('aria-required', 'true');
    input.setAttribute('aria-describedby', [help ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
    input.value = values.text[p.key] || '';
    input.addEventListener('input', () => { values.text[p.key] = input.value; });
    return el('div', { class: 'field' },
      el('label', { for: id }, ...labelText(localized(p.label, uiLang()), !!p.required)),
      help ? el('p', { class: 'field-hint', id: `${id}-hint`, text: help }) : null,
      input,
      el('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
  }

  /**
   * A list parameter: a fieldset with one fieldset per item, and buttons
   * to add and remove items within the list's bounds.
   * @param {Parameter} p
   * @returns {HTMLElement}
   */
  function listParam(p) {
    const id = paramInputId(p.key);
    const label = localized(p.label, uiLang());
    const help = localized(p.help, uiLang());
    const rows = values.lists[p.key];
    const rule = countRule(p);
    const items = el('div', { class: 'param-items' });
    const add = el('button', { type: 'button', class: 'button', id: `${id}-add`, i18n: 'tpl.add' });
    add.setAttribute('aria-label', t('tpl.add.label', { list: label }));
    add.hidden = !canAdd(p, rows.length);
    add.addEventListener('click', () => {
      if (!canAdd(p, values.lists[p.key].length)) return;
      values.lists[p.key].push(emptyRow());
      rerender(() => document.getElementById(itemInputId(p.key, values.lists[p.key].length - 1, 'name')));
      ctx.announce(t('tpl.added', { n: values.lists[p.key].length }));
    });
    rows.forEach((row, r) => {
      items.append(itemFieldset(p, row, r, rows.length));
    });
    return el('fieldset', {
      id, class: 'group param-list',
      'aria-describedby': [help ? `${id}-hint` : '', `${id}-count`, `${id}-error`].filter(Boolean).join(' '),
    },
    el('legend', { text: label }),
    help ? el('p', { class: 'field-hint', id: `${id}-hint`, text: help }) : null,
    el('p', { class: 'field-hint', id: `${id}-count`, i18n: rule.key, i18nParams: rule.params }),
    el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    items,
    el('p', {}, add));
  }

  /**
   * One item of a list: its name and the fields the list asks for, all
   * required.
   * @param {Parameter} p
   * @param {import('./template-params.js').Row} row
   * @param {number} r the row
   * @param {number} count rows in the list
   * @returns {HTMLElement}
   */
  function itemFieldset(p, row, r, count) {
    const fields = ['name', ...(p.fields || [])];
    const box = el('fieldset', { class: 'param-item', id: `${paramInputId(p.key)}-${r}` },
      el('legend', { i18n: 'tpl.item', i18nParams: { n: r + 1 } }));
    for (const f of fields) {
      const id = itemInputId(p.key, r, f);
      let input;
      if (f === 'situation') {
        input = el('textarea', { rows: '3', maxlength: String(ITEM_LIMITS.situation) });
      } else if (f === 'age') {
        input = el('input', { type: 'number', inputmode: 'numeric', min: '1', max: String(ITEM_LIMITS.age), step: '1', class: 'input-age' });
      } else {
        input = el('input', { type: 'text', autocomplete: 'off', maxlength: String(ITEM_LIMITS[/** @type {'name'|'theme'|'quote'} */ (f)]) });
      }
      const typed = /** @type {HTMLInputElement} */ (input);
      typed.id = id;
      typed.setAttribute('aria-required', 'true');
      typed.setAttribute('aria-describedby', `${id}-error`);
      typed.value = row[/** @type {keyof typeof row} */ (f)] || '';
      typed.addEventListener('input', () => {
        /** @type {any} */ (values.lists[p.key][r])[f] = typed.value;
      });
      box.append(el('div', { class: 'field' },
        el('label', { for: id }, ...labelText(t(`tpl.field.${f}`), true)),
        input,
        el('p', { class: 'field-error', id: `${id}-error`, hidden: true })));
    }
    if (canRemove(p, count)) {
      const remove = el('button', { type: 'button', class: 'button', i18n: 'tpl.remove' });
      remove.setAttribute('aria-label', t('tpl.remove.label', { n: r + 1 }));
      remove.addEventListener('click', () => {
        const list = values.lists[p.key];
        if (!canRemove(p, list.length)) return;
        list.splice(r, 1);
        // Focus goes to the item that took its place, else the one
        // before, else the add button.
        rerender(() => document.getElementById(itemInputId(p.key, Math.min(r, list.length - 1), 'name'))
          || document.getElementById(`${paramInputId(p.key)}-add`));
        ctx.announce(t('tpl.removed', { n: r + 1 }));
      });
      box.append(el('p', {}, remove));
    }
    return box;
  }

  /**
   * Builds the form again (rows were added or removed) and moves focus.
   * Problems shown before no longer match the rows, so they go.
   * @param {() => HTMLElement|null} focus
   */
  function rerender(focus) {
    shown = null;
    summary.hidden = true;
    renderParams();
    const target = focus();
    if (target) target.focus();
  }

  // ---- problems ----

  function clearProblems() {
    shown = null;
    summary.hidden = true;
    summary.replaceChildren();
    for (const e of section.querySelectorAll('.field-error')) {
      e.textContent = '';
      delete /** @type {HTMLElement} */ (e).dataset.i18n;
      /** @type {HTMLElement} */ (e).hidden = true;
    }
    for (const e of section.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    for (const e of section.querySelectorAll('[data-list-error]')) {
      const extra = /** @type {HTMLElement} */ (e).dataset.listError;
      const ids = (e.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== extra);
      e.setAttribute('aria-describedby', ids.join(' '));
      delete /** @type {HTMLElement} */ (e).dataset.listError;
    }
  }

  /**
   * Shows problems next to their fields, the rest at the top.
   * @param {Problem[]} problems
   * @param {Record<string, number[]>} rows
   * @returns {HTMLElement|null} where focus should go
   */
  function mark(problems, rows) {
    const tpl = current();
    if (!tpl) return null;
    /** @type {HTMLElement[]} */
    const targets = [];
    /** @type {HTMLElement[]} */
    const unmatched = [];
    for (const pr of problems) {
      const target = problemTarget(pr.field, tpl, rows);
      const param = target ? target.param : (tpl.parameters || []).find((x) => pr.field === x.key || pr.field.startsWith(`${x.key}[`));
      const msg = problemMessage(pr, param || null);
      const text = t(msg.key, msg.params);
      const input = target ? document.getElementById(target.inputId) : null;
      const error = target ? document.getElementById(`${target.inputId}-error`) : null;
      if (!input || !error || !section.contains(input)) {
        unmatched.push(el('li', { text: param ? `${localized(param.label, uiLang())}: ${text}` : text }));
        continue;
      }
      error.textContent = error.textContent ? `${error.textContent} ${text}` : text;
      error.hidden = false;
      if (target && target.list) {
        // Focus goes into the list; the field there also reads out the
        // list's error.
        const focus = listFocus(target.param, input);
        const ids = (focus.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        if (focus !== input && !ids.includes(error.id)) {
          focus.setAttribute('aria-describedby', [...ids, error.id].join(' '));
          focus.dataset.listError = error.id;
        }
        targets.push(focus);
      } else {
        input.setAttribute('aria-invalid', 'true');
        targets.push(input);
      }
    }
    summary.replaceChildren(
      el('p', { class: 'form-error', i18n: targets.length ? 'tpl.problems' : 'tpl.problems.other' }),
      unmatched.length ? el('ul', {}, ...unmatched) : null);
    summary.hidden = false;
    targets.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    return targets[0] || summary;
  }

  /**
   * Where focus goes for a problem with a whole list: its first blank
   * item, else its first field, else its add button.
   * @param {Parameter} p
   * @param {HTMLElement} fieldset
   * @returns {HTMLElement}
   */
  function listFocus(p, fieldset) {
    const rows = values.lists[p.key] || [];
    const blank = rows.findIndex((row) => isBlankRow(row, p));
    const first = blank >= 0 ? document.getElementById(itemInputId(p.key, blank, 'name')) : null;
    return first || /** @type {HTMLElement|null} */ (fieldset.querySelector('input, textarea, button')) || fieldset;
  }

  // ---- preview ----

  function hidePreview() {
    previewSeq++;
    previewBox.hidden = true;
    previewError.hidden = true;
    previewList.replaceChildren();
  }

  previewButton.addEventListener('click', async () => {
    const tpl = current();
    if (!tpl) return;
    clearProblems();
    previewError.hidden = true;
    const built = buildParams(tpl, values);
    if (built.problems.length) {
      showProblems(built.problems, built.rows);
      return;
    }
    const seq = ++previewSeq;
    previewButton.setAttribute('disabled', '');
    try {
      const answer = await ctx.api.previewTemplate(tpl.key, langSelect.value, built.params);
      if (!alive || seq !== previewSeq) return;
      showPreview(answer);
    } catch (err) {
      if (!alive || seq !== previewSeq) return;
      previewBox.hidden = true;
      if (err.problems && err.problems.length) {
        showProblems(err.problems, built.rows);
      } else {
        setText(previewError, errorKey(err.code));
        previewError.hidden = false;
      }
    } finally {
      previewButton.removeAttribute('disabled');
    }
  });

  /**
   * Lists what the board will have: frames for everyone, then each group
   * with its frames.
   * @param {{title: string, frames: {id: string, title: string, group?: string}[], groups: {id: string, name: string}[]}} answer
   */
  function showPreview(answer) {
    const groups = groupPreview(answer);
    const frames = groups.reduce((n, g) => n + g.frames.length, 0);
    setText(previewHeading, 'tpl.preview.heading', { title: String(answer.title || '') });
    previewFrames = frames;
    previewNote.textContent = i18n.plural('tpl.preview.count', frames);
    previewList.replaceChildren(...groups.map((g) => el('li', { class: 'preview-group', data: g.id === null ? {} : { group: g.id } },
      g.name === null ? el('h4', { i18n: 'tpl.preview.everyone' }) : el('h4', { text: g.name }),
      el('ul', {}, ...g.frames.map((f) => el('li', { class: 'preview-frame', data: { frame: f.id }, text: f.title }))))));
    previewBox.hidden = false;
    previewHeading.focus();
  }

  /**
   * @param {Problem[]} problems
   * @param {Record<string, number[]>} rows
   */
  function showProblems(problems, rows) {
    clearProblems();
    shown = { problems, rows };
    const target = mark(problems, rows);
    if (target) target.focus();
  }

  // ---- language, loading ----

  let loaded = false;
  const offLang = i18n.onChange(() => {
    if (!loaded) return;
    renderChooser();
    renderParams();
    updateTitleHint();
    previewNote.textContent = i18n.plural('tpl.preview.count', previewFrames);
  });
  const onWorkshopLang = () => {
    hidePreview();
    updateTitleHint();
  };
  langSelect.addEventListener('change', onWorkshopLang);

  const load = () => ctx.api.listTemplates().then(
    (answer) => {
      if (!alive) return;
      templates = parseTemplates(answer).filter((x) => x.key !== 'blank');
      loadError = '';
      loaded = true;
      if (chosen && !current()) select('');
      renderChooser();
    },
    (err) => {
      if (!alive) return;
      // Without templates a blank board can still be made.
      templates = [];
      loadError = err.code || 'internal';
      loaded = true;
      if (chosen) select('');
      renderChooser();
    });
  load();

  /** @param {string} key */
  function selectTemplate(key) {
    if (key && !templates.some((x) => x.key === key)) return false;
    select(key);
    for (const r of options.querySelectorAll('input[type=radio]')) {
      /** @type {HTMLInputElement} */ (r).checked = /** @type {HTMLInputElement} */ (r).value === key;
    }
    return true;
  }

  return {
    chooser,
    summary,
    section,
    selected: current,
    build() {
      const tpl = current();
      return tpl ? buildParams(tpl, values) : null;
    },
    showProblems,
    clearProblems,
    reset() {
      values = { text: {}, lists: {} };
      selectTemplate('');
    },
    selectTemplate,
    applyValues(params) {
      const tpl = current();
      if (!tpl) return false;
      values = valuesFromParams(tpl, params, values);
      shown = null;
      summary.hidden = true;
      hidePreview();
      renderParams();
      return true;
    },
    templates: () => templates.slice(),
    reload: () => load(),
    dispose() {
      alive = false;
      offLang();
      langSelect.removeEventListener('change', onWorkshopLang);
    },
  };
}
