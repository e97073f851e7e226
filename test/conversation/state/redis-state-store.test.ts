import type { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { afterAll, beforeAll, describe } from 'vitest';
import { createRedisStateStore } from '../../../src/conversation/state/redis-state-store.ts';
import { deleteKeys, NO_REDIS, TEST_REDIS_URL, testRedis, uniquePrefix } from '../../fixtures/redis.ts';
import { describeStateStoreContract } from './store-contract.ts';

// Against a real server when one is given (.ci/run starts one): what Redis does is Redis's.
describe.skipIf(!TEST_REDIS_URL)(`on a Redis server ${TEST_REDIS_URL ?? NO_REDIS}`, () => {
  let admin: Redis;
  let prefix = '';
  beforeAll(async () => {
    admin = await testRedis();
  });
  afterAll(async () => {
    await deleteKeys(admin, 'htx-test:store:');
    admin.disconnect();
  });
  describeStateStoreContract('Redis', {
    async reset() {
      prefix = uniquePrefix('store');
    },
    async open() {
      return createRedisStateStore(await testRedis(), { keyPrefix: prefix });
    },
    async corrupt(_store, userKey, raw) {
      await admin.set(`${prefix}state:${userKey}`, raw);
    },
  });
});

// And always against ioredis-mock, for our keys and encoding where no server is at hand. It
// shares one dataset between clients of the same host and port, like a real server: this client
// prepares data; each store gets a client of its own, which its close() ends.
const mockAdmin = new RedisMock();
afterAll(() => mockAdmin.disconnect());

describeStateStoreContract('Redis (ioredis-mock)', {
  async reset() {
    await mockAdmin.flushall();
  },
  async open() {
    return createRedisStateStore(new RedisMock(), { keyPrefix: 'test:' });
  },
  async corrupt(_store, userKey, raw) {
    await mockAdmin.set(`test:state:${userKey}`, raw);
  },
});
