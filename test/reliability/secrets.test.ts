import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../../src/config.ts';
import { hashUserId } from '../../src/logger.ts';
import { startBotApiFront, type BotApiFront } from '../fixtures/reliability/bot-api-front.ts';
import { startMain, type MainProcess } from '../fixtures/reliability/main-process.ts';
import { keyRefused, startModelStandIn, type ModelStandIn } from '../fixtures/reliability/model-stand-in.ts';
import { ANSWER_WORDS, ANSWERABLE_QUESTION, envFor, tempKnowledge, type TempDirs } from '../fixtures/reliability/real-app.ts';
import { FAKE_TOKEN, startTestTelegram, type TestTelegram } from '../fixtures/reliability/telegram.ts';

/**
 * `npm start` in a child process with fake secrets (bot token, model and embeddings keys, a Zalo
 * cookie), driven through failures that would print them: a refused key echoed back by both model
 * endpoints, dropped Telegram connections whose errors quote the token's URL, an unreadable Zalo
 * session file. Then every log line, every reply and the state store's files are searched for them.
 */

const LLM_KEY = 'sk-reliability-LLM-secret-0123456789';
const EMBEDDINGS_KEY = 'sk-reliability-EMB-secret-9876543210';
const ZALO_COOKIE = 'zpw_sek=ZALO-COOKIE-secret-5f3a9c; zpsid=ZALO-SESSION-secret-77e1';
const SECRETS = [FAKE_TOKEN, FAKE_TOKEN.split(':')[1]!, LLM_KEY, EMBEDDINGS_KEY, 'ZALO-COOKIE-secret-5f3a9c', 'ZALO-SESSION-secret-77e1'];

/** A farmer, with the personal data Telegram sends along with every message. */
const FARMER = { id: 86_420_531, firstName: 'Nguyễn Thị Hoa Sen', userName: 'hoasen_htx_binhyen' };
const ADMIN = { id: 86_420_599 };

let dirs: TempDirs;
let telegram: TestTelegram;
let front: BotApiFront;
let models: ModelStandIn;
let main: MainProcess;

beforeAll(async () => {
  dirs = tempKnowledge();
  telegram = await startTestTelegram();
  front = await startBotApiFront({
    server: telegram.server,
    // The first answer to the farmer and one long poll lose their connection: grammY's error then quotes the URL, token included.
    fault: (call) => ((call.method === 'sendMessage' && call.n === 1) || (call.method === 'getUpdates' && call.n === 2) ? 'drop' : undefined),
  });
  // Both endpoints refuse the key and quote it back, as OpenAI does.
  models = await startModelStandIn((request) => keyRefused(request.apiKey));
  const credentialsFile = join(dirs.root, 'zalo-credentials.json');
  writeFileSync(credentialsFile, `{"cookie": "${ZALO_COOKIE}", "imei": "trunc`);

  main = startMain(
    envFor(dirs, {
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: front.apiRoot,
      LLM_BASE_URL: models.baseUrl,
      LLM_MODEL: 'stand-in',
      LLM_API_KEY: LLM_KEY,
      EMBEDDINGS_BASE_URL: models.baseUrl,
      EMBEDDINGS_MODEL: 'stand-in-embeddings',
      EMBEDDINGS_API_KEY: EMBEDDINGS_KEY,
      ZALO_ENABLED: 'true',
      ZALO_CREDENTIALS_FILE: credentialsFile,
      ADMIN_IDS: String(ADMIN.id),
      LOG_LEVEL: 'trace',
    }),
  );
  await main.waitForLog('Telegram channel started');

  const farmer = telegram.server.getClient(FAKE_TOKEN, { chatId: FARMER.id, userId: FARMER.id, firstName: FARMER.firstName, userName: FARMER.userName });
  const conversation = [ANSWERABLE_QUESTION, '👎 Chưa đúng', '/thanhlap', 'Hợp tác xã'];
  const expectedMessages = [1, 2, 4, 5];
  for (const [i, text] of conversation.entries()) {
    await farmer.sendMessage(farmer.makeMessage(text));
    await telegram.waitForBotMessages(FARMER.id, expectedMessages[i]!, 20_000);
  }
  const admin = telegram.user(ADMIN.id);
  await admin.sendMessage(admin.makeMessage('/thongke'));
  await telegram.waitForBotMessages(ADMIN.id, 1);
  await main.waitForLog('Zalo channel not started; the other channels carry on');

  main.child.kill('SIGTERM');
  expect((await main.exited).code).toBe(0);
}, 60_000);

afterAll(async () => {
  main?.kill();
  await front?.close();
  await telegram?.stop();
  await models?.close();
  dirs?.cleanup();
});

const found = (text: string) => SECRETS.filter((secret) => text.includes(secret));

