// The outbox: every op this person made that the server has not yet
// acknowledged, kept in IndexedDB so that nothing typed is lost to a
// dropped connection, a reload or a closed tab. On the next load of the
// board the ops are put back as pending (state.js) and the connection
// resends them after its welcome with their original op IDs; the server
// applies an op ID once, so an op that did arrive before the reload is not
// applied twice.
//
// Drafts (text being typed and not yet sent) are kept too, in
// localStorage, per board.
//
// No DOM: the IndexedDB factory and the storage are passed in, and a store
// in memory stands in where IndexedDB is missing (and in tests).

/** @typedef {import('./protocol.js').Op} Op */

/** @typedef {{id: string, op: Op, at: number}} OutboxEntry */

/**
 * What the outbox needs of a store: records keyed by a string.
 * @typedef {object} OutboxStore
 * @property {(key: string, value: any) => Promise<void>} put
 * @property {(key: string) => Promise<void>} delete
 * @property {(prefix: string) => Promise<any[]>} list values whose key starts with prefix, in key order
 */

const DB_NAME = 'samskap';
const DB_VERSION = 1;
const STORE = 'outbox';

/**
 * A store in memory: for browsers without IndexedDB (some private modes),
 * where the outbox then lasts as long as the page, and for tests.
 * @returns {OutboxStore & {data: Map<string, any>}}
 */
export function memoryStore() {
  /** @type {Map<string, any>} */
  const data = new Map();
  return {
    data,
    put: async (key, value) => { data.set(key, structuredClone(value)); },
    delete: async (key) => { data.delete(key); },
    list: async (prefix) => [...data.keys()].filter((k) => k.startsWith(prefix)).sort().map((k) => structuredClone(data.get(k))),
  };
}

/**
 * Opens the outbox's IndexedDB store, or resolves null if IndexedDB is
 * missing or refuses (the caller falls back to memoryStore).
 * @param {IDBFactory|undefined} idb
 * @returns {Promise<OutboxStore|null>}
 */
