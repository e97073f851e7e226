import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, relative, resolve, sep } from 'node:path';
import type { ReplyFile } from '../conversation/types.ts';
import type { Logger } from '../logger.ts';

export interface FileLinksOptions {
  /** The public address the server below is reached at, through whatever terminates TLS ("https://bot.example.org/files"). */
  publicUrl: string;
  /** The local port it listens on. */
  port: number;
  /** Signs the links: without it nobody can make one, so only files the bot handed over can be fetched. */
  secret: string;
  /** How long a link works. */
  ttlMs: number;
  /** The only folder files are served from (DATA_DIR/papers). */
  root: string;
  logger: Logger;
  now?: () => number;
}

export interface FileLinks {
  /** A signed link that expires, or undefined for a file outside the served folder. */
  linkFor(file: ReplyFile): string | undefined;
  close(): Promise<void>;
}

/** A folder or file name as the papers writer makes them: nothing that could climb out of the root. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function signature(secret: string, path: string, expires: number): string {
  return createHmac('sha256', secret).update(`${path}\n${expires}`).digest('base64url');
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Downloads for channels that cannot carry files (the Zalo Bot Platform sends text and photos
 * only): a link `{publicUrl}/{folder}/{name}?e={expiry}&s={signature}` to a file under `root`,
 * signed with HMAC-SHA256 and refused after it expires (410), when its signature is wrong (403) or
 * when the file has gone (404). GET and HEAD only; nothing is listed.
 */
export async function startFileLinks(options: FileLinksOptions): Promise<FileLinks> {
  const { logger, secret } = options;
  const now = options.now ?? Date.now;
  const root = resolve(options.root);
  const base = new URL(options.publicUrl.replace(/\/+$/, ''));
  const prefix = base.pathname === '/' ? '' : base.pathname;

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length + 1).split('/').map(decodeURIComponent) : [];
      const [folder, name] = parts;
      if (parts.length !== 2 || !folder || !name || !SAFE_NAME.test(folder) || !SAFE_NAME.test(name)) return void res.writeHead(404).end();
      const expires = Number(url.searchParams.get('e'));
      const given = url.searchParams.get('s') ?? '';
      if (!sameSignature(given, signature(secret, `${folder}/${name}`, expires))) return void res.writeHead(403).end();
      if (!Number.isFinite(expires) || expires * 1000 < now()) return void res.writeHead(410).end();
      const path = join(root, folder, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': name.endsWith('.docx') ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/octet-stream',
        'content-length': info.size,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'private, no-store',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(path).pipe(res);
    })().catch((error: unknown) => {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'file download failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, () => {
      server.off('error', fail);
      done();
    });
  });
  logger.info({ port: options.port, url: base.href }, 'file downloads: serving signed links');

  return {
    linkFor(file) {
      const within = relative(root, resolve(file.path));
      const [folder, name, ...rest] = within.split(sep);
      if (!folder || !name || rest.length > 0 || !SAFE_NAME.test(folder) || !SAFE_NAME.test(name)) return undefined;
      const expires = Math.floor((now() + options.ttlMs) / 1000);
      const query = `e=${expires}&s=${signature(secret, `${folder}/${name}`, expires)}`;
      return `${base.origin}${prefix}/${encodeURIComponent(folder)}/${encodeURIComponent(name)}?${query}`;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }),
  };
}
