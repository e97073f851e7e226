import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { StateStore } from './state-store.ts';

/**
 * Redis when REDIS_URL is set (several instances, one bot), otherwise `<DATA_DIR>/state.sqlite`.
 * Each driver loads only when chosen: ioredis and better-sqlite3 cost start-up time a path that
 * never opens a store (`cli ask`) should not pay, and a SQLite deployment never loads ioredis.
 */
export async function openStateStore(config: Pick<Config, 'dataDir' | 'redisUrl'>, logger: Logger): Promise<StateStore> {
  if (config.redisUrl) {
    const { connectRedisStateStore } = await import('./redis-state-store.ts');
    const store = await connectRedisStateStore(config.redisUrl, { logger });
    logger.info({ store: 'redis' }, 'state store open');
    return store;
  }
  const { openSqliteStateStore } = await import('./sqlite-state-store.ts');
  const file = join(config.dataDir, 'state.sqlite');
  const store = openSqliteStateStore(file, { logger });
  logger.info({ store: 'sqlite', file }, 'state store open');
  return store;
}
