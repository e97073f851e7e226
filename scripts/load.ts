/**
 * Load test: many farmers at once, through the real bot and through the core alone.
 *   npm run load -- [--users 200] [--messages 4] [--seconds 60] [--timeout 90] [--seed 1] [--seeds-only] [--raw-polling]
 *
 * 1. Builds the knowledge base in a temp DATA_DIR: the seeds in knowledge/, plus the national texts
 *    when KNOWLEDGE_SOURCES (or ../shared/knowledge-sources) exists, so answers are realistic. The
 *    saved index is then in place, as on any start after the first.
 * 2. Telegram: telegram-test-api on 127.0.0.1, `npm start` (dist/src/main.js, long polling with the
 *    runner) in a child process, and the simulated users sending through the test server's client API.
 * 3. Core alone: the same users, in a child process of their own, calling `service.handle` directly.
 * Each run has its own process, so its memory is its own: the start-up peak (loading the index) and
 * the peak while serving are reported apart. All three run the compiled app (`npm run build` first).
 *
 * Each user sends `--messages` messages: questions from a varied list, then /thanhlap and an answer to
 * its first step (a button press on Telegram). A user sends the next message only once the last one
 * is answered, after a pause; users start at random within the first half of `--seconds`, and their
 * pauses fit the rest of it. Latency is from sending to the first message of the reply.
 *
 * telegram-test-api answers getUpdates at once and ignores `offset` and `timeout`, so polling it
 * directly is a tight loop that no real deployment sees. By default a small front on loopback holds
 * getUpdates until an update arrives, as Telegram's long polling does, and answers the cosmetic
 * calls the test server lacks (sendChatAction, setMyCommands); --raw-polling measures without it.
 *
 * Prints, for each run, messages sent and answered, lost, latency median/p95/max, the process's peak
 * resident memory while serving and at start-up, and its CPU time. Exits 1 only if a message was lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';
import { pathToFileURL } from 'node:url';
import type * as AppModule from '../src/app.ts';
import type * as ConfigModule from '../src/config.ts';
import type { ConversationService } from '../src/conversation/types.ts';
import type * as LoggerModule from '../src/logger.ts';
import { startBotApiFront } from '../test/fixtures/reliability/bot-api-front.ts';
import { freePort } from '../test/fixtures/reliability/telegram.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    messages: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '60' },
    timeout: { type: 'string', default: '90' },
    seed: { type: 'string', default: '1' },
    'seeds-only': { type: 'boolean', default: false },
    'raw-polling': { type: 'boolean', default: false },
    /** Internal: run the core alone on the plans in this file, in this process, and print the result as JSON. */
    'core-worker': { type: 'string' },
  },
});
const USERS = positive(args.users, '--users');
const MESSAGES = positive(args.messages, '--messages');
const SECONDS = positive(args.seconds, '--seconds');
/** How long after the last scheduled message the run waits for replies before counting the rest lost. */
const GRACE_SECONDS = positive(args.timeout, '--timeout');
const SEED = positive(args.seed, '--seed');

const REPO = resolve(import.meta.dirname, '..');

/**
 * The app as `npm start` runs it: compiled (`npm run build` first). The set-up, the bot and the core
 * alone then all run one build, and share one saved index (its fingerprint hashes the code that runs).
 */
async function compiled<T>(path: string): Promise<T> {
  const file = join(REPO, 'dist', 'src', path);
  if (!existsSync(file)) throw new Error(`no compiled ${path} under dist/src: run \`npm run build\` first`);
  return (await import(pathToFileURL(file).href)) as T;
}
const { createApp } = await compiled<typeof AppModule>('app.js');
const { loadConfig } = await compiled<typeof ConfigModule>('config.js');
const { createLogger } = await compiled<typeof LoggerModule>('logger.js');
const TOKEN = '5550001111:AAload-test-token-not-a-secret';
const FLOW_START = '/thanhlap';
const FLOW_ANSWER = 'Hợp tác xã';

