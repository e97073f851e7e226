import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PermanentChannelError, type RunningChannel } from '../../../src/channels/channel-supervisor.ts';
import { startZaloBot, type ZaloBotChannelOptions } from '../../../src/channels/zalo-bot/zalo-bot-channel.ts';
import type { ConversationService, IncomingMessage, Reply } from '../../../src/conversation/types.ts';
import { freePort } from '../../fixtures/reliability/telegram.ts';
import { startZaloBotStandIn, type ZaloBotFault, type ZaloBotStandIn } from '../../fixtures/zalo-bot-stand-in.ts';

/**
 * The real Zalo Bot Platform channel (polling and webhook) against the stand-in server on
 * 127.0.0.1, with a scripted core: what reaches the core, and what reaches the chat.
 */

const TOKEN = '1459232241454765289:ZaloBot-test-secret-token-Kq7';
const LONG = Array.from({ length: 12 }, (_, i) => `**Đoạn ${i + 1}.** ${'Hợp tác xã nông nghiệp góp vốn. '.repeat(14).trim()}`).join('\n\n');

function scriptedService(answer: (m: IncomingMessage) => Reply[] | Promise<Reply[]>) {
  const received: IncomingMessage[] = [];
  const service: ConversationService = {
    async handle(message) {
      received.push(message);
      return message.isGroup && !message.addressed ? [] : answer(message);
    },
  };
  return { service, received };
}

const replies = async (m: IncomingMessage): Promise<Reply[]> => {
  if (m.attachment !== undefined) return [{ text: 'Hiện mình chỉ đọc được câu hỏi bằng chữ.' }];
  switch (m.text) {
    case '/start':
      return [{ text: '**Xin chào!** Bạn chọn:', buttons: ['📘 Thành lập HTX', '💰 Chính sách hỗ trợ'] }];
    case 'dài':
      return [{ text: LONG }];
    case 'chậm':
      await new Promise((r) => setTimeout(r, 600));
      return [{ text: 'Trả lời chậm.' }];
    case 'hỏng':
      throw new Error('index not loaded');
    default:
      return [{ text: `Đáp: ${m.text}` }];
  }
};

function capturedLogs() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let standIn: ZaloBotStandIn;
let channel: RunningChannel | undefined;
let faults: Array<(call: { method: string; body: Record<string, unknown> }) => ZaloBotFault | undefined>;

beforeEach(async () => {
  faults = [];
  standIn = await startZaloBotStandIn({
    token: TOKEN,
    maxHoldMs: 300,
    fault: (call) => faults.map((f) => f(call)).find((f) => f !== undefined),
  });
});

afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  await standIn.close();
});

async function start(service: ConversationService, extra: Partial<ZaloBotChannelOptions> = {}) {
  const logs = capturedLogs();
  channel = await startZaloBot({
    token: TOKEN,
    apiRoot: standIn.apiRoot,
    service,
    logger: logs.logger,
    pollTimeoutSeconds: 1,
    pollingBackoff: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0, warnAfterFailures: 2 },
    sendRetries: { attempts: 3, firstDelayMs: 20 },
    ...extra,
  });
  return logs;
}

