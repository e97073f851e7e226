import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/conversation/state/open-state-store.ts';
import { StateStoreError } from '../../../src/conversation/state/state-store.ts';
import { tempDir } from '../fakes.ts';

const logger = pino({ level: 'silent' });

describe('openStateStore', () => {
  it('opens <DATA_DIR>/state.sqlite by default', async () => {
    const dataDir = tempDir();
    const store = await openStateStore({ dataDir }, logger);
    await store.close();
    expect(existsSync(join(dataDir, 'state.sqlite'))).toBe(true);
  });

  it('fails clearly, without the password, when Redis cannot be reached', async () => {
    const attempt = openStateStore({ dataDir: tempDir(), redisUrl: 'redis://:s3cret-pass@127.0.0.1:1' }, logger);
    await expect(attempt).rejects.toThrow(StateStoreError);
    await expect(attempt).rejects.toThrow(/REDIS_URL: connect ECONNREFUSED/);
    await expect(attempt).rejects.not.toThrow(/s3cret-pass/);
  });
});
