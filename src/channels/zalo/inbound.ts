import type { AttachmentKind, IncomingMessage } from '../../conversation/types.ts';
import type { ZaloMention, ZaloMessage } from './zalo-api.ts';

/** Zalo's types of message that are not text (as zca-js's getClientMessageType names them). */
const attachmentKinds: Record<string, AttachmentKind> = {
  'chat.sticker': 'sticker',
  // GIFs are picked from the same panel as stickers, and say as little.
  'chat.gif': 'sticker',
  'chat.photo': 'photo',
  'chat.doodle': 'photo',
  'chat.voice': 'voice',
  'chat.video.msg': 'video',
  'share.file': 'file',
  'chat.location.new': 'location',
};

/**
 * A Zalo message as the core reads it. A group message is addressed to the bot when it @-mentions
 * the bot's account (the mention is taken out of the text), quotes one of the bot's messages
 * (Zalo's reply), or is a command ("/thanhlap").
 */
export function toIncomingMessage(message: ZaloMessage, ownId: string): IncomingMessage {
  const mentionsOfBot = message.mentions.filter((m) => m.uid === ownId);
  const base = {
    channel: 'zalo' as const,
    userId: message.senderId,
    chatId: message.threadId,
    isGroup: message.isGroup,
  };
  const addressed = !message.isGroup || mentionsOfBot.length > 0 || message.quotedSenderId === ownId;
  // Text arrives as a string; everything else (photo, sticker, voice, file, link) as an object.
  if (typeof message.content !== 'string') {
    return { ...base, addressed, attachment: attachmentKinds[message.msgType] ?? 'other' };
  }
  const text = withoutMentions(message.content, mentionsOfBot);
  return { ...base, addressed: addressed || text.startsWith('/'), text };
}

function withoutMentions(text: string, mentions: ZaloMention[]): string {
  let rest = text;
  for (const { pos, len } of [...mentions].sort((a, b) => b.pos - a.pos)) {
    rest = rest.slice(0, pos) + rest.slice(pos + len);
  }
  return rest.replace(/[ \t]{2,}/g, ' ').trim();
}
