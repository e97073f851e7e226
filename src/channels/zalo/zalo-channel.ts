import { createPerKeyQueue } from '../../conversation/per-key-queue.ts';
import type { ConversationService, IncomingMessage, Reply } from '../../conversation/types.ts';
import { hashUserId, type Logger } from '../../logger.ts';
import { ButtonMemory } from './button-memory.ts';
import { toIncomingMessage } from './inbound.ts';
import { renderReplies, ZALO_TEXT_LIMIT } from './outbound.ts';
import { defaultReconnectPolicy, keepListening, type ReconnectPolicy } from './reconnect.ts';
import { SendQueue } from './send-queue.ts';
import type { ZaloClient, ZaloMessage } from './zalo-api.ts';

export interface ZaloChannelOptions {
  client: ZaloClient;
  service: ConversationService;
  logger: Logger;
  /** The least time between two messages the account sends, to any chat (default 1 s, plus up to a quarter more at random). */
  sendIntervalMs?: number;
  /** The longest text sent as one message (default 2,000 characters). */
  maxLength?: number;
  reconnect?: Partial<ReconnectPolicy>;
}

export interface ZaloChannel {
  stop(): void;
}

/** Said only when the core itself failed on a message meant for the bot: silence would look like being ignored. */
const APOLOGY = 'Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút.';
const SEND_QUEUE_CAPACITY = 300;
const SEND_TIMEOUT_MS = 30_000;

/**
 * Serves one Zalo account: messages in to the core, its replies out as plain text with numbered
 * options, through one paced queue. Returns at once; the listener connects (and reconnects) on its own.
 */
export function startZalo(options: ZaloChannelOptions): ZaloChannel {
  const { client, service, logger } = options;
  const intervalMs = options.sendIntervalMs ?? 1_000;
  const maxLength = options.maxLength ?? ZALO_TEXT_LIMIT;
  const queue = new SendQueue({
    send: ({ threadId, isGroup, text }) => client.sendText(threadId, isGroup, text),
    logger,
    intervalMs,
    jitterMs: Math.round(intervalMs / 4),
    capacity: SEND_QUEUE_CAPACITY,
    sendTimeoutMs: SEND_TIMEOUT_MS,
  });
  const buttons = new ButtonMemory();
  // One turn at a time per conversation, so replies keep their order and a "2" meets the options it answers.
  const turns = createPerKeyQueue();

  client.onMessage((message) => {
    if (message.isSelf) return;
    // A turn must never reject: an unhandled rejection would end the process, Telegram with it.
    turns
      .run(message.threadId, () => answer(message))
      .catch((error: unknown) =>
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Zalo: a message was not handled'),
      );
  });
  const listening = keepListening(client, logger, { ...defaultReconnectPolicy, ...options.reconnect });

  async function answer(message: ZaloMessage): Promise<void> {
    const incoming = withButtonPressed(toIncomingMessage(message, client.ownId));
    logger.debug(
      { user: hashUserId(incoming.userId), group: incoming.isGroup, addressed: incoming.addressed, attachment: incoming.attachment },
      'Zalo: message in',
    );
    let replies: Reply[];
    try {
      replies = await service.handle(incoming);
    } catch (error) {
      logger.error(
        { user: hashUserId(incoming.userId), error: error instanceof Error ? error.message : String(error) },
        'Zalo: the conversation service failed',
      );
      replies = incoming.addressed ? [{ text: APOLOGY }] : [];
    }
    // No reply is a deliberate silence (not addressed, flooding): the options shown before still stand.
    if (replies.length === 0) return;
    const { messages, options: shown } = renderReplies(replies, maxLength);
    buttons.remember(incoming.chatId, incoming.userId, shown);
    for (const text of messages) queue.push({ threadId: message.threadId, isGroup: message.isGroup, text });
  }

  function withButtonPressed(incoming: IncomingMessage): IncomingMessage {
    if (incoming.text === undefined) return incoming;
    const pressed = buttons.pressed(incoming.chatId, incoming.userId, incoming.text);
    // An option chosen in a group needs no mention: it answers the question the bot just asked.
    return pressed === undefined ? incoming : { ...incoming, text: pressed, addressed: true };
  }

  return {
    stop() {
      listening.stop();
      const unsent = queue.stop();
      if (unsent > 0) logger.warn({ unsent }, 'Zalo: stopped with replies still queued; they were not sent');
    },
  };
}
