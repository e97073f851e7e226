import { describe, expect, it } from 'vitest';
import { bestFirst } from '../../src/retrieval/best-first.ts';

/** What bestFirst stands in for: every position sorted by score (stable), then cut. */
const sortedAndCut = (scores: number[], limit: number) =>
  scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, Math.max(0, limit));

/** A small deterministic generator, so a failure can be replayed. */
function randomScores(seed: number, count: number, distinct: number): number[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => Math.floor(next() * distinct) / 4);
}

describe('bestFirst', () => {
  it('gives what a stable sort and a slice give, ties at the cut-off included', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const scores = randomScores(seed, 1 + (seed % 97), 1 + (seed % 13));
      for (const limit of [1, 2, 5, 40, 80, 200]) expect(bestFirst(scores, limit)).toEqual(sortedAndCut(scores, limit));
    }
  });

  it('keeps equal scores in their order, and the first of them when not all fit', () => {
    expect(bestFirst([1, 3, 3, 2, 3], 2)).toEqual([1, 2]);
    expect(bestFirst([1, 3, 3, 2, 3], 4)).toEqual([1, 2, 4, 3]);
  });

  it('gives all positions when there are no more than asked for, and none for a limit of 0', () => {
    expect(bestFirst([0.5, 2, 1], 3)).toEqual([1, 2, 0]);
    expect(bestFirst([0.5, 2, 1], 10)).toEqual([1, 2, 0]);
    expect(bestFirst([0.5, 2, 1], 0)).toEqual([]);
    expect(bestFirst(new Float64Array(0), 5)).toEqual([]);
  });
});
