import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { createOpenAICompatibleChatModel } from './openai-compatible.ts';

/**
 * The configured chat model, or undefined when none is configured (the bot then answers
 * extractively). Another provider is one more file and one more branch here.
 */
export function createChatModel(config: Config['llm'], logger: Logger): BaseChatModel | undefined {
  if (!config) {
    logger.info('no language model configured: answers are extractive (offline)');
    return undefined;
  }
  logger.info({ provider: 'openai-compatible', baseUrl: config.baseUrl, model: config.model }, 'language model configured');
  return createOpenAICompatibleChatModel(config);
}
