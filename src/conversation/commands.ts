import { buttonLabels } from './messages.ts';
import type { Verdict } from './state/state-store.ts';
import { foldDiacritics } from '../retrieval/vietnamese.ts';

export type CommandName = 'start' | 'help' | 'thanhlap' | 'chinhsach' | 'nguon' | 'huy' | 'moi' | 'thongke';

/** Commands only the ids in ADMIN_IDS may use; anyone else gets the normal help. */
export const adminCommands: ReadonlySet<CommandName> = new Set(['thongke']);

export type Action =
  | { kind: 'command'; command: CommandName }
  | { kind: 'unknown-command' }
  | { kind: 'feedback'; verdict: Verdict }
  | { kind: 'flow-choice'; choice: 'resume' | 'review' | 'restart' };

/** Folded command words: Zalo users type them with or without "/", diacritics or spaces. */
const commandWords = new Map<string, CommandName>([
  ['start', 'start'],
  ['batdau', 'start'],
  ['help', 'help'],
  ['trogiup', 'help'],
  ['menu', 'help'],
  ['thanhlap', 'thanhlap'],
  ['chinhsach', 'chinhsach'],
  ['nguon', 'nguon'],
  ['huy', 'huy'],
  ['moi', 'moi'],
  ['thongke', 'thongke'],
]);

const buttonActions = new Map<string, Action>([
  [fold(buttonLabels.founding), { kind: 'command', command: 'thanhlap' }],
  [fold(buttonLabels.policies), { kind: 'command', command: 'chinhsach' }],
  [fold(buttonLabels.sources), { kind: 'command', command: 'nguon' }],
  [fold(buttonLabels.helpful), { kind: 'feedback', verdict: 'up' }],
  [fold(buttonLabels.wrong), { kind: 'feedback', verdict: 'down' }],
  [fold(buttonLabels.resumeFlow), { kind: 'flow-choice', choice: 'resume' }],
  [fold(buttonLabels.reviewFlow), { kind: 'flow-choice', choice: 'review' }],
  [fold(buttonLabels.restartFlow), { kind: 'flow-choice', choice: 'restart' }],
]);

export interface RecognizeOptions {
  /**
   * Whether a bare command word without "/" ("mới", "huy", "nguồn") counts. Off inside a flow, where
   * such a word is more likely an answer ("lập mới", a member called Huy): the flow engine has its own
   * words for leaving, going back and starting over. Default on: Zalo has no slash menus.
   */
  bareWords?: boolean;
}

/**
 * What a message asks of the bot itself rather than of the knowledge base, if anything:
 * "/thanhlap", "/start@HtxBot", "Thành lập", "thanh lap", a pressed button, a bare 👍.
 * A bare word counts only when it is the whole message, so "mới nhất là gì?" stays a question.
 */
export function recognizeAction(text: string, options: RecognizeOptions = {}): Action | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) {
    const firstToken = trimmed.slice(1).split(/\s/, 1)[0] ?? '';
    const command = commandWords.get(fold(firstToken.split('@', 1)[0] ?? '').replace(/ /g, ''));
    return command ? { kind: 'command', command } : { kind: 'unknown-command' };
  }
  const folded = fold(trimmed);
  const pressed = buttonActions.get(folded);
  if (pressed) return pressed;
  if (folded === '' && trimmed.startsWith('👍')) return { kind: 'feedback', verdict: 'up' };
  if (folded === '' && trimmed.startsWith('👎')) return { kind: 'feedback', verdict: 'down' };
  if (options.bareWords === false) return undefined;
  const command = commandWords.get(folded.replace(/ /g, ''));
  return command ? { kind: 'command', command } : undefined;
}

/** Lower case, no diacritics, đ as d, anything but letters and digits as single spaces. */
export function fold(text: string): string {
  return foldDiacritics(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
