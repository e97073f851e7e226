import type { UserState } from './state/state-store.ts';
import type { Reply } from './types.ts';

/** What handling one message produced. Nothing is written until the whole turn has succeeded. */
export interface TurnOutcome {
  replies: Reply[];
  /** The state to store; absent leaves the stored state as it was. */
  save?: UserState;
  /** Delete everything stored about the user ("/moi"). */
  forget?: true;
}
