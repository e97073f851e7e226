import type { FlowEngine, FlowOutput, FlowState } from '../flows/types.ts';
import { fold } from './commands.ts';
import { buttonLabels, menuReply, texts } from './messages.ts';
import type { UserState } from './state/state-store.ts';
import type { TurnOutcome } from './turn-outcome.ts';

/** A finished flow stays in state only to be shown again; it no longer takes the user's messages. */
export function hasActiveFlow(state: UserState): state is UserState & { flow: FlowState } {
  return state.flow !== undefined && !state.flow.completed;
}

/**
 * Whether the message presses one of the buttons a finished flow showed with its result
 * ("Tìm chính sách hỗ trợ", "Làm lại từ đầu"): the engine then decides what it means, e.g. carrying the
 * answers over into the next flow instead of asking them again.
 */
export function pressesResultButton(state: UserState, text: string): state is UserState & { flow: FlowState } {
  if (!state.flow?.completed || text.trim().startsWith('/')) return false;
  const pressed = fold(text);
  if (pressed === '') return false;
  return (state.flowReplies ?? []).some((reply) => (reply.buttons ?? []).some((label) => fold(label) === pressed));
}

/** Starts a flow, unless the user already has this one: then offers to resume (or review) or restart. */
export async function openFlow(flows: FlowEngine, state: UserState, flowId: string): Promise<TurnOutcome> {
  const existing = state.flow;
  if (existing?.flowId !== flowId) return restartFlow(flows, state, flowId);
  const offer = existing.completed
    ? { text: texts.flowOfferCompleted(flowId), buttons: [buttonLabels.reviewFlow, buttonLabels.restartFlow] }
    : { text: texts.flowOfferUnfinished(flowId), buttons: [buttonLabels.resumeFlow, buttonLabels.restartFlow] };
  return { replies: [offer] };
}

export async function continueFlow(
  flows: FlowEngine,
  state: UserState & { flow: FlowState },
  text: string,
): Promise<TurnOutcome> {
  return withFlowOutput(state, await flows.handle(state.flow, text));
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

function withFlowOutput(state: UserState, output: FlowOutput): TurnOutcome {
  return {
    replies: output.replies,
    save: { ...state, flow: output.state, flowReplies: output.state ? output.replies : undefined },
  };
}
