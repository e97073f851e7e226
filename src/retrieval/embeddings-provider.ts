import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { HuggingFaceTransformersEmbeddings } from '@langchain/community/embeddings/huggingface_transformers';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { DataType, PretrainedModelOptions } from '@huggingface/transformers';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

type EmbeddingsConfig = NonNullable<Config['embeddings']>;

/** Texts per request: amortises the round trip, yet a CPU-bound Ollama still answers one batch within the timeout. */
const BATCH_SIZE = 32;
const REQUEST_TIMEOUT_MS = 30_000;
/** One retry rides out a blip; LangChain's default of six with backoff would hold a dead endpoint for a minute. */
const MAX_RETRIES = 1;
/**
 * Ollama and vLLM accept any key. An explicit placeholder also stops the client from falling back to
 * OPENAI_API_KEY from the environment and sending it to whatever host EMBEDDINGS_BASE_URL names.
 */
const PLACEHOLDER_API_KEY = 'no-key';

/**
 * Weight files transformers.js can load, in order of preference: full precision is the reference,
 * the quantised variants are what slimmed model folders often ship instead.
 */
const ONNX_WEIGHTS: ReadonlyArray<{ file: string; dtype: DataType }> = [
  { file: 'model.onnx', dtype: 'fp32' },
  { file: 'model_quantized.onnx', dtype: 'q8' },
  { file: 'model_int8.onnx', dtype: 'int8' },
  { file: 'model_uint8.onnx', dtype: 'uint8' },
  { file: 'model_fp16.onnx', dtype: 'fp16' },
  { file: 'model_q4.onnx', dtype: 'q4' },
];

/** The embeddings the configuration asks for, or undefined when there are none: the bot then stays lexical. */
export function createEmbeddings(config: Config['embeddings'], logger: Logger): Embeddings | undefined {
  if (config === undefined) return undefined;
  return config.kind === 'openai' ? createOpenAiCompatible(config, logger) : createLocal(config, logger);
}

function createOpenAiCompatible(config: Extract<EmbeddingsConfig, { kind: 'openai' }>, logger: Logger): Embeddings {
  logger.info({ baseUrl: config.baseUrl, model: config.model }, 'embeddings: OpenAI-compatible endpoint');
  return new OpenAIEmbeddings({
    model: config.model,
    apiKey: config.apiKey ?? PLACEHOLDER_API_KEY,
    configuration: { baseURL: config.baseUrl },
    batchSize: BATCH_SIZE,
    timeout: REQUEST_TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    // The OpenAI SDK otherwise asks for base64 and decodes whatever comes back as base64: a server that
    // ignores the parameter and answers with plain floats would yield garbage vectors without an error.
    encodingFormat: 'float',
  });
}

function createLocal(config: Extract<EmbeddingsConfig, { kind: 'local' }>, logger: Logger): Embeddings | undefined {
  // An absolute path is never taken for a hub model id, so transformers.js reads straight from the folder.
  const modelPath = resolve(config.modelPath);
  const weights = ONNX_WEIGHTS.find(({ file }) => existsSync(join(modelPath, 'onnx', file)));
  const missing = [
    ...['config.json', 'tokenizer.json'].filter((file) => !existsSync(join(modelPath, file))),
    ...(weights === undefined ? ['onnx/model.onnx (or a quantised variant)'] : []),
  ];
  if (weights === undefined || missing.length > 0) {
    const problem = existsSync(modelPath) ? 'lacks model files' : 'does not exist';
    logger.warn({ modelPath, missing }, `embeddings: local model folder ${problem}; vector search is off`);
    return undefined;
  }
  logger.info({ modelPath, dtype: weights.dtype }, 'embeddings: local transformers.js model');
  // local_files_only turns a missing file into an error instead of a download from the hub.
  const pretrainedOptions: PretrainedModelOptions = { local_files_only: true, dtype: weights.dtype };
  const embeddings = new HuggingFaceTransformersEmbeddings({ model: modelPath, pretrainedOptions, maxRetries: MAX_RETRIES });
  // The constructor ignores a batchSize field and keeps 512, which for long passages means gigabytes of activations.
  embeddings.batchSize = BATCH_SIZE;
  return embeddings;
}
