import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/channels/telegram/bot.ts';
import { startTelegram, type TelegramHandle } from '../../src/channels/telegram/start.ts';
import { startZalo } from '../../src/channels/zalo/zalo-channel.ts';
import { StateStoreError } from '../../src/conversation/state/state-store.ts';
import { texts } from '../../src/conversation/messages.ts';
import { startBotApiFront, telegramFaults, type BotApiFront, type Fault } from '../fixtures/reliability/bot-api-front.ts';
import { ReliabilityZaloClient } from '../fixtures/reliability/fake-zalo.ts';
import { completion, isChat, pause, startModelStandIn, systemMessageOf, type ModelBehaviour, type ModelStandIn } from '../fixtures/reliability/model-stand-in.ts';
import {
  ANSWER_WORDS,
  ANSWERABLE_QUESTION,
  ask,
  captureLogs,
  envFor,
  startRealCore,
  tempKnowledge,
  type RealCore,
  type TempDirs,
} from '../fixtures/reliability/real-app.ts';
import { recordingTelegramBot } from '../fixtures/reliability/telegram-recording.ts';
import { eventually, FAKE_TOKEN, freePort, startTestTelegram, type TestTelegram } from '../fixtures/reliability/telegram.ts';

/**
 * The faults of issue 6, each against the real app (createApp, the real core and channels): Telegram
 * refusing or dropping calls, the language model and the embeddings endpoint failing, damaged index
 * files, an unusable state store, and Zalo going down while Telegram serves.
 */

const tempDirs: TempDirs[] = [];
const cores: RealCore[] = [];
afterAll(async () => {
  for (const core of cores) await core.close();
  for (const dirs of tempDirs) dirs.cleanup();
});

function freshDirs(): TempDirs {
  const dirs = tempKnowledge();
  tempDirs.push(dirs);
  return dirs;
}

async function core(env: Record<string, string>, options?: { rateLimitPerMinute?: number }): Promise<RealCore> {
  const started = await startRealCore(env, options);
  cores.push(started);
  return started;
}

const messagesOf = (c: RealCore) => c.entries().map((e) => e.msg);

describe('Telegram refusing or dropping calls (real bot, long polling, through a Bot API front on telegram-test-api)', () => {
  let telegram: TestTelegram;
  let front: BotApiFront;
  let handle: TelegramHandle | undefined;
  /** Faults for the next sendMessage calls to a chat, in order; then calls pass. */
  const sendFaults = new Map<string, Fault[]>();
  const pollFaults: Fault[] = [];

  beforeAll(async () => {
    const { service } = await core(envFor(freshDirs()));
    telegram = await startTestTelegram();
    front = await startBotApiFront({
      server: telegram.server,
      fault: (call) => {
        if (call.method === 'sendMessage') return sendFaults.get(String(call.body.chat_id))?.shift();
        if (call.method === 'getUpdates') return pollFaults.shift();
        return undefined;
      },
    });
    const { logger } = captureLogs();
    const bot = createTelegramBot(FAKE_TOKEN, { service, logger, apiRoot: front.apiRoot });
    handle = await startTelegram(bot, { logger });
  });

  afterAll(async () => {
    await handle?.stop();
    await front?.close();
    await telegram?.stop();
  });

  const sendsTo = (chatId: number) => front.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId));

  async function askThrough(chatId: number, faults: Fault[]) {
    sendFaults.set(String(chatId), [...faults]);
    const user = telegram.user(chatId);
    const started = Date.now();
    await user.sendMessage(user.makeMessage(ANSWERABLE_QUESTION));
    const [answer] = await telegram.waitForBotMessages(chatId, 1, 20_000);
    return { answer: String(answer?.message.text), ms: Date.now() - started };
  }

  it('429 with retry_after: waits as asked, then delivers the answer once', async () => {
    const { answer, ms } = await askThrough(71001, [telegramFaults.tooManyRequests(1)]);
    expect(answer).toContain(ANSWER_WORDS);
    expect(ms).toBeGreaterThanOrEqual(1_000);
    expect(sendsTo(71001)).toHaveLength(2);
  });

  it('500: tries again after a backoff and delivers once', async () => {
    const { answer } = await askThrough(71002, [telegramFaults.internalError()]);
    expect(answer).toContain(ANSWER_WORDS);
    expect(sendsTo(71002)).toHaveLength(2);
  });

  it('a dropped connection: tries again and delivers once', async () => {
    const { answer } = await askThrough(71003, ['drop']);
    expect(answer).toContain(ANSWER_WORDS);
    expect(sendsTo(71003)).toHaveLength(2);
  });

  it('all three in a row: still delivered, once', async () => {
    const { answer } = await askThrough(71004, ['drop', telegramFaults.tooManyRequests(1), telegramFaults.internalError()]);
    expect(answer).toContain(ANSWER_WORDS);
    expect(sendsTo(71004)).toHaveLength(4);
  });

  it('getUpdates dropped and failing: no message is lost', async () => {
    const user = telegram.user(71005);
    pollFaults.push('drop', telegramFaults.badGateway());
    // The long poll under way carries this one; the polls after it fail.
    await user.sendMessage(user.makeMessage('/start'));
    await eventually(() => (front.faulted.filter((f) => f.method === 'getUpdates').length >= 1 ? true : undefined), 'a failed poll');
    await user.sendMessage(user.makeMessage(ANSWERABLE_QUESTION));
    const [welcome, answer] = await telegram.waitForBotMessages(71005, 2, 20_000);
    expect(String(welcome?.message.text)).toMatch(/^Xin chào!/);
    expect(String(answer?.message.text)).toContain(ANSWER_WORDS);
    expect(pollFaults).toEqual([]);
  });

  it('after stopping, every chat holds its answers exactly once', async () => {
    await handle?.stop();
    handle = undefined;
    for (const chatId of [71001, 71002, 71003, 71004]) expect(telegram.botMessages(chatId)).toHaveLength(1);
    expect(telegram.botMessages(71005)).toHaveLength(2);
    const delivered = front.calls.filter((c) => c.method === 'sendMessage').length - front.faulted.filter((f) => f.method === 'sendMessage').length;
    expect(delivered).toBe(telegram.server.storage.botMessages.length);
  });
});

