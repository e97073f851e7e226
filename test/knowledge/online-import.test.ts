import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { importOnline } from '../../src/knowledge/online-import.ts';
import { SOURCES, tempKnowledge } from './importers/temp-knowledge.ts';

const PAGES: Record<string, string> = {
  '9001': readFileSync(join(SOURCES, 'raw', 'vbpl-9001-luat-tuong-tro.html'), 'utf8'),
  '9003': readFileSync(join(SOURCES, 'raw', 'vbpl-9003-thong-tu-tuong-tro.html'), 'utf8'),
};

let server: Server;
let baseUrl: string;
const requested: string[] = [];
/** ItemIDs the stand-in server never answers, to run into the client's timeout. */
const hanging = new Set<string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requested.push(`${url.pathname}?${url.searchParams}`);
    if (hanging.has(url.searchParams.get('ItemID') ?? '')) return;
    const page = url.pathname === '/TW/Pages/vbpq-toanvan.aspx' ? PAGES[url.searchParams.get('ItemID') ?? ''] : undefined;
    if (!page) {
      response.writeHead(500).end('server error');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('importOnline', () => {
  it('downloads every catalog text with a vbpl ItemID, reports the failed one and imports the rest', async () => {
    const temp = tempKnowledge({ VBPL_BASE_URL: baseUrl });
    try {
      const report = await importOnline(temp.config, createLogger('silent'), { delayMs: 0 });

      expect(requested).toEqual([
        '/TW/Pages/vbpq-toanvan.aspx?ItemID=9001',
        '/TW/Pages/vbpq-toanvan.aspx?ItemID=9002',
        '/TW/Pages/vbpq-toanvan.aspx?ItemID=9003',
      ]);
      expect(report.entries.map((e) => [e.id, e.outcome])).toEqual([
        ['luat-tuong-tro-2030', 'imported'],
        ['nd-tuong-tro-2031', 'missing'],
        ['tt-tuong-tro-2032', 'imported'],
        ['qd-tuong-tro-2033', 'missing'],
      ]);
      expect(report.entries[0]?.stored).toMatchObject({
        format: 'vbpl',
        origin: `${baseUrl}/TW/Pages/vbpq-toanvan.aspx?ItemID=9001`,
        articleCount: 5,
      });
      expect(report.skippedSources).toEqual([
        { origin: `${baseUrl}/TW/Pages/vbpq-toanvan.aspx?ItemID=9002`, reason: 'nd-tuong-tro-2031: HTTP 500' },
      ]);
    } finally {
      temp.cleanup();
    }
  });

  it('gives up on a page that does not answer in time', async () => {
    const temp = tempKnowledge({ VBPL_BASE_URL: baseUrl });
    hanging.add('9003');
    try {
      const report = await importOnline(temp.config, createLogger('silent'), { delayMs: 0, timeoutMs: 200 });
      expect(report.entries.find((e) => e.id === 'luat-tuong-tro-2030')?.outcome).toBe('imported');
      expect(report.skippedSources.map((s) => s.reason)).toEqual(['nd-tuong-tro-2031: HTTP 500', 'tt-tuong-tro-2032: timed out']);
    } finally {
      hanging.clear();
      temp.cleanup();
    }
  });
});
