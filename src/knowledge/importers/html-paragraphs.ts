import { contains } from 'cheerio';

/** cheerio's DOM node type, named through cheerio's own exports rather than its parser's package. */
export type HtmlNode = Parameters<typeof contains>[1];

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const SKIPPED_TAGS = new Set(['head', 'script', 'style', 'noscript', 'template', 'title']);

/**
 * The paragraphs of an HTML subtree in reading order: a block element or a <br> ends a
 * paragraph, inline elements do not (vbpl splits words over <em>s: "<em>K</em><em>ỳ họp</em>").
 * Entities come decoded from the parser; whitespace is left for canonicalLines to collapse.
 */
export function htmlParagraphs(root: HtmlNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') paragraphs.push(current);
    current = '';
  };
  const visit = (node: HtmlNode) => {
    if (node.nodeType === 3) {
      current += node.data;
      return;
    }
    if (!('children' in node)) return;
    const name = 'name' in node ? node.name.toLowerCase() : '';
    if (SKIPPED_TAGS.has(name)) return;
    if (name === 'br') return flush();
    const block = BLOCK_TAGS.has(name);
    if (block) flush();
    for (const child of node.children) visit(child);
    if (block) flush();
  };
  visit(root);
  flush();
  return paragraphs;
}
