import { createApp, papersDirOf } from './app.ts';
import { PermanentChannelError, superviseChannel, type ChannelStarter, type SupervisedChannel } from './channels/channel-supervisor.ts';
import { chatLogFile, runCliChat } from './channels/cli/chat.ts';
import { ConfigError, loadConfig, secretsOf, type Config } from './config.ts';
import type { ConversationService } from './conversation/types.ts';
import { StateStoreError } from './conversation/state/state-store.ts';
import { createLogger, type Logger } from './logger.ts';

/**
 * `npm start`: every channel whose credentials are configured, on one conversation core. Each
 * channel starts on its own: one that cannot reach its platform keeps trying in the background
 * while the others serve, and the process stays up while any channel can serve. With none
 * configured, it says so and opens the command-line chat. SIGINT/SIGTERM stop taking updates, let
 * answers in flight finish and be sent (queued Zalo replies included), then close the state store.
 */
let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
// With no channel configured, a person at a terminal chats here: the log goes to a file, warnings aside.
const chatsAtTerminal = !config.telegram && !config.zaloBot && !config.zalo && process.stdin.isTTY === true;
const logger = createLogger(config.logLevel, secretsOf(config), chatsAtTerminal ? { terminal: { file: chatLogFile(config.dataDir) } } : {});
const app = await createApp(config, logger);
const { service, store } = await app.openConversation().catch((error: unknown) => {
  // A locked or unwritable store is for the operator to fix: one clear log line, no stack trace.
  if (!(error instanceof StateStoreError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
});

const channels: SupervisedChannel[] = channelStarters(config, service, logger).map((starter) => superviseChannel(starter, logger));

let stopping = false;
async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: no new updates, finishing answers in flight');
  await Promise.all(channels.map((channel) => channel.stop()));
  await store.close();
  logger.info('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (channels.length > 0) {
  void Promise.all(channels.map((channel) => channel.out)).then(() => {
    logger.fatal('no channel can serve: every configured channel was refused by its platform (see the lines above)');
    return shutdown('no channel left', 1);
  });
} else {
  logger.info('no channel configured (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN, ZALO_ENABLED): opening the command-line chat');
  await runCliChat(service, { userId: 'cli', json: false, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
  await shutdown('end of input');
}

/**
 * The configured channels. Each loads its adapter only when it starts, so an unused one costs
 * nothing at start-up.
 */
function channelStarters(config: Config, service: ConversationService, logger: Logger): ChannelStarter[] {
  const starters: ChannelStarter[] = [];
  const { telegram, zaloBot, zalo } = config;
  if (telegram) {
    if (telegram.webhook?.secretGenerated) logger.info('Telegram: TELEGRAM_WEBHOOK_SECRET is not set; a webhook secret was generated for this run');
    starters.push({
      name: 'Telegram',
      async start(signal) {
        const { createTelegramBot, describeError, refusedForGood, startTelegram } = await import('./channels/telegram/index.ts');
        const bot = createTelegramBot(telegram.token, { service, logger, apiRoot: telegram.apiRoot });
        try {
          const handle = await startTelegram(bot, { logger, webhook: telegram.webhook, signal });
          logger.info({ mode: telegram.webhook ? 'webhook' : 'long polling' }, 'Telegram: taking updates');
          return handle;
        } catch (error) {
          // Described without the token, which the Bot API puts in every URL an error may quote.
          const { code, description, message, cause } = describeError(error, telegram.token);
          const reason = [code, description, message, cause].filter((part) => part !== undefined && part !== '').join(': ');
          throw refusedForGood(error) ? new PermanentChannelError(`Telegram refused the bot: ${reason}`) : new Error(reason);
        }
      },
    });
  }
  if (zaloBot) {
    if (zaloBot.webhook?.secretGenerated) logger.info('Zalo Bot Platform: ZALO_BOT_WEBHOOK_SECRET is not set; a webhook secret was generated for this run');
    starters.push({
      name: 'Zalo Bot Platform',
      async start(signal) {
        const { startZaloBot } = await import('./channels/zalo-bot/zalo-bot-channel.ts');
        const { fileLinks } = config;
        if (fileLinks?.secretGenerated) logger.info('FILES_SIGNING_SECRET is not set: download links were signed with a key generated for this run');
        const links = fileLinks && {
          publicUrl: fileLinks.publicUrl,
          port: fileLinks.port,
          secret: fileLinks.secret,
          ttlMs: fileLinks.ttlHours * 3_600_000,
          root: papersDirOf(config),
        };
        return startZaloBot({ token: zaloBot.token, apiRoot: zaloBot.apiRoot, webhook: zaloBot.webhook, service, logger, fileLinks: links }, signal);
      },
    });
  }
  if (zalo) {
    starters.push({
      name: 'Zalo',
      async start() {
        const { createZcaClient } = await import('./channels/zalo/zca-client.ts');
        const { startZalo } = await import('./channels/zalo/zalo-channel.ts');
        const { CredentialsFileError } = await import('./channels/zalo/credential-store.ts');
        const { QrLoginFailed } = await import('./channels/zalo/zalo-login.ts');
        // A first login waits for someone to scan a QR code: the other channels do not wait for it.
        const client = await createZcaClient({ credentialsFile: zalo.credentialsFile, logger }).catch((error: unknown) => {
          throw error instanceof CredentialsFileError || error instanceof QrLoginFailed ? new PermanentChannelError(error.message) : error;
        });
        return startZalo({ client, service, logger });
      },
    });
  }
  return starters;
}
