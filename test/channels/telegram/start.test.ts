import type { Update } from 'grammy/types';
import { describe, expect, it, vi } from 'vitest';
import { startTelegram } from '../../../src/channels/telegram/start.ts';
import { FakeService, textUpdate } from './fixtures.ts';
import { memoryLogger, recordingBot, sentTexts, TOKEN, type ApiCall } from './harness.ts';

/** getUpdates as a long poll: scripted answers first, then short empty polls. */
function polling(script: Array<Update[] | { error_code: number; description: string }>) {
  let fetches = 0;
  return async (call: ApiCall) => {
    if (call.method !== 'getUpdates') return undefined;
    const next = script[fetches++];
    if (next === undefined) {
      await new Promise((r) => setTimeout(r, 10));
      return { result: [] };
    }
    return Array.isArray(next) ? { result: next } : next;
  };
}

describe('startTelegram (long polling, Bot API recorded)', () => {
  it('clears any webhook, sets the command menu, and keeps polling through failed fetches', async () => {
    const service = new FakeService(() => [{ text: 'đáp' }]);
    const unavailable = { error_code: 502, description: 'Bad Gateway' };
    const { bot, calls } = recordingBot(service, polling([unavailable, unavailable, [textUpdate('hỏi')]]));
    const { logger, entries } = memoryLogger();
    const handle = await startTelegram(bot, { logger });

    await vi.waitFor(() => expect(sentTexts(calls)).toEqual(['đáp']));
    await handle.stop();

    expect(calls[0]?.method).toBe('setMyCommands');
    expect(calls[1]?.method).toBe('deleteWebhook');
    expect(calls.find((c) => c.method === 'getUpdates')?.payload).toMatchObject({ allowed_updates: ['message', 'callback_query'] });
    const warnings = entries().filter((e) => e.msg === 'telegram getUpdates failed');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ level: 40, err: { code: 502, method: 'getUpdates' } });
  });

  it('logs a fatal error when Telegram refuses the token, and still stops cleanly', async () => {
    const { bot } = recordingBot(new FakeService(() => []), polling([{ error_code: 401, description: 'Unauthorized' }]));
    const { logger, entries, lines } = memoryLogger();
    const handle = await startTelegram(bot, { logger });

    await vi.waitFor(() => expect(entries().map((e) => e.msg)).toContain('telegram long polling stopped'));
    expect(entries().find((e) => e.msg === 'telegram long polling stopped')).toMatchObject({ level: 60, err: { code: 401 } });
    await expect(handle.stop()).resolves.toBeUndefined();
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('stops once, however often it is asked', async () => {
    const { bot, calls } = recordingBot(new FakeService(() => []), polling([]));
    const { logger } = memoryLogger();
    const handle = await startTelegram(bot, { logger });
    await Promise.all([handle.stop(), handle.stop()]);
    const fetches = calls.filter((c) => c.method === 'getUpdates').length;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.method === 'getUpdates')).toHaveLength(fetches);
  });
});
