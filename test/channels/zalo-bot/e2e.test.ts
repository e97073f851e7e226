import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../../src/conversation/messages.ts';
import { startMain, type MainProcess } from '../../fixtures/reliability/main-process.ts';
import { ANSWER_WORDS, ANSWERABLE_QUESTION, envFor, tempKnowledge, type TempDirs } from '../../fixtures/reliability/real-app.ts';
import { eventually, FAKE_TOKEN, freePort } from '../../fixtures/reliability/telegram.ts';
import { startZaloBotStandIn, type ZaloBotFault, type ZaloBotStandIn } from '../../fixtures/zalo-bot-stand-in.ts';

/**
 * `npm start` (src/main.ts in a child process) on the real core, with the Zalo Bot Platform channel
 * pointed at the stand-in server (ZALO_BOT_API_ROOT) and, in the same process, Telegram configured at
 * an address where nothing listens: the Zalo channel must serve regardless. Then webhook mode in a
 * second process, and a refused token in a third.
 */

const ZALO_TOKEN = '1459232241454765289:e2e-ZaloBot-secret-token-Wq3';
/** Telegram's Bot API nowhere: a free port that nothing listens on. */
let deadTelegramRoot: string;
const tempDirs: TempDirs[] = [];
const processes: MainProcess[] = [];

function dirs(): TempDirs {
  const made = tempKnowledge();
  tempDirs.push(made);
  return made;
}

function start(env: Record<string, string>): MainProcess {
  const main = startMain(env);
  processes.push(main);
  return main;
}

beforeAll(async () => {
  deadTelegramRoot = `http://127.0.0.1:${await freePort()}`;
});

afterAll(() => {
  for (const main of processes) main.kill();
  for (const made of tempDirs) made.cleanup();
});

const hasMarkup = (text: string) => /\*\*|<\/?b>|&lt;|&amp;/.test(text);

