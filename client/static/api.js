// The HTTP API of docs/PROTOCOL.md. Every failure becomes an ApiError with a
// protocol error code (or "network" when the server could not be reached),
// which the pages translate; the server's message is for logs only.

import { apiErrorCode } from './protocol.js';

/** @typedef {import('./protocol.js').Workshop} Workshop */
/** @typedef {import('./protocol.js').Participant} Participant */
/** @typedef {{workshopId: string, token: string, participant: Participant}} SessionAnswer */

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
   * @returns {Promise<any>}
   */
  async function request(method, path, body, raw) {
    const res = await send(method, path, raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body), 'application/json');
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
   * @returns {Promise<Response>}
   */
  async function send(method, path, body, accept) {
    /** @type {Record<string, string>} */
    const headers = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
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

  return {
    /** @returns {Promise<{organiser: boolean}>} */
    me: () => request('GET', '/api/me'),
    /**
     * Creates a workshop, blank or from a template with its parameters
     * (title may then be empty: the template's name is used).
     * @param {string} title
     * @param {string} lang
     * @param {string} [template]
     * @param {Record<string, unknown>} [params]
     * @returns {Promise<{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}>}
     */
    createWorkshop: (title, lang, template, params) =>
      request('POST', '/api/workshops', template ? { title, lang, template, params: params || {} } : { title, lang }),
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
    join: (code, name) => request('POST', '/api/join', { code, name }),
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
