import { buttonLabels } from './messages.ts';
import type { Verdict } from './state/state-store.ts';
import { foldDiacritics } from '../retrieval/vietnamese.ts';

export type CommandName = 'start' | 'help' | 'thanhlap' | 'chinhsach' | 'nguon' | 'huy' | 'moi' | 'thongke';

/** Commands only the ids in ADMIN_IDS may use; anyone else gets the normal help. */
export const adminCommands: ReadonlySet<CommandName> = new Set(['thongke']);

export type Action =
  /** `argument`: what follows the command, for those that take one ("/nguon 3"). */
  | { kind: 'command'; command: CommandName; argument?: string }
  | { kind: 'unknown-command' }
  | { kind: 'feedback'; verdict: Verdict }
  | { kind: 'flow-choice'; choice: 'resume' | 'review' | 'restart' }
  /** Leave the unfinished flow for another one the user asked for. */
  | { kind: 'flow-switch'; flowId: string };

/** Commands that read a number after them: "/nguon 3", "nguồn 3" (a document's details). */
const TAKES_NUMBER: ReadonlySet<CommandName> = new Set(['nguon']);

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
  ...Object.entries(buttonLabels.switchFlow).map(([flowId, label]): [string, Action] => [fold(label), { kind: 'flow-switch', flowId }]),
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
    const [firstToken = '', ...rest] = trimmed.slice(1).split(/\s+/);
    const command = commandWords.get(fold(firstToken.split('@', 1)[0] ?? '').replace(/ /g, ''));
    if (!command) return { kind: 'unknown-command' };
    const argument = rest.join(' ').trim();
    return TAKES_NUMBER.has(command) && /^\d{1,3}$/.test(argument) ? { kind: 'command', command, argument } : { kind: 'command', command };
  }
  const folded = fold(trimmed);
  const pressed = buttonActions.get(folded);
  if (pressed) return pressed;
  if (folded === '' && trimmed.startsWith('👍')) return { kind: 'feedback', verdict: 'up' };
  if (folded === '' && trimmed.startsWith('👎')) return { kind: 'feedback', verdict: 'down' };
  if (options.bareWords === false) return undefined;
  const command = commandWords.get(folded.replace(/ /g, ''));
  if (command) return { kind: 'command', command };
  const numbered = /^(.+?) (\d{1,3})$/.exec(folded);
  const withNumber = numbered ? commandWords.get((numbered[1] as string).replace(/ /g, '')) : undefined;
  return withNumber && TAKES_NUMBER.has(withNumber) ? { kind: 'command', command: withNumber, argument: numbered?.[2] } : undefined;
}

/** Lower case, no diacritics, đ as d, anything but letters and digits as single spaces. */
export function fold(text: string): string {
  return foldDiacritics(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
