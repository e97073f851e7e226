/**
 * The positions of the `limit` highest scores, highest first, equal scores in position order: what
 * a stable sort of every position by score and a slice give, without sorting them all. A question
 * reaches most passages of a large library through one word or another, and only the best few are
 * wanted: a heap of `limit` finds the cut-off score in one pass, the ones above it are sorted.
 */
export function bestFirst(scores: ArrayLike<number>, limit: number): number[] {
  const byScore = (a: number, b: number) => scores[b]! - scores[a]!;
  const count = scores.length;
  if (count <= limit) return Array.from({ length: count }, (_, i) => i).sort(byScore);
  if (limit <= 0) return [];
  const cutOff = lowestOfBest(scores, limit);
  let above = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > cutOff) above++;
  // Of the positions scoring the cut-off itself, the first ones make up the number, as in a stable sort.
  let tied = limit - above;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const score = scores[i]!;
    if (score > cutOff || (score === cutOff && tied-- > 0)) kept.push(i);
  }
  return kept.sort(byScore);
}

/** The `limit`-th highest score (1 ≤ limit < scores.length), kept in a min-heap of the best so far. */
function lowestOfBest(scores: ArrayLike<number>, limit: number): number {
  const heap = new Float64Array(limit);
  for (let i = 0; i < limit; i++) {
    // Sift up.
    let at = i;
    heap[at] = scores[i]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (heap[parent]! <= heap[at]!) break;
      [heap[parent], heap[at]] = [heap[at]!, heap[parent]!];
      at = parent;
    }
  }
  for (let i = limit; i < scores.length; i++) {
    if (scores[i]! <= heap[0]!) continue;
    // Replace the lowest and sift down.
    heap[0] = scores[i]!;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let lowest = at;
      if (left < limit && heap[left]! < heap[lowest]!) lowest = left;
      if (right < limit && heap[right]! < heap[lowest]!) lowest = right;
      if (lowest === at) break;
      [heap[lowest], heap[at]] = [heap[at]!, heap[lowest]!];
      at = lowest;
    }
  }
  return heap[0]!;
}
