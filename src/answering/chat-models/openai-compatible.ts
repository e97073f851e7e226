import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAICompletions } from '@langchain/openai';
import type { Config } from '../../config.ts';

/**
 * The OpenAI SDK refuses to build a client without a key, but keyless local servers (Ollama,
 * vLLM started without --api-key) accept any value.
 */
const KEYLESS_PLACEHOLDER = 'no-key';

/**
 * A chat model on any server speaking the OpenAI chat completions API: OpenAI, Ollama, vLLM.
 * `baseUrl` includes the version path, e.g. "http://localhost:11434/v1".
 *
 * ChatOpenAICompletions rather than ChatOpenAI: ChatOpenAI switches to the Responses API for
 * some model names (codex, *-pro), which compatible servers do not speak.
 */
export function createOpenAICompatibleChatModel(config: NonNullable<Config['llm']>): BaseChatModel {
  return new ChatOpenAICompletions({
    model: config.model,
    apiKey: config.apiKey ?? KEYLESS_PLACEHOLDER,
    configuration: { baseURL: config.baseUrl },
    temperature: 0,
    // The user is waiting in the same turn and the extractive answer is always there: one retry
    // for a transient 5xx or dropped connection, no more. The caller's deadline bounds it anyway.
    maxRetries: 1,
    // Per attempt, enforced by the OpenAI SDK; the answerer's AbortSignal bounds the whole call.
    timeout: config.timeoutMs,
  });
}
