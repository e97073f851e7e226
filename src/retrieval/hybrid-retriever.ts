import type { Logger } from '../logger.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import type { AppliedRule, RetrievalResult, Retriever } from './types.ts';
import type { VectorIndex } from './vector-index.ts';

type Candidate = ReturnType<KnowledgeIndex['searchLexical']>[number];

/** A question applying a rule to its own number is answered by the rule's khoản: that passage leads. */
function withRuleFirst(ranked: Candidate[], applied: AppliedRule | undefined, index: KnowledgeIndex): Candidate[] {
  const passage = applied && index.passageById.get(applied.passageId);
  if (!applied || !passage) return ranked;
  const top = ranked[0]?.score ?? 1;
  const pointed = { lineIndex: applied.lineIndex, ...(applied.unit ? { unit: applied.unit } : {}) };
  return [{ passage, score: top + 1, pointed }, ...ranked.filter((c) => c.passage.id !== passage.id)];
}

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

  async retrieve(query: string, k = 5): Promise<RetrievalResult> {
    const analysis = this.index.analyze(query);
    const bank = this.index.matchBank(query);
    const lexical = this.index.searchLexical(query, Math.max(k, FUSION_DEPTH), analysis, bank);
    const applied = this.index.appliedRule(query);
    const result = (ranked: typeof lexical): RetrievalResult => ({
      query,
      analysis,
      bank,
      ...(applied ? { applied } : {}),
      passages: withRuleFirst(ranked, applied, this.index)
        .slice(0, k)
        .map((c) => this.index.describe(c.passage, c.score, analysis, c.pointed)),
    });
    if (!this.vector) return result(lexical);
    let semantic;
    try {
      semantic = await this.vector.search(query, FUSION_DEPTH);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).name }, 'embeddings endpoint failed for this question: lexical retrieval only');
      return result(lexical);
    }
    const fused = reciprocalRankFusion([lexical.map((r) => ({ id: r.passage.id })), semantic.map((h) => ({ id: h.passageId }))]);
    const pointed = new Map(lexical.map((c) => [c.passage.id, c.pointed]));
    return result(
      fused.flatMap((item) => {
        const passage = this.index.passageById.get(item.id);
        const bankHit = pointed.get(item.id);
        return passage ? [{ passage, score: item.score, ...(bankHit ? { pointed: bankHit } : {}) }] : [];
      }),
    );
  }
}
