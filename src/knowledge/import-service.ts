import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { findCatalogEntry, loadCatalog, metaOf, type Catalog, type CatalogEntry } from './catalog.ts';
import { parseFrontMatter, renderFrontMatter } from './front-matter.ts';
import type { ImportFormat, ImportedText } from './importers/imported-text.ts';
import { readSources, type SkippedSource } from './importers/read-sources.ts';
import { validateText, type TextValidation } from './importers/validate-text.ts';
import { importedDir } from './library.ts';

/** A text that passed validation and could be stored for a catalog entry. */
export interface Candidate {
  format: ImportFormat;
  origin: string;
  articleCount: number;
  missingArticles: number[];
}

/** The provenance header of a stored text. */
export interface StoredText extends Candidate {
  file: string;
  importedAt?: string;
}

/**
 * imported: stored by this run; kept: this run's candidates lost to the stored copy; present:
 * stored before, nothing for it this run; missing: no text for it.
 */
export type EntryOutcome = 'imported' | 'kept' | 'present' | 'missing';

export interface EntryReport {
  id: string;
  citeAs: string;
  outcome: EntryOutcome;
  /** The stored text after this run. */
  stored?: StoredText;
  /** Valid candidates of this run that were not stored. */
  setAside: Candidate[];
  /** The parser's and the validator's warnings about the stored candidate of this run. */
  warnings: string[];
}

export interface ImportReport {
  /** One row a catalog entry, in catalog order. */
  entries: EntryReport[];
  /** Texts whose number no catalog entry has: skipped. */
  unmatched: { number: string; format: ImportFormat; origin: string }[];
  /** Texts that failed validation. */
  rejected: { number: string; format: ImportFormat; origin: string; catalogId?: string; errors: string[] }[];
  /** Files or downloads that gave no text at all. */
  skippedSources: SkippedSource[];
}

export interface ImportStatus {
  present: { entry: CatalogEntry; stored: StoredText }[];
  missing: CatalogEntry[];
}

export interface ImportOptions {
  /** Leave entries that already have a stored text alone (start-up fills gaps, it does not refresh). */
  onlyMissing?: boolean;
  now?: () => Date;
}

interface ValidCandidate extends Candidate {
  text: ImportedText;
  validation: TextValidation;
}

const FORMAT_RANK: Record<ImportFormat, number> = { text: 0, vbpl: 1, phapdien: 2 };

/** Where an imported national text lives: `<DATA_DIR>/imported/<catalog id>.txt`, read by the library. */
export function importedFile(config: Config, id: string): string {
  return join(importedDir(config.dataDir), `${id}.txt`);
}

/** More articles wins; on a tie, the format closer to the official text. */
function isBetter(a: Candidate, b: Candidate): boolean {
  return a.articleCount !== b.articleCount
    ? a.articleCount > b.articleCount
    : FORMAT_RANK[a.format] < FORMAT_RANK[b.format];
}

function isImportFormat(value: unknown): value is ImportFormat {
  return value === 'text' || value === 'vbpl' || value === 'phapdien';
}

