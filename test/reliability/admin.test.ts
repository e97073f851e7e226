import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliChat } from '../../src/channels/cli/chat.ts';
import { startZalo, type ZaloChannel } from '../../src/channels/zalo/zalo-channel.ts';
import { ReliabilityZaloClient } from '../fixtures/reliability/fake-zalo.ts';
import { captureLogs, envFor, startRealCore, tempKnowledge, type RealCore, type TempDirs } from '../fixtures/reliability/real-app.ts';
import { recordingTelegramBot } from '../fixtures/reliability/telegram-recording.ts';
import { telegramVisibleText } from '../fixtures/reliability/reply-checks.ts';

/**
 * Administrative commands through the real core and each channel. The only one is /thongke
 * (statistics); re-indexing is `npm run knowledge` on the server and there is no broadcast. Only the
 * ids in ADMIN_IDS get it; everyone else gets the normal help, as for any command they may not use.
 */

const TELEGRAM_ADMIN = 86_000_001;
const TELEGRAM_FARMER = 86_000_002;
const ADMIN_IDS = `${TELEGRAM_ADMIN},zalo:zalo-admin,cli:operator`;
/** Administrative words someone might try: none may show anything but the help. */
const ATTEMPTS = ['/thongke', 'thong ke', 'Thống kê', '/thongke@TestNameBot', '/reindex', '/broadcast Xin chào mọi người', '/admin', '/stats'];

let dirs: TempDirs;
let core: RealCore;
let zalo: ZaloChannel | undefined;

beforeAll(async () => {
  dirs = tempKnowledge();
  core = await startRealCore(envFor(dirs, { ADMIN_IDS }));
});
afterAll(async () => {
  await zalo?.stop();
  await core?.close();
  dirs?.cleanup();
});

const isStats = (text: string | undefined) => /^Thống kê\n• Người dùng đang lưu trạng thái: \d+/.test(text ?? '');
const isHelp = (text: string | undefined) => /^(Xin chào!|Mình chưa biết lệnh này)/.test(text ?? '');

describe('administrative commands only for ADMIN_IDS, on every channel', () => {
  it('Telegram: the admin gets statistics; a farmer typing the same gets the help', async () => {
    const telegram = recordingTelegramBot(core.service);
    await telegram.say(TELEGRAM_ADMIN, '/thongke');
    expect(isStats(telegramVisibleText(telegram.htmlTo(TELEGRAM_ADMIN)[0] ?? ''))).toBe(true);

    for (const attempt of ATTEMPTS) {
      const before = telegram.htmlTo(TELEGRAM_FARMER).length;
      await telegram.say(TELEGRAM_FARMER, attempt);
      const shown = telegram.htmlTo(TELEGRAM_FARMER).slice(before).map(telegramVisibleText);
      expect(shown, attempt).toHaveLength(1);
      expect(isHelp(shown[0]), `${attempt} → ${shown[0]?.slice(0, 60)}`).toBe(true);
    }
  });

  it('Zalo: a channel-qualified admin id gets statistics; anyone else the help', async () => {
    const client = new ReliabilityZaloClient();
    zalo = startZalo({ client, service: core.service, logger: captureLogs().logger, sendIntervalMs: 1 });
    client.say('zalo-admin', '/thongke');
    const [stats] = await client.waitForSent('zalo-admin', 1);
    expect(isStats(stats)).toBe(true);

    for (const [i, attempt] of ATTEMPTS.entries()) {
      client.say('zalo-farmer', attempt);
      const shown = await client.waitForSent('zalo-farmer', i + 1);
      expect(isHelp(shown[i]), `${attempt} → ${shown[i]?.slice(0, 60)}`).toBe(true);
    }
  });

  it('the command line: only the configured operator gets statistics', async () => {
    const chat = async (userId: string, line: string) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let written = '';
      output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
      const done = runCliChat(core.service, { userId, json: true, interactive: false, input, output });
      input.end(`${line}\n`);
      await done;
      return (JSON.parse(written.split('\n')[0] ?? '{}') as { text?: string }).text;
    };
    expect(isStats(await chat('operator', '/thongke'))).toBe(true);
    for (const attempt of ATTEMPTS) expect(isHelp(await chat('guest', attempt)), attempt).toBe(true);
  });

  it('a Telegram admin id does not make the same id an admin elsewhere when it is channel-qualified', async () => {
    // "zalo:zalo-admin" is an admin on Zalo only: the same id on the command line is not.
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const done = runCliChat(core.service, { userId: 'zalo-admin', json: true, interactive: false, input, output });
    input.end('/thongke\n');
    await done;
    expect(isHelp((JSON.parse(written.split('\n')[0] ?? '{}') as { text?: string }).text)).toBe(true);
  });
});
