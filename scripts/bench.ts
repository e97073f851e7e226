/**
 * Speed and memory of the offline default, as figures (targets in README):
 *   npm run bench [-- --queries N]
 * Index build time, retrieval latency (median, p95) over many questions, cold start of `ask`
 * with the index already built, and peak memory. Uses DATA_DIR like the bot does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibrary } from '../src/knowledge/library.ts';
import { createLogger } from '../src/logger.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../src/retrieval/lexicon.ts';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '1000' }, 'cold-runs': { type: 'string', default: '5' } } });

const QUESTIONS = [
  'thanh lap htx can may nguoi',
  'Hợp tác xã là gì?',
  'Vốn góp tối đa của một thành viên là bao nhiêu?',
  'Hồ sơ đăng ký hợp tác xã gồm những gì?',
  'Điều kiện trở thành thành viên hợp tác xã',
  'dai hoi thanh vien hop khi nao',
  'Ban kiểm soát có nhiệm vụ gì?',
  'HTX được hỗ trợ đào tạo không?',
  'Tổ hợp tác chuyển thành hợp tác xã thế nào?',
  'chinh sach dat dai cho htx',
  'Kon Tum phấn đấu thành lập bao nhiêu hợp tác xã đến năm 2030?',
  'Giá lúa hôm nay bao nhiêu?',
];

function evalQuestions(): string[] {
  const dir = join('..', 'shared', 'eval');
  if (!existsSync(dir)) return [];
  return ['dev-law.jsonl', 'dev-seeds.jsonl']
    .filter((f) => existsSync(join(dir, f)))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;

const config = loadConfig();
const logger = createLogger('warn');
const library = loadLibrary(config);
const lexicon = loadLexicon(config.knowledgeDir);

let started = performance.now();
const built = KnowledgeIndex.build(library.documents, lexicon);
const buildMs = performance.now() - started;

// The app as the bot runs it; also writes the saved index that the cold start below reuses.
const app = await createApp(config, logger);
const questions = [...QUESTIONS, ...evalQuestions()];
const count = Number(values.queries);
for (const q of questions) await app.retriever.retrieve(q, 5); // warm-up
const latencies: number[] = [];
for (let i = 0; i < count; i++) {
  // A suffix makes each question distinct, so no cache of any kind answers it.
  const q = `${questions[i % questions.length]} ${i % 7 === 0 ? '' : i}`;
  started = performance.now();
  await app.retriever.retrieve(q, 5);
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);

const steadyRss = process.memoryUsage().rss;

// Each `ask` runs in a process of its own, measured by GNU time when it is installed (peak memory).
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const coldRuns: number[] = [];
const coldPeaks: number[] = [];
for (let i = 0; i < Number(values['cold-runs']); i++) {
  const ask = [process.execPath, '--import', 'tsx', 'src/channels/cli/main.ts', 'ask', '--json', QUESTIONS[i % QUESTIONS.length]!];
  const [command, ...args] = timeBinary ? [timeBinary, '-f', 'peak-kb %M', ...ask] : ask;
  started = performance.now();
  const run = spawnSync(command!, args, { env: { ...process.env, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ask failed: ${run.stderr}`);
  coldRuns.push(performance.now() - started);
  const peak = /peak-kb (\d+)/.exec(run.stderr)?.[1];
  if (peak) coldPeaks.push(Number(peak) / 1024);
}
coldRuns.sort((a, b) => a - b);

console.log(`documents                 ${library.documents.length} (${library.missing.length} catalog texts not imported)`);
console.log(`passages                  ${built.passages.length}`);
console.log(`index build               ${ms(buildMs)}`);
console.log(`retrieval (${count} questions) median ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(latencies.at(-1)!)}`);
console.log(`ask, cold start           median ${ms(quantile(coldRuns, 0.5))} over ${coldRuns.length} runs (node + tsx + saved index)`);
if (coldPeaks.length > 0) console.log(`ask, peak memory         ${Math.max(...coldPeaks).toFixed(0)} MB`);
console.log(`bot process after queries ${(steadyRss / 1024 / 1024).toFixed(0)} MB resident (this benchmark also holds a second index)`);
