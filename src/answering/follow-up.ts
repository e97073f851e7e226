import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from '../logger.ts';
import { completeText } from './chat-models/complete-text.ts';
import { describeModelFailure } from './chat-models/failure.ts';
import type { Prompts } from './prompts.ts';
import { FOLLOW_UP_MAX_WORDS, carryOverFollowUp, words } from './carry-over.ts';
import type { ConversationTurn } from './types.ts';

/** What rewriting with a model needs for one turn. */
export interface FollowUpRewriter {
  model: BaseChatModel;
  prompts: Prompts;
  logger: Logger;
  /** The turn's deadline: a slow rewrite must not delay the answer past it. */
  signal: AbortSignal;
}

/** How much of the conversation the model sees: enough for "nó", little enough to stay fast. */
const HISTORY_TURNS = 6;
/** Bot answers are long and cite sources; their opening is enough to name the topic. */
const BOT_TURN_CHARS = 300;
/** A "standalone question" longer than this is the model answering or rambling, not rewriting. */
const MAX_STANDALONE_CHARS = 400;

/**
 * The question as retrieval should see it: a follow-up ("còn liên hiệp thì sao?") becomes a
 * standalone question using the conversation. With a model, the model rewrites it (prompts/rewrite.md);
 * without one, or when the model fails, the previous question's topic is carried over.
 */
export async function rewriteFollowUp(question: string, history: ConversationTurn[], rewriter?: FollowUpRewriter): Promise<string> {
  if (!history.some((turn) => turn.role === 'user')) return question;
  if (!rewriter || words(question).length > FOLLOW_UP_MAX_WORDS) return carryOverFollowUp(question, history);
  try {
    const messages = await rewriter.prompts.rewriteMessages({ history: formatHistory(history), question });
    const standalone = standaloneLine(await completeText(rewriter.model, messages, rewriter.signal));
    if (standalone !== undefined) return standalone;
    rewriter.logger.warn({ reason: 'malformed_reply' }, 'follow-up rewrite unusable; carrying the previous topic over');
  } catch (error) {
    rewriter.logger.warn(describeModelFailure(error), 'follow-up rewrite failed; carrying the previous topic over');
  }
  return carryOverFollowUp(question, history);
}

function formatHistory(history: ConversationTurn[]): string {
  return history
    .slice(-HISTORY_TURNS)
    .map((turn) =>
      turn.role === 'user' ? `Người dùng: ${turn.text}` : `Trợ lý: ${truncate(turn.text.replace(/\s+/g, ' '), BOT_TURN_CHARS)}`,
    )
    .join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** The first non-empty line, without a label or quotes the model may have echoed; undefined if unusable. */
function standaloneLine(reply: string): string | undefined {
  const line = reply
    .split('\n')
    .map((l) => l.replace(/^\s*(?:câu hỏi đã viết lại|câu hỏi)\s*:\s*/iu, '').replace(/^[\s*"“«'`]+|[\s*"”»'`]+$/gu, ''))
    .find((l) => l !== '');
  return line === undefined || line.length > MAX_STANDALONE_CHARS ? undefined : line;
}
