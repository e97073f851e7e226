import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialsFileError,
  loadCredentials,
  saveCredentials,
  type ZaloCredentials,
} from '../../../src/channels/zalo/credential-store.ts';
import { openZaloSession, type ZaloLogin } from '../../../src/channels/zalo/zalo-login.ts';

const SECRET = 'zpw_sek-SECRET-cookie-value-7f3a';

const credentials: ZaloCredentials = {
  imei: 'b9c1d7e2-imei',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
  cookie: [
    {
      domain: '.chat.zalo.me',
      expirationDate: 1_900_000_000,
      hostOnly: false,
      httpOnly: true,
      name: 'zpw_sek',
      path: '/',
      sameSite: 'lax',
      secure: true,
      session: false,
      storeId: '0',
      value: SECRET,
    },
  ],
};

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'htx-zalo-'));
  file = join(dir, 'nested', 'zalo-credentials.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function capturedLogs() {
  const lines: string[] = [];
  return { logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }), lines };
}

/** A login that records which way was taken; the QR way "writes" the code and calls back like zca-client. */
function fakeLogin(options: { refuseSaved?: boolean } = {}) {
  const calls: { withCredentials: ZaloCredentials[]; qrImagePaths: string[] } = { withCredentials: [], qrImagePaths: [] };
  const login: ZaloLogin<string> = {
    async withCredentials(saved) {
      calls.withCredentials.push(saved);
      if (options.refuseSaved) throw new Error(`Đăng nhập thất bại`);
      return 'session-from-saved';
    },
    async withQrCode(qrImagePath, onQrImage) {
      calls.qrImagePaths.push(qrImagePath);
      await writeFile(qrImagePath, 'png');
      onQrImage();
      return { session: 'session-from-qr', credentials };
    },
  };
  return { login, calls };
}

describe('credential store', () => {
  it('has nothing to load before the first login', async () => {
    expect(await loadCredentials(file)).toBeUndefined();
  });

  it('saves readable by its owner only, and loads back what it saved', async () => {
    await saveCredentials(file, credentials);

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadCredentials(file)).toEqual(credentials);
  });

  it('tightens the mode of a file saved over', async () => {
    await saveCredentials(file, credentials);
    await writeFile(file, '{}', { mode: 0o644 });
    await saveCredentials(file, { ...credentials, imei: 'second' });

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await loadCredentials(file))?.imei).toBe('second');
  });

  it('refuses a broken file without quoting its content', async () => {
    await saveCredentials(file, credentials);
    await writeFile(file, `{"cookie": [{"value": "${SECRET}"}], `);
    const notJson = await loadCredentials(file).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(CredentialsFileError);
    expect(String(notJson)).not.toContain(SECRET);

    await writeFile(file, JSON.stringify({ cookie: [{ value: SECRET }], imei: 42 }));
    const malformed = await loadCredentials(file).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(CredentialsFileError);
    expect(String(malformed)).toMatch(/imei.*userAgent/);
    expect(String(malformed)).not.toContain(SECRET);
  });
});

describe('opening a Zalo session', () => {
  it('logs in with the saved session when there is one', async () => {
    await saveCredentials(file, credentials);
    const { login, calls } = fakeLogin();
    const { logger, lines } = capturedLogs();

    expect(await openZaloSession(file, login, logger)).toBe('session-from-saved');
    expect(calls.withCredentials).toEqual([credentials]);
    expect(calls.qrImagePaths).toEqual([]);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('logs in by QR code without one, tells the operator where the code is, and saves the session (0600)', async () => {
    const { login, calls } = fakeLogin();
    const { logger, lines } = capturedLogs();
    await saveCredentials(join(dir, 'nested', 'other.json'), credentials); // the folder exists, as DATA_DIR would

    expect(await openZaloSession(file, login, logger)).toBe('session-from-qr');

    const qrImage = join(dir, 'nested', 'zalo-login-qr.png');
    expect(calls.qrImagePaths).toEqual([qrImage]);
    expect(lines.some((l) => l.includes(qrImage) && /scan/i.test(l))).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(credentials);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(stat(qrImage)).rejects.toThrow(); // the used code is cleared away
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('says how to recover when the saved session is refused, without the cookie', async () => {
    await saveCredentials(file, credentials);
    const { login, calls } = fakeLogin({ refuseSaved: true });
    const { logger, lines } = capturedLogs();

    const error = await openZaloSession(file, login, logger).catch((e: unknown) => e);

    expect(String(error)).toMatch(/not accepted.*delete that file/);
    expect(String(error)).not.toContain(SECRET);
    expect(calls.qrImagePaths).toEqual([]);
    expect(lines.join('')).not.toContain(SECRET);
  });
});
