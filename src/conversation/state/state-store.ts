import type { ConversationTurn } from '../../answering/types.ts';
import type { FlowState } from '../../flows/types.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { Reply } from '../types.ts';
import type { TurnOrder } from './turn-order.ts';

/** How many turns a follow-up question may look back on: three exchanges is enough context. */
export const MAX_STORED_TURNS = 6;

export interface CitationRef {
  docId: string;
  citation: string;
}

/** Everything the bot remembers about one user. Nothing here is a secret or needed by anyone else. */
export interface UserState {
  turns: ConversationTurn[];
  /** The active flow, or the last one finished (`completed`), kept so its result can be shown again. */
  flow?: FlowState;
  /** What the flow last showed: resuming or re-showing a checklist then needs nothing from the engine. */
  flowReplies?: Reply[];
  /** The answer the feedback buttons refer to. */
  lastAnswer?: { question: string; answer: string; citations: CitationRef[]; rated?: boolean };
  language: 'vi';
  /** Epoch milliseconds. */
  updatedAt: number;
}

export type Verdict = 'up' | 'down';

export interface FeedbackRecord {
  /** `hashUserId(userKey)`: feedback outlives "/moi", so it must not name the user. */
  userHash: string;
  question: string;
  answer: string;
  citations: CitationRef[];
  verdict: Verdict;
  /** Epoch milliseconds. */
  at: number;
}

export interface StoreStats {
  /** Users with stored state. */
  users: number;
  feedback: Record<Verdict, number>;
}

/** Keyed by `userKeyOf(channel, userId)`. */
export interface StateStore {
  get(userKey: string): Promise<UserState | undefined>;
  /** Atomic: after a crash the store holds either the previous state or this one. */
  set(userKey: string, state: UserState): Promise<void>;
  delete(userKey: string): Promise<void>;
  addFeedback(record: FeedbackRecord): Promise<void>;
  /** Newest first. */
  recentFeedback(verdict: Verdict, limit: number): Promise<FeedbackRecord[]>;
  stats(): Promise<StoreStats>;
  /**
   * Where each user's messages wait their turn. Instances sharing the store share it, so a user's
   * messages keep their order whichever instance takes them.
   */
  readonly turns: TurnOrder;
  /** A per-user limit counted beside the state: instances sharing the store share the limit. */
  rateLimiter(limitPerMinute: number): RateLimiter;
  close(): Promise<void>;
}

export function userKeyOf(channel: string, userId: string): string {
  return `${channel}:${userId}`;
}

/** Raised when a store cannot be opened; the message tells an operator what to do. */
export class StateStoreError extends Error {}
