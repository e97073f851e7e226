import { Buffer } from 'node:buffer';

/**
 * The terms of a saved lexical index, read from the UTF-8 bytes of their JSON as the index writes
 * them (lexical-index.ts `savedTermLines`), one per line: `["term",{"0":{"12":1,"40":2},"2":{"7":3}}]`
 * — the term, then per field the documents' short ids with the term's count there — each line but
 * the last ending with the comma between terms. A start checks every line's form and reads only
 * its term (`indexSavedTermLines`); a term's postings are read when a question first asks for it
 * (`readSavedTermLines`), byte by byte, without an object per term and field. Reading all ~30,000
 * terms at every start was most of a cold `cli ask`, and a question uses a few dozen. A line
 * written otherwise (spaces, numbers out of order) is refused, and the index is rebuilt.
 */

/** Where the term lines are: `bytes[start, end)`, lines separated by "\n". */
export interface SavedTermRegion {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** What each term line is read into; postings of a field the reader does not know are left out. */
export interface TermSink {
  /** The reader's field number for each saved field id, −1 where it reads none. */
  fieldOf: Int32Array;
  fieldCount: number;
  /** The document number for each saved short id, −1 for none (an unknown document is refused). */
  docOf: Int32Array;
  /** A term, its postings just read into `runDocs`/`runFreqs` by field, `runLength[f]` of each. */
  onTerm(term: string, runDocs: Uint32Array[], runFreqs: Uint32Array[], runLength: Uint32Array): void;
}

export function readSavedTermLines(region: SavedTermRegion, sink: TermSink): void {
  const { bytes, end } = region;
  const { fieldOf, docOf, fieldCount } = sink;
  let capacity = 256;
  let runDocs: Uint32Array[] = Array.from({ length: fieldCount }, () => new Uint32Array(capacity));
  let runFreqs: Uint32Array[] = Array.from({ length: fieldCount }, () => new Uint32Array(capacity));
  const runLength = new Uint32Array(fieldCount);
  let at = region.start;
  while (at < end) {
    let lineEnd = bytes.indexOf(NEWLINE, at);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    // Each line but the last ends with the comma between terms.
    if (lineEnd < end && bytes[lineEnd - 1] !== COMMA) fail(at);
    const stop = lineEnd < end ? lineEnd - 1 : lineEnd;
    runLength.fill(0);
    if (bytes[at++] !== OPEN_BRACKET) fail(at);
    const term = readTerm(bytes, at, stop);
    at = term.end;
    if (bytes[at++] !== COMMA || bytes[at++] !== OPEN_BRACE) fail(at);
    if (bytes[at] !== CLOSE_BRACE) {
      for (;;) {
        // `"<field>":{`
        if (bytes[at++] !== QUOTE) fail(at);
        const fieldEnd = numberEnd(bytes, at, stop);
        const field = wholeNumber(bytes, at, fieldEnd);
        at = fieldEnd;
        if (bytes[at++] !== QUOTE || bytes[at++] !== COLON || bytes[at++] !== OPEN_BRACE) fail(at);
        const f = field < fieldOf.length ? fieldOf[field]! : -1;
        let previous = -1;
        for (;;) {
          // `"<short id>":<count>`
          if (bytes[at++] !== QUOTE) fail(at);
          const shortIdEnd = numberEnd(bytes, at, stop);
          const shortId = wholeNumber(bytes, at, shortIdEnd);
          at = shortIdEnd;
          if (bytes[at++] !== QUOTE || bytes[at++] !== COLON) fail(at);
          const countEnd = numberEnd(bytes, at, stop);
          const count = wholeNumber(bytes, at, countEnd);
          at = countEnd;
          // In order, as JSON.stringify writes whole-number keys: a run stays sorted by document.
          if (shortId <= previous) fail(at);
          previous = shortId;
          // A field this index does not read is left out.
          if (f >= 0) {
            const doc = shortId < docOf.length ? docOf[shortId]! : -1;
            if (doc < 0) throw new Error('saved lexical index holds an unknown document');
            if (runLength[f] === capacity) {
              capacity *= 2;
              runDocs = runDocs.map((run) => grown(run, capacity));
              runFreqs = runFreqs.map((run) => grown(run, capacity));
            }
            runDocs[f]![runLength[f]!] = doc;
            runFreqs[f]![runLength[f]!++] = count;
          }
          if (bytes[at] !== COMMA) break;
          at++;
        }
        if (bytes[at++] !== CLOSE_BRACE) fail(at);
        if (bytes[at] !== COMMA) break;
        at++;
      }
    }
    if (bytes[at++] !== CLOSE_BRACE || bytes[at++] !== CLOSE_BRACKET || at !== stop) fail(at);
    sink.onTerm(term.text, runDocs, runFreqs, runLength);
    at = lineEnd + 1;
  }
}

function fail(at: number): never {
  throw new Error(`saved lexical index: a term line is not as written (at byte ${at})`);
}

/** Where the whole number starting at `at` ends; there must be one, without leading zeros. */
function numberEnd(bytes: Uint8Array, at: number, stop: number): number {
  let end = at;
  while (end < stop && bytes[end]! >= DIGIT_0 && bytes[end]! <= DIGIT_9) end++;
  if (end === at || (bytes[at] === DIGIT_0 && end - at > 1)) fail(end);
  return end;
}

/** The value of the digits `bytes[from, to)`. */
function wholeNumber(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (bytes[i]! - DIGIT_0);
  return value;
}

/** Each term line in the region: its term, and its bytes without the comma after it. */
export interface SavedTermLines {
  terms: string[];
  lineStart: Uint32Array;
  lineStop: Uint32Array;
}

/**
 * One term line as the index writes it: the term, then fields, each with its documents and counts,
 * whole numbers without leading zeros. Matched over the bytes read as Latin-1, so the term's UTF-8
 * passes as it is.
 */
const NUMBER = '(?:0|[1-9]\\d*)';
const FIELD_RUN = `"${NUMBER}":\\{"${NUMBER}":${NUMBER}(?:,"${NUMBER}":${NUMBER})*\\}`;
const TERM_LINE = new RegExp(`\\["(?:[^"\\\\]|\\\\.)*",\\{(?:${FIELD_RUN}(?:,${FIELD_RUN})*)?\\}\\]`, 'y');

/** Every line's form checked and its term read; the postings are left for `readSavedTermLines`. */
export function indexSavedTermLines(region: SavedTermRegion): SavedTermLines {
  const { bytes, end } = region;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', region.start, end);
  const terms: string[] = [];
  const lineStart: number[] = [];
  const lineStop: number[] = [];
  for (let at = region.start; at < end; ) {
    let lineEnd = bytes.indexOf(NEWLINE, at);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    // Each line but the last ends with the comma between terms.
    if (lineEnd < end && bytes[lineEnd - 1] !== COMMA) fail(lineEnd);
    const stop = lineEnd < end ? lineEnd - 1 : lineEnd;
    TERM_LINE.lastIndex = at - region.start;
    if (!TERM_LINE.test(text) || TERM_LINE.lastIndex !== stop - region.start) fail(at);
    terms.push(readTerm(bytes, at + 1, stop).text);
    lineStart.push(at);
    lineStop.push(stop);
    at = lineEnd + 1;
  }
  return { terms, lineStart: Uint32Array.from(lineStart), lineStop: Uint32Array.from(lineStop) };
}

function grown(run: Uint32Array, capacity: number): Uint32Array {
  const larger = new Uint32Array(capacity);
  larger.set(run);
  return larger;
}

const [NEWLINE, QUOTE, COMMA, COLON, BACKSLASH, DIGIT_0, DIGIT_9] = ['\n', '"', ',', ':', '\\', '0', '9'].map((c) => c.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const [OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE] = ['[', ']', '{', '}'].map((c) => c.charCodeAt(0)) as [number, number, number, number];
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON string starting at `start`, and where it ends. */
function readTerm(bytes: Uint8Array, start: number, stop: number): { text: string; end: number } {
  if (bytes[start] !== QUOTE) throw new Error('saved lexical index: a term line does not start with its term');
  let escaped = false;
  for (let at = start + 1; at < stop; at++) {
    if (bytes[at] === BACKSLASH) {
      escaped = true;
      at++;
    } else if (bytes[at] === QUOTE) {
      // Escapes are rare ("\"" or "\\" in a term): JSON reads those, the decoder the rest.
      const text = escaped ? (JSON.parse(UTF8.decode(bytes.subarray(start, at + 1))) as string) : UTF8.decode(bytes.subarray(start + 1, at));
      return { text, end: at + 1 };
    }
  }
  throw new Error('saved lexical index: a term line has an unterminated term');
}
