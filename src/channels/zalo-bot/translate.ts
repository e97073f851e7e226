import type { AttachmentKind, IncomingMessage } from '../../conversation/types.ts';
import type { ZaloBotInfo, ZaloBotUpdate } from './types.ts';

/** The events that are not text, as the core reads them (the same polite replies as on every channel). */
const attachmentOfEvent: Record<string, AttachmentKind> = {
  'message.image.received': 'photo',
  'message.sticker.received': 'sticker',
  'message.unsupported.received': 'other',
};

/**
 * An update as the message the core understands, or undefined when it is nothing to answer (an
 * event that is not a message, a message from a bot). A group message is addressed to the bot when
 * it names the bot ("@Trợ lý HTX …", the name taken out of the text) or is a command ("/thanhlap");
 * an answer to numbered options needs neither (plain-text-turns.ts).
 */
export function toIncomingMessage(update: ZaloBotUpdate, me: ZaloBotInfo): IncomingMessage | undefined {
  const { event_name: event, message } = update;
  if (!event.startsWith('message.') || message?.chat?.id === undefined || message.from?.id === undefined) return undefined;
  if (message.from.is_bot === true) return undefined;
  const isGroup = message.chat.chat_type === 'GROUP';
  const base = { channel: 'zalo-bot' as const, userId: String(message.from.id), chatId: String(message.chat.id), isGroup };
  if (event !== 'message.text.received' || typeof message.text !== 'string') {
    return { ...base, addressed: !isGroup, attachment: attachmentOfEvent[event] ?? 'other' };
  }
  if (!isGroup) return { ...base, addressed: true, text: message.text };
  const { text, named } = withoutBotName(message.text, me);
  return { ...base, addressed: named || text.startsWith('/'), text };
}

/** The names a group member may @-mention the bot by: its display name and its account name. */
function botNames(me: ZaloBotInfo): string[] {
  return [me.display_name, me.account_name].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

function withoutBotName(text: string, me: ZaloBotInfo): { text: string; named: boolean } {
  let rest = text.normalize('NFC');
  let named = false;
  for (const name of botNames(me)) {
    const mention = new RegExp(`@${escapeRegExp(name.normalize('NFC'))}`, 'giu');
    if (mention.test(rest)) {
      named = true;
      rest = rest.replace(mention, ' ');
    }
  }
  return { text: named ? rest.replace(/[ \t]{2,}/g, ' ').trim().replace(/^[,:;]\s*/, '') : text, named };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The update a webhook call carries. The platform posts the same object `getUpdates` returns in
 * `result`; it is read with or without that envelope. Undefined when the body is no update.
 */
export function webhookUpdateOf(body: unknown): ZaloBotUpdate | undefined {
  const inner = isObject(body) && isObject(body.result) ? body.result : body;
  if (!isObject(inner) || typeof inner.event_name !== 'string' || !isObject(inner.message)) return undefined;
  return inner as unknown as ZaloBotUpdate;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
