/**
 * Speed and memory of the offline default, as figures (targets in README):
 *   npm run bench [-- --queries N] [--cold-runs N] [--scale N]
 * A first start that imports the national texts and builds the index (when KNOWLEDGE_SOURCES or
 * ../shared/knowledge-sources is there), the index build on its own, the saved index's size on disk,
 * a cold `ask` with the index saved, and retrieval latency (median, p95) over many questions; each
 * start in a process of its own, with its peak memory. `--scale N` replicates the national texts of
 * DATA_DIR N times under new ids (in a temporary DATA_DIR), to see how all of it grows with the corpus.
 * Last, the work per question of ours next to plain MiniSearch over LangChain-split chunks of the
 * same imported texts (scripts/plain-minisearch.ts), and their ratio.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { retrieveRecord } from '../src/channels/cli/output.ts';
import { importedDir, importedDocumentFiles, loadLibrary, readDocument } from '../src/knowledge/library.ts';
import { createLogger } from '../src/logger.ts';
import { loadOrBuildKnowledgeIndex } from '../src/retrieval/index-store.ts';
import { parseLexicon } from '../src/retrieval/lexicon.ts';
import { plainChunks, plainIndex, plainRetrieveLine } from './plain-minisearch.ts';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '1000' },
    'cold-runs': { type: 'string', default: '5' },
    scale: { type: 'string', default: '1' },
    /** Internal: this script in a child process, building the index of DATA_DIR once. */
    'build-only': { type: 'boolean', default: false },
  },
});

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

const REPO = fileURLToPath(new URL('..', import.meta.url)).replace(/\/dist\/$/, '/');
/** Compiled (dist/scripts/bench.js) measures compiled code; under tsx, the sources. */
const compiled = import.meta.url.endsWith('.js');
const entry = (path: string) => (compiled ? [join(REPO, 'dist', `${path}.js`)] : ['--import', 'tsx', join(REPO, `${path}.ts`)]);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (numbers: number[]) => quantile([...numbers].sort((a, b) => a - b), 0.5);

