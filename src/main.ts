import { createApp } from './app.ts';
import { runCliChat } from './channels/cli/chat.ts';
import { ConfigError, loadConfig, secretsOf } from './config.ts';
import { StateStoreError } from './conversation/state/state-store.ts';
import { createLogger } from './logger.ts';

/**
 * `npm start`: every channel whose credentials are configured, on one conversation core. With none,
 * it says so and opens the command-line chat. SIGINT/SIGTERM stop taking updates, let answers in
 * flight finish, then close the state store.
 */
let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel, secretsOf(config));
const app = await createApp(config, logger);
const { service, store } = await app.openConversation().catch((error: unknown) => {
  // A locked or unwritable store is for the operator to fix: one clear log line, no stack trace.
  if (!(error instanceof StateStoreError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
});
const stoppers: Array<() => Promise<void> | void> = [];

if (config.telegram) {
  const { createTelegramBot, startTelegram } = await import('./channels/telegram/index.ts');
  const bot = createTelegramBot(config.telegram.token, { service, logger, apiRoot: config.telegram.apiRoot });
  const telegram = await startTelegram(bot, { logger, webhook: config.telegram.webhook });
  stoppers.push(() => telegram.stop());
  logger.info({ mode: config.telegram.webhook ? 'webhook' : 'long polling' }, 'Telegram channel started');
}

if (config.zalo) {
  const { createZcaClient } = await import('./channels/zalo/zca-client.ts');
  const { startZalo } = await import('./channels/zalo/zalo-channel.ts');
  // A first login waits for someone to scan a QR code: Telegram must not wait for it.
  createZcaClient({ credentialsFile: config.zalo.credentialsFile, logger })
    .then((client) => {
      const zalo = startZalo({ client, service, logger });
      stoppers.push(() => zalo.stop());
      logger.info('Zalo channel started');
    })
    .catch((error: Error) => logger.error({ reason: error.message }, 'Zalo channel not started; the other channels carry on'));
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: no new updates, finishing answers in flight');
  for (const stop of stoppers) await stop();
  await store.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (!config.telegram && !config.zalo) {
  logger.info('no channel configured (TELEGRAM_BOT_TOKEN, ZALO_ENABLED): opening the command-line chat');
  await runCliChat(service, { userId: 'cli', json: false, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
  await shutdown('end of input');
}
