// Shared builders for the client tests.

/** A participant. */
export function person(id, role = 'participant', name = id) {
  return { id, name, role, joinedAt: 1 };
}

/** A committed note as a snapshot carries it. */
export function note(id, fields = {}) {
  return { id, text: '', color: 'yellow', x: 0, y: 0, w: 180, h: 140, author: 'kari', createdAt: 1, updatedAt: 1, z: 1, ...fields };
}

/** A workshop as welcome carries it. */
export function workshop(fields = {}) {
  return { id: 'w1', title: 'Verksted', lang: 'nb', createdAt: '2026-01-01T00:00:00Z', epoch: 'e1', joinCode: 'ABCDEF', ...fields };
}

/** An event with op, by actor, at seq. */
export function event(seq, actor, op, opId = `op-${seq}`) {
  return { seq, opId, actor, at: 1000 + seq, op };
}

/**
 * A fake clock: timers run when the test advances time.
 */
export function fakeClock(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  /** @type {Map<number, {at: number, fn: () => void}>} */
  const timers = new Map();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    /** Moves time forward, running due timers in order. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next = null;
        for (const [id, t] of timers) if (t.at <= end && (next === null || t.at < next[1].at)) next = [id, t];
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}
