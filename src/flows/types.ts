import type { Reply } from '../conversation/types.ts';

/** Where a user is in a guided flow. Plain data: stored as JSON in the state store. */
export interface FlowState {
  flowId: string;
  stepId: string;
  answers: Record<string, string | number | boolean>;
  /** Step ids visited, for "quay lại" (back). */
  history: string[];
  /** Set when the flow finished: the checklist can be shown again without re-asking. */
  completed?: boolean;
}

export interface FlowOutput {
  replies: Reply[];
  /** The state to store; undefined when the user left the flow. */
  state?: FlowState;
}

export interface FlowEngine {
  /** e.g. ["thanh-lap", "chinh-sach"] */
  flowIds(): string[];
  start(flowId: string): Promise<FlowOutput>;
  /** Handles an answer (or "quay lại") within a flow. Async: a step may consult the knowledge base. */
  handle(state: FlowState, text: string): Promise<FlowOutput>;
  /** The flow a free-text message asks for ("tôi muốn thành lập htx" → "thanh-lap"), if any. */
  detectIntent(text: string): string | undefined;
}
