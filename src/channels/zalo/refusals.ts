/**
 * Zalo's refusals of a message the personal account sends, as zca-js reports them (a ZaloApiError
 * with Zalo's `code`). None is cured by sending again at once, and some get worse: Zalo counts the
 * attempts. Codes as Zalo answers them (RFS-ADRENO/zca-js#307, #94, #229, #173).
 */
export type ZaloRefusal =
  /** 122: the user accepts messages from friends only; nothing reaches them until they change that or befriend the account. */
  | 'blocks-strangers'
  /**
   * 123 "Không thể nhận tin nhắn từ bạn": the same text twice in a row, or too many messages to
   * people who are not the account's friends. This message is lost; a different one may pass.
   */
  | 'not-accepted'
  /** 221 "Vượt quá số request cho phép": the account sends too fast; everything waits a while. */
  | 'rate-limited';

const byCode: Record<number, ZaloRefusal> = { 122: 'blocks-strangers', 123: 'not-accepted', 221: 'rate-limited' };

export function refusalOf(error: unknown): ZaloRefusal | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'number') return undefined;
  return byCode[error.code];
}

/** The log line of each refusal: what happened and what it means for the operator. */
export const refusalMessages: Record<ZaloRefusal, string> = {
  'blocks-strangers':
    'Zalo: this user accepts messages from friends only (code 122); the replies to them are dropped. ' +
    'They receive answers once they befriend the bot account or allow messages from strangers',
  'not-accepted':
    'Zalo: a reply was not accepted (code 123): the same text twice in a row, or too many messages to people who are not friends; it was dropped',
  'rate-limited': 'Zalo: sending too fast (code 221); replies wait and are sent after a pause',
};

/**
 * Which refusals were already logged, per conversation, so a user who blocks strangers and keeps
 * writing does not fill the log: each kind is logged once per conversation and period.
 */
export class RefusalReports {
  private readonly reportedAt = new Map<string, number>();

  constructor(
    private readonly periodMs = 60 * 60_000,
    private readonly maxConversations = 1_000,
  ) {}

  /** True the first time `kind` is seen for `threadId` in the period: that one is logged. */
  firstTime(kind: ZaloRefusal, threadId: string, now = Date.now()): boolean {
    const key = `${kind}:${threadId}`;
    const last = this.reportedAt.get(key);
    if (last !== undefined && now - last < this.periodMs) return false;
    this.reportedAt.delete(key);
    this.reportedAt.set(key, now);
    if (this.reportedAt.size > this.maxConversations) {
      const oldest = this.reportedAt.keys().next().value;
      if (oldest !== undefined) this.reportedAt.delete(oldest);
    }
    return true;
  }
}
