import RedisMock from 'ioredis-mock';
import { afterAll } from 'vitest';
import { createRedisStateStore } from '../../../src/conversation/state/redis-state-store.ts';
import { describeStateStoreContract } from './store-contract.ts';

// ioredis-mock shares one dataset between clients of the same host and port, like a real server:
// this client prepares data; each store gets a client of its own, which its close() ends.
const admin = new RedisMock();
afterAll(() => admin.disconnect());

describeStateStoreContract('Redis (ioredis-mock)', {
  async reset() {
    await admin.flushall();
  },
  async open() {
    return createRedisStateStore(new RedisMock(), { keyPrefix: 'test:' });
  },
  async corrupt(_store, userKey, raw) {
    await admin.set(`test:state:${userKey}`, raw);
  },
});
