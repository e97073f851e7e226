import { FakeEmbeddings, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/retrieval/fusion.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { KNOWLEDGE_DIR, PLAN, fixtureDocuments } from '../fixtures/knowledge/documents.ts';

/** How deep each list goes before fusion (hybrid-retriever.ts). */
const FUSION_DEPTH = 20;

const index = KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));
const identity = { fingerprint: 'fixtures', model: 'synthetic-32' };

/** Embeddings that work while the index is built, then fail at question time (an endpoint gone down). */
class FailingAtQuestionTime extends SyntheticEmbeddings {
  down = false;
  override async embedQuery(text: string): Promise<number[]> {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), { name: 'FetchError' });
    return super.embedQuery(text);
  }
}

let synthetic: VectorIndex;
beforeAll(async () => {
  synthetic = await VectorIndex.build(index.passages, new SyntheticEmbeddings({ vectorSize: 32 }), identity);
});

const ids = (results: Array<{ passage: { id: string } }>) => results.map((r) => r.passage.id);

describe('HybridRetriever without a vector index', () => {
  it('returns the lexical results, k of them, best first', async () => {
    const { logger, lines } = captureLogger();
    const retriever = new HybridRetriever(index, undefined, logger);
    const question = 'hợp tác xã phải có ít nhất bao nhiêu thành viên';
    expect(ids((await retriever.retrieve(question, 3)).passages)).toEqual(ids(index.searchLexical(question, 3)));
    expect((await retriever.retrieve(question)).passages).toHaveLength(5);
    expect(lines).toEqual([]);
  });
});

describe('HybridRetriever with a vector index', () => {
  // Words of one plan item: lexical retrieval finds a few passages, the vector list has twenty.
  const question = 'trồng bơ';

  it('fuses the lexical and the vector lists by rank, with passages from both', async () => {
    const { logger, lines } = captureLogger();
    const retriever = new HybridRetriever(index, synthetic, logger);
    const k = 8;
    const lexical = ids(index.searchLexical(question, FUSION_DEPTH));
    const vector = (await synthetic.search(question, FUSION_DEPTH)).map((h) => h.passageId);
    expect(lexical.length).toBeGreaterThan(0);
    expect(lexical.length).toBeLessThan(k);
    expect(vector).toHaveLength(FUSION_DEPTH);

    const results = (await retriever.retrieve(question, k)).passages;
    const expected = reciprocalRankFusion([lexical.map((id) => ({ id })), vector.map((id) => ({ id }))]).slice(0, k);
    expect(ids(results)).toEqual(expected.map((e) => e.id));
    for (const [i, r] of results.entries()) expect(r.score).toBeCloseTo(expected[i]!.score, 12);

    const onlyLexical = ids(results).filter((id) => lexical.includes(id) && !vector.includes(id));
    const onlyVector = ids(results).filter((id) => vector.includes(id) && !lexical.includes(id));
    const fromLexical = ids(results).filter((id) => lexical.includes(id));
    expect(fromLexical.length).toBeGreaterThan(0);
    expect(onlyVector.length).toBeGreaterThan(0);
    expect(ids(results)).toContain(vector[0]);
    expect(ids(results)).toContain(lexical[0]);
    // The plan item the words name is found whatever the vectors say.
    expect(ids(results)).toContain(`${PLAN}#muc-III.3.1`);
    // Every lexical hit survives fusion here: there are fewer of them than k.
    expect(fromLexical.length).toBe(lexical.length);
    expect(onlyLexical.every((id) => lexical.includes(id))).toBe(true);

    // Best first, distinct, and every passage a real one.
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    expect(new Set(ids(results)).size).toBe(results.length);
    for (const r of results) expect(index.passageById.get(r.passage.id)).toBe(r.passage);
    expect(lines).toEqual([]);
  });

  it('ranks first a passage both lists put on top', async () => {
    // SyntheticEmbeddings reads letters only: the exact embedded text of a passage is its own nearest neighbour.
    const target = index.passageById.get(`${PLAN}#muc-III.2`)!;
    const exact = [...target.headingPath.filter((h) => !target.text.startsWith(h)), target.text].join('\n');
    const vector = (await synthetic.search(exact, FUSION_DEPTH)).map((h) => h.passageId);
    expect(vector[0]).toBe(target.id);
    const lexical = ids(index.searchLexical(exact, FUSION_DEPTH));
    expect(lexical[0]).toBe(target.id);
    const retriever = new HybridRetriever(index, synthetic, captureLogger().logger);
    expect(ids((await retriever.retrieve(exact, 3)).passages)[0]).toBe(target.id);
  });

  it('returns k results however many each list holds', async () => {
    const retriever = new HybridRetriever(index, synthetic, captureLogger().logger);
    for (const k of [1, 5, 12]) expect((await retriever.retrieve(question, k)).passages).toHaveLength(k);
  });

  it('works with embeddings that cannot tell passages apart (FakeEmbeddings)', async () => {
    const flat = await VectorIndex.build(index.passages, new FakeEmbeddings(), { ...identity, model: 'fake' });
    const retriever = new HybridRetriever(index, flat, captureLogger().logger);
    const results = (await retriever.retrieve(question, 5)).passages;
    expect(results).toHaveLength(5);
    expect(new Set(ids(results)).size).toBe(5);
    for (const r of results) expect(index.passageById.get(r.passage.id)).toBe(r.passage);
  });
});

describe('HybridRetriever when the embeddings endpoint fails', () => {
  it('answers with the lexical results and logs a warning', async () => {
    const embeddings = new FailingAtQuestionTime({ vectorSize: 32 });
    const failing = await VectorIndex.build(index.passages, embeddings, identity);
    embeddings.down = true;
    const { logger, entries } = captureLogger();
    const retriever = new HybridRetriever(index, failing, logger);
    const question = 'hợp tác xã phải có ít nhất bao nhiêu thành viên';

    const results = (await retriever.retrieve(question, 4)).passages;
    expect(ids(results)).toEqual(ids(index.searchLexical(question, 4)));
    const warnings = entries().filter((e) => e.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: 'embeddings endpoint failed for this question: lexical retrieval only', reason: 'FetchError' });
    // The error message (which may hold an address or a key) is not logged, only its kind.
    expect(JSON.stringify(entries())).not.toContain('ECONNREFUSED');

    // Each question tries again: the next one is served too, with its own warning.
    expect((await retriever.retrieve('vốn điều lệ là gì', 2)).passages).toHaveLength(2);
    expect(entries().filter((e) => e.level === 40)).toHaveLength(2);
  });

  it('falls back the same way when the vector index itself throws', async () => {
    const broken = { search: async () => Promise.reject(new TypeError('index closed')) } as unknown as VectorIndex;
    const { logger, entries } = captureLogger();
    const results = (await new HybridRetriever(index, broken, logger).retrieve('vốn điều lệ là gì', 3)).passages;
    expect(ids(results)).toEqual(ids(index.searchLexical('vốn điều lệ là gì', 3)));
    expect(entries().filter((e) => e.level === 40).map((e) => e.reason)).toEqual(['TypeError']);
  });
});
