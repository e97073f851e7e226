import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';

/** A reply that arrived but carries no usable text. */
export class EmptyReplyError extends Error {
  override name = 'EmptyReplyError';
}

/**
 * Asks a chat model and returns the visible text of its reply. Settles by the time `signal`
 * aborts, rejecting with its reason: ChatOpenAI cancels the request on the signal, but
 * BaseChatModel.invoke itself does not race it, so a provider that ignores it could hold the turn.
 */
export async function completeText(model: BaseChatModel, messages: BaseMessage[], signal: AbortSignal): Promise<string> {
  signal.throwIfAborted();
  const invocation = model.invoke(messages, { signal });
  // Once the deadline has won the race, a late rejection must not surface as unhandled.
  invocation.catch(() => undefined);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const reply = await Promise.race([invocation, aborted]);
    const text = withoutThinking(reply.text).trim();
    if (text === '') throw new EmptyReplyError('the model replied with no text');
    return text;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Reasoning models served by Ollama or vLLM may put their thinking in the content; users must not see it. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '');
}