describe('long polling', () => {
  it('answers a private message in its chat, and the core sees a zalo-bot message', async () => {
    const { service, received } = scriptedService(replies);
    await start(service);
    standIn.say('user-1', 'Thành lập HTX cần mấy người?');

    expect(await standIn.waitForSent('user-1', 1)).toEqual(['Đáp: Thành lập HTX cần mấy người?']);
    expect(received[0]).toEqual({
      channel: 'zalo-bot',
      userId: 'user-1',
      chatId: 'user-1',
      isGroup: false,
      addressed: true,
      text: 'Thành lập HTX cần mấy người?',
    });
    // A webhook left from an earlier deployment would stop getUpdates: it is deleted first.
    expect(standIn.calls.map((c) => c.method).slice(0, 3)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
  });

  it('shows buttons as numbered options in plain text, and a typed number or the words press them', async () => {
    const { service, received } = scriptedService(replies);
    await start(service);

    standIn.say('user-2', '/start');
    const [menu] = await standIn.waitForSent('user-2', 1);
    expect(menu).toBe('Xin chào! Bạn chọn:\n\nNhắn số để chọn:\n1. 📘 Thành lập HTX\n2. 💰 Chính sách hỗ trợ');

    standIn.say('user-2', '2');
    await standIn.waitForSent('user-2', 2);
    standIn.say('user-2', '/start');
    await standIn.waitForSent('user-2', 3);
    standIn.say('user-2', 'thành lập htx');
    await standIn.waitForSent('user-2', 4);
    expect(received.map((m) => m.text)).toEqual(['/start', '💰 Chính sách hỗ trợ', '/start', '📘 Thành lập HTX']);
  });

  it('splits a long reply at paragraphs into messages of at most 2,000 characters, in order, without markup', async () => {
    const { service } = scriptedService(replies);
    await start(service);
    standIn.say('user-3', 'dài');

    await standIn.waitForSent('user-3', 2);
    await new Promise((r) => setTimeout(r, 100));
    const texts = standIn.sentTo('user-3');
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 2_000)).toBe(true);
    expect(texts.join('\n\n')).toBe(LONG.replace(/\*\*/g, ''));
  });

  it('shows typing while the core works, and answers a sticker with the polite text reply', async () => {
    const { service, received } = scriptedService(replies);
    await start(service);
    standIn.say('user-4', 'chậm');
    standIn.sendSticker('user-5');

    expect(await standIn.waitForSent('user-4', 1)).toEqual(['Trả lời chậm.']);
    expect(await standIn.waitForSent('user-5', 1)).toEqual(['Hiện mình chỉ đọc được câu hỏi bằng chữ.']);
    expect(standIn.actions).toContainEqual({ chatId: 'user-4', action: 'typing' });
    expect(received.find((m) => m.userId === 'user-5')).toMatchObject({ attachment: 'sticker', addressed: true });
  });

  it('in a group, answers only when named or given a command', async () => {
    const { service, received } = scriptedService(replies);
    await start(service);
    const group = { id: 'group-9', type: 'GROUP' as const };
    standIn.say('user-6', 'Mai họp lúc mấy giờ?', group);
    standIn.say('user-6', '@Trợ lý HTX vốn điều lệ là gì?', group);
    standIn.say('user-7', '/nguon', group);

    await standIn.waitForSent('group-9', 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(standIn.sentTo('group-9')).toEqual(['Đáp: vốn điều lệ là gì?', 'Đáp: /nguon']);
    expect(received.map((m) => m.addressed)).toEqual([false, true, true]);
  });

  it('keeps chats apart and each in order: twenty users at once', async () => {
    const { service } = scriptedService(replies);
    await start(service);
    const users = Array.from({ length: 20 }, (_, i) => `crowd-${i}`);
    for (const user of users) {
      standIn.say(user, 'câu 1');
      standIn.say(user, 'câu 2');
    }
    for (const user of users) expect(await standIn.waitForSent(user, 2)).toEqual(['Đáp: câu 1', 'Đáp: câu 2']);
  });

  it('apologises when the core fails, and keeps serving', async () => {
    const { service } = scriptedService(replies);
    const logs = await start(service);
    standIn.say('user-8', 'hỏng');
    standIn.say('user-8', 'sau đó');

    const [apology, next] = await standIn.waitForSent('user-8', 2);
    expect(apology).toMatch(/^Xin lỗi/);
    expect(next).toBe('Đáp: sau đó');
    expect(logs.entries().some((e) => e.level === 50 && e.msg === 'Zalo Bot Platform: the conversation service failed')).toBe(true);
  });

  it('retries a send the platform fails (500, a dropped connection) and delivers it once', async () => {
    faults.push((call) => (call.method === 'sendMessage' && call.body.chat_id === 'user-9' ? nextSendFault.shift() : undefined));
    const nextSendFault: ZaloBotFault[] = [{ status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } }, 'drop'];
    const { service } = scriptedService(replies);
    const logs = await start(service);
    standIn.say('user-9', 'lại');

    expect(await standIn.waitForSent('user-9', 1)).toEqual(['Đáp: lại']);
    await new Promise((r) => setTimeout(r, 100));
    expect(standIn.sentTo('user-9')).toHaveLength(1);
    expect(logs.entries().filter((e) => e.msg === 'Zalo Bot Platform: sendMessage failed, retrying')).toHaveLength(2);
  });

  it('stops taking updates on stop, and sends the answers already being worked on first', async () => {
    const { service } = scriptedService(replies);
    await start(service);
    standIn.say('user-10', 'chậm');
    await vi.waitFor(() => expect(standIn.actions.some((a) => a.chatId === 'user-10')).toBe(true));

    await channel?.stop();
    channel = undefined;
    expect(standIn.sentTo('user-10')).toEqual(['Trả lời chậm.']);
    const polls = standIn.calls.filter((c) => c.method === 'getUpdates').length;
    standIn.say('user-11', 'sau khi dừng');
    await new Promise((r) => setTimeout(r, 400));
    expect(standIn.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(polls);
    expect(standIn.sentTo('user-11')).toEqual([]);
  });
});

