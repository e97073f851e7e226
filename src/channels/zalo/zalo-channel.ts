import type { ConversationService } from '../../conversation/types.ts';
import type { Logger } from '../../logger.ts';
import { createPlainTextTurns } from '../plain-text/plain-text-turns.ts';
import { toIncomingMessage } from './inbound.ts';
import { RecentIds } from './recent-ids.ts';
import { defaultReconnectPolicy, keepListening, type ReconnectPolicy } from './reconnect.ts';
import { refusalOf } from './refusals.ts';
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
  /** How long a stop waits for queued replies to go out (default 30 s). */
  drainTimeoutMs?: number;
}

export interface ZaloChannel {
  /** Stops listening, answers the messages already taken and sends what is queued (within the drain timeout). */
  stop(): Promise<void>;
}

/**
 * Zalo publishes no limit for a text message. Bots built on zca-js split at 2,000 characters
 * (openzca, TinySDLC's Zalo channel), which also keeps each message short enough to read on a phone.
 */
export const ZALO_TEXT_LIMIT = 2_000;
const SEND_QUEUE_CAPACITY = 300;
const SEND_TIMEOUT_MS = 30_000;
/**
 * Messages from this long before the listener went down are looked at again when it is back: the
 * socket may have been dead a while before its close was noticed. Ones already answered are known by id.
 */
const CATCH_UP_MARGIN_MS = 2 * 60_000;
/** At most this many missed messages are answered after one reconnection, the latest ones. */
const CATCH_UP_LIMIT = 100;

/**
 * Serves one Zalo account: messages in to the core, its replies out as plain text with numbered
 * options, through one paced queue. Returns at once; the listener connects (and reconnects) on its
 * own, and after a reconnection the messages that arrived meanwhile are answered, each once.
 */
export function startZalo(options: ZaloChannelOptions): ZaloChannel {
  const { client, service, logger } = options;
  const intervalMs = options.sendIntervalMs ?? 1_000;
  const queue = new SendQueue({
    send: ({ threadId, isGroup, text, quoting, attachment }) =>
      attachment === undefined ? client.sendText(threadId, isGroup, text, quoting) : client.sendFile(threadId, isGroup, attachment),
    logger,
    intervalMs,
    jitterMs: Math.round(intervalMs / 4),
    capacity: SEND_QUEUE_CAPACITY,
    sendTimeoutMs: SEND_TIMEOUT_MS,
    refusalOf,
  });
  const turns = createPlainTextTurns({ service, logger, label: 'Zalo', maxLength: options.maxLength ?? ZALO_TEXT_LIMIT });
  const taken = new RecentIds();
  let stopped = false;
  let connectedBefore = false;
  let downSince: number | undefined;
  /** Set while missed messages are asked for: those sent from then on were not seen live. */
  let catchUpFrom: number | undefined;

  client.onMessage((message) => take(message));
  client.onConnected(() => {
    if (connectedBefore && downSince !== undefined) {
      catchUpFrom = downSince - CATCH_UP_MARGIN_MS;
      client.requestMissedMessages();
    }
    connectedBefore = true;
    downSince = undefined;
  });
  client.onClosed(() => {
    downSince ??= Date.now();
  });
  client.onMissedMessages((messages) => catchUp(messages));
  const listening = keepListening(client, logger, { ...defaultReconnectPolicy, ...options.reconnect });

  function take(message: ZaloMessage): void {
    if (stopped || message.isSelf || !taken.add(message.messageId)) return;
    const incoming = toIncomingMessage(message, client.ownId);
    void turns.take({
      incoming,
      typing: () => client.sendTyping(message.threadId, message.isGroup),
      async deliver(messages, files) {
        for (const [i, text] of messages.entries()) {
          // In a group the first message quotes the question, so it is clear whom the bot is answering.
          const quoting = message.isGroup && i === 0 ? message : undefined;
          queue.push({ threadId: message.threadId, isGroup: message.isGroup, text, quoting });
        }
        // Through the same paced queue: an upload is a send like any other to Zalo.
        for (const file of files) queue.push({ threadId: message.threadId, isGroup: message.isGroup, text: file.name, attachment: file.path });
      },
    });
  }

  function catchUp(messages: ZaloMessage[]): void {
    const from = catchUpFrom;
    if (from === undefined) return;
    const missed = messages
      .filter((m) => !m.isSelf && m.sentAt >= from && !taken.has(m.messageId))
      .sort((a, b) => a.sentAt - b.sentAt)
      .slice(-CATCH_UP_LIMIT);
    if (missed.length > 0) logger.info({ missed: missed.length }, 'Zalo: answering the messages that arrived while the listener was down');
    for (const message of missed) take(message);
  }

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      listening.stop();
      await turns.drain();
      const unsent = await queue.drain(options.drainTimeoutMs ?? 30_000);
      if (unsent > 0) logger.warn({ unsent }, 'Zalo: stopped with replies still queued; they were not sent');
      await client.dispose();
    },
  };
}
