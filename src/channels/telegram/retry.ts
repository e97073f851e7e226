import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../../logger.ts';
import { describeError } from './errors.ts';

/**
 * Outgoing calls that Telegram refuses for now are tried again, within bounds, so a busy moment
 * neither loses an answer nor holds a handler forever:
 * - 429 "Too Many Requests": wait the `retry_after` Telegram asks for, unless it is longer than a
 *   minute (a user would have given up by then) — flood control for group chats can ask for that;
 * - 5xx: up to three more tries, backing off exponentially from 3 seconds (auto-retry's backoff);
 * - network failures: up to three more tries, 1, 2 and 4 seconds apart. auto-retry on its own
 *   retries those without any limit, so it rethrows them here and `retryNetworkErrors` counts.
 */
export function retryTransformers(logger: Logger, token: string): Transformer[] {
  return [
    // Installed first, so it sits closest to the network and auto-retry wraps it.
    retryNetworkErrors(logger, token, { attempts: 3, firstDelayMs: 1_000 }),
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }),
  ];
}

export function retryNetworkErrors(
  logger: Logger,
  token: string,
  { attempts, firstDelayMs }: { attempts: number; firstDelayMs: number },
): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        // A stopped bot aborts its long poll on purpose: that is not a failure to retry.
        if (!(error instanceof HttpError) || signal?.aborted === true || attempt >= attempts) throw error;
        const delayMs = firstDelayMs * 2 ** attempt;
        logger.warn({ method, delayMs, err: describeError(error, token) }, 'telegram network error, retrying');
        await pause(delayMs, signal);
      }
    }
  };
}

/** The slice of an AbortSignal used here (grammY types its signals with a polyfill's class). */
interface Abortable {
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

function pause(ms: number, signal: Abortable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new Error('aborted while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}
