import { createPerKeyQueue } from '../../conversation/per-key-queue.ts';
import type { ConversationService, IncomingMessage, Reply, ReplyFile } from '../../conversation/types.ts';
import { hashUserId, type Logger } from '../../logger.ts';
import { InFlight } from '../in-flight.ts';
import { ButtonMemory } from './button-memory.ts';
import { renderReplies } from './render.ts';
import { whileTyping } from './typing.ts';

/** Said only when the core itself failed on a message meant for the bot: silence would look like being ignored. */
export const APOLOGY = 'Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút.';

export interface PlainTextTurnsOptions {
  service: ConversationService;
  logger: Logger;
  /** The channel as its log lines name it ("Zalo", "Zalo Bot Platform"). */
  label: string;
  /** The longest text sent as one message. */
  maxLength: number;
}

/** One message taken from a chat, with the channel's ways of answering it. */
export interface PlainTextTurn {
  incoming: IncomingMessage;
  /** Shows "typing…" in the chat; called while the core works on a message meant for the bot. */
  typing?: () => Promise<void>;
  /** Sends (or queues) the turn's messages, in order, then the documents they hand over. */
  deliver(messages: string[], files: ReplyFile[]): Promise<void>;
}

export interface PlainTextTurns {
  /**
   * Answers a message. Turns of one chat run one at a time, in order, so replies keep their order
   * and a typed "2" meets the options it answers; other chats run alongside. Never rejects.
   */
  take(turn: PlainTextTurn): Promise<void>;
  /** Resolves once every turn taken so far has been answered and delivered. */
  drain(): Promise<void>;
}

/**
 * The conversation loop shared by the channels that show plain text only (both Zalo routes): a
 * typed number or option presses the button it stands for, the core answers, and its replies go
 * out as plain text with numbered options, split to the channel's limit.
 */
export function createPlainTextTurns({ service, logger, label, maxLength }: PlainTextTurnsOptions): PlainTextTurns {
  const buttons = new ButtonMemory();
  const chats = createPerKeyQueue();
  const inFlight = new InFlight();

  async function answer(turn: PlainTextTurn): Promise<void> {
    const incoming = withButtonPressed(turn.incoming);
    const user = hashUserId(incoming.userId);
    logger.debug({ user, group: incoming.isGroup, addressed: incoming.addressed, attachment: incoming.attachment }, `${label}: message in`);
    let replies: Reply[];
    try {
      // Nobody waits for an answer to a group message that was not meant for the bot.
      replies =
        incoming.addressed && turn.typing
          ? await whileTyping(turn.typing, () => service.handle(incoming), (error) =>
              logger.debug({ error: messageOf(error) }, `${label}: typing indicator not shown`),
            )
          : await service.handle(incoming);
    } catch (error) {
      logger.error({ user, error: messageOf(error) }, `${label}: the conversation service failed`);
      replies = incoming.addressed ? [{ text: APOLOGY }] : [];
    }
    // No reply is a deliberate silence (not addressed, flooding): the options shown before still stand.
    if (replies.length === 0) return;
    const { messages, options, files } = renderReplies(replies, maxLength);
    buttons.remember(incoming.chatId, incoming.userId, options);
    await turn.deliver(messages, files);
  }

  function withButtonPressed(incoming: IncomingMessage): IncomingMessage {
    if (incoming.text === undefined) return incoming;
    const pressed = buttons.pressed(incoming.chatId, incoming.userId, incoming.text);
    // An option chosen in a group needs no mention: it answers the question the bot just asked.
    return pressed === undefined ? incoming : { ...incoming, text: pressed, addressed: true };
  }

  return {
    take(turn) {
      // A turn must never reject: an unhandled rejection would end the process, the other channels with it.
      const answered = chats
        .run(turn.incoming.chatId, () => answer(turn))
        .catch((error: unknown) => logger.error({ error: messageOf(error) }, `${label}: a message was not handled`));
      return inFlight.track(answered);
    },
    drain: () => inFlight.drain(),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
