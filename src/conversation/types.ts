import type { DocumentMeta } from '../knowledge/types.ts';

/** `zalo` is the personal account (zca-js), `zalo-bot` the official Zalo Bot Platform: different ids, different users. */
export type ChannelName = 'telegram' | 'zalo' | 'zalo-bot' | 'cli';

/** What the bot receives that is not text; each gets a polite "please type your question". */
export type AttachmentKind = 'sticker' | 'photo' | 'voice' | 'video' | 'file' | 'location' | 'other';

/** One message in, as every channel translates it. The core knows nothing of grammY or zca-js. */
export interface IncomingMessage {
  channel: ChannelName;
  userId: string;
  chatId: string;
  /** In a group the bot answers only when addressed: mentioned, replied to, or by command. */
  isGroup: boolean;
  addressed: boolean;
  text?: string;
  attachment?: AttachmentKind;
}

/**
 * One message out. `text` is plain text with light markup — `**bold**` and lines starting "• " —
 * that each channel renders its own way (HTML on Telegram, plain text on Zalo and the CLI).
 * Buttons are pressed by sending their text back (Zalo shows them as numbered options). `files`
 * are documents handed over with the text: a file on Telegram and Zalo (zca-js), a download link
 * or a note where a channel carries no files (the Zalo Bot Platform), listed by `chat --json`.
 */
export interface Reply {
  text: string;
  buttons?: string[];
  files?: ReplyFile[];
}

/** A document the bot made for the user, on this machine's disk. */
export interface ReplyFile {
  /** What the user sees it called: "ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx". */
  name: string;
  /** Absolute. */
  path: string;
  mime: string;
}

export interface ConversationService {
  /** Replies in order; an empty list is a deliberate silence (a group message not addressed to the bot, flooding). */
  handle(message: IncomingMessage): Promise<Reply[]>;
}

/** What "/nguon" shows: the documents the bot answers from, as the knowledge base describes them. */
export interface SourceListing {
  documents: Pick<
    DocumentMeta,
    'title' | 'citeAs' | 'number' | 'issued' | 'effective' | 'status' | 'statusNote' | 'scope'
  >[];
  /** False while only local plans are loaded: questions on the Law itself then go unanswered. */
  nationalTextsImported: boolean;
}
