// The organiser's processes and template files, without the DOM: the
// workshops grouped by process in their order, the template a new workshop
// in a process most likely uses, where a prefilled value came from, and
// the checks and messages of a template file to import.

/** @typedef {import('./protocol.js').Workshop} Workshop */
/** @typedef {import('./api.js').Process} Process */
/** @typedef {import('./template-params.js').Template} Template */

/** The largest template file the server takes (1 MiB). */
export const MAX_TEMPLATE_BYTES = 1 << 20;

/** The most workshops one process holds (the server's limit). */
export const MAX_PROCESS_WORKSHOPS = 20;

/**
 * The workshops of each process, in the process's order, and the ones in
 * no process (or in a process not listed), in the order given.
 * @param {readonly Workshop[]} workshops
 * @param {readonly Process[]} processes
 * @returns {{groups: {process: Process, workshops: Workshop[]}[], outside: Workshop[]}}
 */
export function groupByProcess(workshops, processes) {
  const groups = processes.map((process) => ({ process, workshops: /** @type {Workshop[]} */ ([]) }));
  const byId = new Map(groups.map((g) => [g.process.id, g]));
  /** @type {Workshop[]} */
  const outside = [];
  for (const w of workshops) {
    const g = w.process ? byId.get(w.process) : undefined;
    if (g) g.workshops.push(w);
    else outside.push(w);
  }
  for (const g of groups) {
    g.workshops.sort((a, b) => (a.processPos || 0) - (b.processPos || 0) || String(a.createdAt).localeCompare(String(b.createdAt)));
  }
  return { groups, outside };
}

/**
 * The template a new workshop in a process most likely uses: the one whose
 * place in the method (processStep) comes after as many workshops as the
 * process has, else none ('').
 * @param {readonly Template[]} templates
 * @param {number} held workshops the process has now
 * @returns {string}
 */
export function nextTemplate(templates, held) {
  const t = templates.find((x) => x.processStep === held + 1);
  return t ? t.key : '';
}

/**
 * The translation key and parameters that say where a prefilled parameter
 * came from, or null for a source the client does not know.
 * @param {{from: string, title?: string}} source
 * @returns {{key: string, params: Record<string, string>}|null}
 */
export function sourceMessage(source) {
  const title = source.title || '';
  switch (source.from) {
    case 'board': return { key: 'prefill.from.board', params: { title } };
    case 'goals': return { key: 'prefill.from.goals', params: { title } };
    case 'followers': return { key: 'prefill.from.followers', params: { title } };
    case 'process': return { key: 'prefill.from.process', params: {} };
    default: return null;
  }
}

/**
 * Checks a chosen template file before it is read and sent.
 * @param {{name: string, size: number} | null | undefined} file
 * @returns {string|null} a translation key, or null if it may be sent
 */
export function checkTemplateFile(file) {
  if (!file) return 'lib.import.missing';
  if (file.size === 0) return 'lib.import.empty';
  if (file.size > MAX_TEMPLATE_BYTES) return 'lib.import.tooLarge';
  return null;
}

/**
 * What a refused import or save means, as a translation key: the key is
 * taken (409), the file does not validate (400: the problems say where),
 * it is too big (413); anything else is the error code's general text.
 * @param {string} code the protocol error code (ApiError.code)
 * @param {number} [status]
 * @returns {string}
 */
export function templateErrorKey(code, status = 0) {
  if (code === 'limit_reached') return 'lib.error.full';
  if (code === 'conflict' || status === 409) return 'lib.error.exists';
  if (code === 'too_large' || status === 413) return 'lib.import.tooLarge';
  if (code === 'invalid' || code === 'bad_json' || status === 400) return 'lib.error.invalid';
  if (code === 'unauthorized') return 'error.unauthorized';
  if (code === 'network') return 'error.network';
  return 'lib.error.failed';
}

/**
 * The problems of a refused template file as lines to list, each naming
 * the field: "exercises[0].title.nn: empty". At most max lines; the rest
 * counted in the last.
 * @param {readonly {field: string, message: string}[]} problems
 * @param {number} [max]
 * @returns {string[]}
 */
export function problemLines(problems, max = 10) {
  const lines = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), `… (+${lines.length - max + 1})`];
}

/**
 * The address of a template's file (GET /api/templates/{key}/file).
 * @param {string} key
 * @returns {string}
 */
export function templateFileUrl(key) {
  return `/api/templates/${encodeURIComponent(key)}/file`;
}
