import { InputFile, type Context, type Filter, type MiddlewareFn } from 'grammy';
import type { ConversationService, IncomingMessage, Reply } from '../../conversation/types.ts';
import { hashUserId, type Logger } from '../../logger.ts';
import { describeError } from './errors.ts';
import { inlineKeyboard, pressedLabel } from './keyboard.ts';
import { renderParts } from './render.ts';
import { toIncomingMessage } from './translate.ts';
import { whileTyping } from './typing.ts';

export const STALE_BUTTON =
  'Nút này đã cũ nên bot không đọc được nữa. Bạn vui lòng gõ câu hỏi hoặc gửi /start để xem menu.';

/**
 * Answers a button press at once, before the chat's queue: the client shows a spinner on the
 * button until the query is answered, and Telegram rejects answers given more than a few seconds
 * late. A failure here is cosmetic and does not stop the press from reaching the core.
 */
export function acknowledgeButton(logger: Logger): MiddlewareFn<Filter<Context, 'callback_query:data'>> {
  return async (ctx, next) => {
    const known = pressedLabel(ctx.callbackQuery) !== undefined;
    try {
      await ctx.answerCallbackQuery(known ? undefined : { text: STALE_BUTTON, show_alert: true });
    } catch (error) {
      logger.debug({ err: describeError(error, ctx.api.token) }, 'callback query not answered');
    }
    if (known) await next();
  };
}

/** One update through the core and its replies back to the chat. */
export function converse(service: ConversationService, logger: Logger): MiddlewareFn<Context> {
  return async (ctx) => {
    const incoming = toIncomingMessage(ctx.update, ctx.me);
    if (incoming === undefined) return;
    const started = Date.now();
    // Nobody waits for an answer to a group message that was not meant for the bot.
    const replies = incoming.addressed
      ? await whileTyping(ctx, logger, () => service.handle(incoming))
      : await service.handle(incoming);
    const sent = await sendReplies(ctx, incoming, replies);
    logger.debug(
      { user: hashUserId(incoming.userId), addressed: incoming.addressed, replies: replies.length, messages: sent, ms: Date.now() - started },
      'telegram update handled',
    );
  };
}

/**
 * Each reply as one or more HTML messages, in order, then its files as documents; its buttons go
 * under the last of these, so they stay at the bottom of the chat. In a group the first message
 * quotes the question, so it is clear whom the bot is answering.
 */
async function sendReplies(ctx: Context, incoming: IncomingMessage, replies: Reply[]): Promise<number> {
  let sent = 0;
  const quoting = () =>
    incoming.isGroup && sent === 0 && ctx.message !== undefined
      ? { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } }
      : {};
  for (const reply of replies) {
    const parts = renderParts(reply.text);
    const files = reply.files ?? [];
    const keyboard = reply.buttons?.length ? { reply_markup: inlineKeyboard(reply.buttons) } : {};
    for (const [i, html] of parts.entries()) {
      const last = i === parts.length - 1 && files.length === 0;
      await ctx.reply(html, {
        parse_mode: 'HTML',
        // Citations may carry links; a preview card of the first one would push the answer away.
        link_preview_options: { is_disabled: true },
        ...(last ? keyboard : {}),
        ...quoting(),
      });
      sent++;
    }
    for (const [i, file] of files.entries()) {
      await ctx.replyWithDocument(new InputFile(file.path, file.name), { ...(i === files.length - 1 ? keyboard : {}), ...quoting() });
      sent++;
    }
  }
  return sent;
}
