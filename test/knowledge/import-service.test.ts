import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/knowledge/front-matter.ts';
import {
  ensureImported,
  importedFile,
  importFromPaths,
  importStatus,
  importTexts,
} from '../../src/knowledge/import-service.ts';
import type { ImportedText } from '../../src/knowledge/importers/imported-text.ts';
import { importedDir } from '../../src/knowledge/library.ts';
import { SOURCES, tempKnowledge, type TempKnowledge } from './importers/temp-knowledge.ts';

const NOW = () => new Date('2031-05-06T07:08:09.000Z');

function text(number: string, format: ImportedText['format'], articles: number, origin = `${format}-${articles}`): ImportedText {
  const lines = Array.from({ length: articles }, (_, i) => `Điều ${i + 1}. Điều số ${i + 1}\nNội dung ${i + 1}.`);
  return { number, format, origin, text: lines.join('\n') };
}

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

let temp: TempKnowledge;
afterEach(() => temp.cleanup());

describe('importFromPaths', () => {
  it('stores the best text of each catalog entry and reports every entry', () => {
    temp = tempKnowledge();
    const report = importFromPaths(temp.config, [SOURCES], { now: NOW });
    const byId = Object.fromEntries(report.entries.map((e) => [e.id, e]));

    expect(report.entries.map((e) => [e.id, e.outcome])).toEqual([
      ['luat-tuong-tro-2030', 'imported'],
      ['nd-tuong-tro-2031', 'imported'],
      ['tt-tuong-tro-2032', 'imported'],
      ['qd-tuong-tro-2033', 'missing'],
    ]);
    // Law: text and vbpl both have 5 articles, the text file wins the tie; Pháp điển has 4.
    expect(byId['luat-tuong-tro-2030']?.stored).toMatchObject({ format: 'text', articleCount: 5 });
    expect(byId['luat-tuong-tro-2030']?.setAside.map((c) => [c.format, c.articleCount])).toEqual([
      ['phapdien', 4],
      ['vbpl', 5],
    ]);
    // Decree: the "ND-CP" text file (3 articles) loses to the Pháp điển text (4).
    expect(byId['nd-tuong-tro-2031']?.stored).toMatchObject({ format: 'phapdien', articleCount: 4 });
    expect(byId['nd-tuong-tro-2031']?.setAside).toEqual([
      expect.objectContaining({ format: 'text', articleCount: 3, missingArticles: [3] }),
    ]);
    expect(byId['tt-tuong-tro-2032']?.stored).toMatchObject({ format: 'vbpl', articleCount: 3, missingArticles: [3] });
    expect(byId['tt-tuong-tro-2032']?.warnings).toEqual([expect.stringContaining('Điều 3')]);
  });

  it('reports unmatched texts and unreadable files and skips them', () => {
    temp = tempKnowledge();
    const report = importFromPaths(temp.config, [SOURCES], { now: NOW });
    expect(report.unmatched).toEqual([expect.objectContaining({ number: '99/2099/QĐ-UBND', format: 'text' })]);
    expect(report.skippedSources).toEqual([expect.objectContaining({ origin: expect.stringContaining('ghi-chu.pdf') })]);
    expect(readdirSync(importedDir(temp.config.dataDir)).sort()).toEqual([
      'luat-tuong-tro-2030.txt',
      'nd-tuong-tro-2031.txt',
      'tt-tuong-tro-2032.txt',
    ]);
  });

  it('writes the catalog metadata and the provenance as front matter above the canonical body', () => {
    temp = tempKnowledge();
    importFromPaths(temp.config, [SOURCES], { now: NOW });
    const { fields, body } = parseFrontMatter(readFileSync(importedFile(temp.config, 'tt-tuong-tro-2032'), 'utf8'));
    expect(fields).toEqual({
      id: 'tt-tuong-tro-2032',
      title: 'Thông tư hướng dẫn sổ sách của tổ tương trợ',
      citeAs: 'Thông tư 3/2032/TT-BTC',
      number: '3/2032/TT-BTC',
      issuer: 'Bộ Tài chính',
      status: 'unknown',
      scope: 'national',
      type: 'thong-tu',
      source: { itemId: 9003 },
      importedFrom: expect.stringContaining('vbpl-9003-thong-tu-tuong-tro.html'),
      format: 'vbpl',
      importedAt: '2031-05-06T07:08:09.000Z',
      articleCount: 3,
      missingArticles: [3],
    });
    expect(body.split('\n')).toContain('Điều 4. Hiệu lực');
    expect(body.endsWith('\n')).toBe(true);
  });
});

