import type { Logger } from '../logger.ts';
import { backoffDelay, pause, type Backoff } from './backoff.ts';

/** A channel that is serving. */
export interface RunningChannel {
  /** Stops taking messages and finishes (sends) the ones already taken. */
  stop(): Promise<void>;
  /** Settles if the channel ends on its own while serving (its platform refused it for good). */
  ended?: Promise<unknown>;
}

/** How a channel connects to its platform. */
export interface ChannelStarter {
  /** As log lines name it: "Telegram", "Zalo", "Zalo Bot Platform". */
  name: string;
  /**
   * Connects and starts serving. Rejects with a PermanentChannelError when trying again cannot help
   * (a refused token, unusable credentials); any other rejection is retried with backoff. Should stop
   * trying when `signal` aborts.
   */
  start(signal: AbortSignal): Promise<RunningChannel>;
}

/** A refusal that waiting will not cure: the channel is given up on, with this message as the reason. */
export class PermanentChannelError extends Error {}

export interface SupervisedChannel {
  /** Resolves once the channel serves; never rejects (a channel given up on stays pending forever). */
  readonly serving: Promise<void>;
  /** Resolves when the channel is out for good: given up at start, or ended while serving. */
  readonly out: Promise<void>;
  /** Stops trying to connect, or stops the running channel and waits for it to finish. */
  stop(): Promise<void>;
}

export const defaultStartBackoff: Backoff & { warnAfterFailures: number } = {
  initialDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
  warnAfterFailures: 3,
};

/**
 * Starts a channel on its own: the caller does not wait for it, and one channel that cannot reach its
 * platform (Telegram blocked on the network, Zalo down) keeps trying in the background with capped
 * backoff, saying so, while the other channels serve.
 */
export function superviseChannel(
  starter: ChannelStarter,
  logger: Logger,
  policy: Backoff & { warnAfterFailures: number } = defaultStartBackoff,
): SupervisedChannel {
  const { name } = starter;
  const abort = new AbortController();
  let running: RunningChannel | undefined;
  let markServing!: () => void;
  let markOut!: () => void;
  const serving = new Promise<void>((resolve) => (markServing = resolve));
  const out = new Promise<void>((resolve) => (markOut = resolve));

  const aborted = new Promise<'aborted'>((resolve) => abort.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));

  /** One try: the channel, its failure, or 'aborted' when stopped first (a start that ignores its signal is left to finish, then stopped). */
  async function attempt(): Promise<{ channel: RunningChannel } | { error: unknown } | 'aborted'> {
    const starting = starter.start(abort.signal);
    const outcome = await Promise.race([starting.then((channel) => ({ channel }), (error: unknown) => ({ error })), aborted]);
    if (outcome === 'aborted') {
      starting.then((channel) => channel.stop()).catch(() => undefined);
    }
    return outcome;
  }

  async function connect(): Promise<void> {
    for (let failures = 0; ; ) {
      const outcome = await attempt();
      if (outcome === 'aborted') return;
      if ('error' in outcome) {
        const { error } = outcome;
        if (error instanceof PermanentChannelError) {
          logger.error({ reason: error.message }, `${name} channel not started; the other channels carry on`);
          return markOut();
        }
        failures += 1;
        const retryInMs = backoffDelay(failures, policy);
        logger[failures >= policy.warnAfterFailures ? 'warn' : 'info'](
          { failures, retryInMs, reason: messageOf(error) },
          `${name}: cannot reach the platform yet; waiting and trying again (the other channels carry on)`,
        );
        await pause(retryInMs, abort.signal);
        if (abort.signal.aborted) return;
        continue;
      }
      running = outcome.channel;
      logger.info(`${name} channel started`);
      markServing();
      void running.ended?.then(() => {
        if (!abort.signal.aborted) markOut();
      });
      return;
    }
  }

  const connecting = connect().catch((error: unknown) => {
    logger.error({ reason: messageOf(error) }, `${name} channel not started; the other channels carry on`);
    markOut();
  });

  let stopping: Promise<void> | undefined;
  return {
    serving,
    out,
    stop: () =>
      (stopping ??= (async () => {
        abort.abort();
        await connecting;
        await running?.stop();
      })()),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
