import type { Retriever } from '../retrieval/types.ts';
import { ANSWER_TEXTS } from './answer-texts.ts';
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
    // A follow-up is answered as the question it was read as: the reader sees which.
    const understood = standalone !== question && !answer.abstained ? `\n${ANSWER_TEXTS.understoodAs(standalone)}` : '';
    return { ...answer, answer: `${answer.answer}${understood}`, query: question };
  }
}
