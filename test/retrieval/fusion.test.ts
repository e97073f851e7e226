import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, weightedScoreFusion } from '../../src/retrieval/fusion.ts';

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists an item appears in', () => {
    const fused = reciprocalRankFusion([
      [{ id: 'a' }, { id: 'b' }],
      [{ id: 'b' }, { id: 'c' }],
    ]);
    expect(ids(fused)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(fused[1]!.score).toBeCloseTo(1 / 61);
    expect(fused[2]!.score).toBeCloseTo(1 / 62);
  });

  it('keeps an item found by one list only', () => {
    const fused = reciprocalRankFusion([[{ id: 'lexical-only' }], []]);
    expect(fused).toEqual([{ id: 'lexical-only', score: 1 / 61 }]);
  });

  it('honours k: a small k widens the gap between ranks', () => {
    const [first, second] = reciprocalRankFusion([[{ id: 'a' }, { id: 'b' }]], { k: 1 });
    expect(first!.score).toBeCloseTo(1 / 2);
    expect(second!.score).toBeCloseTo(1 / 3);
  });

  it('weights lists', () => {
    const lists = [[{ id: 'a' }], [{ id: 'b' }]];
    expect(ids(reciprocalRankFusion(lists, { weights: [1, 2] }))).toEqual(['b', 'a']);
    expect(reciprocalRankFusion(lists, { weights: [1, 2] })[0]!.score).toBeCloseTo(2 / 61);
  });

  it('breaks ties by first appearance: earlier list, better rank', () => {
    const fused = reciprocalRankFusion([
      [{ id: 'x' }, { id: 'y' }],
      [{ id: 'z' }, { id: 'w' }],
    ]);
    expect(ids(fused)).toEqual(['x', 'z', 'y', 'w']);
  });

  it('counts an id repeated within one list once, at its better rank', () => {
    const fused = reciprocalRankFusion([[{ id: 'a' }, { id: 'a' }, { id: 'b' }]]);
    expect(fused).toEqual([
      { id: 'a', score: 1 / 61 },
      { id: 'b', score: 1 / 63 },
    ]);
  });

  it('returns nothing for no lists or empty lists', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });

  it('rejects a weight count that does not match the lists', () => {
    expect(() => reciprocalRankFusion([[{ id: 'a' }]], { weights: [1, 1] })).toThrow(RangeError);
  });
});

describe('weightedScoreFusion', () => {
  it('min-max normalises each list so scales do not matter', () => {
    const bm25 = [
      { id: 'a', score: 12 },
      { id: 'b', score: 7 },
      { id: 'c', score: 2 },
    ];
    const cosine = [
      { id: 'c', score: 0.75 },
      { id: 'b', score: 0.5 },
      { id: 'a', score: 0.25 },
    ];
    const fused = weightedScoreFusion([bm25, cosine], [1, 1]);
    // a: 1 + 0, b: 0.5 + 0.5, c: 0 + 1: a three-way tie, kept in order of first appearance.
    expect(ids(fused)).toEqual(['a', 'b', 'c']);
    for (const item of fused) expect(item.score).toBeCloseTo(1);
  });

  it('weights lists', () => {
    const lexical = [
      { id: 'a', score: 10 },
      { id: 'b', score: 0 },
    ];
    const vector = [
      { id: 'b', score: 0.9 },
      { id: 'a', score: 0.1 },
    ];
    const fused = weightedScoreFusion([lexical, vector], [0.3, 0.7]);
    expect(fused).toEqual([
      { id: 'b', score: 0.7 },
      { id: 'a', score: 0.3 },
    ]);
  });

  it('gives an item absent from a list nothing from that list', () => {
    const fused = weightedScoreFusion(
      [
        [
          { id: 'both', score: 5 },
          { id: 'lexical-only', score: 1 },
        ],
        [
          { id: 'vector-only', score: 0.8 },
          { id: 'both', score: 0.6 },
        ],
      ],
      [1, 1],
    );
    expect(fused).toEqual([
      { id: 'both', score: 1 },
      { id: 'vector-only', score: 1 },
      { id: 'lexical-only', score: 0 },
    ]);
  });

  it('scores every item of a list with equal scores (or a single item) as that list’s best', () => {
    const fused = weightedScoreFusion(
      [
        [{ id: 'only', score: 3.2 }],
        [
          { id: 'p', score: 0.5 },
          { id: 'q', score: 0.5 },
        ],
      ],
      [2, 1],
    );
    expect(fused).toEqual([
      { id: 'only', score: 2 },
      { id: 'p', score: 1 },
      { id: 'q', score: 1 },
    ]);
  });

  it('returns nothing for no lists or empty lists', () => {
    expect(weightedScoreFusion([], [])).toEqual([]);
    expect(weightedScoreFusion([[], []], [1, 1])).toEqual([]);
  });

  it('ignores an empty list among full ones', () => {
    expect(weightedScoreFusion([[], [{ id: 'a', score: 0.4 }]], [1, 1])).toEqual([{ id: 'a', score: 1 }]);
  });

  it('rejects a weight count that does not match the lists', () => {
    expect(() => weightedScoreFusion([[{ id: 'a', score: 1 }]], [])).toThrow(RangeError);
  });
});
