import { isAppendixHeading, isChapterHeading, isSectionHeading, parseArticleHeading } from './canonical-text.ts';

export interface TextValidation {
  /** Articles of the main text (appendix forms excluded). */
  articleCount: number;
  /** Numbers absent from the run 1..highest. */
  missingArticles: number[];
  /** Any error rejects the text. */
  errors: string[];
  warnings: string[];
}

interface ArticleSpan {
  label: string;
  number: number;
  suffix: string;
  heading: string;
  contentLines: number;
}

const REPEALED = /bãi bỏ/iu;

/** The articles of the main text: an appendix's sample forms restart at "Điều 1." and are not articles. */
function articleSpans(lines: string[]): ArticleSpan[] {
  const spans: ArticleSpan[] = [];
  let current: ArticleSpan | undefined;
  for (const line of lines) {
    if (isAppendixHeading(line)) break;
    const heading = parseArticleHeading(line);
    if (heading) {
      current = { label: `Điều ${heading.number}${heading.suffix}`, number: heading.number, suffix: heading.suffix, heading: line, contentLines: 0 };
      spans.push(current);
    } else if (isChapterHeading(line) || isSectionHeading(line)) {
      current = undefined;
    } else if (current) {
      current.contentLines += 1;
    }
  }
  return spans;
}

/**
 * Checks a canonical text before it is stored: numbering must run 1..N (gaps are warned about,
 * since some sources lack an article the document has), an article needs content unless it
 * says it was repealed, and a text without articles is not a legal text at all.
 */
export function validateText(text: string): TextValidation {
  const spans = articleSpans(text.split('\n'));
  const errors: string[] = [];
  const warnings: string[] = [];
  if (spans.length === 0) errors.push('no articles ("Điều N. …" lines) found');

  for (const span of spans) {
    if (span.contentLines === 0 && !REPEALED.test(span.heading)) {
      errors.push(`${span.label} has no content and does not say it was repealed`);
    }
  }

  const seen = new Set<string>();
  let previous: ArticleSpan | undefined;
  for (const span of spans) {
    if (seen.has(span.label)) warnings.push(`${span.label} appears more than once`);
    else if (previous && (span.number < previous.number || (span.number === previous.number && span.suffix < previous.suffix))) {
      warnings.push(`${span.label} comes after ${previous.label}: articles out of order`);
    }
    seen.add(span.label);
    previous = span;
  }

  const numbers = new Set(spans.map((s) => s.number));
  const highest = Math.max(0, ...numbers);
  const missingArticles: number[] = [];
  for (let n = 1; n <= highest; n += 1) if (!numbers.has(n)) missingArticles.push(n);
  if (missingArticles.length > 0) {
    warnings.push(`missing ${missingArticles.map((n) => `Điều ${n}`).join(', ')} (numbering runs 1..${highest})`);
  }

  return { articleCount: seen.size, missingArticles, errors, warnings };
}
