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
   */
  constructor(code, status, message = '') {
    super(message || code);
    this.code = code;
    this.status = status;
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
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async function request(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetchImpl(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiError('network', 0, String(err));
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      // not JSON: a proxy's error page, or an empty body
    }
    if (!res.ok) {
      throw new ApiError(apiErrorCode(data, res.status), res.status, data && data.error && data.error.message);
    }
    return data;
  }

  return {
    /** @returns {Promise<{organiser: boolean}>} */
    me: () => request('GET', '/api/me'),
    /**
     * @param {string} title
     * @param {string} lang
     * @returns {Promise<{workshop: Workshop, facilitatorKey: string, facilitatorUrl: string, joinUrl: string}>}
     */
    createWorkshop: (title, lang) => request('POST', '/api/workshops', { title, lang }),
    /** @returns {Promise<{workshops: Workshop[]}>} */
    listWorkshops: () => request('GET', '/api/workshops'),
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

/** @typedef {ReturnType<typeof createApi>} Api */
