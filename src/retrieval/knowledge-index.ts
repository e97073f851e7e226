import type { AsPlainObject } from 'minisearch';
import type { DocumentMeta, KnowledgeDocument, Passage } from '../knowledge/types.ts';
import { chunkLibrary } from '../knowledge/chunking/index.ts';
import { type DocumentHints, hintsOf } from './document-hints.ts';
import { LexicalIndex } from './lexical-index.ts';
import { TermNumbers } from './passage-terms.ts';
import { type Lexicon, matchesAt } from './lexicon.ts';
import { type BankEntry, type BankTarget, type ResolvedBankEntry, resolveQuestionBank } from '../knowledge/question-bank.ts';
import type { LegalRule } from '../knowledge/rule-book.ts';
import { readAppliedQuestion } from './applied-question.ts';
import { ORGANISATIONS, analyzeQuestion, coverage, mentionsDomain, namedDocumentNumbers } from './question-analysis.ts';
import { QuestionMatcher } from './question-matcher.ts';
import { scoreLines } from './scored-lines.ts';
import { rankingBoost } from './ranking-policy.ts';
import { RERANK, type RerankablePassage, countedNouns, definedSubject, passageTerms, prepareForRerank, rerankScore } from './reranker.ts';
import { TermStatistics } from './term-statistics.ts';
import { questionTokens } from './text-analysis.ts';
import type { AppliedRule, BankMatch, QuestionAnalysis, RetrievedPassage, WeightedConcept } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

/** How much the question bank counts: tuned on the bank itself (`npm run knowledge -- tune`). */
export const BANK: BankTuning & { matches: number } = {
  matches: 8,
  /** Below this similarity a bank question is not the same question. */
  minSimilarity: 0.75,
  /** Added to a passage's score at a perfect match (see bankBonus). */
  weight: 4,
  power: 1,
};

/** The document types a type word in a question names (folded). */
const TYPE_OF: Record<string, DocumentMeta['type'][]> = {
  'nghi dinh': ['nghi-dinh', 'van-ban-hop-nhat'],
  'thong tu': ['thong-tu'],
  'quyet dinh': ['quyet-dinh'],
  'nghi quyet': ['nghi-quyet'],
  luat: ['luat'],
  'cong van': ['cong-van'],
  'ke hoach': ['ke-hoach'],
};

/** An article headed by another co-op body than the one asked about. */
const RANKING_BODY = { otherBody: 0.7 } as const;

export type BankTuning = { minSimilarity: number; weight: number; power: number };

/**
 * What a matched bank question adds to its passage's score: nothing at the threshold, `weight` at a
 * perfect match, rising as a power of the similarity (close matches are the ones to trust).
 * Measured on the bank with each question held out (`npm run tune`), settings from weight 1 to 6
 * rank within about 2.5% of each other (near-identical questions of neighbouring khoản pull as hard
 * as the right one). Read on fresh questions, a close paraphrase must outweigh the reranker's
 * figure and count cues of a neighbouring article; this setting, 2% under the best held-out one, does.
 */
function bankBonus(similarity: number, tuning: BankTuning): number {
  const above = Math.max(0, similarity - tuning.minSimilarity) / (1 - tuning.minSimilarity);
  return tuning.weight * above ** tuning.power;
}

/** What is saved between runs: reused while the fingerprint of knowledge, lexicon and code matches. */
export interface KnowledgeIndexSnapshot {
  fingerprint: string;
  passages: Passage[];
  stats: ReturnType<TermStatistics['toJSON']>;
  lexical: AsPlainObject;
  /** The lines' cues (KnowledgeIndex `definitions`, `counts`): reading them again folds every line of the library. */
  cues: { definitions: Array<[string, string[]]>; counts: Array<[string, string[]]> };
}

/**
 * What the passages' lines say they answer: the subjects they define ("7. Hợp tác xã là …") and the
 * nouns they give a number of ("ít nhất 05 thành viên"), folded, each with its passages in order.
 */
