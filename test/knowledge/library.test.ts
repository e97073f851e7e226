import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/catalog.ts';
import { chunkDocument } from '../../src/knowledge/chunking/index.ts';
import { importedDir, importedDocumentFiles, loadLibrary, localDocumentFiles, readDocument } from '../../src/knowledge/library.ts';
import {
  CATALOG_FILE,
  CURRENT_CITE,
  CURRENT_LAW,
  IMPORTED_DIR,
  KNOWLEDGE_DIR,
  OLD_LAW,
  PLAN,
  SEEDS_DIR,
} from '../fixtures/knowledge/documents.ts';

let root: string;
let knowledgeDir: string;
let dataDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'htx-library-'));
  knowledgeDir = join(root, 'knowledge');
  dataDir = join(root, 'data');
  mkdirSync(knowledgeDir);
  copyFileSync(CATALOG_FILE, join(knowledgeDir, 'catalog.yaml'));
  copyFileSync(join(SEEDS_DIR, `${PLAN}.txt`), join(knowledgeDir, `${PLAN}.txt`));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function importLaws(...ids: string[]) {
  mkdirSync(importedDir(dataDir), { recursive: true });
  for (const id of ids) copyFileSync(join(IMPORTED_DIR, `${id}.txt`), join(importedDir(dataDir), `${id}.txt`));
}

const seed = (name: string, content: string) => {
  const file = join(knowledgeDir, name);
  writeFileSync(file, content);
  return file;
};

const HEADER = [
  'title: Kế hoạch thử',
  'citeAs: Kế hoạch thử của xã Thử',
  'issuer: UBND xã Thử',
  'status: in_force',
  'scope: xã Thử',
  'type: ke-hoach',
];

describe('loadLibrary', () => {
  it('loads the seeds of the knowledge dir, then the imported texts of DATA_DIR', () => {
    importLaws(CURRENT_LAW, OLD_LAW);
    const library = loadLibrary({ knowledgeDir, dataDir });
    expect(library.documents.map((d) => d.meta.id)).toEqual([PLAN, OLD_LAW, CURRENT_LAW]);
    expect(library.documents[2]!.meta).toMatchObject({
      id: CURRENT_LAW,
      citeAs: CURRENT_CITE,
      number: '99/2024/QH99',
      issued: '2024-06-01',
      status: 'in_force',
      scope: 'national',
      type: 'luat',
    });
    expect(library.documents[0]!.meta).toMatchObject({ scope: 'tỉnh Ngọc Sơn', type: 'ke-hoach' });
    // The body starts after the header.
    expect(library.documents[2]!.text.startsWith('QUỐC HỘI\n')).toBe(true);
    expect(library.catalog.checked).toBe('2031-01-01');
  });

  it('lists as missing the catalog entries that were not imported', () => {
    importLaws(CURRENT_LAW, OLD_LAW);
    expect(loadLibrary({ knowledgeDir, dataDir }).missing.map((e) => e.id)).toEqual(['nd-htx-mau-2025']);
  });

  it('works before anything was imported: every catalog entry is missing', () => {
    expect(importedDocumentFiles(dataDir)).toEqual([]);
    const library = loadLibrary({ knowledgeDir, dataDir });
    expect(library.documents.map((d) => d.meta.id)).toEqual([PLAN]);
    expect(library.missing.map((e) => e.id)).toEqual([CURRENT_LAW, OLD_LAW, 'nd-htx-mau-2025']);
  });

  it('reads only .txt files, sorted', () => {
    seed('ghi-chu.md', 'không phải văn bản');
    seed('a-ke-hoach.txt', `---\n${HEADER.join('\n')}\n---\nNội dung.\n`);
    expect(localDocumentFiles(knowledgeDir).map((f) => f.slice(knowledgeDir.length + 1))).toEqual(['a-ke-hoach.txt', `${PLAN}.txt`]);
  });
});

