import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import { buildService, message, openTempStore } from './fakes.ts';

let store: StateStore;
beforeEach(() => {
  store = openTempStore();
});
afterEach(async () => {
  await store.close();
});

describe('concurrency through the core', () => {
  it('50 users at once each keep their own flow and turns', async () => {
    const ctx = buildService({ store });
    ctx.answerer.delayMs = 5;
    ctx.flows.delayMs = 5;
    const users = Array.from({ length: 50 }, (_, i) => `user-${i}`);
    const script = (i: number) => [`câu hỏi A của người ${i}`, `câu hỏi B của người ${i}`, '/thanhlap', `HTX số ${i}`];

    // Every message of every user is sent before any reply arrives.
    const replies = await Promise.all(
      users.flatMap((userId, i) => script(i).map((text) => ctx.service.handle(message(text, { userId, chatId: userId })))),
    );

    users.forEach((_, i) => {
      const [a, b, start, named] = replies.slice(i * 4, i * 4 + 4);
      expect(a?.[0]?.text).toContain(`câu hỏi A của người ${i}`);
      expect(b?.[0]?.text).toContain(`câu hỏi B của người ${i}`);
      expect(start?.[0]?.text).toBe('Tên dự kiến của HTX là gì?');
      expect(named?.[0]?.text).toBe('HTX có bao nhiêu thành viên?');
    });
    for (const [i, userId] of users.entries()) {
      const state = await store.get(`telegram:${userId}`);
      expect(state?.flow).toMatchObject({ flowId: 'thanh-lap', stepId: 'thanh-vien', answers: { ten: `HTX số ${i}` } });
      expect(state?.turns.filter((t) => t.role === 'user').map((t) => t.text)).toEqual([
        `câu hỏi A của người ${i}`,
        `câu hỏi B của người ${i}`,
      ]);
      expect(state?.turns.every((t) => t.text.includes(`người ${i}`))).toBe(true);
    }
    expect((await store.stats()).users).toBe(50);
    // Different users were answered at the same time, not one after another.
    expect(ctx.answerer.maxInFlight).toBeGreaterThan(1);
  });

  it('messages of one user are handled one at a time, in order', async () => {
    const ctx = buildService({ store });
    ctx.answerer.delayMs = 5;
    const questions = Array.from({ length: 10 }, (_, i) => `câu số ${i}`);

    const replies = await Promise.all(questions.map((q) => ctx.service.handle(message(q))));

    expect(ctx.answerer.maxInFlight).toBe(1);
    expect(replies.map((r) => r[0]?.text.split('\n')[0])).toEqual(questions.map((q) => `Trả lời: ${q}`));
    // Each question saw the turns the previous one stored: no write was lost to a race.
    expect(ctx.answerer.calls.map((c) => c.history.length)).toEqual([0, 2, 4, 6, 6, 6, 6, 6, 6, 6]);
    expect(ctx.answerer.calls.map((c) => c.question)).toEqual(questions);
  });

  it('a failure in one message does not block the next of the same user', async () => {
    const ctx = buildService({ store });
    ctx.answerer.failWith = new Error('boom');
    const first = ctx.service.handle(message('câu một'));
    const second = ctx.service.handle(message('/start'));
    expect((await first)[0]?.text).toContain('Xin lỗi');
    expect((await second)[0]?.text).toContain('Xin chào');
  });
});