function lineCues(passages: Passage[]): { definitions: Map<string, string[]>; counts: Map<string, string[]> } {
  const definitions = new Map<string, string[]>();
  const counts = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, id: string) => {
    const ids = map.get(key);
    if (!ids) map.set(key, [id]);
    else if (ids.at(-1) !== id) ids.push(id);
  };
  for (const p of passages) {
    for (const line of p.text.split('\n')) {
      const folded = foldDiacritics(line);
      const subject = definedSubject(folded);
      if (subject) note(definitions, subject, p.id);
      for (const noun of countedNouns(folded)) note(counts, noun, p.id);
    }
  }
  return { definitions, counts };
}

/** Everything retrieval needs in memory: passages, document metadata, the lexical index and its statistics. */
export class KnowledgeIndex {
  readonly passageById: Map<string, Passage>;
  readonly metaById: Map<string, DocumentMeta>;
  readonly stats: TermStatistics;
  private readonly hints: DocumentHints[];
  /** Each held document's number, year and type, as questions name documents (see unheldDocuments). */
  private readonly held: Array<{ number?: string; year?: string; type: DocumentMeta['type'] }>;
  /** Folded defined subject → passages defining it ("thành viên liên kết góp vốn" → Điều 4). */
  private readonly definitions: Map<string, string[]>;
  /** Folded counted noun → passages stating a number of it ("05 thành viên" → "thanh vien"). */
  private readonly counts: Map<string, string[]>;
  private readonly rerankable = new Map<string, RerankablePassage>();
  private readonly termNumbers = new TermNumbers();
  private readonly lexical: LexicalIndex;
  private matcher?: QuestionMatcher;
  private bank: ResolvedBankEntry[] = [];
  private rules: Array<{ rule: LegalRule; target: BankTarget }> = [];

  private constructor(
    readonly passages: Passage[],
    documents: KnowledgeDocument[],
    readonly lexicon: Lexicon,
    saved?: { stats: TermStatistics; lexical: LexicalIndex; cues: KnowledgeIndexSnapshot['cues'] },
    onProgress?: (done: number, total: number) => void,
  ) {
    this.passageById = new Map(passages.map((p) => [p.id, p]));
    this.metaById = new Map(documents.map((d) => [d.meta.id, d.meta]));
    this.hints = documents.map((d) => hintsOf(d.meta));
    this.held = [...this.metaById.values()].map((m) => ({
      number: /(\d+)/.exec(m.number ?? '')?.[1]?.replace(/^0+/, ''),
      year: /\d+\/(\d{4})/.exec(m.number ?? '')?.[1] ?? m.issued?.slice(0, 4),
      type: m.type,
    }));
    if (saved) {
      this.stats = saved.stats;
      this.lexical = saved.lexical;
      this.definitions = new Map(saved.cues.definitions);
      this.counts = new Map(saved.cues.counts);
    } else {
      // The statistics count what the index holds: each text is tokenized once, for both.
      this.lexical = LexicalIndex.build(passages, this.metaById, lexicon, onProgress);
      this.stats = TermStatistics.fromDocumentFrequencies(this.lexical.textDocumentFrequencies(), passages.length);
      ({ definitions: this.definitions, counts: this.counts } = lineCues(passages));
    }
  }

  static build(documents: KnowledgeDocument[], lexicon: Lexicon, onProgress?: (done: number, total: number) => void): KnowledgeIndex {
    return new KnowledgeIndex(chunkLibrary(documents), documents, lexicon, undefined, onProgress);
  }

  static fromSnapshot(snapshot: KnowledgeIndexSnapshot, documents: KnowledgeDocument[], lexicon: Lexicon): KnowledgeIndex {
    return new KnowledgeIndex(snapshot.passages, documents, lexicon, {
      stats: TermStatistics.fromJSON(snapshot.stats),
      lexical: LexicalIndex.fromSaved(snapshot.lexical, lexicon),
      cues: snapshot.cues,
    });
  }

  toSnapshot(fingerprint: string): KnowledgeIndexSnapshot {
    const cues = { definitions: [...this.definitions], counts: [...this.counts] };
    return { fingerprint, passages: this.passages, stats: this.stats.toJSON(), lexical: this.lexical.toSaved(), cues };
  }

