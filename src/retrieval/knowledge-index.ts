import type { AsPlainObject } from 'minisearch';
import type { DocumentMeta, KnowledgeDocument, Passage } from '../knowledge/types.ts';
import { chunkLibrary } from '../knowledge/chunking/index.ts';
import { type DocumentHints, hintsOf } from './document-hints.ts';
import { LexicalIndex } from './lexical-index.ts';
import type { Lexicon } from './lexicon.ts';
import { type QuestionAnalysis, analyzeQuestion } from './question-analysis.ts';
import { rankingBoost } from './ranking-policy.ts';
import { RERANK, type RerankablePassage, countedNouns, definedSubject, prepareForRerank, rerankScore } from './reranker.ts';
import { TermStatistics } from './term-statistics.ts';
import { indexTerms } from './text-analysis.ts';
import type { RetrievedPassage } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

/** What is saved between runs: reused while the fingerprint of knowledge, lexicon and code matches. */
export interface KnowledgeIndexSnapshot {
  fingerprint: string;
  passages: Passage[];
  stats: ReturnType<TermStatistics['toJSON']>;
  lexical: AsPlainObject;
}

/** Everything retrieval needs in memory: passages, document metadata, the lexical index and its statistics. */
export class KnowledgeIndex {
  readonly passageById: Map<string, Passage>;
  readonly metaById: Map<string, DocumentMeta>;
  readonly stats: TermStatistics;
  private readonly hints: DocumentHints[];
  /** Folded defined subject → passages defining it ("thành viên liên kết góp vốn" → Điều 4). */
  private readonly definitions = new Map<string, string[]>();
  /** Folded counted noun → passages stating a number of it ("05 thành viên" → "thanh vien"). */
  private readonly counts = new Map<string, string[]>();
  private readonly rerankable = new Map<string, RerankablePassage>();
  private readonly lexical: LexicalIndex;

  private constructor(
    readonly passages: Passage[],
    documents: KnowledgeDocument[],
    readonly lexicon: Lexicon,
    saved?: { stats: TermStatistics; lexical: LexicalIndex },
    onProgress?: (done: number, total: number) => void,
  ) {
    this.passageById = new Map(passages.map((p) => [p.id, p]));
    this.metaById = new Map(documents.map((d) => [d.meta.id, d.meta]));
    this.hints = documents.map((d) => hintsOf(d.meta));
    if (saved) {
      this.stats = saved.stats;
      this.lexical = saved.lexical;
    } else {
      // Each text is tokenized once, for both the statistics and the index.
      const cache = new Map<string, string[]>();
      const termsOf = (text: string) => {
        let terms = cache.get(text);
        if (!terms) cache.set(text, (terms = indexTerms(text, lexicon)));
        return terms;
      };
      this.stats = TermStatistics.count(passages, termsOf, onProgress);
      this.lexical = LexicalIndex.build(passages, this.metaById, lexicon, termsOf);
    }
    const note = (map: Map<string, string[]>, key: string, id: string) => {
      const ids = map.get(key) ?? [];
      if (ids.at(-1) !== id) map.set(key, [...ids, id]);
    };
    for (const p of passages) {
      for (const line of p.text.split('\n')) {
        const folded = foldDiacritics(line);
        const subject = definedSubject(folded);
        if (subject) note(this.definitions, subject, p.id);
        for (const noun of countedNouns(folded)) note(this.counts, noun, p.id);
      }
    }
  }

  static build(documents: KnowledgeDocument[], lexicon: Lexicon, onProgress?: (done: number, total: number) => void): KnowledgeIndex {
    return new KnowledgeIndex(chunkLibrary(documents), documents, lexicon, undefined, onProgress);
  }

  static fromSnapshot(snapshot: KnowledgeIndexSnapshot, documents: KnowledgeDocument[], lexicon: Lexicon): KnowledgeIndex {
    return new KnowledgeIndex(snapshot.passages, documents, lexicon, {
      stats: TermStatistics.fromJSON(snapshot.stats),
      lexical: LexicalIndex.fromSaved(snapshot.lexical, lexicon),
    });
  }

  toSnapshot(fingerprint: string): KnowledgeIndexSnapshot {
    return { fingerprint, passages: this.passages, stats: this.stats.toJSON(), lexical: this.lexical.toSaved() };
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
    // "X là gì" and "bao nhiêu X" name what the answer line looks like: such lines join the
    // candidates even when BM25 missed them, and the reranker judges them like the rest.
    const cued = [
      ...(analysis.definitionOf ? this.definitions.get(analysis.definitionOf) ?? [] : []),
      ...(analysis.quantityOf ? this.counts.get(analysis.quantityOf) ?? [] : []),
    ];
    for (const id of cued) if (!scores.has(id)) scores.set(id, 0);
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
