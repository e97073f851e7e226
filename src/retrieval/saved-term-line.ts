/**
 * One term of a saved lexical index, read from the UTF-8 bytes of its JSON as the index writes it
 * (lexical-index.ts `savedTermLines`): `["term",{"0":{"12":1,"40":2},"2":{"7":3}}]` — the term, then
 * per field the documents' short ids with the term's count there. Read byte by byte, without an
 * object per term and field: loading a large library's index was mostly JSON.parse and walking
 * those objects. A line written otherwise (spaces, numbers out of order) is refused, and the index
 * is rebuilt.
 */
export function readSavedTermLine(line: Uint8Array, onPosting: (field: number, shortId: number, count: number) => void): string {
  let at = 0;
  const fail = (): never => {
    throw new Error(`saved lexical index: a term line is not as written (at byte ${at})`);
  };
  const expect = (byte: number) => {
    if (line[at] !== byte) fail();
    at++;
  };
  /** A whole number without leading zeros. */
  const number = (): number => {
    const start = at;
    let value = 0;
    while (at < line.length && line[at]! >= DIGIT_0 && line[at]! <= DIGIT_9) value = value * 10 + (line[at++]! - DIGIT_0);
    if (at === start || (line[start] === DIGIT_0 && at - start > 1)) fail();
    return value;
  };
  /** `"<number>":` */
  const key = (): number => {
    expect(QUOTE);
    const value = number();
    expect(QUOTE);
    expect(COLON);
    return value;
  };
  expect(OPEN_BRACKET);
  const term = readTerm(line, at);
  at = term.end;
  expect(COMMA);
  expect(OPEN_BRACE);
  if (line[at] !== CLOSE_BRACE) {
    for (;;) {
      const field = key();
      expect(OPEN_BRACE);
      let previous = -1;
      for (;;) {
        const shortId = key();
        // In order, as JSON.stringify writes whole-number keys: a run stays sorted by document.
        if (shortId <= previous) fail();
        previous = shortId;
        onPosting(field, shortId, number());
        if (line[at] !== COMMA) break;
        at++;
      }
      expect(CLOSE_BRACE);
      if (line[at] !== COMMA) break;
      at++;
    }
  }
  expect(CLOSE_BRACE);
  expect(CLOSE_BRACKET);
  if (at !== line.length) fail();
  return term.text;
}

const [QUOTE, COMMA, COLON, BACKSLASH, DIGIT_0, DIGIT_9] = ['"', ',', ':', '\\', '0', '9'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number];
const [OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE] = ['[', ']', '{', '}'].map((c) => c.charCodeAt(0)) as [number, number, number, number];
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON string starting at `start`, and where it ends. */
function readTerm(line: Uint8Array, start: number): { text: string; end: number } {
  if (line[start] !== QUOTE) throw new Error('saved lexical index: a term line does not start with its term');
  let escaped = false;
  for (let at = start + 1; at < line.length; at++) {
    if (line[at] === BACKSLASH) {
      escaped = true;
      at++;
    } else if (line[at] === QUOTE) {
      const inner = line.subarray(start + 1, at);
      // Escapes are rare ("\"" or "\\" in a term): JSON reads those, the decoder the rest.
      const text = escaped ? (JSON.parse(UTF8.decode(line.subarray(start, at + 1))) as string) : UTF8.decode(inner);
      return { text, end: at + 1 };
    }
  }
  throw new Error('saved lexical index: a term line has an unterminated term');
}
