import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUserState } from '../../src/conversation/state/user-state-codec.ts';
import { startBotApiFront, type BotApiFront } from '../fixtures/reliability/bot-api-front.ts';
import { startMain, type MainProcess } from '../fixtures/reliability/main-process.ts';
import { completion, isChat, pause, startModelStandIn, type ModelStandIn } from '../fixtures/reliability/model-stand-in.ts';
import { ANSWERABLE_QUESTION, envFor, tempKnowledge, type TempDirs } from '../fixtures/reliability/real-app.ts';
import { eventually, FAKE_TOKEN, startTestTelegram, type TestTelegram } from '../fixtures/reliability/telegram.ts';

/**
 * `npm start` (src/main.ts) in a child process, on telegram-test-api, with a language model that
 * takes its time: SIGTERM while answers are being worked on. They must all be sent, the process
 * must exit 0, and the state store must hold each turn whole.
 */

const MODEL_DELAY_MS = 1_500;
const USERS = [74001, 74002, 74003];

let dirs: TempDirs;
let telegram: TestTelegram;
let front: BotApiFront;
let model: ModelStandIn;
let main: MainProcess | undefined;

function env(): Record<string, string> {
  return envFor(dirs, {
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: front.apiRoot,
    LLM_BASE_URL: model.baseUrl,
    LLM_MODEL: 'slow-stand-in',
    LOG_LEVEL: 'info',
  });
}

beforeAll(async () => {
  dirs = tempKnowledge();
  telegram = await startTestTelegram();
  front = await startBotApiFront({ server: telegram.server });
  model = await startModelStandIn(async (request) => {
    if (!isChat(request)) return { status: 404, body: {} };
    await pause(MODEL_DELAY_MS);
    return completion('Mỗi hợp tác xã được hỗ trợ tối đa 300 triệu đồng để xây kho lạnh [1].');
  });
});

afterAll(async () => {
  main?.kill();
  await front?.close();
  await telegram?.stop();
  await model?.close();
  dirs?.cleanup();
});

describe('SIGTERM mid-answer (src/main.ts in a child process)', () => {
  it('finishes the answers in flight, sends them, writes each turn whole, and exits 0', async () => {
    main = startMain(env());
    await main.waitForLog('Telegram channel started');
    for (const id of USERS) {
      const user = telegram.user(id);
      await user.sendMessage(user.makeMessage(ANSWERABLE_QUESTION));
    }
    await eventually(() => (model.requests.filter(isChat).length >= USERS.length ? true : undefined), 'every question at the model');
    expect(USERS.flatMap((id) => telegram.botMessages(id))).toEqual([]);

    main.child.kill('SIGTERM');
    const { code, signal } = await main.exited;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    for (const id of USERS) {
      const sent = telegram.botMessages(id).map((m) => String(m.message.text));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('300 triệu đồng');
      expect(sent[0]).toContain('<b>Căn cứ:</b>');
    }
    const said = main.logs().map((e) => e.msg);
    expect(said).toContain('stopping: no new updates, finishing answers in flight');
    expect(said.at(-1)).toBe('stopped');
    expect(main.logs().filter((e) => Number(e.level) >= 50)).toEqual([]);

    const file = join(dirs.dataDir, 'state.sqlite');
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const id of USERS) {
        const raw = db.prepare<[string], string>('SELECT state FROM user_state WHERE user_key = ?').pluck().get(`telegram:${id}`);
        const state = raw === undefined ? undefined : decodeUserState(raw);
        expect(state?.turns.map((t) => t.role)).toEqual(['user', 'bot']);
        expect(state?.lastAnswer?.question).toBe(ANSWERABLE_QUESTION);
      }
    } finally {
      db.close();
    }
    // A clean close checkpoints the write-ahead log: nothing is left only half-applied beside the database.
    const wal = `${file}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  });

  it('a message sent while the bot is down is answered after the restart, not lost', async () => {
    const id = 74010;
    const user = telegram.user(id);
    await user.sendMessage(user.makeMessage('/start'));
    main = startMain(env());
    const [welcome] = await telegram.waitForBotMessages(id, 1, 30_000);
    expect(String(welcome?.message.text)).toMatch(/^Xin chào!/);
    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(0);
  });
});

describe('start-up with an unusable state store (src/main.ts in a child process)', () => {
  it('exits non-zero with one clear log line, no stack trace', async () => {
    const broken = tempKnowledge();
    try {
      mkdirSync(join(broken.dataDir, 'state.sqlite'), { recursive: true });
      const failing = startMain(envFor(broken, { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: front.apiRoot, LOG_LEVEL: 'info' }));
      const { code } = await failing.exited;
      expect(code).not.toBe(0);
      const fatal = failing.logs().filter((e) => e.level === 60);
      expect(fatal).toHaveLength(1);
      expect(String(fatal[0]?.msg)).toMatch(/cannot open the state store .*state\.sqlite: the file or its folder is not writable; check DATA_DIR/);
      expect(failing.output()).not.toMatch(/\n\s+at /);
      expect(failing.output()).not.toContain(FAKE_TOKEN);
    } finally {
      broken.cleanup();
    }
  });
});
