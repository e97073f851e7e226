import type { Answerer } from '../answering/types.ts';
import type { FlowEngine } from '../flows/types.ts';
import { hashUserId, type Logger } from '../logger.ts';
import { adminCommands, recognizeAction, type Action, type CommandName } from './commands.ts';
import { chooseFlowOption, continueFlow, hasActiveFlow, leaveFlow, openFlow, pressesResultButton, switchFlow } from './flow-turns.ts';
import { hasWords, MAX_MESSAGE_LENGTH, readMessageText, type InputProblem } from './message-reading.ts';
import { menuReply, texts } from './messages.ts';
import { recognizeSmallTalk } from './small-talk.ts';
import { answerQuestion, rateLastAnswer } from './question-turns.ts';
import { sourcesReplies } from './sources-reply.ts';
import { userKeyOf, type StateStore, type UserState } from './state/state-store.ts';
import { statsReply } from './stats-reply.ts';
import type { TurnOutcome } from './turn-outcome.ts';
import type { ConversationService, IncomingMessage, Reply, SourceListing } from './types.ts';

export interface ConversationServiceDeps {
  answerer: Answerer;
  flows: FlowEngine;
  store: StateStore;
  /** What "/nguon" lists; read on each request, so an import shows without a restart. */
  sources: () => SourceListing | Promise<SourceListing>;
  logger: Logger;
  /** Plain user ids ("12345") or channel-qualified ones ("telegram:12345"). */
  adminIds: string[];
  /** Messages one user may send in any 60 seconds; `Infinity` turns the limit off (e.g. a scripted CLI). */
  rateLimitPerMinute: number;
  now?: () => number;
}

const flowOfCommand: Partial<Record<CommandName, string>> = { thanhlap: 'thanh-lap', chinhsach: 'chinh-sach' };

const problemReplies: Record<InputProblem, string> = {
  attachment: texts.attachment,
  empty: texts.empty,
  unreadable: texts.unreadable,
  'too-long': texts.tooLong(MAX_MESSAGE_LENGTH),
};

export function createConversationService(deps: ConversationServiceDeps): ConversationService {
  const { answerer, flows, store, logger } = deps;
  const now = deps.now ?? Date.now;
  // Counted, and queued, in the store: instances sharing it share each user's limit and order.
  const rateLimiter = store.rateLimiter(deps.rateLimitPerMinute);

  async function respond(message: IncomingMessage, userKey: string): Promise<Reply[]> {
    try {
      const input = readMessageText(message);
      if ('problem' in input) return [{ text: problemReplies[input.problem] }];
      const state = (await store.get(userKey)) ?? { turns: [], language: 'vi', updatedAt: now() };
      const outcome = await route(input.text, state, message, userKey);
      if (outcome.forget) await store.delete(userKey);
      else if (outcome.save) await store.set(userKey, { ...outcome.save, updatedAt: now() });
      return outcome.replies;
    } catch (error) {
      // The stored state is untouched: it is written only after a turn has fully succeeded.
      logger.error({ err: error, user: hashUserId(userKey), channel: message.channel }, 'message handling failed');
      return [{ text: texts.apology }];
    }
  }

  async function route(text: string, state: UserState, message: IncomingMessage, userKey: string): Promise<TurnOutcome> {
    if (pressesResultButton(flows, state, text)) return continueFlow(flows, answerer, state, text);
    const inFlow = hasActiveFlow(state);
    // Inside a flow only "/huy", "/moi"… are commands: a bare "mới" or "Huy" is an answer for the flow.
    const action = recognizeAction(text, { bareWords: !inFlow });
    if (action) return act(action, state, message, userKey);
    if (!hasWords(text)) return { replies: [{ text: texts.noWords }] };
    if (inFlow) return continueFlow(flows, answerer, state, text);
    const smallTalk = recognizeSmallTalk(text);
    if (smallTalk) return { replies: [menuReply(texts[smallTalk])] };
    const flowId = flows.detectIntent(text);
    if (flowId) return openFlow(flows, state, flowId);
    // Prompt-injection attempts land here too: the answerer sees a question, never the configuration.
    return answerQuestion(answerer, state, text);
  }

  async function act(action: Action, state: UserState, message: IncomingMessage, userKey: string): Promise<TurnOutcome> {
    switch (action.kind) {
      case 'unknown-command':
        return { replies: [menuReply(texts.unknownCommand)] };
      case 'feedback':
        return rateLastAnswer(store, state, userKey, action.verdict, now());
      case 'flow-choice':
        return chooseFlowOption(flows, state, action.choice);
      case 'flow-switch':
        return switchFlow(flows, state, action.flowId);
      case 'command':
        return runCommand(action.command, state, message, userKey, action.argument);
    }
  }

  async function runCommand(command: CommandName, state: UserState, message: IncomingMessage, userKey: string, argument?: string): Promise<TurnOutcome> {
    const isAdmin = deps.adminIds.includes(message.userId) || deps.adminIds.includes(userKey);
    if (adminCommands.has(command) && !isAdmin) return { replies: [menuReply()] };
    const flowId = flowOfCommand[command];
    if (flowId) return openFlow(flows, state, flowId);
    switch (command) {
      case 'nguon':
        return { replies: sourcesReplies(await deps.sources(), argument === undefined ? undefined : Number(argument)) };
      case 'huy':
        return leaveFlow(state);
      case 'moi':
        return { replies: [menuReply(texts.forgotten)], forget: true };
      case 'thongke':
        return { replies: [await statsReply(store)] };
      default:
        return { replies: [menuReply()] };
    }
  }

  return {
    async handle(message) {
      if (message.isGroup && !message.addressed) return [];
      const userKey = userKeyOf(message.channel, message.userId);
      // The message's place in the user's line is taken before anything is awaited, so arrival order holds.
      const turn = store.turns.enter(userKey);
      // Checked before waiting, so a flood is turned away at once instead of piling up behind the user's turn.
      const decision = await rateLimiter.check(userKey);
      if (decision === 'allow') return turn.run(() => respond(message, userKey));
      turn.skip();
      return decision === 'notify' ? [{ text: texts.rateLimited }] : [];
    },
  };
}