/** Questions a co-operative's members ask; any that would start a guided flow are left out below. */
const QUESTIONS = [
  'Hợp tác xã là gì?',
  'Thành lập hợp tác xã cần ít nhất mấy thành viên?',
  'Vốn góp tối đa của một thành viên là bao nhiêu?',
  'Hồ sơ đăng ký hợp tác xã gồm những gì?',
  'Thành viên liên kết góp vốn là ai?',
  'Đại hội thành viên họp mấy lần một năm?',
  'Hợp tác xã được phân loại theo quy mô như thế nào?',
  'Giám đốc hợp tác xã có nhiệm vụ gì?',
  'Điều kiện để trở thành thành viên hợp tác xã?',
  'Tổ hợp tác có tư cách pháp nhân không?',
  'Ban kiểm soát hợp tác xã gồm bao nhiêu người?',
  'Hợp tác xã phân phối thu nhập cho thành viên thế nào?',
  'Quỹ đầu tư phát triển trích bao nhiêu phần trăm?',
  'Thành viên có thể rút vốn góp khi nào?',
  'Liên hiệp hợp tác xã do bao nhiêu hợp tác xã thành lập?',
  'Kế hoạch phát triển kinh tế tập thể của Quảng Ngãi năm 2024 có mục tiêu gì?',
  'Tây Ninh phối hợp phát triển kinh tế tập thể năm 2018 như thế nào?',
  'Chương trình 41 của Tỉnh ủy Kon Tum về kinh tế tập thể nói gì?',
  'Huyện Tuấn Giáo đặt mục tiêu bao nhiêu hợp tác xã?',
  'Trà Vinh hướng dẫn gì về hợp tác xã năm 2019?',
  'thanh vien hop tac xa co quyen gi',
  'Giải thể hợp tác xã theo thủ tục nào?',
  'Thời tiết ngày mai thế nào?',
  'Giá lúa hôm nay bao nhiêu một ký?',
];

interface Sample {
  sent: number;
  answered: number;
  latenciesMs: number[];
  /** Which messages got no reply, for the report. */
  lost: string[];
  /** The process's high-water mark once ready, before the first message: start-up (loading the index). */
  startupPeakMb?: number;
  /** The highest resident memory seen while serving. */
  servingPeakMb?: number;
  /** Whether the process rebuilt its index at start-up instead of loading the saved one. */
  indexRebuilt: boolean;
  cpuSeconds?: number;
  wallSeconds: number;
}

/** One user's plan: when its first message goes, the pause after each reply, and what it sends. */
interface UserPlan {
  startMs: number;
  pauseMs: number;
  questions: string[];
}

const env: Record<string, string> = {
  KNOWLEDGE_DIR: join(REPO, 'knowledge'),
  PROMPTS_DIR: join(REPO, 'prompts'),
  LOG_LEVEL: 'info',
};

if (args['core-worker'] !== undefined) {
  env.DATA_DIR = process.env.DATA_DIR ?? '';
  const plans = JSON.parse(readFileSync(args['core-worker'], 'utf8')) as UserPlan[];
  const result = await runCoreAlone(plans);
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  await new Promise(() => undefined);
}

const dataDir = mkdtempSync(join(tmpdir(), 'htx-load-'));
env.DATA_DIR = dataDir;
const knowledgeSources = args['seeds-only'] ? undefined : findKnowledgeSources();

