import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramServer, type StoredBotUpdate } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';
import { createTelegramBot } from '../../../src/channels/telegram/bot.ts';
import { renderParts } from '../../../src/channels/telegram/render.ts';
import { startTelegram, type TelegramHandle } from '../../../src/channels/telegram/start.ts';
import type { IncomingMessage, Reply } from '../../../src/conversation/types.ts';
import { FakeService } from './fixtures.ts';
import { eventually, freePort, memoryLogger, TOKEN } from './harness.ts';

/**
 * The real bot, long polling with the runner, against telegram-test-api on 127.0.0.1. Each test
 * talks from its own chat, so the bot's messages can be told apart in the server's storage.
 */

const WELCOME: Reply = {
  text: '**Chào bạn!** Tôi trả lời về hợp tác xã & luật <2023>.\n• /thanhlap\n• /chinhsach',
  buttons: ['Thành lập hợp tác xã', 'Chính sách hỗ trợ', 'Các văn bản bot đang dùng'],
};
const CITED =
  'Luật không quy định vốn điều lệ tối thiểu <chung> & mỗi thành viên góp không quá 20%.\n\n' +
  '📖 Nguồn: Điều 30, Luật Hợp tác xã 2023 (17/2023/QH15)';
const POLITE = 'Xin lỗi, tôi chưa xem được hình ảnh. Bạn vui lòng gõ câu hỏi bằng chữ nhé.';
const LONG = Array.from({ length: 30 }, (_, i) => `**Đoạn ${i}.** ${'Hợp tác xã 🌾 & thành viên. '.repeat(14)}`).join('\n\n');
const BOT_USER = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };

const service = new FakeService(async (m: IncomingMessage): Promise<Reply[]> => {
  if (!m.addressed) return [];
  if (m.attachment !== undefined) return [{ text: POLITE }];
  switch (m.text) {
    case '/start':
      return [WELCOME];
    case 'Chính sách hỗ trợ':
      return [{ text: 'Bạn chọn **chính sách hỗ trợ**.' }];
    case 'dài':
      return [{ text: LONG }];
    case 'chậm':
      await new Promise((r) => setTimeout(r, 700));
      return [{ text: 'Trả lời chậm.' }];
    default:
      return [{ text: CITED }];
  }
});

const { logger, lines, entries } = memoryLogger();
let server: TelegramServer;
let handle: TelegramHandle | undefined;

beforeAll(async () => {
  server = new TelegramServer({ host: '127.0.0.1', port: await freePort() });
  await server.start();
  const bot = createTelegramBot(TOKEN, { service, logger, apiRoot: server.config.apiURL });
  handle = await startTelegram(bot, { logger });
});

afterAll(async () => {
  await handle?.stop();
  await server?.stop();
});

function client(chatId: number, type: 'private' | 'group' = 'private'): TelegramClient {
  return server.getClient(TOKEN, { chatId, userId: Math.abs(chatId), type, timeout: 5_000 });
}

function botMessages(chatId: number): StoredBotUpdate[] {
  return server.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chatId));
}

async function waitForBotMessages(chatId: number, count: number): Promise<StoredBotUpdate[]> {
  return eventually(() => {
    const found = botMessages(chatId);
    return found.length >= count ? found : undefined;
  }, `${count} bot message(s) in chat ${chatId}`);
}

