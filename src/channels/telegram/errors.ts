import { BotError, GrammyError, HttpError, type ErrorHandler } from 'grammy';
import { hashUserId, type Logger } from '../../logger.ts';
import { toIncomingMessage } from './translate.ts';

export const APOLOGY =
  'Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được tin nhắn của bạn. Bạn vui lòng thử lại sau ít phút.';

/**
 * An error as a loggable object with the bot token taken out. The Bot API puts the token in every
 * URL, and a network error's message (kept by grammY in `HttpError.error`) may quote that URL;
 * the request payload, which holds what users wrote, is left out altogether.
 */
export function describeError(error: unknown, token: string): Record<string, unknown> {
  const scrub = (text: string) => text.split(token).join('[token]');
  if (error instanceof GrammyError) {
    // Not `error.message`: it is built from these same fields.
    return { type: 'GrammyError', method: error.method, code: error.error_code, description: scrub(error.description ?? '') };
  }
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? error.error.message : String(error.error);
    return { type: 'HttpError', message: scrub(error.message), cause: scrub(cause) };
  }
  if (error instanceof Error) {
    return { type: error.name, message: scrub(error.message), stack: error.stack === undefined ? undefined : scrub(error.stack) };
  }
  return { type: typeof error, message: scrub(String(error)) };
}

/**
 * Telegram answered and refused the bot: a wrong or revoked token (401, 404), a webhook URL it will
 * not take (400). Unlike a network failure or a 5xx, waiting will not cure it.
 */
export function refusedForGood(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code >= 400 && error.error_code < 500 && error.error_code !== 429;
}

/**
 * The bot's last line of defence: log what went wrong and, when the user was talking to the bot,
 * say sorry rather than stay silent. A group message not meant for the bot gets no apology.
 */
export function errorHandler(logger: Logger): ErrorHandler {
  return async (err: BotError) => {
    const { ctx } = err;
    const token = ctx.api.token;
    const incoming = toIncomingMessage(ctx.update, ctx.me);
    logger.error(
      {
        err: describeError(err.error, token),
        updateId: ctx.update.update_id,
        user: incoming === undefined ? undefined : hashUserId(incoming.userId),
      },
      'telegram update failed',
    );
    if (incoming?.addressed !== true) return;
    try {
      await ctx.reply(APOLOGY);
    } catch (replyError) {
      logger.warn({ err: describeError(replyError, token) }, 'telegram apology not sent');
    }
  };
}
