import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationService, IncomingMessage, Reply } from '../../../src/conversation/types.ts';
import type { ZaloMessage } from '../../../src/channels/zalo/zalo-api.ts';
import { FakeZaloClient } from '../../fixtures/fake-zalo-client.ts';
import { startZalo, type ZaloChannel, type ZaloChannelOptions } from '../../../src/channels/zalo/zalo-channel.ts';

const BOT = 'bot-0001';
let nextMessageId = 1;

function direct(text: string, from = 'farmer-1'): ZaloMessage {
  return { messageId: `m-${nextMessageId++}`, sentAt: Date.now(), threadId: from, isGroup: false, isSelf: false, senderId: from, msgType: 'webchat', content: text, mentions: [] };
}

function inGroup(text: string, options: { from?: string; mentions?: ZaloMessage['mentions']; quotedSenderId?: string } = {}): ZaloMessage {
  const from = options.from ?? 'farmer-1';
  return {
    messageId: `m-${nextMessageId++}`,
    sentAt: Date.now(),
    threadId: 'group-7',
    isGroup: true,
    isSelf: false,
    senderId: from,
    msgType: 'webchat',
    content: text,
    mentions: options.mentions ?? [],
    quotedSenderId: options.quotedSenderId,
  };
}

/** Answers like the core: silence for a group message not addressed to the bot, `answer` otherwise. */
function fakeService(answer: (m: IncomingMessage) => Reply[] | Promise<Reply[]> = (m) => [{ text: `Bạn hỏi: ${m.text ?? m.attachment}` }]) {
  const received: IncomingMessage[] = [];
  const service: ConversationService = {
    async handle(message) {
      received.push(message);
      return message.isGroup && !message.addressed ? [] : answer(message);
    },
  };
  return { service, received };
}

function capturedLogs() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

let channel: ZaloChannel | undefined;
afterEach(() => {
  // Not awaited: under fake timers a drain would wait for timers that never fire.
  void channel?.stop();
  channel = undefined;
  vi.useRealTimers();
});

function start(client: FakeZaloClient, service: ConversationService, extra: Partial<ZaloChannelOptions> = {}) {
  const logs = capturedLogs();
  channel = startZalo({ client, service, logger: logs.logger, sendIntervalMs: 2, drainTimeoutMs: 50, ...extra });
  return logs;
}

describe('messages in', () => {
  it('answers a direct message in its thread', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service);

    client.deliver(direct('Thành lập HTX cần mấy người?'));

    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(received[0]).toEqual({
      channel: 'zalo',
      userId: 'farmer-1',
      chatId: 'farmer-1',
      isGroup: false,
      addressed: true,
      text: 'Thành lập HTX cần mấy người?',
    });
    expect(client.sent[0]).toMatchObject({ threadId: 'farmer-1', isGroup: false, text: 'Bạn hỏi: Thành lập HTX cần mấy người?' });
  });

  it('leaves a group message without a mention to the core as not addressed, and sends nothing', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service);

    client.deliver(inGroup('Mai họp lúc mấy giờ?'));

    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ isGroup: true, addressed: false, text: 'Mai họp lúc mấy giờ?' });
    await new Promise((r) => setTimeout(r, 20));
    expect(client.sent).toEqual([]);
  });

  it('answers a group message that mentions the bot, with the mention taken out of the text', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service);

    client.deliver(
      inGroup('@Trợ lý HTX vốn điều lệ tối thiểu là bao nhiêu? @Anh Ba', {
        mentions: [
          { uid: BOT, pos: 0, len: 11 },
          { uid: 'farmer-2', pos: 46, len: 7 },
        ],
      }),
    );

    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(received[0]).toMatchObject({ addressed: true, text: 'vốn điều lệ tối thiểu là bao nhiêu? @Anh Ba' });
    expect(client.sent[0]).toMatchObject({ threadId: 'group-7', isGroup: true });
  });

  it('treats a group message quoting the bot, or a command, as addressed', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service);

    client.deliver(inGroup('còn hồ sơ thì sao?', { quotedSenderId: BOT }));
    client.deliver(inGroup('/thanhlap', { from: 'farmer-2' }));

    await vi.waitFor(() => expect(client.sent).toHaveLength(2));
    expect(received.map((m) => m.addressed)).toEqual([true, true]);
  });

  it("ignores the bot account's own messages", async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service);

    client.deliver({ ...direct('Xin chào'), isSelf: true, senderId: BOT });

    await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([]);
    expect(client.sent).toEqual([]);
  });

  it('passes a sticker, photo or voice message on as an attachment for the core to answer', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService(() => [{ text: 'Bạn vui lòng gõ câu hỏi bằng chữ.' }]);
    start(client, service);

    const attachment = { title: '', description: '', href: 'https://photo.example/1.jpg', thumb: '', childnumber: 0, action: '', params: '', type: '' };
    client.deliver({ ...direct(''), msgType: 'chat.sticker', content: { id: 1, catId: 2, type: 7 } });
    client.deliver({ ...direct(''), msgType: 'chat.photo', content: attachment });
    client.deliver({ ...direct(''), msgType: 'chat.voice', content: attachment });
    client.deliver({ ...direct(''), msgType: 'chat.something-new', content: {} });

    await vi.waitFor(() => expect(client.sent).toHaveLength(4));
    expect(received.map((m) => m.attachment)).toEqual(['sticker', 'photo', 'voice', 'other']);
    expect(received.every((m) => m.text === undefined)).toBe(true);
    expect(client.sent[0]?.text).toBe('Bạn vui lòng gõ câu hỏi bằng chữ.');
  });

  it('apologises when the core fails on an addressed message, and keeps serving', async () => {
    const client = new FakeZaloClient();
    let calls = 0;
    const service: ConversationService = {
      async handle() {
        calls += 1;
        if (calls === 1) throw new Error('index not loaded');
        return [{ text: 'OK' }];
      },
    };
    const logs = start(client, service);

    client.deliver(direct('câu 1'));
    client.deliver(direct('câu 2'));

    await vi.waitFor(() => expect(client.sent).toHaveLength(2));
    expect(client.sent[0]?.text).toMatch(/Xin lỗi/);
    expect(client.sent[1]?.text).toBe('OK');
    expect(logs.entries().some((e) => e.level === 50 && /conversation service failed/.test(e.msg))).toBe(true);
  });
});

