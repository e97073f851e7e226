import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/conversation/rate-limiter.ts';
import { deleteKeys, NO_REDIS, TEST_REDIS_URL, testRedis, uniquePrefix } from '../fixtures/redis.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimiter, in memory', () => {
  it('allows the limit, notifies once, then stays silent until the minute is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const limiter = createRateLimiter(2);
    expect(await limiter.check('a')).toBe('allow');
    vi.setSystemTime(1_030_000);
    expect(await limiter.check('a')).toBe('allow');
    expect(await limiter.check('a')).toBe('notify');
    expect(await limiter.check('a')).toBe('silence');
    expect(await limiter.check('b')).toBe('allow');
    vi.setSystemTime(1_060_001); // a minute after the first message
    expect(await limiter.check('a')).toBe('allow');
    expect(await limiter.check('a')).toBe('allow');
    expect(await limiter.check('a')).toBe('notify');
  });

  it('is off with an infinite limit', async () => {
    const limiter = createRateLimiter(Infinity);
    for (let i = 0; i < 1_000; i++) expect(await limiter.check('a')).toBe('allow');
  });
});

describe.skipIf(!TEST_REDIS_URL)(`createRateLimiter, in Redis ${TEST_REDIS_URL ? '' : NO_REDIS}`, () => {
  const prefix = uniquePrefix('rate');
  let clients: Redis[] = [];
  beforeAll(async () => {
    clients = await Promise.all([testRedis(), testRedis()]);
  });
  afterAll(async () => {
    await deleteKeys(clients[0]!, prefix);
    for (const client of clients) client.disconnect();
  });

  it('counts a user once over two instances: one notice between them, then silence', async () => {
    const [a, b] = clients.map((redis) => createRateLimiter(3, { redis, keyPrefix: prefix }));
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await (i % 2 === 0 ? a! : b!).check('telegram:1'));
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'notify', 'silence', 'silence']);
    expect(await b!.check('telegram:2')).toBe('allow');
  });

  it('keeps limiting on its own while Redis is unreachable', async () => {
    const { Redis } = await import('ioredis');
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    const limiter = createRateLimiter(1, { redis: down, keyPrefix: prefix });
    expect(await limiter.check('telegram:3')).toBe('allow');
    expect(await limiter.check('telegram:3')).toBe('notify');
    down.disconnect();
  });
});
