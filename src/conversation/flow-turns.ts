import type { Answerer } from '../answering/types.ts';
import type { FlowEngine, FlowOutput, FlowState } from '../flows/types.ts';
import { fold } from './commands.ts';
import { buttonLabels, menuReply, texts } from './messages.ts';
import { answerQuestion } from './question-turns.ts';
import type { UserState } from './state/state-store.ts';
import type { TurnOutcome } from './turn-outcome.ts';
import type { Reply } from './types.ts';

/** A finished flow stays in state only to be shown again; it no longer takes the user's messages. */
export function hasActiveFlow(state: UserState): state is UserState & { flow: FlowState } {
  return state.flow !== undefined && !state.flow.completed;
}

/**
 * Whether a message is still for a finished flow: one of the buttons its result showed ("Tìm chính
 * sách hỗ trợ", "Làm lại từ đầu"), a page's own words ("tiếp") or "quay lại", back into its questions. The engine
 * then decides what it means, e.g. carrying the answers over into the next flow instead of asking
 * them again.
 */
export function pressesResultButton(flows: FlowEngine, state: UserState, text: string): state is UserState & { flow: FlowState } {
  if (!state.flow?.completed || text.trim().startsWith('/')) return false;
  const pressed = fold(text);
  if (pressed === '') return false;
  if (flows.takesAfterResult(text)) return true;
  return (state.flowReplies ?? []).some((reply) => (reply.buttons ?? []).some((label) => fold(label) === pressed));
}

/**
 * Starts a flow, unless the user already has one: the same one offers to resume (or review) or
 * restart; another one, unfinished, is not thrown away without asking.
 */
export async function openFlow(flows: FlowEngine, state: UserState, flowId: string): Promise<TurnOutcome> {
  const existing = state.flow;
  if (existing && !existing.completed && existing.flowId !== flowId) return offerSwitch(existing, flowId);
  if (existing?.flowId !== flowId) return restartFlow(flows, state, flowId);
  const offer = existing.completed
    ? { text: texts.flowOfferCompleted(flowId), buttons: [buttonLabels.reviewFlow, buttonLabels.restartFlow] }
    : { text: texts.flowOfferUnfinished(flowId), buttons: [buttonLabels.resumeFlow, buttonLabels.restartFlow] };
  return { replies: [offer] };
}

function offerSwitch(current: FlowState, wanted: string): TurnOutcome {
  const switchLabel = buttonLabels.switchFlow[wanted];
  const buttons = [buttonLabels.resumeFlow, ...(switchLabel ? [switchLabel] : [])];
  return { replies: [{ text: texts.flowSwitchOffer(current.flowId, wanted), buttons }] };
}

/** "🔀 Sang …": the unfinished flow is dropped for the one asked for. */
export async function switchFlow(flows: FlowEngine, state: UserState, flowId: string): Promise<TurnOutcome> {
  if (!flows.flowIds().includes(flowId)) return { replies: [menuReply()] };
  return restartFlow(flows, state, flowId);
}

/**
 * A message inside a flow. One that is no answer to the step may be something else: a request for
 * another flow (asked first, see openFlow), or a question, answered as any question is before the
 * step is asked again, the step kept.
 */
export async function continueFlow(
  flows: FlowEngine,
  answerer: Answerer,
  state: UserState & { flow: FlowState },
  text: string,
): Promise<TurnOutcome> {
  const output = await flows.handle(state.flow, text);
  const { unanswered } = output;
  if (unanswered) {
    const wanted = flows.detectIntent(text);
    if (wanted !== undefined && wanted !== state.flow.flowId) return offerSwitch(state.flow, wanted);
    if (unanswered.question) {
      // The flow's state, and the question it asked last, stay as they were.
      const answered = await answerQuestion(answerer, state, text, { feedback: false });
      return { ...answered, replies: [...answered.replies, unanswered.reask] };
    }
  }
  return withFlowOutput(state, output);
}

export async function chooseFlowOption(
  flows: FlowEngine,
  state: UserState,
  choice: 'resume' | 'review' | 'restart',
): Promise<TurnOutcome> {
  if (choice === 'restart' && state.flow) return restartFlow(flows, state, state.flow.flowId);
  const canShowAgain = choice === 'resume' ? hasActiveFlow(state) : choice === 'review' && state.flow?.completed === true;
  if (!canShowAgain) return { replies: [menuReply(texts.nothingToResume)] };
  return { replies: state.flowReplies ?? [{ text: texts.flowWaiting }] };
}

export function leaveFlow(state: UserState): TurnOutcome {
  if (!hasActiveFlow(state)) return { replies: [menuReply(texts.noActiveFlow)] };
  return {
    replies: [menuReply(texts.flowLeft(state.flow.flowId))],
    save: { ...state, flow: undefined, flowReplies: undefined },
  };
}

async function restartFlow(flows: FlowEngine, state: UserState, flowId: string): Promise<TurnOutcome> {
  return withFlowOutput(state, await flows.start(flowId));
}

/**
 * What the flow last showed is kept to be shown again, without its files: a file is handed over
 * once, and asked for again with the result's own button.
 */
function withFlowOutput(state: UserState, output: FlowOutput): TurnOutcome {
  const shown = output.replies.map(({ files: _files, ...reply }): Reply => reply);
  return {
    replies: output.replies,
    save: { ...state, flow: output.state, flowReplies: output.state ? shown : undefined },
  };
}
