import type { Passage } from '../knowledge/types.ts';

export interface RetrievedPassage {
  passage: Passage;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

export interface Retriever {
  /** Best first. `k` defaults to 5. */
  retrieve(query: string, k?: number): Promise<RetrievedPassage[]>;
}
