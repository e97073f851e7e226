export interface PerKeyQueue {
  /** Runs `task` after every task queued before it under the same key; other keys run alongside. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createPerKeyQueue(): PerKeyQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget an idle key, so the map holds only users with messages in flight.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