describe('long polling, with Telegram unreachable in the same process', () => {
  let standIn: ZaloBotStandIn;
  let main: MainProcess;
  const pollFaults: ZaloBotFault[] = [];
  /** Chats whose sendMessage the stand-in answers slowly, to catch a shutdown mid-send. */
  const slowChats = new Set<string>();

  beforeAll(async () => {
    standIn = await startZaloBotStandIn({
      token: ZALO_TOKEN,
      maxHoldMs: 400,
      fault: (call) => (call.method === 'getUpdates' ? pollFaults.shift() : undefined),
      sendDelayMs: (call) => (slowChats.has(String(call.body.chat_id)) ? 1_500 : 0),
    });
    main = start(
      envFor(dirs(), {
        ZALO_BOT_TOKEN: ZALO_TOKEN,
        ZALO_BOT_API_ROOT: standIn.apiRoot,
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: deadTelegramRoot,
      }),
    );
    await main.waitForLog('Zalo Bot Platform channel started', 30_000);
  }, 40_000);

  afterAll(async () => {
    main?.kill();
    await standIn?.close();
  });

  it('answers a question in plain text, with its citation', async () => {
    standIn.say('farmer-1', ANSWERABLE_QUESTION);
    const [answer] = await standIn.waitForSent('farmer-1', 1);
    expect(answer).toContain(ANSWER_WORDS);
    expect(answer).toContain('Căn cứ:');
    expect(hasMarkup(answer ?? '')).toBe(false);
    expect(standIn.actions).toContainEqual({ chatId: 'farmer-1', action: 'typing' });
  });

  it('polls again after 408 (no update), without a tight loop and without warnings', async () => {
    const before = standIn.calls.filter((c) => c.method === 'getUpdates').length;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    const polls = standIn.calls.filter((c) => c.method === 'getUpdates').length - before;
    // Each poll is held 400 ms by the stand-in and answered 408; empty polls are at least a second apart.
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1_000) + 1);
    expect(main.logs().filter((e) => String(e.msg).includes('getUpdates'))).toEqual([]);
  });

  it('backs off on 5xx and dropped polls, then recovers without losing a message', async () => {
    const faultsBefore = standIn.faulted.length;
    pollFaults.push({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } }, 'drop');
    await eventually(() => (standIn.faulted.length > faultsBefore ? true : undefined), 'a failed poll');
    standIn.say('farmer-2', '/start');
    const [welcome] = await standIn.waitForSent('farmer-2', 1, 20_000);
    expect(welcome).toMatch(/^Xin chào!/);
    expect(welcome).toContain('Nhắn số để chọn:\n1. ');
    expect(pollFaults).toEqual([]);
    const failures = standIn.faulted.slice(faultsBefore);
    // Backed off: the retries were spaced, not fired at once.
    expect(failures[1]!.at - failures[0]!.at).toBeGreaterThanOrEqual(700);
    expect(main.logs().filter((e) => e.msg === 'Zalo Bot Platform: getUpdates failed; retrying')).toHaveLength(2);
    expect(main.logs().some((e) => e.msg === 'Zalo Bot Platform: getUpdates works again')).toBe(true);
  });

  it('answers a sticker with the same polite reply as every channel', async () => {
    standIn.sendSticker('farmer-3');
    expect(await standIn.waitForSent('farmer-3', 1)).toEqual([texts.attachment]);
  });

  it('walks a flow by typed numbers and words, and splits the long checklist under 2,000 characters', async () => {
    const chat = 'farmer-4';
    let seen = 0;
    /** Sends `text`, waits for the bot's answer (all its messages), and returns them. */
    async function send(text: string): Promise<string[]> {
      standIn.say(chat, text);
      await standIn.waitForSent(chat, seen + 1);
      // The messages of one turn go out back to back: a short quiet spell ends the turn.
      let count = standIn.sentTo(chat).length;
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const now = standIn.sentTo(chat).length;
        if (now === count) break;
        count = now;
      }
      const turn = standIn.sentTo(chat).slice(seen);
      seen = count;
      return turn;
    }
    /** The number shown for `label` among the numbered options of `messages`. */
    const numberOf = (messages: string[], label: string) => {
      const line = messages.join('\n').split('\n').find((l) => new RegExp(`^\\d+\\. ${label}$`).test(l));
      if (line === undefined) throw new Error(`no option "${label}" in:\n${messages.join('\n---\n')}`);
      return line.split('.')[0]!;
    };

    let turn = await send('/thanhlap');
    turn = await send(numberOf(turn, 'Hợp tác xã'));
    turn = await send(numberOf(turn, 'Không, lập mới'));
    turn = await send('7');
    turn = await send('cá nhân');
    turn = await send('30');
    turn = await send(numberOf(turn, 'Không có'));
    turn = await send(numberOf(turn, 'Nông nghiệp'));
    turn = await send('Kon Tum');
    turn = await send('500 triệu');
    turn = await send('100 triệu');
    turn = await send('HTX Thành Công');
    turn = await send('thôn 3, xã Ea Tu');
    turn = await send('trồng cà phê');
    const checklist = await send(numberOf(turn, 'Bỏ qua'));

    // One screen a page, the papers named where the platform cannot carry the file itself.
    expect(checklist[0]).toMatch(/^Danh sách việc cần làm của bạn/);
    expect(checklist[1]).toContain('kênh Zalo này chưa gửi được tệp');
    const pages = [checklist];
    while (pages.at(-1)!.join('\n').includes('. ➡️ Tiếp')) pages.push(await send(numberOf(pages.at(-1)!, '➡️ Tiếp')));
    expect(pages.length).toBeGreaterThan(6);
    for (const message of standIn.sentTo(chat)) {
      expect(message.length).toBeLessThanOrEqual(1_400);
      expect(hasMarkup(message)).toBe(false);
    }
    expect(pages.flat().join('\n')).toContain('Hồ sơ đăng ký');
  }, 60_000);

  it('answers twenty users writing at once, each exactly once', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `crowd-${i + 1}`);
    for (const user of users) standIn.say(user, ANSWERABLE_QUESTION);
    for (const user of users) {
      const [answer] = await standIn.waitForSent(user, 1, 20_000);
      expect(answer).toContain(ANSWER_WORDS);
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const user of users) expect(standIn.sentTo(user)).toHaveLength(1);
  });

  it('kept Telegram trying in the background without holding Zalo up', async () => {
    const waiting = await main.waitForLog(/^Telegram: cannot reach the platform yet/, 20_000);
    expect(waiting).toMatchObject({ level: 30, failures: 1 });
    expect(main.logs().some((e) => e.msg === 'Telegram channel started')).toBe(false);
  });

  it('on SIGTERM, sends the replies still going out, then exits 0', async () => {
    const chats = ['leaving-1', 'leaving-2', 'leaving-3'];
    for (const chat of chats) slowChats.add(chat);
    for (const chat of chats) standIn.say(chat, '/start');
    // The platform hands over one update a poll: wait until all three were taken and each has its
    // (slow) reply under way; an update not yet fetched would stay on the platform for the next start.
    const sending = (chat: string) => standIn.calls.some((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chat);
    await eventually(() => (chats.every(sending) ? true : undefined), 'a slow send under way for each chat');
    main.child.kill('SIGTERM');
    const { code, signal } = await main.exited;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    for (const chat of chats) expect(standIn.sentTo(chat)).toHaveLength(1);
    const said = main.logs().map((e) => e.msg);
    expect(said.at(-1)).toBe('stopped');
    expect(main.logs().filter((e) => Number(e.level) >= 50)).toEqual([]);
    expect(main.output()).not.toContain(ZALO_TOKEN);
    expect(main.output()).not.toContain(FAKE_TOKEN);
  }, 20_000);
});

