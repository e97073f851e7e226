import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TEXTS } from '../../../src/answering/answer-texts.ts';
import { buttonLabels } from '../../../src/conversation/messages.ts';
import { type OpenAIStandIn, chatCompletion, startOpenAIStandIn } from '../../fixtures/answering/openai-stand-in.ts';
import { CURRENT_CITE, CURRENT_LAW, IMPORTED_DIR, OLD_LAW } from '../../fixtures/knowledge/documents.ts';

/**
 * The command-line contract (../shared/CONTRACT.md), checked on the real CLI in child processes:
 * the committed knowledge folder with the fictional current and superseded laws added to it.
 * Independent runs are started up front, two at a time; each costs a second or two.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let root: string;
let knowledgeDir: string;

/**
 * One CLI run from the repository root. The environment is built from scratch so a developer's
 * settings (a language model, a Redis, KNOWLEDGE_SOURCES) cannot leak in; empty values mean "unset"
 * and win over a .env file.
 */
/** At most two runs at a time: the rest of the suite runs beside these, some of it timing-sensitive. */
const PARALLEL_RUNS = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function cli(args: string[], options: { stdin?: string; dataDir: string; env?: Record<string, string> }): Promise<Run> {
  // A finished run hands its slot to the next waiting one.
  if (running < PARALLEL_RUNS) running += 1;
  else await new Promise<void>((resume) => waiting.push(resume));
  try {
    return await spawnCli(args, options);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function spawnCli(args: string[], options: { stdin?: string; dataDir: string; env?: Record<string, string> }): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? root,
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    KNOWLEDGE_SOURCES: '',
    LLM_BASE_URL: '',
    LLM_MODEL: '',
    EMBEDDINGS_BASE_URL: '',
    EMBEDDINGS_MODEL: '',
    EMBEDDINGS_LOCAL_MODEL_PATH: '',
    REDIS_URL: '',
    TELEGRAM_BOT_TOKEN: '',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/channels/cli/main.ts', ...args], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const jsonLines = (run: Run): Array<Record<string, unknown>> => {
  expect(run.stdout.endsWith('\n'), run.stderr).toBe(true);
  return run.stdout.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
};

const IN_DOMAIN = 'Hợp tác xã cần ít nhất bao nhiêu thành viên?';
const UNACCENTED = 'hop tac xa can it nhat bao nhieu thanh vien';
const OFF_TOPIC = 'Ngày mai Hà Nội có mưa không?';
const RETRIEVE_QUESTIONS = [IN_DOMAIN, 'vốn điều lệ là gì', '', 'theo luật cũ hợp tác xã cần ít nhất mấy thành viên'];

let runs: {
  retrieve: Promise<Run>;
  retrieveK2: Promise<Run>;
  askArgument: Promise<Run>;
  askLines: Promise<Run>;
  askPlain: Promise<Run>;
  chat: Promise<Run>;
  badConfig: Promise<Run>;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'htx-cli-contract-'));
  knowledgeDir = join(root, 'knowledge');
  cpSync(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
  for (const id of [CURRENT_LAW, OLD_LAW]) copyFileSync(join(IMPORTED_DIR, `${id}.txt`), join(knowledgeDir, `${id}.txt`));
  const data = (name: string) => join(root, `data-${name}`);
  const chatData = data('chat');
  runs = {
    retrieve: cli(['retrieve', '--json'], { stdin: RETRIEVE_QUESTIONS.map((q) => `${q}\n`).join(''), dataDir: data('retrieve') }),
    retrieveK2: cli(['retrieve', '--json', '--k', '2'], { stdin: `${IN_DOMAIN}\n${UNACCENTED}\n`, dataDir: data('retrieve-k') }),
    askArgument: cli(['ask', '--json', IN_DOMAIN], { dataDir: data('ask-argument') }),
    askLines: cli(['ask', '--json'], { stdin: `${UNACCENTED}\n${OFF_TOPIC}\n`, dataDir: data('ask-lines') }),
    askPlain: cli(['ask', IN_DOMAIN], { dataDir: data('ask-plain') }),
    // Two runs on one DATA_DIR: the second starts once the first has ended.
    chat: cli(['chat', '--json'], { stdin: '/start\n/thanhlap\n', dataDir: chatData }),
    badConfig: cli(['ask', '--json', IN_DOMAIN], { dataDir: data('bad'), env: { LOG_LEVEL: 'loud' } }),
  };
});

