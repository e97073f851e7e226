import type { Retriever } from '../retrieval/types.ts';
import { ANSWER_TEXTS } from './answer-texts.ts';
import { carryOverFollowUp } from './carry-over.ts';
import { COMPOSITION } from './extractive-composer.ts';
import { messageParts } from './question-parts.ts';
import type { Answer, Answerer, ConversationTurn, ExtractiveComposer } from './types.ts';

/**
 * The offline answerer: a follow-up carries the previous topic over; a story is answered by its
 * question sentence; a message asking several things gets each answered in a share of the screen.
 */
export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: Retriever,
    private readonly composer: ExtractiveComposer,
  ) {}

  async answer(question: string, history: ConversationTurn[] = []): Promise<Answer> {
    const standalone = carryOverFollowUp(question, history);
    const answer = await this.answerMessage(standalone);
    // A follow-up is answered as the question it was read as: the reader sees which.
    const understood = standalone !== question && !answer.abstained ? `\n${ANSWER_TEXTS.understoodAs(standalone)}` : '';
    return { ...answer, answer: `${answer.answer}${understood}`, query: question };
  }

  private async compose(question: string, maxChars?: number): Promise<Answer> {
    return this.composer.compose(await this.retriever.retrieve(question, 5), maxChars ? { maxChars } : {});
  }

  private async answerMessage(message: string): Promise<Answer> {
    const parts = messageParts(message);
    if (parts.kind === 'single') return this.compose(message);
    if (parts.kind === 'story') {
      const answer = await this.compose(parts.question);
      return answer.abstained ? this.compose(message) : answer;
    }
    const share = Math.floor(COMPOSITION.maxChars / parts.questions.length);
    const answers = await Promise.all(parts.questions.map((q) => this.compose(q, share)));
    const answered = answers.filter((a) => !a.abstained && !a.choices);
    if (answered.length === 0) return this.compose(message);
    const text = answers
      .map((a, i) => (answered.includes(a) ? a.answer : ANSWER_TEXTS.partNotFound(parts.questions[i]!)))
      .join('\n\n');
    return {
      query: message,
      answer: text,
      abstained: false,
      mode: 'extractive',
      citations: answered.flatMap((a) => a.citations).filter((c, i, all) => all.findIndex((x) => x.citation === c.citation) === i),
      passages: answered.flatMap((a) => a.passages),
    };
  }
}
