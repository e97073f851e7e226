/**
 * The Zalo Bot Platform's objects (bot.zaloplatforms.com/docs), in the fields the channel reads.
 * Ids are strings; `date` is in milliseconds.
 */

export interface ZaloBotInfo {
  id: string;
  account_name?: string;
  display_name?: string;
  account_type?: string;
  /** Whether the bot may be added to groups (Zalo Bot Manager setting). */
  can_join_groups?: boolean;
}

export type ZaloBotChatType = 'PRIVATE' | 'GROUP';

export interface ZaloBotMessage {
  message_id: string;
  date: number;
  text?: string;
  chat: { id: string; chat_type: ZaloBotChatType };
  from: { id: string; display_name?: string; is_bot?: boolean };
}

/** Events as the platform names them; others may come and are read as "something that is not text". */
export type ZaloBotEventName =
  | 'message.text.received'
  | 'message.image.received'
  | 'message.sticker.received'
  | 'message.unsupported.received';

/** One update: `getUpdates` returns one per answer, a webhook call carries one. */
export interface ZaloBotUpdate {
  event_name: ZaloBotEventName | (string & {});
  message: ZaloBotMessage;
}
