import type { Context } from 'grammy';
import type { Logger } from '../../logger.ts';
import { describeError } from './errors.ts';

/** Telegram shows "typing…" for five seconds at most, so it is renewed a little before that. */
const RENEW_MS = 4_500;

/**
 * Runs `work` while the chat shows "typing…". Purely cosmetic: the indicator is never awaited,
 * and a failure to show it (some Bot API servers do not implement sendChatAction) is logged at
 * debug level and otherwise ignored, so it can neither delay nor stop the answer.
 */
export async function whileTyping<T>(ctx: Context, logger: Logger, work: () => Promise<T>): Promise<T> {
  const show = () => {
    ctx.replyWithChatAction('typing').catch((error: unknown) => {
      logger.debug({ err: describeError(error, ctx.api.token) }, 'typing indicator not shown');
    });
  };
  show();
  const timer = setInterval(show, RENEW_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