  /**
   * Matches questions against the bank from now on. Entries whose target is not in the library
   * (a text not imported, a ref that does not exist) are returned, not used.
   */
  useQuestionBank(entries: BankEntry[]): { resolved: ResolvedBankEntry[]; unresolved: Array<{ entry: BankEntry; error: string }> } {
    const result = resolveQuestionBank(entries, this.passages);
    this.useMatcher(QuestionMatcher.build(result.resolved, this.lexicon, this.stats));
    return result;
  }

  /** A matcher built before (and saved): the bank as it was resolved then. */
  useMatcher(matcher: QuestionMatcher): void {
    this.matcher = matcher;
    this.bank = matcher.entries();
  }

  /** The matcher in use, for saving. */
  questionMatcher(): QuestionMatcher | undefined {
    return this.matcher;
  }

  bankEntries(): readonly ResolvedBankEntry[] {
    return this.bank;
  }

  /**
   * Decides applied questions by these rules from now on. A rule whose khoản is not in the library
   * (a text not imported) is returned and not used.
   */
  useRules(rules: LegalRule[]): { unresolved: Array<{ rule: LegalRule; error: string }> } {
    const unresolved: Array<{ rule: LegalRule; error: string }> = [];
    this.rules = [];
    for (const rule of rules) {
      const asEntry = { doc: rule.doc, ref: rule.ref, basis: rule.basis, questions: [rule.id], id: `rule:${rule.id}` };
      const resolved = resolveQuestionBank([asEntry], this.passages.filter((p) => p.docId === rule.doc));
      const target = resolved.resolved[0]?.target;
      if (target) this.rules.push({ rule, target });
      else unresolved.push({ rule, error: resolved.unresolved[0]?.error ?? 'not found' });
    }
    return { unresolved };
  }

  /** The rule a question applies to its own number, with where the law says it. */
  appliedRule(question: string): AppliedRule | undefined {
    const applied = readAppliedQuestion(question, this.rules.map((r) => r.rule));
    const target = applied && this.rules.find((r) => r.rule === applied.rule)?.target;
    if (!applied || !target) return undefined;
    return { question: applied, passageId: target.passageId, lineIndex: target.lineIndex, ...(target.unit ? { unit: target.unit } : {}) };
  }

  analyze(question: string): QuestionAnalysis {
    const read = analyzeQuestion(question, this.lexicon, this.stats);
    // A trade no text mentions ("trồng rau") is left out of what the question asks: nothing could
    // cover it, and the rest of the question is what the law answers.
    const trade = tradeWords(question, this.lexicon);
    const unheld = read.concepts.some((c) => !this.stats.has(c.term) && namesTrade(c.term, trade.products));
    const leftOut = (c: WeightedConcept) =>
      trade.sure ? namesTrade(c.term, trade.products) || namesTrade(c.term, trade.verbs) : (namesTrade(c.term, trade.products) && !this.stats.has(c.term)) || (unheld && namesTrade(c.term, trade.verbs));
    const concepts = read.concepts.filter((c) => !leftOut(c));
    const textual = { ...read, concepts, totalWeight: concepts.reduce((n, c) => n + c.idf, 0) };
    // A word typed with accents that the texts write only as another word ("cổ phiếu": the texts
    // have "có phiếu", never "cổ phiếu"): its syllables, known from other words, are unknown here.
    const homographs = new Set(concepts.filter((c) => c.idf >= HOMOGRAPH_MIN_WEIGHT && this.writtenOnlyAsAnotherWord(c.term)).flatMap((c) => c.term.slice(1).split('_').map((s) => `~${s}`)));
    const unknown = concepts.filter((c) => !this.stats.has(c.term) || homographs.has(c.term)).reduce((n, c) => n + c.idf, 0);
    return {
      ...textual,
      unheldDocuments: this.unheldDocuments(question),
      unknownShare: textual.totalWeight === 0 ? 1 : unknown / textual.totalWeight,
      inDomain: mentionsDomain(question, this.lexicon),
    };
  }

