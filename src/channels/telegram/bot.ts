import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { ConversationService } from '../../conversation/types.ts';
import type { Logger } from '../../logger.ts';
import { errorHandler } from './errors.ts';
import { acknowledgeButton, converse } from './handler.ts';
import { retryTransformers } from './retry.ts';

export interface TelegramBotOptions {
  service: ConversationService;
  logger: Logger;
  /** Another Bot API server: a self-hosted one, or a test double. Default: Telegram's. */
  apiRoot?: string;
  /** Known bot info, so no getMe call is needed (tests, or a faster start). */
  botInfo?: UserFromGetMe;
}

/**
 * The longest any one Bot API call may take (grammY's default is 500 s). Long polling asks
 * Telegram to hold getUpdates for 30 seconds, so this must stay above that.
 */
const REQUEST_TIMEOUT_SECONDS = 60;

/** The bot with all its middleware, not yet started: tests drive it with `bot.handleUpdate`. */
export function createTelegramBot(token: string, { service, logger, apiRoot, botInfo }: TelegramBotOptions): Bot {
  const bot = new Bot(token, {
    ...(botInfo === undefined ? {} : { botInfo }),
    client: {
      // grammY refuses a root with a trailing slash, which a configured URL may well have.
      ...(apiRoot === undefined ? {} : { apiRoot: apiRoot.replace(/\/+$/, '') }),
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
    },
  });
  bot.api.config.use(...retryTransformers(logger, token));

  bot.on('callback_query:data', acknowledgeButton(logger));
  // The runner handles updates concurrently; within one chat they must stay in order, or a quick
  // second message could be answered before the first, and conversation state would race.
  bot.use(sequentialize((ctx: Context) => ctx.chatId?.toString()));
  bot.on(['message', 'callback_query:data'], converse(service, logger));

  bot.catch(errorHandler(logger));
  return bot;
}
