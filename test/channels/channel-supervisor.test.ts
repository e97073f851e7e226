import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { PermanentChannelError, superviseChannel, type ChannelStarter, type RunningChannel } from '../../src/channels/channel-supervisor.ts';

function capturedLogs() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; failures?: number; retryInMs?: number; reason?: string }) };
}

const policy = { initialDelayMs: 10, maxDelayMs: 40, jitter: 0, warnAfterFailures: 3 };

function runningChannel(): RunningChannel & { stops: number } {
  const channel = { stops: 0, stop: async () => void (channel.stops += 1) };
  return channel;
}

describe('superviseChannel', () => {
  it('keeps trying a platform it cannot reach, backing off and saying so, until it answers', async () => {
    const { logger, entries } = capturedLogs();
    const channel = runningChannel();
    const attempts: number[] = [];
    const starter: ChannelStarter = {
      name: 'Telegram',
      async start() {
        attempts.push(Date.now());
        if (attempts.length < 6) throw new Error('connect ECONNREFUSED');
        return channel;
      },
    };
    const supervised = superviseChannel(starter, logger, policy);
    await supervised.serving;

    expect(attempts).toHaveLength(6);
    const waits = entries().filter((e) => e.msg.startsWith('Telegram: cannot reach the platform yet'));
    expect(waits.map((e) => e.retryInMs)).toEqual([10, 20, 40, 40, 40]);
    expect(waits.map((e) => e.level)).toEqual([30, 30, 40, 40, 40]);
    expect(waits[0]?.reason).toBe('connect ECONNREFUSED');
    expect(entries().at(-1)?.msg).toBe('Telegram channel started');
    await supervised.stop();
    expect(channel.stops).toBe(1);
  });

  it('gives up on a permanent refusal with one line, and is then out', async () => {
    const { logger, entries } = capturedLogs();
    let attempts = 0;
    const supervised = superviseChannel(
      {
        name: 'Zalo Bot Platform',
        async start() {
          attempts += 1;
          throw new PermanentChannelError('the bot token was refused (401): check ZALO_BOT_TOKEN');
        },
      },
      logger,
      policy,
    );
    await supervised.out;
    await new Promise((r) => setTimeout(r, 60));

    expect(attempts).toBe(1);
    expect(entries()).toEqual([
      expect.objectContaining({ level: 50, msg: 'Zalo Bot Platform channel not started; the other channels carry on', reason: expect.stringMatching(/401/) }),
    ]);
    await expect(supervised.stop()).resolves.toBeUndefined();
  });

  it('is out when a serving channel ends on its own, but not when it was stopped', async () => {
    const { logger } = capturedLogs();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const supervised = superviseChannel({ name: 'A', start: async () => ({ stop: async () => undefined, ended }) }, logger, policy);
    await supervised.serving;
    const out = vi.fn();
    void supervised.out.then(out);
    end();
    await vi.waitFor(() => expect(out).toHaveBeenCalled());

    let endB!: () => void;
    const endedB = new Promise<void>((resolve) => (endB = resolve));
    const stopped = superviseChannel({ name: 'B', start: async () => ({ stop: async () => endB(), ended: endedB }) }, logger, policy);
    await stopped.serving;
    const outB = vi.fn();
    void stopped.out.then(outB);
    await stopped.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(outB).not.toHaveBeenCalled();
  });

  it('stops at once while waiting to retry, or while a start hangs, and stops a start that finishes late', async () => {
    const { logger } = capturedLogs();
    const waiting = superviseChannel({ name: 'A', start: async () => Promise.reject(new Error('down')) }, logger, { ...policy, initialDelayMs: 60_000, maxDelayMs: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await waiting.stop();
    expect(Date.now() - started).toBeLessThan(100);

    const late = runningChannel();
    let finish!: (channel: RunningChannel) => void;
    const hanging = superviseChannel({ name: 'B', start: () => new Promise<RunningChannel>((resolve) => (finish = resolve)) }, logger, policy);
    await hanging.stop();
    finish(late);
    await vi.waitFor(() => expect(late.stops).toBe(1));
  });

  it('tries nothing more after a stop', async () => {
    const { logger } = capturedLogs();
    let attempts = 0;
    const supervised = superviseChannel({ name: 'A', start: async () => (attempts++, Promise.reject(new Error('down'))) }, logger, policy);
    await new Promise((r) => setTimeout(r, 30));
    await supervised.stop();
    const after = attempts;
    await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBe(after);
  });
});