export function openIdbStore(idb) {
  if (!idb) return Promise.resolve(null);
  return new Promise((resolve) => {
    let req;
    try {
      req = idb.open(DB_NAME, DB_VERSION);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      /**
       * @param {IDBTransactionMode} mode
       * @param {(s: IDBObjectStore) => IDBRequest} fn
       * @returns {Promise<any>}
       */
      const run = (mode, fn) => new Promise((ok, fail) => {
        const tx = db.transaction(STORE, mode);
        const r = fn(tx.objectStore(STORE));
        // Done when the transaction is, so a write is on disk before the
        // next one starts.
        tx.oncomplete = () => ok(r.result);
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
      resolve({
        put: (key, value) => run('readwrite', (s) => s.put(value, key)),
        delete: (key) => run('readwrite', (s) => s.delete(key)),
        list: (prefix) => run('readonly', (s) => s.getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`))),
      });
    };
  });
}

/**
 * The unacknowledged ops of one board on this device.
 */
export class Outbox {
  /**
   * @param {OutboxStore} store
   * @param {string} workshopId
   */
  constructor(store, workshopId) {
    this.store = store;
    this.prefix = `${workshopId}/`;
    /** @type {Promise<void>} writes run one after another, in order */
    this.queue = Promise.resolve();
    /** @type {Set<string>} op IDs kept and not yet done */
    this.ids = new Set();
    /** @type {Map<string, string>} op ID -> its key in the store */
    this.keys = new Map();
    /** The number of writes that failed (a full disk), for telling the person. */
    this.failures = 0;
    this.seq = 0;
  }

  /**
   * Keys sort as the ops were made: the time, then a counter for ops made
   * in the same millisecond.
   * @param {string} id
   * @param {number} at
   */
  key(id, at) {
    return `${this.prefix}${String(at).padStart(15, '0')}.${String(this.seq++).padStart(6, '0')}.${id}`;
  }

  /**
   * @param {() => Promise<void>} fn
   * @returns {Promise<void>}
   */
  enqueue(fn) {
    this.queue = this.queue.then(fn).catch(() => { this.failures++; });
    return this.queue;
  }

  /**
   * Keeps an op until it is acknowledged or refused.
   * @param {string} id
   * @param {Op} op
   * @param {number} at when it was made, unix ms
   * @returns {Promise<void>} when it is stored
   */
  add(id, op, at) {
    if (this.ids.has(id)) return this.queue;
    this.ids.add(id);
    const key = this.key(id, at);
    this.keys.set(id, key);
    return this.enqueue(() => this.store.put(key, { key, id, op, at }));
  }

  /**
   * Forgets an op: the server acknowledged it (it is durable there) or
   * refused it for good.
   * @param {string} id
   * @returns {Promise<void>}
   */
  done(id) {
    const key = this.keys.get(id);
    this.ids.delete(id);
    this.keys.delete(id);
    if (!key) return this.queue;
    return this.enqueue(() => this.store.delete(key));
  }

  /**
   * The ops kept from earlier (a reload), oldest first; they count as kept
   * from now on, so done() forgets them.
   * @returns {Promise<OutboxEntry[]>}
   */
  async load() {
    await this.queue;
    const rows = await this.store.list(this.prefix);
    /** @type {OutboxEntry[]} */
    const out = [];
    for (const r of rows) {
      if (!r || typeof r.key !== 'string' || typeof r.id !== 'string' || !r.op || typeof r.op.kind !== 'string') continue;
      if (this.ids.has(r.id)) continue;
      this.ids.add(r.id);
      this.keys.set(r.id, r.key);
      out.push({ id: r.id, op: r.op, at: typeof r.at === 'number' ? r.at : 0 });
    }
    return out;
  }

  /** @returns {number} ops kept and not yet done */
  get size() {
    return this.ids.size;
  }
}

/** Where a board's draft is kept. */
export const draftKey = (/** @type {string} */ workshopId) => `samskap.draft.${workshopId}`;

/** @typedef {{text: string, frame: string, editing: string}} Draft */

/**
 * The draft kept for a board, or null.
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @returns {Draft|null}
 */
export function loadDraft(storage, workshopId) {
  try {
    const raw = storage ? storage.getItem(draftKey(workshopId)) : null;
    if (!raw) return null;
    const d = JSON.parse(raw);
    if (!d || typeof d.text !== 'string' || !d.text) return null;
    return { text: d.text, frame: typeof d.frame === 'string' ? d.frame : '', editing: typeof d.editing === 'string' ? d.editing : '' };
  } catch {
    return null;
  }
}

/**
 * Keeps the text being typed; an empty text forgets the draft.
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @param {Draft} draft
 */
export function saveDraft(storage, workshopId, draft) {
  try {
    if (!storage) return;
    if (!draft.text) storage.removeItem(draftKey(workshopId));
    else storage.setItem(draftKey(workshopId), JSON.stringify(draft));
  } catch {
    // a full storage: the draft lasts as long as the page
  }
}

/** Where the text being typed in a note on the board (board-view.js's editor) is kept, per board. */
export const noteDraftKey = (/** @type {string} */ workshopId) => `samskap.draft.${workshopId}.note`;

/** @typedef {{note: string, text: string}} NoteDraft */

/**
 * The text kept for a note's editor on the board, or null.
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @returns {NoteDraft|null}
 */
export function loadNoteDraft(storage, workshopId) {
  try {
    const raw = storage ? storage.getItem(noteDraftKey(workshopId)) : null;
    if (!raw) return null;
    const d = JSON.parse(raw);
    if (!d || typeof d.note !== 'string' || !d.note || typeof d.text !== 'string') return null;
    return { note: d.note, text: d.text };
  } catch {
    return null;
  }
}

/**
 * Keeps the text being typed in a note's editor; null forgets it (sent or
 * given up).
 * @param {Storage|null} storage
 * @param {string} workshopId
 * @param {NoteDraft|null} draft
 */
export function saveNoteDraft(storage, workshopId, draft) {
  try {
    if (!storage) return;
    if (!draft) storage.removeItem(noteDraftKey(workshopId));
    else storage.setItem(noteDraftKey(workshopId), JSON.stringify(draft));
  } catch {
    // a full storage: the draft lasts as long as the page
  }
}
