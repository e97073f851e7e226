import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectFormat } from './detect-format.ts';
import type { ImportedText } from './imported-text.ts';
import { parsePhapdienPage } from './phapdien-page.ts';
import { parseTextFile } from './text-file.ts';
import { parseVbplPage } from './vbpl-page.ts';

/** A file or download that gave no text, and why, for the import report. */
export interface SkippedSource {
  origin: string;
  reason: string;
}

export interface SourceReading {
  texts: ImportedText[];
  skipped: SkippedSource[];
}

/** One source's texts: a Pháp điển page holds many documents, other sources one. */
export function parseSource(origin: string, content: string): ImportedText[] {
  const format = detectFormat(origin, content);
  switch (format) {
    case 'text':
      return [parseTextFile(content, origin)];
    case 'vbpl':
      return [parseVbplPage(content, origin)];
    case 'phapdien':
      return parsePhapdienPage(content, origin);
    case undefined:
      throw new Error('not a format the importer reads (header text file, vbpl or Pháp điển HTML page)');
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return `cannot read (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads files and folders (recursively, so a folder's raw/ pages come too). A source that cannot
 * be read or parsed is reported and skipped; it never stops the others.
 */
export function readSources(paths: string[]): SourceReading {
  const reading: SourceReading = { texts: [], skipped: [] };
  const visitedFolders = new Set<string>();

  const readFile = (path: string) => {
    try {
      reading.texts.push(...parseSource(path, readFileSync(path, 'utf8')));
    } catch (error) {
      reading.skipped.push({ origin: path, reason: reasonOf(error) });
    }
  };

  const visit = (path: string) => {
    try {
      if (!statSync(path).isDirectory()) return readFile(path);
      const real = realpathSync(path);
      if (visitedFolders.has(real)) return;
      visitedFolders.add(real);
      // Hidden entries (.git, .DS_Store) are tooling, not sources: passed over without a word.
      const names = readdirSync(path).filter((name) => !name.startsWith('.')).sort();
      for (const name of names) visit(join(path, name));
    } catch (error) {
      reading.skipped.push({ origin: path, reason: reasonOf(error) });
    }
  };

  for (const path of paths) visit(resolve(path));
  return reading;
}
