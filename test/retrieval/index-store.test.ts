import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLibrary } from '../../src/knowledge/library.ts';
import { indexingCode, loadOrBuildKnowledgeIndex } from '../../src/retrieval/index-store.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { parseLexicon } from '../../src/retrieval/lexicon.ts';
import { DECREE, DECREE_FILE } from '../fixtures/answering-extractive/documents.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { CATALOG_FILE, CURRENT_LAW, IMPORTED_DIR, KNOWLEDGE_DIR, OLD_LAW, PLAN, SEEDS_DIR } from '../fixtures/knowledge/documents.ts';

/**
 * The saved lexical index across starts, as the app uses it: the library read from a knowledge
 * folder and DATA_DIR, the index loaded from DATA_DIR/index when built from the same content.
 */
let root: string;
let knowledgeDir: string;
let dataDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'htx-index-store-'));
  knowledgeDir = join(root, 'knowledge');
  dataDir = join(root, 'data');
  mkdirSync(knowledgeDir);
  mkdirSync(join(dataDir, 'imported'), { recursive: true });
  copyFileSync(CATALOG_FILE, join(knowledgeDir, 'catalog.yaml'));
  copyFileSync(join(KNOWLEDGE_DIR, 'lexicon.yaml'), join(knowledgeDir, 'lexicon.yaml'));
  copyFileSync(join(SEEDS_DIR, `${PLAN}.txt`), join(knowledgeDir, `${PLAN}.txt`));
  for (const id of [CURRENT_LAW, OLD_LAW]) copyFileSync(join(IMPORTED_DIR, `${id}.txt`), join(dataDir, 'imported', `${id}.txt`));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const snapshotFile = () => join(dataDir, 'index', 'lexical.json');

/** One start of the app's indexing step, with its log lines. */
function start(data = dataDir) {
  const { logger, entries } = captureLogger();
  const library = loadLibrary({ knowledgeDir, dataDir: data });
  const lexiconText = readFileSync(join(knowledgeDir, 'lexicon.yaml'), 'utf8');
  const index = loadOrBuildKnowledgeIndex(library.documents, parseLexicon(lexiconText), { dataDir: data, lexiconText }, logger);
  const messages = entries().map((e) => String(e.msg));
  const warnings = entries().filter((e) => e.level === 40).map((e) => String(e.msg));
  return { index, messages, warnings };
}

const QUESTIONS = [
  'Hợp tác xã cần ít nhất bao nhiêu thành viên?',
  'vốn điều lệ là gì',
  'ho tro thanh lap htx o ngoc son',
  'theo luật cũ hợp tác xã cần ít nhất mấy thành viên',
];
const resultsOf = (index: KnowledgeIndex) =>
  QUESTIONS.map((q) => index.searchLexical(q, 5).map((r) => ({ id: r.passage.id, score: r.score })));

const BUILT = 'knowledge index built';
const CHANGED = 'knowledge, lexicon or indexing code changed: rebuilding the index';

