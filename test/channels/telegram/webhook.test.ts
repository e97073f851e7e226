import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { createTelegramBot } from '../../../src/channels/telegram/bot.ts';
import { startTelegram, type TelegramHandle } from '../../../src/channels/telegram/start.ts';
import type { IncomingMessage } from '../../../src/conversation/types.ts';
import { FakeService, textUpdate } from './fixtures.ts';
import { eventually, freePort, memoryLogger, TOKEN } from './harness.ts';

/**
 * Webhook mode against telegram-test-api, which calls a bot's webhook itself once setWebhook has
 * been called (it sends no secret header, so the secret is tested with direct requests).
 */

const SLOW_MS = 1_500;
const service = new FakeService(async (m: IncomingMessage) => {
  if (m.text === 'chậm') await new Promise((r) => setTimeout(r, SLOW_MS));
  return [{ text: `Đáp: ${m.text}` }];
});
const { logger, lines } = memoryLogger();
let server: TelegramServer;
let open: TelegramHandle | undefined;
let guarded: TelegramHandle | undefined;
let openUrl = '';
let guardedUrl = '';
const SECRET = 'webhook_secret-123';
// Two bots, two tokens: the test server keeps one webhook per token.
const GUARDED_TOKEN = '987654321:AAH-second-test-token';

beforeAll(async () => {
  server = new TelegramServer({ host: '127.0.0.1', port: await freePort() });
  await server.start();
  const apiRoot = server.config.apiURL;

  const openPort = await freePort();
  openUrl = `http://127.0.0.1:${openPort}/telegram`;
  open = await startTelegram(createTelegramBot(TOKEN, { service, logger, apiRoot }), {
    logger,
    webhook: { url: openUrl, port: openPort },
  });

  const guardedPort = await freePort();
  guardedUrl = `http://127.0.0.1:${guardedPort}/hook/tg`;
  guarded = await startTelegram(createTelegramBot(GUARDED_TOKEN, { service, logger, apiRoot }), {
    logger,
    webhook: { url: guardedUrl, port: guardedPort, secret: SECRET },
  });
});

afterAll(async () => {
  await open?.stop();
  await guarded?.stop();
  await server?.stop();
});

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function botTexts(chatId: number): string[] {
  return server.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chatId)).map((u) => String(u.message.text));
}

describe('telegram webhook', () => {
  it('receives updates that the Bot API server posts, and answers them', async () => {
    const user = server.getClient(TOKEN, { chatId: 3001, userId: 3001 });
    await user.sendMessage(user.makeMessage('Xin chào'));
    await eventually(() => (botTexts(3001).length > 0 ? true : undefined), 'the answer');
    expect(botTexts(3001)).toEqual(['Đáp: Xin chào']);
  });

  it('acknowledges at once and answers after, so a slow answer is never re-sent', async () => {
    const started = Date.now();
    const response = await post(openUrl, textUpdate('chậm', { chat: { id: 3002, type: 'private', first_name: 'Lan' } }));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLOW_MS / 2);
    expect(botTexts(3002)).toEqual([]);
    await eventually(() => (botTexts(3002).length > 0 ? true : undefined), 'the slow answer', SLOW_MS + 3_000);
    expect(botTexts(3002)).toEqual(['Đáp: chậm']);
  });

  it('refuses requests without the secret, at other paths, or that are not updates', async () => {
    const update = textUpdate('có bí mật', { chat: { id: 3003, type: 'private', first_name: 'Lan' } });
    expect((await post(guardedUrl, update)).status).toBe(401);
    expect((await post(guardedUrl, update, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await post(guardedUrl.replace('/hook/tg', '/other'), update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(404);
    expect((await fetch(guardedUrl)).status).toBe(404);
    const notJson = await fetch(guardedUrl, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(service.received.some((m) => m.chatId === '3003')).toBe(false);

    expect((await post(guardedUrl, update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
    await eventually(() => (botTexts(3003).length > 0 ? true : undefined), 'the answer');
    expect(botTexts(3003)).toEqual(['Đáp: có bí mật']);
  });

  it('stops gracefully: stops listening, and finishes an answer already taken', async () => {
    const response = await post(guardedUrl, textUpdate('chậm', { chat: { id: 3004, type: 'private', first_name: 'Lan' } }), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    expect(response.status).toBe(200);
    await guarded?.stop();

    expect(botTexts(3004)).toEqual(['Đáp: chậm']);
    await expect(post(guardedUrl, {}, { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).rejects.toThrow();
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(GUARDED_TOKEN);
  });
});
