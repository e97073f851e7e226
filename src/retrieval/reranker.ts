import type { Lexicon } from './lexicon.ts';
import { ORGANISATIONS, type TermLookup, type TextualAnalysis as QuestionAnalysis, type WeightedConcept, coverage, organisationsNamed, subjectsNamed } from './question-analysis.ts';
import { PassageTerms, type TermNumbers } from './passage-terms.ts';
import { termSet } from './term-statistics.ts';
import { foldDiacritics } from './vietnamese.ts';

/**
 * Second-stage scoring of BM25's best candidates. BM25 sums term matches over a whole passage;
 * legal answers usually sit in one line (a khoản, a điểm, a definition), so a passage with one
 * line that covers the question outranks one where the same words are scattered.
 */
export const RERANK = {
  candidates: 40,
  bm25: 1,
  bestLine: 1,
  /** A line defining exactly what "X là gì" asks about is the answer, whatever BM25 thinks. */
  definition: 2,
  /** Lines saying what is an X ("Chi nhánh là đơn vị phụ thuộc"), where none defines X. */
  example: 1,
  quantity: 1,
  /** For "bao nhiêu / tối đa / bao lâu": a well-covering line that carries a figure. */
  figure: 0.25,
  /**
   * The share of the question the article's own heading covers. "Ban kiểm soát có quyền gì" is
   * answered by the article headed "Ban kiểm soát …", not by the one listing what a charter must
   * say, whose khoản names every body and power in passing.
   */
  heading: 1,
} as const;

/** A quantity, not a cross-reference: "30%", "05 thành viên", "03 ngày làm việc" — not "Điều 84". */
const FIGURE = /(^|[^\p{L}])\d+([.,]\d+)?\s*(%|phan tram|ngay|thang|nam\b|thanh vien|nguoi|trieu|ty\b|lan\b|hop tac xa|to hop tac)/u;

/** Whether a folded text holds a quantity; a prepared line knows it already (`PreparedLine.figure`). */
export const holdsFigure = (folded: string): boolean => FIGURE.test(folded);

/** Whether a line (or sentence) holding a quantity is as good as the best one: the answer to a number question. */
export function carriesFigure(line: { coverage: number; figure: boolean }, best: number): boolean {
  return line.coverage > 0 && line.coverage >= best * 0.8 && line.figure;
}

/** A line as the reranker reads it, with what does not depend on the question worked out once. */
export interface PreparedLine {
  text: string;
  folded: string;
  /** What the line defines, if it is a definition (see definedSubject). */
  defines?: string;
  /** The co-op bodies the line names ("ban kiem soat"), if any: whose figure a figure is. */
  bodies?: string[];
  /** Whether it holds a quantity. */
  figure: boolean;
}

/**
 * A passage prepared for reranking. Each line is read with the passage's context (document name,
 * locality, headings), whose terms count at a discount. What holds a term is kept term by term for
 * the whole passage (passage-terms.ts): a question looks each of its terms up once per passage, not
 * once per line, and the context's terms are held once, not copied into every line.
 */
export interface RerankablePassage {
  lines: PreparedLine[];
  /** Every term of a line or of the context, and where it stands. */
  terms: PassageTerms;
  /** The terms of the article's heading ("Điều 69. Ban kiểm soát …"); empty outside articles. */
  heading: Set<string>;
  /** The co-op bodies the article's heading names: an article about another body sinks (knowledge-index.ts). */
  headingBodies: string[];
  /** The organisations it names ("liên hiệp hợp tác xã"): an article about another one sinks too. */
  headingOrganisations: string[];
}

/** The co-op bodies a folded text names, organisations aside: "ban kiem soat", "hoi dong quan tri"… */
const bodiesNamed = (folded: string) => subjectsNamed(folded).filter((s) => !(ORGANISATIONS as readonly string[]).includes(s));

/** `numbers`: the term numbers every passage of the index shares (see passage-terms.ts). */
export function prepareForRerank(text: string, context: string, lexicon: Lexicon, numbers: TermNumbers, heading = ''): RerankablePassage {
  const texts = text.split('\n').filter((l) => l.trim().length > 0);
  const lines = texts.map((line): PreparedLine => {
    const folded = foldDiacritics(line);
    const defines = definedSubject(folded);
    const bodies = bodiesNamed(folded);
    return {
      text: line,
      folded,
      ...(defines !== undefined ? { defines } : {}),
      ...(bodies.length > 0 ? { bodies } : {}),
      figure: holdsFigure(folded),
    };
  });
  const terms = PassageTerms.of(
    texts.map((line) => termSet(line, lexicon)),
    termSet(context, lexicon),
    numbers,
  );
  const foldedHeading = foldDiacritics(heading);
  return { lines, terms, heading: termSet(heading, lexicon), headingBodies: bodiesNamed(foldedHeading), headingOrganisations: organisationsNamed(foldedHeading) };
}

