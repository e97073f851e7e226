import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';

const WINDOW_SECONDS = 60;

/** `notify` once when a user first goes over the limit, then `silence` until the window frees up. */
export type RateDecision = 'allow' | 'notify' | 'silence';

export interface RateLimiter {
  check(key: string): Promise<RateDecision>;
}

export interface RateLimiterOptions {
  /** Counts in Redis, so every instance on the same Redis shares each user's limit. */
  redis?: Redis;
  keyPrefix?: string;
  logger?: Logger;
}

/**
 * Messages per user per minute (rate-limiter-flexible: a window that opens with a user's first
 * message and lasts a minute). In memory by default, where each process limits the users it
 * serves; in Redis when given one, where a user flooding two instances is counted once.
 */
export function createRateLimiter(limitPerMinute: number, options: RateLimiterOptions = {}): RateLimiter {
  if (!Number.isFinite(limitPerMinute)) return { check: async () => 'allow' };
  const keyPrefix = `${options.keyPrefix ?? 'htx-bot:'}rate`;
  const memory = new RateLimiterMemory({ points: limitPerMinute, duration: WINDOW_SECONDS, keyPrefix });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        points: limitPerMinute,
        duration: WINDOW_SECONDS,
        keyPrefix,
        // While Redis is unreachable each instance limits on its own, rather than letting every
        // message through or turning everyone away.
        insuranceLimiter: memory,
        rejectIfRedisNotReady: true,
      })
    : memory;

  return {
    async check(key) {
      try {
        await limiter.consume(key);
        return 'allow';
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) {
          // Neither Redis nor the insurance limiter answered: a limit is not worth an unanswered user.
          options.logger?.warn({ err: rejection }, 'rate limit not checked');
          return 'allow';
        }
        // Refused messages count too: exactly one of them is the first over the limit.
        return rejection.consumedPoints === limitPerMinute + 1 ? 'notify' : 'silence';
      }
    },
  };
}
