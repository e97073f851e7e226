import { load } from 'cheerio';
import { canonicalLines, cleanParagraph, findDocumentNumber } from './canonical-text.ts';
import { htmlParagraphs } from './html-paragraphs.ts';
import { SourceFormatError, type ImportedText } from './imported-text.ts';

export interface VbplPageOptions {
  /** Number to use when the page prints no "Số: …" line (an online import knows what it asked for). */
  fallbackNumber?: string;
}

/**
 * A vbpl.vn full-text page (vbpq-toanvan.aspx). Its paragraphs carry classes (prov-chapter,
 * prov-article, prov-clause, prov-item…) on some pages only, so lines are classified by their
 * text, which every page has; the site's navigation is left out by reading the full-text box
 * when the page has one.
 */
export function parseVbplPage(html: string, origin: string, options: VbplPageOptions = {}): ImportedText {
  const $ = load(html);
  const root = $('#toanvancontent, .toanvancontent').get(0) ?? $('body').get(0) ?? $.root().get(0);
  const lines = root ? canonicalLines(htmlParagraphs(root)) : [];
  if (lines.length === 0) throw new SourceFormatError('the page has no text');
  const number = findDocumentNumber(lines) ?? options.fallbackNumber;
  if (!number) throw new SourceFormatError('no document number: the page has no "Số: …" line');
  const title = cleanParagraph($('title').first().text()) || undefined;
  return { number, title, format: 'vbpl', origin, text: lines.join('\n') };
}
