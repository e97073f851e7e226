import { extname } from 'node:path';
import type { ImportFormat } from './imported-text.ts';

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.aspx']);

/**
 * Which parser reads a file, from its name and content; undefined for anything else (PDF, Word,
 * images…), which the import skips. Pháp điển pages are told apart by their article class.
 */
export function detectFormat(path: string, content: string): ImportFormat | undefined {
  if (content.includes('\u0000')) return undefined;
  const extension = extname(path).toLowerCase();
  const looksLikeHtml = /^\s*(?:\uFEFF)?\s*<(?:!doctype|html|head|body|link|meta|div|p|h\d)\b/iu.test(content);
  if (HTML_EXTENSIONS.has(extension) || (!TEXT_EXTENSIONS.has(extension) && looksLikeHtml)) {
    return /class\s*=\s*["']?[^"'>]*\bpDieu\b/u.test(content) ? 'phapdien' : 'vbpl';
  }
  if (TEXT_EXTENSIONS.has(extension) || (extension === '' && /^\uFEFF?---\r?\n/u.test(content))) return 'text';
  return undefined;
}
