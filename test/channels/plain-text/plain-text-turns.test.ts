import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { APOLOGY, createPlainTextTurns } from '../../../src/channels/plain-text/plain-text-turns.ts';
import type { ConversationService, IncomingMessage, Reply } from '../../../src/conversation/types.ts';

function logs() {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }), entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

const incoming = (text: string, fields: Partial<IncomingMessage> = {}): IncomingMessage => ({
  channel: 'zalo-bot',
  userId: 'u1',
  chatId: 'c1',
  isGroup: false,
  addressed: true,
  text,
  ...fields,
});

function setUp(answer: (m: IncomingMessage) => Reply[] | Promise<Reply[]>) {
  const received: IncomingMessage[] = [];
  const service: ConversationService = {
    async handle(message) {
      received.push(message);
      return message.isGroup && !message.addressed ? [] : answer(message);
    },
  };
  const { logger, entries } = logs();
  const turns = createPlainTextTurns({ service, logger, label: 'Test', maxLength: 50 });
  const delivered: string[][] = [];
  const take = (message: IncomingMessage, typing?: () => Promise<void>) =>
    turns.take({ incoming: message, typing, deliver: async (messages) => void delivered.push(messages) });
  return { turns, take, received, delivered, entries };
}

describe('createPlainTextTurns', () => {
  it('renders replies as plain text within the limit, and a typed number presses the option it shows', async () => {
    const { take, received, delivered } = setUp((m) =>
      m.text === 'menu' ? [{ text: '**Chọn:**', buttons: ['Một', 'Hai'] }] : [{ text: `Đáp ${m.text}. ${'chữ '.repeat(20)}` }],
    );
    await take(incoming('menu'));
    await take(incoming('2'));

    expect(delivered[0]).toEqual(['Chọn:\n\nNhắn số để chọn:\n1. Một\n2. Hai']);
    expect(received[1]?.text).toBe('Hai');
    expect(delivered[1]!.length).toBeGreaterThan(1);
    expect(delivered[1]!.every((m) => m.length <= 50)).toBe(true);
  });

  it('keeps the turns of one chat in order while other chats run alongside', async () => {
    const order: string[] = [];
    const { take } = setUp(async (m) => {
      if (m.text === 'chậm') await new Promise((r) => setTimeout(r, 50));
      order.push(`${m.chatId}:${m.text}`);
      return [{ text: 'ok' }];
    });
    await Promise.all([take(incoming('chậm')), take(incoming('nhanh')), take(incoming('khác', { chatId: 'c2' }))]);
    expect(order).toEqual(['c2:khác', 'c1:chậm', 'c1:nhanh']);
  });

  it('shows typing only for a message meant for the bot, and a failing indicator changes nothing', async () => {
    const { take, delivered, entries } = setUp(() => [{ text: 'ok' }]);
    const typing = vi.fn(async () => {
      throw new Error('sendChatAction not supported');
    });
    await take(incoming('hỏi'), typing);
    await take(incoming('chuyện riêng', { isGroup: true, addressed: false }), typing);

    expect(typing).toHaveBeenCalledTimes(1);
    expect(delivered).toEqual([['ok']]);
    await vi.waitFor(() => expect(entries().some((e) => e.msg === 'Test: typing indicator not shown')).toBe(true));
  });

  it('apologises when the core fails on an addressed message, stays silent otherwise, and never rejects', async () => {
    const { logger, entries } = logs();
    const failing: ConversationService = {
      handle: async () => {
        throw new Error('index not loaded');
      },
    };
    const turns = createPlainTextTurns({ service: failing, logger, label: 'Test', maxLength: 2_000 });
    const delivered: string[][] = [];
    const deliver = async (messages: string[]) => void delivered.push(messages);
    await expect(turns.take({ incoming: incoming('hỏi'), deliver })).resolves.toBeUndefined();
    await turns.take({ incoming: incoming('ồn ào', { isGroup: true, addressed: false }), deliver });
    expect(delivered).toEqual([[APOLOGY]]);
    expect(entries().filter((e) => e.level === 50)).toHaveLength(2);
  });

  it('drains: resolves once every turn taken has been delivered', async () => {
    const { take, turns, delivered } = setUp(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return [{ text: 'xong' }];
    });
    void take(incoming('1'));
    void take(incoming('2', { chatId: 'c2' }));
    await turns.drain();
    expect(delivered).toEqual([['xong'], ['xong']]);
  });
});
