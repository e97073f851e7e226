import { describe, expect, it } from 'vitest';
import { readSavedTermLine } from '../../src/retrieval/saved-term-line.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The line read back: its term, and every posting as [field, short id, count]. */
function read(line: string) {
  const postings: number[][] = [];
  const term = readSavedTermLine(bytes(line), (field, shortId, count) => postings.push([field, shortId, count]));
  return { term, postings };
}

describe('readSavedTermLine', () => {
  it('reads what JSON.stringify writes for a term entry, accented and escaped terms included', () => {
    for (const entry of [
      ['~hợp_tác', { 0: { 3: 1 }, 2: { 3: 2, 10: 1, 1234: 17 } }],
      ['a"b\\c', { 1: { 0: 1 } }],
      ['2030', {}],
    ] as const) {
      const postings = Object.entries(entry[1]).flatMap(([field, docs]) => Object.entries(docs).map(([shortId, count]) => [Number(field), Number(shortId), count]));
      expect(read(JSON.stringify(entry))).toEqual({ term: entry[0], postings });
    }
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
    ]) {
      expect(() => read(line), line).toThrow(/saved lexical index/);
    }
  });
});
