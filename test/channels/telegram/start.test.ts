import { GrammyError, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it, vi } from 'vitest';
import { createTelegramBot } from '../../../src/channels/telegram/bot.ts';
import { refusedForGood } from '../../../src/channels/telegram/errors.ts';
import { startTelegram } from '../../../src/channels/telegram/start.ts';
import { FakeService, textUpdate } from './fixtures.ts';
import { memoryLogger, networkError, recordingBot, sentTexts, TOKEN, type ApiCall } from './harness.ts';

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

  it('when getMe cannot reach Telegram, rejects after the bounded retries instead of waiting forever', async () => {
    const { logger } = memoryLogger();
    const bot = createTelegramBot(TOKEN, { service: new FakeService(() => []), logger });
    let getMeCalls = 0;
    // Outermost, so the network retries of retry.ts are not involved: one failure is one failed start.
    const unreachable: Transformer = async (prev, method, payload, signal) => {
      if (method !== 'getMe') return prev(method, payload, signal);
      getMeCalls += 1;
      throw networkError('getMe');
    };
    bot.api.config.use(unreachable);

    await expect(startTelegram(bot, { logger })).rejects.toThrow(/Network request for 'getMe' failed/);
    expect(getMeCalls).toBe(1);
  });

  it('starts with getMe once, and gives up when its signal aborts', async () => {
    const { logger } = memoryLogger();
    const bot = createTelegramBot(TOKEN, { service: new FakeService(() => []), logger });
    const abort = new AbortController();
    const hanging: Transformer = (prev, method, payload, signal) =>
      method === 'getMe'
        ? new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))))
        : prev(method, payload, signal);
    bot.api.config.use(hanging);
    const starting = startTelegram(bot, { logger, signal: abort.signal });
    abort.abort();
    await expect(starting).rejects.toThrow();
  });

  it('tells a refusal that waiting will not cure from one that it may', () => {
    const refusal = (code: number) => new GrammyError('refused', { ok: false, error_code: code, description: 'x' }, 'getMe', {});
    expect([401, 404, 400].map((code) => refusedForGood(refusal(code)))).toEqual([true, true, true]);
    expect([429, 500, 502].map((code) => refusedForGood(refusal(code)))).toEqual([false, false, false]);
    expect(refusedForGood(networkError('getMe'))).toBe(false);
  });
});
