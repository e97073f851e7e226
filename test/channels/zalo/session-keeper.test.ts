import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZaloCredentials } from '../../../src/channels/zalo/credential-store.ts';
import { keepSessionSaved } from '../../../src/channels/zalo/session-keeper.ts';

const SECRET = 'zpw_sek-SECRET-renewed-cookie-91c2';

function session(cookieValue: string): ZaloCredentials {
  return { imei: 'imei-1', userAgent: 'Mozilla/5.0', language: 'vi', cookie: [{ key: 'zpw_sek', value: cookieValue, domain: 'chat.zalo.me', path: '/' }] };
}

function capturedLogs() {
  const lines: string[] = [];
  return { logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }), lines };
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'htx-zalo-session-'));
  file = join(dir, 'data', 'zalo-credentials.json');
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const saved = async () => JSON.parse(await readFile(file, 'utf8')) as ZaloCredentials;

describe('keepSessionSaved', () => {
  it('saves the session after login, again when zca-js has renewed its cookies, and not when nothing changed', async () => {
    let live = session('first-cookie');
    const { logger, lines } = capturedLogs();
    const keeper = keepSessionSaved({ read: () => live, credentialsFile: file, logger });

    await keeper.check();
    expect(await saved()).toEqual(live);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const firstWrite = statSync(file).mtimeMs;

    await keeper.check();
    expect(statSync(file).mtimeMs).toBe(firstWrite);

    live = session(SECRET);
    await keeper.check();
    expect((await saved()).cookie).toEqual(live.cookie);
    await keeper.stop();

    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(['Zalo: session saved', 'Zalo: session renewed by Zalo; saved']);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('checks on its own every interval, and once more when stopped', async () => {
    vi.useFakeTimers();
    let live = session('a');
    const { logger } = capturedLogs();
    const keeper = keepSessionSaved({ read: () => live, credentialsFile: file, logger, intervalMs: 60_000 });
    await keeper.check();

    live = session('b');
    await vi.advanceTimersByTimeAsync(60_000);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await saved()).cookie).toEqual(session('b').cookie));

    live = session('c');
    await keeper.stop();
    expect((await saved()).cookie).toEqual(session('c').cookie);
  });

  it('warns once while the file cannot be written, and serves on', async () => {
    const { logger, lines } = capturedLogs();
    // A folder where the file should be: every write fails.
    const blocked = join(dir, 'blocked');
    const keeper = keepSessionSaved({ read: () => session('x'), credentialsFile: join(blocked, 'nested', 'file.json'), logger });
    writeFileSync(blocked, 'a file, not a folder');

    await keeper.check();
    await keeper.check();
    await keeper.stop();
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((e) => e.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/could not be saved/);
  });
});