afterAll(async () => {
  if (runs) await Promise.allSettled(Object.values(runs));
  if (root) rmSync(root, { recursive: true, force: true });
});

const documentIds = () => readdirSync(knowledgeDir).filter((f) => f.endsWith('.txt')).map((f) => basename(f, '.txt'));

describe('retrieve --json', () => {
  it('writes one JSON object per input line, in order, and nothing else on stdout', async () => {
    const run = await runs.retrieve;
    expect(run.code, run.stderr).toBe(0);
    const records = jsonLines(run);
    expect(records.map((r) => r.query)).toEqual(RETRIEVE_QUESTIONS);
    for (const record of records) expect(Object.keys(record)).toEqual(['query', 'results']);
  });

  it('gives five results by default, best first, each with the contract fields', async () => {
    const records = jsonLines(await runs.retrieve);
    const ids = new Set(documentIds());
    for (const record of records.filter((r) => r.query !== '')) {
      const results = record.results as Array<Record<string, unknown>>;
      expect(results).toHaveLength(5);
      for (const result of results) {
        expect(Object.keys(result)).toEqual(['docId', 'title', 'citation', 'text', 'score']);
        expect(ids.has(result.docId as string), String(result.docId)).toBe(true);
        expect(typeof result.title).toBe('string');
        expect(typeof result.citation).toBe('string');
        expect(typeof result.score).toBe('number');
      }
      const scores = results.map((r) => r.score as number);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    expect(records[2]).toEqual({ query: '', results: [] });
  });

  it('names the document by its file name and gives the whole passage', async () => {
    const [first] = jsonLines(await runs.retrieve);
    const best = (first!.results as Array<Record<string, unknown>>)[0]!;
    expect(best.docId).toBe(CURRENT_LAW);
    expect(best.title).toBe('Luật Hợp tác xã mẫu');
    expect(best.citation).toBe(`Điều 3 ${CURRENT_CITE}`);
    expect(best.text).toBe('Điều 3. Số thành viên tối thiểu\nHợp tác xã phải có ít nhất 05 thành viên chính thức khi thành lập và trong suốt thời gian hoạt động.');
    const old = jsonLines(await runs.retrieve)[3]!;
    expect((old.results as Array<Record<string, unknown>>)[0]!.docId).toBe(OLD_LAW);
  });

  it('respects --k', async () => {
    const run = await runs.retrieveK2;
    expect(run.code, run.stderr).toBe(0);
    const records = jsonLines(run);
    expect(records.map((r) => r.query)).toEqual([IN_DOMAIN, UNACCENTED]);
    for (const record of records) expect(record.results).toHaveLength(2);
    // The same question typed without accents finds the same passages.
    const citations = (record: Record<string, unknown>) => (record.results as Array<Record<string, unknown>>).map((r) => r.citation);
    expect(citations(records[1]!)).toEqual(citations(records[0]!));
  });
});

describe('ask --json', () => {
  const checkRecord = (record: Record<string, unknown>, query: string) => {
    expect(Object.keys(record)).toEqual(['query', 'answer', 'abstained', 'mode', 'citations']);
    expect(record.query).toBe(query);
    expect(record.mode).toBe('extractive');
    expect(typeof record.answer).toBe('string');
    expect(record.answer).not.toContain('**');
    for (const citation of record.citations as Array<Record<string, unknown>>) {
      expect(Object.keys(citation)).toEqual(['docId', 'citation']);
    }
  };

  it('answers the question given as an argument, in one line', async () => {
    const run = await runs.askArgument;
    expect(run.code, run.stderr).toBe(0);
    const records = jsonLines(run);
    expect(records).toHaveLength(1);
    const [record] = records;
    checkRecord(record!, IN_DOMAIN);
    expect(record!.abstained).toBe(false);
    expect(String(record!.answer).split('\n')[0]).toContain('05 thành viên');
    expect((record!.citations as unknown[])[0]).toEqual({ docId: CURRENT_LAW, citation: `Điều 3 ${CURRENT_CITE}` });
  });

  it('answers questions read from standard input, one line each, and declines an off-topic one', async () => {
    const run = await runs.askLines;
    expect(run.code, run.stderr).toBe(0);
    const [answered, declined, ...rest] = jsonLines(run);
    expect(rest).toEqual([]);
    checkRecord(answered!, UNACCENTED);
    expect(answered!.abstained).toBe(false);
    expect(String(answered!.answer).split('\n')[0]).toContain('05 thành viên');
    checkRecord(declined!, OFF_TOPIC);
    expect(declined!.abstained).toBe(true);
    expect(declined!.citations).toEqual([]);
    expect(declined!.answer).toContain('Liên minh Hợp tác xã');
    // The national texts are not loaded here: the answer says so.
    expect(declined!.answer).toContain(ANSWER_TEXTS.nationalTextsMissing);
  });
});

describe('ask (plain)', () => {
  it('prints the answer as a person reads it, without markup', async () => {
    const run = await runs.askPlain;
    expect(run.code, run.stderr).toBe(0);
    expect(() => JSON.parse(run.stdout)).toThrow();
    expect(run.stdout).not.toContain('**');
    expect(run.stdout.split('\n')[0]).toContain('05 thành viên');
    expect(run.stdout).toContain(`Căn cứ: Điều 3 ${CURRENT_CITE}`);
  });
});

describe('chat --json', () => {
  it('writes {"text","buttons"} per reply; /start has buttons; the guided flow resumes in the next run', async () => {
    const first = await runs.chat;
    expect(first.code, first.stderr).toBe(0);
    const replies = jsonLines(first);
    for (const reply of replies) {
      expect(Object.keys(reply)).toEqual(['text', 'buttons']);
      expect(typeof reply.text).toBe('string');
      expect(Array.isArray(reply.buttons)).toBe(true);
      expect(reply.text).not.toContain('**');
    }
    expect(replies[0]!.buttons).toEqual([buttonLabels.founding, buttonLabels.policies, buttonLabels.sources]);
    const question = replies.at(-1)!;
    expect((question.buttons as string[]).length).toBeGreaterThan(0);

    const second = await cli(['chat', '--json'], { stdin: '/thanhlap\n', dataDir: join(root, 'data-chat') });
    expect(second.code, second.stderr).toBe(0);
    const [offer, ...more] = jsonLines(second);
    expect(more).toEqual([]);
    expect(offer!.text).toContain('đang làm dở');
    expect(offer!.buttons).toContain(buttonLabels.resumeFlow);
  });
});

describe('configuration', () => {
  it('exits non-zero on a bad value, naming the variable, with nothing on stdout', async () => {
    const run = await runs.badConfig;
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('LOG_LEVEL');
  });
});

describe('ask --json with a language model configured', () => {
  let standIn: OpenAIStandIn;
  let run: Run;

  beforeAll(async () => {
    standIn = await startOpenAIStandIn(() => ({ status: 200, body: chatCompletion('Hợp tác xã cần ít nhất 05 thành viên chính thức [1].') }));
    run = await cli(['ask', '--json', IN_DOMAIN], {
      dataDir: join(root, 'data-llm'),
      env: { LLM_BASE_URL: standIn.baseUrl, LLM_MODEL: 'stand-in-model' },
    });
  });

  afterAll(async () => {
    await standIn?.close();
  });

  it('keeps the same shape, says mode "llm", and cites what the bot rendered from the passage', () => {
    expect(run.code, run.stderr).toBe(0);
    const [record, ...rest] = jsonLines(run);
    expect(rest).toEqual([]);
    expect(Object.keys(record!)).toEqual(['query', 'answer', 'abstained', 'mode', 'citations']);
    expect(record!.mode).toBe('llm');
    expect(record!.abstained).toBe(false);
    expect(String(record!.answer)).toContain('05 thành viên chính thức [1]');
    const citations = record!.citations as Array<Record<string, unknown>>;
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) expect(Object.keys(citation)).toEqual(['docId', 'citation']);
    expect(citations[0]!.docId).toBe(CURRENT_LAW);
  });
});
