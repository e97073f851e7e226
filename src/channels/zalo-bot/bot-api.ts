import type { ZaloBotInfo, ZaloBotUpdate } from './types.ts';

/** The platform's own server; ZALO_BOT_API_ROOT points elsewhere (a proxy, a test stand-in). */
export const DEFAULT_ZALO_BOT_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** The platform answered, and said no: `{ok: false, error_code, description}` (or an HTTP error without that body). */
export class ZaloBotApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Zalo Bot API ${method}: ${errorCode} ${description}`);
    this.name = 'ZaloBotApiError';
  }
}

/** No answer at all: the connection failed, dropped, or timed out. */
export class ZaloBotNetworkError extends Error {
  constructor(
    readonly method: string,
    reason: string,
  ) {
    super(`Zalo Bot API ${method}: no answer (${reason})`);
    this.name = 'ZaloBotNetworkError';
  }
}

/** `getUpdates` held the poll for its timeout and nothing came: poll again. */
export const isNoUpdate = (error: unknown): boolean => error instanceof ZaloBotApiError && error.errorCode === 408;

/** The token was refused: nothing will work until the operator fixes ZALO_BOT_TOKEN. */
export const isTokenRefused = (error: unknown): boolean =>
  error instanceof ZaloBotApiError && (error.errorCode === 401 || error.errorCode === 403);

/** Worth trying again after a pause: no answer, the server failing, or asked to slow down. */
export const isTransient = (error: unknown): boolean =>
  error instanceof ZaloBotNetworkError || (error instanceof ZaloBotApiError && (error.errorCode >= 500 || error.errorCode === 429));

export interface ZaloBotApiOptions {
  token: string;
  apiRoot?: string;
  /** The longest a call other than a long poll may take. */
  timeoutMs?: number;
}

interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The Zalo Bot Platform's HTTP API: `POST {root}/bot{TOKEN}/{method}` with a JSON body, answered
 * `{ok: true, result}` or `{ok: false, error_code, description}`. The token is part of every URL,
 * so no URL and no message of the underlying fetch error ever leaves this class unscrubbed.
 */
export class ZaloBotApi {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ZaloBotApiOptions) {
    // A configured root may well end in a slash.
    this.base = `${(options.apiRoot ?? DEFAULT_ZALO_BOT_API_ROOT).replace(/\/+$/, '')}/bot${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  getMe(signal?: AbortSignal): Promise<ZaloBotInfo> {
    return this.call('getMe', {}, { signal });
  }

  /** One update, or none (`undefined`, or a 408 error) when `timeoutSeconds` passed without one. */
  getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloBotUpdate | ZaloBotUpdate[] | null | undefined> {
    // The platform holds the request up to `timeout`; the client waits a little longer than that.
    return this.call('getUpdates', { timeout: String(timeoutSeconds) }, { signal, timeoutMs: (timeoutSeconds + 15) * 1_000 });
  }

  setWebhook(url: string, secretToken: string, signal?: AbortSignal): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken }, { signal });
  }

  deleteWebhook(signal?: AbortSignal): Promise<unknown> {
    return this.call('deleteWebhook', {}, { signal });
  }

  getWebhookInfo(signal?: AbortSignal): Promise<{ url?: string }> {
    return this.call('getWebhookInfo', {}, { signal });
  }

  sendMessage(chatId: string, text: string, signal?: AbortSignal): Promise<{ message_id?: string }> {
    return this.call('sendMessage', { chat_id: chatId, text }, { signal });
  }

  sendChatAction(chatId: string, action: 'typing', signal?: AbortSignal): Promise<unknown> {
    return this.call('sendChatAction', { chat_id: chatId, action }, { signal });
  }

  async call<T>(method: string, params: object, { signal, timeoutMs = this.timeoutMs }: CallOptions = {}): Promise<T> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.any(signals),
      });
      text = await response.text();
    } catch (error) {
      throw new ZaloBotNetworkError(method, this.scrub(reasonOf(error)));
    }
    let body: { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not quoted: a proxy's error page says nothing useful, and could be long.
      body = undefined;
    }
    if (response.ok && body?.ok === true) return body.result as T;
    const errorCode = typeof body?.error_code === 'number' ? body.error_code : response.status;
    const description = typeof body?.description === 'string' ? body.description : response.statusText || 'no description';
    throw new ZaloBotApiError(method, errorCode, this.scrub(description));
  }

  private scrub(text: string): string {
    return text.split(this.options.token).join('[token]');
  }
}

/** The reason of a failed fetch: undici puts the useful part (ECONNREFUSED, a timeout) in `cause`. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  if (error.name === 'AbortError') return 'aborted';
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ?? cause?.message ?? error.message;
}
