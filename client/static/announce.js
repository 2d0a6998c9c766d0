// Telling screen reader users what others did, without drowning them: a
// polite live region gets at most one message per interval. The first
// change after a quiet spell is read as it is ("Kari added a note"); the
// changes that come while we wait are read as one summary ("5 changes by
// others").

/**
 * @param {(text: string) => void} write puts text into the live region
 * @param {(count: number) => string} summary the text for several changes
 * @param {{interval?: number, clock?: {now: () => number, setTimeout: (f: () => void, ms: number) => any}}} [opts]
 * @returns {(text: string) => void} call for each change
 */
export function createAnnouncer(write, summary, opts = {}) {
  const interval = opts.interval ?? 4000;
  const clock = opts.clock || { now: () => Date.now(), setTimeout: (f, ms) => setTimeout(f, ms) };
  let last = -Infinity;
  /** @type {string[]} */
  let queued = [];
  let timer = null;
  const flush = () => {
    timer = null;
    if (queued.length === 0) return;
    write(queued.length === 1 ? queued[0] : summary(queued.length));
    queued = [];
    last = clock.now();
  };
  return (text) => {
    queued.push(text);
    if (timer !== null) return;
    const wait = last + interval - clock.now();
    if (wait <= 0) flush();
    else timer = clock.setTimeout(flush, wait);
  };
}
