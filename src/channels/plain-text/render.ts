import type { Reply, ReplyFile } from '../../conversation/types.ts';

/**
 * The core's replies for a chat that shows neither markup nor buttons: both Zalo routes (the
 * personal account through zca-js and the official Bot Platform).
 */

/** Printed above the numbered options: there are no buttons, so the farmer answers with the number. */
const OPTIONS_HINT = 'Nhắn số để chọn:';

export interface RenderedReplies {
  /** The messages to send, in order, each within the length limit. */
  messages: string[];
  /** The buttons, in the order of their numbers (option 1 first). */
  options: string[];
  /** The documents the replies hand over, in order: sent after the messages, however the channel can. */
  files: ReplyFile[];
}

/**
 * The core's replies as plain-text messages. Buttons become numbered options under their reply's text,
 * numbered on across the replies of one turn so that each number stands for exactly one button.
 */
export function renderReplies(replies: Reply[], maxLength: number): RenderedReplies {
  const messages: string[] = [];
  const options: string[] = [];
  const files = replies.flatMap((reply) => reply.files ?? []);
  for (const reply of replies) {
    let text = plainText(reply.text);
    const buttons = reply.buttons ?? [];
    if (buttons.length > 0) {
      const list = buttons.map((button, i) => `${options.length + i + 1}. ${plainText(button)}`);
      text = `${text.trimEnd()}\n\n${OPTIONS_HINT}\n${list.join('\n')}`;
      options.push(...buttons);
    }
    messages.push(...splitText(text, maxLength));
  }
  return { messages, options, files };
}

/** The core's light markup as plain text: Zalo shows `**` literally. Lines starting "• " read fine as they are. */
export function plainText(markup: string): string {
  return markup.normalize('NFC').replace(/\*\*(.+?)\*\*/gs, '$1');
}

/** Splits a text into pieces of at most `maxLength`, at a paragraph, else a line, else a word boundary. */
export function splitText(text: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > maxLength) {
    const cut = cutPoint(rest, maxLength);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Where to end the next piece. A boundary in its first half would leave a stub, so the next kind is tried. */
function cutPoint(text: string, maxLength: number): number {
  for (const boundary of ['\n\n', '\n']) {
    const at = text.lastIndexOf(boundary, maxLength - boundary.length);
    if (at >= maxLength / 2) return at;
  }
  const space = text.lastIndexOf(' ', maxLength - 1);
  if (space > 0) return space;
  // No boundary at all: cut hard, but never between the two halves of a surrogate pair (an emoji).
  const low = text.charCodeAt(maxLength);
  return low >= 0xdc00 && low <= 0xdfff ? maxLength - 1 : maxLength;
}
