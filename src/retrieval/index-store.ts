import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { knowledgeFingerprint } from '../knowledge/fingerprint.ts';
import type { KnowledgeDocument } from '../knowledge/types.ts';
import type { Logger } from '../logger.ts';
import { KnowledgeIndex, type KnowledgeIndexSnapshot } from './knowledge-index.ts';
import { SAVED_TERMS, SAVED_TERM_BYTES, SAVED_TERM_LINES, type SavedLexicalIndex } from './lexical-index.ts';
import type { Lexicon } from './lexicon.ts';

const SNAPSHOT_FILE = 'lexical.json';

/**
 * The code that shapes an index: a change to chunking or text analysis must rebuild it too. What is
 * hashed is what runs: beside this module (`self`), the compiled .js files under `npm start`
 * (dist/), the .ts sources under tsx and the tests.
 */
export function indexingCode(self = fileURLToPath(import.meta.url)): string[] {
  const root = dirname(self);
  const ext = extname(self);
  const dirs = [root, join(root, '..', 'knowledge', 'chunking')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => extname(f) === ext && !f.endsWith(`.d${ext}`))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8')),
  );
}

export interface IndexLocation {
  dataDir: string;
  /** The lexicon file's text: part of what the index is built from. */
  lexiconText: string;
}

/**
 * The knowledge index, from the saved snapshot when it was built from the same documents, lexicon
 * and indexing code (a content hash), else built anew and saved. Adding a plan to knowledge/ thus
 * rebuilds on the next start; a missing or corrupt snapshot is rebuilt with a log line.
 */
export function loadOrBuildKnowledgeIndex(
  documents: KnowledgeDocument[],
  lexicon: Lexicon,
  location: IndexLocation,
  logger: Logger,
): KnowledgeIndex {
  const fingerprint = knowledgeFingerprint(documents, [location.lexiconText, ...indexingCode()]);
  const file = join(location.dataDir, 'index', SNAPSHOT_FILE);
  const saved = readSnapshot(file, logger);
  if (saved?.fingerprint === fingerprint) {
    try {
      return KnowledgeIndex.fromSnapshot(saved, documents, lexicon);
    } catch (error) {
      logger.warn({ file, reason: (error as Error).message }, 'saved index unreadable: rebuilding');
    }
  } else if (saved) {
    logger.info('knowledge, lexicon or indexing code changed: rebuilding the index');
  }
  const started = Date.now();
  const bar = progressBar();
  let barStarted = false;
  const index = KnowledgeIndex.build(documents, lexicon, (done, total) => {
    if (!barStarted) bar?.start(total, 0);
    barStarted = true;
    bar?.update(done);
  });
  bar?.stop();
  logger.info({ passages: index.passages.length, ms: Date.now() - started }, 'knowledge index built');
  try {
    mkdirSync(dirname(file), { recursive: true });
    // A temporary file of this process's own: two processes starting at once never mix their writes.
    const temporary = `${file}.${process.pid}.tmp`;
    writeSnapshot(temporary, index.toSnapshot(fingerprint));
    renameSync(temporary, file);
  } catch (error) {
    logger.warn({ file, reason: (error as Error).message }, 'could not save the index: it will be rebuilt next start');
  }
  return index;
}

/** Characters gathered before each write. */
const WRITE_CHUNK = 1 << 20;

/**
 * The snapshot as JSON, written a piece at a time — each passage, each term of the statistics and
 * of the lexical index — so saving never holds the whole text in memory, nor the lexical index's
 * serialised form (its terms come one by one from `SAVED_TERMS`). The file parses to exactly what
 * `JSON.stringify(snapshot)` would give; the lexical index's terms come last in it, one per line,
 * the only line breaks in the file, so that reading can take them one by one too (readSnapshot).
 */
function writeSnapshot(file: string, snapshot: KnowledgeIndexSnapshot): void {
  const fd = openSync(file, 'w');
  let pending = '';
  const write = (text: string) => {
    pending += text;
    if (pending.length < WRITE_CHUNK) return;
    writeSync(fd, pending);
    pending = '';
  };
  try {
    writeJson(snapshot, 3, write);
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
}

/** `value` as JSON; arrays and objects down to `depth` levels are written member by member. */
function writeJson(value: unknown, depth: number, write: (text: string) => void): void {
  if (depth === 0 || value === null || typeof value !== 'object' || 'toJSON' in value) {
    write(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((item, i) => {
      if (i > 0) write(',');
      writeJson(item, depth - 1, write);
    });
    write(']');
    return;
  }
  const saved = value as SavedLexicalIndex;
  // Each term as its JSON text: written so by the index itself, else made here one by one.
  const terms = saved[SAVED_TERMS];
  const savedTerms =
    saved[SAVED_TERM_LINES] ??
    (terms &&
      function* () {
        for (const term of terms()) yield JSON.stringify(term);
      });
  // Never read `index` of a saved lexical index: its getter would build the whole array.
  const keys = Object.keys(value).filter((key) => savedTerms === undefined || key !== 'index');
  write('{');
  let members = 0;
  for (const key of keys) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    write(`${members++ > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    writeJson(member, depth - 1, write);
  }
  if (savedTerms !== undefined) {
    write(`${members > 0 ? ',' : ''}"index":[`);
    let first = true;
    for (const term of savedTerms()) {
      write(`${first ? '' : ','}\n${term}`);
      first = false;
    }
    write('\n]');
  }
  write('}');
}

/** A progress bar on a terminal only: in logs and CI it would be noise. Loaded then, not at every start. */
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  return new cliProgress.SingleBar({ stream: process.stderr, format: 'indexing {bar} {value}/{total} passages' }, cliProgress.Presets.shades_classic);
}

/**
 * The saved snapshot, its lexical terms not parsed yet: the text before the first line break and
 * after the last one is the snapshot with an empty term list, each line between is one term
 * (writeSnapshot), handed over as bytes through `SAVED_TERM_BYTES` and read as the index is
 * loaded. A file with no line break is read as one JSON document.
 */
function readSnapshot(file: string, logger: Logger): KnowledgeIndexSnapshot | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const NEWLINE = 0x0a;
  const first = bytes.indexOf(NEWLINE);
  const last = bytes.lastIndexOf(NEWLINE);
  try {
    const outline = first < 0 ? bytes.toString('utf8') : bytes.toString('utf8', 0, first) + bytes.toString('utf8', last + 1);
    const parsed = JSON.parse(outline) as KnowledgeIndexSnapshot;
    // Only the outline is checked here; damaged contents under the right fingerprint fail to load
    // below, and are rebuilt with a warning.
    if (typeof parsed.fingerprint !== 'string' || !Array.isArray(parsed.passages)) return undefined;
    if (first >= 0 && typeof parsed.lexical === 'object' && parsed.lexical !== null) {
      (parsed.lexical as SavedLexicalIndex)[SAVED_TERM_BYTES] = { bytes, start: first + 1, end: last };
    }
    return parsed;
  } catch {
    logger.warn({ file }, 'saved index is corrupt: rebuilding');
    return undefined;
  }
}
