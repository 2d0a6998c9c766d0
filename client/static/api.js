// The HTTP API of docs/PROTOCOL.md. Every failure becomes an ApiError with a
// protocol error code (or "network" when the server could not be reached),
// which the pages translate; the server's message is for logs only.

import { apiErrorCode } from './protocol.js';

/** @typedef {import('./protocol.js').Workshop} Workshop */
/** @typedef {import('./protocol.js').Participant} Participant */
/** @typedef {{workshopId: string, token: string, participant: Participant}} SessionAnswer */
/** @typedef {{id: string, title: string, municipality: string, createdAt: string}} Process */
/**
 * What a new workshop in a process starts from (GET /api/processes/{id}/prefill).
 * @typedef {{process: Process, template: string, params: Record<string, unknown>,
 *   sources: {param: string, workshop?: string, title?: string, from: string}[],
 *   goals: {workshop: string, title: string, area: string, recorded: boolean, items: {key?: string, name: string}[]}|null}} Prefill
 */
/**
 * A citizen panel signup (workshops.PanelSignup).
 * @typedef {{workshopId: string, participantId: string, name: string, email?: string, phone?: string,
 *   consentVersion: string, consentLang: string, consentedAt: string}} PanelSignup
 */

/** A failed API call. */
export class ApiError extends Error {
  /**
   * @param {string} code protocol error code, or "network"
   * @param {number} status HTTP status, 0 without an answer
   * @param {string} [message] the server's message (English, for logs)
   * @param {{field: string, message: string}[]} [problems] what is wrong with
   *   which field, when the server says (template parameters)
   */
  constructor(code, status, message = '', problems = []) {
    super(message || code);
    this.code = code;
    this.status = status;
    this.problems = problems;
  }
}

/**
 * Makes an API client over fetchImpl (the browser's fetch, or a fake in
 * tests). Requests are same-origin, so the organiser cookie goes along.
 * @param {typeof fetch} [fetchImpl]
 */