describe('readDocument', () => {
  it('takes the id from the file name and stores the body in NFC', () => {
    const body = 'Hợp tác xã được hỗ trợ đào tạo.\n';
    const file = seed('kh-thu-nfd.txt', `---\n${HEADER.join('\n')}\n---\n${body.normalize('NFD')}`);
    const doc = readDocument(file);
    expect(doc.meta.id).toBe('kh-thu-nfd');
    expect(doc.text).toBe(body.normalize('NFC'));
    expect(doc.text).not.toBe(body.normalize('NFD'));
  });

  it('reads a third-party header whose values YAML would reject, line by line', () => {
    const file = seed('kh-thu-dau-hai-cham.txt', `---\n${['title: Kế hoạch số 5: phát triển HTX "kiểu mới"', ...HEADER.slice(1)].join('\n')}\n---\nNội dung.\n`);
    expect(readDocument(file).meta.title).toBe('Kế hoạch số 5: phát triển HTX "kiểu mới"');
  });

  it('names the file and the field when the front matter is invalid', () => {
    const badStatus = seed('kh-sai-trang-thai.txt', `---\n${HEADER.map((l) => l.replace('in_force', 'con-hieu-luc')).join('\n')}\n---\nx\n`);
    expect(() => readDocument(badStatus)).toThrow(/kh-sai-trang-thai\.txt: invalid front matter — status: /);

    const noCiteAs = seed('kh-thieu-trich-dan.txt', `---\n${HEADER.filter((l) => !l.startsWith('citeAs')).join('\n')}\n---\nx\n`);
    expect(() => readDocument(noCiteAs)).toThrow(/kh-thieu-trich-dan\.txt: invalid front matter — citeAs: /);

    const badType = seed('kh-sai-loai.txt', `---\n${HEADER.map((l) => l.replace('ke-hoach', 'bao-cao')).join('\n')}\n---\nx\n`);
    expect(() => readDocument(badType)).toThrow(/kh-sai-loai\.txt: .*type: /);
  });

  it('rejects a file name that is not a kebab-case id', () => {
    const file = seed('Ke_Hoach.txt', `---\n${HEADER.join('\n')}\n---\nx\n`);
    expect(() => readDocument(file)).toThrow(/Ke_Hoach\.txt: invalid front matter — id: kebab-case id/);
  });

  it('rejects a file without front matter, listing the fields it lacks', () => {
    const file = seed('kh-khong-dau.txt', 'Chỉ có nội dung, không có phần đầu.\n');
    const error = (() => {
      try {
        readDocument(file);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    for (const field of ['title', 'citeAs', 'issuer', 'status', 'scope', 'type']) expect(error).toContain(`${field}: `);
  });

  it('makes loadLibrary fail on one bad seed rather than skip it silently', () => {
    seed('kh-hong.txt', `---\n${HEADER.filter((l) => !l.startsWith('scope')).join('\n')}\n---\nx\n`);
    expect(() => loadLibrary({ knowledgeDir, dataDir })).toThrow(/kh-hong\.txt: invalid front matter — scope: /);
  });
});

describe('the committed seeds', () => {
  const files = localDocumentFiles(KNOWLEDGE_DIR);

  it('are there', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.length).toBe(readdirSync(KNOWLEDGE_DIR).filter((f) => f.endsWith('.txt')).length);
  });

  it.each(files.map((f) => [f.slice(KNOWLEDGE_DIR.length), f]))('%s loads and chunks into cited passages', (_name, file) => {
    const doc = readDocument(file);
    expect(doc.meta.scope).not.toBe('national');
    const passages = chunkDocument(doc);
    expect(passages.length).toBeGreaterThan(3);
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of passages) {
      expect(p.citation.endsWith(doc.meta.citeAs)).toBe(true);
      expect(p.citation.length).toBeGreaterThan(doc.meta.citeAs.length);
      expect(p.id.startsWith(`${doc.meta.id}#`)).toBe(true);
      expect(p.text.trim().length).toBeGreaterThan(0);
      expect(p.scope).toBe(doc.meta.scope);
      expect(p.status).toBe(doc.meta.status);
    }
  });

  it('load with the real catalog; with nothing imported, every catalog entry is missing', () => {
    const empty = join(root, 'empty-data');
    const library = loadLibrary({ knowledgeDir: KNOWLEDGE_DIR, dataDir: empty });
    expect(library.documents).toHaveLength(files.length);
    const catalog = loadCatalog(KNOWLEDGE_DIR);
    expect(library.missing.map((e) => e.id)).toEqual(catalog.documents.map((e) => e.id));
    expect(library.missing.map((e) => e.id)).toContain('luat-htx-2023');
  });
});
