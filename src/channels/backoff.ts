/** How long to wait before trying again, after failures in a row: doubling from a first delay up to a cap. */
export interface Backoff {
  /** The wait after the first failure; it doubles with each further failure in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Up to this share of each wait is taken off at random, so restarted bots do not retry in step. */
  jitter: number;
}

/** The wait before the next attempt after `failures` failures in a row (1 or more). */
export function backoffDelay(failures: number, policy: Backoff, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(capped * (1 - policy.jitter * random()));
}

/** Resolves after `ms`, or at once when `signal` aborts (a stopping channel must not wait out its backoff). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
