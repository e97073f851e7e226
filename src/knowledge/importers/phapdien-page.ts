import { load } from 'cheerio';
import { normalizeDocumentNumber } from '../catalog.ts';
import { canonicalLines, cleanParagraph, isCapitalised } from './canonical-text.ts';
import { htmlParagraphs } from './html-paragraphs.ts';
import { SourceFormatError, type ImportedText } from './imported-text.ts';

/** What a Pháp điển link note says about where an article comes from. */
interface SourceNote {
  article: number;
  suffix: string;
  /** "Luật", "Nghị định", "Thông tư"… */
  kind: string;
  documentNumber: string;
  /** The document's subject, given only in the first note of each document. */
  subject: string;
  /** "có nội dung bị bãi bỏ bởi …": the page's word that the article changed since. */
  amendment?: string;
}

interface Heading {
  numeral: string;
  title?: string;
}

interface TopicChapter extends Heading {
  /** A chapter's first section, which the page runs on into the chapter title. */
  firstSection?: Heading;
}

interface CodifiedArticle {
  /** Pháp điển's own number, e.g. "12.4.NĐ.3.21". */
  code: string;
  title: string;
  chapter?: TopicChapter;
  note?: SourceNote;
  paragraphs: string[];
  /** A section heading the page appends to this article's content: it opens the next article. */
  sectionAfter?: Heading;
}

interface SourceDocument {
  number: string;
  kind: string;
  subject: string;
  articles: { note: SourceNote; article: CodifiedArticle }[];
}

