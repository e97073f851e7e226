/** Ways to merge ranked lists from several retrievers (lexical, vector) into one. Pure functions. */

export interface FusedItem {
  id: string;
  score: number;
}

export interface ReciprocalRankFusionOptions {
  /** Damps the lead of top ranks; 60 is the value of Cormack et al. (2009), the usual default. */
  k?: number;
  /** One per list; every list counts 1 when omitted. */
  weights?: readonly number[];
}

/**
 * Reciprocal rank fusion: an item scores the sum over lists of weight / (k + rank), rank 1 being the best.
 * Uses ranks only, so lists whose scores are on unrelated scales (BM25, cosine) merge fairly.
 */
export function reciprocalRankFusion(
  lists: ReadonlyArray<ReadonlyArray<{ id: string }>>,
  { k = 60, weights }: ReciprocalRankFusionOptions = {},
): FusedItem[] {
  const listWeights = weightsFor(lists, weights);
  const scores = new Map<string, number>();
  lists.forEach((list, listIndex) => {
    const seen = new Set<string>();
    list.forEach(({ id }, position) => {
      // An id listed twice counts once, at its better rank.
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + listWeights[listIndex]! / (k + position + 1));
    });
  });
  return bestFirst(scores);
}

/**
 * Weighted sum of scores after min-max normalising each list to [0, 1], so the scales of retrievers
 * do not matter, only where an item stands between a list's best and worst. An item absent from a
 * list gets nothing from it; a list whose scores are all equal gives each of its items 1.
 */
export function weightedScoreFusion(
  lists: ReadonlyArray<ReadonlyArray<{ id: string; score: number }>>,
  weights: readonly number[],
): FusedItem[] {
  const listWeights = weightsFor(lists, weights);
  const scores = new Map<string, number>();
  lists.forEach((list, listIndex) => {
    const listScores = list.map(({ score }) => score);
    const min = Math.min(...listScores);
    const range = Math.max(...listScores) - min;
    const seen = new Set<string>();
    for (const { id, score } of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      const normalised = range > 0 ? (score - min) / range : 1;
      scores.set(id, (scores.get(id) ?? 0) + listWeights[listIndex]! * normalised);
    }
  });
  return bestFirst(scores);
}

function weightsFor(lists: ReadonlyArray<unknown>, weights: readonly number[] | undefined): readonly number[] {
  if (weights === undefined) return lists.map(() => 1);
  if (weights.length !== lists.length) {
    throw new RangeError(`fusion: ${weights.length} weights for ${lists.length} lists`);
  }
  return weights;
}

/** Sorting is stable, so ties keep the order in which items were first met: earlier lists, better ranks first. */
function bestFirst(scores: Map<string, number>): FusedItem[] {
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
