import type { ResolvedBankEntry } from '../knowledge/question-bank.ts';
import { type Lexicon, matchesAt } from './lexicon.ts';
import { questionTokens } from './text-analysis.ts';
import { analyzeQuestion, covers } from './question-analysis.ts';
import type { TermStatistics } from './term-statistics.ts';
import type { BankMatch, QuestionKind, WeightedConcept } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

/** A concept weighing less than this is shared by most questions and selects none. */
const TELLING_IDF = 0.9;

/** The least a question must say (IDF weight) for a bank match to mean anything. */
const MIN_ASKED_WEIGHT = 3;

/** A bank question found whole in a longer one: it must say something distinctive (weight), not just "hợp tác xã là gì". */
const CONTAINED = { precision: 0.9, minWeight: 6, similarity: 0.76 } as const;
/** The same words about another organisation (a tổ hợp tác's rule for a hợp tác xã) are another question. */
const OTHER_ORGANISATION = 0.6;
/** The same words asking another thing, or the opposite ("không góp vốn"). */
const OTHER_KIND = 0.85;
/**
 * A word of the question (a syllable pair, "lãi suất") that the bank question has none of, and
 * that carries this share of what the question says: the bank question asks about something else
 * ("giới hạn cho vay" for "lãi suất cho vay"), however much else they share.
 */
const MISSING_WORD = { share: 0.15, factor: 0.9 } as const;

interface BankQuestion {
  entry: ResolvedBankEntry;
  text: string;
  kind: QuestionKind;
  negated: boolean;
  organisations: string[];
  subjects: string[];
  concepts: WeightedConcept[];
  terms: Set<string>;
  weight: number;
}

/**
 * The matcher as saved between runs, compact: most bank questions share their concepts ("hợp tác
 * xã", "thành viên") and terms, so each is written once and the questions name them by number.
 */
export interface SavedMatcher {
  entries: ResolvedBankEntry[];
  concepts: WeightedConcept[];
  terms: string[];
  questions: Array<Omit<BankQuestion, 'entry' | 'concepts' | 'terms' | 'weight'> & { entry: number; concepts: number[]; terms: number[] }>;
}

/**
 * Question-to-question matching against the bank. Both sides are read folded, so a question typed
 * without diacritics meets the bank's questions on equal terms. The similarity is a weighted F1 of
 * the two questions' concepts (IDF from the library): what the user asked must be in the bank's
 * question (recall) and the bank's question must not ask more (precision), so "mấy thành viên Ban
 * kiểm soát" does not match "mấy thành viên hợp tác xã" as well as its own entry.
 */
export class QuestionMatcher {
  /** Term → the bank questions offering it: a question is scored only if it shares a telling term. */
  private readonly byTerm = new Map<string, number[]>();
  private readonly concepts: ConceptTable;

  private constructor(private readonly questions: BankQuestion[], private readonly lexicon: Lexicon, private readonly stats: TermStatistics) {
    questions.forEach((q, i) => {
      for (const term of q.terms) {
        const list = this.byTerm.get(term);
        if (list) list.push(i);
        else this.byTerm.set(term, [i]);
      }
    });
    this.concepts = new ConceptTable(questions);
  }

  static build(entries: ResolvedBankEntry[], lexicon: Lexicon, stats: TermStatistics): QuestionMatcher {
    const questions: BankQuestion[] = [];
    for (const entry of entries) {
      for (const text of entry.questions) {
        const { concepts, organisations, subjects, kind, negated } = readFolded(text, lexicon, stats);
        questions.push({ entry, text, kind, negated, organisations, subjects, concepts, terms: termsOf(concepts, text, lexicon), weight: concepts.reduce((n, c) => n + c.idf, 0) });
      }
    }
    return new QuestionMatcher(questions, lexicon, stats);
  }

  get size(): number {
    return this.questions.length;
  }

  /** The bank entries matched against, in order. */
  entries(): ResolvedBankEntry[] {
    return [...new Set(this.questions.map((q) => q.entry))];
  }