/** The provenance of a stored text; undefined when there is none or its header is not ours. */
function readStored(file: string): StoredText | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { fields } = parseFrontMatter(readFileSync(file, 'utf8'));
    const missing = Array.isArray(fields.missingArticles) ? fields.missingArticles.map(Number) : [];
    return {
      file,
      format: isImportFormat(fields.format) ? fields.format : 'text',
      origin: String(fields.importedFrom ?? ''),
      articleCount: Number(fields.articleCount) || 0,
      missingArticles: missing,
      importedAt: typeof fields.importedAt === 'string' ? fields.importedAt : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Temp file then rename, so a reader never sees half a text. */
function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function store(config: Config, entry: CatalogEntry, chosen: ValidCandidate, importedAt: string): StoredText {
  const file = importedFile(config, entry.id);
  const fields = {
    ...metaOf(entry),
    importedFrom: chosen.origin,
    format: chosen.format,
    importedAt,
    articleCount: chosen.articleCount,
    missingArticles: chosen.missingArticles,
  };
  mkdirSync(importedDir(config.dataDir), { recursive: true });
  writeAtomically(file, renderFrontMatter(fields, `${chosen.text.text}\n`));
  return { file, format: chosen.format, origin: chosen.origin, articleCount: chosen.articleCount, missingArticles: chosen.missingArticles, importedAt };
}

function summary(candidate: ValidCandidate): Candidate {
  const { format, origin, articleCount, missingArticles } = candidate;
  return { format, origin, articleCount, missingArticles };
}

function candidatesByEntry(catalog: Catalog, texts: ImportedText[], report: ImportReport): Map<string, ValidCandidate[]> {
  const byEntry = new Map<string, ValidCandidate[]>();
  for (const text of texts) {
    const entry = findCatalogEntry(catalog, text.number);
    const { number, format, origin } = text;
    if (!entry) {
      report.unmatched.push({ number, format, origin });
      continue;
    }
    const validation = validateText(text.text);
    if (validation.errors.length > 0) {
      report.rejected.push({ number, format, origin, catalogId: entry.id, errors: validation.errors });
      continue;
    }
    const { articleCount, missingArticles } = validation;
    byEntry.set(entry.id, [...(byEntry.get(entry.id) ?? []), { format, origin, articleCount, missingArticles, text, validation }]);
  }
  return byEntry;
}

/**
 * Matches texts to the catalog and stores the best one for each entry. The copy already stored
 * takes part: a new candidate replaces it unless the stored one is strictly better, so importing
 * a partial source never downgrades a complete text.
 */
export function importTexts(config: Config, texts: ImportedText[], options: ImportOptions = {}): ImportReport {
  const catalog = loadCatalog(config.knowledgeDir);
  const report: ImportReport = { entries: [], unmatched: [], rejected: [], skippedSources: [] };
  const byEntry = candidatesByEntry(catalog, texts, report);
  const importedAt = (options.now ?? (() => new Date()))().toISOString();

  for (const entry of catalog.documents) {
    const stored = readStored(importedFile(config, entry.id));
    const row: EntryReport = { id: entry.id, citeAs: entry.citeAs, outcome: stored ? 'present' : 'missing', stored, setAside: [], warnings: [] };
    report.entries.push(row);
    const candidates = byEntry.get(entry.id) ?? [];
    if (candidates.length === 0 || (stored && options.onlyMissing)) {
      row.setAside = candidates.map(summary);
      continue;
    }
    const best = candidates.reduce((a, b) => (isBetter(b, a) ? b : a));
    row.setAside = candidates.filter((c) => c !== best).map(summary);
    if (stored && isBetter(stored, best)) {
      row.outcome = 'kept';
      row.setAside.unshift(summary(best));
      continue;
    }
    row.stored = store(config, entry, best, importedAt);
    row.outcome = 'imported';
    row.warnings = [...(best.text.warnings ?? []), ...best.validation.warnings];
  }
  return report;
}

/** Imports files and folders (recursively); unreadable or unparsable files are reported, not thrown. */
export function importFromPaths(config: Config, paths: string[], options: ImportOptions = {}): ImportReport {
  const { texts, skipped } = readSources(paths);
  const report = importTexts(config, texts, options);
  report.skippedSources.push(...skipped);
  return report;
}

/** Which catalog texts are stored under DATA_DIR/imported and which are missing. */
export function importStatus(config: Config): ImportStatus {
  const status: ImportStatus = { present: [], missing: [] };
  for (const entry of loadCatalog(config.knowledgeDir).documents) {
    const stored = readStored(importedFile(config, entry.id));
    if (stored) status.present.push({ entry, stored });
    else status.missing.push(entry);
  }
  return status;
}

const LOAD_COMMANDS = 'npm run knowledge -- import <thư mục nguồn | source folder> (or: npm run knowledge -- import --online)';

/**
 * At start-up: fills in missing national texts from KNOWLEDGE_SOURCES when it is set, and says
 * loudly when none are loaded, since answers would then cite only the local seed documents.
 */
export async function ensureImported(config: Config, logger: Logger): Promise<ImportStatus> {
  const before = importStatus(config);
  if (before.missing.length === 0) return before;

  if (config.knowledgeSources) {
    const report = importFromPaths(config, [config.knowledgeSources], { onlyMissing: true });
    const after = importStatus(config);
    const imported = report.entries.filter((e) => e.outcome === 'imported').map((e) => e.id);
    const details = {
      from: config.knowledgeSources,
      imported,
      missing: after.missing.map((e) => e.id),
      skippedSources: report.skippedSources,
      rejected: report.rejected.map(({ origin, errors }) => ({ origin, errors })),
    };
    const total = after.present.length + after.missing.length;
    if (after.present.length === 0) {
      logger.warn(details, `national legal texts are not loaded: KNOWLEDGE_SOURCES gave none. Check the folder, or load them with: ${LOAD_COMMANDS}`);
    } else {
      logger.info(details, `national texts: imported ${imported.length} from KNOWLEDGE_SOURCES, ${after.present.length}/${total} present`);
    }
    return after;
  }

  if (before.present.length === 0) {
    logger.warn(
      { dataDir: config.dataDir },
      `national legal texts are not loaded (văn bản pháp luật quốc gia chưa được nạp): answers will only cite local documents. Load them with: ${LOAD_COMMANDS}, or set KNOWLEDGE_SOURCES to a source folder`,
    );
  } else {
    logger.info({ missing: before.missing.map((e) => e.id) }, `national texts: ${before.missing.length} catalog text(s) not loaded`);
  }
  return before;
}