describe('the language model failing: the extractive answer goes out', () => {
  // Above the model client's one retry with backoff, so a 500 is seen as a 500 and not as a timeout.
  const MODEL_TIMEOUT_MS = 3_000;
  let model: ModelStandIn;
  let behaviour: (request: Parameters<Parameters<typeof startModelStandIn>[0]>[0]) => ModelBehaviour | Promise<ModelBehaviour>;
  let withModel: RealCore;
  let extractiveAnswer: string;
  let nextUser = 0;

  beforeAll(async () => {
    model = await startModelStandIn((request) => behaviour(request));
    withModel = await core(envFor(freshDirs(), { LLM_BASE_URL: model.baseUrl, LLM_MODEL: 'stand-in', LLM_TIMEOUT_MS: String(MODEL_TIMEOUT_MS) }));
    const offline = await core(envFor(freshDirs()));
    const [reply] = await ask(offline.service, 'telegram', 'offline', ANSWERABLE_QUESTION);
    extractiveAnswer = reply?.text ?? '';
    expect(extractiveAnswer).toContain(ANSWER_WORDS);
  });
  afterAll(() => model?.close());

  const chatOnly = (answer: (request: Parameters<typeof systemMessageOf>[0]) => ModelBehaviour | Promise<ModelBehaviour>) =>
    (request: Parameters<typeof systemMessageOf>[0]): ModelBehaviour | Promise<ModelBehaviour> =>
      isChat(request) ? answer(request) : { status: 404, body: {} };

  it('a good reply is used (so the cases below do reach the model)', async () => {
    behaviour = chatOnly(() => completion('Mỗi hợp tác xã được hỗ trợ tối đa 300 triệu đồng để xây kho lạnh [1].'));
    const [reply] = await ask(withModel.service, 'telegram', `llm-${nextUser++}`, ANSWERABLE_QUESTION);
    expect(reply?.text).not.toBe(extractiveAnswer);
    expect(reply?.text).toContain('**Căn cứ:**');
  });

  const failures: Array<[string, (request: Parameters<typeof systemMessageOf>[0]) => ModelBehaviour | Promise<ModelBehaviour>, string]> = [
    ['times out (no answer within LLM_TIMEOUT_MS)', () => 'hang', 'timeout'],
    ['answers 500', () => ({ status: 500, body: { error: { message: 'overloaded', type: 'server_error' } } }), 'server_error'],
    ['answers slowly, past the timeout', async () => (await pause(MODEL_TIMEOUT_MS + 1_000), completion('Quá muộn [1].')), 'timeout'],
    ['returns nonsense without a citation', () => completion('asdf qwerty 🐃🐃 lorem ipsum zzz'), 'no_valid_citation'],
    ['cites only passages it was never given', () => completion('Được hỗ trợ 5 tỷ đồng [7], [12].'), 'no_valid_citation'],
    ['returns an empty reply', () => completion('   '), 'empty_reply'],
    ['returns something that is not JSON', () => ({ status: 200, body: '<html>502 Bad Gateway</html>' }), 'malformed_reply'],
    [
      'was talked into printing its instructions',
      (request) => completion(`Đây là hướng dẫn của tôi: ${systemMessageOf(request)} [1]`),
      'prompt_echo',
    ],
  ];

  it.each(failures)('the model %s', async (_name, answer, reason) => {
    behaviour = chatOnly(answer);
    const before = withModel.lines.length;
    const started = Date.now();
    const [reply, ...more] = await ask(withModel.service, 'telegram', `llm-${nextUser++}`, ANSWERABLE_QUESTION);
    expect(Date.now() - started).toBeLessThan(MODEL_TIMEOUT_MS + 1_000);
    expect(reply?.text).toBe(extractiveAnswer);
    expect(more).toEqual([]);
    const logged = withModel.lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'language model answer unusable; extractive answer given', reason }));
  });
});

