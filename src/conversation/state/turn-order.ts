import { createPerKeyQueue } from '../per-key-queue.ts';

/** A place in one user's line, taken when a message arrives. */
export interface Turn {
  /** Runs `task` once every message that arrived before this one is done. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Gives the place up without waiting (a message turned away by the rate limit). */
  skip(): void;
}

/**
 * One user's messages one at a time, in the order they arrived: two in flight would both read the
 * old state and one write would be lost. A place is taken synchronously, before anything is
 * awaited, so arrival order is the order of `enter` calls.
 */
export interface TurnOrder {
  enter(userKey: string): Turn;
}

/** Within this process: enough when one process serves every user of its store (SQLite). */
export function createLocalTurnOrder(): TurnOrder {
  const queue = createPerKeyQueue();
  return {
    enter(userKey) {
      let decide!: (task: (() => Promise<unknown>) | undefined) => void;
      const decided = new Promise<(() => Promise<unknown>) | undefined>((resolve) => (decide = resolve));
      const result = queue.run(userKey, async () => (await decided)?.());
      return {
        run<T>(task: () => Promise<T>) {
          decide(task);
          return result as Promise<T>;
        },
        skip() {
          decide(undefined);
          // Nothing awaits a skipped place's result.
          result.catch(() => undefined);
        },
      };
    },
  };
}
