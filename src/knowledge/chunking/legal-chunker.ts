import type { KnowledgeDocument, Passage } from '../types.ts';
import { PASSAGE_MAX_CHARS, PassageBuilder, lengthOf, packBlocks, windows } from './passage-builder.ts';

const CHAPTER = /^(chương|chuong)\s+([IVXLC]+|\d+)\b\.?\s*(.*)$/i;
const SECTION = /^(mục|muc)\s+(\d+)\b\.?\s*(.*)$/i;
const ARTICLE = /^Điều\s+(\d+)([a-zđ]?)\s*[.:]\s*(.*)$/;
const CLAUSE = /^(\d+)\.\s/;
/** After the last article: signature block, footnotes of a consolidated text, appendices. */
const TRAILER = /^(\[\d+\]|\(?PHẦN PHỤ LỤC|PHỤ LỤC\b|Phụ lục\b)/;
const SIGNATURE = /^[\p{Lu}\s.,\-–()]{3,60}$/u;

interface Article {
  number: number;
  label: string;
  heading: string;
  path: string[];
  body: string[];
}

/** A title line after "Chương I" is upper-case in every source; an article line never is. */
const isTitleLine = (line: string | undefined) => !!line && !ARTICLE.test(line) && line === line.toUpperCase();

/**
 * Where the articles end: the first signature line (an upper-case line that is not a chapter or
 * section title) or footnote/appendix marker after the first article. Appendix forms may contain
 * their own "Điều 1." lines, so the cut must come before looking for articles.
 */
function endOfArticles(lines: string[]): number {
  const first = lines.findIndex((l) => ARTICLE.test(l));
  if (first < 0) return lines.length;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const previous = lines[i - 1]!;
    const isHeading = CHAPTER.test(line) || SECTION.test(line) || CHAPTER.test(previous) || SECTION.test(previous);
    if (TRAILER.test(line) || (SIGNATURE.test(line) && !isHeading)) return i;
  }
  return lines.length;
}

function parse(allLines: string[]) {
  const end = endOfArticles(allLines);
  const lines = allLines.slice(0, end);
  const notesStart = allLines.findIndex((l, i) => i >= end && TRAILER.test(l));
  const trailer = notesStart >= 0 ? allLines.slice(notesStart) : [];
  const preamble: string[] = [];
  const articles: Article[] = [];
  let chapter: string | undefined;
  let section: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A heading carries at most a short title; a longer line starting "Mục 2 …" is body text.
    const chapterMatch = line.length < 150 ? CHAPTER.exec(line) : null;
    const sectionMatch = line.length < 150 ? SECTION.exec(line) : null;
    const articleMatch = ARTICLE.exec(line);
    if (chapterMatch) {
      const title = chapterMatch[3] || (isTitleLine(lines[i + 1]) ? lines[++i] : '');
      chapter = `Chương ${chapterMatch[2]!.toUpperCase()}${title ? `. ${title}` : ''}`;
      section = undefined;
    } else if (sectionMatch && chapter) {
      const title = sectionMatch[3] || (isTitleLine(lines[i + 1]) ? lines[++i] : '');
      section = `Mục ${sectionMatch[2]}${title ? `. ${title}` : ''}`;
    } else if (articleMatch) {
      articles.push({
        number: Number(articleMatch[1]),
        label: `${articleMatch[1]}${articleMatch[2]}`,
        heading: line,
        path: [chapter, section].filter((p): p is string => !!p),
        body: [],
      });
    } else if (articles.length === 0) {
      preamble.push(line);
    } else {
      articles.at(-1)!.body.push(line);
    }
  }
  return { preamble, articles, trailer };
}

interface ClauseBlock {
  numbers: number[];
  lines: string[];
}

/** An article's lines grouped by khoản: the lead-in (if any), then one block per numbered clause. */
function clauseBlocks(body: string[]): { lead: string[]; clauses: ClauseBlock[] } {
  const lead: string[] = [];
  const clauses: ClauseBlock[] = [];
  for (const line of body) {
    const m = CLAUSE.exec(line);
    if (m) clauses.push({ numbers: [Number(m[1])], lines: [line] });
    else if (clauses.length === 0) lead.push(line);
    else clauses.at(-1)!.lines.push(line);
  }
  return { lead, clauses };
}

function clauseCitation(numbers: number[]): string {
  if (numbers.length === 1) return `Khoản ${numbers[0]}`;
  const first = numbers[0]!;
  const last = numbers.at(-1)!;
  const consecutive = last - first === numbers.length - 1;
  return consecutive && numbers.length > 2 ? `Khoản ${first}–${last}` : `Khoản ${numbers.join(', ')}`;
}

/**
 * Splits a legal text at its articles, keeping the Chương/Mục path. An article too long for one
 * passage is split at its khoản, each part repeating the article heading so it reads on its own.
 */
export function chunkLegalDocument(doc: KnowledgeDocument): Passage[] {
  const { citeAs } = doc.meta;
  const lines = doc.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const { preamble, articles, trailer } = parse(lines);
  const out = new PassageBuilder(doc);

  windows(preamble).forEach((part) =>
    out.add('mo-dau', { headingPath: ['Phần mở đầu'], citation: `Phần mở đầu ${citeAs}`, lines: part }),
  );

  for (const article of articles) {
    const headingPath = [...article.path, article.heading];
    const citation = `Điều ${article.label} ${citeAs}`;
    const whole = [article.heading, ...article.body];
    const { lead, clauses } = clauseBlocks(article.body);
    if (lengthOf(whole) <= PASSAGE_MAX_CHARS || clauses.length < 2) {
      out.add(`d${article.label}`, { headingPath, citation, lines: whole, article: article.number });
      continue;
    }
    // A short lead-in ("Hợp tác xã có các quyền sau đây:") is what makes each part make sense.
    const repeatedLead = lengthOf(lead) <= 300 ? lead : [];
    if (repeatedLead.length === 0 && lead.length > 0) {
      out.add(`d${article.label}`, { headingPath, citation, lines: [article.heading, ...lead], article: article.number });
    }
    for (const group of packBlocks(clauses)) {
      const numbers = group.flatMap((b) => b.numbers);
      const groupLines = group.flatMap((b) => b.lines);
      // One khoản with many điểm can still be too long: split it at its lines, heading repeated.
      const parts = lengthOf(groupLines) <= PASSAGE_MAX_CHARS ? [groupLines] : windows(groupLines);
      for (const part of parts) {
        out.add(`d${article.label}-k${numbers[0]}`, {
          headingPath,
          citation: `${clauseCitation(numbers)} Điều ${article.label} ${citeAs}`,
          lines: [article.heading, ...repeatedLead, ...part],
          article: article.number,
        });
      }
    }
  }

  windows(trailer).forEach((part) =>
    out.add('phu-luc', { headingPath: ['Phụ lục, ghi chú'], citation: `Phụ lục / ghi chú ${citeAs}`, lines: part }),
  );
  return out.passages;
}
