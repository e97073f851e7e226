import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ZaloBotApi } from '../../../src/channels/zalo-bot/bot-api.ts';
import { pollUpdates } from '../../../src/channels/zalo-bot/polling.ts';
import type { ZaloBotUpdate } from '../../../src/channels/zalo-bot/types.ts';
import { startLoopbackJsonServer, type JsonReply, type LoopbackServer } from '../../fixtures/loopback-json-server.ts';

const TOKEN = '1459232241454765289:polling-test-token-Hh2';
const backoff = { initialDelayMs: 40, maxDelayMs: 160, jitter: 0, warnAfterFailures: 3 };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function logs() {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }), entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; retryInMs?: number }) };
}

const textUpdate = (text: string): ZaloBotUpdate => ({
  event_name: 'message.text.received',
  message: { message_id: text, date: 1, text, chat: { id: 'c', chat_type: 'PRIVATE' }, from: { id: 'u' } },
});

/** A getUpdates server answering from a script, then 408 after `holdMs`; `at` records when each poll came. */
async function scripted(script: JsonReply[], holdMs = 30) {
  const at: number[] = [];
  server = await startLoopbackJsonServer(async () => {
    at.push(Date.now());
    const next = script.shift();
    if (next !== undefined) return next;
    await new Promise((r) => setTimeout(r, holdMs));
    return { status: 200, body: { ok: false, error_code: 408, description: 'timeout' } };
  });
  return { api: new ZaloBotApi({ token: TOKEN, apiRoot: server.origin }), at };
}

const ok = (update: ZaloBotUpdate): JsonReply => ({ status: 200, body: { ok: true, result: update } });
const failing = (status: number): JsonReply => ({ status, body: { ok: false, error_code: status, description: 'failing' } });

async function pollFor(ms: number, api: ZaloBotApi, extra: { minEmptyPollMs?: number } = {}) {
  const { logger, entries } = logs();
  const got: string[] = [];
  const abort = new AbortController();
  const ended = pollUpdates({ api, logger, onUpdate: (u) => got.push(u.message.text ?? ''), signal: abort.signal, backoff, ...extra });
  setTimeout(() => abort.abort(), ms);
  return { end: await ended, got, entries };
}

describe('pollUpdates', () => {
  it('hands over each update, in order, and polls again after 408 without a word', async () => {
    const { api } = await scripted([ok(textUpdate('một')), failing(408), ok(textUpdate('hai'))]);
    const { end, got, entries } = await pollFor(300, api, { minEmptyPollMs: 0 });
    expect(end).toBe('stopped');
    expect(got).toEqual(['một', 'hai']);
    expect(entries()).toEqual([]);
  });

  it('backs off on 5xx, 429 and non-JSON answers, doubling to its cap, and says when it works again', async () => {
    const { api, at } = await scripted([failing(500), failing(502), failing(429), { status: 503, body: 'down' }, ok(textUpdate('sau cùng'))]);
    const { got, entries } = await pollFor(800, api, { minEmptyPollMs: 0 });
    expect(got).toEqual(['sau cùng']);
    const retries = entries().filter((e) => e.msg === 'Zalo Bot Platform: getUpdates failed; retrying');
    expect(retries.map((e) => e.retryInMs)).toEqual([40, 80, 160, 160]);
    expect(retries.map((e) => e.level)).toEqual([30, 30, 40, 40]);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(35);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(150);
    expect(entries().some((e) => e.msg === 'Zalo Bot Platform: getUpdates works again')).toBe(true);
  });

  it('ends on a refused token with one error line', async () => {
    const { api, at } = await scripted([failing(401)]);
    const { end, entries } = await pollFor(300, api);
    expect(end).toBe('token-refused');
    expect(at).toHaveLength(1);
    expect(entries().map((e) => e.level)).toEqual([50]);
  });

  it('never loops tight on a server that answers empty polls at once', async () => {
    const { api, at } = await scripted([], 0);
    await pollFor(550, api, { minEmptyPollMs: 200 });
    expect(at.length).toBeGreaterThanOrEqual(2);
    expect(at.length).toBeLessThanOrEqual(4);
  });
});
