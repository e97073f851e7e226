import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recognizeAction } from '../../src/conversation/commands.ts';
import { createConversationService } from '../../src/conversation/conversation-service.ts';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import type { ConversationService, IncomingMessage } from '../../src/conversation/types.ts';
import type { FlowOutput, FlowState } from '../../src/flows/types.ts';
import { capturingLogger, FakeAnswerer, FakeFlowEngine, message, openTempStore, sampleSources } from './fakes.ts';

const POLICIES = 'Tìm chính sách hỗ trợ';
const RESTART = 'Làm lại từ đầu';

/**
 * The fake flows of fakes.ts, with what a real engine adds: the finished founding guide shows
 * result buttons, and pressing "Tìm chính sách hỗ trợ" there starts the policy finder with the
 * answers carried over. Records every message the core hands it.
 */
class RecordingFlowEngine extends FakeFlowEngine {
  handled: { state: FlowState; text: string }[] = [];

  override async handle(state: FlowState, text: string): Promise<FlowOutput> {
    this.handled.push({ state: structuredClone(state), text });
    if (state.completed) {
      if (loose(text) === loose(RESTART)) return this.start(state.flowId);
      if (loose(text) === loose(POLICIES)) {
        const carried: FlowState = { flowId: 'chinh-sach', stepId: 'nganh', answers: { ten: state.answers.ten ?? '' }, history: [] };
        return { replies: [{ text: `Chính sách cho ${String(state.answers.ten)}. HTX hoạt động trong ngành nào?` }], state: carried };
      }
      return { replies: [{ text: 'Kết quả lần trước' }], state };
    }
    const output = await super.handle(state, text);
    const last = output.replies[output.replies.length - 1];
    if (output.state?.completed && output.state.flowId === 'thanh-lap' && last) last.buttons = [POLICIES, RESTART];
    return output;
  }
}

/** As the engine compares a typed button with its label: case and diacritics aside. */
const loose = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

let store: StateStore;
let flows: RecordingFlowEngine;
let answerer: FakeAnswerer;
let service: ConversationService;

beforeEach(() => {
  store = openTempStore();
  flows = new RecordingFlowEngine();
  answerer = new FakeAnswerer();
  service = createConversationService({
    answerer,
    flows,
    store,
    sources: () => sampleSources,
    logger: capturingLogger().logger,
    adminIds: [],
    rateLimitPerMinute: 1_000,
  });
});
afterEach(async () => {
  await store.close();
});

const send = (text: string, extra: Partial<IncomingMessage> = {}) => service.handle(message(text, extra));
const stored = (key = 'telegram:u1') => store.get(key);

describe('recognizeAction without bare words (inside a flow)', () => {
  it.each(['mới', 'Huy', 'nguồn', 'thanh lap', 'help'])('"%s" is not a command', (text) => {
    expect(recognizeAction(text, { bareWords: false })).toBeUndefined();
    expect(recognizeAction(text)).toMatchObject({ kind: 'command' });
  });

  it('slash commands, pressed buttons and a bare thumb still count', () => {
    expect(recognizeAction('/moi', { bareWords: false })).toEqual({ kind: 'command', command: 'moi' });
    expect(recognizeAction('/xyz', { bareWords: false })).toEqual({ kind: 'unknown-command' });
    expect(recognizeAction('📚 Nguồn văn bản', { bareWords: false })).toEqual({ kind: 'command', command: 'nguon' });
    expect(recognizeAction('👍', { bareWords: false })).toEqual({ kind: 'feedback', verdict: 'up' });
  });
});

