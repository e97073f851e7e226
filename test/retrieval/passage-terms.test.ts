import { describe, expect, it } from 'vitest';
import { PassageTerms, TermNumbers } from '../../src/retrieval/passage-terms.ts';

/** Every line a term is on, read back through the flat arrays. */
const linesOf = (terms: PassageTerms, term: string) => {
  const at = terms.find(term);
  const lines: number[] = [];
  for (let k = terms.firstLine(at); k < terms.endLine(at); k++) lines.push(terms.line(k));
  return lines;
};

describe('PassageTerms', () => {
  const numbers = new TermNumbers();
  // Numbers given out of the passage's own order: another passage came first.
  numbers.numberOf('von');
  numbers.numberOf('dieu');
  const terms = PassageTerms.of(
    [new Set(['dieu', 'kien', 'dieu_kien']), new Set(['thanh', 'vien', 'von']), new Set(['von', 'gop', 'von_gop'])],
    new Set(['luat', 'dieu']),
    numbers,
  );

  it('tells which lines hold a term, in order, and whether the context does', () => {
    expect(linesOf(terms, 'von')).toEqual([1, 2]);
    expect(linesOf(terms, 'dieu')).toEqual([0]);
    expect(terms.inContext(terms.find('dieu'))).toBe(true);
    expect(terms.inContext(terms.find('von'))).toBe(false);
    expect(linesOf(terms, 'luat')).toEqual([]);
    expect(terms.inContext(terms.find('luat'))).toBe(true);
    expect(terms.onLine(terms.find('von'), 2)).toBe(true);
    expect(terms.onLine(terms.find('von'), 0)).toBe(false);
  });

  it('holds each term once, and finds none it lacks, even one another passage holds', () => {
    expect(terms.size).toBe(9);
    expect(terms.find('hop')).toBe(-1);
    numbers.numberOf('hop');
    expect(terms.has('hop')).toBe(false);
    expect(terms.has('gop')).toBe(true);
  });

  it('shares the numbers between passages', () => {
    const other = PassageTerms.of([new Set(['hop', 'von'])], [], numbers);
    expect(linesOf(other, 'von')).toEqual([0]);
    expect(other.has('dieu')).toBe(false);
  });
});
