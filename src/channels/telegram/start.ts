import { run } from '@grammyjs/runner';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.ts';
import { COMMANDS } from './commands.ts';
import { describeError } from './errors.ts';
import { InFlight } from '../in-flight.ts';
import { serveWebhook, type WebhookConfig } from './webhook.ts';

export interface TelegramStartOptions {
  logger: Logger;
  /** Set when the bot has a public URL; long polling otherwise. */
  webhook?: WebhookConfig;
  /** Gives up starting (getMe, setWebhook) when aborted. */
  signal?: AbortSignal;
}

export interface TelegramHandle {
  /** Stops taking updates, then waits for the ones already taken to be answered. */
  stop(): Promise<void>;
  /** Long polling only: settles when polling has ended, on a stop or because Telegram refused the bot. */
  ended?: Promise<unknown>;
}

/** The only updates the bot reads; Telegram does not even send the others. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Starts taking updates: through a webhook when one is configured, else by long polling with the
 * runner, which handles different chats concurrently (the bot's `sequentialize` keeps each chat in
 * order). Resolves once updates are flowing; rejects if the Bot API refuses the bot (a wrong
 * token, a webhook URL Telegram will not accept) or cannot be reached (after the network retries
 * of retry.ts): the caller decides whether to try again (channel-supervisor.ts).
 */
export async function startTelegram(bot: Bot, { logger, webhook, signal }: TelegramStartOptions): Promise<TelegramHandle> {
  // grammY types its signals with a polyfill's class; Node's AbortSignal is what it gets at runtime.
  const abortSignal = signal as unknown as Parameters<Bot['init']>[0];
  // Not `bot.init()`: it retries getMe forever, silently, so a network that cannot reach Telegram
  // would keep this start pending without a word. One bounded try (retry.ts) lets the caller back
  // off and say that it is waiting.
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe(abortSignal);
  const token = bot.token;
  const inFlight = new InFlight();
  const handle = (update: Update) => inFlight.track(bot.handleUpdate(update));

  // Cosmetic, like the typing indicator: a missing command menu must not keep the bot from starting.
  bot.api.setMyCommands(COMMANDS).catch((error: unknown) => {
    logger.debug({ err: describeError(error, token) }, 'telegram command menu not set');
  });

  if (webhook !== undefined) {
    const server = await serveWebhook(
      webhook,
      (update) => {
        handle(update).catch((error: unknown) => reportUnhandled(bot, error, logger));
      },
      logger,
    );
    try {
      await bot.api.setWebhook(
        webhook.url,
        { allowed_updates: ALLOWED_UPDATES, ...(webhook.secret === undefined ? {} : { secret_token: webhook.secret }) },
        abortSignal,
      );
    } catch (error) {
      await server.close();
      throw error;
    }
    logger.info({ username: bot.botInfo.username, mode: 'webhook' }, 'telegram bot started');
    return once(async () => {
      await server.close();
      await inFlight.drain();
    });
  }

  // A webhook left over from an earlier deployment would make every getUpdates fail with 409.
  await bot.api.deleteWebhook(undefined, abortSignal);
  const runner = run(
    {
      handleUpdate: handle,
      errorHandler: (error: unknown) => reportUnhandled(bot, error, logger),
      api: {
        // The runner retries a failed fetch with backoff; the failure is logged here, as JSON,
        // instead of by the runner on the console (hence `silent`).
        getUpdates: (args, signal) =>
          bot.api.getUpdates(args, signal).catch((error: unknown) => {
            if (!signal.aborted) logger.warn({ err: describeError(error, token) }, 'telegram getUpdates failed');
            throw error;
          }),
      },
    },
    { runner: { silent: true, fetch: { allowed_updates: ALLOWED_UPDATES } } },
  );
  const ended = runner.task()?.catch((error: unknown) => {
    logger.fatal({ err: describeError(error, token) }, 'telegram long polling stopped');
  });
  logger.info({ username: bot.botInfo.username, mode: 'polling' }, 'telegram bot started');
  const polling = once(async () => {
    await runner.stop();
    await inFlight.drain();
  });
  return { ...polling, ended };
}

/** Middleware errors go to the bot's error handler, as `bot.start()` would route them. */
async function reportUnhandled(bot: Bot, error: unknown, logger: Logger): Promise<void> {
  try {
    if (error instanceof BotError) await bot.errorHandler(error);
    else throw error;
  } catch (unhandled) {
    logger.error({ err: describeError(unhandled, bot.token) }, 'telegram error handler failed');
  }
}

/** A handle whose stop runs once, however many shutdown signals arrive. */
function once(stop: () => Promise<void>): TelegramHandle {
  let stopping: Promise<void> | undefined;
  return { stop: () => (stopping ??= stop()) };
}
