import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';

export interface WebhookServerOptions {
  /** The local port, behind whatever terminates TLS. */
  port: number;
  /** The only path served (that of the public URL). */
  path: string;
  /** The header the platform sends the secret back in, lower-case ("x-telegram-bot-api-secret-token"). */
  secretHeader: string;
  /** Requests without it are refused with 401; none means every request is taken. */
  secret?: string;
  /** Called with each accepted body, parsed, after the request has been answered 200. */
  onBody(body: unknown): void;
  logger: Logger;
  /** Names the channel in log lines. */
  label: string;
}

export interface WebhookServer {
  /** Stops taking connections, drops idle keep-alive ones, and resolves when the rest have ended. */
  close(): Promise<void>;
}

/** An update is a few kilobytes; anything far larger is not from the platform. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * An HTTP server that takes a bot platform's webhook calls and acknowledges each one at once, before
 * the update is handled. A platform re-sends an update whose call is not answered in time, so a slow
 * answer (a language model can take twenty seconds) would otherwise be computed and sent twice.
 * Ordering and errors are the caller's: `onBody` must not throw. The cost: an update taken just
 * before the process is killed outright is lost rather than re-sent.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { logger, label } = options;
  const server = createServer((req, res) => {
    receive(req, res, options)
      .then((body) => {
        if (body !== undefined) options.onBody(body);
      })
      .catch((error: unknown) => {
        // The request itself broke (a connection reset while reading the body).
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, `${label} webhook request failed`);
        if (!res.headersSent) res.writeHead(400).end();
      });
  });
  await listen(server, options.port);
  return { close: () => close(server) };
}

/** Answers the request and returns its parsed body, or undefined when it was refused. */
async function receive(req: IncomingMessage, res: ServerResponse, options: WebhookServerOptions): Promise<unknown> {
  if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== options.path) {
    res.writeHead(404).end();
    return undefined;
  }
  if (options.secret !== undefined && !sameSecret(req.headers[options.secretHeader], options.secret)) {
    res.writeHead(401).end();
    return undefined;
  }
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413).end();
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Not logged: a parse error quotes the body, which may hold what a user wrote.
    res.writeHead(400).end();
    return undefined;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  return parsed;
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

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeIdleConnections();
  });
}