describe('secrets never leave: logs, replies, the state store', () => {
  it('went through the failures that would have printed them', () => {
    const logs = main.logs();
    expect(front.faulted.map((f) => f.method).sort()).toEqual(['getUpdates', 'sendMessage']);
    expect(logs.map((e) => e.msg)).toEqual(
      expect.arrayContaining([
        'telegram network error, retrying',
        'embeddings unavailable: answering with lexical retrieval only',
        'language model answer unusable; extractive answer given',
        'Zalo channel not started; the other channels carry on',
      ]),
    );
    // The embeddings client's error quotes the key: the log line exists, with the key taken out.
    const embeddingsDown = logs.find((e) => e.msg === 'embeddings unavailable: answering with lexical retrieval only');
    expect(String(embeddingsDown?.reason)).toContain('[redacted]');
    expect(models.requests.map((r) => r.apiKey)).toEqual(expect.arrayContaining([LLM_KEY, EMBEDDINGS_KEY]));
    // So does the network error of a dropped Telegram call, with the token in the URL: taken out too.
    const dropped = logs.filter((e) => e.msg === 'telegram network error, retrying').map((e) => JSON.stringify(e));
    expect(dropped.some((line) => line.includes('/bot[token]/') || line.includes('/bot[redacted]/'))).toBe(true);
  });

  it('are in no log line, at trace level', () => {
    expect(found(main.output())).toEqual([]);
  });

  it('are in no reply', () => {
    const replies = telegram.server.storage.botMessages.map((m) => JSON.stringify(m.message));
    expect(replies.length).toBeGreaterThanOrEqual(6);
    expect(replies.join('\n')).toContain(ANSWER_WORDS);
    expect(found(replies.join('\n'))).toEqual([]);
  });

  it('are in no file of the state store', () => {
    const files = ['state.sqlite', 'state.sqlite-wal', 'state.sqlite-shm'].map((f) => join(dirs.dataDir, f)).filter(existsSync);
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) expect(found(readFileSync(file).toString('latin1') + readFileSync(file).toString('utf8'))).toEqual([]);
  });

  it('are not echoed by a configuration error', () => {
    const bad = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: `not a url ${FAKE_TOKEN}`, LLM_BASE_URL: `ftp//${LLM_KEY}` };
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(found(String((error as Error).message))).toEqual([]);
    expect(String((error as Error).message)).toContain('TELEGRAM_API_ROOT');
  });

  it('are all known to the log scrubber', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, LLM_BASE_URL: 'http://127.0.0.1:1/v1', LLM_MODEL: 'm', LLM_API_KEY: LLM_KEY, EMBEDDINGS_BASE_URL: 'http://127.0.0.1:1/v1', EMBEDDINGS_MODEL: 'e', EMBEDDINGS_API_KEY: EMBEDDINGS_KEY });
    expect(secretsOf(config).sort()).toEqual([FAKE_TOKEN, LLM_KEY, EMBEDDINGS_KEY].sort());
  });
});

describe('personal data: only what the service needs, user ids hashed in logs', () => {
  it('logs carry user ids only hashed, and never a name', () => {
    const output = main.output();
    for (const id of [FARMER.id, ADMIN.id]) expect(output).not.toContain(String(id));
    expect(output).not.toContain(FARMER.firstName);
    expect(output).not.toContain(FARMER.userName);
    const hashes = [hashUserId(String(FARMER.id)), hashUserId(`telegram:${FARMER.id}`)];
    expect(hashes.some((hash) => output.includes(hash))).toBe(true);
  });

  it('the store keeps a user key for a conversation it must carry on, feedback only with a hash, and no names', () => {
    const db = new Database(join(dirs.dataDir, 'state.sqlite'), { readonly: true });
    try {
      const keys = db.prepare<[], string>('SELECT user_key FROM user_state ORDER BY user_key').pluck().all();
      // The admin only asked for statistics: nothing to carry on, so nothing is kept about them.
      expect(keys).toEqual([`telegram:${FARMER.id}`]);
      const feedback = db.prepare<[], { user_hash: string; question: string }>('SELECT user_hash, question FROM feedback').all();
      expect(feedback).toEqual([{ user_hash: hashUserId(`telegram:${FARMER.id}`), question: ANSWERABLE_QUESTION }]);
      const everything = db
        .prepare<[], { dump: string }>("SELECT group_concat(state, ' ') AS dump FROM user_state")
        .get()?.dump ?? '';
      expect(everything).not.toContain(FARMER.firstName);
      expect(everything).not.toContain(FARMER.userName);
    } finally {
      db.close();
    }
  });

  it("an admin's statistics name no user", () => {
    const [stats] = telegram.botMessages(ADMIN.id).map((m) => String(m.message.text));
    expect(stats).toContain('Thống kê');
    expect(stats).toContain(ANSWERABLE_QUESTION);
    for (const value of [String(FARMER.id), FARMER.firstName, FARMER.userName, hashUserId(`telegram:${FARMER.id}`)]) {
      expect(stats).not.toContain(value);
    }
  });
});
