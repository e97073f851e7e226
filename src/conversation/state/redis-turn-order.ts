import type { Redis } from 'ioredis';
import { hashUserId, type Logger } from '../../logger.ts';
import { createLocalTurnOrder, type TurnOrder } from './turn-order.ts';

export interface RedisTurnOrderOptions {
  keyPrefix?: string;
  logger?: Logger;
  /** How long a running turn's lease lasts unless renewed (it is renewed while the turn runs). */
  leaseMs?: number;
  /** How long the line may stand still with no turn running before the place at its head is given up on. */
  abandonMs?: number;
}

/**
 * A ticket line per user in Redis, so a user's messages are handled one at a time and in arrival
 * order by whichever instances took them. Each user has a hash: `next`, the last ticket handed
 * out; `served`, the ticket up to which every message is done; `done:<n>`, tickets done ahead of
 * their turn (given up by the rate limit). A message runs when `served` reaches the ticket before
 * its own. The running one holds a lease it renews; if its instance dies, the lease lapses, and the
 * next in line gives the dead ticket up after `abandonMs`.
 */

// Every key's life is renewed on use; a line idle for an hour is forgotten.
const LINE_TTL_MS = 3_600_000;

const TAKE = `
local ticket = redis.call('HINCRBY', KEYS[1], 'next', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return ticket`;

/** {1, served} when it is this ticket's turn (the lease is then taken), else {0, served, lease held}. */
const POLL = `
local ticket = tonumber(ARGV[1])
local served = tonumber(redis.call('HGET', KEYS[1], 'served') or '0')
if served >= ticket - 1 then
  if served == ticket - 1 then redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) end
  return {1, served}
end
return {0, served, redis.call('EXISTS', KEYS[2])}`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/**
 * Marks ticket ARGV[1] done and moves `served` over every done ticket in a row. With ARGV[3] set,
 * only if `served` still equals it and no lease is held: giving up a dead ticket, at most once.
 */
const FINISH = `
if redis.call('HEXISTS', KEYS[1], 'next') == 0 then return -1 end
local served = tonumber(redis.call('HGET', KEYS[1], 'served') or '0')
if ARGV[3] ~= '' and (served ~= tonumber(ARGV[3]) or redis.call('EXISTS', KEYS[2]) == 1) then return served end
local ticket = tonumber(ARGV[1])
if ticket > served then redis.call('HSET', KEYS[1], 'done:' .. ticket, 1) end
while redis.call('HEXISTS', KEYS[1], 'done:' .. (served + 1)) == 1 do
  redis.call('HDEL', KEYS[1], 'done:' .. (served + 1))
  served = served + 1
end
redis.call('HSET', KEYS[1], 'served', served)
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return served`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRedisTurnOrder(redis: Redis, options: RedisTurnOrderOptions = {}): TurnOrder {
  const prefix = options.keyPrefix ?? 'htx-bot:';
  const leaseMs = options.leaseMs ?? 15_000;
  const abandonMs = options.abandonMs ?? 5_000;
  const lineKey = (userKey: string) => `${prefix}turns:${userKey}`;
  const leaseKey = (userKey: string) => `${prefix}turn-lease:${userKey}`;
  // Messages of one user taken by this instance still keep their order should Redis fail.
  const local = createLocalTurnOrder();

  async function waitForTurn(userKey: string, ticket: number): Promise<void> {
    const keys = [lineKey(userKey), leaseKey(userKey)];
    let pause = 2;
    let watched: { served: number; since: number } | undefined;
    for (;;) {
      const [mine, served, leased] = (await redis.eval(POLL, 2, ...keys, ticket, leaseMs)) as number[];
      if (mine === 1) {
        if (served! >= ticket) options.logger?.warn({ user: hashUserId(userKey) }, 'message taken out of turn: it was given up on while it waited');
        return;
      }
      const now = Date.now();
      if (leased === 1) watched = undefined;
      else if (watched === undefined || watched.served !== served) watched = { served: served!, since: now };
      else if (now - watched.since >= abandonMs) {
        // Nobody has run the message at the head of the line for a while: its instance is gone.
        await redis.eval(FINISH, 2, ...keys, served! + 1, LINE_TTL_MS, served!);
        options.logger?.warn({ user: hashUserId(userKey) }, 'a message whose instance stopped was given up on, so the next one can run');
        watched = undefined;
        continue;
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  async function runInTurn<T>(userKey: string, ticket: Promise<number>, task: () => Promise<T>): Promise<T> {
    let taken: number;
    try {
      taken = await ticket;
      await waitForTurn(userKey, taken);
    } catch (error) {
      // Without Redis the state store fails too and the user gets an apology; order across
      // instances cannot be kept then, but the message is still handled.
      options.logger?.warn({ err: error, user: hashUserId(userKey) }, 'turn order not kept: Redis unavailable');
      return task();
    }
    const renewal = setInterval(() => {
      redis.eval(RENEW, 1, leaseKey(userKey), taken, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await finish(userKey, taken);
    }
  }

  async function finish(userKey: string, ticket: number): Promise<void> {
    try {
      await redis.eval(FINISH, 2, lineKey(userKey), leaseKey(userKey), ticket, LINE_TTL_MS, '');
    } catch (error) {
      // The lease lapses by itself and the next message is let through after `abandonMs`.
      options.logger?.warn({ err: error, user: hashUserId(userKey) }, 'turn not released: Redis unavailable');
    }
  }

  return {
    enter(userKey) {
      const place = local.enter(userKey);
      // Sent now, so tickets reach Redis in arrival order (one connection keeps its commands in order).
      const ticket = redis.eval(TAKE, 1, lineKey(userKey), LINE_TTL_MS) as Promise<number>;
      ticket.catch(() => undefined);
      return {
        run: (task) => place.run(() => runInTurn(userKey, ticket, task)),
        skip() {
          place.skip();
          void ticket.then((taken) => finish(userKey, taken), () => undefined);
        },
      };
    },
  };
}
