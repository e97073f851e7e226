/**
 * What the Zalo channel needs from a Zalo account, and nothing more. zca-client.ts implements it with
 * zca-js (the unofficial personal-account API); tests implement it with a fake.
 */
export interface ZaloClient {
  /** The bot account's own user id: how it recognises being mentioned in a group. */
  readonly ownId: string;
  onMessage(handler: (message: ZaloMessage) => void): void;
  onConnected(handler: () => void): void;
  /** The listener's connection ended; it stays down until startListening() is called again. */
  onClosed(handler: (code: number, reason: string) => void): void;
  /** Opens the listener's connection; the outcome arrives as onConnected or onClosed. */
  startListening(): void;
  stopListening(): void;
  sendText(threadId: string, isGroup: boolean, text: string): Promise<void>;
}

/** One message as Zalo delivers it, in the fields the channel reads. */
export interface ZaloMessage {
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