describe('webhook mode', () => {
  it('registers a generated secret, answers the platform\'s calls, refuses others, and stops cleanly', async () => {
    const standIn = await startZaloBotStandIn({ token: ZALO_TOKEN });
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/zalo-bot/webhook`;
      const main = start(envFor(dirs(), { ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_BOT_API_ROOT: standIn.apiRoot, ZALO_BOT_WEBHOOK_URL: url, ZALO_BOT_WEBHOOK_PORT: String(port) }));
      await main.waitForLog('Zalo Bot Platform channel started', 30_000);

      const registered = standIn.webhook();
      expect(registered?.url).toBe(url);
      expect(registered?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(main.output()).not.toContain(registered?.secret);
      expect(standIn.calls.some((c) => c.method === 'getUpdates')).toBe(false);

      standIn.say('hook-farmer', ANSWERABLE_QUESTION);
      const [answer] = await standIn.waitForSent('hook-farmer', 1);
      expect(answer).toContain(ANSWER_WORDS);
      expect(standIn.webhookDeliveries.map((d) => d.status)).toEqual([200]);

      const forged = { ok: true, result: { event_name: 'message.text.received', message: { message_id: 'f1', date: Date.now(), text: '/start', chat: { id: 'intruder', chat_type: 'PRIVATE' }, from: { id: 'intruder' } } } };
      const post = (secret?: string) =>
        fetch(url, { method: 'POST', headers: secret === undefined ? {} : { 'x-bot-api-secret-token': secret }, body: JSON.stringify(forged) });
      expect((await post('guessed-secret-123')).status).toBe(401);
      expect((await post()).status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(standIn.sentTo('intruder')).toEqual([]);

      main.child.kill('SIGTERM');
      expect((await main.exited).code).toBe(0);
    } finally {
      await standIn.close();
    }
  }, 40_000);
});

describe('a refused token', () => {
  it('says so in one clear line, and with no other channel the process exits 1', async () => {
    const standIn = await startZaloBotStandIn({ token: ZALO_TOKEN });
    try {
      const wrong = '1459232241454765289:revoked-token-value-Zx9';
      const main = start(envFor(dirs(), { ZALO_BOT_TOKEN: wrong, ZALO_BOT_API_ROOT: standIn.apiRoot, LOG_LEVEL: 'info' }));
      const { code } = await main.exited;

      expect(code).toBe(1);
      const errors = main.logs().filter((e) => Number(e.level) >= 50);
      expect(errors.map((e) => e.msg)).toEqual([
        'Zalo Bot Platform channel not started; the other channels carry on',
        'no channel can serve: every configured channel was refused by its platform (see the lines above)',
      ]);
      expect(String(errors[0]?.reason)).toMatch(/401.*ZALO_BOT_TOKEN/);
      expect(standIn.calls.map((c) => c.method)).toEqual(['getMe']);
      expect(main.output()).not.toContain(wrong);
    } finally {
      await standIn.close();
    }
  }, 40_000);
});
