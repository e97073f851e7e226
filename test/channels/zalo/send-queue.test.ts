import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendQueue, type OutgoingText } from '../../../src/channels/zalo/send-queue.ts';

function capturedLogs() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

const message = (text: string): OutgoingText => ({ threadId: 'farmer-1', isGroup: false, text });

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
});
