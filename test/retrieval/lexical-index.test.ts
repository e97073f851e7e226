import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { chunkLibrary } from '../../src/knowledge/chunking/index.ts';
import { importFromPaths } from '../../src/knowledge/import-service.ts';
import { loadLibrary } from '../../src/knowledge/library.ts';
import type { DocumentMeta, KnowledgeDocument, Passage } from '../../src/knowledge/types.ts';
import { LexicalIndex, SAVED_TERMS, SAVED_TERM_LINES } from '../../src/retrieval/lexical-index.ts';
import { type Lexicon, loadLexicon } from '../../src/retrieval/lexicon.ts';
import { TermStatistics } from '../../src/retrieval/term-statistics.ts';
import { indexTerms, queryTerms } from '../../src/retrieval/text-analysis.ts';
import { KNOWLEDGE_DIR, fixtureDocuments } from '../fixtures/knowledge/documents.ts';

/**
 * The flat-array scorer against the one it replaced: MiniSearch 7 over the same fields and terms,
 * queried as lexical-index.ts queried it until then (written out below). Same passages, same
 * scores, same order — ties included — for every question of a fixed set.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const configured = process.env.KNOWLEDGE_SOURCES;
const SOURCES = configured ? (isAbsolute(configured) ? configured : resolve(REPO, configured)) : resolve(REPO, '../shared/knowledge-sources');
const EVAL_DIR = resolve(REPO, '../shared/eval');

const QUESTIONS = [
  'thanh lap htx can may nguoi',
  'Hợp tác xã là gì?',
  'Vốn góp tối đa của một thành viên là bao nhiêu?',
  'Hồ sơ đăng ký hợp tác xã gồm những gì?',
  'Điều kiện trở thành thành viên hợp tác xã',
  'dai hoi thanh vien hop khi nao',
  'Ban kiểm soát có nhiệm vụ gì?',
  'HTX được hỗ trợ đào tạo không?',
  'Tổ hợp tác chuyển thành hợp tác xã thế nào?',
  'chinh sach dat dai cho htx',
  'tổ hợp tác trồng bơ được hỗ trợ gì',
  'ho tro thanh lap htx o ngoc son',
  'theo luật cũ hợp tác xã cần ít nhất mấy thành viên',
  'hợp tác xã',
  'Giá lúa hôm nay bao nhiêu?',
  '',
];

/** lexical-index.ts before the flat arrays, verbatim in what it computed. */
function miniSearchReference(passages: Passage[], metaById: Map<string, DocumentMeta>, lexicon: Lexicon) {
  const termsOf = (text: string) => indexTerms(text, lexicon);
  const search = new MiniSearch<{ id: string; title: string; context: string; text: string }>({
    fields: ['title', 'context', 'text'],
    tokenize: termsOf,
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (q: string) => q.split(' '), processTerm: (t: string) => t, boost: { title: 1, context: 1, text: 1 } },
  });
  search.addAll(
    passages.map((p) => {
      const meta = metaById.get(p.docId);
      const scope = meta && meta.scope !== 'national' ? meta.scope : '';
      return { id: p.id, title: p.headingPath.at(-1) ?? '', context: [meta?.citeAs ?? '', scope, ...p.headingPath.slice(0, -1)].join('\n'), text: p.text };
    }),
  );
  return { search, query: (question: string, limit: number, stats: TermStatistics) => queryWith(search, lexicon, question, limit, stats) };
}

