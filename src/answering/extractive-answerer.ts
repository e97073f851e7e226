import type { Retriever } from '../retrieval/types.ts';
import { carryOverFollowUp } from './carry-over.ts';
import type { Answer, Answerer, ConversationTurn, ExtractiveComposer } from './types.ts';

/** The offline answerer: a follow-up carries the previous topic over, then retrieve and compose. */
export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: Retriever,
    private readonly composer: ExtractiveComposer,
  ) {}

  async answer(question: string, history: ConversationTurn[] = []): Promise<Answer> {
    const standalone = carryOverFollowUp(question, history);
    const answer = this.composer.compose(await this.retriever.retrieve(standalone, 5));
    return { ...answer, query: question };
  }
}
