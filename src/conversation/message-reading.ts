import type { IncomingMessage } from './types.ts';

export const MAX_MESSAGE_LENGTH = 2_000;

export type InputProblem = 'attachment' | 'empty' | 'unreadable' | 'too-long';

export type MessageText = { text: string } | { problem: InputProblem };

/**
 * Control characters (tab and line breaks excepted), zero-width marks, replacement characters and
 * lone surrogates: what binary pasted as text turns into. The zero-width joiner stays, emoji need it.
 */
const UNREADABLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u2060\uFEFF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text to act on, cleaned and NFC-normalised, or why there is none. */
export function readMessageText(message: IncomingMessage): MessageText {
  const raw = message.text ?? '';
  // A caption is a question like any other; an attachment alone is something the bot cannot read.
  if (raw.trim() === '') return { problem: message.attachment ? 'attachment' : 'empty' };
  const text = raw.replace(UNREADABLE, '').normalize('NFC').trim();
  if (text === '') return { problem: 'unreadable' };
  if ([...text].length > MAX_MESSAGE_LENGTH) return { problem: 'too-long' };
  return { text };
}

/** Whether a text holds anything to answer: emoji and punctuation alone do not. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
