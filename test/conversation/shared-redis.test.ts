import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStateStore } from '../../src/conversation/state/redis-state-store.ts';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import { deleteKeys, NO_REDIS, TEST_REDIS_URL, testRedis, uniquePrefix } from '../fixtures/redis.ts';
import { buildService, message } from './fakes.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two cores, as two instances run them, on one Redis: what one stores and counts, the other sees. */
describe.skipIf(!TEST_REDIS_URL)(`two cores sharing one Redis ${TEST_REDIS_URL ?? NO_REDIS}`, () => {
  const prefix = uniquePrefix('shared');
  let admin: Redis;
  let stores: StateStore[] = [];
  beforeAll(async () => {
    admin = await testRedis();
    stores = await Promise.all([0, 1].map(async () => createRedisStateStore(await testRedis(), { keyPrefix: prefix })));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it("handles one user's messages one at a time, in arrival order, whichever core takes them", async () => {
    const cores = stores.map((store) => buildService({ store }));
    for (const core of cores) core.answerer.delayMs = 15;
    const questions = Array.from({ length: 10 }, (_, i) => `câu số ${i}`);

    // A message every few milliseconds, alternating cores: far quicker than they are answered.
    const replies: Array<Promise<unknown>> = [];
    for (const [i, q] of questions.entries()) {
      replies.push(cores[i % 2]!.service.handle(message(q, { userId: 'order' })));
      await sleep(3);
    }
    await Promise.all(replies);

    const calls = cores.flatMap((core) => core.answerer.calls);
    // Each question saw the turns every earlier one stored: none ran beside another or before it.
    expect(calls.map((c) => c.history.length).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 6, 6, 6, 6, 6, 6]);
    const stored = await stores[0]!.get('telegram:order');
    expect(stored?.turns.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(questions.slice(-3));
    expect(Math.max(...cores.map((core) => core.answerer.maxInFlight))).toBe(1);
  });

  it('counts a flood once over both cores: one notice, then silence', async () => {
    const cores = stores.map((store) => buildService({ store, rateLimitPerMinute: 4 }));
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await cores[i % 2]!.service.handle(message(`câu ${i}`, { userId: 'flood' })));
    expect(replies.map((r) => r.length)).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(replies[4]?.[0]?.text).toContain('gửi hơi nhanh');
  });
});
