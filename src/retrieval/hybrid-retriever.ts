import type { Logger } from '../logger.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import type { RetrievedPassage, Retriever } from './types.ts';
import type { VectorIndex } from './vector-index.ts';

/** How many candidates each retriever contributes before fusion. */
const FUSION_DEPTH = 20;

/**
 * Lexical retrieval, fused with vector retrieval when an embeddings provider is configured. Fusion
 * is by rank (reciprocal rank fusion): BM25 scores and cosine similarities live on unrelated
 * scales, and rank fusion needs no calibration between them. A failing embeddings endpoint at
 * question time degrades that question to lexical retrieval, with a log line.
 */
export class HybridRetriever implements Retriever {
  constructor(
    private readonly index: KnowledgeIndex,
    private readonly vector: VectorIndex | undefined,
    private readonly logger: Logger,
  ) {}

  async retrieve(query: string, k = 5): Promise<RetrievedPassage[]> {
    const lexical = this.index.searchLexical(query, Math.max(k, FUSION_DEPTH));
    if (!this.vector) return lexical.slice(0, k);
    let semantic;
    try {
      semantic = await this.vector.search(query, FUSION_DEPTH);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).name }, 'embeddings endpoint failed for this question: lexical retrieval only');
      return lexical.slice(0, k);
    }
    const fused = reciprocalRankFusion([lexical.map((r) => ({ id: r.passage.id })), semantic.map((h) => ({ id: h.passageId }))]);
    return fused
      .map((item) => ({ passage: this.index.passageById.get(item.id), score: item.score }))
      .filter((r): r is RetrievedPassage => r.passage !== undefined)
      .slice(0, k);
  }
}
