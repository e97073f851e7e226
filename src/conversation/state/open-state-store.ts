import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { connectRedisStateStore } from './redis-state-store.ts';
import { openSqliteStateStore } from './sqlite-state-store.ts';
import type { StateStore } from './state-store.ts';

/** Redis when REDIS_URL is set (several instances, one bot), otherwise `<DATA_DIR>/state.sqlite`. */
export async function openStateStore(config: Pick<Config, 'dataDir' | 'redisUrl'>, logger: Logger): Promise<StateStore> {
  if (config.redisUrl) {
    const store = await connectRedisStateStore(config.redisUrl, { logger });
    logger.info({ store: 'redis' }, 'state store open');
    return store;
  }
  const file = join(config.dataDir, 'state.sqlite');
  const store = openSqliteStateStore(file, { logger });
  logger.info({ store: 'sqlite', file }, 'state store open');
  return store;
}
