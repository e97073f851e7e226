/**
 * The core's light markup (`**bold**`, lines starting "• ") as Telegram HTML, cut into messages.
 *
 * HTML rather than entities: the text is assembled from pieces that each carry their own tags,
 * so a piece can be measured, moved to the next message, or split on its own without offsets to
 * recompute. Everything that is not markup is escaped, so a "<" or "&" from a user's question
 * or a legal text can never break `parse_mode: 'HTML'`.
 */

/**
 * Telegram's limit for one message is 4,096 characters after entity parsing. Parts are measured
 * as rendered HTML in UTF-16 code units (what `String.length` counts), tags and escapes included:
 * stricter than Telegram, so a part that passes here is never refused there.
 */
export const TELEGRAM_TEXT_LIMIT = 4096;

interface Run {
  text: string;
  bold: boolean;
}

/** A self-contained piece of HTML and what joins it to the piece before it in the same message. */
interface Piece {
  html: string;
  separator: string;
}

const BOLD = /\*\*(.+?)\*\*/g;
const BOLD_OVERHEAD = '<b></b>'.length;
const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** Telegram's HTML knows only these three characters as special outside attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Bold never spans lines, so every line renders on its own and a cut between lines is always safe. */
function parseLine(line: string): Run[] {
  const runs: Run[] = [];
  let last = 0;
  for (const match of line.matchAll(BOLD)) {
    if (match.index > last) runs.push({ text: line.slice(last, match.index), bold: false });
    runs.push({ text: match[1] ?? '', bold: true });
    last = match.index + match[0].length;
  }
  if (last < line.length) runs.push({ text: line.slice(last), bold: false });
  return runs;
}

function renderRun({ text, bold }: Run): string {
  return bold ? `<b>${escapeHtml(text)}</b>` : escapeHtml(text);
}

function renderLine(line: string): string {
  return parseLine(line).map(renderRun).join('');
}

/** The whole markup as one HTML string (no length limit). */
export function renderMarkup(markup: string): string {
  return markup.split('\n').map(renderLine).join('\n');
}

/**
 * The markup as HTML messages, each at most `limit` code units, in order, nothing dropped.
 * Cuts prefer paragraph boundaries, then line boundaries, then spaces between words; a single
 * word longer than a message (a pasted URL, say) is cut between graphemes as a last resort.
 */
export function renderParts(markup: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const pieces: Piece[] = [];
  const paragraphs = markup.trim().split(/\n\s*\n/);
  paragraphs.forEach((paragraph, p) => {
    const paragraphSeparator = p === 0 ? '' : '\n\n';
    const html = renderMarkup(paragraph);
    if (html.length <= limit) {
      pieces.push({ html, separator: paragraphSeparator });
      return;
    }
    paragraph.split('\n').forEach((line, l) => {
      const lineSeparator = l === 0 ? paragraphSeparator : '\n';
      const lineHtml = renderLine(line);
      if (lineHtml.length <= limit) pieces.push({ html: lineHtml, separator: lineSeparator });
      else pieces.push(...wordPieces(line, lineSeparator, limit));
    });
  });
  return pack(pieces.filter((piece) => piece.html.length > 0), limit);
}

/** One piece per word (bold words keep their own tags), joined by a space where the line had one. */
function wordPieces(line: string, lineSeparator: string, limit: number): Piece[] {
  const pieces: Piece[] = [];
  let separator = lineSeparator;
  for (const run of parseLine(line)) {
    for (const token of run.text.split(/(\s+)/)) {
      if (token === '') continue;
      if (/^\s+$/.test(token)) {
        separator = pieces.length === 0 ? separator : ' ';
        continue;
      }
      const html = renderRun({ text: token, bold: run.bold });
      if (html.length <= limit) pieces.push({ html, separator });
      else pieces.push(...graphemePieces(token, run.bold, separator, limit));
      separator = '';
    }
  }
  return pieces;
}

/** Cuts one overlong word between graphemes, so no surrogate pair or combined emoji is torn. */
function graphemePieces(word: string, bold: boolean, separator: string, limit: number): Piece[] {
  const room = limit - (bold ? BOLD_OVERHEAD : 0);
  const chunks: string[] = [];
  let chunk = '';
  let chunkLength = 0;
  for (const { segment } of graphemes.segment(word)) {
    const length = escapeHtml(segment).length;
    if (chunkLength + length > room && chunk !== '') {
      chunks.push(chunk);
      chunk = '';
      chunkLength = 0;
    }
    chunk += segment;
    chunkLength += length;
  }
  if (chunk !== '') chunks.push(chunk);
  return chunks.map((text, i) => ({ html: renderRun({ text, bold }), separator: i === 0 ? separator : '' }));
}

/** Greedy: each message takes pieces while they fit; a separator at a cut is dropped. */
function pack(pieces: Piece[], limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const { html, separator } of pieces) {
    if (current === '') current = html;
    else if (current.length + separator.length + html.length <= limit) current += separator + html;
    else {
      parts.push(current);
      current = html;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}