describe('loadOrBuildKnowledgeIndex', () => {
  it('builds and saves a snapshot on the first start', () => {
    expect(existsSync(snapshotFile())).toBe(false);
    const build = vi.spyOn(KnowledgeIndex, 'build');
    const first = start();
    expect(build).toHaveBeenCalledTimes(1);
    expect(first.messages).toContain(BUILT);
    expect(first.warnings).toEqual([]);
    const saved = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { fingerprint: string; passages: unknown[] };
    expect(saved.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(saved.passages).toHaveLength(first.index.passages.length);
    expect(existsSync(`${snapshotFile()}.tmp`)).toBe(false);
  });

  it('writes, piece by piece, exactly the JSON of the whole snapshot', () => {
    const { index } = start();
    const written = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { fingerprint: string };
    expect(written).toEqual(JSON.parse(JSON.stringify(index.toSnapshot(written.fingerprint))));
  });

  it('loads the snapshot on the next start, with the same results', () => {
    const first = start();
    const build = vi.spyOn(KnowledgeIndex, 'build');
    const fromSnapshot = vi.spyOn(KnowledgeIndex, 'fromSnapshot');
    const second = start();
    expect(build).not.toHaveBeenCalled();
    expect(fromSnapshot).toHaveBeenCalledTimes(1);
    expect(second.messages).not.toContain(BUILT);
    expect(second.warnings).toEqual([]);
    expect(second.index.passages).toEqual(first.index.passages);
    expect(resultsOf(second.index)).toEqual(resultsOf(first.index));
    expect(resultsOf(second.index).every((r) => r.length > 0)).toBe(true);
  });

  it('rebuilds when a new document is dropped into the knowledge folder, and finds it', () => {
    start();
    const question = 'sổ sách kế toán của hợp tác xã lưu giữ bao lâu';
    expect(start().index.searchLexical(question, 1)[0]?.passage.docId).not.toBe(DECREE);

    copyFileSync(DECREE_FILE, join(knowledgeDir, `${DECREE}.txt`));
    const build = vi.spyOn(KnowledgeIndex, 'build');
    const after = start();
    expect(build).toHaveBeenCalledTimes(1);
    expect(after.messages).toContain(CHANGED);
    expect(after.messages).toContain(BUILT);
    expect(after.index.metaById.has(DECREE)).toBe(true);
    expect(after.index.searchLexical(question, 1)[0]?.passage.docId).toBe(DECREE);

    // …and the rebuilt index is the one saved: the start after loads it.
    build.mockClear();
    const again = start();
    expect(build).not.toHaveBeenCalled();
    expect(again.index.searchLexical(question, 1)[0]?.passage.docId).toBe(DECREE);
  });

  it('rebuilds when a document is edited', () => {
    start();
    const file = join(knowledgeDir, `${PLAN}.txt`);
    const item = '- Mỗi HTX thành lập mới trên địa bàn tỉnh được hỗ trợ tư vấn, tập huấn và chi phí thành lập ban đầu.';
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(item);
    writeFileSync(file, text.replace(item, `${item}\n- Hợp tác xã vùng cao được hỗ trợ mua máy sấy cà phê.`));
    const after = start();
    expect(after.messages).toContain(CHANGED);
    expect(after.messages).toContain(BUILT);
    const hit = after.index.searchLexical('hỗ trợ mua máy sấy cà phê', 1)[0];
    expect(hit?.passage.docId).toBe(PLAN);
    expect(hit?.passage.text).toContain('máy sấy cà phê');
  });

  it('rebuilds when the lexicon changes', () => {
    start();
    appendFileSync(join(knowledgeDir, 'lexicon.yaml'), '\n# một dòng ghi chú mới\n');
    expect(start().messages).toContain(CHANGED);
  });

  it('rebuilds a corrupt snapshot, with a warning, and saves a good one', () => {
    const first = start();
    writeFileSync(snapshotFile(), '{"fingerprint": "abc", "passages": [');
    const build = vi.spyOn(KnowledgeIndex, 'build');
    const after = start();
    expect(build).toHaveBeenCalledTimes(1);
    expect(after.warnings).toContain('saved index is corrupt: rebuilding');
    expect(after.messages).toContain(BUILT);
    expect(resultsOf(after.index)).toEqual(resultsOf(first.index));
    expect(() => JSON.parse(readFileSync(snapshotFile(), 'utf8'))).not.toThrow();
    expect(start().warnings).toEqual([]);
  });

  it('saves one lexical term a line, and rebuilds a file cut short or with a damaged term, with a warning', () => {
    const first = start();
    const text = readFileSync(snapshotFile(), 'utf8');
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1_000);
    const damaged = [...lines];
    damaged[lines.length >> 1] = '["hợp", {"2": {';
    writeFileSync(snapshotFile(), damaged.join('\n'));
    const after = start();
    expect(after.warnings).toContain('saved index unreadable: rebuilding');
    expect(resultsOf(after.index)).toEqual(resultsOf(first.index));
    writeFileSync(snapshotFile(), text.slice(0, text.length >> 1));
    expect(start().warnings).toContain('saved index is corrupt: rebuilding');
    expect(start().warnings).toEqual([]);
  });

  it('rebuilds a snapshot of the right content whose index does not load, with a warning', () => {
    const first = start();
    const saved = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(snapshotFile(), JSON.stringify({ ...saved, lexical: 'not an index' }));
    const after = start();
    expect(after.warnings).toContain('saved index unreadable: rebuilding');
    expect(after.messages).toContain(BUILT);
    expect(resultsOf(after.index)).toEqual(resultsOf(first.index));
  });

  it('rebuilds a snapshot of another shape (an older version), with a log line', () => {
    start();
    writeFileSync(snapshotFile(), JSON.stringify({ version: 0, entries: [] }));
    const after = start();
    expect(after.messages).toContain(BUILT);
    expect(after.index.searchLexical('vốn điều lệ là gì', 1)).toHaveLength(1);
  });

  it('still works when the data folder cannot be written, with a warning', () => {
    // A file where the folder should be: no user, root included, can create a folder inside it.
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, '');
    copyFileSync(join(IMPORTED_DIR, `${CURRENT_LAW}.txt`), join(knowledgeDir, `${CURRENT_LAW}.txt`));
    const result = start(join(blocked, 'data'));
    expect(result.warnings).toContain('could not save the index: it will be rebuilt next start');
    expect(result.messages).toContain(BUILT);
    expect(result.index.searchLexical('Hợp tác xã cần ít nhất bao nhiêu thành viên?', 1)[0]?.passage.text).toContain('05 thành viên');
    // Nothing half-written is left behind, and the next start simply builds again.
    expect(start(join(blocked, 'data')).messages).toContain(BUILT);
  });
});

