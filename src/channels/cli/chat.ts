import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ConversationService, Reply } from '../../conversation/types.ts';

export interface CliChatOptions {
  /** The user the conversation belongs to: its state persists across runs under `cli:<userId>`. */
  userId?: string;
  /** One line per reply: `{"text": "…", "buttons": ["…"]}`. */
  json: boolean;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal: a prompt, and a button is pressed by typing its number. */
  interactive: boolean;
}

/** Where the log of a chat at a terminal goes (only warnings and errors are shown in it): DATA_DIR/logs/chat.log. */
export function chatLogFile(dataDir: string): string {
  return join(dataDir, 'logs', 'chat.log');
}

/** Chats until the input ends; returns once every reply has been written. Only replies go to `output`. */
export async function runCliChat(service: ConversationService, options: CliChatOptions): Promise<void> {
  const userId = options.userId ?? 'cli';
  const { interactive, output } = options;
  const lines = createInterface({
    input: options.input,
    // Without an output readline echoes nothing: a script's stdout carries replies only.
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
  });
  // Taken before the first await: lines read before an iterator exists would be dropped.
  const incoming = lines[Symbol.asyncIterator]();
  lines.on('SIGINT', () => lines.close());
  lines.setPrompt('Bạn › ');
  let shownButtons: string[] = [];

  if (interactive) {
    await write(output, 'Gõ câu hỏi về hợp tác xã, hoặc /help để xem menu. Ctrl+D để thoát.\n');
    lines.prompt();
  }
  for await (const line of { [Symbol.asyncIterator]: () => incoming }) {
    if (interactive && line.trim() === '') {
      lines.prompt();
      continue;
    }
    const text = interactive ? pressedButton(line, shownButtons) ?? line : line;
    const replies = await service.handle({ channel: 'cli', userId, chatId: userId, isGroup: false, addressed: true, text });
    shownButtons = replies.flatMap((reply) => reply.buttons ?? []);
    await write(output, options.json ? replies.map(asJsonLine).join('') : asPlainText(replies));
    if (interactive) lines.prompt();
  }
  // Leaves the terminal's cursor on a fresh line after Ctrl+D.
  if (interactive) await write(output, '\n');
}

/** "2" presses the second button shown; a number with no such button is just text (an answer like "7"). */
function pressedButton(line: string, buttons: string[]): string | undefined {
  const match = /^\s*(\d+)\s*$/.exec(line);
  return match ? buttons[Number(match[1]) - 1] : undefined;
}

/** `{"text", "buttons"}`, and `"files"` when the reply hands over documents (CONTRACT.md). */
function asJsonLine(reply: Reply): string {
  const files = reply.files?.map(({ name, path, mime }) => ({ name, path, mime }));
  return `${JSON.stringify({ text: plain(reply.text), buttons: reply.buttons ?? [], ...(files?.length ? { files } : {}) })}\n`;
}

/** Buttons are numbered across all replies of one turn, as the interactive prompt counts them; a file is shown by its path. */
function asPlainText(replies: Reply[]): string {
  let number = 0;
  return replies
    .map((reply) =>
      [
        plain(reply.text),
        ...(reply.files ?? []).map((file) => `${FILE_MARK} ${file.name}: ${file.path}`),
        ...(reply.buttons ?? []).map((label) => `[${++number}] ${label}`),
      ].join('\n'),
    )
    .map((block) => `${block}\n\n`)
    .join('');
}

/** Before a file's name and path in the plain-text chat. */
const FILE_MARK = '📎';

/** The terminal shows no bold: `**x**` becomes x. Bullets ("• ") read fine as they are. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/gs, '$1');
}

async function write(output: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (chunk !== '' && !output.write(chunk)) await once(output, 'drain');
}
