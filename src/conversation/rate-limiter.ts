const WINDOW_MS = 60_000;

/** `notify` once when a user first goes over the limit, then `silence` until the window frees up. */
export type RateDecision = 'allow' | 'notify' | 'silence';

export interface RateLimiter {
  check(key: string): RateDecision;
}

interface Window {
  /** Times of the messages let through in the last minute, oldest first. */
  allowed: number[];
  notified: boolean;
}

/** A sliding window per key, in memory: each instance limits the users it serves. */
export function createRateLimiter(limitPerMinute: number, now: () => number): RateLimiter {
  const windows = new Map<string, Window>();
  let lastSweep = now();

  // Without this, every user ever seen would keep an entry for the life of the process.
  function sweep(time: number) {
    if (time - lastSweep < WINDOW_MS) return;
    lastSweep = time;
    for (const [key, window] of windows) {
      if ((window.allowed.at(-1) ?? -Infinity) <= time - WINDOW_MS) windows.delete(key);
    }
  }

  return {
    check(key) {
      const time = now();
      sweep(time);
      const window = windows.get(key) ?? { allowed: [], notified: false };
      windows.set(key, window);
      while (window.allowed.length > 0 && window.allowed[0]! <= time - WINDOW_MS) window.allowed.shift();
      if (window.allowed.length < limitPerMinute) {
        window.allowed.push(time);
        window.notified = false;
        return 'allow';
      }
      if (window.notified) return 'silence';
      window.notified = true;
      return 'notify';
    },
  };
}
