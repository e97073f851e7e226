/**
 * The messages being handled right now, so a graceful stop can wait for them: a channel that stops
 * taking updates (grammY's runner, a long poll, a webhook server) does not wait on its own for the
 * handlers it has already started.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(task: Promise<T>): Promise<T> {
    this.pending.add(task);
    const settle = () => this.pending.delete(task);
    task.then(settle, settle);
    return task;
  }

  /** Resolves once every tracked task has settled, including any started while waiting. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
