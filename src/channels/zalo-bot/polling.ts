import type { Logger } from '../../logger.ts';
import { backoffDelay, pause, type Backoff } from '../backoff.ts';
import { isNoUpdate, isTokenRefused, type ZaloBotApi } from './bot-api.ts';
import type { ZaloBotUpdate } from './types.ts';

export interface PollingOptions {
  api: ZaloBotApi;
  logger: Logger;
  onUpdate(update: ZaloBotUpdate): void;
  /** Aborting it ends the loop, the poll under way included. */
  signal: AbortSignal;
  /** How long the platform holds each poll open (default 30 s). */
  timeoutSeconds?: number;
  backoff?: Backoff & { warnAfterFailures: number };
  /** Polls that come back empty come back no sooner than this after the one before (default 1 s). */
  minEmptyPollMs?: number;
}

export const defaultPollingBackoff: Backoff & { warnAfterFailures: number } = {
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: 0.2,
  warnAfterFailures: 3,
};

/** Why polling ended: the channel was stopped, or the platform refused the token. */
export type PollingEnd = 'stopped' | 'token-refused';

/**
 * Long polling: `getUpdates` again and again, each held open by the platform until an update comes
 * or the timeout passes (then it answers 408: poll again). Network failures, 5xx and 429 back off
 * up to a minute and keep trying; a refused token (401) ends it with one clear log line. Never a
 * tight loop: an empty answer that comes back at once (a server ignoring the timeout) waits first.
 */
export async function pollUpdates(options: PollingOptions): Promise<PollingEnd> {
  const { api, logger, signal, timeoutSeconds = 30, backoff = defaultPollingBackoff, minEmptyPollMs = 1_000 } = options;
  let failures = 0;
  while (!signal.aborted) {
    const started = Date.now();
    let updates: ZaloBotUpdate[];
    try {
      const result = await api.getUpdates(timeoutSeconds, signal);
      updates = result === null || result === undefined ? [] : Array.isArray(result) ? result : [result];
    } catch (error) {
      if (signal.aborted) break;
      if (isNoUpdate(error)) {
        updates = [];
      } else if (isTokenRefused(error)) {
        logger.error(
          { reason: error instanceof Error ? error.message : String(error) },
          'Zalo Bot Platform: the bot token was refused (401); the channel has stopped. Check ZALO_BOT_TOKEN (Zalo Bot Manager) and restart',
        );
        return 'token-refused';
      } else {
        failures += 1;
        const retryInMs = backoffDelay(failures, backoff);
        logger[failures >= backoff.warnAfterFailures ? 'warn' : 'info'](
          { failures, retryInMs, reason: error instanceof Error ? error.message : String(error) },
          'Zalo Bot Platform: getUpdates failed; retrying',
        );
        await pause(retryInMs, signal);
        continue;
      }
    }
    if (failures > 0) logger.info({ failures }, 'Zalo Bot Platform: getUpdates works again');
    failures = 0;
    for (const update of updates) options.onUpdate(update);
    if (updates.length === 0) await pause(minEmptyPollMs - (Date.now() - started), signal);
  }
  return 'stopped';
}
