import { hashUserId, type Logger } from '../../logger.ts';

export interface OutgoingText {
  threadId: string;
  isGroup: boolean;
  text: string;
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
  random?: () => number;
}

/**
 * The one outgoing queue of a Zalo account. A personal account that fires messages in bursts gets
 * restricted, so every message, to any conversation, waits its turn and the turns are spaced.
 */
export class SendQueue {
  private readonly waiting: OutgoingText[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private stopped = false;
  private nextSendAt = 0;

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

  /** Stops sending; returns how many messages were left unsent. */
  stop(): number {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.waiting.splice(0).length;
  }

  private schedule(): void {
    if (this.stopped || this.sending || this.timer || this.waiting.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendNext();
    }, Math.max(0, this.nextSendAt - Date.now()));
  }

  private async sendNext(): Promise<void> {
    const message = this.waiting.shift();
    if (!message) return;
    const { logger, intervalMs, jitterMs, random = Math.random } = this.options;
    this.sending = true;
    try {
      await this.withTimeout(this.options.send(message));
    } catch (error) {
      logger.warn(
        { thread: hashUserId(message.threadId), error: error instanceof Error ? error.message : String(error) },
        'Zalo: a reply could not be sent',
      );
    } finally {
      this.sending = false;
      this.nextSendAt = Date.now() + intervalMs + Math.round(jitterMs * random());
      this.schedule();
    }
  }

  private withTimeout(sending: Promise<void>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer from Zalo in ${this.options.sendTimeoutMs} ms`)), this.options.sendTimeoutMs);
    });
    return Promise.race([sending, expired]).finally(() => clearTimeout(timeout));
  }
}