if (values['build-only']) {
  // The index of DATA_DIR built and saved as a first start does, in a process of its own.
  const config = loadConfig();
  const library = loadLibrary(config);
  const lexiconText = readFileSync(join(config.knowledgeDir, 'lexicon.yaml'), 'utf8');
  rmSync(join(config.dataDir, 'index', 'lexical.json'), { force: true });
  let builtMs = 0;
  const logger = pino({ level: 'info' }, { write: (line: string) => void (builtMs = (JSON.parse(line) as { ms?: number }).ms ?? builtMs) });
  const started = performance.now();
  const index = loadOrBuildKnowledgeIndex(library.documents, parseLexicon(lexiconText), { dataDir: config.dataDir, lexiconText }, logger);
  const totalMs = performance.now() - started;
  const report = { documents: library.documents.length, passages: index.passages.length, buildMs: builtMs, saveMs: totalMs - builtMs, peakKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

interface Run {
  ms: number;
  peakMb?: number;
  stdout: string;
}

/** A process of its own, timed; its peak memory by GNU time when that is installed. */
function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const [command, ...rest] = timeBinary ? [timeBinary, '-f', 'peak-kb %M', process.execPath, ...args] : [process.execPath, ...args];
  const started = performance.now();
  const child = spawnSync(command!, rest, { cwd: REPO, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  const peak = /peak-kb (\d+)/.exec(child.stderr)?.[1];
  return { ms: elapsed, stdout: child.stdout, ...(peak ? { peakMb: Number(peak) / 1024 } : {}) };
}

function evalQuestions(): string[] {
  const dir = resolve(REPO, '..', 'shared', 'eval');
  if (!existsSync(dir)) return [];
  return ['dev-law.jsonl', 'dev-seeds.jsonl']
    .filter((f) => existsSync(join(dir, f)))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q));
}

/** DATA_DIR's imported texts, and `scale - 1` copies of each under new ids, in a temporary DATA_DIR. */
function scaledDataDir(dataDir: string, scale: number): string {
  const dir = mkdtempSync(join(tmpdir(), `htx-bench-x${scale}-`));
  mkdirSync(importedDir(dir));
  for (const file of importedDocumentFiles(dataDir)) {
    const id = basename(file, '.txt');
    copyFileSync(file, join(importedDir(dir), `${id}.txt`));
    for (let copy = 2; copy <= scale; copy++) copyFileSync(file, join(importedDir(dir), `${id}-ban-sao-${copy}.txt`));
  }
  return dir;
}

const config = loadConfig();
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale: a whole number, 1 or more');
const dataDir = scale === 1 ? config.dataDir : scaledDataDir(config.dataDir, scale);
const env = { DATA_DIR: dataDir };
const lines: string[] = [];
const say = (label: string, value: string) => lines.push(`${label.padEnd(28)}${value}`);
const temporary: string[] = scale === 1 ? [] : [dataDir];

try {
  const configured = process.env.KNOWLEDGE_SOURCES;
  const sources = configured ? (isAbsolute(configured) ? configured : resolve(REPO, configured)) : resolve(REPO, '..', 'shared', 'knowledge-sources');
  if (scale === 1 && existsSync(sources)) {
    // A first start: nothing imported yet, so `ask` imports the texts and builds the index.
    const fresh = mkdtempSync(join(tmpdir(), 'htx-bench-first-'));
    temporary.push(fresh);
    const first = run([...entry('src/channels/cli/main'), 'ask', '--json', QUESTIONS[1]!], { DATA_DIR: fresh, KNOWLEDGE_SOURCES: sources });
    say('first start (import+build)', `${ms(first.ms)}${first.peakMb ? `, peak ${first.peakMb.toFixed(0)} MB` : ''}`);
  }

  const build = JSON.parse(run([...entry('scripts/bench'), '--build-only'], env).stdout) as {
    documents: number;
    passages: number;
    buildMs: number;
    saveMs: number;
    peakKb: number;
  };
  const saved = statSync(join(dataDir, 'index', 'lexical.json')).size;
  say('corpus', `${build.documents} documents, ${build.passages} passages${scale > 1 ? ` (national texts ×${scale})` : ''}`);
  say('index build', `${ms(build.buildMs)} (+ ${ms(build.saveMs)} to save), peak ${(build.peakKb / 1024).toFixed(0)} MB`);
  say('saved index on disk', mb(saved));

  const cold = Array.from({ length: Number(values['cold-runs']) }, (_, i) =>
    run([...entry('src/channels/cli/main'), 'ask', '--json', QUESTIONS[i % QUESTIONS.length]!], env),
  );
  const peaks = cold.flatMap((c) => (c.peakMb === undefined ? [] : [c.peakMb]));
  say('ask, cold start', `median ${ms(median(cold.map((c) => c.ms)))} over ${cold.length} runs${peaks.length > 0 ? `, peak ${Math.max(...peaks).toFixed(0)} MB` : ''}`);

  // Retrieval as the bot serves it, on the saved index.
  const app = await createApp({ ...config, dataDir }, createLogger('warn'));
  const questions = [...QUESTIONS, ...evalQuestions()];
  for (const q of questions) await app.retriever.retrieve(q, 5); // warm-up
  const count = Number(values.queries);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    // A suffix makes each question distinct, so no cache of any kind answers it.
    const q = `${questions[i % questions.length]} ${i % 7 === 0 ? '' : i}`;
    const started = performance.now();
    await app.retriever.retrieve(q, 5);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  say(`retrieval (${count} questions)`, `median ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(latencies.at(-1)!)}`);
  say('serving process after that', `${mb(process.memoryUsage().rss)} resident (heap ${mb(process.memoryUsage().heapUsed)})`);

  // The same job both ways: QUESTIONS repeated, each searched for its best 5 and written as the JSON
  // line `cli retrieve --json` writes. Both run in this process, on an index already loaded and
  // warmed (loading is reported apart), turn about question by question so that a busy moment of
  // the machine falls on both alike; each side's time is search + top 5 + JSON.stringify.
  const plainStarted = performance.now();
  const chunks = await plainChunks(importedDocumentFiles(dataDir).map(readDocument).map((d) => ({ docId: d.meta.id, text: d.text })));
  const plain = plainIndex(chunks);
  say('plain MiniSearch index', `${chunks.length} chunks of 1000/200 characters, split and indexed in ${ms(performance.now() - plainStarted)}`);
  const ours = async (q: string) => JSON.stringify(retrieveRecord(await app.retriever.retrieve(q, 5)));
  for (const q of QUESTIONS) {
    await ours(q);
    plainRetrieveLine(plain, q, 5);
  }
  let oursMs = 0;
  let plainMs = 0;
  for (let i = 0; i < count; i++) {
    const q = QUESTIONS[i % QUESTIONS.length]!;
    const started = performance.now();
    await ours(q);
    const between = performance.now();
    plainRetrieveLine(plain, q, 5);
    oursMs += between - started;
    plainMs += performance.now() - between;
  }
  const [x, y] = [oursMs / count, plainMs / count];
  say('work per question', `ours ${ms(x)}, plain MiniSearch ${ms(y)}, ratio ${(x / y).toFixed(2)} (${count} questions)`);
  say('code measured', compiled ? 'compiled (dist/)' : 'TypeScript sources through tsx');
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}
