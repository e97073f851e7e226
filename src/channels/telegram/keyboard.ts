import type { CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';

/**
 * Buttons as an inline keyboard, and a pressed button back to its label.
 *
 * Telegram allows at most 64 bytes of callback_data, and a Vietnamese label easily takes two or
 * three bytes a letter, so the data is only the button's position ("b0", "b1", …). The label is
 * read back from the keyboard of the message the button belongs to, which Telegram sends along
 * with every callback query.
 */

const DATA_PREFIX = 'b';
/** Two short labels share a row; a long one would be cut off by the client, so it gets its own. */
const SHORT_LABEL = 18;

export function inlineKeyboard(labels: string[]): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton[] = labels.map((text, i) => ({ text, callback_data: `${DATA_PREFIX}${i}` }));
  const perRow = labels.every((label) => [...label].length <= SHORT_LABEL) ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

/**
 * The label of the pressed button, or undefined when it cannot be known: the message is too old
 * for Telegram to include (an "inaccessible message"), or the data is not one of ours.
 */
export function pressedLabel(query: CallbackQuery): string | undefined {
  const message = query.message;
  if (query.data === undefined || message === undefined || !('reply_markup' in message)) return undefined;
  const button = message.reply_markup?.inline_keyboard
    .flat()
    .find((b) => 'callback_data' in b && b.callback_data === query.data);
  return button?.text;
}
