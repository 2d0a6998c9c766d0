// Session tokens in localStorage, one per workshop, under the key the
// protocol names, so a reload or a reconnect keeps the same identity.
// Browsers that refuse localStorage (some private modes) still work for as
// long as the page lives: tokens are kept in memory too, and the app moves
// between its pages without reloading.

const PREFIX = 'samskap.session.';

/** @type {Map<string, string>} */
const memory = new Map();

/**
 * The storage key of a workshop's session token.
 * @param {string} workshopId
 * @returns {string}
 */
export function sessionKey(workshopId) {
  return PREFIX + workshopId;
}

/**
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @returns {string} the token, or '' if there is none
 */
export function loadToken(storage, workshopId) {
  try {
    const stored = storage && storage.getItem(sessionKey(workshopId));
    if (stored) return stored;
  } catch {
    // storage blocked: fall through to memory
  }
  return memory.get(workshopId) || '';
}

/**
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @param {string} token
 * @returns {boolean} whether it was stored durably
 */
export function saveToken(storage, workshopId, token) {
  memory.set(workshopId, token);
  try {
    if (!storage) return false;
    storage.setItem(sessionKey(workshopId), token);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {Storage|null} storage
 * @param {string} workshopId
 */
export function forgetToken(storage, workshopId) {
  memory.delete(workshopId);
  try {
    if (storage) storage.removeItem(sessionKey(workshopId));
  } catch {
    // nothing stored, nothing to forget
  }
}

/**
 * The browser's localStorage, or null where it is blocked.
 * @returns {Storage|null}
 */
export function browserStorage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}
