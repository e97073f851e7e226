import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'htx-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Logs a line at debug, info and warn in a child process, with these logger options; its standard error. */
function logInChild(options: string): string {
  const script = `import { createLogger } from './src/logger.ts';
    const logger = createLogger('debug', ['s3cret-token'], ${options});
    logger.debug('a debug line'); logger.info('an info line with s3cret-token'); logger.warn('a warning');`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

const messages = (jsonLines: string) => jsonLines.trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);

describe('createLogger', () => {
  it('writes JSON lines to standard error, secrets redacted', () => {
    expect(messages(logInChild('{}'))).toEqual(['a debug line', 'an info line with [redacted]', 'a warning']);
  });

  it('at a terminal (the interactive chat), shows only warnings there, and writes every line to the file', () => {
    const file = join(dir, 'logs', 'chat.log');
    expect(messages(logInChild(`{ terminal: { file: ${JSON.stringify(file)} } }`))).toEqual(['a warning']);
    expect(messages(readFileSync(file, 'utf8'))).toEqual(['a debug line', 'an info line with [redacted]', 'a warning']);
  });
});
