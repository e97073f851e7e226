import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm start`, `npm run cli` and `npm run knowledge` run: the JavaScript `npm run build`
 * compiled into dist/ (`npm test` builds it before the tests), called the way the command-line
 * contract calls it.
 */
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'src', 'channels', 'cli', 'main.js');
const built = existsSync(CLI);
const configured = process.env.KNOWLEDGE_SOURCES;
const SOURCES = configured ? (isAbsolute(configured) ? configured : resolve(REPO, configured)) : resolve(REPO, '../shared/knowledge-sources');

if (!built) console.warn('compiled-build tests skipped: no dist/ (npm run build; npm test builds it first)');

/** Packages `cli ask` never uses once the texts are imported: they load only on the paths that need them. */
const NOT_ON_THE_ASK_PATH = [
  'cheerio',
  'ioredis',
  'better-sqlite3',
  'rate-limiter-flexible',
  'grammy',
  'zca-js',
  'hnswlib-node',
  '@huggingface/transformers',
  '@langchain/core',
  'langchain',
  'cli-progress',
  // The lexical index scores its own postings; MiniSearch's format is only what it saves.
  'minisearch',
];

let root: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'htx-compiled-'));
  const { PATH, HOME } = process.env;
  env = { PATH, HOME, DATA_DIR: join(root, 'data'), LOG_LEVEL: 'info' };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const npm = (args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { cwd: REPO, env, encoding: 'utf8' });

describe.skipIf(!built)('the compiled build', () => {
  it('answers `npm run --silent cli -- ask --json` with one JSON line on stdout, logs on stderr', () => {
    const run = npm(['cli', '--', 'ask', '--json', 'Hợp tác xã là gì?']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['query', 'answer', 'abstained', 'mode', 'citations']);
    expect(run.stderr).toContain('"msg":"knowledge index built"');
  });

  it.skipIf(!existsSync(SOURCES))(`loads only what \`cli ask\` uses, once the texts are imported (${SOURCES})`, () => {
    const imported = npm(['knowledge', '--', 'import', SOURCES]);
    expect(imported.status, imported.stderr).toBe(0);
    // A resolve hook naming, on stderr, every package an import reaches.
    const hook = join(root, 'packages-hook.mjs');
    writeFileSync(
      hook,
      `export async function resolve(specifier, context, next) {
        const resolved = await next(specifier, context);
        const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url)?.[1];
        if (name) process.stderr.write('package ' + name + '\\n');
        return resolved;
      }`,
    );
    const register = join(root, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hook}`)});`);
    const run = spawnSync(process.execPath, ['--import', register, CLI, 'ask', '--json', 'vốn điều lệ là gì'], { cwd: REPO, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const loaded = new Set([...run.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]));
    expect(loaded.has('commander')).toBe(true);
    expect(NOT_ON_THE_ASK_PATH.filter((name) => loaded.has(name))).toEqual([]);
  });
});