describe('importTexts', () => {
  it('matches a number spelt "ND" to the catalog\'s "NĐ", and by alias', () => {
    temp = tempKnowledge();
    const report = importTexts(temp.config, [text('7/2031/ND-CP', 'text', 2), text('3/2032/TT-BTC-HN', 'vbpl', 1)]);
    expect(report.entries.filter((e) => e.outcome === 'imported').map((e) => e.id)).toEqual([
      'nd-tuong-tro-2031',
      'tt-tuong-tro-2032',
    ]);
  });

  it('keeps the candidate with most articles, then text over vbpl over Pháp điển', () => {
    temp = tempKnowledge();
    const report = importTexts(temp.config, [
      text('12/2030/QH99', 'phapdien', 3),
      text('12/2030/QH99', 'vbpl', 3),
      text('7/2031/NĐ-CP', 'text', 2),
      text('7/2031/NĐ-CP', 'phapdien', 3),
    ]);
    expect(report.entries[0]?.stored?.format).toBe('vbpl');
    expect(report.entries[1]?.stored?.format).toBe('phapdien');
  });

  it('rejects a text that fails validation and never stores it', () => {
    temp = tempKnowledge();
    const empty: ImportedText = { number: '12/2030/QH99', format: 'text', origin: 'x', text: 'Điều 1. Trống\nĐiều 2. Có\nNội dung.' };
    const report = importTexts(temp.config, [empty]);
    expect(report.rejected).toEqual([expect.objectContaining({ catalogId: 'luat-tuong-tro-2030', errors: [expect.stringContaining('Điều 1')] })]);
    expect(report.entries[0]?.outcome).toBe('missing');
  });

  it('keeps a stored text that is better than the new candidate, and replaces it otherwise', () => {
    temp = tempKnowledge();
    importTexts(temp.config, [text('12/2030/QH99', 'text', 3, 'first')]);
    const weaker = importTexts(temp.config, [text('12/2030/QH99', 'phapdien', 3, 'second')]);
    expect(weaker.entries[0]).toMatchObject({ outcome: 'kept', stored: { origin: 'first' } });
    const fuller = importTexts(temp.config, [text('12/2030/QH99', 'phapdien', 4, 'third')]);
    expect(fuller.entries[0]).toMatchObject({ outcome: 'imported', stored: { origin: 'third', articleCount: 4 } });
    expect(readdirSync(importedDir(temp.config.dataDir))).toEqual(['luat-tuong-tro-2030.txt']);
  });
});

describe('importStatus', () => {
  it('lists present and missing catalog texts', () => {
    temp = tempKnowledge();
    expect(importStatus(temp.config).present).toEqual([]);
    importTexts(temp.config, [text('5/2033/QĐ-TTg', 'text', 2)], { now: NOW });
    const status = importStatus(temp.config);
    expect(status.present).toEqual([
      expect.objectContaining({
        entry: expect.objectContaining({ id: 'qd-tuong-tro-2033' }),
        stored: expect.objectContaining({ format: 'text', articleCount: 2, importedAt: '2031-05-06T07:08:09.000Z' }),
      }),
    ]);
    expect(status.missing.map((e) => e.id)).toEqual(['luat-tuong-tro-2030', 'nd-tuong-tro-2031', 'tt-tuong-tro-2032']);
  });
});

describe('ensureImported', () => {
  it('warns with the command to run when nothing is loaded and no source folder is set', async () => {
    temp = tempKnowledge();
    const { logger, lines } = capturingLogger();
    const status = await ensureImported(temp.config, logger);
    expect(status.present).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: expect.stringContaining('npm run knowledge -- import') })]);
  });

  it('imports the missing texts from KNOWLEDGE_SOURCES and leaves present ones alone', async () => {
    temp = tempKnowledge({ KNOWLEDGE_SOURCES: SOURCES });
    const { logger, lines } = capturingLogger();
    importTexts(temp.config, [text('12/2030/QH99', 'phapdien', 1, 'earlier')]);

    const status = await ensureImported(temp.config, logger);

    expect(status.present.map((p) => [p.entry.id, p.stored.origin])).toEqual([
      ['luat-tuong-tro-2030', 'earlier'],
      ['nd-tuong-tro-2031', expect.stringContaining('phapdien-de-muc-tuong-tro.html')],
      ['tt-tuong-tro-2032', expect.stringContaining('vbpl-9003')],
    ]);
    expect(status.missing.map((e) => e.id)).toEqual(['qd-tuong-tro-2033']);
    expect(lines).toEqual([expect.objectContaining({ level: 30, imported: ['nd-tuong-tro-2031', 'tt-tuong-tro-2032'] })]);
  });

  it('does not throw for a source folder that does not exist, and warns', async () => {
    temp = tempKnowledge({ KNOWLEDGE_SOURCES: '/nonexistent/htx-sources' });
    const { logger, lines } = capturingLogger();
    await expect(ensureImported(temp.config, logger)).resolves.toMatchObject({ present: [] });
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, skippedSources: [{ origin: '/nonexistent/htx-sources', reason: 'cannot read (ENOENT)' }] }),
    ]);
  });
});