describe('indexingCode', () => {
  /** A compiled tree as `npm run build` lays it out: dist/src/retrieval and dist/src/knowledge/chunking. */
  function compiledTree() {
    const dist = join(root, 'dist', 'src');
    mkdirSync(join(dist, 'retrieval'), { recursive: true });
    mkdirSync(join(dist, 'knowledge', 'chunking'), { recursive: true });
    writeFileSync(join(dist, 'retrieval', 'index-store.js'), 'export {};');
    writeFileSync(join(dist, 'retrieval', 'text-analysis.js'), 'export const pairs = 2;');
    writeFileSync(join(dist, 'knowledge', 'chunking', 'legal-chunker.js'), 'export const article = /Điều/;');
    return join(dist, 'retrieval', 'index-store.js');
  }

  it('hashes the compiled JavaScript that runs, so a rebuilt chunker or analyser changes the fingerprint', () => {
    const self = compiledTree();
    const before = indexingCode(self);
    expect(before).toHaveLength(3);
    writeFileSync(join(root, 'dist', 'src', 'knowledge', 'chunking', 'legal-chunker.js'), 'export const article = /Điều \\d+/;');
    expect(indexingCode(self)).not.toEqual(before);
  });

  it('ignores what does not run beside it: sources, declarations, source maps', () => {
    const self = compiledTree();
    const before = indexingCode(self);
    writeFileSync(join(root, 'dist', 'src', 'retrieval', 'text-analysis.ts'), 'export const pairs = 3;');
    writeFileSync(join(root, 'dist', 'src', 'retrieval', 'text-analysis.d.js'), '');
    writeFileSync(join(root, 'dist', 'src', 'retrieval', 'text-analysis.js.map'), '{}');
    expect(indexingCode(self)).toEqual(before);
  });

  it('hashes the TypeScript sources when they are what runs (tsx, the tests)', () => {
    expect(indexingCode().length).toBeGreaterThan(10);
  });
});
