import {
  isAppendixHeading,
  isChapterHeading,
  isSectionHeading,
  parseArticleHeading,
} from '../knowledge/importers/canonical-text.ts';

/** An article, optionally narrowed to a khoản and a điểm: "điểm a khoản 1 Điều 30". */
export interface ArticleReference {
  article: number;
  clause?: number;
  point?: string;
}

const CLAUSE_LINE = /^(\d+)\.\s/;
const POINT_LINE = /^([a-zđ])\)\s/u;

/** "CHỦ TỊCH QUỐC HỘI", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ": the signature block closes the last article. */
function isSignatureLine(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toLocaleUpperCase('vi');
}

/** Lines from `start` (the heading) up to, not including, the first line `ends` accepts. */
function block(lines: string[], start: number, ends: (line: string) => boolean): string[] {
  let end = start + 1;
  while (end < lines.length && !ends(lines[end] as string)) end += 1;
  return lines.slice(start, end);
}

/**
 * The text of an article (heading included), a khoản of it, or a điểm of that khoản, from a text
 * in the canonical format (see ImportedText): "Điều N." to the next article, chapter, section or
 * appendix heading or signature block; a khoản is the lines from "N. " to the next numbered line; a điểm from "a) "
 * to the next lettered line. Sample forms in appendices may contain "Điều N." lines: the search
 * stops at the first appendix heading. Undefined when the text has no such passage.
 */
export function findPassage(canonicalText: string, ref: ArticleReference): string | undefined {
  const lines = canonicalText.split('\n');
  const isHeading = (line: string) =>
    parseArticleHeading(line) !== undefined ||
    isChapterHeading(line) ||
    isSectionHeading(line) ||
    isAppendixHeading(line) ||
    isSignatureLine(line);

  let articleStart = -1;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (isAppendixHeading(line)) break;
    const heading = parseArticleHeading(line);
    if (heading && heading.number === ref.article && heading.suffix === '') {
      articleStart = i;
      break;
    }
  }
  if (articleStart === -1) return undefined;
  const article = block(lines, articleStart, isHeading);
  if (ref.clause === undefined) return article.join('\n');

  const clauseStart = article.findIndex((line, i) => i > 0 && CLAUSE_LINE.exec(line)?.[1] === String(ref.clause));
  if (clauseStart === -1) return undefined;
  const clause = block(article, clauseStart, (line) => CLAUSE_LINE.test(line));
  if (ref.point === undefined) return clause.join('\n');

  const pointStart = clause.findIndex((line) => POINT_LINE.exec(line)?.[1] === ref.point);
  if (pointStart === -1) return undefined;
  return block(clause, pointStart, (line) => POINT_LINE.test(line)).join('\n');
}

/** How phrases are compared with the law: NFC, lower case, whitespace collapsed. */
export function comparableText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}
