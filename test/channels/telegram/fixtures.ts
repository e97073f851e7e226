import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';
import type { ConversationService, IncomingMessage, Reply } from '../../../src/conversation/types.ts';

/** Shared by the unit and end-to-end tests: telegram-test-api's getMe answers with this bot. */
export const ME: UserFromGetMe = {
  id: 666,
  is_bot: true,
  first_name: 'Test First name',
  username: 'TestNameBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export const USER: User = { id: 42, is_bot: false, first_name: 'Lan' };
export const PRIVATE: Chat.PrivateChat = { id: 42, type: 'private', first_name: 'Lan' };
export const GROUP: Chat.SupergroupChat = { id: -100123, type: 'supergroup', title: 'HTX Rau sạch' };

let nextId = 1;

export function message(fields: Partial<Message> & { chat?: Chat }): Message {
  return { message_id: nextId++, date: 1_700_000_000, chat: PRIVATE, from: USER, ...fields } as Message;
}

export function messageUpdate(fields: Partial<Message> & { chat?: Chat }): Update {
  return { update_id: nextId++, message: message(fields) as NonNullable<Update['message']> };
}

/** A text message with its entities found the way Telegram finds them (commands, @mentions). */
export function textUpdate(text: string, fields: Partial<Message> & { chat?: Chat } = {}): Update {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^\/\w+(?:@\w+)?)|(@\w+)/g)) {
    entities.push({ type: match[1] === undefined ? 'mention' : 'bot_command', offset: match.index, length: match[0].length });
  }
  return messageUpdate({ text, ...(entities.length > 0 ? { entities } : {}), ...fields });
}

/** A message the bot sent earlier, as Telegram includes it in a reply or a callback query. */
export function botMessage(text: string, fields: Partial<Message> = {}): Message {
  return message({ text, from: { id: ME.id, is_bot: true, first_name: ME.first_name, username: ME.username }, ...fields });
}

export function callbackUpdate(data: string, from: Message, chatInstance = '1'): Update {
  return { update_id: nextId++, callback_query: { id: String(nextId++), from: USER, chat_instance: chatInstance, data, message: from } };
}

/** The core, faked: records what it was given and answers with what the test decides. */
export class FakeService implements ConversationService {
  readonly received: IncomingMessage[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly answer: (message: IncomingMessage) => Reply[] | Promise<Reply[]>) {}

  async handle(message: IncomingMessage): Promise<Reply[]> {
    this.received.push(message);
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    return this.answer(message);
  }

  /** Resolves once the core has been given `count` messages in all. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}
