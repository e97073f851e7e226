import type { CallbackQuery, Message, MessageEntity, Update, UserFromGetMe } from 'grammy/types';
import type { AttachmentKind, IncomingMessage } from '../../conversation/types.ts';
import { pressedLabel } from './keyboard.ts';

/**
 * A Telegram update as the channel-agnostic message the core understands, or undefined when it
 * is nothing to answer (a service message such as "X joined the group", a channel post, an
 * update of another kind, a button whose label can no longer be known).
 */
export function toIncomingMessage(update: Update, me: UserFromGetMe): IncomingMessage | undefined {
  if (update.callback_query !== undefined) return fromButton(update.callback_query);
  if (update.message !== undefined) return fromMessage(update.message, me);
  return undefined;
}

/** A pressed inline button reaches the core as if its label had been typed. */
function fromButton(query: CallbackQuery): IncomingMessage | undefined {
  const label = pressedLabel(query);
  const chat = query.message?.chat;
  if (label === undefined || chat === undefined || chat.type === 'channel') return undefined;
  return {
    channel: 'telegram',
    userId: String(query.from.id),
    chatId: String(chat.id),
    isGroup: chat.type !== 'private',
    // Only the bot's own messages carry its buttons: pressing one is speaking to the bot.
    addressed: true,
    text: label,
  };
}

function fromMessage(message: Message, me: UserFromGetMe): IncomingMessage | undefined {
  if (message.chat.type === 'channel') return undefined;
  const attachment = attachmentOf(message);
  const text = message.text ?? message.caption;
  if (text === undefined && attachment === undefined) return undefined;

  const isGroup = message.chat.type !== 'private';
  const entities = message.entities ?? message.caption_entities ?? [];
  const command = text === undefined ? undefined : commandOf(text, entities, me);
  const mentions = text === undefined ? [] : entities.filter((e) => isMentionOfBot(text, e, me));
  const repliesToBot = message.reply_to_message?.from?.id === me.id;

  return {
    channel: 'telegram',
    // Messages sent on behalf of a chat (anonymous group admins) have no person behind them.
    userId: String(message.from?.id ?? message.sender_chat?.id ?? message.chat.id),
    chatId: String(message.chat.id),
    isGroup,
    addressed: !isGroup || command?.forThisBot === true || mentions.length > 0 || repliesToBot,
    ...(text === undefined ? {} : { text: withoutBotReferences(text, mentions, command) }),
    ...(attachment === undefined ? {} : { attachment }),
  };
}

function attachmentOf(message: Message): AttachmentKind | undefined {
  if (message.sticker !== undefined) return 'sticker';
  if (message.photo !== undefined) return 'photo';
  if (message.voice !== undefined || message.audio !== undefined) return 'voice';
  // An animation (GIF) also carries `document` for old clients, so it is checked first.
  if (message.video !== undefined || message.video_note !== undefined || message.animation !== undefined) return 'video';
  if (message.document !== undefined) return 'file';
  if (message.location !== undefined || message.venue !== undefined) return 'location';
  if (
    message.contact !== undefined || message.poll !== undefined || message.dice !== undefined ||
    message.game !== undefined || message.story !== undefined || message.paid_media !== undefined
  ) {
    return 'other';
  }
  return undefined;
}

interface Command {
  entity: MessageEntity;
  /** The command without its "@botname" suffix, as the core knows it ("/start"). */
  name: string;
  /** False for "/start@other_bot": in a group, a command meant for another bot. */
  forThisBot: boolean;
}

function commandOf(text: string, entities: MessageEntity[], me: UserFromGetMe): Command | undefined {
  const entity = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (entity === undefined) return undefined;
  const [name = '', target] = text.slice(0, entity.length).split('@');
  return { entity, name, forThisBot: target === undefined || sameUsername(target, me.username) };
}

function isMentionOfBot(text: string, entity: MessageEntity, me: UserFromGetMe): boolean {
  if (entity.type === 'text_mention') return entity.user.id === me.id;
  return entity.type === 'mention' && sameUsername(text.slice(entity.offset + 1, entity.offset + entity.length), me.username);
}

/** Usernames are case-insensitive: "@HTX_bot" and "@htx_bot" are the same bot. */
function sameUsername(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The text without the mentions of the bot and with the command's "@botname" suffix removed,
 * so "@htx_bot, thủ tục thành lập?" reaches the core as "thủ tục thành lập?" and
 * "/start@htx_bot" as "/start". Entity offsets count UTF-16 code units, as JavaScript strings do.
 */
function withoutBotReferences(text: string, mentions: MessageEntity[], command: Command | undefined): string {
  const edits = mentions.map((e) => ({ offset: e.offset, length: e.length, replacement: '' }));
  if (command?.forThisBot) edits.push({ offset: 0, length: command.entity.length, replacement: command.name });
  if (edits.length === 0) return text;
  let result = text;
  for (const { offset, length, replacement } of edits.sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, offset) + replacement + result.slice(offset + length);
  }
  return result.replace(/[ \t]{2,}/g, ' ').trim().replace(/^[,:;]\s*/, '');
}