try {
  process.stdout.write(`htx-bot load test: ${USERS} users × ${MESSAGES} messages over ${SECONDS} s (seed ${SEED})\n`);
  const setupStarted = Date.now();
  const app = await createApp(loadConfig({ ...env, ...(knowledgeSources ? { KNOWLEDGE_SOURCES: knowledgeSources } : {}) }), createLogger('warn'));
  const national = app.library.documents.filter((d) => d.meta.scope === 'national').length;
  const flows = await app.flows();
  const questions = [...QUESTIONS, ...evaluationQuestions()].filter((q) => flows.detectIntent(q) === undefined);
  process.stdout.write(
    `knowledge: ${app.library.documents.length} documents (${national} national${knowledgeSources ? `, imported from ${knowledgeSources}` : ', seeds only'}), ` +
      `${app.index.passages.length} passages; ${questions.length} distinct questions; answers: offline extractive; set-up ${seconds(Date.now() - setupStarted)}\n\n`,
  );
  const plans = planUsers(questions);
  const plansFile = join(dataDir, 'plans.json');
  writeFileSync(plansFile, JSON.stringify(plans));

  const telegramRun = await runTelegram(plans);
  // The core run starts from a clean state store: the Telegram run's users are mid-flow.
  for (const file of readdirSync(dataDir).filter((f) => f.startsWith('state.sqlite'))) rmSync(join(dataDir, file));
  const coreRun = await runCoreWorker(plansFile);

  printTable([
    [`Telegram (${args['raw-polling'] ? 'raw telegram-test-api polling' : 'long polling'})`, telegramRun],
    ['core alone (service.handle)', coreRun],
  ]);
  const lost = [...telegramRun.lost.map((l) => `Telegram: ${l}`), ...coreRun.lost.map((l) => `core: ${l}`)];
  for (const example of lost.slice(0, 10)) process.stdout.write(`lost: ${example}\n`);
  process.exitCode = lost.length > 0 ? 1 : 0;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------

function planUsers(questions: string[]): UserPlan[] {
  const random = mulberry32(SEED);
  const asked = Math.max(0, MESSAGES - 2);
  const flowMessages = Math.min(MESSAGES, 2);
  const halfMs = (SECONDS * 1_000) / 2;
  return Array.from({ length: USERS }, () => ({
    startMs: random() * halfMs,
    // The pauses of one user fit the second half of the window, at least a second each.
    pauseMs: 1_000 + random() * Math.max(0, halfMs / Math.max(1, MESSAGES) - 1_000),
    questions: [
      ...Array.from({ length: asked }, () => questions[Math.floor(random() * questions.length)]!),
      ...[FLOW_START, FLOW_ANSWER].slice(0, flowMessages),
    ],
  }));
}

/** Runs every user's plan; `send` resolves with the latency of its reply, or undefined when none came in time. */
async function runUsers(
  plans: UserPlan[],
  send: (user: number, text: string, index: number) => Promise<number | undefined>,
): Promise<Pick<Sample, 'sent' | 'answered' | 'latenciesMs' | 'lost'>> {
  const started = Date.now();
  const deadline = started + (SECONDS + GRACE_SECONDS) * 1_000;
  let sent = 0;
  const latenciesMs: number[] = [];
  const lost: string[] = [];
  await Promise.all(
    plans.map(async (plan, user) => {
      await sleep(plan.startMs);
      for (const [index, text] of plan.questions.entries()) {
        if (Date.now() > deadline) return;
        sent += 1;
        const latency = await send(user, text, index);
        // A message without a reply ends this user's session: later replies could not be told apart.
        if (latency === undefined) {
          lost.push(`user ${user}, message ${index + 1}: ${text}`);
          return;
        }
        latenciesMs.push(latency);
        await sleep(plan.pauseMs);
      }
    }),
  );
  return { sent, answered: latenciesMs.length, latenciesMs, lost };
}

/** In the worker process: the app as `npm start` would build it, and every user straight into the core. */
async function runCoreAlone(plans: UserPlan[]): Promise<Sample> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const app = await createApp(loadConfig(env), logger);
  const { service, store } = await app.openConversation();
  const startupPeakMb = memoryOf(process.pid).peakMb;
  const memory = sampleMemory(process.pid);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const result = await runUsers(plans, (user, text) => timedHandle(service, user, text));
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (Date.now() - started) / 1_000;
  await store.close();
  return {
    ...result,
    startupPeakMb,
    servingPeakMb: memory.stop(),
    indexRebuilt: logs.some((line) => line.includes('"knowledge index built"')),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds,
  };
}