  /**
   * An accented pair the texts never contain though they contain its unaccented letters, as a
   * compound. (`HOMOGRAPH_MIN_WEIGHT` keeps free phrases out: "đúng luật" beside "sử dụng luật".)
   */
  private writtenOnlyAsAnotherWord(term: string): boolean {
    return term.startsWith('~') && term.includes('_') && !this.stats.has(term) && this.stats.has(foldDiacritics(term.slice(1)));
  }

  /** Numbers of documents the question names that are not in the library ("Nghị định 113/2024"). */
  private unheldDocuments(question: string): string[] {
    const sameType = (named: string | undefined, type: DocumentMeta['type']) => !named || !TYPE_OF[named] || TYPE_OF[named]!.includes(type);
    return namedDocumentNumbers(question)
      .filter((named) => !this.held.some((h) => h.number === named.number && (!named.year || h.year === named.year) && sameType(named.type, h.type)))
      .map((named) => [named.type, named.year ? `${named.number}/${named.year}` : named.number].filter(Boolean).join(' '));
  }

  /**
   * "Đại hội thành viên có những quyền gì": an article headed by another body's powers ("Nhiệm vụ,
   * quyền hạn của Hội đồng quản trị") speaks of the asked body only in passing, and sinks. So does
   * one headed by another organisation than the one asked about: "Điều kiện trở thành thành viên
   * liên hiệp hợp tác xã" for a question about a hợp tác xã, a tổ hợp tác's registration for a
   * hợp tác xã's.
   */
  private bodyAgreement(passage: Passage, analysis: QuestionAnalysis): number {
    if (passage.article === undefined) return 1;
    const { headingBodies, headingOrganisations } = this.rerankableOf(passage);
    const other = (asked: string[], heading: string[]) => asked.length > 0 && heading.length > 0 && !heading.some((s) => asked.includes(s));
    const askedBodies = analysis.subjects.filter((s) => !(ORGANISATIONS as readonly string[]).includes(s));
    return other(askedBodies, headingBodies) || other(analysis.organisations, headingOrganisations) ? RANKING_BODY.otherBody : 1;
  }

  /** The bank questions a question matches, best first; none before a bank is in use. */
  matchBank(question: string, tuning: BankTuning = BANK, leaveOut?: (bankQuestion: string) => boolean): BankMatch[] {
    return this.matcher?.match(question, BANK.matches, tuning.minSimilarity, leaveOut) ?? [];
  }

  /** A passage as answering receives it: its document, its lines scored, the line the bank points to. */
  describe(passage: Passage, score: number, analysis: QuestionAnalysis, pointed?: RetrievedPassage['pointed']): RetrievedPassage {
    const prepared = this.rerankableOf(passage);
    return {
      passage,
      document: this.metaById.get(passage.docId),
      score,
      coverage: coverage(analysis, passageTerms(prepared)),
      lines: scoreLines(prepared, analysis, this.lexicon),
      ...(pointed ? { pointed } : {}),
    };
  }

  /** Lines are read in context: the document's name and locality, the chapter and article headings. */
  rerankableOf(passage: Passage): RerankablePassage {
    let prepared = this.rerankable.get(passage.id);
    if (!prepared) {
      const meta = this.metaById.get(passage.docId);
      const context = [meta?.title, meta?.citeAs, meta?.scope === 'national' ? '' : meta?.scope, ...passage.headingPath].join('\n');
      prepared = prepareForRerank(passage.text, context, this.lexicon, this.termNumbers, passage.article !== undefined ? (passage.headingPath.at(-1) ?? '') : '');
      this.rerankable.set(passage.id, prepared);
    }
    return prepared;
  }

