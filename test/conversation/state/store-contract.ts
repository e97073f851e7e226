import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedbackRecord, StateStore, UserState } from '../../../src/conversation/state/state-store.ts';

export interface StoreHarness {
  /** Starts each test from an empty store (a new file, a flushed Redis). */
  reset(): Promise<void>;
  /** Reopening must see what the previous instance wrote (same file, same Redis). */
  open(): Promise<StateStore>;
  /** Writes a raw value where a user's state lives, to test damaged data. */
  corrupt(store: StateStore, userKey: string, raw: string): Promise<void>;
}

const midFlow: UserState = {
  turns: [
    { role: 'user', text: 'Thành lập HTX cần mấy người?' },
    { role: 'bot', text: 'Ít nhất 5 thành viên chính thức.' },
  ],
  flow: { flowId: 'thanh-lap', stepId: 'thanh-vien', answers: { ten: 'HTX Hoa Sen', du_kien: 7, co_von: true }, history: ['ten'] },
  flowReplies: [{ text: 'HTX có bao nhiêu thành viên?', buttons: ['Từ 5 đến 10', 'Trên 10'] }],
  lastAnswer: { question: 'q', answer: 'a', citations: [{ docId: 'luat-htx-2023', citation: 'Điều 30' }] },
  language: 'vi',
  updatedAt: 1_700_000_000_000,
};

function feedback(verdict: 'up' | 'down', question: string, at: number): FeedbackRecord {
  return { userHash: 'abc123', question, answer: `Trả lời ${question}`, citations: [{ docId: 'd', citation: 'Điều 1' }], verdict, at };
}

/** One contract, run against every StateStore implementation. */
export function describeStateStoreContract(name: string, harness: StoreHarness) {
  describe(`${name} store contract`, () => {
    let store: StateStore;
    beforeEach(async () => {
      await harness.reset();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns undefined for an unknown user', async () => {
      expect(await store.get('telegram:nobody')).toBeUndefined();
    });

    it('round-trips a state, Vietnamese text and flow answers included', async () => {
      await store.set('telegram:1', midFlow);
      expect(await store.get('telegram:1')).toEqual(midFlow);
    });

    it('overwrites a state and keeps users apart', async () => {
      await store.set('telegram:1', midFlow);
      await store.set('zalo:1', { turns: [], language: 'vi', updatedAt: 1 });
      await store.set('telegram:1', { ...midFlow, flow: undefined, updatedAt: 2 });
      expect((await store.get('telegram:1'))?.flow).toBeUndefined();
      expect((await store.get('zalo:1'))?.updatedAt).toBe(1);
    });

    it('deletes one user only', async () => {
      await store.set('telegram:1', midFlow);
      await store.set('telegram:2', midFlow);
      await store.delete('telegram:1');
      await store.delete('telegram:never-seen');
      expect(await store.get('telegram:1')).toBeUndefined();
      expect(await store.get('telegram:2')).toEqual(midFlow);
    });

    it('keeps state across a close and reopen', async () => {
      await store.set('cli:cli', midFlow);
      await store.close();
      store = await harness.open();
      expect(await store.get('cli:cli')).toEqual(midFlow);
    });

    it('reads damaged state as no state', async () => {
      await harness.corrupt(store, 'telegram:9', '{"turns": "not a list"');
      expect(await store.get('telegram:9')).toBeUndefined();
      await harness.corrupt(store, 'telegram:9', JSON.stringify({ turns: [], language: 'en', updatedAt: 1 }));
      expect(await store.get('telegram:9')).toBeUndefined();
    });

    it('stores feedback, counts it and lists the newest first', async () => {
      await store.addFeedback(feedback('up', 'câu 1', 1));
      await store.addFeedback(feedback('down', 'câu 2', 2));
      await store.addFeedback(feedback('down', 'câu 3', 3));
      await store.set('telegram:1', midFlow);
      await store.set('zalo:2', midFlow);
      expect(await store.stats()).toEqual({ users: 2, feedback: { up: 1, down: 2 } });
      expect(await store.recentFeedback('down', 5)).toEqual([feedback('down', 'câu 3', 3), feedback('down', 'câu 2', 2)]);
      expect(await store.recentFeedback('down', 1)).toHaveLength(1);
      expect(await store.recentFeedback('up', 0)).toEqual([]);
    });

    it('counts a deleted user no more', async () => {
      await store.set('telegram:1', midFlow);
      await store.delete('telegram:1');
      expect((await store.stats()).users).toBe(0);
    });
  });
}
