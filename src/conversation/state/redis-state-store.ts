import { Redis } from 'ioredis';
import { hashUserId, type Logger } from '../../logger.ts';
import { createRateLimiter } from '../rate-limiter.ts';
import { createRedisTurnOrder } from './redis-turn-order.ts';
import { decodeFeedback, decodeUserState, encodeUserState } from './user-state-codec.ts';
import { StateStoreError, type StateStore, type Verdict } from './state-store.ts';

export interface RedisStateStoreOptions {
  /** Keeps the bot's keys apart from anything else in the same Redis database. */
  keyPrefix?: string;
  logger?: Logger;
  /** The turn order's lease and patience (tests shorten them). */
  turns?: { leaseMs?: number; abandonMs?: number };
}

/**
 * Shared state for several bot instances: users' state, feedback, each user's turn order and rate
 * limit. Takes a client so tests can pass ioredis-mock.
 */
export function createRedisStateStore(redis: Redis, options: RedisStateStoreOptions = {}): StateStore {
  const prefix = options.keyPrefix ?? 'htx-bot:';
  const stateKey = (userKey: string) => `${prefix}state:${userKey}`;
  // A set of user keys, so counting users never needs a SCAN over the keyspace.
  const usersKey = `${prefix}users`;
  const feedbackKey = (verdict: Verdict) => `${prefix}feedback:${verdict}`;

  return {
    async get(userKey) {
      const json = await redis.get(stateKey(userKey));
      if (json === null) return undefined;
      const state = decodeUserState(json);
      if (!state) options.logger?.warn({ user: hashUserId(userKey) }, 'stored state unreadable; the user starts fresh');
      return state;
    },
    async set(userKey, state) {
      await execAtomically(redis.multi().set(stateKey(userKey), encodeUserState(state)).sadd(usersKey, userKey));
    },
    async delete(userKey) {
      await execAtomically(redis.multi().del(stateKey(userKey)).srem(usersKey, userKey));
    },
    async addFeedback(record) {
      await redis.rpush(feedbackKey(record.verdict), JSON.stringify(record));
    },
    async recentFeedback(verdict, limit) {
      if (limit <= 0) return [];
      const newestLast = await redis.lrange(feedbackKey(verdict), -limit, -1);
      return newestLast.reverse().map(decodeFeedback);
    },
    async stats() {
      const [users, up, down] = await Promise.all([
        redis.scard(usersKey),
        redis.llen(feedbackKey('up')),
        redis.llen(feedbackKey('down')),
      ]);
      return { users, feedback: { up, down } };
    },
    turns: createRedisTurnOrder(redis, { keyPrefix: prefix, logger: options.logger, ...options.turns }),
    rateLimiter: (limitPerMinute) => createRateLimiter(limitPerMinute, { redis, keyPrefix: prefix, logger: options.logger }),
    async close() {
      if (redis.status !== 'end') await redis.quit();
    },
  };
}

/** Connects before returning, so a wrong REDIS_URL fails at start-up rather than on a user's message. */
export async function connectRedisStateStore(url: string, options: RedisStateStoreOptions = {}): Promise<StateStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let lastError: Error | undefined;
  // ioredis reconnects by itself; a listener keeps its errors in the log instead of "Unhandled error event".
  redis.on('error', (error: Error) => {
    lastError = error;
    options.logger?.warn({ err: error }, 'redis connection error');
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const detail = (lastError ?? (error as Error)).message;
    // The URL itself may carry a password: name the variable, not its value.
    throw new StateStoreError(`Không kết nối được Redis / cannot connect to REDIS_URL: ${detail}`, { cause: error });
  }
  return createRedisStateStore(redis, options);
}

async function execAtomically(transaction: ReturnType<Redis['multi']>): Promise<void> {
  const results = await transaction.exec();
  const failure = results?.find(([error]) => error)?.[0];
  if (failure) throw failure;
  if (results === null) throw new Error('Redis transaction aborted');
}