  /**
   * BM25 candidates (plus the passages defining what a "X là gì" asks about, and those the bank's
   * matching questions point to), reranked; best first.
   */
  searchLexical(
    question: string,
    limit: number,
    analysis = this.analyze(question),
    bank: BankMatch[] = this.matchBank(question),
    tuning: BankTuning = BANK,
  ): Array<{ passage: Passage; score: number; pointed?: RetrievedPassage['pointed'] }> {
    const boost = rankingBoost(question, this.passageById, this.metaById, this.hints);
    const hits = this.lexical
      .query(question, RERANK.candidates * 2, this.stats.pairWeight, this.stats.isCommon)
      .map((h) => ({ id: h.id, score: h.score * boost(h.id) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(limit, RERANK.candidates));
    const top = hits[0]?.score ?? 0;
    if (top === 0 && bank.length === 0) return [];
    const scores = new Map(hits.map((h) => [h.id, top === 0 ? 0 : h.score / top]));
    // "X là gì" and "bao nhiêu X" name what the answer line looks like: such lines join the
    // candidates even when BM25 missed them, and the reranker judges them like the rest.
    const cued = [
      ...(analysis.definitionOf ? this.definitions.get(analysis.definitionOf) ?? [] : []),
      ...(analysis.quantityOf ? this.counts.get(analysis.quantityOf) ?? [] : []),
    ];
    for (const id of cued) if (!scores.has(id)) scores.set(id, 0);
    // A bank question that matches says which passage (and which line of it) answers: the best
    // match per passage adds to its score in proportion to the similarity.
    const pointed = new Map<string, { lineIndex: number; match: BankMatch }>();
    for (const match of bank) {
      const id = match.entry.target.passageId;
      if (pointed.has(id)) continue;
      pointed.set(id, { lineIndex: match.entry.target.lineIndex, match });
      if (!scores.has(id)) scores.set(id, 0);
    }
    return [...scores]
      .map(([id, bm25]) => {
        const passage = this.passageById.get(id)!;
        const bankHit = pointed.get(id);
        const bonus = bankHit ? bankBonus(bankHit.match.similarity, tuning) : 0;
        // The document boost applies to the whole score, not only to BM25's part of it.
        return {
          passage,
          score: (rerankScore(bm25, this.rerankableOf(passage), analysis) + bonus) * boost(id) * this.bodyAgreement(passage, analysis),
          ...(bankHit ? { pointed: bankHit } : {}),
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

/** How strongly a pair's unaccented letters must stand together in the texts to be another word. */
const HOMOGRAPH_MIN_WEIGHT = 0.5;

/**
 * The words naming what a co-op makes ("trồng rau", "nuoi ca tra"): the law is the same for every
 * trade. `sure` unless the only verb is one that, typed without accents, is also a common word
 * ("trong" is "trồng" or "trong"): then only a product the texts never mention is taken as one.
 */
function tradeWords(question: string, lexicon: Lexicon): { verbs: Set<string>; products: Set<string>; sure: boolean } {
  // The reading the analysis and BM25 already made of this question, not a new one.
  const tokens = questionTokens(question, lexicon);
  const folded = tokens.map((t) => t.folded);
  const accented = tokens.map((t) => t.accented);
  const trade = { verbs: new Set<string>(), products: new Set<string>(), sure: false };
  folded.forEach((_, i) => {
    const verb = lexicon.tradeVerbs.find((v) => matchesAt(folded, v.folded, i));
    if (!verb) return;
    const typed = matchesAt(accented, verb.accented, i);
    if (typed || !verb.folded.every((w) => lexicon.stopWords.folded.has(w))) trade.sure = true;
    verb.folded.forEach((w) => trade.verbs.add(w));
    // The product: up to two words, up to a filler word ("trồng rau thì …", "nuôi cá tra cần …").
    for (const t of tokens.slice(i + verb.folded.length, i + verb.folded.length + 2)) {
      if (lexicon.stopWords.folded.has(t.folded)) break;
      trade.products.add(t.folded);
    }
  });
  return trade;
}

/** Whether a concept (a syllable or pair, folded or as typed) is made of trade words. */
function namesTrade(term: string, trade: Set<string>): boolean {
  return trade.size > 0 && foldDiacritics(term.replace(/^~/, '')).split('_').some((s) => trade.has(s));
}
