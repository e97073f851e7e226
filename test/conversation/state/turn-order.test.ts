import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTurnOrder } from '../../../src/conversation/state/redis-turn-order.ts';
import { createLocalTurnOrder, type TurnOrder } from '../../../src/conversation/state/turn-order.ts';
import { deleteKeys, NO_REDIS, TEST_REDIS_URL, testRedis, uniquePrefix } from '../../fixtures/redis.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` messages of one user `gapMs` apart, the i-th through `orders[i % orders.length]`
 * (instances taking turns), each task taking a varying time, longer than the gap; returns the
 * order in which tasks ran and the most that ran at once. Messages to two instances have an order
 * only once some time separates them: on a real webhook, at least a network round trip.
 */
async function runInterleaved(orders: TurnOrder[], userKey: string, count: number, skipped = new Set<number>(), gapMs = 0) {
  const ran: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const all: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const turn = orders[i % orders.length]!.enter(userKey);
    if (skipped.has(i)) {
      turn.skip();
      continue;
    }
    all.push(
      turn.run(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(((i * 7) % 5) * 4 + gapMs);
        ran.push(i);
        running--;
      }),
    );
  }
  await Promise.all(all);
  return { ran, maxRunning };
}

describe('local turn order', () => {
  it('runs one user at a time, in arrival order; other users alongside', async () => {
    const order = createLocalTurnOrder();
    const { ran, maxRunning } = await runInterleaved([order], 'telegram:1', 12);
    expect(ran).toEqual([...Array(12).keys()]);
    expect(maxRunning).toBe(1);
  });

  it('lets the next message through at once when a place is given up, and after a failure', async () => {
    const order = createLocalTurnOrder();
    const first = order.enter('u');
    const skipped = order.enter('u');
    const third = order.enter('u');
    skipped.skip();
    const failing = first.run(async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await third.run(async () => 'ran')).toBe('ran');
  });
});

describe.skipIf(!TEST_REDIS_URL)(`Redis turn order ${TEST_REDIS_URL ?? NO_REDIS}`, () => {
  const prefix = uniquePrefix('turns');
  let clients: Redis[] = [];
  beforeAll(async () => {
    clients = await Promise.all([testRedis(), testRedis(), testRedis()]);
  });
  afterAll(async () => {
    await deleteKeys(clients[0]!, prefix);
    for (const client of clients) client.disconnect();
  });

  it('keeps one user in arrival order across two instances, one message at a time', async () => {
    const [a, b] = clients.map((redis) => createRedisTurnOrder(redis, { keyPrefix: prefix }));
    const { ran, maxRunning } = await runInterleaved([a!, b!], 'telegram:order', 20, new Set(), 10);
    expect(ran).toEqual([...Array(20).keys()]);
    expect(maxRunning).toBe(1);
  });

  it('lets later messages pass a place given up on either instance', async () => {
    const [a, b] = clients.map((redis) => createRedisTurnOrder(redis, { keyPrefix: prefix }));
    const { ran } = await runInterleaved([a!, b!], 'telegram:skips', 10, new Set([0, 3, 4, 9]), 10);
    expect(ran).toEqual([1, 2, 5, 6, 7, 8]);
  });

  it('gives up on a message whose instance died mid-turn, so the user is not stuck', async () => {
    const options = { keyPrefix: prefix, leaseMs: 300, abandonMs: 200 };
    const doomed = await testRedis();
    const dying = createRedisTurnOrder(doomed, options);
    const survivor = createRedisTurnOrder(clients[2]!, options);
    let started = false;
    // The dying instance starts its turn and is then cut off from Redis for good, mid-task.
    void dying.enter('telegram:dead').run(async () => {
      started = true;
      await new Promise(() => undefined);
    });
    while (!started) await sleep(5);
    doomed.disconnect();

    const before = Date.now();
    expect(await survivor.enter('telegram:dead').run(async () => 'answered')).toBe('answered');
    const waited = Date.now() - before;
    expect(waited).toBeGreaterThanOrEqual(options.abandonMs);
    expect(waited).toBeLessThan(3_000);
  });
});
