import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaseMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ABSTENTION_OPENING } from './citation-check.ts';

// Type aliases, not interfaces: LangChain's prompt input type wants an index signature, which only aliases get implicitly.
export type AnswerPromptInput = {
  /** The numbered passages, "[1] citation — status" then the text. */
  passages: string;
  question: string;
};

export type RewritePromptInput = {
  /** The recent conversation, one "Người dùng: …" or "Trợ lý: …" line a turn. */
  history: string;
  question: string;
};

/** The prompts of prompts/, filled in as chat messages ready for a model. */
export interface Prompts {
  /** system.md as the system message, answer.md as the user turn. */
  answerMessages(input: AnswerPromptInput): Promise<BaseMessage[]>;
  /** rewrite.md as a single user turn. */
  rewriteMessages(input: RewritePromptInput): Promise<BaseMessage[]>;
}

export class PromptError extends Error {}

/** Reads prompts/ once, at start-up: a prompt edited into something the code cannot use fails here, not mid-conversation. */
export function loadPrompts(promptsDir: string): Prompts {
  const system = read(promptsDir, 'system.md');
  if (!system.includes(ABSTENTION_OPENING)) {
    throw new PromptError(`system.md: must ask the model to open an abstention with "${ABSTENTION_OPENING}." (the answerer recognises abstentions by it)`);
  }
  const answer = ChatPromptTemplate.fromMessages<AnswerPromptInput>([
    ['system', system],
    ['human', read(promptsDir, 'answer.md')],
  ]);
  expectVariables(answer, ['passages', 'question'], 'system.md and answer.md');
  const rewrite = ChatPromptTemplate.fromMessages<RewritePromptInput>([['human', read(promptsDir, 'rewrite.md')]]);
  expectVariables(rewrite, ['history', 'question'], 'rewrite.md');
  return {
    answerMessages: (input) => answer.formatMessages(asData(input)),
    rewriteMessages: (input) => rewrite.formatMessages(asData(input)),
  };
}

function read(promptsDir: string, file: string): string {
  return readFileSync(join(promptsDir, file), 'utf8').normalize('NFC').trim();
}

/** Templates are f-strings: a stray brace in a prompt file would become a variable nobody fills. */
function expectVariables(template: ChatPromptTemplate, expected: string[], files: string): void {
  const actual = [...template.inputVariables].sort();
  if (actual.join(',') !== [...expected].sort().join(',')) {
    throw new PromptError(`${files}: placeholders must be {${expected.join('}, {')}}, found {${actual.join('}, {')}}`);
  }
}

/**
 * Every value is data placed between tags (<cau_hoi>…</cau_hoi>): angle brackets become look-alikes
 * so that text typed by a user, or found in a passage, cannot close its block and pose as instructions.
 */
function asData<T extends object>(input: T): T {
  const entries = Object.entries(input).map(([key, value]) => [key, String(value).replace(/</g, '‹').replace(/>/g, '›')]);
  return Object.fromEntries(entries) as T;
}