  /** What is saved between runs (src/retrieval/bank-store.ts): every question as read, entries, concepts and terms by number. */
  toSaved(): SavedMatcher {
    const numbering = <T>(key: (value: T) => string) => {
      const at = new Map<string, number>();
      const values: T[] = [];
      const numberOf = (value: T) => {
        const k = key(value);
        let n = at.get(k);
        if (n === undefined) at.set(k, (n = values.push(value) - 1));
        return n;
      };
      return { values, numberOf };
    };
    const entries = this.entries();
    const entryNumbers = new Map(entries.map((e, i) => [e, i]));
    const concepts = numbering<WeightedConcept>((c) => JSON.stringify(c));
    const terms = numbering<string>((t) => t);
    const questions = this.questions.map(({ entry, concepts: own, terms: offered, weight: _weight, ...q }) => ({
      ...q,
      entry: entryNumbers.get(entry)!,
      concepts: own.map(concepts.numberOf),
      terms: [...offered].map(terms.numberOf),
    }));
    return { entries, concepts: concepts.values, terms: terms.values, questions };
  }

  static fromSaved(saved: SavedMatcher, lexicon: Lexicon, stats: TermStatistics): QuestionMatcher {
    const questions = saved.questions.map(({ entry, concepts: numbers, terms, ...q }) => {
      const concepts = numbers.map((n) => saved.concepts[n]!);
      // Summed in the same order as when read: the same weight to the last bit.
      return { ...q, entry: saved.entries[entry]!, concepts, terms: new Set(terms.map((n) => saved.terms[n]!)), weight: concepts.reduce((w, c) => w + c.idf, 0) };
    });
    return new QuestionMatcher(questions, lexicon, stats);
  }

