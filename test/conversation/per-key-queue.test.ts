import { describe, expect, it } from 'vitest';
import { createPerKeyQueue } from '../../src/conversation/per-key-queue.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createPerKeyQueue', () => {
  it('runs tasks of one key in order, other keys alongside', async () => {
    const queue = createPerKeyQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await tick(ms);
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', task('a1', 20)), queue.run('a', task('a2', 1)), queue.run('b', task('b1', 1))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a2 start')).toBeGreaterThan(events.indexOf('a1 end'));
    expect(events.indexOf('b1 end')).toBeLessThan(events.indexOf('a1 end'));
  });

  it('goes on after a failed task', async () => {
    const queue = createPerKeyQueue();
    const failed = queue.run('a', async () => {
      throw new Error('x');
    });
    const next = queue.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('x');
    await expect(next).resolves.toBe('next');
  });
});
