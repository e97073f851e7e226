import type { Lexicon } from './lexicon.ts';
import { ORGANISATIONS, type TextualAnalysis as QuestionAnalysis, coverage, subjectsNamed } from './question-analysis.ts';
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

/**
 * Whether a line is as good as the best one and carries a figure: the answer to a number question.
 * `folded` spares folding the line again where it is already at hand (a prepared passage's lines).
 */
export function carriesFigure(line: { text: string; coverage: number; folded?: string }, best: number): boolean {
  return line.coverage > 0 && line.coverage >= best * 0.8 && FIGURE.test(line.folded ?? foldDiacritics(line.text));
}

/** A passage prepared for reranking: its lines' terms, each read together with the passage's context. */
export interface RerankablePassage {
  /** Each line's own terms; `terms` adds the context's, which count at a discount. */
  lines: Array<{ text: string; folded: string; own: Set<string>; terms: Set<string> }>;
  /** The terms of the article's heading ("Điều 69. Ban kiểm soát …"); empty outside articles. */
  heading: Set<string>;
}

export function prepareForRerank(text: string, context: string, lexicon: Lexicon, heading = ''): RerankablePassage {
  const contextTerms = termSet(context, lexicon);
  return {
    heading: termSet(heading, lexicon),
    lines: text
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((line) => ({
        text: line,
        folded: foldDiacritics(line),
        ...lineTerms(termSet(line, lexicon), contextTerms),
      })),
  };
}

function lineTerms(own: Set<string>, context: Set<string>) {
  return { own, terms: new Set([...own, ...context]) };
}

/** Each line with the share of the question it covers (in context). */
export function lineCoverages(passage: RerankablePassage, analysis: QuestionAnalysis): Array<{ line: string; coverage: number }> {
  return passage.lines.map((l) => {
    const inContext = coverage(analysis, l.terms);
    // A line's own terms are among its terms in context: nothing covered there, nothing covered here.
    const own = inContext === 0 ? 0 : coverage(analysis, l.own);
    return { line: l.text, coverage: CONTEXT_SHARE * inContext + (1 - CONTEXT_SHARE) * own };
  });
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
  const escaped = noun.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The number must be a quantity, not the "3." of a khoản: digits then a space (or "%"), then the noun.
  return new RegExp(`(^|[^\\d])\\d+([.,]\\d+)*(\\s*%)?\\s+(trieu dong\\s+)?${escaped}`).test(foldedLine);
}

/**
 * A line whose figure belongs to someone else than the question asks about: one defining another
 * organisation ("Tổ hợp tác là … ít nhất 02 thành viên" for a hợp tác xã), or one counting a co-op
 * body the question does not name ("Ban kiểm soát tối thiểu từ 03 thành viên" for "hợp tác xã cần
 * tối thiểu bao nhiêu thành viên").
 */
export function definesOtherOrganisation(foldedLine: string, analysis: QuestionAnalysis): boolean {
  const subject = definedSubject(foldedLine);
  const named = analysis.organisations;
  if (subject !== undefined && named.length > 0 && (ORGANISATIONS as readonly string[]).includes(subject) && !named.includes(subject)) return true;
  const bodies = subjectsNamed(foldedLine).filter((s) => !(ORGANISATIONS as readonly string[]).includes(s));
  return bodies.length > 0 && !bodies.some((b) => analysis.subjects.includes(b));
}

export function rerankScore(bm25Normalized: number, passage: RerankablePassage, analysis: QuestionAnalysis): number {
  const lines = lineCoverages(passage, analysis);
  const best = Math.max(0, ...lines.map((l) => l.coverage));
  const defined = analysis.definitionOf && passage.lines.some((l) => definedSubject(l.folded) === analysis.definitionOf);
  const exemplified = !defined && analysis.definitionOf && passage.lines.some((l) => exemplifiesSubject(l.folded, analysis.definitionOf!));
  // "<number> X" answers "bao nhiêu X" only on a line that answers the rest too: not "100 thành viên"
  // beside an "ít nhất" about meetings, nor the minimum of members of another organisation.
  const counted =
    analysis.quantityOf &&
    passage.lines.some(
      (l, i) =>
        countsSubject(l.folded, analysis.quantityOf!) &&
        lines[i]!.coverage >= best * 0.8 &&
        !definesOtherOrganisation(l.folded, analysis),
    );
  const figure =
    analysis.asksNumber && lines.some((l, i) => carriesFigure({ text: l.line, coverage: l.coverage, folded: passage.lines[i]!.folded }, best));
  return (
    RERANK.bm25 * bm25Normalized +
    RERANK.bestLine * best +
    (defined ? RERANK.definition : exemplified ? RERANK.example : 0) +
    (counted ? RERANK.quantity : 0) +
    (figure ? RERANK.figure : 0) +
    (analysis.asksList || analysis.kind === 'list' ? RERANK.heading * coverage(analysis, passage.heading) : 0)
  );
}