async function runCoreWorker(plansFile: string): Promise<Sample> {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/load.ts', ...forwardedArgs(), '--core-worker', plansFile], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  worker.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  worker.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => worker.once('exit', (c) => done(c)));
  if (code !== 0) throw new Error(`the core run failed (${code}):\n${err.slice(-2_000)}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample;
}

/** The options this run was given, for the worker to plan with the same ones. */
function forwardedArgs(): string[] {
  return ['--users', String(USERS), '--messages', String(MESSAGES), '--seconds', String(SECONDS), '--timeout', String(GRACE_SECONDS), '--seed', String(SEED)];
}

async function timedHandle(service: ConversationService, user: number, text: string): Promise<number | undefined> {
  const started = performance.now();
  const replies = await service.handle({ channel: 'telegram', userId: String(10_000 + user), chatId: String(10_000 + user), isGroup: false, addressed: true, text });
  return replies.length > 0 ? performance.now() - started : undefined;
}

async function runTelegram(plans: UserPlan[]): Promise<Sample> {
  const server = new TelegramServer({ host: '127.0.0.1', port: await freePort(), storeTimeout: 24 * 3_600 });
  await server.start();
  const front = args['raw-polling'] ? undefined : await startBotApiFront({ server });
  // What `npm start` runs.
  const bot = spawn(process.execPath, [join(REPO, 'dist', 'src', 'main.js')], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: front?.apiRoot ?? server.config.apiURL,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let botLog = '';
  bot.stderr.on('data', (chunk: Buffer) => (botLog += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => bot.once('exit', (code) => done(code)));
  try {
    await waitFor(() => botLog.includes('"Telegram channel started"'), 60_000, () => `the bot did not start:\n${botLog}`);
    const startupPeakMb = memoryOf(bot.pid!).peakMb;
    const memory = sampleMemory(bot.pid!);
    const cpuBefore = childCpuSeconds(bot.pid!);

    // The first bot message to a chat after a user's message is that message's reply.
    const waiting = new Map<string, (at: number) => void>();
    server.on('AddedBotMessage', () => {
      const chatId = String(server.storage.botMessages.at(-1)?.message.chat_id);
      const resolve = waiting.get(chatId);
      waiting.delete(chatId);
      resolve?.(performance.now());
    });
    const clients = plans.map((_, user) => server.getClient(TOKEN, { chatId: 20_000 + user, userId: 20_000 + user, timeout: 5_000 }));
    const deadline = Date.now() + (SECONDS + GRACE_SECONDS) * 1_000;

    const started = Date.now();
    const result = await runUsers(plans, async (user, text) => {
      const client = clients[user]!;
      const chatId = String(20_000 + user);
      const replied = new Promise<number | undefined>((resolveReply) => {
        waiting.set(chatId, resolveReply);
        setTimeout(() => resolveReply(undefined), Math.max(0, deadline - Date.now())).unref();
      });
      const sentAt = performance.now();
      await sendAsUser(server, client, chatId, text);
      const at = await replied;
      return at === undefined ? undefined : at - sentAt;
    });
    const wallSeconds = (Date.now() - started) / 1_000;
    const cpuSeconds = childCpuSeconds(bot.pid!) - cpuBefore;
    const servingPeakMb = memory.stop();
    bot.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) process.stderr.write(`the bot exited with ${code}:\n${botLog.slice(-2_000)}\n`);
    reportBotProblems(botLog);
    const indexRebuilt = botLog.includes('"knowledge index built"');
    return { ...result, startupPeakMb, servingPeakMb, indexRebuilt, cpuSeconds, wallSeconds };
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    await front?.close();
    await server.stop();
  }
}

/** A typed message, a command, or a press of the button labelled `text` under the bot's last message. */
async function sendAsUser(server: TelegramServer, client: TelegramClient, chatId: string, text: string): Promise<void> {
  if (text.startsWith('/')) {
    await client.sendCommand(client.makeCommand(text));
    return;
  }
  if (text === FLOW_ANSWER) {
    const last = server.storage.botMessages.filter((m) => String(m.message.chat_id) === chatId && m.message.reply_markup).at(-1);
    const markup = last?.message.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
    const button = markup?.inline_keyboard?.flat().find((b) => b.text === text);
    if (last && button?.callback_data) {
      const query = client.makeCallbackQuery(button.callback_data);
      // A new object, not options to makeCallbackQuery: it deep-merges them into a `from` that the query
      // shares with its message, which would make the bot the one pressing.
      const message = { ...query.message, message_id: last.messageId, from: { id: 1, is_bot: true, first_name: 'Bot' }, text: last.message.text, reply_markup: markup };
      await client.sendCallback({ ...query, message } as never);
      return;
    }
  }
  await client.sendMessage(client.makeMessage(text));
}

/** The bot's warnings and errors during the run, counted by message: the first place to look when something was lost. */
function reportBotProblems(log: string): void {
  const counts = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 40 && !/national (legal )?texts/.test(entry.msg ?? '')) counts.set(entry.msg ?? '?', (counts.get(entry.msg ?? '?') ?? 0) + 1);
    } catch {
      // Not a log line.
    }
  }
  for (const [msg, n] of counts) process.stderr.write(`bot warning ×${n}: ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------

function printTable(rows: Array<[string, Sample]>): void {
  const header = ['run', 'sent', 'answered', 'lost', 'median', 'p95', 'max', 'RSS serving', 'RSS start-up', 'CPU', 'wall'];
  const lines = rows.map(([name, s]) => {
    const sorted = [...s.latenciesMs].sort((a, b) => a - b);
    return [
      name,
      String(s.sent),
      String(s.answered),
      String(s.sent - s.answered),
      ms(percentile(sorted, 0.5)),
      ms(percentile(sorted, 0.95)),
      ms(sorted.at(-1)),
      megabytes(s.servingPeakMb),
      `${megabytes(s.startupPeakMb)}${s.indexRebuilt ? ' (index rebuilt)' : ''}`,
      s.cpuSeconds === undefined ? 'n/a' : `${s.cpuSeconds.toFixed(1)} s`,
      `${s.wallSeconds.toFixed(1)} s`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) process.stdout.write(`${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
  process.stdout.write(
    '\nLatency: from sending a message to the first message of its reply. RSS serving: the highest resident memory of the ' +
      'process while the users were served; RSS start-up: its high-water mark once ready (loading the saved index). ' +
      'CPU: that process, during the run. The test server and the simulated users run in this process, outside these figures.\n',
  );
  if (args['raw-polling']) {
    process.stdout.write('Raw polling: telegram-test-api ignores getUpdates offset/timeout, so the bot polls in a tight loop (CPU above includes it).\n');
  }
}

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

function seconds(valueMs: number): string {
  return `${(valueMs / 1_000).toFixed(1)} s`;
}

function megabytes(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(0)} MB`;
}

/** Resident memory now and its high-water mark (VmRSS, VmHWM) of a process, from /proc: Linux only. */
function memoryOf(pid: number): { rssMb?: number; peakMb?: number } {
  const status = readProc(`/proc/${pid}/status`) ?? '';
  const field = (name: string) => {
    const kb = Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
    return Number.isNaN(kb) ? undefined : kb / 1_024;
  };
  return { rssMb: field('VmRSS'), peakMb: field('VmHWM') };
}

/** The highest resident memory of a process from now until stop(), sampled every 100 ms. */
function sampleMemory(pid: number): { stop(): number | undefined } {
  let peak: number | undefined;
  const sample = () => {
    const { rssMb } = memoryOf(pid);
    if (rssMb !== undefined) peak = Math.max(peak ?? 0, rssMb);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** User plus system CPU time of a process, from /proc (clock ticks of 1/100 s on Linux). */
function childCpuSeconds(pid: number): number {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return Number.NaN;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function findKnowledgeSources(): string | undefined {
  const candidates = [process.env.KNOWLEDGE_SOURCES, join(REPO, '..', 'shared', 'knowledge-sources')];
  return candidates.find((dir): dir is string => dir !== undefined && dir !== '' && existsSync(dir));
}

/** Questions of the shared evaluation files, when present: more variety, same subject. */
function evaluationQuestions(): string[] {
  const dir = join(REPO, '..', 'shared', 'eval');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .flatMap((line) => {
      try {
        const q = (JSON.parse(line) as { q?: unknown }).q;
        return typeof q === 'string' ? [q] : [];
      } catch {
        return [];
      }
    });
}

async function waitFor(check: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(failure());
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`${name}: a positive number\n`);
    process.exit(2);
  }
  return n;
}

/** A small seeded generator: the same --seed gives the same users, questions and timing. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