export function createApi(fetchImpl = (...a) => globalThis.fetch(...a)) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body] sent as JSON
   * @param {string} [raw] sent as it is, as JSON (an archive), instead of body
   * @param {string} [token] a session token, sent as a bearer credential
   * @returns {Promise<any>}
   */
  async function request(method, path, body, raw, token) {
    const res = await send(method, path, raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body), 'application/json', token);
    let data = null;
    try {
      data = await res.json();
    } catch {
      // not JSON: a proxy's error page, or an empty body
    }
    if (!res.ok) {
      throw new ApiError(apiErrorCode(data, res.status), res.status, data && data.error && data.error.message, problemsOf(data));
    }
    return data;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {string|undefined} body
   * @param {string} accept
   * @param {string} [token] a session token, sent as a bearer credential
   * @returns {Promise<Response>}
   */
  async function send(method, path, body, accept, token) {
    /** @type {Record<string, string>} */
    const headers = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await fetchImpl(path, { method, headers, body, credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError('network', 0, String(err));
    }
  }

  /**
   * GETs a download as text (an export shown in the page).
   * @param {string} path
   * @returns {Promise<string>}
   */
  async function text(path) {
    const res = await send('GET', path, undefined, '*/*');
    if (!res.ok) {
      let data = null;
      try {
        data = await res.json();
      } catch {
        // not JSON
      }
      throw new ApiError(apiErrorCode(data, res.status), res.status, data && data.error && data.error.message);
    }
    try {
      return await res.text();
    } catch (err) {
      throw new ApiError('network', 0, String(err));
    }
  }

  /**
   * GETs a download with a session token, as a Blob.
   * @param {string} path
   * @param {string} token
   * @returns {Promise<Blob>}
   */
  async function blob(path, token) {
    const res = await send('GET', path, undefined, '*/*', token);
    if (!res.ok) {
      let data = null;
      try {
        data = await res.json();
      } catch {
        // not JSON
      }
      throw new ApiError(apiErrorCode(data, res.status), res.status, data && data.error && data.error.message);
    }
    try {
      return await res.blob();
    } catch (err) {
      throw new ApiError('network', 0, String(err));
    }
  }

  return {
    /** @returns {Promise<{organiser: boolean}>} */
    me: () => request('GET', '/api/me'),
    /** Signs every organiser out, on every device. @returns {Promise<null>} */
    signOutEverywhere: () => request('POST', '/api/signout-everywhere'),
    /**
     * The calls of one person on one board, made with their session token:
     * a facilitator's retention, revocation and erasure controls and the
     * citizen panel list; a participant's own signup, and leaving.
     * @param {string} workshopId
     * @param {string} token
     */
    forBoard: (workshopId, token) => {
      const base = `/api/workshops/${encodeURIComponent(workshopId)}`;
      const call = (/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) =>
        request(method, base + path, body, undefined, token);
      return {
        /** @param {string} iso RFC 3339 @returns {Promise<{workshop: Workshop}>} */
        setDeleteAfter: (iso) => call('PUT', '/delete-after', { deleteAfter: iso }),
        /** @returns {Promise<{workshop: Workshop, joinUrl: string}>} */
        newJoinCode: () => call('POST', '/join-code'),
        /** @returns {Promise<{workshop: Workshop}>} */
        end: () => call('POST', '/end'),
        /** @param {string} person @returns {Promise<null>} */
        erase: (person) => call('POST', `/people/${encodeURIComponent(person)}/erase`),
        /** @returns {Promise<null>} */
        leave: () => call('POST', '/leave'),
        /** @returns {Promise<{signup: PanelSignup|null}>} */
        mySignup: () => call('GET', '/panel/me'),
        /**
         * @param {{name: string, email: string, phone: string, consent: boolean, consentVersion: string, lang: string}} details
         * @returns {Promise<{signup: PanelSignup}>}
         */
        signUp: (details) => call('PUT', '/panel/me', details),
        /** @returns {Promise<null>} */
        withdraw: () => call('DELETE', '/panel/me'),
        /** @returns {Promise<{signups: PanelSignup[]}>} */
        panel: () => call('GET', '/panel'),
        /** @returns {Promise<Blob>} */
        panelCsv: () => blob(`${base}/panel/csv`, token),
        /** @param {string} person @returns {Promise<{deleted: number}>} */
        deleteSignup: (person) => call('DELETE', `/panel/people/${encodeURIComponent(person)}`),
        /** @returns {Promise<{deleted: number}>} */
        deleteAllSignups: () => call('DELETE', '/panel'),
        /**
         * Saves the board as it is now as a new template (facilitators).
         * @param {{name: string, key?: string, description?: string}} info
         * @returns {Promise<{template: {key: string}}>}
         */
        saveAsTemplate: (info) => call('POST', '/template', info),
      };
    },
    /**
     * Creates a workshop, blank or from a template with its parameters
     * (title may then be empty: the template's name is used), outside any
     * process or last in one.
     * @param {string} title
     * @param {string} lang
     * @param {string} [template]
     * @param {Record<string, unknown>} [params]
     * @param {string} [process] the process it joins
     * @returns {Promise<{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}>}
     */
    createWorkshop: (title, lang, template, params, process) =>
      request('POST', '/api/workshops', {
        ...(template ? { title, lang, template, params: params || {} } : { title, lang }),
        ...(process ? { process } : {}),
      }),
    /** @returns {Promise<{processes: Process[]}>} */
    listProcesses: () => request('GET', '/api/processes'),
    /**
     * @param {string} municipality
     * @param {string} [title] empty: the municipality's name
     * @returns {Promise<{process: Process}>}
     */
    createProcess: (municipality, title = '') => request('POST', '/api/processes', { municipality, title }),
    /** @param {string} id @returns {Promise<null>} the workshops stay */
    deleteProcess: (id) => request('DELETE', `/api/processes/${encodeURIComponent(id)}`),
    /**
     * Puts a workshop last in a process, or ('') takes it out.
     * @param {string} workshopId
     * @param {string} processId
     * @returns {Promise<{workshop: Workshop}>}
     */
    moveToProcess: (workshopId, processId) =>
      request('PUT', `/api/workshops/${encodeURIComponent(workshopId)}/process`, { process: processId }),
    /**
     * The parameters a new workshop in the process starts from.
     * @param {string} processId
     * @param {string} template
     * @param {string} lang
     * @returns {Promise<Prefill>}
     */
    prefill: (processId, template, lang) =>
      request('GET', `/api/processes/${encodeURIComponent(processId)}/prefill?template=${encodeURIComponent(template)}&lang=${encodeURIComponent(lang)}`),
    /**
     * Imports a template file, checked like the presets.
     * @param {string} fileName named in the problems
     * @param {string} text the file's text
     * @returns {Promise<{template: {key: string}}>}
     */
    importTemplate: (fileName, text) => request('POST', `/api/templates?file=${encodeURIComponent(fileName)}`, undefined, text),
    /** @param {string} key a saved or imported template @returns {Promise<null>} */
    deleteTemplate: (key) => request('DELETE', `/api/templates/${encodeURIComponent(key)}`),
    /** @returns {Promise<{templates: unknown[]}>} */
    listTemplates: () => request('GET', '/api/templates'),
    /**
     * What a template would put on the board.
     * @param {string} key
     * @param {string} lang
     * @param {Record<string, unknown>} params
     * @returns {Promise<{title: string, frames: {id: string, title: string, group?: string}[], groups: {id: string, name: string}[]}>}
     */
    previewTemplate: (key, lang, params) =>
      request('POST', `/api/templates/${encodeURIComponent(key)}/preview`, { lang, params }),
    /** @returns {Promise<{workshops: Workshop[]}>} */
    listWorkshops: () => request('GET', '/api/workshops'),
    /**
     * Restores a workshop from its archive, sent as the file holds it.
     * @param {string} archive the JSON text of an exported archive
     * @returns {Promise<{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}>}
     */
    importWorkshop: (archive) => request('POST', '/api/workshops/import', undefined, archive),
    /**
     * Deletes a workshop and all its data (the organiser's action).
     * @param {string} workshopId
     * @returns {Promise<null>}
     */
    deleteWorkshop: (workshopId) => request('DELETE', `/api/workshops/${encodeURIComponent(workshopId)}`),
    /**
     * A new facilitator link; the old one stops working (the organiser's).
     * @param {string} workshopId
     * @returns {Promise<{facilitatorKey: string, facilitatorUrl: string}>}
     */
    newFacilitatorLink: (workshopId) => request('POST', `/api/workshops/${encodeURIComponent(workshopId)}/facilitator-link`, {}),
    /**
     * A download as text, e.g. a draft in Markdown (an address from process.js).
     * @param {string} path
     * @returns {Promise<string>}
     */
    fetchText: (path) => text(path),
    /**
     * @param {string} code
     * @param {string} name
     * @returns {Promise<SessionAnswer>}
     */
    join: (code, name, category = '') => request('POST', '/api/join', category ? { code, name, category } : { code, name }),
    /**
     * What the join page may show before joining: the title and when and
     * where the workshop is planned.
     * @param {string} code
     * @returns {Promise<{title: string, lang: string, schedule?: import('./protocol.js').Schedule}>}
     */
    joinInfo: (code) => request('GET', `/api/join/${encodeURIComponent(code)}`),
    /**
     * Sets when and where a workshop is planned (empty fields clear).
     * @param {string} workshopId
     * @param {import('./protocol.js').Schedule} schedule
     * @returns {Promise<{workshop: Workshop}>}
     */
    setSchedule: (workshopId, schedule) => request('PUT', `/api/workshops/${encodeURIComponent(workshopId)}/schedule`, schedule),
    /**
     * Puts a process's workshops in a new order (every one of them once).
     * @param {string} processId
     * @param {string[]} ids
     * @returns {Promise<{workshops: Workshop[]}>}
     */
    reorderProcess: (processId, ids) => request('PUT', `/api/processes/${encodeURIComponent(processId)}/order`, { workshops: ids }),
    /**
     * @param {string} workshopId
     * @param {string} key
     * @param {string} name
     * @returns {Promise<SessionAnswer>}
     */
    facilitate: (workshopId, key, name) =>
      request('POST', `/api/workshops/${encodeURIComponent(workshopId)}/facilitate`, { key, name }),
  };
}

/**
 * The problems list of an error body, with only well-formed entries.
 * @param {any} data
 * @returns {{field: string, message: string}[]}
 */
function problemsOf(data) {
  if (!data || !Array.isArray(data.problems)) return [];
  return data.problems
    .filter((/** @type {any} */ p) => p && typeof p === 'object' && typeof p.message === 'string')
    .map((/** @type {any} */ p) => ({ field: typeof p.field === 'string' ? p.field : '', message: p.message }));
}

/** @typedef {ReturnType<typeof createApi>} Api */
