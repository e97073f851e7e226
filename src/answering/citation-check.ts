/**
 * Checks what a model wrote against the passages it was given. Passages are numbered from 1, so
 * "given" is their count. Pure functions: the answerer decides what to do with the result.
 */

/** The sentence the system prompt asks the model to open with when the passages hold no answer. */
export const ABSTENTION_OPENING = 'Các văn bản tôi có không trả lời được câu hỏi này';

export interface CheckedCitations {
  /** The model text with markers for passages not given removed and spacing tidied. */
  text: string;
  /** Valid passage numbers cited, ascending, each once. */
  used: number[];
  /** Numbers cited that were never given, ascending, each once. */
  invented: number[];
}

/** "[1]", "[1, 2]", "[1; 3]", "[2-4]": one bracket group of numbers and ranges. */
const MARKER = /\[(\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*[,;]\s*\d+(?:\s*[-–]\s*\d+)?)*\s*)\]/g;

/** Stands in for a removed marker until the spaces around it are settled. */
const REMOVED = '\u0000';
const REMOVED_WITH_SPACES = /[ \t]*\u0000+[ \t]*/g;

/** Wider ranges are not something a model means to cite ("[1-2024]"): only their ends count. */
const MAX_RANGE = 20;

/** Every passage number cited, in order of first appearance. */
export function findCitationMarkers(text: string): number[] {
  const found = [...text.matchAll(MARKER)].flatMap((m) => numbersIn(m[1] ?? ''));
  return [...new Set(found)];
}

/** Removes markers for passages that were not given, keeping valid numbers of a group. */
export function checkCitations(text: string, given: number): CheckedCitations {
  const isGiven = (n: number) => Number.isInteger(n) && n >= 1 && n <= given;
  const cited = findCitationMarkers(text);
  const marked = text.replaceAll(REMOVED, '').replace(MARKER, (_marker: string, group: string) => {
    const valid = [...new Set(numbersIn(group).filter(isGiven))];
    return valid.length > 0 ? `[${valid.join(', ')}]` : REMOVED;
  });
  // Between two words a removed marker leaves one space; at a line's edge or before punctuation, none.
  const kept = marked.replace(REMOVED_WITH_SPACES, (removed: string, offset: number) => {
    const before = marked[offset - 1];
    const after = marked[offset + removed.length];
    const atEdge = before === undefined || before === '\n' || after === undefined || after === '\n' || /[.,;:!?)]/.test(after);
    return atEdge || !/[ \t]/.test(removed) ? '' : ' ';
  });
  return {
    text: kept.trim(),
    used: cited.filter(isGiven).sort((a, b) => a - b),
    invented: cited.filter((n) => !isGiven(n)).sort((a, b) => a - b),
  };
}

/**
 * Drops a sources list the model wrote at the end ("Căn cứ:", "Nguồn:"): the bot renders the
 * citations users see from passage metadata, never from model text.
 */
export function withoutSourcesSection(text: string): string {
  const lines = text.normalize('NFC').split('\n');
  const heading = /^\s*(?:\*\*)?\s*(?:căn cứ(?: pháp lý)?|nguồn(?: tham khảo)?|tài liệu tham khảo|trích dẫn)\s*(?:\*\*)?\s*:/iu;
  const start = lines.findIndex((line, i) => i > 0 && heading.test(line));
  return start === -1 ? text : lines.slice(0, start).join('\n').trimEnd();
}

/** Whether the model said plainly that the passages do not hold the answer. */
export function isAbstention(text: string): boolean {
  const opening = text.normalize('NFC').replace(/^[\s*"“«]+/u, '').toLocaleLowerCase('vi');
  return opening.startsWith(ABSTENTION_OPENING.toLocaleLowerCase('vi'));
}

/**
 * Whether the answer states something without a single valid citation. Every answer but an
 * abstention speaks about the law here, so anything else without a citation is unsupported
 * and the caller falls back to the extractive answer.
 */
export function lacksCitationForLegalPoint(checked: CheckedCitations): boolean {
  return checked.used.length === 0 && !isAbstention(checked.text);
}

function numbersIn(group: string): number[] {
  return group.split(/[,;]/).flatMap((item) => {
    const [from, to] = item.split(/[-–]/).map((s) => Number(s.trim()));
    if (from === undefined) return [];
    if (to === undefined) return [from];
    if (to < from || to - from > MAX_RANGE) return [from, to];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}
