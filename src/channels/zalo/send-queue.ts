import { hashUserId, type Logger } from '../../logger.ts';
import { RefusalReports, refusalMessages, type ZaloRefusal } from './refusals.ts';
import type { ZaloMessage } from './zalo-api.ts';

export interface OutgoingText {
  threadId: string;
  isGroup: boolean;
  text: string;
  /** The message this one answers, quoted (in groups, so it is clear whom the bot answers). */
  quoting?: ZaloMessage;
  /** A file to send as an attachment instead of the text (its path on this machine); `text` names it in logs. */
  attachment?: string;
}

export interface SendQueueOptions {
  send(message: OutgoingText): Promise<void>;
  logger: Logger;
  /** The least time from the end of one send to the start of the next. */
  intervalMs: number;
  /** Up to this much more on top of each interval, at random: a machine-regular rhythm looks like spam. */
  jitterMs: number;
  /** Messages waiting at most; beyond it new ones are dropped (a backlog that long is stale anyway). */
  capacity: number;
  /** A send that has not finished by then is given up on, so one stalled request cannot silence the bot. */
  sendTimeoutMs: number;
  /** Recognises Zalo's refusals among send failures (see refusals.ts). */
  refusalOf?: (error: unknown) => ZaloRefusal | undefined;
  /** The pause after Zalo says the account sends too fast; it doubles while Zalo keeps saying so. */
  rateLimitPauseMs?: number;
  random?: () => number;
}

const MAX_RATE_LIMIT_PAUSE_MS = 10 * 60_000;

/**
 * The one outgoing queue of a Zalo account. A personal account that fires messages in bursts gets
 * restricted, so every message, to any conversation, waits its turn and the turns are spaced. A
 * refusal is never retried at once: a message Zalo will not take is dropped (and the rest of a
 * reply to someone who blocks strangers with it), and "too fast" pauses the whole queue.
 */
export class SendQueue {
  private readonly waiting: OutgoingText[] = [];
  private readonly reports = new RefusalReports();
  private readonly idleWaiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private stopped = false;
  private nextSendAt = 0;
  private rateLimitPauses = 0;

  constructor(private readonly options: SendQueueOptions) {}

  /** Queues a message; false, with a warning, when the queue is full and it was dropped. */
  push(message: OutgoingText): boolean {
    if (this.stopped) return false;
    if (this.waiting.length >= this.options.capacity) {
      this.options.logger.warn(
        { thread: hashUserId(message.threadId), queued: this.waiting.length },
        'Zalo: the send queue is full; a reply was dropped',
      );
      return false;
    }
    this.waiting.push(message);
    this.schedule();
    return true;
  }

  /**
   * Keeps sending until the queue is empty or `timeoutMs` has passed, then stops; returns how many
   * messages were left unsent.
   */
  async drain(timeoutMs: number): Promise<number> {
    if (!this.stopped && (this.sending || this.waiting.length > 0)) {
      let deadline: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        deadline = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(deadline);
    }
    return this.stop();
  }

  /** Stops sending; returns how many messages were left unsent. */
  stop(): number {
    this.stopped = true;
    clearTimeout(this.timer);
    this.settleIdle();
    return this.waiting.splice(0).length;
  }

  private schedule(): void {
    if (this.stopped || this.sending || this.timer) return;
    if (this.waiting.length === 0) return this.settleIdle();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendNext();
    }, Math.max(0, this.nextSendAt - Date.now()));
  }

  private settleIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async sendNext(): Promise<void> {
    const message = this.waiting.shift();
    if (!message) return;
    const { intervalMs, jitterMs, random = Math.random } = this.options;
    this.sending = true;
    let pauseMs = 0;
    try {
      await this.withTimeout(this.options.send(message));
      this.rateLimitPauses = 0;
    } catch (error) {
      pauseMs = this.failed(message, error);
    } finally {
      this.sending = false;
      this.nextSendAt = Date.now() + Math.max(pauseMs, intervalMs + Math.round(jitterMs * random()));
      this.schedule();
    }
  }

  /** Deals with a failed send; returns how long the queue should pause. */
  private failed(message: OutgoingText, error: unknown): number {
    const { logger } = this.options;
    const thread = hashUserId(message.threadId);
    const refusal = this.options.refusalOf?.(error);
    if (refusal === undefined) {
      logger.warn({ thread, error: error instanceof Error ? error.message : String(error) }, 'Zalo: a reply could not be sent');
      return 0;
    }
    if (refusal === 'rate-limited') {
      // Sent again after the pause: the message itself was fine, only the pace was not.
      if (!this.stopped) this.waiting.unshift(message);
      const pauseMs = Math.min(MAX_RATE_LIMIT_PAUSE_MS, (this.options.rateLimitPauseMs ?? 60_000) * 2 ** this.rateLimitPauses);
      if (this.rateLimitPauses === 0) logger.warn({ pauseMs, queued: this.waiting.length }, refusalMessages[refusal]);
      this.rateLimitPauses += 1;
      return pauseMs;
    }
    let dropped = 0;
    if (refusal === 'blocks-strangers') {
      // The rest of the reply would be refused the same way.
      for (let i = this.waiting.length - 1; i >= 0; i--) {
        if (this.waiting[i]?.threadId === message.threadId) {
          this.waiting.splice(i, 1);
          dropped += 1;
        }
      }
    }
    if (this.reports.firstTime(refusal, message.threadId)) logger.warn({ thread, dropped: dropped + 1 }, refusalMessages[refusal]);
    else logger.debug({ thread, refusal, dropped: dropped + 1 }, 'Zalo: a reply was refused again');
    return 0;
  }

  private withTimeout(sending: Promise<void>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer from Zalo in ${this.options.sendTimeoutMs} ms`)), this.options.sendTimeoutMs);
    });
    return Promise.race([sending, expired]).finally(() => clearTimeout(timeout));
  }
}
