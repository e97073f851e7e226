import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import cliProgress from 'cli-progress';
import { fileURLToPath } from 'node:url';
import { knowledgeFingerprint } from '../knowledge/fingerprint.ts';
import type { KnowledgeDocument } from '../knowledge/types.ts';
import type { Logger } from '../logger.ts';
import { KnowledgeIndex, type KnowledgeIndexSnapshot } from './knowledge-index.ts';
import type { Lexicon } from './lexicon.ts';

const SNAPSHOT_FILE = 'lexical.json';

/** The code that shapes an index: a change to chunking or text analysis must rebuild it too. */
function indexingCode(): string[] {
  const root = dirname(fileURLToPath(import.meta.url));
  const dirs = [root, join(root, '..', 'knowledge', 'chunking')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
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
  // A progress bar on a terminal only: in logs and CI it would be noise.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'indexing {bar} {value}/{total} passages' }, cliProgress.Presets.shades_classic)
    : undefined;
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
    writeFileSync(temporary, JSON.stringify(index.toSnapshot(fingerprint)));
    renameSync(temporary, file);
  } catch (error) {
    logger.warn({ file, reason: (error as Error).message }, 'could not save the index: it will be rebuilt next start');
  }
  return index;
}

function readSnapshot(file: string, logger: Logger): KnowledgeIndexSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as KnowledgeIndexSnapshot;
    // Only the outline is checked here; damaged contents under the right fingerprint fail to load
    // below, and are rebuilt with a warning.
    return typeof parsed.fingerprint === 'string' && Array.isArray(parsed.passages) ? parsed : undefined;
  } catch {
    logger.warn({ file }, 'saved index is corrupt: rebuilding');
    return undefined;
  }
}
