import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from '../logger.ts';
import { completeText } from './chat-models/complete-text.ts';
import { describeModelFailure } from './chat-models/failure.ts';
import type { Prompts } from './prompts.ts';
import type { ConversationTurn } from './types.ts';

/** What rewriting with a model needs for one turn. */
export interface FollowUpRewriter {
  model: BaseChatModel;
  prompts: Prompts;
  logger: Logger;
  /** The turn's deadline: a slow rewrite must not delay the answer past it. */
  signal: AbortSignal;
}

/** Follow-ups are short; a longer question carries its own topic. */
const FOLLOW_UP_MAX_WORDS = 12;
/** How much of the conversation the model sees: enough for "nó", little enough to stay fast. */
const HISTORY_TURNS = 6;
/** Bot answers are long and cite sources; their opening is enough to name the topic. */
const BOT_TURN_CHARS = 300;
/** A "standalone question" longer than this is the model answering or rambling, not rewriting. */
const MAX_STANDALONE_CHARS = 400;

/** Phrases that open a follow-up: "còn liên hiệp thì sao?", "thế còn vốn góp?". Longest first. */
const LEADING_MARKERS = ['thế còn', 'vậy còn', 'vậy thì', 'thế thì', 'còn về', 'còn'].map(words);
/** Phrases that point back anywhere in a follow-up: "nó", "như trên", "… thì sao?". */
const INNER_MARKERS = ['thì sao', 'thì thế nào', 'như trên', 'cái đó', 'điều đó', 'việc đó', 'nó'].map(words);
/** Words that carry no topic, dropped when a question's topic is carried over. */
const FILLERS = ['cho tôi hỏi', 'cho em hỏi', 'cho hỏi', 'xin hỏi', 'tôi muốn hỏi', 'em muốn hỏi', 'ạ', 'à', 'nhỉ', 'hả', 'ơi', 'nhé'].map(words);

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

/**
 * Without a model: when the question looks like a follow-up, the content words of the previous
 * question (itself resolved the same way) are appended to what the follow-up adds. Otherwise the
 * question is returned unchanged. Works on text typed without diacritics too ("con lien hiep thi sao").
 */
export function carryOverFollowUp(question: string, history: ConversationTurn[]): string {
  const previous = history
    .filter((turn) => turn.role === 'user')
    .reduce<string | undefined>((topic, turn) => (topic === undefined ? turn.text : carryOnto(turn.text, topic)), undefined);
  return previous === undefined ? question : carryOnto(question, previous);
}

function carryOnto(question: string, previousQuestion: string): string {
  if (!looksLikeFollowUp(question)) return question;
  const added = contentWords(question, [...LEADING_MARKERS, ...INNER_MARKERS, ...FILLERS]);
  const topic = contentWords(previousQuestion, FILLERS);
  return [...added, ...topic].join(' ');
}

function looksLikeFollowUp(question: string): boolean {
  const tokens = words(question);
  if (tokens.length === 0 || tokens.length > FOLLOW_UP_MAX_WORDS) return false;
  const same = sameWord(question);
  return (
    LEADING_MARKERS.some((marker) => startsAt(tokens, 0, marker, same)) ||
    tokens.some((_, i) => INNER_MARKERS.some((marker) => startsAt(tokens, i, marker, same)))
  );
}

/** The words of `text` without the given phrases. */
function contentWords(text: string, phrases: string[][]): string[] {
  const tokens = words(text);
  const same = sameWord(text);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = phrases.find((p) => startsAt(tokens, i, p, same));
    if (phrase) {
      i += phrase.length;
    } else {
      kept.push(tokens[i] as string);
      i += 1;
    }
  }
  return kept;
}

function words(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('vi').match(/[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Text typed without diacritics is compared without them, so "thi sao" matches "thì sao";
 * text with diacritics is compared exactly, so "nợ" is never taken for "nó".
 */
function sameWord(text: string): (a: string, b: string) => boolean {
  return /^[\x00-\x7F]*$/.test(text) ? (a, b) => fold(a) === fold(b) : (a, b) => a === b;
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}

function startsAt(tokens: string[], at: number, phrase: string[], same: (a: string, b: string) => boolean): boolean {
  return phrase.every((word, j) => tokens[at + j] !== undefined && same(tokens[at + j] as string, word));
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
