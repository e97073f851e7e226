import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { foldDiacritics } from '../retrieval/vietnamese.ts';
import type { DocumentMeta } from './types.ts';

const isoDate = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);

export const documentMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id'),
  title: z.string().min(1),
  citeAs: z.string().min(1),
  number: z.string().optional(),
  issuer: z.string().min(1),
  issued: isoDate.optional(),
  effective: isoDate.optional(),
  status: z.enum(['in_force', 'superseded', 'expired', 'unknown']),
  statusNote: z.string().optional(),
  caution: z.string().optional(),
  focus: z.array(z.string()).optional(),
  focusAside: z.array(z.string()).optional(),
  scope: z.string().min(1),
  type: z.enum(['luat', 'nghi-dinh', 'thong-tu', 'van-ban-hop-nhat', 'nghi-quyet', 'chuong-trinh', 'ke-hoach', 'cong-van', 'quyet-dinh']),
  source: z.object({ itemId: z.number().int().optional(), url: z.string().optional() }).optional(),
});

const catalogEntrySchema = documentMetaSchema.extend({
  number: z.string().min(1),
  aliases: z.array(z.string()).default([]),
});

const catalogSchema = z.object({
  checked: isoDate,
  documents: z.array(catalogEntrySchema).min(1),
});

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;

export function loadCatalog(knowledgeDir: string): Catalog {
  const file = join(knowledgeDir, 'catalog.yaml');
  return catalogSchema.parse(parseYaml(readFileSync(file, 'utf8')));
}

/**
 * Document numbers are written many ways ("92/2024/NĐ-CP", "92/2024/ND-CP", "số 92/2024/nđ-cp"):
 * compare them folded to ASCII lower case without spaces.
 */
export function normalizeDocumentNumber(number: string): string {
  return foldDiacritics(number).replace(/\s+/g, '');
}

/** The catalog entry a source's number (or any number appearing in it) refers to. */
export function findCatalogEntry(catalog: Catalog, sourceNumber: string): CatalogEntry | undefined {
  const wanted = normalizeDocumentNumber(sourceNumber);
  const byNumber = (e: CatalogEntry) => [e.number, ...e.aliases].map(normalizeDocumentNumber);
  return (
    catalog.documents.find((e) => byNumber(e).includes(wanted)) ??
    catalog.documents.find((e) => byNumber(e).some((n) => wanted.includes(n)))
  );
}

export function metaOf(entry: CatalogEntry): DocumentMeta {
  const { aliases: _aliases, ...meta } = entry;
  return meta;
}
