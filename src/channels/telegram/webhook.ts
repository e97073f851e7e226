import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.ts';

export interface WebhookConfig {
  /** The public HTTPS address Telegram posts to; its path is the one served here. */
  url: string;
  /** The local port, behind whatever terminates TLS. */
  port: number;
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token, proving a request is Telegram's. */
  secret?: string;
}

/** An update is a few kilobytes; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * An HTTP server that takes Telegram's webhook calls and acknowledges each one at once, before
 * the update is handled.
 *
 * Why not grammY's `webhookCallback`: it answers only when the middleware is done (or after a
 * timeout), and Telegram re-sends an update whose call is not answered in time — a slow answer
 * (a language model can take twenty seconds) would then be computed and sent twice. With
 * `onTimeout: 'return'` it stops waiting but leaves the late outcome unobserved, so an error
 * after the timeout becomes an unhandled rejection. Answering first and handling after avoids
 * both; order within a chat is kept by the bot's `sequentialize`, errors go to `onUpdate`'s
 * caller, and a graceful stop waits for the updates already taken. The cost: an update taken just
 * before the process is killed outright is lost rather than re-sent.
 */
export async function serveWebhook(
  config: WebhookConfig,
  onUpdate: (update: Update) => void,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const path = new URL(config.url).pathname;
  const server = createServer((req, res) => {
    receive(req, res, path, config.secret)
      .then((update) => {
        if (update !== undefined) onUpdate(update);
      })
      .catch((error: unknown) => {
        // The request itself broke (a connection reset while reading the body).
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'telegram webhook request failed');
        if (!res.headersSent) res.writeHead(400).end();
      });
  });
  await listen(server, config.port);
  return { close: () => close(server) };
}

/** Answers the request and returns its update, or undefined when it was refused. */
async function receive(req: IncomingMessage, res: ServerResponse, path: string, secret: string | undefined): Promise<Update | undefined> {
  if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
    res.writeHead(404).end();
    return undefined;
  }
  if (secret !== undefined && !sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
    res.writeHead(401).end();
    return undefined;
  }
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413).end();
    return undefined;
  }
  let update: Update;
  try {
    update = JSON.parse(body) as Update;
  } catch {
    // Not logged: a parse error quotes the body, which may hold what a user wrote.
    res.writeHead(400).end();
    return undefined;
  }
  res.writeHead(200).end();
  return update;
}

/** Compares digests, so neither the secret's characters nor its length leak through timing. */
function sameSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header), digest(secret));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops taking connections, drops idle keep-alive ones, and resolves when the rest have ended. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeIdleConnections();
  });
}
