import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQuestionBank, type BankEntry } from '../knowledge/question-bank.ts';
import type { Logger } from '../logger.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import { QuestionMatcher, type SavedMatcher } from './question-matcher.ts';

const SAVED_FILE = 'bank.json';

/** The code that reads bank questions: a change to it must read them again (as .ts, or compiled to .js). */
const READING_CODE = ['question-matcher', 'question-analysis', 'text-analysis', 'lexicon', 'vietnamese'];

export interface BankLocation {
  knowledgeDir: string;
  dataDir: string;
  /** Whether the national texts are loaded: entries pointing into them are expected to resolve. */
  nationalTexts: boolean;
}

/**
 * The question bank in use by the index. Reading its ~3,000 questions (YAML, then each question
 * analysed) takes about a second; the result is saved beside the index and reused while the bank
 * files, the passages and the reading code are the same (a content hash). Files that do not parse
 * and entries whose target is not in the texts are left out with a log line, never fatal.
 */
export function useQuestionBank(index: KnowledgeIndex, location: BankLocation, logger: Logger): void {
  const dir = join(location.knowledgeDir, 'questions');
  const files = bankFiles(dir);
  const fingerprint = fingerprintOf(files, index);
  const file = join(location.dataDir, 'index', SAVED_FILE);
  const saved = readSaved(file);
  if (saved?.fingerprint === fingerprint) {
    index.useMatcher(QuestionMatcher.fromSaved(saved.matcher, index.lexicon, index.stats));
    logger.debug({ questions: saved.matcher.questions.length }, 'question bank in use (saved)');
    return;
  }
  const entries: BankEntry[] = [];
  for (const { name, text } of files) {
    try {
      entries.push(...parseQuestionBank(text, name));
    } catch (error) {
      logger.error({ problem: (error as Error).message }, 'question bank file unreadable: left out');
    }
  }
  const { resolved, unresolved } = index.useQuestionBank(entries);
  if (unresolved.length > 0) {
    const sample = unresolved.slice(0, 3).map((u) => u.error);
    if (location.nationalTexts) logger.warn({ unresolved: unresolved.length, sample }, 'question bank entries whose target is not in the texts: left out');
    else logger.info({ unresolved: unresolved.length }, 'question bank entries for texts not loaded: left out');
  }
  logger.debug({ entries: resolved.length }, 'question bank in use');
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ fingerprint, matcher: index.questionMatcher()!.toSaved() }));
    renameSync(temporary, file);
  } catch (error) {
    logger.warn({ file, reason: (error as Error).message }, 'could not save the question bank: it will be read again next start');
  }
}

function bankFiles(dir: string): Array<{ name: string; text: string }> {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  } catch {
    return [];
  }
}

function fingerprintOf(files: Array<{ name: string; text: string }>, index: KnowledgeIndex): string {
  const hash = createHash('sha256');
  for (const { name, text } of files) hash.update(name).update('\0').update(text).update('\0');
  // Targets are resolved against the passages and weighted by their statistics.
  for (const p of index.passages) hash.update(p.id).update('\0').update(p.text).update('\0');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const code of READING_CODE) {
    const source = ['.ts', '.js'].map((ext) => join(here, code + ext)).find((file) => existsSync(file));
    hash.update(source ? readFileSync(source) : code);
  }
  return hash.digest('hex').slice(0, 32);
}

function readSaved(file: string): { fingerprint: string; matcher: SavedMatcher } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint?: unknown; matcher?: SavedMatcher };
    return typeof parsed.fingerprint === 'string' && Array.isArray(parsed.matcher?.questions) && Array.isArray(parsed.matcher.concepts) ? (parsed as { fingerprint: string; matcher: SavedMatcher }) : undefined;
  } catch {
    return undefined;
  }
}