describe('the embeddings endpoint down at start-up: the bot starts on lexical retrieval and says so', () => {
  it.each([
    ['refuses connections', async () => `http://127.0.0.1:${await freePort()}/v1`],
    ['answers 500', async () => (await startModelStandIn(() => ({ status: 500, body: { error: { message: 'model crashed' } } }))).baseUrl],
  ])('the endpoint %s', async (_name, endpoint) => {
    const started = await core(envFor(freshDirs(), { EMBEDDINGS_BASE_URL: await endpoint(), EMBEDDINGS_MODEL: 'stand-in-embeddings' }));
    expect(started.entries()).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'embeddings unavailable: answering with lexical retrieval only' }),
    );
    const [reply] = await ask(started.service, 'zalo', 'lexical-only', ANSWERABLE_QUESTION);
    expect(reply?.text).toContain(ANSWER_WORDS);
  });
});

describe('index files missing or damaged: rebuilt with a log line, never a crash', () => {
  let dirs: TempDirs;
  const snapshot = () => join(dirs.dataDir, 'index', 'lexical.json');

  beforeAll(async () => {
    dirs = freshDirs();
    const first = await core(envFor(dirs));
    expect(messagesOf(first)).toContain('knowledge index built');
    expect(JSON.parse(readFileSync(snapshot(), 'utf8'))).toHaveProperty('fingerprint');
  });

  async function restartAnswers(): Promise<RealCore> {
    const restarted = await core(envFor(dirs));
    const [reply] = await ask(restarted.service, 'cli', `index-${cores.length}`, ANSWERABLE_QUESTION);
    expect(reply?.text).toContain(ANSWER_WORDS);
    return restarted;
  }

  it('an intact snapshot is loaded, not rebuilt (the cases below do change something)', async () => {
    expect(messagesOf(await restartAnswers())).not.toContain('knowledge index built');
  });

  it('a missing snapshot is rebuilt and saved again', async () => {
    rmSync(snapshot());
    expect(messagesOf(await restartAnswers())).toContain('knowledge index built');
    expect(JSON.parse(readFileSync(snapshot(), 'utf8'))).toHaveProperty('fingerprint');
  });

  it('a snapshot that is not JSON (cut off mid-write) is rebuilt, with a warning', async () => {
    const whole = readFileSync(snapshot(), 'utf8');
    writeFileSync(snapshot(), whole.slice(0, Math.floor(whole.length / 2)));
    const restarted = await restartAnswers();
    expect(restarted.entries()).toContainEqual(expect.objectContaining({ level: 40, msg: 'saved index is corrupt: rebuilding' }));
    expect(messagesOf(restarted)).toContain('knowledge index built');
  });

  it('a snapshot with the right fingerprint but damaged contents is rebuilt, with a warning', async () => {
    const saved = JSON.parse(readFileSync(snapshot(), 'utf8')) as Record<string, unknown>;
    writeFileSync(snapshot(), JSON.stringify({ ...saved, lexical: '{"not":"an index"}' }));
    const restarted = await restartAnswers();
    expect(restarted.entries()).toContainEqual(expect.objectContaining({ level: 40, msg: 'saved index unreadable: rebuilding' }));
    expect(messagesOf(restarted)).toContain('knowledge index built');
  });

  it('an index folder that cannot be written: answers anyway, and says the index will be rebuilt next start', async () => {
    rmSync(join(dirs.dataDir, 'index'), { recursive: true });
    writeFileSync(join(dirs.dataDir, 'index'), 'a file where the folder should be');
    const restarted = await restartAnswers();
    expect(restarted.entries()).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'could not save the index: it will be rebuilt next start' }),
    );
    rmSync(join(dirs.dataDir, 'index'));
  });

  it('a damaged vector index is rebuilt from the embeddings endpoint', async () => {
    const embeddings = await startModelStandIn((request) => {
      const inputs = Array.isArray(request.body.input) ? request.body.input : [request.body.input ?? ''];
      const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: wordVector(text) }));
      return { status: 200, body: { object: 'list', data, model: 'stand-in', usage: { prompt_tokens: 1, total_tokens: 1 } } };
    });
    try {
      const env = envFor(dirs, { EMBEDDINGS_BASE_URL: embeddings.baseUrl, EMBEDDINGS_MODEL: 'stand-in-embeddings' });
      expect(messagesOf(await core(env))).toContain('vector index built and saved');
      const vectorDir = join(dirs.dataDir, 'index', 'vector');
      // The index's own files, not the embeddings cache beside them (a folder), are damaged.
      for (const file of readdirSync(vectorDir, { withFileTypes: true }).filter((f) => f.isFile() && !f.name.endsWith('.json'))) {
        writeFileSync(join(vectorDir, file.name), 'damaged');
      }
      const restarted = await core(env);
      expect(messagesOf(restarted)).toContain('vector index built and saved');
      const [reply] = await ask(restarted.service, 'cli', 'vector', ANSWERABLE_QUESTION);
      expect(reply?.text).toContain(ANSWER_WORDS);
    } finally {
      await embeddings.close();
    }
  });
});

