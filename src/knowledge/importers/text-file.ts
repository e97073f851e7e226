import { parseFrontMatter } from '../front-matter.ts';
import { canonicalLines, findDocumentNumber } from './canonical-text.ts';
import { SourceFormatError, type ImportedText } from './imported-text.ts';

/**
 * The số hiệu at the head of a header value: headers may add a gloss, as in
 * "9191/VBHN-BKHĐT (hợp nhất Nghị định 77/2019/NĐ-CP)".
 */
function leadingNumber(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const match = /^(?:Số\s*:?\s*)?(\S+)/u.exec(String(value).trim());
  return match?.[1];
}

/** A text file: a `---` header of `key: value` lines (number, title…) and the body. */
export function parseTextFile(raw: string, origin: string): ImportedText {
  const { fields, body } = parseFrontMatter(raw);
  const lines = canonicalLines(body.split(/\r?\n/));
  if (lines.length === 0) throw new SourceFormatError('the file has no body');
  const number = leadingNumber(fields.number) ?? findDocumentNumber(lines);
  if (!number) throw new SourceFormatError('no document number: neither a "number:" header nor a "Số: …" line');
  const title = typeof fields.title === 'string' && fields.title.trim() !== '' ? fields.title.trim().normalize('NFC') : undefined;
  return { number, title, format: 'text', origin, text: lines.join('\n') };
}
