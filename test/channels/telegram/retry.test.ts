import { HttpError, type ApiCallFn } from 'grammy';
import { describe, expect, it } from 'vitest';
import { retryNetworkErrors, retryTransformers } from '../../../src/channels/telegram/retry.ts';
import { memoryLogger, networkError, TOKEN } from './harness.ts';

type Response = Awaited<ReturnType<ApiCallFn>>;

/** A fake network: answers with the scripted responses in turn, counting calls. */
function scripted(...script: Array<Response | Error>) {
  let calls = 0;
  const raw = (async () => {
    const next = script[Math.min(calls++, script.length - 1)];
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as ApiCallFn;
  return { raw, calls: () => calls };
}

/** The transformers stacked as grammY stacks them: the first installed is closest to the network. */
function stacked(raw: ApiCallFn): ApiCallFn {
  const { logger } = memoryLogger();
  return retryTransformers(logger, TOKEN).reduce<ApiCallFn>(
    (prev, transformer) => ((method, payload, signal) => transformer(prev, method, payload, signal)) as ApiCallFn,
    raw,
  );
}

const OK = { ok: true, result: true } as Response;

describe('retry transformers', () => {
  it('waits out a 429 and tries again', async () => {
    const net = scripted({ ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 0 } }, OK);
    await expect(stacked(net.raw)('sendMessage', { chat_id: 1, text: 'x' })).resolves.toEqual(OK);
    expect(net.calls()).toBe(2);
  });

  it('gives up at once when Telegram asks for a wait longer than a minute', async () => {
    const tooLong = { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 600 } } as Response;
    const net = scripted(tooLong, OK);
    await expect(stacked(net.raw)('sendMessage', { chat_id: 1, text: 'x' })).resolves.toEqual(tooLong);
    expect(net.calls()).toBe(1);
  });

  it('passes client errors through without retrying', async () => {
    const blocked = { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } as Response;
    const net = scripted(blocked, OK);
    await expect(stacked(net.raw)('sendMessage', { chat_id: 1, text: 'x' })).resolves.toEqual(blocked);
    expect(net.calls()).toBe(1);
  });

  it('retries network errors a bounded number of times, logging without the token', async () => {
    const { logger, lines } = memoryLogger();
    const net = scripted(networkError('sendMessage'));
    const call = retryNetworkErrors(logger, TOKEN, { attempts: 3, firstDelayMs: 1 });
    await expect(call(net.raw, 'sendMessage', { chat_id: 1, text: 'x' })).rejects.toBeInstanceOf(HttpError);
    expect(net.calls()).toBe(4);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('recovers when the network comes back', async () => {
    const { logger } = memoryLogger();
    const net = scripted(networkError('getMe'), OK);
    const call = retryNetworkErrors(logger, TOKEN, { attempts: 3, firstDelayMs: 1 });
    await expect(call(net.raw, 'getMe', undefined as never)).resolves.toEqual(OK);
    expect(net.calls()).toBe(2);
  });

  it('does not retry a request that was aborted on purpose', async () => {
    const { logger } = memoryLogger();
    const controller = new AbortController();
    controller.abort();
    const net = scripted(networkError('getUpdates'));
    const call = retryNetworkErrors(logger, TOKEN, { attempts: 3, firstDelayMs: 1_000 });
    await expect(call(net.raw, 'getUpdates', {}, controller.signal as never)).rejects.toBeInstanceOf(HttpError);
    expect(net.calls()).toBe(1);
  });
});
