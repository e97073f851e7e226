import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseFrontMatter } from './front-matter.ts';
import { type Catalog, type CatalogEntry, documentMetaSchema, loadCatalog, metaOf } from './catalog.ts';
import type { KnowledgeDocument } from './types.ts';

export interface Library {
  documents: KnowledgeDocument[];
  catalog: Catalog;
  /** Catalog texts not imported yet: the bot says so in logs, /nguon and abstentions. */
  missing: CatalogEntry[];
}

export interface LibraryLocation {
  knowledgeDir: string;
  dataDir: string;
}

export const importedDir = (dataDir: string) => join(dataDir, 'imported');

/** Local documents committed in knowledge/ (the seeds and any plan an operator drops there). */
export function localDocumentFiles(knowledgeDir: string): string[] {
  return readdirSync(knowledgeDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(knowledgeDir, f));
}

export function importedDocumentFiles(dataDir: string): string[] {
  const dir = importedDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(dir, f));
}

export function readDocument(file: string): KnowledgeDocument {
  const { fields, body } = parseFrontMatter(readFileSync(file, 'utf8'));
  const id = basename(file, '.txt');
  const parsed = documentMetaSchema.safeParse({ ...fields, id });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(header)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid front matter — ${problems}`);
  }
  return { meta: parsed.data, text: body.normalize('NFC') };
}

export function loadLibrary({ knowledgeDir, dataDir }: LibraryLocation): Library {
  const catalog = loadCatalog(knowledgeDir);
  // The catalog is the authority on an imported text's facts (status, cautions): a catalog edit
  // applies at once, without importing the text again.
  const byId = new Map(catalog.documents.map((e) => [e.id, e]));
  const imported = importedDocumentFiles(dataDir).map(readDocument).map((doc) => {
    const entry = byId.get(doc.meta.id);
    return entry ? { ...doc, meta: { ...doc.meta, ...metaOf(entry) } } : doc;
  });
  const documents = [...localDocumentFiles(knowledgeDir).map(readDocument), ...imported];
  const present = new Set(documents.map((d) => d.meta.id));
  return { documents, catalog, missing: catalog.documents.filter((e) => !present.has(e.id)) };
}

/** Whether the law users rely on is loaded: catalog texts of unverified status may be missing. */
export function nationalTextsLoaded(library: Library): boolean {
  return !library.missing.some((e) => e.status === 'in_force');
}
