/**
 * What the Zalo channel needs from a Zalo account, and nothing more. zca-client.ts implements it with
 * zca-js (the unofficial personal-account API); tests implement it with a fake.
 */
export interface ZaloClient {
  /** The bot account's own user id: how it recognises being mentioned in a group. */
  readonly ownId: string;
  onMessage(handler: (message: ZaloMessage) => void): void;
  /**
   * The recent messages Zalo hands back after `requestMissedMessages()`, answered or not, the bot's
   * own included: the channel picks out the ones it missed.
   */
  onMissedMessages(handler: (messages: ZaloMessage[]) => void): void;
  onConnected(handler: () => void): void;
  /** The listener's connection ended; it stays down until startListening() is called again. */
  onClosed(handler: (code: number, reason: string) => void): void;
  /** Opens the listener's connection; the outcome arrives as onConnected or onClosed. */
  startListening(): void;
  stopListening(): void;
  /** Asks Zalo for the recent messages of direct and group chats (on a connected listener). */
  requestMissedMessages(): void;
  /** Sends a text; in a group it may quote the message it answers (a message this client delivered). */
  sendText(threadId: string, isGroup: boolean, text: string, quoting?: ZaloMessage): Promise<void>;
  /** Sends a file from this machine's disk as an attachment; Zalo shows it by its file name. */
  sendFile(threadId: string, isGroup: boolean, path: string): Promise<void>;
  /** Shows "typing…" in the chat for a few seconds. */
  sendTyping(threadId: string, isGroup: boolean): Promise<void>;
  /** Ends the client's own background work (keeping the saved session fresh), saving it a last time. */
  dispose(): Promise<void>;
}

/** One message as Zalo delivers it, in the fields the channel reads. */
export interface ZaloMessage {
  /** Zalo's id of the message: the same when it arrives live and again among the missed ones. */
  messageId: string;
  /** When it was sent, in milliseconds since the epoch (Zalo's clock). */
  sentAt: number;
  /** The conversation: the other user's id for a direct message, the group's id otherwise. */
  threadId: string;
  isGroup: boolean;
  /** Written by the bot's own account (on another device, or its own replies echoed back). */
  isSelf: boolean;
  senderId: string;
  /** Zalo's kind of message: "webchat" for text, "chat.photo", "chat.sticker", "chat.voice", … */
  msgType: string;
  /** The text, or for anything else (photo, sticker, voice, file, link) an object describing it. */
  content: string | Record<string, unknown>;
  /** In groups, who is @-mentioned and where: `len` characters of the text from `pos`. */
  mentions: ZaloMention[];
  /** The author of the message this one quotes (Zalo's "reply"), if it quotes one. */
  quotedSenderId?: string;
}

export interface ZaloMention {
  uid: string;
  pos: number;
  len: number;
}

/** Close codes worth telling apart (zca-js's CloseReason, repeated so the channel need not load zca-js). */
export const ZaloCloseCode = {
  /** Another listener opened on the same session: two bot processes sharing one credentials file. */
  duplicateConnection: 3000,
  /** The session was taken over: the account logged in on Zalo Web/PC, or Zalo ended the session. */
  kicked: 3003,
} as const;
