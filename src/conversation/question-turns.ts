import type { Answerer } from '../answering/types.ts';
import { hashUserId } from '../logger.ts';
import { feedbackButtons, texts } from './messages.ts';
import { MAX_STORED_TURNS, type StateStore, type UserState, type Verdict } from './state/state-store.ts';
import type { TurnOutcome } from './turn-outcome.ts';

/**
 * The answer text already carries its citations, so the reply is that text and the feedback
 * buttons. Without `feedback` (a question asked in the middle of a flow, whose own buttons come
 * next) the feedback buttons are left out; 👍/👎 typed still rate the answer.
 */
export async function answerQuestion(answerer: Answerer, state: UserState, question: string, options: { feedback?: boolean } = {}): Promise<TurnOutcome> {
  const answer = await answerer.answer(question, state.turns);
  const turns = [...state.turns, { role: 'user' as const, text: question }, { role: 'bot' as const, text: answer.answer }];
  const buttons = answer.choices ?? (options.feedback === false ? undefined : feedbackButtons);
  return {
    // Two readings are asked back with one button each; a button sends its question back as asked.
    replies: [buttons ? { text: answer.answer, buttons } : { text: answer.answer }],
    save: {
      ...state,
      turns: turns.slice(-MAX_STORED_TURNS),
      lastAnswer: {
        question,
        answer: answer.answer,
        citations: answer.citations.map(({ docId, citation }) => ({ docId, citation })),
      },
    },
  };
}

export async function rateLastAnswer(
  store: StateStore,
  state: UserState,
  userKey: string,
  verdict: Verdict,
  at: number,
): Promise<TurnOutcome> {
  const rated = state.lastAnswer;
  if (!rated) return { replies: [{ text: texts.nothingToRate }] };
  if (rated.rated) return { replies: [{ text: texts.alreadyRated }] };
  const { question, answer, citations } = rated;
  await store.addFeedback({ userHash: hashUserId(userKey), question, answer, citations, verdict, at });
  return {
    replies: [{ text: verdict === 'up' ? texts.thanksUp : texts.thanksDown }],
    save: { ...state, lastAnswer: { ...rated, rated: true } },
  };
}
