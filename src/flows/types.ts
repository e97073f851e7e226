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
  /** The page of the finished flow's result last shown (0: its overview). */
  page?: number;
}

export interface FlowOutput {
  replies: Reply[];
  /** The state to store; undefined when the user left the flow. */
  state?: FlowState;
  /**
   * Set when the message was no answer to the step (the state is unchanged and `replies` ask again):
   * whether it reads as a question of its own, and the step's question as it is asked after the
   * conversation has answered that question.
   */
  unanswered?: { question: boolean; reask: Reply };
}

export interface FlowEngine {
  /** e.g. ["thanh-lap", "chinh-sach"] */
  flowIds(): string[];
  start(flowId: string): Promise<FlowOutput>;
  /** Handles an answer (or "quay lại") within a flow. Async: a step may consult the knowledge base. */
  handle(state: FlowState, text: string): Promise<FlowOutput>;
  /** The flow a free-text message asks for ("tôi muốn thành lập htx" → "thanh-lap"), if any. */
  detectIntent(text: string): string | undefined;
  /**
   * Whether a message sent after a result is still for the flow: "quay lại" (back into its
   * questions) or a result page's own words ("tiếp", "xem lại", "tải hồ sơ"), typed or pressed.
   */
  takesAfterResult(text: string): boolean;
}