describe('starting', () => {
  it('a refused token is permanent, and the token never appears in the error or the logs', async () => {
    const logs = capturedLogs();
    const error = await startZaloBot({ token: 'wrong:token-value-123', apiRoot: standIn.apiRoot, service: scriptedService(replies).service, logger: logs.logger }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentChannelError);
    expect(String((error as Error).message)).toMatch(/401.*ZALO_BOT_TOKEN/);
    expect(String((error as Error).message) + logs.lines.join('')).not.toContain('token-value-123');
  });

  it('a platform that cannot be reached is a failure to retry, not a permanent one', async () => {
    const logs = capturedLogs();
    const error = await startZaloBot({
      token: TOKEN,
      apiRoot: `http://127.0.0.1:${await freePort()}`,
      service: scriptedService(replies).service,
      logger: logs.logger,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentChannelError);
    expect(String((error as Error).message)).toMatch(/getMe: no answer \(ECONNREFUSED\)/);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('a token revoked while serving ends polling with one clear error line', async () => {
    const logs = await start(scriptedService(replies).service);
    standIn.revokeToken();
    await vi.waitFor(() => expect(logs.entries().some((e) => e.level === 50)).toBe(true), { timeout: 3_000 });
    const errors = logs.entries().filter((e) => Number(e.level) >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/token was refused \(401\).*ZALO_BOT_TOKEN/);
    await expect(channel?.ended).resolves.toBe('token-refused');
  });
});

describe('webhook', () => {
  const SECRET = 'zalo-webhook_secret-42';

  async function startWebhook(service: ConversationService) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/zalo/hook`;
    const logs = await start(service, { webhook: { url, port, secret: SECRET } });
    return { url, logs };
  }

  it('registers itself with the secret and answers the updates the platform posts', async () => {
    const { service } = scriptedService(replies);
    const { url } = await startWebhook(service);
    expect(standIn.webhook()).toEqual({ url, secret: SECRET });

    standIn.say('hook-1', 'Xin chào');
    expect(await standIn.waitForSent('hook-1', 1)).toEqual(['Đáp: Xin chào']);
    expect(standIn.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(standIn.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('acknowledges at once and answers after', async () => {
    const { service } = scriptedService(replies);
    const { url } = await startWebhook(service);
    const update = { event_name: 'message.text.received', message: { message_id: 'x1', date: Date.now(), text: 'chậm', chat: { id: 'hook-2', chat_type: 'PRIVATE' }, from: { id: 'hook-2' } } };
    const started = Date.now();
    const response = await fetch(url, { method: 'POST', headers: { 'x-bot-api-secret-token': SECRET }, body: JSON.stringify({ ok: true, result: update }) });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(300);
    expect(await standIn.waitForSent('hook-2', 1)).toEqual(['Trả lời chậm.']);
  });

  it('refuses calls with a wrong or missing secret, and answers nothing for them', async () => {
    const { service, received } = scriptedService(replies);
    const { url } = await startWebhook(service);
    const update = { event_name: 'message.text.received', message: { message_id: 'x2', date: Date.now(), text: 'giả mạo', chat: { id: 'hook-3', chat_type: 'PRIVATE' }, from: { id: 'hook-3' } } };
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });

    expect((await post({ 'x-bot-api-secret-token': 'not-the-secret' })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual([]);
    expect(standIn.sentTo('hook-3')).toEqual([]);
  });

  it('a webhook the platform refuses is permanent, and the port is freed', async () => {
    const port = await freePort();
    const error = await start(scriptedService(replies).service, { webhook: { url: `ftp://127.0.0.1:${port}/x`, port, secret: SECRET } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentChannelError);
    // Freed: the same port can be listened on again.
    const again = await start(scriptedService(replies).service, { webhook: { url: `http://127.0.0.1:${port}/x`, port, secret: SECRET } });
    expect(again).toBeDefined();
  });
});
