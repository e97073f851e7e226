import { describe, expect, it } from 'vitest';
import { indexSavedTermLines, readSavedTermLines } from '../../src/retrieval/saved-term-line.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** The lines read back: each term, with every posting as [field, short id, count]. */
function read(lines: string, fieldOf = identity(3), docOf = identity(2_000)) {
  const terms: Array<{ term: string; postings: number[][] }> = [];
  const region = bytes(lines);
  readSavedTermLines({ bytes: region, start: 0, end: region.length }, {
    fieldOf,
    docOf,
    fieldCount: 3,
    onTerm(term, runDocs, runFreqs, runLength) {
      const postings: number[][] = [];
      for (let f = 0; f < 3; f++) for (let i = 0; i < runLength[f]!; i++) postings.push([f, runDocs[f]![i]!, runFreqs[f]![i]!]);
      terms.push({ term, postings });
    },
  });
  return terms;
}

const ENTRIES = [
  ['~hợp_tác', { 0: { 3: 1 }, 2: { 3: 2, 10: 1, 1234: 17 } }],
  ['a"b\\c', { 1: { 0: 1 } }],
  ['2030', {}],
] as const;

const postingsOf = (entry: (typeof ENTRIES)[number]) =>
  Object.entries(entry[1]).flatMap(([field, docs]) => Object.entries(docs).map(([shortId, count]) => [Number(field), Number(shortId), count]));

describe('readSavedTermLines', () => {
  it('reads what JSON.stringify writes for each term entry, one a line with commas between, accented and escaped terms included', () => {
    const lines = ENTRIES.map((entry) => JSON.stringify(entry)).join(',\n');
    expect(read(lines)).toEqual(ENTRIES.map((entry) => ({ term: entry[0], postings: postingsOf(entry) })));
  });

  it('gives a run longer than its first room whole', () => {
    const docs = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [i, (i % 7) + 1]));
    const [read1] = read(JSON.stringify(['von', { 2: docs }]));
    expect(read1!.postings).toHaveLength(1_000);
    expect(read1!.postings.at(-1)).toEqual([2, 999, (999 % 7) + 1]);
  });

  it('maps saved fields and documents to the reader\'s, leaving out a field it does not read', () => {
    const fieldOf = Int32Array.from([2, -1, 0]);
    const docOf = Int32Array.from([-1, 5, 6]);
    expect(read('["von",{"0":{"1":4},"1":{"2":1},"2":{"2":3}}]', fieldOf, docOf)).toEqual([{ term: 'von', postings: [[0, 6, 3], [2, 5, 4]] }]);
    expect(() => read('["von",{"0":{"0":4}}]', fieldOf, docOf)).toThrow(/unknown document/);
  });

  it('refuses a line written otherwise, so that the index is rebuilt', () => {
    for (const line of [
      '["von", {"2":{"1":1}}]',
      '["von",{"2":{"1":1.5}}]',
      '["von",{"2":{"5":1,"3":1}}]',
      '["von",{"2":{"01":1}}]',
      '["von",{"2":{"1":1}}],',
      '["von",{"2":{"1":1}}',
      '["von',
      '[1,{}]',
      '["von",{"2":{"1":1}}]\n["von",{"2":{"1":1}}]',
    ]) {
      expect(() => read(line), line).toThrow(/saved lexical index/);
    }
  });
});

describe('indexSavedTermLines', () => {
  it('reads each line\'s term and where its bytes are, the comma between lines left out', () => {
    const outline = '{"index":[\n';
    const lines = ENTRIES.map((entry) => JSON.stringify(entry));
    const file = bytes(`${outline}${lines.join(',\n')}\n]}`);
    const start = bytes(outline).length;
    const end = file.lastIndexOf(10);
    const found = indexSavedTermLines({ bytes: file, start, end });
    expect(found.terms).toEqual(ENTRIES.map((entry) => entry[0]));
    const decode = (t: number) => new TextDecoder().decode(file.subarray(found.lineStart[t], found.lineStop[t]));
    expect(ENTRIES.map((_, t) => decode(t))).toEqual(lines);
  });

  it('refuses, at once, a line whose form is damaged anywhere in it', () => {
    for (const line of ['["von", {"2":{"1":1}}]', '["von",{"2":{"1":1.5}}]', '["von",{"2":{"01":1}}]', '["von",{"2":{"1":1}}', '["von",{"2":{"1":1},}}]', '["von']) {
      const file = bytes(`["a",{"0":{"1":1}}],\n${line}`);
      expect(() => indexSavedTermLines({ bytes: file, start: 0, end: file.length }), line).toThrow(/saved lexical index/);
    }
  });
});
