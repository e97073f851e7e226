import type { DocumentStatus } from '../knowledge/types.ts';
import type { RetrievalResult, RetrievedPassage } from '../retrieval/types.ts';

export interface Citation {
  docId: string;
  /** Rendered by the bot from passage metadata, never copied from model text. */
  citation: string;
  status: DocumentStatus;
  statusNote?: string;
}

export type AnswerMode = 'extractive' | 'llm';

export interface Answer {
  query: string;
  /** Plain text with light markup (`**bold**`, lines starting "• "), rendered per channel. */
  answer: string;
  abstained: boolean;
  mode: AnswerMode;
  citations: Citation[];
  /** The passages the answer was built from (for feedback, follow-ups and logs). */
  passages: RetrievedPassage[];
  /** When two readings of the question are equally close: the questions to choose from, asked back. */
  choices?: string[];
}

export interface ConversationTurn {
  role: 'user' | 'bot';
  text: string;
}

export interface Answerer {
  /** `history` is the recent conversation, oldest first, used to resolve follow-up questions. */
  answer(question: string, history?: ConversationTurn[]): Promise<Answer>;
}

/**
 * Builds an answer from what retrieval returned, without a language model: the offline default,
 * and the fallback whenever a model fails. Decides abstention too.
 */
export interface ExtractiveComposer {
  /** `maxChars` caps the answer: one part of a message that asks several things gets a share of a screen. */
  compose(result: RetrievalResult, options?: { maxChars?: number }): Answer;
}
