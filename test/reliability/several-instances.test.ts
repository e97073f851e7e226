import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../src/channels/telegram/bot.ts';
import { startTelegram, type TelegramHandle } from '../../src/channels/telegram/start.ts';
import { texts } from '../../src/conversation/messages.ts';
import { textUpdate } from '../channels/telegram/fixtures.ts';
import { NO_REDIS, TEST_REDIS_URL } from '../fixtures/redis.ts';
import { captureLogs, envFor, startRealCore, tempKnowledge, type RealCore, type TempDirs } from '../fixtures/reliability/real-app.ts';
import { eventually, FAKE_TOKEN, freePort, startTestTelegram, type TestTelegram } from '../fixtures/reliability/telegram.ts';

/**
 * Two bot instances behind one Telegram webhook, sharing one Redis (REDIS_URL), as a deployment
 * with a load balancer runs them: each instance is the real app (createApp, its own DATA_DIR and
 * index) with the real grammY bot on its own webhook port; replies go to telegram-test-api. The
 * test is the load balancer: it posts each update to one instance or the other, and waits only for
 * the webhook's acknowledgement, as Telegram does.
 */

const RATE_LIMIT = 12;
const SECRET = 'several-instances-secret';

/** The founding guide's first steps, each answer valid only at its own step. */
const FOUNDING = ['/thanhlap', 'Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '30'];

interface Instance {
  dirs: TempDirs;
  core: RealCore;
  telegram: TelegramHandle;
  url: string;
}

let telegram: TestTelegram;
const instances: Instance[] = [];

async function startInstance(apiRoot: string): Promise<Instance> {
  const dirs = tempKnowledge();
  const core = await startRealCore(
    envFor(dirs, { REDIS_URL: TEST_REDIS_URL!, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), LOG_LEVEL: 'warn' }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram`;
  const { logger } = captureLogs();
  const bot = createTelegramBot(FAKE_TOKEN, { service: core.service, logger, apiRoot });
  const handle = await startTelegram(bot, { logger, webhook: { url, port, secret: SECRET } });
  return { dirs, core, telegram: handle, url };
}

/** A user no earlier run has used: their state and counts live on in Redis. */
const newUser = () => randomInt(1_000_000, 2_000_000_000);

/** Posts a user's message to one instance, as the load balancer would; resolves on the acknowledgement. */
async function post(instance: Instance, user: number, text: string): Promise<void> {
  const update = textUpdate(text, { chat: { id: user, type: 'private', first_name: 'Lan' }, from: { id: user, is_bot: false, first_name: 'Lan' } });
  const response = await fetch(instance.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

const shown = (user: number) => telegram.botMessages(user).map((u) => String(u.message.text));

/** Waits until `count` messages have reached the user and nothing more comes for a moment. */
async function settled(user: number, count: number): Promise<string[]> {
  await telegram.waitForBotMessages(user, count, 20_000);
  let seen = -1;
  while (seen !== shown(user).length) {
    seen = shown(user).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return shown(user);
}

/**
 * What one user is shown for `messages` sent to a single instance, each after the previous answer:
 * everything, and how many messages had been shown once each one was answered.
 */
async function reference(messages: string[]): Promise<{ shown: string[]; after: number[] }> {
  const user = newUser();
  const after: number[] = [];
  for (const text of messages) {
    const before = shown(user).length;
    await post(instances[0]!, user, text);
    after.push((await settled(user, before + 1)).length);
  }
  return { shown: shown(user), after };
}

describe.skipIf(!TEST_REDIS_URL)(`two instances on one Redis behind the Telegram webhook ${TEST_REDIS_URL ?? NO_REDIS}`, () => {
  beforeAll(async () => {
    telegram = await startTestTelegram();
    const apiRoot = telegram.server.config.apiURL;
    instances.push(await startInstance(apiRoot), await startInstance(apiRoot));
  });

  afterAll(async () => {
    for (const instance of instances) {
      await instance.telegram.stop();
      await instance.core.close();
      instance.dirs.cleanup();
    }
    await telegram?.stop();
  });

  it('continues on one instance a guided flow begun on the other', async () => {
    const expected = (await reference(FOUNDING)).shown;
    const user = newUser();
    for (const [i, text] of FOUNDING.entries()) {
      const before = shown(user).length;
      await post(instances[i % 2]!, user, text);
      await settled(user, before + 1);
    }
    expect(shown(user)).toEqual(expected);
    const state = await instances[1]!.core.store.get(`telegram:${user}`);
    expect(state?.flow?.flowId).toBe('thanh-lap');
    expect(Object.keys(state?.flow?.answers ?? {}).length).toBeGreaterThanOrEqual(FOUNDING.length - 2);
  });

  it("keeps a user's order with a message in flight on each instance at once", async () => {
    const messages = [...FOUNDING, 'quay lại', '25'];
    const expected = await reference(messages);
    const user = newUser();
    // Each message is posted as soon as the previous one is acknowledged, to the other instance, so
    // the two run side by side; only the one before that must have been answered. (With more than
    // one of a user's messages queued at one instance, grammY's per-chat sequencing holds the later
    // one back before it reaches the core, and a message at the other instance can overtake it.)
    for (const [i, text] of messages.entries()) {
      if (i >= 2) await telegram.waitForBotMessages(user, expected.after[i - 2]!, 20_000);
      await post(instances[i % 2]!, user, text);
    }
    expect(await settled(user, expected.shown.length)).toEqual(expected.shown);
  });

  it('shares the rate limit: one notice between the instances, then silence', async () => {
    const menu = (await reference(['/start'])).shown;
    const user = newUser();
    for (let i = 0; i < RATE_LIMIT + 3; i++) await post(instances[i % 2]!, user, '/start');
    // Each instance on its own would let RATE_LIMIT through and give a notice of its own.
    const seen = await settled(user, RATE_LIMIT * menu.length + 1);
    expect(seen.filter((text) => text === texts.rateLimited)).toHaveLength(1);
    expect(seen.filter((text) => text === menu[0])).toHaveLength(RATE_LIMIT);
    expect(seen).toHaveLength(RATE_LIMIT * menu.length + 1);
  });
});