/** The terms of the whole passage read in its context: those of any line, and the context's. */
export function passageTerms(passage: RerankablePassage): TermLookup {
  return { has: (term) => passage.lines.length > 0 && passage.terms.has(term) };
}

/** Each line's share of the question, by line index: read in context (what ranks it), and on its own. */
export interface LineCoverages {
  coverage: Float64Array;
  own: Float64Array;
}

/**
 * Each line's share of the question it covers, in context and on its own: the IDF-weighted share
 * of the question's concepts the line's terms cover (question-analysis.ts `coverage`), the same sums
 * in the same order, worked out concept by concept for all the passage's lines at once.
 */
export function lineCoverages(passage: RerankablePassage, analysis: QuestionAnalysis): LineCoverages {
  const count = passage.lines.length;
  const own = new Float64Array(count);
  const coverage = new Float64Array(count);
  const total = analysis.totalWeight;
  if (total === 0) return { coverage, own };
  // The covered weights first (in `coverage`, read in context), then the shares.
  for (const concept of analysis.concepts) {
    if (concept.alternatives) addCoveringPhrases(passage, concept, own, coverage);
    else addCoveringTerm(passage, concept, own, coverage);
  }
  for (let i = 0; i < count; i++) {
    const ownShare = own[i]! / total;
    coverage[i] = CONTEXT_SHARE * (coverage[i]! / total) + (1 - CONTEXT_SHARE) * ownShare;
    own[i] = ownShare;
  }
  return { coverage, own };
}

/** A concept of one term (most are): its weight to the lines holding it, or to all when the context does. */
function addCoveringTerm(passage: RerankablePassage, concept: WeightedConcept, own: Float64Array, inContext: Float64Array): void {
  const { terms } = passage;
  const at = terms.find(concept.boundTo ?? concept.term);
  if (at < 0) return;
  for (let k = terms.firstLine(at), end = terms.endLine(at); k < end; k++) own[terms.line(k)]! += concept.idf;
  if (terms.inContext(at)) for (let i = 0; i < inContext.length; i++) inContext[i]! += concept.idf;
  else for (let k = terms.firstLine(at), end = terms.endLine(at); k < end; k++) inContext[terms.line(k)]! += concept.idf;
}

/**
 * A concept with synonyms (question-analysis.ts `covers`): a line covers it with the concept's term
 * or with all the terms of one synonym, on the line itself (`own`) or on the line or in the
 * context (`inContext`); its weight goes to each covering line once.
 */
function addCoveringPhrases(passage: RerankablePassage, concept: WeightedConcept, own: Float64Array, inContext: Float64Array): void {
  const { terms } = passage;
  const count = own.length;
  const { coversOwn, coversInContext } = coveringScratch(count);
  let any = false;
  for (const phrase of phrasesOf(concept)) {
    if (phrase.length === 1) {
      // One term, as most are: the lines holding it, or all when the context does.
      const at = terms.find(phrase[0]!);
      if (at < 0) continue;
      any = true;
      for (let k = terms.firstLine(at), end = terms.endLine(at); k < end; k++) coversOwn[terms.line(k)] = coversInContext[terms.line(k)] = 1;
      if (terms.inContext(at)) coversInContext.fill(1, 0, count);
      continue;
    }
    const places = phrase.map((term) => terms.find(term));
    if (places.some((at) => at < 0)) continue;
    any = true;
    for (let i = 0; i < count; i++) {
      let onLine = true;
      let readInContext = true;
      for (const at of places) {
        const here = terms.onLine(at, i);
        onLine &&= here;
        readInContext &&= here || terms.inContext(at);
      }
      if (onLine) coversOwn[i] = 1;
      if (readInContext) coversInContext[i] = 1;
    }
  }
  if (!any) return;
  for (let i = 0; i < count; i++) {
    if (coversOwn[i]) own[i]! += concept.idf;
    if (coversInContext[i]) inContext[i]! += concept.idf;
  }
}

/**
 * Which lines cover a concept, for addCoveringPhrases: one pair of arrays reused for every concept
 * and passage (reranking is synchronous), cleared to the passage's lines each time.
 */
let covering = { coversOwn: new Uint8Array(64), coversInContext: new Uint8Array(64) };

function coveringScratch(count: number): typeof covering {
  if (covering.coversOwn.length < count) covering = { coversOwn: new Uint8Array(2 * count), coversInContext: new Uint8Array(2 * count) };
  covering.coversOwn.fill(0, 0, count);
  covering.coversInContext.fill(0, 0, count);
  return covering;
}

/** A concept's term and its synonyms as phrases of terms, made once per concept (a question's concepts meet every candidate). */
const PHRASES = new WeakMap<WeightedConcept, string[][]>();

function phrasesOf(concept: WeightedConcept): string[][] {
  let phrases = PHRASES.get(concept);
  if (!phrases) PHRASES.set(concept, (phrases = [[concept.boundTo ?? concept.term], ...(concept.alternatives ?? [])]));
  return phrases;
}

