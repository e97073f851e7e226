import { createServer } from 'node:net';
import { HttpError, type Bot, type Transformer } from 'grammy';
import pino from 'pino';
import { createTelegramBot } from '../../../src/channels/telegram/bot.ts';
import type { ConversationService } from '../../../src/conversation/types.ts';
import type { Logger } from '../../../src/logger.ts';
import { ME } from './fixtures.ts';

/** Looks like a real token, so a leak into the logs would be easy to spot. */
export const TOKEN = '123456789:AAH-test-secret-token-do-not-log_xyz';

/** A debug-level logger that keeps its JSON lines for the test to read. */
export function memoryLogger(): { logger: Logger; lines: string[]; entries: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

type Failure = { error_code: number; description: string };

/**
 * The real bot, with every Bot API call recorded and answered here instead of the network.
 * `respond` decides per call: an error response, a thrown error (as a network failure), a
 * `result` to return, or undefined for an ordinary success.
 */
export function recordingBot(
  service: ConversationService,
  respond: (call: ApiCall) => Promise<Failure | Error | { result: unknown } | undefined> | Failure | Error | { result: unknown } | undefined = () => undefined,
): { bot: Bot; calls: ApiCall[]; lines: string[]; entries: () => Array<Record<string, unknown>> } {
  const { logger, lines, entries } = memoryLogger();
  const bot = createTelegramBot(TOKEN, { service, logger, botInfo: ME });
  const calls: ApiCall[] = [];
  let messageId = 1000;
  const record: Transformer = async (_prev, method, payload) => {
    const call = { method, payload: (payload ?? {}) as Record<string, unknown> };
    calls.push(call);
    const response = await respond(call);
    if (response instanceof Error) throw response;
    if (response !== undefined && 'result' in response) return { ok: true, result: response.result } as never;
    if (response !== undefined) return { ok: false, ...response };
    const result =
      method === 'sendMessage'
        ? { message_id: messageId++, date: 1_700_000_000, chat: { id: call.payload.chat_id, type: 'private' }, text: call.payload.text }
        : true;
    return { ok: true, result } as never;
  };
  bot.api.config.use(record);
  return { bot, calls, lines, entries };
}

/** A network failure as grammY reports it, with the token in the inner error as node-fetch would put it. */
export function networkError(method: string): HttpError {
  return new HttpError(`Network request for '${method}' failed!`, new Error(`request to https://api.telegram.org/bot${TOKEN}/${method} failed, reason: ECONNRESET`));
}

export function sentTexts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
