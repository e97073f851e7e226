import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusalOf } from '../../../src/channels/zalo/refusals.ts';
import { SendQueue, type OutgoingText } from '../../../src/channels/zalo/send-queue.ts';

function capturedLogs() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

const message = (text: string, threadId = 'farmer-1'): OutgoingText => ({ threadId, isGroup: false, text });

/** An error as zca-js throws Zalo's refusals: a ZaloApiError with Zalo's code. */
const zaloError = (code: number, text: string) => Object.assign(new Error(text), { name: 'ZcaApiError', code });
const refusals = {
  blocksStrangers: () => zaloError(122, 'Bạn chưa thể gửi tin nhắn đến người này vì người này chặn không nhận tin nhắn từ người lạ.'),
  notAccepted: () => zaloError(123, 'Không thể nhận tin nhắn từ bạn.'),
  tooFast: () => zaloError(221, 'Vượt quá số request cho phép'),
};

afterEach(() => vi.useRealTimers());

describe('SendQueue', () => {
  it('drops beyond its capacity and says so', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const { logger, entries } = capturedLogs();
    const queue = new SendQueue({
      send: async (m) => void sent.push(m.text),
      logger,
      intervalMs: 1_000,
      jitterMs: 0,
      capacity: 2,
      sendTimeoutMs: 5_000,
    });

    const accepted = ['1', '2', '3'].map((t) => queue.push(message(t)));
    await vi.advanceTimersByTimeAsync(10_000);

    expect(accepted).toEqual([true, true, false]);
    expect(sent).toEqual(['1', '2']);
    expect(entries().some((e) => e.level === 40 && /queue is full/.test(e.msg))).toBe(true);
  });

  it('logs a failed or stalled send and goes on with the next', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const { logger, entries } = capturedLogs();
    const queue = new SendQueue({
      async send(m) {
        if (m.text === 'fails') throw new Error('Zalo said no');
        if (m.text === 'stalls') return new Promise<void>(() => {});
        sent.push(m.text);
      },
      logger,
      intervalMs: 100,
      jitterMs: 50,
      capacity: 10,
      sendTimeoutMs: 2_000,
    });

    for (const t of ['fails', 'stalls', 'ok']) queue.push(message(t));
    await vi.advanceTimersByTimeAsync(5_000);

    expect(sent).toEqual(['ok']);
    expect(entries().filter((e) => /could not be sent/.test(e.msg))).toHaveLength(2);
  });

  it('returns what was left unsent when stopped, and sends nothing after', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const queue = new SendQueue({
      send: async (m) => void sent.push(m.text),
      logger: capturedLogs().logger,
      intervalMs: 1_000,
      jitterMs: 0,
      capacity: 10,
      sendTimeoutMs: 5_000,
    });

    for (const t of ['1', '2', '3']) queue.push(message(t));
    await vi.advanceTimersByTimeAsync(10);
    expect(queue.stop()).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);

    expect(sent).toEqual(['1']);
    expect(queue.push(message('4'))).toBe(false);
  });

  it('drops the rest of a reply to someone who blocks strangers, logs it once per conversation, and never retries', async () => {
    vi.useFakeTimers();
    const attempts: string[] = [];
    const { logger, entries } = capturedLogs();
    const queue = new SendQueue({
      async send(m) {
        attempts.push(`${m.threadId}:${m.text}`);
        if (m.threadId === 'stranger') throw refusals.blocksStrangers();
      },
      logger,
      intervalMs: 100,
      jitterMs: 0,
      capacity: 20,
      sendTimeoutMs: 5_000,
      refusalOf,
    });

    for (const t of ['1/3', '2/3', '3/3']) queue.push(message(t, 'stranger'));
    queue.push(message('ok', 'friend'));
    await vi.advanceTimersByTimeAsync(5_000);
    queue.push(message('again', 'stranger'));
    await vi.advanceTimersByTimeAsync(5_000);

    expect(attempts).toEqual(['stranger:1/3', 'friend:ok', 'stranger:again']);
    const warnings = entries().filter((e) => e.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/friends only \(code 122\)/);
  });

  it('drops a message Zalo will not accept (an identical text, too many to strangers) without retrying, and goes on', async () => {
    vi.useFakeTimers();
    const attempts: string[] = [];
    const { logger, entries } = capturedLogs();
    const queue = new SendQueue({
      async send(m) {
        attempts.push(m.text);
        if (m.text === 'same') throw refusals.notAccepted();
      },
      logger,
      intervalMs: 100,
      jitterMs: 0,
      capacity: 20,
      sendTimeoutMs: 5_000,
      refusalOf,
    });
    for (const t of ['same', 'next', 'same']) queue.push(message(t));
    await vi.advanceTimersByTimeAsync(5_000);

    expect(attempts).toEqual(['same', 'next', 'same']);
    expect(entries().filter((e) => e.level === 40).map((e) => e.msg)).toEqual([expect.stringMatching(/not accepted \(code 123\)/)]);
  });

  it('pauses everything when Zalo says the account sends too fast, then sends the same message again once', async () => {
    vi.useFakeTimers();
    const attempts: Array<{ text: string; at: number }> = [];
    const { logger, entries } = capturedLogs();
    let refuse = 2;
    const queue = new SendQueue({
      async send(m) {
        attempts.push({ text: m.text, at: Date.now() });
        if (refuse-- > 0) throw refusals.tooFast();
      },
      logger,
      intervalMs: 100,
      jitterMs: 0,
      capacity: 20,
      sendTimeoutMs: 5_000,
      refusalOf,
      rateLimitPauseMs: 10_000,
    });
    const start = Date.now();
    queue.push(message('a'));
    queue.push(message('b'));
    await vi.advanceTimersByTimeAsync(60_000);

    expect(attempts.map((a) => a.text)).toEqual(['a', 'a', 'a', 'b']);
    // 10 s, then 20 s: doubling while Zalo keeps refusing.
    expect(attempts.map((a) => a.at - start)).toEqual([0, 10_000, 30_000, 30_100]);
    expect(entries().filter((e) => e.level === 40)).toHaveLength(1);
  });

  it('drains: keeps sending until the queue is empty, then stops', async () => {
    const sent: string[] = [];
    const queue = new SendQueue({
      send: async (m) => void sent.push(m.text),
      logger: capturedLogs().logger,
      intervalMs: 20,
      jitterMs: 0,
      capacity: 10,
      sendTimeoutMs: 5_000,
    });
    for (const t of ['1', '2', '3']) queue.push(message(t));

    expect(await queue.drain(5_000)).toBe(0);
    expect(sent).toEqual(['1', '2', '3']);
    expect(queue.push(message('4'))).toBe(false);
  });

  it('drains within its timeout, and says how many were left', async () => {
    const sent: string[] = [];
    const queue = new SendQueue({
      send: async (m) => void sent.push(m.text),
      logger: capturedLogs().logger,
      intervalMs: 200,
      jitterMs: 0,
      capacity: 10,
      sendTimeoutMs: 5_000,
    });
    for (const t of ['1', '2', '3', '4']) queue.push(message(t));

    expect(await queue.drain(300)).toBe(2);
    expect(sent).toEqual(['1', '2']);
  });
});
