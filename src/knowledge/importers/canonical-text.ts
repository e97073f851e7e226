/**
 * The one line format all importers emit (see ImportedText): sources spell headings in several
 * ways ("CHƯƠNG I", "Chương I. TITLE", "Điều 5.[5] Title"), the chunker must only know one.
 */

export interface ArticleHeading {
  number: number;
  /** Letter of an inserted article ("Điều 5a"), empty for ordinary ones. */
  suffix: string;
  title: string;
}

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// The numeral must end there: "\b" alone would take "CHƯƠNG VIỆC" for chapter VI.
const CHAPTER = /^(?:CHƯƠNG|Chương)\s+([IVXLCDM]+|\d+)(?=$|[\s.:–—-])\s*[.:–—-]?\s*(.*)$/u;
const SECTION = /^(?:MỤC|Mục)\s+([IVXLCDM]+|\d+)(?=$|[\s.:–—-])\s*[.:–—-]?\s*(.*)$/u;
const ARTICLE_SOURCE = /^Điều\s+(\d+)([a-zđ]?)\s*\.\s*(?:\[(\d+)\]\s*)?(.*)$/u;
// Consolidated texts put footnote marks straight after the number: "1.[2] (được bãi bỏ)".
const NUMBERED_WITH_FOOTNOTE = /^(\d+\.|[a-zđ]\))\[(\d+)\]\s*(.*)$/u;
// Pháp điển drops the space after a khoản or điểm number: "1.Giao dịch", "a)Mua chung".
const NUMBERED_WITHOUT_SPACE = /^(\d+\.|[a-zđ]\))(?=\p{L})/u;

const ARTICLE_LINE = /^Điều (\d+)([a-zđ]?)\.(?: (.*))?$/u;
const CHAPTER_LINE = /^Chương (?:[IVXLCDM]+|\d+)$/u;
const SECTION_LINE = /^Mục (?:[IVXLCDM]+|\d+)$/u;
const APPENDIX_LINE = /^(?:PHỤ LỤC|Phụ lục)(?:\s+[IVXLCDM\d]+)?(?:\s*[.:–—-]\s*(.*))?$/u;

/** Whitespace collapsed, entities already decoded by the caller, NFC; '' for an empty paragraph. */
export function cleanParagraph(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Heading titles are written in capitals; "Chương II của Luật này …" is a sentence, not a heading. */
export function isCapitalised(text: string): boolean {
  return text === text.toLocaleUpperCase('vi');
}

function canonicalLinesOf(paragraph: string): string[] {
  const chapter = CHAPTER.exec(paragraph);
  if (chapter && isCapitalised(chapter[2] ?? '')) return [`Chương ${chapter[1]}`, chapter[2] ?? ''];
  const section = SECTION.exec(paragraph);
  if (section && isCapitalised(section[2] ?? '')) return [`Mục ${section[1]}`, section[2] ?? ''];
  const article = ARTICLE_SOURCE.exec(paragraph);
  if (article) {
    const [, number, suffix, footnote, title] = article;
    const heading = `Điều ${number}${suffix}.${title ? ` ${title}` : ''}`;
    return [footnote ? `${heading}[${footnote}]` : heading];
  }
  const numbered = NUMBERED_WITH_FOOTNOTE.exec(paragraph);
  if (numbered) return [`${numbered[1]} ${numbered[3]}[${numbered[2]}]`];
  return [paragraph.replace(NUMBERED_WITHOUT_SPACE, '$1 ')];
}

/** Paragraphs in reading order → the canonical lines, empty paragraphs dropped. */
export function canonicalLines(paragraphs: Iterable<string>): string[] {
  const lines: string[] = [];
  for (const raw of paragraphs) {
    const paragraph = cleanParagraph(raw);
    if (paragraph) lines.push(...canonicalLinesOf(paragraph).filter((line) => line !== ''));
  }
  return lines;
}

export function canonicalText(paragraphs: Iterable<string>): string {
  return canonicalLines(paragraphs).join('\n');
}

export function parseArticleHeading(line: string): ArticleHeading | undefined {
  const match = ARTICLE_LINE.exec(line);
  if (!match) return undefined;
  return { number: Number(match[1]), suffix: match[2] ?? '', title: match[3] ?? '' };
}

export function isChapterHeading(line: string): boolean {
  return CHAPTER_LINE.test(line);
}

export function isSectionHeading(line: string): boolean {
  return SECTION_LINE.test(line);
}

/** "PHỤ LỤC", "Phụ lục", "Phụ lục I. DANH MỤC …": a heading, not a sentence that mentions an appendix. */
export function isAppendixHeading(line: string): boolean {
  const match = APPENDIX_LINE.exec(line);
  return match !== null && isCapitalised(match[1] ?? '');
}

/** The số hiệu of a "Số: 17/2023/QH15" line, as printed under the issuer's name. */
export function findDocumentNumber(lines: Iterable<string>): string | undefined {
  for (const line of lines) {
    const match = /(?:^|\s)Số\s*:?\s*(\d[\p{L}\p{N}./-]*\/[\p{L}\p{N}./-]*[\p{L}\p{N}])/u.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