function queryWith(search: MiniSearch, lexicon: Lexicon, question: string, limit: number, stats: TermStatistics) {
  const all = queryTerms(question, lexicon, stats.pairWeight);
  const distinctive = all.filter((t) => !stats.isCommon(t.term));
  const terms = distinctive.length > 0 ? distinctive : all;
  if (terms.length === 0) return [];
  const weights = new Map(terms.map((t) => [t.term, t.weight]));
  return search
    .search(terms.map((t) => t.term).join(' '), { boostTerm: (term) => weights.get(term) ?? 1 })
    .map((r) => ({ id: r.id as string, score: r.score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

function compareOn(documents: KnowledgeDocument[], questions: string[]) {
  const lexicon = loadLexicon(KNOWLEDGE_DIR);
  const passages = chunkLibrary(documents);
  const metaById = new Map(documents.map((d) => [d.meta.id, d.meta]));
  // Document frequencies counted over the passages' texts, as the statistics define them.
  const df = new Map<string, number>();
  for (const p of passages) for (const term of new Set(indexTerms(p.text, lexicon))) df.set(term, (df.get(term) ?? 0) + 1);
  const stats = TermStatistics.fromDocumentFrequencies(df, passages.length);
  const reference = miniSearchReference(passages, metaById, lexicon);
  const built = LexicalIndex.build(passages, metaById, lexicon);
  const sortedEntries = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  expect(sortedEntries(built.textDocumentFrequencies())).toEqual(sortedEntries(df));
  const reloaded = LexicalIndex.fromSaved(JSON.parse(JSON.stringify(built.toSaved())), lexicon);
  const ours = (index: LexicalIndex, q: string) => index.query(q, 80, stats.pairWeight, stats.isCommon);
  for (const q of questions) {
    const expected = reference.query(q, 80, stats);
    expect(ours(built, q), q).toEqual(expected);
    expect(ours(reloaded, q), q).toEqual(expected);
  }
  return { reference, built, lexicon, stats };
}

describe('LexicalIndex against MiniSearch, the scorer it replaced', () => {
  it('ranks the fixture passages identically: ids, scores and ties', () => {
    compareOn(fixtureDocuments(), QUESTIONS);
  });

  it("saves MiniSearch's own serialisation: MiniSearch loads it and ranks the same", () => {
    const { reference, built, lexicon, stats } = compareOn(fixtureDocuments(), QUESTIONS.slice(0, 3));
    const saved = built.toSaved();
    // The same entries; MiniSearch lists its terms in its radix tree's order, this index in first-seen order.
    const byTerm = (entries: typeof saved.index) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(byTerm(saved.index)).toEqual(byTerm(reference.search.toJSON().index));
    expect([...saved[SAVED_TERMS]!()]).toEqual(saved.index);
    expect([...saved[SAVED_TERM_LINES]!()]).toEqual(saved.index.map((term) => JSON.stringify(term)));
    const { index: _ourIndex, ...ourRest } = saved;
    const { index: _theirIndex, ...theirRest } = reference.search.toJSON();
    expect(JSON.parse(JSON.stringify(ourRest))).toEqual(JSON.parse(JSON.stringify(theirRest)));
    const loaded = MiniSearch.loadJS(JSON.parse(JSON.stringify(saved)), {
      fields: ['title', 'context', 'text'],
      tokenize: (text: string) => indexTerms(text, lexicon),
      processTerm: (term: string) => term,
      searchOptions: { tokenize: (q: string) => q.split(' '), processTerm: (t: string) => t },
    });
    for (const q of QUESTIONS) expect(queryWith(loaded, lexicon, q, 80, stats), q).toEqual(reference.query(q, 80, stats));
  });

  it('refuses what is not a saved index', () => {
    const lexicon = loadLexicon(KNOWLEDGE_DIR);
    expect(() => LexicalIndex.fromSaved('nope' as never, lexicon)).toThrow(/not a saved lexical index/);
  });
});

describe.skipIf(!existsSync(SOURCES))(`LexicalIndex against MiniSearch on the national texts (${SOURCES})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'htx-lexical-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ranks every development question and the fixed set identically', () => {
    const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: join(REPO, 'knowledge') });
    importFromPaths(config, [SOURCES]);
    const evalQuestions = existsSync(EVAL_DIR)
      ? readdirSync(EVAL_DIR)
          .filter((f) => f.endsWith('.jsonl'))
          .flatMap((f) => readFileSync(join(EVAL_DIR, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q))
      : [];
    compareOn(loadLibrary(config).documents, [...QUESTIONS, ...evalQuestions]);
  });
});
