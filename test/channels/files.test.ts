/**
 * Issue 12: a reply that hands over a document, on every channel. Telegram sends it as a file
 * (sendDocument), Zalo through zca-js as an attachment, and the Zalo Bot Platform, which carries
 * text and photos only, as a signed link that expires when a public address is configured, or a
 * note saying where else to get it. The download server is served here on 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningChannel } from '../../src/channels/channel-supervisor.ts';
import { startFileLinks, type FileLinks } from '../../src/channels/file-links.ts';
import { startZalo, type ZaloChannel } from '../../src/channels/zalo/zalo-channel.ts';
import { startZaloBot } from '../../src/channels/zalo-bot/zalo-bot-channel.ts';
import type { ConversationService, Reply, ReplyFile } from '../../src/conversation/types.ts';
import { FakeZaloClient } from '../fixtures/fake-zalo-client.ts';
import { freePort } from '../fixtures/reliability/telegram.ts';
import { startZaloBotStandIn, type ZaloBotStandIn } from '../fixtures/zalo-bot-stand-in.ts';
import { recordingBot } from './telegram/harness.ts';
import { textUpdate } from './telegram/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'htx-files-'));
const FOLDER = 'mx1-abc123';
const file: ReplyFile = {
  name: 'ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx',
  path: join(root, FOLDER, 'ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx'),
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
mkdirSync(join(root, FOLDER));
writeFileSync(file.path, 'PK fake docx bytes');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const REPLY: Reply = { text: '**Danh sách việc cần làm của bạn**', buttons: ['➡️ Tiếp', '📄 Tải hồ sơ'], files: [file] };
const service: ConversationService = { handle: async () => [REPLY] };
const logger = pino({ level: 'silent' });

describe('Telegram', () => {
  it('sends the text, then the file as a document with its name, the buttons under the file', async () => {
    const { bot, calls } = recordingBot(service);
    await bot.handleUpdate(textUpdate('Nguyễn Văn An, Trần Thị Bình'));
    const sends = calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendDocument');
    expect(sends.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(sends[0]?.payload.reply_markup).toBeUndefined();
    expect(sends[1]?.payload).toMatchObject({ chat_id: 42, reply_markup: { inline_keyboard: [[{ text: '➡️ Tiếp' }, { text: '📄 Tải hồ sơ' }]] } });
    const document = sends[1]?.payload.document as { filename?: string };
    expect(document.filename).toBe(file.name);
  });
});

describe('Zalo (zca-js)', () => {
  let channel: ZaloChannel | undefined;
  afterEach(() => void channel?.stop());

  it('sends the text, then the file as an attachment, through the one paced queue', async () => {
    const client = new FakeZaloClient();
    channel = startZalo({ client, service, logger, sendIntervalMs: 2, drainTimeoutMs: 50 });
    client.deliver({ messageId: 'm-1', sentAt: Date.now(), threadId: 'farmer-1', isGroup: false, isSelf: false, senderId: 'farmer-1', msgType: 'webchat', content: 'xong', mentions: [] });
    await vi.waitFor(() => expect(client.files).toHaveLength(1));
    expect(client.sent.map((s) => s.text)).toEqual(['Danh sách việc cần làm của bạn\n\nNhắn số để chọn:\n1. ➡️ Tiếp\n2. 📄 Tải hồ sơ']);
    expect(client.files[0]).toEqual({ threadId: 'farmer-1', isGroup: false, path: file.path });
  });
});

describe('signed download links', () => {
  let links: FileLinks;
  let port: number;
  let clock = Date.now();
  beforeEach(async () => {
    port = await freePort();
    clock = Date.now();
    links = await startFileLinks({ publicUrl: `http://127.0.0.1:${port}/tai`, port, secret: 'a-secret-for-links', ttlMs: 60_000, root, logger, now: () => clock });
  });
  afterEach(() => links.close());

  it('serve the file to a link the bot made, until it expires', async () => {
    const url = links.linkFor(file) as string;
    expect(url).toMatch(new RegExp(`^http://127.0.0.1:${port}/tai/${FOLDER}/ho-so-thanh-lap-hop-tac-xa-thanh-cong\\.docx\\?e=\\d+&s=`));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(file.mime);
    expect(response.headers.get('content-disposition')).toContain(file.name);
    expect(await response.text()).toBe('PK fake docx bytes');
    clock += 61_000;
    expect((await fetch(url)).status).toBe(410);
  });

  it('refuse a link changed by hand, one to another file, and files outside the folder', async () => {
    const url = new URL(links.linkFor(file) as string);
    url.searchParams.set('e', String(Number(url.searchParams.get('e')) + 3600));
    expect((await fetch(url)).status).toBe(403);
    const other = new URL(links.linkFor(file) as string);
    other.pathname = other.pathname.replace('ho-so-thanh-lap', 'khac');
    expect((await fetch(other)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/tai/..%2F..%2Fetc/passwd?e=9999999999&s=x`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/tai/${FOLDER}/x.docx`, { method: 'POST' })).status).toBe(405);
    expect(links.linkFor({ ...file, path: '/etc/passwd' })).toBeUndefined();
  });
});

describe('Zalo Bot Platform (no files)', () => {
  const TOKEN = '1459232241454765289:ZaloBot-test-secret-token-Kq7';
  let standIn: ZaloBotStandIn;
  let channel: RunningChannel | undefined;
  beforeEach(async () => {
    standIn = await startZaloBotStandIn({ token: TOKEN, maxHoldMs: 300 });
  });
  afterEach(async () => {
    await channel?.stop();
    channel = undefined;
    await standIn.close();
  });
  const start = (extra: Parameters<typeof startZaloBot>[0]['fileLinks']) =>
    startZaloBot({ token: TOKEN, apiRoot: standIn.apiRoot, service, logger, pollTimeoutSeconds: 1, fileLinks: extra });

  it('sends a signed link that expires when a public address is configured', async () => {
    const port = await freePort();
    channel = await start({ publicUrl: `http://127.0.0.1:${port}/tai`, port, secret: 'a-secret-for-links', ttlMs: 24 * 3_600_000, root });
    standIn.say('user-1', 'xong');
    const [, link] = await standIn.waitForSent('user-1', 2);
    expect(link).toContain('📄 Tải hồ sơ của bạn (ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx) tại liên kết dưới đây, dùng được trong 24 giờ:');
    const url = /http:\/\/\S+/.exec(link ?? '')?.[0] as string;
    expect(await (await fetch(url)).text()).toBe('PK fake docx bytes');
  });

  it('says where else to get the file when no public address is configured', async () => {
    channel = await start(undefined);
    standIn.say('user-2', 'xong');
    const [, note] = await standIn.waitForSent('user-2', 2);
    expect(note).toContain('kênh Zalo này chưa gửi được tệp');
    expect(note).toContain('Telegram');
    expect(note).toContain('npm run cli -- chat');
  });
});