describe('telegram bot against telegram-test-api (long polling)', () => {
  it('answers /start with the welcome and its buttons', async () => {
    const user = client(1001);
    await user.sendCommand(user.makeCommand('/start'));
    const [welcome] = await waitForBotMessages(1001, 1);

    expect(welcome?.message).toMatchObject({
      parse_mode: 'HTML',
      text: '<b>Chào bạn!</b> Tôi trả lời về hợp tác xã &amp; luật &lt;2023&gt;.\n• /thanhlap\n• /chinhsach',
    });
    const markup = welcome?.message.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> };
    expect(markup.inline_keyboard.flat().map((b) => b.text)).toEqual(WELCOME.buttons);
  });

  it('answers a question with the citation line', async () => {
    const user = client(1002);
    await user.sendMessage(user.makeMessage('Vốn điều lệ tối thiểu là bao nhiêu?'));
    const [answer] = await waitForBotMessages(1002, 1);

    expect(answer?.message.text).toContain('&lt;chung&gt; &amp; mỗi thành viên');
    expect(answer?.message.text).toContain('\n\n📖 Nguồn: Điều 30, Luật Hợp tác xã 2023 (17/2023/QH15)');
    expect(service.received).toContainEqual(
      expect.objectContaining({ chatId: '1002', userId: '1002', addressed: true, text: 'Vốn điều lệ tối thiểu là bao nhiêu?' }),
    );
  });

  it('passes a pressed inline button to the core as the button\'s text', async () => {
    const user = client(1003);
    await user.sendCommand(user.makeCommand('/start'));
    const [welcome] = await waitForBotMessages(1003, 1);
    const markup = welcome?.message.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const button = markup.inline_keyboard.flat()[1];
    expect(button?.text).toBe('Chính sách hỗ trợ');

    // Telegram sends the bot's message, keyboard included, along with the query.
    await user.sendCallback(
      user.makeCallbackQuery(button?.callback_data ?? '', {
        message: { message_id: welcome?.messageId, from: BOT_USER, text: 'Chào bạn!', reply_markup: markup } as never,
      }),
    );
    const [, reply] = await waitForBotMessages(1003, 2);
    expect(reply?.message.text).toBe('Bạn chọn <b>chính sách hỗ trợ</b>.');
    expect(service.received).toContainEqual(expect.objectContaining({ chatId: '1003', text: 'Chính sách hỗ trợ', addressed: true }));
  });

  it('delivers a long answer split into messages, in order, each within the limit', async () => {
    const user = client(1004);
    await user.sendMessage(user.makeMessage('dài'));
    const expected = renderParts(LONG);
    expect(expected.length).toBeGreaterThan(2);
    const parts = await waitForBotMessages(1004, expected.length);

    expect(parts.map((p) => p.message.text)).toEqual(expected);
    for (const part of parts) expect(String(part.message.text).length).toBeLessThanOrEqual(4096);
    const firstParagraphs = parts.map((p) => Number(/^<b>Đoạn (\d+)\.<\/b>/.exec(String(p.message.text))?.[1]));
    expect(firstParagraphs).toEqual([...firstParagraphs].sort((a, b) => a - b));
  });

  it('in a group, ignores a message without a mention and answers one with it', async () => {
    const member = client(-2001, 'group');
    await member.sendMessage(member.makeMessage('Mai họp lúc mấy giờ nhỉ?'));
    const question = '@TestNameBot vốn điều lệ tối thiểu?';
    await member.sendMessage(member.makeMessage(question, { entities: [{ type: 'mention', offset: 0, length: 12 }] } as never));

    // One chat is handled in order, so once the mention is answered the first message is done.
    const [answer] = await waitForBotMessages(-2001, 1);
    const fromGroup = service.received.filter((m) => m.chatId === '-2001');
    expect(fromGroup).toEqual([
      expect.objectContaining({ isGroup: true, addressed: false, text: 'Mai họp lúc mấy giờ nhỉ?' }),
      expect.objectContaining({ isGroup: true, addressed: true, text: 'vốn điều lệ tối thiểu?' }),
    ]);
    expect(botMessages(-2001)).toHaveLength(1);
    expect(answer?.message.text).toContain('Điều 30, Luật Hợp tác xã 2023');
  });

  it('answers a photo politely', async () => {
    const user = client(1005);
    // No text at all, as Telegram sends a photo without caption; posted raw for that reason.
    const { text: _text, ...common } = user.makeMessage('');
    const photo = [{ file_id: 'AgAD', file_unique_id: 'u1', width: 90, height: 90, file_size: 1200 }];
    const response = await fetch(`${server.config.apiURL}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...common, photo }),
    });
    expect(response.ok).toBe(true);
    const [reply] = await waitForBotMessages(1005, 1);

    expect(reply?.message.text).toBe(POLITE);
    expect(service.received).toContainEqual(expect.objectContaining({ chatId: '1005', attachment: 'photo' }));
  });

  it('answers although the test server refuses sendChatAction and setMyCommands', () => {
    // Every answer above came while both failed (telegram-test-api does not implement them).
    const debug = entries().filter((e) => e.level === 20).map((e) => e.msg);
    expect(debug).toContain('typing indicator not shown');
    expect(debug).toContain('telegram command menu not set');
    expect(entries().filter((e) => Number(e.level) >= 50)).toEqual([]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('stops gracefully: an answer already being worked on is still sent', async () => {
    const user = client(1006);
    await user.sendMessage(user.makeMessage('chậm'));
    await eventually(() => (service.received.some((m) => m.chatId === '1006') ? true : undefined), 'the slow question');
    await handle?.stop();

    expect(botMessages(1006).map((u) => u.message.text)).toEqual(['Trả lời chậm.']);
  });
});
