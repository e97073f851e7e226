import type { Lexicon } from './lexicon.ts';
import type { TermStatistics } from './term-statistics.ts';
import { type QuestionTerms, analyzeText, conceptTerm, questionTerms } from './text-analysis.ts';
import { matchesAt } from './lexicon.ts';
import { foldDiacritics } from './vietnamese.ts';

export interface WeightedConcept {
  term: string;
  idf: number;
  /** Terms that cover this concept as well: the lexicon's synonyms for the words it is part of. */
  alternatives?: string[];
}

/** What a question asks, as the reranker, abstention and the extractive composer need it. */
export interface QuestionAnalysis {
  /** Content syllables and syllable pairs (exact when typed with accents), with IDF weights. */
  concepts: WeightedConcept[];
  totalWeight: number;
  /** "X là gì / là ai": the folded subject X, to find the line that defines it. */
  definitionOf?: string;
  /** "bao nhiêu X / mấy X": the folded noun counted, to find "<number> X". */
  quantityOf?: string;
  /** The answer is a figure: "bao nhiêu", "mấy", "tối đa", "bao lâu", "ít nhất"… */
  asksNumber: boolean;
  /** The kinds of organisation the question names, folded ("htx" read as "hop tac xa"): see ORGANISATIONS. */
  organisations: string[];
}

const DEFINITION = /^(.*?)\s+(la gi|la ai|nghia la gi|duoc hieu la gi|la nhu the nao)\b/;
const QUANTITY = /\b(bao nhieu|may)\s+(.+)$/;
const ASKS_NUMBER = /\b(bao nhieu|may|bao lau|toi da|toi thieu|it nhat|phan tram|ty le|bao gio|ngay nao|thoi han)\b/;

export function analyzeQuestion(question: string, lexicon: Lexicon, stats: TermStatistics): QuestionAnalysis {
  const terms = questionTerms(question, lexicon);
  const concepts = new Map<string, number>();
  for (const word of terms.words) {
    const term = conceptTerm(terms, word);
    concepts.set(term, stats.idf(term));
  }
  for (const pair of terms.pairs) {
    const weight = stats.pairWeight(pair);
    const term = conceptTerm(terms, pair);
    if (weight > 0) concepts.set(term, stats.idf(term) * weight);
  }
  const alternatives = synonymAlternatives(terms, lexicon);
  const list = [...concepts].map(([term, idf]) => ({ term, idf, ...(alternatives.has(term) ? { alternatives: alternatives.get(term) } : {}) }));

  const folded = foldDiacritics(question).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  const subject = (words: string[] | undefined) => {
    const kept = words?.filter((w) => !lexicon.stopWords.folded.has(w)).join(' ');
    return kept && kept.length > 1 ? kept : undefined;
  };
  return {
    concepts: list,
    totalWeight: list.reduce((n, c) => n + c.idf, 0),
    definitionOf: subject(DEFINITION.exec(folded)?.[1]?.split(' ').slice(-6)),
    quantityOf: countedNoun(folded, lexicon) ?? subject(QUANTITY.exec(folded)?.[2]?.split(' ').slice(0, 3)),
    asksNumber: ASKS_NUMBER.test(folded),
    organisations: organisationsNamed(analyzeText(question, lexicon).map((t) => t.folded).join(' ')),
  };
}

/** "mấy người" counts members: the lexicon's synonym for a counting phrase names the noun. */
function countedNoun(folded: string, lexicon: Lexicon): string | undefined {
  const words = folded.split(' ');
  for (const synonym of lexicon.synonyms) {
    const [first] = synonym.from;
    if ((first !== 'bao' && first !== 'may') || !synonym.to[0]) continue;
    if (words.some((_, i) => synonym.from.every((s, j) => words[i + j] === s))) return synonym.to[0].map(foldDiacritics).join(' ');
  }
  return undefined;
}

/** The IDF-weighted share of a question's concepts found in a set of terms. */
export function coverage(analysis: QuestionAnalysis, terms: Set<string>): number {
  if (analysis.totalWeight === 0) return 0;
  let found = 0;
  for (const c of analysis.concepts) if (terms.has(c.term) || c.alternatives?.some((a) => terms.has(a))) found += c.idf;
  return found / analysis.totalWeight;
}

/**
 * The organisations the texts define side by side, folded, longest first: "liên hiệp hợp tác xã" is
 * not a "hợp tác xã", and what a text says of one (a minimum of members) is not said of another.
 */
export const ORGANISATIONS = ['lien hiep hop tac xa', 'to hop tac', 'hop tac xa'] as const;

/** The organisations a folded text names, each mention read as the longest name it spells. */
export function organisationsNamed(folded: string): string[] {
  let rest = ` ${folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const found: string[] = [];
  for (const name of ORGANISATIONS) {
    if (!rest.includes(` ${name} `)) continue;
    found.push(name);
    rest = rest.split(` ${name} `).join(' | ');
  }
  return found;
}

/**
 * Where the question says something the texts say otherwise ("qua mạng" for "trực tuyến"), the
 * lexicon's synonym covers the question's words too: each concept inside a synonym's span gets the
 * synonym's terms (its syllable pairs, or the syllable of a one-word synonym) as alternatives.
 */
function synonymAlternatives(terms: QuestionTerms, lexicon: Lexicon): Map<string, string[]> {
  const folded = terms.tokens.map((t) => t.folded);
  const position = new Map(terms.tokens.map((t, i) => [t, i]));
  const inside = (t: { folded: string }, from: number, to: number) => {
    const i = position.get(t as never) ?? -1;
    return i >= from && i < to;
  };
  const result = new Map<string, string[]>();
  for (let i = 0; i < folded.length; i++) {
    for (const synonym of lexicon.synonyms) {
      if (!matchesAt(folded, synonym.from, i)) continue;
      const end = i + synonym.from.length;
      const stands = synonym.to.flatMap((phrase) => {
        const f = phrase.map(foldDiacritics);
        return f.length === 1 ? f : f.slice(1).map((s, j) => `${f[j]}_${s}`);
      });
      const covered = [
        ...terms.words.filter((w) => inside(w, i, end)).map((w) => conceptTerm(terms, w)),
        ...terms.pairs.filter((p) => inside(p.first, i, end) && inside(p.second, i, end)).map((p) => conceptTerm(terms, p)),
      ];
      for (const term of covered) result.set(term, [...(result.get(term) ?? []), ...stands]);
    }
  }
  return result;
}
