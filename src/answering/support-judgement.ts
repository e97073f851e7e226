import type { KnowledgeIndex } from '../retrieval/knowledge-index.ts';
import { matchesAt } from '../retrieval/lexicon.ts';
import { analyzeText } from '../retrieval/text-analysis.ts';
import { type QuestionAnalysis, coverage } from '../retrieval/question-analysis.ts';
import type { RetrievedPassage } from '../retrieval/types.ts';

/**
 * Whether the passages found actually answer the question, or are merely the least bad matches
 * for a question the texts do not cover ("giá lúa hôm nay", "đăng ký kết hôn"). Measured in IDF
 * weight, so what decides is whether the question's distinctive words are there, not "hợp tác xã".
 */
export const SUPPORT = {
  /** Share of the question's weight the best passage (read in its context) must cover. */
  minPassageCoverage: 0.5,
  /** The same for a question that names nothing of the domain ("lương tối thiểu vùng"). */
  minCoverageOffDomain: 0.95,
  /** Share of the question's weight allowed to be words no text contains at all. */
  maxUnknownShare: 0.35,
  /** How many of the top passages may supply the best coverage. */
  consider: 3,
} as const;

export interface SupportJudgement {
  answerable: boolean;
  passageCoverage: number;
  unknownShare: number;
  inDomain: boolean;
}

/**
 * Whether the question names anything of the domain: co-ops, members, capital, governance… One
 * word may stand inside a term, as people say it: "góp đủ vốn" names "góp vốn".
 */
export function mentionsDomain(question: string, index: KnowledgeIndex): boolean {
  const words = analyzeText(question, index.lexicon).map((t) => t.folded);
  return index.lexicon.domainTerms.some((term) => words.some((_, i) => matchesAt(words, term, i) || matchesWithOneInserted(words, term, i)));
}

function matchesWithOneInserted(words: string[], term: string[], at: number): boolean {
  for (let gap = 1; gap < term.length; gap++) {
    const spread = [...term.slice(0, gap), words[at + gap]!, ...term.slice(gap)];
    if (words[at + gap] !== undefined && matchesAt(words, spread, at)) return true;
  }
  return false;
}

export function judgeSupport(
  question: string,
  analysis: QuestionAnalysis,
  retrieved: RetrievedPassage[],
  index: KnowledgeIndex,
): SupportJudgement {
  const inDomain = mentionsDomain(question, index);
  if (analysis.totalWeight === 0 || retrieved.length === 0) return { answerable: false, passageCoverage: 0, unknownShare: 1, inDomain };
  const unknown = analysis.concepts.filter((c) => !index.stats.has(c.term)).reduce((n, c) => n + c.idf, 0);
  const unknownShare = unknown / analysis.totalWeight;
  const passageCoverage = Math.max(
    ...retrieved.slice(0, SUPPORT.consider).map((r) => {
      const terms = new Set(index.rerankableOf(r.passage).lines.flatMap((l) => [...l.terms]));
      return coverage(analysis, terms);
    }),
  );
  const needed = inDomain ? SUPPORT.minPassageCoverage : SUPPORT.minCoverageOffDomain;
  return { answerable: passageCoverage >= needed && unknownShare <= SUPPORT.maxUnknownShare, passageCoverage, unknownShare, inDomain };
}
