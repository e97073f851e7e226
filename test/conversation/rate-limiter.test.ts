import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/conversation/rate-limiter.ts';

describe('createRateLimiter', () => {
  it('allows the limit, notifies once, then stays silent until the window slides', () => {
    let clock = 0;
    const limiter = createRateLimiter(2, () => clock);
    expect(limiter.check('a')).toBe('allow');
    clock = 30_000;
    expect(limiter.check('a')).toBe('allow');
    expect(limiter.check('a')).toBe('notify');
    expect(limiter.check('a')).toBe('silence');
    expect(limiter.check('b')).toBe('allow');
    clock = 60_001; // the first message left the window
    expect(limiter.check('a')).toBe('allow');
    expect(limiter.check('a')).toBe('notify');
  });

  it('is off with an infinite limit', () => {
    const limiter = createRateLimiter(Infinity, () => 0);
    for (let i = 0; i < 1_000; i++) expect(limiter.check('a')).toBe('allow');
  });
});