  /** The best-matching bank questions, one per entry, best first. */
  /** `leaveOut` drops bank questions from consideration: tuning asks each question with itself held out. */
  match(question: string, limit = 5, minSimilarity = 0.3, leaveOut?: (bankQuestion: string) => boolean): BankMatch[] {
    const read = readFolded(question, this.lexicon, this.stats);
    const asked = read.concepts;
    const askedWeight = asked.reduce((n, c) => n + c.idf, 0);
    // Too little said ("cần mấy thành viên") to tell one bank question from another.
    if (askedWeight < MIN_ASKED_WEIGHT) return [];
    const askedTerms = termsOf(asked, question, this.lexicon);
    const weighty = weightyWords(asked, askedWeight);
    this.concepts.offer(askedTerms);
    const best = new Map<string, BankMatch>();
    for (const i of this.candidates(asked)) {
      const weight = this.concepts.weight[i]!;
      if (weight === 0 || leaveOut?.(this.questions[i]!.text)) continue;
      // Precision first: most candidates share one telling term and no more, and precision alone
      // bounds the similarity (below), so recall is worked out only for those that may reach it.
      const precision = this.concepts.sharedWeight(i) / weight;
      // A long question that tells a story around a known question contains it whole: that counts
      // as a match, short of the confidence of the same question asked alone.
      const contained = precision >= CONTAINED.precision && weight >= CONTAINED.minWeight ? CONTAINED.similarity : 0;
      if (Math.max(f1Bound(precision), contained) < minSimilarity) continue;
      const q = this.questions[i]!;
      const recall = sharedWeight(asked, q.terms) / askedWeight;
      if (recall === 0) continue;
      const sameOrganisation = read.organisations.length === 0 || q.organisations.length === 0 || q.organisations.some((o) => read.organisations.includes(o));
      // A story's own words ("không ai làm ruộng nữa") say nothing of how its question is put.
      const asking = (sameAsking(read.kind, q.kind) ? 1 : OTHER_KIND) * (read.negated === q.negated ? 1 : OTHER_KIND);
      const missing = weighty.some((word) => word.every((c) => !covers(q.terms, c))) ? MISSING_WORD.factor : 1;
      const similarity = Math.max(((2 * precision * recall) / (precision + recall)) * asking * missing, contained) * (sameOrganisation ? 1 : OTHER_ORGANISATION);
      if (similarity < minSimilarity) continue;
      const previous = best.get(q.entry.id);
      if (!previous || previous.similarity < similarity) best.set(q.entry.id, { entry: q.entry, question: q.text, similarity, precision, recall, subjects: q.subjects });
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  /**
   * The bank questions sharing a concept with the asked one, in the order first met. Recall needs a
   * shared concept; one that says something ("rút", "nhiệm kỳ"), not "hợp tác xã".
   */
  private candidates(asked: WeightedConcept[]): number[] {
    const met = new Uint8Array(this.questions.length);
    const order: number[] = [];
    for (const c of asked) {
      if (c.idf < TELLING_IDF) continue;
      for (const term of [c.term, ...(c.alternatives ?? []).flat()]) {
        for (const i of this.byTerm.get(term) ?? []) {
          if (met[i]) continue;
          met[i] = 1;
          order.push(i);
        }
      }
    }
    return order;
  }
}

function readFolded(text: string, lexicon: Lexicon, stats: TermStatistics) {
  const folded = foldDiacritics(text);
  const { concepts, organisations, subjects, kind } = analyzeQuestion(folded, lexicon, stats);
  return { concepts, organisations, subjects, kind, negated: NEGATION.test(folded.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim()) };
}

/** "không góp vốn", "không được": a "không" with words after it negates; a final "… không?" only asks. */
const NEGATION = /\bkhong\b(?= \p{L}+ \p{L}+)/u;

/** Two questions asking different things of the same words ("… là gì" and "… cấp cho ai") are different questions. */
function sameAsking(a: QuestionKind, b: QuestionKind): boolean {
  const near = (x: QuestionKind, y: QuestionKind) => (x === 'list' && y === 'definition') || (x === 'number' && y === 'when');
  return a === b || a === 'other' || b === 'other' || near(a, b) || near(b, a);
}

/**
 * The terms a question offers to cover the other's concepts: its own, their synonyms, and what the
 * lexicon's synonyms of its filler phrases stand for ("mấy người" offers "thành viên").
 */
function termsOf(concepts: WeightedConcept[], text: string, lexicon: Lexicon): Set<string> {
  const terms = new Set<string>();
  for (const c of concepts) {
    terms.add(c.term);
    for (const phrase of c.alternatives ?? []) for (const t of phrase) terms.add(t);
  }
  const words = questionTokens(foldDiacritics(text), lexicon).map((t) => t.folded);
  for (const synonym of lexicon.synonyms) {
    if (!words.some((_, i) => matchesAt(words, synonym.from, i))) continue;
    for (const phrase of synonym.to) {
      const f = phrase.map(foldDiacritics);
      f.forEach((s, j) => {
        terms.add(s);
        if (f[j + 1]) terms.add(`${s}_${f[j + 1]}`);
      });
    }
  }
  return terms;
}

/**
 * The most a weighted F1 can be at this precision (recall 1, ×1 for kind and organisation), a hair
 * over so that rounding never leaves out a question the exact figure would keep.
 */
function f1Bound(precision: number): number {
  return (2 * precision) / (1 + precision) + 1e-9;
}

/**
 * The words of the asked question that weigh (MISSING_WORD): each pair with its two syllables, any
 * one of which in a bank question is the word being there. Worked out once per question, not per
 * candidate.
 */
function weightyWords(asked: WeightedConcept[], askedWeight: number): WeightedConcept[][] {
  const byTerm = new Map(asked.map((c) => [c.term, c]));
  return asked.flatMap((pair) => {
    const at = pair.term.indexOf('_');
    if (at < 0) return [];
    // An accented question's terms are marked (text-analysis.ts exactTerm): a pair once, before its
    // first syllable; a syllable only when typed with accents.
    const mark = /^[^\p{L}\p{N}]*/u.exec(pair.term)![0];
    const syllable = (text: string) => byTerm.get(text) ?? byTerm.get(text.slice(mark.length));
    // A syllable that is no concept is a stop word read folded ("lai" of "lãi suất" is "lại"): no one's term.
    const parts = [syllable(pair.term.slice(0, at)), syllable(mark + pair.term.slice(at + 1))].filter((c) => c !== undefined);
    const weight = [pair, ...parts].reduce((n, c) => n + c.idf, 0);
    return weight >= MISSING_WORD.share * askedWeight ? [[pair, ...parts]] : [];
  });
}

function sharedWeight(concepts: WeightedConcept[], terms: Set<string>): number {
  let found = 0;
  for (const c of concepts) if (covers(terms, c)) found += c.idf;
  return found;
}

/**
 * The bank questions' concepts side by side in flat arrays, their terms by number. A question's
 * precision is summed over hundreds of candidates; walking each candidate's concept objects and
 * hashing their terms was most of a match's time.
 */
class ConceptTable {
  private readonly termIds = new Map<string, number>();
  /** Where each question's concepts start in `term` and `idf`; one more entry than questions. */
  private readonly start: Uint32Array;
  private readonly term: Uint32Array;
  private readonly idf: Float64Array;
  /** Each question's summed IDF (BankQuestion `weight`). */
  readonly weight: Float64Array;
  /**
   * The synonyms of the few concepts that have them, side by side: for concept `k`, from
   * `synonymsAt[k]` (−1 when it has none), the number of phrases, then each phrase as its length
   * and its term numbers.
   */
  private readonly synonymsAt: Int32Array;
  private readonly synonyms: Uint32Array;
  /** The terms on offer (see `offer`), marked by generation. */
  private offered: Uint32Array;
  private generation = 0;

  constructor(questions: Array<Pick<BankQuestion, 'concepts' | 'weight'>>) {
    const idOf = (term: string) => {
      let id = this.termIds.get(term);
      if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
      return id;
    };
    const all = questions.flatMap((q) => q.concepts);
    this.start = new Uint32Array(questions.length + 1);
    questions.forEach((q, i) => (this.start[i + 1] = this.start[i]! + q.concepts.length));
    this.weight = Float64Array.from(questions, (q) => q.weight);
    this.term = new Uint32Array(all.length);
    this.idf = new Float64Array(all.length);
    this.synonymsAt = new Int32Array(all.length).fill(-1);
    const synonyms: number[] = [];
    all.forEach((c, k) => {
      // A syllable bound to a phrase counts only as that phrase (question-analysis.ts `covers`).
      this.term[k] = idOf(c.boundTo ?? c.term);
      this.idf[k] = c.idf;
      if (!c.alternatives) return;
      this.synonymsAt[k] = synonyms.length;
      synonyms.push(c.alternatives.length);
      for (const phrase of c.alternatives) synonyms.push(phrase.length, ...phrase.map(idOf));
    });
    this.synonyms = Uint32Array.from(synonyms);
    this.offered = new Uint32Array(this.termIds.size);
  }

  /** The terms a question offers: `sharedWeight` counts what they cover until the next offer. */
  offer(terms: Iterable<string>): void {
    if (++this.generation === 2 ** 32) {
      this.offered.fill(0);
      this.generation = 1;
    }
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id !== undefined) this.offered[id] = this.generation;
    }
  }

  /** `sharedWeight(questions[i], offered terms)`: the same sum, concept by concept in order. */
  sharedWeight(i: number): number {
    const { offered, generation, term, idf, synonymsAt } = this;
    let found = 0;
    for (let k = this.start[i]!, end = this.start[i + 1]!; k < end; k++) {
      if (offered[term[k]!] === generation || (synonymsAt[k] !== -1 && this.coversBySynonym(synonymsAt[k]!))) found += idf[k]!;
    }
    return found;
  }

  /** Whether all the terms of one of the synonyms listed `at` are on offer (loops: this runs for thousands of concepts). */
  private coversBySynonym(at: number): boolean {
    const { offered, generation, synonyms } = this;
    let phrase = at + 1;
    for (let left = synonyms[at]!; left > 0; left--) {
      const length = synonyms[phrase]!;
      let all = true;
      for (let j = 1; j <= length && all; j++) all = offered[synonyms[phrase + j]!] === generation;
      if (all) return true;
      phrase += length + 1;
    }
    return false;
  }
}
