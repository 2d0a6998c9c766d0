// Which page a path shows. The server sends index.html for all of them.

/**
 * @typedef {(
 *   {view: 'start'} |
 *   {view: 'join', code: string} |
 *   {view: 'board', id: string} |
 *   {view: 'statement'} |
 *   {view: 'notfound'}
 * )} Route
 */

/**
 * @param {string} pathname location.pathname
 * @returns {Route}
 */
export function route(pathname) {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { view: 'start' };
  if (path === '/join') return { view: 'join', code: '' };
  if (path === '/tilgjengelighet') return { view: 'statement' };
  let m = /^\/j\/([^/]+)$/.exec(path);
  if (m) return { view: 'join', code: safeDecode(m[1]) };
  m = /^\/w\/([^/]+)$/.exec(path);
  if (m) return { view: 'board', id: safeDecode(m[1]) };
  return { view: 'notfound' };
}

/** @param {string} s */
function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Reads the facilitator key from a location hash like "#key=abc". The key
 * travels in the fragment so that it never reaches a server log.
 * @param {string} hash location.hash
 * @returns {string}
 */
export function keyFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('key') || '';
}

/**
 * The path of a board page.
 * @param {string} workshopId
 * @returns {string}
 */
export function boardPath(workshopId) {
  return `/w/${encodeURIComponent(workshopId)}`;
}
