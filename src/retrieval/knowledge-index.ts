import type { DocumentMeta, KnowledgeDocument, Passage } from '../knowledge/types.ts';
import { chunkLibrary } from '../knowledge/chunking/index.ts';
import { type DocumentHints, hintsOf } from './document-hints.ts';
import { LexicalIndex } from './lexical-index.ts';
import type { Lexicon } from './lexicon.ts';
import { type QuestionAnalysis, analyzeQuestion } from './question-analysis.ts';
import { rankingBoost } from './ranking-policy.ts';
import { RERANK, type RerankablePassage, definedSubject, prepareForRerank, rerankScore } from './reranker.ts';
import { TermStatistics } from './term-statistics.ts';
import type { RetrievedPassage } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

/** Everything retrieval needs in memory: passages, document metadata, the lexical index and its statistics. */
export class KnowledgeIndex {
  readonly passageById: Map<string, Passage>;
  readonly metaById: Map<string, DocumentMeta>;
  readonly stats: TermStatistics;
  private readonly hints: DocumentHints[];
  /** Folded defined subject → passages defining it ("thành viên liên kết góp vốn" → Điều 4). */
  private readonly definitions = new Map<string, string[]>();
  private readonly rerankable = new Map<string, RerankablePassage>();

  private constructor(
    readonly passages: Passage[],
    documents: KnowledgeDocument[],
    readonly lexicon: Lexicon,
    private readonly lexical: LexicalIndex,
  ) {
    this.passageById = new Map(passages.map((p) => [p.id, p]));
    this.metaById = new Map(documents.map((d) => [d.meta.id, d.meta]));
    this.hints = documents.map((d) => hintsOf(d.meta));
    this.stats = new TermStatistics(passages, lexicon);
    for (const p of passages) {
      for (const line of p.text.split('\n')) {
        const subject = definedSubject(foldDiacritics(line));
        if (subject) this.definitions.set(subject, [...(this.definitions.get(subject) ?? []), p.id]);
      }
    }
  }

  static build(documents: KnowledgeDocument[], lexicon: Lexicon): KnowledgeIndex {
    const passages = chunkLibrary(documents);
    const metaById = new Map(documents.map((d) => [d.meta.id, d.meta]));
    return new KnowledgeIndex(passages, documents, lexicon, LexicalIndex.build(passages, metaById, lexicon));
  }

  analyze(question: string): QuestionAnalysis {
    return analyzeQuestion(question, this.lexicon, this.stats);
  }

  /** Lines are read in context: the document's name and locality, the chapter and article headings. */
  rerankableOf(passage: Passage): RerankablePassage {
    let prepared = this.rerankable.get(passage.id);
    if (!prepared) {
      const meta = this.metaById.get(passage.docId);
      const context = [meta?.title, meta?.citeAs, meta?.scope === 'national' ? '' : meta?.scope, ...passage.headingPath].join('\n');
      prepared = prepareForRerank(passage.text, context, this.lexicon);
      this.rerankable.set(passage.id, prepared);
    }
    return prepared;
  }

  /** BM25 candidates (plus the passages defining what a "X là gì" asks about), reranked; best first. */
  searchLexical(question: string, limit: number): RetrievedPassage[] {
    const boost = rankingBoost(question, this.passageById, this.metaById, this.hints);
    const hits = this.lexical
      .query(question, RERANK.candidates * 2, this.stats.pairWeight, this.stats.isCommon)
      .map((h) => ({ id: h.id, score: h.score * boost(h.id) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(limit, RERANK.candidates));
    const top = hits[0]?.score ?? 0;
    if (top === 0) return [];
    const analysis = this.analyze(question);
    const scores = new Map(hits.map((h) => [h.id, h.score / top]));
    for (const id of analysis.definitionOf ? this.definitions.get(analysis.definitionOf) ?? [] : []) {
      if (!scores.has(id)) scores.set(id, 0);
    }
    return [...scores]
      .map(([id, bm25]) => {
        const passage = this.passageById.get(id)!;
        // The document boost applies to the whole score, not only to BM25's part of it.
        return { passage, score: rerankScore(bm25, this.rerankableOf(passage), analysis) * boost(id) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
