import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Answer, Answerer, ConversationTurn } from '../../src/answering/types.ts';
import { createConversationService, type ConversationServiceDeps } from '../../src/conversation/conversation-service.ts';
import { openSqliteStateStore } from '../../src/conversation/state/sqlite-state-store.ts';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import type { IncomingMessage, SourceListing } from '../../src/conversation/types.ts';
import type { FlowEngine, FlowOutput, FlowState } from '../../src/flows/types.ts';

/** Answers "Trả lời: <question>" with one citation; records what it was asked, and can be told to fail. */
export class FakeAnswerer implements Answerer {
  calls: { question: string; history: ConversationTurn[] }[] = [];
  failWith?: Error;
  delayMs = 0;
  /** Set to answer with two readings to choose from instead. */
  choices?: string[];
  /** How many questions are being answered right now, and the most ever at once. */
  inFlight = 0;
  maxInFlight = 0;

  async answer(question: string, history: ConversationTurn[] = []): Promise<Answer> {
    this.calls.push({ question, history: [...history] });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.delayMs));
      if (this.failWith) throw this.failWith;
      return {
        query: question,
        answer: `Trả lời: ${question}\n\nNguồn: Điều 30, Luật Hợp tác xã 2023 (17/2023/QH15)`,
        abstained: false,
        mode: 'extractive',
        citations: [
          { docId: 'luat-htx-2023', citation: 'Điều 30, Luật Hợp tác xã 2023 (17/2023/QH15)', status: 'in_force' },
        ],
        passages: [],
        ...(this.choices ? { choices: this.choices } : {}),
      };
    } finally {
      this.inFlight -= 1;
    }
  }
}

/**
 * "thanh-lap" asks a name, then a member count (with buttons), then shows a checklist and completes;
 * "chinh-sach" asks one question and completes. "quay lại" steps back; "thoát" leaves. A message
 * ending in "?" is no answer but a question, as the real engine reads one.
 */
export class FakeFlowEngine implements FlowEngine {
  failWith?: Error;
  delayMs = 0;

  flowIds() {
    return ['thanh-lap', 'chinh-sach'];
  }

  async start(flowId: string): Promise<FlowOutput> {
    await this.pause();
    if (this.failWith) throw this.failWith;
    const stepId = flowId === 'thanh-lap' ? 'ten' : 'nganh';
    return this.ask({ flowId, stepId, answers: {}, history: [] });
  }

  async handle(state: FlowState, text: string): Promise<FlowOutput> {
    await this.pause();
    if (this.failWith) throw this.failWith;
    if (text === 'thoát') return { replies: [{ text: 'Đã thoát.' }] };
    if (text === 'quay lại') {
      const previous = state.history.at(-1);
      if (!previous) return this.ask(state);
      return this.ask({ ...state, stepId: previous, history: state.history.slice(0, -1) });
    }
    if (text.endsWith('?')) {
      const asked = this.ask(state);
      const question = asked.replies[0] ?? { text: '?' };
      return { ...asked, unanswered: { question: true, reask: { ...question, text: `Hỏi tiếp: ${question.text}` } } };
    }
    const answers = { ...state.answers, [state.stepId]: text };
    const history = [...state.history, state.stepId];
    if (state.flowId === 'thanh-lap' && state.stepId === 'ten') {
      return this.ask({ ...state, stepId: 'thanh-vien', answers, history });
    }
    const done: FlowState = { ...state, stepId: 'xong', answers, history, completed: true };
    return { replies: [{ text: `Danh sách giấy tờ cho ${JSON.stringify(answers)}` }], state: done };
  }

  detectIntent(text: string) {
    return /thành lập/i.test(text) ? 'thanh-lap' : undefined;
  }

  takesAfterResult(text: string) {
    return text === 'quay lại';
  }

  private ask(state: FlowState): FlowOutput {
    const questions: Record<string, { text: string; buttons?: string[] }> = {
      ten: { text: 'Tên dự kiến của HTX là gì?' },
      'thanh-vien': { text: 'HTX có bao nhiêu thành viên?', buttons: ['Từ 5 đến 10', 'Trên 10'] },
      nganh: { text: 'HTX hoạt động trong ngành nào?', buttons: ['Nông nghiệp', 'Khác'] },
    };
    return { replies: [questions[state.stepId] ?? { text: '?' }], state };
  }

  private async pause() {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.delayMs));
  }
}

export const sampleSources: SourceListing = {
  documents: [
    {
      title: 'Kế hoạch phát triển kinh tế tập thể năm 2024 của UBND thành phố Quảng Ngãi',
      citeAs: 'Kế hoạch phát triển kinh tế tập thể năm 2024 của UBND thành phố Quảng Ngãi',
      issued: '2024-04',
      status: 'expired',
      statusNote: 'kế hoạch địa phương cho năm 2024 (đã kết thúc)',
      scope: 'thành phố Quảng Ngãi, tỉnh Quảng Ngãi',
    },
  ],
  nationalTextsImported: false,
};

const createdDirs: string[] = [];
// Every test file using these helpers removes its folders when it ends: thousands piled up in /tmp.
afterAll(() => {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'htx-conversation-'));
  createdDirs.push(dir);
  return dir;
}

export function openTempStore(): StateStore {
  return openSqliteStateStore(join(tempDir(), 'state.sqlite'));
}

/** A logger whose JSON lines land in `lines`, so tests can check what is (not) logged. */
export function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

type ServiceOptions = Pick<ConversationServiceDeps, 'store'> &
  Partial<Omit<ConversationServiceDeps, 'store' | 'answerer' | 'flows'>>;

/** The real core over the fake answerer and flows, returned so a test can steer them. */
export function buildService(options: ServiceOptions) {
  const answerer = new FakeAnswerer();
  const flows = new FakeFlowEngine();
  const { logger, lines } = capturingLogger();
  const service = createConversationService({
    answerer,
    flows,
    sources: () => sampleSources,
    logger,
    adminIds: ['admin-1'],
    rateLimitPerMinute: 1_000,
    ...options,
  });
  return { service, answerer, flows, logs: lines };
}

export function message(text: string | undefined, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { channel: 'telegram', userId: 'u1', chatId: 'u1', isGroup: false, addressed: true, text, ...extra };
}
