import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparableText, findPassage } from '../../src/flows/article-lookup.ts';
import { citedTexts, loadFlowLibrary, type Citation } from '../../src/flows/flow-definition.ts';
import { findCatalogEntry, loadCatalog } from '../../src/knowledge/catalog.ts';
import { parseTextFile } from '../../src/knowledge/importers/text-file.ts';
import { FLOWS_DIR, KNOWLEDGE_DIR } from './engine-harness.ts';

/**
 * The national texts are third-party data, never committed: CI and developers keep them in the folder
 * KNOWLEDGE_SOURCES names (by default ../shared/knowledge-sources beside the repository).
 */
const sourcesDir = resolve(process.env.KNOWLEDGE_SOURCES ?? resolve(import.meta.dirname, '../../../shared/knowledge-sources'));
const haveSources = existsSync(sourcesDir);

/** Catalog id → canonical text, imported the way the bot imports it. */
function importedTexts(): Map<string, string> {
  const catalog = loadCatalog(KNOWLEDGE_DIR);
  const texts = new Map<string, string>();
  for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith('.txt'))) {
    const imported = parseTextFile(readFileSync(join(sourcesDir, file), 'utf8'), file);
    const entry = findCatalogEntry(catalog, imported.number);
    if (entry) texts.set(entry.id, imported.text);
  }
  return texts;
}

function label(c: Citation): string {
  return `${c.doc} Điều ${c.article}${c.clause ? ` khoản ${c.clause}` : ''}${c.point ? ` điểm ${c.point}` : ''}`;
}

describe.skipIf(!haveSources)(
  haveSources
    ? `every flow citation is in the law (${sourcesDir})`
    : `every flow citation is in the law — SKIPPED: no knowledge sources at ${sourcesDir}; set KNOWLEDGE_SOURCES`,
  () => {
    const texts = haveSources ? importedTexts() : new Map<string, string>();
    const cases = loadFlowLibrary(FLOWS_DIR).flows.flatMap((flow) =>
      citedTexts(flow).flatMap(({ where, cites }) => cites.map((cite) => ({ where, cite }))),
    );

    it('has citations to check', () => {
      expect(cases.length).toBeGreaterThan(100);
    });

    it.each(cases.map((c) => [`${c.where} → ${label(c.cite)}`, c.cite] as const))('%s', (_name, cite) => {
      const text = texts.get(cite.doc);
      expect(text, `no source text for ${cite.doc} in ${sourcesDir}`).toBeDefined();
      const passage = findPassage(text as string, cite);
      expect(passage, `${label(cite)} does not exist`).toBeDefined();
      for (const phrase of cite.mustContain) {
        expect(comparableText(passage as string), `${label(cite)} should contain "${phrase}"`).toContain(comparableText(phrase));
      }
    });
  },
);