describe('replies out', () => {
  it('shows buttons as numbered options, and a typed "2" presses the second', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService((m) =>
      m.text === 'Chính sách hỗ trợ'
        ? [{ text: 'Đây là các **chính sách** hỗ trợ.' }]
        : [{ text: 'Bạn muốn tìm hiểu gì?', buttons: ['Thành lập HTX', 'Chính sách hỗ trợ'] }],
    );
    start(client, service);

    client.deliver(direct('/start'));
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]?.text).toBe('Bạn muốn tìm hiểu gì?\n\nNhắn số để chọn:\n1. Thành lập HTX\n2. Chính sách hỗ trợ');

    client.deliver(direct(' 2 '));
    await vi.waitFor(() => expect(client.sent).toHaveLength(2));
    expect(received[1]?.text).toBe('Chính sách hỗ trợ');
    expect(client.sent[1]?.text).toBe('Đây là các chính sách hỗ trợ.');

    // That reply had no buttons, so a "2" now is just text again.
    client.deliver(direct('2'));
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received[2]?.text).toBe('2');
  });

  it("maps an option's own words, and in a group only for the member the options were shown to", async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService((m) => [{ text: `→ ${m.text}`, buttons: ['Có', 'Không'] }]);
    start(client, service);

    client.deliver(inGroup('@Bot có được vay vốn không?', { mentions: [{ uid: BOT, pos: 0, len: 4 }] }));
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));

    client.deliver(inGroup('1', { from: 'farmer-2' }));
    client.deliver(inGroup('không'));
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received[1]).toMatchObject({ userId: 'farmer-2', text: '1', addressed: false });
    expect(received[2]).toMatchObject({ userId: 'farmer-1', text: 'Không', addressed: true });
  });

  it('numbers the buttons of several replies on, so each number means one button', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService((m) =>
      m.text === '/start'
        ? [
            { text: 'Phần 1', buttons: ['A', 'B'] },
            { text: 'Phần 2', buttons: ['C'] },
          ]
        : [{ text: 'ok' }],
    );
    start(client, service);

    client.deliver(direct('/start'));
    await vi.waitFor(() => expect(client.sent).toHaveLength(2));
    expect(client.sent[1]?.text).toContain('3. C');

    client.deliver(direct('3'));
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]?.text).toBe('C');
  });

  it('splits a long reply into messages within the limit, in order', async () => {
    const client = new FakeZaloClient();
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Đoạn ${i + 1}. ` + 'Hợp tác xã nông nghiệp '.repeat(20).trim());
    const { service } = fakeService(() => [{ text: paragraphs.join('\n\n') }]);
    start(client, service, { maxLength: 1_000 });

    client.deliver(direct('dài'));

    await vi.waitFor(() => expect(client.sent.length).toBeGreaterThan(1));
    await new Promise((r) => setTimeout(r, 50));
    const texts = client.sent.map((s) => s.text);
    expect(texts.every((t) => t.length <= 1_000)).toBe(true);
    expect(texts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('spaces its sends by at least the interval, across chats', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    const { service } = fakeService(() => [{ text: 'một' }, { text: 'hai' }, { text: 'ba' }]);
    start(client, service, { sendIntervalMs: 1_000 });

    client.deliver(direct('hỏi', 'farmer-1'));
    client.deliver(direct('hỏi', 'farmer-2'));
    await vi.advanceTimersByTimeAsync(20_000);

    expect(client.sent).toHaveLength(6);
    const gaps = client.sent.slice(1).map((s, i) => s.at - client.sent[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_250);
    expect(client.sent.filter((s) => s.threadId === 'farmer-1').map((s) => s.text)).toEqual(['một', 'hai', 'ba']);
  });
});

describe('answering as a person would', () => {
  it('shows typing while the core works on a message meant for the bot, not on group chatter', async () => {
    const client = new FakeZaloClient();
    const { service } = fakeService();
    start(client, service);

    client.deliver(direct('Hồ sơ gồm những gì?'));
    client.deliver(inGroup('chuyện khác'));
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(client.typing.map((t) => t.threadId)).toEqual(['farmer-1']);
  });

  it("in a group, quotes the asker's message with the first part of the answer", async () => {
    const client = new FakeZaloClient();
    const { service } = fakeService(() => [{ text: 'Phần 1' }, { text: 'Phần 2' }]);
    start(client, service);

    const question = inGroup('@Bot vốn tối đa?', { mentions: [{ uid: BOT, pos: 0, len: 4 }] });
    client.deliver(question);
    client.deliver(direct('riêng tư'));
    await vi.waitFor(() => expect(client.sent).toHaveLength(4));
    expect(client.sent.filter((s) => s.threadId === 'group-7')).toEqual([
      expect.objectContaining({ text: 'Phần 1', quoted: question.messageId }),
      expect.not.objectContaining({ quoted: expect.anything() }),
    ]);
    expect(client.sent.filter((s) => s.threadId === 'farmer-1').every((s) => s.quoted === undefined)).toBe(true);
  });
});

describe('messages missed while the listener was down', () => {
  it('asks for them after a reconnection and answers each once: not the answered ones, not its own, not older ones', async () => {
    const client = new FakeZaloClient();
    const { service, received } = fakeService();
    start(client, service, { reconnect: { initialDelayMs: 5 } });
    client.connect();
    expect(client.missedRequests).toBe(0);

    const answered = direct('đã trả lời');
    client.deliver(answered);
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));

    client.close(1006, 'network');
    const wentDown = Date.now();
    await vi.waitFor(() => expect(client.startedAt).toHaveLength(2));
    client.connect();
    expect(client.missedRequests).toBe(1);

    const missed = [direct('hỏi lúc mất kết nối', 'farmer-2'), direct('câu thứ hai', 'farmer-2')];
    client.deliverMissed([
      { ...direct('cũ từ hôm qua', 'farmer-3'), sentAt: wentDown - 24 * 60 * 60_000 },
      answered,
      { ...direct('bot tự gửi', 'farmer-2'), isSelf: true, senderId: BOT },
      ...missed,
    ]);
    // Zalo may hand the same batch back twice (direct and group requests): still once.
    client.deliverMissed(missed);

    await vi.waitFor(() => expect(client.sent).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 30));
    expect(received.map((m) => m.text)).toEqual(['đã trả lời', 'hỏi lúc mất kết nối', 'câu thứ hai']);
    expect(client.sentTo('farmer-2')).toEqual(['Bạn hỏi: hỏi lúc mất kết nối', 'Bạn hỏi: câu thứ hai']);
  });

  it('does not answer a message twice when it arrives live and again among the missed ones', async () => {
    const client = new FakeZaloClient();
    const { service } = fakeService();
    start(client, service, { reconnect: { initialDelayMs: 5 } });
    client.connect();
    client.close();
    await vi.waitFor(() => expect(client.startedAt).toHaveLength(2));
    client.connect();

    const message = direct('gửi đúng lúc kết nối lại');
    client.deliver(message);
    client.deliverMissed([message]);
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 30));
    expect(client.sent).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('answers the messages already taken and sends every queued reply before it resolves', async () => {
    const client = new FakeZaloClient();
    const { service } = fakeService(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return [{ text: 'một' }, { text: 'hai' }, { text: 'ba' }];
    });
    start(client, service, { sendIntervalMs: 30, drainTimeoutMs: 5_000 });
    client.deliver(direct('hỏi', 'farmer-1'));
    client.deliver(direct('hỏi', 'farmer-2'));

    await channel?.stop();
    expect(client.sentTo('farmer-1')).toEqual(['một', 'hai', 'ba']);
    expect(client.sentTo('farmer-2')).toEqual(['một', 'hai', 'ba']);
    expect(client.stopped).toBe(true);
    expect(client.disposed).toBe(true);

    client.deliver(direct('sau khi dừng', 'farmer-3'));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.sentTo('farmer-3')).toEqual([]);
  });

  it('gives up on what is still queued after the drain timeout, and says how much', async () => {
    const client = new FakeZaloClient();
    const { service } = fakeService(() => Array.from({ length: 10 }, (_, i) => ({ text: `phần ${i + 1}` })));
    const logs = start(client, service, { sendIntervalMs: 100, drainTimeoutMs: 250 });
    client.deliver(direct('dài'));
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));

    await channel?.stop();
    expect(client.sent.length).toBeLessThan(10);
    const warning = logs.entries().find((e) => e.msg === 'Zalo: stopped with replies still queued; they were not sent') as { unsent?: number } | undefined;
    expect(warning?.unsent).toBe(10 - client.sent.length);
  });
});

describe('staying connected', () => {
  it('reconnects after the listener closes, waiting longer after each failure in a row', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    const logs = start(client, fakeService().service, {
      reconnect: { initialDelayMs: 1_000, maxDelayMs: 16_000, warnAfterFailures: 4 },
    });
    expect(client.startedAt).toHaveLength(1);

    for (let attempt = 1; attempt <= 8; attempt++) {
      client.close(1006, 'abnormal');
      await vi.advanceTimersByTimeAsync(16_000);
      expect(client.startedAt).toHaveLength(attempt + 1);
    }

    const waits = waitsAfterCloses(client.startedAt, 16_000);
    expect(waits.slice(0, 5)).toEqual([...waits.slice(0, 5)].sort((a, b) => a - b));
    expect(new Set(waits.slice(0, 5)).size).toBe(5);
    expect(waits[0]).toBeGreaterThanOrEqual(800);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    for (const wait of waits.slice(5)) {
      expect(wait).toBeGreaterThanOrEqual(16_000 * 0.8);
      expect(wait).toBeLessThanOrEqual(16_000);
    }
    const warnings = logs.entries().filter((e) => e.level === 40);
    expect(warnings.length).toBe(5); // failures 4 to 8
  });

  it('starts the backoff afresh after a connection that held', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    start(client, fakeService().service, { reconnect: { initialDelayMs: 1_000, stableAfterMs: 10_000 } });

    client.close();
    await vi.advanceTimersByTimeAsync(1_000);
    client.close();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(client.startedAt).toHaveLength(3);

    client.connect();
    await vi.advanceTimersByTimeAsync(60_000);
    const closedAt = Date.now();
    client.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.startedAt).toHaveLength(4);
    expect(client.startedAt[3]! - closedAt).toBeLessThanOrEqual(1_000);
  });

  it('keeps trying without throwing when the listener never starts', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    client.failToStart = true;
    const logs = start(client, fakeService().service, { reconnect: { initialDelayMs: 1_000, maxDelayMs: 60_000, warnAfterFailures: 3 } });

    await vi.advanceTimersByTimeAsync(60 * 60_000);

    expect(client.startedAt.length).toBeGreaterThan(60);
    expect(logs.entries().filter((e) => e.level === 40).length).toBeGreaterThan(50);
  });

  it('says plainly when the session was taken over, and waits before coming back', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    const logs = start(client, fakeService().service, { reconnect: { initialDelayMs: 1_000, afterTakeoverMs: 30_000 } });

    client.close(3003, 'kicked');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(client.startedAt).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.startedAt).toHaveLength(2);

    const error = logs.entries().find((e) => e.level === 50);
    expect(error?.msg).toMatch(/kicked \(code 3003\).*logged in elsewhere/);
  });

  it('stops listening on stop(), and a close after that brings no reconnection', async () => {
    vi.useFakeTimers();
    const client = new FakeZaloClient();
    start(client, fakeService().service);

    void channel?.stop();
    client.close(1000, 'manual');
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    expect(client.stopped).toBe(true);
    expect(client.startedAt).toHaveLength(1);
  });
});

/** The wait between each close (delivered `window` ms after the previous one) and the restart it caused. */
function waitsAfterCloses(startedAt: number[], window: number): number[] {
  const first = startedAt[0]!;
  return startedAt.slice(1).map((t, i) => t - (first + window * i));
}