const ARTICLE_CODE = /^Điều\s+(\S+?)\.(?:\s+(.*))?$/u;
const CHAPTER = /^Chương\s+([IVXLCDM]+|\d+)(?=$|[\s.:–—-])\s*[.:–—-]?\s*(.*)$/iu;
const NOTE = /^\(\s*Điều\s+(\d+)([a-zđ]?)\s+(.+?)\s+số\s+([^\s,()]+)\s*(.*?)\s*\)?$/u;
const SECTION = /^(?:MỤC|Mục)\s+(\d+|[IVXLCDM]+)(?=$|[\s.:–—-])\s*[.:–—-]?\s*(.*)$/u;
const CROSS_REFERENCE = /^\((?:Điều|Khoản|Điểm|Chương|Mục) này có nội dung liên quan đến/u;
// "THÀNH VIÊN CỦA HỢP TÁC XÃ, LIÊN HIỆP HỢP TÁC XÃ MỤC 1. THÀNH VIÊN HỢP TÁC XÃ"
const RUN_ON_SECTION = /^(.*?)\s+(MỤC\s+(?:\d+|[IVXLCDM]+)(?=$|[\s.:–—-]).*)$/u;

function parseNote(text: string): SourceNote | undefined {
  const match = NOTE.exec(text);
  if (!match) return undefined;
  const [, article, suffix, kind, documentNumber, rest = ''] = match;
  const amendment = /(?:^|,)\s*(có nội dung .+)$/u.exec(rest)?.[1];
  return {
    article: Number(article),
    suffix: suffix ?? '',
    kind: kind ?? '',
    documentNumber: documentNumber ?? '',
    // Later notes of a document go straight to ", có hiệu lực …"; the first names its subject up to the date.
    subject: rest.startsWith(',') ? '' : (rest.split(/\s+ngày\s+\d/u)[0]?.trim() ?? ''),
    amendment,
  };
}

function parseSection(text: string): Heading | undefined {
  const match = SECTION.exec(text);
  if (!match || !isCapitalised(match[2] ?? '')) return undefined;
  return { numeral: match[1] ?? '', title: match[2] || undefined };
}

function parseChapterTitle(chapter: TopicChapter, text: string): TopicChapter {
  if (!text) return chapter;
  const runOn = RUN_ON_SECTION.exec(text);
  const firstSection = runOn ? parseSection(runOn[2] ?? '') : undefined;
  return firstSection ? { ...chapter, title: runOn?.[1], firstSection } : { ...chapter, title: text };
}

function romanValue(numeral: string): number {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  const digits = [...numeral.toUpperCase()].map((c) => values[c] ?? 0);
  return digits.reduce((sum, value, i) => sum + (value < (digits[i + 1] ?? 0) ? -value : value), 0);
}

function isLawArticle(article: CodifiedArticle): boolean {
  return article.code.split('.').includes('LQ');
}

/** The page in reading order: topic chapters, articles with their link notes and content. */
function readArticles(html: string): CodifiedArticle[] {
  const $ = load(html);
  const articles: CodifiedArticle[] = [];
  let chapter: TopicChapter | undefined;
  let current: CodifiedArticle | undefined;
  for (const p of $('p').toArray()) {
    const classes = ($(p).attr('class') ?? '').split(/\s+/);
    const text = cleanParagraph($(p).text());
    if (classes.includes('pChuong')) {
      const heading = CHAPTER.exec(text);
      if (heading) chapter = parseChapterTitle({ numeral: (heading[1] ?? '').toUpperCase() }, heading[2] ?? '');
      else if (chapter && !chapter.title && text) chapter = parseChapterTitle(chapter, text);
      current = undefined;
    } else if (classes.includes('pDieu')) {
      const heading = ARTICLE_CODE.exec(text);
      current = { code: heading?.[1] ?? text, title: heading?.[2] ?? '', chapter, paragraphs: [] };
      articles.push(current);
    } else if (classes.includes('pGhiChu')) {
      if (current && !current.note) current.note = parseNote(text);
    } else if (classes.includes('pChiDan')) {
      continue;
    } else if (current) {
      // Content sits in <p class="pNoiDung"><p>…</p></p>; HTML parsers close the outer <p> at the
      // inner one, so its paragraphs arrive as unclassed siblings.
      for (const paragraph of htmlParagraphs(p).map(cleanParagraph)) {
        const section = parseSection(paragraph);
        if (section) current.sectionAfter = section;
        else if (!CROSS_REFERENCE.test(paragraph)) current.paragraphs.push(paragraph);
      }
    }
  }
  return articles;
}

function groupByDocument(articles: CodifiedArticle[]): Map<string, SourceDocument> {
  const documents = new Map<string, SourceDocument>();
  for (const article of articles) {
    const note = article.note;
    if (!note) continue;
    const key = normalizeDocumentNumber(note.documentNumber);
    const document = documents.get(key) ?? { number: note.documentNumber, kind: note.kind, subject: '', articles: [] };
    if (!document.subject && note.subject) document.subject = note.subject;
    document.articles.push({ note, article });
    documents.set(key, document);
  }
  return documents;
}

function byArticleNumber(a: SourceNote, b: SourceNote): number {
  return a.article - b.article || a.suffix.localeCompare(b.suffix, 'vi');
}

/**
 * Topic chapters head the Law's articles only; a decree filed under them belongs to chapters of
 * its own that the page does not give. They are kept when they follow the articles in order.
 */
function chaptersHold(document: SourceDocument): boolean {
  const values = document.articles.map(({ article }) =>
    isLawArticle(article) && article.chapter ? romanValue(article.chapter.numeral) : undefined,
  );
  return values.every((v, i) => v !== undefined && (i === 0 || v >= (values[i - 1] ?? 0)));
}

function headingLines(kind: 'Chương' | 'Mục', heading: Heading): string[] {
  return [`${kind} ${heading.numeral}`, ...(heading.title ? [heading.title] : [])];
}

/**
 * The document's lines in its own article order. Sections are emitted only under emitted
 * chapters: without its chapter a decree's "Mục 2" would seem to run on into the next chapter.
 */
function documentText(document: SourceDocument, origin: string): ImportedText {
  const warnings: string[] = [];
  document.articles.sort((a, b) => byArticleNumber(a.note, b.note));
  const withChapters = chaptersHold(document);
  if (!withChapters && document.articles.some(({ article }) => isLawArticle(article) && article.chapter)) {
    warnings.push("the topic chapters do not follow the Law's article order: chapters left out");
  }
  const paragraphs: string[] = [];
  let chapter: string | undefined;
  let section: Heading | undefined;
  let previous: SourceNote | undefined;
  for (const { note, article } of document.articles) {
    const label = `Điều ${note.article}${note.suffix}`;
    if (previous && byArticleNumber(previous, note) === 0) {
      warnings.push(`${label} appears twice on the page: the second copy (${article.code}) was left out`);
      continue;
    }
    previous = note;
    if (withChapters && article.chapter && article.chapter.numeral !== chapter) {
      chapter = article.chapter.numeral;
      paragraphs.push(...headingLines('Chương', article.chapter));
      section = article.chapter.firstSection;
    }
    if (withChapters && section) paragraphs.push(...headingLines('Mục', section));
    section = article.sectionAfter;
    paragraphs.push(`${label}.${article.title ? ` ${article.title}` : ''}`);
    if (note.amendment) paragraphs.push(`(${note.amendment.charAt(0).toUpperCase()}${note.amendment.slice(1)})`);
    paragraphs.push(...article.paragraphs);
  }
  const title = cleanParagraph(`${document.kind} số ${document.number} ${document.subject}`);
  return { number: document.number, title, format: 'phapdien', origin, text: canonicalLines(paragraphs).join('\n'), warnings };
}

/**
 * A Pháp điển topic page (đề mục). It files articles of many documents under the topic's own
 * numbering ("Điều 12.4.NĐ.3.21."); each article's link note names its document and its own
 * number there, so the page is split back into one text per document, in that document's order.
 */
export function parsePhapdienPage(html: string, origin: string): ImportedText[] {
  const articles = readArticles(html);
  if (articles.length === 0) throw new SourceFormatError('no articles (p.pDieu) on the page');
  const unattributed = articles.filter((a) => !a.note).map((a) => a.code);
  const texts = [...groupByDocument(articles).values()].map((document) => documentText(document, origin));
  if (texts.length === 0) throw new SourceFormatError('no article names its source document (p.pGhiChu)');
  if (unattributed.length > 0) {
    const note = `${unattributed.length} article(s) on the page name no source document and were left out: ${unattributed.join(', ')}`;
    for (const text of texts) text.warnings = [...(text.warnings ?? []), note];
  }
  return texts;
}
