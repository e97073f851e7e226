import { afterEach, describe, expect, it } from 'vitest';
import { isNoUpdate, isTokenRefused, isTransient, ZaloBotApi, ZaloBotApiError, ZaloBotNetworkError } from '../../../src/channels/zalo-bot/bot-api.ts';
import { startLoopbackJsonServer, type JsonReply, type LoopbackServer, type ReceivedHttpRequest } from '../../fixtures/loopback-json-server.ts';
import { freePort } from '../../fixtures/reliability/telegram.ts';

const TOKEN = '1459232241454765289:api-test-secret-token-Jx4';

let server: LoopbackServer | undefined;
const requests: ReceivedHttpRequest[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  requests.length = 0;
});

async function answering(reply: (request: ReceivedHttpRequest) => JsonReply): Promise<ZaloBotApi> {
  server = await startLoopbackJsonServer((request) => {
    requests.push(request);
    return reply(request);
  });
  // A root with a trailing slash, as configuration may well give it.
  return new ZaloBotApi({ token: TOKEN, apiRoot: `${server.origin}/`, timeoutMs: 500 });
}

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error;
}

describe('ZaloBotApi', () => {
  it('posts JSON to /bot{TOKEN}/{method} and returns `result`', async () => {
    const api = await answering(() => ({ status: 200, body: { ok: true, result: { message_id: 'm1', date: 1 } } }));
    await expect(api.sendMessage('chat-1', 'Xin chào')).resolves.toEqual({ message_id: 'm1', date: 1 });
    expect(requests[0]).toMatchObject({ method: 'POST', path: `/bot${TOKEN}/sendMessage` });
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[0]!.rawBody)).toEqual({ chat_id: 'chat-1', text: 'Xin chào' });
  });

  it('asks getUpdates to hold the poll for its timeout, as a string of seconds', async () => {
    const api = await answering(() => ({ status: 200, body: { ok: false, error_code: 408, description: 'Request timeout' } }));
    const error = await failure(api.getUpdates(30));
    expect(JSON.parse(requests[0]!.rawBody)).toEqual({ timeout: '30' });
    expect(isNoUpdate(error)).toBe(true);
    expect(isTransient(error)).toBe(false);
  });

  it('reads a refusal from the body, or from the HTTP status when the body is not the API\'s', async () => {
    const statuses: JsonReply[] = [
      { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } },
      { status: 502, body: '<html>Bad Gateway</html>' },
      { status: 200, body: { ok: false, error_code: 429, description: 'Too Many Requests' } },
      { status: 400, body: { ok: false, error_code: 400, description: 'text is too long' } },
    ];
    const api = await answering(() => statuses.shift()!);
    const [refused, badGateway, tooMany, badRequest] = [
      await failure(api.getMe()),
      await failure(api.getMe()),
      await failure(api.sendMessage('c', 'x')),
      await failure(api.sendMessage('c', 'x')),
    ];

    expect(refused).toBeInstanceOf(ZaloBotApiError);
    expect(refused).toMatchObject({ method: 'getMe', errorCode: 401, description: 'Unauthorized' });
    expect(isTokenRefused(refused)).toBe(true);
    expect(badGateway).toMatchObject({ errorCode: 502 });
    expect([badGateway, tooMany, badRequest].map(isTransient)).toEqual([true, true, false]);
  });

  it('reports no answer (refused connection, timeout) as a network error, without the token', async () => {
    const nowhere = new ZaloBotApi({ token: TOKEN, apiRoot: `http://127.0.0.1:${await freePort()}` });
    const refused = await failure(nowhere.getMe());
    expect(refused).toBeInstanceOf(ZaloBotNetworkError);
    expect(refused.message).toBe('Zalo Bot API getMe: no answer (ECONNREFUSED)');
    expect(isTransient(refused)).toBe(true);

    const slow = await answering(() => 'hang');
    const timedOut = await failure(slow.getMe());
    expect(timedOut.message).toBe('Zalo Bot API getMe: no answer (timed out)');
    expect(`${refused.message} ${timedOut.message} ${refused.stack} ${timedOut.stack}`).not.toContain(TOKEN);
  });

  it('takes the token out of anything the server says back', async () => {
    const api = await answering(() => ({ status: 400, body: { ok: false, error_code: 400, description: `bad token ${TOKEN}` } }));
    const error = await failure(api.getMe());
    expect(error.message).toBe('Zalo Bot API getMe: 400 bad token [token]');
  });

  it('stops waiting when its signal aborts', async () => {
    const api = await answering(() => 'hang');
    const abort = new AbortController();
    const pending = failure(api.getUpdates(30, abort.signal));
    setTimeout(() => abort.abort(), 20);
    expect((await pending).message).toBe('Zalo Bot API getUpdates: no answer (aborted)');
  });
});