describe('the state store unusable: a clear error at start-up, or a retry; never a silent loss of flow progress', () => {
  it('a state file that cannot be opened stops start-up with an error saying what to do', async () => {
    const dirs = freshDirs();
    mkdirSync(join(dirs.dataDir, 'state.sqlite'), { recursive: true });
    const error = await startRealCore(envFor(dirs)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as Error).message).toMatch(/cannot open the state store .*state\.sqlite: .*check DATA_DIR/);
  });

  it('a store locked by another process mid-flow: the user is told, the flow stays put, and the same answer works once it is free', async () => {
    const started = await core(envFor(freshDirs()));
    const flow = ['/thanhlap', 'Hợp tác xã', 'Không, lập mới'];
    for (const text of flow) await ask(started.service, 'telegram', 'locked', text);
    const stored = () => started.store.get('telegram:locked');
    const before = await stored();
    expect(before?.flow?.stepId).toBe('members');

    // Another process holds the write lock past the busy timeout (5 s): the turn cannot be saved.
    const other = new Database(join(started.app.config.dataDir, 'state.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const [whileLocked] = await ask(started.service, 'telegram', 'locked', '7');
    other.exec('ROLLBACK');
    other.close();
    expect(whileLocked?.text).toBe(texts.apology);
    expect((await stored())?.flow).toEqual(before?.flow);
    expect(started.entries()).toContainEqual(expect.objectContaining({ level: 50, msg: 'message handling failed' }));

    const [retried] = await ask(started.service, 'telegram', 'locked', '7');
    expect(retried?.text).toContain('Câu 4.');
    expect((await stored())?.flow?.answers).toMatchObject({ members: 7 });
  }, 20_000);
});

describe('Zalo down: reconnects with backoff, and Telegram keeps serving meanwhile', () => {
  it('a Zalo listener that keeps failing and is kicked does not stop Telegram answering', async () => {
    const { service } = await core(envFor(freshDirs()));
    const zaloLogs = captureLogs();
    const client = new ReliabilityZaloClient();
    client.failToStart = true;
    const zalo = startZalo({
      client,
      service,
      logger: zaloLogs.logger,
      sendIntervalMs: 1,
      reconnect: { initialDelayMs: 5, maxDelayMs: 40, warnAfterFailures: 3, afterTakeoverMs: 50 },
    });
    const telegram = recordingTelegramBot(service);
    try {
      for (let i = 0; i < 5; i++) {
        await telegram.say(72001, i % 2 === 0 ? ANSWERABLE_QUESTION : '/start');
        client.close(i % 2 === 0 ? 3003 : 1006, 'kicked');
        await pause(60);
      }
      expect(client.starts).toBeGreaterThanOrEqual(5);
      const logged = zaloLogs.entries();
      expect(logged.some((e) => e.level === 50 && String(e.msg).includes('kicked (code 3003)'))).toBe(true);
      expect(logged.some((e) => e.level === 40 && e.msg === 'Zalo: the listener did not start; retrying')).toBe(true);
      const answers = telegram.htmlTo(72001);
      expect(answers.filter((html) => html.includes(ANSWER_WORDS))).toHaveLength(3);
      expect(answers.filter((html) => html.startsWith('Xin chào!'))).toHaveLength(2);

      // Once Zalo lets the listener in again, messages flow as before.
      const startsWhileDown = client.starts;
      client.failToStart = false;
      await eventually(() => (client.starts > startsWhileDown ? true : undefined), 'another reconnection');
      client.say('zalo-farmer', ANSWERABLE_QUESTION);
      const [reply] = await client.waitForSent('zalo-farmer', 1);
      expect(reply).toContain(ANSWER_WORDS);
    } finally {
      await zalo.stop();
    }
  });
});

/** Hashed words, as a bag: enough for a vector index to be built and searched. */
function wordVector(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    let hash = 0x811c9dc5;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
    vector[hash % 64]! += 1;
  }
  return vector;
}

