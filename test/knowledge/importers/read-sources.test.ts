import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/knowledge/importers/detect-format.ts';
import { readSources } from '../../../src/knowledge/importers/read-sources.ts';
import { SOURCES } from './temp-knowledge.ts';

describe('detectFormat', () => {
  it('tells the formats apart by name and content', () => {
    expect(detectFormat('a.txt', '---\nnumber: 1\n---\nĐiều 1. A')).toBe('text');
    expect(detectFormat('a.html', "<p class='pDieu'>Điều 1.1.LQ.1. A</p>")).toBe('phapdien');
    expect(detectFormat('a.html', '<p class="prov-article">Điều 1. A</p>')).toBe('vbpl');
    expect(detectFormat('page', '<!DOCTYPE html><html><body></body></html>')).toBe('vbpl');
    expect(detectFormat('a.pdf', '%PDF-1.4')).toBeUndefined();
    expect(detectFormat('a.txt', 'binary\u0000data')).toBeUndefined();
  });
});

describe('readSources', () => {
  it('walks a folder recursively, raw/ pages included', () => {
    const { texts } = readSources([SOURCES]);
    const formats = texts.map((t) => `${t.format} ${t.number}`).sort();
    expect(formats).toEqual([
      'phapdien 12/2030/QH99',
      'phapdien 7/2031/NĐ-CP',
      'text 12/2030/QH99',
      'text 7/2031/ND-CP',
      'text 99/2099/QĐ-UBND',
      'vbpl 12/2030/QH99',
      'vbpl 3/2032/TT-BTC',
    ]);
  });

  it('skips what it cannot read or parse, saying why', () => {
    const missing = join(SOURCES, 'khong-co.txt');
    const { skipped } = readSources([SOURCES, missing]);
    expect(skipped).toEqual([
      { origin: join(SOURCES, 'ghi-chu.pdf'), reason: expect.stringContaining('not a format') },
      { origin: missing, reason: 'cannot read (ENOENT)' },
    ]);
  });
});