/**
 * How much a line's context (document name, article heading) stands in for words the line itself
 * lacks: enough that "Điều 22. Điều kiện cho vay" frames its khoản, not so much that every line
 * under a broadly matching heading looks like the answer.
 */
const CONTEXT_SHARE = 0.5;

const NUMBERING = /^[\da-zđ]{1,3}[.)]\s*/;

/** The subject a line defines, if it is a definition: "7. Hợp tác xã là tổ chức …" → "hop tac xa". */
export function definedSubject(foldedLine: string): string | undefined {
  const m = /^(.{2,80}?) la /.exec(foldedLine.replace(NUMBERING, ''));
  const subject = m?.[1]?.replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  return subject && subject.split(' ').length <= 8 ? subject : undefined;
}

/**
 * Whether a line says what is one of the thing "X là gì" asks about: "Chi nhánh là đơn vị phụ
 * thuộc của hợp tác xã …" for "đơn vị phụ thuộc là gì", where no line defines X itself.
 */
export function exemplifiesSubject(foldedLine: string, subject: string): boolean {
  const m = /^(.{2,80}?) la (.+)$/.exec(foldedLine.replace(NUMBERING, ''));
  const predicate = m?.[2]?.replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  return !!predicate && definedSubject(foldedLine) !== subject && `${predicate} `.startsWith(`${subject} `);
}

/** The two-syllable nouns a folded line gives a number of: "ít nhất 05 thành viên" → ["thanh vien"]. */
export function countedNouns(foldedLine: string): string[] {
  return [...foldedLine.matchAll(/\d+\s+(\p{L}+ \p{L}+)/gu)].map((m) => m[1]!);
}

/** "<number> X" for "bao nhiêu X": the figure asked for stands right before the noun. */
export function countsSubject(foldedLine: string, noun: string): boolean {
  return countingPattern(noun).test(foldedLine);
}

/** The pattern for the noun last asked about: every line of every candidate is tested with the same one. */
let counting: { noun: string; pattern: RegExp } | undefined;

function countingPattern(noun: string): RegExp {
  if (counting?.noun !== noun) {
    const escaped = noun.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The number must be a quantity, not the "3." of a khoản: digits then a space (or "%"), then the noun.
    counting = { noun, pattern: new RegExp(`(^|[^\\d])\\d+([.,]\\d+)*(\\s*%)?\\s+(trieu dong\\s+)?${escaped}`) };
  }
  return counting.pattern;
}

/**
 * A line whose figure belongs to someone else than the question asks about: one defining another
 * organisation ("Tổ hợp tác là … ít nhất 02 thành viên" for a hợp tác xã), or one counting a co-op
 * body the question does not name ("Ban kiểm soát tối thiểu từ 03 thành viên" for "hợp tác xã cần
 * tối thiểu bao nhiêu thành viên").
 */
export function definesOtherOrganisation(line: Pick<PreparedLine, 'defines' | 'bodies'>, analysis: QuestionAnalysis): boolean {
  const subject = line.defines;
  const named = analysis.organisations;
  if (subject !== undefined && named.length > 0 && (ORGANISATIONS as readonly string[]).includes(subject) && !named.includes(subject)) return true;
  const bodies = line.bodies ?? [];
  return bodies.length > 0 && !bodies.some((b) => analysis.subjects.includes(b));
}

export function rerankScore(bm25Normalized: number, passage: RerankablePassage, analysis: QuestionAnalysis): number {
  const { coverage: lines } = lineCoverages(passage, analysis);
  const best = Math.max(0, ...lines);
  const defined = analysis.definitionOf && passage.lines.some((l) => l.defines === analysis.definitionOf);
  const exemplified = !defined && analysis.definitionOf && passage.lines.some((l) => exemplifiesSubject(l.folded, analysis.definitionOf!));
  // "<number> X" answers "bao nhiêu X" only on a line that answers the rest too: not "100 thành viên"
  // beside an "ít nhất" about meetings, nor the minimum of members of another organisation.
  const counted =
    analysis.quantityOf &&
    passage.lines.some(
      (l, i) =>
        lines[i]! >= best * 0.8 &&
        countsSubject(l.folded, analysis.quantityOf!) &&
        !definesOtherOrganisation(l, analysis),
    );
  const figure = analysis.asksNumber && passage.lines.some((l, i) => carriesFigure({ coverage: lines[i]!, figure: l.figure }, best));
  return (
    RERANK.bm25 * bm25Normalized +
    RERANK.bestLine * best +
    (defined ? RERANK.definition : exemplified ? RERANK.example : 0) +
    (counted ? RERANK.quantity : 0) +
    (figure ? RERANK.figure : 0) +
    (analysis.asksList || analysis.kind === 'list' ? RERANK.heading * coverage(analysis, passage.heading) : 0)
  );
}