describe('bare command words inside a flow are answers', () => {
  it.each(['mới', 'Mới', 'moi', 'Huy', 'hủy', 'nguồn', 'help', 'menu', 'thành lập', 'chính sách', 'bắt đầu'])(
    '"%s" goes to the flow and keeps the user\'s state',
    async (word) => {
      await send('/thanhlap');
      const [reply] = await send(word);
      expect(flows.handled.map((h) => h.text)).toEqual([word]);
      expect(reply?.text).toBe('HTX có bao nhiêu thành viên?');
      expect((await stored())?.flow).toMatchObject({ flowId: 'thanh-lap', stepId: 'thanh-vien', answers: { ten: word } });
    },
  );

  it('"mới" as an answer does not wipe the conversation', async () => {
    await send('Vốn điều lệ là gì?');
    await send('/thanhlap');
    await send('mới');
    const state = await stored();
    expect(state?.turns).toHaveLength(2);
    expect(state?.flow?.answers).toEqual({ ten: 'mới' });
  });

  it('slash commands still count inside a flow', async () => {
    await send('/thanhlap');
    expect((await send('/nguon')).map((r) => r.text).join('\n')).toContain('UBND thành phố Quảng Ngãi');
    expect((await send('/start'))[0]?.text).toContain('/thanhlap');
    expect((await stored())?.flow?.stepId).toBe('ten');
    expect((await send('/huy'))[0]?.text).toContain('Đã thoát phần hướng dẫn thành lập HTX');
    expect((await stored())?.flow).toBeUndefined();
    await send('/thanhlap');
    await send('/moi');
    expect(await stored()).toBeUndefined();
    expect(flows.handled).toEqual([]);
  });

  it('pressed buttons still count inside a flow', async () => {
    await send('/thanhlap');
    expect((await send('📚 Nguồn văn bản')).map((r) => r.text).join('\n')).toContain('UBND thành phố Quảng Ngãi');
    expect((await send('📘 Thành lập HTX'))[0]?.buttons).toEqual(['▶️ Tiếp tục phần đang dở', '🔄 Làm lại từ đầu']);
    expect(flows.handled).toEqual([]);
  });

  it('the same words are commands again once the flow is left or finished (Zalo has no slash menu)', async () => {
    const zalo = { channel: 'zalo' as const };
    expect((await send('huy', zalo))[0]?.text).toContain('không ở trong phần hướng dẫn nào');
    expect((await send('nguon', zalo)).map((r) => r.text).join('\n')).toContain('UBND thành phố Quảng Ngãi');
    expect((await send('thanh lap', zalo))[0]?.text).toBe('Tên dự kiến của HTX là gì?');
    expect((await send('hủy', zalo))[0]?.text).toBe('HTX có bao nhiêu thành viên?');
    await send('Trên 10', zalo);
    expect((await stored('zalo:u1'))?.flow?.completed).toBe(true);
    expect((await send('Mới', zalo))[0]?.text).toContain('bắt đầu lại');
    expect(await stored('zalo:u1')).toBeUndefined();
  });
});

describe('result buttons of a finished flow go to the flow', () => {
  async function finishFounding() {
    await send('/thanhlap');
    await send('HTX Hoa Sen');
    const replies = await send('Trên 10');
    expect(replies[replies.length - 1]?.buttons).toEqual([POLICIES, RESTART]);
    flows.handled = [];
  }

  it('"Tìm chính sách hỗ trợ" hands the finished state to the engine, which carries the answers over', async () => {
    await finishFounding();
    const [reply] = await send(POLICIES);
    expect(flows.handled).toHaveLength(1);
    expect(flows.handled[0]).toMatchObject({ text: POLICIES, state: { flowId: 'thanh-lap', completed: true, answers: { ten: 'HTX Hoa Sen' } } });
    expect(reply?.text).toContain('Chính sách cho HTX Hoa Sen');
    expect((await stored())?.flow).toMatchObject({ flowId: 'chinh-sach', stepId: 'nganh', answers: { ten: 'HTX Hoa Sen' } });
    expect(answerer.calls).toHaveLength(0);
  });

  it('the button typed by hand, without diacritics, counts too', async () => {
    await finishFounding();
    await send('tim chinh sach ho tro');
    expect(flows.handled.map((h) => h.text)).toEqual(['tim chinh sach ho tro']);
    expect((await stored())?.flow?.flowId).toBe('chinh-sach');
  });

  it('still works after a question asked in between', async () => {
    await finishFounding();
    await send('Thủ tục giải thể HTX?');
    expect(answerer.calls).toHaveLength(1);
    await send(POLICIES);
    expect(flows.handled.map((h) => h.text)).toEqual([POLICIES]);
  });

  it('"Làm lại từ đầu" starts the guide over', async () => {
    await finishFounding();
    const [reply] = await send(RESTART);
    expect(reply?.text).toBe('Tên dự kiến của HTX là gì?');
    expect((await stored())?.flow).toMatchObject({ flowId: 'thanh-lap', stepId: 'ten', answers: {} });
  });

  it('other messages after a finished flow are still questions', async () => {
    await finishFounding();
    await send('Tìm chính sách hỗ trợ cho HTX nuôi tôm ở đâu?');
    await send('Từ 5 đến 10');
    expect(answerer.calls.map((c) => c.question)).toEqual(['Tìm chính sách hỗ trợ cho HTX nuôi tôm ở đâu?', 'Từ 5 đến 10']);
    expect(flows.handled).toEqual([]);
    expect((await stored())?.flow?.completed).toBe(true);
  });

  it('a slash command is never a result button', async () => {
    await finishFounding();
    const [reply] = await send('/Tìm chính sách hỗ trợ');
    expect(reply?.text).toContain('chưa biết lệnh');
    expect(flows.handled).toEqual([]);
  });
});
