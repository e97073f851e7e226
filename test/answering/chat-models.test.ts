import { HumanMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel } from '../../src/answering/chat-models/index.ts';
import { completeText } from '../../src/answering/chat-models/complete-text.ts';
import { describeModelFailure } from '../../src/answering/chat-models/failure.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { apiError, chatCompletion, startOpenAIStandIn, type OpenAIStandIn, type StandInBehaviour } from '../fixtures/answering/openai-stand-in.ts';

const question = [new HumanMessage('Hợp tác xã cần ít nhất bao nhiêu thành viên?')];
let standIn: OpenAIStandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function modelBehaving(behave: (n: number) => StandInBehaviour, options: { apiKey?: string; timeoutMs?: number } = {}) {
  standIn = await startOpenAIStandIn(() => behave(standIn?.requests.length ?? 0));
  const config = { baseUrl: standIn.baseUrl, model: 'qwen2.5:7b', apiKey: options.apiKey, timeoutMs: options.timeoutMs ?? 5_000 };
  const model = createChatModel(config, captureLogger().logger);
  if (!model) throw new Error('a configured model is expected');
  return { model, standIn };
}

async function failureOf(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return describeModelFailure(error);
}

describe('createChatModel', () => {
  it('returns no model when none is configured, so the bot answers extractively', () => {
    expect(createChatModel(undefined, captureLogger().logger)).toBeUndefined();
  });

  it('speaks the chat completions API of the configured server, model and key, at temperature 0', async () => {
    const { model, standIn } = await modelBehaving(() => ({ status: 200, body: chatCompletion('Ít nhất 05 thành viên [1].') }), {
      apiKey: 'sk-test-abcdef123456',
    });
    await expect(completeText(model, question, AbortSignal.timeout(5_000))).resolves.toBe('Ít nhất 05 thành viên [1].');
    const [request] = standIn.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-abcdef123456');
    expect(request?.body.model).toBe('qwen2.5:7b');
    expect(request?.body.temperature).toBe(0);
    expect(request?.body.messages).toEqual([{ role: 'user', content: 'Hợp tác xã cần ít nhất bao nhiêu thành viên?' }]);
  });

  it('sends a placeholder key to keyless local servers such as Ollama', async () => {
    const { model, standIn } = await modelBehaving(() => ({ status: 200, body: chatCompletion('Được [1].') }));
    await completeText(model, question, AbortSignal.timeout(5_000));
    expect(standIn.requests[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
  });
});

describe('completeText and describeModelFailure', () => {
  it('hides the thinking of reasoning models', async () => {
    const model = new FakeListChatModel({ responses: ['<think>Người hỏi muốn biết…</think>\nÍt nhất 05 thành viên [1].'] });
    await expect(completeText(model, question, AbortSignal.timeout(1_000))).resolves.toBe('Ít nhất 05 thành viên [1].');
  });

  it('rejects an empty reply', async () => {
    const model = new FakeListChatModel({ responses: ['  '] });
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(1_000)))).reason).toBe('empty_reply');
  });

  it('gives up at the deadline even when the model ignores the abort signal', async () => {
    const model = new FakeListChatModel({ responses: ['trễ'], sleep: 2_000 });
    const started = Date.now();
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(100))))).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('classifies a refused key without keeping the message that echoes it', async () => {
    const key = 'sk-test-refused-987654';
    const { model } = await modelBehaving(() => ({ status: 401, body: apiError(`Incorrect API key provided: ${key}`, 'invalid_request_error', 'invalid_api_key') }), {
      apiKey: key,
    });
    const failure = await failureOf(completeText(model, question, AbortSignal.timeout(5_000)));
    expect(failure).toMatchObject({ reason: 'auth_refused', status: 401 });
    expect(JSON.stringify(failure)).not.toContain(key);
  });

  it('classifies a rate limit', async () => {
    const { model } = await modelBehaving(() => ({ status: 429, body: apiError('Rate limit reached', 'requests', 'rate_limit_exceeded') }));
    expect(await failureOf(completeText(model, question, AbortSignal.timeout(5_000)))).toMatchObject({ reason: 'rate_limited', status: 429 });
  });

  it('classifies a server error, after one retry', async () => {
    const { model, standIn } = await modelBehaving(() => ({ status: 500, body: apiError('internal error', 'server_error') }));
    expect(await failureOf(completeText(model, question, AbortSignal.timeout(10_000)))).toMatchObject({ reason: 'server_error', status: 500 });
    expect(standIn.requests).toHaveLength(2);
  });

  it('classifies a body that is not JSON', async () => {
    const { model } = await modelBehaving(() => ({ status: 200, body: '{"id": "chatcmpl-1", "choices": [' }));
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(10_000)))).reason).toBe('malformed_reply');
  });

  it('classifies a reply without choices', async () => {
    const { model } = await modelBehaving(() => ({ status: 200, body: { id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'm', choices: [] } }));
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(10_000)))).reason).toBe('malformed_reply');
  });

  it('classifies a server that never answers as a timeout, at the deadline', async () => {
    const { model } = await modelBehaving(() => 'hang', { timeoutMs: 10_000 });
    const started = Date.now();
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(300)))).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('classifies a refused connection', async () => {
    const { model, standIn: closed } = await modelBehaving(() => ({ status: 200, body: chatCompletion('x') }));
    await closed.close();
    standIn = undefined;
    expect((await failureOf(completeText(model, question, AbortSignal.timeout(10_000)))).reason).toBe('connection_failed');
  });
});
