import { describe, expect, it, vi } from 'vitest';
import { APOLOGY } from '../../../src/channels/telegram/errors.ts';
import { STALE_BUTTON } from '../../../src/channels/telegram/handler.ts';
import { inlineKeyboard } from '../../../src/channels/telegram/keyboard.ts';
import type { IncomingMessage, Reply } from '../../../src/conversation/types.ts';
import { botMessage, callbackUpdate, FakeService, GROUP, textUpdate } from './fixtures.ts';
import { networkError, recordingBot, sentTexts, TOKEN } from './harness.ts';

const WELCOME: Reply = { text: '**Chào bạn!** Hỏi tôi về hợp tác xã.', buttons: ['Thành lập hợp tác xã', 'Chính sách hỗ trợ', 'Các văn bản'] };

/** Handles an update the way the runner does: middleware errors go to the bot's error handler. */
async function deliver(bot: ReturnType<typeof recordingBot>['bot'], update: Parameters<typeof bot.handleUpdate>[0]) {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    await bot.errorHandler(error as never);
  }
}

describe('telegram handler (bot.handleUpdate, Bot API recorded)', () => {
  it('answers a private question in HTML, showing "typing" first', async () => {
    const service = new FakeService(() => [{ text: '**Điều 30** quy định <vốn> & góp vốn.\n• Nguồn: Luật HTX 2023' }]);
    const { bot, calls } = recordingBot(service);
    await deliver(bot, textUpdate('vốn điều lệ?'));

    expect(service.received).toEqual([
      { channel: 'telegram', userId: '42', chatId: '42', isGroup: false, addressed: true, text: 'vốn điều lệ?' },
    ]);
    expect(calls.map((c) => c.method)).toEqual(['sendChatAction', 'sendMessage']);
    expect(calls[0]?.payload).toMatchObject({ chat_id: 42, action: 'typing' });
    expect(calls[1]?.payload).toMatchObject({
      chat_id: 42,
      parse_mode: 'HTML',
      text: '<b>Điều 30</b> quy định &lt;vốn&gt; &amp; góp vốn.\n• Nguồn: Luật HTX 2023',
    });
  });

  it('puts the buttons on the last message of a long reply, and sends replies in order', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `Đoạn ${i}: ${'chữ '.repeat(80)}`).join('\n\n');
    const service = new FakeService(() => [{ text: long, buttons: ['Tiếp', 'Huỷ'] }, { text: 'Hết.' }]);
    const { bot, calls } = recordingBot(service);
    await deliver(bot, textUpdate('/start'));

    const sends = calls.filter((c) => c.method === 'sendMessage');
    expect(sends.length).toBeGreaterThan(3);
    expect(sends.at(-1)?.payload.text).toBe('Hết.');
    const withKeyboard = sends.filter((c) => c.payload.reply_markup !== undefined);
    expect(withKeyboard).toHaveLength(1);
    expect(withKeyboard[0]).toBe(sends.at(-2));
    expect(withKeyboard[0]?.payload.reply_markup).toEqual(inlineKeyboard(['Tiếp', 'Huỷ']));
    const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(collapse(sentTexts(calls).slice(0, -1).join(' '))).toBe(collapse(long));
    for (const text of sentTexts(calls)) expect(text.length).toBeLessThanOrEqual(4096);
  });

  it('answers a button press first, then gives its label to the core as typed text', async () => {
    const service = new FakeService(() => [{ text: 'Về thành lập…' }]);
    const { bot, calls } = recordingBot(service);
    await deliver(bot, callbackUpdate('b0', botMessage('Chào', { reply_markup: inlineKeyboard(WELCOME.buttons!) })));

    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendMessage']);
    expect(calls[0]?.payload).not.toHaveProperty('text');
    expect(service.received[0]).toMatchObject({ text: 'Thành lập hợp tác xã', addressed: true });
  });

  it('tells the user when a button is too old to read, without bothering the core', async () => {
    const service = new FakeService(() => [{ text: 'x' }]);
    const { bot, calls } = recordingBot(service);
    await deliver(bot, callbackUpdate('b3', botMessage('Chào', { reply_markup: inlineKeyboard(['A']) })));

    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    expect(calls[0]?.payload).toMatchObject({ text: STALE_BUTTON, show_alert: true });
    expect(service.received).toEqual([]);
  });

  it('stays silent in a group when not addressed, and quotes the question when it is', async () => {
    const service = new FakeService((m: IncomingMessage) => (m.addressed ? [{ text: 'Trả lời' }] : []));
    const { bot, calls } = recordingBot(service);
    await deliver(bot, textUpdate('chuyện riêng của nhóm', { chat: GROUP }));
    expect(service.received[0]).toMatchObject({ isGroup: true, addressed: false });
    expect(calls).toEqual([]);

    const question = textUpdate('@TestNameBot vốn điều lệ?', { chat: GROUP });
    await deliver(bot, question);
    expect(service.received[1]).toMatchObject({ addressed: true, text: 'vốn điều lệ?' });
    expect(calls.map((c) => c.method)).toEqual(['sendChatAction', 'sendMessage']);
    expect(calls[1]?.payload).toMatchObject({
      chat_id: GROUP.id,
      reply_parameters: { message_id: question.message?.message_id, allow_sending_without_reply: true },
    });
  });

  it('answers even when the typing indicator and the button acknowledgement fail', async () => {
    const service = new FakeService(() => [{ text: 'Vẫn trả lời' }]);
    const { bot, calls, entries } = recordingBot(service, ({ method }) =>
      method === 'sendChatAction' ? { error_code: 404, description: 'Not Found: method not found' }
      : method === 'answerCallbackQuery' ? networkError(method)
      : undefined,
    );
    await deliver(bot, textUpdate('hỏi'));
    await deliver(bot, callbackUpdate('b0', botMessage('Chào', { reply_markup: inlineKeyboard(['Có']) })));

    expect(sentTexts(calls)).toEqual(['Vẫn trả lời', 'Vẫn trả lời']);
    const debug = entries().filter((e) => e.level === 20).map((e) => e.msg);
    expect(debug).toContain('typing indicator not shown');
    expect(debug).toContain('callback query not answered');
    expect(entries().some((e) => Number(e.level) >= 50)).toBe(false);
  });

  it('processes one chat in order even when updates arrive together', async () => {
    const delays: Record<string, number> = { 'một': 150, 'hai': 0 };
    const service = new FakeService(async (m) => {
      await new Promise((r) => setTimeout(r, delays[m.text ?? ''] ?? 0));
      return [{ text: `đáp ${m.text}` }];
    });
    const { bot, calls } = recordingBot(service);
    await Promise.all([deliver(bot, textUpdate('một')), deliver(bot, textUpdate('hai'))]);
    expect(sentTexts(calls)).toEqual(['đáp một', 'đáp hai']);
  });

  it('apologises when the core fails, and keeps the token out of the logs', async () => {
    const service = new FakeService(() => {
      throw new Error(`upstream said: GET https://api.telegram.org/bot${TOKEN}/getMe 502`);
    });
    const { bot, calls, lines, entries } = recordingBot(service);
    await deliver(bot, textUpdate('hỏi'));

    expect(sentTexts(calls)).toEqual([APOLOGY]);
    const error = entries().find((e) => e.msg === 'telegram update failed');
    expect(error).toMatchObject({ level: 50, user: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(JSON.stringify(error)).toContain('[token]');
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('"42"');
  });

  it('survives a reply that cannot be sent, without leaking the token from a network error', async () => {
    const service = new FakeService(() => [{ text: 'x' }]);
    const { bot, calls, lines, entries } = recordingBot(service, ({ method }) => (method === 'sendMessage' ? networkError(method) : undefined));
    await deliver(bot, textUpdate('hỏi'));

    // The answer, then the apology: both fail; each try is bounded by the retry transformers,
    // which sit below the recorder here, so each send is recorded once.
    expect(calls.filter((c) => c.method === 'sendMessage')).toHaveLength(2);
    expect(entries().map((e) => e.msg)).toEqual(expect.arrayContaining(['telegram update failed', 'telegram apology not sent']));
    expect(lines.join('\n')).toContain('ECONNRESET');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('does not apologise in a group to a message that was not for the bot', async () => {
    const service = new FakeService(() => {
      throw new Error('boom');
    });
    const { bot, calls } = recordingBot(service);
    await deliver(bot, textUpdate('chuyện nhóm', { chat: GROUP }));
    expect(calls).toEqual([]);
  });
});

describe('telegram handler, button presses in a busy chat', () => {
  it('acknowledges a press at once, even while the chat is still waiting for an earlier answer', async () => {
    let release = () => {};
    const service = new FakeService(async (m) => {
      if (m.text === 'chậm') await new Promise<void>((r) => (release = r));
      return [{ text: `đáp ${m.text}` }];
    });
    const { bot, calls } = recordingBot(service);
    const slow = deliver(bot, textUpdate('chậm'));
    const press = deliver(bot, callbackUpdate('b0', botMessage('Chào', { reply_markup: inlineKeyboard(['Có']) })));
    await vi.waitFor(() => expect(calls.map((c) => c.method)).toContain('answerCallbackQuery'));
    expect(sentTexts(calls)).toEqual([]);
    release();
    await Promise.all([slow, press]);
    expect(sentTexts(calls)).toEqual(['đáp chậm', 'đáp Có']);
  });
});
